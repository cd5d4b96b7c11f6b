#include "apps/agents/slots.h"

#include "reviewer/render.h"

namespace nova::core {
namespace {

std::string FindingLine(const Finding& f) {
  std::string line = f.rule + "|" + f.file + ":" + std::to_string(f.line) + ":" +
                     std::to_string(f.column) + "-" + std::to_string(f.end_line) + ":" +
                     std::to_string(f.end_column) + "|" + f.message;
  for (const Edit& e : f.fix) {
    line += "|" + e.file + "@" + std::to_string(e.offset) + "+" + std::to_string(e.length) + "=" +
            e.replacement;
  }
  return line + "\n";
}

}  // namespace

SlotSummary SlotTraits<analyzers::CompileDbLocation>::Summarize(
    const analyzers::CompileDbLocation& value) {
  return SummarizeBytes(value.path.string() + "\n" + value.origin);
}

SlotSummary SlotTraits<analyzers::AnalysisResult>::Summarize(
    const analyzers::AnalysisResult& value) {
  std::string bytes = std::to_string(value.translation_units) + " " + std::to_string(value.parsed) +
                      " " + std::to_string(value.cache_hits) + " " +
                      std::to_string(value.parsed_with_errors) + "\n";
  for (const Finding& f : value.findings) bytes += FindingLine(f);
  for (const auto& p : value.problems) bytes += "problem|" + p.file + "|" + p.message + "\n";
  for (const auto& n : value.notes) bytes += "note|" + n + "\n";
  return SummarizeBytes(bytes);
}

SlotSummary SlotTraits<reviewer::Review>::Summarize(const reviewer::Review& value) {
  return SummarizeBytes(reviewer::ReviewJson(value).dump());
}

SlotSummary SlotTraits<app::PatchBranches>::Summarize(const app::PatchBranches& value) {
  std::string bytes;
  for (const auto& b : value.branches) {
    bytes += b.rule + " " + b.branch + " " + b.commit + " " + std::to_string(b.findings) + " " +
             b.hold + "\n" + b.diff;
  }
  for (const auto& d : value.deferred) bytes += "deferred|" + FindingLine(d.finding) + d.reason + "\n";
  for (const auto& d : value.dropped) bytes += "dropped|" + d.branch + "|" + d.diagnostic + "\n";
  return SummarizeBytes(bytes);
}

SlotSummary SlotTraits<sandbox::VerificationReport>::Summarize(
    const sandbox::VerificationReport& value) {
  std::string bytes = value.base + " " + value.target + " " + value.target_tip + " base " +
                      value.baseline.tree + (value.baseline.passed ? " green" : " red") + "\n";
  for (const auto& c : value.candidates) {
    bytes += c.candidate.branch + " " + c.landing + " " +
             (c.verdict ? c.verdict->tree + (c.verdict->passed ? " green" : " red") : "-") + " " +
             c.conflict + "\n";
  }
  return SummarizeBytes(bytes);
}

SlotSummary SlotTraits<app::ModelOutput>::Summarize(const app::ModelOutput& value) {
  std::string bytes;
  for (const Finding& f : value.findings) bytes += FindingLine(f);
  for (const auto& n : value.notes) bytes += "note|" + n + "\n";
  return SummarizeBytes(bytes);
}

SlotSummary SlotTraits<sandbox::GateReport>::Summarize(const sandbox::GateReport& value) {
  std::string bytes = value.base + " " + value.target + " " + value.target_before + " -> " +
                      value.target_after + (value.base_red ? " red\n" : "\n");
  for (const auto& d : value.decisions) {
    bytes += d.candidate.branch + " " + d.candidate.commit + " " + (d.merged ? "merged " : "kept ") +
             d.landed + " " + d.reason + "\n";
  }
  return SummarizeBytes(bytes);
}

}  // namespace nova::core
