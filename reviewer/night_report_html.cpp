#include "reviewer/night_report_html.h"

#include "reviewer/html_text.h"
#include "reviewer/night_report_numbers.h"
#include "reviewer/night_report_style.h"
#include "reviewer/treemap_svg.h"
#include "reviewer/trend_chart_svg.h"

namespace nova::reviewer {
namespace {

using core::history::FileHotspot;
using core::history::PatchRecord;
using core::history::RunRecord;

// Nothing may be fetched: the page is one file, and a person may open it from a CI artifact.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

// Whether more of this number is bad news: findings and failed patches.
bool UpIsWorse(std::string_view what) {
  return what == "findings" || what == "rejected" || what == "dropped" || what == "skipped";
}

std::string Delta(const CountDelta& count, std::string_view what) {
  const std::string text = DeltaText(count);
  if (text.empty()) return "";
  const int change = count.now - *count.before;
  const char* tone = change == 0 ? "same" : ((change > 0) == UpIsWorse(what) ? "worse" : "better");
  return std::string("<span class=\"delta ") + tone + "\">" + text + "</span>";
}

// `extra`: HTML shown at the card's foot.
std::string Card(std::string_view label, const CountDelta& count, std::string_view what, bool main,
                 const std::string& extra = "") {
  std::string out = std::string("<div class=\"card") + (main ? " main" : "") + "\" data-metric=\"" +
                    EscapeHtml(what) + "\"><div class=\"label\">" + EscapeHtml(label) +
                    "</div><div class=\"value\">" + std::to_string(count.now) + Delta(count, what) +
                    "</div>";
  out += count.before
             ? "<div class=\"before\">previous night " + std::to_string(*count.before) + "</div>"
             : "<div class=\"before\">no previous night</div>";
  return out + extra + "</div>";
}

std::string Header(const NightReport& report, const NightNumbers& numbers) {
  const RunRecord& run = report.run;
  std::string out = "<header><h1>Nova nightly review <span class=\"repo\">" +
                    EscapeHtml(report.repository) + "</span></h1><p class=\"meta\"><span " +
                    "class=\"badge " + EscapeHtml(run.status) + "\">" + EscapeHtml(run.status) +
                    "</span> · commit <code title=\"" + EscapeHtml(run.commit) + "\">" +
                    EscapeHtml(ShortCommit(run.commit)) + "</code> on <code>" +
                    EscapeHtml(run.target) + "</code> · started " + EscapeHtml(run.started_at) +
                    " · took " + FormatDuration(run.duration_s);
  if (numbers.previous_duration_s) {
    out += " <span class=\"muted\">(previous night " +
           FormatDuration(*numbers.previous_duration_s) + ")</span>";
  }
  if (!report.previous) out += " · <span class=\"muted\">no previous night to compare with</span>";
  return out + "</p></header>";
}

std::string Problems(const RunRecord& run) {
  if (run.problems.empty() && run.status == "ok") return "";
  std::string out = "<section class=\"problems\" id=\"problems\"><h2>";
  if (run.problems.empty()) return out + "The run is " + EscapeHtml(run.status) + "</h2></section>";
  out += std::to_string(run.problems.size()) +
         (run.problems.size() == 1 ? " problem" : " problems") + " tonight; the run is " +
         EscapeHtml(run.status) + "</h2><ul>";
  for (const std::string& p : run.problems) out += "<li>" + EscapeHtml(p) + "</li>";
  return out + "</ul></section>";
}

// Tonight's findings per severity, most severe first: "4 error · 12 warning · 2 note".
std::string SeverityBreakdown(const NightNumbers& numbers) {
  std::string out;
  for (const char* severity : {"error", "warning", "note"}) {
    int count = 0;
    for (const RuleSeverityCount& r : numbers.by_rule) {
      if (r.severity == severity) count += r.count.now;
    }
    if (count == 0) continue;
    out += std::string(out.empty() ? "" : " · ") + "<span class=\"sev-" + severity + "\">" +
           std::to_string(count) + " " + severity + "</span>";
  }
  return out.empty() ? "" : "<div class=\"breakdown\">" + out + "</div>";
}

std::string Headline(const NightNumbers& numbers) {
  const std::string findings =
      Card("findings", numbers.findings, "findings", true, SeverityBreakdown(numbers));
  std::string out =
      "<section id=\"headline\"><h2>Tonight against the previous night</h2>"
      "<div class=\"headline\">" +
      findings +
      "<div><div class=\"group-label\">patches</div>"
      "<div class=\"cards\">";
  for (const PatchStateCount& p : numbers.patches) out += Card(p.state, p.count, p.state, false);
  return out + "</div></div></div></section>";
}

std::string RuleTable(const NightNumbers& numbers) {
  std::string out = "<section id=\"findings-by-rule\"><h2>Findings by rule</h2>";
  if (numbers.by_rule.empty()) return out + "<p class=\"muted\">No findings.</p></section>";
  out +=
      "<table><thead><tr><th>rule</th><th>severity</th><th class=\"num\">tonight</th>"
      "<th class=\"num\">previous night</th><th class=\"num\">change</th></tr></thead><tbody>";
  for (const RuleSeverityCount& r : numbers.by_rule) {
    out += "<tr><td><code>" + EscapeHtml(r.rule) + "</code></td><td>" + EscapeHtml(r.severity) +
           "</td><td class=\"num\">" + std::to_string(r.count.now) + "</td><td class=\"num\">" +
           (r.count.before ? std::to_string(*r.count.before) : "–") + "</td><td class=\"num\">" +
           Delta(r.count, "findings") + "</td></tr>";
  }
  return out + "</tbody></table></section>";
}

std::string Trend(const NightReport& report) {
  const std::vector<RunRecord> runs = TrendRuns(report);
  return "<section id=\"trend\"><h2>Findings per rule, last " + std::to_string(runs.size()) +
         (runs.size() == 1 ? " night" : " nights") + "</h2>" + TrendChartSvg(runs) + "</section>";
}

std::string FailedPatchTable(const NightReport& report) {
  const std::vector<PatchRecord> failed = FailedPatches(report.run);
  std::string out = "<section id=\"failed-patches\"><h2>Patches that did not land (" +
                    std::to_string(failed.size()) + ")</h2>";
  if (failed.empty()) return out + "<p class=\"muted\">None rejected or dropped.</p></section>";
  out +=
      "<table><thead><tr><th>patch</th><th>rule</th><th>state</th><th>reason</th>"
      "<th>log</th></tr></thead><tbody>";
  for (const PatchRecord& p : failed) {
    const std::string href = LogHref(report, p);
    out +=
        "<tr class=\"failed-patch\" data-state=\"" + EscapeHtml(p.state) +
        "\"><td class=\"nowrap\"><code>" + EscapeHtml(p.branch.empty() ? p.id : p.branch) +
        "</code></td><td class=\"nowrap\"><code>" + EscapeHtml(p.rule) + "</code></td><td>" +
        EscapeHtml(p.state) + "</td><td class=\"reason\">" +
        (p.reason.empty() ? "<em class=\"muted\">no reason recorded</em>" : EscapeHtml(p.reason)) +
        "</td><td>" +
        (href.empty() ? "<span class=\"muted\">–</span>"
                      : "<a href=\"" + EscapeHtml(href) + "\">log</a>") +
        "</td></tr>";
  }
  return out + "</tbody></table></section>";
}

std::string Codebase(const RunRecord& run) {
  return "<section id=\"codebase\"><h2>Codebase map</h2><p class=\"note\">Area: lines of each "
         "file. Colour: hotspot score (churn × cognitive complexity). Hover a cell for "
         "details.</p>" +
         TreemapSvg(run.hotspots) + "</section>";
}

std::string Hotspots(const RunRecord& run) {
  const std::vector<FileHotspot> hot = HottestFiles(run, kHottestFiles);
  if (hot.empty()) return "";
  std::string out =
      "<section id=\"hotspots\"><h2>Hottest files</h2><table><thead><tr><th class=\"num\">#</th>"
      "<th>file</th><th class=\"num\">lines</th><th class=\"num\">churn</th>"
      "<th class=\"num\">score</th></tr></thead><tbody>";
  int rank = 1;
  for (const FileHotspot& h : hot) {
    out += "<tr><td class=\"num\">" + std::to_string(rank++) + "</td><td><code>" +
           EscapeHtml(h.path) + "</code></td><td class=\"num\">" + std::to_string(h.lines) +
           "</td><td class=\"num\">" + std::to_string(h.churn) + "</td><td class=\"num\">" +
           Fixed(h.score, 1) + "</td></tr>";
  }
  return out + "</tbody></table></section>";
}

}  // namespace

std::string RenderNightHtml(const NightReport& report) {
  const NightNumbers numbers = ComputeNightNumbers(report);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  out += std::string("<meta http-equiv=\"Content-Security-Policy\" content=\"") +
         kContentSecurityPolicy + "\">";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  out += "<title>Nova nightly: " + EscapeHtml(report.repository) + ", " +
         EscapeHtml(report.run.started_at.substr(0, 10)) + "</title>";
  out += std::string("<style>") + kNightReportCss + "</style></head>\n<body><main>";
  out += Header(report, numbers);
  out += Problems(report.run);
  out += Headline(numbers);
  out += Trend(report);
  out += FailedPatchTable(report);
  out += RuleTable(numbers);
  out += Codebase(report.run);
  out += Hotspots(report.run);
  out +=
      "<footer>Generated by Nova from its run history. Self-contained: no scripts, nothing "
      "loaded from the network.</footer></main></body></html>\n";
  return out;
}

}  // namespace nova::reviewer
