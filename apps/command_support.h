// Helpers shared by the commands: directory and config loading, rule validation, writing the
// rendered report to -o FILE or stdout, and printing a run's failure. Not thread-safe.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "apps/agents/review_agents.h"
#include "apps/commands.h"
#include "apps/project_config.h"
#include "nova-core/config.h"
#include "nova-core/driver.h"
#include "nova-core/git/repository.h"
#include "reviewer/review.h"

namespace nova::app {

struct LoadedInputs {
  std::filesystem::path dir;  // canonical
  ProjectConfig config;
};

// Canonicalizes DIR, loads its .nova.json, validates --rules and the rule options.
core::Result<LoadedInputs> LoadInputs(const CommonOptions& options);

// The analyzer's settings from the command line: rules, jobs, shard, and the cache (DIR/.nova/cache
// unless --cache-dir or --no-cache says otherwise).
core::Result<AnalyzerSettings> MakeAnalyzerSettings(const CommonOptions& options,
                                                    const LoadedInputs& inputs,
                                                    std::map<std::string, std::string> overlay,
                                                    ProgressLine* progress);

// Prints "<command>: error: <message>" and returns the exit code for `status`.
int FailCommand(std::ostream& err, std::string_view command, const core::Status& status);

core::Status WriteOutput(const CommonOptions& options, const std::string& text, std::ostream& out);

// The driver's bounds from `.nova.json`'s "run", the --trace file and the run's own trace,
// SIGINT/SIGTERM handled at safe points, and the run_start facts: the command, Nova's, libclang's
// and libgit2's versions and the config digest.
core::DriverOptions MakeDriverOptions(std::string_view command, const CommonOptions& options,
                                      const LoadedInputs& inputs,
                                      const std::filesystem::path& run_dir);

// "nova: error: <status>" plus, for a partial run, which steps ran.
void PrintRunFailure(const core::RunReport& report, std::ostream& err);

// A review plan's run: the Review it put on the board, or the exit code of a run that failed
// (its reason already printed to `err`, as `command`).
struct ReviewRun {
  const reviewer::Review* review = nullptr;
  int exit_code = 0;
};
ReviewRun RunReviewPlan(core::Plan& plan, core::Driver& driver, core::Blackboard& board,
                        std::string_view command, std::ostream& err);

// `commit`'s content of every tracked file modified in the working tree, keyed by absolute path:
// with it as the overlay, the analysis sees that commit whatever the user has edited since.
core::Result<std::map<std::string, std::string>> CommitOverlay(const core::git::Repository& repo,
                                                               const core::git::ObjectId& commit);

}  // namespace nova::app
