#include "reviewer/baseline.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "nova-core/json_parse.h"

namespace nova::reviewer {
namespace {

using nlohmann::json;

core::Result<std::string> StringMember(const json& object, const char* key, size_t index) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    return core::InvalidArgumentError("findings[" + std::to_string(index) + "]: no string \"" +
                                      key + "\"");
  }
  return it->get<std::string>();
}

}  // namespace

std::string RenderBaseline(const Review& review) {
  json findings = json::array();
  for (const ReviewedFinding& f : review.findings) {
    findings.push_back({{"rule", f.finding.rule},
                        {"file", f.relative_file},
                        {"fingerprint", f.fingerprint},
                        {"message", f.finding.message}});
  }
  const json baseline = {{"version", kBaselineVersion}, {"findings", findings}};
  return baseline.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

core::Result<std::vector<BaselineEntry>> ParseBaseline(std::string_view text) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    return core::InvalidArgumentError(core::JsonErrorMessage(e));
  }
  if (!doc.is_object()) return core::InvalidArgumentError("not a JSON object");
  const auto version = doc.find("version");
  if (version == doc.end() || !version->is_number_integer()) {
    return core::InvalidArgumentError("no integer \"version\"");
  }
  if (version->get<long long>() == 1) {
    return core::InvalidArgumentError(
        "version 1 was written by an older Nova whose fingerprints did not include the "
        "enclosing symbol; write it again with --write-baseline");
  }
  if (version->get<long long>() != kBaselineVersion) {
    return core::InvalidArgumentError("unsupported version " + version->dump() + " (expected " +
                                      std::to_string(kBaselineVersion) + ")");
  }
  const auto findings = doc.find("findings");
  if (findings == doc.end() || !findings->is_array()) {
    return core::InvalidArgumentError("no array \"findings\"");
  }
  std::vector<BaselineEntry> entries;
  for (size_t i = 0; i < findings->size(); ++i) {
    const json& item = (*findings)[i];
    if (!item.is_object()) {
      return core::InvalidArgumentError("findings[" + std::to_string(i) + "]: not an object");
    }
    BaselineEntry entry;
    NOVA_ASSIGN_OR_RETURN(entry.rule, StringMember(item, "rule", i));
    NOVA_ASSIGN_OR_RETURN(entry.file, StringMember(item, "file", i));
    NOVA_ASSIGN_OR_RETURN(entry.fingerprint, StringMember(item, "fingerprint", i));
    if (item.contains("message")) {
      NOVA_ASSIGN_OR_RETURN(entry.message, StringMember(item, "message", i));
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

Review ApplyBaseline(Review review, const std::vector<BaselineEntry>& entries, std::string file,
                     const BaselineScope& scope) {
  const auto rule_ran = [&scope](const std::string& rule) {
    return scope.rules.empty() ||
           std::find(scope.rules.begin(), scope.rules.end(), rule) != scope.rules.end();
  };
  std::set<std::string> baselined;
  for (const BaselineEntry& entry : entries) {
    if (rule_ran(entry.rule)) baselined.insert(entry.fingerprint);
  }
  std::set<std::string> matched;
  std::vector<ReviewedFinding> kept;
  for (ReviewedFinding& f : review.findings) {
    if (baselined.contains(f.fingerprint)) {
      matched.insert(f.fingerprint);
    } else {
      kept.push_back(std::move(f));
    }
  }
  // A suppressed finding still exists: its entry is not stale, only redundant.
  for (const SuppressedFinding& s : review.suppressed) matched.insert(s.reviewed.fingerprint);
  review.summary.baselined = static_cast<int>(review.findings.size() - kept.size());
  review.findings = std::move(kept);
  review.summary.findings = static_cast<int>(review.findings.size());

  BaselineOutcome outcome;
  outcome.file = std::move(file);
  outcome.matched = review.summary.baselined;
  outcome.stale_checked = scope.complete;
  if (scope.complete) {
    for (const BaselineEntry& entry : entries) {
      if (rule_ran(entry.rule) && !matched.contains(entry.fingerprint)) {
        outcome.stale.push_back(entry);
      }
    }
  }
  review.baseline = std::move(outcome);
  return review;
}

}  // namespace nova::reviewer
