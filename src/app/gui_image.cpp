// Image mode's app side (see gui_image.h). Sections: options | samples | ImageMode | textures |
// frame.
#include "app/gui_image.h"

#include <epoxy/gl.h>
#include <imgui.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <optional>
#include <utility>
#include <vector>

#include "app/cli.h"
#include "app/platform/files.h"
#include "app/platform/platform.h"
#include "core/kernels.h"
#include "io/file.h"
#include "io/image.h"
#include "io/npy.h"
#include "ui/image/image_state.h"
#ifdef TCONV_IMAGE_GPU
#include "gpu/gpu.h"
#endif

namespace fs = std::filesystem;

namespace tconv::app {

// ---------------------------------------------------------------- options
Status check_image_options(const ImageModeOptions& o) {
  if (!o.image.empty()) {
    std::error_code ec;
    if (!fs::exists(o.image, ec))
      return Error{"--image " + o.image + ": no such file. Check the path (relative paths start from the current "
                   "directory), or try --image assets/scene_small.png."};
    if (fs::is_directory(o.image, ec))
      return Error{"--image " + o.image + " is a directory: give a picture file (png, jpg, bmp, tga, gif)."};
  }
  if (!o.kernel.empty() && io::lower_extension(o.kernel) != ".npy") {
    Result<KernelPreset> p = kernel_preset(o.kernel, Pair{2, 2});
    if (!p) return Error{"--image-kernel: " + p.error().message + " Or give a .npy file of weights."};
  } else if (!o.kernel.empty()) {
    std::error_code ec;
    if (!fs::exists(o.kernel, ec)) return Error{"--image-kernel " + o.kernel + ": no such file."};
  }
  if (!o.explorer.empty()) {
    Result<ui::ExplorerChoice> e = ui::parse_explorer(o.explorer);
    if (!e) return Error{"--explorer: " + e.error().message};
  }
  if (!o.magnify.empty()) {
    if (const Result<ui::Cell> c = ui::parse_cell(o.magnify, "--image-magnify"); !c) return c.error();
    if (!o.explorer.empty() && ui::parse_explorer(o.explorer).value().panel != ui::ExplorerPanel::Pattern)
      return Error{"--image-magnify shows the overlap pattern's magnifier: use it with --explorer pattern (or "
                   "without --explorer)."};
  }
  return Ok{};
}

namespace {

// ---------------------------------------------------------------- samples
constexpr const char* kRecentFile = "recent_images.txt";  // in the platform's settings folder

// The pictures in the data folder's assets/, sorted; none when there is no data folder.
std::vector<std::string> find_samples() {
  const Result<platform::DataFolders> data = platform::find_data_folders();
  if (!data) return {};
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(data.value().assets, ec))
    if (e.is_regular_file(ec) && io::is_image_input_path(e.path().string())) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

struct Loaded {
  std::string path;
  std::shared_ptr<const Tensor4> image;
  ui::DisplayImage display;  // the picture as it is shown, so it appears before the output is ready
  std::string error;
};

// Rows of a picture that hold about a million values: the unit of work of a step below.
int64_t band_rows(const Shape4& s) { return std::max<int64_t>(1, (int64_t(1) << 20) / std::max<int64_t>(1, s.w * s.c)); }

// Opening a picture in steps, for a page without threads: the platform decodes it in the
// background where it can (the browser's codec worker) while frames go on, and the picture is
// then coloured for display a band of rows per step. With threads (an infinite budget) the
// loader thread does it all in one call, as io::load_image.
class LoadSteps {
 public:
  LoadSteps(std::string path, const io::ImageLimits& limits) : path_(std::move(path)), limits_(limits) {}
  ~LoadSteps() {
    if (ticket_) platform::cancel_background_job(ticket_);  // superseded by a newer picture
  }
  LoadSteps(const LoadSteps&) = delete;
  LoadSteps& operator=(const LoadSteps&) = delete;

  std::optional<Loaded> step(const ui::JobControl& ctl, double budget_ms) {
    const analysis::StepBudget budget(budget_ms);
    const bool at_once = budget.unlimited();
    if (!image_) {
      std::optional<Result<Tensor4>> t;
      if (!at_once && !started_) {
        started_ = true;
        ticket_ = platform::start_background_decode(path_, limits_);
        if (ticket_) return std::nullopt;  // frames go on while it decodes
      }
      if (ticket_) {
        if (at_once) platform::cancel_background_job(ticket_);  // needed now: decoded below
        else if (platform::take_background_decode(ticket_, t) == platform::BackgroundJob::Running) return std::nullopt;
        ticket_ = 0;
      }
      if (!t) t = io::load_image(path_, limits_);  // no worker, it failed (RunHere), or needed now
      if (!*t) {
        Loaded l;
        l.path = path_;
        l.error = t->error().message;
        return l;
      }
      image_ = std::make_shared<Tensor4>(std::move(*t).value());
    }
    // For display: bands of about a million values, until the step's time is up.
    const int64_t h = image_->shape.h;
    const int64_t band = band_rows(image_->shape);
    while (row_ < h) {
      const int64_t end = std::min(h, row_ + band);
      ui::to_display_rows(*image_, display_, row_, end);
      row_ = end;
      ctl.set_progress(float(row_) / float(h));
      if (budget.spent()) break;
    }
    if (row_ < h) return std::nullopt;
    Loaded l;
    l.path = path_;
    l.image = image_;
    l.display = std::move(display_);
    return l;
  }

 private:
  std::string path_;
  io::ImageLimits limits_;
  bool started_ = false;
  uint64_t ticket_ = 0;  // the platform's background decode, while it runs
  std::shared_ptr<Tensor4> image_;
  ui::DisplayImage display_;
  int64_t row_ = 0;  // rows coloured for display so far
};

// Image mode's Save in steps, for a page without threads: the output becomes 8-bit pixels a band
// of rows per step, handed to the platform's background encoder where it has one (the browser's
// codec worker), which encodes them while frames go on; the file is then written. The same bytes
// and messages as io::save_image. With threads (an infinite budget) the saver thread does it all
// in one call.
struct Saved {
  std::string path;
  std::string error;  // empty: written
};
class SaveSteps {
 public:
  SaveSteps(std::string path, std::shared_ptr<const Tensor4> output) : path_(std::move(path)), out_(std::move(output)) {}
  ~SaveSteps() {
    if (ticket_) platform::cancel_background_job(ticket_);
  }
  SaveSteps(const SaveSteps&) = delete;
  SaveSteps& operator=(const SaveSteps&) = delete;

  std::optional<Saved> step(const ui::JobControl& ctl, double budget_ms) {
    const analysis::StepBudget budget(budget_ms);
    const bool at_once = budget.unlimited();
    const Shape4& s = out_->shape;
    if (!format_) {
      const Result<io::ImageFormat> f = io::check_image_save(path_, s);
      if (!f) return done(f.error().message);
      format_ = f.value();
      if (!at_once) ticket_ = platform::start_background_encode(int(s.w), int(s.h), int(s.c), *format_);
      // Without the encoder, the whole picture's pixels here; with it, one band at a time.
      px_.resize(size_t((ticket_ ? std::min(band_rows(s), s.h) : s.h) * s.w * s.c));
    }
    while (row_ < s.h) {
      const int64_t end = std::min(s.h, row_ + band_rows(s));
      if (ticket_) {  // the band into px_, then handed over
        io::interleave_rows(*out_, row_, end, px_.data());
        platform::add_background_encode_rows(ticket_, px_.data(), size_t((end - row_) * s.w * s.c));
      } else {
        io::interleave_rows(*out_, row_, end, px_.data() + row_ * s.w * s.c);
      }
      row_ = end;
      ctl.set_progress(0.5f * float(row_) / float(s.h));  // converting: the first half; encoding: 0.5
      if (row_ == s.h && ticket_) platform::finish_background_encode(ticket_);
      if (budget.spent()) return std::nullopt;
    }
    std::optional<Result<std::vector<uint8_t>>> bytes;
    if (ticket_) {
      if (at_once) platform::cancel_background_job(ticket_);  // needed now: encoded below
      else if (platform::take_background_encode(ticket_, bytes) == platform::BackgroundJob::Running) return std::nullopt;
      ticket_ = 0;
      if (!bytes) {  // encoded here after all: the worker had the pixels, so convert them again
        px_.resize(size_t(s.h * s.w * s.c));
        io::interleave_rows(*out_, 0, s.h, px_.data());
      }
    }
    if (!bytes) bytes = io::encode_image_u8(int(s.w), int(s.h), int(s.c), px_.data(), *format_);
    if (!*bytes) return done("cannot write '" + path_ + "': " + bytes->error().message);
    ctl.set_progress(1.0f);
    const Status written = io::write_file_atomic(path_, bytes->value().data(), bytes->value().size());
    return done(written ? std::string() : written.error().message);
  }

 private:
  Saved done(std::string error) const { return Saved{path_, std::move(error)}; }
  std::string path_;
  std::shared_ptr<const Tensor4> out_;
  std::optional<io::ImageFormat> format_;
  std::vector<uint8_t> px_;  // 8-bit pixels, interleaved: one band (background encode) or all
  int64_t row_ = 0;          // rows converted so far
  uint64_t ticket_ = 0;      // the platform's background encode, while it runs
};

}  // namespace

// ---------------------------------------------------------------- ImageMode
class ImageMode {
 public:
  ui::ImageState state;
  ui::LatestJob<Loaded> loader;
  ui::LatestJob<ui::ImageResult> job;
  ui::LatestJob<Saved> saver;
#ifdef TCONV_IMAGE_GPU
  std::unique_ptr<gpu::ComputeContext> gpu;
#endif
  // Each slot's textures: what is drawn, and new pixels on their way up (upload()).
  struct GlBand {
    GLuint tex = 0;
    int64_t y0 = 0, y1 = 0;  // the picture's rows it holds
  };
  struct SlotTextures {
    std::vector<GlBand> bands;
    int64_t w = 0, h = 0;
  };
  struct Upload {
    SlotTextures next;     // bands uploaded so far
    int64_t row = 0;       // the next row to upload
    uint64_t version = 0;  // of the slot's pixels being uploaded
  };
  std::array<SlotTextures, ui::kSlotCount> shown{};
  std::array<Upload, ui::kSlotCount> uploading{};
  std::array<uint64_t, ui::kSlotCount> uploaded{};  // the version `shown` holds
  uint64_t versions = 0;
  bool screenshot = false;
  bool loading = false, computing = false, showing = false;  // showing: uploads not finished
  bool saving = false;
};

namespace {

void save_recent(ImageMode& m) {
  if (m.screenshot) return;
  (void)platform::write_config_text(kRecentFile, ui::recent_serialize(m.state.recent));  // a convenience only
}

void route_path(ImageMode& m, const std::string& p) {
  if (io::lower_extension(p) == ".npy") {
    m.state.weights_request = p;
  } else {
    m.state.open_request = p;
    m.state.path_box = p;
  }
}

// ---------------------------------------------------------------- textures
void delete_bands(ImageMode::SlotTextures& t) {
  for (ImageMode::GlBand& b : t.bands) glDeleteTextures(1, &b.tex);
  t = ImageMode::SlotTextures{};
}

void* texture_id(GLuint t) { return reinterpret_cast<void*>(static_cast<intptr_t>(t)); }

// A slot's new pixels go to the GPU as textures of about 2 MB each (a band of rows), some per
// frame: at most kUploadBytesPerFrame and kStepBudgetMs of work over all slots. The pane draws the
// old picture meanwhile when the size is unchanged, with the new bands over it as they arrive. One
// texture of a 4097 x 4097 output (64 MB) would hold up a frame: in Chromium's SwiftShader its
// upload takes 0.2-0.5 s and its first draw 0.2 s more; a 4 MB band's take 13-40 ms together.
// (Chromium's uploads return before they are done, so the bytes, not the time, bound its frames.)
// Returns true while some upload is unfinished.
constexpr int64_t kBandPixels = int64_t(1) << 19;
constexpr int64_t kUploadBytesPerFrame = int64_t(2) << 20;

bool upload(ImageMode& m) {
  const analysis::StepBudget budget(analysis::kStepBudgetMs);
  int64_t bytes = 0;  // uploaded this frame
  bool unfinished = false;
  for (size_t i = 0; i < size_t(ui::kSlotCount); ++i) {
    ui::DisplayImage& d = m.state.slots[i];
    ImageMode::Upload& u = m.uploading[i];
    if (d.version == m.uploaded[i] || d.rgba.empty() || d.w <= 0 || d.h <= 0) continue;
    if (u.version != d.version) {  // newer pixels: start again
      delete_bands(u.next);
      u.next.w = d.w;
      u.next.h = d.h;
      u.row = 0;
      u.version = d.version;
    }
    const int64_t rows_per_band = std::clamp<int64_t>(kBandPixels / std::max<int64_t>(1, d.w), 1, d.h);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    while (u.row < d.h && bytes < kUploadBytesPerFrame && !budget.spent()) {
      ImageMode::GlBand b;
      b.y0 = u.row;
      b.y1 = std::min(d.h, u.row + rows_per_band);
      glGenTextures(1, &b.tex);
      glBindTexture(GL_TEXTURE_2D, b.tex);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);  // pixels stay square when zoomed
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, GLsizei(d.w), GLsizei(b.y1 - b.y0), 0, GL_RGBA, GL_UNSIGNED_BYTE,
                   d.rgba.data() + size_t(b.y0 * d.w) * 4);
      glBindTexture(GL_TEXTURE_2D, 0);
      // Drawn in this frame (one pixel, behind every window) even where no pane shows it: a
      // driver that finishes a texture when it is first drawn (ANGLE) does so now, not all the
      // bands in the frame that swaps them in.
      ImGui::GetBackgroundDrawList()->AddImage(texture_id(b.tex), ImVec2(0, 0), ImVec2(1, 1), ImVec2(0, 0),
                                               ImVec2(0, 0), IM_COL32(0, 0, 0, 1));
      bytes += (b.y1 - b.y0) * d.w * 4;
      u.row = b.y1;
      u.next.bands.push_back(b);
    }
    const bool done = u.row >= d.h;
    if (done) {
      delete_bands(m.shown[i]);
      m.shown[i] = std::exchange(u.next, ImageMode::SlotTextures{});
      u = ImageMode::Upload{};
      m.uploaded[i] = d.version;
      d.rgba.clear();  // the textures hold the pixels now
      d.rgba.shrink_to_fit();
    } else {
      unfinished = true;
    }
    // What the pane draws: the old bands while the size is unchanged, the new ones over them.
    d.bands.clear();
    const auto add = [&d](const ImageMode::SlotTextures& t) {
      for (const ImageMode::GlBand& b : t.bands) d.bands.push_back(ui::TextureBand{texture_id(b.tex), b.y0, b.y1});
    };
    if (done || (m.shown[i].w == d.w && m.shown[i].h == d.h)) add(m.shown[i]);
    if (!done) add(u.next);
  }
  return unfinished;
}

void apply_pair(const std::string& text, const char* name, Pair& out, std::string& err) {
  if (text.empty()) return;
  Result<Pair> v = parse_pair(text, name);
  if (!v) err = v.error().message;
  else out = v.value();
}

void submit(ImageMode& m) {
  ui::ImageState& st = m.state;
  st.dirty = false;
  if (!st.image) return;
  ui::ImageRequest r;
  r.image = st.image;
  r.settings = st.settings;
  r.backend = "CPU fast path";
#ifdef TCONV_IMAGE_GPU
  // Large pictures on the GPU, here on the main thread (GL calls only on the context's thread).
  if (m.gpu && st.settings.prefer_gpu) {
    Result<ui::WeightPlan> plan = ui::settings_weights(st.settings, st.image->shape.c);
    if (plan) {
      Result<Shape4> os = conv_transpose_output_shape(st.image->shape, plan.value().weight.shape, -1, plan.value().params);
      if (os && os.value().h * os.value().w >= (int64_t(1) << 20) && os.value().h <= ui::kMaxImageModeSide &&
          os.value().w <= ui::kMaxImageModeSide) {
        Result<Tensor4> y = m.gpu->conv_transpose2d(*st.image, plan.value().weight, {}, plan.value().params);
        if (y) {
          r.precomputed = std::make_shared<Tensor4>(std::move(y).value());
          r.backend = "GPU";
        } else {
          st.notice = "The GPU failed (" + y.error().message + "); computing on the CPU instead.";
        }
      }
    }
  }
#endif
  // In steps: a page without threads runs one per frame (the worker thread runs them all at once).
  auto steps = std::make_shared<ui::ImageJobSteps>(r);
  m.job.submit_steps([steps](const ui::JobControl& ctl, double budget_ms) { return steps->step(ctl, budget_ms); });
  m.computing = true;
  st.busy_seconds = 0;
}

}  // namespace

ImageModePtr create_image_mode(ui::AppState& s, const ImageModeOptions& o) {
  ImageModePtr m(new ImageMode());
  ui::ImageState& st = m->state;
  m->screenshot = o.screenshot;
  st.samples = find_samples();
  if (!o.screenshot) {
    if (const std::optional<std::string> text = platform::read_config_text(kRecentFile))
      st.recent = ui::recent_parse(*text);
  }
#ifdef TCONV_IMAGE_GPU
  Result<std::unique_ptr<gpu::ComputeContext>> g = gpu::borrow_current_context();
  if (g) {
    m->gpu = std::move(g).value();
    st.gpu_available = true;
    const gpu::DeviceInfo& info = m->gpu->info();
    st.settings.prefer_gpu = !info.software || o.force_gpu;
    st.notice = info.software ? "GPU: " + info.renderer +
                                    " is a software rasteriser, slower than the fast CPU path, so pictures are "
                                    "computed on the CPU (tick the box to use it anyway)."
                              : "GPU: " + info.renderer + " computes large pictures.";
  } else {
    st.settings.prefer_gpu = false;
    st.notice = "No GPU compute (" + g.error().message + "). Pictures are computed on the CPU (fast path).";
  }
#else
  st.settings.prefer_gpu = false;  // the (greyed) box shows what happens: no GPU
  st.notice = "Built without the GPU backend: pictures are computed on the CPU (fast path).";
#endif
  // Options.
  std::string err;
  apply_pair(o.stride, "--stride", st.settings.params.stride, err);
  if (!o.kernel.empty()) {
    if (io::lower_extension(o.kernel) == ".npy") {
      st.weights_request = o.kernel;
    } else {
      st.settings.source = ui::KernelSource::Preset;
      st.settings.preset = o.kernel;
      Result<KernelPreset> p = kernel_preset(o.kernel, st.settings.params.stride);
      if (p) st.settings.params.padding = p.value().default_padding;
    }
  }
  apply_pair(o.padding, "--padding", st.settings.params.padding, err);
  apply_pair(o.output_padding, "--output-padding", st.settings.params.output_padding, err);
  apply_pair(o.dilation, "--dilation", st.settings.params.dilation, err);
  if (!err.empty()) st.error = err;
  if (!o.explorer.empty()) {
    Result<ui::ExplorerChoice> e = ui::parse_explorer(o.explorer);
    if (e) {
      st.settings.tab = ui::ImageTab::Explorer;
      st.settings.panel = e.value().panel;
      if (e.value().method && *e.value().method != analysis::UpsampleMethod::transposed)
        st.settings.method = *e.value().method;
    }
  }
  if (const Result<ui::Cell> c = ui::parse_cell(o.magnify, "--image-magnify"); !o.magnify.empty() && c) {
    st.settings.tab = ui::ImageTab::Explorer;  // the magnifier is the overlap pattern's
    st.settings.panel = ui::ExplorerPanel::Pattern;
    st.magnifier = true;
    st.magnify_row = double(c.value().r);
    st.magnify_col = double(c.value().c);
  }
  if (!o.image.empty()) {
    st.open_request = o.image;
    st.path_box = o.image;
  }
  s.image = &m->state;
  s.image_mode = o.start_in_image_mode || !o.image.empty();
  return m;
}

void ImageModeDeleter::operator()(ImageMode* m) const { delete m; }

bool image_mode_busy(const ImageMode& m) {
  return m.loading || m.computing || m.showing || m.saving || !m.state.save_request.empty() || !m.state.open_request.empty() || !m.state.weights_request.empty() ||
         (m.state.dirty && m.state.image);
}

void destroy_image_mode(ImageModePtr& m) {
  if (!m) return;
  for (ImageMode::SlotTextures& t : m->shown) delete_bands(t);
  for (ImageMode::Upload& u : m->uploading) delete_bands(u.next);
  m.reset();  // joins the workers; the borrowed GPU context releases its GL objects here
}

// ---------------------------------------------------------------- frame
std::vector<std::string> image_mode_frame(ImageMode& m, ui::AppState& s, double dt,
                                          const std::vector<std::string>& dropped) {
  ui::ImageState& st = m.state;
  // Dropped files: a picture opens (and switches to image mode), a .npy loads as weights.
  for (const std::string& p : dropped) {
    route_path(m, p);
    s.image_mode = true;
  }

  if (!st.open_request.empty()) {
    const std::string path = st.open_request;
    st.open_request.clear();
    st.error.clear();
    io::ImageLimits limits;  // lower in the browser (image_pipeline.h); checked before decoding
    limits.max_elements = analysis::kMaxImageModeInputValues;
    auto steps = std::make_shared<LoadSteps>(path, limits);
    m.loader.submit_steps([steps](const ui::JobControl& ctl, double budget_ms) { return steps->step(ctl, budget_ms); });
    m.loading = true;
    st.busy_seconds = 0;
  }
  if (std::optional<Loaded> l = m.loader.take()) {
    m.loading = false;
    if (!l->error.empty()) {
      st.error = "Could not open the picture: " + l->error;  // the current picture stays
    } else {
      st.image = l->image;
      st.image_path = l->path;
      for (ui::DisplayImage& d : st.slots) {  // results of the old picture no longer apply
        d.w = d.h = 0;
        d.rgba.clear();
        d.bands.clear();
      }
      st.result = ui::ImageResult{};
      ui::DisplayImage& in = ui::slot(st, ui::Slot::Input);
      in.w = l->display.w;
      in.h = l->display.h;
      in.rgba = std::move(l->display.rgba);
      in.version = ++m.versions;
      st.view.fitted = true;
      st.dirty = true;
      ui::recent_add(st.recent, fs::absolute(l->path).lexically_normal().string());
      save_recent(m);
    }
  }
  if (!st.weights_request.empty()) {
    const std::string path = st.weights_request;
    st.weights_request.clear();
    Result<io::NpyArray> a = io::read_npy(path);
    Status shape_ok = a ? ui::check_weights_shape(a.value().shape) : Status(a.error());
    if (!shape_ok) {
      st.error = "Weights not loaded (nothing changed): " + shape_ok.error().message;
    } else {
      st.error.clear();
      st.settings.source = ui::KernelSource::Weights;
      st.settings.weights_path = path;
      st.settings.weights_shape = a.value().shape;
      st.settings.weights = a.value().data;
      st.settings.weights_groups = 1;
      st.status = "loaded weights " + fs::path(path).filename().string();
      st.status_age = 0;
      st.dirty = true;
    }
  }
  if (st.dirty && st.image && !m.loading) submit(m);
  if (std::optional<ui::ImageResult> r = m.job.take()) {
    m.computing = false;
    for (auto& [k, img] : r->images) {
      ui::DisplayImage& d = ui::slot(st, k);
      d.w = img.w;
      d.h = img.h;
      d.rgba = std::move(img.rgba);
      d.version = ++m.versions;
    }
    r->images.clear();
    if (!r->error.empty()) r->output.reset();
    st.result = std::move(*r);
  }
  m.showing = upload(m);

  std::vector<std::string> saved;
  if (!st.save_request.empty()) {
    const std::string path = st.save_request;
    st.save_request.clear();
    if (!st.result.output) {
      st.error = "Not saved: nothing to save yet: open a picture first.";
    } else if (m.saving) {
      st.error = "Not saved: the output is still being saved; save again when that is done.";
    } else {
      auto steps = std::make_shared<SaveSteps>(path, st.result.output);
      m.saver.submit_steps([steps](const ui::JobControl& ctl, double budget_ms) { return steps->step(ctl, budget_ms); });
      m.saving = true;
      st.busy_seconds = 0;
    }
  }
  if (std::optional<Saved> r = m.saver.take()) {
    m.saving = false;
    if (r->error.empty()) {
      st.error.clear();
      st.status = "saved " + io::output_display_name(r->path);
      st.status_age = 0;
      saved.push_back(r->path);
    } else {
      st.error = "Not saved: " + r->error;
    }
  }
  // The last uploads count as part of loading or computing (busy until the result is shown).
  st.busy = m.loading || m.computing || m.showing || m.saving;
  st.saving = m.saving;
  st.busy_what = m.loading ? "loading" : m.computing || m.showing ? "computing" : "saving";
  st.progress = m.loading ? m.loader.progress() : m.computing || m.showing ? m.job.progress() : m.saver.progress();
  if (st.busy) st.busy_seconds += dt;
  return saved;
}

}  // namespace tconv::app
