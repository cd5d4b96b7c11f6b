#include "refactorer/patch_set.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.h"

namespace nova::refactorer {
namespace {

using core::Edit;
using core::Finding;

Finding Fixable(const std::string& rule, const std::string& file, int line, int column,
                std::vector<Edit> fix) {
  Finding f;
  f.rule = rule;
  f.file = file;
  f.line = line;
  f.column = column;
  f.end_line = line;
  f.end_column = column + 4;
  f.message = rule + " at " + std::to_string(line) + ":" + std::to_string(column);
  f.snippet = "NULL";
  f.fix = std::move(fix);
  return f;
}

std::vector<int> Lines(const std::vector<Finding>& findings) {
  std::vector<int> lines;
  for (const Finding& f : findings) lines.push_back(f.line);
  return lines;
}

TEST(PlanPatchSetsTest, EmptyInputGivesAnEmptyPlan) {
  const PatchPlan plan = PlanPatchSets({});
  EXPECT_TRUE(plan.sets.empty());
  EXPECT_TRUE(plan.deferred.empty());
}

TEST(PlanPatchSetsTest, MakesOneSetPerRuleSortedByRule) {
  const PatchPlan plan = PlanPatchSets({
      Fixable("use-nullptr", "/r/b.cpp", 2, 1, {{"/r/b.cpp", 20, 4, "nullptr"}}),
      Fixable("modernize-x", "/r/a.cpp", 1, 1, {{"/r/a.cpp", 0, 3, "auto"}}),
      Fixable("use-nullptr", "/r/a.cpp", 5, 3, {{"/r/a.cpp", 50, 1, "nullptr"}}),
      Fixable("use-nullptr", "/r/a.cpp", 3, 9, {{"/r/a.cpp", 30, 4, "nullptr"}}),
  });
  ASSERT_EQ(plan.sets.size(), 2u);
  EXPECT_TRUE(plan.deferred.empty());

  EXPECT_EQ(plan.sets[0].rule, "modernize-x");
  EXPECT_EQ(Lines(plan.sets[0].findings), std::vector<int>{1});
  EXPECT_EQ(plan.sets[0].edits, (std::vector<Edit>{{"/r/a.cpp", 0, 3, "auto"}}));

  const PatchSet& nullptr_set = plan.sets[1];
  EXPECT_EQ(nullptr_set.rule, "use-nullptr");
  // Findings in file order, edits sorted by file then offset.
  ASSERT_EQ(nullptr_set.findings.size(), 3u);
  EXPECT_EQ(nullptr_set.findings[0].file, "/r/a.cpp");
  EXPECT_EQ(nullptr_set.findings[0].line, 3);
  EXPECT_EQ(nullptr_set.findings[1].line, 5);
  EXPECT_EQ(nullptr_set.findings[2].file, "/r/b.cpp");
  EXPECT_EQ(nullptr_set.edits, (std::vector<Edit>{{"/r/a.cpp", 30, 4, "nullptr"},
                                                  {"/r/a.cpp", 50, 1, "nullptr"},
                                                  {"/r/b.cpp", 20, 4, "nullptr"}}));
}

TEST(PlanPatchSetsTest, IgnoresFindingsWithoutAFix) {
  Finding unfixable = Fixable("function-size", "/r/a.cpp", 1, 1, {});
  Finding unfixable_nullptr = Fixable("use-nullptr", "/r/a.cpp", 9, 1, {});
  const PatchPlan plan = PlanPatchSets(
      {unfixable, unfixable_nullptr, Fixable("use-nullptr", "/r/a.cpp", 2, 1, {{"/r/a.cpp", 10, 4, "nullptr"}})});
  ASSERT_EQ(plan.sets.size(), 1u);  // no empty set for function-size
  EXPECT_EQ(plan.sets[0].rule, "use-nullptr");
  EXPECT_EQ(Lines(plan.sets[0].findings), std::vector<int>{2});
  EXPECT_TRUE(plan.deferred.empty());

  EXPECT_TRUE(PlanPatchSets({unfixable}).sets.empty());
}

TEST(PlanPatchSetsTest, TheSameEditFromTwoTranslationUnitsIsAppliedOnce) {
  // A header included by two translation units is analyzed, and flagged, twice.
  const Finding from_a = Fixable("use-nullptr", "/r/inc/h.h", 4, 10, {{"/r/inc/h.h", 40, 4, "nullptr"}});
  const Finding from_b = from_a;
  const PatchPlan plan = PlanPatchSets({from_a, from_b});
  ASSERT_EQ(plan.sets.size(), 1u);
  EXPECT_TRUE(plan.deferred.empty());
  EXPECT_EQ(plan.sets[0].edits, (std::vector<Edit>{{"/r/inc/h.h", 40, 4, "nullptr"}}));
  // Both reports stay listed as fixed by the set; only the edit is deduplicated.
  EXPECT_EQ(plan.sets[0].findings.size(), 2u);
}

TEST(PlanPatchSetsTest, AFindingSharingOneEditAndAddingAnotherKeepsBoth) {
  const PatchPlan plan = PlanPatchSets({
      Fixable("use-nullptr", "/r/a.cpp", 1, 1, {{"/r/a.cpp", 10, 4, "nullptr"}}),
      Fixable("use-nullptr", "/r/a.cpp", 1, 2, {{"/r/a.cpp", 10, 4, "nullptr"}, {"/r/a.cpp", 20, 1, "nullptr"}}),
  });
  ASSERT_EQ(plan.sets.size(), 1u);
  EXPECT_TRUE(plan.deferred.empty());
  EXPECT_EQ(plan.sets[0].edits, (std::vector<Edit>{{"/r/a.cpp", 10, 4, "nullptr"},
                                                   {"/r/a.cpp", 20, 1, "nullptr"}}));
  EXPECT_EQ(plan.sets[0].findings.size(), 2u);
}

TEST(PlanPatchSetsTest, DefersAnEditOverlappingAnEarlierFindingsEdit) {
  const Finding first = Fixable("use-nullptr", "/r/a.cpp", 2, 5, {{"/r/a.cpp", 20, 10, "nullptr"}});
  const Finding overlapping = Fixable("use-nullptr", "/r/a.cpp", 2, 9, {{"/r/a.cpp", 25, 10, "0"}});
  const Finding clear = Fixable("use-nullptr", "/r/a.cpp", 3, 1, {{"/r/a.cpp", 30, 2, "nullptr"}});
  // Input order does not decide which one wins: the earlier one in the file does.
  const PatchPlan plan = PlanPatchSets({clear, overlapping, first});
  ASSERT_EQ(plan.sets.size(), 2u);
  EXPECT_EQ(Lines(plan.sets[0].findings), (std::vector<int>{2, 3}));
  EXPECT_EQ(plan.sets[0].findings[0].column, 5);
  EXPECT_EQ(plan.sets[0].edits, (std::vector<Edit>{{"/r/a.cpp", 20, 10, "nullptr"},
                                                   {"/r/a.cpp", 30, 2, "nullptr"}}));
  ASSERT_EQ(plan.deferred.size(), 1u);
  EXPECT_EQ(plan.deferred[0].finding.column, 9);
  EXPECT_NE(plan.deferred[0].reason.find("overlaps"), std::string::npos) << plan.deferred[0].reason;
  EXPECT_NE(plan.deferred[0].reason.find("/r/a.cpp offset 25"), std::string::npos)
      << plan.deferred[0].reason;
  // Deferred from the first set, fixed by a second one of the same rule, never by the first.
  EXPECT_TRUE(plan.deferred[0].in_later_set);
  EXPECT_NE(plan.deferred[0].reason.find("fixed in a separate patch set"), std::string::npos);
  EXPECT_EQ(plan.sets[1].rule, "use-nullptr");
  EXPECT_EQ(plan.sets[1].round, 1);
  ASSERT_EQ(plan.sets[1].findings.size(), 1u);
  EXPECT_EQ(plan.sets[1].findings[0].column, 9);
  EXPECT_EQ(plan.sets[1].edits, (std::vector<Edit>{{"/r/a.cpp", 25, 10, "0"}}));
}

TEST(PlanPatchSetsTest, ADeferredFindingContributesNoneOfItsEdits) {
  const PatchPlan plan = PlanPatchSets({
      Fixable("use-nullptr", "/r/a.cpp", 1, 1, {{"/r/a.cpp", 10, 4, "nullptr"}}),
      // Its second edit conflicts, so its first (harmless) edit must not be applied either.
      Fixable("use-nullptr", "/r/a.cpp", 2, 1, {{"/r/a.cpp", 50, 1, "x"}, {"/r/a.cpp", 12, 1, "y"}}),
  });
  ASSERT_EQ(plan.sets.size(), 2u);
  // The second set takes both of its edits together.
  EXPECT_EQ(plan.sets[1].edits,
            (std::vector<Edit>{{"/r/a.cpp", 12, 1, "y"}, {"/r/a.cpp", 50, 1, "x"}}));
  EXPECT_EQ(plan.sets[0].edits, (std::vector<Edit>{{"/r/a.cpp", 10, 4, "nullptr"}}));
  ASSERT_EQ(plan.deferred.size(), 1u);
  EXPECT_EQ(plan.deferred[0].finding.line, 2);
}

TEST(PlanPatchSetsTest, TwoInsertionsAtTheSameOffsetConflict) {
  const PatchPlan plan = PlanPatchSets({
      Fixable("add-x", "/r/a.cpp", 1, 1, {{"/r/a.cpp", 7, 0, "A"}}),
      Fixable("add-x", "/r/a.cpp", 1, 2, {{"/r/a.cpp", 7, 0, "B"}}),
  });
  ASSERT_EQ(plan.sets.size(), 2u);
  EXPECT_EQ(plan.sets[1].edits, (std::vector<Edit>{{"/r/a.cpp", 7, 0, "B"}}));
  EXPECT_EQ(plan.sets[0].edits, (std::vector<Edit>{{"/r/a.cpp", 7, 0, "A"}}));
  ASSERT_EQ(plan.deferred.size(), 1u);
  EXPECT_EQ(plan.deferred[0].finding.column, 2);
}

TEST(PlanPatchSetsTest, AdjacentEditsAndOtherFilesDoNotConflict) {
  const PatchPlan plan = PlanPatchSets({
      Fixable("use-nullptr", "/r/a.cpp", 1, 1, {{"/r/a.cpp", 10, 4, "nullptr"}}),
      Fixable("use-nullptr", "/r/a.cpp", 1, 5, {{"/r/a.cpp", 14, 4, "nullptr"}}),
      Fixable("use-nullptr", "/r/b.cpp", 1, 1, {{"/r/b.cpp", 10, 4, "nullptr"}}),
  });
  ASSERT_EQ(plan.sets.size(), 1u);
  EXPECT_EQ(plan.sets[0].edits.size(), 3u);
  EXPECT_TRUE(plan.deferred.empty());
}

TEST(PlanPatchSetsTest, OverlapsAcrossRulesAreNotConflicts) {
  // Each rule becomes its own branch, so their edits are never applied together.
  const PatchPlan plan = PlanPatchSets({
      Fixable("rule-a", "/r/a.cpp", 1, 1, {{"/r/a.cpp", 10, 4, "x"}}),
      Fixable("rule-b", "/r/a.cpp", 1, 1, {{"/r/a.cpp", 11, 4, "y"}}),
  });
  EXPECT_EQ(plan.sets.size(), 2u);
  EXPECT_TRUE(plan.deferred.empty());
}

TEST(PlanPatchSetsTest, AFindingWhoseOwnEditsOverlapIsDeferred) {
  const PatchPlan plan = PlanPatchSets({
      Fixable("use-nullptr", "/r/a.cpp", 1, 1, {{"/r/a.cpp", 10, 4, "x"}, {"/r/a.cpp", 12, 4, "y"}}),
      Fixable("use-nullptr", "/r/a.cpp", 9, 1, {{"/r/a.cpp", 90, 4, "nullptr"}}),
  });
  ASSERT_EQ(plan.sets.size(), 1u);
  EXPECT_EQ(plan.sets[0].edits, (std::vector<Edit>{{"/r/a.cpp", 90, 4, "nullptr"}}));
  ASSERT_EQ(plan.deferred.size(), 1u);
  EXPECT_EQ(plan.deferred[0].finding.line, 1);
  EXPECT_FALSE(plan.deferred[0].in_later_set);  // no set can ever take it
}

TEST(PlanPatchSetsTest, TwoOverlappingFixesAreSplitIntoTwoPatchSets) {
  const Finding wide =
      Fixable("use-using", "/r/a.cpp", 3, 1, {{"/r/a.cpp", 30, 20, "using T = int;"}});
  const Finding inner = Fixable("use-using", "/r/a.cpp", 3, 9, {{"/r/a.cpp", 38, 3, "long"}});
  const PatchPlan plan = PlanPatchSets({inner, wide});
  ASSERT_EQ(plan.sets.size(), 2u);
  EXPECT_EQ(plan.sets[0].findings.size(), 1u);
  EXPECT_EQ(plan.sets[0].findings[0].column, 1);
  EXPECT_EQ(plan.sets[1].findings.size(), 1u);
  EXPECT_EQ(plan.sets[1].findings[0].column, 9);
  ASSERT_EQ(plan.deferred.size(), 1u);
  EXPECT_EQ(plan.deferred[0].finding.column, 9);
  EXPECT_TRUE(plan.deferred[0].in_later_set);
}

TEST(PlanPatchSetsTest, FindingsOverlappingInEveryRoundStayDeferredAfterMaxRounds) {
  std::vector<Finding> findings;
  for (int i = 0; i < 4; ++i) {
    findings.push_back(
        Fixable("r", "/r/a.cpp", 1, i + 1, {{"/r/a.cpp", 10, 0, std::to_string(i)}}));
  }
  PlanOptions options;
  options.max_rounds = 2;
  const PatchPlan plan = PlanPatchSets(findings, options);
  ASSERT_EQ(plan.sets.size(), 3u);  // the first set and two later ones
  ASSERT_EQ(plan.deferred.size(), 3u);
  EXPECT_TRUE(plan.deferred[0].in_later_set);
  EXPECT_TRUE(plan.deferred[1].in_later_set);
  EXPECT_FALSE(plan.deferred[2].in_later_set);
  EXPECT_EQ(plan.deferred[2].finding.column, 4);
  EXPECT_NE(plan.deferred[2].reason.find("fix.max_rounds"), std::string::npos)
      << plan.deferred[2].reason;
}

TEST(PlanPatchSetsTest, TheSameHeaderEditFromThreeUnitsIsAppliedOnce) {
  const Finding from_unit =
      Fixable("use-nullptr", "/r/inc/h.h", 4, 10, {{"/r/inc/h.h", 40, 4, "nullptr"}});
  const PatchPlan plan = PlanPatchSets({from_unit, from_unit, from_unit});
  ASSERT_EQ(plan.sets.size(), 1u);
  EXPECT_TRUE(plan.deferred.empty());
  EXPECT_EQ(plan.sets[0].edits, (std::vector<Edit>{{"/r/inc/h.h", 40, 4, "nullptr"}}));
}

TEST(PlanPatchSetsTest, SplitsByDirectory) {
  PlanOptions options;
  options.split_by_directory = true;
  const PatchPlan plan = PlanPatchSets(
      {Fixable("use-nullptr", "/r/src/a.cpp", 1, 1, {{"/r/src/a.cpp", 1, 4, "nullptr"}}),
       Fixable("use-nullptr", "/r/lib/b.cpp", 1, 1, {{"/r/lib/b.cpp", 1, 4, "nullptr"}}),
       Fixable("use-nullptr", "/r/src/c.cpp", 1, 1, {{"/r/src/c.cpp", 1, 4, "nullptr"}})},
      options);
  ASSERT_EQ(plan.sets.size(), 2u);
  EXPECT_EQ(plan.sets[0].directory, "/r/lib");
  EXPECT_EQ(plan.sets[0].edits.size(), 1u);
  EXPECT_EQ(plan.sets[1].directory, "/r/src");
  EXPECT_EQ(plan.sets[1].edits.size(), 2u);
}

TEST(PlanPatchSetsTest, SplitsByMaximumFilesAndEdits) {
  std::vector<Finding> findings;
  for (int i = 0; i < 5; ++i) {
    const std::string file = "/r/f" + std::to_string(i) + ".cpp";
    findings.push_back(
        Fixable("use-nullptr", file, 1, 1, {{file, 1, 4, "nullptr"}, {file, 9, 4, "nullptr"}}));
  }
  PlanOptions by_files;
  by_files.max_files = 2;
  const PatchPlan files = PlanPatchSets(findings, by_files);
  ASSERT_EQ(files.sets.size(), 3u);
  EXPECT_EQ(files.sets[0].findings.size(), 2u);
  EXPECT_EQ(files.sets[2].findings.size(), 1u);

  PlanOptions by_edits;
  by_edits.max_edits = 5;  // two findings (4 edits) fit, a third would make 6
  const PatchPlan edits = PlanPatchSets(findings, by_edits);
  ASSERT_EQ(edits.sets.size(), 3u);
  EXPECT_EQ(edits.sets[0].edits.size(), 4u);
  // Deterministic: the same findings give the same sets.
  EXPECT_EQ(PlanPatchSets(findings, by_edits).sets[1].edits, edits.sets[1].edits);
}

TEST(PlanPatchSetsTest, FindingsEditingProtectedFilesGetSetsOfTheirOwnAfterTheRest) {
  PlanOptions options;
  options.protected_globs = {"**/*_test.cc", "tests/**"};
  options.root = "/r";
  const PatchPlan plan = PlanPatchSets(
      {
          Fixable("use-nullptr", "/r/src/a_test.cc", 1, 1,
                  {{"/r/src/a_test.cc", 10, 4, "nullptr"}}),
          Fixable("use-nullptr", "/r/src/a.cc", 2, 1, {{"/r/src/a.cc", 20, 4, "nullptr"}}),
          Fixable("use-nullptr", "/r/src/b.cc", 3, 1, {{"/r/src/b.cc", 30, 4, "nullptr"}}),
          // A finding with one edit in a protected file is protected as a whole.
          Fixable("use-nullptr", "/r/src/c.h", 4, 1,
                  {{"/r/src/c.h", 5, 4, "nullptr"}, {"/r/tests/c.cc", 7, 4, "nullptr"}}),
      },
      options);
  ASSERT_EQ(plan.sets.size(), 2u);
  EXPECT_TRUE(plan.deferred.empty());
  EXPECT_FALSE(plan.sets[0].protected_files);
  EXPECT_EQ(Lines(plan.sets[0].findings), (std::vector<int>{2, 3}));
  EXPECT_TRUE(plan.sets[1].protected_files);
  EXPECT_EQ(Lines(plan.sets[1].findings), (std::vector<int>{1, 4}));
  EXPECT_EQ(plan.sets[1].edits.size(), 3u);
}

TEST(PlanPatchSetsTest, ARuleAllowedToMergeProtectedEditsKeepsOneSet) {
  PlanOptions options;
  options.protected_globs = {"**/*_test.cc"};
  options.root = "/r";
  options.rules_merging_protected = {"use-nullptr"};
  const PatchPlan plan = PlanPatchSets(
      {
          Fixable("use-nullptr", "/r/src/a_test.cc", 1, 1,
                  {{"/r/src/a_test.cc", 10, 4, "nullptr"}}),
          Fixable("use-nullptr", "/r/src/a.cc", 2, 1, {{"/r/src/a.cc", 20, 4, "nullptr"}}),
          Fixable("use-override", "/r/src/b_test.cc", 3, 1,
                  {{"/r/src/b_test.cc", 5, 0, " override"}}),
          Fixable("use-override", "/r/src/b.cc", 4, 1, {{"/r/src/b.cc", 5, 0, " override"}}),
      },
      options);
  ASSERT_EQ(plan.sets.size(), 3u);
  EXPECT_EQ(plan.sets[0].rule, "use-nullptr");
  EXPECT_EQ(plan.sets[0].findings.size(), 2u);
  EXPECT_EQ(plan.sets[1].rule, "use-override");
  EXPECT_FALSE(plan.sets[1].protected_files);
  EXPECT_TRUE(plan.sets[2].protected_files);
}

TEST(PlanPatchSetsTest, WithoutProtectedGlobsOneSetHoldsEveryFile) {
  const PatchPlan plan = PlanPatchSets({
      Fixable("use-nullptr", "/r/src/a_test.cc", 1, 1, {{"/r/src/a_test.cc", 10, 4, "nullptr"}}),
      Fixable("use-nullptr", "/r/src/a.cc", 2, 1, {{"/r/src/a.cc", 20, 4, "nullptr"}}),
  });
  ASSERT_EQ(plan.sets.size(), 1u);
  EXPECT_FALSE(plan.sets[0].protected_files);
}

TEST(WithCanonicalPathsTest, AHeaderReachedThroughASymlinkOrDotDotIsOneFile) {
  nova::testing::TempDir dir;
  nova::testing::WriteFile(dir.path() / "inc/h.h", "int* p = NULL;\n");
  std::filesystem::create_directory(dir.path() / "src");
  std::filesystem::create_symlink(dir.path() / "inc", dir.path() / "linked");
  const std::string real = (dir.path() / "inc/h.h").string();
  const std::string via_link = (dir.path() / "linked/h.h").string();
  const std::string via_dots = (dir.path() / "src/../inc/h.h").string();
  const PatchPlan plan = PlanPatchSets(WithCanonicalPaths({
      Fixable("use-nullptr", real, 1, 10, {{real, 9, 4, "nullptr"}}),
      Fixable("use-nullptr", via_link, 1, 10, {{via_link, 9, 4, "nullptr"}}),
      Fixable("use-nullptr", via_dots, 1, 10, {{via_dots, 9, 4, "nullptr"}}),
  }));
  ASSERT_EQ(plan.sets.size(), 1u);
  EXPECT_TRUE(plan.deferred.empty());
  EXPECT_EQ(plan.sets[0].edits, (std::vector<Edit>{{real, 9, 4, "nullptr"}}));
  for (const Finding& f : plan.sets[0].findings) EXPECT_EQ(f.file, real);
}

}  // namespace
}  // namespace nova::refactorer
