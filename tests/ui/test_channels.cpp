// The channels view's window-free model (views/channels.h): its steps, checked against core's
// reference conv_transpose2d at the end of every step, a hand-worked case, and the messages for
// impossible channel counts.
#include <catch2/catch.hpp>

#include <set>
#include <tuple>

#include "core/conv_transpose.h"
#include "ui/presets.h"
#include "ui/views/channels.h"

using namespace tconv;
using namespace tconv::ui;

namespace {
ChannelsData make(int64_t cin, int64_t cout, int64_t groups, bool bias, Pair in = {3, 3}, Pair k = {3, 3},
                  ConvTransposeParams p = {}) {
  const Grid x = make_input_values(InputFill::Ramp, in, 1);
  const Grid w = make_kernel_values(KernelFill::Ramp, k, p.stride, 1);
  return build_channels_data(x, w, p, ChannelSettings{cin, cout, groups, bias});
}

// What the output should be after `done` steps, from core's direct formulation (zero-insert and
// flipped kernel, not the scatter the model is built with): per output plane, the input with only
// the pixels already stepped for that plane, and the bias once its step is done.
Tensor4 expected_after(const ChannelsData& d, size_t done) {
  Tensor4 y(d.y.shape);
  for (int64_t o = 0; o < d.settings.out_channels; ++o) {
    Tensor4 xm(d.x.shape);
    std::vector<float> bias(size_t(d.settings.out_channels), 0.0f);
    for (size_t i = 0; i < done; ++i) {
      const ChannelStep& s = d.steps[i];
      if (s.out != o) continue;
      if (s.bias) {
        bias[size_t(o)] = d.bias[size_t(o)];
      } else {
        xm.at(0, s.in, s.r, s.c) = d.x.at(0, s.in, s.r, s.c);
      }
    }
    const Tensor4 ref = conv_transpose2d_direct(xm, d.w, bias, d.params);
    for (int64_t r = 0; r < y.shape.h; ++r)
      for (int64_t c = 0; c < y.shape.w; ++c) y.at(0, o, r, c) = ref.at(0, o, r, c);
  }
  return y;
}

void check_every_step(const ChannelsData& d) {
  REQUIRE(d.ok());
  for (size_t k = 0; k <= d.steps.size(); ++k) {
    INFO("after " << k << " of " << d.steps.size() << " steps");
    const Tensor4 got = channels_partial_output(d, k);
    const Tensor4 want = expected_after(d, k);
    REQUIRE(got.shape == want.shape);
    for (size_t i = 0; i < got.data.size(); ++i) REQUIRE(got.data[i] == Approx(want.data[i]).margin(1e-4));
  }
  // After the last step: core's reference with every channel, the groups and the bias.
  const Tensor4 all = channels_partial_output(d, d.steps.size());
  const Tensor4 ref = conv_transpose2d_scatter(d.x, d.w, d.bias, d.params);
  REQUIRE(all.shape == ref.shape);
  for (size_t i = 0; i < all.data.size(); ++i) CHECK(all.data[i] == Approx(ref.data[i]).margin(1e-4));
}
}  // namespace

TEST_CASE("channels: a hand-worked 1x1 case, two input channels summed, bias last", "[channels]") {
  // x[0] = [2], x[1] = x[0] + 1 = [3]; w[0,0] = [3] (the editor's kernel), w[1,0] from the generator.
  Grid x(1, 1, 2.0f), w(1, 1, 3.0f);
  const ChannelsData d = build_channels_data(x, w, ConvTransposeParams{}, ChannelSettings{2, 1, 1, true});
  REQUIRE(d.ok());
  REQUIRE(d.steps.size() == 3);  // x[0] onto y[0], x[1] onto y[0], bias
  CHECK(d.x.at(0, 1, 0, 0) == 3.0f);
  CHECK(d.w.at(0, 0, 0, 0) == 3.0f);
  CHECK(d.bias == std::vector<float>{1.0f});
  const float w10 = d.w.at(1, 0, 0, 0);
  CHECK(channels_partial_output(d, 1).at(0, 0, 0, 0) == 6.0f);              // 2*3
  CHECK(channels_partial_output(d, 2).at(0, 0, 0, 0) == 6.0f + 3.0f * w10);  // + 3*w[1,0]
  CHECK(channels_partial_output(d, 3).at(0, 0, 0, 0) == 7.0f + 3.0f * w10);  // + b[0] = 1
  CHECK(d.y.at(0, 0, 0, 0) == 7.0f + 3.0f * w10);
  CHECK(d.steps[2].bias);
  CHECK(channels_step_caption(d, 2).find("bias b[0] = 1 is added") != std::string::npos);
  CHECK(channels_step_caption(d, 1).find("x[1][0,0] = 3 scales kernel w[1,0] onto output plane y[0]") !=
        std::string::npos);
}

TEST_CASE("channels: every step's output equals core's reference, for every channel count and group", "[channels]") {
  for (int64_t cin = 1; cin <= kMaxViewChannels; ++cin)
    for (int64_t cout = 1; cout <= kMaxViewChannels; ++cout)
      for (int64_t g = 1; g <= kMaxViewChannels; ++g) {
        if (cin % g || cout % g) continue;
        INFO("Cin " << cin << " Cout " << cout << " groups " << g);
        check_every_step(make(cin, cout, g, (cin + cout) % 2 == 0, Pair{2, 2}, Pair{2, 3}));
      }
}

TEST_CASE("channels: stride, padding, output_padding and dilation with groups", "[channels]") {
  ConvTransposeParams p;
  p.stride = {2, 3};
  p.padding = {1, 0};
  p.output_padding = {1, 2};
  p.dilation = {1, 2};
  check_every_step(make(4, 2, 2, true, Pair{3, 2}, Pair{3, 2}, p));
  check_every_step(make(2, 4, 2, false, Pair{2, 3}, Pair{4, 4}, p));
}

TEST_CASE("channels: the order of the steps, and groups as blocks", "[channels]") {
  const ChannelsData d = make(4, 2, 2, true, Pair{2, 2}, Pair{2, 2});
  REQUIRE(d.ok());
  // Per plane: its group's 2 input channels x 4 pixels, then the bias: 2 x (8 + 1).
  REQUIRE(d.steps.size() == 18);
  CHECK(d.w.shape == Shape4{4, 1, 2, 2});  // (Cin, Cout/groups, kH, kW)
  for (size_t i = 0; i < d.steps.size(); ++i) {
    const ChannelStep& s = d.steps[i];
    CHECK(s.out == int64_t(i / 9));
    if (i % 9 == 8) {
      CHECK(s.bias);
      continue;
    }
    CHECK_FALSE(s.bias);
    // Plane 0 (group 0) reads input channels 0, 1; plane 1 (group 1) reads 2, 3.
    CHECK(s.in == 2 * s.out + int64_t(i % 9) / 4);
    CHECK(d.group_of_in(s.in) == d.group_of_out(s.out));
    CHECK(s.k == 0);
  }
  // Changing an input channel of group 1 leaves plane 0 alone.
  ChannelsData other = d;
  for (int64_t r = 0; r < 2; ++r)
    for (int64_t c = 0; c < 2; ++c) other.x.at(0, 3, r, c) += 10;
  const Tensor4 a = conv_transpose2d_scatter(d.x, d.w, d.bias, d.params);
  const Tensor4 b = conv_transpose2d_scatter(other.x, other.w, other.bias, other.params);
  CHECK(a.at(0, 0, 1, 1) == b.at(0, 0, 1, 1));
  CHECK(a.at(0, 1, 1, 1) != b.at(0, 1, 1, 1));
  CHECK(channels_step_caption(d, 9).find("group 1") != std::string::npos);
}

TEST_CASE("channels: impossible counts are explained", "[channels]") {
  CHECK(validate_channels(4, 2, 2).ok());
  CHECK(validate_channels(1, 4, 1).ok());
  const Status a = validate_channels(3, 2, 2);
  REQUIRE_FALSE(a.ok());
  CHECK(a.error().message.find("must divide both the input channels (3)") != std::string::npos);
  const Status b = validate_channels(5, 2, 1);
  REQUIRE_FALSE(b.ok());
  CHECK(b.error().message.find("input channels is 5") != std::string::npos);
  CHECK(b.error().message.find("1 to 4") != std::string::npos);
  CHECK_FALSE(validate_channels(2, 2, 0).ok());
  const ChannelsData d = make(3, 2, 2, true);
  CHECK_FALSE(d.ok());
  CHECK(d.steps.empty());
  CHECK(channels_step_caption(d, 0).find("must divide") != std::string::npos);
}

TEST_CASE("channels: the PyTorch snippet uses the real channel counts, groups, weights and bias", "[channels]") {
  const ChannelsData d = make(4, 2, 2, true, Pair{2, 2}, Pair{2, 2});
  const std::string code = channels_pytorch_snippet(d);
  CHECK(code.find("nn.ConvTranspose2d(4, 2, kernel_size=(2, 2)") != std::string::npos);
  CHECK(code.find("groups=2, bias=True") != std::string::npos);
  CHECK(code.find("conv.bias.copy_(torch.tensor([1, -1]))") != std::string::npos);
  CHECK(code.find("# (1, 2, 3, 3)") != std::string::npos);
  // x[3] = ramp + 3: [[4, 5], [6, 7]].
  CHECK(code.find("[[4, 5], [6, 7]]]") != std::string::npos);
  CHECK(channels_pytorch_snippet(make(2, 2, 1, false)).find("bias=False") != std::string::npos);
}

// ---------------------------------------------------------------- through the window
#include <stb_image.h>

#include <filesystem>
#include <unistd.h>

#include "common/display.h"
#include "common/run_binary.h"

#ifndef TCONV_LAB_EXE
#define TCONV_LAB_EXE ""
#endif

namespace {
namespace fs = std::filesystem;
fs::path channels_temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("tconv_test_channels_" + std::to_string(getpid()));
  fs::create_directories(d);
  return d;
}
tconv::test::RunResult run_lab(const std::string& args, const std::string& env = "") {
  return tconv::test::run_command(env + " " + tconv::test::shell_quote(TCONV_LAB_EXE) + " " + args);
}
// Pixels within 12 of the colour, per channel.
long count_colour(const fs::path& png, int r, int g, int b) {
  int w = 0, h = 0, n = 0;
  unsigned char* data = stbi_load(png.string().c_str(), &w, &h, &n, 3);
  REQUIRE(data != nullptr);
  long count = 0;
  for (long i = 0; i < long(w) * long(h); ++i) {
    const unsigned char* p = data + i * 3;
    if (std::abs(p[0] - r) <= 12 && std::abs(p[1] - g) <= 12 && std::abs(p[2] - b) <= 12) ++count;
  }
  stbi_image_free(data);
  return count;
}
}  // namespace

TEST_CASE("gui: impossible channel counts and TensorFlow modes exit 2 with a clear message", "[options][channels]") {
  REQUIRE(std::string(TCONV_LAB_EXE) != "");
  const std::string png = (channels_temp_dir() / "never.png").string();
  const std::pair<std::string, std::string> cases[] = {
      {"--view channels --in-channels 3 --out-channels 2 --groups 2", "must divide both the input channels (3)"},
      {"--view channels --in-channels 5", "input channels is 5"},
      {"--view channels --out-channels 0", "output channels is 0"},
      {"--view channels --groups 3", "must divide"},
      {"--tf-padding full", "--tf-padding full: use same"},
      {"--tf-padding same --padding 1", "leave out --padding"},
  };
  for (const auto& [args, says] : cases) {
    INFO("tconv-lab gui " << args);
    const tconv::test::RunResult r = run_lab("gui --screenshot '" + png + "' " + args, "DISPLAY=");
    CHECK(r.status == 2);
    CHECK(r.err.rfind("error: ", 0) == 0);
    CHECK(r.err.find(says) != std::string::npos);
    CHECK_FALSE(fs::exists(png));
  }
}

TEST_CASE("screenshot: the channels view, the 1-D preset and the TensorFlow switch", "[screenshot][channels]") {
  tconv::test::require_display(TCONV_LAB_EXE);
  const fs::path dir = channels_temp_dir();
  struct Shot {
    std::string name, args;
  } shots[] = {
      {"channels_groups", "--view channels --in-channels 4 --out-channels 2 --groups 2 --step 12"},
      {"channels_dense", "--view channels --in-channels 2 --out-channels 3 --step 19"},
      {"one_d", "--preset 1d --step 3"},
      {"tf_same", "--preset distill --tf-padding same"},
  };
  for (const Shot& s : shots) {
    INFO(s.name << ": " << s.args);
    const fs::path png = dir / (s.name + ".png");
    const tconv::test::RunResult r = run_lab("gui --screenshot '" + png.string() + "' --window 1280x800 " + s.args);
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    REQUIRE(fs::exists(png));
    CHECK(count_colour(png, 0xE6, 0x9F, 0x00) > 300);  // the current step, in orange
  }
  // Groups: the second group's colour (Okabe-Ito green) appears only with groups > 1.
  CHECK(count_colour(dir / "channels_groups.png", 0x00, 0x9E, 0x73) > 200);
  // TensorFlow 'same' on k3 s2 crops unevenly: the crop picture marks the extra row in vermillion.
  CHECK(count_colour(dir / "tf_same.png", 0xD5, 0x5E, 0x00) > 100);
  if (!std::getenv("TCONV_KEEP_SCREENSHOTS")) fs::remove_all(dir);
}
