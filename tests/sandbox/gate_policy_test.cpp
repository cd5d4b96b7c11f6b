// What the gatekeeper decides, with a FakeProcessRunner standing in for the sandbox: a red base
// stops everything, a red build is rejected with its log, a held candidate is verified and never
// merged, a green one moves the target to the very commit that was verified. Milliseconds each;
// gatekeeper_test.cpp runs the same gate on real processes.
#include <gtest/gtest.h>

#include <optional>
#include <set>

#include "nova-core/process/fake_process_runner.h"
#include "sandbox/gatekeeper.h"
#include "tests/sandbox/fake_tree.h"
#include "tests/sandbox/repo_fixture.h"

namespace nova::sandbox {
namespace {

using testing::CommitOnBranch;
using testing::FailWhereTheTreeSays;
using testing::Rev;
using testing::TempDir;

class GatePolicyTest : public ::testing::Test {
 protected:
  // The base holds `base_files` (a "fail-<line>" file makes that line fail in it).
  void MakeRepo(const std::map<std::string, std::string>& base_files) {
    nova::testing::InitRepo(repo_dir_, base_files);
    nova::testing::Git(repo_dir_, "branch target");
    auto repo = core::git::Repository::Discover(repo_dir_);
    ASSERT_TRUE(repo.ok()) << repo.status().ToString();
    repo_.emplace(std::move(*repo));
    FailWhereTheTreeSays(runner_);
    options_.base = Rev(repo_dir_, "main");
    options_.target_branch = "target";
    options_.verifier.runner = &runner_;
    options_.verifier.mode = SandboxMode::kNone;
    options_.verifier.settings.build = {"build"};
    options_.verifier.settings.test = {"test"};
    options_.verifier.settings.timeout_s = 60;
    options_.verifier.logs_dir = root_.path() / "logs";
  }

  Candidate MakeCandidate(const std::string& name,
                          const std::map<std::string, std::string>& files) {
    const std::string branch = "nova/" + name;
    return {name, branch, CommitOnBranch(repo_dir_, branch, "main", files)};
  }

  GateReport Gate(const std::vector<Candidate>& candidates) {
    core::Result<GateReport> report = RunGate(*repo_, options_, candidates);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : GateReport{};
  }

  // The checkouts the runner was asked to run lines in.
  std::size_t CheckoutsUsed() const {
    std::set<std::filesystem::path> dirs;
    for (const core::ProcessSpec& spec : runner_.calls()) dirs.insert(spec.working_dir);
    return dirs.size();
  }

  TempDir root_;
  std::filesystem::path repo_dir_ = root_.path() / "repo";
  std::optional<core::git::Repository> repo_;
  core::FakeProcessRunner runner_;
  GateOptions options_;
};

TEST_F(GatePolicyTest, ARedBaseStopsEverything) {
  MakeRepo({{"README", "base\n"}, {"fail-test", ""}});
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  const Candidate b = MakeCandidate("b", {{"b.txt", "b\n"}});
  const std::string before = Rev(repo_dir_, "target");
  const GateReport report = Gate({a, b});
  EXPECT_TRUE(report.base_red);
  EXPECT_EQ(CheckoutsUsed(), 1u);  // the base alone was built and tested; no candidate was
  ASSERT_EQ(report.decisions.size(), 2u);
  for (const GateDecision& decision : report.decisions) {
    EXPECT_FALSE(decision.merged);
    EXPECT_FALSE(decision.verdict.has_value());
    EXPECT_EQ(decision.reason.rfind("not verified: the base ", 0), 0u) << decision.reason;
  }
  EXPECT_EQ(Rev(repo_dir_, "target"), before);
}

TEST_F(GatePolicyTest, ARedBaseVerifiedInParallelWithTheCandidatesStillLandsNothing) {
  MakeRepo({{"README", "base\n"}, {"fail-build", ""}});
  options_.max_parallel = 2;
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  const std::string before = Rev(repo_dir_, "target");
  const GateReport report = Gate({a});
  EXPECT_TRUE(report.base_red);
  ASSERT_EQ(report.decisions.size(), 1u);
  EXPECT_FALSE(report.decisions[0].merged);
  EXPECT_EQ(Rev(repo_dir_, "target"), before);
}

TEST_F(GatePolicyTest, APatchWhoseBuildFailsIsRejectedWithItsLogAndTheNextOneLands) {
  MakeRepo({{"README", "base\n"}});
  const Candidate broken = MakeCandidate("broken", {{"fail-build", ""}});
  const Candidate good = MakeCandidate("good", {{"good.txt", "good\n"}});
  const GateReport report = Gate({broken, good});
  EXPECT_FALSE(report.base_red);
  ASSERT_EQ(report.decisions.size(), 2u);

  const GateDecision& rejected = report.decisions[0];
  EXPECT_FALSE(rejected.merged);
  ASSERT_TRUE(rejected.verdict.has_value());
  EXPECT_TRUE(rejected.verdict->red());
  EXPECT_EQ(rejected.verdict->stage, Stage::kBuild);
  EXPECT_EQ(rejected.reason,
            "not merged: exit status 1 in build (build), and failed again when "
            "run again; log: " +
                rejected.verdict->log.string());
  ASSERT_TRUE(std::filesystem::exists(rejected.verdict->log));
  EXPECT_NE(testing::ReadFile(rejected.verdict->log).find("build failed"), std::string::npos);

  const GateDecision& landed = report.decisions[1];
  EXPECT_TRUE(landed.merged) << landed.reason;
  EXPECT_EQ(landed.landed, good.commit);  // a fast-forward: the target is the verified commit
  EXPECT_EQ(Rev(repo_dir_, "target"), good.commit);
  ASSERT_TRUE(landed.verdict.has_value());
  EXPECT_EQ(landed.verdict->commit, good.commit);
}

TEST_F(GatePolicyTest, AHeldCandidateIsVerifiedButNeverMerged) {
  MakeRepo({{"README", "base\n"}});
  Candidate held = MakeCandidate("held", {{"tests.txt", "edited\n"}});
  held.hold = "it edits tests";
  const std::string before = Rev(repo_dir_, "target");
  const GateReport report = Gate({held});
  ASSERT_EQ(report.decisions.size(), 1u);
  EXPECT_FALSE(report.decisions[0].merged);
  ASSERT_TRUE(report.decisions[0].verdict.has_value());
  EXPECT_TRUE(report.decisions[0].verdict->passed);
  EXPECT_EQ(report.decisions[0].reason, "not merged: it edits tests; verified: passed");
  EXPECT_EQ(Rev(repo_dir_, "target"), before);
}

}  // namespace
}  // namespace nova::sandbox
