// The agents of a fix run after the review: the refactorer writes one verified-to-apply patch
// branch per rule, the gatekeeper verifies the base and each branch in the sandbox and merges
// the green ones. Not thread-safe; one instance per run.
#pragma once

#include <filesystem>
#include <string>

#include "nova-core/agent.h"
#include "nova-core/git/repository.h"
#include "sandbox/gatekeeper.h"

namespace nova::app {

class RefactorerAgent final : public core::Agent {
 public:
  RefactorerAgent(const core::git::Repository& repo, core::git::ObjectId base,
                  core::git::Signature author)
      : repo_(repo), base_(std::move(base)), author_(std::move(author)) {}
  static constexpr std::string_view kName = "refactorer";
  static constexpr std::string_view kRole =
      "Writes the fixable findings of each rule as one commit on a nova/<rule>/<id> branch "
          "off the base.";
  static const core::AgentContract& ContractOf();
  const core::AgentContract& Contract() const override { return ContractOf(); }
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;

 private:
  const core::git::Repository& repo_;
  core::git::ObjectId base_;
  core::git::Signature author_;
};

class GatekeeperAgent final : public core::Agent {
 public:
  GatekeeperAgent(const core::git::Repository& repo, sandbox::GateOptions options)
      : repo_(repo), options_(std::move(options)) {}
  static constexpr std::string_view kName = "gatekeeper";
  static constexpr std::string_view kRole =
      "Verifies the base and each patch branch in the sandbox and merges only a tree it saw "
          "pass.";
  static const core::AgentContract& ContractOf();
  const core::AgentContract& Contract() const override { return ContractOf(); }
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;

 private:
  const core::git::Repository& repo_;
  sandbox::GateOptions options_;
};

}  // namespace nova::app
