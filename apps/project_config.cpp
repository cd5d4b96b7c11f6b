#include "apps/project_config.h"

#include <utility>

namespace nova::app {
namespace {

core::Result<ProjectConfig> WithModuleSections(core::Config core) {
  ProjectConfig config{std::move(core)};
  NOVA_ASSIGN_OR_RETURN(config.sandbox, sandbox::ParseSandboxSection(config));
  NOVA_ASSIGN_OR_RETURN(config.nightly, ParseNightlySection(config));
  NOVA_ASSIGN_OR_RETURN(config.model, ParseModelSection(config));
  NOVA_ASSIGN_OR_RETURN(config.merge, refactorer::ParseMergeSection(config));
  NOVA_ASSIGN_OR_RETURN(config.configure, ParseConfigureSection(config));
  return config;
}

}  // namespace

core::Result<ProjectConfig> ParseProjectConfig(std::string_view text, std::string_view origin) {
  NOVA_ASSIGN_OR_RETURN(core::Config core, core::ParseConfig(text, origin));
  return WithModuleSections(std::move(core));
}

core::Result<ProjectConfig> LoadProjectConfig(const std::filesystem::path& repo_root) {
  NOVA_ASSIGN_OR_RETURN(core::Config core, core::LoadConfig(repo_root));
  return WithModuleSections(std::move(core));
}

}  // namespace nova::app
