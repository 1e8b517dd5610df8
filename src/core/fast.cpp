// The fast CPU path of conv_transpose2d (see fast.h): phase (sub-pixel) decomposition.
//
// Sections:
//   1. Phases of one axis      -- which kernel taps reach which outputs, as offsets
//   2. Plan                    -- the whole problem: phases, packed weights, work items
//   3. Kernels                 -- register-blocked interior chunks, edge columns, interleave
//   4. One work item           -- (image, group, output-channel block, band of output rows)
//   5. Instruction-set variants and run-time dispatch
//   6. Threads and the public functions
//
// The idea. Input element i reaches output o = i*s - p + t*d through tap t. Write o + p = m*s + r
// (0 <= r < s): only the taps with t*d = r (mod s) reach o, and they read input i = m - c_t with
// c_t = (t*d - r)/s. So the outputs o = o0, o0 + s, o0 + 2s, ... (one "phase") form an ordinary
// correlation of the input with a sub-kernel, and consecutive outputs of a phase read
// consecutive inputs. Per output row we compute each column phase into a contiguous row buffer
// (vectorised over columns, register-blocked over output channels, summed over input channels
// and taps without any index arithmetic in the inner loop), then interleave the phases into the
// output row. Nothing is zero-inserted, no column buffer exists, every multiply is useful and
// every output element is written exactly once. Memory: input + output + packed weights + a few
// row buffers per thread.
#include "core/fast.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <system_error>
#include <thread>

#include "core/params.h"

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define TCONV_FAST_X86 1
#else
#define TCONV_FAST_X86 0
#endif

#if defined(__GNUC__)
#define TCONV_INLINE inline __attribute__((always_inline))
#else
#define TCONV_INLINE inline
#endif

namespace tconv {
namespace {

// ============================================================ 1. Phases of one axis
// Output positions o0, o0 + s, o0 + 2s, ... for o0 in [0, min(s, out)); position o is in phase
// o % s, at index j = o / s. The taps of a phase and their input offsets: input = m0 + j - off.
struct Phase {
  int64_t m0 = 0;             // floor((o0 + padding) / stride)
  int64_t count = 0;          // outputs in this phase
  std::vector<int64_t> taps;  // kernel taps t with t*d = (o0 + p) mod s  (mod s)
  std::vector<int64_t> offs;  // (t*d - r) / s for each tap
};

std::vector<Phase> make_phases(int64_t out, int64_t k, int64_t s, int64_t p, int64_t d) {
  std::vector<Phase> phases(static_cast<size_t>(std::min(s, out)));
  for (int64_t o0 = 0; o0 < static_cast<int64_t>(phases.size()); ++o0) {
    Phase& ph = phases[static_cast<size_t>(o0)];
    const int64_t r = (o0 + p) % s;
    ph.m0 = (o0 + p) / s;
    ph.count = (out - 1 - o0) / s + 1;
    for (int64_t t = 0; t < k; ++t)
      if ((t * d) % s == r) {
        ph.taps.push_back(t);
        ph.offs.push_back((t * d - r) / s);
      }
  }
  return phases;
}

// ============================================================ 2. Plan
struct Plan {
  // Problem.
  int64_t N = 0, Cin = 0, H = 0, W = 0, Cout = 0, Hout = 0, Wout = 0, kH = 0, kW = 0;
  int64_t G = 0, cin_g = 0, cout_g = 0;
  int64_t sh = 1, sw = 1;         // strides
  std::vector<Phase> rows, cols;  // phases along height and width
  // Blocking.
  int cb = 1;                  // output channels per block (1, 2, 4 or 8)
  int64_t nblk = 0;            // blocks per group: ceil(cout_g / cb)
  int64_t row0 = 0, row1 = 0;  // output rows computed: [row0, row1) (all but in slices)
  int64_t band_rows = 0;       // output rows per work item
  int64_t nbands = 0;
  int64_t items = 0;           // N * G * nbands * nblk
  std::vector<float> packed;   // [g][blk][kh][kw][ci][cb], zero for channels past cout_g
  std::vector<float> bias;     // [g][blk][cb], zero-padded likewise
  std::vector<int64_t> col_start;  // start of each column phase in a row buffer (prefix sums)
  const float* x = nullptr;
  float* y = nullptr;
};

// One (input row, kernel tap) pair that contributes to the current output row and column phase.
struct Term {
  int64_t xoff = 0;      // ih*W + m0 - off: input index of column j is xoff + j (within a channel)
  int64_t rowoff = 0;    // ih*W
  int64_t colshift = 0;  // m0 - off: input column of output index j is colshift + j
  const float* w = nullptr;  // packed weights of this tap: [ci][cb]
};

// Per-thread scratch: row buffers and the term list.
struct Scratch {
  std::vector<float> rowbuf;    // cb * Wout: the column phases of the current row, per channel
  std::vector<float> dummy;     // Wout: target for zero-padded channels of the last block
  std::vector<Term> terms;      // kH * kW
};

// ============================================================ 3. Kernels
// V is a GCC/Clang vector of floats (4, 8 or 16 lanes); the code is compiled once per
// instruction set in section 5, so V maps onto that set's registers.
template <class V>
constexpr int lanes() {
  return static_cast<int>(sizeof(V) / sizeof(float));
}
typedef float V4 __attribute__((vector_size(16)));
typedef float V8 __attribute__((vector_size(32)));
typedef float V16 __attribute__((vector_size(64)));
// The same vectors with float alignment, for unaligned loads and stores through a cast (how the
// compilers' own intrinsics headers do it; std::memcpy of a 32-byte vector is split into 16-byte
// pieces by GCC's generic tuning and keeps the accumulators in memory).
template <class V>
struct Unaligned;
template <>
struct Unaligned<V4> {
  typedef float type __attribute__((vector_size(16), aligned(4), may_alias));
};
template <>
struct Unaligned<V8> {
  typedef float type __attribute__((vector_size(32), aligned(4), may_alias));
};
template <>
struct Unaligned<V16> {
  typedef float type __attribute__((vector_size(64), aligned(4), may_alias));
};

// Everything the kernels of one (row, column phase) need.
struct RowJob {
  const Term* terms = nullptr;
  int nterms = 0;
  const float* x = nullptr;   // channel 0 of this group, this image
  int64_t xcs = 0;            // channel stride of x (H*W)
  int64_t cin = 0;            // input channels of the group
  int64_t W = 0;              // input width (edge columns check bounds against it)
  const float* bias = nullptr;  // cb floats
  float* const* dst = nullptr;  // cb pointers; output index j of the phase goes to dst[c][j]
};

// Columns [j0, j0 + NV*lanes) of the phase, all taps in bounds: acc[c][v] over cin x terms.
template <class V, int CB, int NV>
TCONV_INLINE void chunk(const RowJob& job, int64_t j0) {
  constexpr int L = lanes<V>();
  using VU = typename Unaligned<V>::type;
  V acc[CB][NV];
  for (int c = 0; c < CB; ++c)
    for (int v = 0; v < NV; ++v) acc[c][v] = V{} + job.bias[c];
  for (int t = 0; t < job.nterms; ++t) {
    const float* xp = job.x + (job.terms[t].xoff + j0);
    const float* wp = job.terms[t].w;
    for (int64_t ci = 0; ci < job.cin; ++ci) {
      V xv[NV];
      for (int v = 0; v < NV; ++v) xv[v] = *reinterpret_cast<const VU*>(xp + v * L);
      for (int c = 0; c < CB; ++c) {
        const float wc = wp[c];
        for (int v = 0; v < NV; ++v) acc[c][v] += xv[v] * wc;
      }
      xp += job.xcs;
      wp += CB;
    }
  }
  for (int c = 0; c < CB; ++c)
    for (int v = 0; v < NV; ++v) *reinterpret_cast<VU*>(job.dst[c] + j0 + v * L) = acc[c][v];
}

// One column j with bounds checks (the few columns near the left/right border): vectorised over
// the block's output channels instead of over columns.
template <int CB>
TCONV_INLINE void column(const RowJob& job, int64_t j) {
  float acc[CB];
  for (int c = 0; c < CB; ++c) acc[c] = job.bias[c];
  for (int t = 0; t < job.nterms; ++t) {
    const Term& term = job.terms[t];
    const int64_t iw = term.colshift + j;
    if (iw < 0 || iw >= job.W) continue;
    const float* xp = job.x + (term.rowoff + iw);
    const float* wp = term.w;
    for (int64_t ci = 0; ci < job.cin; ++ci) {
      const float xs = *xp;
      for (int c = 0; c < CB; ++c) acc[c] += xs * wp[c];
      xp += job.xcs;
      wp += CB;
    }
  }
  for (int c = 0; c < CB; ++c) job.dst[c][j] = acc[c];
}

// All `count` outputs of one column phase; [jlo, jhi) is where every tap is in bounds.
template <class V, int CB, int NV>
TCONV_INLINE void phase_row(const RowJob& job, int64_t count, int64_t jlo, int64_t jhi) {
  constexpr int64_t L = lanes<V>();
  constexpr int64_t JC = L * NV;
  for (int64_t j = 0; j < jlo; ++j) column<CB>(job, j);
  int64_t j = jlo;
  for (; j + JC <= jhi; j += JC) chunk<V, CB, NV>(job, j);
  if (j < jhi) {
    // The tail: one more full chunk that overlaps the previous one (it recomputes the same
    // values), else single vectors, else columns.
    if (jhi - jlo >= JC) {
      chunk<V, CB, NV>(job, jhi - JC);
    } else {
      for (; j + L <= jhi; j += L) chunk<V, CB, 1>(job, j);
      if (j < jhi) {
        if (jhi - jlo >= L) {
          chunk<V, CB, 1>(job, jhi - L);
        } else {
          for (; j < jhi; ++j) column<CB>(job, j);
        }
      }
    }
  }
  for (j = std::max(jhi, jlo); j < count; ++j) column<CB>(job, j);
}

// Stride-2 interleave of two phase rows a (even outputs) and b (odd outputs) into y.
template <class V>
TCONV_INLINE void interleave2(const float* a, int64_t na, const float* b, int64_t nb, float* y) {
  int64_t j = 0;
  for (; j < nb; ++j) {
    y[2 * j] = a[j];
    y[2 * j + 1] = b[j];
  }
  if (na > nb) y[2 * nb] = a[nb];
}

// ============================================================ 4. One work item
template <class V, int CB, int NV>
TCONV_INLINE void run_item(const Plan& P, int64_t item, Scratch& s) {
  // item = ((n*G + g)*nbands + band)*nblk + blk
  const int64_t blk = item % P.nblk;
  int64_t rest = item / P.nblk;
  const int64_t band = rest % P.nbands;
  rest /= P.nbands;
  const int64_t g = rest % P.G;
  const int64_t n = rest / P.G;

  const int64_t co0 = g * P.cout_g + blk * CB;  // first output channel of the block
  const int64_t nreal = std::min<int64_t>(CB, P.cout_g - blk * CB);
  const float* wblk = P.packed.data() + (g * P.nblk + blk) * P.kH * P.kW * P.cin_g * CB;
  // One column phase (stride 1, or a one-column output): phase index j is output column j, so
  // the kernels write straight into the output rows and nothing is interleaved.
  const bool direct = P.cols.size() == 1;
  const int64_t nphases = static_cast<int64_t>(P.cols.size());

  RowJob job;
  job.x = P.x + (n * P.Cin + g * P.cin_g) * P.H * P.W;
  job.xcs = P.H * P.W;
  job.cin = P.cin_g;
  job.W = P.W;
  job.bias = P.bias.data() + (g * P.nblk + blk) * CB;

  const int64_t oh_begin = P.row0 + band * P.band_rows;
  const int64_t oh_end = std::min(P.row1, oh_begin + P.band_rows);
  for (int64_t oh = oh_begin; oh < oh_end; ++oh) {
    // Output rows of this block's channels.
    float* yrow[CB];
    for (int c = 0; c < CB; ++c)
      yrow[c] = c < nreal ? P.y + ((n * P.Cout + co0 + c) * P.Hout + oh) * P.Wout : s.dummy.data();

    // Row phase: the (input row, tap) pairs that reach this output row.
    const Phase& rph = P.rows[static_cast<size_t>(oh % P.sh)];
    const int64_t mh = rph.m0 + oh / P.sh;
    for (int64_t pc = 0; pc < nphases; ++pc) {
      const Phase& cph = P.cols[static_cast<size_t>(pc)];
      int nterms = 0;
      for (size_t a = 0; a < rph.taps.size(); ++a) {
        const int64_t ih = mh - rph.offs[a];
        if (ih < 0 || ih >= P.H) continue;
        for (size_t b = 0; b < cph.taps.size(); ++b) {
          Term& t = s.terms[static_cast<size_t>(nterms++)];
          t.rowoff = ih * P.W;
          t.colshift = cph.m0 - cph.offs[b];
          t.xoff = t.rowoff + t.colshift;
          t.w = wblk + (rph.taps[a] * P.kW + cph.taps[b]) * P.cin_g * CB;
        }
      }
      // Interior: j with 0 <= colshift + j < W for every tap.
      int64_t jlo = 0, jhi = cph.count;
      for (size_t b = 0; b < cph.taps.size(); ++b) {
        jlo = std::max(jlo, cph.offs[b] - cph.m0);
        jhi = std::min(jhi, P.W + cph.offs[b] - cph.m0);
      }
      jlo = std::min(jlo, cph.count);
      jhi = std::max(jhi, jlo);

      float* dst[CB];
      for (int c = 0; c < CB; ++c)
        dst[c] = direct ? yrow[c]
                    : s.rowbuf.data() + c * P.Wout + P.col_start[static_cast<size_t>(pc)];
      job.terms = s.terms.data();
      job.nterms = nterms;
      job.dst = dst;
      phase_row<V, CB, NV>(job, cph.count, jlo, jhi);
    }
    if (direct) continue;

    // Interleave the column phases into the output rows: each output element written once.
    for (int c = 0; c < nreal; ++c) {
      const float* buf = s.rowbuf.data() + c * P.Wout;
      if (P.sw == 2) {
        interleave2<V>(buf, P.cols[0].count, buf + P.col_start[1], P.cols[1].count, yrow[c]);
      } else {
        for (int64_t pc = 0; pc < nphases; ++pc) {
          const float* src = buf + P.col_start[static_cast<size_t>(pc)];
          float* out = yrow[c] + pc;
          for (int64_t j = 0; j < P.cols[static_cast<size_t>(pc)].count; ++j) out[j * P.sw] = src[j];
        }
      }
    }
  }
}

// Runs items [first taken from `next`] until none is left: dynamic scheduling.
template <class V>
TCONV_INLINE void run_items(const Plan& P, std::atomic<int64_t>& next, Scratch& s) {
  for (;;) {
    const int64_t item = next.fetch_add(1, std::memory_order_relaxed);
    if (item >= P.items) return;
    // Register blocks: CB output channels x NV vectors of columns, ~16 accumulators when the
    // vectors are wide (AVX-512 has 32 registers, AVX2 and SSE 16).
    constexpr bool wide = lanes<V>() == 16;
    switch (P.cb) {
      case 8: run_item<V, 8, wide ? 2 : 1>(P, item, s); break;
      case 4: run_item<V, 4, 2>(P, item, s); break;
      case 2: run_item<V, 2, wide ? 4 : 3>(P, item, s); break;
      default: run_item<V, 1, 4>(P, item, s); break;
    }
  }
}

// ============================================================ 5. Instruction-set variants
void run_items_baseline(const Plan& P, std::atomic<int64_t>& next, Scratch& s) {
  run_items<V4>(P, next, s);
}

#if TCONV_FAST_X86
__attribute__((target("avx2,fma")))
void run_items_avx2(const Plan& P, std::atomic<int64_t>& next, Scratch& s) {
  run_items<V8>(P, next, s);
}
__attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")))
void run_items_avx512(const Plan& P, std::atomic<int64_t>& next, Scratch& s) {
  run_items<V16>(P, next, s);
}
#endif

using RunItems = void (*)(const Plan&, std::atomic<int64_t>&, Scratch&);

SimdLevel supported_level() {
#if TCONV_FAST_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw"))
    return SimdLevel::avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return SimdLevel::avx2;
#endif
  return SimdLevel::baseline;
}

SimdLevel resolve(SimdLevel wanted) {
  const SimdLevel best = best_simd_level();
  if (wanted == SimdLevel::automatic) return best;
  return static_cast<int>(wanted) <= static_cast<int>(best) ? wanted : best;
}

RunItems runner(SimdLevel level) {
#if TCONV_FAST_X86
  if (level == SimdLevel::avx512) return run_items_avx512;
  if (level == SimdLevel::avx2) return run_items_avx2;
#else
  (void)level;
#endif
  return run_items_baseline;
}

// ============================================================ 6. Threads and public functions
Plan make_plan(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
               const ConvTransposeParams& p, Tensor4& y, int threads, int64_t row0, int64_t row1) {
  Plan P;
  P.N = x.shape.n;
  P.Cin = x.shape.c;
  P.H = x.shape.h;
  P.W = x.shape.w;
  P.G = p.groups;
  P.cin_g = P.Cin / P.G;
  P.cout_g = w.shape.c;
  P.Cout = P.cout_g * P.G;
  P.kH = w.shape.h;
  P.kW = w.shape.w;
  P.Hout = y.shape.h;
  P.Wout = y.shape.w;
  P.sh = p.stride.h;
  P.sw = p.stride.w;
  P.rows = make_phases(P.Hout, P.kH, p.stride.h, p.padding.h, p.dilation.h);
  P.cols = make_phases(P.Wout, P.kW, p.stride.w, p.padding.w, p.dilation.w);
  P.col_start.resize(P.cols.size() + 1, 0);
  for (size_t i = 0; i < P.cols.size(); ++i) P.col_start[i + 1] = P.col_start[i] + P.cols[i].count;

  P.cb = P.cout_g >= 8 ? 8 : P.cout_g >= 4 ? 4 : P.cout_g >= 2 ? 2 : 1;
  P.nblk = (P.cout_g + P.cb - 1) / P.cb;
  const int64_t taps = P.kH * P.kW;
  P.packed.assign(static_cast<size_t>(P.G * P.nblk * taps * P.cin_g * P.cb), 0.0f);
  P.bias.assign(static_cast<size_t>(P.G * P.nblk * P.cb), 0.0f);
  for (int64_t g = 0; g < P.G; ++g)
    for (int64_t blk = 0; blk < P.nblk; ++blk)
      for (int64_t c = 0; c < P.cb; ++c) {
        const int64_t co = blk * P.cb + c;  // within the group
        if (co >= P.cout_g) continue;
        if (!bias.empty())
          P.bias[static_cast<size_t>((g * P.nblk + blk) * P.cb + c)] = bias[static_cast<size_t>(g * P.cout_g + co)];
        for (int64_t t = 0; t < taps; ++t)
          for (int64_t ci = 0; ci < P.cin_g; ++ci) {
            const size_t dst = static_cast<size_t>((((g * P.nblk + blk) * taps + t) * P.cin_g + ci) * P.cb + c);
            const size_t src = static_cast<size_t>(((g * P.cin_g + ci) * P.cout_g + co) * taps + t);
            P.packed[dst] = w.data[src];
          }
      }

  // Row bands: enough items that `threads` workers stay balanced (~8 items each), but bands of
  // at least a few rows so that the per-row set-up stays negligible.
  const int64_t base_items = P.N * P.G * P.nblk;
  const int64_t want = std::max<int64_t>(1, (8 * threads + base_items - 1) / base_items);
  P.row0 = row0;
  P.row1 = row1;
  const int64_t rows = row1 - row0;  // >= 1
  P.nbands = std::min(rows, want);
  P.band_rows = (rows + P.nbands - 1) / P.nbands;
  P.nbands = (rows + P.band_rows - 1) / P.band_rows;
  P.items = base_items * P.nbands;
  P.x = x.data.data();
  P.y = y.data.data();
  return P;
}

Scratch make_scratch(const Plan& P) {
  Scratch s;
  if (P.cols.size() > 1) s.rowbuf.resize(static_cast<size_t>(P.cb * P.Wout));
  s.dummy.resize(static_cast<size_t>(P.Wout));
  s.terms.resize(static_cast<size_t>(P.kH * P.kW));
  return s;
}

}  // namespace

int default_thread_count() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

SimdLevel best_simd_level() {
  static const SimdLevel level = supported_level();  // a property of the CPU, not app state
  return level;
}

const char* simd_level_name(SimdLevel level) {
  switch (resolve(level)) {
    case SimdLevel::avx512: return "avx512";
    case SimdLevel::avx2: return "avx2";
    default: return "baseline";
  }
}

namespace {
// Output rows [row0, row1) of y; the public functions below.
void run_fast(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias, const ConvTransposeParams& p,
              Tensor4& y, int threads, SimdLevel simd, int64_t row0, int64_t row1) {
  const auto shape = conv_transpose_output_shape(
      x.shape, w.shape, bias.empty() ? -1 : static_cast<int64_t>(bias.size()), p);
  assert(shape.ok() && "conv_transpose2d_fast: validate the problem with conv_transpose_output_shape first");
  assert(shape.value() == y.shape && y.data.size() == static_cast<size_t>(y.shape.count()) &&
         "conv_transpose2d_fast_into: size y to conv_transpose_output_shape(...) first");
  assert(x.data.size() == static_cast<size_t>(x.shape.count()) &&
         w.data.size() == static_cast<size_t>(w.shape.count()) && "tensor data size does not match its shape");
  (void)shape;
  row0 = std::max<int64_t>(row0, 0);
  row1 = std::min(row1, y.shape.h);
  if (row1 <= row0) return;

  if (threads <= 0) threads = default_thread_count();
  // Small problems do not pay for a thread start (~50 us): about 1e6 multiply-adds per thread.
  const int64_t macs = y.shape.count() / y.shape.h * (row1 - row0) * (x.shape.c / p.groups) * w.shape.h * w.shape.w /
                       std::max<int64_t>(1, p.stride.h) / std::max<int64_t>(1, p.stride.w);  // no stride product: 2^40 x 2^40 overflows
  threads = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(threads, macs / 1000000 + 1)));

  const Plan P = make_plan(x, w, bias, p, y, threads, row0, row1);
  threads = static_cast<int>(std::min<int64_t>(threads, P.items));
  const RunItems run = runner(resolve(simd));
  std::atomic<int64_t> next{0};

  // Scratch is allocated here, before any thread starts, so a failed allocation throws on the
  // caller's thread.
  std::vector<Scratch> scratch;
  scratch.reserve(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t) scratch.push_back(make_scratch(P));

  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(run, std::cref(P), std::ref(next), std::ref(scratch[static_cast<size_t>(t)]));
    } catch (const std::system_error&) {
      break;  // no more threads: the ones we have (at least this one) finish the work
    }
  }
  run(P, next, scratch[0]);
  for (auto& th : pool) th.join();
}
}  // namespace

void conv_transpose2d_fast_into(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                const ConvTransposeParams& p, Tensor4& y, int threads, SimdLevel simd) {
  run_fast(x, w, bias, p, y, threads, simd, 0, y.shape.h);
}

void conv_transpose2d_fast_rows(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                const ConvTransposeParams& p, Tensor4& y, int64_t row_begin, int64_t row_end,
                                int threads) {
  run_fast(x, w, bias, p, y, threads, SimdLevel::automatic, row_begin, row_end);
}

void conv_transpose2d_fast_into(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                const ConvTransposeParams& p, Tensor4& y, int threads) {
  conv_transpose2d_fast_into(x, w, bias, p, y, threads, SimdLevel::automatic);
}

Tensor4 conv_transpose2d_fast(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                              const ConvTransposeParams& p, int threads) {
  const auto shape = conv_transpose_output_shape(
      x.shape, w.shape, bias.empty() ? -1 : static_cast<int64_t>(bias.size()), p);
  assert(shape.ok() && "conv_transpose2d_fast: validate the problem with conv_transpose_output_shape first");
  Tensor4 y(shape.value());
  conv_transpose2d_fast_into(x, w, bias, p, y, threads, SimdLevel::automatic);
  return y;
}

}  // namespace tconv
