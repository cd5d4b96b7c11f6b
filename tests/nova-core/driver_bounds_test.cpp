// The driver's bounds and failure paths with small test agents: retries, per-agent deadlines,
// stalls, SIGINT/SIGTERM at a safe point, loops, unresponsive agents, the finally agent, and
// what the trace records about each.
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <sstream>

#include "nova-core/driver.h"
#include "nova-core/driver_test_agents.h"
#include "support/test_support.h"

namespace nova::core {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// An agent whose Run is a lambda, with a contract the test shapes.
class LambdaAgent final : public Agent {
 public:
  using Body = std::function<Outcome(Blackboard&, const StepContext&)>;
  LambdaAgent(std::string name, Body body, std::vector<std::string> consumes = {},
              std::vector<std::string> produces = {})
      : name_(std::move(name)), body_(std::move(body)), consumes_(std::move(consumes)),
        produces_(std::move(produces)) {
    contract_.name = name_;
    contract_.role = "Does what the test says.";
    for (const auto& slot : consumes_) contract_.consumes.push_back(slot);
    for (const auto& slot : produces_) contract_.produces.push_back(slot);
  }
  AgentContract& MutableContract() { return contract_; }
  const AgentContract& Contract() const override { return contract_; }
  Outcome Run(Blackboard& board, const StepContext& context) override { return body_(board, context); }

 private:
  std::string name_;
  Body body_;
  std::vector<std::string> consumes_, produces_;
  AgentContract contract_;
};

// Waits on the step's cancel token, as every well-behaved agent's blocking work does.
Outcome WaitUntilCancelled(const StepContext& context, milliseconds limit = milliseconds(30000)) {
  if (context.hooks.cancel->WaitFor(limit)) {
    return Outcome::Failed(CancelledError("stopped: " + context.hooks.cancel->reason().message()));
  }
  return Outcome::Ok();
}

Plan PlanOf(std::vector<std::unique_ptr<Agent>> agents, std::unique_ptr<Agent> finally = nullptr) {
  Plan plan = MakePlan(std::move(agents));
  plan.finally = std::move(finally);
  return plan;
}

int CountEvents(const std::vector<nlohmann::json>& events, const std::string& kind) {
  int count = 0;
  for (const auto& e : events) count += e["event"] == kind ? 1 : 0;
  return count;
}

TEST(DriverRetryTest, RetryableFailureIsRetriedWithBackoffUntilItPasses) {
  testing::TempDir dir;
  int calls = 0;
  auto flaky = std::make_unique<LambdaAgent>("flaky", [&](Blackboard&, const StepContext& c) {
    ++calls;
    EXPECT_EQ(c.attempt, calls);
    if (calls < 3) return Outcome::Retryable(UnavailableError("503 from the service"));
    return Outcome::Ok();
  });
  flaky->MutableContract().retry = RetryPolicy{3, milliseconds(50), milliseconds(80)};
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::move(flaky));
  Plan plan = PlanOf(std::move(agents));
  Blackboard board;
  const auto start = Clock::now();
  Result<RunReport> report = Driver(Options(dir.path() / "t.jsonl")).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->status.ok()) << report->status.ToString();
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(report->steps[0].attempts, 3);
  EXPECT_GE(Clock::now() - start, milliseconds(50 + 80));  // backoff 50 ms, then 80 (capped)
  const auto events = ReadEvents(dir.path() / "t.jsonl");
  EXPECT_EQ(CountEvents(events, "retry"), 2);
  EXPECT_EQ(CountEvents(events, "step_start"), 3);
  EXPECT_EQ(ReadSteps(dir.path() / "t.jsonl")[0]["attempts"], 3);
}

TEST(DriverRetryTest, RetriesAreBoundedAndTheLastErrorIsKept) {
  int calls = 0;
  auto broken = std::make_unique<LambdaAgent>("broken", [&](Blackboard&, const StepContext&) {
    ++calls;
    return Outcome::Retryable(UnavailableError("connection refused"));
  });
  broken->MutableContract().retry = RetryPolicy{3, milliseconds(1), milliseconds(2)};
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::move(broken));
  agents.push_back(std::make_unique<ScriptedAgent>("after", Outcome::Ok()));
  Plan plan = PlanOf(std::move(agents));
  Blackboard board;
  Result<RunReport> report = Driver(Options()).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(report->status.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(report->status.message().find("gave up after 3 attempts: Unavailable: connection refused"),
            std::string::npos) << report->status.message();
  EXPECT_TRUE(report->partial);
}

TEST(DriverRetryTest, AFailureNotMarkedRetryableRunsOnce) {
  int calls = 0;
  auto agent = std::make_unique<LambdaAgent>("strict", [&](Blackboard&, const StepContext&) {
    ++calls;
    return Outcome::Failed(InvalidArgumentError("bad input"));
  });
  agent->MutableContract().retry = RetryPolicy{5, milliseconds(1), milliseconds(1)};
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::move(agent));
  Plan plan = PlanOf(std::move(agents));
  Blackboard board;
  Result<RunReport> report = Driver(Options()).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(report->status.code(), StatusCode::kInvalidArgument);
}

TEST(DriverDeadlineTest, AnAgentPastItsOwnDeadlineIsCancelledAndTheRunStops) {
  testing::TempDir dir;
  auto slow = std::make_unique<LambdaAgent>("slow", [](Blackboard&, const StepContext& c) {
    return WaitUntilCancelled(c);
  });
  slow->MutableContract().deadline = std::chrono::seconds(1);
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::move(slow));
  agents.push_back(std::make_unique<ScriptedAgent>("next", Outcome::Ok()));
  Plan plan = PlanOf(std::move(agents));
  Blackboard board;
  const auto start = Clock::now();
  Result<RunReport> report = Driver(Options(dir.path() / "t.jsonl")).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(20));  // not the agent's 30 s wait
  EXPECT_EQ(report->status.code(), StatusCode::kDeadlineExceeded);
  EXPECT_NE(report->status.message().find("agent slow passed its deadline of 1 s"), std::string::npos)
      << report->status.message();
  EXPECT_EQ(report->steps.size(), 1u);
  EXPECT_TRUE(report->partial);
  EXPECT_EQ(CountEvents(ReadEvents(dir.path() / "t.jsonl"), "cancel"), 1);
}

// Runs `agents` under `options` on a fresh board: the deadline and stall tests differ only in
// which bound they set and which step waits for it.
Result<RunReport> RunOnEmptyBoard(std::vector<std::unique_ptr<Agent>> agents,
                                  const DriverOptions& options) {
  Plan plan = PlanOf(std::move(agents));
  Blackboard board;
  return Driver(options).Run(plan, board);
}

TEST(DriverDeadlineTest, TheRunDeadlineAlsoCancelsTheRunningStep) {
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<LambdaAgent>("waits", [](Blackboard&, const StepContext& c) {
    return WaitUntilCancelled(c);
  }));
  DriverOptions options;
  options.deadline = std::chrono::seconds(1);
  Result<RunReport> report = RunOnEmptyBoard(std::move(agents), options);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->status.code(), StatusCode::kDeadlineExceeded);
  EXPECT_NE(report->status.message().find("the run deadline of 1 s"), std::string::npos)
      << report->status.message();
}

TEST(DriverStallTest, AStepWithoutProgressIsCancelledAsStalled) {
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<LambdaAgent>("quiet", [](Blackboard&, const StepContext& c) {
    c.hooks.Progress("started");
    return WaitUntilCancelled(c);
  }));
  DriverOptions options;
  options.stall_timeout = std::chrono::seconds(1);
  Result<RunReport> report = RunOnEmptyBoard(std::move(agents), options);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->status.code(), StatusCode::kDeadlineExceeded);
  EXPECT_NE(report->status.message().find("agent quiet stalled: no progress for 1 s"),
            std::string::npos) << report->status.message();
}

TEST(DriverStallTest, ProgressKeepsALongStepAlive) {
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<LambdaAgent>("busy", [](Blackboard&, const StepContext& c) {
    for (int i = 0; i < 12; ++i) {  // 2.4 s of work, a progress event every 0.2 s
      if (c.hooks.cancel->WaitFor(milliseconds(200))) return Outcome::Failed(c.hooks.CancelReason());
      c.hooks.Progress("tick");
    }
    return Outcome::Ok();
  }));
  Plan plan = PlanOf(std::move(agents));
  Blackboard board;
  DriverOptions options;
  options.stall_timeout = std::chrono::seconds(1);
  Result<RunReport> report = Driver(options).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->status.ok()) << report->status.ToString();
}

// Sends `signal` to this process, as a terminal's Ctrl-C or `kill` would.
void RaiseAtProcess(int signal) { ::kill(::getpid(), signal); }

TEST(DriverSignalTest, SigintCancelsTheStepStopsTheRunAndTheFinallyAgentStillReports) {
  testing::TempDir dir;
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<LambdaAgent>("working", [](Blackboard&, const StepContext& c) {
    RaiseAtProcess(SIGINT);
    return WaitUntilCancelled(c);
  }));
  agents.push_back(std::make_unique<ScriptedAgent>("never", Outcome::Ok()));
  RunReport seen_by_finally;
  auto reporter = std::make_unique<LambdaAgent>(
      "reporter",
      [&](Blackboard& board, const StepContext&) {
        seen_by_finally = **board.Get<RunReport>(kRunSlot);
        return Outcome::Ok();
      },
      std::vector<std::string>{kRunSlot});
  Plan plan = PlanOf(std::move(agents), std::move(reporter));
  Blackboard board;
  board.Put("ran", std::vector<std::string>{});
  DriverOptions options = Options(dir.path() / "t.jsonl");
  options.handle_signals = true;
  const auto start = Clock::now();
  Result<RunReport> report = Driver(options).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(20));
  EXPECT_EQ(report->signal, SIGINT);
  EXPECT_EQ(report->status.code(), StatusCode::kCancelled);
  EXPECT_NE(report->status.message().find("agent working: interrupted by SIGINT"),
            std::string::npos) << report->status.message();
  EXPECT_TRUE((*board.Get<std::vector<std::string>>("ran"))->empty());  // "never" never ran
  EXPECT_TRUE(report->partial);
  ASSERT_EQ(report->steps.size(), 2u);  // working, then the reporter
  EXPECT_EQ(report->steps[1].agent, "reporter");
  EXPECT_EQ(report->steps[1].outcome.kind, OutcomeKind::kOk);
  EXPECT_EQ(seen_by_finally.status.code(), StatusCode::kCancelled);
  const auto events = ReadEvents(dir.path() / "t.jsonl");
  EXPECT_EQ(events.back()["event"], "run_end");
  EXPECT_EQ(events.back()["signal"], "SIGINT");
}

TEST(DriverSignalTest, AStepThatReachedItsCriticalSectionFinishesItBeforeTheRunStops) {
  std::vector<std::unique_ptr<Agent>> agents;
  // Like the gatekeeper between a green verdict and its ref update: it does not poll the token.
  agents.push_back(std::make_unique<LambdaAgent>(
      "lands",
      [](Blackboard& board, const StepContext&) {
        RaiseAtProcess(SIGTERM);
        std::this_thread::sleep_for(milliseconds(300));
        board.Put("landed", std::string("yes"));
        return Outcome::Ok();
      },
      std::vector<std::string>{}, std::vector<std::string>{"landed"}));
  agents.push_back(std::make_unique<ScriptedAgent>("next", Outcome::Ok()));
  Plan plan = PlanOf(std::move(agents));
  Blackboard board;
  board.Put("ran", std::vector<std::string>{});
  DriverOptions options;
  options.handle_signals = true;
  Result<RunReport> report = Driver(options).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->signal, SIGTERM);
  EXPECT_EQ(report->steps[0].outcome.kind, OutcomeKind::kOk);
  EXPECT_EQ(**board.Get<std::string>("landed"), "yes");
  EXPECT_TRUE((*board.Get<std::vector<std::string>>("ran"))->empty());
  EXPECT_EQ(report->status.code(), StatusCode::kCancelled);
  EXPECT_TRUE(report->partial);
}

TEST(DriverLoopTest, TheSameAgentOnTheSameInputIsRefused) {
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<ScriptedAgent>("again", Outcome::Ok()));
  agents.push_back(std::make_unique<ScriptedAgent>("again", Outcome::Ok()));
  agents.push_back(std::make_unique<ScriptedAgent>("after", Outcome::Ok()));
  Plan plan = PlanOf(std::move(agents));
  Blackboard board;
  board.Put("ran", std::vector<std::string>{});
  Result<RunReport> report = Driver(Options()).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->status.code(), StatusCode::kInternal);
  EXPECT_NE(report->status.message().find("loop refused: agent again already ran on input"),
            std::string::npos) << report->status.message();
  EXPECT_EQ(**board.Get<std::vector<std::string>>("ran"), std::vector<std::string>{"again"});
  EXPECT_TRUE(report->partial);
}

TEST(DriverLoopTest, TheSameAgentRunsAgainWhenItsInputChanged) {
  auto setter = [](std::string name, int value) {
    return std::make_unique<LambdaAgent>(
        std::move(name),
        [value](Blackboard& board, const StepContext&) {
          board.Put("x", value);
          return Outcome::Ok();
        },
        std::vector<std::string>{}, std::vector<std::string>{"x"});
  };
  int runs = 0;
  auto reader = [&runs] {
    return std::make_unique<LambdaAgent>(
        "reader", [&runs](Blackboard&, const StepContext&) { ++runs; return Outcome::Ok(); },
        std::vector<std::string>{"x"});
  };
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(setter("one", 1));
  agents.push_back(reader());
  agents.push_back(setter("two", 2));
  agents.push_back(reader());
  Plan plan = PlanOf(std::move(agents));
  Blackboard board;
  Result<RunReport> report = Driver(Options()).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->status.ok()) << report->status.ToString();
  EXPECT_EQ(runs, 2);
}

TEST(DriverTraceTest, StepsNameTheirInputsAndOutputsByDigestAndEffectsAreRecorded) {
  testing::TempDir dir;
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<LambdaAgent>(
      "writer",
      [](Blackboard& board, const StepContext& c) {
        board.Put("text", std::string("hello"));
        c.hooks.Effect(effect::kBranchCreated, {{"branch", "nova/x/1"}, {"commit", "abc"}});
        return Outcome::Ok();
      },
      std::vector<std::string>{}, std::vector<std::string>{"text"}));
  agents.push_back(std::make_unique<LambdaAgent>(
      "reader", [](Blackboard&, const StepContext&) { return Outcome::Ok(); },
      std::vector<std::string>{"text"}));
  Plan plan = PlanOf(std::move(agents));
  Blackboard board;
  DriverOptions options = Options(dir.path() / "t.jsonl");
  options.run_info = {{"command", "test"}, {"config_digest", "0123"}};
  Result<RunReport> report = Driver(options).Run(plan, board);
  ASSERT_TRUE(report.ok());
  const auto events = ReadEvents(dir.path() / "t.jsonl");
  ASSERT_GE(events.size(), 6u);
  EXPECT_EQ(events.front()["event"], "run_start");
  EXPECT_EQ(events.front()["command"], "test");
  EXPECT_EQ(events.front()["plan"], nlohmann::json({"writer", "reader"}));
  const std::string digest = SummarizeBytes("hello").digest;
  bool output_named = false, input_named = false, effect_named = false;
  for (const auto& e : events) {
    if (e["event"] == "step_end" && e["agent"] == "writer") {
      output_named = e["outputs"][0]["digest"] == digest && e["outputs"][0]["bytes"] == 5;
    }
    if (e["event"] == "step_start" && e["agent"] == "reader") {
      input_named = e["inputs"][0]["slot"] == "text" && e["inputs"][0]["digest"] == digest;
    }
    if (e["event"] == "effect") {
      effect_named = e["agent"] == "writer" && e["kind"] == "branch_created" &&
                     e["branch"] == "nova/x/1";
    }
  }
  EXPECT_TRUE(output_named);
  EXPECT_TRUE(input_named);
  EXPECT_TRUE(effect_named);
  EXPECT_EQ(events.back()["event"], "run_end");
  EXPECT_EQ(events.back()["status"], "ok");
}

TEST(DriverFinallyTest, TheFinallyAgentRunsAfterAFailureAndMayNotConsumeStepOutputs) {
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<ScriptedAgent>("fails", Outcome::Failed(InternalError("boom"))));
  bool reported = false;
  Plan plan = PlanOf(std::move(agents),
                     std::make_unique<LambdaAgent>(
                         "reporter",
                         [&](Blackboard& board, const StepContext&) {
                           reported = true;
                           EXPECT_EQ((*board.Get<RunReport>(kRunSlot))->steps.size(), 1u);
                           return Outcome::Ok();
                         },
                         std::vector<std::string>{kRunSlot}));
  Blackboard board;
  board.Put("ran", std::vector<std::string>{});
  Result<RunReport> report = Driver(Options()).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(reported);
  EXPECT_EQ(report->status.message(), "agent fails: boom");

  std::vector<std::unique_ptr<Agent>> producing;
  producing.push_back(std::make_unique<ScriptedAgent>(
      "producer", Outcome::Ok(), Script{.produces = {"review"}}));
  Plan bad = PlanOf(std::move(producing),
                    std::make_unique<ScriptedAgent>("reporter", Outcome::Ok(),
                                                    Script{.consumes = {"review"}}));
  Blackboard empty;
  Result<RunReport> rejected = Driver(Options()).Run(bad, empty);
  ASSERT_FALSE(rejected.ok());
  EXPECT_NE(rejected.status().message().find("the finally agent reporter consumes slot 'review'"),
            std::string::npos) << rejected.status().message();
}

// A cancelled agent that never stops must not hang Nova: the driver says so and exits.
TEST(DriverUnresponsiveDeathTest, AnAgentThatIgnoresCancellationEndsTheProcessLoudly) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto run = [] {
    auto stuck = std::make_unique<LambdaAgent>("stuck", [](Blackboard&, const StepContext&) {
      std::this_thread::sleep_for(std::chrono::seconds(60));
      return Outcome::Ok();
    });
    stuck->MutableContract().deadline = std::chrono::seconds(1);
    std::vector<std::unique_ptr<Agent>> agents;
    agents.push_back(std::move(stuck));
    Plan plan = PlanOf(std::move(agents));
    Blackboard board;
    DriverOptions options;
    options.cancel_grace = milliseconds(300);
    (void)Driver(options).Run(plan, board);
  };
  EXPECT_EXIT(run(), ::testing::ExitedWithCode(3),
              "agent stuck did not stop within 300 ms of being cancelled");
}

TEST(DriverUnresponsiveDeathTest, ASecondSignalExitsAtOnceWith128PlusTheSignal) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto run = [] {
    std::vector<std::unique_ptr<Agent>> agents;
    agents.push_back(std::make_unique<LambdaAgent>("deaf", [](Blackboard&, const StepContext&) {
      RaiseAtProcess(SIGINT);
      std::this_thread::sleep_for(milliseconds(300));
      RaiseAtProcess(SIGINT);
      std::this_thread::sleep_for(std::chrono::seconds(60));
      return Outcome::Ok();
    }));
    Plan plan = PlanOf(std::move(agents));
    Blackboard board;
    DriverOptions options;
    options.handle_signals = true;
    (void)Driver(options).Run(plan, board);
  };
  EXPECT_EXIT(run(), ::testing::ExitedWithCode(130), "second SIGINT; exiting now");
}

TEST(BlackboardDigestTest, EqualValuesShareADigestAndDifferentOnesDoNot) {
  Blackboard board;
  board.Put("a", std::string("same"));
  board.Put("b", std::string("same"));
  board.Put("c", std::string("other"));
  EXPECT_EQ(board.Summary("a")->digest, board.Summary("b")->digest);
  EXPECT_NE(board.Summary("a")->digest, board.Summary("c")->digest);
  EXPECT_EQ(board.Summary("a")->bytes, 4u);
  EXPECT_EQ(board.Summary("a")->digest.size(), 16u);
  EXPECT_EQ(board.Summary("missing").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace nova::core
