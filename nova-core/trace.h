// TraceWriter: appends one JSON object per line to a trace file (`--trace FILE`, and always
// .nova/runs/<run>/trace.jsonl). Every line has "event" and "time"; the events are run_start,
// step_start, step_end, retry, cancel, effect, unresponsive and run_end (docs/trace.md lists
// their fields). Lines are flushed as written, so a crashed run still leaves its trace.
// Thread-safe: effects arrive from worker threads.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "nova-core/agent.h"
#include "nova-core/result.h"

namespace nova::core {

struct StepRecord {
  std::string agent;
  std::chrono::system_clock::time_point start;
  std::chrono::milliseconds duration{0};
  Outcome outcome;
  int attempts = 1;
};

// "2026-11-22T18:03:04.123Z"
std::string FormatUtcTimestamp(std::chrono::system_clock::time_point time);

class TraceWriter {
 public:
  // Truncates or creates `path`; the parent directory must exist.
  static Result<std::unique_ptr<TraceWriter>> Open(const std::filesystem::path& path);
  // Writes `event`, an object with "event" and "time" (the driver stamps one time for every
  // copy of the trace).
  Status Write(const nlohmann::json& event);

 private:
  explicit TraceWriter(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
  std::mutex mutex_;
  std::ofstream out_;
};

// The step_end event of a record: agent, start, duration_ms, outcome, error, attempts.
nlohmann::json StepEndEvent(const StepRecord& record);

}  // namespace nova::core
