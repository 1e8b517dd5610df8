// The explanation column: the output-size formula per axis with its reasons (or, for an
// impossible configuration, which rule is broken and how to fix it), the focused cell's sum, the
// target-size helper, the round trip through the forward convolution, the overlap notes and the
// PyTorch code for what is on screen; and the right column that puts the lessons panel above it.
#include <algorithm>
#include <cmath>

#include "ui/lessons/lessons_panel.h"
#include "ui/shell/columns.h"
#include "ui/views/canvas.h"
#include "ui/lessons/reveal.h"

namespace tconv::ui {

namespace {

ImVec4 v4(Rgba c) { return ImVec4(c.r, c.g, c.b, c.a); }

void heading(const char* text) {
  ImGui::PushFont(draw::font_for_px(ImGui::GetFontSize() * 1.25f));
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
}

void bullet_wrapped(const std::string& t) {
  ImGui::Bullet();
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(t.c_str());
  ImGui::PopTextWrapPos();
}

void wrapped(const std::string& t) {
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(t.c_str());
  ImGui::PopTextWrapPos();
}

void axis_block(AppState& s, const AxisExplanation& e, const char* title, const char* out_name) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  wrapped(title);
  // One item per term: hovering one highlights what it counts on the scatter canvas.
  const bool rows = std::string(out_name) != "out_w", cols = std::string(out_name) != "out_h";
  const bool mine = s.size_term.rows == rows && s.size_term.cols == cols;
  const SizeTerm t = draw_size_formula("out", mine ? s.size_term.term : SizeTerm::None);
  if (t != SizeTerm::None && !s.screenshot_mode) s.size_term = {t, rows, cols};
  ImGui::PopStyleColor();
  ImGui::PushFont(draw::font_for_px(ImGui::GetFontSize() * 1.25f));
  const std::string sub = std::string(out_name) + " = " + shown_result(s, Quantity::OutputSize, e.substituted);
  ImGui::PushStyleColor(ImGuiCol_Text, e.problem ? v4(palette::kVermillion) : draw::theme().step_text);
  draw::text_formula(sub);
  ImGui::PopStyleColor();
  ImGui::PopFont();
  if (hidden(s, Quantity::OutputSize)) bullet_wrapped("Work the sum out: the reasons, with their numbers, appear once you have answered.");
  else for (const std::string& w : e.why) bullet_wrapped(w);
  if (e.problem) {
    ImGui::PushStyleColor(ImGuiCol_Text, v4(palette::kVermillion));
    wrapped(*e.problem);
    ImGui::PopStyleColor();
  }
}

void target_block(AppState& s, Axis axis) {
  const int a = int(axis);
  const char* name = axis == Axis::H ? "height" : "width";
  ImGui::PushID(a);
  int t = int(s.target[size_t(a)]);
  ImGui::AlignTextToFramePadding();
  ImGui::Text("wanted %s", name);
  draw::same_line_if_fits(ImGui::GetFontSize() * 7);
  ImGui::SetNextItemWidth(std::min(ImGui::GetFontSize() * 8, ImGui::GetContentRegionAvail().x));
  if (ImGui::InputInt("##wanted", &t)) s.target[size_t(a)] = std::clamp(t, 1, 999);
  const TargetHelp h = solve_target_size(axis_params(s.editor, axis), s.target[size_t(a)]);
  for (size_t i = 0; i < h.solutions.size() && i < 4; ++i) {
    const TargetSolution& sol = h.solutions[i];
    ImGui::PushID(int(i));
    wrapped("padding " + std::to_string(sol.padding) + ", output_padding " + std::to_string(sol.output_padding));
    draw::same_line_if_fits(draw::button_width("apply"));
    if (ImGui::SmallButton("apply")) {
      set_param(s.editor, Param::Padding, axis, sol.padding);
      set_param(s.editor, Param::OutputPadding, axis, sol.output_padding);
      rebuild(s);
    }
    ImGui::PopID();
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  wrapped(h.note);
  ImGui::PopStyleColor();
  ImGui::PopID();
}

void round_trip_row(int64_t n, int64_t forward_out, int64_t output_padding, bool allowed, bool current) {
  ImGui::TableNextRow();
  if (current) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, draw::col(palette::kOrange, 0.35f));
  ImGui::TableSetColumnIndex(0);
  ImGui::Text("%lld", (long long)n);
  ImGui::TableSetColumnIndex(1);
  ImGui::Text("%lld", (long long)forward_out);
  ImGui::TableSetColumnIndex(2);
  ImGui::TextWrapped("%lld%s%s", (long long)output_padding, current ? "  (current)" : "", allowed ? "" : "  (too big)");
}

// The sizes the forward convolution maps to the same input, and the current output_padding's
// size when it is not one of them.
void round_trip_block(const AppState& s, const RoundTripExplanation& e, const char* name) {
  if (e.trip && hidden(s, Quantity::RoundTrip)) return bullet_wrapped(shown_round_trip(s, *e.trip, name));
  for (const std::string& l : e.lines) bullet_wrapped(l);
  if (!e.trip) return;
  const RoundTrip& rt = *e.trip;
  const AxisParams& a = rt.transposed;
  // Too narrow for three columns of whole words (UI scale 2 at 1024x768): one line per size.
  if (ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 14) {
    auto line = [&](int64_t n, int64_t op, bool allowed, bool current) {
      bullet_wrapped("original " + std::string(name) + " " + std::to_string(n) + ": forward conv gives " +
                     std::to_string(n == rt.n ? conv_output_size(n, a.kernel, a.stride, a.padding, a.dilation) : rt.m) +
                     ", output_padding " + std::to_string(op) + (current ? " (current)" : "") +
                     (allowed ? "" : " (too big)"));
    };
    for (const RoundTripSize& z : rt.sizes) line(z.size, z.output_padding, true, z.size == rt.n);
    if (!rt.current_is_round_trip)
      line(rt.n, a.output_padding, a.output_padding < a.stride || a.output_padding < a.dilation, true);
    return;
  }
  // Columns share the column's width and their words wrap, so a narrow explanation column (a
  // projector at 1024x768) cuts nothing off.
  if (ImGui::BeginTable(name, 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
    const std::string original = "original " + std::string(name);
    // Weights that keep each header's longest word ("output_padding") whole.
    ImGui::TableSetupColumn("##n", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn("##m", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("##op", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (const char* h : {original.c_str(), "forward conv gives", "output_padding"}) {
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", h);
    }
    for (const RoundTripSize& z : rt.sizes) round_trip_row(z.size, rt.m, z.output_padding, true, z.size == rt.n);
    if (!rt.current_is_round_trip)
      round_trip_row(rt.n, conv_output_size(rt.n, a.kernel, a.stride, a.padding, a.dilation), a.output_padding,
                     a.output_padding < a.stride || a.output_padding < a.dilation, true);
    ImGui::EndTable();
  }
}

}  // namespace

void draw_heatmap_notes(AppState& s) {
  if (!s.model) return;
  if (hidden(s, Quantity::OverlapMax)) return bullet_wrapped("Overlap notes: " + std::string(kHiddenText) + " (they give the lesson's answer away; answer it first).");
  for (const std::string& l : s.overlap.lines) bullet_wrapped(l);
}

void draw_explain_panel(AppState& s) {
  if (!s.screenshot_mode) s.size_term = {};  // set again below while a formula term is hovered
  const AxisParams ah = axis_params(s.editor, Axis::H), aw = axis_params(s.editor, Axis::W);
  const bool same = ah.in == aw.in && ah.kernel == aw.kernel && ah.stride == aw.stride &&
                    ah.padding == aw.padding && ah.dilation == aw.dilation &&
                    ah.output_padding == aw.output_padding;
  const std::string title = s.model ? (hidden(s, Quantity::OutputSize) ? "How big is the output? out = ? (work it out)" : "Why is the output " + std::to_string(s.model->out_h) + " x " +
                                          std::to_string(s.model->out_w) + "?")
                                    : "Why is this impossible?";
  heading(title.c_str());
  if (same) {
    axis_block(s, s.axis[0], "Height and width (same numbers on both axes)", "out");
  } else {
    axis_block(s, s.axis[0], "Height (rows)", "out_h");
    ImGui::Spacing();
    axis_block(s, s.axis[1], "Width (columns)", "out_w");
  }
  if (!s.model && !s.axis[0].problem && !s.axis[1].problem) {  // e.g. too many cells
    ImGui::PushStyleColor(ImGuiCol_Text, v4(palette::kVermillion));
    for (const std::string& p : s.problems) wrapped(p);
    ImGui::PopStyleColor();
  }

  ImGui::Spacing();
  ImGui::Separator();
  const std::optional<Cell> focus = s.pinned ? s.pinned : s.hover_output;
  if (s.model && focus && in_output(*s.model, *focus)) {
    const TeachingModel& m = *s.model;
    heading((std::string(s.pinned ? "Pinned " : "") + "cell " + cell_label("y", *focus)).c_str());
    ImGui::PushFont(draw::font_for_px(ImGui::GetFontSize() * 1.25f));
    ImGui::PushStyleColor(ImGuiCol_Text, draw::theme().focus_text);
    draw::text_formula(cell_sum_symbolic(m, focus->r, focus->c));  // never breaks inside "x[1,0]"
    draw::text_formula(shown_result(s, Quantity::CellValue, cell_sum_numeric(m, focus->r, focus->c)));
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    std::string note = shown(s, Quantity::OverlapCounts, std::to_string(m.overlap_at(focus->r, focus->c))) +
                       " product(s) land here; blue in every view.";
    if (!m.steps.empty()) {
      const Grid partial = partial_output(m, s.playback.step() + 1);
      const float now = partial.at(focus->r, focus->c);
      if (now != m.output.at(focus->r, focus->c))
        note += " After step " + std::to_string(s.playback.step() + 1) + " the running sum is " +
                format_number(now) + ".";
    }
    wrapped(note);
    ImGui::PopStyleColor();
    if (s.pinned && ImGui::SmallButton("unpin (Esc)")) s.pinned.reset();
  } else if (s.model) {
    heading("An output cell");
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    wrapped("Hover or click an output cell to see its sum written out.");
    ImGui::PopStyleColor();
  }

  if (draw::collapsing_header("Target size: which padding gives the size I want?")) {
    target_block(s, Axis::H);
    if (!same) target_block(s, Axis::W);
    if (same) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      wrapped("(applies to both axes while 'same' is ticked)");
      ImGui::PopStyleColor();
    }
  }
  if (draw::collapsing_header("Round trip: why output_padding exists", ah.stride > 1 || aw.stride > 1)) {
    round_trip_block(s, s.round[0], same ? "size" : "height");
    if (!same) round_trip_block(s, s.round[1], "width");
  }
  // Under the heat-map these notes are already on screen (draw_heatmap_notes): not twice.
  if (s.model && s.prefs.view != View::Heatmap &&
      draw::collapsing_header("Overlap: edge effect and checkerboard", true))
    draw_heatmap_notes(s);
  if (draw::collapsing_header("PyTorch code for this picture")) {
    const std::string code =
        s.prefs.view == View::Channels ? channels_pytorch_snippet(s.channels) : pytorch_snippet(s.editor);
    if (ImGui::SmallButton("copy to clipboard")) {
      ImGui::SetClipboardText(code.c_str());
      s.status = "PyTorch code copied to the clipboard.";
      s.status_age = 0;
    }
    // Code keeps its lines: in a narrow column it scrolls sideways instead of being cut.
    ImGui::PushFont(draw::font_for_px(13));
    const ImVec2 code_size = ImGui::CalcTextSize(code.c_str());
    const bool wide = code_size.x > ImGui::GetContentRegionAvail().x;
    ImGui::BeginChild("code", ImVec2(0, code_size.y + (wide ? ImGui::GetStyle().ScrollbarSize : 0.0f) + 4), false,
                      ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::TextUnformatted(code.c_str());
    ImGui::EndChild();
    ImGui::PopFont();
  }
}

namespace {
// The explanations under the lessons. They explain the TRANSPOSED convolution of the current
// settings; in the regular-convolution views that would answer a different question, so they are
// folded away there.
void explanations(AppState& s) {
  // The view's words, each with its meaning on hover (the glossary, where the words first appear).
  ImGui::TextDisabled("Words:");
  for (const GlossaryTerm& t : view_glossary(s.prefs.view)) {
    draw::same_line_if_fits(ImGui::CalcTextSize(t.term).x);  // a narrow column puts terms below
    ImGui::TextUnformatted(t.term);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", t.term, t.meaning);
  }
  if (s.prefs.view == View::Forward || s.prefs.view == View::Paired) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    wrapped(view_help(s.prefs.view));
    ImGui::PopStyleColor();
    if (!draw::collapsing_header("The transposed convolution of these settings")) return;
  }
  draw_explain_panel(s);
}
}  // namespace

// ---------------------------------------------------------------- right column
void draw_right_column(AppState& s) {
  if (!s.lessons.open) {
    draw_lessons_button(s);
    ImGui::Separator();
    explanations(s);
    return;
  }
  const float h = ImGui::GetContentRegionAvail().y;
  ImGui::BeginChild("lesson", ImVec2(0, std::floor(h * 0.64f)), false);
  draw_lessons_panel(s);
  ImGui::EndChild();
  ImGui::Separator();
  ImGui::BeginChild("explain_below", ImVec2(0, 0), false);
  explanations(s);
  ImGui::EndChild();
}

}  // namespace tconv::ui
