#include <cstdlib>
#include <memory>

#include "apps/agents/model_reviewer_agent.h"
#include "apps/agents/reporter_agent.h"
#include "apps/agents/review_agents.h"
#include "apps/agents/slots.h"
#include "apps/command_support.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"
#include "apps/model_session.h"
#include "apps/sandboxed_configure.h"
#include "apps/project_config.h"
#include "github/bot_identity.h"
#include "github/github_client.h"
#include "github/pr_event.h"
#include "github/review_builder.h"
#include "github/review_poster.h"
#include "nova-core/file_io.h"
#include "nova-core/git/diff.h"
#include "nova-core/git/repository.h"
#include "nova-core/http/http_client.h"
#include "nova-core/process/boost_process_runner.h"
#include "nova-core/json_parse.h"
#include "nova-core/state_dir.h"
#include "reviewer/diff_filter.h"
#include "reviewer/render.h"

namespace nova::app {
namespace {

constexpr std::string_view kCommand = "nova pr-review";

int Fail(std::ostream& err, const core::Status& status) {
  return FailCommand(err, kCommand, status);
}

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// Where to post, from the environment GitHub Actions sets, and the pull request from --pull or
// the event payload. The event's head commit must be the review's.
core::Result<github::PullRequestRef> PostTarget(const PrReviewOptions& options,
                                                const std::string& review_commit) {
  github::PullRequestRef pull;
  pull.api_url = Env("GITHUB_API_URL").empty() ? pull.api_url : Env("GITHUB_API_URL");
  pull.repository = Env("GITHUB_REPOSITORY");
  if (pull.repository.empty()) {
    return core::FailedPreconditionError("GITHUB_REPOSITORY is not set (owner/name)");
  }
  std::optional<github::PullRequestEvent> event;
  if (const std::string path = Env("GITHUB_EVENT_PATH"); !path.empty()) {
    NOVA_ASSIGN_OR_RETURN(event, github::ReadPullRequestEvent(path));
  }
  if (options.pull) {
    pull.number = *options.pull;
  } else if (event && event->number) {
    pull.number = *event->number;
  } else {
    return core::FailedPreconditionError(
        "no pull request number: pass --pull N or set GITHUB_EVENT_PATH to a pull_request event");
  }
  if (event && !event->head_sha.empty() && event->head_sha != review_commit) {
    return core::FailedPreconditionError("the review is for commit " + review_commit +
                                         " but the event's head commit is " + event->head_sha);
  }
  return pull;
}

int Post(const PrReviewOptions& options, const nlohmann::json& review, std::ostream& err) {
  const std::string token = Env("GITHUB_TOKEN");
  if (token.empty()) {
    return Fail(err, core::FailedPreconditionError("--post needs GITHUB_TOKEN"));
  }
  if (!review.contains("commit_id") || !review["commit_id"].is_string()) {
    return Fail(err, core::InvalidArgumentError("the review has no commit_id"));
  }
  auto pull = PostTarget(options, review["commit_id"].get<std::string>());
  if (!pull.ok()) return Fail(err, pull.status());
  core::http::CurlTransport transport;
  github::GitHubClient client(transport, *pull, token);
  auto identity = github::ResolveBotIdentity(
      client, options.bot_login.empty() ? Env("NOVA_BOT_LOGIN") : options.bot_login);
  if (!identity.ok()) return Fail(err, identity.status());
  err << kCommand << ": posting as " << identity->login << " (" << identity->origin
      << "); only its comments count as Nova's\n";
  auto outcome = github::PostReview(client, review, identity->login);
  for (const std::string& event : client.Events()) err << kCommand << ": " << event << "\n";
  if (!outcome.ok()) {
    return Fail(err, outcome.status().WithContext("pull request " + pull->repository + "#" +
                                                  std::to_string(pull->number)));
  }
  err << kCommand << ": " << pull->repository << "#" << pull->number << ": "
      << github::DescribeOutcome(*outcome) << "\n";
  return kExitOk;
}

int PostReviewFile(const PrReviewOptions& options, std::ostream& err) {
  auto text = core::ReadWholeFile(*options.post_review);
  if (!text.ok()) return Fail(err, text.status().WithContext("--post-review"));
  core::Result<nlohmann::json> review = core::ParseJson(*text, options.post_review->string());
  if (!review.ok()) return Fail(err, review.status());
  return Post(options, *review, err);
}

// The repository whose root is `dir`, and --base resolved in it.
struct PrBase {
  std::optional<core::git::Repository> repo;
  core::git::ObjectId base;
};

core::Result<PrBase> OpenAtBase(const std::filesystem::path& dir, const std::string& base) {
  PrBase opened;
  NOVA_ASSIGN_OR_RETURN(core::git::Repository repo, core::git::Repository::Discover(dir));
  opened.repo.emplace(std::move(repo));
  if (opened.repo->Workdir() != dir) {
    return core::InvalidArgumentError(dir.string() + ": not the root of its repository (" +
                                      opened.repo->Workdir().string() + ")");
  }
  auto resolved = opened.repo->ResolveCommit(base);
  if (!resolved.ok()) return resolved.status().WithContext("--base");
  opened.base = *resolved;
  return opened;
}

// The base commit's .nova.json (defaults without one). What the pull request's configure may do
// (network, packages, limits) is the base's word, so a pull request cannot widen its own sandbox.
core::Result<ProjectConfig> BaseConfig(const PrBase& at) {
  const std::string origin = at.base.substr(0, 12) + ":.nova.json";
  auto text = at.repo->ReadFileAt(at.base, ".nova.json");
  if (text.status().code() == core::StatusCode::kNotFound) return ParseProjectConfig("{}", origin);
  if (!text.ok()) return text.status();
  return ParseProjectConfig(*text, origin);
}

// --configure-packages: the packages the workflow installs before the sandboxed configure.
int PrintConfigurePackages(const PrReviewOptions& options, std::ostream& out, std::ostream& err) {
  if (options.base.empty()) {
    return Fail(err, core::InvalidArgumentError(
                         "--configure-packages needs --base REV: the packages are the base's"));
  }
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::canonical(options.common.dir, ec);
  if (ec)
    return Fail(err, core::InvalidArgumentError(options.common.dir.string() + ": " + ec.message()));
  auto at = OpenAtBase(dir, options.base);
  if (!at.ok()) return Fail(err, at.status());
  auto config = BaseConfig(*at);
  if (!config.ok()) return Fail(err, config.status());
  for (const std::string& package : config->configure.packages) out << package << "\n";
  return kExitOk;
}

// Everything the analysis needs before its first agent starts.
struct PrContext {
  LoadedInputs inputs;
  std::optional<core::git::Repository> repo;
  core::git::ObjectId head;
  ProjectConfig base_config;  // the base commit's .nova.json: the sandboxed configure's settings
  core::git::ChangedLines changed;
  std::map<std::string, std::string> overlay;
  // The run's model, when .nova.json configures one; null otherwise.
  std::unique_ptr<ModelSession> model = {};
  // Runs cmake when there is no compile database; behind a pointer so moves keep its address.
  std::unique_ptr<core::ProcessRunner> runner = std::make_unique<core::BoostProcessRunner>();
};

core::Result<PrContext> PreparePr(const PrReviewOptions& options) {
  if (options.base.empty() || options.head.empty()) {
    return core::InvalidArgumentError("--base REV and --head REV are required");
  }
  PrContext context;
  NOVA_ASSIGN_OR_RETURN(context.inputs, LoadInputs(options.common));
  NOVA_ASSIGN_OR_RETURN(
      context.model, ModelSession::Open(context.inputs.config.model,
                                        {options.common.model_cassette, options.common.offline}));
  NOVA_ASSIGN_OR_RETURN(PrBase at, OpenAtBase(context.inputs.dir, options.base));
  NOVA_ASSIGN_OR_RETURN(context.base_config, BaseConfig(at));
  const core::git::ObjectId base = at.base;
  context.repo = std::move(at.repo);
  auto head = context.repo->ResolveCommit(options.head);
  if (!head.ok()) return head.status().WithContext("--head");
  context.head = *head;
  auto checked_out = context.repo->ResolveCommit("HEAD");
  if (!checked_out.ok() || *checked_out != context.head) {
    return core::FailedPreconditionError("the working tree must have --head checked out (" +
                                         context.head + ")");
  }
  // GitHub shows a pull request as base...head, the changes since the branch left the base:
  // lines the base changed later are not the pull request's, and GitHub refuses comments on them.
  auto merge_base = context.repo->MergeBase(base, context.head);
  if (merge_base.status().code() == core::StatusCode::kNotFound) {
    return core::FailedPreconditionError(
        "--base " + options.base + " and --head " + options.head +
        " have no common ancestor, so there is no merge base to diff the pull request from "
        "(a shallow clone? fetch the whole history, e.g. actions/checkout with fetch-depth: 0)");
  }
  if (!merge_base.ok()) return merge_base.status().WithContext("--base");
  auto changed = core::git::DiffSince(*context.repo, *merge_base, context.head);
  if (!changed.ok()) return changed.status().WithContext("--base");
  context.changed = std::move(*changed);
  // The analysis sees exactly --head, whatever the user has edited since.
  NOVA_ASSIGN_OR_RETURN(context.overlay, CommitOverlay(*context.repo, context.head));
  return context;
}

nlohmann::json GitHubReviewOf(const reviewer::Review& review, const PrReviewOptions& options,
                              const PrContext& context) {
  github::ReviewBuildOptions build;
  build.commit_id = context.head;
  build.max_comments = options.max_comments;
  if (options.common.shard_count > 0) {
    // Findings of the other shards are unknown here, so none may be called fixed.
    build.skipped.push_back("files outside shard " + std::to_string(options.common.shard_index) +
                            "/" + std::to_string(options.common.shard_count));
  }
  const core::git::Repository& repo = *context.repo;
  const core::git::ObjectId head = context.head;
  return github::BuildGitHubReview(
      review, context.changed,
      [&repo, head](const std::string& path) { return repo.ReadFileAt(head, path); }, build);
}

// The review in --format: GitHub's review body (the default), Nova's JSON or SARIF.
RunRenderer PrRenderer(const PrReviewOptions& options, const PrContext& context) {
  return [&options, &context](core::Blackboard& board, const core::RunReport&) {
    RenderedRun rendered;
    auto review = board.Get<reviewer::Review>(kReviewSlot);
    if (!review.ok()) return rendered;  // the run stopped before the review existed
    rendered.result = reviewer::ReviewJson(**review);
    rendered.markdown = "```\n" + reviewer::RenderText(**review) + "```\n";
    if (options.common.format == "json") {
      rendered.output = reviewer::RenderJson(**review);
    } else if (options.common.format == "sarif") {
      rendered.output = reviewer::RenderSarif(**review);
    } else {
      rendered.output = GitHubReviewOf(**review, options, context).dump(2) + "\n";
    }
    return rendered;
  };
}

// The analysis plan: indexer, analyzer (TUs that read a changed file, within the time limit),
// reviewer (findings on added lines), and the reporter.
core::Result<core::Plan> BuildPrPlan(const PrReviewOptions& options, const PrContext& context,
                                     std::chrono::steady_clock::time_point start,
                                     const std::filesystem::path& run_dir, ProgressLine& progress,
                                     std::ostream& out) {
  NOVA_ASSIGN_OR_RETURN(
      AnalyzerSettings settings,
      MakeAnalyzerSettings(options.common, context.inputs, context.overlay, &progress));
  settings.changed_files = reviewer::ChangedAbsolutePaths(context.changed, context.repo->Workdir());
  settings.start_units_until = start + std::chrono::seconds(options.time_limit_s);
  settings.stop_reason =
      "the time limit of " + std::to_string(options.time_limit_s) + " s (--time-limit) ran out";
  analyzers::CompileDbRequest compile_db{context.inputs.dir, options.common.compile_commands,
                                         options.common.build_dir, context.inputs.config};
  compile_db.runner = context.runner.get();
  if (options.sandbox != "none") {
    compile_db.sandboxed = SandboxedConfigureIn(
        SandboxedConfigure{context.base_config.sandbox, context.base_config.configure},
        context.inputs.dir, *context.runner);
  }
  core::Plan plan;
  plan.steps.push_back(std::make_unique<IndexerAgent>(std::move(compile_db)));
  plan.steps.push_back(std::make_unique<AnalyzerAgent>(std::move(settings)));
  // Only with a model configured: it reviews the functions the pull request changes.
  if (context.model) {
    plan.steps.push_back(std::make_unique<ModelReviewerAgent>(
        *context.model, ModelAgentSettings{context.inputs.dir, context.overlay, context.changed,
                                           context.repo->Workdir()}));
  }
  ReviewerSettings reviewer{context.inputs.dir};
  reviewer.changed = context.changed;
  reviewer.repo_root = context.repo->Workdir();
  reviewer.overlay = context.overlay;
  plan.steps.push_back(std::make_unique<ReviewerAgent>(std::move(reviewer)));
  plan.finally = std::make_unique<ReporterAgent>(
      ReportRequest{"pr-review", run_dir, options.common, &out, PrRenderer(options, context)});
  return plan;
}

}  // namespace

int RunPrReview(const PrReviewOptions& options, std::ostream& out, std::ostream& err) {
  const auto start = std::chrono::steady_clock::now();
  if (options.post_review) return PostReviewFile(options, err);
  if (options.configure_packages) return PrintConfigurePackages(options, out, err);
  auto context = PreparePr(options);
  if (!context.ok()) return Fail(err, context.status());
  auto run_dir = core::CreateRunDir(context->inputs.dir);
  if (!run_dir.ok()) return Fail(err, run_dir.status());
  ProgressLine progress(stderr, ProgressWanted(stderr, options.common.quiet));
  auto plan = BuildPrPlan(options, *context, start, *run_dir, progress, out);
  if (!plan.ok()) return Fail(err, plan.status());
  core::Blackboard board;
  core::Driver driver(MakeDriverOptions("pr-review", options.common, context->inputs, *run_dir));
  const ReviewRun run = RunReviewPlan(*plan, driver, board, kCommand, err);
  if (run.review == nullptr) return run.exit_code;
  if (!run.review->problems.empty()) {
    err << kCommand << ": " << run.review->problems.size()
        << " input(s) not fully analyzed; the review says which\n";
  }
  if (!options.post) return kExitOk;
  return Post(options, GitHubReviewOf(*run.review, options, *context), err);
}

}  // namespace nova::app
