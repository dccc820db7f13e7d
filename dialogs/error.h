// The one error type every layer returns across its boundary, and the Result alias built on it.
// A plain value: copyable, thread-compatible.
#pragma once

#include <string>
#include <tl/expected.hpp>
#include <utility>

namespace achilles {

// What went wrong, in words an operator can act on. `code` groups errors for callers that must
// branch (for example a malformed payload versus a database that does not answer).
struct Error {
  enum class Code {
    kInvalidInput,  // the caller's input is malformed; retrying the same input will fail again
    kNotFound,      // a named thing does not exist
    kUnavailable,   // a dependency (database, file, network) did not answer; a retry may work
    kIncompatible,  // stored data is newer or otherwise not understood by this binary
    kInternal,      // a bug or a bad stored value: retrying the same thing will fail again
  };
  Code code = Code::kInvalidInput;
  std::string message;

  // Whether trying the same thing again later can help (a busy or full database, a network
  // that did not answer). Everything else is permanent: it is quarantined, not retried.
  bool Retryable() const { return code == Code::kUnavailable; }

  static Error InvalidInput(std::string m) { return {Code::kInvalidInput, std::move(m)}; }
  static Error NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Error Unavailable(std::string m) { return {Code::kUnavailable, std::move(m)}; }
  static Error Incompatible(std::string m) { return {Code::kIncompatible, std::move(m)}; }
  static Error Internal(std::string m) { return {Code::kInternal, std::move(m)}; }
};

template <typename T>
using Result = tl::expected<T, Error>;

// Shorthand for returning an error from a function that returns Result<T>.
inline tl::unexpected<Error> Fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

}  // namespace achilles
