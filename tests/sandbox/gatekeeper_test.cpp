#include "sandbox/gatekeeper.h"

#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "nova-core/cancellation.h"
#include "nova-core/process/boost_process_runner.h"
#include "tests/sandbox/effect_recorder.h"
#include "tests/sandbox/repo_fixture.h"

namespace nova::sandbox {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::AdvanceBranch;
using testing::CommitOnBranch;
using testing::ProgressLog;
using testing::RecordingEffectSink;
using testing::Rev;
using testing::TempDir;

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

// How many verifications started (a verdict reused from the cache starts none).
int Verifications(const ProgressLog& progress) {
  int count = 0;
  for (const std::string& message : progress.messages()) count += StartsWith(message, "verify: ");
  return count;
}

// Cancels `token` once `file` exists (bounded wait); joins on destruction.
class CancelWhenFileAppears {
 public:
  CancelWhenFileAppears(core::CancelToken& token, std::filesystem::path file)
      : thread_([&token, file = std::move(file)] {
          for (int i = 0; i < 6000 && !std::filesystem::exists(file); ++i) {
            std::this_thread::sleep_for(milliseconds(10));
          }
          token.Cancel(core::CancelledError("SIGINT"));
        }) {}
  ~CancelWhenFileAppears() { thread_.join(); }

 private:
  std::thread thread_;
};

class GatekeeperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nova::testing::InitRepo(repo_dir_, {{"README", "base\n"}});
    nova::testing::Git(repo_dir_, "branch target");
    auto repo = core::git::Repository::Discover(repo_dir_);
    ASSERT_TRUE(repo.ok()) << repo.status().ToString();
    repo_.emplace(std::move(*repo));
    base_ = Rev(repo_dir_, "main");
    options_.base = base_;
    options_.target_branch = "target";
    options_.verifier.runner = &runner_;
    options_.verifier.settings.timeout_s = 120;
    // A candidate that adds red.txt breaks the tests.
    options_.verifier.settings.test = {"test ! -f red.txt"};
    options_.verifier.logs_dir = root_.path() / "logs";
    options_.verifier.hooks.effects = &effects_;
  }

  Candidate MakeCandidate(const std::string& name,
                          const std::map<std::string, std::string>& files) {
    const std::string branch = "nova/" + name;
    return {name, branch, CommitOnBranch(repo_dir_, branch, "main", files)};
  }

  std::string Target() { return Rev(repo_dir_, "target"); }
  // The gate's report, the marker its hanging test carried, and candidate a.
  struct CancelledGate {
    core::Result<GateReport> report;
    std::string marker;
    Candidate a;
  };
  CancelledGate GateCancelledOnceAAndBMeet(const std::string& what);

  // Every ref_updated effect moved the target from where the previous one left it, starting at
  // `before`, and the last one left it where it is.
  void ExpectRefEffectsMatchTheTarget(const std::string& before) {
    std::string at = before;
    for (const nlohmann::json& moved : effects_.Of(core::effect::kRefUpdated)) {
      EXPECT_EQ(moved["ref"], "refs/heads/target");
      EXPECT_EQ(moved["old"], at) << moved.dump();
      at = moved["new"].get<std::string>();
      EXPECT_FALSE(moved["reason"].get<std::string>().empty());
    }
    EXPECT_EQ(at, Target());
  }

  // The target is where it started, or at a commit whose exact tree passed in some decision.
  void ExpectTargetUnmovedOrVerified(const GateReport& report, const std::string& before) {
    const std::string target = Target();
    if (target == before) return;
    const std::string tree = Rev(repo_dir_, target + "^{tree}");
    bool verified = false;
    for (const GateDecision& decision : report.decisions) {
      verified |= decision.merged && decision.landed == target && decision.verdict.has_value() &&
                  decision.verdict->passed && decision.verdict->commit == target &&
                  decision.verdict->tree == tree;
    }
    EXPECT_TRUE(verified) << "the target moved to " << target << " without a green verdict";
  }

  TempDir root_;
  std::filesystem::path repo_dir_ = root_.path() / "repo";
  std::optional<core::git::Repository> repo_;
  std::string base_;
  RecordingEffectSink effects_;
  core::BoostProcessRunner runner_;
  GateOptions options_;
};

TEST_F(GatekeeperTest, TwoGreenCandidatesBothLandOnVerifiedCommits) {
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  const Candidate b = MakeCandidate("b", {{"b.txt", "b\n"}});
  VerdictCache cache;
  core::Result<VerificationReport> verified = VerifyCandidates(*repo_, options_, {a, b}, cache);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_TRUE(verified->baseline.passed);
  EXPECT_FALSE(verified->base_red);
  EXPECT_EQ(verified->target_tip, base_);
  ASSERT_EQ(verified->candidates.size(), 2u);
  for (const CandidateVerification& checked : verified->candidates) {
    EXPECT_EQ(checked.tip, base_);
    EXPECT_TRUE(checked.fast_forward);
    EXPECT_EQ(checked.landing, checked.candidate.commit);
    ASSERT_TRUE(checked.verdict.has_value());
    EXPECT_TRUE(checked.verdict->passed) << checked.verdict->log_excerpt;
  }

  core::Result<GateReport> report = LandVerified(*repo_, options_, *verified, cache);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->decisions.size(), 2u);
  EXPECT_TRUE(report->decisions[0].merged) << report->decisions[0].reason;
  EXPECT_EQ(report->decisions[0].landed, a.commit);
  EXPECT_EQ(report->decisions[0].reason, "verified and fast-forwarded target");
  EXPECT_TRUE(report->decisions[1].merged) << report->decisions[1].reason;
  EXPECT_EQ(report->decisions[1].reason, "verified merge result and merged into target");
  EXPECT_FALSE(report->cancelled);

  const std::string target = Target();
  EXPECT_EQ(report->target_before, base_);
  EXPECT_EQ(report->target_after, target);
  EXPECT_EQ(report->decisions[1].landed, target);
  EXPECT_EQ(Rev(repo_dir_, "target^1"), a.commit);
  EXPECT_EQ(Rev(repo_dir_, "target^2"), b.commit);
  // What landed last is the merge, and the merge itself was verified, not b alone.
  const Verdict& merge_verdict = *report->decisions[1].verdict;
  EXPECT_EQ(merge_verdict.commit, target);
  EXPECT_EQ(merge_verdict.tree, Rev(repo_dir_, "target^{tree}"));
  EXPECT_TRUE(merge_verdict.passed);
  EXPECT_FALSE(merge_verdict.reused);
  ExpectRefEffectsMatchTheTarget(base_);
  EXPECT_EQ(effects_.Of(core::effect::kRefUpdated).size(), 2u);
}

TEST_F(GatekeeperTest, ARedCandidateIsNotMergedAndTheOthersAre) {
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  const Candidate red = MakeCandidate("red", {{"red.txt", "broken\n"}});
  const Candidate b = MakeCandidate("b", {{"b.txt", "b\n"}});
  core::Result<GateReport> report = RunGate(*repo_, options_, {a, red, b});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->decisions.size(), 3u);
  EXPECT_TRUE(report->decisions[0].merged);
  EXPECT_FALSE(report->decisions[1].merged);
  EXPECT_TRUE(StartsWith(report->decisions[1].reason, "not merged: exit status 1 in test"))
      << report->decisions[1].reason;
  EXPECT_TRUE(report->decisions[2].merged) << report->decisions[2].reason;
  EXPECT_EQ(nova::testing::Git(repo_dir_, "ls-tree --name-only target"), "README\na.txt\nb.txt\n");
  ExpectTargetUnmovedOrVerified(*report, base_);
  ExpectRefEffectsMatchTheTarget(base_);
}

TEST_F(GatekeeperTest, AHeldCandidateIsVerifiedButNeverMerged) {
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  Candidate held = MakeCandidate("held", {{"tests/a_test.txt", "edited test\n"}});
  held.hold = "it edits test or build files (tests/a_test.txt)";
  const Candidate b = MakeCandidate("b", {{"b.txt", "b\n"}});
  core::Result<GateReport> report = RunGate(*repo_, options_, {a, held, b});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->decisions.size(), 3u);
  EXPECT_TRUE(report->decisions[0].merged) << report->decisions[0].reason;
  EXPECT_FALSE(report->decisions[1].merged);
  EXPECT_TRUE(StartsWith(report->decisions[1].reason,
                         "not merged: it edits test or build files (tests/a_test.txt); verified: "))
      << report->decisions[1].reason;
  ASSERT_TRUE(report->decisions[1].verdict.has_value());
  EXPECT_TRUE(report->decisions[1].verdict->passed);
  EXPECT_TRUE(report->decisions[2].merged) << report->decisions[2].reason;
  EXPECT_EQ(nova::testing::Git(repo_dir_, "ls-tree --name-only target"), "README\na.txt\nb.txt\n");
  // The branch is still there to be reviewed by a person.
  EXPECT_EQ(Rev(repo_dir_, held.branch), held.commit);
  ExpectTargetUnmovedOrVerified(*report, base_);
}

TEST_F(GatekeeperTest, AFlakyCandidateIsNotMerged) {
  // Fails the first time a checkout holding flaky.txt runs its tests, passes the second.
  options_.verifier.settings.test.push_back(
      "if [ -f flaky.txt ] && [ ! -f ran-once ]; then touch ran-once; exit 1; fi");
  const Candidate flaky = MakeCandidate("flaky", {{"flaky.txt", "sometimes\n"}});
  core::Result<GateReport> report = RunGate(*repo_, options_, {flaky});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->decisions.size(), 1u);
  EXPECT_FALSE(report->decisions[0].merged);
  ASSERT_TRUE(report->decisions[0].verdict.has_value());
  EXPECT_TRUE(report->decisions[0].verdict->flaky);
  EXPECT_TRUE(StartsWith(report->decisions[0].reason, "not merged: flaky: exit status 1 in test"))
      << report->decisions[0].reason;
  EXPECT_EQ(Target(), base_);
  EXPECT_TRUE(effects_.Of(core::effect::kRefUpdated).empty());
}

TEST_F(GatekeeperTest, EveryMergeAndRejectionIsAnAuditLineWithTreeVerdictAndLog) {
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  const Candidate red = MakeCandidate("red", {{"red.txt", "broken\n"}});
  const Candidate clash = MakeCandidate("clash", {{"README", "theirs\n"}});
  AdvanceBranch(repo_dir_, "target", {{"README", "ours\n"}});
  const std::string target_before = Target();
  core::Result<GateReport> report = RunGate(*repo_, options_, {a, red, clash});
  ASSERT_TRUE(report.ok()) << report.status().ToString();

  const std::vector<nlohmann::json> decisions = effects_.Of(core::effect::kGateDecision);
  ASSERT_EQ(decisions.size(), 3u);
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    const GateDecision& decision = report->decisions[i];
    EXPECT_EQ(decisions[i]["branch"], decision.candidate.branch);
    EXPECT_EQ(decisions[i]["commit"], decision.candidate.commit);
    EXPECT_EQ(decisions[i]["merged"], decision.merged);
    EXPECT_EQ(decisions[i]["reason"], decision.reason);
  }
  // The merge: the tree verified is the tree of the commit the target now holds.
  EXPECT_EQ(decisions[0]["merged"], true);
  EXPECT_EQ(decisions[0]["landed"], Target());
  EXPECT_EQ(decisions[0]["tree"], Rev(repo_dir_, "target^{tree}"));
  EXPECT_TRUE(std::filesystem::exists(decisions[0]["log"].get<std::string>()));
  // The red one: its verdict and its log, which holds the failing command.
  EXPECT_EQ(decisions[1]["merged"], false);
  EXPECT_TRUE(decisions[1]["landed"].is_null());
  EXPECT_TRUE(StartsWith(decisions[1]["verdict"].get<std::string>(), "exit status 1 in test"));
  EXPECT_NE(nova::testing::ReadFile(decisions[1]["log"].get<std::string>()).find("$ test ! -f red.txt"),
            std::string::npos);
  // The conflict: no verdict to rest on, and the reason says why.
  EXPECT_EQ(decisions[2]["merged"], false);
  EXPECT_TRUE(decisions[2]["tree"].is_null());
  EXPECT_NE(decisions[2]["reason"].get<std::string>().find("conflicts with target"), std::string::npos)
      << decisions[2].dump();

  // Every verification reached is a verdict line whose tree is its commit's tree.
  const std::vector<nlohmann::json> verdicts = effects_.Of(core::effect::kVerdict);
  ASSERT_GE(verdicts.size(), 3u);  // the base, a's landing, red's landing
  EXPECT_EQ(verdicts[0]["label"], "base");
  for (const nlohmann::json& verdict : verdicts) {
    EXPECT_EQ(verdict["tree"], Rev(repo_dir_, verdict["commit"].get<std::string>() + "^{tree}"));
    EXPECT_FALSE(verdict["description"].get<std::string>().empty());
  }
  ExpectRefEffectsMatchTheTarget(target_before);
}

TEST_F(GatekeeperTest, CancelledBeforeLandingMergesNothing) {
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  const Candidate b = MakeCandidate("b", {{"b.txt", "b\n"}});
  VerdictCache cache;
  core::Result<VerificationReport> verified = VerifyCandidates(*repo_, options_, {a, b}, cache);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();

  core::CancelToken token;
  token.Cancel(core::CancelledError("SIGTERM"));
  options_.verifier.hooks.cancel = &token;
  core::Result<GateReport> report = LandVerified(*repo_, options_, *verified, cache);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->cancelled);
  for (const GateDecision& decision : report->decisions) {
    EXPECT_FALSE(decision.merged);
    EXPECT_EQ(decision.reason, "not merged: cancelled (SIGTERM)");
  }
  EXPECT_EQ(Target(), base_);
  EXPECT_EQ(report->target_after, base_);
  EXPECT_TRUE(effects_.Of(core::effect::kRefUpdated).empty());
}

TEST_F(GatekeeperTest, CancellationDuringPhaseOneLeavesTheTargetAlone) {
  const std::string marker = testing::UniqueMarker("gate-phase1");
  const std::filesystem::path signal = root_.path() / "hanging";
  options_.verifier.mode = SandboxMode::kNone;  // the test line signals outside its checkout
  options_.verifier.settings.test = {"if [ -f b.txt ]; then touch " + signal.string() +
                                     "; sleep 60; echo " + marker + "; fi"};
  core::CancelToken token;
  options_.verifier.hooks.cancel = &token;
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  const Candidate b = MakeCandidate("b", {{"b.txt", "b\n"}});
  core::Result<GateReport> report = core::InternalError("not run");
  {
    CancelWhenFileAppears cancel(token, signal);
    report = RunGate(*repo_, options_, {a, b});
  }
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->cancelled);
  ASSERT_EQ(report->decisions.size(), 2u);
  for (const GateDecision& decision : report->decisions) {
    EXPECT_FALSE(decision.merged);
    EXPECT_EQ(decision.reason, "not merged: cancelled (SIGINT)");
  }
  EXPECT_EQ(Target(), base_);
  EXPECT_TRUE(effects_.Of(core::effect::kRefUpdated).empty());
  EXPECT_TRUE(testing::WaitForNoProcessWithMarker(marker, seconds(5)).empty());
}

// Gates three candidates a, b, c whose test hangs (and is then cancelled) as soon as a tree holds
// both a's and b's files: the first verification of a merge of a and b.
GatekeeperTest::CancelledGate GatekeeperTest::GateCancelledOnceAAndBMeet(const std::string& what) {
  const std::string marker = testing::UniqueMarker(what);
  const std::filesystem::path signal = root_.path() / "hanging";
  options_.verifier.mode = SandboxMode::kNone;
  options_.verifier.settings.test = {"if [ -f a.txt ] && [ -f b.txt ]; then touch " +
                                     signal.string() + "; sleep 60; echo " + marker + "; fi"};
  core::CancelToken token;
  options_.verifier.hooks.cancel = &token;
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  const Candidate b = MakeCandidate("b", {{"b.txt", "b\n"}});
  const Candidate c = MakeCandidate("c", {{"c.txt", "c\n"}});
  core::Result<GateReport> report = core::InternalError("not run");
  {
    CancelWhenFileAppears cancel(token, signal);
    report = RunGate(*repo_, options_, {a, b, c});
  }
  options_.verifier.hooks.cancel = nullptr;  // the token ends here
  return {std::move(report), marker, a};
}

// a lands (its phase-1 verdict); the recomputed merge of b with the new tip is being verified
// when the cancellation arrives: b is not merged and the target stays at the verified a.
TEST_F(GatekeeperTest, CancellationDuringALandingVerificationLeavesOnlyVerifiedMoves) {
  options_.land_greens_together = false;
  auto [report, marker, a] = GateCancelledOnceAAndBMeet("gate-phase2");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->decisions.size(), 3u);
  EXPECT_TRUE(report->decisions[0].merged);
  EXPECT_FALSE(report->decisions[1].merged);
  EXPECT_EQ(report->decisions[1].reason, "not merged: cancelled (SIGINT)");
  ASSERT_TRUE(report->decisions[1].verdict.has_value());
  EXPECT_TRUE(report->decisions[1].verdict->cancelled);
  EXPECT_FALSE(report->decisions[2].merged);
  EXPECT_EQ(report->decisions[2].reason, "not merged: cancelled (SIGINT)");
  EXPECT_TRUE(report->cancelled);
  EXPECT_EQ(Target(), a.commit);
  ExpectTargetUnmovedOrVerified(*report, base_);
  ExpectRefEffectsMatchTheTarget(base_);
  EXPECT_TRUE(testing::WaitForNoProcessWithMarker(marker, seconds(5)).empty());
}

// The cancellation arrives right after the recomputed merge of b passed (when its test process
// ended): that verdict's ref update is finished; c, not yet started, is skipped.
TEST_F(GatekeeperTest, AGreenVerdictFinishesItsLandingEvenWhenCancelledRightAfter) {
  options_.land_greens_together = false;
  const std::filesystem::path signal = root_.path() / "merge-tested";
  options_.verifier.mode = SandboxMode::kNone;
  options_.verifier.settings.test = {"if [ -f a.txt ] && [ -f b.txt ]; then touch " +
                                     signal.string() + "; fi"};
  core::CancelToken token;
  RecordingEffectSink effects([&](std::string_view kind, const nlohmann::json&) {
    if (kind == core::effect::kProcessEnded && std::filesystem::exists(signal)) {
      token.Cancel(core::CancelledError("SIGINT"));
    }
  });
  options_.verifier.hooks.cancel = &token;
  options_.verifier.hooks.effects = &effects;
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  const Candidate b = MakeCandidate("b", {{"b.txt", "b\n"}});
  const Candidate c = MakeCandidate("c", {{"c.txt", "c\n"}});
  core::Result<GateReport> report = RunGate(*repo_, options_, {a, b, c});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(token.cancelled());
  ASSERT_EQ(report->decisions.size(), 3u);
  EXPECT_TRUE(report->decisions[0].merged);
  EXPECT_TRUE(report->decisions[1].merged) << report->decisions[1].reason;
  EXPECT_FALSE(report->decisions[2].merged);
  EXPECT_EQ(report->decisions[2].reason, "not merged: cancelled (SIGINT)");
  EXPECT_TRUE(report->cancelled);
  EXPECT_EQ(Rev(repo_dir_, "target^2"), b.commit);
  ExpectTargetUnmovedOrVerified(*report, base_);
  const std::vector<nlohmann::json> moves = effects.Of(core::effect::kRefUpdated);
  ASSERT_EQ(moves.size(), 2u);
  EXPECT_EQ(moves[1]["new"], Target());
}

// Together: b and c, merged onto the landed a as one commit, are being verified when the
// cancellation arrives. Neither lands; the target stays at the verified a.
TEST_F(GatekeeperTest, CancellationDuringATogetherVerificationLeavesOnlyVerifiedMoves) {
  auto [report, marker, a] = GateCancelledOnceAAndBMeet("gate-together");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->decisions.size(), 3u);
  EXPECT_TRUE(report->decisions[0].merged);
  for (std::size_t i : {1u, 2u}) {
    EXPECT_FALSE(report->decisions[i].merged);
    EXPECT_EQ(report->decisions[i].reason, "not merged: cancelled (SIGINT)");
  }
  EXPECT_TRUE(report->cancelled);
  EXPECT_EQ(Target(), a.commit);
  ExpectTargetUnmovedOrVerified(*report, base_);
  ExpectRefEffectsMatchTheTarget(base_);
  EXPECT_TRUE(testing::WaitForNoProcessWithMarker(marker, seconds(5)).empty());
}

// The cancellation arrives right after the together-merge of b and c passed: both land.
TEST_F(GatekeeperTest, AGreenTogetherVerdictFinishesItsLandingEvenWhenCancelledRightAfter) {
  const std::filesystem::path signal = root_.path() / "together-tested";
  options_.verifier.mode = SandboxMode::kNone;
  options_.verifier.settings.test = {
      "if [ -f a.txt ] && [ -f b.txt ] && [ -f c.txt ]; then touch " + signal.string() + "; fi"};
  core::CancelToken token;
  RecordingEffectSink effects([&](std::string_view kind, const nlohmann::json&) {
    if (kind == core::effect::kProcessEnded && std::filesystem::exists(signal)) {
      token.Cancel(core::CancelledError("SIGINT"));
    }
  });
  options_.verifier.hooks.cancel = &token;
  options_.verifier.hooks.effects = &effects;
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  const Candidate b = MakeCandidate("b", {{"b.txt", "b\n"}});
  const Candidate c = MakeCandidate("c", {{"c.txt", "c\n"}});
  core::Result<GateReport> report = RunGate(*repo_, options_, {a, b, c});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(token.cancelled());
  for (const GateDecision& decision : report->decisions) EXPECT_TRUE(decision.merged);
  EXPECT_FALSE(report->cancelled);  // nothing was skipped
  ExpectTargetUnmovedOrVerified(*report, base_);
  EXPECT_EQ(effects.Of(core::effect::kRefUpdated).size(), 2u);
}

// After a lands, b, c and d are merged onto it as one commit and verified once.
TEST_F(GatekeeperTest, RemainingGreensAreVerifiedTogetherOnce) {
  ProgressLog progress;
  options_.verifier.hooks.progress = progress.Callback();
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  const Candidate b = MakeCandidate("b", {{"b.txt", "b\n"}});
  const Candidate c = MakeCandidate("c", {{"c.txt", "c\n"}});
  const Candidate d = MakeCandidate("d", {{"d.txt", "d\n"}});
  core::Result<GateReport> report = RunGate(*repo_, options_, {a, b, c, d});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(Verifications(progress), 6);  // base, a, b, c, d, then b+c+d on a
  const std::string target = Target();
  ASSERT_EQ(report->decisions.size(), 4u);
  EXPECT_EQ(report->decisions[0].landed, a.commit);
  for (std::size_t i : {1u, 2u, 3u}) {
    const GateDecision& decision = report->decisions[i];
    EXPECT_TRUE(decision.merged) << decision.reason;
    EXPECT_EQ(decision.landed, target);
    EXPECT_EQ(decision.reason,
              "verified merge result, together with 2 other candidate(s), and merged into target");
  }
  EXPECT_EQ(nova::testing::Git(repo_dir_, "ls-tree --name-only target"),
            "README\na.txt\nb.txt\nc.txt\nd.txt\n");
  ExpectTargetUnmovedOrVerified(*report, base_);
  ExpectRefEffectsMatchTheTarget(base_);
  EXPECT_EQ(effects_.Of(core::effect::kRefUpdated).size(), 2u);
}

// b and c each pass, but not together: the together-merge is red, so they are judged one by one;
// b lands, and c's merge onto it has the very tree already found red, which the cache reuses.
TEST_F(GatekeeperTest, ARedTogetherMergeFallsBackToOneByOne) {
  ProgressLog progress;
  options_.verifier.hooks.progress = progress.Callback();
  options_.verifier.settings.test = {"! { [ -f b.txt ] && [ -f c.txt ]; }"};
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  const Candidate b = MakeCandidate("b", {{"b.txt", "b\n"}});
  const Candidate c = MakeCandidate("c", {{"c.txt", "c\n"}});
  core::Result<GateReport> report = RunGate(*repo_, options_, {a, b, c});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->decisions.size(), 3u);
  EXPECT_TRUE(report->decisions[0].merged);
  EXPECT_TRUE(report->decisions[1].merged) << report->decisions[1].reason;
  EXPECT_EQ(report->decisions[1].reason, "verified merge result and merged into target");
  EXPECT_FALSE(report->decisions[2].merged);
  EXPECT_TRUE(StartsWith(report->decisions[2].reason, "not merged: exit status 1 in test"))
      << report->decisions[2].reason;
  ASSERT_TRUE(report->decisions[2].verdict.has_value());
  EXPECT_TRUE(report->decisions[2].verdict->reused);
  EXPECT_EQ(Verifications(progress), 6);  // base, a, b, c, b+c on a, b on a
  EXPECT_EQ(nova::testing::Git(repo_dir_, "ls-tree --name-only target"), "README\na.txt\nb.txt\n");
  ExpectTargetUnmovedOrVerified(*report, base_);
  ExpectRefEffectsMatchTheTarget(base_);
}

TEST_F(GatekeeperTest, AConflictIsADecisionNotAnError) {
  const Candidate edit = MakeCandidate("edit", {{"README", "candidate\n"}});
  const std::string moved = AdvanceBranch(repo_dir_, "target", {{"README", "target moved\n"}});
  core::Result<GateReport> report = RunGate(*repo_, options_, {edit});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->decisions.size(), 1u);
  EXPECT_FALSE(report->decisions[0].merged);
  EXPECT_FALSE(report->decisions[0].verdict.has_value());
  EXPECT_EQ(report->decisions[0].reason,
            "conflicts with target at " + moved.substr(0, 12) + " in README; not merged");
  EXPECT_EQ(Target(), moved);
}

TEST_F(GatekeeperTest, ARedBaseVerifiesNoCandidateAndMergesNothing) {
  options_.verifier.settings.test = {"test ! -f README"};  // red everywhere
  ProgressLog progress;
  options_.verifier.hooks.progress = progress.Callback();
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  core::Result<GateReport> report = RunGate(*repo_, options_, {a});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->base_red);
  EXPECT_FALSE(report->cancelled);
  ASSERT_EQ(report->decisions.size(), 1u);
  EXPECT_FALSE(report->decisions[0].verdict.has_value());
  EXPECT_TRUE(
      StartsWith(report->decisions[0].reason,
                 "not verified: the base " + base_.substr(0, 12) + " is red (exit status 1"))
      << report->decisions[0].reason;
  EXPECT_EQ(Target(), base_);
  EXPECT_EQ(Verifications(progress), 1);
}

TEST_F(GatekeeperTest, TheTargetMovingBetweenPhasesGetsTheMergeVerified) {
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  VerdictCache cache;
  core::Result<VerificationReport> verified = VerifyCandidates(*repo_, options_, {a}, cache);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  const std::string moved = AdvanceBranch(repo_dir_, "target", {{"NOTES", "someone else\n"}});

  core::Result<GateReport> report = LandVerified(*repo_, options_, *verified, cache);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->decisions[0].merged) << report->decisions[0].reason;
  EXPECT_EQ(report->target_before, moved);
  EXPECT_EQ(Rev(repo_dir_, "target^1"), moved);
  EXPECT_EQ(Rev(repo_dir_, "target^2"), a.commit);
  EXPECT_EQ(report->decisions[0].verdict->commit, Target());
  EXPECT_EQ(report->decisions[0].verdict->tree, Rev(repo_dir_, "target^{tree}"));
  ExpectRefEffectsMatchTheTarget(moved);
}

TEST_F(GatekeeperTest, ParallelVerificationKeepsCandidateOrderAndLandsAll) {
  options_.max_parallel = 2;
  const Candidate a = MakeCandidate("a", {{"a.txt", "a\n"}});
  const Candidate b = MakeCandidate("b", {{"b.txt", "b\n"}});
  const Candidate c = MakeCandidate("c", {{"c.txt", "c\n"}});
  VerdictCache cache;
  core::Result<VerificationReport> verified = VerifyCandidates(*repo_, options_, {a, b, c}, cache);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  ASSERT_EQ(verified->candidates.size(), 3u);
  const std::vector<std::string> labels = {"a", "b", "c"};
  for (std::size_t i = 0; i < 3; ++i) {
    const CandidateVerification& checked = verified->candidates[i];
    EXPECT_EQ(checked.candidate.label, labels[i]);
    ASSERT_TRUE(checked.verdict.has_value());
    EXPECT_EQ(checked.verdict->commit, checked.landing);
    EXPECT_TRUE(checked.verdict->passed);
  }
  core::Result<GateReport> report = LandVerified(*repo_, options_, *verified, cache);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  for (const GateDecision& decision : report->decisions) EXPECT_TRUE(decision.merged);
  EXPECT_EQ(nova::testing::Git(repo_dir_, "ls-tree --name-only target"),
            "README\na.txt\nb.txt\nc.txt\n");
  ExpectTargetUnmovedOrVerified(*report, base_);
  ExpectRefEffectsMatchTheTarget(base_);
}

TEST_F(GatekeeperTest, AReportForAnotherTargetIsInvalidArgument) {
  VerdictCache cache;
  core::Result<VerificationReport> verified = VerifyCandidates(*repo_, options_, {}, cache);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  nova::testing::Git(repo_dir_, "branch other");
  options_.target_branch = "other";
  core::Result<GateReport> report = LandVerified(*repo_, options_, *verified, cache);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(Rev(repo_dir_, "other"), base_);
}

TEST_F(GatekeeperTest, CheckTargetRefusesAMissingOrCheckedOutBranch) {
  EXPECT_TRUE(CheckTarget(*repo_, "target").ok());
  core::Status missing = CheckTarget(*repo_, "no-such-branch");
  EXPECT_EQ(missing.code(), core::StatusCode::kInvalidArgument);
  EXPECT_NE(missing.message().find("'no-such-branch' does not exist in " + repo_dir_.string()),
            std::string::npos)
      << missing.message();
  // A name git refuses is not called missing: libgit2's own word reaches the user.
  core::Status invalid = CheckTarget(*repo_, "two..dots");
  EXPECT_EQ(invalid.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(invalid.message().find("does not exist"), std::string::npos) << invalid.message();
  EXPECT_NE(invalid.message().find("is not valid"), std::string::npos) << invalid.message();
  core::Status checked_out = CheckTarget(*repo_, "main");
  EXPECT_EQ(checked_out.code(), core::StatusCode::kFailedPrecondition);
  EXPECT_NE(checked_out.message().find("checked out"), std::string::npos);

  options_.target_branch = "main";
  core::Result<GateReport> report = RunGate(*repo_, options_, {});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Rev(repo_dir_, "main"), base_);
}

}  // namespace
}  // namespace nova::sandbox
