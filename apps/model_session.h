// ModelSession: one run's connection to the model of `.nova.json`'s "model" object: the libcurl
// transport, the run's budget and the client (live, recording to --model-cassette, or replaying
// it with --offline). Shared by the run's model agents; none exists when no model is configured.
// Not thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include "apps/model_settings.h"
#include "nova-core/config.h"
#include "nova-core/http/http_client.h"
#include "nova-core/model/model_client.h"

namespace nova::app {

struct ModelFlags {
  std::optional<std::filesystem::path> cassette = std::nullopt;  // --model-cassette DIR
  bool offline = false;  // --offline: replay the cassette, never reach the network
};

class ModelSession {
 public:
  // nullptr when `settings` has no endpoint (and no flag asks for a model). InvalidArgument for
  // --offline without --model-cassette, a cassette without a model, or an unset api_key_env.
  // The key is read from the environment here and held only by the client.
  static core::Result<std::unique_ptr<ModelSession>> Open(const ModelSettings& settings,
                                                          const ModelFlags& flags);

  core::model::ModelClient& client() { return *client_; }
  const ModelSettings& settings() const { return settings_; }

 private:
  ModelSession(const ModelSettings& settings, const core::http::HttpOptions& http)
      : settings_(settings), transport_(http), budget_(LimitsOf(settings)) {}
  static core::model::BudgetLimits LimitsOf(const ModelSettings& settings);

  ModelSettings settings_;
  core::http::CurlTransport transport_;
  core::model::ModelBudget budget_;
  std::unique_ptr<core::model::ModelClient> client_;
};

}  // namespace nova::app
