// The SARIF 2.1.0 half of MergeReports: checks that a parsed document is a one-run log it can
// merge and joins the shards' logs into one (see merge.h for how rules, results and invocations
// are joined). Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nova-core/status.h"

namespace nova::reviewer {

// InvalidArgument naming the first thing that makes `doc` no SARIF 2.1.0 log with one run.
core::Status CheckSarifLog(const nlohmann::json& doc);

// runs[0].tool.driver.name of a log that passed CheckSarifLog.
std::string SarifToolName(const nlohmann::json& log);

// The merged log, as text; every document passed CheckSarifLog.
std::string MergeSarifLogs(const std::vector<nlohmann::json>& docs);

}  // namespace nova::reviewer
