// Path helpers every module shares: how a file is named relative to a root for people and
// reports, and a canonical spelling that never fails. Pure functions; thread-safe.
#pragma once

#include <filesystem>
#include <string>

namespace nova::core {

// `file` relative to `root`, '/'-separated, when it lies below `root`; else `file` as given.
std::string PathBelowRoot(const std::filesystem::path& file, const std::filesystem::path& root);

// The canonical path where it can be resolved (missing tail components allowed), else the
// lexically normal form.
std::filesystem::path CanonicalOrNormal(const std::filesystem::path& path);

}  // namespace nova::core
