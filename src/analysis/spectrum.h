#pragma once
// Magnitude spectra (kissfft, single precision) and the search for the checkerboard's peaks.
//
// Layout, stated once: spectra are fftshifted, so the zero frequency (DC) sits at
// (rows/2, cols/2) (integer division, as numpy.fft.fftshift). Display cell (r, c) holds the
// frequency (r - rows/2) / rows cycles per pixel vertically and (c - cols/2) / cols horizontally;
// for even sizes the Nyquist frequency -1/2 (a +1,-1 alternation) is row/column 0.
#include <cstdint>
#include <string>
#include <vector>

#include "core/params.h"
#include "core/result.h"
#include "core/teaching.h"
#include "core/tensor.h"

namespace tconv::analysis {

struct SpectrumOptions {
  // Multiply by a Hann window before the transform, so the jump between opposite image borders
  // does not draw a bright cross through the centre. Off: the plain DFT of the plane.
  bool hann_window = true;
};

struct Spectrum {
  // read-only results (rows x cols, fftshifted)
  Grid magnitude;  // |F|
  Grid display;    // log(1 + |F|), scaled so its minimum is 0 and its maximum 1
};

// Largest plane transformed (cells); larger ones are refused with a message.
constexpr int64_t kMaxSpectrumCells = int64_t(1) << 26;

Result<Spectrum> magnitude_spectrum(const Grid& plane, const SpectrumOptions& o = {});
// Of image n's channel mean (a colour checkerboard shows in every channel).
Result<Spectrum> magnitude_spectrum(const Tensor4& image, const SpectrumOptions& o = {}, int64_t n = 0);

// Frequency of a display row / column, in cycles per pixel, in [-1/2, 1/2).
double spectrum_frequency(int64_t index, int64_t size);

struct SpectrumPeak {
  int64_t row = 0, col = 0;      // display cell of the strongest bin near the expected frequency
  int64_t m = 0, n = 0;          // expected frequency (m / stride.h, n / stride.w) cycles per pixel
  double ratio = 0;              // peak magnitude / median magnitude of its neighbourhood
  double share = 0;              // peak magnitude / root of the total power (sum |F|^2, DC included):
                                 // the pattern's amplitude as a share of the whole picture's
  bool significant = false;      // meets both PeakCriteria
};

// A peak counts when it stands out from its neighbourhood (ratio) AND is strong enough to see
// (share): a clean synthetic picture can have a tiny bump far above an almost empty surrounding.
struct PeakCriteria {
  double min_ratio = 4.0;    // times the neighbourhood's median magnitude
  double min_share = 0.01;   // 1% of the picture's amplitude: about 2.5 grey levels on mid-grey
};

struct StridePeaks {
  // read-only results
  std::vector<SpectrumPeak> peaks;  // one per frequency (m/s_h, n/s_w), 0 <= m < s_h, 0 <= n < s_w,
                                    // except (0, 0); largest share first
  double strongest = 0;             // largest share (0 when there are no peaks: stride 1)
  bool checkerboard = false;        // some peak is significant
  std::string summary;              // plain words for the UI, e.g. "Peaks at 1/2 cycle per pixel,
                                    // 16% as strong as the picture: the checkerboard of stride 2."
};

// Where the stride's frequency (m / stride.h, n / stride.w) cycles per pixel lies on a rows x cols
// display spectrum, in the display picture's pixel coordinates (cell (r, c) covers [c, c + 1) x
// [r, r + 1)): one geometry for every spectrum of that size, whatever its content, so the circles
// stand at the same place in every pane. Frequencies wrap into [-1/2, 1/2). The Nyquist frequency
// 1/2 is the centre of row (column) 0 for an even size; for an odd size it falls between the last
// and the first bin, so it is both edges: one point per edge it touches (up to 4, at a corner).
struct SpectrumPoint {
  double x = 0, y = 0;
};
std::vector<SpectrumPoint> stride_frequency_points(int64_t m, int64_t n, Pair stride, int64_t rows, int64_t cols);

// Looks for energy at the stride's frequencies: a transposed convolution with uneven overlap
// counts multiplies the image by a pattern of period stride, which puts copies of the image's
// spectrum (a peak, for the bright DC) at multiples of 1/stride cycles per pixel. A peak is the
// largest magnitude within one bin of the expected position; its neighbourhood is the ring 3 to
// 8 bins around it (wrapping around, as the DFT does).
StridePeaks find_stride_peaks(const Spectrum& s, Pair stride, const PeakCriteria& c = {});

}  // namespace tconv::analysis
