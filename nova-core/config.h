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

// How `nova nightly` bounds one night, from `.nova.json`'s "nightly" object.
struct NightlySettings {
  int max_patches = 10;  // patch sets verified per night, most valuable first. Default: 10
  int budget_s = 3600;   // wall-clock bound of the night's run. Default: 3600
  // The branch verified patches are merged into; --merge-into overrides it. Default: empty,
  // then --merge-into is required.
  std::string target = {};
  int trend_runs = 14;  // runs shown in the report's trend. Default: 14
};

// The model endpoint the optional model-backed agents talk to, from `.nova.json`'s "model"
// object: an OpenAI-compatible chat-completions server. Off unless `endpoint` is set.
struct ModelSettings {
  std::string endpoint = {};     // e.g. "http://127.0.0.1:8080/v1"; "" : no model. Default: ""
  std::string name = {};         // the model's name; required with an endpoint. Default: ""
  std::string api_key_env = {};  // variable holding the key; "" : no key sent. Default: ""
  int timeout_s = 120;           // one exchange, connection included. Default: 120
  int connect_timeout_s = 10;    // Default: 10
  int max_attempts = 4;          // tries per call on 429, 5xx and refused connections. Default: 4
  int max_retry_wait_s = 60;     // a longer Retry-After fails the call. Default: 60
  int max_calls = 50;            // model calls per run. Default: 50
  int max_tokens = 200000;       // total tokens (prompt + completion) per run. Default: 200000
  int max_wall_s = 900;          // wall time of the model work per run. Default: 900
  int max_output_tokens = 2048;  // the completion bound sent with each request. Default: 2048
  // "json_schema", "json_object" or "none": what response_format the server is asked for; the
  // reply is validated by Nova whatever it is. Default: "json_schema"
  std::string response_format = "json_schema";
  int review_functions = 5;    // functions the model-reviewer sends per run. Default: 5
  int refactor_functions = 3;  // findings the model-refactorer rewrites per run. Default: 3
  int context_functions = 4;   // callers and callees sent with each function, each. Default: 4

  bool enabled() const { return !endpoint.empty(); }
};

// What the gatekeeper may merge beyond what `fix` decides, from `.nova.json`'s "merge" object.
struct MergeSettings {
  // Model-written patches are proposed with their verdict and merged only when true.
  // Default: false
  bool model_patches = false;
};

// How Nova configures a CMake project for its compile database, from `.nova.json`'s "configure"
// object. `nova pr-review` runs that configure in the sandbox with the base commit's settings,
// so a pull request cannot widen its own sandbox.
struct ConfigureSettings {
  // Debian packages the configure needs, which the pull-request workflow installs with apt
  // before the sandbox. Each a Debian package name (lowercase letters, digits, + - ., starting
  // with a letter or digit, at least 2 characters), at most 64 of them. Default: none
  std::vector<std::string> packages = {};
  // Whether the sandboxed configure may reach the network (e.g. CMake's FetchContent).
  // Default: false
  bool network = false;
};

// True for a Debian package name as ConfigureSettings::packages allows it.
bool IsDebianPackageName(std::string_view name);

// test/, tests/, *_test.*, CMakeLists.txt and *.cmake, at any depth.
std::vector<std::string> DefaultProtectedPaths();

struct Config {
  std::optional<std::string> compile_commands;  // path, relative to the repository root
  std::vector<std::string> exclude;             // globs, relative to the repository root
  std::map<std::string, nlohmann::json> rules;  // rule id -> options object
  SandboxSettings sandbox;
  RunSettings run;
  FixSettings fix;
  NightlySettings nightly = {};
  ModelSettings model = {};
  MergeSettings merge = {};
  ConfigureSettings configure = {};
  std::string digest = "defaults";  // of the file's bytes; "defaults" when there is no file
};

// Defaults when a project has no `.nova.json`: a CMake build and ctest in `build/`.
SandboxSettings DefaultCMakeSandbox();

// Parses `.nova.json` text; `origin` names the file in messages.
Result<Config> ParseConfig(std::string_view text, std::string_view origin);
// Loads DIR/.nova.json, or returns defaults when the file does not exist.
Result<Config> LoadConfig(const std::filesystem::path& repo_root);

}  // namespace nova::core
