// Agent: one role in a Nova run (index, analyze, review, refactor, verify, merge, report).
// An agent reads slots from the Blackboard, writes its own, and ends every step with an
// Outcome: ok, failed(Status) or declined(reason). There is no silent skip.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "nova-core/blackboard.h"
#include "nova-core/status.h"

namespace nova::core {

enum class OutcomeKind { kOk, kFailed, kDeclined };
std::string_view OutcomeKindName(OutcomeKind kind);  // "ok", "failed", "declined"

struct Outcome {
  OutcomeKind kind = OutcomeKind::kOk;
  Status error;        // set when failed
  std::string reason;  // set when declined

  static Outcome Ok() { return {}; }
  static Outcome Failed(Status status) { return {OutcomeKind::kFailed, std::move(status), {}}; }
  static Outcome Declined(std::string why) { return {OutcomeKind::kDeclined, {}, std::move(why)}; }
  // Ok when `status` is ok, else Failed(status).
  static Outcome FromStatus(Status status);
};

// What the driver tells an agent about the step it runs.
struct StepContext {
  std::chrono::steady_clock::time_point deadline;  // the run's deadline; agents bound waits by it
};

class Agent {
 public:
  virtual ~Agent() = default;
  virtual std::string_view Name() const = 0;
  // One sentence: what this agent is for.
  virtual std::string_view Role() const = 0;
  virtual Outcome Run(Blackboard& board, const StepContext& context) = 0;
};

}  // namespace nova::core
