// `tconv-lab animate`: options (CLI11), the teaching state (as `tconv-lab gui` builds it), a
// headless GL context, and the export loop. See cli_animate.h for the syntax.
#include "app/cli_animate.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cctype>
#include <filesystem>
#include <iomanip>
#include <set>
#include <iostream>
#include <string>
#include <vector>

#include "app/gui_options.h"
#include "app/slide_export.h"
#include "gpu/gl_context.h"
#include "ui/presets.h"

namespace tconv::app {
namespace {

const char* kAnimateFooter = R"(
The frames are the GUI's teaching canvas (input, kernel, output and the step caption) without
the side panels, planned as the GUI plays: each placement rests for half a step, then the kernel
glides to the next; the finished output stays 1.5 s before the GIF loops.
Needs no display: an OpenGL 3.3 context is made with EGL (Mesa's llvmpipe is enough).
Existing files are never replaced without --force.

Examples:
  tconv-lab animate --output seed.gif                     (3x3 input, 3x3 kernel, stride 1)
  tconv-lab animate --preset dcgan --view heatmap --output dcgan.gif --size 1920x1080
  tconv-lab animate --input 2 --kernel 3 --stride 2 --output s2.gif --frames-dir s2_frames
)";

struct AnimateOptions {
  GuiOptions gui;  // preset, sizes, parameters, view, pin (as `tconv-lab gui`)
  std::string output, frames_dir, size = "1280x720", theme = "light";
  double fps = 10, speed = 1.5, end_hold = 1.5;
  float scale = 0;
  bool force = false;
};

// After a --force run into a folder that holds frames of an earlier, longer run: removes the
// earlier frames this run did not replace, i.e. files named like ours (PREFIX_ then at least 4
// digits, .png) that this run did not write. Nothing else in the folder is touched. Returns how
// many were removed.
size_t remove_stale_frames(const std::vector<std::string>& written) {
  namespace fs = std::filesystem;
  if (written.empty()) return 0;
  const fs::path first(written.front());
  const std::string name = first.filename().string();  // PREFIX_0001.png
  const size_t us = name.rfind('_');
  if (us == std::string::npos) return 0;
  const std::string prefix = name.substr(0, us + 1);
  std::set<std::string> ours;
  for (const std::string& w : written) ours.insert(fs::path(w).filename().string());
  const auto numbered = [&](const std::string& n) {
    if (n.size() < prefix.size() + 4 + 4 || n.compare(0, prefix.size(), prefix) != 0 ||
        n.compare(n.size() - 4, 4, ".png") != 0)
      return false;
    for (size_t i = prefix.size(); i < n.size() - 4; ++i)
      if (!std::isdigit(static_cast<unsigned char>(n[i]))) return false;
    return true;
  };
  size_t removed = 0;
  std::error_code ec;
  const fs::path dir = first.has_parent_path() ? first.parent_path() : fs::path(".");
  std::vector<fs::path> stale;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    const std::string n = e.path().filename().string();
    if (numbered(n) && !ours.count(n) && e.symlink_status(ec).type() == fs::file_type::regular) stale.push_back(e.path());
  }
  for (const fs::path& p : stale)
    if (fs::remove(p, ec)) ++removed;
  return removed;
}

}  // namespace

int run_animate(int argc, char** argv) {
  AnimateOptions o;
  CLI::App app{"Export the step-through animation of a teaching view as an animated GIF (and PNG frames), "
               "without a display.",
               "tconv-lab animate"};
  app.footer(kAnimateFooter);
  app.get_formatter()->column_width(30);
  GuiOptions& g = o.gui;
  app.add_option("-o,--output", o.output, "animated GIF to write")->type_name("ANIM.gif")->required();
  app.add_option("--preset", g.preset, "configuration preset: " + ui::config_preset_names())->type_name("NAME");
  app.add_option("--input", g.input, "input grid size, 1 to 16 (on top of the preset)")->type_name("H[,W]");
  app.add_option("--kernel", g.kernel, "kernel size, 1 to 8")->type_name("K[,K]");
  app.add_option("--stride", g.stride, "stride, 1 to 5")->type_name("S[,S]");
  app.add_option("--padding", g.padding, "padding (crops the output), 0 to 8")->type_name("P[,P]");
  app.add_option("--output-padding", g.output_padding, "output_padding, 0 to 4")->type_name("A[,A]");
  app.add_option("--dilation", g.dilation, "dilation, 1 to 4")->type_name("D[,D]");
  app.add_option("--view", g.view, "scatter (default), gather, matrix, heatmap, forward or paired")->type_name("VIEW");
  app.add_option("--pin-output", g.pin, "pin output cell ROW,COL (gather/matrix views follow it)")->type_name("R,C");
  app.add_option("--fps", o.fps, "frames per second, 1 to 50 (default 10)")->type_name("N");
  app.add_option("--speed", o.speed, "placements per second, 0.05 to 20 (default 1.5)")->type_name("S");
  app.add_option("--end-hold", o.end_hold, "seconds on the finished output, 0 to 60 (default 1.5)")->type_name("SEC");
  app.add_option("--size", o.size, "frame size in pixels (default 1280x720)")->type_name("WxH");
  app.add_option("--frames-dir", o.frames_dir, "also write numbered PNG frames into DIR (created if missing)")->type_name("DIR");
  app.add_option("--theme", o.theme, "light (default, white slides) or dark (the GUI's)")->type_name("light|dark");
  app.add_option("--scale", o.scale, "text/UI scale, 0.5 to 4 (default: from the height)")->type_name("S");
  app.add_flag("--force", o.force, "replace existing output files");

  std::vector<std::string> args;  // CLI11 takes them in reverse; skip argv[0] and "animate"
  for (int i = argc - 1; i >= 2; --i) args.emplace_back(argv[i]);
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::string what = e.what();
    if (!what.empty() && what.back() == '.') what.pop_back();
    std::cerr << "error: " << what << ". Run 'tconv-lab animate --help' for the options.\n";
    return 2;
  }
  const auto fail = [](const std::string& msg) {
    std::cerr << "error: " << msg << "\n";
    return 2;
  };

  // Options -> request (every check before the GL context exists).
  AnimationRequest req;
  req.gif_path = o.output;
  req.frames_dir = o.frames_dir;
  req.overwrite = o.force;
  Result<SlideSettings> size = parse_slide_size(o.size, "--size");
  if (!size) return fail(size.error().message);
  req.slide = size.value();
  if (o.theme != "light" && o.theme != "dark") return fail("--theme is '" + o.theme + "': use light or dark.");
  req.slide.light = o.theme == "light";
  if (o.scale != 0.0f && !(o.scale >= 0.5f && o.scale <= 4.0f))
    return fail("--scale must be between 0.5 and 4 (1 = the GUI's normal text), got " + std::to_string(o.scale) + ".");
  req.slide.scale = o.scale;
  if (!(o.fps >= 1 && o.fps <= 50))
    return fail("--fps must be between 1 and 50 (GIF players slow down faster frames), got " + std::to_string(o.fps) + ".");
  if (!(o.speed >= 0.05 && o.speed <= 20))
    return fail("--speed must be between 0.05 and 20 placements per second, got " + std::to_string(o.speed) + ".");
  req.plan.fps = o.fps;
  req.plan.steps_per_second = o.speed;
  req.plan.hold_share = ui::Playback::kHoldShare;
  req.plan.end_hold_s = o.end_hold;
  if (!g.view.empty()) {
    Result<ui::View> v = ui::parse_view(g.view);
    if (!v) return fail("--view: " + v.error().message);
    req.view = v.value();
  }
  ui::AppState state;
  state.screenshot_mode = true;
  if (Status st = apply_gui_options(g, state); !st) return fail(st.error().message);
  if (!state.model)
    return fail("this configuration is impossible, so there is nothing to animate: " + state.problems.front());

  const auto t0 = std::chrono::steady_clock::now();
  gpu::ContextRequest want;  // GL 3.3 core, as the GUI's renderer; slides go into a framebuffer object
  want.purpose = "to draw the slides";
  want.alternative = "run under a display (xvfb-run -a tconv-lab animate ...)";
  Result<std::unique_ptr<gpu::GlContext>> gl = gpu::create_offscreen_context(want);
  if (!gl) return fail(gl.error().message);
  Result<std::unique_ptr<AnimationExport>> job = AnimationExport::start(state, req);
  if (!job) return fail(job.error().message);
  AnimationExport& ex = *job.value();
  while (ex.done() < ex.total()) {
    if (Status st = ex.render_next(); !st) return fail(st.error().message);  // ~AnimationExport cleans up
  }
  if (Status st = ex.finish(); !st) return fail(st.error().message);
  const size_t stale = req.overwrite ? remove_stale_frames(ex.png_paths()) : 0;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "wrote " << req.gif_path << ": " << ex.total() << " frames, " << req.slide.width << "x"
            << req.slide.height << ", " << o.fps << " fps, " << (ex.gif_bytes() + 512) / 1024 << " KiB";
  if (!req.frames_dir.empty()) std::cout << "; " << ex.png_paths().size() << " PNG frames in " << req.frames_dir;
  if (stale > 0) std::cout << " (removed " << stale << " frames left from an earlier, longer run)";
  std::cout << " (" << std::fixed << std::setprecision(1) << secs << " s, " << gl.value()->describe() << ")\n";
  return 0;
}

}  // namespace tconv::app
