#pragma once
// JPEG decoding with libjpeg-turbo (internal to io/image.cpp).
// Why not stb_image: Debian 12's stb_image 2.27 JPEG decoder has memory-safety bugs that
// fuzz_image found within seconds (Huffman tables over 256 codes overflow its state; scans that
// use undefined tables read uninitialised memory and index out of bounds). libjpeg-turbo is
// maintained and fuzzed upstream (OSS-Fuzz).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tconv::io::detail {

struct JpegImage {
  int width = 0, height = 0, channels = 0;  // channels: 1 (gray) or 3 (RGB)
  std::vector<uint8_t> pixels;              // width*height*channels, interleaved, row-major
};

// Reads the header, asks `accept(width, height, channels)` whether to go on (the size check,
// before any pixel memory is allocated), then decodes. Returns "" on success, else the reason
// (for a refused size: "too large").
using JpegSizeCheck = bool (*)(int64_t width, int64_t height, int64_t channels, const void* ctx);
std::string decode_jpeg(const uint8_t* data, size_t size, JpegSizeCheck accept, const void* ctx,
                        JpegImage* out);

}  // namespace tconv::io::detail
