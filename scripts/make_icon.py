#!/usr/bin/env python3
"""Draws tconv-lab's application icon from scratch (no third-party pixels):

    assets/icons/tconv-lab.svg            scalable (hicolor/scalable/apps)
    assets/icons/tconv-lab-<N>.png        N = 16, 32, 48, 64, 128, 256 (hicolor/NxN/apps)

The picture is the app's own overlap heat-map: a 3x3 kernel sliding over a 3x3 input with stride 1
lands 1, 2, 3, 2, 1 times per row and column of the 5x5 output, so cell (i, j) is coloured by
count = a[i] * a[j] (viridis, as in the app), with the first kernel placement outlined. One list of
shapes makes both the SVG and the PNGs (4x4 supersampled), so they match. Standard library only
(zlib + struct), and deterministic: running it again gives the same bytes.

    python3 scripts/make_icon.py [OUT_DIR]      # default: assets/icons
"""
import os
import struct
import sys
import zlib

SIZES = (16, 32, 48, 64, 128, 256)
BACKGROUND = (0x1E, 0x21, 0x30)
OUTLINE = (0xFF, 0xFF, 0xFF)
VIRIDIS = [(0.0, (0x44, 0x01, 0x54)), (0.25, (0x3B, 0x52, 0x8B)), (0.5, (0x21, 0x91, 0x8C)),
           (0.75, (0x5E, 0xC9, 0x62)), (1.0, (0xFD, 0xE7, 0x25))]


def viridis(t):
    for (t0, c0), (t1, c1) in zip(VIRIDIS, VIRIDIS[1:]):
        if t <= t1:
            u = (t - t0) / (t1 - t0)
            return tuple(round(a + (b - a) * u) for a, b in zip(c0, c1))
    return VIRIDIS[-1][1]


def shapes():
    """(kind, x0, y0, x1, y1, radius, colour, stroke) in units of the icon's side (0..1)."""
    out = [("fill", 0.02, 0.02, 0.98, 0.98, 0.16, BACKGROUND, 0)]
    counts = [1, 2, 3, 2, 1]
    lo, step, gap = 0.13, 0.148, 0.018
    for i in range(5):
        for j in range(5):
            t = (counts[i] * counts[j] - 1) / 8.0
            x0, y0 = lo + j * step, lo + i * step
            out.append(("fill", x0, y0, x0 + step - gap, y0 + step - gap, 0.02, viridis(t), 0))
    # The first placement of the 3x3 kernel: the top-left 3x3 block of output cells.
    m = 0.012
    out.append(("stroke", lo - m, lo - m, lo + 3 * step - gap + m, lo + 3 * step - gap + m, 0.03, OUTLINE, 0.025))
    return out


def svg(shape_list):
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">']
    for kind, x0, y0, x1, y1, r, col, stroke in shape_list:
        hexcol = "#%02x%02x%02x" % col
        s = 256.0
        if kind == "fill":
            paint = 'fill="%s"' % hexcol
            box = (x0 * s, y0 * s, (x1 - x0) * s, (y1 - y0) * s)
        else:  # the stroke is centred on the outline; SVG strokes are too
            w = stroke * s
            paint = 'fill="none" stroke="%s" stroke-width="%.2f"' % (hexcol, w)
            box = (x0 * s + w / 2, y0 * s + w / 2, (x1 - x0) * s - w, (y1 - y0) * s - w)
        parts.append('  <rect x="%.2f" y="%.2f" width="%.2f" height="%.2f" rx="%.2f" %s/>' % (box + (r * s, paint)))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def inside_rounded(x, y, x0, y0, x1, y1, r):
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def covers(shape, x, y):
    kind, x0, y0, x1, y1, r, _, stroke = shape
    if kind == "fill":
        return inside_rounded(x, y, x0, y0, x1, y1, r)
    return inside_rounded(x, y, x0, y0, x1, y1, r) and not inside_rounded(
        x, y, x0 + stroke, y0 + stroke, x1 - stroke, y1 - stroke, max(0.0, r - stroke))


def raster(shape_list, n, ss=4):
    """RGBA rows of an n x n rendering: each pixel averages ss x ss samples, shapes painted in order."""
    rows = []
    for py in range(n):
        row = bytearray()
        for px in range(n):
            acc = [0.0, 0.0, 0.0, 0.0]  # premultiplied
            for sy in range(ss):
                for sx in range(ss):
                    x, y = (px + (sx + 0.5) / ss) / n, (py + (sy + 0.5) / ss) / n
                    colour = None
                    for shape in shape_list:
                        if covers(shape, x, y):
                            colour = shape[6]
                    if colour is not None:
                        for k in range(3):
                            acc[k] += colour[k]
                        acc[3] += 1
            a = acc[3] / (ss * ss)
            if acc[3] > 0:
                row += bytes(round(acc[k] / acc[3]) for k in range(3)) + bytes([round(255 * a)])
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return rows


def png(rows, n):
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    raw = b"".join(b"\0" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def write_atomic(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "assets", "icons")
    os.makedirs(out_dir, exist_ok=True)
    s = shapes()
    write_atomic(os.path.join(out_dir, "tconv-lab.svg"), svg(s).encode())
    for n in SIZES:
        write_atomic(os.path.join(out_dir, "tconv-lab-%d.png" % n), png(raster(s, n), n))
    print("wrote tconv-lab.svg and %s in %s" % (", ".join("%dx%d" % (n, n) for n in SIZES), out_dir))


if __name__ == "__main__":
    main()
