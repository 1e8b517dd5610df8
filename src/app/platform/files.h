#pragma once
// The platform layer's files and folders: where the program is, where settings live, where the
// data folder is. Implemented per platform (paths_posix.cpp, paths_windows.cpp); everything else in
// tconv-lab asks here instead of reading $HOME, $XDG_CONFIG_HOME or /proc.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/platform/data_folders.h"
#include "core/result.h"

namespace tconv::app::platform {

// Folder of the running program (Linux: /proc/self/exe, Windows: GetModuleFileNameW); empty when
// the system does not say.
std::filesystem::path executable_dir();

// Where settings and the recent-files list live: $XDG_CONFIG_HOME/tconv-lab, else
// $HOME/.config/tconv-lab (Windows: %APPDATA%\tconv-lab); empty when none of these is set (then
// nothing is remembered).
std::filesystem::path config_dir();

// What to set when there is no settings folder (the message of write_config_text's error).
std::string config_folder_hint();

// Path of the settings file `name` in config_dir(), creating the folder; empty when there is no
// config folder or it cannot be created (settings are a convenience: run without them).
std::string config_file(const std::string& name);

// The text of settings file `name` (e.g. the recent-files list); nullopt when it does not exist.
std::optional<std::string> read_config_text(const std::string& name);
// Replaces settings file `name` atomically (creating the folder).
// config_file, read_config_text and write_config_text are shared (config_files.cpp); each platform
// gives config_dir() and config_folder_hint().
Status write_config_text(const std::string& name, const std::string& text);

// The UI font's bytes: $TCONV_FONT (a .ttf/.otf path; "builtin" forces ImGui's own font), else
// DejaVu Sans where the system keeps it (Debian's fonts-dejavu-core). Empty when none is usable
// (a file that is not TrueType/OpenType is skipped, so it never reaches the rasteriser).
std::vector<unsigned char> ui_font_bytes();

// The data folder (data_folders.h) from this process's environment and executable_dir().
Result<DataFolders> find_data_folders();

}  // namespace tconv::app::platform
