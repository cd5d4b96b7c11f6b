// End to end: `nova fix --dry-run` on the demo repository prints the patch sets' diffs and
// changes nothing: no branch, no sandbox run, no merge.
#include <gtest/gtest.h>

#include "e2e_fixture.h"

namespace nova::testing {
namespace {

class FixDryRunE2eTest : public ::testing::Test {
 protected:
  std::filesystem::path repo() const { return temp_.path() / "repo"; }

  // `nova fix . --dry-run -q` on the repo, which must succeed; the text tests all start so.
  void DryRun(NovaRun& run) const {
    run = RunNova(repo(), "fix . --dry-run -q", false);
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }

  TempDir temp_;
};

TEST_F(FixDryRunE2eTest, PrintsTheUnifiedDiffAndCreatesNoBranch) {
  CreateDemoRepo(repo());
  const RepoSnapshot before = SnapshotRepo(repo(), "");
  NovaRun run;
  ASSERT_NO_FATAL_FAILURE(DryRun(run));
  EXPECT_NE(run.output.find("dry run: no branch written, nothing built or merged\n"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("would write nova/use-nullptr/"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("--- a/demo.cpp\n+++ b/demo.cpp\n"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("-  if (text == NULL) return NULL;\n"
                            "+  if (text == nullptr) return nullptr;\n"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(run.output.find("base "), std::string::npos) << "nothing was verified: " << run.output;
  EXPECT_EQ(Git(repo(), "branch --list 'nova/*'"), "");
  EXPECT_EQ(SnapshotRepo(repo(), ""), before);

  // The diff applies to the base as it is.
  const std::size_t start = run.output.find("diff --git");
  ASSERT_NE(start, std::string::npos);
  WriteFile(temp_.path() / "fix.diff", run.output.substr(start));
  EXPECT_EQ(RunShell(repo(), "git apply --check ../fix.diff").exit_code, 0);
}

// Regression: without DIR, nova fix acted on the checkout Nova was built from, wherever the user
// stood. Like git, it now works on the repository holding the current directory, from its root.
TEST_F(FixDryRunE2eTest, WithoutDirItFixesTheRepositoryHoldingTheCurrentDirectory) {
  CreateDemoRepo(repo());
  std::filesystem::create_directories(repo() / "sub" / "deeper");
  const std::filesystem::path here = repo() / "sub" / "deeper";
  CommandResult run = RunShell(here, std::string(NOVA_BINARY) + " fix --dry-run -q");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("--- a/demo.cpp\n+++ b/demo.cpp\n"), std::string::npos) << run.output;

  // The merge target is looked up in that repository, and the error says which one.
  CommandResult missing =
      RunShell(here, std::string(NOVA_BINARY) + " fix --merge-into integration");
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("'integration' does not exist in " +
                                std::filesystem::canonical(repo()).string()),
            std::string::npos)
      << missing.output;

  // Outside any repository, it says there is none instead of picking another.
  TempDir outside;
  CommandResult nowhere = RunShell(outside.path(), std::string(NOVA_BINARY) + " fix --dry-run -q");
  EXPECT_EQ(nowhere.exit_code, 2) << nowhere.output;
  EXPECT_NE(nowhere.output.find("no git repository"), std::string::npos) << nowhere.output;
}

TEST_F(FixDryRunE2eTest, JsonCarriesEachDiffAndTheDryRunFlag) {
  CreateDemoRepo(repo());
  NovaRun run = RunNova(repo(), "fix . --dry-run -q --format json", true);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_TRUE(run.report.is_object()) << run.output;
  EXPECT_EQ(run.report["dry_run"], true);
  ASSERT_EQ(run.report["patches"].size(), 1u);
  const auto& patch = run.report["patches"][0];
  EXPECT_TRUE(patch["commit"].get<std::string>().empty());
  EXPECT_NE(patch["diff"].get<std::string>().find("+  return nullptr;\n"), std::string::npos)
      << patch.dump(2);
  EXPECT_TRUE(patch["hold"].is_null());
  EXPECT_EQ(run.report["dropped"], nlohmann::json::array());
  EXPECT_EQ(Git(repo(), "branch --list 'nova/*'"), "");
}

TEST_F(FixDryRunE2eTest, WithAClangFormatOnlyTheTouchedLinesAreFormatted) {
  CreateDemoRepo(repo());
  WriteFile(repo() / ".clang-format", "BasedOnStyle: Google\n");
  WriteFile(repo() / "demo.cpp",
            "#include \"demo.h\"\n#include <cstddef>\n\n"
            "const char* Find(const char* text, char c) {\n"
            "  if (text==NULL)   return NULL;\n"
            "  for (; *text != '\\0'; ++text) {\n    if (*text == c) return text;\n  }\n"
            "  return   text; }\n"
            "int   Other( ) {return 1;}\n");
  Git(repo(), "commit -qam messy");
  Git(repo(), "add .clang-format");
  Git(repo(), "commit -qm style");
  NovaRun run;
  ASSERT_NO_FATAL_FAILURE(DryRun(run));
  EXPECT_NE(run.output.find(
                "-  if (text==NULL)   return NULL;\n+  if (text == nullptr) return nullptr;\n"),
            std::string::npos)
      << run.output;
  // Untouched lines, however messy, are not in the diff.
  EXPECT_EQ(run.output.find("+int Other"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("+  return text;"), std::string::npos) << run.output;
}

TEST_F(FixDryRunE2eTest, WithoutDryRunTheTargetIsStillRequired) {
  CreateDemoRepo(repo());
  NovaRun run = RunNova(repo(), "fix .", false);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("--merge-into BRANCH is required (or --dry-run)"), std::string::npos)
      << run.output;
}

}  // namespace
}  // namespace nova::testing
