// Sandboxed configure: the process that runs the CMake configure Nova needs for a compile database
// (cmake -S DIR -B BUILD -DCMAKE_EXPORT_COMPILE_COMMANDS=ON) inside Nova's bubblewrap sandbox, for
// a project whose CMakeLists.txt is not trusted (a pull request's): the sandbox's cleared
// environment, DIR the only writable tree, its memory, process and output limits, and no network
// unless configure.network allows it. Pure functions over their inputs; thread-safe.
#pragma once

#include <chrono>
#include <filesystem>

#include "analyzers/compile_db_locator.h"
#include "apps/configure_settings.h"
#include "sandbox/sandbox_settings.h"
#include "nova-core/process/process_runner.h"
#include "nova-core/result.h"

namespace nova::app {

struct SandboxedConfigure {
  sandbox::SandboxSettings sandbox = {};      // its env allowlist and limits
  ConfigureSettings configure = {};        // network
};

// The spec for `runner.Run`: bubblewrap around `/bin/sh -c "cmake ..."` in `dir` (absolute), with
// `build` inside `dir`. InvalidArgument when `dir` is not an absolute directory or `build` lies
// outside it (the sandbox could not write there).
core::Result<core::ProcessSpec> SandboxedConfigureSpec(
    const SandboxedConfigure& settings, const std::filesystem::path& dir,
    const std::filesystem::path& build, const std::filesystem::path& log,
    std::chrono::steady_clock::time_point deadline);

// For CompileDbRequest::sandboxed: checks that the sandbox starts (CheckIsolation through
// `runner`, which is not owned and outlives the function), then gives SandboxedConfigureSpec in
// `dir`.
analyzers::SandboxedConfigureFn SandboxedConfigureIn(SandboxedConfigure settings,
                                                     std::filesystem::path dir,
                                                     core::ProcessRunner& runner);

}  // namespace nova::app
