#!/usr/bin/python3
"""Writes the interoperability fixtures in tests/io/data/ with real numpy and Pillow.

They check that tconv-lab reads what numpy.save and common image tools produce (float64, format
2.0 headers, Fortran order, big-endian, other dtypes, .npz; 16-bit, gray+alpha, paletted PNG and
animated GIF). Debian: python3-numpy, python3-pil. Run: /usr/bin/python3 tests/io/make_fixtures.py
"""
import os

import numpy as np
from PIL import Image

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def save(name, arr, **kw):
    np.save(os.path.join(HERE, name), arr, **kw)


def main():
    os.makedirs(HERE, exist_ok=True)
    # Accepted arrays.
    save("f64_2x3.npy", (np.arange(6, dtype="<f8").reshape(2, 3) / 4.0) - 0.5)       # -0.5 .. 0.75
    save("f32_2x3x4.npy", np.arange(24, dtype="<f4").reshape(2, 3, 4))
    save("f32_1x2x2x2.npy", np.arange(8, dtype="<f4").reshape(1, 2, 2, 2) * -1.5)
    with open(os.path.join(HERE, "f32_v2.npy"), "wb") as f:
        np.lib.format.write_array(f, np.arange(5, dtype="<f4"), version=(2, 0))
    # Refused arrays.
    save("fortran_2x3.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
    save("big_endian_f4.npy", np.arange(4, dtype=">f4"))
    save("int64.npy", np.arange(4, dtype="<i8"))
    save("float16.npy", np.arange(4, dtype="<f2"))
    save("structured.npy", np.zeros(3, dtype=[("a", "<f4"), ("b", "<i4")]))
    save("scalar.npy", np.float32(3.0))
    save("rank5.npy", np.zeros((1, 1, 1, 2, 2), dtype="<f4"))
    save("empty.npy", np.zeros((0, 3), dtype="<f4"))
    np.savez(os.path.join(HERE, "arrays.npz"), a=np.zeros(3, dtype="<f4"))

    # Images.
    g16 = np.array([[0, 32768, 65535]], dtype=np.uint16)
    Image.fromarray(g16, mode="I;16").save(os.path.join(HERE, "gray16_3x1.png"))
    la = Image.new("LA", (2, 2))
    la.putdata([(0, 255), (85, 170), (170, 85), (255, 0)])
    la.save(os.path.join(HERE, "gray_alpha_2x2.png"))
    pal = Image.new("P", (2, 1))
    pal.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    pal.putdata([0, 1])
    pal.save(os.path.join(HERE, "palette_2x1.png"))
    red = Image.new("RGB", (4, 3), (255, 0, 0))
    blue = Image.new("RGB", (4, 3), (0, 0, 255))
    red.save(os.path.join(HERE, "two_frames_4x3.gif"), save_all=True, append_images=[blue], duration=100)
    grad = Image.linear_gradient("L").resize((16, 16))
    grad.save(os.path.join(HERE, "gray_16x16.jpg"), quality=95)
    Image.merge("RGB", (grad, grad.transpose(Image.Transpose.ROTATE_90), grad)).save(
        os.path.join(HERE, "progressive_16x16.jpg"), quality=95, progressive=True)
    Image.new("CMYK", (8, 8), (0, 255, 255, 0)).save(os.path.join(HERE, "cmyk_red_8x8.jpg"), quality=95)
    for f in sorted(os.listdir(HERE)):
        print(f, os.path.getsize(os.path.join(HERE, f)))


if __name__ == "__main__":
    main()
