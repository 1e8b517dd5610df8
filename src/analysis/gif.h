#pragma once
// Exports for slides: an animated GIF (Debian's giflib) and numbered PNG frames (stb, through
// io::save_image_u8), from RGBA8 frames of one size. Every file is written atomically
// (io::write_file_atomic: temporary file + rename), so a failure leaves an existing file as it was.
//
// GIF encoding choices:
//   - Each frame after the first stores only the rectangle that changed, drawn over the previous
//     frame (disposal "do not dispose"); a frame equal to the previous one just lengthens its
//     delay. Teaching animations change little per frame, so files stay small.
//   - Colours: a frame rectangle with at most 256 colours (the usual case for flat UI drawings)
//     is stored exactly; otherwise giflib's median-cut GifQuantizeBuffer (still in giflib 5.2.1,
//     marked deprecated but exported) picks 256 colours for that rectangle. Unchanged pixels are
//     never re-quantised, so still parts of the picture do not flicker.
//   - GIF has no partial transparency: translucent pixels are blended over `background`.
//   - Delays are whole hundredths of a second, rounded so the total time matches fps exactly
//     (30 fps: 3, 4, 3, 3, 4, 3, ... hundredths).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace tconv::analysis {

struct ImageRGBA8 {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;  // width*height*4: R, G, B, A per pixel, row-major, top row first
};

struct GifOptions {
  double fps = 10;                           // (0, 50]: players slow frames shorter than 1/50 s
  bool loop_forever = true;                  // NETSCAPE2.0 extension with count 0; false: play once
  uint8_t background[3] = {255, 255, 255};   // translucent pixels are blended over this colour
  bool overwrite = true;                     // false: an existing file is an error (the GUI asks first)
};

// Streams frames into a GIF held in memory (the compressed file plus two frames); finish()
// writes it to `path` atomically. Destroying an unfinished writer writes nothing.
class GifWriter {
 public:
  // Checks the size (1..65535 per side), the options and that `path` can be created, so a bad
  // path fails before a long rendering.
  static Result<GifWriter> create(const std::string& path, int width, int height, const GifOptions& o = {});
  GifWriter(GifWriter&&) noexcept;
  GifWriter& operator=(GifWriter&&) noexcept;
  ~GifWriter();

  Status add_frame(const ImageRGBA8& frame);  // must have the writer's size
  Status finish();                            // at least one frame; the writer is spent afterwards
  size_t frame_count() const;                 // frames added so far
  size_t encoded_bytes() const;               // size of the GIF so far (without the pending frame)

 private:
  struct State;
  explicit GifWriter(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

// All frames at once (the same size, at least one).
Status write_gif(const std::string& path, const std::vector<ImageRGBA8>& frames, const GifOptions& o = {});

// "anim" + index 0 of 12 frames -> "anim_0001.png": numbered from 1, at least 4 digits.
std::string png_frame_name(const std::string& prefix, size_t index, size_t count);

// Writes frames as dir/prefix_0001.png, ... (RGBA PNG, alpha kept). The directory must exist.
// With overwrite false, any existing target is an error before anything is written. On failure
// the frames this call created are removed again (replaced files cannot be restored: each was
// replaced atomically with a complete new frame). Returns the paths written.
Result<std::vector<std::string>> write_png_frames(const std::string& dir, const std::string& prefix,
                                                  const std::vector<ImageRGBA8>& frames, bool overwrite = true);

}  // namespace tconv::analysis
