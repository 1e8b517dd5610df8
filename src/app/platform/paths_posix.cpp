// Files and folders on Linux (and other POSIX systems with /proc): the environment variables
// and the executable's folder that files.h promises. Windows has paths_windows.cpp instead; the
// lookup order itself is data_folders.cpp.
#include <cstdlib>
#include <fstream>
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

std::string config_folder_hint() { return "set HOME (or XDG_CONFIG_HOME) to a writable folder."; }

std::vector<unsigned char> ui_font_bytes() {
  return first_font_file(env("TCONV_FONT"), {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                              "/usr/share/fonts/TTF/DejaVuSans.ttf"});
}

Result<DataFolders> find_data_folders() {
  return locate_data_folders(DataSearch{env("TCONV_DATA_DIR"), env("TCONV_ASSETS_DIR"), executable_dir()});
}

}  // namespace tconv::app::platform
