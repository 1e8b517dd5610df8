// The browser page's picture decoder on a Web Worker (tconv-decode.js), for a page without
// threads: platform_web.cpp posts a file's bytes and its limits, this decodes them with the same
// io::decode_image as everywhere else, and decode_worker_post.js posts the floats (or the
// message) back. Holds one result at a time; the worker decodes one picture after the other.
#include <emscripten.h>

#include <cstdint>
#include <new>
#include <optional>

#include "io/image.h"

namespace {
std::optional<tconv::Result<tconv::Tensor4>> g_result;  // NOLINT: read by the worker's script
}  // namespace

// 1 and the picture, or 0 and a message (tconv_decoded_*); sizes as doubles (JavaScript numbers).
extern "C" EMSCRIPTEN_KEEPALIVE int tconv_decode(const uint8_t* data, double size, double max_side,
                                                 double max_elements) {
  tconv::io::ImageLimits limits;
  limits.max_side = int64_t(max_side);
  limits.max_elements = int64_t(max_elements);
  try {
    g_result = tconv::io::decode_image(data, size_t(size), limits);
  } catch (const std::bad_alloc&) {
    g_result = tconv::Error{"the browser has no memory left to decode it. Close other tabs, or use a smaller "
                            "picture or the desktop app."};
  }
  return g_result->ok() ? 1 : 0;
}
extern "C" EMSCRIPTEN_KEEPALIVE const float* tconv_decoded_data() { return g_result->value().data.data(); }
// 0: channels, 1: height, 2: width.
extern "C" EMSCRIPTEN_KEEPALIVE int tconv_decoded_dim(int which) {
  const tconv::Shape4& s = g_result->value().shape;
  return int(which == 0 ? s.c : which == 1 ? s.h : s.w);
}
extern "C" EMSCRIPTEN_KEEPALIVE const char* tconv_decoded_error() { return g_result->error().message.c_str(); }
extern "C" EMSCRIPTEN_KEEPALIVE void tconv_decoded_free() { g_result.reset(); }
