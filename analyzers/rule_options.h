// Helpers rules use to validate their options object from `.nova.json` ("rules": {id: {...}}),
// so every rule reports unknown keys and wrong types the same way, naming the full key.
// Pure functions; safe to call from any thread.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "nova-core/result.h"

namespace nova::analyzers {

// InvalidArgument "KEY: expected an object" unless `options` is an object (or null), and
// "KEY.name: unknown key" for the first key not in `known`.
core::Status CheckOptionKeys(const nlohmann::json& options, const std::string& key,
                             std::initializer_list<std::string_view> known);

// Reads options[name] as an integer >= 1, or returns `fallback` when absent.
core::Result<int> PositiveIntOption(const nlohmann::json& options, const std::string& key,
                                    std::string_view name, int fallback);

// Reads options[name] as an integer >= 0, or returns `fallback` when absent.
core::Result<int> NonNegativeIntOption(const nlohmann::json& options, const std::string& key,
                                       std::string_view name, int fallback);

}  // namespace nova::analyzers
