#include "apps/fix_report.h"

#include <nlohmann/json.hpp>

namespace nova::app {
namespace {

using nlohmann::json;

json VerdictJson(const sandbox::Verdict& v) {
  return {{"commit", v.commit},
          {"tree", v.tree},
          {"passed", v.passed},
          {"stage", sandbox::StageName(v.stage)},
          {"exit_code", v.exit_code},
          {"signal", v.signal},
          {"timed_out", v.timed_out},
          {"cancelled", v.cancelled},
          {"flaky", v.flaky},
          {"reused_from", v.reused ? json(v.reused_from) : json()},
          {"duration_ms", v.duration.count()},
          {"description", v.description},
          {"limits", v.limits},
          {"log_omitted_bytes", v.log_omitted_bytes},
          {"log", v.log.string()}};
}

const sandbox::GateDecision* DecisionFor(const FixReportInput& input, const std::string& branch) {
  if (input.gate == nullptr) return nullptr;
  for (const auto& d : input.gate->decisions) {
    if (d.candidate.branch == branch) return &d;
  }
  return nullptr;
}

std::string Seconds(std::chrono::milliseconds ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.1f s", static_cast<double>(ms.count()) / 1000.0);
  return buffer;
}

}  // namespace

json FixReportJson(const FixReportInput& input) {
  json patches = json::array();
  json deferred = json::array();
  json dropped = json::array();
  if (input.patches != nullptr) {
    for (const auto& b : input.patches->branches) {
      const sandbox::GateDecision* d = DecisionFor(input, b.branch);
      patches.push_back({{"rule", b.rule},
                         {"branch", b.branch},
                         {"commit", b.commit},
                         {"files", b.files},
                         {"findings", b.findings},
                         {"hold", b.hold.empty() ? json() : json(b.hold)},
                         {"diff", input.patches->dry_run ? json(b.diff) : json()},
                         {"verdict", d != nullptr && d->verdict ? VerdictJson(*d->verdict) : json()},
                         {"merged", d != nullptr && d->merged},
                         {"reason", d != nullptr ? d->reason : "not judged: " + input.failure}});
    }
    for (const auto& d : input.patches->deferred) {
      deferred.push_back({{"rule", d.finding.rule},
                          {"file", d.finding.file},
                          {"line", d.finding.line},
                          {"reason", d.reason},
                          {"in_later_set", d.in_later_set}});
    }
    for (const auto& d : input.patches->dropped) {
      dropped.push_back({{"rule", d.rule},
                         {"branch", d.branch},
                         {"files", d.files},
                         {"findings", d.findings},
                         {"diagnostic", d.diagnostic},
                         {"unit", d.unit}});
    }
  }
  json problems = json::array();
  if (input.review != nullptr) {
    for (const auto& p : input.review->problems) {
      problems.push_back({{"file", p.file}, {"message", p.message}});
    }
  }
  return {{"version", 1},
          {"base", input.base},
          {"target", input.target},
          {"sandbox", input.sandbox},
          {"baseline", input.gate != nullptr ? VerdictJson(input.gate->baseline) : json()},
          {"patches", patches},
          {"deferred", deferred},
          {"dropped", dropped},
          {"dry_run", input.patches != nullptr && input.patches->dry_run},
          {"notes", input.patches != nullptr ? json(input.patches->notes) : json::array()},
          {"problems", problems},
          {"stale_removed", input.stale_removed},
          {"partial", !input.failure.empty()},
          {"error", input.failure.empty() ? json() : json(input.failure)}};
}

std::string RenderFixJson(const FixReportInput& input) {
  return FixReportJson(input).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

namespace {

// "nova/use-nullptr/ab12 (3 use-nullptr findings, 1 file): MERGED: <reason> [verified tree ...]"
std::string BranchLine(const FixReportInput& input, const refactorer::PatchBranch& b) {
  std::string out = b.branch + " (" + std::to_string(b.findings) + " " + b.rule + " finding" +
                    (b.findings == 1 ? "" : "s") + ", " + std::to_string(b.files.size()) +
                    " file" + (b.files.size() == 1 ? "" : "s") + "): ";
  const sandbox::GateDecision* d = DecisionFor(input, b.branch);
  if (d == nullptr) return out + "not judged\n";
  out += std::string(d->merged ? "MERGED: " : "NOT MERGED: ") + d->reason;
  if (d->verdict.has_value()) {
    out += " [verified tree " + d->verdict->tree.substr(0, 12) + ": " + d->verdict->description +
           "; log: " + d->verdict->log.string() + "]";
  }
  return out + "\n";
}

// A dry run's branch: what would be written, why it would wait for a person, and its diff.
std::string DryRunLines(const refactorer::PatchBranch& b) {
  std::string out = "would write " + b.branch + " (" + std::to_string(b.findings) + " " + b.rule +
                    " finding" + (b.findings == 1 ? "" : "s") + ", " +
                    std::to_string(b.files.size()) + " file" + (b.files.size() == 1 ? "" : "s") +
                    ")\n";
  if (!b.hold.empty()) out += "  never merged automatically: " + b.hold + "\n";
  return out + b.diff;
}

std::string PatchLines(const FixReportInput& input) {
  std::string out;
  const bool dry = input.patches->dry_run;
  if (dry) out += "dry run: no branch written, nothing built or merged\n";
  if (input.patches->branches.empty() && input.patches->dropped.empty()) {
    out += "no fixable findings: no patch branch written\n";
  }
  for (const auto& b : input.patches->branches) out += dry ? DryRunLines(b) : BranchLine(input, b);
  for (const auto& d : input.patches->dropped) {
    out += "dropped before the sandbox: " + d.branch + " (" + std::to_string(d.findings) + " " +
           d.rule + " finding" + (d.findings == 1 ? "" : "s") + "): the reparse of " + d.unit +
           " adds: " + d.diagnostic + "\n";
  }
  for (const auto& d : input.patches->deferred) {
    out += "deferred: " + d.finding.file + ":" + std::to_string(d.finding.line) + " [" +
           d.finding.rule + "]: " + d.reason + "\n";
  }
  for (const std::string& note : input.patches->notes) out += "note: " + note + "\n";
  return out;
}

std::string BaseLines(const FixReportInput& input) {
  const sandbox::Verdict& base = input.gate->baseline;
  std::string out = "base " + input.base.substr(0, 12) + ": " + base.description + " (" +
                    Seconds(base.duration) + "), log: " + base.log.string() + "\n";
  if (!base.limits.empty()) out += "sandbox limits: " + base.limits + "\n";
  return out;
}

}  // namespace

std::string RenderFixText(const FixReportInput& input) {
  std::string out;
  if (input.sandbox == "none") {
    out += "WARNING: --sandbox=none: build and tests ran WITHOUT isolation\n";
  }
  for (const std::string& path : input.stale_removed) {
    out += "removed " + path + ", left by an earlier run that was killed\n";
  }
  if (input.gate != nullptr) out += BaseLines(input);
  if (input.patches != nullptr) out += PatchLines(input);
  if (input.review != nullptr) {
    for (const auto& p : input.review->problems) {
      out += p.file + ": note: not fully analyzed: " + p.message + "\n";
    }
  }
  if (input.gate != nullptr) {
    out += "target " + input.target + ": " + input.gate->target_before.substr(0, 12) + " -> " +
           input.gate->target_after.substr(0, 12) + "\n";
  }
  if (!input.failure.empty()) out += "PARTIAL: the run stopped: " + input.failure + "\n";
  return out;
}

}  // namespace nova::app
