// NightReport: everything the nightly job's Markdown summary and HTML page show, as plain data:
// this run, the run before it, and the last runs for the trend. Filled by `nova nightly` from
// its own run and nova-core's history store; read by the report renderers. No behaviour.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "nova-core/history/run_record.h"

namespace nova::reviewer {

struct NightReport {
  std::string repository;  // display name, e.g. "nova" or "owner/name"
  core::history::RunRecord run;                             // tonight, with hotspots
  std::optional<core::history::RunRecord> previous = std::nullopt;  // the run before, if any
  std::vector<core::history::RunRecord> trend = {};  // the last N runs, oldest first, incl. `run`
  // Base for links to patch logs and branches; empty: logs are linked relative to the report.
  std::string link_base = {};
};

}  // namespace nova::reviewer
