// Plan and Driver: what runs (an ordered list of agents, then a `finally` agent that always runs)
// and how it runs (bounded). The driver runs each agent once, in order, under a step cap, a run
// deadline and each agent's own deadline, retries retryable failures with backoff, cancels on
// SIGINT/SIGTERM or a stall at a safe point, refuses an agent that would run again on the same
// input, records every step and effect in the trace, and stops at the first failed step.
// One run at a time per Driver.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "nova-core/agent.h"
#include "nova-core/trace.h"

namespace nova::core {

struct Plan {
  std::vector<std::unique_ptr<Agent>> steps;
  // Runs after the steps whatever happened (also after a failure or a signal), with the run so
  // far in kRunSlot: the reporter. Its failure fails the run. Optional.
  std::unique_ptr<Agent> finally;
};

// The slot the driver fills with the RunReport so far before the `finally` agent runs.
inline constexpr char kRunSlot[] = "run";

struct DriverOptions {
  int max_steps = 32;                            // Default: 32 steps per run
  std::chrono::seconds deadline{6 * 3600};       // Default: 6 hours per run
  std::chrono::seconds stall_timeout{0};         // Default: 0, no stall detection
  std::chrono::milliseconds cancel_grace{30000};  // Default: 30 s for a cancelled step to stop
  bool handle_signals = false;  // take SIGINT/SIGTERM and stop at a safe point (exit 130/143)
  std::optional<std::filesystem::path> trace;      // Default: no trace file (--trace FILE)
  std::optional<std::filesystem::path> run_trace;  // the run's own copy: .nova/runs/<id>/trace.jsonl
  nlohmann::json run_info = nlohmann::json::object();  // run_start fields: command, versions...
  // Called when a cancelled step does not stop within cancel_grace, or on a second signal, after
  // the trace and `diagnostics` say why. Default: std::_Exit(code): nothing half-done is waited on.
  std::function<void(int exit_code)> exit_process;
  std::ostream* diagnostics = nullptr;  // Default: std::cerr
};

struct RunReport {
  std::vector<StepRecord> steps;
  Status status;         // ok, or why the run stopped (names the agent)
  bool partial = false;  // true when some planned step did not run
  int signal = 0;        // SIGINT or SIGTERM when the run was interrupted, else 0
};

template <>
struct SlotTraits<RunReport> {
  static SlotSummary Summarize(const RunReport& report);
};

// Checks, before anything runs, that every slot each agent consumes is on the board already
// (`initial_slots`) or produced by an agent earlier in the plan. Internal error naming the agent
// and the slot otherwise: a plan is built by Nova's own code, so a bad one is Nova's bug.
Status ValidatePlan(const Plan& plan, const std::vector<std::string>& initial_slots);

class Driver {
 public:
  explicit Driver(DriverOptions options) : options_(std::move(options)) {}
  // Fails only when the plan is invalid (ValidatePlan) or a trace file cannot be written; every
  // other failure is in the report, and a run with any failed step has a failed status.
  Result<RunReport> Run(Plan& plan, Blackboard& board);

 private:
  DriverOptions options_;
};

}  // namespace nova::core
