// The CLI's value parsing and the `size` command, called in-process.
#include <catch2/catch.hpp>

#include <sstream>

#include "app/cli.h"

using namespace tconv;
using namespace tconv::app;

TEST_CASE("cli args: S or SH,SW pairs", "[cli]") {
  CHECK(parse_pair("2", "--stride").value() == Pair{2, 2});
  CHECK(parse_pair("2,3", "--stride").value() == Pair{2, 3});
  CHECK(parse_pair(" 4 , 1 ", "--stride").value() == Pair{4, 1});
  CHECK(parse_pair("+1", "--stride").value() == Pair{1, 1});
  CHECK(parse_pair("-1", "--padding").value() == Pair{-1, -1});  // the core explains why it is bad
  for (const char* bad : {"", "x", "2x3", "2,", ",2", "2,3,4", "1.5", "2;3", "99999999999999999999"}) {
    auto r = parse_pair(bad, "--stride");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("--stride") && Catch::Contains("--stride 2,1"));
  }
}

TEST_CASE("cli args: whole numbers in a range", "[cli]") {
  CHECK(parse_int("7", "--benchmark", 1, 10).value() == 7);
  auto zero = parse_int("0", "--benchmark", 1, 10);
  REQUIRE_FALSE(zero.ok());
  CHECK_THAT(zero.error().message, Catch::Contains("between 1 and 10"));
  auto word = parse_int("many", "--benchmark", 1, 10);
  REQUIRE_FALSE(word.ok());
  CHECK_THAT(word.error().message, Catch::Contains("not a whole number"));
}

TEST_CASE("cli size: the seed's 3x3 input and 3x3 kernel give 5x5, formula written out", "[cli]") {
  SizeArgs a;
  a.input = "3";
  a.kernel = "3";
  std::ostringstream out;
  REQUIRE(run_size(a, out).ok());
  CHECK(out.str() ==
        "out = (in - 1) x stride - 2 x padding + dilation x (kernel - 1) + output_padding + 1\n"
        "height: (3 - 1) x 1 - 2 x 0 + 1 x (3 - 1) + 0 + 1 = 5\n"
        "width:  (3 - 1) x 1 - 2 x 0 + 1 x (3 - 1) + 0 + 1 = 5\n"
        "output: 5 x 5 (height x width)\n");
}

TEST_CASE("cli size: impossible parameters are an error naming the axis", "[cli]") {
  SizeArgs a;
  a.input = "4,2";
  a.kernel = "3";
  a.stride = "2";
  a.output_padding = "0,2";
  std::ostringstream out;
  auto st = run_size(a, out);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.error().message, Catch::Contains("output_padding (width)"));
  CHECK(out.str().empty());
}
