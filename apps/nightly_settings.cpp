#include "apps/nightly_settings.h"

#include "nova-core/config_section.h"

namespace nova::app {
namespace {

core::Status ReadNightly(const nlohmann::json& value, std::string_view origin,
                         NightlySettings& nightly) {
  NOVA_RETURN_IF_ERROR(core::RejectUnknownKeys(
      value, {"max_patches", "budget_s", "target", "trend_runs"}, origin, "nightly."));
  const char* prefix = "nightly.";
  NOVA_RETURN_IF_ERROR(
      core::ReadBoundedInt(value, prefix, "max_patches", {0, 1000}, origin, nightly.max_patches));
  NOVA_RETURN_IF_ERROR(core::ReadBoundedInt(value, prefix, "budget_s", {1, core::kWeekSeconds},
                                            origin, nightly.budget_s));
  NOVA_RETURN_IF_ERROR(
      core::ReadBoundedInt(value, prefix, "trend_runs", {1, 1000}, origin, nightly.trend_runs));
  NOVA_RETURN_IF_ERROR(core::ReadNonEmptyString(value, prefix, "target", origin, nightly.target));
  return core::Status::Ok();
}

}  // namespace

core::Result<NightlySettings> ParseNightlySection(const core::Config& config) {
  return core::ReadModuleSection<NightlySettings>(config, "nightly", ReadNightly);
}

}  // namespace nova::app
