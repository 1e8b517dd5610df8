// The frame plan of exported animations: worked timings, ordering and refusals.
#include <catch2/catch.hpp>

#include "analysis/frame_plan.h"

using namespace tconv;
using namespace tconv::analysis;

TEST_CASE("frame plan, worked by hand: 3 placements, 10 fps, 1 step/s, half of each step resting", "[frame_plan]") {
  // Duration (3 - 1)/1 + 1 s end hold = 3 s -> 30 frames at 10 fps. Frame k is at k/10 s.
  const auto r = plan_frames(3, FramePlanSettings{10, 1, 0.5, 1});
  REQUIRE(r.ok());
  const auto& f = r.value();
  REQUIRE(f.size() == 30);
  CHECK(f[0].step == 0);
  CHECK(f[0].motion == 0);
  CHECK(f[5].motion == 0);                              // 0.5 s: still resting
  CHECK(f[7].step == 0);
  CHECK(f[7].motion == Approx(plan_ease(0.4)));         // 0.7 s: (0.7 - 0.5) / 0.5 of the glide
  CHECK(plan_ease(0.4) == Approx(0.352));               // 3(0.16) - 2(0.064)
  CHECK(f[10].step == 1);
  CHECK(f[10].motion == 0);
  CHECK(f[19].step == 1);
  CHECK(f[19].motion == Approx(plan_ease(0.8)));
  for (size_t k = 20; k < 30; ++k) {                    // the last placement, then the end hold
    CHECK(f[k].step == 2);
    CHECK(f[k].motion == 0);
  }
}

TEST_CASE("frame plan is ordered and covers every placement", "[frame_plan]") {
  TeachingConfig cfg;
  cfg.input = Grid(3, 3, 1.0f);
  cfg.kernel = Grid(3, 3, 1.0f);
  const auto model = build_teaching_model(cfg);
  REQUIRE(model.ok());
  for (double fps : {5.0, 12.0, 25.0, 60.0})
    for (double sps : {0.5, 1.5, 4.0}) {
      const auto r = plan_frames(model.value(), FramePlanSettings{fps, sps, 0.5, 1.5});
      REQUIRE(r.ok());
      const auto& f = r.value();
      std::vector<bool> seen(9, false);
      for (size_t k = 0; k < f.size(); ++k) {
        REQUIRE(f[k].step < 9);
        REQUIRE(f[k].motion >= 0);
        REQUIRE(f[k].motion < 1);
        seen[f[k].step] = true;
        if (k > 0) {
          const bool later = f[k].step > f[k - 1].step || (f[k].step == f[k - 1].step && f[k].motion >= f[k - 1].motion);
          REQUIRE(later);
        }
      }
      if (fps >= sps) {  // at least one frame per step: every placement is seen
        for (bool s : seen) CHECK(s);
      }
      CHECK(f.back().step == 8);
      // (9 - 1)/sps + 1.5 s, in frames
      CHECK(f.size() == static_cast<size_t>(std::ceil((8 / sps + 1.5) * fps - 1e-9)));
    }
}

TEST_CASE("frame plan edge cases", "[frame_plan]") {
  SECTION("one placement: the end hold only") {
    const auto r = plan_frames(1, FramePlanSettings{10, 1.5, 0.5, 0.5});
    REQUIRE(r.ok());
    CHECK(r.value().size() == 5);
  }
  SECTION("no end hold, one placement: still one frame") {
    const auto r = plan_frames(1, FramePlanSettings{10, 1.5, 0.5, 0});
    REQUIRE(r.ok());
    CHECK(r.value().size() == 1);
  }
  SECTION("hold share 1: the kernel jumps") {
    const auto r = plan_frames(4, FramePlanSettings{20, 2, 1.0, 0});
    REQUIRE(r.ok());
    for (const auto& f : r.value()) CHECK(f.motion == 0);
  }
  SECTION("hold share 0: gliding all the time") {
    const auto r = plan_frames(2, FramePlanSettings{4, 1, 0.0, 0});
    REQUIRE(r.ok());
    REQUIRE(r.value().size() == 4);
    CHECK(r.value()[2].motion == Approx(0.5));  // smoothstep(0.5)
  }
}

TEST_CASE("frame plan refusals say how to fix them", "[frame_plan]") {
  CHECK_FALSE(plan_frames(0, {}).ok());
  const auto fps = plan_frames(5, FramePlanSettings{0, 1, 0.5, 1});
  REQUIRE_FALSE(fps.ok());
  CHECK_THAT(fps.error().message, Catch::Contains("fps is 0"));
  CHECK_FALSE(plan_frames(5, FramePlanSettings{10, 0, 0.5, 1}).ok());
  CHECK_FALSE(plan_frames(5, FramePlanSettings{10, 1, 1.5, 1}).ok());
  CHECK_FALSE(plan_frames(5, FramePlanSettings{10, 1, 0.5, -1}).ok());
  const auto many = plan_frames(256, FramePlanSettings{60, 0.25, 0.5, 1});
  REQUIRE_FALSE(many.ok());
  CHECK_THAT(many.error().message, Catch::Contains("raise the speed to at least"));
}
