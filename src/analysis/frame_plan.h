#pragma once
// The frame plan of an exported step-through animation: which placement each frame shows and how
// far the kernel has moved toward the next one. `tconv-lab animate` and the GUI's export both
// render from this list, so they agree frame for frame. Time is computed, never read from a clock.
//
// Timing (the GUI's playback while playing): placement i is reached at time i / steps_per_second;
// the kernel rests on it for the first hold_share of the step's time, then glides (eased) to
// placement i + 1. Frame k is taken at time k / fps. After the last placement the finished output
// stays for end_hold_s seconds, then the loop (of a GIF) restarts.
#include <cstddef>
#include <vector>

#include "core/result.h"
#include "core/teaching.h"

namespace tconv::analysis {

struct FramePlanSettings {
  double fps = 10;                // frames per second of the export, (0, 60]
  double steps_per_second = 1.5;  // placements per second (the GUI's speed), [0.05, 60]
  double hold_share = 0.5;        // share of each step resting on its placement, [0, 1]
  double end_hold_s = 1.5;        // seconds on the finished output at the end, [0, 60]
};

struct AnimationFrame {
  size_t step = 0;    // current placement: the output shows the sums of placements 0..step
  double motion = 0;  // [0, 1): eased share of the way from placement step to step + 1
};

// Longest animation planned (frames); longer requests are refused with a message.
constexpr size_t kMaxAnimationFrames = 3000;

Result<std::vector<AnimationFrame>> plan_frames(size_t step_count, const FramePlanSettings& s);
Result<std::vector<AnimationFrame>> plan_frames(const TeachingModel& m, const FramePlanSettings& s);

// The easing of the glide: smoothstep 3t^2 - 2t^3 on [0, 1] (the GUI's playback uses the same).
double plan_ease(double t);

}  // namespace tconv::analysis
