// Files and folders in the browser (Emscripten): files.h over the page's virtual file system.
//   data     the preloaded /data (assets/: lessons.txt and the sample pictures; fonts/)
//   settings $HOME/.config/tconv-lab as on Linux (Emscripten's HOME is /home/web_user), copied
//            from the browser's localStorage (keys "tconv-lab/NAME") when first asked for, and
//            back into it when a file there changes (checked once a second and when the page
//            is hidden). Unset HOME and XDG_CONFIG_HOME: no settings, as on the desktop.
#include <emscripten.h>

#include <cstdlib>
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

constexpr const char* kDataRoot = "/data";  // the build's --preload-file target

// localStorage -> the folder's files, then a watcher that copies changed files back. A browser
// without localStorage (private mode, disabled storage) keeps settings for this page only.
EM_JS(void, web_settings_attach, (const char* folder), {
  var dir = UTF8ToString(folder), prefix = 'tconv-lab/';
  var store = null;
  try { store = window.localStorage; store.getItem(prefix); } catch (e) { return; }
  for (var i = 0; i < store.length; ++i) {
    var key = store.key(i);
    if (key.indexOf(prefix) !== 0) continue;
    try { FS.writeFile(dir + '/' + key.substr(prefix.length), store.getItem(key)); } catch (e) {}
  }
  function save() {
    var names = [];
    try { names = FS.readdir(dir); } catch (e) { return; }
    names.forEach(function (n) {
      if (n === '.' || n === '..' || n.indexOf('.tmp') >= 0) return;
      try {
        var text = FS.readFile(dir + '/' + n, { encoding: 'utf8' });
        if (store.getItem(prefix + n) !== text) store.setItem(prefix + n, text);
      } catch (e) {}
    });
  }
  setInterval(save, 1000);
  window.addEventListener('pagehide', save);
});

}  // namespace

fs::path executable_dir() { return {}; }  // a page has no program folder

fs::path config_dir() {
  fs::path dir;
  if (const std::string x = env("XDG_CONFIG_HOME"); !x.empty()) dir = fs::path(x) / "tconv-lab";
  else if (const std::string h = env("HOME"); !h.empty()) dir = fs::path(h) / ".config" / "tconv-lab";
  if (dir.empty()) return {};
  static bool attached = false;  // one folder per page: the environment is set before the app starts
  if (!attached) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return {};
    web_settings_attach(dir.string().c_str());
    attached = true;
  }
  return dir;
}

std::string config_folder_hint() { return "this page keeps no settings (it was opened through a link to a view)."; }

std::vector<unsigned char> ui_font_bytes() {
  std::ifstream f(std::string(kDataRoot) + "/fonts/DejaVuSans.ttf", std::ios::binary);
  if (!f) return {};
  return std::vector<unsigned char>((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

Result<DataFolders> find_data_folders() { return locate_data_folders(DataSearch{kDataRoot, {}, {}}); }

}  // namespace tconv::app::platform
