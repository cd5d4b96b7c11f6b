// The "nightly" section of `.nova.json`, which apps/ owns and validates: how `nova nightly`
// bounds one night. Pure functions; thread-safe.
#pragma once

#include <string>

#include "nova-core/config.h"
#include "nova-core/result.h"

namespace nova::app {

struct NightlySettings {
  int max_patches = 10;  // patch sets verified per night, most valuable first. Default: 10
  int budget_s = 3600;   // wall-clock bound of the night's run. Default: 3600
  // The branch verified patches are merged into; --merge-into overrides it. Default: empty,
  // then --merge-into is required.
  std::string target = {};
  int trend_runs = 14;  // runs shown in the report's trend. Default: 14
};

// The section as `config` holds it; defaults without one. InvalidArgument naming the key
// ("<origin>: nightly.budget_s: ...") otherwise.
core::Result<NightlySettings> ParseNightlySection(const core::Config& config);

}  // namespace nova::app
