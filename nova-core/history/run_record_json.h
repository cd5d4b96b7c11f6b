// RunRecord as JSON and back: what `nova history --format json` prints and the nightly
// report.json holds per run. Pure functions; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "nova-core/history/run_record.h"
#include "nova-core/result.h"

namespace nova::core::history {

nlohmann::json RunRecordToJson(const RunRecord& run);
// InvalidArgument naming the first field that is missing or of the wrong type.
Result<RunRecord> RunRecordFromJson(const nlohmann::json& value);

}  // namespace nova::core::history
