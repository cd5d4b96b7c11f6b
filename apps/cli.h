// The command-line interface of `nova` and `nova-review` (CLI11): option definitions shared by
// both binaries, so `nova-review DIR` and `nova review DIR` accept exactly the same flags.
#pragma once

namespace nova::app {

// Entry point of `nova-review`.
int NovaReviewMain(int argc, char** argv);
// Entry point of `nova` (subcommands review, fix, nightly, history, merge, trace, pr-review,
// agents, rules).
int NovaMain(int argc, char** argv);

}  // namespace nova::app
