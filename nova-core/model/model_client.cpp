#include "nova-core/model/model_client.h"

#include <algorithm>
#include <thread>

#include "nova-core/digest.h"

namespace nova::core::model {
namespace {

using std::chrono::milliseconds;

std::optional<long long> Seconds(const std::string& text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), ::isdigit)) return std::nullopt;
  try {
    return std::stoll(text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

Status ErrorForStatus(long status, const std::string& body, const std::string& where) {
  const std::string message =
      where + ": HTTP " + std::to_string(status) + ": " + ErrorMessageOf(body);
  switch (status) {
    case 400:
    case 422:
      return InvalidArgumentError(message);
    case 401:
    case 403:
      return FailedPreconditionError(message);
    case 404:
      return NotFoundError(message);
    default:
      return UnavailableError(message);
  }
}

std::string PromptText(const ChatRequest& request) {
  std::string text;
  for (const ChatMessage& m : request.messages) text += m.role + "\n" + m.content + "\n";
  return text;
}

// The wait before retrying a 429 or 5xx answer: `backoff`, or what a 429's Retry-After asks for;
// an error when that is more than Nova waits. Kept out of SendLive's retry loop so the loop
// reads as attempt, sort, wait.
Result<milliseconds> RetryWait(const http::Response& response, milliseconds backoff,
                               milliseconds max_retry_wait, const Status& last) {
  if (response.status != 429) return backoff;
  milliseconds wait = backoff;
  if (auto seconds = Seconds(response.Header("retry-after"))) wait = milliseconds(*seconds * 1000);
  if (wait > max_retry_wait) {
    return UnavailableError(last.message() + "; Retry-After asks for " +
                            std::to_string(wait.count() / 1000) + " s, more than the " +
                            std::to_string(max_retry_wait.count() / 1000) +
                            " s Nova waits (model.max_retry_wait_s)");
  }
  return wait;
}

}  // namespace

ModelClient::ModelClient(http::Transport& transport, ModelClientOptions options,
                         ModelBudget& budget, std::optional<Cassette> cassette)
    : transport_(transport),
      options_(std::move(options)),
      budget_(budget),
      cassette_(std::move(cassette)) {
  while (!options_.endpoint.empty() && options_.endpoint.back() == '/')
    options_.endpoint.pop_back();
  if (!options_.sleep)
    options_.sleep = [](milliseconds wait) { std::this_thread::sleep_for(wait); };
}

Result<ModelClient::Exchange> ModelClient::SendLive(const std::string& body) {
  http::Request request;
  request.method = "POST";
  request.url = options_.endpoint + "/chat/completions";
  request.headers = {"Content-Type: application/json", "Accept: application/json"};
  request.body = body;
  if (!options_.api_key.empty()) request.authorization = "Bearer " + options_.api_key;
  const std::string where = "POST " + http::UrlForMessage(request.url);

  Exchange exchange;
  milliseconds backoff = options_.first_backoff;
  Status last = UnavailableError(where + ": no attempt made");
  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    exchange.attempts = attempt;
    auto response = transport_.Send(request);
    milliseconds wait{0};
    if (!response.ok()) {
      // A server that did not answer in time is not asked again: each try costs the timeout.
      if (response.status().code() != StatusCode::kUnavailable) return response.status();
      last = response.status();
      wait = backoff;
    } else if (response->status == 200) {
      exchange.status = 200;
      exchange.body = std::move(response->body);
      return exchange;
    } else if (response->status == 429 || response->status >= 500) {
      last = ErrorForStatus(response->status, response->body, where);
      NOVA_ASSIGN_OR_RETURN(wait, RetryWait(*response, backoff, options_.max_retry_wait, last));
    } else {
      return ErrorForStatus(response->status, response->body, where);
    }
    if (attempt == options_.max_attempts) break;
    if (wait == backoff) backoff = std::min(backoff * 2, options_.max_backoff);
    if (budget_.WallLeft() <= wait) {
      return ResourceExhaustedError("model budget spent: waiting " + std::to_string(wait.count()) +
                                    " ms to retry would pass model.max_wall_s (" + last.message() +
                                    ")");
    }
    options_.sleep(wait);
    exchange.waited_ms += wait.count();
  }
  return UnavailableError(last.message() + " (gave up after " +
                          std::to_string(options_.max_attempts) + " attempts)");
}

Result<ModelClient::Exchange> ModelClient::Fetch(const std::string& body) {
  if (cassette_ && cassette_->mode() == CassetteMode::kReplay) {
    NOVA_ASSIGN_OR_RETURN(Recording recording, cassette_->Find(body));
    return Exchange{recording.status, std::move(recording.body), 0, 0};
  }
  NOVA_ASSIGN_OR_RETURN(Exchange exchange, SendLive(body));
  if (cassette_) NOVA_RETURN_IF_ERROR(cassette_->Record(body, {exchange.status, exchange.body}));
  return exchange;
}

Result<ChatReply> ModelClient::Complete(const ChatRequest& request, const WorkHooks& hooks) {
  NOVA_RETURN_IF_ERROR(budget_.Check());
  const std::string body = RequestBody(request).dump();
  const bool replay = cassette_ && cassette_->mode() == CassetteMode::kReplay;
  nlohmann::json event = {{"purpose", request.purpose},
                          {"model", request.model},
                          {"endpoint", http::UrlForMessage(options_.endpoint)},
                          {"source", replay ? "cassette" : "live"},
                          {"request_digest", DigestBytes(body)},
                          {"prompt_digest", DigestBytes(PromptText(request))},
                          {"request_bytes", body.size()}};
  hooks.Progress("model: " + request.purpose);
  const auto start = std::chrono::steady_clock::now();
  auto exchange = Fetch(body);
  event["latency_ms"] =
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start).count();
  if (!exchange.ok()) {
    // The budget was checked above, so the exchange was attempted: it counts as a call.
    budget_.Charge(0);
    event["error"] = exchange.status().ToString();
    hooks.Effect(effect::kModelCall, std::move(event));
    return exchange.status();
  }
  event["attempts"] = exchange->attempts;
  event["waited_ms"] = exchange->waited_ms;
  event["status"] = exchange->status;
  event["response_digest"] = DigestBytes(exchange->body);
  auto reply = ParseReply(exchange->body);
  if (!reply.ok()) {
    budget_.Charge(0);
    event["error"] = reply.status().ToString();
    hooks.Effect(effect::kModelCall, std::move(event));
    return reply.status().WithContext("model " + request.model);
  }
  budget_.Charge(reply->total_tokens);
  event["prompt_tokens"] = reply->prompt_tokens;
  event["completion_tokens"] = reply->completion_tokens;
  event["total_tokens"] = reply->total_tokens;
  event["finish_reason"] = reply->finish_reason;
  event["cost"] = reply->cost ? nlohmann::json(*reply->cost) : nlohmann::json(nullptr);
  event["budget"] = {{"calls", budget_.calls()}, {"tokens", budget_.tokens()}};
  hooks.Effect(effect::kModelCall, std::move(event));
  return reply;
}

}  // namespace nova::core::model
