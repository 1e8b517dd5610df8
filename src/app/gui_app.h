#pragma once
// The visualizer's entry point (Dear ImGui + OpenGL 3.3 core in the platform layer's window).
//   tconv-lab                      opens the window with the seed example
//   tconv-lab gui [options]        same, with options (see `tconv-lab gui --help`)
//   tconv-lab gui --screenshot PATH [--preset NAME] [--step N] [--view V] [--pin-output R,C]
//                 [--window WxH]   renders a few frames, writes a PNG of the window, exits 0
// Returns the process exit status: 0 ok, 2 for a bad option or no display / no OpenGL 3.3
// (with "error: ..." on stderr).
namespace tconv::app {

// argv as given to main(); a leading "gui" argument is skipped here.
int run_gui(int argc, char** argv);

}  // namespace tconv::app
