// CompileDbLocator: finds the compile_commands.json to analyze a directory with, in the order
// users expect: --compile-commands FILE, -p BUILD_DIR, `.nova.json`'s compile_commands,
// DIR/compile_commands.json, DIR/build/compile_commands.json; failing all of those, a CMake
// project is configured into DIR/.nova/cmake-build, as the user or in Nova's sandbox.
// Not thread-safe (may run cmake).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "apps/sandboxed_configure.h"
#include "nova-core/config.h"
#include "nova-core/result.h"
#include "nova-core/work_hooks.h"

namespace nova::app {

struct CompileDbRequest {
  std::filesystem::path dir;
  std::optional<std::filesystem::path> compile_commands;  // --compile-commands
  std::optional<std::filesystem::path> build_dir;         // -p
  core::Config config;
  std::chrono::seconds configure_timeout{600};            // Default: 10 minutes for cmake
  core::WorkHooks hooks = {};  // the cmake process is cancellable and traced
  // Set: cmake runs in Nova's sandbox with these settings (a pull request's CMakeLists.txt);
  // unset: as the user, with the user's environment. Default: unset
  std::optional<SandboxedConfigure> sandboxed = std::nullopt;
};

struct CompileDbLocation {
  std::filesystem::path path;  // absolute path of compile_commands.json
  std::string origin;          // how it was found, for the report
};

// NotFound (naming every place looked) when there is none and DIR is not a CMake project.
core::Result<CompileDbLocation> LocateCompileDb(const CompileDbRequest& request);

}  // namespace nova::app
