#include "reviewer/sarif_merge.h"

#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "nova-core/result.h"
#include "reviewer/report_json.h"

namespace nova::reviewer {

using report_json::Dump;
using report_json::HasString;
using report_json::IntegerOr;
using report_json::IsArrayOfObjects;
using report_json::json;
using report_json::LooksLikeNovaJson;
using report_json::Member;
using report_json::SortByKey;
using report_json::SortKey;
using report_json::StringOr;

namespace {

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

}  // namespace

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

std::string SarifToolName(const json& log) {
  return StringOr(Member(Driver(OnlyRun(log)), "name"));
}

namespace {

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
}  // namespace

std::string MergeSarifLogs(const std::vector<json>& docs) {
  SarifUnion merged;
  for (const json& doc : docs) AddRun(OnlyRun(doc), merged);
  json rules = RenumberRules(merged.rules_by_id, merged.results);
  SortByKey(merged.results, ResultKey);
  return Dump(MergedLog(docs.front(), std::move(rules), merged));
}

}  // namespace nova::reviewer
