// Renderers: a Review as compiler-style terminal text, as Nova's JSON (version 1) or as
// SARIF 2.1.0. Pure functions of the Review; thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "reviewer/review.h"

namespace nova::reviewer {

// `path:line:col: warning: message [rule]` per finding, then problems, notes, stale baseline
// entries and a summary line (with the inline-suppressed and baselined counts when there are any),
// then a line asking to rewrite the baseline when entries are stale.
std::string RenderText(const Review& review);
// {"version":1,"findings":[...],"problems":[...],"suppressed":[...],"summary":{...},"notes":[...]}
// plus "baseline":{"file","matched","stale_checked","stale":[...]} when the run used --baseline.
nlohmann::json ReviewJson(const Review& review);
std::string RenderJson(const Review& review);  // ReviewJson, indented
// A SARIF 2.1.0 log with one run of the tool "nova", as GitHub code scanning accepts it: the
// driver lists every rule of `review.rules` and every rule with a result, ordered by id; results
// carry locations relative to %SRCROOT% (the review root), a "novaFingerprint/v2" partial
// fingerprint and, where the finding has edits, one fix with byte-offset replacements. Problems
// become tool execution notifications. Deterministic: equal Reviews give equal bytes.
std::string RenderSarif(const Review& review);

}  // namespace nova::reviewer
