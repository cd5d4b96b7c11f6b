#include "refactorer/merge_settings.h"

#include "nova-core/config_section.h"

namespace nova::refactorer {

core::Result<MergeSettings> ParseMergeSection(const core::Config& config) {
  MergeSettings merge;
  NOVA_ASSIGN_OR_RETURN(const nlohmann::json* section, core::ModuleSection(config, "merge"));
  if (section == nullptr) return merge;
  const nlohmann::json& value = *section;
  const std::string_view origin = config.origin;
  NOVA_RETURN_IF_ERROR(core::RejectUnknownKeys(value, {"model_patches"}, origin, "merge."));
  NOVA_RETURN_IF_ERROR(
      core::ReadBool(value, "merge.", "model_patches", origin, merge.model_patches));
  return merge;
}

}  // namespace nova::refactorer
