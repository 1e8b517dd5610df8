// The lessons panel at the top of the right column: navigation (prev / next / list), the lesson's
// text, its question with an answer box, and the answer revealed only after an answer (or "show
// answer") with the lesson's feedback. Problems in lessons.txt are listed with their line numbers.
// Sections: helpers | lesson body | lessons button
#include <algorithm>
#include <cmath>
#include <cstring>

#include <imgui.h>

#include "ui/draw/draw_util.h"
#include "ui/draw/layout_audit.h"
#include "ui/draw/safe_text.h"
#include "ui/lessons/lessons_panel.h"
#include "ui/lessons/reveal.h"

namespace tconv::ui {

namespace {

// ---------------------------------------------------------------- helpers
ImVec4 v4(Rgba c) { return ImVec4(c.r, c.g, c.b, c.a); }

void wrapped(const std::string& t) {
  ImGui::PushTextWrapPos(0);
  for (const std::string& piece : split_text_for_display(t)) ImGui::TextUnformatted(piece.c_str());
  ImGui::PopTextWrapPos();
}

void coloured(const std::string& t, ImVec4 c) {
  ImGui::PushStyleColor(ImGuiCol_Text, c);
  wrapped(t);
  ImGui::PopStyleColor();
}

void go_to(AppState& s, size_t index) {
  if (Status st = open_lesson(s, index); !st) s.lessons.setup_problem = st.error().message;
}

void file_problems(const LessonState& l) {
  if (!l.load_problem.empty()) coloured(l.load_problem, v4(palette::kVermillion));
  const std::vector<std::string> errs = lesson_error_lines(l);
  if (errs.empty()) return;
  // Shown first, so a teacher who just edited the file sees what to fix (line numbers included).
  coloured(std::to_string(errs.size()) + " problem(s) in " + l.source + "; those lessons are left out:",
           v4(palette::kVermillion));
  const size_t shown = std::min<size_t>(errs.size(), 2);
  for (size_t i = 0; i < shown; ++i) coloured(errs[i], v4(palette::kVermillion));
  if (errs.size() > shown && ImGui::TreeNode("lesson_problems", "and %d more", int(errs.size() - shown))) {
    for (size_t i = shown; i < errs.size(); ++i) coloured(errs[i], v4(palette::kVermillion));
    ImGui::TreePop();
  }
  ImGui::Separator();
}

// The decoder stack of a lesson: layers and sizes (the sizes after the first layer show as "?"
// while the lesson hides them, since they are what the question asks for).
void stack_table(const AppState& s, const Lesson& lesson) {
  const Result<std::vector<StackRow>> rows = stack_sizes(lesson.stack);
  if (!rows.ok()) {
    coloured(rows.error().message, v4(palette::kVermillion));
    return;
  }
  // Columns share the width and their words wrap (at spaces), so a narrow column cuts nothing.
  if (!ImGui::BeginTable("stack", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("##layer", ImGuiTableColumnFlags_WidthStretch, 0.7f);
  ImGui::TableSetupColumn("##ksp", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("##size", ImGuiTableColumnFlags_WidthStretch, 1.6f);
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (const char* h : {"layer", "k, s, p", "size in -> out"}) {
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", h);
  }
  int i = 0;
  for (const StackRow& r : rows.value()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("%d", ++i);
    ImGui::TableNextColumn();
    ImGui::TextWrapped("k%lld s%lld p%lld", static_cast<long long>(r.layer.kernel), static_cast<long long>(r.layer.stride),
                       static_cast<long long>(r.layer.padding));
    ImGui::TableNextColumn();
    const std::string in = std::to_string(r.in.h) + "x" + std::to_string(r.in.w);
    const std::string out = std::to_string(r.out.h) + "x" + std::to_string(r.out.w);
    const std::string t = (i == 1 ? in : shown(s, Quantity::StackSizes, in)) + " -> " + shown(s, Quantity::StackSizes, out);
    ImGui::TextWrapped("%s", t.c_str());
  }
  ImGui::EndTable();
}

}  // namespace

// ---------------------------------------------------------------- lesson body
void draw_lessons_panel(AppState& s) {
  LessonState& l = s.lessons;
  const size_t n = l.file.lessons.size();
  const float fs = ImGui::GetFontSize();

  // Navigation: prev, the list, next, close on one row when the list's label fits beside the
  // buttons; else the buttons first (each keeps its word) and the list below, as wide as the
  // column, its label wrapping rather than cut.
  const ImGuiStyle& st = ImGui::GetStyle();
  const float prev_w = draw::button_width("< Prev"), next_w = draw::button_width("Next >"),
              close_w = draw::button_width("Close");
  const std::string preview = n ? "Lesson " + std::to_string(l.current + 1) + " of " + std::to_string(n) : "no lessons";
  const float combo_need = draw::frame_width(preview.c_str()) + ImGui::GetFrameHeight();
  const bool row_fits =
      ImGui::GetContentRegionAvail().x >= prev_w + combo_need + next_w + close_w + 3 * st.ItemSpacing.x;
  auto lesson_list = [&](bool open) {
    if (!open) return;
    for (size_t i = 0; i < n; ++i) {
      const bool sel = i == l.current;
      if (ImGui::Selectable((cut_text_for_display(l.file.lessons[i].title) + "##" + std::to_string(i)).c_str(), sel)) go_to(s, i);
      if (sel) ImGui::SetItemDefaultFocus();
    }
  };
  ImGui::BeginDisabled(n == 0 || l.current == 0);
  if (ImGui::Button("< Prev")) go_to(s, l.current - 1);
  ImGui::EndDisabled();
  if (row_fits) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - next_w - close_w - 2 * st.ItemSpacing.x);
    const bool list_open = ImGui::BeginCombo("##lesson_list", preview.c_str());
    draw::audit_last_item("combo", preview.c_str(), ImGui::GetFrameHeight());
    lesson_list(list_open);
    if (list_open) ImGui::EndCombo();
  }
  draw::same_line_if_fits(next_w);
  ImGui::BeginDisabled(n == 0 || l.current + 1 >= n);
  if (ImGui::Button("Next >")) go_to(s, l.current + 1);
  ImGui::EndDisabled();
  draw::same_line_if_fits(close_w);
  if (ImGui::Button("Close")) l.open = false;
  if (!row_fits) {
    const bool list_open = draw::wrapped_combo("##lesson_list", preview);
    lesson_list(list_open);
    if (list_open) ImGui::EndPopup();
  }
  if (!l.setup_problem.empty()) coloured(l.setup_problem, v4(palette::kVermillion));
  file_problems(l);

  const Lesson* lesson = current_lesson(l);
  if (!lesson) return;
  ImGui::PushFont(draw::font_for_px(fs * 1.3f));
  wrapped(lesson->title);
  ImGui::PopFont();
  for (const std::string& p : lesson->text) {
    wrapped(p);
    ImGui::Spacing();
  }
  if (!lesson->stack.layers.empty()) stack_table(s, *lesson);

  // The question, the answer box, and the reveal.
  ImGui::Separator();
  ImGui::PushFont(draw::font_for_px(fs * 1.15f));
  coloured("Question: " + lesson->question, ImGui::ColorConvertU32ToFloat4(draw::theme().accent));
  ImGui::PopFont();
  for (const LessonOption& o : lesson->options) wrapped(std::string("  ") + o.letter + ")  " + o.text);
  // No example numbers: an example could be the very answer.
  const char* how = lesson->answer.kind == AnswerKind::Size   ? "rows x columns"
                    : lesson->answer.kind == AnswerKind::Cell ? "row,col"
                    : lesson->answer.kind == AnswerKind::Choice ? "a letter"
                                                                : "a number";
  ImGui::SetNextItemWidth(std::min(fs * 9, ImGui::GetContentRegionAvail().x));
  const bool enter = ImGui::InputTextWithHint("##answer", how, l.box.data(), l.box.size(),
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  draw::same_line_if_fits(draw::button_width("Check"));
  const bool check = ImGui::Button("Check");
  if ((enter || check) && l.box[0] != '\0') answer_lesson(l, std::string(l.box.data()));
  if (!lesson->hint.empty()) {
    draw::same_line_if_fits(draw::button_width("Hint"));
    if (ImGui::Button("Hint")) l.hint_shown = true;
  }
  if (answer_offered(l)) {
    draw::same_line_if_fits(draw::button_width("Show answer"));
    if (ImGui::Button("Show answer")) reveal_lesson(l);
  }
  if (l.hint_shown && !lesson->hint.empty()) coloured("Hint: " + lesson->hint, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  const float feedback_y = ImGui::GetCursorScreenPos().y;
  if (l.feedback) {
    const AnswerFeedback& f = *l.feedback;
    switch (f.verdict) {
      case Verdict::Right: coloured("You answered " + l.typed + ". " + f.message, v4(palette::kGreen)); break;
      case Verdict::Wrong: {
        coloured("You answered " + l.typed + ": not quite. " + f.message, v4(palette::kVermillion));
        if (!l.revealed) {
          const int left = kTriesBeforeAnswer - l.wrong_tries;
          coloured(left > 0 ? "Try again (" + std::to_string(left) + " more before \"Show answer\")."
                            : std::string("Try again, or press \"Show answer\"."),
                   ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        }
        break;
      }
      case Verdict::Unclear: coloured(f.message, ImGui::ColorConvertU32ToFloat4(draw::theme().accent)); break;
    }
  }
  if (l.revealed) {
    ImGui::PushFont(draw::font_for_px(fs * 1.15f));
    coloured("Answer: " + lesson->answer.text, ImGui::ColorConvertU32ToFloat4(draw::theme().accent));
    ImGui::PopFont();
    if (!l.feedback || l.feedback->verdict != Verdict::Right) wrapped(lesson->right);
    if (l.current + 1 < n) {
      if (ImGui::Button("Next lesson >")) go_to(s, l.current + 1);
    } else {
      coloured("That was the last lesson.", ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    }
  }
  // New feedback or answer below the fold is scrolled into view once.
  if (l.feedback || l.revealed)
    draw::scroll_into_view_when_changed(std::to_string(l.current) + "|" + l.typed + "|" + (l.revealed ? "r" : "") +
                                            (l.feedback ? l.feedback->message : std::string()),
                                        feedback_y);
}

// ---------------------------------------------------------------- lessons button
void draw_lessons_button(AppState& s) {
  LessonState& l = s.lessons;
  const std::string label = "Lessons: learn it step by step (" + std::to_string(l.file.lessons.size()) + ")";
  if (draw::wrapped_button(label.c_str())) {  // the whole label, on two lines in a narrow column
    l.open = true;
    if (!l.file.lessons.empty() && l.setup_problem.empty()) go_to(s, l.current);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Ten short lessons, each with a question to answer");
}


}  // namespace tconv::ui
