// ModelAgent: the base of the two model agents (model_reviewer_agent.h, model_refactorer_agent.h).
// It holds the run's model session and the agents' shared settings for the derived agent's Run.
// Not thread-safe; one instance per run.
#pragma once

#include <utility>

#include "apps/agents/contract_agent.h"
#include "apps/agents/model_agents.h"
#include "apps/model_session.h"

namespace nova::app {

template <typename Derived>
class ModelAgent : public ContractAgent<Derived> {
 public:
  ModelAgent(ModelSession& session, ModelAgentSettings settings)
      : session_(session), settings_(std::move(settings)) {}

 protected:
  ModelSession& session_;
  ModelAgentSettings settings_;
};

}  // namespace nova::app
