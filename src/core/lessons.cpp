// Lessons: parser, state, answer checking and verification (see lessons.h for the file format).
// Sections:
//   1. text helpers (suggestions; numbers are read by core/text.h)
//   2. value parsers (grids, pairs, answers, stacks), one per key kind
//   3. parse_lessons: pass 1 groups lines into blocks, pass 2 turns a block into a Lesson
//   4. lesson_setup: resolve the configuration, check pin and step
//   5. reading typed answers and check_answer
//   6. computed answers and verify_lesson
//   7. decoder stacks
#include "core/lessons.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/forward.h"
#include "core/kernels.h"
#include "core/text.h"

namespace tconv {

using text::lower;
using text::number_text;
using text::parse_cell;
using text::parse_double;
using text::parse_int;
using text::parse_pair;
using text::parse_size;
using text::trim;

// ================================================================ 1. text helpers
namespace {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
  return s;
}

std::vector<std::string> split_ws(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

std::string str(int64_t v) { return std::to_string(v); }

std::string pair_text(Pair p, const char* sep) { return str(p.h) + sep + str(p.w); }

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
  return s;
}

// " Did you mean 'x'?" when a known word is close, else "".
std::string suggestion(const std::string& word, const std::vector<std::string>& known) {
  std::string best;
  size_t best_d = 3;
  for (const std::string& k : known) {
    const size_t d = edit_distance(word, k);
    if (d < best_d) best_d = d, best = k;
  }
  return best.empty() ? "" : " Did you mean '" + best + "'?";
}

const std::vector<std::string>& known_keys() {
  static const std::vector<std::string> keys = {
      "title", "id", "preset", "input", "kernel", "stride", "padding", "output_padding", "dilation", "view", "pin",
      "step", "text", "question", "answer", "option", "hint", "right", "wrong", "verify", "stack"};
  return keys;
}

// Limits for lessons: teaching sizes (the GUI's grids go to 16), so that no lesson file can ask
// the teaching models for millions of terms.
constexpr int64_t kMaxLessonSide = 32;     // input and kernel rows/columns
constexpr int64_t kMaxLessonParam = 64;    // stride, padding, output_padding, dilation; stack layer numbers
constexpr int64_t kMaxStackSize = 1 << 16; // stack start size and every size it reaches

}  // namespace

std::string format_lesson_error(const std::string& source_name, const LessonError& e) {
  return source_name + ":" + std::to_string(e.line) + ": " + e.message;
}

// ================================================================ 2. value parsers
namespace {

using Msg = std::optional<std::string>;  // an error message, or nullopt for success

Msg parse_grid(const std::string& key, const std::string& value, GridSpec& g) {
  const std::string how = "Write e.g. `" + key + " = 3x3 ramp`, `" + key + " = 3x3 ones`, `" + key +
                          " = 2x2: 1 2 / 3 4`" + (key == "kernel" ? ", `kernel = bilinear` or `kernel = edge`." : ".");
  std::string v = lower(trim(value));
  if (key == "kernel" && (v == "bilinear" || v == "edge")) {
    g.fill = v == "bilinear" ? GridSpec::Fill::Bilinear : GridSpec::Fill::Edge;
    return std::nullopt;
  }
  std::string size_part, rest;
  const size_t colon = v.find(':');
  if (colon != std::string::npos) {
    size_part = v.substr(0, colon);
    rest = v.substr(colon + 1);
  } else {
    // "3x3 ramp" or "3 x 3 ramp": the size is everything before the last word.
    const size_t sp = v.find_last_of(" \t");
    if (sp == std::string::npos) return key + " '" + trim(value) + "' needs a size and values. " + how;
    size_part = v.substr(0, sp);
    rest = v.substr(sp + 1);
  }
  auto size = parse_size(size_part, false);
  if (!size) return key + " size '" + trim(size_part) + "' is not rows x columns. " + how;
  if (size->h < 1 || size->w < 1 || size->h > kMaxLessonSide || size->w > kMaxLessonSide)
    return key + " size " + pair_text(*size, "x") + " is out of range: use 1 to " + str(kMaxLessonSide) +
           " rows and columns (lessons teach on small grids).";
  g.rows = size->h;
  g.cols = size->w;
  if (colon == std::string::npos) {
    const std::string fill = trim(rest);
    if (fill == "ramp") g.fill = GridSpec::Fill::Ramp;
    else if (fill == "ones") g.fill = GridSpec::Fill::Ones;
    else if (fill == "zeros") g.fill = GridSpec::Fill::Zeros;
    else
      return key + " fill '" + fill + "' is unknown: use ramp (1, 2, 3, ...), ones, zeros, or numbers after a colon. " + how;
    return std::nullopt;
  }
  g.fill = GridSpec::Fill::Values;
  rest = replace_all(replace_all(replace_all(rest, ",", " "), "/", " / "), ";", " / ");
  int64_t in_row = 0, rows_seen = 0;
  bool used_slash = false;
  for (const std::string& tok : split_ws(rest)) {
    if (tok == "/") {
      if (in_row != g.cols)
        return key + " row " + str(rows_seen + 1) + " has " + str(in_row) + " values, but the grid has " + str(g.cols) +
               " columns. Give " + str(g.cols) + " values per row.";
      used_slash = true;
      ++rows_seen;
      in_row = 0;
      continue;
    }
    auto d = parse_double(tok);
    if (!d) return key + " value '" + tok + "' is not a number. Separate numbers with spaces, and rows with '/'.";
    g.values.push_back(static_cast<float>(*d));
    ++in_row;
  }
  if (used_slash && in_row != g.cols)
    return key + " row " + str(rows_seen + 1) + " has " + str(in_row) + " values, but the grid has " + str(g.cols) +
           " columns. Give " + str(g.cols) + " values per row.";
  if (static_cast<int64_t>(g.values.size()) != g.rows * g.cols)
    return key + " is " + pair_text(*size, "x") + " and needs " + str(g.rows * g.cols) + " values, but has " +
           str(static_cast<int64_t>(g.values.size())) + ". Give one number per cell, row by row.";
  return std::nullopt;
}

Msg parse_param(const std::string& key, const std::string& value, int64_t min, std::optional<Pair>& out) {
  auto p = parse_pair(value);
  if (!p) return key + " '" + value + "' is not a number or a height,width pair. Write e.g. `" + key + " = " +
                 str(min + 1) + "` or `" + key + " = " + str(min + 1) + "," + str(min) + "`.";
  if (p->h < min || p->w < min)
    return key + " " + pair_text(*p, ",") + " is too small: it must be at least " + str(min) + ".";
  if (p->h > kMaxLessonParam || p->w > kMaxLessonParam)
    return key + " " + pair_text(*p, ",") + " is too large for a lesson; use at most " + str(kMaxLessonParam) + ".";
  out = *p;
  return std::nullopt;
}

Msg parse_view(const std::string& value, View& v) {
  const std::string t = lower(trim(value));
  const std::vector<std::string> names = {"scatter", "gather", "matrix", "heatmap", "forward", "paired"};
  for (size_t i = 0; i < names.size(); ++i)
    if (t == names[i]) {
      v = static_cast<View>(i);
      return std::nullopt;
    }
  return "view '" + t + "' is unknown: use one of " + join(names, ", ") + "." + suggestion(t, names);
}

Msg parse_answer(const std::string& value, LessonAnswer& a) {
  const std::string t = trim(value);
  const size_t sp = t.find_first_of(" \t");
  const std::string kind = lower(t.substr(0, sp));
  const std::string v = sp == std::string::npos ? "" : trim(t.substr(sp + 1));
  const std::string how = " Write `answer = number 63`, `answer = size 7x9`, `answer = cell 2,2` or `answer = choice b`.";
  if (kind == "number") {
    a.kind = AnswerKind::Number;
    const size_t slash = v.find('/');
    std::optional<double> d;
    if (slash != std::string::npos) {
      auto num = parse_double(v.substr(0, slash)), den = parse_double(v.substr(slash + 1));
      if (num && den && *den != 0) d = *num / *den;
    } else {
      d = parse_double(v);
    }
    if (!d) return "answer number '" + v + "' is not a number." + how;
    a.number = *d;
    a.text = slash != std::string::npos ? v : number_text(*d);
  } else if (kind == "size") {
    a.kind = AnswerKind::Size;
    auto p = parse_size(v, false);
    if (!p || p->h < 1 || p->w < 1) return "answer size '" + v + "' is not rows x columns (e.g. 7x9)." + how;
    a.size = *p;
    a.text = pair_text(*p, "x");
  } else if (kind == "cell") {
    a.kind = AnswerKind::Cell;
    auto p = parse_cell(v);
    if (!p || p->h < 0 || p->w < 0) return "answer cell '" + v + "' is not row,column (0-based, e.g. 2,2)." + how;
    a.cell = *p;
    a.text = pair_text(*p, ",");
  } else if (kind == "choice") {
    a.kind = AnswerKind::Choice;
    const std::string l = lower(v);
    if (l.size() != 1 || l[0] < 'a' || l[0] > 'z') return "answer choice '" + v + "' is not one letter a..z." + how;
    a.choice = l[0];
    a.text = l;
  } else {
    return "answer kind '" + kind + "' is unknown: use number, size, cell or choice." + how +
           suggestion(kind, {"number", "size", "cell", "choice"});
  }
  return std::nullopt;
}

Msg parse_option(const std::string& value, LessonOption& o) {
  const std::string t = trim(value);
  if (t.size() < 2 || !std::isalpha(static_cast<unsigned char>(t[0])) || (t[1] != ':' && t[1] != ')' && t[1] != '.'))
    return "option '" + t + "' must start with its letter and a colon, e.g. `option = a: 5x5`.";
  o.letter = static_cast<char>(std::tolower(static_cast<unsigned char>(t[0])));
  o.text = trim(t.substr(2));
  if (o.text.empty()) return "option " + std::string(1, o.letter) + " has no text after its letter. Write e.g. `option = a: 5x5`.";
  return std::nullopt;
}

struct VerifySpec {
  const char* name;
  int args;         // 0, 1 (N) or 2 (R,C)
  AnswerKind kind;  // what it computes
};
const std::vector<VerifySpec>& verify_specs() {
  static const std::vector<VerifySpec> specs = {
      {"output_size", 0, AnswerKind::Size},       {"output_height", 0, AnswerKind::Number},
      {"output_width", 0, AnswerKind::Number},    {"steps", 0, AnswerKind::Number},
      {"cell_value", 2, AnswerKind::Number},      {"overlap", 2, AnswerKind::Number},
      {"partial_value", 2, AnswerKind::Number},   {"max_overlap", 0, AnswerKind::Number},
      {"min_overlap", 0, AnswerKind::Number},     {"max_overlap_cell", 0, AnswerKind::Cell},
      {"forward_output_size", 0, AnswerKind::Size}, {"forward_cell_value", 2, AnswerKind::Number},
      {"output_padding_for", 1, AnswerKind::Number}, {"transpose_matrix_shape", 0, AnswerKind::Size},
      {"stack_output_size", 0, AnswerKind::Size},
  };
  return specs;
}
const VerifySpec* find_verify(const std::string& name) {
  for (const VerifySpec& s : verify_specs())
    if (name == s.name) return &s;
  return nullptr;
}
const char* kind_name(AnswerKind k) {
  switch (k) {
    case AnswerKind::Number: return "number";
    case AnswerKind::Size: return "size";
    case AnswerKind::Cell: return "cell";
    case AnswerKind::Choice: return "choice";
  }
  return "?";
}

Msg parse_verify(const std::string& value, LessonVerify& v) {
  const std::string t = lower(trim(value));
  const size_t sp = t.find_first_of(" \t");
  v.name = t.substr(0, sp);
  const VerifySpec* spec = find_verify(v.name);
  if (!spec) {
    std::vector<std::string> names;
    for (const VerifySpec& s : verify_specs()) names.push_back(s.name);
    return "verify '" + v.name + "' is unknown: use one of " + join(names, ", ") + "." + suggestion(v.name, names);
  }
  const std::string rest = sp == std::string::npos ? "" : replace_all(t.substr(sp + 1), ",", " ");
  for (const std::string& tok : split_ws(rest)) {
    auto n = parse_int(tok);
    if (!n || *n < 0) return "verify " + v.name + " argument '" + tok + "' is not a non-negative whole number.";
    v.args.push_back(*n);
  }
  if (static_cast<int>(v.args.size()) != spec->args) {
    const char* want = spec->args == 0 ? "no arguments" : (spec->args == 1 ? "one size, e.g. `6`" : "a cell row,col, e.g. `2,2`");
    return "verify " + v.name + " takes " + std::string(want) + ", but got " + str(static_cast<int64_t>(v.args.size())) + ".";
  }
  return std::nullopt;
}

Msg parse_stack(const std::string& value, LessonStack& st) {
  const std::string how = " Write e.g. `stack = 1x1 | k4 s1 p0 | k4 s2 p1` (start size, then layers kN sN pN, optional opN dN).";
  std::vector<std::string> parts;
  std::string cur;
  for (char c : value) {
    if (c == '|') parts.push_back(trim(cur)), cur.clear();
    else cur += c;
  }
  parts.push_back(trim(cur));
  if (parts.size() < 2) return "stack needs a start size and at least one layer." + how;
  auto start = parse_size(parts[0], true);
  if (!start || start->h < 1 || start->w < 1 || start->h > kMaxStackSize || start->w > kMaxStackSize)
    return "stack start size '" + parts[0] + "' is not rows x columns from 1 to " + str(kMaxStackSize) + "." + how;
  st.input = *start;
  for (size_t i = 1; i < parts.size(); ++i) {
    StackLayer l;
    bool has_k = false;
    for (const std::string& tok0 : split_ws(lower(parts[i]))) {
      const std::string tok = tok0;
      const size_t digits = tok.find_first_of("0123456789");
      const std::string name = tok.substr(0, digits);
      auto n = digits == std::string::npos ? std::nullopt : parse_int(tok.substr(digits));
      if (!n || *n < 0 || *n > kMaxLessonParam) return "stack layer " + str(static_cast<int64_t>(i)) + ": '" + tok + "' is not kN, sN, pN, opN or dN." + how;
      if (name == "k") l.kernel = *n, has_k = true;
      else if (name == "s") l.stride = *n;
      else if (name == "p") l.padding = *n;
      else if (name == "op") l.output_padding = *n;
      else if (name == "d") l.dilation = *n;
      else return "stack layer " + str(static_cast<int64_t>(i)) + ": '" + tok + "' is not kN, sN, pN, opN or dN." + how;
    }
    if (!has_k) return "stack layer " + str(static_cast<int64_t>(i)) + " '" + parts[i] + "' has no kernel size (kN)." + how;
    st.layers.push_back(l);
  }
  auto rows = stack_sizes(st);
  if (!rows.ok()) return "stack: " + rows.error().message;
  return std::nullopt;
}

}  // namespace

// ================================================================ 3. parse_lessons
namespace {

struct Entry {
  std::string key, value;
  int line = 0;
};
struct Block {
  int line = 0;           // of the [lesson] header
  bool skip = false;      // bad header: reported once, contents ignored
  std::vector<Entry> entries;
};

// Pass 2: one block -> one Lesson, or errors.
void parse_block(const Block& b, Lesson& L, std::vector<LessonError>& errs) {
  L.line = b.line;
  auto err = [&](int line, std::string msg) { errs.push_back(LessonError{line, std::move(msg)}); };
  for (const Entry& e : b.entries) {
    const std::string& k = e.key;
    const std::string& v = e.value;
    const bool repeatable = k == "text" || k == "option";
    if (!repeatable && L.key_lines.count(k)) {
      err(e.line, k + " is given twice in this lesson (first on line " + std::to_string(L.key_lines[k]) + "). Keep one.");
      continue;
    }
    if (!L.key_lines.count(k)) L.key_lines[k] = e.line;
    if (v.empty() && std::find(known_keys().begin(), known_keys().end(), k) != known_keys().end()) {
      err(e.line, k + " has no value. Write something after '=' or remove the line.");
      continue;
    }
    Msg m;
    if (k == "title") L.title = v;
    else if (k == "id") {
      const bool good = std::all_of(v.begin(), v.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
      });
      if (!good) m = "id '" + v + "' may only contain letters, digits, '-' and '_'.";
      L.id = v;
    } else if (k == "preset") {
      L.preset = lower(v);
    } else if (k == "input" || k == "kernel") {
      GridSpec g;
      m = parse_grid(k, v, g);
      if (!m && k == "input" && (g.fill == GridSpec::Fill::Bilinear || g.fill == GridSpec::Fill::Edge))
        m = "input cannot be " + lower(v) + "; that fill is for kernels.";
      if (!m) (k == "input" ? L.config.input : L.config.kernel) = g;
    } else if (k == "stride") m = parse_param(k, v, 1, L.config.stride);
    else if (k == "padding") m = parse_param(k, v, 0, L.config.padding);
    else if (k == "output_padding") m = parse_param(k, v, 0, L.config.output_padding);
    else if (k == "dilation") m = parse_param(k, v, 1, L.config.dilation);
    else if (k == "view") m = parse_view(v, L.view);
    else if (k == "pin") {
      auto p = parse_cell(v);
      if (!p || p->h < 0 || p->w < 0) m = "pin '" + v + "' is not an output cell row,col (0-based), e.g. `pin = 2,2`.";
      else L.pin = *p;
    } else if (k == "step") {
      if (lower(v) == "end") L.step_end = true;
      else {
        auto n = parse_int(v);
        if (!n || *n < 0) m = "step '" + v + "' is not a whole number of steps (0 = start) or `end`.";
        else L.step = *n;
      }
    } else if (k == "text") L.text.push_back(v);
    else if (k == "question") L.question = v;
    else if (k == "answer") m = parse_answer(v, L.answer);
    else if (k == "option") {
      LessonOption o;
      m = parse_option(v, o);
      if (!m) {
        for (const LessonOption& prev : L.options)
          if (prev.letter == o.letter) m = "option " + std::string(1, o.letter) + " is given twice. Use a different letter.";
        if (!m) L.options.push_back(o);
      }
    } else if (k == "hint") L.hint = v;
    else if (k == "right") L.right = v;
    else if (k == "wrong") L.wrong = v;
    else if (k == "verify") m = parse_verify(v, L.verify);
    else if (k == "stack") m = parse_stack(v, L.stack);
    else
      m = "'" + k + "' is not a lesson key." + suggestion(k, known_keys()) + " Known keys: " + join(known_keys(), ", ") + ".";
    if (m) err(e.line, *m);
  }

  // Whole-lesson rules.
  const std::vector<std::pair<const char*, const char*>> required = {
      {"title", "title = A short title"}, {"text", "text = A few sentences"},
      {"question", "question = What ...?"}, {"answer", "answer = number 5"}};
  for (const auto& r : required)
    if (!L.key_lines.count(r.first))
      err(b.line, std::string("this lesson has no ") + r.first + ". Add a line like `" + r.second + "`.");
  if (L.key_lines.count("answer") && L.answer.text.size()) {
    const int al = L.key_lines["answer"];
    if (L.answer.kind == AnswerKind::Choice) {
      if (L.options.size() < 2)
        err(al, "a choice answer needs at least two options. Add lines like `option = a: ...`.");
      else if (std::none_of(L.options.begin(), L.options.end(), [&](const LessonOption& o) { return o.letter == L.answer.choice; }))
        err(al, std::string("the answer is choice ") + L.answer.choice + ", but there is no option " + L.answer.choice + ". Add it or change the answer.");
    } else if (!L.options.empty()) {
      err(L.key_lines["option"], "options only go with a choice answer. Use `answer = choice a` or remove the options.");
    }
    if (!L.verify.name.empty()) {
      const VerifySpec* spec = find_verify(L.verify.name);
      if (spec && L.answer.kind != AnswerKind::Choice && spec->kind != L.answer.kind)
        err(L.key_lines["verify"], "verify " + L.verify.name + " gives a " + kind_name(spec->kind) + ", but the answer is a " +
                                       kind_name(L.answer.kind) + ". Write `answer = " + kind_name(spec->kind) + " ...`.");
    }
  }
  if (L.verify.name == "stack_output_size" && L.stack.layers.empty() && L.key_lines.count("verify"))
    err(L.key_lines["verify"], "verify stack_output_size needs a `stack = ...` line in the lesson.");
  if (L.right.empty()) L.right = "Right.";
  if (L.wrong.empty()) L.wrong = "Not quite. Look again at the picture and try once more.";
}

int config_line(const Lesson& L) {
  int line = 0;
  for (const char* k : {"preset", "input", "kernel", "stride", "padding", "output_padding", "dilation"}) {
    auto it = L.key_lines.find(k);
    if (it != L.key_lines.end() && (line == 0 || it->second < line)) line = it->second;
  }
  return line ? line : L.line;
}

std::optional<LessonError> resolve(const Lesson& L, const PresetLookup& presets, LessonSetup& out);
std::optional<LessonError> verify_internal(const Lesson& L, const LessonSetup& s);

}  // namespace

LessonFile parse_lessons(const std::string& text, const PresetLookup& presets) {
  LessonFile file;
  std::vector<Block> blocks;
  std::vector<LessonError> errs;
  auto err = [&](int line, std::string msg) { errs.push_back(LessonError{line, std::move(msg)}); };
  std::vector<size_t> bad_blocks;  // blocks with a pass-1 error

  // Pass 1: lines -> blocks of (key, value, line), continuations joined.
  Entry* last = nullptr;
  std::istringstream in(text);
  std::string raw;
  int n = 0;
  while (std::getline(in, raw)) {
    ++n;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    if (n == 1 && raw.rfind("\xEF\xBB\xBF", 0) == 0) raw.erase(0, 3);  // UTF-8 byte-order mark
    const std::string t = trim(raw);
    if (t.empty()) {
      last = nullptr;
      continue;
    }
    if (t[0] == '#') continue;
    if (raw[0] == ' ' || raw[0] == '\t') {
      if (last) {
        last->value += " " + t;
      } else {
        err(n, "this indented line continues nothing: a continuation must follow a `key = value` line directly. Remove the indentation or put it under a key.");
        if (!blocks.empty()) bad_blocks.push_back(blocks.size() - 1);
      }
      continue;
    }
    last = nullptr;
    if (t[0] == '[') {
      Block b;
      b.line = n;
      const std::string name = t.back() == ']' ? lower(trim(t.substr(1, t.size() - 2))) : "";
      if (name != "lesson") {
        err(n, "'" + t + "' is not a section header this file knows: every lesson starts with a line `[lesson]`. This lesson is skipped until it is fixed.");
        b.skip = true;
      }
      blocks.push_back(b);
      continue;
    }
    const size_t eq = t.find('=');
    const std::string key = eq == std::string::npos ? "" : lower(trim(t.substr(0, eq)));
    if (eq == std::string::npos || key.empty() || key.find_first_of(" \t") != std::string::npos) {
      err(n, "expected `key = value` here, e.g. `title = Regular convolution`. Text that goes on the next line must start with a space (a continuation).");
      if (!blocks.empty()) bad_blocks.push_back(blocks.size() - 1);
      continue;
    }
    if (blocks.empty()) {
      err(n, "'" + key + "' comes before the first lesson. Put a line `[lesson]` above it.");
      continue;
    }
    if (blocks.back().skip) continue;
    blocks.back().entries.push_back(Entry{key, trim(t.substr(eq + 1)), n});
    last = &blocks.back().entries.back();
  }

  // Pass 2: each block -> a lesson, checked in full where it can be.
  std::map<std::string, int> ids;
  for (size_t bi = 0; bi < blocks.size(); ++bi) {
    const Block& b = blocks[bi];
    if (b.skip) continue;
    Lesson L;
    const size_t before = errs.size();
    parse_block(b, L, errs);
    if (!L.id.empty()) {
      auto it = ids.find(L.id);
      if (it != ids.end())
        err(L.key_lines["id"], "id '" + L.id + "' is already used by the lesson on line " + std::to_string(it->second) + ". Ids must be unique.");
      else
        ids[L.id] = L.line;
    }
    bool bad = errs.size() != before || std::find(bad_blocks.begin(), bad_blocks.end(), bi) != bad_blocks.end();
    if (!bad && (L.preset.empty() || presets)) {
      LessonSetup s;
      std::optional<LessonError> e = resolve(L, presets, s);
      if (!e) e = verify_internal(L, s);
      if (e) errs.push_back(*e), bad = true;
    }
    if (!bad) file.lessons.push_back(std::move(L));
  }
  std::stable_sort(errs.begin(), errs.end(), [](const LessonError& a, const LessonError& b) { return a.line < b.line; });
  file.errors = std::move(errs);
  return file;
}

// ================================================================ 4. lesson_setup
namespace {

Grid grid_from(const GridSpec& g) {
  Grid out(g.rows, g.cols);
  for (size_t i = 0; i < out.v.size(); ++i) {
    switch (g.fill) {
      case GridSpec::Fill::Ramp: out.v[i] = static_cast<float>(i + 1); break;
      case GridSpec::Fill::Ones: out.v[i] = 1.0f; break;
      case GridSpec::Fill::Zeros: out.v[i] = 0.0f; break;
      case GridSpec::Fill::Values: out.v[i] = g.values[i]; break;
      case GridSpec::Fill::Bilinear:
      case GridSpec::Fill::Edge: break;  // resolved by the caller
    }
  }
  return out;
}

std::optional<LessonError> resolve(const Lesson& L, const PresetLookup& presets, LessonSetup& s) {
  const int cl = config_line(L);
  TeachingConfig c;
  if (!L.preset.empty()) {
    const int pl = L.key_lines.count("preset") ? L.key_lines.at("preset") : L.line;
    if (!presets)
      return LessonError{pl, "this lesson uses preset '" + L.preset + "', but no preset table was given. Load lessons through the app, or give an explicit configuration."};
    auto base = presets.find(L.preset);
    if (!base)
      return LessonError{pl, "preset '" + L.preset + "' is unknown: use one of " + join(presets.names, ", ") +
                                 " (the app's preset menu), or an explicit configuration." +
                                 suggestion(L.preset, presets.names)};
    c = *base;
  } else {
    c.input = Grid(3, 3);
    c.input.v = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    c.kernel = Grid(3, 3, 1.0f);
  }
  ConvTransposeParams& p = c.params;
  p.groups = 1;
  const LessonConfig& lc = L.config;
  if (lc.stride) p.stride = *lc.stride;
  if (lc.padding) p.padding = *lc.padding;
  if (lc.output_padding) p.output_padding = *lc.output_padding;
  if (lc.dilation) p.dilation = *lc.dilation;
  if (lc.input) c.input = grid_from(*lc.input);
  if (lc.kernel) {
    const GridSpec& g = *lc.kernel;
    if (g.fill == GridSpec::Fill::Bilinear || g.fill == GridSpec::Fill::Edge) {
      auto k = kernel_preset(g.fill == GridSpec::Fill::Bilinear ? "bilinear" : "edge", p.stride);
      if (!k.ok()) return LessonError{L.key_lines.at("kernel"), "kernel: " + k.error().message};
      c.kernel = Grid(k.value().kernel.h, k.value().kernel.w);
      c.kernel.v = k.value().kernel.v;
    } else {
      c.kernel = grid_from(g);
    }
  }
  s.config = c;
  s.view = L.view;
  int64_t out_h = 0, out_w = 0;
  if (L.view == View::Forward) {
    auto fm = build_forward_model(ForwardConfig{c.input, c.kernel, c.params});
    if (!fm.ok()) return LessonError{cl, "this configuration is impossible for a convolution (the forward view): " + fm.error().message};
    out_h = fm.value().out_h;
    out_w = fm.value().out_w;
    s.step_count = fm.value().steps.size();
  } else {
    auto tm = build_teaching_model(c);
    if (!tm.ok()) return LessonError{cl, "this configuration is impossible: " + tm.error().message};
    out_h = tm.value().out_h;
    out_w = tm.value().out_w;
    s.step_count = tm.value().steps.size();
    if (L.view == View::Paired) {
      auto pv = build_paired_view(c, Grid());
      if (!pv.ok()) return LessonError{cl, "the paired view cannot show this configuration: " + pv.error().message};
    }
  }
  if (L.pin) {
    if (L.pin->h >= out_h || L.pin->w >= out_w)
      return LessonError{L.key_lines.at("pin"), "pin " + pair_text(*L.pin, ",") + " is outside the " + str(out_h) + "x" + str(out_w) +
                                                    " output. Use a row from 0 to " + str(out_h - 1) + " and a column from 0 to " + str(out_w - 1) + "."};
    s.pin = L.pin;
  }
  if (L.step_end) {
    s.step = s.step_count;
  } else {
    if (L.step > static_cast<int64_t>(s.step_count))
      return LessonError{L.key_lines.at("step"), "step " + str(L.step) + " is past the last step: this view has " + str(static_cast<int64_t>(s.step_count)) +
                                                     " steps. Use 0 to " + str(static_cast<int64_t>(s.step_count)) + ", or `step = end`."};
    s.step = static_cast<size_t>(L.step);
  }
  return std::nullopt;
}

}  // namespace

Result<LessonSetup> lesson_setup(const Lesson& lesson, const PresetLookup& presets) {
  LessonSetup s;
  if (auto e = resolve(lesson, presets, s)) return Error{"line " + std::to_string(e->line) + ": " + e->message};
  return s;
}

// ================================================================ 5. typed answers
namespace {

struct Num {
  double value = 0;
  int decimals = 0;       // digits after the point as typed
  bool integer = true;    // no point, no fraction
  bool fraction = false;  // a/b
};

// Every number in s, in order: "-1.5", "3", "1/3" (a fraction is one number).
std::vector<Num> scan_numbers(const std::string& s) {
  std::vector<Num> out;
  size_t i = 0;
  auto read_one = [&](size_t& pos, Num& num) -> bool {
    size_t b = pos;
    if (s[pos] == '-' || s[pos] == '+') ++pos;
    size_t digits = 0, dec = 0;
    bool point = false;
    while (pos < s.size() && (std::isdigit(static_cast<unsigned char>(s[pos])) || (s[pos] == '.' && !point))) {
      if (s[pos] == '.') point = true;
      else (point ? dec : digits)++;
      ++pos;
    }
    if (digits + dec == 0) {
      pos = b + 1;
      return false;
    }
    // An exponent, as in 1e+20 (the canonical text of a huge number).
    if (pos + 1 < s.size() && s[pos] == 'e') {
      size_t e = pos + 1;
      if (s[e] == '+' || s[e] == '-') ++e;
      if (e < s.size() && std::isdigit(static_cast<unsigned char>(s[e]))) {
        while (e < s.size() && std::isdigit(static_cast<unsigned char>(s[e]))) ++e;
        pos = e;
        point = true;  // not a plain integer
      }
    }
    std::string tok = s.substr(b, pos - b);
    if (!tok.empty() && tok.back() == '.') tok.pop_back(), point = false;  // "5." at a sentence end
    auto d = parse_double(tok);
    if (!d) return false;
    num.value = *d;
    num.decimals = static_cast<int>(dec);
    num.integer = !point;
    return true;
  };
  while (i < s.size()) {
    const char c = s[i];
    const bool sign = (c == '-' || c == '+') && i + 1 < s.size() &&
                      (std::isdigit(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '.') &&
                      (i == 0 || !std::isalnum(static_cast<unsigned char>(s[i - 1])));
    const bool start = std::isdigit(static_cast<unsigned char>(c)) ||
                       (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])));
    if (!sign && !start) {
      ++i;
      continue;
    }
    Num a;
    if (!read_one(i, a)) continue;
    // A fraction "a/b" (spaces allowed around the slash).
    size_t j = i;
    while (j < s.size() && s[j] == ' ') ++j;
    if (j < s.size() && s[j] == '/') {
      ++j;
      while (j < s.size() && s[j] == ' ') ++j;
      Num b;
      size_t k = j;
      if (k < s.size() && (std::isdigit(static_cast<unsigned char>(s[k])) || s[k] == '.') && read_one(k, b) && b.value != 0) {
        a.value /= b.value;
        a.fraction = true;
        a.integer = false;
        i = k;
      }
    }
    out.push_back(a);
  }
  return out;
}

// Lowercase, the multiplication sign and the minus sign as ASCII.
std::string normalize(const std::string& typed) {
  std::string s = lower(trim(typed));
  s = replace_all(s, "\xC3\x97", "x");      // U+00D7 multiplication sign
  s = replace_all(s, "\xE2\x88\x92", "-");  // U+2212 minus sign
  s = replace_all(s, "\xE2\x80\x93", "-");  // en dash typed as minus
  return s;
}

// The numbers of the part after the last '=' that has any ("y[0,1] = 4" -> 4).
std::vector<Num> answer_numbers(const std::string& s) {
  const size_t eq = s.rfind('=');
  if (eq != std::string::npos) {
    auto after = scan_numbers(s.substr(eq + 1));
    if (!after.empty()) return after;
  }
  return scan_numbers(s);
}

std::optional<double> read_number(const std::string& s, int& decimals, bool& exact_form) {
  const auto nums = answer_numbers(s);
  if (nums.empty()) return std::nullopt;
  if (nums.size() == 2 && nums[0].value == nums[1].value && nums[0].integer && nums[1].integer) {
    // "8x8" typed for 8
    decimals = 0;
    exact_form = true;
    return nums[0].value;
  }
  if (nums.size() != 1) return std::nullopt;
  decimals = nums[0].decimals;
  exact_form = nums[0].integer || nums[0].fraction;
  return nums[0].value;
}

// Two non-negative integers (or one, for a square size when allow_single). With an '=', the side
// that reads as a pair wins: "y[2,3] = 45" is the cell 2,3; "size = 7x9" is 7x9.
std::optional<Pair> read_pair(const std::string& s, bool allow_single) {
  auto as_pair = [&](const std::vector<Num>& nums) -> std::optional<Pair> {
    for (const Num& n : nums)
      if (!n.integer || n.value < 0 || n.value > 1e9) return std::nullopt;
    if (nums.size() == 2) return Pair{static_cast<int64_t>(nums[0].value), static_cast<int64_t>(nums[1].value)};
    if (nums.size() == 1 && allow_single) return Pair{static_cast<int64_t>(nums[0].value), static_cast<int64_t>(nums[0].value)};
    return std::nullopt;
  };
  const size_t eq = s.find('=');
  if (eq == std::string::npos) return as_pair(scan_numbers(s));
  if (auto p = as_pair(scan_numbers(s.substr(0, eq)))) return p;
  return as_pair(scan_numbers(s.substr(eq + 1)));
}

std::string option_key(const std::string& s) {
  std::string t = lower(trim(s));
  while (!t.empty() && (t.back() == '.' || t.back() == '!' || t.back() == ' ')) t.pop_back();
  std::string out;
  for (char c : t)
    if (!(c == ' ' && !out.empty() && out.back() == ' ')) out += c;
  return out;
}

std::optional<char> read_choice(const std::string& s, const std::vector<LessonOption>& options) {
  // "b", "(b)", "[b]", "b)", "b.", "b: 25x9" -> 'b'; otherwise the option's text typed out.
  const std::string t = trim(s);
  size_t b = 0;
  while (b < t.size() && (t[b] == '(' || t[b] == '[')) ++b;
  if (b < t.size() && std::isalpha(static_cast<unsigned char>(t[b])) &&
      (b + 1 == t.size() || std::string(")].:").find(t[b + 1]) != std::string::npos))
    return t[b];
  const std::string key = option_key(s);
  for (const LessonOption& o : options)
    if (option_key(o.text) == key) return o.letter;
  return std::nullopt;
}

bool numbers_match(double typed, int decimals, bool exact_form, double expected) {
  const double tol_exact = 1e-6 * std::max(1.0, std::fabs(expected));
  if (std::fabs(typed - expected) <= tol_exact) return true;
  if (expected == std::floor(expected)) return false;  // integers must be exact
  if (exact_form || decimals < 2) return false;
  return std::fabs(typed - expected) <= 0.5 * std::pow(10.0, -decimals) + 1e-12;
}

std::string unclear_message(const Lesson& L) {
  switch (L.answer.kind) {
    case AnswerKind::Number: return "Type one number, e.g. 12.";
    case AnswerKind::Size: return "Type a size as rows x columns, e.g. 5x5.";
    case AnswerKind::Cell: return "Type the cell as row,column (counting from 0), e.g. 2,3.";
    case AnswerKind::Choice: {
      std::string letters;
      for (size_t i = 0; i < L.options.size(); ++i)
        letters += std::string(i == 0 ? "" : (i + 1 == L.options.size() ? " or " : ", ")) + L.options[i].letter;
      return "Type the letter of one option: " + letters + ".";
    }
  }
  return "";
}

}  // namespace

AnswerFeedback check_answer(const Lesson& L, const std::string& typed) {
  AnswerFeedback f;
  f.expected = L.answer.text;
  const std::string s = normalize(typed);
  std::optional<bool> right;
  switch (L.answer.kind) {
    case AnswerKind::Number: {
      int decimals = 0;
      bool exact = false;
      if (auto v = read_number(s, decimals, exact)) right = numbers_match(*v, decimals, exact, L.answer.number);
      break;
    }
    case AnswerKind::Size:
      if (auto p = read_pair(s, true)) right = *p == L.answer.size;
      break;
    case AnswerKind::Cell:
      if (auto p = read_pair(s, false)) right = *p == L.answer.cell;
      break;
    case AnswerKind::Choice:
      if (auto c = read_choice(s, L.options)) {
        const bool known = std::any_of(L.options.begin(), L.options.end(), [&](const LessonOption& o) { return o.letter == *c; });
        if (known) right = *c == L.answer.choice;
      }
      break;
  }
  if (!right) {
    f.verdict = Verdict::Unclear;
    f.message = unclear_message(L);
  } else {
    f.verdict = *right ? Verdict::Right : Verdict::Wrong;
    f.message = *right ? L.right : L.wrong;
  }
  return f;
}

// ================================================================ 6. computed answers
namespace {

LessonAnswer number_answer(double v) {
  LessonAnswer a;
  a.kind = AnswerKind::Number;
  a.number = v;
  a.text = number_text(v);
  return a;
}
LessonAnswer size_answer(int64_t h, int64_t w) {
  LessonAnswer a;
  a.kind = AnswerKind::Size;
  a.size = {h, w};
  a.text = pair_text(a.size, "x");
  return a;
}
LessonAnswer cell_answer(int64_t r, int64_t c) {
  LessonAnswer a;
  a.kind = AnswerKind::Cell;
  a.cell = {r, c};
  a.text = pair_text(a.cell, ",");
  return a;
}

Result<LessonAnswer> compute(const Lesson& L, const LessonSetup& s) {
  const std::string& v = L.verify.name;
  const std::vector<int64_t>& args = L.verify.args;
  if (v.empty()) return Error{"this lesson has no verify line."};
  const TeachingConfig& c = s.config;
  auto cell_in = [&](int64_t h, int64_t w) -> std::optional<Error> {
    if (args[0] < h && args[1] < w) return std::nullopt;
    return Error{"verify " + v + " " + str(args[0]) + "," + str(args[1]) + " is outside the " + str(h) + "x" + str(w) +
                 " output. Use a row below " + str(h) + " and a column below " + str(w) + "."};
  };
  if (v == "stack_output_size") {
    auto rows = stack_sizes(L.stack);
    if (!rows.ok()) return rows.error();
    if (rows.value().empty()) return Error{"verify stack_output_size needs a `stack = ...` line."};
    return size_answer(rows.value().back().out.h, rows.value().back().out.w);
  }
  if (v == "steps") return number_answer(static_cast<double>(s.step_count));
  if (v == "forward_output_size" || v == "forward_cell_value") {
    auto fm = build_forward_model(ForwardConfig{c.input, c.kernel, c.params});
    if (!fm.ok()) return fm.error();
    const ForwardModel& m = fm.value();
    if (v == "forward_output_size") return size_answer(m.out_h, m.out_w);
    if (auto e = cell_in(m.out_h, m.out_w)) return *e;
    return number_answer(m.output.at(args[0], args[1]));
  }
  auto tm = build_teaching_model(c);
  if (!tm.ok()) return tm.error();
  const TeachingModel& m = tm.value();
  if (v == "output_size") return size_answer(m.out_h, m.out_w);
  if (v == "output_height") return number_answer(static_cast<double>(m.out_h));
  if (v == "output_width") return number_answer(static_cast<double>(m.out_w));
  if (v == "transpose_matrix_shape")
    return size_answer(m.out_h * m.out_w, c.input.rows * c.input.cols);  // C^T: N cells x M cells
  if (v == "cell_value" || v == "overlap" || v == "partial_value") {
    if (auto e = cell_in(m.out_h, m.out_w)) return *e;
    if (v == "cell_value") return number_answer(m.output.at(args[0], args[1]));
    if (v == "overlap") return number_answer(m.overlap_at(args[0], args[1]));
    if (s.view == View::Forward)
      return Error{"verify partial_value counts placements of the transposed convolution, but this lesson's view is forward. Use forward_cell_value or another view."};
    return number_answer(partial_output(m, s.step).at(args[0], args[1]));
  }
  if (v == "max_overlap" || v == "min_overlap" || v == "max_overlap_cell") {
    const auto mx = std::max_element(m.overlap.begin(), m.overlap.end());
    if (v == "max_overlap") return number_answer(*mx);
    if (v == "min_overlap") return number_answer(*std::min_element(m.overlap.begin(), m.overlap.end()));
    if (std::count(m.overlap.begin(), m.overlap.end(), *mx) != 1)
      return Error{"verify max_overlap_cell needs one cell with the most overlaps, but " +
                   str(std::count(m.overlap.begin(), m.overlap.end(), *mx)) + " cells share the largest count " + str(*mx) +
                   ". Ask about max_overlap instead, or change the configuration."};
    const int64_t idx = mx - m.overlap.begin();
    return cell_answer(idx / m.out_w, idx % m.out_w);
  }
  if (v == "output_padding_for") {
    const ConvTransposeParams& p = c.params;
    int64_t op[2] = {0, 0};
    const AxisParams axes[2] = {{c.input.rows, c.kernel.rows, p.stride.h, p.padding.h, p.dilation.h, p.output_padding.h},
                                {c.input.cols, c.kernel.cols, p.stride.w, p.padding.w, p.dilation.w, p.output_padding.w}};
    for (int a = 0; a < 2; ++a) {
      const RoundTrip rt = round_trip(axes[a], a == 0 ? "height" : "width");
      auto it = std::find_if(rt.sizes.begin(), rt.sizes.end(), [&](const RoundTripSize& r) { return r.size == args[0]; });
      if (it == rt.sizes.end())
        return Error{"verify output_padding_for " + str(args[0]) + ": no output_padding makes the transposed convolution give " +
                     str(args[0]) + ". " + rt.text};
      op[a] = it->output_padding;
    }
    if (op[0] != op[1])
      return Error{"verify output_padding_for " + str(args[0]) + " needs output_padding " + str(op[0]) + " for the height but " +
                   str(op[1]) + " for the width. Use a square configuration."};
    return number_answer(static_cast<double>(op[0]));
  }
  return Error{"verify " + v + " is not implemented."};
}

// Does `text` read as `computed` (for choice options)? Uses the student-answer readers.
bool text_reads_as(const std::string& text, const LessonAnswer& computed) {
  const std::string s = normalize(text);
  switch (computed.kind) {
    case AnswerKind::Number: {
      int decimals = 0;
      bool exact = false;
      auto v = read_number(s, decimals, exact);
      return v && std::fabs(*v - computed.number) <= 1e-4 * std::max(1.0, std::fabs(computed.number));
    }
    case AnswerKind::Size: {
      auto p = read_pair(s, false);
      return p && *p == computed.size;
    }
    case AnswerKind::Cell: {
      auto p = read_pair(s, false);
      return p && *p == computed.cell;
    }
    case AnswerKind::Choice: return false;
  }
  return false;
}

std::optional<LessonError> verify_internal(const Lesson& L, const LessonSetup& s) {
  if (L.verify.name.empty()) return std::nullopt;
  const int vl = L.key_lines.count("verify") ? L.key_lines.at("verify") : L.line;
  auto computed = compute(L, s);
  if (!computed.ok()) return LessonError{vl, computed.error().message};
  const LessonAnswer& c = computed.value();
  const int al = L.key_lines.count("answer") ? L.key_lines.at("answer") : L.line;
  if (L.answer.kind == AnswerKind::Choice) {
    std::string matching;
    for (const LessonOption& o : L.options)
      if (text_reads_as(o.text, c)) matching += o.letter;
    if (matching.find(L.answer.choice) == std::string::npos)
      return LessonError{al, "the answer is choice " + std::string(1, L.answer.choice) + ", but " + L.verify.name + " of this configuration is " +
                                 c.text + (matching.empty() ? ", which no option states" : ", which is option " + matching.substr(0, 1)) +
                                 ". Fix the answer, the options or the configuration."};
    if (matching.size() > 1)
      return LessonError{al, "options " + matching + " all read as " + c.text + " (" + L.verify.name + "). Make exactly one option right."};
    return std::nullopt;
  }
  bool same = false;
  switch (c.kind) {
    case AnswerKind::Number:
      same = std::fabs(L.answer.number - c.number) <= 1e-4 * std::max(1.0, std::fabs(c.number));
      break;
    case AnswerKind::Size: same = L.answer.size == c.size; break;
    case AnswerKind::Cell: same = L.answer.cell == c.cell; break;
    case AnswerKind::Choice: break;
  }
  if (!same) {
    std::string name = L.verify.name;
    for (size_t i = 0; i < L.verify.args.size(); ++i) name += (i ? "," : " ") + str(L.verify.args[i]);
    return LessonError{al, "the answer says " + L.answer.text + ", but " + name + " of this configuration is " + c.text +
                               ". Fix the answer (or the configuration)."};
  }
  return std::nullopt;
}

}  // namespace

Result<LessonAnswer> lesson_computed_answer(const Lesson& lesson, const LessonSetup& setup) {
  return compute(lesson, setup);
}

Status verify_lesson(const Lesson& lesson, const LessonSetup& setup) {
  if (auto e = verify_internal(lesson, setup)) return Error{"line " + std::to_string(e->line) + ": " + e->message};
  return Ok{};
}

// ================================================================ 7. decoder stacks
Result<std::vector<StackRow>> stack_sizes(const LessonStack& st) {
  std::vector<StackRow> rows;
  Pair cur = st.input;
  for (size_t i = 0; i < st.layers.size(); ++i) {
    const StackLayer& l = st.layers[i];
    const AxisParams ah{cur.h, l.kernel, l.stride, l.padding, l.dilation, l.output_padding};
    const AxisParams aw{cur.w, l.kernel, l.stride, l.padding, l.dilation, l.output_padding};
    for (const auto& ax : {std::make_pair(ah, "height"), std::make_pair(aw, "width")})
      if (auto e = validate_axis(ax.first, ax.second))
        return Error{"layer " + std::to_string(i + 1) + ": " + e->message};
    StackRow r;
    r.in = cur;
    r.out = {conv_transpose_output_size(ah), conv_transpose_output_size(aw)};
    if (r.out.h > kMaxStackSize || r.out.w > kMaxStackSize)
      return Error{"layer " + std::to_string(i + 1) + " makes a " + pair_text(r.out, "x") + " map, larger than a lesson needs. Use fewer or smaller layers."};
    r.layer = l;
    r.formula = output_size_formula(ah);
    rows.push_back(r);
    cur = r.out;
  }
  return rows;
}

}  // namespace tconv
