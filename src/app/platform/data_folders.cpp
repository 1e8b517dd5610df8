#include "app/platform/data_folders.h"

#include <system_error>

namespace fs = std::filesystem;

namespace tconv::app::platform {

namespace {
constexpr int kParentsSearched = 3;  // <exe dir>, then up to this many parents

// Normal form without a trailing separator ("/a/b/" -> "/a/b"), so parents and comparisons work.
fs::path clean(const fs::path& p) {
  fs::path n = p.lexically_normal();
  if (n.has_relative_path() && n.filename().empty()) n = n.parent_path();
  return n;
}

DataFolders root_folders(const fs::path& root) {
  const fs::path r = clean(root);
  return DataFolders{r, r / "assets"};
}
}  // namespace

std::vector<DataCandidate> data_candidates(const DataSearch& s) {
  std::vector<DataCandidate> all;
  auto add = [&](DataFolders f, const std::string& source) {
    for (const DataCandidate& c : all)
      if (c.folders.assets == f.assets) return;
    all.push_back(DataCandidate{std::move(f), source});
  };
  if (!s.data_dir_env.empty()) add(root_folders(s.data_dir_env), "TCONV_DATA_DIR");
  if (!s.assets_dir_env.empty()) {
    const fs::path assets = clean(s.assets_dir_env);
    add(DataFolders{assets.parent_path(), assets}, "TCONV_ASSETS_DIR");
  }
  if (!s.exe_dir.empty()) {
    const fs::path exe = clean(s.exe_dir);
    add(root_folders(exe.parent_path() / "share" / "tconv-lab"), "installed");
    fs::path dir = exe;
    for (int i = 0; i <= kParentsSearched; ++i) {
      add(root_folders(dir), "next to the program");
      if (dir == dir.parent_path()) break;  // the file system's root
      dir = dir.parent_path();
    }
  }
  return all;
}

Result<DataFolders> locate_data_folders(const DataSearch& s) {
  const std::vector<DataCandidate> all = data_candidates(s);
  std::string tried;
  for (const DataCandidate& c : all) {
    std::error_code ec;
    if (fs::is_regular_file(c.folders.lessons_file(), ec)) return c.folders;
    tried += "\n  " + c.folders.lessons_file().string() + " (" + c.source + ")";
  }
  if (s.exe_dir.empty()) tried += "\n  (the program's own folder is unknown on this system)";
  return Error{"tconv-lab's data folder was not found: no assets/lessons.txt in any of" + tried +
               "\nSet TCONV_DATA_DIR to the folder that holds assets/ and shaders/ (share/tconv-lab of an "
               "installation, or the source checkout), or reinstall tconv-lab."};
}

}  // namespace tconv::app::platform
