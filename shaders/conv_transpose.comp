#version 430
// conv_transpose2d in the gather form: each invocation computes one output cell by summing the
// (input element, kernel tap) pairs that reach it; no atomics, every cell is written once.
// Semantics are PyTorch's: input i reaches output o = i*stride - padding + t*dilation via tap t.
// One dispatch computes one tile of one image (see src/gpu/tiling.h); every buffer below holds
// only that tile, so big problems fit the driver's buffer and work-group limits.
//
// Work group (x, y, z) = (block of phase columns, output row r, c * phases + q). Its invocation
// `lane` computes the kPer output columns ow0 + q + j*stride_w, j = block*64*kPer + lane + k*64,
// of tile row r and tile channel c. Grouping the columns by phase q makes every invocation of a
// work group use the same kernel taps and weights (uniform control flow) and read consecutive
// input elements -- the sub-pixel (phase) decomposition, done by the dispatch layout;
// kPer columns per invocation share each weight load and the tap arithmetic.
layout(local_size_x = 64, local_size_y = 1, local_size_z = 1) in;
const int kPer = 4;  // output columns per invocation (src/gpu/compute.cpp sizes the dispatch)

// binding 0 -- input window, float[ci_count][in_rows][in_cols], row-major:
//   element (c, r, q) is input channel ci0 + c, row ih0 + r, column iw0 + q of the image.
layout(std430, binding = 0) readonly restrict buffer InputTile { float x[]; };
// binding 1 -- weights of the tile's groups, float[ci_count][Cout/groups][kH][kW] (PyTorch's
//   layout): element (c, o, a, b) is weight[ci0 + c][o][a][b].
layout(std430, binding = 1) readonly restrict buffer Weights { float w[]; };
// binding 2 -- bias of the tile's output channels, float[co_count] (zeros when there is none).
layout(std430, binding = 2) readonly restrict buffer Bias { float bias[]; };
// binding 3 -- output tile, float[co_count][rows][cols], row-major: element (c, r, q) is output
//   channel co0 + c, row oh0 + r, column ow0 + q of the image.
layout(std430, binding = 3) writeonly restrict buffer OutputTile { float y[]; };

uniform ivec2 u_in_size;     // whole input (H, W)
uniform ivec2 u_in_origin;   // (ih0, iw0): image position of input-window element (0, 0)
uniform ivec2 u_in_extent;   // (in_rows, in_cols)
uniform ivec2 u_out_origin;  // (oh0, ow0)
uniform ivec2 u_out_extent;  // (rows, cols)
uniform ivec2 u_kernel;      // (kH, kW)
uniform ivec2 u_stride;
uniform ivec2 u_padding;
uniform ivec2 u_dilation;
uniform ivec2 u_tap_step;    // stride / gcd(stride, dilation): taps of one phase lie this far apart
uniform int u_co0;           // image channel of output-tile channel 0
uniform int u_ci0;           // image channel of input-window channel 0 (the start of a group)
uniform int u_cin_g;         // input channels per group
uniform int u_cout_g;        // output channels per group
uniform int u_phases;        // min(stride_w, cols): column phases in the dispatch's z

// The first tap t with t*d = e (mod s): the taps reaching an output whose o + padding is e are
// t, t + step, t + 2*step, ... (-1: no tap reaches it, e.g. kernel smaller than stride).
int first_tap(int e, int k, int s, int d, int step) {
  int r = e % s;
  for (int t = 0; t < min(k, step); ++t)
    if ((t * d) % s == r) return t;
  return -1;
}

void main() {
  const int j0 = int(gl_WorkGroupID.x) * 64 * kPer + int(gl_LocalInvocationID.x);
  const int r = int(gl_GlobalInvocationID.y);             // tile row
  const int c = int(gl_GlobalInvocationID.z) / u_phases;  // tile output channel
  const int q = int(gl_GlobalInvocationID.z) - c * u_phases;
  const int col0 = q + j0 * u_stride.y;                   // tile column of k = 0
  const int dcol = 64 * u_stride.y;                       // tile columns from k to k + 1
  if (col0 >= u_out_extent.y || r >= u_out_extent.x) return;
  const int co = u_co0 + c;                // image output channel
  const int grp = co / u_cout_g;
  const int col = co - grp * u_cout_g;     // channel within its group (weight dimension 1)
  const int cbase = grp * u_cin_g - u_ci0; // input-window channel of the group's first input
  const int eh = u_out_origin.x + r + u_padding.x;      // = i*stride + t*dilation, rows
  const int ew = u_out_origin.y + col0 + u_padding.y;   // columns, k = 0 (same phase for every k)
  const int th0 = first_tap(eh, u_kernel.x, u_stride.x, u_dilation.x, u_tap_step.x);
  const int tw0 = first_tap(ew, u_kernel.y, u_stride.y, u_dilation.y, u_tap_step.y);
  const int plane = u_in_extent.x * u_in_extent.y;
  const int wstride = u_cout_g * u_kernel.x * u_kernel.y;  // next input channel in w
  int ncols = 0;                            // how many of the kPer columns lie in the tile
  for (int k = 0; k < kPer; ++k)
    if (col0 + k * dcol < u_out_extent.y) ncols = k + 1;

  float acc[kPer];
  for (int k = 0; k < kPer; ++k) acc[k] = bias[c];
  if (th0 >= 0 && tw0 >= 0) {
    for (int th = th0; th < u_kernel.x; th += u_tap_step.x) {
      const int nh = eh - th * u_dilation.x;
      if (nh < 0) break;                   // later taps reach further up: all outside
      const int ih = nh / u_stride.x;      // exact: nh is a multiple of the stride
      if (ih >= u_in_size.x) continue;
      const int rr = ih - u_in_origin.x;
      for (int tw = tw0; tw < u_kernel.y; tw += u_tap_step.y) {
        const int nw = ew - tw * u_dilation.y;            // a multiple of the stride, maybe < 0
        if (nw + (ncols - 1) * dcol < 0) break;           // every k outside on the left
        const int iw = nw / u_stride.y;                   // input column of k = 0; k adds 64
        int klo = 0, khi = ncols;                         // the k with 0 <= iw + 64k < W
        while (klo < khi && iw + 64 * klo < 0) ++klo;
        while (khi > klo && iw + 64 * (khi - 1) >= u_in_size.y) --khi;
        if (klo >= khi) continue;
        // xi: window index of k = 0 (used only for k in [klo, khi)). The k loop has constant
        // bounds so that compilers unroll it and keep acc[] in registers.
        int xi = (cbase * u_in_extent.x + rr) * u_in_extent.y + (iw - u_in_origin.y);
        int wi = ((cbase * u_cout_g + col) * u_kernel.x + th) * u_kernel.y + tw;
        for (int ci = 0; ci < u_cin_g; ++ci) {
          const float wv = w[wi];
          for (int k = 0; k < kPer; ++k)
            if (k >= klo && k < khi) acc[k] += x[xi + 64 * k] * wv;
          xi += plane;
          wi += wstride;
        }
      }
    }
  }
  for (int k = 0; k < ncols; ++k) y[(c * u_out_extent.x + r) * u_out_extent.y + col0 + k * dcol] = acc[k];
}
