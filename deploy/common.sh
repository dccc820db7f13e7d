# Shared by run.sh and test.sh (sourced, not run): the Debian 12 packages the build needs, and
# one build configuration so both scripts reuse the same build/ tree.

# Every library comes from Debian; nothing is downloaded at build time.
ACHILLES_PACKAGES=(
  cmake g++ make pkg-config
  libboost-dev libboost-system-dev libcpprest-dev nlohmann-json3-dev
  libsqlitecpp-dev libsqlite3-dev libssl-dev libhowardhinnant-date-dev libexpected-dev
  libgtest-dev libgmock-dev libbenchmark-dev libstemmer-dev librapidcheck-dev libutfcpp-dev tzdata
  libcairo2-dev libpng-dev fonts-dejavu-core
)
# The fuzz targets (tests/fuzz) need clang with libFuzzer; only deploy/test.sh builds them.
ACHILLES_FUZZ_PACKAGES=(clang-14 libfuzzer-14-dev)
ACHILLES_JOBS="${ACHILLES_JOBS:-2}"

# Installs the named packages that are not installed yet (with sudo when not root).
install_missing() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  ((${#missing[@]} == 0)) && return 0
  echo "==> installing: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
}

# Configures build/ (Release, tests on, warnings as errors). Re-running it changes nothing, so
# the next build recompiles only what changed.
configure_build() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DACHILLES_BUILD_TESTS=ON -DACHILLES_WERROR=ON \
    >/dev/null
}

# Configures build-fuzz/: the libraries and the fuzz targets with clang, libFuzzer, ASan and
# UBSan (no tests, no benchmarks).
configure_fuzz_build() {
  CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DACHILLES_BUILD_TESTS=OFF -DACHILLES_FUZZ=ON >/dev/null
}

# Configures build-asan/: the libraries, the executable and the tests with AddressSanitizer and
# UndefinedBehaviorSanitizer (any report fails the test that caused it).
configure_sanitize_build() {
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DACHILLES_BUILD_TESTS=ON \
    -DACHILLES_SANITIZE=ON >/dev/null
}
