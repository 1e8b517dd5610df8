#include "ui/image/recent_files.h"

#include <algorithm>
#include <sstream>

namespace tconv::ui {

void recent_add(std::vector<std::string>& list, const std::string& path, size_t max) {
  if (path.empty()) return;
  list.erase(std::remove(list.begin(), list.end(), path), list.end());
  list.insert(list.begin(), path);
  if (list.size() > max) list.resize(max);
}

std::string recent_serialize(const std::vector<std::string>& list) {
  std::string s;
  for (const std::string& p : list) s += p + "\n";
  return s;
}

std::vector<std::string> recent_parse(const std::string& text, size_t max) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || std::find(out.begin(), out.end(), line) != out.end()) continue;
    out.push_back(line);
    if (out.size() >= max) break;
  }
  return out;
}

}  // namespace tconv::ui
