// The process's peak resident memory, for the benchmarks' figures.
#pragma once

#include <sys/resource.h>

namespace achilles::bench {

inline double PeakMemoryMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is KiB on Linux
}

}  // namespace achilles::bench
