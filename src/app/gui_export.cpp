#include "app/gui_export.h"

#include <chrono>
#include <filesystem>
#include <system_error>

namespace tconv::app {

void GuiExport::pump(ui::AppState& s, double budget_s) {
  ui::ExportUi& e = s.export_ui;
  if (e.cancel_requested) {
    e.cancel_requested = false;
    if (job_) {
      job_.reset();
      e.running = false;
      e.result = "Cancelled: nothing was written.";
      e.result_is_error = false;
    }
  }
  if (e.start_requested && !job_) {
    e.start_requested = false;
    namespace fs = std::filesystem;
    AnimationRequest r;
    std::error_code ec;
    const fs::path gif = fs::absolute(fs::path(e.path.data()), ec);
    r.gif_path = gif.string();
    if (e.png_frames) r.frames_dir = (gif.parent_path() / (gif.stem().string() + "_frames")).string();
    r.overwrite = e.overwrite;
    e.overwrite = false;  // asked again next time
    r.view = s.prefs.view;
    r.slide.width = e.width;
    r.slide.height = e.height;
    r.slide.light = s.prefs.light_theme;
    r.plan.fps = e.fps;
    r.plan.steps_per_second = s.prefs.speed;
    r.plan.hold_share = ui::Playback::kHoldShare;
    Result<std::unique_ptr<AnimationExport>> job = AnimationExport::start(s, r);
    if (!job) {
      e.result = "error: " + job.error().message;
      e.result_is_error = true;
      return;
    }
    job_ = std::move(job).value();
    gif_ = r.gif_path;
    frames_dir_ = r.frames_dir;
    e.running = true;
    e.done = 0;
    e.total = job_->total();
  }
  if (!job_) return;
  const auto t0 = std::chrono::steady_clock::now();
  while (job_->done() < job_->total()) {
    if (Status st = job_->render_next(); !st) {
      job_.reset();
      e.running = false;
      e.result = "error: " + st.error().message;
      e.result_is_error = true;
      return;
    }
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() > budget_s) break;
  }
  e.done = job_->done();
  if (job_->done() < job_->total()) return;
  Status st = job_->finish();
  e.running = false;
  if (!st) {
    e.result = "error: " + st.error().message;
    e.result_is_error = true;
  } else {
    e.result = "Wrote " + gif_ + " (" + std::to_string(job_->total()) + " frames, " +
               std::to_string((job_->gif_bytes() + 512) / 1024) + " KiB)";
    if (!frames_dir_.empty()) e.result += " and " + std::to_string(job_->png_paths().size()) + " PNG frames in " + frames_dir_;
    e.result += ".";
    e.result_is_error = false;
    s.status = "Animation exported.";
    s.status_age = 0;
  }
  job_.reset();
}

}  // namespace tconv::app
