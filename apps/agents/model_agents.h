// The optional model-backed agents, in a plan only when `.nova.json` configures a model: the
// model-reviewer asks the model about the largest and most complex functions and hands its
// accepted comments to the reviewer (rule model-review, marked as model output); the
// model-refactorer asks for replacements of functions no mechanical fix covers and hands them to
// the refactorer as edits confined to those functions, proven like every patch. Both stop
// cleanly when the run's model budget is spent; a reply that is not valid fails the step with
// the reason. Not thread-safe; one instance per run.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "apps/model_session.h"
#include "nova-core/agent.h"
#include "nova-core/finding.h"
#include "nova-core/git/diff.h"

namespace nova::app {

// What a model agent hands on: findings (comments, or fixes as edits) and what it left out.
struct ModelOutput {
  std::vector<core::Finding> findings;
  std::vector<std::string> notes;  // "model-reviewer: ..." lines for the report
};

struct ModelAgentSettings {
  std::filesystem::path root;                       // the reviewed directory
  std::map<std::string, std::string> overlay = {};  // base content of dirty files
  // A pull request's added lines (relative to `repo_root`): the model-reviewer then reviews the
  // functions they touch, largest first, instead of the ones the metric rules flag.
  std::optional<core::git::ChangedLines> changed = std::nullopt;
  std::filesystem::path repo_root = {};
};

class ModelReviewerAgent final : public core::Agent {
 public:
  ModelReviewerAgent(ModelSession& session, ModelAgentSettings settings)
      : session_(session), settings_(std::move(settings)) {}
  static constexpr std::string_view kName = "model-reviewer";
  static constexpr std::string_view kRole =
      "Optional (a model is configured): asks the model to review the largest and most complex "
      "functions (in pr-review, the changed ones), with callers, callees and known findings as "
      "quoted data; keeps comments on the function's lines that repeat no rule finding.";
  static const core::AgentContract& ContractOf();
  const core::AgentContract& Contract() const override { return ContractOf(); }
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;

 private:
  ModelSession& session_;
  ModelAgentSettings settings_;
};

class ModelRefactorerAgent final : public core::Agent {
 public:
  ModelRefactorerAgent(ModelSession& session, ModelAgentSettings settings)
      : session_(session), settings_(std::move(settings)) {}
  static constexpr std::string_view kName = "model-refactorer";
  static constexpr std::string_view kRole =
      "Optional (a model is configured): asks the model to rewrite functions that function-size, "
      "cognitive-complexity or duplicate-code flag; a rewrite confined to those functions goes "
      "to the refactorer as a nova/model/<rule>/<id> patch, proven like every patch.";
  static const core::AgentContract& ContractOf();
  const core::AgentContract& Contract() const override { return ContractOf(); }
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;

 private:
  ModelSession& session_;
  ModelAgentSettings settings_;
};

}  // namespace nova::app
