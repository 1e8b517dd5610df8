// .npy reading and writing. Sections:
//   1. header dict parser (a tiny subset of Python literals: strings, True/False, int tuples)
//   2. dtype and shape checks, with numpy conversion hints
//   3. parse from memory / read from a file (streamed, no second copy of the data)
//   4. encode / write
#include "io/npy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cassert>
#include <cstring>
#include <optional>

#include "core/params.h"
#include "io/file.h"

namespace tconv::io {
namespace {

// Text from the file, safe to print: printable ASCII kept, anything else as \xNN (a header
// could otherwise send terminal control sequences), at most 80 characters.
std::string escaped(const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  const size_t kMaxShown = 80;  // a header may hold 64 KiB; messages stay short
  for (size_t i = 0; i < text.size() && i < kMaxShown; ++i) {
    const unsigned char ch = static_cast<unsigned char>(text[i]);
    if (ch >= 32 && ch < 127 && ch != '\\') {
      out += static_cast<char>(ch);
    } else {
      out += "\\x";
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  if (text.size() > kMaxShown) out += "...";
  return out;
}

}  // namespace

namespace {

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
constexpr bool kHostLittleEndian = false;
#else
constexpr bool kHostLittleEndian = true;
#endif

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;

// ---------------------------------------------------------------- 1. header dict parser

struct DictValue {
  enum class Kind { String, Bool, Tuple, Other } kind = Kind::Other;
  std::string text;             // String
  bool flag = false;            // Bool
  std::vector<int64_t> ints;    // Tuple
  std::string other;            // Other: a short description of what was found
};

class HeaderParser {
 public:
  explicit HeaderParser(const std::string& s) : s_(s) {}

  // Parses "{key: value, ...}". Fills the three known keys; ignores others.
  std::optional<Error> parse(std::optional<DictValue>& descr, std::optional<DictValue>& fortran,
                             std::optional<DictValue>& shape) {
    skip_ws();
    if (!eat('{')) return bad("it does not start with '{'");
    for (;;) {
      skip_ws();
      if (eat('}')) break;
      std::string key;
      if (!parse_string(key)) return bad("a key is not a quoted string");
      skip_ws();
      if (!eat(':')) return bad("':' missing after key '" + escaped(key) + "'");
      skip_ws();
      DictValue v;
      if (auto e = parse_value(v)) return e;
      if (key == "descr") descr = v;
      else if (key == "fortran_order") fortran = v;
      else if (key == "shape") shape = v;
      skip_ws();
      if (eat(',')) continue;
      skip_ws();
      if (eat('}')) break;
      return bad("',' or '}' expected after the value of '" + escaped(key) + "'");
    }
    skip_ws();
    if (pos_ != s_.size()) return bad("unexpected text after the closing '}'");
    return std::nullopt;
  }

 private:
  static Error bad(const std::string& why) {
    return Error{"its .npy header is malformed (" + why + "). The file is damaged or was not "
                 "written by numpy.save; re-save the array with numpy.save(path, array)."};
  }
  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool eat(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool starts_with(const char* word) const { return s_.compare(pos_, std::strlen(word), word) == 0; }

  bool parse_string(std::string& out) {
    if (pos_ >= s_.size() || (s_[pos_] != '\'' && s_[pos_] != '"')) return false;
    const char quote = s_[pos_++];
    while (pos_ < s_.size() && s_[pos_] != quote) {
      if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) ++pos_;
      out.push_back(s_[pos_++]);
    }
    return eat(quote);
  }

  std::optional<Error> parse_value(DictValue& v) {
    if (pos_ >= s_.size()) return bad("a value is missing");
    const char c = s_[pos_];
    if (c == '\'' || c == '"') {
      v.kind = DictValue::Kind::String;
      if (!parse_string(v.text)) return bad("unterminated string");
      return std::nullopt;
    }
    if (starts_with("True") || starts_with("False")) {
      v.kind = DictValue::Kind::Bool;
      v.flag = s_[pos_] == 'T';
      pos_ += v.flag ? 4 : 5;
      return std::nullopt;
    }
    if (c == '(') {
      ++pos_;
      v.kind = DictValue::Kind::Tuple;
      for (;;) {
        skip_ws();
        if (eat(')')) return std::nullopt;
        if (pos_ >= s_.size() || s_[pos_] < '0' || s_[pos_] > '9')
          return bad("the shape holds something other than non-negative integers");
        int64_t n = 0;
        while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
          n = n * 10 + (s_[pos_] - '0');
          if (n > kMaxElements)
            return Error{"it claims a dimension larger than " + std::to_string(kMaxElements) +
                         ", the element limit of tconv-lab. Use a smaller array."};
          ++pos_;
        }
        eat('L');  // Python 2 long literal, as old numpy wrote it
        v.ints.push_back(n);
        if (v.ints.size() > 32) return bad("the shape has more than 32 dimensions");
        skip_ws();
        if (eat(',')) continue;
        skip_ws();
        if (eat(')')) return std::nullopt;
        return bad("',' or ')' expected in the shape");
      }
    }
    if (c == '[') {
      // A list as descr: a structured (record) dtype. Find the matching bracket, skipping strings.
      v.kind = DictValue::Kind::Other;
      v.other = "a structured dtype";
      int depth = 0;
      while (pos_ < s_.size()) {
        const char ch = s_[pos_];
        if (ch == '\'' || ch == '"') {
          std::string ignored;
          if (!parse_string(ignored)) return bad("unterminated string");
          continue;
        }
        ++pos_;
        if (ch == '[' || ch == '(') ++depth;
        if (ch == ']' || ch == ')') {
          if (--depth == 0) return std::nullopt;
        }
      }
      return bad("unterminated list");
    }
    return bad("unexpected value");
  }

  const std::string& s_;
  size_t pos_ = 0;
};

// ---------------------------------------------------------------- 2. dtype and shape checks

const char* kConvertHint = "Convert it in numpy: np.save(path, np.ascontiguousarray(a, dtype='<f4')).";

// numpy's name for a descr such as '<i8' (for messages), or the descr itself.
std::string dtype_name(const std::string& raw) {
  const std::string descr = escaped(raw);
  if (descr.size() < 2) return "'" + descr + "'";
  const std::string body = descr.substr(1);
  static const struct {
    const char* code;
    const char* name;
  } kNames[] = {{"f2", "float16"},   {"f4", "float32"},   {"f8", "float64"},  {"f16", "float128"},
                {"f12", "float96"},  {"i1", "int8"},      {"i2", "int16"},    {"i4", "int32"},
                {"i8", "int64"},     {"u1", "uint8"},     {"u2", "uint16"},   {"u4", "uint32"},
                {"u8", "uint64"},    {"b1", "bool"},      {"c8", "complex64"}, {"c16", "complex128"},
                {"O", "object"}};
  for (const auto& n : kNames)
    if (body == n.code) return std::string(n.name) + " ('" + descr + "')";
  if (!body.empty() && (body[0] == 'U' || body[0] == 'S')) return "string ('" + descr + "')";
  if (!body.empty() && (body[0] == 'M' || body[0] == 'm')) return "datetime ('" + descr + "')";
  return "'" + descr + "'";
}

Result<NpyDtype> check_dtype(const DictValue& v) {
  if (v.kind == DictValue::Kind::Other)
    return Error{"it holds " + v.other + "; tconv-lab reads plain float32 or float64 arrays. " +
                 kConvertHint};
  if (v.kind != DictValue::Kind::String)
    return Error{"its 'descr' (dtype) entry is not a string; the file is damaged. Re-save the "
                 "array with numpy.save(path, array)."};
  const std::string& d = v.text;
  // '=' and '|' mean the host's byte order (numpy reads np.dtype('|f4') as native float32).
  const bool native = !d.empty() && (d[0] == '=' || d[0] == '|');
  const bool little = !d.empty() && (d[0] == '<' || (native && kHostLittleEndian));
  const bool big = !d.empty() && (d[0] == '>' || (native && !kHostLittleEndian));
  const std::string body = d.size() > 1 ? d.substr(1) : "";
  if (body == "f4" || body == "f8") {
    if (little) return body == "f4" ? NpyDtype::Float32 : NpyDtype::Float64;
    if (big)
      return Error{"it holds big-endian " + dtype_name(d) + " data; tconv-lab reads little-endian "
                   "only. Convert it in numpy: np.save(path, a.astype('<f4'))."};
  }
  return Error{"it has dtype " + dtype_name(d) + "; tconv-lab reads float32 or float64 only. " +
               kConvertHint};
}

}  // namespace

std::string conversion_note(const NpyArray& a, const std::string& what) {
  const NpyConversion& c = a.conversion;
  if (!a.from_float64 || c.overflowed + c.flushed_to_zero + c.rounded == 0) return "";
  const int64_t n = static_cast<int64_t>(a.data.size());
  std::string parts;
  const auto add = [&](int64_t k, const std::string& text) {
    if (k == 0) return;
    parts += (parts.empty() ? "" : ", ") + std::to_string(k) + " of " + std::to_string(n) + " " + text;
  };
  add(c.overflowed, "overflowed to +-inf (beyond +-3.4e38)");
  add(c.flushed_to_zero, "became 0 (smaller than 1.4e-45)");
  char rel[32];
  std::snprintf(rel, sizeof rel, "%.2g", c.max_relative_change);
  add(c.rounded, std::string("were rounded (largest relative change ") + rel + ")");
  return what + " is float64, but tconv-lab computes in float32: " + parts +
         ". To avoid surprises, convert it yourself: np.save(path, a.astype('<f4')).";
}

std::string shape_to_string(const std::vector<int64_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

namespace {

std::optional<Error> check_shape(const std::vector<int64_t>& shape, bool fortran_order,
                                 int64_t* count) {
  const std::string s = shape_to_string(shape);
  if (shape.empty())
    return Error{"it holds a single number (shape ()), not an array. Save an array of rank 1 to "
                 "4, e.g. np.save(path, np.atleast_2d(a))."};
  if (shape.size() > 4)
    return Error{"it has " + std::to_string(shape.size()) + " dimensions (shape " + s +
                 "); tconv-lab supports at most 4: (N, C, H, W). Reshape it in numpy, e.g. "
                 "a.reshape(-1, *a.shape[-3:])."};
  int64_t n = 1, non_unit = 0;
  for (int64_t d : shape) {
    if (d == 0)
      return Error{"it is empty (shape " + s + "); every dimension must be at least 1."};
    n *= d;  // each d <= kMaxElements and n <= kMaxElements before: no overflow in int64
    if (n > kMaxElements)
      return Error{"its shape " + s + " holds more than " + std::to_string(kMaxElements) +
                   " elements, the limit of tconv-lab (2 GiB of float32). Use a smaller array."};
    if (d > 1) ++non_unit;
  }
  // Fortran and C order agree when at most one dimension is longer than 1.
  if (fortran_order && non_unit > 1)
    return Error{"it is stored in Fortran (column-major) order; tconv-lab reads C order. Save a "
                 "C-ordered copy: np.save(path, np.ascontiguousarray(a))."};
  *count = n;
  return std::nullopt;
}

uint16_t le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t le32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

// Converts n little-endian items of `dtype` at src to floats at dst.
void convert_items(const uint8_t* src, size_t n, NpyDtype dtype, float* dst, NpyConversion* stats) {
  if (dtype == NpyDtype::Float32) {
    if (kHostLittleEndian) {
      std::memcpy(dst, src, n * 4);
      return;
    }
    for (size_t i = 0; i < n; ++i) {
      const uint32_t u = le32(src + 4 * i);
      std::memcpy(dst + i, &u, 4);
    }
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    const uint64_t u = static_cast<uint64_t>(le32(src + 8 * i)) |
                       (static_cast<uint64_t>(le32(src + 8 * i + 4)) << 32);
    double d;
    std::memcpy(&d, &u, 8);
    const float f = static_cast<float>(d);
    dst[i] = f;
    if (static_cast<double>(f) == d || std::isnan(d)) continue;
    if (std::isinf(f)) {
      ++stats->overflowed;
    } else if (f == 0.0f) {
      ++stats->flushed_to_zero;
    } else {
      ++stats->rounded;
      stats->max_relative_change = std::max(stats->max_relative_change, std::fabs((static_cast<double>(f) - d) / d));
    }
  }
}

size_t item_size(NpyDtype d) { return d == NpyDtype::Float32 ? 4 : 8; }

Error size_mismatch(const NpyHeader& h, uint64_t have) {
  const std::string what = "its header says shape " + shape_to_string(h.shape) + " " +
                           (h.dtype == NpyDtype::Float32 ? "float32" : "float64") + ", which is " +
                           std::to_string(h.data_bytes) + " bytes of data, but the file holds " +
                           std::to_string(have);
  if (have < h.data_bytes)
    return Error{what + ". The file is truncated (an interrupted copy or download?); get a "
                 "complete copy or re-save it."};
  return Error{what + ". It has extra bytes after the array (several arrays saved into one "
               "file?); save one array per file with numpy.save."};
}

}  // namespace

// ---------------------------------------------------------------- 3. parse / read

Result<NpyHeader> parse_npy_header(const uint8_t* data, size_t size) {
  if (size < kMagicLen || std::memcmp(data, kMagic, kMagicLen) != 0) {
    if (size >= 4 && std::memcmp(data, "PK\x03\x04", 4) == 0)
      return Error{"it is a .npz archive (numpy.savez), not a .npy array. Save the one array you "
                   "need with numpy.save(path, array)."};
    return Error{"it is not a .npy file (it does not start with the NumPy magic \"\\x93NUMPY\"). "
                 "Save arrays with numpy.save(path, array)."};
  }
  if (size < 10) return Error{"its .npy header is truncated. Re-save the array with numpy.save."};
  const int major = data[6], minor = data[7];
  size_t header_len = 0, prefix = 0;
  if (major == 1) {
    header_len = le16(data + 8);
    prefix = 10;
  } else if (major == 2 || major == 3) {
    if (size < 12) return Error{"its .npy header is truncated. Re-save the array with numpy.save."};
    header_len = le32(data + 8);
    prefix = 12;
  } else {
    return Error{"it uses .npy format version " + std::to_string(major) + "." +
                 std::to_string(minor) + "; tconv-lab reads versions 1.0, 2.0 and 3.0. Re-save it "
                 "with numpy.save(path, array)."};
  }
  if (header_len > kMaxNpyHeaderBytes)
    return Error{"its .npy header claims to be " + std::to_string(header_len) + " bytes long (at "
                 "most " + std::to_string(kMaxNpyHeaderBytes) + " are accepted); the file is "
                 "damaged or not a .npy file. Re-save the array with numpy.save."};
  if (size - prefix < header_len)
    return Error{"its .npy header is truncated (" + std::to_string(header_len) + " bytes announced, " +
                 std::to_string(size - prefix) + " present). Re-save the array with numpy.save."};
  const std::string text(reinterpret_cast<const char*>(data + prefix), header_len);
  std::optional<DictValue> descr, fortran, shape;
  if (auto e = HeaderParser(text).parse(descr, fortran, shape)) return *e;
  if (!descr || !fortran || !shape)
    return Error{std::string("its .npy header lacks the '") +
                 (!descr ? "descr" : !fortran ? "fortran_order" : "shape") +
                 "' entry; the file is damaged. Re-save the array with numpy.save."};
  if (fortran->kind != DictValue::Kind::Bool)
    return Error{"its 'fortran_order' entry is not True or False; the file is damaged. Re-save the "
                 "array with numpy.save."};
  if (shape->kind != DictValue::Kind::Tuple)
    return Error{"its 'shape' entry is not a tuple of integers; the file is damaged. Re-save the "
                 "array with numpy.save."};
  auto dtype = check_dtype(*descr);
  if (!dtype) return dtype.error();
  NpyHeader h;
  h.shape = shape->ints;
  h.dtype = dtype.value();
  int64_t count = 0;
  if (auto e = check_shape(h.shape, fortran->flag, &count)) return *e;
  h.data_offset = prefix + header_len;
  h.data_bytes = static_cast<uint64_t>(count) * item_size(h.dtype);
  return h;
}

Result<NpyArray> parse_npy(const uint8_t* data, size_t size) {
  auto header = parse_npy_header(data, size);
  if (!header) return header.error();
  const NpyHeader& h = header.value();
  const uint64_t have = size - h.data_offset;
  if (have != h.data_bytes) return size_mismatch(h, have);
  NpyArray a;
  a.shape = h.shape;
  const size_t n = static_cast<size_t>(h.data_bytes / item_size(h.dtype));
  a.data.resize(n);
  a.from_float64 = h.dtype == NpyDtype::Float64;
  convert_items(data + h.data_offset, n, h.dtype, a.data.data(), &a.conversion);
  return a;
}

Result<NpyArray> read_npy(const std::string& path) {
  const auto in_file = [&](const Error& e) { return Error{"cannot read '" + path + "': " + e.message}; };
  auto opened = InputFile::open(path);
  if (!opened) return opened.error();
  InputFile& file = opened.value();
  // Header: read up to the largest header we accept, then parse it.
  std::vector<uint8_t> buf(12 + kMaxNpyHeaderBytes);
  auto got = file.read(buf.data(), buf.size());
  if (!got) return got.error();
  auto header = parse_npy_header(buf.data(), got.value());
  if (!header) return in_file(header.error());
  const NpyHeader h = header.value();
  if (file.is_regular() && file.size() - h.data_offset != h.data_bytes)
    return in_file(size_mismatch(h, file.size() - h.data_offset));
  const uint64_t leftover = got.value() - h.data_offset;  // data bytes read with the header
  if (leftover > h.data_bytes) return in_file(size_mismatch(h, leftover));  // a pipe

  NpyArray a;
  a.shape = h.shape;
  a.from_float64 = h.dtype == NpyDtype::Float64;
  const size_t item = item_size(h.dtype);
  const size_t n = static_cast<size_t>(h.data_bytes / item);
  a.data.resize(n);
  // Stream the data through a staging buffer (a multiple of 8 bytes, larger than the leftover).
  buf.erase(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(h.data_offset));
  buf.resize(static_cast<size_t>(leftover));
  const size_t cap = size_t(1) << 20;
  size_t done = 0;  // items converted
  while (done < n) {
    const size_t target = static_cast<size_t>(std::min<uint64_t>(cap, h.data_bytes - done * item));
    const size_t had = buf.size();
    if (had < target) {
      buf.resize(target);
      auto r = file.read(buf.data() + had, target - had);
      if (!r) return r.error();
      if (r.value() < target - had) return in_file(size_mismatch(h, done * item + had + r.value()));
    }
    const size_t items = target / item;  // target is a multiple of the item size
    convert_items(buf.data(), items, h.dtype, a.data.data() + done, &a.conversion);
    done += items;
    buf.clear();
  }
  if (!file.is_regular()) {  // a pipe: make sure nothing follows
    uint8_t extra;
    auto r = file.read(&extra, 1);
    if (r && r.value() > 0) return in_file(size_mismatch(h, h.data_bytes + 1));
  }
  return a;
}

// ---------------------------------------------------------------- 4. encode / write

std::vector<uint8_t> encode_npy_header(const std::vector<int64_t>& shape) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape_to_string(shape) + ", }";
  // Total header (magic 6 + version 2 + length 2 + dict + padding + '\n') is a multiple of 64.
  size_t total = 10 + dict.size() + 1;
  const size_t padded = (total + 63) / 64 * 64;
  dict.append(padded - total, ' ');
  dict.push_back('\n');
  std::vector<uint8_t> out(kMagic, kMagic + kMagicLen);
  out.push_back(1);
  out.push_back(0);
  const size_t len = dict.size();
  out.push_back(static_cast<uint8_t>(len & 0xff));
  out.push_back(static_cast<uint8_t>(len >> 8));
  out.insert(out.end(), dict.begin(), dict.end());
  return out;
}

namespace {
// Writes floats as little-endian float32 through `sink`.
bool emit_floats(const ChunkSink& sink, const std::vector<float>& data) {
  if (kHostLittleEndian) return sink(data.data(), data.size() * sizeof(float));
  std::vector<uint8_t> buf;
  const size_t per = size_t(1) << 16;
  for (size_t i = 0; i < data.size(); i += per) {
    const size_t n = std::min(per, data.size() - i);
    buf.resize(n * 4);
    for (size_t j = 0; j < n; ++j) {
      uint32_t u;
      std::memcpy(&u, &data[i + j], 4);
      for (int b = 0; b < 4; ++b) buf[4 * j + static_cast<size_t>(b)] = static_cast<uint8_t>(u >> (8 * b));
    }
    if (!sink(buf.data(), buf.size())) return false;
  }
  return true;
}

[[maybe_unused]] int64_t product(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}
}  // namespace

std::vector<uint8_t> encode_npy(const std::vector<int64_t>& shape, const std::vector<float>& data) {
  assert(static_cast<int64_t>(data.size()) == product(shape) && "encode_npy: data size != shape product");
  std::vector<uint8_t> out = encode_npy_header(shape);
  emit_floats([&](const void* p, size_t n) {
    out.insert(out.end(), static_cast<const uint8_t*>(p), static_cast<const uint8_t*>(p) + n);
    return true;
  }, data);
  return out;
}

Status write_npy(const std::string& path, const std::vector<int64_t>& shape,
                 const std::vector<float>& data) {
  assert(!shape.empty() && shape.size() <= 4 && "write_npy: rank must be 1..4");
  assert(static_cast<int64_t>(data.size()) == product(shape) && "write_npy: data size != shape product");
  const std::vector<uint8_t> header = encode_npy_header(shape);
  return write_file_atomic(path, [&](const ChunkSink& sink) -> Status {
    if (sink(header.data(), header.size())) emit_floats(sink, data);
    return Ok{};
  });
}

Status write_npy(const std::string& path, const NpyArray& array) {
  return write_npy(path, array.shape, array.data);
}

}  // namespace tconv::io
