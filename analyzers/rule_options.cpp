#include "analyzers/rule_options.h"

#include <limits>

namespace nova::analyzers {

core::Status CheckOptionKeys(const nlohmann::json& options, const std::string& key,
                             std::initializer_list<std::string_view> known) {
  if (options.is_null()) return core::Status::Ok();
  if (!options.is_object()) return core::InvalidArgumentError(key + ": expected an object");
  for (const auto& [name, value] : options.items()) {
    bool found = false;
    for (std::string_view candidate : known) found |= candidate == name;
    if (!found) return core::InvalidArgumentError(key + "." + name + ": unknown key");
  }
  return core::Status::Ok();
}

namespace {

core::Result<int> IntOptionAtLeast(const nlohmann::json& options, const std::string& key,
                                   std::string_view name, int minimum, int fallback,
                                   std::string_view expected) {
  if (!options.is_object()) return fallback;
  auto it = options.find(std::string(name));
  if (it == options.end()) return fallback;
  bool ok = it->is_number_integer() && it->get<long long>() >= minimum &&
            it->get<long long>() <= std::numeric_limits<int>::max();
  if (!ok) {
    return core::InvalidArgumentError(key + "." + std::string(name) + ": expected " +
                                      std::string(expected));
  }
  return static_cast<int>(it->get<long long>());
}

}  // namespace

core::Result<int> PositiveIntOption(const nlohmann::json& options, const std::string& key,
                                    std::string_view name, int fallback) {
  return IntOptionAtLeast(options, key, name, 1, fallback, "a positive integer");
}

core::Result<int> NonNegativeIntOption(const nlohmann::json& options, const std::string& key,
                                       std::string_view name, int fallback) {
  return IntOptionAtLeast(options, key, name, 0, fallback, "a non-negative integer");
}

}  // namespace nova::analyzers
