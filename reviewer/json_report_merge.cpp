#include "reviewer/json_report_merge.h"

#include <algorithm>
#include <optional>
#include <set>

#include "reviewer/report_json.h"

namespace nova::reviewer {

using report_json::Dump;
using report_json::HasInteger;
using report_json::HasString;
using report_json::IntegerOr;
using report_json::IsArrayOfObjects;
using report_json::json;
using report_json::LooksLikeSarif;
using report_json::Member;
using report_json::SortByKey;
using report_json::SortKey;
using report_json::StringOr;

core::Status CheckJsonReport(const json& doc) {
  if (!doc.is_object()) return core::InvalidArgumentError("not a JSON object");
  if (!HasInteger(doc, "version")) {
    if (LooksLikeSarif(doc))
      return core::InvalidArgumentError("a SARIF log, not a Nova JSON report");
    return core::InvalidArgumentError("not a Nova JSON report: no integer \"version\"");
  }
  const std::int64_t version = IntegerOr(Member(doc, "version"));
  if (version != 1) {
    return core::InvalidArgumentError("Nova JSON report version " + std::to_string(version) +
                                      " is not supported (want 1)");
  }
  const json* findings = Member(doc, "findings");
  if (!IsArrayOfObjects(findings)) {
    return core::InvalidArgumentError("\"findings\" is not an array of objects");
  }
  for (std::size_t i = 0; i < findings->size(); ++i) {
    const json& f = (*findings)[i];
    for (const char* key : {"fingerprint", "file", "rule", "message"}) {
      if (!HasString(f, key)) {
        return core::InvalidArgumentError("findings[" + std::to_string(i) + "]: no string \"" +
                                          key + "\"");
      }
    }
    for (const char* key : {"line", "column"}) {
      if (!HasInteger(f, key)) {
        return core::InvalidArgumentError("findings[" + std::to_string(i) + "]: no integer \"" +
                                          key + "\"");
      }
    }
  }
  if (!IsArrayOfObjects(Member(doc, "problems"))) {
    return core::InvalidArgumentError("\"problems\" is not an array of objects");
  }
  const json* summary = Member(doc, "summary");
  if (summary == nullptr || !summary->is_object()) {
    return core::InvalidArgumentError("\"summary\" is not an object");
  }
  for (const char* key : {"translation_units", "parsed_with_errors", "findings", "duration_ms"}) {
    if (!HasInteger(*summary, key)) {
      return core::InvalidArgumentError(std::string("summary: no integer \"") + key + "\"");
    }
  }
  return core::Status::Ok();
}

namespace {

SortKey FindingKey(const json& f) {
  return {StringOr(Member(f, "file")), IntegerOr(Member(f, "line")), IntegerOr(Member(f, "column")),
          StringOr(Member(f, "rule")), StringOr(Member(f, "message"))};
}

// An array member, or an empty array when absent or not an array.
const json& ArrayOrNull(const json* member) {
  static const json kEmpty = json::array();
  return member != nullptr && member->is_array() ? *member : kEmpty;
}

// Appends each of `items` whose fingerprint `seen` has not had yet: a header's finding that two
// shards both report is merged once.
void AddUnique(const json& items, std::set<std::string>& seen, json& out) {
  for (const json& f : items) {
    if (seen.insert(StringOr(Member(f, "fingerprint"))).second) out.push_back(f);
  }
}

// Adds a shard's "baseline" block (present when it ran with --baseline) to `merged`: matches
// add up, stale entries join, and stale ones were checked only if every shard checked them.
void AddBaseline(const json& doc, std::optional<json>& merged) {
  const json* b = Member(doc, "baseline");
  if (b == nullptr || !b->is_object()) return;
  if (!merged) {
    merged = json{{"file", StringOr(Member(*b, "file"))},
                  {"matched", 0},
                  {"stale_checked", true},
                  {"stale", json::array()}};
  }
  (*merged)["matched"] = (*merged)["matched"].get<long long>() + IntegerOr(Member(*b, "matched"));
  const json* checked = Member(*b, "stale_checked");
  if (checked == nullptr || !checked->is_boolean() || !checked->get<bool>()) {
    (*merged)["stale_checked"] = false;
  }
  for (const json& e : ArrayOrNull(Member(*b, "stale"))) (*merged)["stale"].push_back(e);
}

// The summary counters that add up across shards ("duration_ms" is the longest shard's instead).
constexpr const char* kSummedCounters[] = {"translation_units", "parsed_with_errors", "parsed",
                                           "cache_hits", "baselined"};

json SuppressedByRule(const json& suppressed) {
  json by_rule = json::object();
  for (const json& f : suppressed) {
    const std::string rule = StringOr(Member(f, "rule"));
    by_rule[rule] = by_rule.value(rule, 0) + 1;
  }
  return by_rule;
}

}  // namespace

std::string MergeJsonReports(const std::vector<json>& docs) {
  json findings = json::array();
  json problems = json::array();
  json notes = json::array();
  json suppressed = json::array();
  std::set<std::string> fingerprints;
  std::set<std::string> suppressed_fingerprints;
  json summary = json::object();
  for (const char* key : kSummedCounters) summary[key] = 0;
  long long duration_ms = 0;
  std::optional<json> baseline;
  for (const json& doc : docs) {
    AddUnique(ArrayOrNull(Member(doc, "suppressed")), suppressed_fingerprints, suppressed);
    AddBaseline(doc, baseline);
    AddUnique(*Member(doc, "findings"), fingerprints, findings);
    for (const json& p : *Member(doc, "problems")) problems.push_back(p);
    for (const json& note : ArrayOrNull(Member(doc, "notes"))) notes.push_back(note);
    const json& shard = *Member(doc, "summary");
    for (const char* key : kSummedCounters) {
      summary[key] = summary[key].get<long long>() + IntegerOr(Member(shard, key));
    }
    duration_ms = std::max<long long>(duration_ms, IntegerOr(Member(shard, "duration_ms")));
  }
  SortByKey(findings, FindingKey);
  SortByKey(suppressed, FindingKey);
  summary["findings"] = static_cast<long long>(findings.size());
  summary["duration_ms"] = duration_ms;
  summary["suppressed"] = static_cast<long long>(suppressed.size());
  summary["suppressed_by_rule"] = SuppressedByRule(suppressed);
  json merged = {{"version", 1},
                 {"findings", std::move(findings)},
                 {"problems", std::move(problems)},
                 {"suppressed", std::move(suppressed)},
                 {"summary", std::move(summary)},
                 {"notes", std::move(notes)}};
  if (baseline) merged["baseline"] = std::move(*baseline);
  return Dump(merged);
}

}  // namespace nova::reviewer
