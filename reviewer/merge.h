// MergeReports: joins the reports of review shards (one `nova review` per slice of the
// translation units) into the report one unsharded run would have written. Pure function of its
// inputs; thread-safe. Never throws: malformed input is an InvalidArgument naming the input.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nova-core/result.h"

namespace nova::reviewer {

// `format` is "json" (Nova's JSON, version 1) or "sarif" (SARIF 2.1.0 with one run), and every
// document must be in it.
// json: findings concatenated, deduplicated by fingerprint (the first kept) and sorted by file,
// line, column, rule, message; problems concatenated in input order; summary counts summed
// except `findings` (the merged count) and `duration_ms` (the longest shard); suppressed
// findings merged like findings, with their counts recomputed; a "baseline" object (from
// --baseline) has its matched counts summed and its stale entries concatenated.
// sarif: one run whose driver rules are the union by id (the first descriptor kept, ordered by
// id) with every ruleIndex recomputed; results concatenated, deduplicated by partialFingerprints
// and sorted like the JSON findings; tool execution notifications concatenated;
// executionSuccessful only when every shard's was; originalUriBaseIds from the first shard
// declaring each id.
// InvalidArgument for an unknown format, no documents, or a document that does not parse or is
// not in `format`; the message names the input by its 1-based position: "input 2: ...".
core::Result<std::string> MergeReports(const std::vector<std::string>& documents,
                                       std::string_view format);

}  // namespace nova::reviewer
