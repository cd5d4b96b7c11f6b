// The night report's trend chart: findings per rule over the last runs as an inline SVG line
// chart (<svg id="trend-chart">, one <g class="trend-series" data-rule> per rule) followed by
// an HTML legend. Pure function; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "nova-core/history/run_record.h"

namespace nova::reviewer {

// `runs` oldest first. Each rule's count is summed over severities; a rule missing from a run
// counts 0 there. Handles one run (single points), no findings (an empty chart that says so) and
// many rules (colours repeat with a different dash pattern).
std::string TrendChartSvg(const std::vector<core::history::RunRecord>& runs);

}  // namespace nova::reviewer
