// The animation model: stepping, playing and seeking with given time steps (no clock).
#include <catch2/catch.hpp>

#include "ui/playback.h"

using tconv::ui::ease;
using tconv::ui::Playback;

namespace {
Playback make(size_t n, double speed = 2.0) {
  Playback p;
  p.speed = speed;
  p.set_count(n);
  return p;
}
}  // namespace

TEST_CASE("a new playback is paused at the first step and nothing moves", "[playback]") {
  Playback p = make(9);
  CHECK(p.step() == 0);
  CHECK_FALSE(p.playing());
  CHECK_FALSE(p.moving());
  CHECK_FALSE(p.advance(1.0));
  CHECK(p.position() == 0.0);
  CHECK(p.kernel_motion() == 0.0);
}

TEST_CASE("playing: the kernel rests for half a step, then glides to the next placement", "[playback]") {
  Playback p = make(9, 2.0);  // 2 steps per second: one step = 0.5 s
  p.play();
  REQUIRE(p.playing());
  CHECK(p.advance(0.25));     // half of the first step: still resting
  CHECK(p.position() == Approx(0.5));
  CHECK(p.step() == 0);
  CHECK(p.kernel_motion() == Approx(0.0));
  p.advance(0.125);           // 3/4: half-way through the glide
  CHECK(p.step() == 0);
  CHECK(p.kernel_motion() == Approx(ease(0.5)));
  CHECK(p.kernel_motion() == Approx(0.5));
  p.advance(0.125);           // arrived: step 1 is current, resting again
  CHECK(p.step() == 1);
  CHECK(p.kernel_motion() == Approx(0.0).margin(1e-9));
}

TEST_CASE("playing stops at the last step; play again restarts from the first", "[playback]") {
  Playback p = make(9, 2.0);
  p.play();
  CHECK(p.advance(100.0));
  CHECK(p.step() == 8);
  CHECK(p.position() == 8.0);
  CHECK_FALSE(p.playing());
  CHECK_FALSE(p.advance(0.1));
  p.play();
  CHECK(p.step() == 0);
  CHECK(p.playing());
}

TEST_CASE("step forward glides at the glide rate; presses queue up", "[playback]") {
  Playback p = make(9, 1.0);
  p.step_forward();
  CHECK(p.moving());
  CHECK(p.advance(0.05));  // 6 steps/s * 0.05 s = 0.3
  CHECK(p.position() == Approx(0.3));
  CHECK(p.step() == 0);
  CHECK(p.kernel_motion() == Approx(ease(0.3)));  // no rest when stepping by hand
  CHECK(p.advance(1.0));
  CHECK(p.position() == 1.0);
  CHECK_FALSE(p.advance(1.0));
  p.step_forward();
  p.step_forward();
  p.step_forward();
  p.advance(10.0);
  CHECK(p.step() == 4);
  p.step_back();
  p.advance(10.0);
  CHECK(p.step() == 3);
}

TEST_CASE("stepping never leaves [0, count-1]", "[playback]") {
  Playback p = make(3);
  p.step_back();
  p.advance(1.0);
  CHECK(p.step() == 0);
  for (int i = 0; i < 5; ++i) p.step_forward();
  p.advance(10.0);
  CHECK(p.step() == 2);
  p.seek(100);
  CHECK(p.step() == 2);
  p.home();
  CHECK(p.step() == 0);
  p.end();
  CHECK(p.step() == 2);
  CHECK_FALSE(p.moving());  // seeks jump
}

TEST_CASE("pausing mid-glide keeps the drawn kernel where it is, then finishes the move", "[playback]") {
  Playback p = make(9, 1.0);
  p.play();
  p.advance(0.75);  // glide half done
  const double before = p.kernel_motion();
  CHECK(before == Approx(0.5));
  p.pause();
  CHECK_FALSE(p.playing());
  CHECK(p.kernel_motion() == Approx(before));
  CHECK(p.step() == 0);
  p.advance(10.0);
  CHECK(p.position() == 1.0);
  // Pausing while resting stays on the step.
  p.play();
  p.advance(0.25);
  p.pause();
  p.advance(10.0);
  CHECK(p.position() == 1.0);
}

TEST_CASE("changing the number of steps clamps the position; 0 steps cannot play", "[playback]") {
  Playback p = make(9);
  p.seek(8);
  p.set_count(4);
  CHECK(p.step() == 3);
  p.set_count(0);
  CHECK(p.step() == 0);
  p.play();
  CHECK_FALSE(p.playing());
  CHECK_FALSE(p.advance(1.0));
  Playback one = make(1);
  one.play();
  CHECK_FALSE(one.playing());
}

TEST_CASE("advance ignores zero and negative time steps", "[playback]") {
  Playback p = make(9);
  p.play();
  CHECK_FALSE(p.advance(0.0));
  CHECK_FALSE(p.advance(-1.0));
  CHECK(p.position() == 0.0);
}

TEST_CASE("ease is a smoothstep from 0 to 1", "[playback]") {
  CHECK(ease(-1) == 0.0);
  CHECK(ease(0) == 0.0);
  CHECK(ease(0.5) == Approx(0.5));
  CHECK(ease(0.25) == Approx(0.15625));
  CHECK(ease(1) == 1.0);
  CHECK(ease(2) == 1.0);
}
