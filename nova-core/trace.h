// TraceWriter: appends one JSON line per agent step to a trace file (`--trace FILE`):
// {"agent","start","duration_ms","outcome","error"}. Each line is flushed as written so a
// crashed run still leaves its trace. Not thread-safe; the driver owns the one writer.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "nova-core/agent.h"
#include "nova-core/result.h"

namespace nova::core {

struct StepRecord {
  std::string agent;
  std::chrono::system_clock::time_point start;
  std::chrono::milliseconds duration{0};
  Outcome outcome;
};

// "2026-11-22T18:03:04.123Z"
std::string FormatUtcTimestamp(std::chrono::system_clock::time_point time);

class TraceWriter {
 public:
  // Truncates or creates `path`; the parent directory must exist.
  static Result<std::unique_ptr<TraceWriter>> Open(const std::filesystem::path& path);
  Status Write(const StepRecord& record);

 private:
  explicit TraceWriter(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
  std::ofstream out_;
};

}  // namespace nova::core
