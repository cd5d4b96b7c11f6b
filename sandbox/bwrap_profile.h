// The bubblewrap profile that code under test runs in: read-only system, private /tmp, the
// checkout as the only writable tree, no network, own pid/ipc/uts namespaces, no capabilities
// (even when Nova runs as root) and an environment built from a fixed allowlist. Pure functions (plus CheckIsolation, which starts bwrap once);
// thread-safe.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "nova-core/result.h"
#include "nova-core/work_hooks.h"
#include "nova-core/status.h"

namespace nova::sandbox {

class ProcessRunner;

// kNone runs commands directly on the host (environment still cleared); it is never a fallback,
// only what the user asked for with --sandbox=none.
enum class SandboxMode { kBubblewrap, kNone };

std::string_view SandboxModeName(SandboxMode mode);  // "bwrap", "none"
// Accepts "bwrap", "bubblewrap" and "none"; InvalidArgument otherwise.
core::Result<SandboxMode> ParseSandboxMode(std::string_view text);

// The whole environment of sandboxed commands: PATH=/usr/local/bin:/usr/bin:/bin, HOME=/tmp,
// LANG=C.UTF-8, TERM=dumb, CCACHE_DISABLE=1. Nothing of Nova's own environment is added.
std::map<std::string, std::string> SandboxEnvironment();

// /usr/bin/bwrap when it exists, else the first bwrap in Nova's PATH, else "bwrap" (which the
// process runner then reports as NotFound).
std::filesystem::path FindBubblewrap();

// The bwrap argv that runs `/bin/sh -c line` in `checkout` (absolute), ending with
// `-- /bin/sh -c line`.
std::vector<std::string> BubblewrapArgv(const std::filesystem::path& bwrap,
                                        const std::filesystem::path& checkout,
                                        std::string_view line);

struct SandboxCommand {
  std::vector<std::string> argv;
  std::map<std::string, std::string> env;
  std::filesystem::path working_dir;
};

// The command that runs `line` with `/bin/sh -c` in `checkout` under `mode`. InvalidArgument
// when checkout is not an absolute path to a directory.
core::Result<SandboxCommand> ShellCommand(SandboxMode mode, const std::filesystem::path& checkout,
                                          std::string_view line);

// Starts `bwrap --ro-bind / / --unshare-all true`; Unavailable, saying how to enable
// unprivileged user namespaces or to pass --sandbox=none, when that fails.
// Default timeout: 10 s.
core::Status CheckIsolation(ProcessRunner& runner,
                            std::chrono::milliseconds timeout = std::chrono::seconds(10),
                            const core::WorkHooks& hooks = {});
core::Status CheckIsolation(std::chrono::milliseconds timeout = std::chrono::seconds(10),
                            const core::WorkHooks& hooks = {});

}  // namespace nova::sandbox
