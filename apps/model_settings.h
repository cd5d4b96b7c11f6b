// The "model" section of `.nova.json`, which apps/ owns and validates: the model endpoint the
// optional model-backed agents talk to (an OpenAI-compatible chat-completions server, off unless
// `endpoint` is set) and the run's bounds on it. Pure functions; thread-safe.
#pragma once

#include <string>

#include "nova-core/config.h"
#include "nova-core/result.h"

namespace nova::app {

struct ModelSettings {
  std::string endpoint = {};     // e.g. "http://127.0.0.1:8080/v1"; "" : no model. Default: ""
  std::string name = {};         // the model's name; required with an endpoint. Default: ""
  std::string api_key_env = {};  // variable holding the key; "" : no key sent. Default: ""
  int timeout_s = 120;           // one exchange, connection included. Default: 120
  int connect_timeout_s = 10;    // Default: 10
  int max_attempts = 4;          // tries per call on 429, 5xx and refused connections. Default: 4
  int max_retry_wait_s = 60;     // a longer Retry-After fails the call. Default: 60
  int max_calls = 50;            // model calls per run. Default: 50
  int max_tokens = 200000;       // total tokens (prompt + completion) per run. Default: 200000
  int max_wall_s = 900;          // wall time of the model work per run. Default: 900
  int max_output_tokens = 2048;  // the completion bound sent with each request. Default: 2048
  // "json_schema", "json_object" or "none": what response_format the server is asked for; the
  // reply is validated by Nova whatever it is. Default: "json_schema"
  std::string response_format = "json_schema";
  int review_functions = 5;    // functions the model-reviewer sends per run. Default: 5
  int refactor_functions = 3;  // findings the model-refactorer rewrites per run. Default: 3
  int context_functions = 4;   // callers and callees sent with each function, each. Default: 4

  bool enabled() const { return !endpoint.empty(); }
};

// The section as `config` holds it; defaults without one. InvalidArgument naming the key
// ("<origin>: model.timeout_s: ...") otherwise.
core::Result<ModelSettings> ParseModelSection(const core::Config& config);

}  // namespace nova::app
