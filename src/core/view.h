#pragma once
// The teaching views: the canvases the GUI shows as tabs, which a lesson names to open one. Their
// names are the ones `--view` and lessons.txt use.
namespace tconv {

enum class View { Scatter, Gather, Matrix, Heatmap, Forward, Paired };
constexpr int kViewCount = 6;

// "scatter", "gather", "matrix", "heatmap", "forward", "paired".
constexpr const char* view_name(View v) {
  switch (v) {
    case View::Scatter: return "scatter";
    case View::Gather: return "gather";
    case View::Matrix: return "matrix";
    case View::Heatmap: return "heatmap";
    case View::Forward: return "forward";
    case View::Paired: return "paired";
  }
  return "?";
}

}  // namespace tconv
