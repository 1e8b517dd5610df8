#include "analysis/frame_plan.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
#include <string>

namespace tconv::analysis {
namespace {

std::string num(double v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

// "fps is 0, but it must be between 0 (excluded) and 60. <fix>"
std::optional<Error> check_range(const char* name, double v, double lo, double hi, bool lo_open, const char* fix) {
  const bool ok = std::isfinite(v) && (lo_open ? v > lo : v >= lo) && v <= hi;
  if (ok) return std::nullopt;
  return Error{std::string(name) + " is " + num(v) + ", but it must be " + (lo_open ? "above " : "at least ") + num(lo) +
               " and at most " + num(hi) + ". " + fix};
}

}  // namespace

double plan_ease(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * (3.0 - 2.0 * t);
}

Result<std::vector<AnimationFrame>> plan_frames(size_t step_count, const FramePlanSettings& s) {
  if (step_count == 0)
    return Error{"the configuration has no placements to animate. Give an input with at least one element."};
  if (auto e = check_range("fps", s.fps, 0, 60, true, "Use 10 to 30 frames per second for slides.")) return *e;
  if (auto e = check_range("the speed (steps per second)", s.steps_per_second, 0.05, 60, false,
                           "1.5 steps per second is easy to follow; raise it for large inputs."))
    return *e;
  if (auto e = check_range("the hold share", s.hold_share, 0, 1, false, "0.5 rests half of each step on the placement.")) return *e;
  if (auto e = check_range("the end hold (seconds)", s.end_hold_s, 0, 60, false, "1.5 s leaves time to read the result.")) return *e;
  const double last = static_cast<double>(step_count - 1);
  const double duration = last / s.steps_per_second + s.end_hold_s;
  const double frames_d = std::max(1.0, std::ceil(duration * s.fps - 1e-9));
  if (frames_d > static_cast<double>(kMaxAnimationFrames)) {
    const double sps_needed = last / std::max(1e-9, static_cast<double>(kMaxAnimationFrames) / s.fps - s.end_hold_s);
    return Error{"the animation would have " + num(frames_d) + " frames (" + num(std::round(duration)) + " s at " + num(s.fps) +
                 " fps), more than " + std::to_string(kMaxAnimationFrames) + ". Lower the fps, or raise the speed to at least " +
                 num(std::ceil(sps_needed * 10) / 10) + " steps per second, or use a smaller input."};
  }
  std::vector<AnimationFrame> plan(static_cast<size_t>(frames_d));
  for (size_t k = 0; k < plan.size(); ++k) {
    const double pos = static_cast<double>(k) / s.fps * s.steps_per_second;
    AnimationFrame& f = plan[k];
    if (pos >= last) {
      f.step = step_count - 1;
      f.motion = 0;
      continue;
    }
    // Guard against pos = 2.9999999 from rounding: a frame exactly on a placement shows it.
    const double step = std::floor(pos + 1e-9);
    f.step = static_cast<size_t>(step);
    const double local = std::max(0.0, pos - step);
    f.motion = (s.hold_share >= 1.0 || local <= s.hold_share) ? 0.0 : plan_ease((local - s.hold_share) / (1.0 - s.hold_share));
    f.motion = std::min(f.motion, std::nextafter(1.0, 0.0));  // rounding must not reach the next placement
  }
  return plan;
}

Result<std::vector<AnimationFrame>> plan_frames(const TeachingModel& m, const FramePlanSettings& s) {
  return plan_frames(m.steps.size(), s);
}

}  // namespace tconv::analysis
