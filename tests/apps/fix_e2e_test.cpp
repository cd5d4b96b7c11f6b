// End to end: the real `nova fix` binary on a real git repository holding a real CMake project,
// verified under the real bubblewrap sandbox.
#include <gtest/gtest.h>

#include <thread>

#include "e2e_fixture.h"

namespace nova::testing {
namespace {

class FixE2eTest : public ::testing::Test {
 protected:
  std::filesystem::path repo() const { return temp_.path() / "repo"; }
  TempDir temp_;
};

TEST_F(FixE2eTest, VerifiedBranchIsMergedAndTheUsersStateIsUntouched) {
  CreateDemoRepo(repo());
  // The user has work in progress: a staged change, and an unstaged edit that shifts every
  // offset of demo.cpp. Fixes must still be computed against the base commit.
  WriteFile(repo() / "demo.h", "#pragma once\n// staged\nconst char* Find(const char* text, char c);\n");
  Git(repo(), "add demo.h");
  WriteFile(repo() / "demo.cpp", "// a local comment\n// another\n" + std::string(kDemoSource));
  const RepoSnapshot before = SnapshotRepo(repo(), "target");
  const std::string base = Git(repo(), "rev-parse HEAD").substr(0, 40);

  NovaRun run = RunNova(repo(), "fix . --merge-into target --format json", true);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto& report = run.report;
  ASSERT_TRUE(report.is_object()) << run.output;
  EXPECT_EQ(report["base"].get<std::string>(), base);
  EXPECT_EQ(report["sandbox"], "bwrap");
  EXPECT_EQ(report["baseline"]["passed"], true);
  ASSERT_EQ(report["patches"].size(), 1u);
  const auto& patch = report["patches"][0];
  EXPECT_EQ(patch["rule"], "use-nullptr");
  EXPECT_EQ(patch["merged"], true) << patch.dump(2);
  EXPECT_EQ(patch["verdict"]["passed"], true);
  EXPECT_EQ(patch["verdict"]["stage"], "done");
  EXPECT_TRUE(std::filesystem::exists(patch["verdict"]["log"].get<std::string>()));
  const std::string branch = patch["branch"];
  EXPECT_TRUE(branch.starts_with("nova/use-nullptr/"));

  // The target holds the fixed code; what landed is exactly the verified commit.
  const std::string merged = Git(repo(), "show target:demo.cpp");
  EXPECT_EQ(merged.find("NULL"), std::string::npos) << merged;
  EXPECT_NE(merged.find("if (text == nullptr) return nullptr;"), std::string::npos);
  EXPECT_NE(merged.find("return nullptr;\n}"), std::string::npos);
  EXPECT_EQ(Git(repo(), "rev-parse target"), Git(repo(), "rev-parse " + branch));
  EXPECT_EQ(Git(repo(), "rev-parse target").substr(0, 40), patch["verdict"]["commit"].get<std::string>());
  EXPECT_EQ(Git(repo(), "rev-parse target~1").substr(0, 40), base);

  // HEAD, index, working tree and every other ref: byte for byte as before.
  EXPECT_EQ(SnapshotRepo(repo(), "target"), before);
  EXPECT_NE(ReadFile(repo() / "demo.cpp").find("// a local comment"), std::string::npos);
}

TEST_F(FixE2eTest, PatchedTreeWhoseTestFailsIsNotMerged) {
  // The extra test line passes on the base and fails once NULL is gone.
  CreateDemoRepo(repo(), R"({"sandbox": {"test": ["ctest --test-dir build --output-on-failure",
                                                  "grep -q NULL demo.cpp"]}})");
  const RepoSnapshot before = SnapshotRepo(repo(), "");
  const std::string target_before = Git(repo(), "rev-parse target");

  NovaRun run = RunNova(repo(), "fix . --merge-into target --format json", true);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.report["baseline"]["passed"], true);
  ASSERT_EQ(run.report["patches"].size(), 1u);
  const auto& patch = run.report["patches"][0];
  EXPECT_EQ(patch["merged"], false);
  EXPECT_EQ(patch["verdict"]["passed"], false);
  EXPECT_EQ(patch["verdict"]["stage"], "test");
  EXPECT_EQ(patch["verdict"]["exit_code"], 1);
  EXPECT_EQ(patch["verdict"]["timed_out"], false);
  const std::string reason = patch["reason"];
  EXPECT_NE(reason.find("exit status 1 in test (grep -q NULL demo.cpp)"), std::string::npos) << reason;
  const std::string log = patch["verdict"]["log"];
  EXPECT_NE(reason.find(log), std::string::npos);
  EXPECT_NE(ReadFile(log).find("$ grep -q NULL demo.cpp"), std::string::npos);
  EXPECT_EQ(Git(repo(), "rev-parse target"), target_before);
  EXPECT_EQ(SnapshotRepo(repo(), ""), before);
}

TEST_F(FixE2eTest, HangingTestIsKilledAtTheLimitAndNothingIsLeftRunning) {
  const std::string marker = UniqueMarker("e2e-hang");
  CreateDemoRepo(repo(), R"({"sandbox": {"timeout_s": 15, "test": [
      "if grep -q nullptr demo.cpp; then sh -c 'sleep 600; echo )" + marker +
                             R"(' & sleep 600; fi"]}})");
  const std::string target_before = Git(repo(), "rev-parse target");

  NovaRun run = RunNova(repo(), "fix . --merge-into target --format json", true);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.report["baseline"]["passed"], true);
  const auto& patch = run.report["patches"][0];
  EXPECT_EQ(patch["merged"], false);
  EXPECT_EQ(patch["verdict"]["timed_out"], true);
  EXPECT_NE(patch["reason"].get<std::string>().find("killed by the time limit"), std::string::npos)
      << patch["reason"];
  EXPECT_EQ(Git(repo(), "rev-parse target"), target_before);
  EXPECT_EQ(WaitForNoProcessWithMarker(marker, std::chrono::seconds(5)), std::vector<int>{})
      << "a sandboxed process outlived its time limit";
}

// Regression: a project with no test passed the gate on its build alone (the default test line
// was ctest without --no-tests=error, and "test": [] was accepted silently).
TEST_F(FixE2eTest, AProjectWithNoTestHasARedBaseUnlessThatIsAllowed) {
  CreateDemoRepo(repo());  // no .nova.json: the default CMake build and ctest line
  const std::string cmake = ReadFile(repo() / "CMakeLists.txt");
  WriteFile(repo() / "CMakeLists.txt",
            cmake.substr(0, cmake.find("add_test")));  // the project keeps no test
  Git(repo(), "commit -qam 'no test'");
  NovaRun run = RunNova(repo(), "fix . --merge-into target --format json", true);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_EQ(run.report["baseline"]["passed"], false) << run.report.dump(2);
  EXPECT_EQ(run.report["baseline"]["stage"], "test");
  const std::string ctest = "ctest --test-dir build --output-on-failure --no-tests=error";
  EXPECT_EQ(run.report["baseline"]["description"],
            "exit status 8; no test ran: ctest found no tests in '" + ctest + "' in test (" +
                ctest + ")");
  EXPECT_NE(run.output.find("no test ran"), std::string::npos) << run.output;

  // No test line at all: red, and the report says why; allowed: green, and it still says so.
  const std::filesystem::path empty = temp_.path() / "empty";
  CreateDemoRepo(empty, R"({"sandbox": {"build": ["true"], "test": []}})");
  NovaRun red = RunNova(empty, "fix . --merge-into target --format json", true);
  EXPECT_EQ(red.exit_code, 1) << red.output;
  EXPECT_EQ(red.report["baseline"]["description"],
            "no test ran: sandbox.test has no line; add a test, or set sandbox.allow_no_tests to "
            "accept a build alone");
  const std::filesystem::path allowed = temp_.path() / "allowed";
  CreateDemoRepo(allowed,
                 R"({"sandbox": {"build": ["true"], "test": [], "allow_no_tests": true}})");
  NovaRun green = RunNova(allowed, "fix . --merge-into target --format json", true);
  EXPECT_EQ(green.exit_code, 0) << green.output;
  EXPECT_EQ(green.report["baseline"]["passed"], true) << green.report.dump(2);
  EXPECT_EQ(green.report["baseline"]["description"],
            "passed; no test ran: sandbox.test has no line (sandbox.allow_no_tests)");
}

TEST_F(FixE2eTest, RedBaseExitsOneAndMergesNothing) {
  CreateDemoRepo(repo(), R"({"sandbox": {"test": ["echo base is broken; exit 3"]}})");
  const std::string target_before = Git(repo(), "rev-parse target");
  NovaRun run = RunNova(repo(), "fix . --merge-into target --format json", true);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("is red"), std::string::npos) << run.output;
  EXPECT_EQ(run.report["baseline"]["passed"], false);
  EXPECT_EQ(run.report["baseline"]["exit_code"], 3);
  // The run's own trace accounts for every step, and names the failure and its cause.
  std::filesystem::path trace;
  for (const auto& dir : std::filesystem::directory_iterator(repo() / ".nova/runs")) trace = dir.path() / "trace.jsonl";
  ASSERT_TRUE(std::filesystem::exists(trace));
  CommandResult read = RunShell(repo(), std::string(NOVA_BINARY) + " trace " + trace.string());
  EXPECT_EQ(read.exit_code, 0) << read.output;
  for (const char* agent : {"sandbox-probe", "indexer", "analyzer", "reviewer", "refactorer",
                            "verifier", "gatekeeper", "reporter"}) {
    EXPECT_NE(read.output.find(std::string("  ") + agent + "  "), std::string::npos) << read.output;
  }
  EXPECT_NE(read.output.find("gatekeeper failed: FailedPrecondition: the base is red"), std::string::npos)
      << read.output;
  // And its report says what failed, next to the trace.
  const auto report = nlohmann::json::parse(ReadFile(trace.parent_path() / "report.json"));
  EXPECT_EQ(report["command"], "fix");
  EXPECT_NE(report["status"].get<std::string>().find("the base is red"), std::string::npos);
  EXPECT_EQ(report["steps"].size(), 7u);  // every step before the reporter, which writes it
  EXPECT_EQ(report["result"]["baseline"]["passed"], false);
  const std::string markdown = ReadFile(trace.parent_path() / "report.md");
  EXPECT_NE(markdown.find("| gatekeeper | failed |"), std::string::npos) << markdown;
  ASSERT_EQ(run.report["patches"].size(), 1u);
  EXPECT_EQ(run.report["patches"][0]["merged"], false);
  EXPECT_TRUE(run.report["patches"][0]["verdict"].is_null());
  EXPECT_EQ(Git(repo(), "rev-parse target"), target_before);
}

TEST_F(FixE2eTest, TargetAheadOfBaseGetsTheVerifiedMergeResult) {
  CreateDemoRepo(repo());
  // The target has moved on since the base: what lands must be the verified merge.
  Git(repo(), "checkout -q target");
  WriteFile(repo() / "NOTES.md", "target moved\n");
  Git(repo(), "add NOTES.md");
  Git(repo(), "commit -q -m 'target moves'");
  Git(repo(), "checkout -q main");
  const std::string target_before = Git(repo(), "rev-parse target").substr(0, 40);

  NovaRun run = RunNova(repo(), "fix . --merge-into target --format json", true);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto& patch = run.report["patches"][0];
  ASSERT_EQ(patch["merged"], true) << patch.dump(2);
  const std::string landed = Git(repo(), "rev-parse target").substr(0, 40);
  EXPECT_EQ(landed, patch["verdict"]["commit"].get<std::string>());  // the merge commit itself was verified
  EXPECT_NE(landed, patch["commit"].get<std::string>());             // not the branch alone
  EXPECT_EQ(Git(repo(), "rev-parse target^1").substr(0, 40), target_before);
  EXPECT_EQ(Git(repo(), "rev-parse target^2").substr(0, 40), patch["commit"].get<std::string>());
  EXPECT_EQ(Git(repo(), "show target:NOTES.md"), "target moved\n");
  EXPECT_EQ(Git(repo(), "show target:demo.cpp").find("NULL"), std::string::npos);
}

TEST_F(FixE2eTest, CheckedOutTargetIsRefused) {
  CreateDemoRepo(repo());
  const std::string head = Git(repo(), "rev-parse HEAD");
  NovaRun run = RunNova(repo(), "fix . --merge-into main", false);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("checked out"), std::string::npos) << run.output;
  EXPECT_EQ(Git(repo(), "rev-parse HEAD"), head);
}

TEST_F(FixE2eTest, MissingTargetIsAUsageError) {
  CreateDemoRepo(repo());
  NovaRun run = RunNova(repo(), "fix . --merge-into no-such-branch", false);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("'no-such-branch' does not exist"), std::string::npos) << run.output;
}

TEST_F(FixE2eTest, RerunDoesNotPileUpBranches) {
  CreateDemoRepo(repo(), R"({"sandbox": {"test": ["ctest --test-dir build", "grep -q NULL demo.cpp"]}})");
  NovaRun first = RunNova(repo(), "fix . --merge-into target --format json", true);
  NovaRun second = RunNova(repo(), "fix . --merge-into target --format json", true);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_EQ(first.report["patches"][0]["branch"], second.report["patches"][0]["branch"]);
  EXPECT_EQ(first.report["patches"][0]["commit"], second.report["patches"][0]["commit"]);
  EXPECT_EQ(Git(repo(), "branch --list 'nova/*'").size(),
            std::string("  " + first.report["patches"][0]["branch"].get<std::string>() + "\n").size());
}

}  // namespace
}  // namespace nova::testing
