// ContractAgent: the one base of Nova's agents. An agent states its name (kName) and role
// (kRole) as constants and its slots and failure modes in a static Terms(); the base builds the
// AgentContract from them once per process and answers both Contract() and the static
// ContractOf() the roster reads. Thread-safe: the contract is built once and never changes.
#pragma once

#include "nova-core/agent.h"

namespace nova::app {

template <typename Derived>
class ContractAgent : public core::Agent {
 public:
  static const core::AgentContract& ContractOf() {
    static const core::AgentContract kContract = [] {
      core::AgentContract contract = Derived::Terms();
      contract.name = Derived::kName;
      contract.role = Derived::kRole;
      return contract;
    }();
    return kContract;
  }
  const core::AgentContract& Contract() const final { return ContractOf(); }
};

}  // namespace nova::app
