// What every fuzz target shares: the input as text, a few leading bytes read as small numbers,
// and a check that stops the run (a crash libFuzzer reports) when an invariant breaks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace achilles::fuzz {

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  // The next byte (0 when none is left), consumed.
  std::uint8_t Byte() {
    if (rest_.empty()) return 0;
    const auto byte = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return byte;
  }

  // The next two bytes as a number, consumed.
  std::uint16_t Short() {
    const std::uint16_t high = Byte();
    return static_cast<std::uint16_t>(high << 8 | Byte());
  }

  // Everything not consumed yet.
  std::string_view Rest() const { return rest_; }

 private:
  std::string_view rest_;
};

// Aborts with `what` when `holds` is false: libFuzzer keeps the input that did it.
inline void Require(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

}  // namespace achilles::fuzz
