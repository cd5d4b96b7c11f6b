#include "sandbox/verifier.h"

#include <stdlib.h>

#include <thread>

#include <gtest/gtest.h>

#include "nova-core/cancellation.h"
#include "tests/sandbox/effect_recorder.h"
#include "tests/sandbox/repo_fixture.h"

namespace nova::sandbox {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::ProgressLog;
using testing::RecordingEffectSink;
using testing::Rev;
using testing::TempDir;

// Points TMPDIR (where checkouts go) at a directory of the test's own while alive.
class ScopedTmpdir {
 public:
  explicit ScopedTmpdir(const std::filesystem::path& dir) {
    const char* old = ::getenv("TMPDIR");
    if (old != nullptr) old_ = old;
    ::setenv("TMPDIR", dir.c_str(), 1);
  }
  ~ScopedTmpdir() {
    if (old_.has_value()) {
      ::setenv("TMPDIR", old_->c_str(), 1);
    } else {
      ::unsetenv("TMPDIR");
    }
  }

 private:
  std::optional<std::string> old_;
};

std::size_t EntriesIn(const std::filesystem::path& dir) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++count;
  return count;
}

class VerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nova::testing::InitRepo(repo_dir_, {{"README", "hello\n"}});
    auto repo = core::git::Repository::Discover(repo_dir_);
    ASSERT_TRUE(repo.ok()) << repo.status().ToString();
    repo_.emplace(std::move(*repo));
    head_ = Rev(repo_dir_, "HEAD");
    options_.settings.build = {"test -f README"};
    options_.settings.test = {"grep -q hello README"};
    options_.settings.timeout_s = 60;
    options_.logs_dir = root_.path() / "logs";
  }

  TempDir root_;
  std::filesystem::path repo_dir_ = root_.path() / "repo";
  std::optional<core::git::Repository> repo_;
  std::string head_;
  VerifierOptions options_;
};

TEST_F(VerifierTest, PassingCommitHasAGreenVerdictForItsTree) {
  ProgressLog progress;
  options_.hooks.progress = progress.Callback();
  core::Result<Verdict> verdict = VerifyCommit(*repo_, head_, options_, "demo");
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->passed) << verdict->log_excerpt;
  EXPECT_FALSE(verdict->cancelled);
  EXPECT_FALSE(verdict->reused);
  EXPECT_EQ(verdict->commit, head_);
  EXPECT_EQ(verdict->tree, Rev(repo_dir_, "HEAD^{tree}"));
  EXPECT_EQ(verdict->log, options_.logs_dir / ("demo-" + head_.substr(0, 12) + ".log"));
  EXPECT_EQ(progress.messages(),
            (std::vector<std::string>{"verify: demo " + head_.substr(0, 12),
                                      "build: test -f README", "test: grep -q hello README"}));
}

TEST_F(VerifierTest, AlreadyCancelledDoesNotEvenCheckOut) {
  TempDir tmp;
  ScopedTmpdir scoped(tmp.path());
  options_.keep_checkouts = true;  // a checkout would stay behind in tmp
  core::CancelToken token;
  token.Cancel(core::CancelledError("SIGTERM"));
  ProgressLog progress;
  RecordingEffectSink effects;
  options_.hooks = {&token, &effects, progress.Callback()};
  core::Result<Verdict> verdict = VerifyCommit(*repo_, head_, options_, "demo");
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->cancelled);
  EXPECT_FALSE(verdict->passed);
  EXPECT_EQ(verdict->stage, Stage::kCheckout);
  EXPECT_EQ(verdict->description, "cancelled: SIGTERM");
  EXPECT_EQ(verdict->commit, head_);
  EXPECT_TRUE(verdict->log.empty());
  EXPECT_EQ(EntriesIn(tmp.path()), 0u);
  EXPECT_TRUE(progress.messages().empty());
  EXPECT_TRUE(effects.entries().empty());

  // The control: the same options without the cancellation leave one kept checkout.
  options_.hooks = {};
  ASSERT_TRUE(VerifyCommit(*repo_, head_, options_, "demo").ok());
  EXPECT_EQ(EntriesIn(tmp.path()), 1u);
}

TEST_F(VerifierTest, CancellationDuringATestLineGivesACancelledVerdict) {
  const std::string marker = testing::UniqueMarker("verify-cancel");
  options_.settings.test = {"sleep 60; echo " + marker};
  core::CancelToken token;
  std::optional<std::thread> canceller;
  options_.hooks.cancel = &token;
  options_.hooks.progress = [&](std::string_view what) {
    if (what.rfind("test: ", 0) != 0) return;
    canceller.emplace([&token] {
      std::this_thread::sleep_for(milliseconds(300));
      token.Cancel(core::CancelledError("SIGINT"));
    });
  };
  const auto start = std::chrono::steady_clock::now();
  core::Result<Verdict> verdict = VerifyCommit(*repo_, head_, options_, "demo");
  ASSERT_TRUE(canceller.has_value());
  canceller->join();
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(10));
  EXPECT_TRUE(verdict->cancelled);
  EXPECT_FALSE(verdict->passed);
  EXPECT_EQ(verdict->stage, Stage::kTest);
  EXPECT_EQ(verdict->description, "cancelled: SIGINT in test (sleep 60; echo " + marker + ")");
  EXPECT_TRUE(testing::WaitForNoProcessWithMarker(marker, seconds(5)).empty());
}

}  // namespace
}  // namespace nova::sandbox
