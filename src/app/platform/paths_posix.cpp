// Files and folders on Linux (and other POSIX systems with /proc): the environment variables
// and the executable's folder that files.h promises. A Windows build replaces this file
// (GetModuleFileName, %APPDATA%); the lookup order itself is data_folders.cpp.
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>

#include "app/platform/files.h"
#include "io/file.h"

namespace fs = std::filesystem;

namespace tconv::app::platform {

namespace {
std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}
}  // namespace

fs::path executable_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return {};
  return exe.parent_path();
}

fs::path config_dir() {
  if (const std::string x = env("XDG_CONFIG_HOME"); !x.empty()) return fs::path(x) / "tconv-lab";
  if (const std::string h = env("HOME"); !h.empty()) return fs::path(h) / ".config" / "tconv-lab";
  return {};
}

std::string config_file(const std::string& name) {
  const fs::path dir = config_dir();
  if (dir.empty()) return {};
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return {};
  return (dir / name).string();
}

std::optional<std::string> read_config_text(const std::string& name) {
  const fs::path dir = config_dir();
  if (dir.empty()) return std::nullopt;
  std::ifstream in(dir / name, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status write_config_text(const std::string& name, const std::string& text) {
  const std::string path = config_file(name);
  if (path.empty())
    return Error{"there is no settings folder: set HOME (or XDG_CONFIG_HOME) to a writable folder."};
  return io::write_file_atomic(path, text.data(), text.size());
}

std::vector<unsigned char> ui_font_bytes() {
  std::vector<std::string> candidates;
  const std::string choice = env("TCONV_FONT");
  if (choice == "builtin") return {};
  if (!choice.empty()) candidates.push_back(choice);
  candidates.emplace_back("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  candidates.emplace_back("/usr/share/fonts/TTF/DejaVuSans.ttf");
  for (const auto& path : candidates) {
    std::ifstream f(path, std::ios::binary);
    if (!f) continue;
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const bool truetype = bytes.size() > 12 && ((bytes[0] == 0 && bytes[1] == 1 && bytes[2] == 0 && bytes[3] == 0) ||
                                                std::memcmp(bytes.data(), "true", 4) == 0 ||
                                                std::memcmp(bytes.data(), "OTTO", 4) == 0);
    if (truetype) return bytes;
  }
  return {};
}

Result<DataFolders> find_data_folders() {
  return locate_data_folders(DataSearch{env("TCONV_DATA_DIR"), env("TCONV_ASSETS_DIR"), executable_dir()});
}

}  // namespace tconv::app::platform
