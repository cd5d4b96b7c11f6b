// Reading one section of `.nova.json`: the helpers with which nova-core and every module that
// owns a section parse and validate it, so each key's message has one form:
// "<origin>: <section>.<key>: <what>". Pure functions; thread-safe.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "nova-core/config.h"
#include "nova-core/result.h"

namespace nova::core {

// The section `key` a module owns, as `config` holds it: nullptr when the file has none,
// InvalidArgument "<origin>: <key>: must be an object" when it is no object.
Result<const nlohmann::json*> ModuleSection(const Config& config, const std::string& key);

// What a module makes of its section `key`: `Settings{}` when the file has none, else what
// `read(object, origin, settings)` reads into them, or the first key error it returns.
template <typename Settings, typename Read>
Result<Settings> ReadModuleSection(const Config& config, const std::string& key, Read read) {
  Settings settings;
  NOVA_ASSIGN_OR_RETURN(const nlohmann::json* section, ModuleSection(config, key));
  if (section == nullptr) return settings;
  NOVA_RETURN_IF_ERROR(read(*section, std::string_view(config.origin), settings));
  return settings;
}

// InvalidArgument "<origin>: <key>: <what>".
Status KeyError(std::string_view origin, const std::string& key, const std::string& what);

// InvalidArgument naming the first key of `object` not in `known` (`prefix` is "sandbox.").
Status RejectUnknownKeys(const nlohmann::json& object, const std::set<std::string>& known,
                         std::string_view origin, const std::string& prefix);

Result<std::vector<std::string>> StringList(const nlohmann::json& value, std::string_view origin,
                                            const std::string& key);

// The longest bound in seconds any section's duration may have: a week.
inline constexpr long long kWeekSeconds = 7 * 24 * 3600;

struct Bounds {
  long long low;
  long long high;
};

// Reads object[key] into `out` when present; it must be a whole number within `bounds`.
// `prefix` ("run.") names the key in the message.
Status ReadBoundedInt(const nlohmann::json& object, const char* prefix, const char* key,
                      Bounds bounds, std::string_view origin, int& out);
Status ReadBool(const nlohmann::json& object, const char* prefix, const char* key,
                std::string_view origin, bool& out);
Status ReadNonEmptyString(const nlohmann::json& object, const char* prefix, const char* key,
                          std::string_view origin, std::string& out);

}  // namespace nova::core
