#include <iomanip>
#include <string_view>
#include <utility>

#include "apps/agents/fix_agents.h"
#include "apps/agents/review_agents.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"

namespace nova::app {

int RunAgents(std::ostream& out) {
  // The roster, in the order a fix run uses them.
  constexpr std::pair<std::string_view, std::string_view> kRoster[] = {
      {IndexerAgent::kName, IndexerAgent::kRole},
      {AnalyzerAgent::kName, AnalyzerAgent::kRole},
      {ReviewerAgent::kName, ReviewerAgent::kRole},
      {RefactorerAgent::kName, RefactorerAgent::kRole},
      {GatekeeperAgent::kName, GatekeeperAgent::kRole},
  };
  out << std::left << std::setw(12) << "AGENT" << "ROLE\n";
  for (const auto& [name, role] : kRoster) out << std::setw(12) << name << role << "\n";
  return kExitOk;
}

}  // namespace nova::app
