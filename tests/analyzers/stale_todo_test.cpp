#include <gtest/gtest.h>

#include <chrono>

#include "analyzers/analyzer.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

using testing::TempDir;
using testing::WriteFile;
using nova::testing::kDay;
using nova::testing::Now;

void InitOldRepo(const std::filesystem::path& dir) {
  nova::testing::Git(dir, "init -q");
  nova::testing::CommitAt(dir, "old", "Jane Doe", Now() - 400 * kDay);
}

TEST(StaleTodoTest, GoldenFixtureWithRecentAndUncommittedMarkersLeftAlone) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("stale-todo", dir.path());
  InitOldRepo(dir.path());
  const std::string notes = testing::ReadFile(dir.path() / "notes.cpp");
  WriteFile(dir.path() / "notes.cpp", notes + "// TODO: recent work, not stale yet\n");
  nova::testing::CommitAt(dir.path(), "recent", "John Roe", Now() - 2 * kDay);
  WriteFile(dir.path() / "notes.cpp",
            "// FIXME: uncommitted, so new\n" + notes + "// TODO: recent work, not stale yet\n");
  // The uncommitted line shifts every line by one: blame follows the working file, and so do
  // the EXPECT comments.
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->findings.size(), 7u) << testing::DumpFindings(result->findings);
  testing::ExpectMatchesGolden(*result, dir.path());
}

TEST(StaleTodoTest, MessageGivesMarkerAgeAuthorAndText) {
  TempDir dir;
  AnalyzeOptions options = testing::WriteProject(
      dir.path(), {{"a.cpp", "int A() { return 0; }\n  // TODO: remove once v2 ships\n"}});
  options.rules = {"stale-todo"};
  InitOldRepo(dir.path());
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->findings.size(), 1u) << testing::DumpFindings(result->findings);
  const core::Finding& finding = result->findings[0];
  EXPECT_EQ(finding.message, "TODO from 400 days ago by Jane Doe: remove once v2 ships");
  EXPECT_EQ(finding.severity, core::Severity::kNote);
  EXPECT_EQ(finding.line, 2);
  EXPECT_EQ(finding.column, 6);
  EXPECT_EQ(finding.end_column, 10);
  auto details = nlohmann::json::parse(finding.details);
  EXPECT_EQ(details["age_days"], 400);
  EXPECT_EQ(details["author"], "Jane Doe");
}

TEST(StaleTodoTest, MaxAgeDaysRaisesTheBar) {
  TempDir dir;
  AnalyzeOptions options =
      testing::WriteProject(dir.path(), {{"a.cpp", "// FIXME: old\nint A() { return 0; }\n"}});
  options.rules = {"stale-todo"};
  options.rule_options["stale-todo"] = {{"max_age_days", 400}};
  InitOldRepo(dir.path());
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->findings.empty()) << testing::DumpFindings(result->findings);
  options.rule_options["stale-todo"] = {{"max_age_days", 399}};
  result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->findings.size(), 1u);
}

TEST(StaleTodoTest, FilesOutsideAnyRepositoryOrUntrackedAreNotReported) {
  TempDir dir;
  AnalyzeOptions options =
      testing::WriteProject(dir.path(), {{"a.cpp", "// TODO: not in git\nint A() { return 0; }\n"}});
  options.rules = {"stale-todo"};
  auto result = Analyze(options);  // no repository at all
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->findings.empty()) << testing::DumpFindings(result->findings);

  nova::testing::Git(dir.path(), "init -q");  // a repository, but a.cpp never committed
  nova::testing::WriteFile(dir.path() / "other.txt", "x\n");
  nova::testing::Git(dir.path(), "add other.txt");
  nova::testing::Git(dir.path(), "commit -q -m other");
  result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->findings.empty()) << testing::DumpFindings(result->findings);
}

// A history that cannot be read is the run's problem, named with the file, never a silent
// "nothing stale": here the committed blob of a.cpp is corrupt.
TEST(StaleTodoTest, ABlameThatFailsIsAProblemNamingTheFile) {
  TempDir dir;
  AnalyzeOptions options =
      testing::WriteProject(dir.path(), {{"a.cpp", "// TODO: old\nint A() { return 0; }\n"}});
  options.rules = {"stale-todo"};
  nova::testing::Git(dir.path(), "init -q");
  nova::testing::CommitAt(dir.path(), "old", "Jane Doe", Now() - 400 * kDay);
  std::string blob = nova::testing::Git(dir.path(), "rev-parse HEAD:a.cpp");
  blob.erase(blob.find_last_not_of("\n") + 1);
  const std::filesystem::path object =
      dir.path() / ".git" / "objects" / blob.substr(0, 2) / blob.substr(2);
  ASSERT_TRUE(std::filesystem::exists(object)) << object;
  std::filesystem::permissions(object, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  WriteFile(object, "not a zlib stream");
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->findings.empty()) << testing::DumpFindings(result->findings);
  ASSERT_EQ(result->problems.size(), 1u);
  EXPECT_EQ(result->problems[0].file, (dir.path() / "a.cpp").string());
  EXPECT_NE(result->problems[0].message.find("stale-todo: git blame failed, 1 marker(s) not dated"),
            std::string::npos)
      << result->problems[0].message;
}

TEST(StaleTodoTest, RejectsBadOptions) {
  core::Status status = ValidateRuleOptions({{"stale-todo", {{"max_age_days", -1}}}});
  EXPECT_EQ(status.code(), core::StatusCode::kInvalidArgument);
  status = ValidateRuleOptions({{"stale-todo", {{"days", 3}}}});
  EXPECT_EQ(status.code(), core::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace nova::analyzers
