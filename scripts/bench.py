#!/usr/bin/python3
"""Times tconv-lab's CPU and GPU backends against PyTorch's conv_transpose2d on the same inputs,
checks that the outputs agree, and prints the ratios (PyTorch time / our time).

    python3 scripts/bench.py --binary build/tconv-lab [--runs 10] [--threads 2]
                             [--cases image,decoder,seed-large] [--backends cpu,gpu] [--no-torch]

Cases (the speed targets in the README):
    image       input (1,3,2048,2048), weight (3,1,4,4), stride 2, padding 1, groups 3
    decoder     input (1,64,256,256), weight (64,32,4,4), stride 2, padding 1
    seed-large  input (1,1,4096,4096), weight (1,1,3,3), stride 1

Our times are the `compute: median X ms` line of `tconv-lab apply --benchmark R` (loading and
saving excluded). PyTorch (Debian's python3-torch; install libopenblas0-pthread first, or it runs on
the reference BLAS) is timed in a subprocess after one warm-up call, with torch.set_num_threads.

Both are timed twice: as installed, and with glibc told to keep freed memory (MALLOC_MMAP_MAX_=0,
MALLOC_TRIM_THRESHOLD_; columns marked *). A program that allocates its output on every call gets
fresh pages from the kernel each time, and where first touches are expensive (virtual machines:
~12 us per 4 KiB page here, 0.6 s for the image case's 201 MB output) that alone can dominate;
with the memory kept, the * columns compare the computations. The GPU backend is timed once, as
installed (--gpu-runs runs), since a software renderer (llvmpipe) is slow.
"""
import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time


def reexec_with_system_python():
    """numpy and torch come from Debian (python3-numpy, python3-torch): use /usr/bin/python3 when
    the python3 on PATH (e.g. a pyenv one) lacks them."""
    try:
        import numpy  # noqa: F401
        if "--no-torch" not in sys.argv:
            import torch  # noqa: F401
        return
    except ImportError:
        pass
    system = "/usr/bin/python3"
    if os.path.realpath(sys.executable) != os.path.realpath(system) and os.path.exists(system) \
            and not os.environ.get("TCONV_BENCH_REEXEC"):
        os.environ["TCONV_BENCH_REEXEC"] = "1"
        os.execv(system, [system] + sys.argv)
    sys.exit("error: numpy or torch is missing. Install them with: apt-get install python3-numpy python3-torch "
             "libopenblas0-pthread (or pass --no-torch to time only tconv-lab)")


reexec_with_system_python()
import numpy as np  # noqa: E402

CASES = {
    "image": dict(x=(1, 3, 2048, 2048), w=(3, 1, 4, 4), stride=2, padding=1, groups=3),
    "decoder": dict(x=(1, 64, 256, 256), w=(64, 32, 4, 4), stride=2, padding=1, groups=1),
    "seed-large": dict(x=(1, 1, 4096, 4096), w=(1, 1, 3, 3), stride=1, padding=0, groups=1),
}

# Runs in a subprocess so that the allocator settings apply from its start.
TORCH_SCRIPT = r"""
import json, sys, time
import numpy as np
import torch
import torch.nn.functional as F
x_path, w_path, y_path, stride, padding, groups, runs, threads = sys.argv[1:9]
torch.set_num_threads(int(threads))
x = torch.from_numpy(np.load(x_path))
w = torch.from_numpy(np.load(w_path))
args = dict(stride=int(stride), padding=int(padding), groups=int(groups))
with torch.no_grad():
    y = F.conv_transpose2d(x, w, **args)  # warm-up
    times = []
    for _ in range(int(runs)):
        del y
        t0 = time.perf_counter()
        y = F.conv_transpose2d(x, w, **args)
        times.append((time.perf_counter() - t0) * 1000.0)
if y_path != "-":
    np.save(y_path, y.numpy())
times.sort()
n = len(times)
median = times[n // 2] if n % 2 else 0.5 * (times[n // 2 - 1] + times[n // 2])
torch.mm(torch.ones(64, 64), torch.ones(64, 64))  # make sure the BLAS is loaded
with open("/proc/self/maps") as f:
    maps = f.read()
blas = "OpenBLAS" if "openblas" in maps else "reference BLAS (install libopenblas0-pthread)"
print(json.dumps(dict(median=median, min=times[0], version=torch.__version__,
                      threads=torch.get_num_threads(), blas=blas)))
"""

COMPUTE_LINE = re.compile(r"compute: median ([0-9.]+) ms, min ([0-9.]+) ms \((\d+) runs, (\w+), (\d+) threads?\)")


def time_torch(paths, case, runs, threads, keep_memory, save_output):
    env = keep_memory_env(keep_memory)
    cmd = [sys.executable, "-c", TORCH_SCRIPT, paths["x"], paths["w"], paths["y_torch"] if save_output else "-",
           str(case["stride"]), str(case["padding"]), str(case["groups"]), str(runs), str(threads)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("error: PyTorch failed: " + out.stderr.strip()[-2000:] +
                 "\nInstall it with: apt-get install python3-torch libopenblas0-pthread (or pass --no-torch)")
    return json.loads(out.stdout.strip().splitlines()[-1])


def keep_memory_env(keep_memory):
    env = dict(os.environ)
    if keep_memory:
        env["MALLOC_MMAP_MAX_"] = "0"
        env["MALLOC_TRIM_THRESHOLD_"] = str(1 << 40)
    return env


def time_ours(binary, paths, case, backend, runs, threads, keep_memory=False):
    y_path = paths["y_" + backend]
    cmd = [binary, "apply", "--input", paths["x"], "--output", y_path, "--weight", paths["w"],
           "--stride", str(case["stride"]), "--padding", str(case["padding"]), "--groups", str(case["groups"]),
           "--backend", backend, "--benchmark", str(runs)]
    if backend == "cpu":
        cmd += ["--threads", str(threads)]
    env = keep_memory_env(keep_memory)
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        return dict(error=(out.stderr.strip() or out.stdout.strip()).splitlines()[-1] if (out.stderr or out.stdout) else
                    "exit status %d" % out.returncode, cmd=" ".join(cmd))
    m = COMPUTE_LINE.search(out.stdout + out.stderr)
    if not m:
        return dict(error="no 'compute: median X ms' line in the output of: " + " ".join(cmd))
    return dict(median=float(m.group(1)), min=float(m.group(2)), runs=int(m.group(3)), reported_backend=m.group(4),
                threads=int(m.group(5)), wall=wall, y=y_path)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def fmt_ms(v):
    return "-" if v is None else ("%.1f" % v if v >= 10 else "%.2f" % v)


def fmt_ratio(a, b):
    return "-" if a is None or b is None or b <= 0 else "%.1fx" % (a / b)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default="build/tconv-lab", help="the tconv-lab executable")
    ap.add_argument("--runs", type=int, default=10, help="timed runs per measurement (median reported)")
    ap.add_argument("--gpu-runs", type=int, default=3, help="timed runs for --backend gpu")
    ap.add_argument("--threads", type=int, default=2,
                    help="threads for PyTorch (torch.set_num_threads) and for our cpu backend (--threads)")
    ap.add_argument("--cases", default="image,decoder,seed-large", help="comma-separated: " + ",".join(CASES))
    ap.add_argument("--backends", default="cpu,gpu", help="comma-separated tconv-lab backends")
    ap.add_argument("--no-torch", action="store_true", help="time only tconv-lab")
    ap.add_argument("--keep", metavar="DIR", help="write the .npy files here and keep them")
    args = ap.parse_args()

    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit("error: %s is not an executable. Build it first (cmake --build build), or pass --binary PATH."
                 % args.binary)
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    for c in cases:
        if c not in CASES:
            sys.exit("error: unknown case '%s'; known: %s" % (c, ", ".join(CASES)))
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]

    tmp = args.keep or tempfile.mkdtemp(prefix="tconv-bench-")
    os.makedirs(tmp, exist_ok=True)
    rng = np.random.default_rng(20261125)
    torch_version = None
    rows = []
    try:
        for name in cases:
            case = CASES[name]
            paths = {k: os.path.join(tmp, "%s_%s.npy" % (name, k)) for k in ("x", "w", "y_torch", "y_cpu", "y_gpu")}
            np.save(paths["x"], rng.standard_normal(case["x"], dtype=np.float32))
            np.save(paths["w"], rng.standard_normal(case["w"], dtype=np.float32))
            torch_plain = torch_kept = None
            if not args.no_torch:
                print("[%s] PyTorch ..." % name, file=sys.stderr, flush=True)
                t = time_torch(paths, case, args.runs, args.threads, keep_memory=False, save_output=True)
                torch_plain = t["median"]
                torch_version = "%s, %d threads, %s" % (t["version"], t["threads"], t["blas"])
                t = time_torch(paths, case, args.runs, args.threads, keep_memory=True, save_output=False)
                torch_kept = t["median"]
            y_ref = np.load(paths["y_torch"], mmap_mode="r") if not args.no_torch else None
            for backend in backends:
                print("[%s] tconv-lab --backend %s ..." % (name, backend), file=sys.stderr, flush=True)
                runs = args.gpu_runs if backend == "gpu" else args.runs
                r = time_ours(binary, paths, case, backend, runs, args.threads)
                row = dict(case=name, backend=backend, torch=torch_plain, torch_kept=torch_kept, **r)
                if "error" not in r and backend != "gpu":
                    kept = time_ours(binary, paths, case, backend, runs, args.threads, keep_memory=True)
                    row["median_kept"] = kept.get("median")
                if "error" not in r and y_ref is not None:
                    y = np.load(r["y"], mmap_mode="r")
                    if y.shape != y_ref.shape:
                        row["diff"] = "shape %s vs %s" % (y.shape, y_ref.shape)
                    else:
                        d = float(np.max(np.abs(np.asarray(y, dtype=np.float64) - y_ref)))
                        scale = float(np.max(np.abs(y_ref)))
                        row["diff"] = "%.2g (rel %.1g)" % (d, d / scale if scale else d)
                rows.append(row)
                if "error" not in r:
                    os.remove(r["y"])
            if os.path.exists(paths["y_torch"]) and not args.keep:
                os.remove(paths["y_torch"])
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    print()
    print("machine: %s, %d CPUs, %s %s" % (cpu_model(), os.cpu_count() or 0, platform.system(), platform.release()))
    if torch_version:
        print("PyTorch %s" % torch_version)
    print("* = glibc keeps freed memory (MALLOC_MMAP_MAX_=0): no fresh pages per call, so only the computation "
          "is compared")
    print("command: %s" % " ".join([os.path.basename(sys.executable), "scripts/bench.py"] + sys.argv[1:]))
    print()
    header = ("case", "backend", "ours ms", "PyTorch ms", "ratio", "ours* ms", "PyTorch* ms", "ratio*",
              "max |ours - PyTorch|")
    table = [header]
    for r in rows:
        if "error" in r:
            table.append((r["case"], r["backend"], "error: " + r["error"], "", "", "", "", ""))
            continue
        backend = "%s (%dT)" % (r["backend"], r["threads"]) if r["backend"] == "cpu" else r["backend"]
        ours_kept = r.get("median_kept", r["median"])  # gpu: timed once, as installed
        table.append((r["case"], backend, fmt_ms(r["median"]), fmt_ms(r["torch"]), fmt_ratio(r["torch"], r["median"]),
                      fmt_ms(r.get("median_kept")), fmt_ms(r["torch_kept"]), fmt_ratio(r["torch_kept"], ours_kept),
                      r.get("diff", "-")))
    widths = [max(len(str(row[i])) for row in table if not str(row[2]).startswith("error") or i < 2)
              for i in range(len(header))]
    for row in table:
        if str(row[2]).startswith("error"):
            print("  ".join(str(v).ljust(widths[i]) for i, v in enumerate(row[:2])) + "  " + row[2])
        else:
            print("  ".join(str(v).rjust(widths[i]) if i >= 2 else str(v).ljust(widths[i]) for i, v in enumerate(row)))
    print()
    print("ours: median of `tconv-lab apply --benchmark R` (R = %d, gpu %d; compute only, no file I/O); "
          "ratio = PyTorch / ours; gpu ratio* uses its one timing." % (args.runs, args.gpu_runs))
    return 1 if any("error" in r for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
