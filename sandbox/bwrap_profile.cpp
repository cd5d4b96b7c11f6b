#include "sandbox/bwrap_profile.h"

#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <system_error>

#include "sandbox/host_view.h"
#include "nova-core/process/process_runner.h"

namespace nova::sandbox {
namespace {

constexpr const char* kShell = "/bin/sh";
constexpr const char* kDefaultBwrap = "/usr/bin/bwrap";

// First line of a small diagnostic file, for a one-line message.
std::string FirstLine(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

std::string_view SandboxModeName(SandboxMode mode) {
  switch (mode) {
    case SandboxMode::kBubblewrap: return "bwrap";
    case SandboxMode::kNone: return "none";
  }
  return "unknown";
}

core::Result<SandboxMode> ParseSandboxMode(std::string_view text) {
  if (text == "bwrap" || text == "bubblewrap") return SandboxMode::kBubblewrap;
  if (text == "none") return SandboxMode::kNone;
  return core::InvalidArgumentError("unknown sandbox mode '" + std::string(text) +
                                    "' (expected bwrap or none)");
}

SandboxProfile ProfileFor(const sandbox::SandboxSettings& settings, bool build_stage) {
  SandboxProfile profile;
  profile.env_allowlist = settings.env;
  profile.ccache_dir = settings.ccache_dir;
  profile.ro_binds = settings.ro_binds;
  profile.ccache_writable = build_stage;
  profile.tmp_size_bytes = static_cast<std::uint64_t>(settings.tmp_size_mb) << 20;
  return profile;
}

std::map<std::string, std::string> SandboxEnvironment(const SandboxProfile& profile,
                                                      const std::filesystem::path& checkout) {
  std::map<std::string, std::string> env = {
      {"PATH", "/usr/local/bin:/usr/bin:/bin"},
      {"HOME", "/tmp"},
      {"LANG", "C.UTF-8"},
      {"TERM", "dumb"},
  };
  for (const std::string& name : profile.env_allowlist) {
    if (sandbox::IsSecretLookingName(name)) continue;
    const char* value = ::getenv(name.c_str());
    if (value != nullptr) env[name] = value;
  }
  // Checkouts live inside the user's repository (.nova/work/): git run by the build must not
  // find that repository above the checkout and describe the user's HEAD instead of the tree.
  if (!checkout.empty()) env["GIT_CEILING_DIRECTORIES"] = checkout.parent_path().string();
  if (profile.ccache_dir.empty()) {
    env["CCACHE_DISABLE"] = "1";
  } else {
    env["CCACHE_DIR"] = profile.ccache_dir.string();
    env["CCACHE_BASEDIR"] = checkout.string();
    env["CCACHE_NOHASHDIR"] = "1";
    if (!profile.ccache_writable) env["CCACHE_READONLY"] = "1";
  }
  return env;
}

std::filesystem::path FindBubblewrap() {
  if (::access(kDefaultBwrap, X_OK) == 0) return kDefaultBwrap;
  const char* path = ::getenv("PATH");
  if (path != nullptr) {
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      if (dir.empty()) continue;
      std::filesystem::path candidate = std::filesystem::path(dir) / "bwrap";
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return "bwrap";
}

std::vector<std::string> BubblewrapArgv(const std::filesystem::path& bwrap,
                                        const std::filesystem::path& checkout,
                                        std::string_view line, const SandboxProfile& profile) {
  const std::string dir = checkout.string();
  const HostView view = HostViewFor(checkout, profile.ro_binds);
  std::vector<std::string> argv = {bwrap.string()};
  argv.insert(argv.end(), view.system.begin(), view.system.end());
  // clang-format off
  argv.insert(argv.end(), {
      "--dev", "/dev",
      "--proc", "/proc",
      "--size", std::to_string(profile.tmp_size_bytes), "--tmpfs", "/tmp",
      // Programs that expect a writable /var/tmp get the private /tmp.
      "--symlink", "../tmp", "/var/tmp",
  });
  // clang-format on
  // After the tmpfs, so added paths and a checkout under /tmp stay visible.
  argv.insert(argv.end(), view.added.begin(), view.added.end());
  argv.insert(argv.end(), {"--bind", dir, dir});
  if (!profile.ccache_dir.empty()) {
    const std::string cache = profile.ccache_dir.string();
    argv.insert(argv.end(), {profile.ccache_writable ? "--bind" : "--ro-bind", cache, cache});
  }
  // The mounts that hide the checkout's neighbours become read-only once the checkout is in.
  const std::vector<std::string> remount_hidden = HideRemountArgs(view);
  argv.insert(argv.end(), remount_hidden.begin(), remount_hidden.end());
  // clang-format off
  argv.insert(argv.end(), {
      // The root is bwrap's own tmpfs, holding only the mount points above: read-only after
      // every bind, and only the root mount itself, so the binds above stay as they are.
      "--remount-ro", "/",
      "--unshare-all",
      "--die-with-parent",
      "--new-session",
      // When Nova runs as root, bwrap would otherwise hand the command all of root's
      // capabilities, and CAP_SYS_ADMIN undoes the read-only bind: `mount -o remount,bind,rw /`.
      "--cap-drop", "ALL",
      "--clearenv",
  });
  // clang-format on
  for (const auto& [key, value] : SandboxEnvironment(profile, checkout)) {
    argv.insert(argv.end(), {"--setenv", key, value});
  }
  argv.insert(argv.end(), {"--chdir", dir, "--", kShell, "-c", std::string(line)});
  return argv;
}

core::Result<SandboxCommand> ShellCommand(SandboxMode mode, const std::filesystem::path& checkout,
                                          std::string_view line, const SandboxProfile& profile) {
  std::error_code error;
  if (!checkout.is_absolute() || !std::filesystem::is_directory(checkout, error)) {
    return core::InvalidArgumentError("checkout is not an absolute path to a directory: " +
                                      checkout.string());
  }
  SandboxCommand command;
  command.env = SandboxEnvironment(profile, checkout);
  command.working_dir = checkout;
  switch (mode) {
    case SandboxMode::kBubblewrap:
      command.argv = BubblewrapArgv(FindBubblewrap(), checkout, line, profile);
      break;
    case SandboxMode::kNone:
      command.argv = {kShell, "-c", std::string(line)};
      break;
  }
  return command;
}

core::Status CheckIsolation(core::ProcessRunner& runner, std::chrono::milliseconds timeout,
                            const core::WorkHooks& hooks) {
  constexpr const char* kHowTo =
      "enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or "
      "kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu) or pass --sandbox=none "
      "explicitly to run build and tests without isolation";

  // The probe runs the real profile (tmpfs size, --remount-ro, every namespace, no
  // capabilities) on a scratch checkout, so a bwrap that lacks any of it fails here, not at the
  // first build line.
  char dir_template[] = "/tmp/nova-bwrap-check-XXXXXX";
  if (::mkdtemp(dir_template) == nullptr) {
    return core::InternalError("cannot create a temporary directory in /tmp");
  }
  const std::filesystem::path scratch = dir_template;
  const std::filesystem::path checkout = scratch / "checkout";
  const std::filesystem::path log = scratch / "check.log";
  std::error_code ignored;
  std::filesystem::create_directory(checkout, ignored);

  core::ProcessSpec spec;
  spec.argv = BubblewrapArgv(FindBubblewrap(), checkout, "true");
  spec.env = SandboxEnvironment();
  spec.working_dir = "/";
  spec.log_path = log;
  spec.deadline = std::chrono::steady_clock::now() + timeout;
  spec.hooks = hooks;
  core::Result<core::ProcessResult> result = runner.Run(spec);
  const std::string detail = FirstLine(log);
  std::filesystem::remove_all(scratch, ignored);

  if (!result.ok()) {
    return core::UnavailableError("bubblewrap cannot run (" + result.status().message() +
                                  "); install bubblewrap or " + kHowTo);
  }
  if (result->timed_out) {
    return core::UnavailableError("bubblewrap did not finish its isolation check in " +
                                  std::to_string(timeout.count()) + " ms; " + kHowTo);
  }
  if (result->exit_code != 0 || result->signal != 0) {
    std::string why = detail.empty() ? "exit status " + std::to_string(result->exit_code) : detail;
    return core::UnavailableError("bubblewrap cannot create namespaces (" + why + "); " + kHowTo);
  }
  return core::Status::Ok();
}

}  // namespace nova::sandbox
