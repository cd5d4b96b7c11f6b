#include "sandbox/verifier.h"

#include <stdlib.h>

#include <fstream>

namespace nova::sandbox {
namespace {

// A fresh private directory under the system temp dir, removed on destruction unless kept.
class TempCheckout {
 public:
  static core::Result<TempCheckout> Create(bool keep) {
    std::error_code ec;
    std::filesystem::path base = std::filesystem::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string pattern = (base / "nova-verify-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return core::UnavailableError("cannot create a temporary directory under " + base.string());
    }
    return TempCheckout(pattern, keep);
  }
  TempCheckout(TempCheckout&& other) noexcept : path_(std::move(other.path_)), keep_(other.keep_) {
    other.path_.clear();
  }
  TempCheckout& operator=(TempCheckout&&) = delete;
  ~TempCheckout() {
    if (path_.empty() || keep_) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::filesystem::path Source() const { return path_ / "src"; }

 private:
  TempCheckout(std::filesystem::path path, bool keep) : path_(std::move(path)), keep_(keep) {}
  std::filesystem::path path_;
  bool keep_;
};

}  // namespace

Verdict ReusedFor(const Verdict& source, const core::git::ObjectId& commit) {
  Verdict reused = source;
  reused.reused = true;
  reused.reused_from = source.commit;
  reused.commit = commit;
  return reused;
}

core::Result<Verdict> VerifyCommit(const core::git::Repository& repo,
                                   const core::git::ObjectId& commit,
                                   const VerifierOptions& options, const std::string& label) {
  Verdict verdict;
  verdict.commit = commit;
  NOVA_ASSIGN_OR_RETURN(verdict.tree, repo.TreeOfCommit(commit));
  if (options.hooks.Cancelled()) {
    verdict.cancelled = true;
    verdict.description = "cancelled: " + options.hooks.CancelReason().message();
    return verdict;
  }
  options.hooks.Progress("verify: " + label + " " + commit.substr(0, 12));

  std::error_code ec;
  std::filesystem::create_directories(options.logs_dir, ec);
  if (ec) {
    return core::UnavailableError("cannot create " + options.logs_dir.string() + ": " +
                                  ec.message());
  }
  verdict.log = std::filesystem::absolute(options.logs_dir / (label + "-" + commit.substr(0, 12) +
                                                              ".log"));
  NOVA_ASSIGN_OR_RETURN(TempCheckout checkout, TempCheckout::Create(options.keep_checkouts));
  const auto start = std::chrono::steady_clock::now();
  core::Status checked_out = repo.CheckoutTo(commit, checkout.Source());
  if (!checked_out.ok()) {
    std::ofstream(verdict.log) << "checkout of " << commit << " failed: "
                               << checked_out.ToString() << "\n";
    verdict.stage = Stage::kCheckout;
    verdict.description = "checkout failed: " + checked_out.message();
    verdict.log_excerpt = checked_out.ToString();
    return verdict;
  }

  NOVA_ASSIGN_OR_RETURN(StageOutcome outcome, RunStages(options.settings, checkout.Source(),
                                                        verdict.log, options.mode, options.hooks));
  verdict.stage = outcome.stage;
  verdict.passed = outcome.passed;
  verdict.exit_code = outcome.exit_code;
  verdict.signal = outcome.signal;
  verdict.timed_out = outcome.timed_out;
  verdict.cancelled = outcome.cancelled;
  verdict.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  verdict.log_excerpt = outcome.log_excerpt;
  verdict.description = outcome.passed ? "passed"
                                       : DescribeExit(outcome) + " in " +
                                             std::string(StageName(outcome.stage)) + " (" +
                                             outcome.failed_command + ")";
  return verdict;
}

}  // namespace nova::sandbox
