#include "night_report_fixture.h"

#include <algorithm>
#include <string>

namespace nova::testing {
namespace {

using core::history::FileHotspot;
using core::history::PatchRecord;
using core::history::RuleCount;
using core::history::RunRecord;

std::vector<FileHotspot> Hotspots() {
  const char* const kDirs[] = {"nova-core", "analyzers", "reviewer", "refactorer", "sandbox"};
  const char* const kNames[] = {"agent", "plan", "driver", "store", "render", "cache"};
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
  run.patches = {
      {"p1",
       "use-nullptr",
       "nova/use-nullptr/p1",
       3,
       {"nova-core/agent_0.cpp"},
       "merged",
       "",
       "logs/p1.log",
       40.5},
      {"p2",
       "use-nullptr",
       "nova/use-nullptr/p2",
       2,
       {"analyzers/agent_1.cpp"},
       "merged",
       "",
       "logs/p2.log",
       31.0},
      {"p3",
       "use-using",
       "nova/use-using/p3",
       1,
       {"reviewer/agent_2.cpp"},
       "verified",
       "held: merge policy is propose-only",
       "logs/p3.log",
       20.0},
      {"p4",
       "function-size",
       "nova/function-size/p4",
       1,
       {"sandbox/plan_9.cpp"},
       "rejected",
       "tests failed: 2 of 310 (sandbox_test.KillsChildren | timeout)",
       "logs/p4 build.log",
       18.0},
      {"p5",
       "naming-consistency",
       "nova/naming-consistency/p5",
       1,
       {"refactorer/plan_8.cpp"},
       "dropped",
       "reparse proof failed: <unknown type name 'Foo'>",
       "",
       9.0},
      {"p6",
       "use-nullptr",
       "nova/use-nullptr/p6",
       1,
       {"nova-core/store_15.cpp"},
       "skipped",
       "budget of 5 verifications spent",
       "",
       2.0},
  };
  run.problems = {"analyzer: 1 translation unit not parsed: nova-core/model/replay.cpp"};

  RunRecord previous;
  previous.id = 6;
  previous.started_at = "2026-11-22T02:00:00Z";
  previous.commit = "fedcba9876543210fedcba9876543210fedcba98";
  previous.target = "main";
  previous.duration_s = 662.0;
  previous.status = "ok";
  previous.findings = {
      {"use-nullptr", "warning", 15}, {"function-size", "error", 3}, {"use-using", "warning", 5}};
  previous.patches = {
      {"q1", "use-using", "nova/use-using/q1", 5, {"a.cpp"}, "merged", "", "", 10.0},
      {"q2",
       "use-nullptr",
       "nova/use-nullptr/q2",
       1,
       {"b.cpp"},
       "rejected",
       "build failed",
       "",
       5.0},
  };
  report.previous = previous;
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
