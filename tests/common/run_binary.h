#pragma once
// Runs a command (the built tconv-lab, python3) the way the test suites do: through the shell,
// stdin from /dev/null, stdout and stderr captured in temporary files. One helper for every
// test that runs a binary.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <chrono>
#include <string>
#include <thread>

namespace tconv::test {

struct RunResult {
  int status = -1;       // exit status; 128 + signal number when killed; -1 when it could not run
  std::string out, err;  // everything it wrote to stdout and stderr
};

// 'text' with single quotes, safe in a shell command (paths with spaces or quotes).
inline std::string shell_quote(const std::string& text) {
  std::string q = "'";
  for (char c : text) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

namespace detail {
inline std::string temp_file() {
  char name[] = "/tmp/tconv_run_XXXXXX";
  const int fd = ::mkstemp(name);
  if (fd >= 0) ::close(fd);
  return name;
}
inline std::string slurp_and_remove(const std::string& path) {
  std::string s;
  {
    std::ifstream f(path, std::ios::binary);
    s.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  std::remove(path.c_str());
  return s;
}
}  // namespace detail

// `command` is a shell command line, its arguments already quoted (shell_quote); it may start
// with environment settings ("XDG_CONFIG_HOME=/tmp/x ...", "env -u DISPLAY ...").
inline RunResult run_command(const std::string& command) {
  const std::string out = detail::temp_file(), err = detail::temp_file();
  // A hung run (an endless loop in a frame) fails its test after kTimeoutSeconds instead of
  // holding the whole suite: coreutils' timeout exits 124.
  constexpr int kTimeoutSeconds = 300;
  const std::string line = "timeout -k 10 " + std::to_string(kTimeoutSeconds) + " sh -c " + shell_quote(command) +
                           " >" + shell_quote(out) + " 2>" + shell_quote(err) + " </dev/null";
  const int rc = std::system(line.c_str());
  RunResult r;
  if (rc != -1) r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : 128 + (WIFSIGNALED(rc) ? WTERMSIG(rc) : 0);
  r.out = detail::slurp_and_remove(out);
  r.err = detail::slurp_and_remove(err);
  if (r.status == 124) r.err += "\n[test harness: killed after " + std::to_string(kTimeoutSeconds) + " s: the command hung]";
  return r;
}

// `tconv-lab gui --screenshot PNG --layout-report JSONL ARGS` as a command line.
inline std::string layout_report_command(const std::string& exe, const std::string& png, const std::string& json,
                                         const std::string& args) {
  return shell_quote(exe) + " gui --screenshot " + shell_quote(png) + " --layout-report " + shell_quote(json) + " " +
         args;
}

// A run that opens a window: a busy X server now and then refuses a new client ("Failed to open
// display"), which says nothing about the program and under load made GUI tests fail at random.
// Such a run is tried again, up to 3 times. Thread-safe (no Catch2 macros).
inline RunResult run_gui_command(const std::string& command) {
  RunResult r = run_command(command);
  for (int retry = 0; retry < 3 && r.status != 0 && r.err.find("Failed to open display") != std::string::npos; ++retry) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300 * (retry + 1)));
    r = run_command(command);
  }
  return r;
}

}  // namespace tconv::test
