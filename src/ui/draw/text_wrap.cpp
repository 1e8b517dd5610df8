#include "ui/draw/text_wrap.h"

namespace tconv::ui {

namespace {

// Greedy breaking of one paragraph (no '\n').
void wrap_paragraph(const std::string& p, float max_width, const TextMeasure& measure, std::vector<std::string>& out) {
  // Break candidates: positions of spaces, with their rank (0: outside any bracket, 1: inside
  // parentheses only). Spaces inside [...] are never candidates.
  struct Cand {
    size_t pos;
    int rank;
  };
  std::vector<Cand> cands;
  int square = 0, round = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '[') ++square;
    else if (c == ']' && square > 0) --square;
    else if (c == '(') ++round;
    else if (c == ')' && round > 0) --round;
    else if (c == ' ' && square == 0) cands.push_back({i, round == 0 ? 0 : 1});
  }
  size_t start = 0;
  while (start < p.size()) {
    if (measure(p.substr(start)) <= max_width) {
      out.push_back(p.substr(start));
      return;
    }
    // The last candidate of the best rank whose line fits.
    size_t best = std::string::npos;
    for (int rank = 0; rank <= 1 && best == std::string::npos; ++rank) {
      for (const Cand& c : cands) {
        if (c.pos <= start || c.rank > rank) continue;
        if (measure(p.substr(start, c.pos - start)) > max_width) break;
        best = c.pos;
      }
    }
    if (best == std::string::npos) {  // nothing fits: the first allowed break after start
      for (const Cand& c : cands)
        if (c.pos > start) {
          best = c.pos;
          break;
        }
      if (best == std::string::npos) {
        out.push_back(p.substr(start));
        return;
      }
    }
    out.push_back(p.substr(start, best - start));
    start = best + 1;
    while (start < p.size() && p[start] == ' ') ++start;
  }
}

}  // namespace

std::vector<std::string> wrap_formula(const std::string& text, float max_width, const TextMeasure& measure) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t nl = text.find('\n', start);
    const std::string para = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (para.empty()) {
      out.emplace_back();
    } else {
      wrap_paragraph(para, max_width, measure, out);
    }
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

}  // namespace tconv::ui
