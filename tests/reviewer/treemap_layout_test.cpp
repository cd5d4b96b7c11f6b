#include "reviewer/treemap_layout.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace nova::reviewer {
namespace {

constexpr double kEps = 1e-6;

double Overlap(const TreemapRect& a, const TreemapRect& b) {
  const double w = std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x);
  const double h = std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

void ExpectATiling(const std::vector<double>& weights, const TreemapRect& bounds) {
  const std::vector<TreemapRect> rects = SquarifyLayout(weights, bounds);
  ASSERT_EQ(rects.size(), weights.size());
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double covered = 0;
  for (size_t i = 0; i < rects.size(); ++i) {
    const TreemapRect& r = rects[i];
    EXPECT_GE(r.x, bounds.x - kEps) << i;
    EXPECT_GE(r.y, bounds.y - kEps) << i;
    EXPECT_LE(r.x + r.width, bounds.x + bounds.width + kEps) << i;
    EXPECT_LE(r.y + r.height, bounds.y + bounds.height + kEps) << i;
    EXPECT_GE(r.width, 0) << i;
    EXPECT_GE(r.height, 0) << i;
    // Areas proportional to the weights.
    EXPECT_NEAR(r.area(), bounds.area() * weights[i] / total, bounds.area() * 1e-9) << i;
    covered += r.area();
    for (size_t j = i + 1; j < rects.size(); ++j) {
      EXPECT_LE(Overlap(r, rects[j]), kEps) << i << " overlaps " << j;
    }
  }
  EXPECT_NEAR(covered, bounds.area(), bounds.area() * 1e-9);
}

TEST(TreemapLayout, ThePaperExampleIsATilingWithProportionalAreas) {
  // Bruls et al.'s example: 6 x 4 split into 6, 6, 4, 3, 2, 2, 1.
  ExpectATiling({6, 6, 4, 3, 2, 2, 1}, {0, 0, 6, 4});
  const std::vector<TreemapRect> rects = SquarifyLayout({6, 6, 4, 3, 2, 2, 1}, {0, 0, 6, 4});
  // The first row is the two 6s stacked in a 3-wide column, as in the paper's figure.
  EXPECT_NEAR(rects[0].width, 3, kEps);
  EXPECT_NEAR(rects[0].height, 2, kEps);
  EXPECT_NEAR(rects[1].y, 2, kEps);
}

TEST(TreemapLayout, ManyUnevenWeightsInAnOffsetRectangle) {
  std::vector<double> weights;
  for (int i = 0; i < 200; ++i) weights.push_back(1 + (i * 7919) % 997);
  ExpectATiling(weights, {12.5, 40, 960, 540});
  ExpectATiling(weights, {0, 0, 100, 1000});  // tall
}

TEST(TreemapLayout, CellsAreCloseToSquare) {
  std::vector<double> weights(64, 1.0);
  for (const TreemapRect& r : SquarifyLayout(weights, {0, 0, 800, 800})) {
    EXPECT_LE(std::max(r.width / r.height, r.height / r.width), 2.0);
  }
}

TEST(TreemapLayout, OneWeightFillsTheBounds) {
  EXPECT_EQ(SquarifyLayout({42}, {5, 6, 70, 80}), (std::vector<TreemapRect>{{5, 6, 70, 80}}));
}

TEST(TreemapLayout, ZeroNegativeAndNonFiniteWeightsGetEmptyRectangles) {
  const std::vector<double> weights = {3, 0, -2, std::nan(""), 1};
  const std::vector<TreemapRect> rects = SquarifyLayout(weights, {0, 0, 40, 10});
  ASSERT_EQ(rects.size(), 5u);
  for (const size_t i : {1u, 2u, 3u}) EXPECT_EQ(rects[i].area(), 0) << i;
  EXPECT_NEAR(rects[0].area(), 300, kEps);
  EXPECT_NEAR(rects[4].area(), 100, kEps);
  EXPECT_TRUE(SquarifyLayout({}, {0, 0, 10, 10}).empty());
  for (const TreemapRect& r : SquarifyLayout({0, 0}, {0, 0, 10, 10})) EXPECT_EQ(r.area(), 0);
}

TEST(TreemapLayout, DeterministicAndTiesKeepInputOrder) {
  const std::vector<double> weights = {5, 3, 5, 1, 3, 5};
  const std::vector<TreemapRect> a = SquarifyLayout(weights, {0, 0, 300, 200});
  EXPECT_EQ(a, SquarifyLayout(weights, {0, 0, 300, 200}));
  // Equal weights are placed in input order: the first 5 comes before the second.
  EXPECT_TRUE(a[0].x < a[2].x || (a[0].x == a[2].x && a[0].y < a[2].y));
}

}  // namespace
}  // namespace nova::reviewer
