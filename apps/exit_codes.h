// Exit codes shared by every Nova command, and the mapping from an error Status to one.
// 0: done, nothing at or above --fail-on; 1: findings at or above --fail-on, or a red base;
// 2: usage, configuration or input error; 3: internal failure; 4: a partial review (inputs not
// analyzed, whatever --fail-on says); 130/143: stopped by SIGINT/SIGTERM.
#pragma once

#include "nova-core/driver.h"
#include "nova-core/status.h"

namespace nova::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;
// Some translation units could not be analyzed (skipped, or parsed with errors): the findings
// cover only the rest, so the run must not look clean. Takes precedence over kExitFindings.
inline constexpr int kExitPartial = 4;

inline int ExitCodeFor(const core::Status& status) {
  switch (status.code()) {
    case core::StatusCode::kOk: return kExitOk;
    case core::StatusCode::kInvalidArgument:
    case core::StatusCode::kNotFound:
    case core::StatusCode::kFailedPrecondition:
    case core::StatusCode::kUnavailable: return kExitUsage;
    default: return kExitInternal;
  }
}

// A run's exit code: 128 + the signal that interrupted it, else ExitCodeFor its status.
inline int ExitCodeForRun(const core::RunReport& run) {
  if (run.signal != 0) return 128 + run.signal;
  return ExitCodeFor(run.status);
}

}  // namespace nova::app
