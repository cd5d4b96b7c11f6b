#include "nova-core/trace.h"

#include <ctime>

#include <nlohmann/json.hpp>

namespace nova::core {

std::string FormatUtcTimestamp(std::chrono::system_clock::time_point time) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch());
  const std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%S", &utc);
  char with_ms[48];
  std::snprintf(with_ms, sizeof(with_ms), "%s.%03dZ", buffer, static_cast<int>(ms.count() % 1000));
  return with_ms;
}

Result<std::unique_ptr<TraceWriter>> TraceWriter::Open(const std::filesystem::path& path) {
  std::unique_ptr<TraceWriter> writer(new TraceWriter(path));
  writer->out_.open(path, std::ios::out | std::ios::trunc);
  if (!writer->out_) return UnavailableError("cannot open trace file " + path.string());
  return writer;
}

Status TraceWriter::Write(const nlohmann::json& event) {
  const std::string line = event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard<std::mutex> lock(mutex_);
  out_ << line << '\n';
  out_.flush();
  if (!out_) return UnavailableError("cannot write trace file " + path_.string());
  return Status::Ok();
}

nlohmann::json StepEndEvent(const StepRecord& record) {
  nlohmann::json event = {
      {"event", "step_end"},
      {"agent", record.agent},
      {"start", FormatUtcTimestamp(record.start)},
      {"duration_ms", record.duration.count()},
      {"outcome", OutcomeKindName(record.outcome.kind)},
      {"error", nullptr},
      {"attempts", record.attempts},
  };
  if (record.outcome.kind == OutcomeKind::kFailed) event["error"] = record.outcome.error.ToString();
  if (record.outcome.kind == OutcomeKind::kDeclined) event["error"] = record.outcome.reason;
  return event;
}

}  // namespace nova::core
