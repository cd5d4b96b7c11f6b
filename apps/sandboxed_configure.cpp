#include "apps/sandboxed_configure.h"

#include <string>
#include <utility>
#include <vector>

#include "sandbox/bwrap_profile.h"

namespace nova::app {
namespace {

// One word for /bin/sh, whatever the path holds.
std::string ShellWord(const std::string& text) {
  std::string word = "'";
  for (char c : text) word += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return word + "'";
}

bool IsInside(const std::filesystem::path& path, const std::filesystem::path& dir) {
  const std::filesystem::path relative = path.lexically_normal().lexically_relative(dir);
  return !relative.empty() && *relative.begin() != "..";
}

}  // namespace

core::Result<core::ProcessSpec> SandboxedConfigureSpec(
    const SandboxedConfigure& settings, const std::filesystem::path& dir,
    const std::filesystem::path& build, const std::filesystem::path& log,
    std::chrono::steady_clock::time_point deadline) {
  if (!IsInside(build, dir)) {
    return core::InvalidArgumentError("the build directory " + build.string() + " is outside " +
                                      dir.string() + ", the only tree the sandbox may write");
  }
  const std::string line = "cmake -S " + ShellWord(dir.string()) + " -B " +
                           ShellWord(build.string()) + " -DCMAKE_EXPORT_COMPILE_COMMANDS=ON";
  // Configuring compiles no project code; the build's ccache has no business here.
  sandbox::SandboxProfile profile = sandbox::ProfileFor(settings.sandbox, /*build_stage=*/false);
  profile.ccache_dir.clear();
  NOVA_ASSIGN_OR_RETURN(
      sandbox::SandboxCommand command,
      sandbox::ShellCommand(sandbox::SandboxMode::kBubblewrap, dir, line, profile));
  if (settings.configure.network) {
    // BubblewrapArgv ends with `-- /bin/sh -c LINE`; --share-net among the options before it
    // (after --unshare-all) keeps every namespace but the network's.
    constexpr std::size_t kCommandWords = 4;
    std::vector<std::string>& argv = command.argv;
    if (argv.size() < kCommandWords || argv[argv.size() - kCommandWords] != "--") {
      return core::InternalError("the sandbox's command line does not end with -- /bin/sh -c");
    }
    argv.insert(argv.end() - kCommandWords, "--share-net");
  }
  core::ProcessSpec spec;
  spec.argv = std::move(command.argv);
  spec.env = std::move(command.env);
  spec.working_dir = command.working_dir;
  spec.log_path = log;
  spec.log_max_bytes = static_cast<std::uint64_t>(settings.sandbox.log_max_mb) << 20;
  spec.limits = {settings.sandbox.memory_mb, settings.sandbox.pids_max};
  spec.deadline = deadline;
  return spec;
}

analyzers::SandboxedConfigureFn SandboxedConfigureIn(SandboxedConfigure settings,
                                                     std::filesystem::path dir,
                                                     core::ProcessRunner& runner) {
  return [settings = std::move(settings), dir = std::move(dir), &runner](
             const std::filesystem::path& build, const std::filesystem::path& log,
             std::chrono::steady_clock::time_point deadline,
             const core::WorkHooks& hooks) -> core::Result<core::ProcessSpec> {
    NOVA_RETURN_IF_ERROR(sandbox::CheckIsolation(runner, std::chrono::seconds(10), hooks));
    return SandboxedConfigureSpec(settings, dir, build, log, deadline);
  };
}

}  // namespace nova::app
