// tconv-lab: with no arguments or `gui` it opens the visualizer; otherwise it is the command line.
// Every failure ends here at the latest: "error: ..." on stderr and exit status 2.
#include <cstdio>
#include <exception>
#include <iostream>
#include <new>
#include <string>

#include "app/cli.h"
#ifdef TCONV_HAVE_GUI
#include "app/cli_animate.h"
#include "app/gui_app.h"
#endif

int main(int argc, char** argv) {
  try {
    const bool gui = argc < 2 || std::string(argv[1]) == "gui";
#ifdef TCONV_HAVE_GUI
    if (argc >= 2 && std::string(argv[1]) == "animate") return tconv::app::run_animate(argc, argv);
#endif
    if (gui) {
#ifdef TCONV_HAVE_GUI
      return tconv::app::run_gui(argc, argv);
#else
      if (argc < 2) {
        std::cout << tconv::app::usage_text();
        return 0;
      }
      std::cerr << "error: this tconv-lab was built without the GUI. Rebuild with "
                   "-DTCONV_BUILD_GUI=ON (needs libglfw3-dev and libimgui-dev), or use the "
                   "command line: tconv-lab apply --help\n";
      return 2;
#endif
    }
    return tconv::app::run_cli(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "error: out of memory. Use a smaller input, stride or channel count, or close "
                 "other programs.\n";
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "error: an unexpected failure occurred; please report it with the command you ran.\n";
  }
  return 2;
}
