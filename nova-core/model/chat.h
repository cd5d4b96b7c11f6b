// The OpenAI-compatible chat-completions wire format (POST {endpoint}/chat/completions, as served
// by OpenAI, vLLM, llama.cpp's llama-server and Ollama): building a request body and reading a
// reply, strictly. Pure functions over values; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "nova-core/result.h"

namespace nova::core::model {

struct ChatMessage {
  std::string role;  // "system", "user" or "assistant"
  std::string content;
};

struct ChatRequest {
  std::string model;
  std::vector<ChatMessage> messages;
  int max_tokens = 2048;  // the completion's bound
  // The JSON schema the reply's content must follow; null: none asked for.
  nlohmann::json schema = nullptr;
  std::string schema_name = "nova_reply";
  // "json_schema", "json_object" or "none": how `schema` is asked of the server.
  std::string response_format = "json_schema";
  std::string purpose = {};  // for the trace ("model-reviewer: ns::f"); never sent
};

struct ChatReply {
  std::string content;        // the first choice's message content
  std::string finish_reason;  // "stop", "length", ...
  std::string model;          // as the server names it
  long long prompt_tokens = 0;
  long long completion_tokens = 0;
  long long total_tokens = 0;
  std::optional<double> cost = std::nullopt;  // usage.cost, when the server reports one
};

// The request's JSON body; temperature 0 and a fixed seed so replies are as repeatable as the
// server allows. Its dump() is canonical (keys sorted), the basis of the cassette key.
nlohmann::json RequestBody(const ChatRequest& request);

// The reply in a 200 response's body; InvalidArgument naming what is missing or malformed.
Result<ChatReply> ParseReply(std::string_view body);

// The error message an API error body carries ({"error": {"message": ...}}), else the body's
// first 300 bytes.
std::string ErrorMessageOf(std::string_view body);

// Parses `text` as one JSON value (a reply's content), InvalidArgument with the parser's reason
// when it is not one; a ```json fence around it is tolerated, nothing else.
Result<nlohmann::json> ParseStrictJson(std::string_view text);

}  // namespace nova::core::model
