#include "reviewer/merge.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>

namespace nova::reviewer {
namespace {

using nlohmann::json;

// The one place nlohmann may throw. Everything after it checks types before reading, so no
// other call here can throw a json::exception.
core::Result<json> ParseDocument(const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    return core::InvalidArgumentError(std::string("malformed JSON: ") + e.what());
  }
}

// The member `key` of `value`, or nullptr when `value` is no object or lacks it.
const json* Member(const json& value, const std::string& key) {
  if (!value.is_object()) return nullptr;
  const auto it = value.find(key);
  return it == value.end() ? nullptr : &*it;
}

bool IsArrayOfObjects(const json* value) {
  return value != nullptr && value->is_array() &&
         std::all_of(value->begin(), value->end(), [](const json& v) { return v.is_object(); });
}

bool HasString(const json& object, const std::string& key) {
  const json* member = Member(object, key);
  return member != nullptr && member->is_string();
}

bool HasInteger(const json& object, const std::string& key) {
  const json* member = Member(object, key);
  return member != nullptr && member->is_number_integer();
}

std::string StringOr(const json* value, std::string fallback = "") {
  return value != nullptr && value->is_string() ? value->get<std::string>() : fallback;
}

std::int64_t IntegerOr(const json* value, std::int64_t fallback = 0) {
  return value != nullptr && value->is_number_integer() ? value->get<std::int64_t>() : fallback;
}

std::string Dump(const json& document) {
  // Shards copy source text; replace invalid UTF-8 rather than throw.
  return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

bool LooksLikeSarif(const json& document) { return Member(document, "runs") != nullptr; }

bool LooksLikeNovaJson(const json& document) {
  return Member(document, "findings") != nullptr || HasInteger(document, "version");
}

// Findings and results are ordered as core::FindingLess orders them.
using SortKey = std::tuple<std::string, std::int64_t, std::int64_t, std::string, std::string>;

void SortByKey(json& items, SortKey (*key_of)(const json&)) {
  std::vector<std::pair<SortKey, json>> keyed;
  keyed.reserve(items.size());
  for (json& item : items) keyed.emplace_back(key_of(item), std::move(item));
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  items = json::array();
  for (auto& [key, item] : keyed) items.push_back(std::move(item));
}

// --- Nova JSON, version 1 ---------------------------------------------------------------

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

SortKey FindingKey(const json& f) {
  return {StringOr(Member(f, "file")), IntegerOr(Member(f, "line")), IntegerOr(Member(f, "column")),
          StringOr(Member(f, "rule")), StringOr(Member(f, "message"))};
}

// An array member, or an empty array when absent or not an array.
const json& ArrayOrNull(const json* member) {
  static const json kEmpty = json::array();
  return member != nullptr && member->is_array() ? *member : kEmpty;
}

std::string MergeJson(const std::vector<json>& docs) {
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
      (*baseline)["matched"] = (*baseline)["matched"].get<long long>() + IntegerOr(Member(*b, "matched"));
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

// --- SARIF 2.1.0 --------------------------------------------------------------------------

const json& OnlyRun(const json& log) { return (*Member(log, "runs"))[0]; }

const json& Driver(const json& run) { return *Member(*Member(run, "tool"), "driver"); }

// An optional array member: empty when absent.
const json& ArrayOrEmpty(const json& object, const std::string& key) {
  static const json kEmpty = json::array();
  const json* member = Member(object, key);
  return member != nullptr && member->is_array() ? *member : kEmpty;
}

// The log's own header: a JSON object that says it is SARIF 2.1.0 with exactly one run; kept
// apart from the run's checks so each error names one level of the document.
core::Status CheckSarifHeader(const json& doc) {
  if (!doc.is_object()) return core::InvalidArgumentError("not a JSON object");
  if (!HasString(doc, "version")) {
    if (LooksLikeNovaJson(doc)) return core::InvalidArgumentError("a Nova JSON report, not SARIF");
    return core::InvalidArgumentError("not a SARIF log: no string \"version\"");
  }
  const std::string version = StringOr(Member(doc, "version"));
  if (version != "2.1.0") {
    return core::InvalidArgumentError("SARIF version " + version +
                                      " is not supported (want 2.1.0)");
  }
  const json* runs = Member(doc, "runs");
  if (!IsArrayOfObjects(runs) || runs->size() != 1) {
    return core::InvalidArgumentError("want exactly one run");
  }
  return core::Status::Ok();
}

// runs[0].tool.driver: the merge reads its name and its rules' ids, so those must be there.
core::Status CheckSarifDriver(const json& run) {
  const json* driver =
      Member(run, "tool") != nullptr ? Member(*Member(run, "tool"), "driver") : nullptr;
  if (driver == nullptr || !HasString(*driver, "name")) {
    return core::InvalidArgumentError("runs[0]: no tool.driver.name");
  }
  const json* rules = Member(*driver, "rules");
  if (rules != nullptr && !IsArrayOfObjects(rules)) {
    return core::InvalidArgumentError("runs[0]: tool.driver.rules is not an array of objects");
  }
  for (const json& rule : ArrayOrEmpty(*driver, "rules")) {
    if (!HasString(rule, "id"))
      return core::InvalidArgumentError("runs[0]: a rule has no string id");
  }
  return core::Status::Ok();
}

// runs[0]'s results and invocations, which the merge concatenates across shards.
core::Status CheckSarifRunArrays(const json& run) {
  for (const char* key : {"results", "invocations"}) {
    const json* member = Member(run, key);
    if (member != nullptr && !IsArrayOfObjects(member)) {
      return core::InvalidArgumentError(std::string("runs[0].") + key +
                                        " is not an array of objects");
    }
  }
  for (const json& invocation : ArrayOrEmpty(run, "invocations")) {
    const json* success = Member(invocation, "executionSuccessful");
    if (success == nullptr || !success->is_boolean()) {
      return core::InvalidArgumentError("runs[0]: an invocation has no executionSuccessful");
    }
    const json* notifications = Member(invocation, "toolExecutionNotifications");
    if (notifications != nullptr && !notifications->is_array()) {
      return core::InvalidArgumentError("runs[0]: toolExecutionNotifications is not an array");
    }
  }
  return core::Status::Ok();
}

core::Status CheckSarifLog(const json& doc) {
  NOVA_RETURN_IF_ERROR(CheckSarifHeader(doc));
  const json& run = OnlyRun(doc);
  NOVA_RETURN_IF_ERROR(CheckSarifDriver(run));
  NOVA_RETURN_IF_ERROR(CheckSarifRunArrays(run));
  const json* base_ids = Member(run, "originalUriBaseIds");
  if (base_ids != nullptr && !base_ids->is_object()) {
    return core::InvalidArgumentError("runs[0].originalUriBaseIds is not an object");
  }
  return core::Status::Ok();
}

SortKey ResultKey(const json& result) {
  const json* location = nullptr;
  const json* locations = Member(result, "locations");
  if (locations != nullptr && locations->is_array() && !locations->empty()) {
    location = Member((*locations)[0], "physicalLocation");
  }
  const json* artifact = location != nullptr ? Member(*location, "artifactLocation") : nullptr;
  const json* region = location != nullptr ? Member(*location, "region") : nullptr;
  const json* message = Member(result, "message");
  return {artifact != nullptr ? StringOr(Member(*artifact, "uri")) : "",
          region != nullptr ? IntegerOr(Member(*region, "startLine")) : 0,
          region != nullptr ? IntegerOr(Member(*region, "startColumn")) : 0,
          StringOr(Member(result, "ruleId")),
          message != nullptr ? StringOr(Member(*message, "text")) : ""};
}

// A result naming its rule only by index into its own shard's rules gets the id, which survives
// the merge; the index is recomputed afterwards.
json WithRuleId(json result, const json& shard_rules) {
  const json* index = Member(result, "ruleIndex");
  if (!HasString(result, "ruleId") && index != nullptr && index->is_number_integer()) {
    const std::int64_t i = index->get<std::int64_t>();
    if (i >= 0 && static_cast<std::size_t>(i) < shard_rules.size()) {
      result["ruleId"] = StringOr(Member(shard_rules[static_cast<std::size_t>(i)], "id"));
    }
  }
  result.erase("ruleIndex");
  return result;
}

// False for a result whose non-empty partialFingerprints an earlier result had; results without
// fingerprints are never duplicates.
bool FirstSeen(std::set<std::string>& seen, const json* partial_fingerprints) {
  if (partial_fingerprints == nullptr || !partial_fingerprints->is_object() ||
      partial_fingerprints->empty()) {
    return true;
  }
  return seen.insert(partial_fingerprints->dump(-1, ' ', false, json::error_handler_t::replace))
      .second;
}

// Everything the shards' runs contribute, gathered before the rules are renumbered.
struct SarifUnion {
  std::map<std::string, json> rules_by_id;  // the first descriptor of each id
  json results = json::array();
  json notifications = json::array();
  json base_ids = json::object();
  std::set<std::string> fingerprints;
  bool execution_successful = true;
};

void AddInvocations(const json& run, SarifUnion& merged) {
  for (const json& invocation : ArrayOrEmpty(run, "invocations")) {
    merged.execution_successful =
        merged.execution_successful && Member(invocation, "executionSuccessful")->get<bool>();
    for (const json& n : ArrayOrEmpty(invocation, "toolExecutionNotifications")) {
      merged.notifications.push_back(n);
    }
  }
}

void AddRun(const json& run, SarifUnion& merged) {
  const json& shard_rules = ArrayOrEmpty(Driver(run), "rules");
  for (const json& rule : shard_rules) {
    merged.rules_by_id.emplace(StringOr(Member(rule, "id")), rule);
  }
  for (const json& result : ArrayOrEmpty(run, "results")) {
    if (!FirstSeen(merged.fingerprints, Member(result, "partialFingerprints"))) continue;
    merged.results.push_back(WithRuleId(result, shard_rules));
  }
  AddInvocations(run, merged);
  if (const json* ids = Member(run, "originalUriBaseIds"); ids != nullptr) {
    for (const auto& [id, value] : ids->items()) {
      if (!merged.base_ids.contains(id)) merged.base_ids[id] = value;
    }
  }
}

// The merged rules, ordered by id, with every result's ruleIndex pointing into them.
json RenumberRules(std::map<std::string, json>& rules_by_id, json& results) {
  // A result whose rule no shard described still gets a descriptor to point at.
  for (const json& result : results) {
    if (HasString(result, "ruleId")) {
      const std::string id = StringOr(Member(result, "ruleId"));
      rules_by_id.emplace(id, json{{"id", id}});
    }
  }
  json rules = json::array();
  std::map<std::string, int> rule_index;
  for (auto& [id, rule] : rules_by_id) {
    rule_index[id] = static_cast<int>(rules.size());
    rules.push_back(std::move(rule));
  }
  for (json& result : results) {
    if (HasString(result, "ruleId")) {
      result["ruleIndex"] = rule_index[StringOr(Member(result, "ruleId"))];
    }
  }
  return rules;
}

// The first shard's log keeps whatever else its run says (tool version, properties, ...).
json MergedLog(const json& first_log, json rules, SarifUnion& merged) {
  json log = first_log;
  json run = OnlyRun(log);
  run["tool"]["driver"]["rules"] = std::move(rules);
  run["results"] = std::move(merged.results);
  json invocation = ArrayOrEmpty(run, "invocations").empty() ? json::object()
                                                             : ArrayOrEmpty(run, "invocations")[0];
  invocation["executionSuccessful"] = merged.execution_successful;
  invocation["toolExecutionNotifications"] = std::move(merged.notifications);
  run["invocations"] = json::array({std::move(invocation)});
  if (!merged.base_ids.empty()) run["originalUriBaseIds"] = std::move(merged.base_ids);
  log["runs"] = json::array({std::move(run)});
  return log;
}

std::string MergeSarif(const std::vector<json>& docs) {
  SarifUnion merged;
  for (const json& doc : docs) AddRun(OnlyRun(doc), merged);
  json rules = RenumberRules(merged.rules_by_id, merged.results);
  SortByKey(merged.results, ResultKey);
  return Dump(MergedLog(docs.front(), std::move(rules), merged));
}

core::Status InputError(std::size_t index, const core::Status& status) {
  return status.WithContext("input " + std::to_string(index + 1));
}

}  // namespace

core::Result<std::string> MergeReports(const std::vector<std::string>& documents,
                                       std::string_view format) {
  if (format != "json" && format != "sarif") {
    return core::InvalidArgumentError("unknown report format '" + std::string(format) +
                                      "' (want json or sarif)");
  }
  if (documents.empty()) return core::InvalidArgumentError("no reports to merge");
  std::vector<json> docs;
  docs.reserve(documents.size());
  std::string first_tool;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    core::Result<json> doc = ParseDocument(documents[i]);
    if (!doc.ok()) return InputError(i, doc.status());
    const core::Status valid = format == "json" ? CheckJsonReport(*doc) : CheckSarifLog(*doc);
    if (!valid.ok()) return InputError(i, valid);
    if (format == "sarif") {
      const std::string tool = StringOr(Member(Driver(OnlyRun(*doc)), "name"));
      if (i == 0) first_tool = tool;
      if (tool != first_tool) {
        return InputError(
            i, core::InvalidArgumentError("tool '" + tool + "' differs from input 1's '" +
                                          first_tool + "'"));
      }
    }
    docs.push_back(std::move(doc).value());
  }
  return format == "json" ? MergeJson(docs) : MergeSarif(docs);
}

}  // namespace nova::reviewer
