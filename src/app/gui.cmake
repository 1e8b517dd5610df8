# The visualizer's window (Dear ImGui over OpenGL 3.3 core, in the platform layer's window) and
# `tconv-lab animate`. Included by src/app/CMakeLists.txt when TCONV_BUILD_GUI is on. The panels
# live in tconv_ui (src/ui); this adds the window, the main loop and the --screenshot path to
# tconv-lab.
target_sources(tconv-lab PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/gui_app.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui_options.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_animate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/slide_export.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui_export.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui_image.cpp
  # The desktop window: the only file that includes GLFW (a browser build swaps this one).
  ${CMAKE_CURRENT_LIST_DIR}/platform/platform_glfw.cpp
)
target_link_libraries(tconv-lab PRIVATE tconv_platform tconv_ui tconv_ui_model tconv_io tp::glfw tp::imgui tp::epoxy
                      tp::cli11)
# animate / export: the GIF writer, and gpu's offscreen GL context for `tconv-lab animate`.
target_link_libraries(tconv-lab PRIVATE tconv_gif tconv_analysis tconv_gl)
target_compile_definitions(tconv-lab PRIVATE TCONV_HAVE_GUI)
# Image mode: textures, workers, dropped files; the GPU backend when it is built.
target_link_libraries(tconv-lab PRIVATE tconv_ui_image)
if(TARGET tconv_gpu)
  target_link_libraries(tconv-lab PRIVATE tconv_gpu)
  set_property(SOURCE ${CMAKE_CURRENT_LIST_DIR}/gui_image.cpp APPEND PROPERTY COMPILE_DEFINITIONS TCONV_IMAGE_GPU)
endif()
