#include "nova-core/driver.h"

#include <exception>
#include <set>

namespace nova::core {

std::string_view OutcomeKindName(OutcomeKind kind) {
  switch (kind) {
    case OutcomeKind::kOk: return "ok";
    case OutcomeKind::kFailed: return "failed";
    case OutcomeKind::kDeclined: return "declined";
  }
  return "failed";
}

std::string_view FailureScopeName(FailureScope scope) {
  return scope == FailureScope::kStopsRun ? "stops the run" : "its own branch";
}

Status ValidatePlan(const Plan& plan, const std::vector<std::string>& initial_slots) {
  std::set<std::string, std::less<>> available(initial_slots.begin(), initial_slots.end());
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const AgentContract& contract = plan.steps[i]->Contract();
    for (std::string_view slot : contract.consumes) {
      if (available.find(slot) != available.end()) continue;
      std::string later;
      for (std::size_t j = i + 1; j < plan.steps.size() && later.empty(); ++j) {
        for (std::string_view produced : plan.steps[j]->Contract().produces) {
          if (produced == slot) later = std::string(plan.steps[j]->Name());
        }
      }
      std::string message = "invalid plan: agent " + std::string(contract.name) +
                            " consumes slot '" + std::string(slot) + "', which ";
      message += later.empty() ? "no agent upstream produces"
                               : "only " + later + " produces, after it (a cycle, or the wrong order)";
      return InternalError(message);
    }
    for (std::string_view slot : contract.produces) available.emplace(slot);
  }
  return Status::Ok();
}

Outcome Outcome::FromStatus(Status status) {
  return status.ok() ? Ok() : Failed(std::move(status));
}

namespace {

// An agent that throws has failed; the exception never crosses into the driver's caller.
Outcome RunGuarded(Agent& agent, Blackboard& board, const StepContext& context) {
  try {
    return agent.Run(board, context);
  } catch (const std::exception& e) {
    return Outcome::Failed(InternalError(std::string("threw an exception: ") + e.what()));
  } catch (...) {
    return Outcome::Failed(InternalError("threw a non-standard exception"));
  }
}

}  // namespace

Result<RunReport> Driver::Run(Plan& plan, Blackboard& board) {
  std::unique_ptr<TraceWriter> trace;
  if (options_.trace) {
    NOVA_ASSIGN_OR_RETURN(trace, TraceWriter::Open(*options_.trace));
  }
  const auto run_deadline = std::chrono::steady_clock::now() + options_.deadline;
  NOVA_RETURN_IF_ERROR(ValidatePlan(plan, board.SlotNames()));

  RunReport report;
  // Slots that will never be produced because their producer failed within its own branch.
  std::set<std::string, std::less<>> lost;
  Status first_failure;
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

    const AgentContract& contract = agent.Contract();
    std::string missing_input;
    for (std::string_view slot : contract.consumes) {
      if (missing_input.empty() && lost.find(slot) != lost.end()) missing_input = std::string(slot);
    }
    if (!missing_input.empty()) {
      // Downstream of a failed branch: not run, and said so.
      NOVA_RETURN_IF_ERROR(record({name, std::chrono::system_clock::now(), {},
                                   Outcome::Declined("not run: its input '" + missing_input +
                                                     "' was lost to an earlier failure")}));
      for (std::string_view slot : contract.produces) lost.emplace(slot);
      report.partial = true;
      continue;
    }

    const auto wall_start = std::chrono::system_clock::now();
    const auto start = std::chrono::steady_clock::now();
    Outcome outcome = RunGuarded(agent, board, StepContext{run_deadline});
    const auto duration = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    if (outcome.kind != OutcomeKind::kFailed) {
      for (std::string_view slot : contract.produces) {
        if (board.Has(slot)) continue;
        outcome = Outcome::Failed(InternalError("declared slot '" + std::string(slot) +
                                                "' but did not produce it"));
        break;
      }
    }
    NOVA_RETURN_IF_ERROR(record({name, wall_start, duration, outcome}));

    if (outcome.kind == OutcomeKind::kFailed) {
      Status failure = outcome.error.WithContext("agent " + name);
      if (first_failure.ok()) first_failure = failure;
      if (contract.on_failure == FailureScope::kStopsRun) {
        report.status = first_failure;
        report.partial = i + 1 < plan.steps.size() || report.partial;
        return report;
      }
      for (std::string_view slot : contract.produces) lost.emplace(slot);
      report.partial = true;
    }
  }
  // A run with any failed step never reports success.
  report.status = first_failure;
  return report;
}

}  // namespace nova::core
