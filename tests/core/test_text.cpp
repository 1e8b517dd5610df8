// The one whitespace rule and the number readers of core/text.h, hand-worked: every option,
// lessons-file value and typed size goes through these.
#include <catch2/catch.hpp>

#include "core/text.h"

using namespace tconv;
using namespace tconv::text;

TEST_CASE("trim removes blanks at both ends only", "[text]") {
  CHECK(trim("") == "");
  CHECK(trim("   ") == "");
  CHECK(trim(" \t\r\n\v\f3\f\v\n\r\t ") == "3");
  CHECK(trim(" 3 x 4 ") == "3 x 4");  // inner blanks stay
  CHECK(trim("a") == "a");
  CHECK(lower("3X4 Ramp") == "3x4 ramp");
}

TEST_CASE("whole numbers: optional sign, digits, blanks around only", "[text]") {
  CHECK(parse_int("0") == int64_t{0});
  CHECK(parse_int("42") == int64_t{42});
  CHECK(parse_int("  42\t") == int64_t{42});
  CHECK(parse_int("+7") == int64_t{7});
  CHECK(parse_int("-7") == int64_t{-7});
  CHECK(parse_int(" -0 ") == int64_t{0});
  CHECK(parse_int("9223372036854775807") == INT64_MAX);
  CHECK(parse_int("-9223372036854775808") == INT64_MIN);
  for (const char* bad : {"", " ", "+", "-", "+-1", "-+1", "++1", "1 2", "3x", "x3", "1.5", "1e3", "0x10", "abc", "4a",
                          "- 4", "+ 4", "１"})
    CHECK_FALSE(parse_int(bad).has_value());
  int64_t v = 5;
  CHECK(read_int("9223372036854775808", v) == IntRead::OutOfRange);  // INT64_MAX + 1
  CHECK(read_int("-99999999999999999999", v) == IntRead::OutOfRange);
  CHECK(v == 5);  // untouched on failure
  CHECK(read_int("12z", v) == IntRead::NotANumber);
  CHECK_FALSE(parse_int("9223372036854775808").has_value());
}

TEST_CASE("decimal numbers: finite only, same blank and sign rule", "[text]") {
  CHECK(parse_double("2.5") == 2.5);
  CHECK(parse_double(" -0.25 ") == -0.25);
  CHECK(parse_double("+3") == 3.0);
  CHECK(parse_double("1e3") == 1000.0);
  for (const char* bad : {"", " ", "+-1", "inf", "nan", "1e999", "2.5.1", "3x", "1 2", "+"})
    CHECK_FALSE(parse_double(bad).has_value());
}

TEST_CASE("pairs, cells and sizes: two numbers around one separator", "[text]") {
  CHECK(parse_pair("2") == Pair{2, 2});
  CHECK(parse_pair(" 2 , 3 ") == Pair{2, 3});
  CHECK(parse_pair("-1,+4") == Pair{-1, 4});
  for (const char* bad : {"", ",", "2,", ",3", "2,3,4", "2;3", "2 3", "a,b"}) CHECK_FALSE(parse_pair(bad).has_value());

  CHECK(parse_cell("2,3") == Pair{2, 3});
  CHECK(parse_cell(" 0 ,0") == Pair{0, 0});
  for (const char* bad : {"3", "", "2,", ",2", "2x3"}) CHECK_FALSE(parse_cell(bad).has_value());

  CHECK(parse_size("3x4") == Pair{3, 4});
  CHECK(parse_size("3 X 4") == Pair{3, 4});
  CHECK(parse_size("1280x720") == Pair{1280, 720});
  for (const char* bad : {"3x", "x3", "x", "", "3", "3x4x5", "3*4", "3,4"}) CHECK_FALSE(parse_size(bad).has_value());
  CHECK(parse_size("5", true) == Pair{5, 5});
  CHECK_FALSE(parse_size("5", false).has_value());
  CHECK_FALSE(parse_size("x5", true).has_value());
}

TEST_CASE("option readers name the option and say how to write it", "[text]") {
  const Result<int64_t> ok = parse_int(" 3 ", "--groups", 1, 8);
  REQUIRE(ok.ok());
  CHECK(ok.value() == 3);
  CHECK(parse_int("abc", "--groups", 1, 8).error().message == "--groups 'abc' is not a whole number. Write e.g. --groups 1.");
  CHECK(parse_int("", "--threads", 0, 8).error().message == "--threads '' is not a whole number. Write e.g. --threads 1.");
  CHECK(parse_int("9", "--groups", 1, 8).error().message == "--groups is 9, but it must be between 1 and 8.");
  CHECK(parse_int("-1", "--groups", 1, 8).error().message == "--groups is -1, but it must be between 1 and 8.");
  CHECK(parse_int("99999999999999999999", "--groups", 1, 8).error().message ==
        "--groups is 99999999999999999999, but it must be between 1 and 8.");

  CHECK(parse_pair("2,1", "--stride").value() == Pair{2, 1});
  CHECK(parse_pair("2;1", "--stride").error().message ==
        "--stride '2;1' is not a number or a pair of numbers. Write one whole number for both axes or two separated by "
        "a comma for height,width, e.g. --stride 2 or --stride 2,1.");
}

TEST_CASE("number formatting", "[text]") {
  // For the UI: 4 significant digits, 3 for very large or very small values; -0 is 0.
  CHECK(format_number(0.0f) == "0");
  CHECK(format_number(-0.0f) == "0");
  CHECK(format_number(6.0f) == "6");
  CHECK(format_number(0.75f) == "0.75");
  CHECK(format_number(-1.5f) == "-1.5");
  CHECK(format_number(1.0f / 3.0f) == "0.3333");
  CHECK(format_number(12346.0f) == "1.235e+04");
  CHECK(format_number(123456.0f) == "1.23e+05");
  CHECK(format_number(0.0001f) == "0.0001");  // %.3g of 1e-4
  // Canonical answer text: integers exactly, others 6 significant digits.
  CHECK(number_text(0) == "0");
  CHECK(number_text(63) == "63");
  CHECK(number_text(-4) == "-4");
  CHECK(number_text(123456789) == "123456789");
  CHECK(number_text(1.0 / 3.0) == "0.333333");
  CHECK(number_text(2.5) == "2.5");
  CHECK(number_text(1e20) == "1e+20");
}
