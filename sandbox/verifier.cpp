#include "sandbox/verifier.h"

#include <stdlib.h>

#include <fstream>
#include <optional>

#include "nova-core/check.h"

namespace nova::sandbox {
namespace {

// A fresh private directory under `parent` (empty: the system temp dir), removed on destruction
// unless kept.
class TempCheckout {
 public:
  // `traversable`: others may pass through it (not list it), for a sandbox user other than Nova.
  static core::Result<TempCheckout> Create(const std::filesystem::path& parent, bool keep,
                                           bool traversable) {
    std::error_code ec;
    std::filesystem::path base = parent;
    if (base.empty()) base = std::filesystem::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::filesystem::create_directories(base, ec);
    std::string pattern = (base / "nova-verify-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return core::UnavailableError("cannot create a temporary directory under " + base.string());
    }
    if (traversable) {
      std::filesystem::permissions(pattern, std::filesystem::perms::others_exec,
                                   std::filesystem::perm_options::add, ec);
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

// Failures that a second run can tell apart from flakiness: a command's exit status. A time-out
// would cost the whole budget again; a cancellation proves nothing; "no test ran" is the same on
// every run.
bool WorthRechecking(const StageOutcome& outcome) {
  return !outcome.passed && !outcome.cancelled && !outcome.timed_out && outcome.no_tests.empty() &&
         (outcome.stage == Stage::kBuild || outcome.stage == Stage::kTest);
}

// `settings`' lines in `checkout` through the options' runner, logging to `log`.
core::Result<StageOutcome> Stages(const VerifierOptions& options,
                                  const sandbox::SandboxSettings& settings,
                                  const std::filesystem::path& checkout,
                                  const std::filesystem::path& log) {
  NOVA_CHECK(options.runner != nullptr);
  return RunStages(settings, checkout, log, options.mode, *options.runner, options.hooks);
}

// Runs the failed stage, and what follows it, once more in the same checkout, appending to the
// same log: a test failure re-runs the test lines only, on the build already made.
core::Result<StageOutcome> Recheck(const VerifierOptions& options,
                                   const std::filesystem::path& checkout,
                                   const StageOutcome& first) {
  sandbox::SandboxSettings again = options.settings;
  if (first.stage == Stage::kTest) again.build.clear();
  std::ofstream(first.log, std::ios::app)
      << "nova: " << StageName(first.stage) << " failed (" << DescribeExit(first)
      << "); running the " << StageName(first.stage)
      << " stage once more to tell a real failure from a flaky one\n";
  return Stages(options, again, checkout, first.log);
}

std::string Describe(const StageOutcome& outcome, const std::optional<StageOutcome>& recheck) {
  if (outcome.passed || RedOnlyForNoTests(outcome)) return DescribeExit(outcome);
  std::string text = DescribeExit(outcome) + " in " + std::string(StageName(outcome.stage)) +
                     " (" + outcome.failed_command + ")";
  if (!recheck.has_value()) return text;
  if (recheck->passed) return "flaky: " + text + ", then passed when run again; not trusted";
  if (recheck->cancelled) return text + "; cancelled while running it again";
  return text + ", and failed again when run again";
}

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
  if (options.start_until && std::chrono::steady_clock::now() >= *options.start_until) {
    verdict.cancelled = true;
    verdict.description = "not started: " + options.start_until_reason;
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
  NOVA_ASSIGN_OR_RETURN(
      TempCheckout checkout,
      TempCheckout::Create(options.checkouts_dir, options.keep_checkouts, options.settings.nested));
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

  NOVA_ASSIGN_OR_RETURN(StageOutcome outcome,
                        Stages(options, options.settings, checkout.Source(), verdict.log));
  std::optional<StageOutcome> recheck;
  if (options.recheck_failures && WorthRechecking(outcome)) {
    NOVA_ASSIGN_OR_RETURN(recheck, Recheck(options, checkout.Source(), outcome));
  }
  const StageOutcome& last = recheck.has_value() ? *recheck : outcome;
  verdict.stage = outcome.stage;
  verdict.exit_code = outcome.exit_code;
  verdict.signal = outcome.signal;
  verdict.timed_out = outcome.timed_out;
  verdict.cancelled = last.cancelled;
  verdict.flaky = recheck.has_value() && recheck->passed;
  verdict.passed = outcome.passed;
  verdict.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  verdict.log_excerpt = last.log_excerpt;
  verdict.limits = outcome.limits;
  verdict.log_omitted_bytes = last.omitted_bytes;
  verdict.description = Describe(outcome, recheck);
  return verdict;
}

}  // namespace nova::sandbox
