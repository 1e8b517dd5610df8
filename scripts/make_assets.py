#!/usr/bin/env python3
"""Generates assets/sample.png, the bundled demo image (256x256 RGB), from scratch.

Made by this project, no third-party pixels: smooth gradients (where bilinear upsampling shines),
fine 1-pixel lines and a zone plate (where aliasing and checkerboard artifacts show), hard edges,
and text-like strokes from a tiny built-in 5x7 font. Standard library only (zlib + struct), and
deterministic: running it again gives the same bytes.

    python3 scripts/make_assets.py            # writes assets/sample.png
"""
import math
import os
import struct
import sys
import zlib

W = H = 256

# 5x7 bitmap glyphs, one string of 7 rows of 5 columns per letter ('#' = ink).
FONT = {
    "t": ["..#..", "..#..", "#####", "..#..", "..#..", "..#..", "...##"],
    "c": [".....", ".....", ".####", "#....", "#....", "#....", ".####"],
    "o": [".....", ".....", ".###.", "#...#", "#...#", "#...#", ".###."],
    "n": [".....", ".....", "####.", "#...#", "#...#", "#...#", "#...#"],
    "v": [".....", ".....", "#...#", "#...#", "#...#", ".#.#.", "..#.."],
    "l": [".##..", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."],
    "a": [".....", ".....", ".###.", "....#", ".####", "#...#", ".####"],
    "b": ["#....", "#....", "####.", "#...#", "#...#", "#...#", "####."],
    "-": [".....", ".....", ".....", "#####", ".....", ".....", "....."],
}


def clamp8(v):
    return max(0, min(255, int(round(v))))


def make_pixels():
    px = [[(0, 0, 0)] * W for _ in range(H)]
    # 1. Smooth background: red along x, green along y, blue radial.
    for y in range(H):
        for x in range(W):
            r = 40 + 180 * x / (W - 1)
            g = 40 + 160 * y / (H - 1)
            d = math.hypot(x - 128, y - 128) / 181.0
            b = 200 - 150 * d
            px[y][x] = (clamp8(r), clamp8(g), clamp8(b))
    # 2. Zone plate (concentric rings whose frequency rises outward), bottom-right quadrant.
    cx, cy = 192, 192
    for y in range(136, 248):
        for x in range(136, 248):
            rr = (x - cx) ** 2 + (y - cy) ** 2
            if rr <= 54 * 54:
                v = 127.5 + 127.5 * math.cos(math.pi * rr / 110.0)
                px[y][x] = (clamp8(v), clamp8(v), clamp8(v))
    # 3. Fine lines: 1-pixel black/white stripes, vertical then horizontal, bottom-left.
    for y in range(140, 196):
        for x in range(12, 116):
            on = (x % 2 == 0) if y < 168 else (y % 2 == 0)
            px[y][x] = (250, 250, 250) if on else (10, 10, 10)
    # Thin diagonal lines (anti-aliasing test) below them.
    for y in range(200, 248):
        for x in range(12, 116):
            if (x + y) % 8 == 0 or (x - y) % 11 == 0:
                px[y][x] = (20, 20, 60)
    # 4. Hard-edged shapes: a white square with a black frame, and a solid red disc, top-right.
    for y in range(20, 90):
        for x in range(150, 220):
            edge = x < 154 or x >= 216 or y < 24 or y >= 86
            px[y][x] = (0, 0, 0) if edge else (255, 255, 255)
    for y in range(40, 72):
        for x in range(168, 200):
            if (x - 183.5) ** 2 + (y - 55.5) ** 2 <= 15 ** 2:
                px[y][x] = (220, 30, 30)
    # 5. Text-like strokes: "tconv" at scale 4 and "-lab" at scale 2, top-left.
    def text(s, x0, y0, scale, color):
        for i, ch in enumerate(s):
            glyph = FONT[ch]
            for gy, row in enumerate(glyph):
                for gx, cell in enumerate(row):
                    if cell != "#":
                        continue
                    for dy in range(scale):
                        for dx in range(scale):
                            x = x0 + i * 6 * scale + gx * scale + dx
                            y = y0 + gy * scale + dy
                            if 0 <= x < W and 0 <= y < H:
                                px[y][x] = color
    text("tconv", 12, 24, 4, (15, 15, 30))
    text("-lab", 12, 64, 2, (15, 15, 30))
    text("tconv-lab", 12, 96, 1, (255, 255, 255))
    return px


def png_bytes(px):
    raw = bytearray()
    for row in px:
        raw.append(0)  # filter type 0 (none) per row
        for r, g, b in row:
            raw += bytes((r, g, b))

    def chunk(tag, data):
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
            + chunk(b"IEND", b""))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "assets", "sample.png")
    data = png_bytes(make_pixels())
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, out)
    print(f"wrote {out}: {W}x{H} RGB, {len(data)} bytes")


if __name__ == "__main__":
    main()
