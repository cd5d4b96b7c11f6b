#include "nova-core/model/chat.h"

namespace nova::core::model {
namespace {

using nlohmann::json;

// Only an exact ```json ... ``` wrapper (some local models add one even when asked for JSON).
std::string_view StripFence(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  for (std::string_view open : {"```json\n", "```\n"}) {
    if (text.starts_with(open) && text.ends_with("```") && text.size() >= open.size() + 3) {
      return text.substr(open.size(), text.size() - open.size() - 3);
    }
  }
  return text;
}

long long TokenCount(const json& usage, const char* key) {
  if (!usage.is_object() || !usage.contains(key) || !usage[key].is_number_integer()) return 0;
  return usage[key].get<long long>();
}

}  // namespace

json RequestBody(const ChatRequest& request) {
  json messages = json::array();
  for (const ChatMessage& message : request.messages) {
    messages.push_back({{"role", message.role}, {"content", message.content}});
  }
  json body = {{"model", request.model},
               {"messages", std::move(messages)},
               {"max_tokens", request.max_tokens},
               {"temperature", 0},
               {"seed", 0},
               {"stream", false}};
  if (!request.schema.is_null() && request.response_format == "json_schema") {
    body["response_format"] = {
        {"type", "json_schema"},
        {"json_schema",
         {{"name", request.schema_name}, {"strict", true}, {"schema", request.schema}}}};
  } else if (!request.schema.is_null() && request.response_format == "json_object") {
    body["response_format"] = {{"type", "json_object"}};
  }
  return body;
}

Result<ChatReply> ParseReply(std::string_view body) {
  json root;
  try {
    root = json::parse(body);
  } catch (const json::exception& e) {
    return InvalidArgumentError(std::string("chat completion is not JSON: ") + e.what());
  }
  if (!root.is_object()) return InvalidArgumentError("chat completion is not a JSON object");
  if (!root.contains("choices") || !root["choices"].is_array() || root["choices"].empty()) {
    return InvalidArgumentError("chat completion has no choices");
  }
  const json& choice = root["choices"][0];
  if (!choice.is_object() || !choice.contains("message") || !choice["message"].is_object()) {
    return InvalidArgumentError("chat completion's first choice has no message");
  }
  const json& message = choice["message"];
  if (!message.contains("content") || !message["content"].is_string()) {
    return InvalidArgumentError("chat completion's message has no content string");
  }
  ChatReply reply;
  reply.content = message["content"].get<std::string>();
  if (choice.contains("finish_reason") && choice["finish_reason"].is_string()) {
    reply.finish_reason = choice["finish_reason"].get<std::string>();
  }
  if (root.contains("model") && root["model"].is_string()) {
    reply.model = root["model"].get<std::string>();
  }
  if (root.contains("usage")) {
    const json& usage = root["usage"];
    reply.prompt_tokens = TokenCount(usage, "prompt_tokens");
    reply.completion_tokens = TokenCount(usage, "completion_tokens");
    reply.total_tokens = TokenCount(usage, "total_tokens");
    if (reply.total_tokens == 0) reply.total_tokens = reply.prompt_tokens + reply.completion_tokens;
    if (usage.is_object() && usage.contains("cost") && usage["cost"].is_number()) {
      reply.cost = usage["cost"].get<double>();
    }
  }
  return reply;
}

std::string ErrorMessageOf(std::string_view body) {
  const json root = json::parse(body, nullptr, false);
  if (root.is_object() && root.contains("error")) {
    const json& error = root["error"];
    if (error.is_object() && error.contains("message") && error["message"].is_string()) {
      return error["message"].get<std::string>();
    }
    if (error.is_string()) return error.get<std::string>();
  }
  return std::string(body.substr(0, 300));
}

Result<json> ParseStrictJson(std::string_view text) {
  try {
    return json::parse(StripFence(text));
  } catch (const json::exception& e) {
    return InvalidArgumentError(std::string("reply is not valid JSON: ") + e.what());
  }
}

}  // namespace nova::core::model
