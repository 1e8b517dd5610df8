# The visualizer's window (GLFW + OpenGL 3.3 core + Dear ImGui). Included by
# src/app/CMakeLists.txt when TCONV_BUILD_GUI is on. The panels live in tconv_ui (src/ui); this
# adds the window, the main loop and the --screenshot path to tconv-lab.
target_sources(tconv-lab PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/gui_app.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui_options.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_animate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/offscreen_gl.cpp
  ${CMAKE_CURRENT_LIST_DIR}/slide_export.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gui_export.cpp
)
target_link_libraries(tconv-lab PRIVATE tconv_ui tconv_ui_model tconv_io tp::glfw tp::imgui tp::epoxy tp::cli11)
# animate / export: the GIF writer, and EGL for the headless context of `tconv-lab animate`.
target_link_libraries(tconv-lab PRIVATE tconv_gif tconv_analysis tp::egl)
target_compile_definitions(tconv-lab PRIVATE TCONV_HAVE_GUI)
# gui_options.cpp looks for assets/lessons.txt in the source tree when TCONV_ASSETS_DIR is unset.
set_property(SOURCE ${CMAKE_CURRENT_LIST_DIR}/gui_options.cpp APPEND PROPERTY COMPILE_DEFINITIONS
             TCONV_SOURCE_ASSETS_DIR="${PROJECT_SOURCE_DIR}/assets")
# Image mode (issue 5): textures, workers, drop callback; the GPU backend when it is built.
target_sources(tconv-lab PRIVATE ${CMAKE_CURRENT_LIST_DIR}/gui_image.cpp)
target_link_libraries(tconv-lab PRIVATE tconv_ui_image tconv_analysis)
set_property(SOURCE ${CMAKE_CURRENT_LIST_DIR}/gui_image.cpp APPEND PROPERTY COMPILE_DEFINITIONS
             TCONV_IMAGE_ASSETS_DIR="${PROJECT_SOURCE_DIR}/assets")
if(TARGET tconv_gpu)
  target_link_libraries(tconv-lab PRIVATE tconv_gpu)
  set_property(SOURCE ${CMAKE_CURRENT_LIST_DIR}/gui_image.cpp APPEND PROPERTY COMPILE_DEFINITIONS TCONV_IMAGE_GPU)
endif()
