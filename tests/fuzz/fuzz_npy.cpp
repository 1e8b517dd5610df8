// libFuzzer target: the .npy reader on arbitrary bytes. Any input must give a value or an Error
// (never a crash, leak or sanitizer report); an accepted array must survive write + read exactly.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "core/params.h"
#include "io/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto header = tconv::io::parse_npy_header(data, size);
  auto a = tconv::io::parse_npy(data, size);
  if (!a.ok()) return 0;
  if (!header.ok()) std::abort();  // a whole file parsed, so its header must parse
  const auto& arr = a.value();
  int64_t n = 1;
  for (int64_t d : arr.shape) {
    if (d < 1) std::abort();
    n *= d;
  }
  if (arr.shape.empty() || arr.shape.size() > 4 || n > tconv::kMaxElements ||
      static_cast<int64_t>(arr.data.size()) != n)
    std::abort();
  const auto bytes = tconv::io::encode_npy(arr.shape, arr.data);
  auto b = tconv::io::parse_npy(bytes.data(), bytes.size());
  if (!b.ok() || b.value().shape != arr.shape ||
      std::memcmp(b.value().data.data(), arr.data.data(), arr.data.size() * sizeof(float)) != 0)
    std::abort();
  return 0;
}
