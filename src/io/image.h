#pragma once
// Images in and out (stb_image / stb_image_write; JPEG is decoded with libjpeg-turbo, see jpeg.h).
// In: PNG (8 or 16 bit), JPEG (gray, RGB, CMYK -> RGB), BMP, TGA, GIF (first frame). The format
//   comes from the content, not the name. The file's channels are kept:
//   gray -> 1, gray+alpha -> 2, RGB -> 3, RGBA -> 4 (GIF always decodes as RGBA).
//   Result: Tensor4 (1, C, H, W), values v/255 (v/65535 for 16-bit PNG) in [0, 1].
//   The dimensions are checked from the header BEFORE decoding, so a small file claiming a huge
//   image is refused without allocating it. Truncated or damaged files are Errors.
// Out: by extension .png, .jpg/.jpeg (quality 95), .bmp, .tga, as clamp(round(255*y), 0, 255);
//   1..4 channels, one image (N = 1).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/params.h"
#include "core/result.h"
#include "core/tensor.h"

namespace tconv::io {

struct ImageLimits {
  int64_t max_side = int64_t(1) << 16;   // pixels per side
  int64_t max_elements = kMaxElements;   // width * height * channels
};

// Largest image file we read into memory.
constexpr uint64_t kMaxImageFileBytes = uint64_t(1) << 30;

// Decodes an image held in memory (the entry point the fuzzer drives).
Result<Tensor4> decode_image(const uint8_t* data, size_t size, const ImageLimits& limits = {});
// Reads the file into memory, then decode_image(); error messages name the file.
Result<Tensor4> load_image(const std::string& path, const ImageLimits& limits = {});

enum class ImageFormat { Png, Jpg, Bmp, Tga };

// By extension (case-insensitive): .png, .jpg, .jpeg, .bmp, .tga; nullopt otherwise.
std::optional<ImageFormat> image_format_from_path(const std::string& path);
// True for the extensions decode_image understands (the above plus .gif).
bool is_image_input_path(const std::string& path);
// "png, jpg (or jpeg), bmp, tga" -- for messages.
const char* supported_image_output_extensions();
const char* image_format_name(ImageFormat f);

// Whether format f stores the alpha of a 2- or 4-channel image: png and tga always, bmp only
// with RGBA (32-bit), jpg never (the writer then keeps gray or RGB and drops alpha).
bool image_keeps_alpha(ImageFormat f, int64_t channels);

// Checks that a tensor of this shape can be saved as format f (N = 1, C in 1..4, size limits of
// the format). The error says why and suggests .npy.
Status check_image_savable(const Shape4& s, ImageFormat f);

// Encodes (1, C, H, W) floats to the file format in memory.
Result<std::vector<uint8_t>> encode_image(const Tensor4& t, ImageFormat f);
// Saves atomically, the format chosen by the extension; unknown extension -> Error listing the
// supported ones.
Status save_image(const std::string& path, const Tensor4& t);

// save_image in pieces, for a caller that spreads the work over time (image mode's Save in a
// browser page without threads), with the same bytes and messages:
// 1. what save_image refuses before encoding (the extension, check_image_savable), with the path;
Result<ImageFormat> check_image_save(const std::string& path, const Shape4& s);
// 2. rows [row_begin, row_end) of t as interleaved 8-bit pixels (clamp(round(255*y), 0, 255))
//    into px[0 .. (row_end - row_begin) * W * C);
void interleave_rows(const Tensor4& t, int64_t row_begin, int64_t row_end, uint8_t* px);
// 3. those pixels encoded (no file); 4. io::write_file_atomic(path, bytes).
Result<std::vector<uint8_t>> encode_image_u8(int width, int height, int channels, const uint8_t* pixels,
                                             ImageFormat f);
// Saves already-quantised interleaved 8-bit pixels (row-major, `channels` per pixel), e.g. a
// screenshot. Format by extension, atomically.
Status save_image_u8(const std::string& path, int width, int height, int channels,
                     const uint8_t* pixels);

// How many values clamp(round(255*y), 0, 255) changes, i.e. would not survive saving as an image.
int64_t count_clamped_for_image(const Tensor4& t);

}  // namespace tconv::io
