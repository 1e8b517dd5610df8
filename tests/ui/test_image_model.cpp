// Image mode's window-free logic: zoom/pan mapping, recent files, the newest-request worker,
// weights checks and the explorer pipeline (the teacher's path on a flat picture).
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <future>
#include <random>
#include <thread>

#include "core/fast.h"
#include "analysis/spectrum.h"
#include "io/image.h"
#include "ui/image/viewport.h"
#include "ui/image/image_state.h"

using namespace tconv;
using namespace tconv::ui;

namespace {
PaneGeom pane(int64_t img_w, int64_t img_h) {
  PaneGeom g;
  g.x0 = 10;
  g.y0 = 20;
  g.w = 200;
  g.h = 100;
  g.img_w = img_w;
  g.img_h = img_h;
  g.in_w = 100;  // the input picture is 100 x 50
  g.in_h = 50;
  return g;
}

// compute_image for the newest request (nothing supersedes it).
ImageResult compute_newest(const ImageRequest& r) {
  std::atomic<uint64_t> latest{1};
  std::atomic<float> progress{0};
  return compute_image(r, JobControl(&latest, 1, &progress));
}

// The explorer's spectrum of x: ones3 at stride 2, against nearest resize + convolution.
ImageRequest spectrum_request(const Tensor4& x) {
  ImageRequest r;
  r.image = std::make_shared<Tensor4>(x);
  r.settings.preset = "ones3";
  r.settings.params.stride = {2, 2};
  r.settings.tab = ImageTab::Explorer;
  r.settings.panel = ExplorerPanel::Spectrum;
  r.settings.method = analysis::UpsampleMethod::nearest_then_conv;
  return r;
}
}  // namespace

TEST_CASE("image viewport: fit centres the picture and maps the pane centre to the picture centre") {
  ImageViewport v;
  const PaneGeom in = pane(100, 50);
  fit(v, in);
  // min(200*0.96/100, 100*0.96/50) = min(1.92, 1.92)
  CHECK(v.zoom == Approx(1.92));
  double px = 0, py = 0;
  pane_screen_to_pixel(v, in, 110, 70, &px, &py);  // the pane's centre
  CHECK(px == Approx(50));
  CHECK(py == Approx(25));
  // The output pane (s = 2: 200 x 100 pixels) shows the same scene point at the same place.
  const PaneGeom out = pane(200, 100);
  pane_screen_to_pixel(v, out, 110, 70, &px, &py);
  CHECK(px == Approx(100));
  CHECK(py == Approx(50));
  CHECK(pane_px_per_pixel_x(v, in) == Approx(1.92));
  CHECK(pane_px_per_pixel_x(v, out) == Approx(0.96));  // output pixels are half as wide on screen
}

TEST_CASE("image viewport: screen <-> pixel round trip, zoom at the cursor, pan") {
  ImageViewport v;
  v.zoom = 3.0;
  v.cu = 0.3;
  v.cv = 0.6;
  const PaneGeom in = pane(100, 50), out = pane(257, 129);
  double px = 0, py = 0, sx = 0, sy = 0;
  pane_screen_to_pixel(v, out, 37, 91, &px, &py);
  pane_pixel_to_screen(v, out, px, py, &sx, &sy);
  CHECK(sx == Approx(37));
  CHECK(sy == Approx(91));

  // Zooming keeps the picture point under the cursor, in every pane.
  double bx = 0, by = 0, ox = 0, oy = 0;
  pane_screen_to_pixel(v, in, 60, 40, &bx, &by);
  pane_screen_to_pixel(v, out, 60, 40, &ox, &oy);
  zoom_at(v, in, 60, 40, 2.5);
  CHECK(v.zoom == Approx(7.5));
  CHECK_FALSE(v.fitted);
  double ax = 0, ay = 0;
  pane_screen_to_pixel(v, in, 60, 40, &ax, &ay);
  CHECK(ax == Approx(bx));
  CHECK(ay == Approx(by));
  pane_screen_to_pixel(v, out, 60, 40, &ax, &ay);
  CHECK(ax == Approx(ox));
  CHECK(ay == Approx(oy));

  // Dragging by 15 screen pixels right moves the view 15/zoom input pixels left.
  pane_screen_to_pixel(v, in, 110, 70, &bx, &by);
  pan_by(v, in, 15, 0);
  pane_screen_to_pixel(v, in, 110, 70, &ax, &ay);
  CHECK(ax == Approx(bx - 15 / 7.5));
  CHECK(ay == Approx(by));

  // Zoom is bounded.
  zoom_at(v, in, 60, 40, 1e9);
  CHECK(v.zoom == ImageViewport::kMaxZoom);
}

TEST_CASE("recent files: newest first, no duplicates, bounded, saved one per line") {
  std::vector<std::string> r;
  recent_add(r, "/a.png", 3);
  recent_add(r, "/b.png", 3);
  recent_add(r, "/a.png", 3);
  REQUIRE(r == std::vector<std::string>{"/a.png", "/b.png"});
  recent_add(r, "/c.png", 3);
  recent_add(r, "/d.png", 3);
  REQUIRE(r == std::vector<std::string>{"/d.png", "/c.png", "/a.png"});
  recent_add(r, "", 3);
  CHECK(r.size() == 3);
  CHECK(recent_serialize(r) == "/d.png\n/c.png\n/a.png\n");
  CHECK(recent_parse(recent_serialize(r)) == r);
  CHECK(recent_parse("x\r\n\n\ny\nx\nz\n", 2) == std::vector<std::string>{"x", "y"});
}

TEST_CASE("newest-request worker: a newer request supersedes older ones; only its result is taken") {
  LatestJob<int> job;
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  std::atomic<bool> first_saw_superseded{false};
  job.submit([&](const JobControl& c) {
    started.set_value();
    gate.wait();
    first_saw_superseded = c.superseded();
    return 1;
  });
  started.get_future().wait();  // the first task is running
  CHECK(job.busy());
  job.submit([](const JobControl&) { return 2; });   // pending: replaced before it starts
  const uint64_t g3 = job.submit([](const JobControl& c) {
    c.set_progress(0.5f);
    return 3;
  });
  release.set_value();
  job.wait_idle();
  CHECK_FALSE(job.busy());
  CHECK(first_saw_superseded);
  CHECK(job.tasks_run() == 2);  // the first and the third; the second never ran
  CHECK(job.latest() == g3);
  std::optional<int> r = job.take();
  REQUIRE(r.has_value());
  CHECK(*r == 3);
  CHECK_FALSE(job.take().has_value());  // taken once
  CHECK(job.progress() == Approx(0.5f));
}

TEST_CASE("explorer names") {
  CHECK(parse_explorer("spectrum").value().panel == ExplorerPanel::Spectrum);
  const ExplorerChoice c = parse_explorer("bilinear_conv").value();
  CHECK(c.panel == ExplorerPanel::Methods);
  CHECK(*c.method == analysis::UpsampleMethod::bilinear_then_conv);
  CHECK_FALSE(parse_explorer("fft").ok());
  CHECK(parse_explorer("fft").error().message.find("spectrum") != std::string::npos);
}

TEST_CASE("weights: shapes checked before anything changes; channel mismatch explained") {
  CHECK(check_weights_shape({3, 3}).ok());
  CHECK(check_weights_shape({3, 1, 4, 4}).ok());
  const Status bad = check_weights_shape({9});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("(9,)") != std::string::npos);
  CHECK(bad.error().message.find("(Cin, Cout/groups, kH, kW)") != std::string::npos);

  ImageSettings s;
  s.source = KernelSource::Weights;
  s.weights_shape = {4, 1, 2, 2};
  s.weights = std::vector<float>(16, 0.25f);
  const Result<WeightPlan> p = settings_weights(s, 3);  // a 3-channel picture, Cin = 4
  REQUIRE_FALSE(p.ok());
  CHECK(p.error().message.find("4 input channels") != std::string::npos);
  // (kH, kW) is applied to every channel, depthwise.
  s.weights_shape = {2, 2};
  s.weights = {1, 2, 3, 4};
  s.unit_gain = false;
  const Result<WeightPlan> q = settings_weights(s, 3);
  REQUIRE(q.ok());
  CHECK(q.value().params.groups == 3);
  CHECK(q.value().weight.shape == Shape4{3, 1, 2, 2});
  CHECK(q.value().weight.data[4] == 1.0f);
  CHECK(q.value().weight.data[11] == 4.0f);
}

TEST_CASE("pipeline: the output is PyTorch's conv_transpose2d with the kernel (unit gain off)") {
  Tensor4 x(Shape4{1, 1, 2, 2});
  x.data = {1, 2, 3, 4};
  ImageRequest r;
  r.image = std::make_shared<Tensor4>(x);
  r.settings.preset = "ones3";
  r.settings.unit_gain = false;  // ones3, stride 2, padding 0: out = (2-1)*2 + 3 = 5
  std::atomic<uint64_t> latest{1};
  std::atomic<float> progress{0};
  const ImageResult res = compute_image(r, JobControl(&latest, 1, &progress));
  REQUIRE(res.error.empty());
  REQUIRE(res.output);
  // Hand-worked: each input pixel adds its value to a 3x3 block at (2i, 2j); overlaps sum.
  const std::vector<float> want = {1, 1, 3, 2, 2,
                                   1, 1, 3, 2, 2,
                                   4, 4, 10, 6, 6,
                                   3, 3, 7, 4, 4,
                                   3, 3, 7, 4, 4};
  CHECK(res.output->shape == Shape4{1, 1, 5, 5});
  CHECK(res.output->data == want);
  CHECK(res.clipped == 21);  // all but the four 1s are above 1
  CHECK(progress.load() == Approx(1.0f));
}

TEST_CASE("pipeline: teacher's path -- stride 2, 3x3 kernel: a checkerboard in the spectrum; "
          "resize-then-convolve has none") {
  Tensor4 x(Shape4{1, 3, 48, 64}, 0.5f);  // a flat grey picture: any peak is the method's own
  for (int64_t i = 0; i < 48; ++i)
    for (int64_t j = 0; j < 64; ++j) x.at(0, 1, i, j) = 0.3f + 0.004f * float(j);  // a gentle gradient
  const ImageRequest r = spectrum_request(x);
  std::atomic<uint64_t> latest{1};
  std::atomic<float> progress{0};
  const ImageResult res = compute_image(r, JobControl(&latest, 1, &progress));
  REQUIRE(res.error.empty());
  CHECK(res.checkerboard);
  CHECK_FALSE(res.checkerboard_method);
  CHECK(res.spectrum_text.find("stride 2") != std::string::npos);
  CHECK(res.pattern_text.find("checkerboard") != std::string::npos);
  bool has_spectra = false;
  for (const auto& [k, img] : res.images) has_spectra |= k == Slot::SpectrumMethod && img.w == 129 && img.h == 97;
  CHECK(has_spectra);

  // A superseded request stops and returns nothing.
  latest = 2;
  const ImageResult stale = compute_image(r, JobControl(&latest, 1, &progress));
  CHECK(stale.images.empty());
}

TEST_CASE("pipeline: impossible parameters and huge outputs are explained, not computed") {
  ImageRequest r;
  r.image = std::make_shared<Tensor4>(Shape4{1, 1, 4, 4}, 0.5f);
  r.settings.params.output_padding = {3, 3};  // >= stride 2
  ImageResult res = compute_newest(r);
  CHECK_FALSE(res.error.empty());
  CHECK_FALSE(res.output);
  r.image = std::make_shared<Tensor4>(Shape4{1, 1, 3000, 3000}, 0.5f);
  r.settings.params.output_padding = {0, 0};
  r.settings.params.stride = {4, 4};
  res = compute_newest(r);
  CHECK(res.error.find("tconv-lab apply") != std::string::npos);
}

TEST_CASE("display conversion: grey, RGB, clamping") {
  Tensor4 g(Shape4{1, 1, 1, 3});
  g.data = {-0.5f, 0.5f, 2.0f};
  DisplayImage d;
  to_display(g, d);
  CHECK(d.w == 3);
  CHECK(d.version == 1);
  CHECK(d.rgba == std::vector<uint8_t>{0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255});
  Tensor4 c(Shape4{1, 3, 1, 1});
  c.data = {1.0f, 0.0f, 0.2f};
  to_display(c, d);
  CHECK(d.rgba == std::vector<uint8_t>{255, 0, 51, 255});
  CHECK(d.version == 2);
}

TEST_CASE("weights source with nothing loaded is an error, not a crash") {
  ImageSettings s;
  s.source = KernelSource::Weights;
  const Result<WeightPlan> p = settings_weights(s, 3);
  REQUIRE_FALSE(p.ok());
  CHECK(p.error().message.find("no weights loaded") != std::string::npos);
  s.weights_shape = {5};
  s.weights = std::vector<float>(5, 1.0f);
  CHECK_FALSE(settings_weights(s, 3).ok());
}

TEST_CASE("pipeline in steps: a zero budget slices it, with the same result as all at once") {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> u(-0.2f, 1.2f);  // some values clip
  Tensor4 x(Shape4{1, 3, 200, 300});
  for (float& e : x.data) e = u(rng);
  for (ImageTab tab : {ImageTab::Upsample, ImageTab::Explorer}) {
    ImageRequest r;
    r.image = std::make_shared<Tensor4>(x);
    r.settings.preset = "bilinear";
    r.settings.tab = tab;  // the explorer's overlap pattern is a picture through viridis
    std::atomic<uint64_t> latest{1};
    std::atomic<float> progress{0};
    const ImageResult whole = compute_image(r, JobControl(&latest, 1, &progress));
    REQUIRE(whole.output);
    progress = 0;
    ImageJobSteps steps(r);
    std::optional<ImageResult> res;
    int calls = 0;
    bool rising = true;
    for (float last = 0; !res && calls < 100000; ++calls) {
      res = steps.step(JobControl(&latest, 1, &progress), 0.0);
      rising = rising && progress.load() >= last;
      last = progress.load();
    }
    REQUIRE(res.has_value());
    CHECK(calls > 10);  // 401 rows of 601 x 3 pixels: bands of at most ~36 rows, one per call
    CHECK(rising);
    CHECK(progress.load() == Approx(1.0f));
    REQUIRE(res->output);
    CHECK(res->output->data == whole.output->data);
    CHECK(res->clipped == whole.clipped);
    CHECK(res->clipped > 0);
    REQUIRE(res->images.size() == whole.images.size());
    for (size_t i = 0; i < res->images.size(); ++i) {
      CHECK(res->images[i].first == whole.images[i].first);
      CHECK(res->images[i].second.w == whole.images[i].second.w);
      CHECK(res->images[i].second.rgba == whole.images[i].second.rgba);
    }
  }
}

TEST_CASE("pipeline in steps: a newer request stops it between steps") {
  ImageRequest r;
  r.image = std::make_shared<Tensor4>(Shape4{1, 1, 300, 300}, 0.5f);
  std::atomic<uint64_t> latest{1};
  std::atomic<float> progress{0};
  ImageJobSteps steps(r);
  CHECK_FALSE(steps.step(JobControl(&latest, 1, &progress), 0.0).has_value());  // checked, output allocated
  latest = 2;
  const std::optional<ImageResult> res = steps.step(JobControl(&latest, 1, &progress), 0.0);
  REQUIRE(res.has_value());  // finished: empty
  CHECK_FALSE(res->output);
  CHECK(res->images.empty());
}

TEST_CASE("newest-request worker: a task in steps is run until it answers") {
  LatestJob<int> job;
  auto calls = std::make_shared<int>(0);
  job.submit_steps([calls](const JobControl& c, double) -> std::optional<int> {
    c.set_progress(0.25f * float(*calls));
    if (++*calls < 5) return std::nullopt;
    return 40 + *calls;
  });
  job.wait_idle();
  const std::optional<int> r = job.take();
  REQUIRE(r.has_value());
  CHECK(*r == 45);
  CHECK(job.progress() == Approx(1.0f));
}

TEST_CASE("job control: a part's progress fills its share of the whole") {
  std::atomic<uint64_t> latest{1};
  std::atomic<float> progress{0};
  const JobControl c(&latest, 1, &progress);
  c.part(0.5f, 1.0f).part(0.0f, 0.5f).set_progress(0.5f);
  CHECK(progress.load() == Approx(0.625f));
  c.part(0.2f, 0.4f).set_progress(2.0f);  // clamped to its part
  CHECK(progress.load() == Approx(0.4f));
}

// ---------------------------------------------------------------- spectrum circles
TEST_CASE("spectrum circles: the stride's frequencies placed by geometry, the same in every pane") {
  using analysis::stride_frequency_points;
  // Even 8 x 8, stride 2: DC at cell (4, 4); 1/2 cycle per pixel is row/column 0 (the cell's
  // centre, 0.5), as spectrum_frequency says.
  REQUIRE(analysis::spectrum_frequency(0, 8) == -0.5);
  auto pts = stride_frequency_points(0, 1, Pair{2, 2}, 8, 8);  // horizontal Nyquist
  REQUIRE(pts.size() == 1);
  CHECK(pts[0].x == 0.5);
  CHECK(pts[0].y == 4.5);
  pts = stride_frequency_points(1, 1, Pair{2, 2}, 8, 8);
  REQUIRE(pts.size() == 1);
  CHECK(pts[0].x == 0.5);
  CHECK(pts[0].y == 0.5);
  // Stride 3 on 9 columns: 1/3 and 2/3 (= -1/3) cycles per pixel, cells 4 + 3 and 4 - 3.
  pts = stride_frequency_points(0, 1, Pair{3, 3}, 9, 9);
  REQUIRE(pts.size() == 1);
  CHECK(pts[0].x == Approx(7.5));
  CHECK(analysis::spectrum_frequency(7, 9) == Approx(1.0 / 3));
  pts = stride_frequency_points(0, 2, Pair{3, 3}, 9, 9);
  REQUIRE(pts.size() == 1);
  CHECK(pts[0].x == Approx(1.5));
  CHECK(analysis::spectrum_frequency(1, 9) == Approx(-1.0 / 3));
  // Odd 769 rows (the scene's output): Nyquist falls between the last and the first bin, so it
  // is circled at both edges; the corner frequency at all four corners.
  pts = stride_frequency_points(1, 0, Pair{2, 2}, 769, 1025);
  REQUIRE(pts.size() == 2);
  CHECK(pts[0].y == 0.0);
  CHECK(pts[1].y == 769.0);
  CHECK(pts[0].x == 512.5);
  CHECK(stride_frequency_points(1, 1, Pair{2, 2}, 769, 1025).size() == 4);
}

TEST_CASE("spectrum circles: both panes of the explorer get the same places, whatever their peaks") {
  // A flat picture with a gradient: the transposed convolution has peaks, resize-then-convolve
  // none, so the strongest bins differ -- the circles must not.
  Tensor4 x(Shape4{1, 1, 31, 40}, 0.5f);
  for (int64_t i = 0; i < 31; ++i)
    for (int64_t j = 0; j < 40; ++j) x.at(0, 0, i, j) = 0.3f + 0.01f * float(j);
  const ImageResult res = compute_newest(spectrum_request(x));
  REQUIRE(res.error.empty());
  CHECK(res.checkerboard != res.checkerboard_method);
  // Output 63 x 81 (both odd): 3 frequencies, circled at 2 + 2 + 4 places.
  REQUIRE(res.peaks.size() == 8);
  REQUIRE(res.peaks_method.size() == res.peaks.size());
  for (size_t i = 0; i < res.peaks.size(); ++i) {
    CAPTURE(i);
    CHECK(res.peaks[i].x == res.peaks_method[i].x);
    CHECK(res.peaks[i].y == res.peaks_method[i].y);
  }
}

// ---------------------------------------------------------------- clipped values
TEST_CASE("clipped values: the rule Save uses, counted after keep brightness, and said so") {
  // round(255 v) outside 0..255, or NaN: -0.5, 1.5 and NaN; not 1.001 (255) nor -0.001 (0).
  Tensor4 t(Shape4{1, 1, 1, 8});
  t.data = {-0.5f, 0.0f, 1.0f, 1.001f, 1.5f, std::nanf(""), -0.001f, 0.999f};
  CHECK(analysis::count_clipped_values(t) == 3);

  // A white 8x8 picture, kernel of ones 3x3, stride 2 -> 17x17 with overlap counts 1, 2, 4
  // (7 rows and 7 columns of the 17 get 2 copies along their axis).
  ImageRequest r;
  r.image = std::make_shared<Tensor4>(Shape4{1, 1, 8, 8}, 1.0f);
  r.settings.preset = "ones3";
  r.settings.params.stride = {2, 2};
  // Keep brightness: the kernel is scaled to sum 4, so values are 4/9, 8/9 and 16/9: only the
  // 7 x 7 cells with 4 copies go above white.
  r.settings.unit_gain = true;
  const ImageResult on = compute_newest(r);
  REQUIRE(on.output);
  CHECK(on.values == 17 * 17);
  CHECK(on.clipped == 7 * 7);
  const std::string t_on = clipped_values_text(on);
  CHECK(t_on.rfind("49 of the output's 289 values (17.0%) fall outside 0..1 with \"keep brightness\" on", 0) == 0);
  CHECK(t_on.find("saved file") != std::string::npos);
  CHECK(t_on.find("AVERAGE") != std::string::npos);
  // The saved picture changes exactly those values: its bytes differ from round(255 v) there.
  const Result<std::vector<uint8_t>> png = io::encode_image(*on.output, io::ImageFormat::Png);
  REQUIRE(png.ok());
  const Result<Tensor4> back = io::decode_image(png.value().data(), png.value().size());
  REQUIRE(back.ok());
  REQUIRE(back.value().data.size() >= on.output->data.size());
  int64_t changed = 0;
  for (size_t i = 0; i < on.output->data.size(); ++i)
    changed += std::lround(back.value().data[i] * 255.0f) != std::lround(on.output->data[i] * 255.0f) ? 1 : 0;
  CHECK(changed == on.clipped);
  CHECK(io::count_clamped_for_image(*on.output) == on.clipped);
  // Without it: 1, 2 and 4; everything but the 10 x 10 cells with a single copy.
  r.settings.unit_gain = false;
  const ImageResult off = compute_newest(r);
  CHECK(off.clipped == 17 * 17 - 10 * 10);
  CHECK(clipped_values_text(off).find("\"keep brightness\" is off") != std::string::npos);
}
