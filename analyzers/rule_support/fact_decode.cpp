#include "analyzers/rule_support/fact_decode.h"

#include "nova-core/json_parse.h"

namespace nova::analyzers {

core::Status MalformedFact(const nlohmann::json::exception& error) {
  return core::InvalidArgumentError(core::JsonErrorMessage(error));
}

}  // namespace nova::analyzers
