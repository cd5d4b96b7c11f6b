#include "refactorer/fix_pipeline.h"

#include <gtest/gtest.h>

#include <cctype>
#include <optional>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace nova::refactorer {
namespace {

namespace fs = std::filesystem;
using analyzers::libclang::CompileCommand;
using core::Finding;
using core::git::Repository;
using nova::testing::Git;

// h.h is included by three units, one of them through a symlinked directory.
constexpr const char* kHeader = "#pragma once\ninline int* Null() { return 0; }\n";
// The offset of the 0 after "return".
constexpr std::uint64_t kZero = 41;

class FixPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nova::testing::InitRepo(
        dir_.path(), {{"inc/h.h", kHeader},
                      {"a.cpp", "#include \"inc/h.h\"\nint* A() { return Null(); }\n"},
                      {"b.cpp", "#include \"linked/h.h\"\nint* B() { return Null(); }\n"},
                      {"c.cpp", "#include \"src/../inc/h.h\"\nint* C() { return Null(); }\n"},
                      {"tests/d_test.cpp", "int D() { return 0; }\n"}});
    fs::create_directory(dir_.path() / "src");
    fs::create_symlink(dir_.path() / "inc", dir_.path() / "linked");
    auto repo = Repository::Discover(dir_.path());
    ASSERT_TRUE(repo.ok()) << repo.status().ToString();
    repo_.emplace(std::move(*repo));
    auto base = repo_->ResolveCommit("HEAD");
    ASSERT_TRUE(base.ok());
    base_ = *base;
    for (const char* name : {"a.cpp", "b.cpp", "c.cpp", "tests/d_test.cpp"}) {
      options_.units.push_back(
          CompileCommand{dir_.path() / name,
                         dir_.path(),
                         {"clang++", "-std=c++20", "-Wall", "-c", (dir_.path() / name).string()}});
    }
    options_.settings.protected_paths = core::DefaultProtectedPaths();
  }

  // A finding in h.h as the unit reaching it through `spelled` reports it.
  Finding HeaderFinding(const std::string& rule, const std::string& spelled, std::uint64_t offset,
                        std::uint64_t length, const std::string& replacement) const {
    Finding f;
    f.rule = rule;
    f.file = (dir_.path() / spelled).string();
    f.line = 2;
    f.column = 41;
    f.message = rule + " here";
    f.snippet = "0";
    f.fix = {{f.file, offset, length, replacement}};
    return f;
  }

  std::string NovaBranches() { return Git(dir_.path(), "branch --list 'nova/*'"); }

  nova::testing::TempDir dir_;
  std::optional<Repository> repo_;
  core::git::ObjectId base_;
  FixPipelineOptions options_;
};

TEST_F(FixPipelineTest, TheSameHeaderEditFromThreeUnitsAndASymlinkIsAppliedOnce) {
  auto result =
      RunFixPipeline(*repo_, base_,
                     {HeaderFinding("use-nullptr", "inc/h.h", kZero, 1, "nullptr"),
                      HeaderFinding("use-nullptr", "linked/h.h", kZero, 1, "nullptr"),
                      HeaderFinding("use-nullptr", "src/../inc/h.h", kZero, 1, "nullptr")},
                     options_);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->dropped.empty()) << result->dropped[0].diagnostic;
  EXPECT_TRUE(result->deferred.empty());
  ASSERT_EQ(result->branches.size(), 1u);
  EXPECT_EQ(result->branches[0].files, std::vector<std::string>{"inc/h.h"});
  EXPECT_EQ(Git(dir_.path(), "show " + result->branches[0].branch + ":inc/h.h"),
            "#pragma once\ninline int* Null() { return nullptr; }\n");
  EXPECT_TRUE(result->branches[0].hold.empty());
}

TEST_F(FixPipelineTest, AFileNotInTheBaseCommitIsDeferredAndTheOtherSetsGoOn) {
  // A vendored copy that git does not track (in leveldb, googletest's sources standing where the
  // base commit has a submodule) used to stop the whole run with "the path ... is not a tree".
  fs::create_directories(dir_.path() / "third_party/gtest");
  nova::testing::WriteFile(dir_.path() / "third_party/gtest/g.h", kHeader);
  auto result = RunFixPipeline(
      *repo_, base_,
      {HeaderFinding("use-nullptr", "inc/h.h", kZero, 1, "nullptr"),
       HeaderFinding("use-nullptr", "third_party/gtest/g.h", kZero, 1, "nullptr"),
       HeaderFinding("use-nullptr", "../elsewhere.h", kZero, 1, "nullptr")},
      options_);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->branches.size(), 1u);
  EXPECT_EQ(result->branches[0].files, std::vector<std::string>{"inc/h.h"});
  ASSERT_EQ(result->deferred.size(), 2u);
  std::string reasons;
  for (const DeferredFinding& d : result->deferred) {
    EXPECT_FALSE(d.in_later_set);
    reasons += d.reason + "\n";
  }
  EXPECT_NE(reasons.find("not patched: third_party/gtest/g.h is not in the repository at " +
                         base_.substr(0, 12)),
            std::string::npos)
      << reasons;
  EXPECT_NE(reasons.find("elsewhere.h is outside the repository"), std::string::npos) << reasons;
}

TEST_F(FixPipelineTest, APatchThatBreaksCompilationIsDroppedBeforeTheSandbox) {
  // "nullpt" does not compile in any of the three units; the other rule's fix does.
  auto result = RunFixPipeline(*repo_, base_,
                               {HeaderFinding("broken-fix", "inc/h.h", kZero, 1, "nullpt"),
                                HeaderFinding("use-nullptr", "inc/h.h", kZero, 1, "nullptr")},
                               options_);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->dropped.size(), 1u);
  const DroppedPatch& dropped = result->dropped[0];
  EXPECT_EQ(dropped.rule, "broken-fix");
  EXPECT_EQ(dropped.files, std::vector<std::string>{"inc/h.h"});
  EXPECT_EQ(dropped.unit, (dir_.path() / "a.cpp").string());
  EXPECT_NE(dropped.diagnostic.find("h.h:2:"), std::string::npos) << dropped.diagnostic;
  EXPECT_NE(dropped.diagnostic.find("nullpt"), std::string::npos) << dropped.diagnostic;
  EXPECT_TRUE(dropped.branch.starts_with("nova/broken-fix/"));
  // Only the good set became a branch (and so a sandbox candidate); the dropped one was never
  // written.
  ASSERT_EQ(result->branches.size(), 1u);
  EXPECT_EQ(result->branches[0].rule, "use-nullptr");
  EXPECT_EQ(NovaBranches(), "  " + result->branches[0].branch + "\n");
}

TEST_F(FixPipelineTest, WithoutTheProofABreakingPatchIsWritten) {
  options_.settings.reparse_proof = false;
  auto result = RunFixPipeline(
      *repo_, base_, {HeaderFinding("broken-fix", "inc/h.h", kZero, 1, "nullpt")}, options_);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->dropped.empty());
  EXPECT_EQ(result->branches.size(), 1u);
}

TEST_F(FixPipelineTest, ASetTouchingTestFilesIsProposedButHeldUnlessItsRuleMayMergeThem) {
  Finding in_test;
  in_test.rule = "magic";
  in_test.file = (dir_.path() / "tests/d_test.cpp").string();
  in_test.line = 1;
  in_test.column = 18;
  in_test.message = "magic number";
  in_test.fix = {{in_test.file, 17, 1, "1 - 1"}};
  auto held = RunFixPipeline(*repo_, base_, {in_test}, options_);
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  ASSERT_EQ(held->branches.size(), 1u);
  EXPECT_FALSE(held->branches[0].commit.empty());  // still proposed as a branch
  EXPECT_EQ(held->branches[0].hold,
            "it edits test or build files (tests/d_test.cpp), which fix.merge_protected does not "
            "allow magic to merge");

  options_.settings.merge_protected = {"magic"};
  auto allowed = RunFixPipeline(*repo_, base_, {in_test}, options_);
  ASSERT_TRUE(allowed.ok()) << allowed.status().ToString();
  ASSERT_EQ(allowed->branches.size(), 1u);
  EXPECT_TRUE(allowed->branches[0].hold.empty());
}

// Regression: a rule's source and test edits used to share one set, which fix.merge_protected
// then held whole, so green source fixes waited for a person along with the test edits.
TEST_F(FixPipelineTest, TestFileEditsGetTheirOwnHeldSetAndTheSourceSetIsNotHeld) {
  Finding in_test;
  in_test.rule = "use-nullptr";
  in_test.file = (dir_.path() / "tests/d_test.cpp").string();
  in_test.line = 1;
  in_test.column = 18;
  in_test.message = "zero as null";
  in_test.fix = {{in_test.file, 17, 1, "1 - 1"}};
  auto result = RunFixPipeline(
      *repo_, base_, {HeaderFinding("use-nullptr", "inc/h.h", kZero, 1, "nullptr"), in_test},
      options_);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->branches.size(), 2u);
  const PatchBranch& source = result->branches[0];
  const PatchBranch& tests = result->branches[1];
  EXPECT_EQ(source.files, std::vector<std::string>{"inc/h.h"});
  EXPECT_TRUE(source.hold.empty()) << source.hold;
  EXPECT_EQ(tests.files, std::vector<std::string>{"tests/d_test.cpp"});
  EXPECT_NE(tests.hold.find("tests/d_test.cpp"), std::string::npos) << tests.hold;
  EXPECT_NE(source.branch, tests.branch);
}

TEST(ProtectedFilesTest, TheDefaultsCoverTestDirectoriesTestFilesAndBuildFiles) {
  std::vector<FileChange> changes;
  for (const char* path :
       {"test/a.cpp", "src/tests/b.cpp", "src/c_test.cc", "CMakeLists.txt", "lib/CMakeLists.txt",
        "cmake/deps.cmake", "src/contest.cpp", "src/testing.h", "src/latest/x.cpp"}) {
    changes.push_back({path, "/r/" + std::string(path), "", ""});
  }
  EXPECT_EQ(ProtectedFiles(changes, core::DefaultProtectedPaths()),
            (std::vector<std::string>{"CMakeLists.txt", "cmake/deps.cmake", "lib/CMakeLists.txt",
                                      "src/c_test.cc", "src/tests/b.cpp", "test/a.cpp"}));
}

TEST_F(FixPipelineTest, ADryRunRendersTheDiffAndWritesNothing) {
  options_.dry_run = true;
  const std::string objects_before =
      nova::testing::RunShell(dir_.path(), "git count-objects").output;
  auto result = RunFixPipeline(
      *repo_, base_, {HeaderFinding("use-nullptr", "inc/h.h", kZero, 1, "nullptr")}, options_);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->branches.size(), 1u);
  const PatchBranch& branch = result->branches[0];
  EXPECT_TRUE(branch.commit.empty());
  EXPECT_TRUE(branch.branch.starts_with("nova/use-nullptr/"));
  EXPECT_NE(branch.diff.find("--- a/inc/h.h\n+++ b/inc/h.h\n"), std::string::npos) << branch.diff;
  EXPECT_NE(branch.diff.find(
                "-inline int* Null() { return 0; }\n+inline int* Null() { return nullptr; }\n"),
            std::string::npos)
      << branch.diff;
  EXPECT_EQ(NovaBranches(), "");
  EXPECT_EQ(nova::testing::RunShell(dir_.path(), "git count-objects").output, objects_before);

  // The branch a real run writes has the name the dry run announced.
  options_.dry_run = false;
  auto written = RunFixPipeline(
      *repo_, base_, {HeaderFinding("use-nullptr", "inc/h.h", kZero, 1, "nullptr")}, options_);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_EQ(written->branches[0].branch, branch.branch);
}

// Records what it was asked and upper-cases the content, so its work is visible.
class RecordingFormatter final : public LineFormatter {
 public:
  core::Result<std::string> Format(const std::string& style, const std::string& content,
                                   const std::string& relative_path,
                                   const LineRanges& lines) override {
    calls.push_back(relative_path + " " + style + " " + std::to_string(lines.size()) + ":" +
                    std::to_string(lines.front().first) + "-" +
                    std::to_string(lines.front().second));
    if (fail) return core::InternalError("formatter exploded");
    std::string out = content;
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
  }
  std::vector<std::string> calls;
  bool fail = false;
};

TEST_F(FixPipelineTest, TouchedLinesAreFormattedOnlyWhenTheBaseHasAClangFormat) {
  RecordingFormatter formatter;
  options_.formatter = &formatter;
  options_.settings.reparse_proof = false;  // the fake's output does not compile
  const Finding finding = HeaderFinding("use-nullptr", "inc/h.h", kZero, 1, "nullptr");
  auto unformatted = RunFixPipeline(*repo_, base_, {finding}, options_);
  ASSERT_TRUE(unformatted.ok()) << unformatted.status().ToString();
  EXPECT_TRUE(formatter.calls.empty());

  nova::testing::WriteFile(dir_.path() / ".clang-format", "BasedOnStyle: Google\n");
  Git(dir_.path(), "add .clang-format");
  Git(dir_.path(), "commit -qm style");
  auto base = repo_->ResolveCommit("HEAD");
  ASSERT_TRUE(base.ok());
  auto formatted = RunFixPipeline(*repo_, *base, {finding}, options_);
  ASSERT_TRUE(formatted.ok()) << formatted.status().ToString();
  EXPECT_EQ(formatter.calls, std::vector<std::string>{"inc/h.h BasedOnStyle: Google\n 1:2-2"});
  ASSERT_EQ(formatted->branches.size(), 1u);
  EXPECT_EQ(Git(dir_.path(), "show " + formatted->branches[0].branch + ":inc/h.h"),
            "#PRAGMA ONCE\nINLINE INT* NULL() { RETURN NULLPTR; }\n");

  options_.settings.format = false;
  formatter.calls.clear();
  ASSERT_TRUE(RunFixPipeline(*repo_, *base, {finding}, options_).ok());
  EXPECT_TRUE(formatter.calls.empty());
}

TEST_F(FixPipelineTest, AFileTheFormatterFailsOnKeepsItsEditsAndANote) {
  RecordingFormatter formatter;
  formatter.fail = true;
  options_.formatter = &formatter;
  nova::testing::WriteFile(dir_.path() / ".clang-format", "BasedOnStyle: Google\n");
  Git(dir_.path(), "add .clang-format");
  Git(dir_.path(), "commit -qm style");
  auto base = repo_->ResolveCommit("HEAD");
  ASSERT_TRUE(base.ok());
  auto result = RunFixPipeline(
      *repo_, *base, {HeaderFinding("use-nullptr", "inc/h.h", kZero, 1, "nullptr")}, options_);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->notes, std::vector<std::string>{"inc/h.h: not formatted: formatter exploded"});
  ASSERT_EQ(result->branches.size(), 1u);
  EXPECT_EQ(Git(dir_.path(), "show " + result->branches[0].branch + ":inc/h.h"),
            "#pragma once\ninline int* Null() { return nullptr; }\n");
}

TEST_F(FixPipelineTest, AuthorAndCommitterAreConfigurable) {
  options_.settings.author_name = "Fix Bot";
  options_.settings.author_email = "bot@example.com";
  auto result = RunFixPipeline(
      *repo_, base_, {HeaderFinding("use-nullptr", "inc/h.h", kZero, 1, "nullptr")}, options_);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->branches.size(), 1u);
  EXPECT_EQ(Git(dir_.path(), "log -1 --format='%an <%ae>|%cn <%ce>' " + result->branches[0].branch),
            "Fix Bot <bot@example.com>|Fix Bot <bot@example.com>\n");
}

// A finding that asks for a rename in its details, as naming-consistency does.
Finding RenameFinding(const fs::path& file, const std::string& usr, const std::string& new_name) {
  Finding f;
  f.rule = "naming-consistency";
  f.file = file.string();
  f.line = 2;
  f.column = 5;
  f.message = "count_items should be CountItems";
  f.details = nlohmann::json{{kRenameDetailsKey,
                              {{"usr", usr}, {"old_name", "count_items"}, {"new_name", new_name}}}}
                  .dump();
  return f;
}

TEST(FixPipelineRenameTest, ARenameRequestBecomesEditsInEveryUnitAndARefusalIsDeferred) {
  nova::testing::TempDir dir;
  nova::testing::InitRepo(
      dir.path(),
      {{"util.h",
        "#pragma once\n#define TWICE(x) ((x) * 2)\nint count_items(int n);\nint Other();\n"},
       {"util.cpp",
        "#include \"util.h\"\nint count_items(int n) { return n; }\nint Other() { return 0; }\n"},
       {"main.cpp", "#include \"util.h\"\nint main() { return TWICE(count_items(3)); }\n"}});
  auto repo = Repository::Discover(dir.path());
  ASSERT_TRUE(repo.ok()) << repo.status().ToString();
  auto base = repo->ResolveCommit("HEAD");
  ASSERT_TRUE(base.ok());
  FixPipelineOptions options;
  for (const char* name : {"main.cpp", "util.cpp"}) {
    options.units.push_back(
        CompileCommand{dir.path() / name,
                       dir.path(),
                       {"clang++", "-std=c++20", "-c", (dir.path() / name).string()}});
  }
  const std::string usr = "c:@F@count_items#I#";
  auto result = RunFixPipeline(*repo, *base,
                               {RenameFinding(dir.path() / "util.h", usr, "CountItems")}, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_TRUE(result->dropped.empty()) << result->dropped[0].diagnostic;
  ASSERT_EQ(result->branches.size(), 1u);
  const std::string branch = result->branches[0].branch;
  EXPECT_EQ(result->branches[0].files,
            (std::vector<std::string>{"main.cpp", "util.cpp", "util.h"}));
  EXPECT_EQ(Git(dir.path(), "show " + branch + ":main.cpp"),
            "#include \"util.h\"\nint main() { return TWICE(CountItems(3)); }\n");
  EXPECT_EQ(Git(dir.path(), "show " + branch + ":util.h"),
            "#pragma once\n#define TWICE(x) ((x) * 2)\nint CountItems(int n);\nint Other();\n");

  auto refused =
      RunFixPipeline(*repo, *base, {RenameFinding(dir.path() / "util.h", usr, "Other")}, options);
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_TRUE(refused->branches.empty());
  ASSERT_EQ(refused->deferred.size(), 1u);
  EXPECT_TRUE(refused->deferred[0].reason.starts_with("rename not proposed: 'Other' already names"))
      << refused->deferred[0].reason;
}

}  // namespace
}  // namespace nova::refactorer
