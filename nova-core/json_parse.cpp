#include "nova-core/json_parse.h"

#include <string>

namespace nova::core {

Result<nlohmann::json> ParseJson(std::string_view text, std::string_view origin) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann reports a byte position; users read lines.
    std::size_t line = 1;
    for (std::size_t i = 0; i < e.byte && i < text.size(); ++i) line += text[i] == '\n';
    return InvalidArgumentError(std::string(origin) + ":" + std::to_string(line) +
                                ": not valid JSON: " + e.what());
  }
}

Result<nlohmann::json> ParseJsonObject(std::string_view text, std::string_view origin) {
  NOVA_ASSIGN_OR_RETURN(nlohmann::json root, ParseJson(text, origin));
  if (!root.is_object())
    return InvalidArgumentError(std::string(origin) + ": must be a JSON object");
  return root;
}

std::string JsonErrorMessage(const nlohmann::json::exception& error) {
  std::string_view message = error.what();
  const std::size_t bracket = message.find("] ");
  if (message.starts_with("[json.exception.") && bracket != std::string_view::npos) {
    message.remove_prefix(bracket + 2);
  }
  return std::string(message);
}

}  // namespace nova::core
