// Squarified treemap layout (Bruls, Huizing, van Wijk 2000): splits a rectangle into one
// rectangle per weight, areas proportional to the weights, aspect ratios close to 1.
// Pure function; thread-safe; deterministic (ties keep input order).
#pragma once

#include <vector>

namespace nova::reviewer {

struct TreemapRect {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;

  double area() const { return width * height; }
  friend bool operator==(const TreemapRect&, const TreemapRect&) = default;
};

// One rectangle per weight, in the order of `weights`, tiling `bounds` without overlap. Weights
// that are not positive and finite get an empty rectangle at the corner of `bounds`; when no
// weight is positive every rectangle is empty.
std::vector<TreemapRect> SquarifyLayout(const std::vector<double>& weights,
                                        const TreemapRect& bounds);

}  // namespace nova::reviewer
