#!/usr/bin/env bash
# Regenerates the seed corpora (tiny files, one per format variant the readers handle).
# Needs ImageMagick (convert). The .npy seeds and some images are the io test fixtures.
set -euo pipefail
cd "$(dirname "$0")"
D=../io/data
mkdir -p corpus_npy corpus_image
cp $D/f32_2x3x4.npy $D/f64_2x3.npy $D/f32_v2.npy $D/fortran_2x3.npy $D/big_endian_f4.npy \
   $D/structured.npy $D/f32_1x2x2x2.npy corpus_npy/
cp $D/gray16_3x1.png $D/gray_alpha_2x2.png $D/two_frames_4x3.gif corpus_image/
cd corpus_image
convert -size 8x6 gradient:red-blue -strip small_rgb.png
convert -size 8x6 gradient:red-blue -strip small.jpg
convert -size 8x6 gradient:red-blue small.bmp
convert -size 8x6 gradient:red-blue small.tga
convert -size 8x6 gradient:red-blue -colorspace gray -strip small_gray.png
convert -size 5x4 xc:"rgba(10,200,30,0.5)" -strip small_rgba.png
convert -size 8x6 gradient: -interlace JPEG -strip progressive.jpg
convert -size 9x7 gradient: -interlace PNG -strip interlaced.png
convert -size 4x4 gradient:red-blue -compress RLE rle.tga
convert -size 6x5 gradient:red-blue -type palette pal8.bmp

# Per-decoder corpora for fuzz_tga, fuzz_jpeg, fuzz_gif, heavy on truncation: each seed whole
# and cut at a few points (the readers must refuse cut files, not fill in missing pixels).
cd ..
mkdir -p corpus_tga corpus_jpeg corpus_gif corpus_lessons
python3 - <<'PY'
import struct
# 6x4 uncompressed RGB, bottom-up (type 2) and 4x3 8-bit gray (type 3): stb writes only RLE.
rgb = bytes([0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 4, 0, 24, 0]) + bytes((i * 37) % 256 for i in range(6 * 4 * 3))
open('corpus_tga/raw_rgb_6x4.tga', 'wb').write(rgb)
gray = bytes([0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 3, 0, 8, 0x20]) + bytes(range(0, 240, 20))
open('corpus_tga/raw_gray_4x3.tga', 'wb').write(gray)
# 4x2 colour-mapped (type 1), 3-entry 24-bit palette.
cmap = bytes([0, 1, 1, 0, 0, 3, 0, 24, 0, 0, 0, 0, 4, 0, 2, 0, 8, 0x20]) + bytes([255, 0, 0, 0, 255, 0, 0, 0, 255]) + bytes([0, 1, 2, 1, 0, 2, 2, 1])
open('corpus_tga/cmap_4x2.tga', 'wb').write(cmap)
PY
cp corpus_image/small.tga corpus_image/rle.tga corpus_tga/
cp corpus_image/small.jpg corpus_image/progressive.jpg ../io/data/gray_16x16.jpg corpus_jpeg/
cp corpus_image/two_frames_4x3.gif corpus_gif/
for d in corpus_tga corpus_jpeg corpus_gif; do
  for f in "$d"/*; do
    case "$f" in *.cut*) continue ;; esac
    n=$(stat -c %s "$f")
    for k in 1 2 3; do head -c $((n * k / 4)) "$f" >"$f.cut$k"; done
    head -c $((n - 1)) "$f" >"$f.cut-1"
  done
done
# Lessons: the first two real lessons, one with every key, and cuts of them.
awk '/^\[lesson\]/{n++} n<=2' ../../assets/lessons.txt >corpus_lessons/two_lessons.txt
cat >corpus_lessons/every_key.txt <<'TXT'
[lesson]
id = all-keys
title = Every key
preset = distill
input = 2x2: 1 2 / 3 4
kernel = 3x3 ones
stride = 2,1
padding = 1
output_padding = 1,0
dilation = 1
view = heatmap
pin = 1,1
step = end
text = A paragraph
  continued on the next line.
question = Which?
option = a: this
option = b: that
answer = choice b
hint = Look.
right = Yes.
wrong = No.
verify = max_overlap
stack = 1x1 | k4 s1 p0 | k4 s2 p1
TXT
for f in corpus_lessons/two_lessons.txt corpus_lessons/every_key.txt; do
  n=$(stat -c %s "$f")
  head -c $((n / 2)) "$f" >"$f.cut"
done
