#pragma once
// The first check of every test that opens tconv-lab's window (screenshots, layout reports, text
// dumps): the program was built with the GUI, and an X display is there. One message for all.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

namespace tconv::test {

// Fails the test, saying how to run it, when DISPLAY is not set; with `exe` (the tconv-lab the
// test runs), also when it is empty (the GUI was not built).
inline void require_display(const char* exe = nullptr) {
  if (exe) REQUIRE(std::string(exe) != "");
  const char* d = std::getenv("DISPLAY");
  if (!d || !*d)
    FAIL("DISPLAY is not set: the tests that open tconv-lab's window need an X display. Run them under a "
         "virtual one: xvfb-run -a -s \"-screen 0 1920x1080x24\" ctest (or scripts/test.sh).");
}

}  // namespace tconv::test
