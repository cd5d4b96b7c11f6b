// Test agents for the driver's tests: ScriptedAgent does what the test says, plus helpers to
// build plans and read traces back. Header-only; one instance per test.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "nova-core/driver.h"

namespace nova::core {

// What a ScriptedAgent does besides returning its outcome; one struct so each test names only
// the parts it sets (`{.produces = {"db"}}`) instead of passing defaults positionally.
struct Script {
  std::chrono::milliseconds sleep{};
  std::vector<std::string> consumes = {};
  std::vector<std::string> produces = {};
  FailureScope scope = FailureScope::kStopsRun;
  bool forget_outputs = false;  // succeed without writing the produced slots
};

// An agent whose behaviour the test scripts; it records that it ran on the blackboard and, when
// it succeeds, writes the slots it declares (unless told to "forget" them).
class ScriptedAgent final : public Agent {
 public:
  ScriptedAgent(std::string name, Outcome outcome, Script script = {})
      : name_(std::move(name)), outcome_(std::move(outcome)), script_(std::move(script)) {
    contract_.name = name_;
    contract_.role = "Does what the test says.";
    for (const auto& slot : script_.consumes) contract_.consumes.push_back(slot);
    for (const auto& slot : script_.produces) contract_.produces.push_back(slot);
    contract_.on_failure = script_.scope;
  }
  const AgentContract& Contract() const override { return contract_; }
  Outcome Run(Blackboard& board, const StepContext&) override {
    std::this_thread::sleep_for(script_.sleep);
    auto ran = board.Get<std::vector<std::string>>("ran");
    if (ran.ok()) (*ran)->push_back(name_);
    if (outcome_.kind != OutcomeKind::kFailed && !script_.forget_outputs) {
      for (const auto& slot : script_.produces) board.Put(slot, 1);
    }
    return outcome_;
  }

 private:
  std::string name_;
  Outcome outcome_;
  Script script_;
  AgentContract contract_;
};

inline DriverOptions Options(std::optional<std::filesystem::path> trace = std::nullopt) {
  DriverOptions options;
  options.trace = std::move(trace);
  return options;
}

inline Plan MakePlan(std::vector<std::unique_ptr<Agent>> agents) {
  Plan plan;
  plan.steps = std::move(agents);
  return plan;
}

// Every event of a trace file, in order.
inline std::vector<nlohmann::json> ReadEvents(const std::filesystem::path& path) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

// Only the step_end events: one per step, in order.
inline std::vector<nlohmann::json> ReadSteps(const std::filesystem::path& path) {
  std::vector<nlohmann::json> steps;
  for (auto& event : ReadEvents(path)) {
    if (event["event"] == "step_end") steps.push_back(std::move(event));
  }
  return steps;
}

}  // namespace nova::core
