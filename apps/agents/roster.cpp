#include "apps/agents/roster.h"

#include "apps/agents/fix_agents.h"
#include "apps/agents/review_agents.h"

namespace nova::app {

std::vector<const core::AgentContract*> AgentRoster() {
  return {&IndexerAgent::ContractOf(), &AnalyzerAgent::ContractOf(), &ReviewerAgent::ContractOf(),
          &RefactorerAgent::ContractOf(), &GatekeeperAgent::ContractOf()};
}

}  // namespace nova::app
