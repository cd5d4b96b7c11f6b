// Plan and Driver: what runs (an ordered list of agents) and how it runs (bounded).
// The driver runs each agent once, in order, under a step cap and a run deadline, records every
// step, writes the trace, and stops at the first failed step. Not thread-safe; one run at a time.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "nova-core/agent.h"
#include "nova-core/trace.h"

namespace nova::core {

struct Plan {
  std::vector<std::unique_ptr<Agent>> steps;
};

struct DriverOptions {
  int max_steps = 32;                           // Default: 32 steps per run
  std::chrono::seconds deadline{6 * 3600};      // Default: 6 hours per run
  std::optional<std::filesystem::path> trace;   // Default: no trace file (--trace FILE)
  std::optional<std::filesystem::path> run_trace;  // the run's own copy: .nova/runs/<id>/trace.jsonl
};

struct RunReport {
  std::vector<StepRecord> steps;
  Status status;         // ok, or why the run stopped (names the agent)
  bool partial = false;  // true when some planned step did not run
};

// Checks, before anything runs, that every slot each agent consumes is on the board already
// (`initial_slots`) or produced by an agent earlier in the plan. Internal error naming the agent
// and the slot otherwise: a plan is built by Nova's own code, so a bad one is Nova's bug.
Status ValidatePlan(const Plan& plan, const std::vector<std::string>& initial_slots);

class Driver {
 public:
  explicit Driver(DriverOptions options) : options_(std::move(options)) {}
  // Fails only when the plan is invalid (ValidatePlan) or the trace file cannot be opened; every
  // other failure is in the report, and a run with any failed step has a failed status.
  Result<RunReport> Run(Plan& plan, Blackboard& board);

 private:
  // Why step `step` (agent `agent`) may not start: the step cap or the deadline; ok otherwise.
  Status Refusal(std::size_t step, const std::string& agent,
                 std::chrono::steady_clock::time_point deadline) const;

  DriverOptions options_;
};

}  // namespace nova::core
