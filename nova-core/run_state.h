// RunState: one driver run's bookkeeping: the report being built, the trace files every event
// goes to, the slots lost to failed branches and the (agent, input) pairs already run.
// Internal to the driver. Event() and the per-step EffectSink are thread-safe; the rest is
// touched only by the driver's thread.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "nova-core/driver.h"
#include "nova-core/effects.h"
#include "nova-core/trace.h"

namespace nova::core {

class RunState {
 public:
  explicit RunState(std::vector<std::unique_ptr<TraceWriter>> traces)
      : traces_(std::move(traces)) {}

  // Writes `event` to every trace; the first write error is kept for TraceError().
  void Event(const nlohmann::json& event);
  Status TraceError() const;

  void Record(StepRecord step) { report_.steps.push_back(std::move(step)); }
  // The first consumed slot that an earlier failure made sure will never exist, or "".
  std::string LostInput(const AgentContract& contract) const;
  void LoseOutputs(const AgentContract& contract);
  void NoteFailure(const Status& failure) {
    if (first_failure_.ok()) first_failure_ = failure;
  }
  // True the first time `agent` runs on `input_digest`; false when that would be a loop.
  bool FirstRunOn(const std::string& agent, const std::string& input_digest) {
    return seen_.emplace(agent + "@" + input_digest).second;
  }
  void SetSignal(int signal) { report_.signal = signal; }
  // The report so far, as the `finally` agent sees it.
  RunReport Snapshot(bool partial) const;
  RunReport Finish(bool partial);

 private:
  std::vector<std::unique_ptr<TraceWriter>> traces_;
  mutable std::mutex trace_mutex_;
  Status trace_error_;
  RunReport report_;
  std::set<std::string, std::less<>> lost_;
  std::set<std::string> seen_;
  Status first_failure_;
};

// Writes each effect an agent reports as an "effect" event naming that agent.
class StepEffects final : public EffectSink {
 public:
  StepEffects(RunState& state, std::string agent) : state_(state), agent_(std::move(agent)) {}
  void Record(std::string_view kind, nlohmann::json detail) override;

 private:
  RunState& state_;
  std::string agent_;
};

}  // namespace nova::core
