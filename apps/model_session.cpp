#include "apps/model_session.h"

#include <cstdlib>

namespace nova::app {

core::model::BudgetLimits ModelSession::LimitsOf(const ModelSettings& settings) {
  return {settings.max_calls, settings.max_tokens, std::chrono::seconds(settings.max_wall_s)};
}

core::Result<std::unique_ptr<ModelSession>> ModelSession::Open(const ModelSettings& settings,
                                                               const ModelFlags& flags) {
  if (flags.offline && !flags.cassette) {
    return core::InvalidArgumentError(
        "--offline replays a model cassette: give --model-cassette DIR");
  }
  if (!settings.enabled()) {
    if (flags.cassette) {
      return core::InvalidArgumentError(
          "--model-cassette: no model is configured (.nova.json model.endpoint)");
    }
    return std::unique_ptr<ModelSession>();
  }
  core::model::ModelClientOptions options;
  options.endpoint = settings.endpoint;
  options.max_attempts = settings.max_attempts;
  options.max_retry_wait = std::chrono::seconds(settings.max_retry_wait_s);
  if (!settings.api_key_env.empty() && !flags.offline) {
    const char* key = std::getenv(settings.api_key_env.c_str());
    if (key == nullptr || *key == '\0') {
      return core::InvalidArgumentError("model.api_key_env: the variable " + settings.api_key_env +
                                        " is not set");
    }
    options.api_key = key;
  }
  core::http::HttpOptions http;
  http.connect_timeout_ms = settings.connect_timeout_s * 1000L;
  http.total_timeout_ms = settings.timeout_s * 1000L;
  std::unique_ptr<ModelSession> session(new ModelSession(settings, http));
  std::optional<core::model::Cassette> cassette;
  if (flags.cassette) {
    cassette.emplace(*flags.cassette, flags.offline ? core::model::CassetteMode::kReplay
                                                    : core::model::CassetteMode::kRecord);
  }
  session->client_ = std::make_unique<core::model::ModelClient>(
      session->transport_, std::move(options), session->budget_, std::move(cassette));
  return session;
}

}  // namespace nova::app
