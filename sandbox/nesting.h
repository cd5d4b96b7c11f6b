// sandbox.nested: lets a tree's build and tests run bubblewrap themselves (Nova's own tests do).
// A bwrap started by root covers /proc's writable entries with read-only mounts, and the kernel
// then refuses a nested sandbox its own /proc; a uid 0 without CAP_SETFCAP may not map uid 0 into
// a nested user namespace either. So when Nova is root, bwrap runs as nobody (65534), which is
// handed the checkout and the ccache directory first. Without root nothing changes: bwrap is
// unprivileged already and nests as it is. Stateless functions; thread-safe.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>

#include "sandbox/sandbox_settings.h"
#include "nova-core/status.h"
#include "sandbox/bwrap_profile.h"
#include "nova-core/process/process_runner.h"

namespace nova::sandbox {

inline constexpr uid_t kNestedUid = 65534;  // nobody
inline constexpr gid_t kNestedGid = 65534;  // nogroup

// The user sandboxed commands run as: nobody when settings.nested, `mode` is bubblewrap and Nova
// runs as root; none (Nova's own) otherwise.
std::optional<core::RunAs> SandboxUser(const sandbox::SandboxSettings& settings, SandboxMode mode);

// Gives `checkout` and everything in it to `user`, and `ccache_dir` too when not empty, without
// following symlinks; a tree whose top is the user's already is left as it is. FailedPrecondition,
// naming the directory, when one above the checkout does not let `user` through (chmod o+x it, or
// move the repository); Unavailable when a change of owner fails.
core::Status HandOver(const core::RunAs& user, const std::filesystem::path& checkout,
                      const std::filesystem::path& ccache_dir);

}  // namespace nova::sandbox
