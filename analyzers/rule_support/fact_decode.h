// DecodeFact: the one place where a project rule's fact (a JSON value its walk recorded, perhaps
// read back from the cache) becomes the rule's typed struct and where a malformed one becomes an
// error value instead of an exception. Each rule reads its struct in a `from_json` next to it
// (nlohmann's hook, found by argument-dependent lookup). Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "nova-core/result.h"
#include "nova-core/status.h"

namespace nova::analyzers {

// A nlohmann::json error met while reading a fact, as CheckFact's InvalidArgument: its message
// without the library's "[json.exception...]" prefix, e.g. "key 'usr' not found".
core::Status MalformedFact(const nlohmann::json::exception& error);

// `fact` read as a T through T's from_json; InvalidArgument "key 'usr' not found" (or another
// missing key or wrong type) when it does not hold one.
template <typename T>
core::Result<T> DecodeFact(const nlohmann::json& fact) {
  try {
    return fact.get<T>();
  } catch (const nlohmann::json::exception& error) {
    return MalformedFact(error);
  }
}

}  // namespace nova::analyzers
