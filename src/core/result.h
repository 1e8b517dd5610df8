#pragma once
// Errors as values: a user's or the world's failure (bad file, impossible parameters) is
// returned as an Error whose message says what is wrong and how to fix it. The edge decides
// what to do with it (CLI: "error: ..." and exit 2; GUI: show it and carry on).
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace tconv {

struct Error {
  std::string message;  // complete sentence(s): what is wrong, then how to fix it
};

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}    // NOLINT: implicit by design
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { assert(ok() && "Result::value() on an error: check ok() first"); return std::get<0>(v_); }
  T& value() & { assert(ok() && "Result::value() on an error: check ok() first"); return std::get<0>(v_); }
  T&& value() && { assert(ok() && "Result::value() on an error: check ok() first"); return std::get<0>(std::move(v_)); }
  const Error& error() const { assert(!ok() && "Result::error() on a value: check ok() first"); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// For operations that return nothing but may fail.
struct Ok {};
using Status = Result<Ok>;

}  // namespace tconv
