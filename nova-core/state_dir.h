// StateDir: Nova's own folder `.nova/` at a repository root (cache, runs, logs). It ignores
// itself with a `.gitignore` holding `*`, so `git status` stays exactly as it was.
// Functions only; safe from several threads (creation is idempotent).
#pragma once

#include <filesystem>
#include <string>

#include "nova-core/result.h"

namespace nova::core {

// Creates <root>/.nova and its .gitignore if missing; returns the absolute .nova path.
Result<std::filesystem::path> EnsureStateDir(const std::filesystem::path& root);

// A new directory <root>/.nova/runs/<UTC time>-<pid> for one run's logs.
Result<std::filesystem::path> CreateRunDir(const std::filesystem::path& root);

}  // namespace nova::core
