# The browser build's third-party targets (Emscripten). Included by third_party/CMakeLists.txt
# instead of its package lookups. scripts/build-web.sh downloads the Debian source packages of the
# versions the desktop links (checked by sha256) into a cache outside git and passes their folders:
#   TCONV_WEB_IMGUI_DIR   imgui 1.86 (libimgui-dev), built like Debian's Makefile: stb's
#                         rect_pack/truetype from libstb, with the GLFW and OpenGL3 backends
#   TCONV_WEB_STB_DIR     libstb (stb_image, stb_image_write, stb_rect_pack, stb_truetype)
#   TCONV_WEB_CLI11_DIR   cli11 (header only)
#   TCONV_WEB_KISSFFT_DIR kissfft 131.1.0 (libkissfft-dev): kiss_fft.c in single precision, as
#                         Debian's libkissfft-float
# giflib and libjpeg-turbo are built by the script into a prefix and found like the desktop's
# (GIF_INCLUDE_DIR/GIF_LIBRARY, JPEG_INCLUDE_DIR/JPEG_LIBRARY on the command line).
# GLFW and WebGL2/GLES3 come from Emscripten itself (-sUSE_GLFW=3 -sUSE_WEBGL2=1 -sFULL_ES3=1).
foreach(v TCONV_WEB_IMGUI_DIR TCONV_WEB_STB_DIR TCONV_WEB_CLI11_DIR TCONV_WEB_KISSFFT_DIR)
  if(NOT EXISTS "${${v}}")
    message(FATAL_ERROR "${v} is not set to an unpacked Debian source package; build the web version "
                        "with 'bash scripts/build-web.sh', which fetches the sources.")
  endif()
endforeach()

# Compile flags of every third-party C/C++ file: no warnings-as-errors (not our code), SIMD as ours.
set(_tp_flags -w -msimd128)

# stb: each header compiled as C with its *_IMPLEMENTATION macro, as Debian's libstb Makefile does.
# Headers are reached as <stb_image.h> (pkg-config's -I/usr/include/stb) and <stb/...> (imgui).
set(_stb_inc ${CMAKE_CURRENT_BINARY_DIR}/stb_include)
file(MAKE_DIRECTORY ${_stb_inc})
file(CREATE_LINK ${TCONV_WEB_STB_DIR} ${_stb_inc}/stb SYMBOLIC)
set(_stb_srcs)
foreach(h stb_image stb_image_write)
  string(TOUPPER ${h} H)
  # CONFIGURE writes only when the text changes, so a re-run of cmake rebuilds nothing.
  file(CONFIGURE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/stb_gen/${h}.c
       CONTENT "#define ${H}_IMPLEMENTATION\n#include <${h}.h>\n")
  list(APPEND _stb_srcs ${CMAKE_CURRENT_BINARY_DIR}/stb_gen/${h}.c)
endforeach()
add_library(tconv_web_stb STATIC ${_stb_srcs} ${TCONV_WEB_STB_DIR}/stb_rect_pack_truetype.c)
target_compile_options(tconv_web_stb PRIVATE ${_tp_flags} -fwrapv)
target_include_directories(tconv_web_stb SYSTEM PUBLIC ${TCONV_WEB_STB_DIR} ${_stb_inc})
add_library(tp::stb ALIAS tconv_web_stb)

add_library(tp::cli11 INTERFACE IMPORTED GLOBAL)
target_include_directories(tp::cli11 SYSTEM INTERFACE ${TCONV_WEB_CLI11_DIR}/include)

# kissfft: the complex FFT the spectra use, with the compile definitions of Debian's float build
# (kiss_fft_scalar=float, carried to its users as the desktop's kissfft::kissfft-float does).
add_library(tconv_web_kissfft STATIC ${TCONV_WEB_KISSFFT_DIR}/kiss_fft.c)
target_compile_options(tconv_web_kissfft PRIVATE ${_tp_flags})
target_compile_definitions(tconv_web_kissfft PUBLIC kiss_fft_scalar=float)
target_include_directories(tconv_web_kissfft SYSTEM PUBLIC ${TCONV_WEB_KISSFFT_DIR})
add_library(tp::kissfft ALIAS tconv_web_kissfft)

# GLFW is Emscripten's JavaScript implementation: a link flag, headers in its sysroot.
add_library(tp::glfw INTERFACE IMPORTED GLOBAL)
target_link_options(tp::glfw INTERFACE -sUSE_GLFW=3 -sUSE_WEBGL2=1 -sFULL_ES3=1 -sMIN_WEBGL_VERSION=2)

set(_imgui ${TCONV_WEB_IMGUI_DIR})
add_library(tconv_web_imgui STATIC
  ${_imgui}/imgui.cpp ${_imgui}/imgui_demo.cpp ${_imgui}/imgui_draw.cpp ${_imgui}/imgui_tables.cpp
  ${_imgui}/imgui_widgets.cpp ${_imgui}/misc/cpp/imgui_stdlib.cpp
  ${_imgui}/backends/imgui_impl_glfw.cpp ${_imgui}/backends/imgui_impl_opengl3.cpp)
target_compile_options(tconv_web_imgui PRIVATE ${_tp_flags})
# IMGUI_ENABLE_TEST_ENGINE: ImGui calls the widget hooks in src/app/web/main_web.cpp (tests find
# buttons by label); off until a test asks, so they cost one flag test per widget.
target_compile_definitions(tconv_web_imgui PRIVATE IMGUI_ENABLE_TEST_ENGINE
  IMGUI_DISABLE_STB_RECT_PACK_IMPLEMENTATION IMGUI_STB_RECT_PACK_FILENAME=<stb/stb_rect_pack.h>
  IMGUI_DISABLE_STB_TRUETYPE_IMPLEMENTATION IMGUI_STB_TRUETYPE_FILENAME=<stb/stb_truetype.h>)
target_include_directories(tconv_web_imgui SYSTEM PUBLIC ${_imgui} ${_imgui}/backends)
target_link_libraries(tconv_web_imgui PUBLIC tp::stb tp::glfw)
add_library(tp::imgui ALIAS tconv_web_imgui)
