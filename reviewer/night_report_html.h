// The nightly self-review as one self-contained HTML page: tonight's numbers against the
// previous night, a trend chart of findings per rule, a treemap of the codebase by size and
// hotspot score, and the patches that did not land. Pure function; thread-safe.
#pragma once

#include <string>

#include "reviewer/night_report.h"

namespace nova::reviewer {

// Inline CSS and SVG only: no script, no external resource, and a Content-Security-Policy that
// forbids loading any. Every text from the data is HTML-escaped. Deterministic.
std::string RenderNightHtml(const NightReport& report);

}  // namespace nova::reviewer
