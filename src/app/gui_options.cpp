#include "app/gui_options.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <system_error>
#include <vector>

#include "app/cli.h"
#include "app/gui_image.h"
#include "app/platform/files.h"
#include "core/kernels.h"
#include "core/tf_padding.h"
#include "io/file.h"
#include "ui/lessons/lesson_state.h"
#include "ui/presets.h"

namespace tconv::app {

namespace {

const char* kGuiFooter =
    "With --screenshot the window renders a few frames in the requested state, the image is "
    "written (PNG, or by extension .jpg .bmp .tga) and tconv-lab exits: this is how the README's "
    "pictures and the UI tests are made. Keys in the window: Space play/pause, Left/Right step, "
    "Home/End first/last, Esc unpin, Ctrl+Q quit. Settings are remembered in $XDG_CONFIG_HOME/tconv-lab/imgui.ini "
    "(default ~/.config/tconv-lab).";
}

ParsedGuiOptions parse_gui_options(int argc, char** argv) {
  ParsedGuiOptions r;
  GuiOptions& o = r.options;
  CLI::App app{"Open the interactive visualizer of transposed convolution.", "tconv-lab gui"};
  app.footer(kGuiFooter);
  app.get_formatter()->column_width(30);
  app.add_option("--screenshot", o.screenshot, "write an image of the window to PATH and exit")->type_name("PATH");
  app.add_option("--layout-report", o.layout_report, "with --screenshot: write every text that lacks room (cut, "
                 "shortened) to PATH as JSON lines; empty file = everything fits")->type_name("PATH");
  app.add_option("--text-dump", o.text_dump, "with --screenshot: write every line of text the frame draws to PATH, "
                 "one per line as WINDOW<TAB>TEXT")->type_name("PATH");
  app.add_option("--preset", o.preset, "configuration preset: " + ui::config_preset_names())->type_name("NAME");
  CLI::Option* step_opt = app.add_option("--step", o.step, "show step N (1 = first placement), as numbered in the window")->type_name("N");
  app.add_option("--view", o.view, "view tab: scatter, gather, matrix, heatmap, forward, paired or channels")->type_name("VIEW");
  app.add_option("--pin-output", o.pin, "pin output cell ROW,COL (0-based) and show its sum")->type_name("R,C");
  app.add_option("--input", o.input, "input grid size, 1 to 16 (on top of the preset)")->type_name("H[,W]");
  app.add_option("--kernel", o.kernel, "kernel size, 1 to 8")->type_name("K[,K]");
  app.add_option("--stride", o.stride, "stride, 1 to 5")->type_name("S[,S]");
  app.add_option("--padding", o.padding, "padding (crops the output), 0 to 8")->type_name("P[,P]");
  app.add_option("--output-padding", o.output_padding, "output_padding, 0 to 4")->type_name("A[,A]");
  app.add_option("--dilation", o.dilation, "dilation, 1 to 4")->type_name("D[,D]");
  CLI::Option* cin_opt = app.add_option("--in-channels", o.in_channels, "channels view: input channels, 1 to 4 (default 2)")->type_name("C");
  CLI::Option* cout_opt = app.add_option("--out-channels", o.out_channels, "channels view: output channels, 1 to 4 (default 2)")->type_name("O");
  CLI::Option* groups_opt = app.add_option("--groups", o.groups, "channels view: groups, dividing both channel counts (default 1)")->type_name("G");
  app.add_option("--tf-padding", o.tf_padding, "TensorFlow/Keras convention: same or valid (sets padding and "
                 "output_padding; shows where PyTorch cannot match it)")->type_name("MODE");
  app.add_option("--window", o.window, "window size in pixels (default 1280x800)")->type_name("WxH");
  app.add_option("--scale,--ui-scale", o.scale, "UI/text scale, 0.5 to 3 (default: automatic)")->type_name("S");
  app.add_flag("--light", o.light, "light theme (projectors in bright rooms)");
  app.add_flag("--overlay", o.overlay, "colour the output by overlap count in the scatter view");
  app.add_option("--image", o.image, "open a picture in image mode (a missing file exits 2; a corrupt one opens "
                 "the window with the error shown)")->type_name("PATH");
  app.add_option("--image-kernel", o.image_kernel, "image mode's kernel: a preset (bilinear, nearest, ones3, edge, "
                 "box, identity) or weights .npy; --stride/--padding/--output-padding/--dilation apply too")
      ->type_name("NAME|NPY");
  app.add_option("--explorer", o.explorer, "open the checkerboard explorer: pattern, transposed, nearest_conv, "
                 "bilinear_conv, bilinear, difference, spectrum or stacked")->type_name("VIEW");
  app.add_option("--image-magnify", o.image_magnify, "image mode: open the overlap pattern with its magnifier "
                 "showing the counts around output pixel ROW,COL (hovering does the same)")->type_name("R,C");
  app.add_option("--mode", o.mode, "start in teach (default) or image mode")->type_name("MODE");
  app.add_flag("--image-gpu", o.image_gpu, "image mode: compute pictures over 1 megapixel of output on the GPU even "
               "when it is a software rasteriser (llvmpipe)");
  CLI::Option* lesson_opt = app.add_option("--lesson", o.lesson, "open lesson N (1-based) of assets/lessons.txt")->type_name("N");
  app.add_option("--lesson-answer", o.lesson_answer, "with --lesson: type TEXT as the answer (shows the feedback)")
      ->type_name("TEXT");

  // Skip argv[0] and a leading "gui".
  std::vector<std::string> args;
  for (int i = argc - 1; i >= 1; --i) {
    if (i == 1 && std::string(argv[1]) == "gui") break;
    args.emplace_back(argv[i]);
  }
  try {
    app.parse(args);  // CLI11 takes the vector in reverse order
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      r.exit_status = app.exit(e);
      return r;
    }
    std::string what = e.what();
    if (!what.empty() && what.back() == '.') what.pop_back();
    std::cerr << "error: " << what << ". Run 'tconv-lab gui --help' for the options.\n";
    r.exit_status = 2;
    return r;
  }
  o.step_given = step_opt->count() > 0;
  auto fail = [&](const std::string& msg) {
    std::cerr << "error: " << msg << "\n";
    r.exit_status = 2;
    return r;
  };
  if (!o.window.empty()) {
    const Result<ui::WindowSize> w = ui::parse_window_size(o.window);
    if (!w) return fail(w.error().message);
    o.window_size = w.value();
  }
  if (!o.view.empty()) {
    const Result<ui::View> v = ui::parse_view(o.view);
    if (!v) return fail("--view: " + v.error().message);
  }
  if (o.scale != 0.0f && !(o.scale >= 0.5f && o.scale <= 3.0f))
    return fail("--scale must be between 0.5 and 3 (1 = normal text), got " + std::to_string(o.scale) + ".");
  if (!o.screenshot.empty()) {
    const std::string ext = io::lower_extension(o.screenshot);
    if (ext != ".png" && ext != ".jpg" && ext != ".jpeg" && ext != ".bmp" && ext != ".tga")
      return fail("--screenshot " + o.screenshot + ": use a .png file name (or .jpg, .bmp, .tga).");
    const Status ok = io::check_output_path(o.screenshot);
    if (!ok) return fail(ok.error().message);
  }
  if (!o.layout_report.empty()) {
    if (o.screenshot.empty()) return fail("--layout-report needs --screenshot PATH (the report describes that frame).");
    const Status ok = io::check_output_path(o.layout_report);
    if (!ok) return fail(ok.error().message);
  }
  if (!o.text_dump.empty()) {
    if (o.screenshot.empty()) return fail("--text-dump needs --screenshot PATH (the dump lists that frame's text).");
    const Status ok = io::check_output_path(o.text_dump);
    if (!ok) return fail(ok.error().message);
  }
  if (cin_opt->count() || cout_opt->count() || groups_opt->count()) {
    const ui::ChannelSettings def;
    if (!cin_opt->count()) o.in_channels = int(def.in_channels);
    if (!cout_opt->count()) o.out_channels = int(def.out_channels);
    if (!groups_opt->count()) o.groups = int(def.groups);
    const Status ok = ui::validate_channels(o.in_channels, o.out_channels, o.groups);
    if (!ok) return fail("--in-channels/--out-channels/--groups: " + ok.error().message);
  }
  if (!o.tf_padding.empty() && !tf_padding_from_name(o.tf_padding))
    return fail("--tf-padding " + o.tf_padding + ": use same (output = input x stride) or valid (no cropping).");
  if (!o.mode.empty() && o.mode != "teach" && o.mode != "image")
    return fail("--mode " + o.mode + ": use teach (the step-by-step views) or image (pictures).");
  if (lesson_opt->count() > 0 && o.lesson < 1)
    return fail("--lesson " + std::to_string(o.lesson) + ": lessons are numbered from 1 (--lesson 1 is the first).");
  if (!o.image_kernel.empty() && io::lower_extension(o.image_kernel) != ".npy" &&
      !kernel_preset(o.image_kernel, Pair{2, 2})) {
    std::string known;
    for (const std::string& n : kernel_preset_names()) known += (known.empty() ? "" : ", ") + n;
    return fail("--image-kernel: unknown kernel '" + o.image_kernel + "'. Known kernels: " + known +
                "; or give a .npy file of weights, e.g. --image-kernel w.npy.");
  }
  if (const Status ok = check_image_options(image_mode_options(o)); !ok) return fail(ok.error().message);
  return r;
}

// --lesson N [--lesson-answer TEXT] (lessons.txt is loaded by apply_gui_options).
static Status apply_lesson_option(const GuiOptions& o, ui::AppState& s) {
  if (o.lesson == 0 && o.lesson_answer.empty()) return Ok{};
  if (o.lesson == 0) return Error{"--lesson-answer needs --lesson N (the lesson whose question it answers)."};
  const size_t n = s.lessons.file.lessons.size();
  if (o.lesson < 1 || size_t(o.lesson) > n) {
    std::string msg = "--lesson " + std::to_string(o.lesson) + " does not exist: ";
    msg += n ? "the lessons are 1 to " + std::to_string(n) + "." : "no lessons loaded.";
    if (!s.lessons.load_problem.empty()) msg += " " + s.lessons.load_problem;
    for (const std::string& e : ui::lesson_error_lines(s.lessons)) msg += "\n  " + e;
    return Error{msg};
  }
  if (Status st = ui::open_lesson(s, size_t(o.lesson - 1)); !st) return Error{"--lesson: " + st.error().message};
  if (!o.lesson_answer.empty()) ui::answer_lesson(s.lessons, o.lesson_answer);
  return Ok{};
}

Status apply_gui_options(const GuiOptions& o, ui::AppState& s) {
  // The lessons panel shows why when there is no data folder.
  if (const Result<platform::DataFolders> data = platform::find_data_folders()) {
    ui::load_lessons_file(s.lessons, data.value().lessons_file().string());
  } else {
    s.lessons.load_problem = data.error().message;
  }
  if (!o.preset.empty()) {
    const Result<ui::ConfigPreset> p = ui::find_config_preset(o.preset);
    if (!p) return Error{"--preset: " + p.error().message};
    ui::apply_preset(s.editor, p.value());
  }
  const std::pair<const std::string*, ui::Param> params[] = {
      {&o.input, ui::Param::Input},     {&o.kernel, ui::Param::Kernel},
      {&o.stride, ui::Param::Stride},   {&o.padding, ui::Param::Padding},
      {&o.output_padding, ui::Param::OutputPadding}, {&o.dilation, ui::Param::Dilation}};
  const char* names[] = {"--input", "--kernel", "--stride", "--padding", "--output-padding", "--dilation"};
  for (size_t i = 0; i < 6; ++i) {
    const std::string& text = *params[i].first;
    const ui::Param p = params[i].second;
    if (text.empty()) continue;
    const Result<Pair> v = parse_pair(text, names[i]);
    if (!v) return v.error();
    for (int64_t x : {v.value().h, v.value().w}) {
      if (x < ui::param_min(p) || x > ui::param_max(p))
        return Error{std::string(names[i]) + " " + text + " is out of range: the visualizer takes " +
                     std::to_string(ui::param_min(p)) + " to " + std::to_string(ui::param_max(p)) +
                     " (use 'tconv-lab apply' for bigger problems)."};
    }
    ui::set_lock(s.editor, p, false);
    ui::set_param(s.editor, p, ui::Axis::H, v.value().h);
    ui::set_param(s.editor, p, ui::Axis::W, v.value().w);
    ui::set_lock(s.editor, p, v.value().h == v.value().w);
  }
  if (o.in_channels) s.editor.channels.in_channels = o.in_channels;
  if (o.out_channels) s.editor.channels.out_channels = o.out_channels;
  if (o.groups) s.editor.channels.groups = o.groups;
  if (!o.tf_padding.empty()) {
    if (!o.padding.empty() || !o.output_padding.empty())
      return Error{"--tf-padding sets padding and output_padding itself: leave out --padding/--output-padding."};
    ui::set_tf_padding(s.editor, tf_padding_from_name(o.tf_padding));
  }
  if (const Result<ui::View> v = ui::parse_view(o.view); !o.view.empty() && v) s.prefs.view = v.value();
  ui::rebuild(s);  // the step count follows the view (forward: one step per output cell)
  // An impossible configuration is allowed: the window explains it. Steps and pins need a model.
  if (!s.model && (o.step_given || !o.pin.empty()))
    return Error{"--step and --pin-output need a possible configuration, but: " + s.problems.front()};
  if (!s.model) return Ok{};
  const size_t n = s.playback.count();
  if (o.step_given) {
    if (o.step < 1 || size_t(o.step) > n)
      return Error{"--step " + std::to_string(o.step) + " is out of range: this configuration has steps 1 to " +
                   std::to_string(n) +
                   (s.prefs.view == ui::View::Forward ? " (one per output cell)." : " (one per input element).")};
    s.playback.seek(size_t(o.step - 1));
  }
  if (!o.pin.empty()) {
    const Result<ui::Cell> c = ui::parse_cell(o.pin, "--pin-output");
    if (!c) return c.error();
    if (!ui::in_output(*s.model, c.value()))
      return Error{"--pin-output " + o.pin + " is outside the " + std::to_string(s.model->out_h) + "x" +
                   std::to_string(s.model->out_w) + " output: use ROW 0.." + std::to_string(s.model->out_h - 1) +
                   " and COL 0.." + std::to_string(s.model->out_w - 1) + "."};
    s.pinned = c.value();
  }
  return apply_lesson_option(o, s);
}

void apply_gui_overrides(const GuiOptions& o, ui::AppState& s) {
  if (!o.view.empty()) {
    const Result<ui::View> v = ui::parse_view(o.view);
    if (v) s.prefs.view = v.value();
  }
  if (o.scale > 0) s.prefs.ui_scale = o.scale;
  if (o.light) s.prefs.light_theme = true;
  if (o.overlay) s.prefs.shading = ui::Shading::Overlap;
  if (o.lesson > 0 && o.view.empty()) (void)apply_lesson_option(o, s);  // the lesson's view over a remembered one
  s.select_view = true;
}

}  // namespace tconv::app

namespace tconv::app {
ImageModeOptions image_mode_options(const GuiOptions& o) {
  ImageModeOptions m;
  m.image = o.image;
  m.kernel = o.image_kernel;
  m.stride = o.stride;
  m.padding = o.padding;
  m.output_padding = o.output_padding;
  m.dilation = o.dilation;
  m.explorer = o.explorer;
  m.magnify = o.image_magnify;
  m.start_in_image_mode = o.mode == "image" || !o.explorer.empty() || !o.image_magnify.empty();
  m.screenshot = !o.screenshot.empty();
  m.force_gpu = o.image_gpu;
  return m;
}
}  // namespace tconv::app
