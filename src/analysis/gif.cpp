// Sections: helpers | colour quantisation | GifWriter | PNG frames
#include "analysis/gif.h"

#include <gif_lib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <utility>

#include "io/file.h"
#include "io/image.h"

namespace tconv::analysis {
namespace {

// ------------------------------------------------------------------ helpers

std::string str(int64_t v) { return std::to_string(v); }
std::string quoted(const std::string& s) { return "'" + s + "'"; }

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

std::string gif_error(int code) {
  const char* s = GifErrorString(code);
  return s != nullptr ? s : ("giflib error " + str(code));
}

Status check_frame(const ImageRGBA8& f, int width, int height, size_t index) {
  if (f.width != width || f.height != height)
    return Error{"frame " + str(static_cast<int64_t>(index) + 1) + " is " + str(f.width) + " x " + str(f.height) +
                 " pixels, but the animation is " + str(width) + " x " + str(height) +
                 ". Render every frame at the same size."};
  if (f.pixels.size() != static_cast<size_t>(width) * static_cast<size_t>(height) * 4)
    return Error{"frame " + str(static_cast<int64_t>(index) + 1) + " holds " + str(static_cast<int64_t>(f.pixels.size())) +
                 " bytes instead of width*height*4 = " + str(int64_t(width) * height * 4) +
                 ". Give RGBA pixels, 4 bytes each, row after row."};
  return Ok{};
}

// ------------------------------------------------------------------ colour quantisation

struct Indexed {
  std::vector<GifColorType> colours;  // a power of two in [2, 256] entries
  std::vector<GifPixelType> index;    // one per pixel of the rectangle, row-major
};

int pow2_at_least(int n) {
  int p = 2;
  while (p < n) p *= 2;
  return p;
}

// GifQuantizeBuffer assigns pixels by 5-bit histogram boxes, not to the nearest palette colour,
// and its colours are box centroids of 5-bit values. Two Lloyd (k-means) rounds on the exact
// pixels fix both: assign each distinct colour to its nearest entry, move entries to the mean of
// what they got. Distinct colours are cached, so flat drawings cost little.
void refine(const std::vector<uint8_t>& rgb, Indexed& q) {
  const size_t n = rgb.size() / 3;
  std::unordered_map<uint32_t, uint32_t> counts;  // distinct colour -> pixels
  for (size_t i = 0; i < n; ++i)
    ++counts[uint32_t(rgb[3 * i]) << 16 | uint32_t(rgb[3 * i + 1]) << 8 | rgb[3 * i + 2]];
  std::unordered_map<uint32_t, GifPixelType> nearest;
  nearest.reserve(counts.size());
  auto assign = [&]() {
    for (const auto& [key, cnt] : counts) {
      (void)cnt;
      const int cr = int(key >> 16), cg = int(key >> 8 & 255), cb = int(key & 255);
      int best = 0, best_d = 1 << 30;
      for (size_t k = 0; k < q.colours.size(); ++k) {
        const GifColorType& c = q.colours[k];
        const int dr = cr - c.Red, dg = cg - c.Green, db = cb - c.Blue;
        const int d = dr * dr + dg * dg + db * db;
        if (d < best_d) best_d = d, best = static_cast<int>(k);
      }
      nearest[key] = static_cast<GifPixelType>(best);
    }
  };
  for (int round = 0; round < 2; ++round) {
    assign();
    std::vector<double> sum(q.colours.size() * 3, 0.0), weight(q.colours.size(), 0.0);
    for (const auto& [key, cnt] : counts) {
      const size_t k = nearest[key];
      sum[3 * k] += double(key >> 16) * cnt;
      sum[3 * k + 1] += double(key >> 8 & 255) * cnt;
      sum[3 * k + 2] += double(key & 255) * cnt;
      weight[k] += cnt;
    }
    for (size_t k = 0; k < q.colours.size(); ++k)
      if (weight[k] > 0)
        q.colours[k] = GifColorType{static_cast<GifByteType>(std::lround(sum[3 * k] / weight[k])),
                                    static_cast<GifByteType>(std::lround(sum[3 * k + 1] / weight[k])),
                                    static_cast<GifByteType>(std::lround(sum[3 * k + 2] / weight[k]))};
  }
  assign();
  for (size_t i = 0; i < n; ++i)
    q.index[i] = nearest[uint32_t(rgb[3 * i]) << 16 | uint32_t(rgb[3 * i + 1]) << 8 | rgb[3 * i + 2]];
}

// Pixels `rgb` (w*h triples). Exact palette when there are at most 256 colours, else median cut.
Result<Indexed> quantise(const std::vector<uint8_t>& rgb, int w, int h) {
  Indexed out;
  const size_t n = static_cast<size_t>(w) * static_cast<size_t>(h);
  out.index.resize(n);
  std::unordered_map<uint32_t, GifPixelType> seen;
  bool exact = true;
  for (size_t i = 0; i < n && exact; ++i) {
    const uint32_t key = uint32_t(rgb[3 * i]) << 16 | uint32_t(rgb[3 * i + 1]) << 8 | rgb[3 * i + 2];
    auto it = seen.find(key);
    if (it == seen.end()) {
      if (seen.size() == 256) {
        exact = false;
        break;
      }
      it = seen.emplace(key, static_cast<GifPixelType>(seen.size())).first;
      out.colours.push_back(GifColorType{rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]});
    }
    out.index[i] = it->second;
  }
  if (!exact) {
    std::vector<GifByteType> r(n), g(n), b(n);
    for (size_t i = 0; i < n; ++i) {
      r[i] = rgb[3 * i];
      g[i] = rgb[3 * i + 1];
      b[i] = rgb[3 * i + 2];
    }
    int size = 256;
    out.colours.assign(256, GifColorType{0, 0, 0});
    if (GifQuantizeBuffer(static_cast<unsigned>(w), static_cast<unsigned>(h), &size, r.data(), g.data(), b.data(),
                          out.index.data(), out.colours.data()) == GIF_ERROR)
      return Error{"not enough memory to pick the GIF colours of a " + str(w) + " x " + str(h) +
                   " frame. Export a smaller animation (--size) or PNG frames."};
    out.colours.resize(static_cast<size_t>(std::clamp(size, 1, 256)));
    refine(rgb, out);
  }
  out.colours.resize(static_cast<size_t>(pow2_at_least(static_cast<int>(out.colours.size()))), GifColorType{0, 0, 0});
  return out;
}

// Alpha-blends RGBA over the background: what a GIF can show.
std::vector<uint8_t> composite(const ImageRGBA8& f, const uint8_t bg[3]) {
  const size_t n = static_cast<size_t>(f.width) * static_cast<size_t>(f.height);
  std::vector<uint8_t> rgb(3 * n);
  for (size_t i = 0; i < n; ++i) {
    const unsigned a = f.pixels[4 * i + 3];
    for (int c = 0; c < 3; ++c)
      rgb[3 * i + c] = static_cast<uint8_t>((f.pixels[4 * i + c] * a + bg[c] * (255 - a) + 127) / 255);
  }
  return rgb;
}

int gif_write(GifFileType* gif, const GifByteType* data, int len) {
  auto* bytes = static_cast<std::vector<uint8_t>*>(gif->UserData);
  bytes->insert(bytes->end(), data, data + len);
  return len;
}

}  // namespace

// ------------------------------------------------------------------ GifWriter

struct GifWriter::State {
  std::string path;
  int width = 0, height = 0;
  GifOptions options;
  std::vector<uint8_t> bytes;        // the GIF so far
  GifFileType* gif = nullptr;
  std::vector<uint8_t> shown;        // RGB of the last encoded frame (empty before the first)
  std::vector<uint8_t> pending;      // RGB of the frame waiting for its total delay
  int64_t pending_delay = 0;         // hundredths of a second
  size_t added = 0;
  bool spent = false;                // finished, or failed while encoding

  ~State() {
    if (gif != nullptr) EGifCloseFile(gif, nullptr);  // frees; the bytes are simply dropped
  }

  int64_t total_cs(size_t frames) const {
    return std::llround(static_cast<double>(frames) * 100.0 / options.fps);
  }

  Status fail(const std::string& what, int code) {
    spent = true;
    return Error{"could not encode the GIF for " + quoted(path) + " (" + what + ": " + gif_error(code) +
                 "). Try again with a smaller --size, or export PNG frames."};
  }

  // Encodes `pending` as a new image: the changed rectangle over `shown`, then it is shown.
  Status flush() {
    int x0 = 0, y0 = 0, x1 = width - 1, y1 = height - 1;
    if (!shown.empty()) {
      x0 = width, y0 = height, x1 = -1, y1 = -1;
      for (int y = 0; y < height; ++y) {
        const size_t row = static_cast<size_t>(y) * static_cast<size_t>(width) * 3;
        if (std::memcmp(&pending[row], &shown[row], static_cast<size_t>(width) * 3) == 0) continue;
        y0 = std::min(y0, y);
        y1 = y;
        for (int x = 0; x < width; ++x)
          if (std::memcmp(&pending[row + 3 * x], &shown[row + 3 * x], 3) != 0) {
            x0 = std::min(x0, x);
            x1 = std::max(x1, x);
          }
      }
      if (x1 < 0) x0 = y0 = x1 = y1 = 0;  // unreachable (equal frames merge); keep a 1x1 image
    }
    const int w = x1 - x0 + 1, h = y1 - y0 + 1;
    std::vector<uint8_t> rect(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
    for (int y = 0; y < h; ++y)
      std::memcpy(&rect[static_cast<size_t>(y) * w * 3],
                  &pending[(static_cast<size_t>(y0 + y) * width + static_cast<size_t>(x0)) * 3], static_cast<size_t>(w) * 3);
    Result<Indexed> q = quantise(rect, w, h);
    if (!q) {
      spent = true;
      return q.error();
    }
    Indexed& ix = q.value();

    // Delays over 655.35 s do not fit one frame; nobody needs them on a slide.
    GraphicsControlBlock gcb{DISPOSE_DO_NOT, false, static_cast<int>(std::min<int64_t>(pending_delay, 65535)),
                             NO_TRANSPARENT_COLOR};
    GifByteType ext[4];
    const size_t ext_len = EGifGCBToExtension(&gcb, ext);
    if (EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(ext_len), ext) == GIF_ERROR)
      return fail("frame delay", gif->Error);
    ColorMapObject* map = GifMakeMapObject(static_cast<int>(ix.colours.size()), ix.colours.data());
    if (map == nullptr) return fail("colour map", E_GIF_ERR_NOT_ENOUGH_MEM);
    const int rc = EGifPutImageDesc(gif, x0, y0, w, h, false, map);
    GifFreeMapObject(map);  // EGifPutImageDesc keeps its own copy
    if (rc == GIF_ERROR) return fail("image header", gif->Error);
    for (int y = 0; y < h; ++y)
      if (EGifPutLine(gif, &ix.index[static_cast<size_t>(y) * w], w) == GIF_ERROR) return fail("pixels", gif->Error);
    shown.swap(pending);
    pending.clear();
    pending_delay = 0;
    return Ok{};
  }
};

GifWriter::GifWriter(std::unique_ptr<State> s) : s_(std::move(s)) {}
GifWriter::GifWriter(GifWriter&&) noexcept = default;
GifWriter& GifWriter::operator=(GifWriter&&) noexcept = default;
GifWriter::~GifWriter() = default;

Result<GifWriter> GifWriter::create(const std::string& path, int width, int height, const GifOptions& o) {
  if (width < 1 || height < 1 || width > 65535 || height > 65535)
    return Error{"a GIF of " + str(width) + " x " + str(height) + " pixels is impossible: each side must be 1 to 65535. " +
                 "Choose another --size."};
  if (!std::isfinite(o.fps) || o.fps <= 0 || o.fps > 50)
    return Error{"fps is " + std::to_string(o.fps) + ", but a GIF needs 0 < fps <= 50: its delays are whole hundredths " +
                 "of a second and players slow down shorter frames. Use 10 to 30 fps, or PNG frames for more."};
  if (Status st = io::check_output_path(path); !st) return st.error();
  if (!o.overwrite && exists(path))
    return Error{quoted(path) + " already exists. Choose another file name, or allow replacing it."};
  auto s = std::make_unique<State>();
  s->path = path;
  s->width = width;
  s->height = height;
  s->options = o;
  int err = 0;
  s->gif = EGifOpen(&s->bytes, gif_write, &err);
  if (s->gif == nullptr)
    return Error{"could not start the GIF encoder (" + gif_error(err) + "). Free some memory and try again."};
  EGifSetGifVersion(s->gif, true);  // GIF89a: delays and the loop extension
  if (EGifPutScreenDesc(s->gif, width, height, 8, 0, nullptr) == GIF_ERROR) return s->fail("screen", s->gif->Error).error();
  if (o.loop_forever) {
    // NETSCAPE2.0 application extension: sub-block 1, loop count 0 = forever (little endian).
    const GifByteType loop[3] = {1, 0, 0};
    if (EGifPutExtensionLeader(s->gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(s->gif, 11, "NETSCAPE2.0") == GIF_ERROR ||
        EGifPutExtensionBlock(s->gif, 3, loop) == GIF_ERROR || EGifPutExtensionTrailer(s->gif) == GIF_ERROR)
      return s->fail("loop extension", s->gif->Error).error();
  }
  return GifWriter(std::move(s));
}

Status GifWriter::add_frame(const ImageRGBA8& frame) {
  assert(s_ && "GifWriter used after being moved from");
  if (s_->spent)
    return Error{"this GIF writer is already finished or failed. Create a new one for another animation."};
  if (Status st = check_frame(frame, s_->width, s_->height, s_->added); !st) return st;
  std::vector<uint8_t> rgb = composite(frame, s_->options.background);
  const int64_t delay = s_->total_cs(s_->added + 1) - s_->total_cs(s_->added);
  ++s_->added;
  if (!s_->pending.empty() && rgb == s_->pending) {
    s_->pending_delay += delay;
    return Ok{};
  }
  if (!s_->pending.empty())
    if (Status st = s_->flush(); !st) return st;
  s_->pending = std::move(rgb);
  s_->pending_delay = delay;
  return Ok{};
}

Status GifWriter::finish() {
  assert(s_ && "GifWriter used after being moved from");
  if (s_->spent)
    return Error{"this GIF writer is already finished or failed. Create a new one for another animation."};
  if (s_->added == 0) return Error{"the animation has no frames. Render at least one frame before saving."};
  if (Status st = s_->flush(); !st) return st;
  s_->spent = true;
  int err = 0;
  const int rc = EGifCloseFile(s_->gif, &err);  // writes the trailer and frees, even on error
  s_->gif = nullptr;
  if (rc == GIF_ERROR) return Error{"could not finish the GIF (" + gif_error(err) + "). Try again."};
  if (!s_->options.overwrite && exists(s_->path))
    return Error{quoted(s_->path) + " appeared while the animation was rendered. Choose another file name."};
  return io::write_file_atomic(s_->path, s_->bytes.data(), s_->bytes.size());
}

size_t GifWriter::frame_count() const { return s_ ? s_->added : 0; }
size_t GifWriter::encoded_bytes() const { return s_ ? s_->bytes.size() : 0; }

Status write_gif(const std::string& path, const std::vector<ImageRGBA8>& frames, const GifOptions& o) {
  if (frames.empty()) return Error{"the animation has no frames. Render at least one frame before saving."};
  Result<GifWriter> w = GifWriter::create(path, frames[0].width, frames[0].height, o);
  if (!w) return w.error();
  for (const ImageRGBA8& f : frames)
    if (Status st = w.value().add_frame(f); !st) return st;
  return w.value().finish();
}

// ------------------------------------------------------------------ PNG frames

std::string png_frame_name(const std::string& prefix, size_t index, size_t count) {
  const size_t digits = std::max<size_t>(4, std::to_string(std::max<size_t>(count, 1)).size());
  std::string n = std::to_string(index + 1);
  if (n.size() < digits) n.insert(0, digits - n.size(), '0');
  return prefix + "_" + n + ".png";
}

Result<std::vector<std::string>> write_png_frames(const std::string& dir, const std::string& prefix,
                                                  const std::vector<ImageRGBA8>& frames, bool overwrite) {
  if (frames.empty()) return Error{"there are no frames to write. Render at least one frame first."};
  if (prefix.empty() || prefix.find('/') != std::string::npos)
    return Error{"the frame prefix " + quoted(prefix) + " must be a plain file name start such as 'anim' (no '/'). " +
                 "Put the folder in the directory argument."};
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return Error{"the folder " + quoted(dir) + " does not exist. Create it first, or choose an existing folder."};
  std::vector<std::string> paths;
  std::vector<bool> existed;
  for (size_t i = 0; i < frames.size(); ++i) {
    if (Status c = check_frame(frames[i], frames[0].width, frames[0].height, i); !c) return c.error();
    paths.push_back((dir.empty() || dir.back() == '/' ? dir : dir + "/") + png_frame_name(prefix, i, frames.size()));
    existed.push_back(exists(paths.back()));
    if (existed.back() && !overwrite)
      return Error{quoted(paths.back()) + " already exists. Choose another prefix or folder, or allow replacing the frames."};
  }
  for (size_t i = 0; i < frames.size(); ++i) {
    Status s = io::save_image_u8(paths[i], frames[i].width, frames[i].height, 4, frames[i].pixels.data());
    if (!s) {
      for (size_t j = 0; j < i; ++j)
        if (!existed[j]) ::unlink(paths[j].c_str());
      return Error{"frame " + str(static_cast<int64_t>(i) + 1) + " of " + str(static_cast<int64_t>(frames.size())) +
                   ": " + s.error().message};
    }
  }
  return paths;
}

}  // namespace tconv::analysis
