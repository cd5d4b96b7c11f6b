// CompileDbLocator: finds the compile_commands.json to analyze a directory with, in the order
// users expect: --compile-commands FILE, -p BUILD_DIR, `.nova.json`'s compile_commands,
// DIR/compile_commands.json, DIR/build/compile_commands.json; failing all of those, a CMake
// project is configured into DIR/.nova/cmake-build through the runner it is given, as the user or
// in the sandbox the caller describes. Not thread-safe (may run cmake).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "nova-core/config.h"
#include "nova-core/process/process_runner.h"
#include "nova-core/result.h"
#include "nova-core/work_hooks.h"

namespace nova::analyzers {

// The spec of a configure run inside a sandbox (cmake -S DIR -B build, its output in `log`,
// killed at `deadline`), after checking that the sandbox can start; `hooks` for that check.
using SandboxedConfigureFn = std::function<core::Result<core::ProcessSpec>(
    const std::filesystem::path& build, const std::filesystem::path& log,
    std::chrono::steady_clock::time_point deadline, const core::WorkHooks& hooks)>;

struct CompileDbRequest {
  std::filesystem::path dir;
  std::optional<std::filesystem::path> compile_commands;  // --compile-commands
  std::optional<std::filesystem::path> build_dir;         // -p
  core::Config config;
  std::chrono::seconds configure_timeout{600};  // Default: 10 minutes for cmake
  core::WorkHooks hooks = {};                   // the cmake process is cancellable and traced
  // Set: cmake runs in Nova's sandbox, with the spec this gives (a pull request's
  // CMakeLists.txt); unset: as the user, with the user's environment. Default: unset
  SandboxedConfigureFn sandboxed = nullptr;
  // Runs cmake; not owned. Required (a null one is a bug) when cmake must run. Default: none
  core::ProcessRunner* runner = nullptr;
};

struct CompileDbLocation {
  std::filesystem::path path;  // absolute path of compile_commands.json
  std::string origin;          // how it was found, for the report
};

// NotFound (naming every place looked) when there is none and DIR is not a CMake project.
core::Result<CompileDbLocation> LocateCompileDb(const CompileDbRequest& request);

}  // namespace nova::analyzers
