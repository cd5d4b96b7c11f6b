// Config: the contents of a repository's `.nova.json`, parsed and validated in one place.
// Unknown keys and wrong types are InvalidArgument errors naming the key ("sandbox.timeout_s").
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

struct SandboxSettings {
  std::vector<std::string> build;  // each a `/bin/sh -c` line, run in the checkout
  std::vector<std::string> test;   // likewise, after every build line passed
  int timeout_s = 1800;            // wall-clock bound for build + test together. Default: 1800
  bool configured = false;         // false: build/test are Nova's defaults for a CMake project
  // Names of variables copied from Nova's environment, when set there, into the otherwise
  // cleared environment of sandboxed commands. Never a secret-looking name (IsSecretLookingName).
  // Default: none.
  std::vector<std::string> env = {};
  // Absolute path of a ccache directory shared by every checkout: writable during the build
  // lines, read-only during the test lines. Default: empty, ccache disabled (CCACHE_DISABLE=1).
  std::string ccache_dir = {};
  // Absolute host paths (files or directories) shown read-only in the sandbox, at their real
  // paths, besides the system directories (e.g. a toolchain in a home directory). Each must exist
  // when the sandbox runs. Default: none.
  std::vector<std::string> ro_binds = {};
  // A verification in which no test ran (no test line, or ctest found no tests) is red unless
  // this is true; its description says which. Default: false
  bool allow_no_tests = false;
  // The build and tests run bubblewrap themselves (a sandbox inside the sandbox): when Nova runs
  // as root, bwrap then runs as nobody, which owns the checkout (sandbox/nesting.h). Default: false
  bool nested = false;
  int tmp_size_mb = 1024;   // size of the sandbox's private /tmp. Default: 1024
  // Memory of each sandboxed process tree: cgroup v2 memory.max when a delegated cgroup v2 is
  // writable, else RLIMIT_AS of each process. 0: no limit. Default: 8192
  int memory_mb = 8192;
  // Processes: cgroup v2 pids.max, else RLIMIT_NPROC (which Linux does not enforce for root).
  // 0: no limit. Default: 4096
  int pids_max = 4096;
  // Output of one command kept in the log: its first and last halves, the middle omitted.
  // Default: 64
  int log_max_mb = 64;
};

// True for a variable name that looks like it holds a secret, case-insensitively: one containing
// TOKEN, SECRET, PASSWORD, PASSWD or CREDENTIAL, ending in _KEY, or API_KEY itself.
bool IsSecretLookingName(std::string_view name);

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
  SandboxSettings sandbox;
  RunSettings run;
  FixSettings fix;
  // The sections other modules own and parse themselves (apps' "nightly", "model" and
  // "configure", the refactorer's "merge"), as written, by
  // key; and the file's name for their messages.
  std::map<std::string, nlohmann::json> sections = {};
  std::string origin = ".nova.json";
  std::string digest = "defaults";  // of the file's bytes; "defaults" when there is no file
};

// Defaults when a project has no `.nova.json`: a CMake build and ctest in `build/`.
SandboxSettings DefaultCMakeSandbox();

// Parses `.nova.json` text; `origin` names the file in messages.
Result<Config> ParseConfig(std::string_view text, std::string_view origin);
// Loads DIR/.nova.json, or returns defaults when the file does not exist.
Result<Config> LoadConfig(const std::filesystem::path& repo_root);

}  // namespace nova::core
