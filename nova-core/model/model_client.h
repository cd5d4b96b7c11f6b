// ModelClient: one model endpoint's chat completions for a run, over core::http::Transport.
// Bounded retries with backoff on 429 (honouring Retry-After) and 5xx, a per-call timeout (the
// transport's), the run's ModelBudget, optional record/replay through a Cassette, and one
// `model_call` effect per call in the trace (digests of the request, the prompt and the
// response, tokens, latency, cost when reported). The API key goes only into the Authorization
// header: never into a Status, an effect or a cassette. Not thread-safe: one per run.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "nova-core/http/http_client.h"
#include "nova-core/model/budget.h"
#include "nova-core/model/cassette.h"
#include "nova-core/model/chat.h"
#include "nova-core/work_hooks.h"

namespace nova::core::model {

struct ModelClientOptions {
  std::string endpoint;      // "http://127.0.0.1:8080/v1"; "/chat/completions" is appended
  std::string api_key = {};  // secret; "" sends no Authorization header
  int max_attempts = 4;      // tries per call on 429, 5xx and refused connections. Default: 4
  std::chrono::milliseconds first_backoff{1000};  // doubled per retry. Default: 1 s
  std::chrono::milliseconds max_backoff{30000};   // Default: 30 s
  // A Retry-After asking for longer fails the call instead of waiting. Default: 60 s
  std::chrono::milliseconds max_retry_wait{60000};
  // Waits between attempts; tests may record instead. Default: std::this_thread::sleep_for.
  std::function<void(std::chrono::milliseconds)> sleep = {};
};

class ModelClient {
 public:
  // `transport` and `budget` outlive the client; `cassette` null: live calls only.
  ModelClient(http::Transport& transport, ModelClientOptions options, ModelBudget& budget,
              std::optional<Cassette> cassette = std::nullopt);

  // One chat completion. ResourceExhausted only when the budget is spent (no request is sent);
  // DeadlineExceeded when the server did not answer in time; Unavailable when retries ran out;
  // InvalidArgument for a 400 or a malformed completion; NotFound for a request an offline
  // cassette has not recorded. Every call that reached the server or the cassette is charged and
  // traced through `hooks`.
  Result<ChatReply> Complete(const ChatRequest& request, const WorkHooks& hooks);

  const ModelBudget& budget() const { return budget_; }

 private:
  struct Exchange {
    long status = 0;
    std::string body;
    int attempts = 0;
    long long waited_ms = 0;
  };
  Result<Exchange> SendLive(const std::string& body);
  Result<Exchange> Fetch(const std::string& body);

  http::Transport& transport_;
  ModelClientOptions options_;
  ModelBudget& budget_;
  std::optional<Cassette> cassette_;
};

}  // namespace nova::core::model
