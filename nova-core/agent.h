// Agent: one role in a Nova run (index, analyze, review, refactor, verify, merge, report).
// An agent reads slots from the Blackboard, writes its own, and ends every step with an
// Outcome: ok, failed(Status) or declined(reason). There is no silent skip.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

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

// What a failure of an agent takes down with it.
enum class FailureScope {
  kStopsRun,   // nothing after it can be trusted: the run stops
  kOwnBranch,  // only the agents downstream of its slots are skipped; the run still fails
};
std::string_view FailureScopeName(FailureScope scope);  // "stops the run", "its own branch"

// What an agent promises: its role, the blackboard slots it reads and writes, and how it fails.
// The driver checks the slots before the run (every consumed slot has a producer upstream) and
// after each step (every produced slot was written).
struct AgentContract {
  std::string_view name;
  std::string_view role;  // one sentence
  std::vector<std::string_view> consumes;
  std::vector<std::string_view> produces;
  std::vector<std::string_view> failure_modes;  // one line each: what makes it fail
  FailureScope on_failure = FailureScope::kStopsRun;
};

class Agent {
 public:
  virtual ~Agent() = default;
  virtual const AgentContract& Contract() const = 0;
  std::string_view Name() const { return Contract().name; }
  std::string_view Role() const { return Contract().role; }
  virtual Outcome Run(Blackboard& board, const StepContext& context) = 0;
};

}  // namespace nova::core
