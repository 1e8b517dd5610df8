#pragma once
// The teaching views: the canvases the GUI shows as tabs, which a lesson names to open one. Their
// names are the ones `--view` and lessons.txt use.
namespace tconv {

enum class View { Scatter, Gather, Matrix, Heatmap, Forward, Paired, Channels };
constexpr int kViewCount = 7;

// "scatter", "gather", "matrix", "heatmap", "forward", "paired", "channels".
constexpr const char* view_name(View v) {
  switch (v) {
    case View::Scatter: return "scatter";
    case View::Gather: return "gather";
    case View::Matrix: return "matrix";
    case View::Heatmap: return "heatmap";
    case View::Forward: return "forward";
    case View::Paired: return "paired";
    case View::Channels: return "channels";
  }
  return "?";
}

}  // namespace tconv
