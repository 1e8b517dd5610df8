// Files and folders on Windows: the executable's folder (GetModuleFileNameW) and the settings
// folder %APPDATA%\tconv-lab that files.h promises; the lookup order itself is data_folders.cpp.
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "app/platform/files.h"
#include "io/file.h"

namespace fs = std::filesystem;

namespace tconv::app::platform {

namespace {
std::wstring wenv(const wchar_t* name) {
  const wchar_t* v = _wgetenv(name);
  return v ? std::wstring(v) : std::wstring();
}
std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}
}  // namespace

fs::path executable_dir() {
  // The path may be longer than MAX_PATH: grow the buffer until it fits.
  std::vector<wchar_t> buf(MAX_PATH);
  for (;;) {
    const DWORD n = GetModuleFileNameW(nullptr, buf.data(), static_cast<DWORD>(buf.size()));
    if (n == 0) return {};
    if (n < buf.size()) return fs::path(std::wstring(buf.data(), n)).parent_path();
    if (buf.size() >= 32768) return {};
    buf.resize(buf.size() * 2);
  }
}

fs::path config_dir() {
  if (const std::wstring a = wenv(L"APPDATA"); !a.empty()) return fs::path(a) / "tconv-lab";
  return {};
}

std::string config_folder_hint() { return "set APPDATA to a writable folder."; }

std::vector<unsigned char> ui_font_bytes() {
  // DejaVu Sans when the user installed it, else Segoe UI (every Windows since Vista).
  std::string windir = env("WINDIR");
  if (windir.empty()) windir = "C:\\Windows";
  return first_font_file(env("TCONV_FONT"), {windir + "\\Fonts\\DejaVuSans.ttf", windir + "\\Fonts\\segoeui.ttf"});
}

Result<DataFolders> find_data_folders() {
  return locate_data_folders(DataSearch{env("TCONV_DATA_DIR"), env("TCONV_ASSETS_DIR"), executable_dir()});
}

}  // namespace tconv::app::platform
