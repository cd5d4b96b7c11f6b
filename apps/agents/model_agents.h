// What the two model agents (model_reviewer_agent.h, model_refactorer_agent.h) share: their
// settings, the output they hand on, and how they rank the metric findings that name the
// functions they send the model. Pure functions; thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nova-core/finding.h"
#include "nova-core/git/diff.h"

namespace nova::app {

// What a model agent hands on: findings (comments, or fixes as edits) and what it left out.
struct ModelOutput {
  std::vector<core::Finding> findings;
  std::vector<std::string> notes;  // "model-reviewer: ..." lines for the report
};

struct ModelAgentSettings {
  std::filesystem::path root;                       // the reviewed directory
  std::map<std::string, std::string> overlay = {};  // base content of dirty files
  // A pull request's added lines (relative to `repo_root`): the model-reviewer then reviews the
  // functions they touch, largest first, instead of the ones the metric rules flag.
  std::optional<core::git::ChangedLines> changed = std::nullopt;
  std::filesystem::path repo_root = {};
};

// How large or complex a metric finding says its function is (its details' cognitive_complexity
// or lines); 0 when they say neither.
int MetricWeight(const core::Finding& finding);

// The rules whose findings name a function too large or complex: the model-reviewer's picks.
bool IsMetricRule(const std::string& rule);

// One finding per function, largest first, then by place, at most `limit`: those the model
// will see.
std::vector<const core::Finding*> RankedByWeight(const std::vector<const core::Finding*>& findings,
                                                 int limit);

}  // namespace nova::app
