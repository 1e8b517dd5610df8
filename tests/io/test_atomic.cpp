// Atomic writes and file reading: the target is either the old file or the complete new one,
// never a partial file, and no temporary file is left behind.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

#include "io/file.h"
#include "io/npy.h"
#include "test_util.h"

using namespace tconv;
using namespace tconv::io;
using tconv::test::TempDir;

namespace {
mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}
}  // namespace

TEST_CASE("atomic: a new file gets the content, 0666 minus umask, and no temporary remains", "[io][atomic]") {
  TempDir dir;
  const mode_t old_mask = ::umask(022);
  const std::string path = dir.file("out.bin");
  const std::string text = "hello, file";
  REQUIRE(write_file_atomic(path, text.data(), text.size()).ok());
  ::umask(old_mask);
  CHECK(test::read_text(path) == text);
  CHECK(mode_of(path) == 0644);
  CHECK(dir.entries() == std::set<std::string>{"out.bin"});
}

TEST_CASE("atomic: replacing a file keeps its permissions", "[io][atomic]") {
  TempDir dir;
  const std::string path = dir.file("out.bin");
  test::write_text(path, "old content that is longer than the new one");
  REQUIRE(::chmod(path.c_str(), 0640) == 0);
  REQUIRE(write_file_atomic(path, "new", 3).ok());
  CHECK(test::read_text(path) == "new");
  CHECK(mode_of(path) == 0640);
  CHECK(dir.entries() == std::set<std::string>{"out.bin"});
}

TEST_CASE("atomic: a producer that fails halfway leaves the old file untouched", "[io][atomic]") {
  TempDir dir;
  const std::string path = dir.file("out.bin");
  test::write_text(path, "old");
  auto st = write_file_atomic(path, [](const ChunkSink& sink) -> Status {
    sink("partial new cont", 16);
    return Error{"the encoder gave up"};
  });
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message == "the encoder gave up");
  CHECK(test::read_text(path) == "old");
  CHECK(dir.entries() == std::set<std::string>{"out.bin"});
  // Same when no file existed: none is created.
  st = write_file_atomic(dir.file("new.bin"), [](const ChunkSink& sink) -> Status {
    sink("x", 1);
    return Error{"no"};
  });
  CHECK_FALSE(st.ok());
  CHECK(dir.entries() == std::set<std::string>{"out.bin"});
}

TEST_CASE("atomic: an exception in the producer removes the temporary and propagates", "[io][atomic]") {
  TempDir dir;
  const std::string path = dir.file("out.bin");
  test::write_text(path, "old");
  CHECK_THROWS_AS(write_file_atomic(path, [](const ChunkSink& sink) -> Status {
                    sink("abc", 3);
                    throw std::runtime_error("boom");
                  }),
                  std::runtime_error);
  CHECK(test::read_text(path) == "old");
  CHECK(dir.entries() == std::set<std::string>{"out.bin"});
}

TEST_CASE("atomic: a missing directory is an error that says to create it", "[io][atomic]") {
  TempDir dir;
  const std::string path = dir.file("no/such/dir/out.npy");
  auto st = write_file_atomic(path, "x", 1);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.error().message, Catch::Contains("does not exist") && Catch::Contains("mkdir -p"));
  auto check = check_output_path(path);
  REQUIRE_FALSE(check.ok());
  CHECK(check.error().message == st.error().message);
  CHECK(dir.entries().empty());
}

TEST_CASE("atomic: a directory as the target is an error and stays a directory", "[io][atomic]") {
  TempDir dir;
  std::filesystem::create_directory(dir.file("d"));
  auto st = write_file_atomic(dir.file("d"), "x", 1);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.error().message, Catch::Contains("is a directory"));
  CHECK(std::filesystem::is_directory(dir.file("d")));
  CHECK_FALSE(check_output_path(dir.file("d")).ok());
  CHECK(dir.entries() == std::set<std::string>{"d"});
  // A regular file where a directory is expected.
  test::write_text(dir.file("f"), "");
  auto st2 = check_output_path(dir.file("f") + "/out.png");
  REQUIRE_FALSE(st2.ok());
  CHECK_THAT(st2.error().message, Catch::Contains("not a directory"));
}

TEST_CASE("atomic: writing through a symlink replaces the file it points to", "[io][atomic]") {
  TempDir dir;
  test::write_text(dir.file("real.bin"), "old");
  std::filesystem::create_symlink(dir.file("real.bin"), dir.file("link.bin"));
  REQUIRE(write_file_atomic(dir.file("link.bin"), "new", 3).ok());
  CHECK(std::filesystem::is_symlink(dir.file("link.bin")));
  CHECK(test::read_text(dir.file("real.bin")) == "new");
  CHECK(dir.entries() == std::set<std::string>{"link.bin", "real.bin"});
  // Messages name both the link and the file replaced.
  const std::string shown = output_display_name(dir.file("link.bin"));
  CHECK_THAT(shown, Catch::Contains("link.bin -> ") && Catch::EndsWith("real.bin"));
  CHECK(output_display_name(dir.file("real.bin")) == dir.file("real.bin"));
}

TEST_CASE("atomic: a directory without write permission is an error", "[io][atomic]") {
  if (::geteuid() == 0) {
    WARN("skipped: running as root, which may write anywhere");
    return;
  }
  TempDir dir;
  std::filesystem::create_directory(dir.file("ro"));
  REQUIRE(::chmod(dir.file("ro").c_str(), 0555) == 0);
  auto st = write_file_atomic(dir.file("ro/out.bin"), "x", 1);
  ::chmod(dir.file("ro").c_str(), 0755);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.error().message, Catch::Contains("permission"));
}

TEST_CASE("atomic: check_output_path accepts bare names and existing files", "[io][atomic]") {
  TempDir dir;
  CHECK(check_output_path(dir.file("new.png")).ok());
  test::write_text(dir.file("old.png"), "x");
  CHECK(check_output_path(dir.file("old.png")).ok());
  CHECK(check_output_path("relative-name-in-cwd.png").ok());
  CHECK_FALSE(check_output_path("").ok());
}

TEST_CASE("files: read_file reads everything and refuses files over the limit", "[io][file]") {
  TempDir dir;
  test::write_text(dir.file("a.txt"), "0123456789");
  auto all = read_file(dir.file("a.txt"), 10);
  REQUIRE(all.ok());
  CHECK(all.value().size() == 10);
  auto over = read_file(dir.file("a.txt"), 9);
  REQUIRE_FALSE(over.ok());
  CHECK_THAT(over.error().message, Catch::Contains("10 bytes"));
  auto d = read_file(dir.path().string(), 100);
  REQUIRE_FALSE(d.ok());
  CHECK_THAT(d.error().message, Catch::Contains("directory"));
  CHECK(lower_extension("x/y.NpY") == ".npy");
  CHECK(lower_extension("x/y") == "");
}

TEST_CASE("atomic: write_npy of a large array goes through the same path", "[io][atomic]") {
  TempDir dir;
  std::vector<float> v(1 << 20, 0.25f);
  REQUIRE(write_npy(dir.file("big.npy"), {1 << 10, 1 << 10}, v).ok());
  auto back = read_npy(dir.file("big.npy"));
  REQUIRE(back.ok());
  CHECK(back.value().data == v);
  CHECK(dir.entries() == std::set<std::string>{"big.npy"});
}

namespace {
bool is_fifo(const std::string& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 && S_ISFIFO(st.st_mode);
}
bool is_chr(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISCHR(st.st_mode);
}
// Expects write_file_atomic and check_output_path to refuse `path` with a message containing
// `why`, writing nothing.
void expect_refused(const TempDir& dir, const std::string& path, const std::string& why) {
  const std::set<std::string> before = dir.entries();
  auto st = write_file_atomic(path, "new", 3);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.error().message, Catch::Contains(why) && Catch::Contains("cannot write"));
  auto check = check_output_path(path);
  REQUIRE_FALSE(check.ok());
  CHECK_THAT(check.error().message, Catch::Contains(why));
  CHECK(dir.entries() == before);  // no temporary left, nothing replaced
}
}  // namespace

TEST_CASE("atomic: a FIFO, or a link to one, is refused and stays a FIFO", "[io][atomic]") {
  TempDir dir;
  REQUIRE(::mkfifo(dir.file("pipe").c_str(), 0644) == 0);
  expect_refused(dir, dir.file("pipe"), "FIFO");
  CHECK(is_fifo(dir.file("pipe")));
  std::filesystem::create_symlink(dir.file("pipe"), dir.file("link.npy"));
  expect_refused(dir, dir.file("link.npy"), "FIFO");
  CHECK(is_fifo(dir.file("pipe")));
  CHECK(std::filesystem::is_symlink(dir.file("link.npy")));
}

TEST_CASE("atomic: a character device, or a link to one, is refused and not replaced", "[io][atomic]") {
  TempDir dir;
  // As root, make our own device node (the same device as /dev/null) so that a regression cannot
  // replace the real one; otherwise link to /dev/null, which a non-root process cannot replace.
  std::string dev = "/dev/null";
  if (::geteuid() == 0) {
    dev = dir.file("null-device");
    REQUIRE(::mknod(dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);
    expect_refused(dir, dev, "character device");
  }
  std::filesystem::create_symlink(dev, dir.file("out.png"));
  expect_refused(dir, dir.file("out.png"), "character device");
  CHECK(is_chr(dev));
  CHECK(std::filesystem::is_symlink(dir.file("out.png")));
}

TEST_CASE("atomic: a dangling link and a link to a directory are refused", "[io][atomic]") {
  TempDir dir;
  std::filesystem::create_symlink(dir.file("missing.bin"), dir.file("dangling.bin"));
  expect_refused(dir, dir.file("dangling.bin"), "does not exist");
  CHECK(std::filesystem::is_symlink(dir.file("dangling.bin")));
  CHECK_FALSE(test::exists(dir.file("missing.bin")));
  std::filesystem::create_directory(dir.file("d"));
  std::filesystem::create_directory_symlink(dir.file("d"), dir.file("dlink"));
  expect_refused(dir, dir.file("dlink"), "directory");
  CHECK(std::filesystem::is_directory(dir.file("d")));
  CHECK(std::filesystem::is_empty(dir.file("d")));
}

namespace {
// Forks a child that writes `path` through write_file_atomic: 4 MiB, then it reports on `ready`
// and waits to be killed with `sig`. Returns the child's wait status.
int kill_writer_midway(const std::string& path, int sig) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    ::signal(SIGTERM, SIG_DFL);  // as in a fresh process (the test framework catches them)
    ::signal(SIGINT, SIG_DFL);
    std::vector<char> chunk(size_t(1) << 20, 'x');
    (void)write_file_atomic(path, [&](const ChunkSink& sink) -> Status {
      for (int i = 0; i < 4; ++i) sink(chunk.data(), chunk.size());
      const char one = 1;
      if (::write(fds[1], &one, 1) != 1) ::_exit(3);
      for (;;) ::pause();
    });
    ::_exit(4);  // not reached: the signal ends the child
  }
  ::close(fds[1]);
  char got = 0;
  const ssize_t n = ::read(fds[0], &got, 1);
  ::close(fds[0]);
  ::kill(pid, sig);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(n == 1);
  return status;
}
}  // namespace

TEST_CASE("atomic: SIGTERM or SIGINT during a write removes the temporary file", "[io][atomic]") {
  for (int sig : {SIGTERM, SIGINT}) {
    TempDir dir;
    test::write_text(dir.file("old.npy"), "old");
    const int status = kill_writer_midway(dir.file("old.npy"), sig);
    CHECK(WIFSIGNALED(status));  // the signal still ends the process, as without tconv-lab
    if (WIFSIGNALED(status)) CHECK(WTERMSIG(status) == sig);
    CHECK(dir.entries() == std::set<std::string>{"old.npy"});  // no .old.npy.tmp-XXXXXX
    CHECK(test::read_text(dir.file("old.npy")) == "old");
    const int status_new = kill_writer_midway(dir.file("new.npy"), sig);
    CHECK(WIFSIGNALED(status_new));
    CHECK(dir.entries() == std::set<std::string>{"old.npy"});
  }
}
