#pragma once
// A worker thread that runs only the newest request: a newer request supersedes an older one,
// which then stops early, and only the newest result is handed back. Generic (image mode runs its
// pipeline on it). A request may come in steps (submit_steps), which a page without threads runs
// one per frame on the main thread, so that no frame waits long.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define TCONV_NO_WORKER_THREAD  // see LatestJob
#endif

namespace tconv::analysis {

// What a running task sees: whether a newer request has superseded it (it should then stop
// early; its result is dropped anyway) and a place to report progress in [0, 1].
class JobControl {
 public:
  JobControl(const std::atomic<uint64_t>* latest, uint64_t gen, std::atomic<float>* progress)
      : latest_(latest), gen_(gen), progress_(progress) {}
  bool superseded() const { return latest_->load() != gen_; }
  void set_progress(float p) const { progress_->store(lo_ + (hi_ - lo_) * std::clamp(p, 0.0f, 1.0f)); }
  uint64_t generation() const { return gen_; }
  // The same control for a part of the work: its progress 0..1 fills [lo, hi] of this one's.
  JobControl part(float lo, float hi) const {
    JobControl c = *this;
    c.lo_ = lo_ + (hi_ - lo_) * lo;
    c.hi_ = lo_ + (hi_ - lo_) * hi;
    return c;
  }

 private:
  const std::atomic<uint64_t>* latest_;
  uint64_t gen_;
  std::atomic<float>* progress_;
  float lo_ = 0.0f, hi_ = 1.0f;
};

// Work per step for a page without threads (milliseconds): each job that is running takes this
// much of a frame (image mode's loader, computation and Save each, and its texture uploads as
// much again), plus drawing. One job alone keeps a frame well under the 50 ms after which a page
// feels stuck; a picture loads before it computes, so usually only one runs.
constexpr double kStepBudgetMs = 20.0;

// One step's clock: a task in steps checks spent() between units of its work and returns when
// it is true, which it never is with an infinite budget (a worker thread runs everything at once).
class StepBudget {
 public:
  using Clock = std::chrono::steady_clock;
  explicit StepBudget(double budget_ms) : budget_ms_(budget_ms), start_(Clock::now()) {}
  bool unlimited() const { return !(budget_ms_ < std::numeric_limits<double>::infinity()); }
  Clock::time_point start() const { return start_; }
  double elapsed_ms() const { return std::chrono::duration<double, std::milli>(Clock::now() - start_).count(); }
  double left_ms() const { return budget_ms_ - elapsed_ms(); }
  bool spent() const { return !unlimited() && elapsed_ms() >= budget_ms_; }

 private:
  double budget_ms_;
  Clock::time_point start_;
};

// One worker thread. submit() replaces a request that has not started yet and marks a running
// one superseded; take() hands the main thread a finished result only when it answers the newest
// request (older results are dropped). The destructor supersedes and joins.
template <class R>
class LatestJob {
 public:
  using Task = std::function<R(const JobControl&)>;
  // A task in steps: each call does about budget_ms of work (it may overrun by one unit of its
  // work) and returns the result once everything is done. Infinite budget: all at once.
  using StepTask = std::function<std::optional<R>(const JobControl&, double budget_ms)>;
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
    return submit_steps([t = std::move(t)](const JobControl& ctl, double) { return std::optional<R>(t(ctl)); });
  }
  // The worker thread runs every step at once; without threads take() runs one step per call.
  uint64_t submit_steps(StepTask t) {
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
    run_step_here(kStepBudgetMs);
#endif
    std::lock_guard<std::mutex> lock(m_);
    std::optional<R> r = std::move(result_);
    result_.reset();
    return r;
  }
  // Blocks until the newest request is answered (screenshots, tests).
  void wait_idle() {
#ifdef TCONV_NO_WORKER_THREAD
    while (run_step_here(std::numeric_limits<double>::infinity())) {
    }
#endif
    std::unique_lock<std::mutex> lock(m_);
    done_cv_.wait(lock, [this] { return !pending_ && !running_; });
  }

 private:
#ifdef TCONV_NO_WORKER_THREAD
  // One step of the newest request on this thread; false when there was nothing to do.
  bool run_step_here(double budget_ms) {
    {
      std::lock_guard<std::mutex> lock(m_);
      if (pending_) {  // a newer request: the running one (if any) is dropped
        current_ = std::move(pending_);
        pending_ = nullptr;
        current_gen_ = pending_gen_;
        running_ = true;
        runs_.fetch_add(1);
      }
      if (!running_) return false;
    }
    std::optional<R> r = current_(JobControl(&latest_, current_gen_, &progress_), budget_ms);
    std::lock_guard<std::mutex> lock(m_);
    const bool stale = current_gen_ != latest_.load();
    if (r || stale) {
      running_ = false;
      current_ = nullptr;
      if (r && !stale) result_ = std::move(r);
    }
    return true;
  }
  StepTask current_;  // the request being run in steps
  uint64_t current_gen_ = 0;
#endif
  void loop() {
    std::unique_lock<std::mutex> lock(m_);
    for (;;) {
      cv_.wait(lock, [this] { return stop_ || pending_; });
      if (stop_) return;
      StepTask t = std::move(pending_);
      pending_ = nullptr;
      const uint64_t g = pending_gen_;
      running_ = true;
      runs_.fetch_add(1);
      lock.unlock();
      const JobControl ctl(&latest_, g, &progress_);
      std::optional<R> r;
      while (!r && !ctl.superseded()) r = t(ctl, std::numeric_limits<double>::infinity());
      lock.lock();
      running_ = false;
      if (r && g == latest_.load()) result_ = std::move(r);
      done_cv_.notify_all();
    }
  }

  mutable std::mutex m_;
  std::condition_variable cv_, done_cv_;
  std::atomic<uint64_t> latest_{0};
  std::atomic<uint64_t> runs_{0};
  std::atomic<float> progress_{0.0f};
  StepTask pending_;
  uint64_t pending_gen_ = 0;
  bool running_ = false, stop_ = false;
  std::optional<R> result_;
#ifndef TCONV_NO_WORKER_THREAD
  std::thread thread_;  // last: starts after every member above exists
#endif
};

}  // namespace tconv::analysis
