#include "nova-core/run_state.h"

namespace nova::core {

void RunState::Event(const nlohmann::json& untimed) {
  // One timestamp for every copy, so the run's trace and --trace FILE are the same bytes.
  nlohmann::json event = untimed;
  if (!event.contains("time")) event["time"] = FormatUtcTimestamp(std::chrono::system_clock::now());
  for (auto& writer : traces_) {
    Status written = writer->Write(event);
    if (written.ok()) continue;
    std::lock_guard<std::mutex> lock(trace_mutex_);
    if (trace_error_.ok()) trace_error_ = written;
  }
}

Status RunState::TraceError() const {
  std::lock_guard<std::mutex> lock(trace_mutex_);
  return trace_error_;
}

std::string RunState::LostInput(const AgentContract& contract) const {
  for (std::string_view slot : contract.consumes) {
    if (lost_.find(slot) != lost_.end()) return std::string(slot);
  }
  return "";
}

void RunState::LoseOutputs(const AgentContract& contract) {
  for (std::string_view slot : contract.produces) lost_.emplace(slot);
  report_.partial = true;
}

RunReport RunState::Snapshot(bool partial) const {
  RunReport snapshot = report_;
  snapshot.status = first_failure_;
  snapshot.partial = report_.partial || partial;
  return snapshot;
}

RunReport RunState::Finish(bool partial) {
  report_.status = first_failure_;  // a run with any failed step never reports success
  report_.partial = report_.partial || partial;
  return std::move(report_);
}

void StepEffects::Record(std::string_view kind, nlohmann::json detail) {
  nlohmann::json event = {{"event", "effect"}, {"agent", agent_}, {"kind", kind}};
  if (detail.is_object()) {
    for (auto& [key, value] : detail.items()) {
      if (!event.contains(key)) event[key] = value;
    }
  } else {
    event["detail"] = std::move(detail);
  }
  state_.Event(event);
}

}  // namespace nova::core
