#include "reviewer/treemap_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace nova::reviewer {
namespace {

// The worst aspect ratio of a row of `areas` (summing to `sum`, largest `largest`, smallest
// `smallest`) laid along a side of length `side`.
double WorstRatio(double sum, double largest, double smallest, double side) {
  const double side2 = side * side;
  const double sum2 = sum * sum;
  return std::max(side2 * largest / sum2, sum2 / (side2 * smallest));
}

// Lays `row` (indices into `areas`, summing to `sum`) along the shorter side of `free` and takes
// its strip off `free`. `last`: the row fills what is left exactly, absorbing rounding error.
void LayRow(const std::vector<size_t>& row, const std::vector<double>& areas, double sum, bool last,
            TreemapRect& free, std::vector<TreemapRect>& out) {
  const bool vertical_strip = free.width >= free.height;  // a column at the left
  const double side = vertical_strip ? free.height : free.width;
  double thickness = side > 0 ? sum / side : 0;
  if (last) thickness = vertical_strip ? free.width : free.height;
  thickness = std::min(thickness, vertical_strip ? free.width : free.height);
  double offset = 0;
  for (size_t k = 0; k < row.size(); ++k) {
    const double length =
        k + 1 == row.size() ? side - offset : (thickness > 0 ? areas[row[k]] / thickness : 0);
    TreemapRect& r = out[row[k]];
    if (vertical_strip) {
      r = {free.x, free.y + offset, thickness, std::max(length, 0.0)};
    } else {
      r = {free.x + offset, free.y, std::max(length, 0.0), thickness};
    }
    offset += length;
  }
  if (vertical_strip) {
    free.x += thickness;
    free.width -= thickness;
  } else {
    free.y += thickness;
    free.height -= thickness;
  }
}

}  // namespace

std::vector<TreemapRect> SquarifyLayout(const std::vector<double>& weights,
                                        const TreemapRect& bounds) {
  std::vector<TreemapRect> out(weights.size(), TreemapRect{bounds.x, bounds.y, 0, 0});
  std::vector<size_t> order;
  double total = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (std::isfinite(weights[i]) && weights[i] > 0) {
      order.push_back(i);
      total += weights[i];
    }
  }
  if (order.empty() || !(bounds.width > 0) || !(bounds.height > 0)) return out;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return weights[a] > weights[b]; });
  std::vector<double> areas(weights.size(), 0.0);
  const double scale = bounds.area() / total;
  for (const size_t i : order) areas[i] = weights[i] * scale;

  TreemapRect free = bounds;
  std::vector<size_t> row;
  double sum = 0;
  for (size_t next = 0; next < order.size(); ++next) {
    const size_t i = order[next];
    const double side = std::min(free.width, free.height);
    if (!row.empty()) {
      // Weights are sorted descending: the row's largest is its first, smallest its last.
      const double now = WorstRatio(sum, areas[row.front()], areas[row.back()], side);
      const double with = WorstRatio(sum + areas[i], areas[row.front()], areas[i], side);
      if (with > now) {
        LayRow(row, areas, sum, /*last=*/false, free, out);
        row.clear();
        sum = 0;
      }
    }
    row.push_back(i);
    sum += areas[i];
  }
  LayRow(row, areas, sum, /*last=*/true, free, out);
  return out;
}

}  // namespace nova::reviewer
