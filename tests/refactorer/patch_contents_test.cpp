#include "refactorer/patch_contents.h"

#include <gtest/gtest.h>

#include "refactorer/apply_edits.h"

namespace nova::refactorer {
namespace {

constexpr const char* kFile = "/r/a.cpp";

LineRanges Touched(const std::string& before, const std::vector<core::Edit>& edits) {
  auto after = ApplyEdits(before, edits);
  EXPECT_TRUE(after.ok()) << after.status().ToString();
  return TouchedLines(after.ok() ? *after : "", edits);
}

TEST(TouchedLinesTest, AReplacementTouchesItsLineInTheNewContent) {
  const std::string before = "a\nint* p = NULL;\nb\nint* q = NULL;\n";
  // The second edit's line is found after the first one added a line above it.
  EXPECT_EQ(Touched(before, {{kFile, 0, 1, "x\ny"}, {kFile, 25, 4, "nullptr"}}),
            (LineRanges{{1, 2}, {5, 5}}));
}

TEST(TouchedLinesTest, AnInsertedLineIsTouchedAndTheLinesAroundItAreNot) {
  EXPECT_EQ(Touched("#include <a>\n#include <c>\nint x;\n", {{kFile, 13, 0, "#include <b>\n"}}),
            (LineRanges{{2, 2}}));
}

TEST(TouchedLinesTest, DeletingWholeLinesTouchesNothingAndADeletionInsideALineTouchesIt) {
  EXPECT_EQ(Touched("a\nb\nc\n", {{kFile, 2, 2, ""}}), LineRanges{});
  EXPECT_EQ(Touched("a\nbXb\nc\n", {{kFile, 3, 1, ""}}), (LineRanges{{2, 2}}));
}

TEST(TouchedLinesTest, AdjacentTouchedLinesMerge) {
  EXPECT_EQ(Touched("a\nb\nc\nd\n", {{kFile, 0, 1, "A"}, {kFile, 2, 1, "B"}, {kFile, 6, 1, "D"}}),
            (LineRanges{{1, 2}, {4, 4}}));
}

}  // namespace
}  // namespace nova::refactorer
