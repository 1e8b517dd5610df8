#pragma once
// NumPy .npy files (format versions 1.0, 2.0, 3.0).
// Accepted: dtype float32 ('<f4') and float64 ('<f8', converted to float32: NpyArray says which
// values changed, conversion_note() words it), little-endian ('|' and '=' mean native),
// C order, rank 1..4, every dimension >= 1, at most tconv::kMaxElements elements. Anything else
// (other dtypes, big-endian, Fortran order, truncated or garbage files) is an Error saying what
// was found and how to convert it in numpy. Written files are version 1.0, '<f4', C order.
// Parsing never trusts the file: header length, shape product and data size are all checked.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/tensor.h"

namespace tconv::io {

// How converting float64 values to float32 changed them (NaN and exact values do not count).
struct NpyConversion {
  int64_t overflowed = 0;           // finite values beyond float32's range, now +-inf
  int64_t flushed_to_zero = 0;      // nonzero values too small for float32, now 0
  int64_t rounded = 0;              // other values float32 cannot hold exactly
  double max_relative_change = 0;   // over the rounded ones
};

struct NpyArray {
  std::vector<int64_t> shape;  // rank 1..4, each >= 1 (numpy order: outermost first)
  std::vector<float> data;     // product(shape) floats, C (row-major) order
  bool from_float64 = false;   // the file held float64
  NpyConversion conversion;    // float64 only
};

// "note"-worthy text when a float64 file's values changed on conversion, else "". `what` names
// the array, e.g. "the input 'x.npy'".
std::string conversion_note(const NpyArray& a, const std::string& what);

enum class NpyDtype { Float32, Float64 };

struct NpyHeader {
  std::vector<int64_t> shape;
  NpyDtype dtype = NpyDtype::Float32;
  size_t data_offset = 0;  // bytes from the start of the file to the first element
  uint64_t data_bytes = 0; // product(shape) * item size
};

// Largest header we read (numpy itself refuses headers over 10000 bytes by default).
constexpr size_t kMaxNpyHeaderBytes = size_t(1) << 16;

// Parses the header from the start of a file. `size` may be just a prefix of the file, but it
// must hold the whole header (data_offset bytes); otherwise Error "truncated".
Result<NpyHeader> parse_npy_header(const uint8_t* data, size_t size);

// Parses a whole .npy file held in memory (the entry point the fuzzer drives).
Result<NpyArray> parse_npy(const uint8_t* data, size_t size);

// Reads a .npy file; error messages name the file.
Result<NpyArray> read_npy(const std::string& path);

// The bytes of a version-1.0 '<f4' C-order header for `shape` (padded to a multiple of 64).
std::vector<uint8_t> encode_npy_header(const std::vector<int64_t>& shape);
// A whole file in memory (header + data). count(data) must equal product(shape).
std::vector<uint8_t> encode_npy(const std::vector<int64_t>& shape, const std::vector<float>& data);

// Writes atomically (see io/file.h). shape rank 1..4, data.size() == product(shape).
Status write_npy(const std::string& path, const std::vector<int64_t>& shape,
                 const std::vector<float>& data);
Status write_npy(const std::string& path, const NpyArray& array);

// numpy's spelling of a shape: "(3,)", "(2, 3)".
std::string shape_to_string(const std::vector<int64_t>& shape);

}  // namespace tconv::io
