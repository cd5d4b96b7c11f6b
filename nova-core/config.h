// Config: the contents of a repository's `.nova.json`, parsed and validated in one place.
// Unknown keys and wrong types are InvalidArgument errors naming the key ("sandbox.timeout_s").
// Rule options stay JSON here: each rule validates its own keys (analyzers own the rules).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nova-core/result.h"

namespace nova::core {

struct SandboxSettings {
  std::vector<std::string> build;  // each a `/bin/sh -c` line, run in the checkout
  std::vector<std::string> test;   // likewise, after every build line passed
  int timeout_s = 1800;            // wall-clock bound for build + test together. Default: 1800
  bool configured = false;         // false: build/test are Nova's defaults for a CMake project
};

// How a run is bounded (the driver's options), from `.nova.json`'s "run" object.
struct RunSettings {
  int deadline_s = 6 * 3600;     // wall-clock bound of one run. Default: 21600 (6 h)
  int stall_timeout_s = 1800;    // cancel a step with no progress for this long. Default: 1800
  int max_steps = 32;            // Default: 32
  int verify_parallel = 1;       // sandbox verifications at once. Default: 1
};

struct Config {
  std::optional<std::string> compile_commands;  // path, relative to the repository root
  std::vector<std::string> exclude;             // globs, relative to the repository root
  std::map<std::string, nlohmann::json> rules;  // rule id -> options object
  SandboxSettings sandbox;
  RunSettings run;
  std::string digest = "defaults";  // of the file's bytes; "defaults" when there is no file
};

// Defaults when a project has no `.nova.json`: a CMake build and ctest in `build/`.
SandboxSettings DefaultCMakeSandbox();

// Parses `.nova.json` text; `origin` names the file in messages.
Result<Config> ParseConfig(std::string_view text, std::string_view origin);
// Loads DIR/.nova.json, or returns defaults when the file does not exist.
Result<Config> LoadConfig(const std::filesystem::path& repo_root);

}  // namespace nova::core
