#include "reviewer/treemap_svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "reviewer/html_text.h"
#include "reviewer/treemap_layout.h"

namespace nova::reviewer {
namespace {

using core::history::FileHotspot;

constexpr double kWidth = 880;
constexpr double kHeight = 500;
constexpr double kCharWidth = 6.4;  // of the 11px label font, for deciding what fits

struct Stop {
  double at;
  int r, g, b;
};
constexpr Stop kStops[] = {{0.0, 0xe3, 0xea, 0xf2},
                           {0.35, 0xfd, 0xe6, 0x8a},
                           {0.7, 0xf9, 0x73, 0x16},
                           {1.0, 0xb9, 0x1c, 0x1c}};

std::string TopDirectory(const std::string& path) {
  const size_t slash = path.find('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string Rect(const TreemapRect& r) {
  return "x=\"" + Fixed(r.x) + "\" y=\"" + Fixed(r.y) + "\" width=\"" + Fixed(r.width) +
         "\" height=\"" + Fixed(r.height) + "\"";
}

std::string Cell(const FileHotspot& file, const TreemapRect& r, double max_score) {
  const double t = max_score > 0 ? std::clamp(file.score / max_score, 0.0, 1.0) : 0.0;
  const std::string path = EscapeHtml(file.path);
  std::string out = "<g class=\"treemap-cell\" data-path=\"" + path + "\" data-lines=\"" +
                    std::to_string(file.lines) + "\" data-score=\"" + Fixed(file.score, 1) +
                    "\"><rect " + Rect(r) + " fill=\"" + HeatColour(t) + "\"/><title>" + path +
                    "\n" + std::to_string(file.lines) + " lines · churn " +
                    std::to_string(file.churn) + " · score " + Fixed(file.score, 1) + "</title>";
  const std::string name = BaseName(file.path);
  if (r.width >= name.size() * kCharWidth + 8 && r.height >= 18) {
    out += "<text x=\"" + Fixed(r.x + 4) + "\" y=\"" + Fixed(r.y + 13) + "\"" +
           (t > 0.6 ? " class=\"on-dark\"" : "") + ">" + EscapeHtml(name) + "</text>";
  }
  return out + "</g>";
}

std::string Legend(double max_score) {
  std::string out =
      "<svg id=\"treemap-legend\" xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" "
      "height=\"42\" viewBox=\"0 0 320 42\"><defs><linearGradient id=\"heat\">";
  for (const Stop& s : kStops) {
    out += "<stop offset=\"" + Fixed(s.at) + "\" stop-color=\"" + HeatColour(s.at) + "\"/>";
  }
  out +=
      "</linearGradient></defs><rect x=\"1\" y=\"4\" width=\"318\" height=\"14\" rx=\"3\" "
      "fill=\"url(#heat)\" stroke=\"#94a3b8\" stroke-width=\"0.5\"/>";
  out += "<text x=\"1\" y=\"34\">score 0</text><text x=\"319\" y=\"34\" text-anchor=\"end\">" +
         Fixed(max_score, 1) + "</text></svg>";
  return out;
}

}  // namespace

std::string HeatColour(double t) {
  t = std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.0;
  size_t i = 1;
  while (i + 1 < std::size(kStops) && kStops[i].at < t) ++i;
  const Stop& a = kStops[i - 1];
  const Stop& b = kStops[i];
  const double f = (t - a.at) / (b.at - a.at);
  auto mix = [f](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * f)); };
  char text[8];
  std::snprintf(text, sizeof(text), "#%02x%02x%02x", mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b));
  return text;
}

std::string TreemapSvg(const std::vector<FileHotspot>& files) {
  // Directories by name, each with its files by path: the same input draws the same map.
  std::map<std::string, std::map<std::string, const FileHotspot*>> by_directory;
  double max_score = 0;
  for (const FileHotspot& f : files) {
    if (f.lines <= 0) continue;
    by_directory[TopDirectory(f.path)].emplace(f.path, &f);
    max_score = std::max(max_score, f.score);
  }
  std::vector<double> directory_lines;
  for (const auto& [directory, members] : by_directory) {
    double lines = 0;
    for (const auto& [path, f] : members) lines += f->lines;
    directory_lines.push_back(lines);
  }
  const std::vector<TreemapRect> directory_rects =
      SquarifyLayout(directory_lines, {0, 0, kWidth, kHeight});
  // Without files the map is one line saying so, not a tall blank box.
  const double height = by_directory.empty() ? 40 : kHeight;

  std::string out = "<svg id=\"treemap\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    Fixed(kWidth) + " " + Fixed(height) +
                    "\" role=\"img\" aria-label=\"Codebase map: area is lines, colour is hotspot "
                    "score\">";
  std::string frames;
  size_t d = 0;
  for (const auto& [directory, members] : by_directory) {
    const TreemapRect& box = directory_rects[d++];
    std::vector<double> lines;
    for (const auto& [path, f] : members) lines.push_back(f->lines);
    const std::vector<TreemapRect> rects = SquarifyLayout(lines, box);
    size_t k = 0;
    for (const auto& [path, f] : members) out += Cell(*f, rects[k++], max_score);
    const std::string name = directory.empty() ? "(root)" : directory + "/";
    frames += "<g class=\"treemap-directory\" data-directory=\"" + EscapeHtml(directory) +
              "\"><rect " + Rect(box) + "/>";
    if (box.width >= name.size() * kCharWidth + 12 && box.height >= 40) {
      frames += "<text x=\"" + Fixed(box.x + box.width - 5) + "\" y=\"" +
                Fixed(box.y + box.height - 6) + "\" text-anchor=\"end\">" + EscapeHtml(name) +
                "</text>";
    }
    frames += "</g>";
  }
  if (by_directory.empty()) {
    out += "<text class=\"empty\" x=\"" + Fixed(kWidth / 2) + "\" y=\"" + Fixed(height / 2) +
           "\" text-anchor=\"middle\">No file sizes recorded for this run</text>";
  }
  out += frames + "</svg>";
  return out + Legend(max_score);
}

}  // namespace nova::reviewer
