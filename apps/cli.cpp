#include "apps/cli.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <sstream>

#include "analyzers/analyzer.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"
#include "nova-core/git/repository.h"

namespace nova::app {
namespace {

void AddCommonOptions(CLI::App& app, CommonOptions& options, const std::string& formats) {
  options.dir = ".";
  app.add_option("DIR", options.dir, "Directory to review (default: the current directory)");
  app.add_option("--format", options.format, "Output format: " + formats)
      ->check(CLI::IsMember(CLI::detail::split(formats, '|')));
  app.add_option("-o,--output", options.output, "Write the report to FILE instead of stdout");
  app.add_option("--rules", options.rules,
                 "Comma-separated rule ids to run (default: the rules on by default)")
      ->delimiter(',');
  app.add_option("-p,--build-dir", options.build_dir,
                 "Build directory holding compile_commands.json");
  app.add_option("--compile-commands", options.compile_commands, "Path of compile_commands.json");
  app.add_option("--trace", options.trace, "Write one JSON line per agent step to FILE");
  app.add_option("-j,--jobs", options.jobs, "Parallel workers (default: one per core)")
      ->check(CLI::Range(0, 1024));
  app.add_option("--cache-dir", options.cache_dir,
                 "Where per-TU results are cached (default: DIR/.nova/cache)");
  app.add_flag("--no-cache", options.no_cache, "Neither read nor write the cache");
  app.add_option_function<std::string>(
      "--shard",
      [&options](const std::string& value) {
        int k = 0, n = 0;
        char slash = 0;
        std::istringstream in(value);
        if (!(in >> k >> slash >> n) || slash != '/' || !in.eof() || n < 1 || k < 1 || k > n) {
          throw CLI::ValidationError("--shard", "expected K/N with 1 <= K <= N, got '" + value + "'");
        }
        options.shard_index = k;
        options.shard_count = n;
      },
      "Analyze only shard K of N (a deterministic split of the TUs); merge with 'nova merge'");
  app.add_flag("-q,--quiet", options.quiet, "No progress line on the terminal");
}

// Only for commands with model agents (review, pr-review, fix); they do nothing without a model.
void AddModelOptions(CLI::App& app, CommonOptions& options) {
  app.add_option("--model-cassette", options.model_cassette,
                 "Record every model request and reply in DIR (with --offline: replay them)");
  app.add_flag("--offline", options.offline,
               "Take model replies only from --model-cassette DIR; a request it has not "
               "recorded fails the run");
}

void AddReview(CLI::App& app, ReviewOptions& options, std::string& fail_on) {
  AddCommonOptions(app, options.common, "text|json|sarif");
  AddModelOptions(app, options.common);
  app.add_option("--fail-on", fail_on,
                 "Exit 1 when a finding has this severity or above: note|warning|error")
      ->check(CLI::IsMember({"note", "warning", "error"}));
  app.add_option("--since", options.since,
                 "Report only findings on lines added or changed since REV (a git revision), "
                 "including uncommitted changes");
  auto* baseline = app.add_option(
      "--baseline", options.baseline,
      "Report only findings whose fingerprint FILE (from --write-baseline) does not hold, and "
      "list its entries that match nothing as stale");
  app.add_option("--write-baseline", options.write_baseline,
                 "Record every finding reported today in FILE (JSON) and exit 0; later runs with "
                 "--baseline FILE report only new findings")
      ->excludes(baseline);
  app.footer(
      "Inline suppressions: // NOLINT, // NOLINT(nova-RULE,...), // NOLINTNEXTLINE(nova-RULE) "
      "on the line before, or // nova: ignore RULE,... on the line or the line before; "
      "see docs/rules.md.\n"
      "Exit status: 0 no finding at or above --fail-on; 1 there are; 2 usage, config or input "
      "error; 3 internal failure; 4 partial: some translation units were not analyzed (skipped "
      "or parsed with errors; listed as problems), whatever --fail-on says.");
}

void AddPrReview(CLI::App& app, PrReviewOptions& options) {
  AddCommonOptions(app, options.common, "github|json|sarif");
  AddModelOptions(app, options.common);
  options.common.dir.clear();
  options.common.format = "github";
  app.get_option("DIR")->description(
      "Root of the repository to review (default: the root of the repository holding the "
      "current directory)");
  app.get_option("--format")
      ->description(
          "Output format: github (the body of GitHub's create-review request, default), json or "
          "sarif");
  app.add_option("--base", options.base,
                 "The pull request's base revision; the review covers the lines added since the "
                 "merge base of --base and --head, as GitHub's base...head diff does");
  app.add_option("--head", options.head, "The pull request's head revision (must be checked out)");
  app.add_option("--max-comments", options.max_comments,
                 "Inline comments at most; the rest are counted in the review body (default: 25)")
      ->check(CLI::Range(0, 1000));
  app.add_option("--time-limit", options.time_limit_s,
                 "Seconds to analyze for; translation units not started by then are skipped and "
                 "named in the review (default: 1800)")
      ->check(CLI::NonNegativeNumber);
  auto* post = app.add_flag("--post", options.post,
                            "Post the review to $GITHUB_API_URL (default https://api.github.com) "
                            "with $GITHUB_TOKEN on $GITHUB_REPOSITORY's pull request");
  app.add_option("--post-review", options.post_review,
                 "Post a review FILE written earlier with --format github, analyzing nothing "
                 "(the fork-safe workflow's posting half)")
      ->check(CLI::ExistingFile)
      ->excludes(post);
  app.add_option("--pull", options.pull,
                 "Pull request number (default: from the event at $GITHUB_EVENT_PATH)")
      ->check(CLI::PositiveNumber);
  app.add_option("--sandbox", options.sandbox,
                 "Where the CMake configure runs when DIR has no compile database: bwrap "
                 "(default; Nova's sandbox: no network unless the base's .nova.json sets "
                 "configure.network, no secrets, writes only inside DIR) or none (as the user)")
      ->check(CLI::IsMember({"bwrap", "bubblewrap", "none"}));
  app.add_flag("--configure-packages", options.configure_packages,
               "Print the Debian packages the base commit's .nova.json names in "
               "configure.packages (validated), one per line, and stop; the workflow installs "
               "them before the sandboxed configure")
      ->excludes(post);
  app.add_option("--bot-login", options.bot_login,
                 "The GitHub login Nova posts as; only its comments count as Nova's (default: "
                 "$NOVA_BOT_LOGIN, else the token's own login from GET /user, else "
                 "github-actions[bot] when GitHub refuses GET /user to an installation token)");
  app.footer(
      "Exit status: 0 the review was written (and posted with --post); 2 usage, input or "
      "posting error (GitHub's message is printed); 3 internal failure.");
}

// The common options of a command that runs on a whole repository (fix, nightly): DIR is then
// the repository's root, found from the current directory by default.
void AddRepositoryOptions(CLI::App& cmd, CommonOptions& common, const std::string& to_what) {
  AddCommonOptions(cmd, common, "text|json");
  common.dir.clear();
  cmd.get_option("DIR")->description("Root of the repository " + to_what +
                                     " (default: the root of the repository holding the current "
                                     "directory)");
}

// --sandbox of the commands that build and test in the sandbox (fix, nightly).
void AddSandboxOption(CLI::App& cmd, std::string& sandbox) {
  cmd.add_option("--sandbox", sandbox,
                 "Isolation for build and tests: bwrap (default) or none (no isolation; "
                 "every report says so)")
      ->check(CLI::IsMember({"bwrap", "bubblewrap", "none"}));
}

void AddFix(CLI::App& cmd, FixOptions& options) {
  AddRepositoryOptions(cmd, options.common, "to fix");
  AddModelOptions(cmd, options.common);
  cmd.add_option("--merge-into", options.merge_into,
                 "Branch to merge verified fixes into (must exist, must not be checked out; "
                 "required unless --dry-run)");
  cmd.add_flag("--dry-run", options.dry_run,
               "Print each patch set's unified diff (after the reparse proof); create no "
               "branch, run no sandbox, merge nothing");
  AddSandboxOption(cmd, options.sandbox);
  cmd.add_option("--author-name", options.author_name,
                 "Author and committer name (default: .nova.json fix.author_name, else Nova)");
  cmd.add_option("--author-email", options.author_email,
                 "Author and committer email (default: .nova.json fix.author_email, else "
                 "nova@localhost)");
  cmd.add_flag("--keep-checkouts", options.keep_checkouts,
               "Keep the checkouts the sandbox built, in the run's .nova/runs/<run>/checkouts/");
  cmd.footer(
      "Exit status: 0 the run completed (whatever each patch's verdict); 1 the base is red; 2 "
      "usage or config error; 3 internal failure.");
}

void AddNightly(CLI::App& cmd, NightlyOptions& options) {
  AddRepositoryOptions(cmd, options.common, "to run the night on");
  cmd.add_option("--merge-into", options.merge_into,
                 "Branch to merge verified fixes into (default: .nova.json nightly.target; must "
                 "exist, must not be checked out)");
  AddSandboxOption(cmd, options.sandbox);
  cmd.add_option("--push", options.push,
                 "Push the target and the nova/* patch branches to REMOTE (a remote's name or a "
                 "URL); HTTPS credentials only from $NOVA_PUSH_TOKEN");
  cmd.add_option("--summary", options.summary,
                 "Append the night's Markdown report to FILE (e.g. $GITHUB_STEP_SUMMARY)");
  cmd.footer(
      "Writes .nova/nightly/<run>/report.json, report.md, report.html and the verification "
      "logs, and records the run in .nova/history.sqlite.\n"
      "Exit status: 0 the run completed (whatever each patch's verdict); 1 the base is red; 2 "
      "usage, config or history error; 3 internal failure.");
}

void AddHistory(CLI::App& cmd, HistoryOptions& options) {
  options.dir = ".";
  cmd.add_option("DIR", options.dir, "A directory of the repository (default: .)");
  cmd.add_option("--last", options.last, "How many runs, newest last (default: 14)")
      ->check(CLI::Range(1, 100000));
  cmd.add_option("--format", options.format, "Output format: text|json")
      ->check(CLI::IsMember({"text", "json"}));
}

void AddMerge(CLI::App& cmd, MergeOptions& options) {
  cmd.add_option("FILES", options.inputs, "Shard reports")->required()->check(CLI::ExistingFile);
  cmd.add_option("--format", options.format, "Format of the inputs and the output: json|sarif")
      ->check(CLI::IsMember({"json", "sarif"}));
  cmd.add_option("-o,--output", options.output, "Write the merged report to FILE");
}

int ListRulesText() {
  for (const auto& rule : analyzers::ListRules()) {
    std::cout << rule.id << "  " << rule.description
              << (rule.capabilities.on_by_default
                      ? ""
                      : " (off by default: enable it in .nova.json or --rules)")
              << "\n";
  }
  return kExitOk;
}

void Anchor(std::optional<std::filesystem::path>& path) {
  if (path.has_value() && !path->empty()) path = std::filesystem::absolute(*path);
}

// Like git, a repository command given no DIR works on the repository holding the current
// directory (its root), wherever in it the user stands. Outside any repository DIR stays ".",
// and the command says there is no repository there when it needs one.
void DefaultToRepositoryRoot(CommonOptions& common) {
  if (!common.dir.empty()) return;
  auto repo = core::git::Repository::Discover(std::filesystem::current_path());
  common.dir = repo.ok() ? repo->Workdir() : std::filesystem::path(".");
}

// Makes every path the user gave absolute, against the directory Nova was started in, before
// anything runs: libclang changes the process's working directory while it parses a unit
// (it honours -working-directory with chdir), so a relative path opened after the analysis
// would land in some compile directory.
void AnchorPaths(CommonOptions& common) {
  DefaultToRepositoryRoot(common);
  Anchor(common.compile_commands);
  Anchor(common.build_dir);
  Anchor(common.output);
  Anchor(common.trace);
  Anchor(common.cache_dir);
  Anchor(common.model_cassette);
}

int FinishReview(ReviewOptions& options, const std::string& fail_on) {
  options.fail_on = *core::ParseSeverity(fail_on);
  AnchorPaths(options.common);
  Anchor(options.baseline);
  Anchor(options.write_baseline);
  return RunReview(options, std::cout, std::cerr);
}

}  // namespace

int NovaReviewMain(int argc, char** argv) {
  CLI::App app{"nova-review: review a C++ codebase with libclang and report what is wrong"};
  ReviewOptions options;
  std::string fail_on = "error";
  bool list_rules = false;
  AddReview(app, options, fail_on);
  app.add_flag("--list-rules", list_rules, "List the rules and exit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  if (list_rules) return ListRulesText();
  return FinishReview(options, fail_on);
}

namespace {

// Every subcommand's options and its CLI11 handle: filled while declaring, read after parsing.
// CLI11 keeps references to the options, so one instance lives through the whole of NovaMain.
struct Subcommands {
  ReviewOptions review;
  std::string fail_on = "error";
  CLI::App* review_cmd = nullptr;
  FixOptions fix;
  CLI::App* fix_cmd = nullptr;
  NightlyOptions nightly;
  CLI::App* nightly_cmd = nullptr;
  HistoryOptions history;
  CLI::App* history_cmd = nullptr;
  MergeOptions merge;
  CLI::App* merge_cmd = nullptr;
  std::filesystem::path trace_file;
  CLI::App* trace_cmd = nullptr;
  PrReviewOptions pr;
  CLI::App* pr_cmd = nullptr;
};

void DeclareSubcommands(CLI::App& app, Subcommands& s) {
  s.review_cmd = app.add_subcommand("review", "Review a directory (same as nova-review)");
  AddReview(*s.review_cmd, s.review, s.fail_on);
  s.fix_cmd = app.add_subcommand(
      "fix",
      "Write fixes as nova/<rule>/<id> branches, verify each in the sandbox, merge the green ones");
  AddFix(*s.fix_cmd, s.fix);
  s.nightly_cmd = app.add_subcommand(
      "nightly",
      "One night: review, fix the hottest findings, verify and merge the green ones, prune, "
      "push, record the run and write the report");
  AddNightly(*s.nightly_cmd, s.nightly);
  s.history_cmd = app.add_subcommand(
      "history", "The trend of the recorded nightly runs: findings, per-rule changes, merges");
  AddHistory(*s.history_cmd, s.history);
  s.merge_cmd = app.add_subcommand("merge", "Merge JSON or SARIF reports of --shard runs");
  AddMerge(*s.merge_cmd, s.merge);
  s.trace_cmd = app.add_subcommand(
      "trace", "Read a run's trace back: timeline, slowest steps, failures with their causes");
  s.trace_cmd
      ->add_option("FILE", s.trace_file, "A trace (--trace FILE, or .nova/runs/<run>/trace.jsonl)")
      ->required();
  s.pr_cmd = app.add_subcommand(
      "pr-review",
      "Review what a pull request changed as one GitHub review; --post posts it without reposting");
  AddPrReview(*s.pr_cmd, s.pr);
  app.add_subcommand("agents", "List every agent with its role");
  app.add_subcommand("rules", "List every rule with its description");
}

// Runs the one subcommand that was parsed, its relative paths anchored first.
int RunParsedSubcommand(const CLI::App& app, Subcommands& s) {
  if (s.review_cmd->parsed()) return FinishReview(s.review, s.fail_on);
  if (s.fix_cmd->parsed()) {
    AnchorPaths(s.fix.common);
    return RunFix(s.fix, std::cout, std::cerr);
  }
  if (s.nightly_cmd->parsed()) {
    AnchorPaths(s.nightly.common);
    Anchor(s.nightly.summary);
    return RunNightly(s.nightly, std::cout, std::cerr);
  }
  if (s.history_cmd->parsed()) return RunHistory(s.history, std::cout, std::cerr);
  if (s.merge_cmd->parsed()) {
    Anchor(s.merge.output);
    return RunMerge(s.merge, std::cout, std::cerr);
  }
  if (s.trace_cmd->parsed()) return RunTrace(s.trace_file, std::cout, std::cerr);
  if (s.pr_cmd->parsed()) {
    AnchorPaths(s.pr.common);
    Anchor(s.pr.post_review);
    return RunPrReview(s.pr, std::cout, std::cerr);
  }
  if (app.got_subcommand("agents")) return RunAgents(std::cout);
  return ListRulesText();
}

}  // namespace

int NovaMain(int argc, char** argv) {
  CLI::App app{"nova: review, fix and verify a C++ codebase"};
  app.require_subcommand(1);
  Subcommands subcommands;
  DeclareSubcommands(app, subcommands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  return RunParsedSubcommand(app, subcommands);
}

}  // namespace nova::app
