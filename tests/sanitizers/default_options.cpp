// Sanitizer settings built into the test binary and achilles-coach in ACHILLES_SANITIZE builds,
// so ctest, the crash test's child process and a developer running either by hand get the same
// ones: every UBSan report fails the run,
// and the suppression files beside this one name the third-party exemptions.
extern "C" const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1:suppressions=" ACHILLES_SANITIZER_DIR "/ubsan.supp";
}

extern "C" const char* __lsan_default_options() {
  return "suppressions=" ACHILLES_SANITIZER_DIR "/lsan.supp";
}
