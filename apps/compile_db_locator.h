// CompileDbLocator: finds the compile_commands.json to analyze a directory with, in the order
// users expect: --compile-commands FILE, -p BUILD_DIR, `.nova.json`'s compile_commands,
// DIR/compile_commands.json, DIR/build/compile_commands.json; failing all of those, a CMake
// project is configured into DIR/.nova/cmake-build. Not thread-safe (may run cmake).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "nova-core/config.h"
#include "nova-core/work_hooks.h"
#include "nova-core/result.h"

namespace nova::app {

struct CompileDbRequest {
  std::filesystem::path dir;
  std::optional<std::filesystem::path> compile_commands;  // --compile-commands
  std::optional<std::filesystem::path> build_dir;         // -p
  core::Config config;
  std::chrono::seconds configure_timeout{600};            // Default: 10 minutes for cmake
  core::WorkHooks hooks = {};  // the cmake process is cancellable and traced
};

struct CompileDbLocation {
  std::filesystem::path path;  // absolute path of compile_commands.json
  std::string origin;          // how it was found, for the report
};

// NotFound (naming every place looked) when there is none and DIR is not a CMake project.
core::Result<CompileDbLocation> LocateCompileDb(const CompileDbRequest& request);

}  // namespace nova::app
