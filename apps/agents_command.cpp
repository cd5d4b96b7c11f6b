#include <algorithm>
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

// "deadline 120 s; retries up to 3 attempts; reads if present: review, gate", or "".
std::string Bounds(const core::AgentContract& c) {
  std::string out;
  auto add = [&out](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
  if (c.deadline.count() > 0) add("deadline " + std::to_string(c.deadline.count()) + " s");
  if (c.retry.max_attempts > 1) add("retries up to " + std::to_string(c.retry.max_attempts) + " attempts");
  if (!c.reads_if_present.empty()) add("reads if present: " + Join(c.reads_if_present));
  return out;
}

}  // namespace

int RunAgents(std::ostream& out) {
  const auto roster = AgentRoster();
  std::size_t name_w = 5, consumes_w = 8, produces_w = 8;
  for (const core::AgentContract* c : roster) {
    name_w = std::max(name_w, c->name.size());
    consumes_w = std::max(consumes_w, Join(c->consumes).size());
    produces_w = std::max(produces_w, Join(c->produces).size());
  }
  const int nw = static_cast<int>(name_w + 2), cw = static_cast<int>(consumes_w + 2),
            pw = static_cast<int>(produces_w + 2);
  out << std::left << std::setw(nw) << "AGENT" << std::setw(cw) << "CONSUMES" << std::setw(pw)
      << "PRODUCES" << std::setw(16) << "ON FAILURE" << "ROLE\n";
  for (const core::AgentContract* c : roster) {
    out << std::setw(nw) << c->name << std::setw(cw) << Join(c->consumes) << std::setw(pw)
        << Join(c->produces) << std::setw(16) << core::FailureScopeName(c->on_failure) << c->role
        << "\n";
    if (const std::string bounds = Bounds(*c); !bounds.empty()) {
      out << std::setw(nw) << "" << bounds << "\n";
    }
    for (std::string_view mode : c->failure_modes) {
      out << std::setw(nw) << "" << "fails when " << mode << "\n";
    }
  }
  return kExitOk;
}

}  // namespace nova::app
