// Runs the built tconv-lab binary, as users and their scripts do. Sections:
//   1. helpers: run the binary, make inputs
//   2. size
//   3. apply on .npy: ranks 2/3/4, hand-worked values, every parameter, backends agree
//   4. apply on images and kernel presets
//   5. bad input: exit 2, "error: ..." on stderr, no output file, an existing one untouched
//   6. reliability: special output files, truncated images, conversions, messages
//   7. the TensorFlow/Keras convention (--tf-padding)
#include <catch2/catch.hpp>

#include <cctype>
#include <cmath>
#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "app/cli.h"
#include "core/conv_transpose.h"
#include "core/kernels.h"
#include "core/tf_padding.h"
#include "io/image.h"
#include "io/npy.h"
#include "common/display.h"
#include "common/run_binary.h"
#include "test_util.h"

using namespace tconv;
using tconv::test::TempDir;

namespace {

// ---------------------------------------------------------------- 1. helpers

using Run = test::RunResult;
std::string q(const std::string& s) { return test::shell_quote(s); }

// The command that runs tconv-lab: the built binary, or $TCONV_TEST_LAB_COMMAND (a shell command
// prefix such as "wine64 build-windows/tconv-lab.exe") to hold another build to the same contract.
std::string lab_command() {
  const char* other = std::getenv("TCONV_TEST_LAB_COMMAND");
  return other && *other ? std::string(other) : q(TCONV_LAB_BINARY);
}

// Runs `tconv-lab ARGS` (ARGS already shell-quoted where needed) and captures both streams.
// A Windows build writes text with CRLF line ends: the contract is about the text, so the CRs
// of another build's output are dropped.
Run lab(const std::string& args) {
  Run r = test::run_command(lab_command() + " " + args);
  if (std::getenv("TCONV_TEST_LAB_COMMAND"))
    for (std::string* s : {&r.out, &r.err}) s->erase(std::remove(s->begin(), s->end(), '\r'), s->end());
  return r;
}

std::string sample_png() { return std::string(TCONV_ASSETS_DIR) + "/sample.png"; }

void save(const std::string& path, std::vector<int64_t> shape, std::vector<float> data) {
  REQUIRE(io::write_npy(path, shape, data).ok());
}

io::NpyArray load(const std::string& path) {
  auto a = io::read_npy(path);
  REQUIRE(a.ok());
  return a.value();
}

std::vector<float> ramp(size_t n, float scale = 1.0f, float offset = 0.0f) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = offset + scale * static_cast<float>((i * 7) % 13);
  return v;
}

// The failure contract: status 2, one "error: ..." on stderr, nothing on stdout.
void check_error(const Run& r, const std::string& needle) {
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.status == 2);
  CHECK(r.err.rfind("error: ", 0) == 0);
  CHECK_THAT(r.err, Catch::Contains(needle));
  CHECK(r.out.empty());
}

void check_close(const std::vector<float>& a, const std::vector<float>& b, float rel) {
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    const float tol = rel * std::max(1.0f, std::fabs(b[i]));
    if (std::fabs(a[i] - b[i]) > tol) FAIL("index " << i << ": " << a[i] << " vs " << b[i]);
  }
}

// "compute: median X ms, min Y ms TAIL" with X and Y written as 0.000 (std::regex is avoided:
// GCC 12 warns falsely inside <regex> in sanitizer builds).
bool is_benchmark_line(const std::string& line, const std::string& tail) {
  const auto number_at = [&](size_t& pos) {
    const size_t start = pos;
    while (pos < line.size() && std::isdigit(static_cast<unsigned char>(line[pos]))) ++pos;
    if (pos == start || pos + 4 > line.size() || line[pos] != '.') return false;
    for (size_t k = 1; k <= 3; ++k)
      if (!std::isdigit(static_cast<unsigned char>(line[pos + k]))) return false;
    pos += 4;
    return true;
  };
  const auto literal = [&](size_t& pos, const std::string& text) {
    if (line.compare(pos, text.size(), text) != 0) return false;
    pos += text.size();
    return true;
  };
  size_t pos = 0;
  return literal(pos, "compute: median ") && number_at(pos) && literal(pos, " ms, min ") &&
         number_at(pos) && literal(pos, " ms " + tail) && pos == line.size();
}

}  // namespace

// ---------------------------------------------------------------- 2. size

TEST_CASE("cli: size prints the formula per axis and the result", "[cli][size]") {
  Run r = lab("size --input 32,48 --kernel 4 --stride 2 --padding 1");
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(r.out ==
        "out = (in - 1) x stride - 2 x padding + dilation x (kernel - 1) + output_padding + 1\n"
        "height: (32 - 1) x 2 - 2 x 1 + 1 x (4 - 1) + 0 + 1 = 64\n"
        "width:  (48 - 1) x 2 - 2 x 1 + 1 x (4 - 1) + 0 + 1 = 96\n"
        "output: 64 x 96 (height x width)\n");
  r = lab("size --input 3 --kernel 3,2 --stride 3,2 --padding 0,1 --output-padding 2,1 --dilation 1,2");
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("height: (3 - 1) x 3 - 2 x 0 + 1 x (3 - 1) + 2 + 1 = 11\n") &&
                        Catch::Contains("width:  (3 - 1) x 2 - 2 x 1 + 2 x (2 - 1) + 1 + 1 = 6\n") &&
                        Catch::Contains("output: 11 x 6"));
}

TEST_CASE("cli: size with impossible parameters is an error with exit 2", "[cli][size]") {
  check_error(lab("size --input 1 --kernel 1 --padding 1"), "too small");
  check_error(lab("size --input 3 --kernel 3 --stride 2 --output-padding 2"), "output_padding (height)");
  check_error(lab("size --input 3 --kernel 3 --stride 0"), "stride (height) is 0");
  check_error(lab("size --input 3 --kernel 3 --stride 2x2"), "--stride 2,1");
  check_error(lab("size --kernel 3"), "--input is required");
}

// ---------------------------------------------------------------- 3. apply on .npy

TEST_CASE("cli: apply (H,W) input, the seed's 3x3 x 3x3 ones example, gives the 5x5 by hand", "[cli][apply]") {
  TempDir dir;
  save(dir.file("x.npy"), {3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  save(dir.file("w.npy"), {3, 3}, std::vector<float>(9, 1.0f));
  Run r = lab("apply --input " + q(dir.file("x.npy")) + " --weight " + q(dir.file("w.npy")) +
              " --output " + q(dir.file("y.npy")));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::StartsWith("wrote " + dir.file("y.npy") + ": float32 array (5, 5)"));
  const auto y = load(dir.file("y.npy"));
  CHECK(y.shape == std::vector<int64_t>{5, 5});
  CHECK(y.data == std::vector<float>{1,  3,  6,  5,  3,
                                     5,  12, 21, 16, 9,
                                     12, 27, 45, 33, 18,
                                     11, 24, 39, 28, 15,
                                     7,  15, 24, 17, 9});
}

TEST_CASE("cli: apply stride 2, then padding 1 with output_padding 1, by hand", "[cli][apply]") {
  TempDir dir;
  save(dir.file("x.npy"), {2, 2}, {1, 2, 3, 4});
  save(dir.file("w.npy"), {1, 1, 2, 2}, {1, 2, 3, 4});
  Run r = lab("apply --input " + q(dir.file("x.npy")) + " --weight " + q(dir.file("w.npy")) +
              " --stride 2 --output " + q(dir.file("y.npy")));
  REQUIRE(r.status == 0);
  auto y = load(dir.file("y.npy"));
  CHECK(y.shape == std::vector<int64_t>{4, 4});
  // Each input value stamps x*[[1,2],[3,4]] into its own 2x2 block (no overlap at stride 2).
  CHECK(y.data == std::vector<float>{1, 2, 2, 4,
                                     3, 4, 6, 8,
                                     3, 6, 4, 8,
                                     9, 12, 12, 16});
  // padding 1 crops one cell off each border of the 4x4; output_padding 1 adds one back at the
  // bottom/right: rows/cols 1..3 of the uncropped 5x5 canvas (whose last row/col is empty... except
  // nothing lands there), i.e. the 3x3 below.
  r = lab("apply --input " + q(dir.file("x.npy")) + " --weight " + q(dir.file("w.npy")) +
          " --stride 2 --padding 1 --output-padding 1 --output " + q(dir.file("y.npy")));
  REQUIRE(r.status == 0);
  y = load(dir.file("y.npy"));
  CHECK(y.shape == std::vector<int64_t>{3, 3});
  CHECK(y.data == std::vector<float>{4, 6, 8,
                                     6, 4, 8,
                                     12, 12, 16});
}

TEST_CASE("cli: apply (C,H,W) input with a (kH,kW) weight filters each channel on its own", "[cli][apply]") {
  TempDir dir;
  save(dir.file("x.npy"), {2, 2, 2}, {1, 2, 3, 4, 10, 20, 30, 40});
  save(dir.file("w.npy"), {1, 2}, {1, 1});
  save(dir.file("b.npy"), {2}, {0.5f, -1});
  Run r = lab("apply --input " + q(dir.file("x.npy")) + " --weight " + q(dir.file("w.npy")) +
              " --bias " + q(dir.file("b.npy")) + " --stride 1,2 --output " + q(dir.file("y.npy")));
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto y = load(dir.file("y.npy"));
  CHECK(y.shape == std::vector<int64_t>{2, 2, 4});
  // Width: each value is repeated twice (kernel [1 1], stride 2); plus the channel's bias.
  CHECK(y.data == std::vector<float>{1.5f, 1.5f, 2.5f, 2.5f, 3.5f, 3.5f, 4.5f, 4.5f,
                                     9, 9, 19, 19, 29, 29, 39, 39});
}

TEST_CASE("cli: apply (N,C,H,W) with groups, bias, dilation and per-axis pairs equals the reference", "[cli][apply]") {
  TempDir dir;
  const Shape4 xs{2, 4, 5, 3}, ws{4, 3, 3, 2};  // groups 2: Cout = 3 * 2 = 6
  Tensor4 x(xs), w(ws);
  x.data = ramp(static_cast<size_t>(xs.count()), 0.25f, -1.0f);
  w.data = ramp(static_cast<size_t>(ws.count()), -0.5f, 2.0f);
  const std::vector<float> bias = {1, 2, 3, 4, 5, 6};
  save(dir.file("x.npy"), {2, 4, 5, 3}, x.data);
  save(dir.file("w.npy"), {4, 3, 3, 2}, w.data);
  save(dir.file("b.npy"), {6}, bias);
  ConvTransposeParams p;
  p.stride = {2, 3};
  p.padding = {1, 0};
  p.output_padding = {1, 2};
  p.dilation = {2, 1};
  p.groups = 2;
  const Tensor4 expect = conv_transpose2d_scatter(x, w, bias, p);
  for (const char* backend : {"cpu", "reference"}) {
    Run r = lab("apply --input " + q(dir.file("x.npy")) + " --weight " + q(dir.file("w.npy")) +
                " --bias " + q(dir.file("b.npy")) + " --stride 2,3 --padding 1,0 --output-padding 1,2"
                " --dilation 2,1 --groups 2 --backend " + backend + " --output " + q(dir.file("y.npy")));
    INFO(backend << ": " << r.err);
    REQUIRE(r.status == 0);
    const auto y = load(dir.file("y.npy"));
    CHECK(y.shape == std::vector<int64_t>{expect.shape.n, expect.shape.c, expect.shape.h, expect.shape.w});
    check_close(y.data, expect.data, 1e-5f);
  }
}

TEST_CASE("cli: --backend reference and --backend cpu write the same result", "[cli][apply]") {
  TempDir dir;
  const size_t n = 3 * 40 * 50;
  save(dir.file("x.npy"), {3, 40, 50}, ramp(n, 0.1f, -0.3f));
  save(dir.file("w.npy"), {3, 2, 4, 4}, ramp(3 * 2 * 16, 0.05f, -0.2f));
  const std::string common = "apply --input " + q(dir.file("x.npy")) + " --weight " + q(dir.file("w.npy")) +
                             " --stride 2 --padding 1";
  REQUIRE(lab(common + " --backend reference --output " + q(dir.file("ref.npy"))).status == 0);
  REQUIRE(lab(common + " --backend cpu --threads 2 --output " + q(dir.file("cpu.npy"))).status == 0);
  const auto ref = load(dir.file("ref.npy")), cpu = load(dir.file("cpu.npy"));
  CHECK(ref.shape == std::vector<int64_t>{2, 80, 100});
  CHECK(cpu.shape == ref.shape);
  check_close(cpu.data, ref.data, 1e-5f);
}

TEST_CASE("cli: a 2-D input with several output channels becomes (C,H,W), with a note", "[cli][apply]") {
  TempDir dir;
  save(dir.file("x.npy"), {2, 2}, {1, 2, 3, 4});
  save(dir.file("w.npy"), {1, 2, 1, 1}, {1, -1});
  Run r = lab("apply --input " + q(dir.file("x.npy")) + " --weight " + q(dir.file("w.npy")) +
              " --output " + q(dir.file("y.npy")));
  REQUIRE(r.status == 0);
  CHECK_THAT(r.err, Catch::Contains("note:") && Catch::Contains("3-D"));
  const auto y = load(dir.file("y.npy"));
  CHECK(y.shape == std::vector<int64_t>{2, 2, 2});
  CHECK(y.data == std::vector<float>{1, 2, 3, 4, -1, -2, -3, -4});
}

TEST_CASE("cli: inputs without a telling name are recognised by content, pipes included", "[cli][apply]") {
  TempDir dir;
  save(dir.file("x.npy"), {2, 2}, {1, 2, 3, 4});
  std::filesystem::copy_file(dir.file("x.npy"), dir.file("array.bin"));
  std::filesystem::copy_file(sample_png(), dir.file("picture.dat"));
  Run r = lab("apply --input " + q(dir.file("array.bin")) + " --kernel nearest --stride 2 --output " + q(dir.file("a.npy")));
  REQUIRE(r.status == 0);
  CHECK(load(dir.file("a.npy")).shape == std::vector<int64_t>{4, 4});
  r = lab("apply --input " + q(dir.file("picture.dat")) + " --kernel nearest --stride 2 --output " + q(dir.file("p.npy")));
  REQUIRE(r.status == 0);
  CHECK(load(dir.file("p.npy")).shape == std::vector<int64_t>{3, 512, 512});
  // From a pipe: `cat x.npy | tconv-lab apply --input /dev/stdin ...`.
  const Run piped = test::run_command("{ cat " + q(dir.file("x.npy")) + " | " + lab_command() +
                                      " apply --input /dev/stdin --kernel nearest --stride 2 --output " +
                                      q(dir.file("s.npy")) + "; }");
  INFO(piped.out << piped.err);
  CHECK(piped.status == 0);
  CHECK(load(dir.file("s.npy")).data == load(dir.file("a.npy")).data);
}

TEST_CASE("cli: float64 input from numpy is accepted", "[cli][apply]") {
  TempDir dir;
  save(dir.file("w.npy"), {1, 1}, {2});
  Run r = lab("apply --input " + q(std::string(TCONV_IO_DATA_DIR) + "/f64_2x3.npy") + " --weight " +
              q(dir.file("w.npy")) + " --output " + q(dir.file("y.npy")));
  REQUIRE(r.status == 0);
  CHECK(load(dir.file("y.npy")).data == std::vector<float>{-1, -0.5f, 0, 0.5f, 1, 1.5f});
}

TEST_CASE("cli: --benchmark prints the timing line and still writes the output", "[cli][apply]") {
  TempDir dir;
  save(dir.file("x.npy"), {8, 8}, ramp(64));
  Run r = lab("apply --input " + q(dir.file("x.npy")) + " --kernel bilinear --stride 2 --threads 1"
              " --benchmark 3 --output " + q(dir.file("y.npy")));
  REQUIRE(r.status == 0);
  CHECK(is_benchmark_line(r.out.substr(0, r.out.find('\n')), "(3 runs, cpu, 1 threads)"));
  CHECK_THAT(r.out, Catch::Contains("wrote"));
  CHECK(load(dir.file("y.npy")).shape == std::vector<int64_t>{16, 16});
  r = lab("apply --input " + q(dir.file("x.npy")) + " --kernel nearest --stride 2 --backend reference"
          " --benchmark 2 --output " + q(dir.file("y.npy")));
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("(2 runs, reference, 1 threads)"));
}

// ---------------------------------------------------------------- 4. images and kernel presets

TEST_CASE("cli: the README's command upsamples the bundled sample to exactly twice its size", "[cli][image]") {
  TempDir dir;
  Run r = lab("apply --input " + q(sample_png()) + " --output " + q(dir.file("big.png")) +
              " --kernel bilinear --stride 2");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::StartsWith("wrote " + dir.file("big.png") + ": 512x512 RGB png from 256x256"));
  CHECK(r.err.empty());  // bilinear never leaves 0..1: nothing clipped
  auto big = io::load_image(dir.file("big.png"));
  REQUIRE(big.ok());
  CHECK(big.value().shape == Shape4{1, 3, 512, 512});
}

TEST_CASE("cli: an image keeps its channels and a flat one stays flat inside the border", "[cli][image]") {
  TempDir dir;
  Tensor4 flat(Shape4{1, 2, 6, 5}, 100.0f / 255.0f);  // gray+alpha
  REQUIRE(io::save_image(dir.file("flat.png"), flat).ok());
  for (const char* out : {"up.png", "up.tga", "up.npy"}) {
    Run r = lab("apply --input " + q(dir.file("flat.png")) + " --output " + q(dir.file(out)) +
                " --kernel bilinear --stride 3");
    INFO(r.err);
    REQUIRE(r.status == 0);
  }
  auto up = io::load_image(dir.file("up.png"));
  REQUIRE(up.ok());
  REQUIRE(up.value().shape == Shape4{1, 2, 18, 15});
  for (int64_t c = 0; c < 2; ++c)
    for (int64_t y = 3; y < 15; ++y)
      for (int64_t x = 3; x < 12; ++x) CHECK(std::lround(255 * up.value().at(0, c, y, x)) == 100);
  // The border is darker: the edge effect (fewer kernel copies overlap there).
  CHECK(up.value().at(0, 0, 0, 0) < up.value().at(0, 0, 8, 8));
  const auto npy = load(dir.file("up.npy"));
  CHECK(npy.shape == std::vector<int64_t>{2, 18, 15});
}

TEST_CASE("cli: --kernel nearest at stride 2 repeats each pixel in a 2x2 block", "[cli][image]") {
  TempDir dir;
  save(dir.file("x.npy"), {2, 2}, {1, 2, 3, 4});
  Run r = lab("apply --input " + q(dir.file("x.npy")) + " --kernel nearest --stride 2 --output " + q(dir.file("y.npy")));
  REQUIRE(r.status == 0);
  CHECK(load(dir.file("y.npy")).data == std::vector<float>{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4});
}

TEST_CASE("cli: every kernel preset runs, and --padding overrides its default", "[cli][image]") {
  TempDir dir;
  save(dir.file("x.npy"), {3, 6, 6}, ramp(108, 0.05f));
  for (const auto& name : kernel_preset_names()) {
    auto preset = kernel_preset(name, Pair{2, 2});
    REQUIRE(preset.ok());
    Run r = lab("apply --input " + q(dir.file("x.npy")) + " --kernel " + name + " --stride 2 --output " + q(dir.file("y.npy")));
    INFO(name << ": " << r.err);
    REQUIRE(r.status == 0);
    const auto& k = preset.value();
    const int64_t h = (6 - 1) * 2 - 2 * k.default_padding.h + k.kernel.h;
    CHECK(load(dir.file("y.npy")).shape == std::vector<int64_t>{3, h, (6 - 1) * 2 - 2 * k.default_padding.w + k.kernel.w});
  }
  Run r = lab("apply --input " + q(dir.file("x.npy")) + " --kernel bilinear --stride 2 --padding 0 --output " + q(dir.file("y.npy")));
  REQUIRE(r.status == 0);
  CHECK(load(dir.file("y.npy")).shape == std::vector<int64_t>{3, 14, 14});
}

TEST_CASE("cli: a 4-D weight on an image is used as given when the channels fit", "[cli][image]") {
  TempDir dir;
  // RGB -> 1 gray channel: weight (3, 1, 1, 1) with luminance-like weights.
  save(dir.file("w.npy"), {3, 1, 1, 1}, {0.25f, 0.5f, 0.25f});
  Run r = lab("apply --input " + q(sample_png()) + " --weight " + q(dir.file("w.npy")) + " --output " + q(dir.file("g.png")));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("256x256 gray png"));
}

TEST_CASE("cli: values outside 0..1 in an image output are clipped with a note", "[cli][image]") {
  TempDir dir;
  Run r = lab("apply --input " + q(sample_png()) + " --kernel ones3 --output " + q(dir.file("o.png")));
  REQUIRE(r.status == 0);
  CHECK_THAT(r.err, Catch::StartsWith("note: ") && Catch::Contains("clipped") && Catch::Contains(".npy"));
}

// ---------------------------------------------------------------- 5. bad input

namespace {
// Runs a failing apply against an output that already exists and one that does not; checks the
// error contract and that neither output changed.
void check_apply_fails(const TempDir& dir, const std::string& args, const std::string& needle,
                       const std::string& ext = ".npy") {
  const std::string existing = dir.file("existing" + ext), fresh = dir.file("fresh" + ext);
  test::write_text(existing, "precious");
  check_error(lab("apply " + args + " --output " + q(existing)), needle);
  CHECK(test::read_text(existing) == "precious");
  check_error(lab("apply " + args + " --output " + q(fresh)), needle);
  CHECK_FALSE(test::exists(fresh));
  for (const auto& name : dir.entries()) CHECK(name.find(".tmp-") == std::string::npos);
}
}  // namespace

TEST_CASE("cli: bad input files are errors and leave the output alone", "[cli][errors]") {
  TempDir dir;
  save(dir.file("w.npy"), {3, 3}, std::vector<float>(9, 1.0f));
  const std::string w = " --weight " + q(dir.file("w.npy"));
  // Truncated .npy.
  save(dir.file("good.npy"), {4, 4}, ramp(16));
  auto bytes = test::read_bytes(dir.file("good.npy"));
  bytes.resize(bytes.size() - 5);
  test::write_bytes(dir.file("trunc.npy"), bytes);
  check_apply_fails(dir, "--input " + q(dir.file("trunc.npy")) + w, "truncated");
  // Garbage.
  test::write_text(dir.file("garbage.npy"), "definitely not an array");
  check_apply_fails(dir, "--input " + q(dir.file("garbage.npy")) + w, "not a .npy file");
  test::write_text(dir.file("garbage.png"), "definitely not an image");
  check_apply_fails(dir, "--input " + q(dir.file("garbage.png")) + w, "not an image", ".png");
  // Wrong dtype, from numpy.
  check_apply_fails(dir, "--input " + q(std::string(TCONV_IO_DATA_DIR) + "/int64.npy") + w, "int64");
  // An image whose header claims 100000 x 100000 pixels.
  test::write_bytes(dir.file("huge.png"), test::png_header_only(100000, 100000, 6));
  check_apply_fails(dir, "--input " + q(dir.file("huge.png")) + w, "100000x100000", ".png");
  // Missing files.
  check_apply_fails(dir, "--input " + q(dir.file("nope.npy")) + w, "no such file");
  check_apply_fails(dir, "--input " + q(dir.file("good.npy")) + " --weight " + q(dir.file("nope.npy")), "nope.npy");
  check_apply_fails(dir, "--input " + q(dir.file("good.npy")) + w + " --bias " + q(dir.file("nob.npy")), "nob.npy");
  // A 1-D input and a 3-D weight.
  save(dir.file("row.npy"), {4}, ramp(4));
  check_apply_fails(dir, "--input " + q(dir.file("row.npy")) + w, "(H, W), (C, H, W) or (N, C, H, W)");
  save(dir.file("w3.npy"), {2, 3, 3}, ramp(18));
  check_apply_fails(dir, "--input " + q(dir.file("good.npy")) + " --weight " + q(dir.file("w3.npy")), "(Cin, Cout/groups, kH, kW)");
}

TEST_CASE("cli: bad parameters are errors with a fix and leave the output alone", "[cli][errors]") {
  TempDir dir;
  save(dir.file("x.npy"), {2, 3, 3}, ramp(18));
  save(dir.file("w.npy"), {3, 3}, std::vector<float>(9, 1.0f));
  save(dir.file("w4.npy"), {2, 1, 3, 3}, ramp(18));
  save(dir.file("b3.npy"), {3}, {1, 2, 3});
  save(dir.file("b2d.npy"), {1, 2}, {1, 2});
  const std::string x = "--input " + q(dir.file("x.npy"));
  const std::string w = " --weight " + q(dir.file("w.npy"));
  check_apply_fails(dir, x + w + " --padding 5", "too small");
  check_apply_fails(dir, x + w + " --stride 2 --output-padding 2", "output_padding (height)");
  check_apply_fails(dir, x + w + " --padding=-1", "cannot be negative");
  check_apply_fails(dir, x + w + " --stride 2,x", "--stride 2,1");
  check_apply_fails(dir, x + w + " --dilation 0", "dilation (height) is 0");
  check_apply_fails(dir, x + " --weight " + q(dir.file("w4.npy")) + " --groups 3", "divisible by groups");
  check_apply_fails(dir, x + w + " --groups 1", "--groups 1 does not fit");
  check_apply_fails(dir, x + w + " --bias " + q(dir.file("b3.npy")), "the bias has 3 values");
  check_apply_fails(dir, x + w + " --bias " + q(dir.file("b2d.npy")), "(Cout,)");
  check_apply_fails(dir, x, "--weight W.npy");                       // neither
  check_apply_fails(dir, x + w + " --kernel bilinear", "not both");  // both
  check_apply_fails(dir, x + " --kernel sharpen", "Known kernels: bilinear");
  check_apply_fails(dir, x + w + " --benchmark 0", "--benchmark is 0");
  check_apply_fails(dir, x + w + " --threads -2", "--threads");
  check_apply_fails(dir, x + w + " --backend tpu", "cpu (fast, the default)");
  check_apply_fails(dir, x + w + " --frobnicate", "--frobnicate");
  check_apply_fails(dir, x + w + " --stride 2 3", "not expected: 3");  // two values need a comma
  // The weight's first dimension must match the input channels (here 2, the weight says 4).
  save(dir.file("w44.npy"), {4, 1, 2, 2}, ramp(16));
  check_apply_fails(dir, x + " --weight " + q(dir.file("w44.npy")), "input channels");
}

TEST_CASE("cli: outputs that cannot be written are refused before computing", "[cli][errors]") {
  TempDir dir;
  save(dir.file("x.npy"), {5, 3, 3}, ramp(45));
  const std::string x = "--input " + q(dir.file("x.npy")) + " --kernel nearest --stride 2";
  // Missing output directory.
  check_error(lab("apply " + x + " --output " + q(dir.file("no/such/dir/y.npy"))), "does not exist");
  CHECK_FALSE(test::exists(dir.file("no")));
  // Unknown extension and no extension.
  check_apply_fails(dir, x, ".npy for the exact floats", ".xyz");
  check_error(lab("apply " + x + " --output " + q(dir.file("noext"))), "no extension");
  // Five channels do not fit in an image file; a batch of two neither.
  check_apply_fails(dir, x, "Write it as .npy instead", ".png");
  save(dir.file("x4.npy"), {2, 1, 3, 3}, ramp(18));
  check_apply_fails(dir, "--input " + q(dir.file("x4.npy")) + " --kernel nearest", "batch of 2", ".png");
  // The output is a directory.
  check_error(lab("apply " + x + " --output " + q(dir.path().string())), "is a directory");
}

TEST_CASE("cli: the GPU backend, without or with GPU support", "[cli][errors]") {
  TempDir dir;
  save(dir.file("x.npy"), {4, 4}, ramp(16));
  const std::string args = "apply --input " + q(dir.file("x.npy")) + " --kernel bilinear --stride 2 --backend gpu --output " + q(dir.file("y.npy"));
#ifndef TCONV_TEST_HAVE_GPU
  check_error(lab(args), "built without GPU support");
  CHECK_FALSE(test::exists(dir.file("y.npy")));
#else
  Run r = lab(args);
  // Either it works and equals the reference, or there is no GL 4.3 here: a clean error.
  if (r.status == 0) {
    REQUIRE(lab("apply --input " + q(dir.file("x.npy")) + " --kernel bilinear --stride 2 --backend reference --output " + q(dir.file("r.npy"))).status == 0);
    check_close(load(dir.file("y.npy")).data, load(dir.file("r.npy")).data, 1e-4f);
  } else {
    CHECK(r.status == 2);
    CHECK(r.err.rfind("error: ", 0) == 0);
    CHECK_FALSE(test::exists(dir.file("y.npy")));
  }
#endif
}

TEST_CASE("cli: help, usage and unknown commands", "[cli]") {
  Run r = lab("--help");
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("apply") && Catch::Contains("size"));
  r = lab("apply --help");
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("CROPS") && Catch::Contains("output_padding") && Catch::Contains("bilinear"));
  r = lab("size --help");
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("out = (in - 1)*stride"));
  check_error(lab("frobnicate"), "frobnicate");
#ifndef TCONV_TEST_HAVE_GUI
  r = lab("");
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("tconv-lab apply --input X --output Y"));
  check_error(lab("gui"), "without the GUI");
#endif
}

// ---------------------------------------------------------------- 6. reliability: outputs that are
// not regular files, truncated images, conversions, messages
#include <sys/stat.h>

TEST_CASE("cli: an output that is a FIFO, or a link to one, is refused and not replaced", "[cli][errors][reliability]") {
  TempDir dir;
  save(dir.file("x.npy"), {3, 3}, ramp(9));
  REQUIRE(::mkfifo(dir.file("pipe").c_str(), 0644) == 0);
  REQUIRE(::symlink(dir.file("pipe").c_str(), dir.file("out.npy").c_str()) == 0);
  for (const char* out : {"pipe", "out.npy"}) {
    check_error(lab("apply --input " + q(dir.file("x.npy")) + " --kernel ones3 --output " + q(dir.file(out))),
                "FIFO");
    struct stat st {};
    REQUIRE(::lstat(dir.file("pipe").c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));
  }
  CHECK(dir.entries() == std::set<std::string>{"x.npy", "pipe", "out.npy"});
}

TEST_CASE("cli: writing through a link to a file replaces the file and names both", "[cli][reliability]") {
  TempDir dir;
  save(dir.file("x.npy"), {3, 3}, ramp(9));
  test::write_text(dir.file("real.npy"), "old");
  REQUIRE(::symlink(dir.file("real.npy").c_str(), dir.file("link.npy").c_str()) == 0);
  const Run r = lab("apply --input " + q(dir.file("x.npy")) + " --kernel ones3 --output " + q(dir.file("link.npy")));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("link.npy -> ") && Catch::Contains("real.npy:"));
  CHECK(std::filesystem::is_symlink(dir.file("link.npy")));
  CHECK(load(dir.file("real.npy")).shape == std::vector<int64_t>{5, 5});
}

TEST_CASE("cli: a truncated TGA input is an error naming the file", "[cli][errors][reliability]") {
  TempDir dir;
  // 30 x 20 RGB uncompressed, cut to 922 bytes (of 1818).
  std::vector<uint8_t> tga = {0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 30, 0, 20, 0, 24, 0x20};
  tga.resize(922, 0x80);
  test::write_bytes(dir.file("cut.tga"), tga);
  check_error(lab("apply --input " + q(dir.file("cut.tga")) + " --kernel ones3 --output " + q(dir.file("y.npy"))),
              "cut.tga");
  check_error(lab("apply --input " + q(dir.file("cut.tga")) + " --kernel ones3 --output " + q(dir.file("y.npy"))),
              "truncated TGA");
  CHECK_FALSE(test::exists(dir.file("y.npy")));
}

TEST_CASE("cli: a 20000x20000 PNG gets the size-limit message", "[cli][errors][reliability]") {
  TempDir dir;
  test::write_bytes(dir.file("big.png"), test::png_header_only(20000, 20000, 2));
  check_error(lab("apply --input " + q(dir.file("big.png")) + " --kernel ones3 --output " + q(dir.file("y.png"))),
              "20000x20000");
}

TEST_CASE("cli: float64 values changed by the conversion to float32 get a note", "[cli][reliability]") {
  TempDir dir;
  const auto f64 = [](const std::vector<double>& v) {
    std::vector<uint8_t> b(v.size() * 8);
    std::memcpy(b.data(), v.data(), b.size());
    return b;
  };
  // 1e300 overflows to inf, 0.1 is rounded; 2.0 and 0.5 are exact.
  test::write_bytes(dir.file("x.npy"), test::npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
                                                             f64({1e300, 0.1, 2.0, 0.5})));
  Run r = lab("apply --input " + q(dir.file("x.npy")) + " --kernel identity --output " + q(dir.file("y.npy")));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.err, Catch::Contains("note: the input '") && Catch::Contains("float64") &&
                        Catch::Contains("1 of 4 overflowed to +-inf") && Catch::Contains("1 of 4 were rounded"));
  // Exactly representable float64 values: no note.
  test::write_bytes(dir.file("e.npy"), test::npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
                                                             f64({1.0, 0.25, -2.0, 3.0})));
  r = lab("apply --input " + q(dir.file("e.npy")) + " --kernel identity --output " + q(dir.file("y.npy")));
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
}

TEST_CASE("cli: writing alpha to jpg or bmp says it was dropped", "[cli][reliability]") {
  TempDir dir;
  Tensor4 rgba(Shape4{1, 4, 4, 4});
  for (size_t i = 0; i < rgba.data.size(); ++i) rgba.data[i] = static_cast<float>(i % 5) / 4.0f;
  REQUIRE(io::save_image(dir.file("in.png"), rgba).ok());
  Run r = lab("apply --input " + q(dir.file("in.png")) + " --kernel identity --output " + q(dir.file("y.jpg")));
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("RGB jpg (alpha dropped)"));
  CHECK_THAT(r.out, !Catch::Contains("RGBA jpg"));
  CHECK_THAT(r.err, Catch::Contains("note:") && Catch::Contains("alpha channel was dropped"));
  // BMP keeps RGBA (32-bit) but not gray+alpha.
  r = lab("apply --input " + q(dir.file("in.png")) + " --kernel identity --output " + q(dir.file("y.bmp")));
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("RGBA bmp"));
  CHECK(r.err.empty());
  Tensor4 la(Shape4{1, 2, 4, 4});
  for (size_t i = 0; i < la.data.size(); ++i) la.data[i] = static_cast<float>(i % 3) / 2.0f;
  REQUIRE(io::save_image(dir.file("la.png"), la).ok());
  r = lab("apply --input " + q(dir.file("la.png")) + " --kernel identity --output " + q(dir.file("z.bmp")));
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("gray bmp (alpha dropped)"));
  CHECK_THAT(r.err, Catch::Contains("alpha channel was dropped"));
}

TEST_CASE("cli: size is exact at extreme values (no saturation in between)", "[cli][reliability]") {
  // (2 - 1) x (2^63 - 1) - 2 x 2^62 + 1 x (3 - 1) + 0 + 1 = 2
  const Run r = lab("size --input 2 --kernel 3 --padding 4611686018427387904 --stride 9223372036854775807");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("output: 2 x 2"));
}

TEST_CASE("cli: size errors name the term that is too large", "[cli][errors][reliability]") {
  check_error(lab("size --input 2 --kernel 3 --dilation 100000000000"), "smaller kernel or dilation");
  check_error(lab("size --input 2 --kernel 3 --stride 100000000000"), "smaller input or stride");
  const Run r = lab("size --input 2 --kernel 3 --dilation 100000000000");
  CHECK_THAT(r.err, !Catch::Contains("smaller input or stride"));
}

TEST_CASE("cli: --groups on a single channel does not suggest 'e.g. 1 or 1'", "[cli][errors][reliability]") {
  TempDir dir;
  save(dir.file("x.npy"), {1, 3, 3}, ramp(9));
  save(dir.file("w.npy"), {1, 1, 3, 3}, ramp(9));
  const Run r = lab("apply --input " + q(dir.file("x.npy")) + " --weight " + q(dir.file("w.npy")) +
                    " --groups 2 --output " + q(dir.file("y.npy")));
  check_error(r, "only groups = 1");
  CHECK_THAT(r.err, !Catch::Contains("1 or 1"));
}

TEST_CASE("cli: --help and unknown commands list animate", "[cli][reliability]") {
  Run r = lab("--help");
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("animate"));
  r = lab("frobnicate");
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Contains("animate"));
}

TEST_CASE("cli: a .npy descr with control bytes is escaped; '|f4' reads as float32", "[cli][errors][reliability]") {
  TempDir dir;
  test::write_bytes(dir.file("evil.npy"),
                    test::npy_with_header("{'descr': '<\x1b[31mred', 'fortran_order': False, 'shape': (1, 1), }", {0, 0, 0, 0}));
  const Run r = lab("apply --input " + q(dir.file("evil.npy")) + " --kernel ones3 --output " + q(dir.file("y.npy")));
  check_error(r, "\\x1b[31mred");
  CHECK(r.err.find('\x1b') == std::string::npos);
  test::write_bytes(dir.file("bar.npy"), test::npy_with_header("{'descr': '|f4', 'fortran_order': False, 'shape': (2, 2), }",
                                                               test::float_bytes({1, 2, 3, 4})));
  const Run ok = lab("apply --input " + q(dir.file("bar.npy")) + " --kernel identity --output " + q(dir.file("y.npy")));
  INFO(ok.err);
  CHECK(ok.status == 0);
  if (ok.status == 0) CHECK(load(dir.file("y.npy")).data == std::vector<float>{1, 2, 3, 4});
}

#ifdef TCONV_TEST_HAVE_GUI
TEST_CASE("cli: gui --lesson 0 and an unknown --image-kernel are refused with the right advice", "[cli][errors][reliability]") {
  check_error(lab("gui --lesson 0"), "numbered from 1");
  const Run r = lab("gui --image-kernel foo");
  check_error(r, "unknown kernel 'foo'");
  CHECK_THAT(r.err, !Catch::Contains("--weight"));
}

TEST_CASE("cli: animate --force --frames-dir removes the frames of an earlier, longer run only", "[cli][reliability]") {
  TempDir dir;
  const std::string gif = dir.file("anim.gif"), frames = dir.file("fr");
  const std::string common = " --size 96x64 --input 2 --kernel 2 --frames-dir " + q(frames);
  Run r = lab("animate --output " + q(gif) + common + " --fps 4");
  INFO(r.err);
  REQUIRE(r.status == 0);
  size_t first = 0;
  for (const auto& e : std::filesystem::directory_iterator(frames)) first += e.path().extension() == ".png";
  // Files that only look similar are not ours and stay.
  test::write_text(frames + "/anim_notes.txt", "keep");
  test::write_text(frames + "/other_0099.png", "keep");
  test::write_text(frames + "/anim_12.png", "keep");  // fewer than 4 digits: not a frame name
  r = lab("animate --force --output " + q(gif) + common + " --fps 1");
  REQUIRE(r.status == 0);
  std::set<std::string> left;
  for (const auto& e : std::filesystem::directory_iterator(frames)) left.insert(e.path().filename().string());
  size_t second = 0;
  for (const std::string& n : left) second += n.rfind("anim_0", 0) == 0;
  REQUIRE(second < first);
  // Exactly this run's frames, numbered 1..second, and the unrelated files.
  for (size_t k = 1; k <= second; ++k) {
    std::string n = std::to_string(k);
    n.insert(0, 4 - n.size(), '0');
    CHECK(left.count("anim_" + n + ".png") == 1);
  }
  CHECK(left.size() == second + 3);
  CHECK(left.count("anim_notes.txt") == 1);
  CHECK(left.count("other_0099.png") == 1);
  CHECK(left.count("anim_12.png") == 1);
  CHECK_THAT(r.out, Catch::Contains("removed " + std::to_string(first - second)));
}
#endif

#ifdef TCONV_TEST_HAVE_GUI
TEST_CASE("cli: a huge lesson paragraph and title do not crash the GUI (text is split and cut)", "[cli][gui][reliability]") {
  // Needs an X display, as the screenshot tests (CI runs ctest under Xvfb).
  test::require_display();
  TempDir dir;
  // 40,000 characters of words in one paragraph, a 30,000-character title without spaces, and a
  // 20,000-character hint: each alone needs more than ImGui's 65,536 vertices of one draw list.
  std::string words, title(30000, 'x'), hint(20000, 'h');
  for (int i = 0; i < 8000; ++i) words += "word ";
  test::write_text(dir.file("lessons.txt"), "[lesson]\ntitle = " + title + "\ntext = " + words +
                                                "\ntext = short\nquestion = What size?\nanswer = size 5x5\nhint = " + hint + "\n");
  ::setenv("TCONV_ASSETS_DIR", dir.path().c_str(), 1);
  const std::string png = dir.file("shot.png");
  const Run r = lab("gui --lesson 1 --lesson-answer 3x3 --window 1280x800 --screenshot " + q(png));
  ::unsetenv("TCONV_ASSETS_DIR");
  INFO("stderr: " << r.err);
  CHECK(r.status == 0);
  CHECK(test::exists(png));
}
#endif

#ifdef TCONV_TEST_HAVE_GPU
TEST_CASE("cli: the GPU backend at extreme stride/padding/dilation agrees with the CPU or refuses by name", "[cli][reliability]") {
  TempDir dir;
  save(dir.file("x3.npy"), {3, 3}, ramp(9, 1.0f, 1.0f));
  save(dir.file("x2.npy"), {2, 2}, ramp(4, 1.0f, 1.0f));
  const std::vector<std::string> cases = {
      "--input " + q(dir.file("x3.npy")) + " --kernel ones3 --stride 1073741824 --padding 1073741824",
      "--input " + q(dir.file("x2.npy")) + " --kernel ones3 --dilation 2147483647 --padding 2147483647",
      "--input " + q(dir.file("x3.npy")) + " --kernel ones3 --stride 1099511627776 --padding 1099511627776",
      "--input " + q(dir.file("x3.npy")) + " --kernel ones3 --stride 72057594037927936 --padding 72057594037927936",
  };
  for (const std::string& c : cases) {
    INFO(c);
    const Run cpu = lab("apply " + c + " --backend cpu --output " + q(dir.file("cpu.npy")));
    INFO("cpu: " << cpu.err);
    REQUIRE(cpu.status == 0);
    const Run gpu = lab("apply " + c + " --backend gpu --output " + q(dir.file("gpu.npy")));
    INFO("gpu: " << gpu.out << gpu.err);
    CHECK_THAT(gpu.err, !Catch::Contains("vector::") && !Catch::Contains("out of memory"));
    if (gpu.status == 0) {
      check_close(load(dir.file("gpu.npy")).data, load(dir.file("cpu.npy")).data, 1e-5f);
    } else {
      CHECK(gpu.status == 2);
      // No GL 4.3 here at all, or a refusal that names the value.
      CHECK_THAT(gpu.err, Catch::Contains("OpenGL") || Catch::Contains("GPU backend cannot compute this"));
    }
    std::filesystem::remove(dir.file("gpu.npy"));
  }
}
#endif
// ---------------------------------------------------------------- 7. TensorFlow/Keras convention

namespace {
Tensor4 tensor_from_npy(const io::NpyArray& a) {
  REQUIRE(a.shape.size() == 4);
  Tensor4 t(Shape4{a.shape[0], a.shape[1], a.shape[2], a.shape[3]});
  t.data = a.data;
  return t;
}
}  // namespace

TEST_CASE("cli: size --tf-padding same with an odd crop says PyTorch cannot express it", "[cli][size][tf]") {
  // k 3, s 2: full (4-1)*2 + 3 = 9 rows and (3-1)*2 + 3 = 7 columns; 'same' keeps 8 x 6, cropping the
  // one extra cell at the bottom/right.
  Run r = lab("size --input 4,3 --kernel 3 --stride 2 --tf-padding same");
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(r.out ==
        "TensorFlow/Keras padding='same': out = in x stride, cropped from the full (in - 1) x stride + k_eff "
        "cells (k_eff = dilation x (kernel - 1) + 1)\n"
        "height: 4 x 2 = 8 (full 9)\n"
        "  TensorFlow crops 1 of the 9 cells, 0 at the top and 1 at the bottom; PyTorch crops both sides equally, so no "
        "padding/output_padding gives this (padding=1, output_padding=1 has the same size but is shifted by one row): "
        "use padding=0 and drop the last row (y[..., :-1, :]).\n"
        "width:  3 x 2 = 6 (full 7)\n"
        "  TensorFlow crops 1 of the 7 cells, 0 at the left and 1 at the right; PyTorch crops both sides equally, so no "
        "padding/output_padding gives this (padding=1, output_padding=1 has the same size but is shifted by one column): "
        "use padding=0 and drop the last column (y[..., :-1]).\n"
        "output: 8 x 6 (height x width)\n"
        "PyTorch: no padding/output_padding gives this; use padding=(0, 0), output_padding=(0, 0) and keep y[..., :-1, :-1]\n");
}

TEST_CASE("cli: size --tf-padding gives the PyTorch equivalent where there is one", "[cli][size][tf]") {
  // DCGAN's k 4, s 2: full 66, 'same' 64 = one cell off each side = PyTorch padding 1.
  Run r = lab("size --input 32 --kernel 4 --stride 2 --tf-padding same");
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("height: 32 x 2 = 64 (full 66)\n") &&
                        Catch::Contains("output: 64 x 64 (height x width)\n") &&
                        Catch::EndsWith("PyTorch: padding=(1, 1), output_padding=(0, 0)\n"));
  // 'valid' with kernels narrower than the stride: zeros follow (PyTorch output_padding).
  // height: 5*3 + max(2-3, 0) = 15 of full 14; width: 2*3 = 6 of full 4.
  r = lab("size --input 5,2 --kernel 2,1 --stride 3 --tf-padding valid");
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("height: 5 x 3 + max(2 - 3, 0) = 15 (full 14)\n") &&
                        Catch::Contains("width:  2 x 3 + max(1 - 3, 0) = 6 (full 4)\n") &&
                        Catch::EndsWith("PyTorch: padding=(0, 0), output_padding=(1, 2)\n"));
  // Only one axis odd: only that one is sliced.
  r = lab("size --input 4 --kernel 3,4 --stride 2 --tf-padding same");
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::EndsWith("use padding=(0, 1), output_padding=(0, 0) and keep y[..., :-1, :]\n"));
}

TEST_CASE("cli: apply --tf-padding same/valid, by hand", "[cli][apply][tf]") {
  // 2x2 input, 3x3 ones kernel, stride 2: the full 5x5 is
  //   1 1 3 2 2 / 1 1 3 2 2 / 4 4 10 6 6 / 3 3 7 4 4 / 3 3 7 4 4
  // 'valid' keeps it; 'same' keeps the top-left 4x4 (TensorFlow crops the bottom row and right column).
  TempDir dir;
  save(dir.file("x.npy"), {2, 2}, {1, 2, 3, 4});
  save(dir.file("w.npy"), {3, 3}, std::vector<float>(9, 1.0f));
  const std::string base = "apply --input " + q(dir.file("x.npy")) + " --weight " + q(dir.file("w.npy")) + " --stride 2";
  Run r = lab(base + " --tf-padding same --output " + q(dir.file("same.npy")));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("float32 array (4, 4)") && Catch::Contains("tf-padding same"));
  auto y = load(dir.file("same.npy"));
  CHECK(y.shape == std::vector<int64_t>{4, 4});
  CHECK(y.data == std::vector<float>{1, 1, 3, 2,
                                     1, 1, 3, 2,
                                     4, 4, 10, 6,
                                     3, 3, 7, 4});
  REQUIRE(lab(base + " --tf-padding valid --output " + q(dir.file("valid.npy"))).status == 0);
  y = load(dir.file("valid.npy"));
  CHECK(y.shape == std::vector<int64_t>{5, 5});
  CHECK(y.data == std::vector<float>{1, 1, 3, 2, 2, 1, 1, 3, 2, 2, 4, 4, 10, 6, 6, 3, 3, 7, 4, 4, 3, 3, 7, 4, 4});
}

TEST_CASE("cli: apply --tf-padding equals the core, and PyTorch's equivalent where there is one", "[cli][apply][tf]") {
  TempDir dir;
  save(dir.file("x.npy"), {2, 2, 5, 4}, ramp(80, 0.1f, -0.5f));
  save(dir.file("w.npy"), {2, 3, 4, 3}, ramp(72, 0.05f, -0.3f));
  save(dir.file("b.npy"), {3}, {0.5f, -1.0f, 2.0f});
  const Tensor4 x = tensor_from_npy(load(dir.file("x.npy")));
  const Tensor4 w = tensor_from_npy(load(dir.file("w.npy")));
  const std::string base = "apply --input " + q(dir.file("x.npy")) + " --weight " + q(dir.file("w.npy")) +
                           " --bias " + q(dir.file("b.npy")) + " --stride 2,3";
  for (const std::string padding : {"same", "valid"})
    for (const std::string backend : {"cpu", "reference"}) {
      INFO(padding << " " << backend);
      Run r = lab(base + " --tf-padding " + padding + " --backend " + backend + " --output " + q(dir.file("y.npy")));
      INFO(r.err);
      REQUIRE(r.status == 0);
      TfConvTransposeParams p;
      p.padding = *tf_padding_from_name(padding);
      p.stride = {2, 3};
      auto expected = conv_transpose2d_tf(x, w, {0.5f, -1.0f, 2.0f}, p, 1);
      REQUIRE(expected.ok());
      const auto y = load(dir.file("y.npy"));
      const Shape4 s = expected.value().shape;
      CHECK(y.shape == std::vector<int64_t>{s.n, s.c, s.h, s.w});
      check_close(y.data, expected.value().data, 1e-5f);
    }
  // k 4, s 2 'same' crops one row off each side: exactly --padding 1 (the width, k 3 at s 3, crops nothing).
  Run tf_run = lab(base + " --tf-padding same --output " + q(dir.file("tf.npy")));
  Run pt_run = lab(base + " --padding 1,0 --output " + q(dir.file("pt.npy")));
  INFO(tf_run.err << pt_run.err);
  REQUIRE(tf_run.status == 0);
  REQUIRE(pt_run.status == 0);
  CHECK(load(dir.file("tf.npy")).data == load(dir.file("pt.npy")).data);
}

TEST_CASE("cli: apply --tf-padding on an image with a kernel preset", "[cli][image][tf]") {
  TempDir dir;
  // bilinear at stride 2 is 4x4 with PyTorch padding 1, which is also what 'same' crops.
  Run r = lab("apply --input " + q(sample_png()) + " --kernel bilinear --stride 2 --tf-padding same --output " + q(dir.file("tf.npy")));
  INFO(r.err);
  REQUIRE(r.status == 0);
  REQUIRE(lab("apply --input " + q(sample_png()) + " --kernel bilinear --stride 2 --output " + q(dir.file("pt.npy"))).status == 0);
  const auto tf = load(dir.file("tf.npy")), pt = load(dir.file("pt.npy"));
  CHECK(tf.shape == pt.shape);
  CHECK(tf.data == pt.data);
  // An image output has TensorFlow's size: 'valid' adds k - s = 2 rows and columns.
  r = lab("apply --input " + q(sample_png()) + " --kernel bilinear --stride 2 --tf-padding valid --output " + q(dir.file("v.png")));
  REQUIRE(r.status == 0);
  auto img = io::load_image(dir.file("v.png"));
  REQUIRE(img.ok());
  CHECK(img.value().shape.h == pt.shape[1] + 2);
  CHECK(img.value().shape.w == pt.shape[2] + 2);
}

TEST_CASE("cli: --tf-padding with --padding or --output-padding, or a bad value, is an error", "[cli][errors][tf]") {
  check_error(lab("size --input 3 --kernel 3 --stride 2 --tf-padding same --padding 0"),
              "--tf-padding and --padding cannot be used together");
  check_error(lab("size --input 3 --kernel 3 --stride 2 --output-padding 1 --tf-padding valid"),
              "--tf-padding and --output-padding cannot be used together");
  check_error(lab("size --input 3 --kernel 3 --tf-padding full"), "Use --tf-padding same");
  check_error(lab("size --input 3 --kernel 3 --stride 0 --tf-padding same"), "stride (height) is 0");
  TempDir dir;
  save(dir.file("x.npy"), {2, 3, 3}, ramp(18));
  save(dir.file("w4.npy"), {2, 1, 3, 3}, ramp(18));
  const std::string x = "--input " + q(dir.file("x.npy")) + " --weight " + q(dir.file("w4.npy"));
  check_apply_fails(dir, x + " --tf-padding same --padding 1", "--tf-padding and --padding cannot be used together");
  check_apply_fails(dir, x + " --tf-padding same --padding 0", "Drop --padding");
  check_apply_fails(dir, x + " --stride 2 --tf-padding valid --output-padding 1", "--tf-padding and --output-padding");
  check_apply_fails(dir, x + " --tf-padding SAME", "is not a TensorFlow padding");
  check_apply_fails(dir, x + " --tf-padding same --groups 3", "divisible by groups");
  // The same via the function, not the process (the API a script or the GUI would call).
  app::ApplyArgs a;
  a.input = dir.file("x.npy");
  a.weight = dir.file("w4.npy");
  a.output = dir.file("api.npy");
  a.tf_padding = "same";
  a.output_padding = "1";
  std::ostringstream out, notes;
  auto st = app::run_apply(a, out, notes);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.error().message, Catch::Contains("--tf-padding and --output-padding"));
  CHECK_FALSE(test::exists(dir.file("api.npy")));
  Run r = lab("apply --help");
  CHECK_THAT(r.out, Catch::Contains("--tf-padding"));
}
