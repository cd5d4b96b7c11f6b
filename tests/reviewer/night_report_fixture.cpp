#include "night_report_fixture.h"

#include <algorithm>
#include <string>

namespace nova::testing {
namespace {

using core::history::FileHotspot;
using core::history::PatchRecord;
using core::history::RunRecord;

constexpr const char* kDirs[] = {"nova-core", "analyzers", "reviewer", "refactorer", "sandbox"};
constexpr const char* kNames[] = {"agent", "plan", "driver", "store", "render", "cache"};

std::vector<FileHotspot> Hotspots() {
  std::vector<FileHotspot> files;
  for (int i = 0; i < 30; ++i) {
    FileHotspot h;
    h.path = std::string(kDirs[i % 5]) + "/" + kNames[i / 5] + "_" + std::to_string(i) + ".cpp";
    h.lines = 40 + (i * 37) % 400;
    h.churn = (i * 7) % 11;
    h.score = h.churn * ((i * 13) % 17) * 1.5;
    files.push_back(h);
  }
  return files;
}

// A patch set of `rule` touching `file`, on its nova/<rule>/<id> branch.
PatchRecord Patch(const std::string& id, const std::string& rule, const std::string& file,
                  const std::string& state, const std::string& reason, const std::string& log) {
  return {id, rule, "nova/" + rule + "/" + id, 1, {file}, state, reason, log, 10.0};
}

std::vector<PatchRecord> TonightsPatches() {
  return {
      Patch("p1", "use-nullptr", "nova-core/agent_0.cpp", "merged", "", "logs/p1.log"),
      Patch("p2", "use-nullptr", "analyzers/agent_1.cpp", "merged", "", "logs/p2.log"),
      Patch("p3", "use-using", "reviewer/agent_2.cpp", "verified",
            "held: merge policy is propose-only", "logs/p3.log"),
      Patch("p4", "function-size", "sandbox/plan_9.cpp", "rejected",
            "tests failed: 2 of 310 (sandbox_test.KillsChildren | timeout)", "logs/p4 build.log"),
      Patch("p5", "naming-consistency", "refactorer/plan_8.cpp", "dropped",
            "reparse proof failed: <unknown type name 'Foo'>", ""),
      Patch("p6", "use-nullptr", "nova-core/store_15.cpp", "skipped",
            "budget of 5 verifications spent", ""),
  };
}

RunRecord PreviousNight() {
  RunRecord previous;
  previous.id = 6;
  previous.started_at = "2026-11-22T02:00:00Z";
  previous.commit = "fedcba9876543210fedcba9876543210fedcba98";
  previous.target = "main";
  previous.duration_s = 662.0;
  previous.status = "ok";
  previous.findings = {
      {"use-nullptr", "warning", 15}, {"function-size", "error", 3}, {"use-using", "warning", 5}};
  previous.patches = {Patch("q1", "use-using", "a.cpp", "merged", "", ""),
                      Patch("q2", "use-nullptr", "b.cpp", "rejected", "build failed", "")};
  return previous;
}

}  // namespace

reviewer::NightReport SampleNightReport() {
  reviewer::NightReport report;
  report.repository = "nova-project/nova";
  RunRecord& run = report.run;
  run.id = 7;
  run.started_at = "2026-11-23T02:00:00Z";
  run.commit = "0123456789abcdef0123456789abcdef01234567";
  run.target = "main";
  run.duration_s = 725.0;
  run.status = "partial";
  run.findings = {{"use-nullptr", "warning", 12},
                  {"function-size", "error", 4},
                  {"naming-consistency", "note", 2}};
  run.hotspots = Hotspots();
  run.patches = TonightsPatches();
  run.problems = {"analyzer: 1 translation unit not parsed: nova-core/model/replay.cpp"};
  report.previous = PreviousNight();
  report.trend = SampleTrend(report, 6);
  return report;
}

std::vector<RunRecord> SampleTrend(const reviewer::NightReport& report, int nights) {
  std::vector<RunRecord> trend;
  for (int night = 0; night < nights - 1; ++night) {
    RunRecord r;
    r.id = report.run.id - (nights - 1) + night;
    r.started_at = "2026-11-" + std::to_string(23 - (nights - 1) + night) + "T02:00:00Z";
    r.status = "ok";
    r.findings = {{"use-nullptr", "warning", std::max(16, 30 - 3 * night)},
                  {"function-size", "error", 2 + night % 2},
                  {"use-using", "warning", std::max(5, 9 - night)}};
    if (night == nights - 2 && report.previous) r = *report.previous;
    trend.push_back(r);
  }
  trend.push_back(report.run);
  return trend;
}

}  // namespace nova::testing
