// The bubblewrap profile that code under test runs in: only the system directories of the host,
// read-only, without /etc's secrets (host_view.h), plus the paths the project adds; a private
// size-bounded /tmp; the checkout (and during builds the ccache directory) as the only writable
// trees, with nothing of the tree around it; a read-only root; no network, own
// pid/ipc/uts/user/cgroup namespaces, a new session, no capabilities (even when Nova runs as
// root) and an environment built from a fixed set plus the configured allowlist.
// --die-with-parent ties the sandbox to the *thread* that spawned bwrap (PR_SET_PDEATHSIG), so
// ProcessRunner::Run() spawns it and blocks on that same thread until bwrap is reaped. When bwrap
// dies, its pid namespace's init dies and the kernel kills everything left inside, setsid daemons
// included. Functions of their arguments and the host's directory entries (plus CheckIsolation,
// which starts bwrap once); thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/sandbox_settings.h"
#include "nova-core/process/process_runner.h"
#include "nova-core/result.h"
#include "nova-core/status.h"
#include "nova-core/work_hooks.h"

namespace nova::sandbox {

// kNone runs commands directly on the host (environment still cleared); it is never a fallback,
// only what the user asked for with --sandbox=none.
enum class SandboxMode { kBubblewrap, kNone };

std::string_view SandboxModeName(SandboxMode mode);  // "bwrap", "none"
// Accepts "bwrap", "bubblewrap" and "none"; InvalidArgument otherwise.
core::Result<SandboxMode> ParseSandboxMode(std::string_view text);

// What varies between projects and stages in the profile.
struct SandboxProfile {
  // Variables copied from Nova's environment when set there; a secret-looking name
  // (sandbox::IsSecretLookingName) is skipped even if it gets here. Default: none.
  std::vector<std::string> env_allowlist = {};
  // Absolute ccache directory; empty: ccache disabled (CCACHE_DISABLE=1). Default: empty.
  std::filesystem::path ccache_dir = {};
  // Absolute host paths shown read-only besides the system directories (sandbox.ro_binds).
  // Default: none.
  std::vector<std::string> ro_binds = {};
  // Build lines: bound writable. Test lines: bound read-only, with CCACHE_READONLY=1.
  bool ccache_writable = false;
  std::uint64_t tmp_size_bytes = std::uint64_t{1024} << 20;  // private /tmp. Default: 1 GiB
};

// The profile of `settings` for the build lines (`build_stage`) or the test lines.
SandboxProfile ProfileFor(const sandbox::SandboxSettings& settings, bool build_stage);

// The whole environment of sandboxed commands: PATH=/usr/local/bin:/usr/bin:/bin, HOME=/tmp,
// LANG=C.UTF-8, TERM=dumb; then the allowlisted variables set in Nova's environment; then, with
// no ccache directory, CCACHE_DISABLE=1, else CCACHE_DIR=<dir>, CCACHE_BASEDIR=<checkout> and
// CCACHE_NOHASHDIR=1 (so checkouts in different directories share hits), plus CCACHE_READONLY=1
// when the directory is read-only; and GIT_CEILING_DIRECTORIES=<checkout's parent>, so git
// never discovers a repository above the checkout. Nothing else of Nova's own environment is
// added.
std::map<std::string, std::string> SandboxEnvironment(const SandboxProfile& profile = {},
                                                      const std::filesystem::path& checkout = {});

// /usr/bin/bwrap when it exists, else the first bwrap in Nova's PATH, else "bwrap" (which the
// process runner then reports as NotFound).
std::filesystem::path FindBubblewrap();

// The bwrap argv that runs `/bin/sh -c line` in `checkout` (absolute), ending with
// `-- /bin/sh -c line`.
std::vector<std::string> BubblewrapArgv(const std::filesystem::path& bwrap,
                                        const std::filesystem::path& checkout,
                                        std::string_view line, const SandboxProfile& profile = {});

struct SandboxCommand {
  std::vector<std::string> argv;
  std::map<std::string, std::string> env;
  std::filesystem::path working_dir;
};

// The command that runs `line` with `/bin/sh -c` in `checkout` under `mode`. InvalidArgument
// when checkout is not an absolute path to a directory.
core::Result<SandboxCommand> ShellCommand(SandboxMode mode, const std::filesystem::path& checkout,
                                          std::string_view line,
                                          const SandboxProfile& profile = {});

// Runs `true` under the full profile (BubblewrapArgv on a scratch checkout); Unavailable,
// saying how to enable unprivileged user namespaces or to pass --sandbox=none, when that fails.
// Default timeout: 10 s.
core::Status CheckIsolation(core::ProcessRunner& runner,
                            std::chrono::milliseconds timeout = std::chrono::seconds(10),
                            const core::WorkHooks& hooks = {});

}  // namespace nova::sandbox
