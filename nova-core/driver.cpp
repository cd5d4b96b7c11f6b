#include "nova-core/driver.h"

namespace nova::core {

std::string_view OutcomeKindName(OutcomeKind kind) {
  switch (kind) {
    case OutcomeKind::kOk: return "ok";
    case OutcomeKind::kFailed: return "failed";
    case OutcomeKind::kDeclined: return "declined";
  }
  return "failed";
}

Outcome Outcome::FromStatus(Status status) {
  return status.ok() ? Ok() : Failed(std::move(status));
}

Result<RunReport> Driver::Run(Plan& plan, Blackboard& board) {
  std::unique_ptr<TraceWriter> trace;
  if (options_.trace) {
    NOVA_ASSIGN_OR_RETURN(trace, TraceWriter::Open(*options_.trace));
  }
  const auto run_deadline = std::chrono::steady_clock::now() + options_.deadline;

  RunReport report;
  auto record = [&](StepRecord step) -> Status {
    report.steps.push_back(step);
    return trace ? trace->Write(step) : Status::Ok();
  };

  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    Agent& agent = *plan.steps[i];
    const std::string name(agent.Name());
    Status refusal;
    if (static_cast<int>(i) >= options_.max_steps) {
      refusal = ResourceExhaustedError("step cap of " + std::to_string(options_.max_steps) +
                                       " reached before agent " + name);
    } else if (std::chrono::steady_clock::now() >= run_deadline) {
      refusal = DeadlineExceededError("run deadline of " +
                                      std::to_string(options_.deadline.count()) +
                                      " s passed before agent " + name);
    }
    if (!refusal.ok()) {
      NOVA_RETURN_IF_ERROR(record({name, std::chrono::system_clock::now(), {},
                                   Outcome::Failed(refusal)}));
      report.status = refusal;
      report.partial = true;
      return report;
    }

    const auto wall_start = std::chrono::system_clock::now();
    const auto start = std::chrono::steady_clock::now();
    Outcome outcome = agent.Run(board, StepContext{run_deadline});
    const auto duration = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    NOVA_RETURN_IF_ERROR(record({name, wall_start, duration, outcome}));

    if (outcome.kind == OutcomeKind::kFailed) {
      report.status = outcome.error.WithContext("agent " + name);
      report.partial = i + 1 < plan.steps.size();
      return report;
    }
  }
  return report;
}

}  // namespace nova::core
