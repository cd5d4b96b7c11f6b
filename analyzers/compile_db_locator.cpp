#include "analyzers/compile_db_locator.h"

#include <cstdlib>

#include "nova-core/check.h"
#include "nova-core/process/log_tail.h"
#include "nova-core/state_dir.h"

namespace nova::analyzers {
namespace {

std::optional<std::filesystem::path> Existing(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return std::filesystem::absolute(path);
  return std::nullopt;
}

// Unsandboxed, cmake runs as the user would run it, with the user's environment: configuring the
// user's own project on the user's behalf is not code under test. A pull request's project is.
core::Result<core::ProcessSpec> ConfigureSpec(const CompileDbRequest& request,
                                              const std::filesystem::path& build,
                                              const std::filesystem::path& log) {
  const auto deadline = std::chrono::steady_clock::now() + request.configure_timeout;
  core::ProcessSpec spec;
  if (request.sandboxed) {
    NOVA_ASSIGN_OR_RETURN(spec, request.sandboxed(build, log, deadline, request.hooks));
  } else {
    for (const char* name : {"PATH", "HOME", "LANG", "CC", "CXX", "CMAKE_PREFIX_PATH"}) {
      if (const char* value = std::getenv(name)) spec.env[name] = value;
    }
    spec.argv = {"cmake", "-S",           request.dir.string(),
                 "-B",    build.string(), "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"};
    spec.log_path = log;
    spec.deadline = deadline;
  }
  spec.hooks = request.hooks;
  return spec;
}

core::Result<CompileDbLocation> ConfigureCMake(const CompileDbRequest& request) {
  NOVA_ASSIGN_OR_RETURN(std::filesystem::path state, core::EnsureStateDir(request.dir));
  const std::filesystem::path build = state / "cmake-build";
  const std::filesystem::path log = state / "cmake-configure.log";
  NOVA_ASSIGN_OR_RETURN(core::ProcessSpec spec, ConfigureSpec(request, build, log));
  NOVA_CHECK(request.runner != nullptr);
  NOVA_ASSIGN_OR_RETURN(core::ProcessResult result, request.runner->Run(spec));
  if (result.cancelled) return request.hooks.CancelReason();
  if (result.timed_out || result.exit_code != 0) {
    const std::string where =
        request.sandboxed
            ? std::string(
                  " in the sandbox (no network unless .nova.json's configure.network "
                  "allows it; only the packages installed before it, configure.packages)")
            : std::string();
    return core::FailedPreconditionError(
        "no compile_commands.json, and configuring " + request.dir.string() + " with cmake" +
        where + " failed (" +
        (result.timed_out ? std::string("timed out")
                          : "exit status " + std::to_string(result.exit_code)) +
        "); see " + log.string() + ", or pass -p BUILD_DIR:\n" + core::LogTail(log, 10));
  }
  auto found = Existing(build / "compile_commands.json");
  if (!found) {
    return core::FailedPreconditionError("cmake configured " + build.string() +
                                         " but wrote no compile_commands.json");
  }
  return CompileDbLocation{*found, "configured with cmake into " + build.string() +
                                       (request.sandboxed ? " in the sandbox" : "")};
}

}  // namespace

core::Result<CompileDbLocation> LocateCompileDb(const CompileDbRequest& request) {
  if (request.compile_commands) {
    if (auto found = Existing(*request.compile_commands)) return CompileDbLocation{*found, "--compile-commands"};
    return core::NotFoundError("--compile-commands " + request.compile_commands->string() +
                               ": no such file");
  }
  if (request.build_dir) {
    if (auto found = Existing(*request.build_dir / "compile_commands.json")) {
      return CompileDbLocation{*found, "-p " + request.build_dir->string()};
    }
    return core::NotFoundError("-p " + request.build_dir->string() +
                               ": no compile_commands.json there (configure with "
                               "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)");
  }
  if (request.config.compile_commands) {
    std::filesystem::path path(*request.config.compile_commands);
    if (path.is_relative()) path = request.dir / path;
    if (std::filesystem::is_directory(path)) path /= "compile_commands.json";
    if (auto found = Existing(path)) return CompileDbLocation{*found, ".nova.json compile_commands"};
    return core::NotFoundError(".nova.json: compile_commands: " + path.string() + ": no such file");
  }
  for (const char* candidate : {"compile_commands.json", "build/compile_commands.json"}) {
    if (auto found = Existing(request.dir / candidate)) return CompileDbLocation{*found, candidate};
  }
  if (Existing(request.dir / "CMakeLists.txt")) return ConfigureCMake(request);
  return core::NotFoundError("no compile database for " + request.dir.string() +
                             ": looked for compile_commands.json and build/compile_commands.json, "
                             "and there is no CMakeLists.txt to configure; pass -p BUILD_DIR");
}

}  // namespace nova::analyzers
