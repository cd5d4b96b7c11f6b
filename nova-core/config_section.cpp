#include "nova-core/config_section.h"

namespace nova::core {

using nlohmann::json;

Result<const json*> ModuleSection(const Config& config, const std::string& key) {
  const auto section = config.sections.find(key);
  if (section == config.sections.end()) return static_cast<const json*>(nullptr);
  if (!section->second.is_object()) return KeyError(config.origin, key, "must be an object");
  return &section->second;
}

Status KeyError(std::string_view origin, const std::string& key, const std::string& what) {
  return InvalidArgumentError(std::string(origin) + ": " + key + ": " + what);
}

Status RejectUnknownKeys(const json& object, const std::set<std::string>& known,
                         std::string_view origin, const std::string& prefix) {
  for (const auto& [key, value] : object.items()) {
    if (!known.contains(key)) {
      std::string allowed;
      for (const auto& k : known) allowed += (allowed.empty() ? "" : ", ") + k;
      return KeyError(origin, prefix + key, "unknown key (known: " + allowed + ")");
    }
  }
  return Status::Ok();
}

Result<std::vector<std::string>> StringList(const json& value, std::string_view origin,
                                            const std::string& key) {
  if (!value.is_array()) return KeyError(origin, key, "must be an array of strings");
  std::vector<std::string> out;
  for (const auto& item : value) {
    if (!item.is_string()) return KeyError(origin, key, "must be an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Status ReadBoundedInt(const json& object, const char* prefix, const char* key, Bounds bounds,
                      std::string_view origin, int& out) {
  if (!object.contains(key)) return Status::Ok();
  const json& v = object[key];
  if (!v.is_number_integer() || v.get<long long>() < bounds.low ||
      v.get<long long>() > bounds.high) {
    return KeyError(origin, std::string(prefix) + key,
                    "must be a whole number from " + std::to_string(bounds.low) + " to " +
                        std::to_string(bounds.high));
  }
  out = v.get<int>();
  return Status::Ok();
}

Status ReadBool(const json& object, const char* prefix, const char* key, std::string_view origin,
                bool& out) {
  if (!object.contains(key)) return Status::Ok();
  if (!object[key].is_boolean())
    return KeyError(origin, std::string(prefix) + key, "must be true or false");
  out = object[key].get<bool>();
  return Status::Ok();
}

Status ReadNonEmptyString(const json& object, const char* prefix, const char* key,
                          std::string_view origin, std::string& out) {
  if (!object.contains(key)) return Status::Ok();
  if (!object[key].is_string() || object[key].get<std::string>().empty()) {
    return KeyError(origin, std::string(prefix) + key, "must be a non-empty string");
  }
  out = object[key].get<std::string>();
  return Status::Ok();
}

}  // namespace nova::core
