// The `review` and `fix` commands: each builds a plan of agents, runs it through the Driver,
// renders what was produced (also when a step failed, labelled partial) and returns the exit
// code. Options are plain structs filled by the CLI layer. Not thread-safe.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "nova-core/finding.h"

namespace nova::app {

struct CommonOptions {
  std::filesystem::path dir;
  std::optional<std::filesystem::path> compile_commands;
  std::optional<std::filesystem::path> build_dir;
  std::vector<std::string> rules;  // empty: every rule
  std::string format = "text";
  std::optional<std::filesystem::path> output;  // -o FILE; stdout when absent
  std::optional<std::filesystem::path> trace;
  int jobs = 0;                                     // -j N; 0: one worker per core
  std::optional<std::filesystem::path> cache_dir;   // default: DIR/.nova/cache
  bool no_cache = false;
  int shard_index = 0;                              // --shard K/N (1-based K); 0: no sharding
  int shard_count = 0;
  bool quiet = false;                               // no progress line
  // --model-cassette DIR: record every model exchange there (replay it with --offline).
  std::optional<std::filesystem::path> model_cassette = std::nullopt;
  bool offline = false;  // --offline: model replies come only from the cassette
};

struct ReviewOptions {
  CommonOptions common;
  core::Severity fail_on = core::Severity::kError;
  std::optional<std::string> since;  // --since REV: only lines added or changed since REV
  std::optional<std::filesystem::path> baseline;        // --baseline FILE: hide known findings
  std::optional<std::filesystem::path> write_baseline;  // --write-baseline FILE
};

struct FixOptions {
  CommonOptions common;
  std::string merge_into;
  std::string sandbox = "bwrap";  // "bwrap" or "none"
  // Empty: .nova.json's fix.author_name / fix.author_email (default Nova <nova@localhost>).
  std::string author_name = {};
  std::string author_email = {};
  bool keep_checkouts = false;
  // Plan, prove and print each patch set's diff; write no branch, build nothing, merge nothing.
  bool dry_run = false;
};

// `nova pr-review`: the findings on the lines a pull request adds, as one GitHub review (or
// JSON/SARIF), optionally posted without reposting; or, with post_review, a review made earlier
// posted as it is (the fork-safe workflow's second half, which runs none of the PR's code).
struct PrReviewOptions {
  CommonOptions common;   // format: github (default), json or sarif
  std::string base;       // --base REV
  std::string head;       // --head REV: must be checked out
  int max_comments = 25;  // --max-comments N; the rest are counted in the review body
  // --time-limit S: TUs not started within S seconds of the start are skipped and named in the
  // review. Default: 1800 s.
  int time_limit_s = 1800;
  bool post = false;      // --post: to $GITHUB_API_URL with $GITHUB_TOKEN
  std::optional<std::filesystem::path> post_review = std::nullopt;  // --post-review FILE
  std::optional<int> pull = std::nullopt;  // --pull N; default: from $GITHUB_EVENT_PATH
  // --bot-login LOGIN: the login Nova posts as, whose comments alone are Nova's. Default:
  // $NOVA_BOT_LOGIN, else the token's login (GET /user), else github-actions[bot].
  std::string bot_login = {};
  // --sandbox: where the CMake configure for a compile database runs: bwrap (Nova's sandbox, with
  // the base commit's .nova.json settings) or none (as the user). Default: bwrap
  std::string sandbox = "bwrap";
  // --configure-packages: print the base commit's configure.packages, one per line, and stop.
  bool configure_packages = false;
};

// `nova nightly`: one night's run. A fix run over everything, patches ranked by hotspot and
// bounded by nightly.max_patches and nightly.budget_s, stale nova/* branches pruned, optionally
// pushed, recorded in .nova/history.sqlite and reported in .nova/nightly/<run>/.
struct NightlyOptions {
  CommonOptions common;         // format: text (default) or json (the NightReport)
  std::string merge_into = {};  // default: .nova.json nightly.target
  std::string sandbox = "bwrap";
  // --push REMOTE: a remote's name or URL; credentials only from $NOVA_PUSH_TOKEN (HTTPS) or
  // the ssh agent. Default: no push.
  std::string push = {};
  std::optional<std::filesystem::path> summary =
      std::nullopt;  // --summary FILE: append the Markdown
};

// `nova history`: the trend of the recorded nightly runs.
struct HistoryOptions {
  std::filesystem::path dir;
  int last = 14;                // --last N. Default: 14
  std::string format = "text";  // text or json
};

int RunReview(const ReviewOptions& options, std::ostream& out, std::ostream& err);
int RunNightly(const NightlyOptions& options, std::ostream& out, std::ostream& err);
int RunHistory(const HistoryOptions& options, std::ostream& out, std::ostream& err);
int RunPrReview(const PrReviewOptions& options, std::ostream& out, std::ostream& err);
int RunFix(const FixOptions& options, std::ostream& out, std::ostream& err);
// Prints every agent Nova has, with its role, as a table.
int RunAgents(std::ostream& out);

struct MergeOptions {
  std::vector<std::filesystem::path> inputs;
  std::string format = "json";  // json or sarif
  std::optional<std::filesystem::path> output;
};
// Prints a trace file as a timeline, the slowest steps and every failure with its cause.
int RunTrace(const std::filesystem::path& file, std::ostream& out, std::ostream& err);

// Merges shard reports (--shard K/N outputs) into one.
int RunMerge(const MergeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace nova::app
