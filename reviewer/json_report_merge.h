// The Nova JSON (version 1) half of MergeReports: checks that a parsed document is a report it
// can merge and joins the shards' reports into one (see merge.h for what is summed and what is
// concatenated). Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nova-core/status.h"

namespace nova::reviewer {

// InvalidArgument naming the first thing that makes `doc` no Nova JSON report, version 1.
core::Status CheckJsonReport(const nlohmann::json& doc);

// The merged report, as text; every document passed CheckJsonReport.
std::string MergeJsonReports(const std::vector<nlohmann::json>& docs);

}  // namespace nova::reviewer
