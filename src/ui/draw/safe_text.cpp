#include "ui/draw/safe_text.h"

namespace tconv::ui {
namespace {

bool utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The largest position <= pos (and > from, when possible) that does not split a UTF-8 sequence.
size_t utf8_floor(const std::string& s, size_t from, size_t pos) {
  size_t p = pos;
  while (p > from && p < s.size() && utf8_continuation(s[p])) --p;
  return p > from ? p : pos;  // a run of continuation bytes (invalid UTF-8): cut anyway
}

std::string more_mark(size_t left) {
  return "[... " + std::to_string(left) + " more bytes not shown: this text is too long to display]";
}

}  // namespace

std::vector<std::string> split_text_for_display(const std::string& text, size_t max_piece, size_t max_total) {
  if (max_piece < 1) max_piece = 1;
  const size_t end = text.size() > max_total ? utf8_floor(text, 0, max_total) : text.size();
  std::vector<std::string> pieces;
  size_t start = 0;
  while (start < end || pieces.empty()) {
    if (end - start <= max_piece) {
      pieces.push_back(text.substr(start, end - start));
      break;
    }
    const size_t limit = start + max_piece;
    size_t brk = text.find_last_of("\n ", limit - 1);
    size_t next = 0;
    if (brk != std::string::npos && brk >= start && brk > start) {
      next = brk + 1;  // the space or newline itself becomes the line break
    } else {
      brk = utf8_floor(text, start, limit);
      next = brk;
    }
    pieces.push_back(text.substr(start, brk - start));
    start = next;
  }
  if (end < text.size()) pieces.push_back(more_mark(text.size() - end));
  return pieces;
}

std::string cut_text_for_display(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  const size_t cut = utf8_floor(text, 0, max_bytes);
  return text.substr(0, cut) + " [... " + std::to_string(text.size() - cut) + " more bytes]";
}

}  // namespace tconv::ui
