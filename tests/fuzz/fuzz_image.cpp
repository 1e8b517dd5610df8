// libFuzzer target: the image loading path on arbitrary bytes -- format sniffing, the header
// size check, stb's decoders, the conversion to floats -- then a PNG round trip of small results.
// The limits are smaller than the CLI's so that a header claiming a big (but allowed) image
// does not make each run slow; the check itself is the same code.
// Built four times: fuzz_image takes the bytes as they are; fuzz_tga, fuzz_jpeg and fuzz_gif
// (TCONV_FUZZ_FORMAT 1, 2, 3) steer them to one decoder, so each gets the fuzzer's whole time.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "io/image.h"

#ifndef TCONV_FUZZ_FORMAT
#define TCONV_FUZZ_FORMAT 0
#endif

namespace {
bool starts_with(const uint8_t* d, size_t n, const char* magic, size_t len) {
  return n >= len && std::memcmp(d, magic, len) == 0;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data_in, size_t size_in) {
  const uint8_t* data = data_in;
  size_t size = size_in;
  std::vector<uint8_t> steered;
  if (TCONV_FUZZ_FORMAT == 1) {
    // TGA has no signature: leave out what the other readers would claim.
    if (size >= 1 && (data[0] == 0x89 || data[0] == 0xff || data[0] == 'G' || data[0] == 'B' ||
                      data[0] == 'P' || data[0] == '8' || data[0] == '#' || data[0] == 0x93 || data[0] == 0x53))
      return 0;
  } else if (TCONV_FUZZ_FORMAT == 2 || TCONV_FUZZ_FORMAT == 3) {
    const char* magic = TCONV_FUZZ_FORMAT == 2 ? "\xff\xd8" : "GIF89a";
    const size_t len = TCONV_FUZZ_FORMAT == 2 ? 2 : 6;
    if (!starts_with(data, size, magic, len) && !(TCONV_FUZZ_FORMAT == 3 && starts_with(data, size, "GIF87a", 6))) {
      steered.assign(magic, magic + len);
      steered.insert(steered.end(), data, data + size);
      data = steered.data();
      size = steered.size();
    }
  }
  tconv::io::ImageLimits limits;
  limits.max_side = 2048;
  limits.max_elements = int64_t(1) << 18;
  auto t = tconv::io::decode_image(data, size, limits);
  if (!t.ok()) return 0;
  const tconv::Tensor4& img = t.value();
  const tconv::Shape4 s = img.shape;
  if (s.n != 1 || s.c < 1 || s.c > 4 || s.h < 1 || s.w < 1 || s.w > limits.max_side ||
      s.h > limits.max_side || s.count() > limits.max_elements ||
      static_cast<int64_t>(img.data.size()) != s.count())
    std::abort();
  for (float v : img.data)
    if (!(v >= 0.0f && v <= 1.0f)) std::abort();
  if (s.count() > 4096) return 0;  // the round trip below is about our encoder, not speed
  auto png = tconv::io::encode_image(img, tconv::io::ImageFormat::Png);
  if (!png.ok()) std::abort();
  auto back = tconv::io::decode_image(png.value().data(), png.value().size(), limits);
  if (!back.ok() || back.value().shape != s) std::abort();
  return 0;
}
