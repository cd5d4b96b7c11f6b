#include "reviewer/render.h"

#include <nlohmann/json.hpp>

namespace nova::reviewer {
namespace {

using nlohmann::json;

json FixJson(const ReviewedFinding& f, const std::filesystem::path& root) {
  json fix = json::array();
  for (const core::Edit& edit : f.finding.fix) {
    const std::filesystem::path relative = std::filesystem::path(edit.file).lexically_relative(root);
    fix.push_back({{"file", relative.generic_string()},
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
  const ReviewSummary& s = review.summary;
  out += std::to_string(s.findings) + " finding" + (s.findings == 1 ? "" : "s") + " in " +
         std::to_string(s.translation_units) + " translation unit" +
         (s.translation_units == 1 ? "" : "s");
  if (s.parsed_with_errors > 0) {
    out += " (" + std::to_string(s.parsed_with_errors) + " parsed with errors)";
  }
  if (!review.problems.empty()) {
    out += "; " + std::to_string(review.problems.size()) + " input problem" +
           (review.problems.size() == 1 ? "" : "s") + " listed above";
  }
  out += ", " + std::to_string(s.duration_ms) + " ms\n";
  return out;
}

std::string RenderJson(const Review& review) {
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
                        {"fingerprint", f.fingerprint},
                        {"fix", FixJson(f, review.root)}});
  }
  json problems = json::array();
  for (const Problem& p : review.problems) {
    problems.push_back({{"file", p.file}, {"message", p.message}});
  }
  const ReviewSummary& s = review.summary;
  json root = {{"version", 1},
               {"findings", findings},
               {"problems", problems},
               {"summary",
                {{"translation_units", s.translation_units},
                 {"parsed_with_errors", s.parsed_with_errors},
                 {"findings", s.findings},
                 {"duration_ms", s.duration_ms}}}};
  return root.dump(2) + "\n";
}

std::string RenderSarif(const Review& review) {
  json results = json::array();
  std::map<std::string, int> rule_index;
  json rules = json::array();
  for (const ReviewedFinding& f : review.findings) {
    if (!rule_index.contains(f.finding.rule)) {
      rule_index[f.finding.rule] = static_cast<int>(rules.size());
      rules.push_back({{"id", f.finding.rule}});
    }
    json result = {
        {"ruleId", f.finding.rule},
        {"ruleIndex", rule_index[f.finding.rule]},
        {"level", SarifLevel(f.finding.severity)},
        {"message", {{"text", f.finding.message}}},
        {"partialFingerprints", {{"novaFingerprint/v1", f.fingerprint}}},
        {"locations",
         json::array({{{"physicalLocation",
                        {{"artifactLocation", {{"uri", f.relative_file}, {"uriBaseId", "SRCROOT"}}},
                         {"region",
                          {{"startLine", f.finding.line},
                           {"startColumn", f.finding.column},
                           {"endLine", f.finding.end_line},
                           {"endColumn", f.finding.end_column}}}}}}})}};
    results.push_back(result);
  }
  json notifications = json::array();
  for (const Problem& p : review.problems) {
    notifications.push_back(
        {{"level", "warning"},
         {"message", {{"text", p.file + ": " + p.message}}}});
  }
  json log = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       json::array({{{"tool", {{"driver", {{"name", "nova"}, {"rules", rules}}}}},
                     {"originalUriBaseIds",
                      {{"SRCROOT", {{"uri", "file://" + review.root.generic_string() + "/"}}}}},
                     {"invocations",
                      json::array({{{"executionSuccessful", true},
                                    {"toolExecutionNotifications", notifications}}})},
                     {"results", results}}})}};
  return log.dump(2) + "\n";
}

}  // namespace nova::reviewer
