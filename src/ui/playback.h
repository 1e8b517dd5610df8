#pragma once
// The animation model of the step-through: which placement is current, and how far the kernel
// has travelled toward the next one. Time is passed in (advance(dt)); it never reads a clock,
// so tests drive it with exact time steps.
//
// Position is a continuous step index p in [0, count-1]. step() = floor(p) is the current
// placement: the output shows the sums of placements 0..step() (step() included). Between two
// integer positions the kernel glides from placement step() to step()+1:
//   - while playing, it rests on the current placement for the first kHoldShare of each step's
//     time and moves during the rest (so each landing can be read);
//   - while paused, step_forward/step_back glide without resting.
#include <cstddef>

namespace tconv::ui {

class Playback {
 public:
  // settings
  double speed = 1.5;               // steps per second while playing (kMinSpeed..kMaxSpeed)
  static constexpr double kMinSpeed = 0.25, kMaxSpeed = 20.0;
  static constexpr double kHoldShare = 0.5;  // share of a played step spent resting (0..1)
  static constexpr double kGlideRate = 6.0;  // steps per second of a manual glide (at least)

  // read-only state
  size_t count() const { return count_; }
  size_t step() const;          // current placement, 0..count-1 (0 when count is 0)
  double position() const { return pos_; }
  bool playing() const { return playing_; }
  bool moving() const;          // playing, or gliding toward a target
  // How far the drawn kernel is from step() toward step()+1: 0 = on step(), 1 = on the next (eased).
  double kernel_motion() const;

  // commands
  void set_count(size_t n);  // clamps the position; 0 = nothing to play
  void play();               // from the start when at the end
  void pause();              // the kernel finishes its current move, then stops
  void toggle() { playing_ ? pause() : play(); }
  void step_forward();       // glide one step; repeated presses queue up
  void step_back();
  void home();               // jump to the first step (stops playing)
  void end();                // jump to the last step (stops playing)
  void seek(size_t step);    // jump (the scrub slider); clamps
  // Shows one frame of an exported animation (analysis::plan_frames): paused on placement `step`
  // with the kernel `motion` (eased, [0, 1)) of the way to the next one; kernel_motion() then
  // returns `motion`. Clamps both.
  void show_frame(size_t step, double motion);

  // Moves time forward by dt seconds (dt < 0 is treated as 0). Returns whether anything drawn
  // changed, so the caller can sleep while nothing moves.
  bool advance(double dt);

 private:
  size_t count_ = 0;
  double pos_ = 0;       // continuous step position, [0, count-1]
  double target_ = 0;    // paused: where the glide ends (an integer)
  bool playing_ = false;
  double last_() const { return count_ == 0 ? 0.0 : double(count_ - 1); }
};

// Smoothstep easing on [0,1].
double ease(double t);

}  // namespace tconv::ui
