#include <iomanip>
#include <string>

#include "apps/agents/roster.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"

namespace nova::app {
namespace {

std::string Join(const std::vector<std::string_view>& items) {
  std::string out;
  for (std::string_view item : items) out += (out.empty() ? "" : ", ") + std::string(item);
  return out.empty() ? "-" : out;
}

}  // namespace

int RunAgents(std::ostream& out) {
  out << std::left << std::setw(12) << "AGENT" << std::setw(26) << "CONSUMES" << std::setw(24)
      << "PRODUCES" << std::setw(16) << "ON FAILURE" << "ROLE\n";
  for (const core::AgentContract* c : AgentRoster()) {
    out << std::setw(12) << c->name << std::setw(26) << Join(c->consumes) << std::setw(24)
        << Join(c->produces) << std::setw(16) << core::FailureScopeName(c->on_failure) << c->role
        << "\n";
    for (std::string_view mode : c->failure_modes) {
      out << std::setw(12) << "" << "fails when " << mode << "\n";
    }
  }
  return kExitOk;
}

}  // namespace nova::app
