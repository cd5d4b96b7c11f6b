#include "reviewer/night_report_html.h"

#include <gtest/gtest.h>

#include <regex>

#include "night_report_fixture.h"
#include "reviewer/html_text.h"
#include "reviewer/night_report_numbers.h"
#include "reviewer/treemap_svg.h"
#include "reviewer/trend_chart_svg.h"

namespace nova::reviewer {
namespace {

using core::history::FileHotspot;
using core::history::RunRecord;
using testing::SampleNightReport;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// The element that starts at the first occurrence of `open` up to its matching `close`.
std::string Element(const std::string& html, const std::string& open, const std::string& close) {
  const size_t begin = html.find(open);
  if (begin == std::string::npos) return "";
  return html.substr(begin, html.find(close, begin) + close.size() - begin);
}

TEST(HtmlText, EscapesEveryCharacterThatMattersInContentAndAttributes) {
  EXPECT_EQ(EscapeHtml("a<script>&\"x\"'y'.cpp"),
            "a&lt;script&gt;&amp;&quot;x&quot;&#39;y&#39;.cpp");
  EXPECT_EQ(Fixed(12.5), "12.5");
  EXPECT_EQ(Fixed(3.0), "3");
  EXPECT_EQ(Fixed(-0.0001), "0");
  EXPECT_EQ(Fixed(2.345, 1), "2.3");
}

TEST(NightHtml, OneSelfContainedPageWithoutScriptsOrExternalResources) {
  const std::string html = RenderNightHtml(SampleNightReport());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_TRUE(Contains(html, "</html>\n"));
  EXPECT_TRUE(Contains(html, "Content-Security-Policy\" content=\"default-src 'none'"));
  EXPECT_FALSE(Contains(html, "<script"));
  EXPECT_FALSE(Contains(html, "<link"));
  EXPECT_FALSE(Contains(html, "@import"));
  EXPECT_FALSE(Contains(html, "src=\""));
  // The only URLs are the SVG namespace, which is a name, not a fetch.
  std::string without_namespace =
      std::regex_replace(html, std::regex("http://www.w3.org/2000/svg"), "");
  EXPECT_FALSE(Contains(without_namespace, "http:"));
  EXPECT_FALSE(Contains(without_namespace, "https:"));
}

TEST(NightHtml, HeadlineNumbersAgainstThePreviousNight) {
  const std::string html = RenderNightHtml(SampleNightReport());
  const std::string findings =
      Element(html, "<div class=\"card main\" data-metric=\"findings\"", "previous night 23</div>");
  EXPECT_TRUE(Contains(findings, ">18<span class=\"delta better\">▼5</span>")) << findings;
  EXPECT_TRUE(Contains(html,
                       "<div class=\"breakdown\"><span class=\"sev-error\">4 error</span> · "
                       "<span class=\"sev-warning\">12 warning</span> · <span "
                       "class=\"sev-note\">2 note</span></div>"));
  const std::string merged = Element(html, "data-metric=\"merged\"", "previous night 1</div>");
  EXPECT_TRUE(Contains(merged, ">2<span class=\"delta better\">▲1</span>")) << merged;
  const std::string dropped = Element(html, "data-metric=\"dropped\"", "previous night 0</div>");
  EXPECT_TRUE(Contains(dropped, ">1<span class=\"delta worse\">▲1</span>")) << dropped;
  EXPECT_TRUE(Contains(html,
                       "<code>use-using</code></td><td>warning</td><td class=\"num\">0</td>"
                       "<td class=\"num\">5</td><td class=\"num\"><span class=\"delta "
                       "better\">▼5</span>"));
  EXPECT_TRUE(Contains(html, "took 12m 05s <span class=\"muted\">(previous night 11m 02s)"));
  EXPECT_TRUE(Contains(html,
                       "<code title=\"0123456789abcdef0123456789abcdef01234567\">"
                       "0123456789ab</code> on <code>main</code>"));
}

TEST(NightHtml, ProblemsComeFirst) {
  const std::string html = RenderNightHtml(SampleNightReport());
  const size_t problems = html.find(
      "<section class=\"problems\" id=\"problems\"><h2>1 problem "
      "tonight; the run is partial</h2>");
  ASSERT_NE(problems, std::string::npos);
  EXPECT_LT(problems, html.find("id=\"headline\""));
  EXPECT_TRUE(Contains(html,
                       "<li>analyzer: 1 translation unit not parsed: "
                       "nova-core/model/replay.cpp</li>"));
}

TEST(NightHtml, EveryRejectedAndDroppedPatchWithItsReasonAndLogLink) {
  const std::string html = RenderNightHtml(SampleNightReport());
  EXPECT_EQ(Count(html, "<tr class=\"failed-patch\""), 2u);
  EXPECT_TRUE(Contains(html,
                       "<td class=\"reason\">tests failed: 2 of 310 "
                       "(sandbox_test.KillsChildren | timeout)</td><td><a "
                       "href=\"logs/p4%20build.log\">log</a></td>"));
  EXPECT_TRUE(Contains(html,
                       "<td class=\"reason\">reparse proof failed: &lt;unknown type name "
                       "&#39;Foo&#39;&gt;</td>"));
}

TEST(NightHtml, TrendChartHasOneSeriesPerRuleWithAPointPerNight) {
  const NightReport report = SampleNightReport();
  const std::string html = RenderNightHtml(report);
  const std::string chart = Element(html, "<svg id=\"trend-chart\"", "</svg>");
  ASSERT_FALSE(chart.empty());
  EXPECT_EQ(Count(chart, "class=\"trend-series\""), 4u);
  for (const char* rule : {"function-size", "naming-consistency", "use-nullptr", "use-using"}) {
    EXPECT_TRUE(Contains(chart, std::string("data-rule=\"") + rule + "\"")) << rule;
  }
  EXPECT_EQ(Count(chart, "<circle"), 4u * 6u);
  EXPECT_EQ(Count(chart, "<polyline"), 4u);
  EXPECT_TRUE(Contains(chart, "<title>use-nullptr: 12 on 2026-11-23</title>"));
  EXPECT_TRUE(Contains(chart, "<title>naming-consistency: 0 on 2026-11-18</title>"));
  EXPECT_TRUE(Contains(chart, ">2026-11-23</text>"));  // the latest date is always labelled
  EXPECT_TRUE(Contains(html, "<ul class=\"legend\" id=\"trend-legend\">"));
}

TEST(NightHtml, TrendChartWithOneRunAndWithNoFindings) {
  NightReport report = SampleNightReport();
  report.trend = {};  // only tonight
  std::string chart = TrendChartSvg(TrendRuns(report));
  EXPECT_EQ(Count(chart, "class=\"trend-series\""), 3u);
  EXPECT_EQ(Count(chart, "<polyline"), 0u);  // one point per series, no line
  EXPECT_EQ(Count(chart, "<circle"), 3u);

  RunRecord empty;
  empty.started_at = "2026-11-23T02:00:00Z";
  chart = TrendChartSvg({empty, empty});
  EXPECT_EQ(Count(chart, "class=\"trend-series\""), 0u);
  EXPECT_TRUE(Contains(chart, "No findings in these runs"));
  EXPECT_FALSE(Contains(chart, "nan\""));
  EXPECT_FALSE(Contains(chart, "inf\""));
  EXPECT_FALSE(Contains(chart, "nan,"));
}

TEST(NightHtml, TrendChartWithManyRulesVariesTheDashOnceColoursRepeat) {
  RunRecord run;
  run.started_at = "2026-11-23T02:00:00Z";
  for (int i = 0; i < 14; ++i)
    run.findings.push_back({"rule-" + std::to_string(10 + i), "note", i});
  const std::string chart = TrendChartSvg({run, run, run});
  EXPECT_EQ(Count(chart, "class=\"trend-series\""), 14u);
  // The 11th series repeats the first colour, dashed.
  EXPECT_TRUE(Contains(chart, "data-rule=\"rule-20\" stroke=\"#4e79a7\""));
  EXPECT_TRUE(Contains(Element(chart, "data-rule=\"rule-20\"", "</g>"), "stroke-dasharray"));
  EXPECT_FALSE(Contains(Element(chart, "data-rule=\"rule-10\"", "</g>"), "stroke-dasharray"));
}

TEST(NightHtml, TrendChartKeepsABadNegativeCountInsideThePlot) {
  RunRecord run;
  run.started_at = "2026-11-23T02:00:00Z";
  run.findings = {{"use-nullptr", "warning", -4}, {"use-using", "warning", 3}};
  const std::string chart = TrendChartSvg({run, run});
  const std::regex cy("cy=\"([0-9.-]+)\"");
  for (auto it = std::sregex_iterator(chart.begin(), chart.end(), cy); it != std::sregex_iterator();
       ++it) {
    const double y = std::stod((*it)[1]);
    EXPECT_GE(y, 0);
    EXPECT_LE(y, 300 - 44 + 0.01);  // not below the x axis
  }
}

TEST(NightHtml, TreemapHasACellPerFileWithLinesAndATooltip) {
  NightReport report = SampleNightReport();
  report.run.hotspots.push_back({"empty.h", 0, 0, 0.0});
  const std::string html = RenderNightHtml(report);
  const std::string map = Element(html, "<svg id=\"treemap\"", "</svg>");
  EXPECT_EQ(Count(map, "class=\"treemap-cell\""), 30u);  // not the 0-line file
  EXPECT_FALSE(Contains(map, "data-path=\"empty.h\""));
  EXPECT_EQ(Count(map, "class=\"treemap-directory\""), 5u);
  const FileHotspot hottest = HottestFiles(report.run, 1).at(0);
  EXPECT_TRUE(Contains(map, "data-path=\"" + hottest.path + "\"")) << hottest.path;
  EXPECT_TRUE(Contains(map, "<title>" + hottest.path + "\n" + std::to_string(hottest.lines) +
                                " lines · churn " + std::to_string(hottest.churn) + " · score " +
                                Fixed(hottest.score, 1) + "</title>"))
      << map;
  // The hottest file gets the hottest colour; a file scoring 0 the coolest.
  EXPECT_TRUE(Contains(Element(map, "data-path=\"" + hottest.path + "\"", "</g>"),
                       "fill=\"" + HeatColour(1.0) + "\""));
  EXPECT_TRUE(Contains(html, "<svg id=\"treemap-legend\""));
}

TEST(NightHtml, HeatColourRunsFromPaleToDarkRed) {
  EXPECT_EQ(HeatColour(0), "#e3eaf2");
  EXPECT_EQ(HeatColour(1), "#b91c1c");
  EXPECT_EQ(HeatColour(2), "#b91c1c");
  EXPECT_EQ(HeatColour(-1), "#e3eaf2");
  EXPECT_EQ(HeatColour(0.35), "#fde68a");
}

TEST(NightHtml, PathsReasonsAndRuleNamesFromTheDataAreEscaped) {
  NightReport report = SampleNightReport();
  report.run.hotspots[0].path = "a<script>.cpp";
  report.run.hotspots[0].score = 1000;
  report.run.findings.push_back({"r\"><img src=x onerror=alert(1)>", "warning", 3});
  report.run.patches[3].reason = "</td><script>alert(1)</script>";
  report.run.patches[3].log = "\" onclick=\"alert(1)";
  report.run.problems.push_back("<b>bold</b> & 'quoted'");
  report.repository = "<i>repo</i>";
  report.trend.back() = report.run;
  const std::string html = RenderNightHtml(report);
  EXPECT_FALSE(Contains(html, "<script")) << "a <script> element from the data";
  EXPECT_FALSE(Contains(html, "<img"));
  EXPECT_FALSE(Contains(html, "<b>"));
  EXPECT_FALSE(Contains(html, "<i>"));
  EXPECT_FALSE(Contains(html, "onclick=\""));
  EXPECT_TRUE(Contains(html, "data-path=\"a&lt;script&gt;.cpp\""));
  EXPECT_TRUE(Contains(html, "<title>a&lt;script&gt;.cpp\n"));
  EXPECT_TRUE(Contains(html, "<code>a&lt;script&gt;.cpp</code>"));  // in the hottest files
  EXPECT_TRUE(Contains(html, "data-rule=\"r&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""));
  EXPECT_TRUE(Contains(html, "&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_TRUE(Contains(html, "href=\"%22%20onclick%3D%22alert%281%29\""));
  EXPECT_TRUE(Contains(html, "<li>&lt;b&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39;</li>"));
}

TEST(NightHtml, NoPreviousRunAndEmptyHistory) {
  NightReport report;
  report.repository = "nova";
  report.run.status = "ok";
  report.run.started_at = "2026-11-23T02:00:00Z";
  const std::string html = RenderNightHtml(report);
  EXPECT_TRUE(Contains(html, "no previous night to compare with"));
  EXPECT_FALSE(Contains(html, "class=\"delta"));
  EXPECT_FALSE(Contains(html, "id=\"problems\""));
  EXPECT_TRUE(Contains(html, "<svg id=\"trend-chart\""));
  EXPECT_TRUE(Contains(html, "No findings in these runs"));
  EXPECT_TRUE(Contains(html, "<svg id=\"treemap\""));
  EXPECT_EQ(Count(html, "class=\"treemap-cell\""), 0u);
  EXPECT_TRUE(Contains(html, "No file sizes recorded for this run"));
  EXPECT_TRUE(Contains(html, "Patches that did not land (0)"));
  EXPECT_FALSE(Contains(html, "id=\"hotspots\""));
}

TEST(NightHtml, Deterministic) {
  EXPECT_EQ(RenderNightHtml(SampleNightReport()), RenderNightHtml(SampleNightReport()));
}

}  // namespace
}  // namespace nova::reviewer
