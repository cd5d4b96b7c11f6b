#include "apps/model_settings.h"

#include "nova-core/config_section.h"

namespace nova::app {
namespace {

// The section's whole-number keys, each with its bounds and the field it fills.
struct BoundedKey {
  const char* key;
  core::Bounds bounds;
  int ModelSettings::*field;
};
constexpr BoundedKey kBoundedKeys[] = {
    {"timeout_s", {1, 3600}, &ModelSettings::timeout_s},
    {"connect_timeout_s", {1, 600}, &ModelSettings::connect_timeout_s},
    {"max_attempts", {1, 10}, &ModelSettings::max_attempts},
    {"max_retry_wait_s", {0, 3600}, &ModelSettings::max_retry_wait_s},
    {"max_calls", {0, 100000}, &ModelSettings::max_calls},
    {"max_tokens", {0, 1 << 30}, &ModelSettings::max_tokens},
    {"max_wall_s", {1, core::kWeekSeconds}, &ModelSettings::max_wall_s},
    {"max_output_tokens", {1, 1 << 20}, &ModelSettings::max_output_tokens},
    {"review_functions", {0, 1000}, &ModelSettings::review_functions},
    {"refactor_functions", {0, 1000}, &ModelSettings::refactor_functions},
    {"context_functions", {0, 64}, &ModelSettings::context_functions},
};

core::Status ReadModel(const nlohmann::json& value, std::string_view origin, ModelSettings& model) {
  NOVA_RETURN_IF_ERROR(core::RejectUnknownKeys(
      value,
      {"endpoint", "name", "api_key_env", "timeout_s", "connect_timeout_s", "max_attempts",
       "max_retry_wait_s", "max_calls", "max_tokens", "max_wall_s", "max_output_tokens",
       "response_format", "review_functions", "refactor_functions", "context_functions"},
      origin, "model."));
  const char* prefix = "model.";
  NOVA_RETURN_IF_ERROR(core::ReadNonEmptyString(value, prefix, "endpoint", origin, model.endpoint));
  NOVA_RETURN_IF_ERROR(core::ReadNonEmptyString(value, prefix, "name", origin, model.name));
  NOVA_RETURN_IF_ERROR(
      core::ReadNonEmptyString(value, prefix, "api_key_env", origin, model.api_key_env));
  if (!model.endpoint.empty() && model.endpoint.rfind("http://", 0) != 0 &&
      model.endpoint.rfind("https://", 0) != 0) {
    return core::KeyError(origin, "model.endpoint", "must be an http:// or https:// URL");
  }
  if (!model.endpoint.empty() && model.name.empty()) {
    return core::KeyError(origin, "model.name", "is required when model.endpoint is set");
  }
  for (const BoundedKey& bounded : kBoundedKeys) {
    NOVA_RETURN_IF_ERROR(core::ReadBoundedInt(value, prefix, bounded.key, bounded.bounds, origin,
                                              model.*bounded.field));
  }
  NOVA_RETURN_IF_ERROR(
      core::ReadNonEmptyString(value, prefix, "response_format", origin, model.response_format));
  if (model.response_format != "json_schema" && model.response_format != "json_object" &&
      model.response_format != "none") {
    return core::KeyError(origin, "model.response_format",
                          "must be \"json_schema\", \"json_object\" or \"none\"");
  }
  return core::Status::Ok();
}

}  // namespace

core::Result<ModelSettings> ParseModelSection(const core::Config& config) {
  return core::ReadModuleSection<ModelSettings>(config, "model", ReadModel);
}

}  // namespace nova::app
