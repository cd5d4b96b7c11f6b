// FixReport: renders what a fix run did (the base verdict, each patch branch with its verdict
// and merge decision, deferred findings) as text or as the JSON other tools read. Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/agents/slots.h"

namespace nova::app {

struct FixReportInput {
  std::string base;
  std::string target;
  std::string sandbox;                    // "bwrap", or "none" (said in every format)
  const PatchBranches* patches = nullptr;  // null when the refactorer did not run
  const sandbox::GateReport* gate = nullptr;  // null when the gatekeeper did not finish
  const reviewer::Review* review = nullptr;
  std::string failure;                     // non-empty when the run stopped early
  // Checkouts an earlier run left in .nova/work/ when it was killed, removed before this run.
  std::vector<std::string> stale_removed;
};

nlohmann::json FixReportJson(const FixReportInput& input);
std::string RenderFixJson(const FixReportInput& input);  // FixReportJson, indented
std::string RenderFixText(const FixReportInput& input);

}  // namespace nova::app
