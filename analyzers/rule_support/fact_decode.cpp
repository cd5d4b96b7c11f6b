#include "analyzers/rule_support/fact_decode.h"

#include <string>
#include <string_view>

namespace nova::analyzers {

core::Status MalformedFact(const nlohmann::json::exception& error) {
  std::string_view message = error.what();
  if (message.starts_with("[json.exception.")) {
    const std::size_t end = message.find("] ");
    if (end != std::string_view::npos) message.remove_prefix(end + 2);
  }
  return core::InvalidArgumentError(std::string(message));
}

}  // namespace nova::analyzers
