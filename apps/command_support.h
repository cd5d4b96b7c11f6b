// Helpers shared by the commands: directory and config loading, rule validation, writing the
// rendered report to -o FILE or stdout, and printing a run's failure. Not thread-safe.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "apps/commands.h"
#include "nova-core/config.h"
#include "nova-core/driver.h"

namespace nova::app {

struct LoadedInputs {
  std::filesystem::path dir;  // canonical
  core::Config config;
};

// Canonicalizes DIR, loads its .nova.json, validates --rules and the rule options.
core::Result<LoadedInputs> LoadInputs(const CommonOptions& options);

core::Status WriteOutput(const CommonOptions& options, const std::string& text, std::ostream& out);

// "nova: error: <status>" plus, for a partial run, which steps ran.
void PrintRunFailure(const core::RunReport& report, std::ostream& err);

}  // namespace nova::app
