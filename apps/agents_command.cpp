#include <iomanip>
#include <memory>
#include <vector>

#include "apps/agents/fix_agents.h"
#include "apps/agents/review_agents.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"

namespace nova::app {

int RunAgents(std::ostream& out) {
  // The roster: one instance of every agent Nova has, built only to ask its name and role.
  auto repo = core::git::Repository::Discover(".");
  std::vector<std::pair<std::string, std::string>> rows = {
      {std::string(IndexerAgent({}).Name()), std::string(IndexerAgent({}).Role())},
      {std::string(AnalyzerAgent({}).Name()), std::string(AnalyzerAgent({}).Role())},
      {std::string(ReviewerAgent({}).Name()), std::string(ReviewerAgent({}).Role())},
  };
  if (repo.ok()) {
    RefactorerAgent refactorer(*repo, {}, {});
    GatekeeperAgent gatekeeper(*repo, {});
    rows.emplace_back(refactorer.Name(), refactorer.Role());
    rows.emplace_back(gatekeeper.Name(), gatekeeper.Role());
  } else {
    rows.emplace_back("refactorer", "(needs a git repository to describe)");
    rows.emplace_back("gatekeeper", "(needs a git repository to describe)");
  }
  out << std::left << std::setw(12) << "AGENT" << "ROLE\n";
  for (const auto& [name, role] : rows) out << std::setw(12) << name << role << "\n";
  return kExitOk;
}

}  // namespace nova::app
