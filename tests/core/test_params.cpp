// The output-size formula, its text, and validation messages.
#include <catch2/catch.hpp>

#include "core/params.h"

using namespace tconv;

TEST_CASE("output size formula: the seed's example and each parameter", "[params]") {
  // (in - 1)*s - 2p + d(k - 1) + a + 1
  CHECK(conv_transpose_output_size(3, 3, 1, 0, 1, 0) == 5);    // seed: (3-1)*1 - 0 + 2 + 0 + 1
  CHECK(conv_transpose_output_size(3, 3, 2, 0, 1, 0) == 7);    // (2)*2 + 2 + 1
  CHECK(conv_transpose_output_size(3, 3, 2, 1, 1, 0) == 5);    // padding crops 1 off each side
  CHECK(conv_transpose_output_size(3, 3, 2, 1, 1, 1) == 6);    // output_padding adds one at the end
  CHECK(conv_transpose_output_size(3, 3, 1, 0, 2, 0) == 7);    // dilation 2: kernel spans 5
  CHECK(conv_transpose_output_size(4, 4, 2, 1, 1, 0) == 8);    // DCGAN k4 s2 p1 doubles
  CHECK(conv_transpose_output_size(1, 1, 1, 1, 1, 0) == -1);   // impossible; validate_axis explains
}

TEST_CASE("output size formula text has the numbers substituted", "[params]") {
  CHECK(output_size_formula(AxisParams{3, 3, 1, 0, 1, 0}) == "(3 - 1) x 1 - 2 x 0 + 1 x (3 - 1) + 0 + 1 = 5");
  CHECK(output_size_formula(AxisParams{4, 4, 2, 1, 1, 1}) == "(4 - 1) x 2 - 2 x 1 + 1 x (4 - 1) + 1 + 1 = 9");
}

TEST_CASE("validate_axis names the rule and the fix", "[params]") {
  CHECK_FALSE(validate_axis(AxisParams{3, 3, 1, 0, 1, 0}, "height"));
  auto msg = [](AxisParams a) {
    auto e = validate_axis(a, "width");
    REQUIRE(e);
    return e->message;
  };
  CHECK_THAT(msg({3, 3, 0, 0, 1, 0}), Catch::Contains("stride (width) is 0") && Catch::Contains("at least 1"));
  CHECK_THAT(msg({3, 3, 1, 0, 0, 0}), Catch::Contains("dilation (width) is 0"));
  CHECK_THAT(msg({3, 0, 1, 0, 1, 0}), Catch::Contains("kernel width is 0"));
  CHECK_THAT(msg({0, 3, 1, 0, 1, 0}), Catch::Contains("input width is 0"));
  CHECK_THAT(msg({3, 3, 1, -1, 1, 0}), Catch::Contains("cannot be negative") && Catch::Contains("crops"));
  CHECK_THAT(msg({3, 3, 2, 0, 1, 2}), Catch::Contains("smaller than the stride (2) or the dilation (1)") &&
                                          Catch::Contains("output_padding 1 or less"));
  // output 1*1 - 2*2 + 1*1 + 0 + 1 = -1 -> too small; padding at most (3-1)/2 = 1 would work.
  CHECK_THAT(msg({2, 2, 1, 2, 1, 0}),
             Catch::Contains("(2 - 1) x 1 - 2 x 2 + 1 x (2 - 1) + 0 + 1 = -1") && Catch::Contains("Reduce padding to 1 or less"));
  // Absurd sizes are refused rather than allocated.
  CHECK_THAT(msg({int64_t(1) << 40, 3, 2, 0, 1, 0}), Catch::Contains("more than this tool allocates"));
}

TEST_CASE("output_padding is allowed when smaller than the dilation even if not smaller than the stride",
          "[params]") {
  CHECK_FALSE(validate_axis(AxisParams{3, 2, 1, 0, 2, 1}, "height"));
}

TEST_CASE("conv_transpose_output_shape checks channels, groups and bias", "[params]") {
  ConvTransposeParams p;
  auto ok = conv_transpose_output_shape({2, 4, 3, 3}, {4, 3, 3, 3}, 3, p);
  REQUIRE(ok.ok());
  CHECK(ok.value() == Shape4{2, 3, 5, 5});

  p.groups = 2;
  auto grouped = conv_transpose_output_shape({1, 4, 3, 3}, {4, 3, 3, 3}, 6, p);
  REQUIRE(grouped.ok());
  CHECK(grouped.value().c == 6);  // Cout = Cout/groups * groups

  p.groups = 3;
  auto bad_groups = conv_transpose_output_shape({1, 4, 3, 3}, {4, 3, 3, 3}, -1, p);
  REQUIRE_FALSE(bad_groups.ok());
  CHECK_THAT(bad_groups.error().message, Catch::Contains("not divisible by groups = 3"));

  p.groups = 0;
  CHECK_THAT(conv_transpose_output_shape({1, 4, 3, 3}, {4, 3, 3, 3}, -1, p).error().message,
             Catch::Contains("groups is 0"));

  p.groups = 1;
  auto mismatch = conv_transpose_output_shape({1, 3, 3, 3}, {4, 3, 3, 3}, -1, p);
  REQUIRE_FALSE(mismatch.ok());
  CHECK_THAT(mismatch.error().message, Catch::Contains("weight is for 4 input channels") &&
                                           Catch::Contains("input has 3 channels"));

  auto bad_bias = conv_transpose_output_shape({1, 4, 3, 3}, {4, 3, 3, 3}, 2, p);
  REQUIRE_FALSE(bad_bias.ok());
  CHECK_THAT(bad_bias.error().message, Catch::Contains("bias has 2 values") && Catch::Contains("3 channels"));

  auto huge = conv_transpose_output_shape({1, 64, 20000, 20000}, {64, 64, 4, 4}, -1, ConvTransposeParams{{2, 2}, {1, 1}, {0, 0}, {1, 1}, 1});
  REQUIRE_FALSE(huge.ok());
  CHECK_THAT(huge.error().message, Catch::Contains("refuses to allocate") || Catch::Contains("more than"));

  auto zero_channels = conv_transpose_output_shape({1, 0, 3, 3}, {0, 3, 3, 3}, -1, p);
  CHECK_FALSE(zero_channels.ok());
}
