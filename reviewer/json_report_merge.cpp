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

}  // namespace

std::string MergeJsonReports(const std::vector<json>& docs) {
  json findings = json::array();
  json problems = json::array();
  std::set<std::string> fingerprints;
  long long translation_units = 0;
  long long parsed_with_errors = 0;
  long long parsed = 0;
  long long cache_hits = 0;
  json notes = json::array();
  long long duration_ms = 0;
  json suppressed = json::array();
  std::set<std::string> suppressed_fingerprints;
  long long baselined = 0;
  std::optional<json> baseline;  // present when a shard ran with --baseline
  for (const json& doc : docs) {
    for (const json& f : ArrayOrNull(Member(doc, "suppressed"))) {
      if (suppressed_fingerprints.insert(StringOr(Member(f, "fingerprint"))).second) {
        suppressed.push_back(f);
      }
    }
    if (const json* b = Member(doc, "baseline"); b != nullptr && b->is_object()) {
      if (!baseline) {
        baseline = json{{"file", StringOr(Member(*b, "file"))},
                        {"matched", 0},
                        {"stale_checked", true},
                        {"stale", json::array()}};
      }
      (*baseline)["matched"] =
          (*baseline)["matched"].get<long long>() + IntegerOr(Member(*b, "matched"));
      const json* checked = Member(*b, "stale_checked");
      if (checked == nullptr || !checked->is_boolean() || !checked->get<bool>()) {
        (*baseline)["stale_checked"] = false;
      }
      for (const json& e : ArrayOrNull(Member(*b, "stale"))) (*baseline)["stale"].push_back(e);
    }
    for (const json& f : *Member(doc, "findings")) {
      if (fingerprints.insert(StringOr(Member(f, "fingerprint"))).second) findings.push_back(f);
    }
    for (const json& p : *Member(doc, "problems")) problems.push_back(p);
    const json& summary = *Member(doc, "summary");
    translation_units += IntegerOr(Member(summary, "translation_units"));
    parsed_with_errors += IntegerOr(Member(summary, "parsed_with_errors"));
    parsed += IntegerOr(Member(summary, "parsed"));
    cache_hits += IntegerOr(Member(summary, "cache_hits"));
    for (const json& note : ArrayOrNull(Member(doc, "notes"))) notes.push_back(note);
    duration_ms = std::max<long long>(duration_ms, IntegerOr(Member(summary, "duration_ms")));
    baselined += IntegerOr(Member(summary, "baselined"));
  }
  SortByKey(findings, FindingKey);
  SortByKey(suppressed, FindingKey);
  json suppressed_by_rule = json::object();
  for (const json& f : suppressed) {
    const std::string rule = StringOr(Member(f, "rule"));
    suppressed_by_rule[rule] = suppressed_by_rule.value(rule, 0) + 1;
  }
  const long long finding_count = static_cast<long long>(findings.size());
  const long long suppressed_count = static_cast<long long>(suppressed.size());
  json merged = {{"version", 1},
                 {"findings", std::move(findings)},
                 {"problems", std::move(problems)},
                 {"suppressed", std::move(suppressed)},
                 {"summary",
                  {{"translation_units", translation_units},
                   {"parsed_with_errors", parsed_with_errors},
                   {"findings", finding_count},
                   {"duration_ms", duration_ms},
                   {"parsed", parsed},
                   {"cache_hits", cache_hits},
                   {"suppressed", suppressed_count},
                   {"suppressed_by_rule", std::move(suppressed_by_rule)},
                   {"baselined", baselined}}},
                 {"notes", std::move(notes)}};
  if (baseline) merged["baseline"] = std::move(*baseline);
  return Dump(merged);
}

}  // namespace nova::reviewer
