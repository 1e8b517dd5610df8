#include "core/text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tconv::text {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_blank(s[b])) ++b;
  while (e > b && is_blank(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

namespace {
// from_chars reads '-' but not '+'; a '+' is allowed only directly before a digit.
const char* skip_plus(const std::string& t) {
  return t.size() >= 2 && t[0] == '+' && t[1] >= '0' && t[1] <= '9' ? t.data() + 1 : t.data();
}
}  // namespace

IntRead read_int(std::string_view s, int64_t& value) {
  const std::string t = trim(s);
  if (t.empty()) return IntRead::NotANumber;
  int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(skip_plus(t), t.data() + t.size(), v);
  if (ptr != t.data() + t.size() || (ec != std::errc() && ec != std::errc::result_out_of_range))
    return IntRead::NotANumber;
  if (ec == std::errc::result_out_of_range) return IntRead::OutOfRange;
  value = v;
  return IntRead::Ok;
}

std::optional<int64_t> parse_int(std::string_view s) {
  int64_t v = 0;
  if (read_int(s, v) != IntRead::Ok) return std::nullopt;
  return v;
}

std::optional<double> parse_double(std::string_view s) {
  const std::string t = trim(s);
  if (t.empty()) return std::nullopt;
  const char* first = t.size() >= 2 && t[0] == '+' && t[1] != '-' && t[1] != '+' ? t.data() + 1 : t.data();
  double v = 0;
#ifdef __EMSCRIPTEN__  // its libc++ has no floating-point from_chars: strtod (C locale), no hex
  if (t.find_first_of("xX \t\r\n") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  v = std::strtod(first, &end);
  if (end != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
#else
  const auto [ptr, ec] = std::from_chars(first, t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
#endif
  return v;
}

namespace {
// Two whole numbers around the first `sep` (one of `seps`); a missing separator gives a square
// pair when allow_single.
std::optional<Pair> two_numbers(std::string_view s, std::string_view seps, bool allow_single) {
  const size_t at = s.find_first_of(seps);
  if (at == std::string_view::npos) {
    if (!allow_single) return std::nullopt;
    const auto n = parse_int(s);
    if (!n) return std::nullopt;
    return Pair{*n, *n};
  }
  const auto a = parse_int(s.substr(0, at)), b = parse_int(s.substr(at + 1));
  if (!a || !b) return std::nullopt;
  return Pair{*a, *b};
}
}  // namespace

std::optional<Pair> parse_pair(std::string_view s) { return two_numbers(s, ",", true); }
std::optional<Pair> parse_cell(std::string_view s) { return two_numbers(s, ",", false); }
std::optional<Pair> parse_size(std::string_view s, bool allow_single) { return two_numbers(s, "xX", allow_single); }

Result<int64_t> parse_int(const std::string& text, const std::string& name, int64_t min, int64_t max) {
  int64_t v = 0;
  const IntRead r = read_int(text, v);
  if (r == IntRead::NotANumber)
    return Error{name + " '" + text + "' is not a whole number. Write e.g. " + name + " " +
                 std::to_string(min < 1 ? 1 : min) + "."};
  if (r == IntRead::OutOfRange || v < min || v > max)
    return Error{name + " is " + (r == IntRead::OutOfRange ? trim(text) : std::to_string(v)) +
                 ", but it must be between " + std::to_string(min) + " and " + std::to_string(max) + "."};
  return v;
}

Result<Pair> parse_pair(const std::string& text, const std::string& name) {
  const std::optional<Pair> p = parse_pair(std::string_view(text));
  if (!p)
    return Error{name + " '" + text + "' is not a number or a pair of numbers. Write one whole number for both "
                 "axes or two separated by a comma for height,width, e.g. " + name + " 2 or " + name + " 2,1."};
  return *p;
}

std::string format_number(float v) {
  if (v == 0.0f) return "0";  // also turns -0 into 0
  char buf[32];
  const double d = static_cast<double>(v);
  if (std::fabs(d) >= 1e5 || std::fabs(d) < 1e-3)
    std::snprintf(buf, sizeof buf, "%.3g", d);
  else
    std::snprintf(buf, sizeof buf, "%.4g", d);
  return buf;
}

std::string number_text(double v) {
  char buf[40];
  if (v == 0) return "0";
  if (std::fabs(v) < 1e15 && v == std::floor(v))
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace tconv::text
