#pragma once
// Reading numbers out of user text (options, lessons files, typed answers) and writing numbers
// back as text. Every reader follows one whitespace rule:
//   blanks (space, tab, CR, LF, VT, FF) around a number and around a separator (',' or 'x') are
//   ignored; inside a number there are none. A number is an optional '+' or '-' and decimal
//   digits, nothing else ("3", " -2 ", "+7"; not "3x", "x3", "1 2", "0x10", "+-1", "").
// The optional readers say only whether the text is a number; the Result readers give a message
// that names the option and says how to write it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/params.h"
#include "core/result.h"

namespace tconv::text {

bool is_blank(char c);                // the blanks of the rule above
std::string trim(std::string_view s);  // without leading and trailing blanks
std::string lower(std::string s);      // ASCII lower case

// ---------------------------------------------------------------- numbers
enum class IntRead { Ok, NotANumber, OutOfRange };  // OutOfRange: digits beyond int64
IntRead read_int(std::string_view s, int64_t& value);
std::optional<int64_t> parse_int(std::string_view s);  // nullopt: not a number, or beyond int64
// A finite decimal ("2.5", "-1e3", "+.5"); nullopt for anything else, "inf" and "nan" included.
std::optional<double> parse_double(std::string_view s);

// ---------------------------------------------------------------- two numbers
// "2" -> {2, 2}, "2,3" -> {2, 3} (height, width).
std::optional<Pair> parse_pair(std::string_view s);
// "2,3" -> {2, 3} (row, column); both numbers required.
std::optional<Pair> parse_cell(std::string_view s);
// "3x4", "3 X 4" -> {3, 4}: h is the number written first (rows in "RxC", width in "WxH").
// With allow_single, a bare "3" reads as {3, 3}.
std::optional<Pair> parse_size(std::string_view s, bool allow_single = false);

// ---------------------------------------------------------------- with messages
// A whole number in [min, max]; messages name `name` (an option such as "--groups").
Result<int64_t> parse_int(const std::string& text, const std::string& name, int64_t min, int64_t max);
// parse_pair with a message naming `name` ("--stride '2;1' is not a number or a pair ...").
Result<Pair> parse_pair(const std::string& text, const std::string& name);

// ---------------------------------------------------------------- writing numbers
// Compact, for the UI and formulas: 4 significant digits (3 for very large or small values):
// "6", "0.75", "-1.5", "1.2e+05"; -0 prints as "0".
std::string format_number(float v);
// Canonical text of an answer: integers exactly ("63"), others with 6 significant digits.
std::string number_text(double v);

}  // namespace tconv::text
