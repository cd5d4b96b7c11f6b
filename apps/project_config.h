// ProjectConfig: the whole of a repository's `.nova.json` as the commands use it: nova-core's
// Config and the sections other modules own, each parsed and validated by its module after
// core's (so a file with several errors names the same one first as ever). Plain data.
#pragma once

#include <filesystem>
#include <string_view>

#include "apps/configure_settings.h"
#include "apps/model_settings.h"
#include "apps/nightly_settings.h"
#include "nova-core/config.h"
#include "nova-core/result.h"
#include "refactorer/merge_settings.h"
#include "sandbox/sandbox_settings.h"

namespace nova::app {

struct ProjectConfig : core::Config {
  sandbox::SandboxSettings sandbox = sandbox::DefaultCMakeSandbox();
  NightlySettings nightly = {};
  ModelSettings model = {};
  refactorer::MergeSettings merge = {};
  ConfigureSettings configure = {};
};

// Parses `.nova.json` text; `origin` names the file in messages.
core::Result<ProjectConfig> ParseProjectConfig(std::string_view text, std::string_view origin);
// Loads DIR/.nova.json, or returns defaults when the file does not exist.
core::Result<ProjectConfig> LoadProjectConfig(const std::filesystem::path& repo_root);

}  // namespace nova::app
