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
