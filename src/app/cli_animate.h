#pragma once
// `tconv-lab animate`: the step-through animation of a teaching view as an animated GIF (and
// numbered PNG frames), rendered without a display.
//   tconv-lab animate [--preset NAME | --input H[,W] --kernel K[,K] --stride .. --padding ..
//                     --output-padding .. --dilation ..] [--view scatter|gather|matrix|heatmap|forward|paired]
//                     --output anim.gif [--fps N] [--speed S] [--size WxH] [--frames-dir DIR]
//                     [--theme light|dark] [--scale S] [--pin-output R,C] [--force]
// Built only with the GUI (it draws with the GUI's ImGui panels). Errors: "error: ..." on
// stderr, exit 2, nothing written.
namespace tconv::app {

// argv as given to main(), argv[1] == "animate". Returns the exit status.
int run_animate(int argc, char** argv);

}  // namespace tconv::app
