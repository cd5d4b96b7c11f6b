#include "refactorer/merge_settings.h"

#include "nova-core/config_section.h"

namespace nova::refactorer {

namespace {

core::Status ReadMerge(const nlohmann::json& value, std::string_view origin, MergeSettings& merge) {
  NOVA_RETURN_IF_ERROR(core::RejectUnknownKeys(value, {"model_patches"}, origin, "merge."));
  NOVA_RETURN_IF_ERROR(
      core::ReadBool(value, "merge.", "model_patches", origin, merge.model_patches));
  return core::Status::Ok();
}

}  // namespace

core::Result<MergeSettings> ParseMergeSection(const core::Config& config) {
  return core::ReadModuleSection<MergeSettings>(config, "merge", ReadMerge);
}

}  // namespace nova::refactorer
