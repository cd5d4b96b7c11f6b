#include "apps/agents/model_agents.h"

#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>

#include "analyzers/rule_selection.h"

namespace nova::app {

using nlohmann::json;

// How large or complex a metric finding says its function is.
int MetricWeight(const core::Finding& finding) {
  const json details = json::parse(finding.details, nullptr, false);
  if (!details.is_object()) return 0;
  for (const char* key : {"cognitive_complexity", "lines"}) {
    if (details.contains(key) && details[key].is_number_integer()) return details[key].get<int>();
  }
  return 0;
}

bool IsMetricRule(const std::string& rule) {
  return analyzers::CapabilitiesOf(rule).value_or(core::RuleCapabilities{}).metric;
}

// One finding per function, largest first, then by place: those the model will see.
std::vector<const core::Finding*> RankedByWeight(const std::vector<const core::Finding*>& findings,
                                                 int limit) {
  std::vector<const core::Finding*> ranked = findings;
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const core::Finding* a, const core::Finding* b) {
                     const int wa = MetricWeight(*a), wb = MetricWeight(*b);
                     if (wa != wb) return wa > wb;
                     return core::FindingLess(*a, *b);
                   });
  std::vector<const core::Finding*> out;
  std::vector<std::pair<std::string, int>> seen;
  for (const core::Finding* f : ranked) {
    if (static_cast<int>(out.size()) >= limit) break;
    const std::pair<std::string, int> place{f->file, f->line};
    if (std::find(seen.begin(), seen.end(), place) != seen.end()) continue;
    seen.push_back(place);
    out.push_back(f);
  }
  return out;
}

}  // namespace nova::app
