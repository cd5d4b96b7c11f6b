#include "apps/nightly_report.h"

#include <map>
#include <sstream>

#include "nova-core/history/run_record_json.h"

namespace nova::app {
namespace {

using core::history::PatchRecord;
using core::history::RunRecord;

std::string PatchId(const std::string& branch) { return branch.substr(branch.rfind('/') + 1); }

const sandbox::GateDecision* DecisionFor(const sandbox::GateReport* gate,
                                         const std::string& branch) {
  if (gate == nullptr) return nullptr;
  for (const sandbox::GateDecision& d : gate->decisions) {
    if (d.candidate.branch == branch) return &d;
  }
  return nullptr;
}

// The state and reason of a patch handed to the verifier, from the gate's decision.
void Judge(const NightFacts& facts, PatchRecord& record) {
  const sandbox::GateDecision* decision = DecisionFor(facts.gate, record.branch);
  if (decision == nullptr) {
    record.state = "skipped";
    record.reason = facts.gate != nullptr && facts.gate->base_red
                        ? "the base is red: " + facts.gate->baseline.description
                        : "the run stopped before it was judged" +
                              (facts.failure.empty() ? std::string() : ": " + facts.failure);
    return;
  }
  if (decision->verdict && !decision->verdict->log.empty()) {
    record.log = decision->verdict->log.lexically_relative(facts.report_dir).generic_string();
  }
  if (decision->merged) {
    record.state = "merged";
  } else if (decision->verdict && decision->verdict->passed) {
    record.state = "verified";
    record.reason = decision->reason;
  } else if (decision->verdict && decision->verdict->cancelled) {
    record.state = "skipped";
    // Why it was cancelled ("not started: the budget of ... was spent before its turn").
    record.reason = decision->verdict->description;
  } else {
    record.state = "rejected";
    record.reason = decision->reason;
  }
}

}  // namespace

int TotalFindings(const RunRecord& run) {
  int total = 0;
  for (const auto& c : run.findings) total += c.count;
  return total;
}

RunRecord BuildRunRecord(const NightFacts& facts) {
  RunRecord run;
  run.started_at = facts.started_at;
  run.commit = facts.commit;
  run.target = facts.target;
  run.duration_s = facts.duration_s;
  run.problems = facts.problems;
  if (facts.review != nullptr) {
    std::map<std::pair<std::string, std::string>, int> counts;
    for (const reviewer::ReviewedFinding& f : facts.review->findings) {
      if (f.finding.rule == "hotspot") continue;  // the ranking, not a problem in the code
      ++counts[{f.finding.rule, std::string(core::SeverityName(f.finding.severity))}];
    }
    for (const auto& [key, count] : counts) run.findings.push_back({key.first, key.second, count});
    for (const reviewer::Problem& p : facts.review->problems) {
      run.problems.push_back(p.file + ": " + p.message);
    }
  }
  bool cut_short = !facts.run_ok;
  if (facts.plan != nullptr) {
    run.hotspots = facts.plan->hotspots;
    for (const PlannedPatch& p : facts.plan->patches) {
      PatchRecord record;
      record.id = PatchId(p.branch.branch);
      record.rule = p.branch.rule;
      record.branch = p.branch.branch;
      record.findings = p.branch.findings;
      record.files = p.branch.files;
      record.hotspot_score = p.hotspot_score;
      record.state = p.state;
      record.reason = p.reason;
      if (p.state == "selected") Judge(facts, record);
      cut_short = cut_short || record.reason.find("budget") != std::string::npos;
      run.patches.push_back(std::move(record));
    }
  }
  if (facts.proposed != nullptr) {
    for (const refactorer::DroppedPatch& d : facts.proposed->dropped) {
      PatchRecord record;
      record.id = PatchId(d.branch);
      record.rule = d.rule;
      record.branch = d.branch;
      record.findings = d.findings;
      record.files = d.files;
      record.state = "dropped";
      record.reason = "the reparse of " + d.unit + " adds: " + d.diagnostic;
      run.patches.push_back(std::move(record));
    }
  }
  if (!facts.run_ok) run.problems.push_back("the run failed: " + facts.failure);
  run.status = facts.review == nullptr && !facts.run_ok ? "failed" : cut_short ? "partial" : "ok";
  return run;
}

nlohmann::json NightReportJson(const reviewer::NightReport& report, const PublishResult* publish) {
  nlohmann::json trend = nlohmann::json::array();
  for (const RunRecord& run : report.trend) trend.push_back(core::history::RunRecordToJson(run));
  nlohmann::json pruned = nlohmann::json::array();
  nlohmann::json pushed = nullptr;
  if (publish != nullptr) {
    for (const auto& b : publish->pruned) {
      pruned.push_back({{"branch", b.branch}, {"commit", b.commit}, {"reason", b.reason}});
    }
    if (!publish->remote.empty()) {
      pushed = {
          {"remote", publish->remote}, {"refs", publish->pushed}, {"deleted", publish->deleted}};
    }
  }
  return {{"repository", report.repository},
          {"pruned", pruned},
          {"pushed", pushed},
          {"run", core::history::RunRecordToJson(report.run)},
          {"previous", report.previous ? core::history::RunRecordToJson(*report.previous)
                                       : nlohmann::json(nullptr)},
          {"trend", trend},
          {"link_base", report.link_base}};
}

std::string RenderNightText(const reviewer::NightReport& report, const PublishResult* publish) {
  std::ostringstream out;
  const RunRecord& run = report.run;
  const int total = TotalFindings(run);
  out << "nova nightly: run " << run.id << " reviewed " << run.commit.substr(0, 12) << " into "
      << run.target << " (" << run.status << "): " << total << " finding(s)";
  if (report.previous) {
    const int delta = total - TotalFindings(*report.previous);
    out << ", " << (delta > 0 ? "+" : "") << delta << " since run " << report.previous->id;
  }
  out << "\n";
  std::map<std::string, int> states;
  for (const PatchRecord& p : run.patches) ++states[p.state];
  out << "patches: " << run.patches.size();
  for (const auto& [state, count] : states) out << ", " << count << " " << state;
  out << "\n";
  for (const PatchRecord& p : run.patches) {
    out << "  " << p.state << "  " << p.branch << "  (" << p.findings << " finding(s), hotspot "
        << p.hotspot_score << ")" << (p.reason.empty() ? "" : ": " + p.reason) << "\n";
  }
  if (publish != nullptr) {
    for (const auto& b : publish->pruned)
      out << "  pruned  " << b.branch << ": " << b.reason << "\n";
    if (!publish->remote.empty()) {
      out << "pushed to " << publish->remote << ":";
      for (const auto& ref : publish->pushed) out << " " << ref;
      out << "\n";
      for (const auto& ref : publish->deleted)
        out << "  deleted on " << publish->remote << ": " << ref << "\n";
    }
  }
  for (const std::string& problem : run.problems) out << "problem: " << problem << "\n";
  return out.str();
}

}  // namespace nova::app
