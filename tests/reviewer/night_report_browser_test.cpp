// The night report's HTML page in a real browser: Debian's headless Chromium driven by
// playwright-core (tests/reviewer/browser/check_report.mjs). Node, the npm package (`npm ci`
// there, as scripts/test.sh does) and /usr/bin/chromium are required: the test fails, never
// skips, when one is missing.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include <nlohmann/json.hpp>

#include "night_report_fixture.h"
#include "reviewer/night_report_html.h"
#include "support/test_support.h"

#ifndef NOVA_REPORT_BROWSER_DIR
#error "NOVA_REPORT_BROWSER_DIR must name tests/reviewer/browser"
#endif
#ifndef NOVA_REPORT_SCREENSHOT
#error "NOVA_REPORT_SCREENSHOT must name where the screenshot is kept for a person to look at"
#endif

namespace nova::reviewer {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ReadFile;
using testing::RunShell;
using testing::TempDir;

// "" when node, playwright-core and Chromium are there, else what is missing and how to fix it.
std::string BrowserToolsProblem() {
  const fs::path dir = NOVA_REPORT_BROWSER_DIR;
  if (RunShell(dir, "command -v node").exit_code != 0) {
    return "node is not installed: the browser test needs Node.js and npm "
           "(scripts/install-deps.sh installs them)";
  }
  if (!fs::exists(dir / "node_modules" / "playwright-core" / "package.json")) {
    return "npm package playwright-core is not installed in " + dir.string() +
           ": run `npm ci` in tests/reviewer/browser (scripts/test.sh does)";
  }
  if (!fs::exists("/usr/bin/chromium")) {
    return "/usr/bin/chromium is missing: install Debian's chromium package "
           "(scripts/install-deps.sh does)";
  }
  return "";
}

// A PNG's width and height from its IHDR chunk; {0, 0} when `bytes` is not a PNG.
std::pair<unsigned, unsigned> PngSize(const std::string& bytes) {
  if (bytes.size() < 24 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return {0, 0};
  auto be32 = [&](size_t at) {
    unsigned v = 0;
    for (size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(bytes[at + i]);
    return v;
  };
  return {be32(16), be32(20)};
}

TEST(NightReportBrowser, RendersInHeadlessChromiumWithoutErrorsOrNetworkAndShowsBothCharts) {
  const std::string problem = BrowserToolsProblem();
  ASSERT_EQ(problem, "");

  NightReport report = testing::SampleNightReport();
  // A hostile path must show as text, not run: the page has no script at all.
  report.run.hotspots.push_back({"tools/a<script>alert(1)</script>.cpp", 120, 3, 12.0});
  report.trend.back() = report.run;
  size_t files_with_lines = 0;
  for (const auto& h : report.run.hotspots) files_with_lines += h.lines > 0 ? 1 : 0;
  std::set<std::string> rules;
  for (const auto& run : report.trend) {
    for (const auto& c : run.findings) rules.insert(c.rule);
  }
  ASSERT_GE(files_with_lines, 30u);
  ASSERT_GE(report.trend.size(), 5u);

  TempDir dir;
  const fs::path html = dir.path() / "night-report.html";
  const fs::path png = dir.path() / "night-report.png";
  testing::WriteFile(html, RenderNightHtml(report));
  const testing::CommandResult run =
      RunShell(NOVA_REPORT_BROWSER_DIR,
               "timeout 120 node check_report.mjs '" + html.string() + "' '" + png.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // The result is the last line; Chromium may log above it.
  const size_t line = run.output.rfind("\n{");
  const json result =
      json::parse(run.output.substr(line == std::string::npos ? 0 : line + 1), nullptr, false);
  ASSERT_TRUE(result.is_object()) << run.output;

  EXPECT_EQ(result["consoleErrors"], json::array()) << result.dump(2);
  EXPECT_EQ(result["pageErrors"], json::array()) << result.dump(2);
  EXPECT_EQ(result["networkRequests"], json::array()) << result.dump(2);
  EXPECT_EQ(result["blockedRequests"], json::array()) << result.dump(2);
  EXPECT_EQ(result["scripts"], 0);
  EXPECT_EQ(result["treemapCells"], files_with_lines);
  const auto paths = result["treemapPaths"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(paths.begin(), paths.end(), "tools/a<script>alert(1)</script>.cpp"),
            paths.end());
  EXPECT_EQ(result["trendSeries"].get<std::vector<std::string>>(),
            std::vector<std::string>(rules.begin(), rules.end()));
  EXPECT_GT(result["trendChartWidth"].get<double>(), 600);  // laid out, not collapsed
  EXPECT_GT(result["treemapWidth"].get<double>(), 600);

  ASSERT_TRUE(fs::exists(png));
  const std::string bytes = ReadFile(png);
  const auto [width, height] = PngSize(bytes);
  EXPECT_EQ(width, 1100u);
  EXPECT_GT(height, 1500u);  // the full page, every section
  EXPECT_GT(bytes.size(), 50u * 1024);

  // Kept for a person to look at.
  const fs::path kept = NOVA_REPORT_SCREENSHOT;
  std::error_code error;
  fs::copy_file(png, kept, fs::copy_options::overwrite_existing, error);
  EXPECT_FALSE(error) << error.message();
  fs::copy_file(html, kept.parent_path() / "night-report-sample.html",
                fs::copy_options::overwrite_existing, error);
  std::cout << "night report screenshot: " << kept.string() << "\n";
}

}  // namespace
}  // namespace nova::reviewer
