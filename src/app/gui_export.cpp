#include "app/gui_export.h"

#include <chrono>
#include <filesystem>
#include <system_error>
#include <utility>

#include "io/file.h"
#include "io/zip.h"

namespace tconv::app {

namespace {

constexpr uint64_t kMaxFrameBytes = uint64_t(1) << 30;  // one PNG frame read back for the .zip

// The PNG frames as one stored .zip next to the GIF, each under <stem>_frames/ as the desktop
// writes them; the frames themselves are removed (they were only the page's copies).
Result<std::string> zip_frames(const std::string& gif, const std::string& frames_dir,
                               const std::vector<std::string>& pngs) {
  namespace fs = std::filesystem;
  const std::string folder = fs::path(frames_dir).filename().string();
  std::vector<io::ZipEntry> entries;
  Status st = Ok();
  std::error_code ec;
  for (const std::string& p : pngs) {
    // The page's file system has no user to own the frames: write_file_atomic's private
    // temporary (mode 0600) leaves them unreadable there until they are made readable.
    fs::permissions(p, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read, fs::perm_options::add, ec);
    Result<std::vector<uint8_t>> bytes = io::read_file(p, kMaxFrameBytes);
    if (!bytes) {
      st = bytes.error();
      break;
    }
    entries.push_back({folder + "/" + fs::path(p).filename().string(), std::move(bytes).value()});
  }
  for (const std::string& p : pngs) fs::remove(p, ec);
  fs::remove(frames_dir, ec);  // only when empty: nothing of anyone else's goes
  if (!st) return st.error();
  const std::string zip = (fs::path(gif).parent_path() / (folder + ".zip")).string();
  if (Status w = io::write_zip(zip, entries); !w) return w.error();
  return zip;
}

}  // namespace

std::vector<std::string> GuiExport::pump(ui::AppState& s, double budget_s) {
  ui::ExportUi& e = s.export_ui;
  if (e.download_frames_requested) {
    e.download_frames_requested = false;
    e.frames_zip.clear();
    if (!frames_zip_.empty()) return {std::exchange(frames_zip_, std::string())};
  }
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
    if (!frames_zip_.empty()) {  // the last export's frames were not downloaded: replaced now
      std::error_code ec;
      fs::remove(std::exchange(frames_zip_, std::string()), ec);
      e.frames_zip.clear();
    }
    AnimationRequest r;
    std::error_code ec;
    downloads_ = e.downloads;
    // A browser's page keeps the files in memory until they are downloaded: only the name counts,
    // and what an earlier, failed export left there is replaced.
    const fs::path gif = fs::absolute(downloads_ ? fs::path(e.path.data()).filename() : fs::path(e.path.data()), ec);
    r.gif_path = gif.string();
    if (e.png_frames) r.frames_dir = (gif.parent_path() / (gif.stem().string() + "_frames")).string();
    r.overwrite = e.overwrite || downloads_;
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
      return {};
    }
    job_ = std::move(job).value();
    gif_ = r.gif_path;
    frames_dir_ = r.frames_dir;
    e.running = true;
    e.done = 0;
    e.total = job_->total();
  }
  if (!job_) return {};
  const auto t0 = std::chrono::steady_clock::now();
  while (job_->done() < job_->total()) {
    if (Status st = job_->render_next(); !st) {
      job_.reset();
      e.running = false;
      e.result = "error: " + st.error().message;
      e.result_is_error = true;
      return {};
    }
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() > budget_s) break;
  }
  e.done = job_->done();
  if (job_->done() < job_->total()) return {};
  Status st = job_->finish();
  e.running = false;
  std::vector<std::string> offer;
  if (!st) {
    e.result = "error: " + st.error().message;
    e.result_is_error = true;
  } else if (downloads_) {
    namespace fs = std::filesystem;
    const size_t frames = job_->png_paths().size();
    e.result = "Downloaded " + fs::path(gif_).filename().string() + " (" + std::to_string(job_->total()) +
               " frames, " + std::to_string((job_->gif_bytes() + 512) / 1024) + " KiB)";
    e.result_is_error = false;
    offer.push_back(gif_);
    if (!frames_dir_.empty()) {
      Result<std::string> zip = zip_frames(gif_, frames_dir_, job_->png_paths());
      if (zip) {
        e.result += ". The " + std::to_string(frames) + " PNG frames are ready as one .zip:";
        frames_zip_ = zip.value();
        e.frames_zip = fs::path(frames_zip_).filename().string();
      } else {
        e.result += ", but not the PNG frames: " + zip.error().message;
        e.result_is_error = true;
      }
    } else {
      e.result += ".";
    }
    s.status = "Animation exported.";
    s.status_age = 0;
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
  return offer;
}

}  // namespace tconv::app
