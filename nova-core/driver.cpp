#include "nova-core/driver.h"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <set>

#include "nova-core/run_state.h"
#include "nova-core/signal_watch.h"
#include "nova-core/step_watchdog.h"

namespace nova::core {

using Clock = std::chrono::steady_clock;

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

Outcome Outcome::FromStatus(Status status) {
  return status.ok() ? Ok() : Failed(std::move(status));
}

SlotSummary SlotTraits<RunReport>::Summarize(const RunReport& report) {
  std::string bytes = report.status.ToString() + (report.partial ? " partial" : "");
  for (const StepRecord& step : report.steps) bytes += "\n" + StepEndEvent(step).dump();
  return SummarizeBytes(bytes);
}

namespace {

Status MissingSlot(const AgentContract& contract, std::string_view slot, const std::string& later) {
  std::string message = "invalid plan: agent " + std::string(contract.name) + " consumes slot '" +
                        std::string(slot) + "', which ";
  message += later.empty() ? "no agent upstream produces"
                           : "only " + later + " produces, after it (a cycle, or the wrong order)";
  return InternalError(message);
}

}  // namespace

namespace {

// The name of the first step after step `i` that produces `slot`, or "".
std::string FirstProducerAfter(const Plan& plan, std::size_t i, std::string_view slot) {
  for (std::size_t j = i + 1; j < plan.steps.size(); ++j) {
    const std::vector<std::string_view>& produced = plan.steps[j]->Contract().produces;
    if (std::find(produced.begin(), produced.end(), slot) != produced.end()) {
      return std::string(plan.steps[j]->Name());
    }
  }
  return "";
}

// The finally agent may run after any step failed: it can count only on the initial slots.
Status ValidateFinally(const Agent& agent, const std::vector<std::string>& initial_slots) {
  std::set<std::string, std::less<>> initial(initial_slots.begin(), initial_slots.end());
  initial.emplace(kRunSlot);
  for (std::string_view slot : agent.Contract().consumes) {
    if (initial.find(slot) != initial.end()) continue;
    return InternalError("invalid plan: the finally agent " + std::string(agent.Name()) +
                         " consumes slot '" + std::string(slot) +
                         "', which a failed run may never produce; read it if present instead");
  }
  return Status::Ok();
}

}  // namespace

Status ValidatePlan(const Plan& plan, const std::vector<std::string>& initial_slots) {
  std::set<std::string, std::less<>> available(initial_slots.begin(), initial_slots.end());
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const AgentContract& contract = plan.steps[i]->Contract();
    for (std::string_view slot : contract.consumes) {
      if (available.find(slot) == available.end()) {
        return MissingSlot(contract, slot, FirstProducerAfter(plan, i, slot));
      }
    }
    for (std::string_view slot : contract.produces) available.emplace(slot);
  }
  return plan.finally != nullptr ? ValidateFinally(*plan.finally, initial_slots) : Status::Ok();
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

nlohmann::json SlotList(const Blackboard& board, const std::vector<std::string_view>& slots) {
  nlohmann::json list = nlohmann::json::array();
  for (std::string_view slot : slots) {
    auto summary = board.Summary(slot);
    if (!summary.ok()) continue;
    list.push_back({{"slot", slot}, {"digest", summary->digest}, {"bytes", summary->bytes}});
  }
  return list;
}

// What the agent is about to run on: its name and the digests of the slots it consumes.
std::string InputDigest(const Agent& agent, const Blackboard& board) {
  std::string key(agent.Name());
  for (std::string_view slot : agent.Contract().consumes) {
    auto summary = board.Summary(slot);
    key += "|" + std::string(slot) + "=" + (summary.ok() ? summary->digest : "-");
  }
  return DigestBytes(key);
}

std::string DurationText(std::chrono::seconds s) {
  if (s.count() % 3600 == 0) return std::to_string(s.count() / 3600) + " h";
  return std::to_string(s.count()) + " s";
}

// One run of a plan: the state, the watchdog and the steps. Lives for one Driver::Run.
class Execution {
 public:
  Execution(const DriverOptions& options, RunState& state)
      : options_(options),
        state_(state),
        run_deadline_(Clock::now() + options.deadline),
        watchdog_(WatchdogOptions{options.handle_signals,
                                  std::chrono::duration_cast<std::chrono::milliseconds>(
                                      options.stall_timeout),
                                  options.cancel_grace, std::chrono::milliseconds(20)},
                  Events()) {}

  // Runs the steps; returns the partial flag for Finish().
  bool RunSteps(Plan& plan, Blackboard& board);
  void RunFinally(Agent& agent, Blackboard& board, bool partial);
  int signal() const { return watchdog_.signal(); }

 private:
  WatchdogEvents Events();
  void ExitLoudly(const std::string& message, int code);
  Status Refusal(std::size_t step, const std::string& agent) const;
  StepRecord RunStep(Agent& agent, Blackboard& board, bool is_finally);
  Outcome Attempt(Agent& agent, Blackboard& board, int attempt, bool is_finally);
  // Sleeps before the next attempt; false when cancelled or out of time meanwhile.
  bool Backoff(const std::string& agent, const RetryPolicy& retry, int attempt,
               const Status& error);
  void Stop(const Status& why) { state_.NoteFailure(why); }

  const DriverOptions& options_;
  RunState& state_;
  const Clock::time_point run_deadline_;
  StepWatchdog watchdog_;  // last: its thread calls back into the members above
};

WatchdogEvents Execution::Events() {
  WatchdogEvents events;
  events.cancelled = [this](const Status& why) {
    state_.Event({{"event", "cancel"}, {"reason", why.ToString()}});
  };
  events.unresponsive = [this](const Status& why) {
    state_.Event({{"event", "unresponsive"}, {"reason", why.ToString()}});
    const int taken = watchdog_.signal();
    ExitLoudly("nova: " + why.message() + "; exiting without waiting for it",
               taken != 0 ? 128 + taken : 3);
  };
  events.second_signal = [this](int taken) {
    state_.Event({{"event", "unresponsive"}, {"reason", "second " + SignalName(taken)}});
    ExitLoudly("nova: second " + SignalName(taken) + "; exiting now", 128 + taken);
  };
  return events;
}

void Execution::ExitLoudly(const std::string& message, int code) {
  std::ostream& out = options_.diagnostics != nullptr ? *options_.diagnostics : std::cerr;
  out << message << std::endl;
  if (options_.exit_process) {
    options_.exit_process(code);
  } else {
    std::_Exit(code);
  }
}

Status Execution::Refusal(std::size_t step, const std::string& agent) const {
  if (static_cast<int>(step) >= options_.max_steps) {
    return ResourceExhaustedError("step cap of " + std::to_string(options_.max_steps) +
                                  " reached before agent " + agent);
  }
  if (Clock::now() >= run_deadline_) {
    return DeadlineExceededError("run deadline of " + DurationText(options_.deadline) +
                                 " passed before agent " + agent);
  }
  if (const int taken = watchdog_.signal(); taken != 0) {
    return CancelledError("interrupted by " + SignalName(taken) + " before agent " + agent);
  }
  return Status::Ok();
}

Outcome Execution::Attempt(Agent& agent, Blackboard& board, int attempt, bool is_finally) {
  const AgentContract& contract = agent.Contract();
  const std::string name(agent.Name());
  Clock::time_point deadline = is_finally ? Clock::time_point::max() : run_deadline_;
  std::string label = "the run deadline of " + DurationText(options_.deadline);
  if (contract.deadline.count() > 0 && Clock::now() + contract.deadline < deadline) {
    deadline = Clock::now() + contract.deadline;
    label = "its deadline of " + DurationText(contract.deadline);
  }
  CancelToken token;
  StepEffects effects(state_, name);
  StepContext context{deadline, WorkHooks{&token, &effects, [this](std::string_view) {
                                            watchdog_.Progress();
                                          }},
                      attempt};
  state_.Event({{"event", "step_start"}, {"agent", name}, {"attempt", attempt},
                {"inputs", SlotList(board, contract.consumes)}});
  // The finally agent reports a run that may already be interrupted: only a second signal
  // (which exits) or its own deadline stops it.
  if (!is_finally || contract.deadline.count() > 0) {
    watchdog_.Arm(name, &token, deadline, label, /*after_signal=*/is_finally);
  }
  Outcome outcome = CheckDeclaredOutputs(RunGuarded(agent, board, context), contract, board);
  watchdog_.Disarm();
  if (token.cancelled() && outcome.kind == OutcomeKind::kFailed) {
    // The real cause is why the driver cancelled; what the agent said is context.
    Status why = token.reason();
    if (outcome.error.message().find(why.message()) == std::string::npos) {
      why = Status(why.code(), why.message() + " (the agent stopped with: " +
                                   outcome.error.ToString() + ")");
    }
    outcome = Outcome::Failed(why);
  }
  return outcome;
}

bool Execution::Backoff(const std::string& agent, const RetryPolicy& retry, int attempt,
                        const Status& error) {
  auto backoff = retry.initial_backoff;
  for (int i = 1; i < attempt && backoff < retry.max_backoff; ++i) backoff *= 2;
  backoff = std::min(backoff, retry.max_backoff);
  if (Clock::now() + backoff >= run_deadline_ || watchdog_.signal() != 0) return false;
  state_.Event({{"event", "retry"}, {"agent", agent}, {"attempt", attempt},
                {"backoff_ms", backoff.count()}, {"error", error.ToString()}});
  CancelToken sleep;
  watchdog_.Arm(agent + " (backoff)", &sleep, run_deadline_, "the run deadline");
  const bool interrupted = sleep.WaitFor(backoff);
  watchdog_.Disarm();
  return !interrupted;
}

StepRecord Execution::RunStep(Agent& agent, Blackboard& board, bool is_finally) {
  const AgentContract& contract = agent.Contract();
  StepRecord record{std::string(agent.Name()), std::chrono::system_clock::now(), {}, {}, 1};
  const auto start = Clock::now();
  const int max_attempts = std::max(1, contract.retry.max_attempts);
  for (int attempt = 1;; ++attempt) {
    record.attempts = attempt;
    record.outcome = Attempt(agent, board, attempt, is_finally);
    const Outcome& outcome = record.outcome;
    if (outcome.kind != OutcomeKind::kFailed || !outcome.retryable) break;
    if (attempt >= max_attempts) {
      if (max_attempts > 1) {
        record.outcome.error = ResourceExhaustedError(
            "gave up after " + std::to_string(attempt) + " attempts: " + outcome.error.ToString());
      }
      break;
    }
    if (!Backoff(record.agent, contract.retry, attempt, outcome.error)) break;
  }
  record.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  nlohmann::json end = StepEndEvent(record);
  end["outputs"] = SlotList(board, contract.produces);
  state_.Event(end);
  return record;
}

bool Execution::RunSteps(Plan& plan, Blackboard& board) {
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    Agent& agent = *plan.steps[i];
    const AgentContract& contract = agent.Contract();
    const std::string name(agent.Name());
    const bool more = i + 1 < plan.steps.size();
    if (Status refusal = Refusal(i, name); !refusal.ok()) {
      StepRecord refused{name, std::chrono::system_clock::now(), {}, Outcome::Failed(refusal), 0};
      state_.Event(StepEndEvent(refused));
      state_.Record(refused);
      Stop(refusal);
      return true;
    }
    if (std::string lost = state_.LostInput(contract); !lost.empty()) {
      StepRecord skipped{name, std::chrono::system_clock::now(), {},
                         Outcome::Declined("not run: its input '" + lost +
                                           "' was lost to an earlier failure"),
                         0};
      state_.Event(StepEndEvent(skipped));
      state_.Record(skipped);
      state_.LoseOutputs(contract);
      continue;
    }
    const std::string input = InputDigest(agent, board);
    if (!state_.FirstRunOn(name, input)) {
      Status loop = InternalError("loop refused: agent " + name + " already ran on input " + input +
                                  "; running it again could only repeat itself");
      StepRecord refused{name, std::chrono::system_clock::now(), {}, Outcome::Failed(loop), 0};
      state_.Event(StepEndEvent(refused));
      state_.Record(refused);
      Stop(loop);
      return more;
    }
    StepRecord record = RunStep(agent, board, /*is_finally=*/false);
    const Outcome outcome = record.outcome;
    state_.Record(std::move(record));
    if (outcome.kind == OutcomeKind::kFailed) {
      Stop(outcome.error.WithContext("agent " + name));
      if (contract.on_failure == FailureScope::kStopsRun) return more;
      state_.LoseOutputs(contract);
    }
    if (const int taken = watchdog_.signal(); taken != 0 && more) {
      Stop(CancelledError("interrupted by " + SignalName(taken) + " after agent " + name));
      return true;
    }
  }
  return false;
}

void Execution::RunFinally(Agent& agent, Blackboard& board, bool partial) {
  board.Put(kRunSlot, state_.Snapshot(partial));
  StepRecord record = RunStep(agent, board, /*is_finally=*/true);
  if (record.outcome.kind == OutcomeKind::kFailed) {
    Stop(record.outcome.error.WithContext("agent " + record.agent));
  }
  state_.Record(std::move(record));
}

}  // namespace

Result<RunReport> Driver::Run(Plan& plan, Blackboard& board) {
  std::vector<std::unique_ptr<TraceWriter>> traces;
  for (const auto& path : {options_.trace, options_.run_trace}) {
    if (!path) continue;
    NOVA_ASSIGN_OR_RETURN(std::unique_ptr<TraceWriter> writer, TraceWriter::Open(*path));
    traces.push_back(std::move(writer));
  }
  NOVA_RETURN_IF_ERROR(ValidatePlan(plan, board.SlotNames()));
  std::optional<ScopedTerminationSignalBlock> blocked;
  if (options_.handle_signals) blocked.emplace();

  RunState state(std::move(traces));
  nlohmann::json start = options_.run_info.is_object() ? options_.run_info : nlohmann::json::object();
  start["event"] = "run_start";
  start["plan"] = nlohmann::json::array();
  for (const auto& step : plan.steps) start["plan"].push_back(step->Name());
  if (plan.finally) start["finally"] = plan.finally->Name();
  start["bounds"] = {{"max_steps", options_.max_steps},
                     {"deadline_s", options_.deadline.count()},
                     {"stall_timeout_s", options_.stall_timeout.count()}};
  state.Event(start);

  bool partial = false;
  int taken = 0;
  {
    Execution execution(options_, state);
    partial = execution.RunSteps(plan, board);
    if (plan.finally) execution.RunFinally(*plan.finally, board, partial);
    taken = execution.signal();
  }
  state.SetSignal(taken);
  RunReport report = state.Finish(partial);
  if (taken != 0 && report.status.code() != StatusCode::kCancelled) {
    report.status = CancelledError("interrupted by " + SignalName(taken) +
                                   (report.status.ok() ? "" : "; " + report.status.ToString()));
  }
  state.Event({{"event", "run_end"},
               {"status", report.status.ToString()},
               {"partial", report.partial},
               {"signal", taken == 0 ? nlohmann::json(nullptr) : nlohmann::json(SignalName(taken))}});
  NOVA_RETURN_IF_ERROR(state.TraceError());
  return report;
}

}  // namespace nova::core
