#!/usr/bin/env node
// Reference vectors for TensorFlow/Keras's transposed convolution, computed by TensorFlow's own
// implementation (TensorFlow.js: tfjs-core's conv2dTranspose on the cpu backend, and tfjs-layers'
// Keras Conv2DTranspose layer). Run through tests/tools/make_tf_golden.sh, which installs the
// pinned packages outside the repository:
//
//   bash tests/tools/make_tf_golden.sh > tests/data/golden_tf_conv_transpose.txt
//
// The tests read the plain-text output without node:
//
//   case NAME
//   shape N C H W | Cin Cout/g kH kW | bias_len(-1 = none)
//   tf same|valid sh sw dh dw groups
//   tfpad top bottom left right   TensorFlow's padding of the forward convolution (its crop)
//   via keras|op                   keras: the Conv2DTranspose layer; op: tf.conv2dTranspose
//   x v v v ...                    N*C*H*W values, NCHW row-major
//   w v v v ...                    PyTorch's layout (Cin, Cout/groups, kH, kW)
//   b v v v ...                    only when bias_len >= 0
//   y N Cout Hout Wout v v v ...   NCHW
//   end
//
// Layout conversion (TensorFlow is channels-last):
//   x:      NCHW -> NHWC, x_tf[n][h][w][c] = x[n][c][h][w]
//   weight: PyTorch (Cin, Cout/g, kH, kW) -> TensorFlow filter [kH, kW, Cout, Cin]:
//           f[i][j][g*Cout/g + o][c] = w[c][o][i][j] with g = c / (Cin/g); no flip (both frameworks
//           define the transposed convolution as the adjoint of the same cross-correlation)
//   y:      NHWC -> NCHW
// What TensorFlow.js lacks is built from what it has, the way TensorFlow defines it:
//   dilation: conv2dTranspose has no dilation argument; TensorFlow's dilated transposed convolution
//             is the same operation with the kernel spread out (zeros between taps), so the filter
//             is given as [k_eff, k_eff] with k_eff = d*(k - 1) + 1, and the output size uses k_eff
//             as Keras does;
//   groups:   TensorFlow has none; a grouped weight is the block-diagonal full filter (zeros
//             between groups), which is what grouping means;
//   bias:     added after the op (Keras's bias_add); the keras path uses the layer's own bias.
// Every case also checks that the output size is one TensorFlow accepts: the forward convolution
// of the output shape (computeConv2DInfo) must give back the input size.
'use strict';
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tfl = require('@tensorflow/tfjs-layers');

// Deterministic float32 values in [-1, 1) (mulberry32).
let seed = 0x7f4a7c15;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randoms = (n) => Float32Array.from({length: n}, () => Math.fround(rand() * 2 - 1));
const fmt = (a) => Array.from(a, (v) => String(Number(v.toPrecision(9)))).join(' ');

// Keras's output length (tfjs-layers' deconvLength), with the dilated kernel size.
const deconvLength = (n, s, k, padding) => n * s + (padding === 'valid' ? Math.max(k - s, 0) : 0);

function emit(name, {n = 1, cin = 1, h, w, coutg = 1, kh, kw, s = [1, 1], d = [1, 1], g = 1, bias = false, padding}) {
  const cout = coutg * g;
  const x = randoms(n * cin * h * w);
  const wt = randoms(cin * coutg * kh * kw);
  const b = bias ? randoms(cout) : null;
  const keh = d[0] * (kh - 1) + 1, kew = d[1] * (kw - 1) + 1;
  const outH = deconvLength(h, s[0], keh, padding), outW = deconvLength(w, s[1], kew, padding);

  // NCHW -> NHWC
  const xt = new Float32Array(x.length);
  for (let i = 0; i < n; ++i)
    for (let c = 0; c < cin; ++c)
      for (let r = 0; r < h; ++r)
        for (let q = 0; q < w; ++q) xt[((i * h + r) * w + q) * cin + c] = x[((i * cin + c) * h + r) * w + q];
  // (Cin, Cout/g, kH, kW) -> [k_eff_h, k_eff_w, Cout, Cin], dilated and block-diagonal.
  const f = new Float32Array(keh * kew * cout * cin);
  const cinPerGroup = cin / g;
  for (let c = 0; c < cin; ++c) {
    const grp = Math.floor(c / cinPerGroup);
    for (let o = 0; o < coutg; ++o)
      for (let i = 0; i < kh; ++i)
        for (let j = 0; j < kw; ++j)
          f[((i * d[0] * kew + j * d[1]) * cout + grp * coutg + o) * cin + c] = wt[((c * coutg + o) * kh + i) * kw + j];
  }
  const filterShape = [keh, kew, cout, cin];
  const info = tf.backend_util.computeConv2DInfo([n, outH, outW, cout], filterShape, s, 1, padding);
  if (info.outHeight !== h || info.outWidth !== w)
    throw new Error(`${name}: TensorFlow would not accept output ${outH}x${outW} for input ${h}x${w}`);

  const xT = tf.tensor4d(xt, [n, h, w, cin]);
  let yT;
  let via;
  if (d[0] === 1 && d[1] === 1 && g === 1) {
    // Keras's own layer: it works out the output size and crop itself.
    via = 'keras';
    const layer = tfl.layers.conv2dTranspose({filters: cout, kernelSize: [kh, kw], strides: s, padding, useBias: bias});
    layer.build([n, h, w, cin]);
    const weights = [tf.tensor4d(f, filterShape)];
    if (bias) weights.push(tf.tensor1d(b));
    layer.setWeights(weights);
    yT = layer.apply(xT);
    const expect = layer.computeOutputShape([n, h, w, cin]);
    if (expect[1] !== outH || expect[2] !== outW) throw new Error(`${name}: Keras's size differs from deconvLength`);
  } else {
    via = 'op';
    yT = tf.conv2dTranspose(xT, tf.tensor4d(f, filterShape), [n, outH, outW, cout], s, padding);
    if (bias) yT = tf.add(yT, tf.tensor1d(b));
  }
  if (yT.shape[1] !== outH || yT.shape[2] !== outW) throw new Error(`${name}: unexpected output shape ${yT.shape}`);
  const yt = yT.dataSync();
  const y = new Float32Array(yt.length);  // NHWC -> NCHW
  for (let i = 0; i < n; ++i)
    for (let c = 0; c < cout; ++c)
      for (let r = 0; r < outH; ++r)
        for (let q = 0; q < outW; ++q) y[((i * cout + c) * outH + r) * outW + q] = yt[((i * outH + r) * outW + q) * cout + c];

  const p = info.padInfo;
  let text = `case ${name}\nshape ${n} ${cin} ${h} ${w} | ${cin} ${coutg} ${kh} ${kw} | ${bias ? cout : -1}\n` +
             `tf ${padding} ${s[0]} ${s[1]} ${d[0]} ${d[1]} ${g}\ntfpad ${p.top} ${p.bottom} ${p.left} ${p.right}\n` +
             `via ${via}\nx ${fmt(x)}\nw ${fmt(wt)}\n`;
  if (bias) text += `b ${fmt(b)}\n`;
  text += `y ${n} ${cout} ${outH} ${outW} ${fmt(y)}\nend\n`;
  process.stdout.write(text);
}

async function main() {
  await tf.setBackend('cpu');
  process.stdout.write(`# TensorFlow.js ${tf.version_core} (cpu backend), tfjs-layers ${tfl.version_layers}: ` +
                       'made by tests/tools/make_tf_golden.sh; do not edit\n');
  const paddings = ['same', 'valid'];
  // Every stride 1-4 with odd and even kernels 1-5, both paddings, non-square inputs, 1-3 channels.
  for (const padding of paddings)
    for (let s = 1; s <= 4; ++s)
      for (let k = 1; k <= 5; ++k)
        emit(`${padding}_s${s}_k${k}`, {padding, h: 2 + ((k + s) % 3), w: 3 + ((k * s) % 4), cin: 1 + ((k + s) % 3),
                                         coutg: 1 + (k % 3), kh: k, kw: k, s: [s, s]});
  // Non-square kernels and per-axis strides: the two axes crop differently.
  const mixed = [[3, 2, 2, 1], [2, 5, 3, 2], [4, 1, 1, 4], [1, 3, 4, 3], [5, 4, 2, 3]];
  for (const padding of paddings)
    for (const [kh, kw, sh, sw] of mixed)
      emit(`${padding}_k${kh}x${kw}_s${sh}x${sw}`, {padding, h: 3, w: 4, cin: 2, coutg: 2, kh, kw, s: [sh, sw]});
  // Dilation (spread-out filter; see above), including a dilated kernel still narrower than the stride.
  const dilated = [[3, 2, 2, 2, 2], [2, 3, 1, 3, 1], [3, 1, 2, 1, 2], [2, 2, 4, 2, 4], [3, 3, 2, 1, 2]];
  for (const padding of paddings)
    for (const [k, dh, s, dw, sw] of dilated)
      emit(`${padding}_k${k}_d${dh}x${dw}_s${s}x${sw}`, {padding, h: 3, w: 5, cin: 1, coutg: 2, kh: k, kw: k, s: [s, sw], d: [dh, dw]});
  // Channels, groups, bias and batch.
  for (const padding of paddings) {
    emit(`${padding}_groups2_bias`, {padding, n: 1, cin: 4, h: 3, w: 4, coutg: 3, kh: 3, kw: 3, s: [2, 2], g: 2, bias: true});
    emit(`${padding}_depthwise3`, {padding, n: 2, cin: 3, h: 4, w: 3, coutg: 1, kh: 4, kw: 4, s: [2, 2], g: 3});
    emit(`${padding}_batch2_bias`, {padding, n: 2, cin: 3, h: 2, w: 5, coutg: 4, kh: 3, kw: 2, s: [3, 2], bias: true});
    emit(`${padding}_dcgan_k4_s2`, {padding, n: 1, cin: 8, h: 4, w: 4, coutg: 4, kh: 4, kw: 4, s: [2, 2], bias: true});
    emit(`${padding}_1x3_k3_s2`, {padding, h: 1, w: 3, kh: 1, kw: 3, s: [1, 2]});
    emit(`${padding}_7x5_k5_s3`, {padding, cin: 2, h: 7, w: 5, coutg: 2, kh: 5, kw: 5, s: [3, 3], bias: true});
  }
}

main().catch((e) => {
  process.stderr.write(`make_tf_golden: ${e.stack || e}\n`);
  process.exit(1);
});
