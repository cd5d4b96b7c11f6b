// TraceSummary: reads a trace (one JSON line per step, as TraceWriter writes) back into a
// timeline, the slowest steps and every failure with its cause, for `nova trace FILE`.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "nova-core/result.h"

namespace nova::core {

// InvalidArgument naming the line when a line is not a trace step.
Result<std::string> SummarizeTrace(std::string_view jsonl, std::string_view origin);

}  // namespace nova::core
