// The app's keyboard shortcuts from GLFW key codes: one table for the desktop window
// (platform_glfw.cpp) and the browser page (platform_web.cpp, Emscripten's GLFW).
// Include after <GLFW/glfw3.h>.
#pragma once

#include <optional>

#include "ui/app_state.h"

namespace tconv::app::platform {

// The shortcut a key press (or, where a held key should repeat it, a repeat) stands for.
inline std::optional<ui::Shortcut> shortcut_for_key(int key, bool repeat) {
  switch (key) {
    case GLFW_KEY_SPACE: if (!repeat) return ui::Shortcut::PlayPause; break;
    case GLFW_KEY_RIGHT: return ui::Shortcut::StepForward;
    case GLFW_KEY_LEFT: return ui::Shortcut::StepBack;
    case GLFW_KEY_HOME: return ui::Shortcut::First;
    case GLFW_KEY_END: return ui::Shortcut::Last;
    case GLFW_KEY_ESCAPE: return ui::Shortcut::Unpin;
    default: break;
  }
  return std::nullopt;
}

}  // namespace tconv::app::platform
