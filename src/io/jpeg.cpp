#include "io/jpeg.h"

// clang-format off
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <jpeglib.h>
#include <jerror.h>
// clang-format on

namespace tconv::io::detail {
namespace {

// libjpeg reports fatal errors through error_exit, which must not return: we longjmp back to
// decode_raw(). Everything between setjmp and longjmp is plain C data (no C++ destructors are
// skipped); the pixel buffer is malloc'ed and owned through `Raw`, which lives in the caller.
struct ErrorManager {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  char damage[JMSG_LENGTH_MAX];  // the first warning that means pixels are missing or wrong
};

void on_error_exit(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  std::longjmp(err->jump, 1);
}

void on_output_message(j_common_ptr) {}  // nothing is printed; see on_emit_message

// libjpeg only warns when the data ends early or is corrupt, and fills the missing rows with
// gray. Those warnings make the decode fail (the image would be silently wrong); harmless ones
// (extraneous bytes between markers, an unknown JFIF revision) are ignored.
void on_emit_message(j_common_ptr cinfo, int level) {
  if (level >= 0) return;  // trace messages
  auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
  const int code = cinfo->err->msg_code;
  const bool damaging = code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER || code == JWRN_MUST_RESYNC ||
                        code == JWRN_HUFF_BAD_CODE || code == JWRN_ARITH_BAD_CODE ||
                        code == JWRN_BOGUS_PROGRESSION;
  if (damaging && err->damage[0] == '\0') (*cinfo->err->format_message)(cinfo, err->damage);
  cinfo->err->num_warnings++;
}

struct Raw {
  unsigned char* pixels = nullptr;  // malloc'ed
  int width = 0, height = 0, channels = 0;
  bool refused = false;             // the size check said no
  bool cmyk = false;                // pixels are (Adobe-inverted) CMYK, 4 per pixel
};

// Returns 0 on success, 1 on a libjpeg error (message in err), 2 when the size was refused.
int decode_raw(const uint8_t* data, size_t size, JpegSizeCheck accept, const void* ctx, Raw* raw,
               ErrorManager* err) {
  jpeg_decompress_struct cinfo;
  cinfo.err = jpeg_std_error(&err->mgr);
  err->mgr.error_exit = on_error_exit;
  err->mgr.output_message = on_output_message;
  err->mgr.emit_message = on_emit_message;
  err->message[0] = '\0';
  err->damage[0] = '\0';
  if (setjmp(err->jump)) {
    jpeg_destroy_decompress(&cinfo);
    return 1;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
  jpeg_read_header(&cinfo, TRUE);
  const bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  const int channels = cinfo.num_components == 1 ? 1 : 3;
  if (!accept(cinfo.image_width, cinfo.image_height, channels, ctx)) {
    jpeg_destroy_decompress(&cinfo);
    return 2;
  }
  cinfo.out_color_space = channels == 1 ? JCS_GRAYSCALE : (cmyk ? JCS_CMYK : JCS_RGB);
  jpeg_start_decompress(&cinfo);
  const size_t stride = static_cast<size_t>(cinfo.output_width) * static_cast<size_t>(cinfo.output_components);
  raw->width = static_cast<int>(cinfo.output_width);
  raw->height = static_cast<int>(cinfo.output_height);
  raw->channels = cinfo.output_components;
  raw->cmyk = cmyk && channels != 1;
  raw->pixels = static_cast<unsigned char*>(std::malloc(stride * cinfo.output_height));
  if (!raw->pixels) {
    jpeg_destroy_decompress(&cinfo);
    std::strcpy(err->message, "out of memory");
    return 1;
  }
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = raw->pixels + stride * cinfo.output_scanline;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  if (err->damage[0] != '\0') {
    std::strcpy(err->message, err->damage);
    return 1;
  }
  return 0;
}

}  // namespace

std::string decode_jpeg(const uint8_t* data, size_t size, JpegSizeCheck accept, const void* ctx,
                        JpegImage* out) {
  Raw raw;
  ErrorManager err;
  const int rc = decode_raw(data, size, accept, ctx, &raw, &err);
  if (rc != 0) {
    std::free(raw.pixels);
    return rc == 2 ? "too large" : err.message;
  }
  out->width = raw.width;
  out->height = raw.height;
  const size_t n = static_cast<size_t>(raw.width) * static_cast<size_t>(raw.height);
  if (raw.cmyk) {
    // Adobe writes CMYK inverted (255 = no ink); RGB = C*K/255 etc., as stb_image and browsers do.
    out->channels = 3;
    out->pixels.resize(n * 3);
    for (size_t i = 0; i < n; ++i) {
      const unsigned k = raw.pixels[4 * i + 3];
      for (size_t c = 0; c < 3; ++c)
        out->pixels[3 * i + c] = static_cast<uint8_t>((raw.pixels[4 * i + c] * k + 127) / 255);
    }
  } else {
    out->channels = raw.channels;
    out->pixels.assign(raw.pixels, raw.pixels + n * static_cast<size_t>(raw.channels));
  }
  std::free(raw.pixels);
  return "";
}

}  // namespace tconv::io::detail
