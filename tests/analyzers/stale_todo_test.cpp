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

// The committed blob of `file` in `dir`'s HEAD, overwritten with garbage: any blame of it fails.
void CorruptCommittedBlob(const std::filesystem::path& dir, const std::string& file) {
  std::string blob = nova::testing::Git(dir, "rev-parse HEAD:" + file);
  blob.erase(blob.find_last_not_of("\n") + 1);
  const std::filesystem::path object = dir / ".git" / "objects" / blob.substr(0, 2) / blob.substr(2);
  ASSERT_TRUE(std::filesystem::exists(object)) << object;
  std::filesystem::permissions(object, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  WriteFile(object, "not a zlib stream");
}

// A second run on the same commit and content blames nothing: the dates come from the cache.
// Proof: the file's committed blob is made unreadable between the runs, which a blame would
// report as a problem.
TEST(StaleTodoTest, ASecondRunTakesItsBlamesFromTheCache) {
  TempDir dir;
  AnalyzeOptions options = testing::WriteProject(
      dir.path(), {{"a.cpp", "// TODO: old\nint A() { return 0; }\n// FIXME: older\n"}});
  options.rules = {"stale-todo"};
  options.cache_dir = dir.path() / ".nova" / "cache";
  InitOldRepo(dir.path());
  auto first = Analyze(options);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->findings.size(), 2u) << testing::DumpFindings(first->findings);
  CorruptCommittedBlob(dir.path(), "a.cpp");
  auto second = Analyze(options);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(second->problems.empty()) << second->problems[0].message;
  EXPECT_EQ(testing::DumpFindings(second->findings), testing::DumpFindings(first->findings));
  // Without the cache the blame is needed, and fails.
  options.cache_dir.clear();
  auto uncached = Analyze(options);
  ASSERT_TRUE(uncached.ok());
  EXPECT_EQ(uncached->problems.size(), 1u);
}

// The cache holds the marker lines only, not the whole file's blame.
TEST(StaleTodoTest, OnlyTheMarkerLinesAreCached) {
  TempDir dir;
  AnalyzeOptions options = testing::WriteProject(
      dir.path(), {{"a.cpp", "int A() { return 0; }\n// TODO: two\nint B();\nint C();\n"
                             "// XXX: five\nint D();\n"}});
  options.rules = {"stale-todo"};
  options.cache_dir = dir.path() / ".nova" / "cache";
  InitOldRepo(dir.path());
  ASSERT_TRUE(Analyze(options).ok());
  std::vector<std::filesystem::path> entries;
  for (const auto& e : std::filesystem::recursive_directory_iterator(options.cache_dir / "stale-todo")) {
    if (e.is_regular_file()) entries.push_back(e.path());
  }
  ASSERT_EQ(entries.size(), 1u);
  const nlohmann::json entry = nlohmann::json::parse(testing::ReadFile(entries[0]));
  std::vector<std::string> lines;
  for (const auto& [line, blame] : entry.at("lines").items()) lines.push_back(line);
  EXPECT_EQ(lines, (std::vector<std::string>{"2", "5"}));
  EXPECT_EQ(entry.at("lines").at("2").at(2), "Jane Doe");
}

// Same content, another history: the file was recommitted recently on a new root, so its TODO
// is no longer old. A blame cached for the old HEAD must not answer for the new one.
TEST(StaleTodoTest, ANewHeadBlamesAgain) {
  TempDir dir;
  TempDir cache;  // outside the repository, which the commits below must not take in
  AnalyzeOptions options =
      testing::WriteProject(dir.path(), {{"a.cpp", "// TODO: old\nint A() { return 0; }\n"}});
  options.rules = {"stale-todo"};
  options.cache_dir = cache.path();
  InitOldRepo(dir.path());
  std::string branch = nova::testing::Git(dir.path(), "rev-parse --abbrev-ref HEAD");
  branch.erase(branch.find_last_not_of("\n") + 1);
  auto old_history = Analyze(options);
  ASSERT_TRUE(old_history.ok());
  ASSERT_EQ(old_history->findings.size(), 1u);
  nova::testing::Git(dir.path(), "checkout -q --orphan fresh");
  nova::testing::CommitAt(dir.path(), "recommitted", "John Roe", Now() - 10 * kDay);
  auto new_history = Analyze(options);
  ASSERT_TRUE(new_history.ok());
  EXPECT_TRUE(new_history->findings.empty()) << testing::DumpFindings(new_history->findings);
  // And an edit of the file (same HEAD) is blamed again too: the new line is uncommitted.
  nova::testing::Git(dir.path(), "checkout -q -f " + branch);
  WriteFile(dir.path() / "a.cpp", "// TODO: old\n// TODO: new\nint A() { return 0; }\n");
  auto edited = Analyze(options);
  ASSERT_TRUE(edited.ok());
  ASSERT_EQ(edited->findings.size(), 1u) << testing::DumpFindings(edited->findings);
  EXPECT_EQ(edited->findings[0].line, 1);
}

// A blame cache that cannot be written leaves the findings right and says so in a note.
TEST(StaleTodoTest, ABlameThatCannotBeCachedIsANote) {
  TempDir dir;
  AnalyzeOptions options =
      testing::WriteProject(dir.path(), {{"a.cpp", "// TODO: old\nint A() { return 0; }\n"}});
  options.rules = {"stale-todo"};
  options.cache_dir = dir.path() / ".nova" / "cache";
  InitOldRepo(dir.path());
  WriteFile(options.cache_dir / "stale-todo", "a file where the folder would go");
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->findings.size(), 1u);
  ASSERT_EQ(result->notes.size(), 1u);
  EXPECT_EQ(result->notes[0].rfind("a.cpp: stale-todo: blame not cached: ", 0), 0u)
      << result->notes[0];
}

TEST(StaleTodoTest, RejectsBadOptions) {
  core::Status status = ValidateRuleOptions({{"stale-todo", {{"max_age_days", -1}}}});
  EXPECT_EQ(status.code(), core::StatusCode::kInvalidArgument);
  status = ValidateRuleOptions({{"stale-todo", {{"days", 3}}}});
  EXPECT_EQ(status.code(), core::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace nova::analyzers
