// BaseCommitAgent: the base of the agents that work on a repository from one base commit with
// their own settings (the refactorer, the nightly-planner). It holds the three for the derived
// agent's Run. Not thread-safe; one instance per run.
#pragma once

#include <utility>

#include "apps/agents/contract_agent.h"
#include "nova-core/git/repository.h"

namespace nova::app {

template <typename Derived, typename Settings>
class BaseCommitAgent : public ContractAgent<Derived> {
 public:
  BaseCommitAgent(const core::git::Repository& repo, core::git::ObjectId base, Settings settings)
      : repo_(repo), base_(std::move(base)), settings_(std::move(settings)) {}

 protected:
  const core::git::Repository& repo_;
  core::git::ObjectId base_;
  Settings settings_;
};

}  // namespace nova::app
