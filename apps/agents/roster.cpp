#include "apps/agents/roster.h"

#include "apps/agents/fix_agents.h"
#include "apps/agents/nightly_agents.h"
#include "apps/agents/model_refactorer_agent.h"
#include "apps/agents/model_reviewer_agent.h"
#include "apps/agents/reporter_agent.h"
#include "apps/agents/review_agents.h"

namespace nova::app {

std::vector<const core::AgentContract*> AgentRoster() {
  return {&SandboxProbeAgent::ContractOf(), &IndexerAgent::ContractOf(),
          &AnalyzerAgent::ContractOf(),     &ModelReviewerAgent::ContractOf(),
          &ReviewerAgent::ContractOf(),     &ModelRefactorerAgent::ContractOf(),
          &RefactorerAgent::ContractOf(),   &NightlyPlannerAgent::ContractOf(),
          &VerifierAgent::ContractOf(),     &GatekeeperAgent::ContractOf(),
          &PublisherAgent::ContractOf(),    &ReporterAgent::ContractOf()};
}

}  // namespace nova::app
