// The settings files, on every platform: the folder is the platform's (config_dir()), reading and
// the atomic replace are the same everywhere.
#include <fstream>
#include <sstream>
#include <system_error>

#include "app/platform/files.h"
#include "io/file.h"

namespace fs = std::filesystem;

namespace tconv::app::platform {

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
  if (path.empty()) return Error{"there is no settings folder: " + config_folder_hint()};
  return io::write_file_atomic(path, text.data(), text.size());
}

}  // namespace tconv::app::platform
