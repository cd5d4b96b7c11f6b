#include "reviewer/night_report_markdown.h"

#include <gtest/gtest.h>

#include <sstream>

#include "night_report_fixture.h"
#include "reviewer/night_report_numbers.h"

namespace nova::reviewer {
namespace {

using core::history::PatchRecord;
using testing::SampleNightReport;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Every table row of `markdown` (a line starting with '|') has the same number of unescaped
// '|' as its header row: no cell broke the table.
void ExpectTablesHold(const std::string& markdown) {
  std::istringstream lines(markdown);
  std::string line;
  int header_pipes = -1;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] != '|') {
      header_pipes = -1;
      continue;
    }
    int pipes = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++pipes;
    }
    if (header_pipes < 0) header_pipes = pipes;
    EXPECT_EQ(pipes, header_pipes) << line;
  }
}

TEST(NightNumbers, DeltasPerRuleAndSeverityAgainstThePreviousNight) {
  const NightNumbers numbers = ComputeNightNumbers(SampleNightReport());
  EXPECT_EQ(numbers.findings.now, 18);
  EXPECT_EQ(numbers.findings.before, 23);
  EXPECT_EQ(DeltaText(numbers.findings), "▼5");
  ASSERT_EQ(numbers.by_rule.size(), 4u);  // use-using is gone tonight, naming-consistency new
  EXPECT_EQ(numbers.by_rule[0].rule, "function-size");
  EXPECT_EQ(DeltaText(numbers.by_rule[0].count), "▲1");
  EXPECT_EQ(numbers.by_rule[1].rule, "naming-consistency");
  EXPECT_EQ(numbers.by_rule[1].count.before, 0);
  EXPECT_EQ(DeltaText(numbers.by_rule[1].count), "▲2");
  EXPECT_EQ(numbers.by_rule[2].rule, "use-nullptr");
  EXPECT_EQ(DeltaText(numbers.by_rule[2].count), "▼3");
  EXPECT_EQ(numbers.by_rule[3].rule, "use-using");
  EXPECT_EQ(numbers.by_rule[3].count.now, 0);
  EXPECT_EQ(DeltaText(numbers.by_rule[3].count), "▼5");
}

TEST(NightNumbers, PatchesPerStateInAFixedOrder) {
  const NightNumbers numbers = ComputeNightNumbers(SampleNightReport());
  std::vector<std::string> states;
  for (const PatchStateCount& p : numbers.patches) states.push_back(p.state);
  EXPECT_EQ(states, (std::vector<std::string>{"proposed", "verified", "merged", "rejected",
                                              "dropped", "skipped"}));
  EXPECT_EQ(numbers.patches[0].count.now, 6);
  EXPECT_EQ(numbers.patches[0].count.before, 2);
  EXPECT_EQ(numbers.patches[2].count.now, 2);
  EXPECT_EQ(DeltaText(numbers.patches[2].count), "▲1");
  EXPECT_EQ(DeltaText(numbers.patches[3].count), "±0");  // one rejected each night
}

TEST(NightNumbers, WithoutAPreviousRunThereAreNoDeltas) {
  NightReport report = SampleNightReport();
  report.previous = std::nullopt;
  const NightNumbers numbers = ComputeNightNumbers(report);
  EXPECT_FALSE(numbers.findings.before.has_value());
  EXPECT_EQ(DeltaText(numbers.findings), "");
  ASSERT_EQ(numbers.by_rule.size(), 3u);
  for (const RuleSeverityCount& r : numbers.by_rule) EXPECT_FALSE(r.count.before.has_value());
  EXPECT_FALSE(numbers.previous_duration_s.has_value());
}

TEST(NightNumbers, HottestFilesAreTheTopTenByScoreWithoutColdOnes) {
  NightReport report = SampleNightReport();
  const auto hot = HottestFiles(report.run, 10);
  ASSERT_EQ(hot.size(), 10u);
  for (size_t i = 1; i < hot.size(); ++i) EXPECT_GE(hot[i - 1].score, hot[i].score);
  for (auto& h : report.run.hotspots) h.score = 0;
  EXPECT_TRUE(HottestFiles(report.run, 10).empty());
}

TEST(NightNumbers, LogLinksAreRelativeOrUnderTheLinkBaseAndPercentEncoded) {
  NightReport report = SampleNightReport();
  PatchRecord patch = report.run.patches[3];
  EXPECT_EQ(LogHref(report, patch), "logs/p4%20build.log");
  report.link_base = "https://example.org/runs/7/";
  EXPECT_EQ(LogHref(report, patch), "https://example.org/runs/7/logs/p4%20build.log");
  patch.log = "javascript:alert(1)";
  report.link_base = "";
  EXPECT_EQ(LogHref(report, patch), "javascript%3Aalert%281%29");
  patch.log = "";
  EXPECT_EQ(LogHref(report, patch), "");
}

TEST(NightNumbers, DurationsReadAsAPersonWouldSayThem) {
  EXPECT_EQ(FormatDuration(42.25), "42.2s");
  EXPECT_EQ(FormatDuration(725), "12m 05s");
  EXPECT_EQ(FormatDuration(3723), "1h 02m");
}

TEST(NightMarkdown, HeadlineNumbersWithDeltasAgainstThePreviousNight) {
  const std::string md = RenderNightMarkdown(SampleNightReport());
  EXPECT_TRUE(Contains(md, "## Nova nightly review of nova-project/nova\n")) << md;
  EXPECT_TRUE(Contains(md, "| **findings** | **18** | 23 | ▼5 |")) << md;
  EXPECT_TRUE(Contains(md, "| patches proposed | 6 | 2 | ▲4 |")) << md;
  EXPECT_TRUE(Contains(md, "| patches merged | 2 | 1 | ▲1 |")) << md;
  EXPECT_TRUE(Contains(md, "| patches dropped | 1 | 0 | ▲1 |")) << md;
  EXPECT_TRUE(Contains(md, "| `function-size` | error | 4 | 3 | ▲1 |")) << md;
  EXPECT_TRUE(Contains(md, "| `use-using` | warning | 0 | 5 | ▼5 |")) << md;
  EXPECT_TRUE(Contains(md, "commit `0123456789ab` on `main` · started `2026-11-23T02:00:00Z`"))
      << md;
  EXPECT_TRUE(Contains(md, "took 12m 05s (previous night 11m 02s)")) << md;
  ExpectTablesHold(md);
}

TEST(NightMarkdown, ProblemsComeFirstAndLoud) {
  const std::string md = RenderNightMarkdown(SampleNightReport());
  const size_t alert = md.find("> [!CAUTION]\n> **1 problem tonight; the run is partial:**\n");
  ASSERT_NE(alert, std::string::npos) << md;
  EXPECT_LT(alert, md.find("| **findings**"));
  EXPECT_TRUE(Contains(md,
                       "> - analyzer\\: 1 translation unit not parsed\\: "
                       "nova-core/model/replay.cpp\n"))
      << md;
}

TEST(NightMarkdown, NoAlertWhenTheRunIsCleanButOneWhenItFailedWithoutProblems) {
  NightReport report = SampleNightReport();
  report.run.problems = {};
  report.run.status = "ok";
  EXPECT_FALSE(Contains(RenderNightMarkdown(report), "[!CAUTION]"));
  report.run.status = "failed";
  EXPECT_TRUE(Contains(RenderNightMarkdown(report), "> [!CAUTION]\n> **The run is failed.**"));
}

TEST(NightMarkdown, EveryRejectedAndDroppedPatchWithItsReasonAndLog) {
  const std::string md = RenderNightMarkdown(SampleNightReport());
  EXPECT_TRUE(Contains(md, "### Patches that did not land (2)")) << md;
  EXPECT_TRUE(Contains(md,
                       "| `nova/function-size/p4` | `function-size` | rejected | tests "
                       "failed\\: 2 of 310 \\(sandbox\\_test.KillsChildren \\| timeout\\) | "
                       "[log](logs/p4%20build.log) |"))
      << md;
  EXPECT_TRUE(Contains(md,
                       "| `nova/naming-consistency/p5` | `naming-consistency` | dropped | "
                       "reparse proof failed\\: &lt;unknown type name 'Foo'&gt; | – |"))
      << md;
  EXPECT_FALSE(Contains(md, "budget of 5"));  // skipped patches are counted, not listed
  ExpectTablesHold(md);
}

TEST(NightMarkdown, HottestTenFilesRankedByScore) {
  const NightReport report = SampleNightReport();
  const std::string md = RenderNightMarkdown(report);
  const auto hot = HottestFiles(report.run, 10);
  const size_t table = md.find("### Hottest files");
  ASSERT_NE(table, std::string::npos);
  EXPECT_TRUE(Contains(md, "| 1 | `" + hot[0].path + "` | " + std::to_string(hot[0].lines)));
  EXPECT_TRUE(Contains(md, "| 10 | `" + hot[9].path + "`"));
  EXPECT_FALSE(Contains(md, "| 11 | "));
}

TEST(NightMarkdown, UntrustedTextCannotInjectHtmlLinksOrBreakTables) {
  NightReport report = SampleNightReport();
  report.run.patches[3].reason = "a|b <img src=x onerror=alert(1)> [x](http://evil) @team\nnext";
  report.run.hotspots[0].path = "src/a<script>|b.cpp";
  report.run.hotspots[0].score = 1e6;
  report.repository = "<b>x</b>";
  const std::string md = RenderNightMarkdown(report);
  EXPECT_FALSE(Contains(md, "<img")) << md;
  EXPECT_FALSE(Contains(md, "<script>")) << md;
  EXPECT_FALSE(Contains(md, "<b>")) << md;
  EXPECT_FALSE(Contains(md, "](http://evil)")) << md;
  EXPECT_TRUE(Contains(md,
                       "a\\|b &lt;img src=x onerror=alert\\(1\\)&gt; \\[x\\]\\(http\\://evil\\) "
                       "\\@team next"))
      << md;
  EXPECT_TRUE(Contains(md, "| 1 | src/a&lt;script&gt;\\|b.cpp | ")) << md;
  ExpectTablesHold(md);
}

TEST(NightMarkdown, NoPreviousRunAndEmptyHistory) {
  NightReport report;
  report.repository = "nova";
  report.run.status = "ok";
  report.run.commit = "abc";
  report.run.target = "main";
  const std::string md = RenderNightMarkdown(report);
  EXPECT_TRUE(Contains(md, "no previous night to compare with")) << md;
  EXPECT_TRUE(Contains(md, "| **findings** | **0** | – |  |")) << md;
  EXPECT_TRUE(Contains(md, "No findings tonight or the previous night.")) << md;
  EXPECT_FALSE(Contains(md, "### Patches that did not land")) << md;
  EXPECT_FALSE(Contains(md, "### Hottest files")) << md;
  ExpectTablesHold(md);
}

TEST(NightMarkdown, Deterministic) {
  EXPECT_EQ(RenderNightMarkdown(SampleNightReport()), RenderNightMarkdown(SampleNightReport()));
}

}  // namespace
}  // namespace nova::reviewer
