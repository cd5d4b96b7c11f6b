// ProgressLine: one self-overwriting status line on a terminal (TUs done/total, elapsed, ETA,
// current file) for long analyses. Writes only when the stream is a terminal and not silenced,
// so redirected output is never polluted. Thread-safe: workers may report concurrently.
#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace nova::app {

class ProgressLine {
 public:
  // `enabled` false (--quiet, or stderr not a terminal) makes every call a no-op.
  ProgressLine(std::FILE* stream, bool enabled);
  ~ProgressLine();  // clears the line

  void Update(int done, int total, const std::string& current_file);
  // "[12/63] 4.2 s, ETA 18 s  analyzers/foo.cpp", without the carriage return; for tests.
  static std::string Format(int done, int total, std::chrono::milliseconds elapsed,
                            const std::string& current_file, std::size_t width);

 private:
  std::FILE* stream_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_{};
  std::mutex mutex_;
  bool drawn_ = false;
};

// True when --quiet is off and `stream` is a terminal.
bool ProgressWanted(std::FILE* stream, bool quiet);

}  // namespace nova::app
