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
#include "nova-core/work_hooks.h"

namespace nova::core {

enum class OutcomeKind { kOk, kFailed, kDeclined };
std::string_view OutcomeKindName(OutcomeKind kind);  // "ok", "failed", "declined"

struct Outcome {
  OutcomeKind kind = OutcomeKind::kOk;
  Status error;            // set when failed
  std::string reason;      // set when declined
  bool retryable = false;  // a failure that may pass when tried again (a flaky service, a 503)

  static Outcome Ok() { return {}; }
  static Outcome Failed(Status status) { return {OutcomeKind::kFailed, std::move(status), {}}; }
  // A failure the driver may retry, under the agent's RetryPolicy.
  static Outcome Retryable(Status status) {
    return {OutcomeKind::kFailed, std::move(status), {}, true};
  }
  static Outcome Declined(std::string why) { return {OutcomeKind::kDeclined, {}, std::move(why)}; }
  // Ok when `status` is ok, else Failed(status).
  static Outcome FromStatus(Status status);
};

// What the driver tells an agent about the step it runs.
struct StepContext {
  // The earlier of the run's deadline and the agent's own; agents bound waits by it.
  std::chrono::steady_clock::time_point deadline;
  // Cancelled by the driver on SIGINT/SIGTERM, a passed deadline or a stall: poll it in loops and
  // hand it to child processes. Report progress often enough to beat the stall detector, and
  // every external effect (refs, branches, processes, HTTP) through it.
  WorkHooks hooks;
  int attempt = 1;  // 1 on the first try, 2.. on retries
};

// How often and how patiently the driver retries an agent's retryable failures.
struct RetryPolicy {
  int max_attempts = 1;                            // Default: 1, no retry
  std::chrono::milliseconds initial_backoff{500};  // Default: 0.5 s before the second attempt
  std::chrono::milliseconds max_backoff{30000};    // Default: 30 s; the backoff doubles up to it
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
  std::string_view name = {};
  std::string_view role = {};  // one sentence
  std::vector<std::string_view> consumes = {};
  std::vector<std::string_view> produces = {};
  std::vector<std::string_view> failure_modes = {};  // one line each: what makes it fail
  FailureScope on_failure = FailureScope::kStopsRun;
  // Slots it reads when present and does without otherwise (the reporter); not checked.
  std::vector<std::string_view> reads_if_present = {};
  std::chrono::seconds deadline{0};  // its own wall-clock bound; 0: only the run's deadline
  RetryPolicy retry = {};
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
