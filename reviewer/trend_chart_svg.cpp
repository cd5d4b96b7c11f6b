#include "reviewer/trend_chart_svg.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "reviewer/html_text.h"

namespace nova::reviewer {
namespace {

using core::history::RuleCount;
using core::history::RunRecord;

constexpr double kWidth = 880;
constexpr double kHeight = 300;
constexpr double kLeft = 52;
constexpr double kRight = 44;  // room for the last date label, centred on the edge point
constexpr double kTop = 16;
constexpr double kBottom = 44;
constexpr double kMinLabelGap = 84;  // pixels between two date labels

// Tableau 10: distinguishable, and readable on white.
constexpr const char* kColours[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
constexpr const char* kDashes[] = {"", "6 3", "2 3", "8 3 2 3"};

std::string Colour(size_t series) { return kColours[series % std::size(kColours)]; }
std::string Dash(size_t series) {
  return kDashes[(series / std::size(kColours)) % std::size(kDashes)];
}

// Per rule (sorted), its count in each run.
std::map<std::string, std::vector<int>> CountsByRule(const std::vector<RunRecord>& runs) {
  std::map<std::string, std::vector<int>> counts;
  for (size_t i = 0; i < runs.size(); ++i) {
    for (const RuleCount& c : runs[i].findings) {
      std::vector<int>& series = counts[c.rule];
      series.resize(runs.size(), 0);
      series[i] += c.count;
    }
  }
  return counts;
}

// A step of 1, 2 or 5 times a power of ten giving about five ticks up to `max`; at least 1.
int TickStep(int max) {
  const double raw = std::max(1.0, max / 5.0);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * power >= raw) return static_cast<int>(m * power);
  }
  return static_cast<int>(10 * power);
}

std::string Date(const RunRecord& run) { return run.started_at.substr(0, 10); }

struct Frame {
  size_t runs = 0;
  int y_max = 1;
  double X(size_t i) const {
    const double width = kWidth - kLeft - kRight;
    return runs <= 1 ? kLeft + width / 2 : kLeft + width * static_cast<double>(i) / (runs - 1);
  }
  // Counts are never negative; clamping keeps a bad record from drawing outside the chart.
  double Y(int value) const {
    const double v = std::clamp(value, 0, y_max);
    return kTop + (kHeight - kTop - kBottom) * (1.0 - v / y_max);
  }
};

std::string Axes(const Frame& frame, int step, const std::vector<RunRecord>& runs) {
  std::string out = "<g class=\"trend-axes\">";
  for (int v = 0; v <= frame.y_max; v += step) {
    const std::string y = Fixed(frame.Y(v));
    out += "<line class=\"grid\" x1=\"" + Fixed(kLeft) + "\" x2=\"" + Fixed(kWidth - kRight) +
           "\" y1=\"" + y + "\" y2=\"" + y + "\"/><text class=\"tick\" x=\"" + Fixed(kLeft - 8) +
           "\" y=\"" + y + "\" text-anchor=\"end\" dominant-baseline=\"middle\">" +
           std::to_string(v) + "</text>";
  }
  const std::string base = Fixed(frame.Y(0));
  out += "<line class=\"axis\" x1=\"" + Fixed(kLeft) + "\" x2=\"" + Fixed(kWidth - kRight) +
         "\" y1=\"" + base + "\" y2=\"" + base + "\"/>";
  out += "<line class=\"axis\" x1=\"" + Fixed(kLeft) + "\" x2=\"" + Fixed(kLeft) + "\" y1=\"" +
         Fixed(kTop) + "\" y2=\"" + base + "\"/>";
  // Date labels at least kMinLabelGap apart, always the latest.
  const double gap = runs.size() <= 1 ? kWidth : frame.X(1) - frame.X(0);
  const size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil(kMinLabelGap / gap)));
  for (size_t i = 0; i < runs.size(); ++i) {
    const size_t last = runs.size() - 1;
    if (i != last && (i % every != 0 || last - i < every)) continue;
    out += "<text class=\"tick date\" x=\"" + Fixed(frame.X(i)) + "\" y=\"" +
           Fixed(kHeight - kBottom + 18) + "\" text-anchor=\"middle\">" +
           EscapeHtml(Date(runs[i])) + "</text>";
  }
  out += "<text class=\"axis-label\" x=\"14\" y=\"" + Fixed((kHeight - kBottom + kTop) / 2) +
         "\" transform=\"rotate(-90 14 " + Fixed((kHeight - kBottom + kTop) / 2) +
         ")\" text-anchor=\"middle\">findings</text>";
  out += "<text class=\"axis-label\" x=\"" + Fixed((kLeft + kWidth - kRight) / 2) + "\" y=\"" +
         Fixed(kHeight - 6) + "\" text-anchor=\"middle\">night (UTC date)</text>";
  return out + "</g>";
}

std::string Series(const Frame& frame, size_t index, const std::string& rule,
                   const std::vector<int>& counts, const std::vector<RunRecord>& runs) {
  const std::string colour = Colour(index);
  const std::string dash = Dash(index);
  std::string out = "<g class=\"trend-series\" data-rule=\"" + EscapeHtml(rule) + "\" stroke=\"" +
                    colour + "\" fill=\"" + colour + "\">";
  if (counts.size() > 1) {
    out += "<polyline fill=\"none\" stroke-width=\"2.5\" stroke-linejoin=\"round\"";
    if (!dash.empty()) out += " stroke-dasharray=\"" + dash + "\"";
    out += " points=\"";
    for (size_t i = 0; i < counts.size(); ++i) {
      out += (i ? " " : "") + Fixed(frame.X(i)) + "," + Fixed(frame.Y(counts[i]));
    }
    out += "\"/>";
  }
  for (size_t i = 0; i < counts.size(); ++i) {
    out += "<circle cx=\"" + Fixed(frame.X(i)) + "\" cy=\"" + Fixed(frame.Y(counts[i])) +
           "\" r=\"3.5\"><title>" + EscapeHtml(rule) + ": " + std::to_string(counts[i]) + " on " +
           EscapeHtml(Date(runs[i])) + "</title></circle>";
  }
  return out + "</g>";
}

std::string Legend(const std::map<std::string, std::vector<int>>& counts) {
  std::string out = "<ul class=\"legend\" id=\"trend-legend\">";
  size_t index = 0;
  for (const auto& [rule, series] : counts) {
    const std::string dash = Dash(index);
    out +=
        "<li><svg width=\"26\" height=\"10\" aria-hidden=\"true\"><line x1=\"1\" y1=\"5\" "
        "x2=\"25\" y2=\"5\" stroke-width=\"3\" stroke=\"" +
        Colour(index) + "\"" + (dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"") +
        "/></svg>" + EscapeHtml(rule) + " <span class=\"muted\">" + std::to_string(series.back()) +
        "</span></li>";
    ++index;
  }
  return out + "</ul>";
}

}  // namespace

std::string TrendChartSvg(const std::vector<RunRecord>& runs) {
  const std::map<std::string, std::vector<int>> counts = CountsByRule(runs);
  int max = 0;
  for (const auto& [rule, series] : counts) {
    for (const int c : series) max = std::max(max, c);
  }
  const int step = TickStep(max);
  Frame frame{runs.size(), std::max(step, (max + step - 1) / step * step)};
  std::string out = "<svg id=\"trend-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    Fixed(kWidth) + " " + Fixed(kHeight) +
                    "\" role=\"img\" aria-label=\"Findings per rule over the last " +
                    std::to_string(runs.size()) + " runs\">";
  out += Axes(frame, step, runs);
  size_t index = 0;
  for (const auto& [rule, series] : counts) out += Series(frame, index++, rule, series, runs);
  if (counts.empty()) {
    out += "<text class=\"empty\" x=\"" + Fixed((kLeft + kWidth - kRight) / 2) + "\" y=\"" +
           Fixed((kTop + kHeight - kBottom) / 2) +
           "\" text-anchor=\"middle\">No findings in these runs</text>";
  }
  out += "</svg>";
  return out + Legend(counts);
}

}  // namespace nova::reviewer
