// The night report's codebase map: an inline SVG treemap (<svg id="treemap">) where each file's
// area is its line count and its colour its hotspot score, grouped by top-level directory, and a
// colour legend (<svg id="treemap-legend">). Pure function; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "nova-core/history/run_record.h"

namespace nova::reviewer {

// One <g class="treemap-cell" data-path> per file with lines > 0, holding its rectangle, a
// <title> tooltip (path, lines, churn, score) and, when it fits, the file name.
std::string TreemapSvg(const std::vector<core::history::FileHotspot>& files);

// The fill for a score `t` in [0, 1] of the maximum: pale blue-grey through amber to dark red.
std::string HeatColour(double t);

}  // namespace nova::reviewer
