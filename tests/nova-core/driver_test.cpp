#include "nova-core/driver.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <thread>

#include "support/test_support.h"

namespace nova::core {
namespace {

// An agent whose behaviour the test scripts; it records that it ran on the blackboard.
class ScriptedAgent final : public Agent {
 public:
  ScriptedAgent(std::string name, Outcome outcome, std::chrono::milliseconds sleep = {})
      : name_(std::move(name)), outcome_(std::move(outcome)), sleep_(sleep) {}
  std::string_view Name() const override { return name_; }
  std::string_view Role() const override { return "Does what the test says."; }
  Outcome Run(Blackboard& board, const StepContext&) override {
    std::this_thread::sleep_for(sleep_);
    auto ran = board.Get<std::vector<std::string>>("ran");
    if (ran.ok()) (*ran)->push_back(name_);
    return outcome_;
  }

 private:
  std::string name_;
  Outcome outcome_;
  std::chrono::milliseconds sleep_;
};

Plan MakePlan(std::vector<std::unique_ptr<Agent>> agents) {
  Plan plan;
  plan.steps = std::move(agents);
  return plan;
}

std::vector<nlohmann::json> ReadTrace(const std::filesystem::path& path) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(DriverTest, RunsEveryStepInOrderAndTracesEach) {
  testing::TempDir dir;
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<ScriptedAgent>("a", Outcome::Ok(), std::chrono::milliseconds(20)));
  agents.push_back(std::make_unique<ScriptedAgent>("b", Outcome::Declined("nothing to fix")));
  agents.push_back(std::make_unique<ScriptedAgent>("c", Outcome::Ok()));
  Plan plan = MakePlan(std::move(agents));
  Blackboard board;
  board.Put("ran", std::vector<std::string>{});

  Driver driver({.trace = dir.path() / "trace.jsonl"});
  Result<RunReport> report = driver.Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->status.ok());
  EXPECT_FALSE(report->partial);
  EXPECT_EQ(**board.Get<std::vector<std::string>>("ran"), (std::vector<std::string>{"a", "b", "c"}));

  std::vector<nlohmann::json> trace = ReadTrace(dir.path() / "trace.jsonl");
  ASSERT_EQ(trace.size(), 3u);
  EXPECT_EQ(trace[0]["agent"], "a");
  EXPECT_EQ(trace[0]["outcome"], "ok");
  EXPECT_GE(trace[0]["duration_ms"].get<long long>(), 20);
  EXPECT_TRUE(trace[0]["error"].is_null());
  EXPECT_TRUE(trace[0]["start"].get<std::string>().ends_with("Z"));
  EXPECT_EQ(trace[1]["outcome"], "declined");
  EXPECT_EQ(trace[1]["error"], "nothing to fix");
}

TEST(DriverTest, FailedStepStopsTheRunAndNamesTheAgent) {
  testing::TempDir dir;
  std::vector<std::unique_ptr<Agent>> agents;
  agents.push_back(std::make_unique<ScriptedAgent>("analyzer", Outcome::Failed(InvalidArgumentError("bad db"))));
  agents.push_back(std::make_unique<ScriptedAgent>("never", Outcome::Ok()));
  Plan plan = MakePlan(std::move(agents));
  Blackboard board;
  board.Put("ran", std::vector<std::string>{});
  Result<RunReport> report = Driver({.trace = dir.path() / "t.jsonl"}).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(report->status.message(), "agent analyzer: bad db");
  EXPECT_TRUE(report->partial);
  EXPECT_EQ(**board.Get<std::vector<std::string>>("ran"), std::vector<std::string>{"analyzer"});
  std::vector<nlohmann::json> trace = ReadTrace(dir.path() / "t.jsonl");
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
  Result<RunReport> report = Driver({.max_steps = 2, .trace = std::nullopt}).Run(plan, board);
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
  agents.push_back(std::make_unique<ScriptedAgent>("slow", Outcome::Ok(), std::chrono::milliseconds(1100)));
  agents.push_back(std::make_unique<ScriptedAgent>("late", Outcome::Ok()));
  Plan plan = MakePlan(std::move(agents));
  Blackboard board;
  Result<RunReport> report = Driver({.deadline = std::chrono::seconds(1), .trace = std::nullopt}).Run(plan, board);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->status.code(), StatusCode::kDeadlineExceeded);
  EXPECT_NE(report->status.message().find("before agent late"), std::string::npos);
  EXPECT_TRUE(report->partial);
}

TEST(DriverTest, UnwritableTraceIsAnError) {
  Plan plan;
  Blackboard board;
  Result<RunReport> report = Driver({.trace = "/nonexistent-dir/trace.jsonl"}).Run(plan, board);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kUnavailable);
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
