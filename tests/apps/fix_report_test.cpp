// The fix report renders what the refactorer decided: dropped sets with their diagnostic,
// deferred findings with their reason, held sets and a dry run's diffs.
#include "apps/fix_report.h"

#include <gtest/gtest.h>

namespace nova::app {
namespace {

PatchBranches Decisions(bool dry_run) {
  PatchBranches patches;
  patches.dry_run = dry_run;
  refactorer::PatchBranch branch;
  branch.rule = "use-nullptr";
  branch.branch = "nova/use-nullptr/0123456789";
  branch.files = {"tests/a_test.cpp"};
  branch.findings = 1;
  branch.hold = "it edits test or build files (tests/a_test.cpp)";
  branch.diff = dry_run ? "diff --git a/tests/a_test.cpp b/tests/a_test.cpp\n" : "";
  patches.branches.push_back(branch);
  refactorer::DeferredFinding deferred;
  deferred.finding.rule = "use-using";
  deferred.finding.file = "/r/a.cpp";
  deferred.finding.line = 3;
  deferred.reason =
      "its edit at /r/a.cpp offset 38 overlaps an edit of an earlier finding; fixed "
      "in a separate patch set";
  deferred.in_later_set = true;
  patches.deferred.push_back(deferred);
  patches.dropped.push_back({"use-override",
                             "nova/use-override/abcdef0123",
                             {"inc/h.h"},
                             2,
                             "/r/inc/h.h:2:36: error: unknown type name 'overide'",
                             "/r/a.cpp"});
  patches.notes.push_back("inc/h.h: not formatted: clang-format exited 1");
  return patches;
}

TEST(FixReportTest, TextSaysWhatWasDroppedDeferredAndWhatADryRunWouldWrite) {
  const PatchBranches patches = Decisions(true);
  FixReportInput input;
  input.base = "0123456789abcdef";
  input.patches = &patches;
  EXPECT_EQ(RenderFixText(input),
            "dry run: no branch written, nothing built or merged\n"
            "would write nova/use-nullptr/0123456789 (1 use-nullptr finding, 1 file)\n"
            "  never merged automatically: it edits test or build files (tests/a_test.cpp)\n"
            "diff --git a/tests/a_test.cpp b/tests/a_test.cpp\n"
            "dropped before the sandbox: nova/use-override/abcdef0123 (2 use-override findings): "
            "the reparse of /r/a.cpp adds: /r/inc/h.h:2:36: error: unknown type name 'overide'\n"
            "deferred: /r/a.cpp:3 [use-using]: its edit at /r/a.cpp offset 38 overlaps an edit of "
            "an earlier finding; fixed in a separate patch set\n"
            "note: inc/h.h: not formatted: clang-format exited 1\n");
}

TEST(FixReportTest, JsonListsDroppedSetsDeferredFindingsAndHolds) {
  const PatchBranches patches = Decisions(false);
  FixReportInput input;
  input.patches = &patches;
  const nlohmann::json json = FixReportJson(input);
  EXPECT_EQ(json["dry_run"], false);
  EXPECT_EQ(json["patches"][0]["hold"], "it edits test or build files (tests/a_test.cpp)");
  EXPECT_TRUE(json["patches"][0]["diff"].is_null());
  EXPECT_EQ(json["deferred"][0]["in_later_set"], true);
  EXPECT_EQ(json["dropped"][0]["branch"], "nova/use-override/abcdef0123");
  EXPECT_EQ(json["dropped"][0]["files"], nlohmann::json::array({"inc/h.h"}));
  EXPECT_EQ(json["dropped"][0]["unit"], "/r/a.cpp");
  EXPECT_EQ(json["dropped"][0]["diagnostic"],
            "/r/inc/h.h:2:36: error: unknown type name 'overide'");
  EXPECT_EQ(json["notes"][0], "inc/h.h: not formatted: clang-format exited 1");
}

}  // namespace
}  // namespace nova::app
