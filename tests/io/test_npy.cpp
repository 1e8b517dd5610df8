// .npy reader/writer: round trips, files written by real numpy, and every way a file can be bad.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "core/params.h"
#include "io/npy.h"
#include "test_util.h"

using namespace tconv;
using namespace tconv::io;
using tconv::test::TempDir;

namespace {

std::string data_file(const std::string& name) { return std::string(TCONV_IO_DATA_DIR) + "/" + name; }

NpyArray ramp(std::vector<int64_t> shape) {
  NpyArray a;
  a.shape = std::move(shape);
  int64_t n = 1;
  for (int64_t d : a.shape) n *= d;
  for (int64_t i = 0; i < n; ++i) a.data.push_back(0.5f * static_cast<float>(i) - 3.0f);
  return a;
}

std::string parse_error(const std::vector<uint8_t>& bytes) {
  auto r = parse_npy(bytes.data(), bytes.size());
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

std::string read_error(const std::string& path) {
  auto r = read_npy(path);
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

}  // namespace

TEST_CASE("npy: write then read gives the same shape and values, ranks 1 to 4", "[io][npy]") {
  TempDir dir;
  for (const auto& shape : std::vector<std::vector<int64_t>>{{5}, {2, 3}, {2, 3, 4}, {2, 1, 3, 2}}) {
    const NpyArray a = ramp(shape);
    const std::string path = dir.file("a.npy");
    REQUIRE(write_npy(path, a).ok());
    auto b = read_npy(path);
    REQUIRE(b.ok());
    CHECK(b.value().shape == a.shape);
    CHECK(b.value().data == a.data);
    // The in-memory encoder and parser agree with the file versions.
    const auto bytes = encode_npy(a.shape, a.data);
    CHECK(bytes == test::read_bytes(path));
    auto c = parse_npy(bytes.data(), bytes.size());
    REQUIRE(c.ok());
    CHECK(c.value().data == a.data);
  }
}

TEST_CASE("npy: the header we write is numpy's version 1.0 layout, padded to 64 bytes", "[io][npy]") {
  const auto h = encode_npy_header({2, 3});
  REQUIRE(h.size() == 128);
  CHECK(std::string(h.begin(), h.begin() + 6) == "\x93NUMPY");
  CHECK(h[6] == 1);
  CHECK(h[7] == 0);
  CHECK(h[8] + 256 * h[9] == 118);
  const std::string dict(h.begin() + 10, h.end());
  CHECK(dict == "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + std::string(58, ' ') + "\n");
  CHECK(shape_to_string({5}) == "(5,)");
  CHECK(shape_to_string({1, 2, 3, 4}) == "(1, 2, 3, 4)");
}

TEST_CASE("npy: our bytes equal numpy.save's for the same array", "[io][npy]") {
  std::vector<float> v(24);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i);
  CHECK(encode_npy({2, 3, 4}, v) == test::read_bytes(data_file("f32_2x3x4.npy")));
}

TEST_CASE("npy: reads files written by numpy", "[io][npy]") {
  SECTION("float64 is converted to float32") {
    auto a = read_npy(data_file("f64_2x3.npy"));
    REQUIRE(a.ok());
    CHECK(a.value().shape == std::vector<int64_t>{2, 3});
    CHECK(a.value().data == std::vector<float>{-0.5f, -0.25f, 0.0f, 0.25f, 0.5f, 0.75f});
  }
  SECTION("float32 rank 3, C order") {
    auto a = read_npy(data_file("f32_2x3x4.npy"));
    REQUIRE(a.ok());
    CHECK(a.value().shape == std::vector<int64_t>{2, 3, 4});
    for (size_t i = 0; i < 24; ++i) CHECK(a.value().data[i] == static_cast<float>(i));
  }
  SECTION("float32 rank 4") {
    auto a = read_npy(data_file("f32_1x2x2x2.npy"));
    REQUIRE(a.ok());
    CHECK(a.value().shape == std::vector<int64_t>{1, 2, 2, 2});
    CHECK(a.value().data[7] == -10.5f);
  }
  SECTION("format version 2.0 header") {
    auto a = read_npy(data_file("f32_v2.npy"));
    REQUIRE(a.ok());
    CHECK(a.value().data == std::vector<float>{0, 1, 2, 3, 4});
  }
}

TEST_CASE("npy: refuses other dtypes, byte orders and layouts with a numpy fix", "[io][npy]") {
  CHECK_THAT(read_error(data_file("int64.npy")),
             Catch::Contains("int64.npy") && Catch::Contains("dtype int64") && Catch::Contains("np.save(path"));
  CHECK_THAT(read_error(data_file("float16.npy")), Catch::Contains("float16") && Catch::Contains("dtype='<f4'"));
  CHECK_THAT(read_error(data_file("big_endian_f4.npy")), Catch::Contains("big-endian") && Catch::Contains("astype('<f4')"));
  CHECK_THAT(read_error(data_file("fortran_2x3.npy")), Catch::Contains("Fortran") && Catch::Contains("ascontiguousarray"));
  CHECK_THAT(read_error(data_file("structured.npy")), Catch::Contains("structured"));
  CHECK_THAT(read_error(data_file("scalar.npy")), Catch::Contains("shape ()"));
  CHECK_THAT(read_error(data_file("rank5.npy")), Catch::Contains("5 dimensions"));
  CHECK_THAT(read_error(data_file("empty.npy")), Catch::Contains("empty") && Catch::Contains("(0, 3)"));
  CHECK_THAT(read_error(data_file("arrays.npz")), Catch::Contains(".npz"));
}

TEST_CASE("npy: Fortran order is accepted when it is the same layout as C order", "[io][npy]") {
  auto bytes = test::npy_with_header("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 3), }",
                                     test::float_bytes({1, 2, 3}));
  auto a = parse_npy(bytes.data(), bytes.size());
  REQUIRE(a.ok());
  CHECK(a.value().data == std::vector<float>{1, 2, 3});
}

TEST_CASE("npy: header variants numpy has written over the years are read", "[io][npy]") {
  // Python 2 long literals, double quotes, key order, no trailing comma.
  auto bytes = test::npy_with_header("{\"shape\": (2L, 1L), \"fortran_order\": False, \"descr\": \"<f4\"}",
                                     test::float_bytes({7, 8}));
  auto a = parse_npy(bytes.data(), bytes.size());
  REQUIRE(a.ok());
  CHECK(a.value().shape == std::vector<int64_t>{2, 1});
  CHECK(a.value().data == std::vector<float>{7, 8});
}

TEST_CASE("npy: every truncation of a valid file is an error, not a crash", "[io][npy]") {
  const NpyArray a = ramp({2, 3});
  const auto bytes = encode_npy(a.shape, a.data);
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = parse_npy(bytes.data(), n);
    CHECK_FALSE(r.ok());
  }
  const std::string m = parse_error(std::vector<uint8_t>(bytes.begin(), bytes.end() - 4));
  CHECK_THAT(m, Catch::Contains("truncated") && Catch::Contains("24 bytes of data"));
  // And from a file, through the streaming reader.
  TempDir dir;
  test::write_bytes(dir.file("t.npy"), std::vector<uint8_t>(bytes.begin(), bytes.end() - 1));
  CHECK_THAT(read_error(dir.file("t.npy")), Catch::Contains("truncated"));
  test::write_bytes(dir.file("h.npy"), std::vector<uint8_t>(bytes.begin(), bytes.begin() + 30));
  CHECK_THAT(read_error(dir.file("h.npy")), Catch::Contains("header is truncated"));
}

TEST_CASE("npy: extra bytes after the data are an error", "[io][npy]") {
  const NpyArray a = ramp({4});
  auto bytes = encode_npy(a.shape, a.data);
  bytes.push_back(0);
  CHECK_THAT(parse_error(bytes), Catch::Contains("extra bytes"));
}

TEST_CASE("npy: damaged headers are errors that say so", "[io][npy]") {
  const auto data4 = test::float_bytes({1, 2, 3, 4});
  CHECK_THAT(parse_error({'h', 'e', 'l', 'l', 'o', '!', '!', '!', '!', '!', '!'}), Catch::Contains("not a .npy file"));
  CHECK_THAT(parse_error({}), Catch::Contains("not a .npy file"));
  CHECK_THAT(parse_error({0x93, 'N', 'U', 'M', 'P', 'Y', 9, 0, 0, 0, 0, 0}), Catch::Contains("version 9.0"));
  // Version 2 header claiming 4 GiB of header.
  CHECK_THAT(parse_error({0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0xff, 0xff, 0xff, 0xff, '{'}),
             Catch::Contains("4294967295 bytes long"));
  CHECK_THAT(parse_error(test::npy_with_header("not a dict", data4)), Catch::Contains("malformed"));
  CHECK_THAT(parse_error(test::npy_with_header("{'descr': '<f4', 'shape': (4,), }", data4)),
             Catch::Contains("fortran_order"));
  CHECK_THAT(parse_error(test::npy_with_header("{'descr': '<f4', 'fortran_order': 'no', 'shape': (4,), }", data4)),
             Catch::Contains("fortran_order"));
  CHECK_THAT(parse_error(test::npy_with_header("{'descr': '<f4', 'fortran_order': 0, 'shape': (4,), }", data4)),
             Catch::Contains("malformed"));
  CHECK_THAT(parse_error(test::npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': 4, }", data4)),
             Catch::Contains("malformed"));
  CHECK_THAT(parse_error(test::npy_with_header("{'descr': 4, 'fortran_order': False, 'shape': (4,), }", data4)),
             Catch::Contains("malformed"));
  CHECK_THAT(parse_error(test::npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (-4,), }", data4)),
             Catch::Contains("malformed"));
  CHECK_THAT(parse_error(test::npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), ", data4)),
             Catch::Contains("malformed"));
  CHECK_THAT(parse_error(test::npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (4,)} x", data4)),
             Catch::Contains("malformed"));
  CHECK_THAT(parse_error(test::npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), 'descr: 1}", data4)),
             Catch::Contains("malformed"));
}

TEST_CASE("npy: shapes beyond the element limit are refused without allocating", "[io][npy]") {
  const auto data4 = test::float_bytes({1, 2, 3, 4});
  // Each dimension fits, the product does not.
  CHECK_THAT(parse_error(test::npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000), }", data4)),
             Catch::Contains("more than 536870912 elements"));
  // A single dimension beyond the limit, and one that would overflow 64 bits.
  CHECK_THAT(parse_error(test::npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (536870913,), }", data4)),
             Catch::Contains("dimension larger than"));
  CHECK_THAT(parse_error(test::npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,), }", data4)),
             Catch::Contains("dimension larger than"));
  // Exactly at the limit the header is fine; only the data size is wrong.
  CHECK_THAT(parse_error(test::npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (536870912,), }", data4)),
             Catch::Contains("truncated"));
  auto h = test::npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (536870912,), }", {});
  auto header = parse_npy_header(h.data(), h.size());
  REQUIRE(header.ok());
  CHECK(header.value().data_bytes == uint64_t(536870912) * 4);
  CHECK(header.value().data_offset == 128);
}

TEST_CASE("npy: file-level errors name the file", "[io][npy]") {
  TempDir dir;
  CHECK_THAT(read_error(dir.file("missing.npy")), Catch::Contains("missing.npy") && Catch::Contains("no such file"));
  CHECK_THAT(read_error(dir.path().string()), Catch::Contains("directory"));
  test::write_text(dir.file("garbage.npy"), "this is not numpy at all");
  CHECK_THAT(read_error(dir.file("garbage.npy")), Catch::Contains("garbage.npy") && Catch::Contains("not a .npy file"));
}

TEST_CASE("npy: random bytes and random header mutations never crash the parser", "[io][npy]") {
  std::mt19937 rng(1234);
  const NpyArray a = ramp({3, 2});
  const auto good = encode_npy(a.shape, a.data);
  for (int iter = 0; iter < 2000; ++iter) {
    std::vector<uint8_t> b = good;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) b[rng() % b.size()] = static_cast<uint8_t>(rng());
    if (rng() % 3 == 0) b.resize(rng() % b.size());
    auto r = parse_npy(b.data(), b.size());
    if (r.ok()) {  // a harmless mutation (e.g. in the data or padding): the result is consistent
      int64_t n = 1;
      for (int64_t d : r.value().shape) n *= d;
      CHECK(static_cast<int64_t>(r.value().data.size()) == n);
    } else {
      CHECK_FALSE(r.error().message.empty());
    }
  }
}
