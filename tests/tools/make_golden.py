#!/usr/bin/python3
"""Generate reference vectors for conv_transpose2d with PyTorch (Debian's python3-torch, 1.13).

    /usr/bin/python3 tests/tools/make_golden.py   # Debian python, where python3-torch lives > tests/data/golden_conv_transpose.txt

The output is plain text so the C++ tests read it without PyTorch or numpy:

    case NAME
    shape N C H W | Cin Cout/g kH kW | bias_len(-1 = none)
    params sh sw ph pw oph opw dh dw groups
    x v v v ...          (N*C*H*W values, NCHW row-major)
    w v v v ...
    b v v v ...          (only when bias_len >= 0)
    y N C Hout Wout v v v ...
    end

and, for configurations PyTorch refuses:

    reject NAME
    shape ... / params ...
    error <PyTorch's message, first line>
    end
"""
import itertools
import random
import sys

import torch
import torch.nn.functional as F

torch.manual_seed(1234)
random.seed(1234)
out = sys.stdout


def fmt(t):
    return " ".join("%.9g" % v for v in t.reshape(-1).tolist())


def emit(name, n, cin, h, w, coutg, kh, kw, bias, s, p, op, d, g, values="rand"):
    if values == "rand":
        x = torch.rand(n, cin, h, w, dtype=torch.float64) * 2 - 1
        wt = torch.rand(cin, coutg, kh, kw, dtype=torch.float64) * 2 - 1
    else:  # small integers: exact in float32 whatever the summation order
        x = torch.randint(-4, 5, (n, cin, h, w)).double()
        wt = torch.randint(-3, 4, (cin, coutg, kh, kw)).double()
    b = (torch.rand(coutg * g, dtype=torch.float64) * 2 - 1) if bias else None
    # float32 inputs, as the tool uses; reference computed in float64 from the same float32 values.
    x, wt = x.float().double(), wt.float().double()
    if b is not None:
        b = b.float().double()
    hdr = "shape %d %d %d %d | %d %d %d %d | %d\nparams %d %d %d %d %d %d %d %d %d\n" % (
        n, cin, h, w, cin, coutg, kh, kw, (coutg * g) if bias else -1,
        s[0], s[1], p[0], p[1], op[0], op[1], d[0], d[1], g)
    try:
        y = F.conv_transpose2d(x, wt, b, stride=s, padding=p, output_padding=op, groups=g, dilation=d)
    except RuntimeError as e:
        out.write("reject %s\n%serror %s\nend\n" % (name, hdr, str(e).splitlines()[0]))
        return
    out.write("case %s\n%s" % (name, hdr))
    out.write("x %s\nw %s\n" % (fmt(x), fmt(wt)))
    if b is not None:
        out.write("b %s\n" % fmt(b))
    out.write("y %d %d %d %d %s\nend\n" % (*y.shape, fmt(y)))


# Hand-picked: every parameter alone, then together, odd shapes.
emit("seed_3x3_k3_s1", 1, 1, 3, 3, 1, 3, 3, False, (1, 1), (0, 0), (0, 0), (1, 1), 1, values="int")
emit("stride2_k3", 1, 1, 4, 4, 1, 3, 3, False, (2, 2), (0, 0), (0, 0), (1, 1), 1)
emit("stride3_k2", 1, 1, 3, 5, 1, 2, 2, False, (3, 3), (0, 0), (0, 0), (1, 1), 1)
emit("padding1", 1, 1, 4, 4, 1, 3, 3, False, (1, 1), (1, 1), (0, 0), (1, 1), 1)
emit("padding_crops_to_1", 1, 1, 2, 2, 1, 3, 3, False, (1, 1), (1, 1), (0, 0), (1, 1), 1)
emit("output_padding", 1, 1, 3, 3, 1, 3, 3, False, (2, 2), (1, 1), (1, 1), (1, 1), 1)
emit("output_padding_lt_dilation", 1, 1, 3, 3, 1, 2, 2, False, (1, 1), (0, 0), (1, 1), (2, 2), 1)
emit("dilation2", 1, 1, 4, 3, 1, 3, 3, False, (1, 1), (0, 0), (0, 0), (2, 2), 1)
emit("dilation_stride", 1, 1, 3, 4, 1, 3, 2, False, (2, 3), (1, 0), (1, 2), (2, 3), 1)
emit("groups2", 1, 4, 3, 3, 3, 2, 2, True, (2, 2), (0, 0), (0, 0), (1, 1), 2)
emit("depthwise3", 2, 3, 5, 4, 1, 4, 4, False, (2, 2), (1, 1), (0, 0), (1, 1), 3)
emit("channels_bias", 2, 3, 3, 2, 4, 3, 3, True, (1, 2), (0, 1), (0, 1), (1, 1), 1)
emit("dcgan_k4_s2_p1", 1, 8, 4, 4, 4, 4, 4, True, (2, 2), (1, 1), (0, 0), (1, 1), 1)
emit("unet_k2_s2", 1, 4, 5, 3, 2, 2, 2, True, (2, 2), (0, 0), (0, 0), (1, 1), 1)
emit("kernel_smaller_than_stride", 1, 1, 3, 3, 1, 2, 2, False, (3, 3), (0, 0), (2, 2), (1, 1), 1)
emit("one_by_one_input", 1, 2, 1, 1, 3, 3, 3, True, (2, 2), (0, 0), (1, 1), (1, 1), 1)
emit("non_square_kernel", 1, 1, 3, 4, 1, 1, 5, False, (2, 1), (0, 2), (1, 0), (1, 1), 1)
emit("big_padding_asym", 1, 1, 6, 2, 1, 5, 3, False, (1, 2), (4, 1), (0, 1), (1, 1), 1)
emit("all_params_groups", 2, 6, 4, 5, 2, 3, 2, True, (2, 3), (1, 1), (1, 0), (2, 1), 3)

# Random configurations, each kept (PyTorch accepts) or recorded as a rejection.
for k in range(60):
    g = random.choice([1, 1, 2, 3])
    cin = g * random.randint(1, 2)
    coutg = random.randint(1, 3)
    s = (random.randint(1, 4), random.randint(1, 4))
    d = (random.randint(1, 3), random.randint(1, 3))
    kh, kw = random.randint(1, 5), random.randint(1, 5)
    p = (random.randint(0, 3), random.randint(0, 3))
    op = (random.randint(0, max(s[0], d[0]) - 1), random.randint(0, max(s[1], d[1]) - 1))
    h, w = random.randint(1, 7), random.randint(1, 7)
    emit("random_%02d" % k, random.randint(1, 2), cin, h, w, coutg, kh, kw, random.random() < 0.5, s, p, op, d, g)

# Configurations PyTorch must refuse (and so must we).
emit("reject_output_too_small", 1, 1, 1, 1, 1, 1, 1, False, (1, 1), (1, 1), (0, 0), (1, 1), 1)
emit("reject_output_padding_ge_stride_and_dilation", 1, 1, 3, 3, 1, 3, 3, False, (2, 2), (0, 0), (2, 2), (1, 1), 1)
emit("reject_output_padding_eq_stride_dilation1", 1, 1, 3, 3, 1, 3, 3, False, (1, 1), (0, 0), (1, 0), (1, 1), 1)
emit("reject_padding_crops_everything", 1, 1, 2, 2, 1, 2, 2, False, (1, 1), (2, 2), (0, 0), (1, 1), 1)
