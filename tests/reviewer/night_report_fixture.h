// Realistic NightReport values for the night report renderers' tests: a previous night and
// tonight with findings, patches in every state, problems, and ~30 files of hotspots; a trend
// of several nights. Test-only; pure functions.
#pragma once

#include "reviewer/night_report.h"

namespace nova::testing {

// Tonight (id 7) against the night before (id 6): findings use-nullptr warning 12 (was 15),
// function-size error 4 (was 3), naming-consistency note 2 (new), use-using warning gone (was 5);
// patches: 2 merged, 1 verified, 1 rejected, 1 dropped, 1 skipped; one problem; 30 hotspots.
reviewer::NightReport SampleNightReport();
// `nights` runs ending with tonight, oldest first, one a day.
std::vector<core::history::RunRecord> SampleTrend(const reviewer::NightReport& report, int nights);

}  // namespace nova::testing
