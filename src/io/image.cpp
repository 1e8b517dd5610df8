// Image decoding and encoding. Sections:
//   1. format sniffing (only the formats we promise reach stb's decoders), guards for stb bugs
//   2. decode: header check, then decode, then planar floats
//   3. encode / save through the atomic writer
#include "io/image.h"

#include <stb_image.h>
#include <stb_image_write.h>

#include <climits>
#include <cstdlib>
#include <cmath>
#include <cstring>

#include "io/file.h"
#include "io/jpeg.h"

namespace tconv::io {
namespace {

// ---------------------------------------------------------------- 1. format sniffing

enum class InFormat { Png, Jpg, Bmp, Gif, TgaOrUnknown };

bool has_prefix(const uint8_t* d, size_t n, const char* magic, size_t len) {
  return n >= len && std::memcmp(d, magic, len) == 0;
}

// stb takes a file as JPEG when it starts with 0xFF, any more 0xFF fill bytes, then 0xD8 (SOI).
// Returns the offset just after the SOI, or 0 when it is not a JPEG.
size_t jpeg_soi_end(const uint8_t* d, size_t n) {
  if (n < 2 || d[0] != 0xff) return 0;
  size_t i = 1;
  while (i < n && d[i] == 0xff) ++i;
  return i < n && d[i] == 0xd8 ? i + 1 : 0;
}

// Result: the format, or an Error for files stb could decode but we do not promise (PSD, HDR,
// PIC, PNM): keeping their decoders unreachable keeps the attack surface to what we test.
// Each test here matches at least what stb's own format test accepts, so that anything left over
// reaches only stb's TGA decoder (TGA has no magic number).
Result<InFormat> sniff(const uint8_t* d, size_t n) {
  if (has_prefix(d, n, "\x89PNG\r\n\x1a\n", 8)) return InFormat::Png;
  if (jpeg_soi_end(d, n) > 0) return InFormat::Jpg;
  if (has_prefix(d, n, "GIF87a", 6) || has_prefix(d, n, "GIF89a", 6)) return InFormat::Gif;
  if (has_prefix(d, n, "BM", 2)) return InFormat::Bmp;
  const char* other = nullptr;
  if (has_prefix(d, n, "8BPS", 4)) other = "Photoshop (PSD)";
  else if (has_prefix(d, n, "#?RADIANCE", 10) || has_prefix(d, n, "#?RGBE", 6)) other = "Radiance HDR";
  else if (has_prefix(d, n, "\x53\x80\xf6\x34", 4)) other = "Softimage PIC";
  else if (n >= 2 && d[0] == 'P' && d[1] >= '1' && d[1] <= '7') other = "PNM/PGM/PPM";
  else if (has_prefix(d, n, "\x93NUMPY", 6)) other = "a .npy array (name it *.npy)";
  if (other)
    return Error{std::string("it is ") + other + ", which tconv-lab does not read. Convert it to "
                 "PNG (e.g. convert in.xxx out.png with ImageMagick)."};
  return InFormat::TgaOrUnknown;  // TGA has no magic number; stbi_info decides
}

uint32_t be32(const uint8_t* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}
uint32_t le32(const uint8_t* p) {
  return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

struct Dims {
  int64_t w = 0, h = 0;
};

// The dimensions a PNG, GIF or BMP header claims, read directly (stb refuses some huge headers
// itself, but then reports only "unknown image type"). nullopt when the header is too short or
// the format is not one of these; stbi_info() then decides.
std::optional<Dims> claimed_dims(InFormat f, const uint8_t* d, size_t n) {
  if (f == InFormat::Png && n >= 24 && std::memcmp(d + 12, "IHDR", 4) == 0)
    return Dims{be32(d + 16), be32(d + 20)};
  if (f == InFormat::Gif && n >= 10) return Dims{d[6] | (d[7] << 8), d[8] | (d[9] << 8)};
  if (f == InFormat::Bmp && n >= 26) {
    const uint32_t dib = le32(d + 14);
    if (dib == 12) return Dims{d[18] | (d[19] << 8), d[20] | (d[21] << 8)};
    const int64_t w = static_cast<int32_t>(le32(d + 18)), h = static_cast<int32_t>(le32(d + 22));
    return Dims{w < 0 ? -w : w, h < 0 ? -h : h};  // negative height: rows stored top-down
  }
  return std::nullopt;
}

Error too_large(int64_t w, int64_t h, int64_t comp, const ImageLimits& limits) {
  return Error{"its header claims " + std::to_string(w) + "x" + std::to_string(h) + " pixels" +
               (comp > 0 ? " with " + std::to_string(comp) + " channels" : std::string()) +
               ", more than tconv-lab accepts (at most " + std::to_string(limits.max_side) +
               " pixels per side and " + std::to_string(limits.max_elements) + " values). "
               "Downscale it first (e.g. convert in.png -resize 50% out.png with ImageMagick), "
               "or the file is damaged."};
}

bool exceeds(int64_t w, int64_t h, int64_t comp, const ImageLimits& limits) {
  return w > limits.max_side || h > limits.max_side || w * h * comp > limits.max_elements;
}

// ---------------------------------------------------------------- 1b. guards for stb 2.27

// stb 2.27 grows its buffer for a PNG IDAT chunk to the chunk's declared length before checking
// that the bytes exist, so a 60-byte file can make it allocate gigabytes. A chunk that claims
// more bytes than the file has left means a damaged or truncated file, which stb would refuse
// anyway after the allocation. Returns the first such chunk's type, or "" when all fit.
std::string png_chunk_past_end(const uint8_t* d, size_t n) {
  size_t p = 8;  // after the signature
  while (p + 8 <= n) {
    const uint64_t len = be32(d + p);
    const std::string type(reinterpret_cast<const char*>(d + p + 4), 4);
    if (len > n - p - 8) return type;
    if (type == "IEND") break;
    p += 8 + len + 4;  // length, type, data, CRC
  }
  return "";
}

// An uncompressed BMP (BI_RGB or BI_BITFIELDS) must hold its rows; stb 2.27 fills missing rows
// with zeros instead, so a 60-byte file could claim (and cost) half a gigabyte of pixels.
bool bmp_truncated(const uint8_t* d, size_t n) {
  if (n < 34 || le32(d + 14) < 40) return false;  // OS/2 or too short: stb decides
  const uint32_t compression = le32(d + 30);
  if (compression != 0 && compression != 3) return false;  // RLE: size not known in advance
  const int64_t w = std::abs(static_cast<int64_t>(static_cast<int32_t>(le32(d + 18))));
  const int64_t h = std::abs(static_cast<int64_t>(static_cast<int32_t>(le32(d + 22))));
  const int64_t bpp = d[28] | (d[29] << 8);
  if (w == 0 || h == 0 || bpp == 0) return false;
  const int64_t row = (w * bpp + 31) / 32 * 4;
  const int64_t need = int64_t(le32(d + 10)) + row * (h - 1) + (w * bpp + 7) / 8;
  return static_cast<int64_t>(n) < need;
}

// The channels a PNG decodes to, from its IHDR colour type (palette: 3, or 4 with tRNS; the
// larger is assumed); 0 when unknown. stb refuses a header whose pixels exceed 1 GiB with only
// "too large", so the size limit is checked with the real channel count first.
int64_t png_channels(const uint8_t* d, size_t n) {
  if (n < 26) return 0;
  switch (d[25]) {
    case 0: return 1;
    case 2: return 3;
    case 3: return 4;
    case 4: return 2;
    case 6: return 4;
  }
  return 0;
}

// stb 2.27 reads a truncated TGA without noticing: the missing pixels are left uninitialised
// (uncompressed) or repeat the last one (RLE). The layout stb reads: an 18-byte header, the ID
// field, the palette (only when colour-mapped: its start offset skipped, then its entries),
// then width*height pixels, raw or as RLE packets. Returns what is missing, or "" when the file
// holds every pixel.
std::string tga_missing(const uint8_t* d, size_t n) {
  if (n < 18) return "the 18-byte header";
  const bool indexed = d[1] != 0;
  const int type = d[2];
  const bool rle = type >= 8;
  const uint64_t w = d[12] | (d[13] << 8), h = d[14] | (d[15] << 8);
  const uint64_t bpp = d[16];
  uint64_t p = 18 + uint64_t(d[0]);
  if (indexed) {
    const uint64_t start = d[3] | (d[4] << 8), len = d[5] | (d[6] << 8), bits = d[7];
    p += start + len * ((bits + 7) / 8);
    if (p > n) return "part of the colour palette";
  }
  const uint64_t pixel_bytes = (bpp + 7) / 8;
  const uint64_t pixels = w * h;
  if (!rle) {
    if (p + pixels * pixel_bytes > n)
      return std::to_string(p + pixels * pixel_bytes - n) + " bytes of pixel data (" +
             std::to_string(pixels) + " pixels of " + std::to_string(pixel_bytes) + " bytes each)";
    return "";
  }
  uint64_t done = 0;  // pixels covered by complete packets
  while (done < pixels) {
    if (p >= n) break;
    const uint64_t cmd = d[p++];
    const uint64_t count = 1 + (cmd & 127);
    const uint64_t bytes = (cmd & 128) ? pixel_bytes : count * pixel_bytes;
    if (p + bytes > n) break;
    p += bytes;
    done += count;
  }
  if (done < pixels)
    return "the run-length data for " + std::to_string(pixels - done) + " of its " +
           std::to_string(pixels) + " pixels";
  return "";
}

// stb 2.27 returns a truncated GIF's missing rows as zeros. Walks the blocks up to the end of
// the first image's data (its zero-length terminator block); returns what is missing, or "".
std::string gif_missing(const uint8_t* d, size_t n) {
  size_t p = 13;  // signature, logical screen descriptor
  if (n < p) return "its 13-byte header";
  if (d[10] & 0x80) p += 3 * (size_t(1) << ((d[10] & 7) + 1));
  if (p > n) return "part of its colour table";
  const auto skip_sub_blocks = [&]() {
    while (p < n) {
      const size_t len = d[p++];
      if (len == 0) return true;
      p += len;
    }
    return false;
  };
  while (p < n) {
    const uint8_t tag = d[p++];
    if (tag == 0x21) {  // extension: label, then sub-blocks
      if (p >= n) break;
      ++p;
      if (!skip_sub_blocks()) return "the end of an extension block";
    } else if (tag == 0x2c) {  // image descriptor
      if (p + 9 > n) return "the first frame's image descriptor";
      const uint8_t flags = d[p + 8];
      p += 9;
      if (flags & 0x80) p += 3 * (size_t(1) << ((flags & 7) + 1));
      if (p + 1 > n) return "the first frame's colour table";
      ++p;  // LZW minimum code size
      if (!skip_sub_blocks()) return "the end of the first frame's image data";
      return "";
    } else {
      return "";  // the trailer or something unknown: stb decides
    }
  }
  return "the first frame (the file ends before it)";
}

std::string failure_reason() {
  const char* r = stbi_failure_reason();
  return r ? r : "unknown reason";
}

}  // namespace

// ---------------------------------------------------------------- 2. decode

namespace {

template <class T>
Tensor4 planar_from_interleaved(const T* px, int w, int h, int channels, float max_value) {
  Tensor4 t(Shape4{1, channels, h, w});
  const size_t plane = static_cast<size_t>(w) * static_cast<size_t>(h);
  const size_t nc = static_cast<size_t>(channels);
  for (size_t i = 0; i < plane; ++i)
    for (size_t c = 0; c < nc; ++c) t.data[c * plane + i] = static_cast<float>(px[i * nc + c]) / max_value;
  return t;
}

struct JpegCheck {
  const ImageLimits* limits;
  int64_t w = 0, h = 0, c = 0;
};

bool accept_jpeg_size(int64_t w, int64_t h, int64_t c, const void* ctx) {
  auto* check = static_cast<JpegCheck*>(const_cast<void*>(ctx));
  check->w = w;
  check->h = h;
  check->c = c;
  return w >= 1 && h >= 1 && !exceeds(w, h, c, *check->limits);
}

Result<Tensor4> decode_jpeg_image(const uint8_t* data, size_t size, const ImageLimits& limits) {
  JpegCheck check{&limits};
  detail::JpegImage img;
  const std::string err = detail::decode_jpeg(data, size, accept_jpeg_size, &check, &img);
  if (err == "too large") {
    if (check.w < 1 || check.h < 1)
      return Error{"its header claims an empty image (" + std::to_string(check.w) + "x" +
                   std::to_string(check.h) + "). The file is damaged."};
    return too_large(check.w, check.h, check.c, limits);
  }
  if (err.find("Premature end") != std::string::npos)
    return Error{"it is a truncated JPEG: its data ends before the last rows of pixels (libjpeg: " +
                 err + "). Get a complete copy of the file."};
  if (!err.empty())
    return Error{"decoding it as JPEG failed (" + err + "); the file is damaged or truncated. "
                 "Re-save it, or convert it to PNG."};
  return planar_from_interleaved(img.pixels.data(), img.width, img.height, img.channels, 255.0f);
}

}  // namespace

Result<Tensor4> decode_image(const uint8_t* data, size_t size, const ImageLimits& limits) {
  if (size == 0) return Error{"it is empty (0 bytes). Check that the file was written completely."};
  if (size > static_cast<size_t>(INT_MAX))
    return Error{"it is larger than 2 GiB, more than the image reader handles. Use a smaller image."};
  auto format = sniff(data, size);
  if (!format) return format.error();
  const int len = static_cast<int>(size);
  if (auto dims = claimed_dims(format.value(), data, size)) {
    const int64_t comp = format.value() == InFormat::Png ? std::max<int64_t>(png_channels(data, size), 1) : 1;
    if (exceeds(dims->w, dims->h, comp, limits)) return too_large(dims->w, dims->h, comp > 1 ? comp : 0, limits);
  }
  if (format.value() == InFormat::Png) {
    const std::string chunk = png_chunk_past_end(data, size);
    if (!chunk.empty()) {
      std::string printable;
      for (char ch : chunk) printable += (ch >= 32 && ch < 127) ? ch : '?';
      return Error{"it is a truncated or damaged PNG (its " + printable + " chunk claims more "
                   "bytes than the file holds). Get a complete copy of the file."};
    }
  }
  if (format.value() == InFormat::Bmp && bmp_truncated(data, size))
    return Error{"it is a truncated BMP (the file ends before its last row of pixels). Get a "
                 "complete copy of the file."};
  if (format.value() == InFormat::Jpg) return decode_jpeg_image(data, size, limits);
  if (format.value() == InFormat::Gif) {
    const std::string missing = gif_missing(data, size);
    if (!missing.empty())
      return Error{"it is a truncated GIF (the file ends before " + missing + "). Get a complete "
                   "copy of the file."};
  }

  int w = 0, h = 0, comp = 0;
  if (!stbi_info_from_memory(data, len, &w, &h, &comp))
    return Error{"it is not an image tconv-lab can read (" + failure_reason() + "). Supported: "
                 "PNG, JPEG, BMP, TGA, GIF (first frame); arrays as .npy."};
  if (w <= 0 || h <= 0)
    return Error{"its header claims an empty image (" + std::to_string(w) + "x" + std::to_string(h) +
                 "). The file is damaged."};
  const int64_t max_comp = format.value() == InFormat::Gif ? 4 : std::max(comp, 1);
  if (exceeds(w, h, max_comp, limits)) return too_large(w, h, max_comp, limits);
  if (format.value() == InFormat::TgaOrUnknown) {  // stbi_info took it as a TGA
    const std::string missing = tga_missing(data, size);
    if (!missing.empty())
      return Error{"it is a truncated TGA (" + std::to_string(w) + "x" + std::to_string(h) +
                   "; the file lacks " + missing + "). Get a complete copy of the file."};
  }

  const bool sixteen = format.value() == InFormat::Png && stbi_is_16_bit_from_memory(data, len);
  int dw = 0, dh = 0, dc = 0;
  void* pixels = sixteen ? static_cast<void*>(stbi_load_16_from_memory(data, len, &dw, &dh, &dc, 0))
                         : static_cast<void*>(stbi_load_from_memory(data, len, &dw, &dh, &dc, 0));
  if (!pixels)
    return Error{"decoding it failed (" + failure_reason() + "); the file is damaged or uses a "
                 "variant stb_image does not support. Re-save it as a plain PNG."};
  struct Freer {
    void* p;
    ~Freer() { stbi_image_free(p); }
  } freer{pixels};
  if (dw != w || dh != h || dc < 1 || dc > 4 || int64_t(dw) * int64_t(dh) * dc > limits.max_elements)
    return Error{"decoding it gave an inconsistent result (" + std::to_string(dw) + "x" +
                 std::to_string(dh) + ", " + std::to_string(dc) + " channels, header said " +
                 std::to_string(w) + "x" + std::to_string(h) + "); the file is damaged."};

  if (sixteen)
    return planar_from_interleaved(static_cast<const uint16_t*>(pixels), dw, dh, dc, 65535.0f);
  return planar_from_interleaved(static_cast<const uint8_t*>(pixels), dw, dh, dc, 255.0f);
}

Result<Tensor4> load_image(const std::string& path, const ImageLimits& limits) {
  auto bytes = read_file(path, kMaxImageFileBytes);
  if (!bytes) return bytes.error();
  auto t = decode_image(bytes.value().data(), bytes.value().size(), limits);
  if (!t) return Error{"cannot read '" + path + "': " + t.error().message};
  return t;
}

// ---------------------------------------------------------------- 3. encode / save

std::optional<ImageFormat> image_format_from_path(const std::string& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".png") return ImageFormat::Png;
  if (ext == ".jpg" || ext == ".jpeg") return ImageFormat::Jpg;
  if (ext == ".bmp") return ImageFormat::Bmp;
  if (ext == ".tga") return ImageFormat::Tga;
  return std::nullopt;
}

bool is_image_input_path(const std::string& path) {
  return image_format_from_path(path).has_value() || lower_extension(path) == ".gif";
}

const char* supported_image_output_extensions() { return ".png, .jpg (or .jpeg), .bmp, .tga"; }

const char* image_format_name(ImageFormat f) {
  switch (f) {
    case ImageFormat::Png: return "png";
    case ImageFormat::Jpg: return "jpg";
    case ImageFormat::Bmp: return "bmp";
    case ImageFormat::Tga: return "tga";
  }
  return "?";
}

bool image_keeps_alpha(ImageFormat f, int64_t channels) {
  switch (f) {
    case ImageFormat::Png:
    case ImageFormat::Tga: return true;
    case ImageFormat::Bmp: return channels == 4;
    case ImageFormat::Jpg: return false;
  }
  return false;
}

namespace {

Status check_u8_savable(int64_t w, int64_t h, int64_t c, ImageFormat f) {
  if (c < 1 || c > 4)
    return Error{"an image file holds 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA) channels, "
                 "but the result has " + std::to_string(c) + ". Write it as .npy instead, or use "
                 "a weight with 1 to 4 output channels."};
  const int64_t side = (f == ImageFormat::Jpg || f == ImageFormat::Tga) ? 65535 : (int64_t(1) << 24);
  if (w < 1 || h < 1 || w > side || h > side)
    return Error{"a " + std::string(image_format_name(f)) + " image can be at most " +
                 std::to_string(side) + " pixels per side, but the result is " + std::to_string(w) +
                 "x" + std::to_string(h) + ". Write .png or .npy instead."};
  if (w * h * c > INT_MAX / 2)
    return Error{"the result (" + std::to_string(w) + "x" + std::to_string(h) + "x" + std::to_string(c) +
                 ") is too large for the image writer. Write it as .npy instead."};
  return Ok{};
}

uint8_t quantise(float y) {
  const float r = std::round(255.0f * y);
  if (!(r > 0.0f)) return 0;  // also NaN
  if (r >= 255.0f) return 255;
  return static_cast<uint8_t>(r);
}

struct StbSinkContext {
  const ChunkSink* sink;
  bool ok = true;
};

void stb_sink(void* context, void* data, int size) {
  auto* ctx = static_cast<StbSinkContext*>(context);
  if (ctx->ok && size > 0) ctx->ok = (*ctx->sink)(data, static_cast<size_t>(size));
}

// Runs the stb writer for format f; returns false when stb refused.
bool stb_write(ImageFormat f, StbSinkContext* ctx, int w, int h, int c, const uint8_t* px) {
  switch (f) {
    case ImageFormat::Png: return stbi_write_png_to_func(stb_sink, ctx, w, h, c, px, w * c) != 0;
    case ImageFormat::Jpg: return stbi_write_jpg_to_func(stb_sink, ctx, w, h, c, px, 95) != 0;
    case ImageFormat::Bmp: return stbi_write_bmp_to_func(stb_sink, ctx, w, h, c, px) != 0;
    case ImageFormat::Tga: return stbi_write_tga_to_func(stb_sink, ctx, w, h, c, px) != 0;
  }
  return false;
}

std::vector<uint8_t> interleave(const Tensor4& t) {
  const size_t plane = static_cast<size_t>(t.shape.h * t.shape.w);
  const size_t channels = static_cast<size_t>(t.shape.c);
  std::vector<uint8_t> px(plane * channels);
  for (size_t c = 0; c < channels; ++c)
    for (size_t i = 0; i < plane; ++i) px[i * channels + c] = quantise(t.data[c * plane + i]);
  return px;
}

Status write_u8(const std::string& path, ImageFormat f, int w, int h, int c, const uint8_t* px) {
  return write_file_atomic(path, [&](const ChunkSink& sink) -> Status {
    StbSinkContext ctx{&sink};
    if (!stb_write(f, &ctx, w, h, c, px))
      return Error{"cannot write '" + path + "': the " + image_format_name(f) + " encoder failed. "
                   "Try .png or .npy instead."};
    return Ok{};
  });
}

Status unknown_extension(const std::string& path) {
  return Error{"cannot write '" + path + "': unknown image extension '" + lower_extension(path) +
               "'. Use one of " + supported_image_output_extensions() +
               ", or .npy to keep the exact float values."};
}

}  // namespace

Status check_image_savable(const Shape4& s, ImageFormat f) {
  if (s.n != 1)
    return Error{"an image file holds one image, but the result has a batch of " +
                 std::to_string(s.n) + " (N = " + std::to_string(s.n) + "). Write it as .npy instead."};
  return check_u8_savable(s.w, s.h, s.c, f);
}

Result<std::vector<uint8_t>> encode_image(const Tensor4& t, ImageFormat f) {
  if (auto st = check_image_savable(t.shape, f); !st) return st.error();
  const std::vector<uint8_t> px = interleave(t);
  return encode_image_u8(static_cast<int>(t.shape.w), static_cast<int>(t.shape.h), static_cast<int>(t.shape.c),
                         px.data(), f);
}

Result<ImageFormat> check_image_save(const std::string& path, const Shape4& s) {
  const auto f = image_format_from_path(path);
  if (!f) return unknown_extension(path).error();
  if (auto st = check_image_savable(s, *f); !st) return Error{"cannot write '" + path + "': " + st.error().message};
  return *f;
}

Status save_image(const std::string& path, const Tensor4& t) {
  const Result<ImageFormat> f = check_image_save(path, t.shape);
  if (!f) return f.error();
  const std::vector<uint8_t> px = interleave(t);
  return write_u8(path, f.value(), static_cast<int>(t.shape.w), static_cast<int>(t.shape.h),
                  static_cast<int>(t.shape.c), px.data());
}

void interleave_rows(const Tensor4& t, int64_t row_begin, int64_t row_end, uint8_t* px) {
  const size_t plane = static_cast<size_t>(t.shape.h * t.shape.w);
  const size_t channels = static_cast<size_t>(t.shape.c);
  const size_t begin = static_cast<size_t>(row_begin * t.shape.w), end = static_cast<size_t>(row_end * t.shape.w);
  for (size_t c = 0; c < channels; ++c)
    for (size_t i = begin; i < end; ++i) px[(i - begin) * channels + c] = quantise(t.data[c * plane + i]);
}

Result<std::vector<uint8_t>> encode_image_u8(int width, int height, int channels, const uint8_t* pixels,
                                             ImageFormat f) {
  std::vector<uint8_t> out;
  const ChunkSink sink = [&](const void* p, size_t n) {
    out.insert(out.end(), static_cast<const uint8_t*>(p), static_cast<const uint8_t*>(p) + n);
    return true;
  };
  StbSinkContext ctx{&sink};
  if (!stb_write(f, &ctx, width, height, channels, pixels))
    return Error{std::string("the ") + image_format_name(f) + " encoder failed. Try .png or .npy instead."};
  return out;
}

Status save_image_u8(const std::string& path, int width, int height, int channels,
                     const uint8_t* pixels) {
  const auto f = image_format_from_path(path);
  if (!f) return unknown_extension(path);
  if (auto st = check_u8_savable(width, height, channels, *f); !st)
    return Error{"cannot write '" + path + "': " + st.error().message};
  return write_u8(path, *f, width, height, channels, pixels);
}

int64_t count_clamped_for_image(const Tensor4& t) {
  int64_t n = 0;
  for (float y : t.data) {
    const float r = std::round(255.0f * y);
    if (!(r >= 0.0f && r <= 255.0f)) ++n;
  }
  return n;
}

}  // namespace tconv::io
