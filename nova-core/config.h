// Config: the contents of a repository's `.nova.json`, parsed and validated in one place.
// Unknown keys and wrong types are InvalidArgument errors naming the key ("run.deadline_s").
// Rule options stay JSON here: each rule validates its own keys (analyzers own the rules).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "nova-core/result.h"

namespace nova::core {

// How a run is bounded (the driver's options), from `.nova.json`'s "run" object.
struct RunSettings {
  int deadline_s = 6 * 3600;     // wall-clock bound of one run. Default: 21600 (6 h)
  int stall_timeout_s = 1800;    // cancel a step with no progress for this long. Default: 1800
  int max_steps = 32;            // Default: 32
  int verify_parallel = 1;       // sandbox verifications at once. Default: 1
};

// How `nova fix` turns findings into patch sets, from `.nova.json`'s "fix" object.
struct FixSettings {
  // A rule's set grows while it touches at most max_files files and holds at most max_edits
  // edits; 0: no bound. Default: 20 and 200
  int max_files = 20;
  int max_edits = 200;
  bool split_by_directory = false;  // one set per directory. Default: false
  int max_rounds = 3;  // later sets for fixes that overlap an earlier one, per rule. Default: 3
  // Globs (analyzers' GlobMatch, relative to the repository root) of test and build files: a
  // set touching one is proposed and verified but never merged unless its rule is listed in
  // `merge_protected`. Default: kDefaultProtectedPaths
  std::vector<std::string> protected_paths = {};
  std::vector<std::string> merge_protected = {};  // rule ids. Default: none
  std::string author_name = "Nova";               // author and committer. Default: Nova
  std::string author_email = "nova@localhost";    // Default: nova@localhost
  // Reparse every unit reading a touched file before a set costs a sandbox run. Default: true
  bool reparse_proof = true;
  // Format the lines a patch touched with clang-format --lines when the base commit has a
  // .clang-format at the repository root; untouched lines are never reformatted. Default: true
  bool format = true;
};

// test/, tests/, *_test.*, CMakeLists.txt and *.cmake, at any depth.
std::vector<std::string> DefaultProtectedPaths();

struct Config {
  std::optional<std::string> compile_commands;  // path, relative to the repository root
  std::vector<std::string> exclude;             // globs, relative to the repository root
  std::map<std::string, nlohmann::json> rules;  // rule id -> options object
  RunSettings run;
  FixSettings fix;
  // The sections other modules own and parse themselves (the sandbox's "sandbox", apps'
  // "nightly", "model" and "configure", the refactorer's "merge"), as written, by
  // key; and the file's name for their messages.
  std::map<std::string, nlohmann::json> sections = {};
  std::string origin = ".nova.json";
  std::string digest = "defaults";  // of the file's bytes; "defaults" when there is no file
};

// Parses `.nova.json` text; `origin` names the file in messages.
Result<Config> ParseConfig(std::string_view text, std::string_view origin);
// Loads DIR/.nova.json, or returns defaults when the file does not exist.
Result<Config> LoadConfig(const std::filesystem::path& repo_root);

}  // namespace nova::core
