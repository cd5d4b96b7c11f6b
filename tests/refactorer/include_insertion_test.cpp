#include "refactorer/include_insertion.h"

#include <gtest/gtest.h>

#include "refactorer/apply_edits.h"
#include "refactorer/patch_set.h"

namespace nova::refactorer {
namespace {

constexpr const char* kFile = "/r/a.cpp";

// `content` with `header` inserted, or the content unchanged when no edit is needed.
std::string Inserted(const std::string& content, const std::string& header, bool angled) {
  auto edit = IncludeInsertion(content, kFile, header, angled);
  if (!edit) return content;
  auto applied = ApplyEdits(content, {*edit});
  EXPECT_TRUE(applied.ok()) << applied.status().ToString();
  return applied.ok() ? *applied : "";
}

TEST(IncludeInsertionTest, GoesInSortedPositionAmongIncludesOfTheSameKind) {
  const std::string content =
      "#include \"a.h\"\n\n#include <map>\n#include <string>\n#include <vector>\n\nint x;\n";
  EXPECT_EQ(Inserted(content, "optional", true),
            "#include \"a.h\"\n\n#include <map>\n#include <optional>\n#include <string>\n"
            "#include <vector>\n\nint x;\n");
  EXPECT_EQ(Inserted(content, "algorithm", true),
            "#include \"a.h\"\n\n#include <algorithm>\n#include <map>\n#include <string>\n"
            "#include <vector>\n\nint x;\n");
  EXPECT_EQ(Inserted(content, "variant", true),
            "#include \"a.h\"\n\n#include <map>\n#include <string>\n#include <variant>\n"
            "#include <vector>\n\nint x;\n");
  EXPECT_EQ(Inserted(content, "zstring", true),
            "#include \"a.h\"\n\n#include <map>\n#include <string>\n#include <vector>\n"
            "#include <zstring>\n\nint x;\n");
  EXPECT_EQ(Inserted(content, "z.h", false),
            "#include \"a.h\"\n#include \"z.h\"\n\n#include <map>\n#include <string>\n"
            "#include <vector>\n\nint x;\n");
}

TEST(IncludeInsertionTest, AHeaderAlreadyIncludedGivesNoEdit) {
  const std::string content = "#include <vector>\n#  include \"util.h\"\nint x;\n";
  EXPECT_FALSE(IncludeInsertion(content, kFile, "vector", true).has_value());
  EXPECT_FALSE(IncludeInsertion(content, kFile, "util.h", false).has_value());
  // Whatever brackets spelled it.
  EXPECT_FALSE(IncludeInsertion(content, kFile, "util.h", true).has_value());
}

TEST(IncludeInsertionTest, AFirstIncludeOfItsKindIsItsOwnBlockAfterTheLastInclude) {
  EXPECT_EQ(Inserted("#include \"a.h\"\nint x;\n", "vector", true),
            "#include \"a.h\"\n\n#include <vector>\nint x;\n");
}

TEST(IncludeInsertionTest, WithoutIncludesItGoesAfterTheGuardOrAtTheTop) {
  EXPECT_EQ(Inserted("#pragma once\n\nint x;\n", "vector", true),
            "#pragma once\n\n#include <vector>\n\nint x;\n");
  EXPECT_EQ(Inserted("#ifndef A_H\n#define A_H\nint x;\n#endif\n", "vector", true),
            "#ifndef A_H\n#define A_H\n\n#include <vector>\nint x;\n#endif\n");
  EXPECT_EQ(Inserted("int x;\n", "vector", true), "#include <vector>\n\nint x;\n");
}

TEST(IncludeInsertionTest, TheSameIncludeWantedByTwoFindingsIsInsertedOnce) {
  const std::string content = "#include <map>\n\nstd::vector<int> a;\nstd::vector<int> b;\n";
  auto edit = IncludeInsertion(content, kFile, "vector", true);
  ASSERT_TRUE(edit.has_value());
  core::Finding first;
  first.rule = "include-what-you-use";
  first.file = kFile;
  first.line = 3;
  first.fix = {*edit};
  core::Finding second = first;
  second.line = 4;
  const PatchPlan plan = PlanPatchSets({first, second});
  ASSERT_EQ(plan.sets.size(), 1u);
  EXPECT_TRUE(plan.deferred.empty());
  auto applied = ApplyEdits(content, plan.sets[0].edits);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(*applied,
            "#include <map>\n#include <vector>\n\nstd::vector<int> a;\nstd::vector<int> b;\n");
  // And once it is there, asking again changes nothing.
  EXPECT_FALSE(IncludeInsertion(*applied, kFile, "vector", true).has_value());
}

}  // namespace
}  // namespace nova::refactorer
