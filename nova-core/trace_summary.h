// TraceSummary: reads a trace (JSON lines, as TraceWriter writes them) back into what a person
// asks after a run: what ran and in which order, the slowest steps, every failure with its
// cause, retries and cancellations, and every external effect (branches, refs, processes, HTTP)
// with a check that each started process has an end. For `nova trace FILE`. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "nova-core/result.h"

namespace nova::core {

// InvalidArgument naming the line when a line is not a trace event.
Result<std::string> SummarizeTrace(std::string_view jsonl, std::string_view origin);

}  // namespace nova::core
