#include "nova-core/driver.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "nova-core/driver_test_agents.h"
#include "support/test_support.h"

namespace nova::core {
namespace {

TEST(DriverTest, RunsEveryStepInOrderAndTracesEach) {
  testing::TempDir dir;
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<ScriptedAgent>("a", Outcome::Ok(), Script{.sleep = std::chrono::milliseconds(20)}));
  agents.push_back(std::make_unique<ScriptedAgent>("b", Outcome::Declined("nothing to fix")));
  agents.push_back(std::make_unique<ScriptedAgent>("c", Outcome::Ok()));
  Plan plan = MakePlan(std::move(agents));
  Blackboard board;
  board.Put("ran", std::vector<std::string>{});

  Driver driver(Options(dir.path() / "trace.jsonl"));
  Result<RunReport> report = driver.Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->status.ok());
  EXPECT_FALSE(report->partial);
  EXPECT_EQ(**board.Get<std::vector<std::string>>("ran"), (std::vector<std::string>{"a", "b", "c"}));

  std::vector<nlohmann::json> trace = ReadSteps(dir.path() / "trace.jsonl");
  ASSERT_EQ(trace.size(), 3u);
  EXPECT_EQ(trace[0]["agent"], "a");
  EXPECT_EQ(trace[0]["outcome"], "ok");
  EXPECT_GE(trace[0]["duration_ms"].get<long long>(), 20);
  EXPECT_TRUE(trace[0]["error"].is_null());
  EXPECT_TRUE(trace[0]["start"].get<std::string>().ends_with("Z"));
  EXPECT_EQ(trace[1]["outcome"], "declined");
  EXPECT_EQ(trace[1]["error"], "nothing to fix");
}

// Runs `agents` as a plan on `board`, which records who ran, tracing to `trace`: the setup the
// tests of failing steps share.
Result<RunReport> RunRecordingWhoRan(std::vector<std::unique_ptr<Agent>> agents, Blackboard& board,
                                     const std::filesystem::path& trace) {
  Plan plan = MakePlan(std::move(agents));
  board.Put("ran", std::vector<std::string>{});
  return Driver(Options(trace)).Run(plan, board);
}

TEST(DriverTest, FailedStepStopsTheRunAndNamesTheAgent) {
  testing::TempDir dir;
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<ScriptedAgent>("analyzer", Outcome::Failed(InvalidArgumentError("bad db"))));
  agents.push_back(std::make_unique<ScriptedAgent>("never", Outcome::Ok()));
  Blackboard board;
  Result<RunReport> report = RunRecordingWhoRan(std::move(agents), board, dir.path() / "t.jsonl");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(report->status.message(), "agent analyzer: bad db");
  EXPECT_TRUE(report->partial);
  EXPECT_EQ(**board.Get<std::vector<std::string>>("ran"), std::vector<std::string>{"analyzer"});
  std::vector<nlohmann::json> trace = ReadSteps(dir.path() / "t.jsonl");
  ASSERT_EQ(trace.size(), 1u);
  EXPECT_EQ(trace[0]["outcome"], "failed");
  EXPECT_EQ(trace[0]["error"], "InvalidArgument: bad db");
}

TEST(DriverTest, StepCapRefusesTheStepBeyondIt) {
  std::vector<std::unique_ptr<Agent>> agents;
  for (const char* name : {"one", "two", "three"}) {
    agents.push_back(std::make_unique<ScriptedAgent>(name, Outcome::Ok()));
  }
  Plan plan = MakePlan(std::move(agents));
  Blackboard board;
  Result<RunReport> report = Driver([] { DriverOptions o; o.max_steps = 2; return o; }()).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->status.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(report->status.message().find("step cap of 2 reached before agent three"),
            std::string::npos);
  EXPECT_TRUE(report->partial);
  ASSERT_EQ(report->steps.size(), 3u);
  EXPECT_EQ(report->steps[2].outcome.kind, OutcomeKind::kFailed);
}

TEST(DriverTest, DeadlineStopsBeforeTheNextStep) {
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<ScriptedAgent>("slow", Outcome::Ok(), Script{.sleep = std::chrono::milliseconds(1100)}));
  agents.push_back(std::make_unique<ScriptedAgent>("late", Outcome::Ok()));
  Plan plan = MakePlan(std::move(agents));
  Blackboard board;
  Result<RunReport> report = Driver([] { DriverOptions o; o.deadline = std::chrono::seconds(1); return o; }()).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->status.code(), StatusCode::kDeadlineExceeded);
  EXPECT_NE(report->status.message().find("before agent late"), std::string::npos);
  EXPECT_TRUE(report->partial);
}

TEST(DriverTest, UnwritableTraceIsAnError) {
  Plan plan;
  Blackboard board;
  Result<RunReport> report = Driver(Options("/nonexistent-dir/trace.jsonl")).Run(plan, board);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kUnavailable);
}

TEST(PlanValidationTest, ConsumerWithoutProducerIsRejectedBeforeAnythingRuns) {
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<ScriptedAgent>("indexer", Outcome::Ok(), Script{.produces = {"db"}}));
  agents.push_back(std::make_unique<ScriptedAgent>("reviewer", Outcome::Ok(), Script{.consumes = {"analysis"}}));
  Plan plan = MakePlan(std::move(agents));
  Blackboard board;
  board.Put("ran", std::vector<std::string>{});
  Result<RunReport> report = Driver(Options()).Run(plan, board);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInternal);
  EXPECT_EQ(report.status().message(),
            "invalid plan: agent reviewer consumes slot 'analysis', which no agent upstream produces");
  EXPECT_TRUE((*board.Get<std::vector<std::string>>("ran"))->empty());  // nothing ran
}

TEST(PlanValidationTest, ConsumerBeforeItsProducerIsACycleOrWrongOrder) {
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<ScriptedAgent>("a", Outcome::Ok(), Script{.consumes = {"y"}, .produces = {"x"}}));
  agents.push_back(std::make_unique<ScriptedAgent>("b", Outcome::Ok(), Script{.consumes = {"x"}, .produces = {"y"}}));
  Plan plan = MakePlan(std::move(agents));
  Status status = ValidatePlan(plan, {});
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_NE(status.message().find("agent a consumes slot 'y', which only b produces, after it"),
            std::string::npos)
      << status.message();
  // Slots already on the board count as produced.
  EXPECT_TRUE(ValidatePlan(plan, {"y"}).ok());
}

TEST(DriverTest, AgentThatReturnsOkWithoutItsDeclaredOutputFails) {
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<ScriptedAgent>(
      "lazy", Outcome::Ok(), Script{.produces = {"review"}, .forget_outputs = true}));
  Plan plan = MakePlan(std::move(agents));
  Blackboard board;
  Result<RunReport> report = Driver(Options()).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->status.code(), StatusCode::kInternal);
  EXPECT_EQ(report->status.message(), "agent lazy: declared slot 'review' but did not produce it");
}

TEST(DriverTest, OwnBranchFailureSkipsOnlyItsDependantsAndTheRunStillFails) {
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<ScriptedAgent>(
      "verifier", Outcome::Failed(UnavailableError("sandbox down")),
      Script{.produces = {"verdicts"}, .scope = FailureScope::kOwnBranch}));
  agents.push_back(std::make_unique<ScriptedAgent>(
      "gatekeeper", Outcome::Ok(), Script{.consumes = {"verdicts"}, .produces = {"merges"}}));
  agents.push_back(std::make_unique<ScriptedAgent>("reporter", Outcome::Ok()));
  Plan plan = MakePlan(std::move(agents));
  Blackboard board;
  board.Put("ran", std::vector<std::string>{});
  Result<RunReport> report = Driver(Options()).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(**board.Get<std::vector<std::string>>("ran"),
            (std::vector<std::string>{"verifier", "reporter"}));
  EXPECT_EQ(report->status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(report->status.message(), "agent verifier: sandbox down");
  EXPECT_TRUE(report->partial);
  ASSERT_EQ(report->steps.size(), 3u);
  EXPECT_EQ(report->steps[1].outcome.kind, OutcomeKind::kDeclined);
  EXPECT_EQ(report->steps[1].outcome.reason, "not run: its input 'verdicts' was lost to an earlier failure");
}

class ThrowingAgent final : public Agent {
 public:
  const AgentContract& Contract() const override {
    static const AgentContract kContract{"thrower", "Throws.", {}, {}, {}, FailureScope::kStopsRun};
    return kContract;
  }
  Outcome Run(Blackboard&, const StepContext&) override {
    return Outcome::Failed(Status(StatusCode::kInternal, std::string(std::vector<int>{}.at(3), 'x')));
  }
};

TEST(DriverTest, AgentThatThrowsFailsItsStepInsteadOfCrashing) {
  testing::TempDir dir;
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<ThrowingAgent>());
  agents.push_back(std::make_unique<ScriptedAgent>("after", Outcome::Ok()));
  Blackboard board;
  Result<RunReport> report = RunRecordingWhoRan(std::move(agents), board, dir.path() / "t.jsonl");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->status.code(), StatusCode::kInternal);
  EXPECT_NE(report->status.message().find("agent thrower: threw an exception"), std::string::npos)
      << report->status.message();
  EXPECT_TRUE((*board.Get<std::vector<std::string>>("ran"))->empty());
  EXPECT_EQ(ReadSteps(dir.path() / "t.jsonl")[0]["outcome"], "failed");
}

TEST(BlackboardTest, MissingAndMistypedSlotsAreErrors) {
  Blackboard board;
  board.Put("count", 3);
  EXPECT_EQ(board.Get<std::string>("nothing").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(board.Get<std::string>("count").status().code(), StatusCode::kInternal);
  EXPECT_EQ(**board.Get<int>("count"), 3);
}

}  // namespace
}  // namespace nova::core
