#pragma once
// Window-free pieces of image mode: the synchronised zoom/pan of image panes, the recent-files
// list, and a worker that runs only the newest request (a newer one supersedes an older one).
//
// Coordinates, stated once: a pane shows a picture that may have any pixel count (input, output
// s times bigger, spectra); all panes share one ImageViewport expressed in PICTURE coordinates
// (u, v) in [0, 1] x [0, 1] (0,0 = top-left corner of the picture, 1,1 = bottom-right), so a
// point of the scene lines up in every pane whatever its resolution. zoom = screen pixels per
// INPUT pixel; a pane of a w-pixel-wide image draws each of its pixels zoom * in_w / w wide.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define TCONV_NO_WORKER_THREAD  // see LatestJob
#endif
#include <utility>
#include <vector>

namespace tconv::ui {

// ------------------------------------------------------------------ zoom and pan
struct ImageViewport {
  double zoom = 1.0;             // screen px per input pixel (0.02 .. 256)
  double cu = 0.5, cv = 0.5;     // picture point at the centre of every pane
  bool fitted = true;            // follows the pane size (fit whole picture) until the user zooms
  static constexpr double kMinZoom = 0.02, kMaxZoom = 256.0;
};

struct PaneGeom {
  double x0 = 0, y0 = 0, w = 1, h = 1;  // pane rectangle on screen (px)
  int64_t img_w = 1, img_h = 1;         // pixels of the picture the pane shows
  int64_t in_w = 1, in_h = 1;           // pixels of the INPUT picture (defines zoom)
};

// Screen px per pixel of the pane's own image, horizontally and vertically.
double pane_px_per_pixel_x(const ImageViewport& v, const PaneGeom& g);
double pane_px_per_pixel_y(const ImageViewport& v, const PaneGeom& g);
// Screen point -> pixel coordinate of the pane's image (continuous; pixel i covers [i, i+1)).
void pane_screen_to_pixel(const ImageViewport& v, const PaneGeom& g, double sx, double sy, double* px, double* py);
// Pixel coordinate of the pane's image -> screen point.
void pane_pixel_to_screen(const ImageViewport& v, const PaneGeom& g, double px, double py, double* sx, double* sy);
// Zoom that fits the whole picture in the pane (with a small margin).
double fit_zoom(const PaneGeom& g);
void fit(ImageViewport& v, const PaneGeom& g);
// Multiplies the zoom by factor, keeping the picture point under the screen point (sx, sy) fixed.
void zoom_at(ImageViewport& v, const PaneGeom& g, double sx, double sy, double factor);
// Pans by a mouse drag of (dx, dy) screen pixels.
void pan_by(ImageViewport& v, const PaneGeom& g, double dx, double dy);
// A pixel grid is drawn when pixels are at least this many screen pixels wide.
constexpr double kPixelGridMinPx = 8.0;

// ------------------------------------------------------------------ recent files
constexpr size_t kMaxRecentFiles = 10;
// Puts path first, removing an earlier copy; keeps at most max entries. Empty paths are ignored.
void recent_add(std::vector<std::string>& list, const std::string& path, size_t max = kMaxRecentFiles);
// One path per line (the file recent_images.txt in the config directory).
std::string recent_serialize(const std::vector<std::string>& list);
std::vector<std::string> recent_parse(const std::string& text, size_t max = kMaxRecentFiles);

// ------------------------------------------------------------------ newest-request worker
// What a running task sees: whether a newer request has superseded it (it should then stop
// early; its result is dropped anyway) and a place to report progress in [0, 1].
class JobControl {
 public:
  JobControl(const std::atomic<uint64_t>* latest, uint64_t gen, std::atomic<float>* progress)
      : latest_(latest), gen_(gen), progress_(progress) {}
  bool superseded() const { return latest_->load() != gen_; }
  void set_progress(float p) const { progress_->store(std::clamp(p, 0.0f, 1.0f)); }
  uint64_t generation() const { return gen_; }

 private:
  const std::atomic<uint64_t>* latest_;
  uint64_t gen_;
  std::atomic<float>* progress_;
};

// One worker thread. submit() replaces a request that has not started yet and marks a running
// one superseded; take() hands the main thread a finished result only when it answers the newest
// request (older results are dropped). The destructor supersedes and joins.
template <class R>
class LatestJob {
 public:
  using Task = std::function<R(const JobControl&)>;
#ifdef TCONV_NO_WORKER_THREAD
  // A browser page that is not cross-origin isolated has no threads: take() and wait_idle() run
  // the newest request on the calling (main) thread instead.
  LatestJob() = default;
  ~LatestJob() = default;
#else
  LatestJob() : thread_([this] { loop(); }) {}
  ~LatestJob() {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
      latest_.fetch_add(1);
    }
    cv_.notify_all();
    thread_.join();
  }
#endif
  LatestJob(const LatestJob&) = delete;
  LatestJob& operator=(const LatestJob&) = delete;

  uint64_t submit(Task t) {
    std::lock_guard<std::mutex> lock(m_);
    const uint64_t g = latest_.fetch_add(1) + 1;
    pending_ = std::move(t);
    pending_gen_ = g;
    result_.reset();  // an older finished result is now stale
    progress_.store(0.0f);
    cv_.notify_all();
    return g;
  }
  // Newest request not yet answered (pending or running)?
  bool busy() const {
    std::lock_guard<std::mutex> lock(m_);
    return pending_ || running_;
  }
  float progress() const { return progress_.load(); }
  uint64_t latest() const { return latest_.load(); }
  uint64_t tasks_run() const { return runs_.load(); }  // tasks started (superseded pending ones never start)
  std::optional<R> take() {
#ifdef TCONV_NO_WORKER_THREAD
    run_pending_here();
#endif
    std::lock_guard<std::mutex> lock(m_);
    std::optional<R> r = std::move(result_);
    result_.reset();
    return r;
  }
  // Blocks until the newest request is answered (screenshots, tests).
  void wait_idle() {
#ifdef TCONV_NO_WORKER_THREAD
    run_pending_here();
#endif
    std::unique_lock<std::mutex> lock(m_);
    done_cv_.wait(lock, [this] { return !pending_ && !running_; });
  }

 private:
#ifdef TCONV_NO_WORKER_THREAD
  void run_pending_here() {
    Task t;
    uint64_t g = 0;
    {
      std::lock_guard<std::mutex> lock(m_);
      if (!pending_) return;
      t = std::move(pending_);
      pending_ = nullptr;
      g = pending_gen_;
      runs_.fetch_add(1);
    }
    R r = t(JobControl(&latest_, g, &progress_));
    std::lock_guard<std::mutex> lock(m_);
    if (g == latest_.load()) result_ = std::move(r);
  }
#endif
  void loop() {
    std::unique_lock<std::mutex> lock(m_);
    for (;;) {
      cv_.wait(lock, [this] { return stop_ || pending_; });
      if (stop_) return;
      Task t = std::move(pending_);
      pending_ = nullptr;
      const uint64_t g = pending_gen_;
      running_ = true;
      running_gen_ = g;
      runs_.fetch_add(1);
      lock.unlock();
      R r = t(JobControl(&latest_, g, &progress_));
      lock.lock();
      running_ = false;
      if (g == latest_.load()) result_ = std::move(r);
      done_cv_.notify_all();
    }
  }

  mutable std::mutex m_;
  std::condition_variable cv_, done_cv_;
  std::atomic<uint64_t> latest_{0};
  std::atomic<uint64_t> runs_{0};
  std::atomic<float> progress_{0.0f};
  Task pending_;
  uint64_t pending_gen_ = 0, running_gen_ = 0;
  bool running_ = false, stop_ = false;
  std::optional<R> result_;
#ifndef TCONV_NO_WORKER_THREAD
  std::thread thread_;  // last: starts after every member above exists
#endif
};

}  // namespace tconv::ui
