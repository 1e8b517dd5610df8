// The platform layer's files and folders (app/platform/files.h, data_folders.h). Sections:
//   1. the data folder's lookup order, on temporary folder trees
//   2. the same through this process's environment and executable
//   3. the settings folder
//   4. the real tconv-lab, copied elsewhere: exe-relative lookup and the missing-data message
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/platform/data_folders.h"
#include "app/platform/files.h"
#include "common/run_binary.h"
#include "test_util.h"

namespace fs = std::filesystem;
using namespace tconv;
using namespace tconv::app::platform;
using tconv::test::TempDir;

namespace {

// A data root (assets/lessons.txt inside) at `root`; `text` tells the copies apart.
void make_root(const fs::path& root, const std::string& text = "[lesson]\n") {
  fs::create_directories(root / "assets");
  test::write_text((root / "assets" / "lessons.txt").string(), text);
}

// Sets or unsets an environment variable for one scope, restoring the old value after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

// ---------------------------------------------------------------- 1. lookup order
TEST_CASE("data folder candidates: env root, env assets, installed, exe dir and 3 parents", "[platform]") {
  DataSearch s;
  s.data_dir_env = "/d/";  // trailing separators as users type them
  s.assets_dir_env = "/a//assets/";
  s.exe_dir = "/p/q/r/bin";
  const std::vector<DataCandidate> c = data_candidates(s);
  const std::vector<std::string> want_assets = {
      "/d/assets",                      // $TCONV_DATA_DIR (a data root)
      "/a/assets",                      // $TCONV_ASSETS_DIR (the assets folder itself)
      "/p/q/r/share/tconv-lab/assets",  // installed: bin/ and share/ side by side
      "/p/q/r/bin/assets",              // the exe dir ...
      "/p/q/r/assets",                  // ... and its 3 parents
      "/p/q/assets",
      "/p/assets",
  };
  REQUIRE(c.size() == want_assets.size());
  for (size_t i = 0; i < c.size(); ++i) {
    CAPTURE(i);
    CHECK(c[i].folders.assets.string() == want_assets[i]);
  }
  CHECK(c[0].folders.root.string() == "/d");
  CHECK(c[1].folders.root.string() == "/a");
  CHECK(c[2].folders.root.string() == "/p/q/r/share/tconv-lab");
  CHECK(c[0].source == "TCONV_DATA_DIR");
  CHECK(c[1].source == "TCONV_ASSETS_DIR");
}

TEST_CASE("data folder candidates stop at the file system's root and skip unset inputs", "[platform]") {
  DataSearch s;
  s.exe_dir = "/bin";
  const std::vector<DataCandidate> c = data_candidates(s);
  REQUIRE(c.size() == 3);
  CHECK(c[0].folders.assets.string() == "/share/tconv-lab/assets");
  CHECK(c[1].folders.assets.string() == "/bin/assets");
  CHECK(c[2].folders.assets.string() == "/assets");
  CHECK(data_candidates(DataSearch{}).empty());
}

TEST_CASE("locate_data_folders takes the first candidate that holds assets/lessons.txt", "[platform]") {
  TempDir t;
  const fs::path env_root = t.path() / "env_root", env_assets = t.path() / "env_assets" / "assets";
  const fs::path prefix = t.path() / "prefix", exe = prefix / "bin";
  make_root(env_root, "env root");
  make_root(env_assets.parent_path(), "env assets");
  make_root(prefix / "share" / "tconv-lab", "installed");
  make_root(exe, "exe dir");
  make_root(prefix, "checkout");
  DataSearch s{env_root.string(), env_assets.string(), exe};
  auto found = [&]() {
    Result<DataFolders> r = locate_data_folders(s);
    REQUIRE(r.ok());
    return test::read_text(r.value().lessons_file().string());
  };
  CHECK(found() == "env root");
  s.data_dir_env.clear();
  CHECK(found() == "env assets");
  s.assets_dir_env.clear();
  CHECK(found() == "installed");
  fs::remove_all(prefix / "share");
  CHECK(found() == "exe dir");
  fs::remove_all(exe / "assets");
  CHECK(found() == "checkout");
  // The root is the assets folder's parent, where shaders/ sits beside it.
  CHECK(locate_data_folders(s).value().root == prefix);
}

TEST_CASE("a build folder up to 3 levels inside a checkout finds the checkout, 4 levels do not", "[platform]") {
  TempDir t;
  make_root(t.path() / "repo");
  const fs::path three = t.path() / "repo" / "build" / "tests" / "app";
  const fs::path four = three / "deeper";
  fs::create_directories(four);
  Result<DataFolders> r = locate_data_folders(DataSearch{"", "", three});
  REQUIRE(r.ok());
  CHECK(r.value().root == t.path() / "repo");
  CHECK_FALSE(locate_data_folders(DataSearch{"", "", four}).ok());
}

TEST_CASE("a wrong TCONV_DATA_DIR falls through to the next candidate", "[platform]") {
  TempDir t;
  make_root(t.path() / "share" / "tconv-lab", "installed");
  fs::create_directories(t.path() / "bin");
  const Result<DataFolders> r =
      locate_data_folders(DataSearch{(t.path() / "nothing_here").string(), "", t.path() / "bin"});
  REQUIRE(r.ok());
  CHECK(test::read_text(r.value().lessons_file().string()) == "installed");
}

TEST_CASE("no data folder: the error names every place looked at and says to set TCONV_DATA_DIR", "[platform]") {
  TempDir t;
  const fs::path exe = t.path() / "bin";
  fs::create_directories(exe);
  const fs::path wrong = t.path() / "wrong";
  const Result<DataFolders> r = locate_data_folders(DataSearch{wrong.string(), "", exe});
  REQUIRE_FALSE(r.ok());
  const std::string& m = r.error().message;
  INFO(m);
  CHECK_THAT(m, Catch::Contains("data folder was not found"));
  CHECK_THAT(m, Catch::Contains((wrong / "assets" / "lessons.txt").string() + " (TCONV_DATA_DIR)"));
  CHECK_THAT(m, Catch::Contains((t.path() / "share" / "tconv-lab" / "assets" / "lessons.txt").string()));
  CHECK_THAT(m, Catch::Contains((exe / "assets" / "lessons.txt").string()));
  CHECK_THAT(m, Catch::Contains("Set TCONV_DATA_DIR to the folder that holds assets/"));
}

// ---------------------------------------------------------------- 2. this process
TEST_CASE("find_data_folders reads TCONV_DATA_DIR and TCONV_ASSETS_DIR", "[platform]") {
  TempDir t;
  make_root(t.path() / "root", "from env");
  {
    ScopedEnv d("TCONV_DATA_DIR", (t.path() / "root").c_str());
    ScopedEnv a("TCONV_ASSETS_DIR", nullptr);
    Result<DataFolders> r = find_data_folders();
    REQUIRE(r.ok());
    CHECK(r.value().root == t.path() / "root");
  }
  {
    ScopedEnv d("TCONV_DATA_DIR", nullptr);
    ScopedEnv a("TCONV_ASSETS_DIR", (t.path() / "root" / "assets").c_str());
    Result<DataFolders> r = find_data_folders();
    REQUIRE(r.ok());
    CHECK(r.value().assets == t.path() / "root" / "assets");
  }
}

TEST_CASE("without variables, this test's build folder finds the source checkout", "[platform]") {
  ScopedEnv d("TCONV_DATA_DIR", nullptr);
  ScopedEnv a("TCONV_ASSETS_DIR", nullptr);
  REQUIRE_FALSE(executable_dir().empty());
  CHECK(fs::equivalent(executable_dir(), fs::path(TEST_PLATFORM_EXE).parent_path()));
  Result<DataFolders> r = find_data_folders();
  REQUIRE(r.ok());
  CHECK(fs::equivalent(r.value().assets, TCONV_SOURCE_ASSETS_FOR_TESTS));
}

// ---------------------------------------------------------------- 3. settings folder
TEST_CASE("config_dir: $XDG_CONFIG_HOME/tconv-lab, else $HOME/.config/tconv-lab, else none", "[platform]") {
  {
    ScopedEnv x("XDG_CONFIG_HOME", "/xdg");
    ScopedEnv h("HOME", "/home/u");
    CHECK(config_dir() == fs::path("/xdg/tconv-lab"));
  }
  {
    ScopedEnv x("XDG_CONFIG_HOME", nullptr);
    ScopedEnv h("HOME", "/home/u");
    CHECK(config_dir() == fs::path("/home/u/.config/tconv-lab"));
  }
  {
    ScopedEnv x("XDG_CONFIG_HOME", "");  // set but empty counts as unset
    ScopedEnv h("HOME", "/home/u");
    CHECK(config_dir() == fs::path("/home/u/.config/tconv-lab"));
  }
  {
    ScopedEnv x("XDG_CONFIG_HOME", nullptr);
    ScopedEnv h("HOME", nullptr);
    CHECK(config_dir().empty());
    CHECK(config_file("imgui.ini").empty());
    CHECK_FALSE(read_config_text("recent_images.txt"));
    const Status st = write_config_text("recent_images.txt", "x");
    REQUIRE_FALSE(st.ok());
    CHECK_THAT(st.error().message, Catch::Contains("HOME"));
  }
}

TEST_CASE("settings files: created on demand, written whole, read back", "[platform]") {
  TempDir t;
  ScopedEnv x("XDG_CONFIG_HOME", (t.path() / "cfg").c_str());
  CHECK_FALSE(read_config_text("recent_images.txt"));
  CHECK_FALSE(fs::exists(t.path() / "cfg"));  // reading creates nothing
  const std::string ini = config_file("imgui.ini");
  CHECK(ini == (t.path() / "cfg" / "tconv-lab" / "imgui.ini").string());
  CHECK(fs::is_directory(t.path() / "cfg" / "tconv-lab"));
  REQUIRE(write_config_text("recent_images.txt", "/a.png\n/b.png\n").ok());
  REQUIRE(write_config_text("recent_images.txt", "/c.png\n").ok());  // replaces, no leftovers
  const std::optional<std::string> back = read_config_text("recent_images.txt");
  REQUIRE(back);
  CHECK(*back == "/c.png\n");
  CHECK(fs::directory_iterator(t.path() / "cfg" / "tconv-lab") != fs::directory_iterator());
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(t.path() / "cfg" / "tconv-lab")) {
    (void)e;
    ++files;
  }
  CHECK(files == 1);  // recent_images.txt only: no temporary file left, imgui.ini not created
}

// ---------------------------------------------------------------- 4. the real binary
#ifdef TCONV_TEST_HAVE_GUI
namespace {

// Runs a copy of tconv-lab with no data variables and no display (the lessons are loaded, and
// --lesson checked, before any window opens).
test::RunResult run_copy(const fs::path& exe, const std::string& args, const std::string& env = "") {
  TempDir io;
  return test::run_command("env -u TCONV_DATA_DIR -u TCONV_ASSETS_DIR -u DISPLAY -u WAYLAND_DISPLAY XDG_CONFIG_HOME=" +
                           test::shell_quote(io.file("cfg")) + " " + env + " " + test::shell_quote(exe.string()) +
                           " " + args);
}

fs::path copy_binary(const fs::path& bin_dir) {
  fs::create_directories(bin_dir);
  const fs::path exe = bin_dir / "tconv-lab";
  fs::copy_file(TCONV_LAB_BINARY, exe);
  return exe;
}

// One lesson (the shipped file has ten): "--lesson 2" then says "the lessons are 1 to 1".
const char* const kOneLesson =
    "[lesson]\ntitle = Only\ntext = The seed.\nquestion = What size is the output?\nanswer = size 5x5\n"
    "verify = output_size\n";

}  // namespace

TEST_CASE("a copied tconv-lab finds <exe dir>/../share/tconv-lab, and TCONV_DATA_DIR overrides", "[platform][binary]") {
  TempDir t;
  const fs::path exe = copy_binary(t.path() / "prefix" / "bin");
  make_root(t.path() / "prefix" / "share" / "tconv-lab", kOneLesson);
  test::RunResult r = run_copy(exe, "gui --lesson 2 --screenshot x.png");
  INFO(r.err);
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Contains("the lessons are 1 to 1"));

  // Moved away from its data, TCONV_DATA_DIR points it back.
  const fs::path lonely = copy_binary(t.path() / "lonely" / "bin");
  r = run_copy(lonely, "gui --lesson 2 --screenshot x.png",
               "TCONV_DATA_DIR='" + (t.path() / "prefix" / "share" / "tconv-lab").string() + "'");
  INFO(r.err);
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Contains("the lessons are 1 to 1"));
}

TEST_CASE("a copied tconv-lab without data says which folders it tried and how to fix it", "[platform][binary]") {
  TempDir t;
  const fs::path exe = copy_binary(t.path() / "lonely" / "bin");
  const test::RunResult r = run_copy(exe, "gui --lesson 1 --screenshot x.png");
  INFO(r.err);
  CHECK(r.status == 2);
  CHECK(r.err.rfind("error: ", 0) == 0);
  CHECK_THAT(r.err, Catch::Contains("no lessons loaded"));
  CHECK_THAT(r.err, Catch::Contains("data folder was not found"));
  CHECK_THAT(r.err, Catch::Contains((t.path() / "lonely" / "share" / "tconv-lab" / "assets" / "lessons.txt").string()));
  CHECK_THAT(r.err, Catch::Contains((t.path() / "lonely" / "bin" / "assets" / "lessons.txt").string()));
  CHECK_THAT(r.err, Catch::Contains("Set TCONV_DATA_DIR"));
}
#endif
