#pragma once
// Image mode's list of recently opened pictures, newest first, and its text form. Where the list
// is stored on disk is the app's business (it passes the text in and out).
#include <cstddef>
#include <string>
#include <vector>

namespace tconv::ui {

constexpr size_t kMaxRecentFiles = 10;
// Puts path first, removing an earlier copy; keeps at most max entries. Empty paths are ignored.
void recent_add(std::vector<std::string>& list, const std::string& path, size_t max = kMaxRecentFiles);
// One path per line, as the app stores it.
std::string recent_serialize(const std::vector<std::string>& list);
std::vector<std::string> recent_parse(const std::string& text, size_t max = kMaxRecentFiles);

}  // namespace tconv::ui
