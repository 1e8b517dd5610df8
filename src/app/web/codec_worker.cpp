// The browser page's picture codec on a Web Worker (tconv-codec.js), for a page without threads:
// platform_web.cpp posts a file's bytes (decode) or a picture's 8-bit pixels (encode), this runs
// the same io::decode_image / io::encode_image_u8 as everywhere else, and codec_worker_post.js
// posts the result (or the message) back. One job at a time; one result held at a time.
#include <emscripten.h>

#include <cstdint>
#include <new>
#include <optional>
#include <vector>

#include "io/image.h"

namespace {
std::optional<tconv::Result<tconv::Tensor4>> g_decoded;       // NOLINT: read by the worker's script
std::optional<tconv::Result<std::vector<uint8_t>>> g_encoded;  // NOLINT
const char* kNoMemory =
    "the browser has no memory left for it. Close other tabs, or use a smaller picture or the desktop app.";
}  // namespace

// ---------------------------------------------------------------- decode
// 1 and the picture, or 0 and a message (tconv_decoded_*); sizes as doubles (JavaScript numbers).
extern "C" EMSCRIPTEN_KEEPALIVE int tconv_decode(const uint8_t* data, double size, double max_side,
                                                 double max_elements) {
  tconv::io::ImageLimits limits;
  limits.max_side = int64_t(max_side);
  limits.max_elements = int64_t(max_elements);
  try {
    g_decoded = tconv::io::decode_image(data, size_t(size), limits);
  } catch (const std::bad_alloc&) {
    g_decoded = tconv::Error{kNoMemory};
  }
  return g_decoded->ok() ? 1 : 0;
}
extern "C" EMSCRIPTEN_KEEPALIVE const float* tconv_decoded_data() { return g_decoded->value().data.data(); }
// 0: channels, 1: height, 2: width.
extern "C" EMSCRIPTEN_KEEPALIVE int tconv_decoded_dim(int which) {
  const tconv::Shape4& s = g_decoded->value().shape;
  return int(which == 0 ? s.c : which == 1 ? s.h : s.w);
}
extern "C" EMSCRIPTEN_KEEPALIVE const char* tconv_decoded_error() { return g_decoded->error().message.c_str(); }
extern "C" EMSCRIPTEN_KEEPALIVE void tconv_decoded_free() { g_decoded.reset(); }

// ---------------------------------------------------------------- encode
// format: io::ImageFormat's value. 1 and the file's bytes, or 0 and a message (tconv_encoded_*).
extern "C" EMSCRIPTEN_KEEPALIVE int tconv_encode(const uint8_t* pixels, int width, int height, int channels,
                                                 int format) {
  try {
    g_encoded = tconv::io::encode_image_u8(width, height, channels, pixels, tconv::io::ImageFormat(format));
  } catch (const std::bad_alloc&) {
    g_encoded = tconv::Error{kNoMemory};
  }
  return g_encoded->ok() ? 1 : 0;
}
extern "C" EMSCRIPTEN_KEEPALIVE const uint8_t* tconv_encoded_data() { return g_encoded->value().data(); }
extern "C" EMSCRIPTEN_KEEPALIVE double tconv_encoded_size() { return double(g_encoded->value().size()); }
extern "C" EMSCRIPTEN_KEEPALIVE const char* tconv_encoded_error() { return g_encoded->error().message.c_str(); }
extern "C" EMSCRIPTEN_KEEPALIVE void tconv_encoded_free() { g_encoded.reset(); }
