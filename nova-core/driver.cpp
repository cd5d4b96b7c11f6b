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

namespace {

// One run's bookkeeping: the report, the trace files, and the slots lost to failed branches.
class RunState {
 public:
  explicit RunState(std::vector<std::unique_ptr<TraceWriter>> traces) : traces_(std::move(traces)) {}

  Status Record(StepRecord step) {
    report_.steps.push_back(step);
    for (auto& writer : traces_) NOVA_RETURN_IF_ERROR(writer->Write(step));
    return Status::Ok();
  }
  // The first consumed slot that an earlier failure made sure will never exist, or "".
  std::string LostInput(const AgentContract& contract) const {
    for (std::string_view slot : contract.consumes) {
      if (lost_.find(slot) != lost_.end()) return std::string(slot);
    }
    return "";
  }
  void LoseOutputs(const AgentContract& contract) {
    for (std::string_view slot : contract.produces) lost_.emplace(slot);
    report_.partial = true;
  }
  void NoteFailure(const Status& failure) {
    if (first_failure_.ok()) first_failure_ = failure;
  }
  RunReport Finish(bool partial) {
    report_.status = first_failure_;  // a run with any failed step never reports success
    report_.partial = report_.partial || partial;
    return std::move(report_);
  }

 private:
  std::vector<std::unique_ptr<TraceWriter>> traces_;
  RunReport report_;
  std::set<std::string, std::less<>> lost_;
  Status first_failure_;
};

// Fails an ok outcome whose agent did not write every slot it declared.
Outcome CheckDeclaredOutputs(Outcome outcome, const AgentContract& contract, const Blackboard& board) {
  if (outcome.kind == OutcomeKind::kFailed) return outcome;
  for (std::string_view slot : contract.produces) {
    if (!board.Has(slot)) {
      return Outcome::Failed(
          InternalError("declared slot '" + std::string(slot) + "' but did not produce it"));
    }
  }
  return outcome;
}

}  // namespace

Status Driver::Refusal(std::size_t step, const std::string& agent,
                       std::chrono::steady_clock::time_point deadline) const {
  if (static_cast<int>(step) >= options_.max_steps) {
    return ResourceExhaustedError("step cap of " + std::to_string(options_.max_steps) +
                                  " reached before agent " + agent);
  }
  if (std::chrono::steady_clock::now() >= deadline) {
    return DeadlineExceededError("run deadline of " + std::to_string(options_.deadline.count()) +
                                 " s passed before agent " + agent);
  }
  return Status::Ok();
}

Result<RunReport> Driver::Run(Plan& plan, Blackboard& board) {
  std::vector<std::unique_ptr<TraceWriter>> traces;
  for (const auto& path : {options_.trace, options_.run_trace}) {
    if (!path) continue;
    NOVA_ASSIGN_OR_RETURN(std::unique_ptr<TraceWriter> writer, TraceWriter::Open(*path));
    traces.push_back(std::move(writer));
  }
  const auto run_deadline = std::chrono::steady_clock::now() + options_.deadline;
  NOVA_RETURN_IF_ERROR(ValidatePlan(plan, board.SlotNames()));
  RunState state(std::move(traces));

  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    Agent& agent = *plan.steps[i];
    const AgentContract& contract = agent.Contract();
    const std::string name(agent.Name());
    if (Status refusal = Refusal(i, name, run_deadline); !refusal.ok()) {
      NOVA_RETURN_IF_ERROR(state.Record({name, std::chrono::system_clock::now(), {},
                                         Outcome::Failed(refusal)}));
      state.NoteFailure(refusal);
      return state.Finish(/*partial=*/true);
    }
    if (std::string lost = state.LostInput(contract); !lost.empty()) {
      NOVA_RETURN_IF_ERROR(state.Record({name, std::chrono::system_clock::now(), {},
                                         Outcome::Declined("not run: its input '" + lost +
                                                           "' was lost to an earlier failure")}));
      state.LoseOutputs(contract);
      continue;
    }
    const auto wall_start = std::chrono::system_clock::now();
    const auto start = std::chrono::steady_clock::now();
    Outcome outcome = CheckDeclaredOutputs(RunGuarded(agent, board, StepContext{run_deadline}),
                                           contract, board);
    const auto duration = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    NOVA_RETURN_IF_ERROR(state.Record({name, wall_start, duration, outcome}));
    if (outcome.kind != OutcomeKind::kFailed) continue;
    state.NoteFailure(outcome.error.WithContext("agent " + name));
    if (contract.on_failure == FailureScope::kStopsRun) return state.Finish(i + 1 < plan.steps.size());
    state.LoseOutputs(contract);
  }
  return state.Finish(/*partial=*/false);
}

}  // namespace nova::core
