// The "sandbox" section of `.nova.json`, which the sandbox owns and validates: what the build and
// test stages run and within which bounds, and the defaults for a CMake project without one.
// Pure functions and plain data; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nova-core/config.h"
#include "nova-core/result.h"

namespace nova::sandbox {

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
  int tmp_size_mb = 1024;  // size of the sandbox's private /tmp. Default: 1024
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

// Defaults when a project has no `.nova.json` (or no "sandbox" in it): a CMake build and ctest
// in `build/`.
SandboxSettings DefaultCMakeSandbox();

// The section as `config` holds it; DefaultCMakeSandbox() without one. InvalidArgument naming
// the key ("<origin>: sandbox.timeout_s: ...") otherwise.
core::Result<SandboxSettings> ParseSandboxSection(const core::Config& config);

}  // namespace nova::sandbox
