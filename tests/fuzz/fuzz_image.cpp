// libFuzzer target: the image loading path on arbitrary bytes -- format sniffing, the header
// size check, stb's decoders, the conversion to floats -- then a PNG round trip of small results.
// The limits are smaller than the CLI's so that a header claiming a big (but allowed) image
// does not make each run slow; the check itself is the same code.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "io/image.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
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
