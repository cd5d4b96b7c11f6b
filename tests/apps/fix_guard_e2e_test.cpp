// End to end: a patch set that edits a test file is written and verified in the sandbox but not
// merged, unless .nova.json lets its rule merge such sets.
#include <gtest/gtest.h>

#include "e2e_fixture.h"

namespace nova::testing {
namespace {

class FixGuardE2eTest : public ::testing::Test {
 protected:
  std::filesystem::path repo() const { return temp_.path() / "repo"; }
  // The demo project, with NULL in its test too.
  void CreateRepoWithNullInTheTest(const std::string& nova_json) {
    CreateDemoRepo(repo(), nova_json);
    std::string test = ReadFile(repo() / "demo_test.cpp");
    test.replace(test.find("Find(nullptr, 'a')"), 18, "Find(NULL, 'a')");
    test.replace(test.find("#include <cstdio>"), 17, "#include <cstddef>\n#include <cstdio>");
    WriteFile(repo() / "demo_test.cpp", test);
    Git(repo(), "commit -qam 'NULL in the test'");
  }
  TempDir temp_;
};

// The test file's edits get a set of their own, held for a person; the source's set lands (it
// used to share one set with the test edits, and the hold kept both back).
TEST_F(FixGuardE2eTest, ASetEditingATestIsVerifiedButNotMergedAndTheSourceSetLands) {
  CreateRepoWithNullInTheTest("");
  NovaRun run = RunNova(repo(), "fix . --merge-into target --format json -q", true);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_EQ(run.report["patches"].size(), 2u) << run.report.dump(2);
  const auto& source = run.report["patches"][0];
  EXPECT_EQ(source["files"], nlohmann::json::array({"demo.cpp"}));
  EXPECT_EQ(source["merged"], true) << source.dump(2);
  EXPECT_TRUE(source["hold"].is_null());
  EXPECT_NE(Git(repo(), "show target:demo.cpp").find("return nullptr;"), std::string::npos);
  EXPECT_NE(Git(repo(), "show target:demo_test.cpp").find("Find(NULL, 'a')"), std::string::npos);

  const auto& patch = run.report["patches"][1];
  EXPECT_EQ(patch["files"], nlohmann::json::array({"demo_test.cpp"}));
  EXPECT_EQ(patch["merged"], false);
  EXPECT_EQ(patch["hold"],
            "it edits test or build files (demo_test.cpp), which fix.merge_protected does not "
            "allow use-nullptr to merge");
  EXPECT_TRUE(patch["reason"].get<std::string>().starts_with(
      "not merged: it edits test or build files (demo_test.cpp)"))
      << patch["reason"];
  EXPECT_EQ(patch["verdict"]["passed"], true) << patch.dump(2);
  // Still proposed: the branch is there for a person.
  EXPECT_NE(Git(repo(), "show " + patch["branch"].get<std::string>() + ":demo_test.cpp")
                .find("Find(nullptr, 'a')"),
            std::string::npos);
}

TEST_F(FixGuardE2eTest, ARuleAllowedToMergeTestEditsIsMerged) {
  CreateRepoWithNullInTheTest(R"({"fix": {"merge_protected": ["use-nullptr"]}})");
  NovaRun run = RunNova(repo(), "fix . --merge-into target --format json -q", true);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_EQ(run.report["patches"].size(), 1u) << run.report.dump(2);
  EXPECT_EQ(run.report["patches"][0]["merged"], true) << run.report["patches"][0].dump(2);
  EXPECT_TRUE(run.report["patches"][0]["hold"].is_null());
}

}  // namespace
}  // namespace nova::testing
