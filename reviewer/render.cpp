#include "reviewer/render.h"
#include "nova-core/paths.h"
#include "reviewer/percent_encode.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

// Set by reviewer/CMakeLists.txt from the project version and NOVA_INFORMATION_URI.
#ifndef NOVA_SEMANTIC_VERSION
#define NOVA_SEMANTIC_VERSION "0.0.0"
#endif
#ifndef NOVA_INFORMATION_URI
#define NOVA_INFORMATION_URI ""
#endif

namespace nova::reviewer {
namespace {

using nlohmann::json;

// The rule's details object; text that is not JSON is kept as a string rather than lost.
json DetailsJson(const core::Finding& f) {
  json details = json::parse(f.details, nullptr, /*allow_exceptions=*/false);
  return details.is_discarded() ? json(f.details) : details;
}

json FixJson(const ReviewedFinding& f, const std::filesystem::path& root) {
  json fix = json::array();
  for (const core::Edit& edit : f.finding.fix) {
    fix.push_back({{"file", core::PathBelowRoot(edit.file, root)},
                   {"offset", edit.offset},
                   {"length", edit.length},
                   {"replacement", edit.replacement}});
  }
  return fix;
}

std::string SarifLevel(core::Severity severity) {
  switch (severity) {
    case core::Severity::kNote: return "note";
    case core::Severity::kWarning: return "warning";
    case core::Severity::kError: return "error";
  }
  return "warning";
}

// GitHub code scanning reserves its own keys (primaryLocationLineHash); ours is versioned so a
// future change of the fingerprint recipe cannot silently match old alerts.
constexpr const char* kFingerprintKey = "novaFingerprint/v2";
constexpr const char* kSrcRootBaseId = "%SRCROOT%";

// `file:///abs/root/` for an absolute root; empty (no base id declared) otherwise.
std::string RootUri(const std::filesystem::path& root) {
  if (!root.is_absolute()) return "";
  std::string path = root.lexically_normal().generic_string();
  if (path.back() != '/') path += '/';
  return "file://" + PercentEncodePath(path);
}

// Relative paths resolve against %SRCROOT%; a file outside the root keeps its absolute path.
json ArtifactLocation(std::string_view file) {
  if (!file.empty() && file.front() == '/') return {{"uri", "file://" + PercentEncodePath(file)}};
  return {{"uri", PercentEncodePath(file)}, {"uriBaseId", kSrcRootBaseId}};
}

// SARIF lines and columns are 1-based and the end column is exclusive, as in core::Finding.
// Missing or inverted end positions are left out rather than emitted invalid.
json Region(const core::Finding& f) {
  json region = {{"startLine", std::max(f.line, 1)}};
  if (f.column >= 1) region["startColumn"] = f.column;
  if (f.end_line >= std::max(f.line, 1)) {
    region["endLine"] = f.end_line;
    if (f.end_column >= 1 && (f.end_line > f.line || f.end_column >= f.column)) {
      region["endColumn"] = f.end_column;
    }
  }
  return region;
}

// One fix whose changes are grouped by file; Edit offsets are bytes, hence byteOffset/byteLength.
json Fixes(const ReviewedFinding& f, const std::filesystem::path& root) {
  std::map<std::string, std::vector<const core::Edit*>> edits_by_file;
  for (const core::Edit& edit : f.finding.fix) {
    edits_by_file[core::PathBelowRoot(edit.file, root)].push_back(&edit);
  }
  json changes = json::array();
  for (auto& [file, edits] : edits_by_file) {
    // Stable: edits at the same offset apply in the order the rule gave them.
    std::stable_sort(edits.begin(), edits.end(), [](const core::Edit* a, const core::Edit* b) {
      return a->offset < b->offset;
    });
    json replacements = json::array();
    for (const core::Edit* edit : edits) {
      json replacement = {
          {"deletedRegion", {{"byteOffset", edit->offset}, {"byteLength", edit->length}}}};
      if (!edit->replacement.empty()) {
        replacement["insertedContent"] = {{"text", edit->replacement}};
      }
      replacements.push_back(std::move(replacement));
    }
    changes.push_back(
        {{"artifactLocation", ArtifactLocation(file)}, {"replacements", replacements}});
  }
  return json::array(
      {{{"description", {{"text", f.finding.message}}}, {"artifactChanges", changes}}});
}

// "use-nullptr" -> "UseNullptr": SARIF wants a name that is an identifier, not prose.
std::string RuleName(std::string_view id) {
  std::string name;
  bool upper = true;
  for (const char c : id) {
    if (c == '-' || c == '_') {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return name;
}

json RuleJson(const RuleMetadata& rule) {
  const std::string description =
      rule.description.empty() ? "Nova rule " + rule.id + "." : rule.description;
  const std::string text_link =
      rule.help_uri.empty() ? "docs/rules.md, section " + rule.id : rule.help_uri;
  const std::string markdown_link = rule.help_uri.empty()
                                        ? "`docs/rules.md`, section `" + rule.id + "`"
                                        : "[" + rule.id + "](" + rule.help_uri + ")";
  json out = {{"id", rule.id},
              {"name", RuleName(rule.id)},
              {"shortDescription", {{"text", description}}},
              {"fullDescription", {{"text", description}}},
              {"help",
               {{"text", description + "\n\nSee " + text_link + "."},
                {"markdown", description + "\n\nSee " + markdown_link + "."}}},
              // Every built-in rule defaults to warning; results carry their own level.
              {"defaultConfiguration", {{"level", "warning"}}}};
  if (!rule.help_uri.empty()) out["helpUri"] = rule.help_uri;
  return out;
}

// Every rule given plus every rule with a result, by id; the first metadata for an id wins.
std::map<std::string, RuleMetadata> RulesById(const Review& review) {
  std::map<std::string, RuleMetadata> rules;
  for (const RuleMetadata& rule : review.rules) rules.emplace(rule.id, rule);
  for (const ReviewedFinding& f : review.findings) {
    rules.emplace(f.finding.rule, RuleMetadata{f.finding.rule, "", ""});
  }
  return rules;
}

std::string Count(int n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

json BaselineEntryJson(const BaselineEntry& e) {
  return {{"rule", e.rule}, {"file", e.file}, {"fingerprint", e.fingerprint}, {"message", e.message}};
}

}  // namespace

std::string RenderText(const Review& review) {
  std::string out;
  for (const ReviewedFinding& f : review.findings) {
    out += f.relative_file + ":" + std::to_string(f.finding.line) + ":" +
           std::to_string(f.finding.column) + ": " +
           std::string(core::SeverityName(f.finding.severity)) + ": " + f.finding.message + " [" +
           f.finding.rule + "]\n";
  }
  for (const Problem& p : review.problems) {
    out += p.file + ": note: not fully analyzed: " + p.message + "\n";
  }
  for (const std::string& note : review.notes) out += "note: " + note + "\n";
  if (review.baseline) {
    for (const BaselineEntry& e : review.baseline->stale) {
      out += e.file + ": note: baseline entry matches no finding: " + e.message + " [" + e.rule +
             "]\n";
    }
  }
  const ReviewSummary& s = review.summary;
  out += std::to_string(s.findings) + " finding" + (s.findings == 1 ? "" : "s") + " in " +
         std::to_string(s.translation_units) + " translation unit" +
         (s.translation_units == 1 ? "" : "s");
  if (s.cache_hits > 0) {
    out += " (" + std::to_string(s.parsed) + " parsed, " + std::to_string(s.cache_hits) +
           " from the cache)";
  }
  if (s.parsed_with_errors > 0) {
    out += " (" + std::to_string(s.parsed_with_errors) + " parsed with errors)";
  }
  if (!review.problems.empty()) {
    out += "; partial review: " + std::to_string(review.problems.size()) + " input problem" +
           (review.problems.size() == 1 ? "" : "s") + " listed above";
  }
  if (s.suppressed > 0) {
    out += "; " + Count(s.suppressed, "finding", "findings") + " suppressed inline";
  }
  if (review.baseline) {
    out += "; " + Count(s.baselined, "finding", "findings") + " hidden by the baseline";
  }
  out += ", " + std::to_string(s.duration_ms) + " ms\n";
  if (review.baseline && !review.baseline->stale.empty()) {
    const size_t stale = review.baseline->stale.size();
    out += Count(static_cast<int>(stale), "baseline entry", "baseline entries") +
           (stale == 1 ? " no longer matches: remove it" : " no longer match: remove them") +
           " with --write-baseline\n";
  }
  return out;
}

json ReviewJson(const Review& review) {
  json findings = json::array();
  for (const ReviewedFinding& f : review.findings) {
    findings.push_back({{"rule", f.finding.rule},
                        {"severity", core::SeverityName(f.finding.severity)},
                        {"file", f.relative_file},
                        {"line", f.finding.line},
                        {"column", f.finding.column},
                        {"end_line", f.finding.end_line},
                        {"end_column", f.finding.end_column},
                        {"message", f.finding.message},
                        {"symbol", f.finding.symbol},
                        {"fingerprint", f.fingerprint},
                        {"fix", FixJson(f, review.root)}});
    if (!f.finding.details.empty()) findings.back()["details"] = DetailsJson(f.finding);
  }
  json problems = json::array();
  for (const Problem& p : review.problems) {
    problems.push_back({{"file", p.file}, {"message", p.message}});
  }
  json suppressed = json::array();
  for (const SuppressedFinding& sf : review.suppressed) {
    const ReviewedFinding& f = sf.reviewed;
    suppressed.push_back({{"rule", f.finding.rule},
                          {"severity", core::SeverityName(f.finding.severity)},
                          {"file", f.relative_file},
                          {"line", f.finding.line},
                          {"column", f.finding.column},
                          {"message", f.finding.message},
                          {"fingerprint", f.fingerprint},
                          {"comment", sf.comment},
                          {"comment_line", sf.comment_line}});
  }
  const ReviewSummary& s = review.summary;
  json out = {{"version", 1},
              {"findings", findings},
              {"problems", problems},
              {"suppressed", suppressed},
              {"summary",
               {{"translation_units", s.translation_units},
                {"parsed_with_errors", s.parsed_with_errors},
                {"findings", s.findings},
                {"duration_ms", s.duration_ms},
                {"parsed", s.parsed},
                {"cache_hits", s.cache_hits},
                {"suppressed", s.suppressed},
                {"suppressed_by_rule", s.suppressed_by_rule},
                {"baselined", s.baselined}}},
              {"notes", review.notes}};
  if (review.baseline) {
    json stale = json::array();
    for (const BaselineEntry& e : review.baseline->stale) stale.push_back(BaselineEntryJson(e));
    out["baseline"] = {{"file", review.baseline->file},
                       {"matched", review.baseline->matched},
                       {"stale_checked", review.baseline->stale_checked},
                       {"stale", stale}};
  }
  return out;
}

std::string RenderJson(const Review& review) {
  return ReviewJson(review).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string RenderSarif(const Review& review) {
  const std::map<std::string, RuleMetadata> rules_by_id = RulesById(review);
  std::map<std::string, int> rule_index;
  json rules = json::array();
  for (const auto& [id, metadata] : rules_by_id) {
    rule_index[id] = static_cast<int>(rules.size());
    rules.push_back(RuleJson(metadata));
  }

  json results = json::array();
  for (const ReviewedFinding& f : review.findings) {
    json result = {
        {"ruleId", f.finding.rule},
        {"ruleIndex", rule_index.at(f.finding.rule)},
        {"level", SarifLevel(f.finding.severity)},
        {"message", {{"text", f.finding.message}}},
        {"partialFingerprints", {{kFingerprintKey, f.fingerprint}}},
        {"locations", json::array({{{"physicalLocation",
                                     {{"artifactLocation", ArtifactLocation(f.relative_file)},
                                      {"region", Region(f.finding)}}}}})}};
    if (!f.finding.fix.empty()) result["fixes"] = Fixes(f, review.root);
    if (!f.finding.details.empty()) result["properties"] = {{"details", DetailsJson(f.finding)}};
    results.push_back(std::move(result));
  }

  json notifications = json::array();
  for (const Problem& p : review.problems) {
    json notification = {
        {"level", "warning"},
        {"message", {{"text", p.file.empty() ? p.message : p.file + ": " + p.message}}}};
    if (!p.file.empty()) {
      notification["locations"] =
          json::array({{{"physicalLocation", {{"artifactLocation", ArtifactLocation(p.file)}}}}});
    }
    notifications.push_back(std::move(notification));
  }

  json driver = {{"name", "nova"}, {"semanticVersion", NOVA_SEMANTIC_VERSION}, {"rules", rules}};
  if (!std::string_view(NOVA_INFORMATION_URI).empty())
    driver["informationUri"] = NOVA_INFORMATION_URI;
  json run = {{"tool", {{"driver", driver}}},
              {"invocations", json::array({{{"executionSuccessful", true},
                                            {"toolExecutionNotifications", notifications}}})},
              {"results", results}};
  const std::string root_uri = RootUri(review.root);
  if (!root_uri.empty()) run["originalUriBaseIds"] = {{kSrcRootBaseId, {{"uri", root_uri}}}};
  json log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({run})}};
  // Source text may hold invalid UTF-8; replace it rather than throw.
  return log.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace nova::reviewer
