#!/usr/bin/env python3
"""Renders the checkerboard explorer's sample scenes from scratch (no third-party pixels):

    assets/scene.png        512 x 384 RGB
    assets/scene_small.png  128 x 96 RGB  (the same scene, 4 x 4 box-averaged: quick classroom demos)

What is in it, and which artifact each part shows when upsampled:
  - a smooth sky gradient and a sun with a soft glow: flat areas where a transposed convolution's
    uneven overlap counts print a visible checkerboard, and resize-convolution stays smooth;
  - two ranges of hills: soft curved edges (stair-steps of nearest upsampling, edge ringing);
  - a field of fine diagonal lines (periods 4 and 3 pixels): fine detail near the sampling limit;
  - a checker patch (8-pixel and 2-pixel squares): hard pixel-aligned edges;
  - a small zone plate (rings whose frequency rises outward): aliasing, in any direction;
  - the large letters TCONV drawn from line segments, white with a dark outline: text.
Edges are anti-aliased from signed distances (coverage = clamp(0.5 - distance, 0, 1)).

Standard library only (zlib + struct) and deterministic: running it again gives the same bytes.

    python3 scripts/make_scene.py [OUTPUT_DIR]      # default: assets/ next to this script
"""
import math
import os
import struct
import sys
import zlib

W, H = 512, 384


def clamp01(v):
    return 0.0 if v < 0.0 else 1.0 if v > 1.0 else v


def lerp(a, b, t):
    return tuple(x + (y - x) * t for x, y in zip(a, b))


def over(dst, colour, coverage):
    """Paints colour over dst with the given coverage (0..1)."""
    if coverage <= 0.0:
        return dst
    if coverage >= 1.0:
        return colour
    return lerp(dst, colour, coverage)


# ------------------------------------------------------------------ scene parts

def sky(x, y):
    t = clamp01(y / 260.0) ** 0.85
    c = lerp((28, 70, 160), (205, 226, 246), t)
    # Sun: soft glow, then the disc with an anti-aliased rim.
    r = math.hypot(x - 412.0, y - 84.0)
    glow = 0.45 * math.exp(-max(0.0, r - 34.0) / 28.0)
    c = over(c, (255, 226, 150), glow)
    return over(c, (255, 236, 130), clamp01(34.0 - r + 0.5))


def far_hill(x):
    return 232.0 + 16.0 * math.sin(x / 61.0 + 1.0) + 8.0 * math.sin(x / 23.0 + 0.4)


def near_hill(x):
    return 282.0 + 24.0 * math.sin(x / 89.0 + 2.5) + 9.0 * math.sin(x / 31.0 + 0.7)


def hills(c, x, y):
    # Vertical distance is close enough to the true distance for these gentle slopes.
    yf = far_hill(x)
    far = lerp((128, 160, 128), (84, 124, 92), clamp01((y - yf) / 60.0))
    c = over(c, far, clamp01(y - yf + 0.5))
    yn = near_hill(x)
    near = lerp((92, 150, 60), (36, 84, 30), clamp01((y - yn) / 90.0))
    return over(c, near, clamp01(y - yn + 0.5))


def rect_coverage(x, y, x0, y0, x1, y1):
    """Coverage of the pixel centred at (x, y) by the box [x0, x1] x [y0, y1]."""
    cx = clamp01(min(x - x0, x1 - x) + 0.5)
    cy = clamp01(min(y - y0, y1 - y) + 0.5)
    return cx * cy


def line_field(c, x, y):
    x0, y0, x1, y1 = 18.0, 306.0, 206.0, 372.0
    cov = rect_coverage(x, y, x0, y0, x1, y1)
    if cov <= 0.0:
        return c
    paper = (236, 218, 160)
    # Left half: lines along x + y = const every 4 px; right half: x - y every 3 px; 1.2 px wide.
    if x < 112.0:
        period, s = 4.0, x + y
    else:
        period, s = 3.0, x - y
    phase = s % period
    dist = min(phase, period - phase) / math.sqrt(2.0)
    ink = clamp01(0.6 - dist + 0.5)
    inner = over(paper, (60, 48, 40), ink)
    return over(c, inner, cov)


def checker(c, x, y):
    # Pixel-aligned squares: 8 px in the big patch, 2 px in the small one.
    px, py = int(math.floor(x)), int(math.floor(y))
    if 226 <= px < 322 and 306 <= py < 370:
        return (20, 20, 20) if ((px - 226) // 8 + (py - 306) // 8) % 2 else (245, 245, 245)
    if 330 <= px < 362 and 306 <= py < 338:
        return (20, 20, 20) if ((px - 330) // 2 + (py - 306) // 2) % 2 else (245, 245, 245)
    return c


def zone_plate(c, x, y):
    cx, cy, radius = 432.0, 326.0, 48.0
    r = math.hypot(x - cx, y - cy)
    cov = clamp01(radius - r + 0.5)
    if cov <= 0.0:
        return c
    # Local frequency r / (2 * radius) * 0.9 cycles per pixel: from 0 at the centre to 0.45 at the rim.
    v = 0.5 + 0.5 * math.cos(math.pi * 0.9 * r * r / (2.0 * radius))
    return over(c, lerp((30, 30, 40), (250, 250, 240), v), cov)


# Letters as polylines in a unit box (x right, y down), drawn with round-capped strokes.
def arc(cx, cy, rx, ry, a0, a1, n):
    return [(cx + rx * math.cos(math.radians(a0 + (a1 - a0) * i / n)),
             cy + ry * math.sin(math.radians(a0 + (a1 - a0) * i / n))) for i in range(n + 1)]


GLYPHS = {
    "T": [[(0.0, 0.0), (1.0, 0.0)], [(0.5, 0.0), (0.5, 1.0)]],
    "C": [arc(0.55, 0.5, 0.5, 0.5, 40, 320, 14)],
    "O": [arc(0.5, 0.5, 0.5, 0.5, 0, 360, 20)],
    "N": [[(0.0, 1.0), (0.0, 0.0), (1.0, 1.0), (1.0, 0.0)]],
    "V": [[(0.0, 0.0), (0.5, 1.0), (1.0, 0.0)]],
}


def text_segments(text, left, top, width, height, gap):
    segs = []
    x = left
    for ch in text:
        for line in GLYPHS[ch]:
            pts = [(x + px * width, top + py * height) for px, py in line]
            segs.extend(zip(pts, pts[1:]))
        x += width + gap
    return segs


def seg_distance(x, y, a, b):
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)
    t = 0.0 if t < 0.0 else 1.0 if t > 1.0 else t
    return math.hypot(x - (ax + t * dx), y - (ay + t * dy))


LETTER_SEGS = text_segments("TCONV", 34.0, 38.0, 48.0, 70.0, 18.0)
STROKE, OUTLINE = 5.0, 2.5  # half width of the white stroke; width of the dark outline
LX0 = min(min(a[0], b[0]) for a, b in LETTER_SEGS) - STROKE - OUTLINE - 2
LX1 = max(max(a[0], b[0]) for a, b in LETTER_SEGS) + STROKE + OUTLINE + 2
LY0 = min(min(a[1], b[1]) for a, b in LETTER_SEGS) - STROKE - OUTLINE - 2
LY1 = max(max(a[1], b[1]) for a, b in LETTER_SEGS) + STROKE + OUTLINE + 2


def letters(c, x, y):
    if not (LX0 <= x <= LX1 and LY0 <= y <= LY1):
        return c
    d = min(seg_distance(x, y, a, b) for a, b in LETTER_SEGS)
    c = over(c, (24, 30, 52), clamp01(STROKE + OUTLINE - d + 0.5))
    return over(c, (252, 252, 255), clamp01(STROKE - d + 0.5))


def pixel(px, py):
    x, y = px + 0.5, py + 0.5  # pixel centre
    c = sky(x, y)
    c = hills(c, x, y)
    c = line_field(c, x, y)
    c = checker(c, x, y)
    c = zone_plate(c, x, y)
    c = letters(c, x, y)
    return tuple(max(0, min(255, int(round(v)))) for v in c)


# ------------------------------------------------------------------ output

def render():
    return [[pixel(px, py) for px in range(W)] for py in range(H)]


def box_down(img, f):
    h, w = len(img) // f, len(img[0]) // f
    out = []
    for y in range(h):
        row = []
        for x in range(w):
            acc = [0, 0, 0]
            for dy in range(f):
                for dx in range(f):
                    p = img[y * f + dy][x * f + dx]
                    for k in range(3):
                        acc[k] += p[k]
            row.append(tuple((v + f * f // 2) // (f * f) for v in acc))
        out.append(row)
    return out


def png_bytes(img):
    h, w = len(img), len(img[0])
    raw = bytearray()
    for row in img:
        raw.append(0)  # filter: none
        for p in row:
            raw.extend(p)

    def chunk(tag, data):
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def write_atomic(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "assets")
    img = render()
    write_atomic(os.path.join(out_dir, "scene.png"), png_bytes(img))
    write_atomic(os.path.join(out_dir, "scene_small.png"), png_bytes(box_down(img, 4)))
    print("wrote scene.png (%dx%d) and scene_small.png (%dx%d) in %s" % (W, H, W // 4, H // 4, out_dir))


if __name__ == "__main__":
    main()
