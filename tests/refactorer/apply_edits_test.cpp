#include "refactorer/apply_edits.h"

#include <gtest/gtest.h>

#include <limits>

namespace nova::refactorer {
namespace {

using core::Edit;
using core::StatusCode;

constexpr const char* kFile = "/repo/a.cpp";

TEST(ApplyEditsTest, AppliesSeveralEditsWithOffsetsIntoTheOriginalContent) {
  //                        0         1         2
  //                        0123456789012345678901234567
  const std::string content = "int* p = NULL; f(0, NULL);\n";
  // Given front to back: applying them in this order naively would shift later offsets.
  auto result = ApplyEdits(content, {{kFile, 9, 4, "nullptr"}, {kFile, 17, 1, "nullptr"},
                                     {kFile, 20, 4, "nullptr"}});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(*result, "int* p = nullptr; f(nullptr, nullptr);\n");
}

TEST(ApplyEditsTest, InputOrderDoesNotMatter) {
  const std::string content = "abcdefghij";
  auto forward = ApplyEdits(content, {{kFile, 1, 2, "X"}, {kFile, 5, 0, "YY"}, {kFile, 8, 2, ""}});
  auto backward = ApplyEdits(content, {{kFile, 8, 2, ""}, {kFile, 1, 2, "X"}, {kFile, 5, 0, "YY"}});
  ASSERT_TRUE(forward.ok());
  ASSERT_TRUE(backward.ok());
  EXPECT_EQ(*forward, "aXdeYYfgh");
  EXPECT_EQ(*backward, *forward);
}

TEST(ApplyEditsTest, HandlesInsertionsDeletionsAndBothEnds) {
  auto result = ApplyEdits("middle", {{kFile, 0, 0, "<"}, {kFile, 6, 0, ">"}, {kFile, 1, 2, ""}});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(*result, "<mdle>");
}

TEST(ApplyEditsTest, NoEditsReturnsTheContentUnchanged) {
  auto result = ApplyEdits("unchanged\n", {});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, "unchanged\n");
}

TEST(ApplyEditsTest, AdjacentEditsDoNotOverlap) {
  auto result = ApplyEdits("aabb", {{kFile, 0, 2, "X"}, {kFile, 2, 2, "Y"}});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(*result, "XY");
}

TEST(ApplyEditsTest, RejectsAnEditPastTheEnd) {
  const std::string content = "short";
  EXPECT_EQ(ApplyEdits(content, {{kFile, 3, 3, "x"}}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyEdits(content, {{kFile, 6, 0, "x"}}).status().code(), StatusCode::kInvalidArgument);
  // Exactly at the end is fine.
  auto at_end = ApplyEdits(content, {{kFile, 5, 0, "!"}, {kFile, 2, 3, "ORT"}});
  ASSERT_TRUE(at_end.ok());
  EXPECT_EQ(*at_end, "shORT!");
}

TEST(ApplyEditsTest, RejectsOverlappingEdits) {
  const std::string content = "0123456789";
  auto result = ApplyEdits(content, {{kFile, 2, 4, "a"}, {kFile, 4, 3, "b"}});
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("overlapping"), std::string::npos)
      << result.status().message();
  // One edit containing another.
  EXPECT_EQ(ApplyEdits(content, {{kFile, 1, 8, "a"}, {kFile, 3, 1, "b"}}).status().code(),
            StatusCode::kInvalidArgument);
  // Two replacements starting at the same offset.
  EXPECT_EQ(ApplyEdits(content, {{kFile, 3, 1, "a"}, {kFile, 3, 2, "b"}}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ApplyEditsTest, InsertionAtTheStartOfAReplacementGivesTheSameOutcomeInEitherOrder) {
  // The same set of edits must not succeed or fail depending on the order it is given in.
  const std::string content = "int* p = NULL;";
  auto insert_first = ApplyEdits(content, {{kFile, 9, 0, "/*x*/"}, {kFile, 9, 4, "nullptr"}});
  auto replace_first = ApplyEdits(content, {{kFile, 9, 4, "nullptr"}, {kFile, 9, 0, "/*x*/"}});
  ASSERT_EQ(insert_first.ok(), replace_first.ok());
  if (insert_first.ok()) {
    EXPECT_EQ(*insert_first, *replace_first);
  } else {
    EXPECT_EQ(insert_first.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(ApplyEditsTest, AnOffsetNearTheLimitOfUint64IsRejectedNotThrown) {
  const std::uint64_t huge = std::numeric_limits<std::uint64_t>::max();
  core::StatusCode code = StatusCode::kOk;
  EXPECT_NO_THROW(code = ApplyEdits("abc", {{kFile, huge, 2, "x"}}).status().code());
  EXPECT_EQ(code, StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace nova::refactorer
