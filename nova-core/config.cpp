#include "nova-core/config.h"

#include "nova-core/digest.h"
#include "nova-core/file_io.h"

#include <set>

namespace nova::core {
namespace {

using nlohmann::json;

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

constexpr long long kWeekSeconds = 7 * 24 * 3600;

// Reads object[key] into `out` when present; it must be a whole number from `low` to `high`.
// `prefix` ("run.") names the key in the message.
Status ReadBoundedInt(const json& object, const char* prefix, const char* key, long long low,
                      long long high, std::string_view origin, int& out) {
  if (!object.contains(key)) return Status::Ok();
  const json& v = object[key];
  if (!v.is_number_integer() || v.get<long long>() < low || v.get<long long>() > high) {
    return KeyError(origin, std::string(prefix) + key,
                    "must be a whole number from " + std::to_string(low) + " to " +
                        std::to_string(high));
  }
  out = v.get<int>();
  return Status::Ok();
}

Result<SandboxSettings> ParseSandbox(const json& value, std::string_view origin) {
  if (!value.is_object()) return KeyError(origin, "sandbox", "must be an object");
  NOVA_RETURN_IF_ERROR(
      RejectUnknownKeys(value, {"build", "test", "timeout_s"}, origin, "sandbox."));
  SandboxSettings settings = DefaultCMakeSandbox();
  settings.configured = true;
  if (value.contains("build")) {
    NOVA_ASSIGN_OR_RETURN(settings.build, StringList(value["build"], origin, "sandbox.build"));
  }
  if (value.contains("test")) {
    NOVA_ASSIGN_OR_RETURN(settings.test, StringList(value["test"], origin, "sandbox.test"));
  }
  NOVA_RETURN_IF_ERROR(
      ReadBoundedInt(value, "sandbox.", "timeout_s", 1, kWeekSeconds, origin, settings.timeout_s));
  return settings;
}

Result<RunSettings> ParseRun(const json& value, std::string_view origin) {
  if (!value.is_object()) return KeyError(origin, "run", "must be an object");
  NOVA_RETURN_IF_ERROR(RejectUnknownKeys(
      value, {"deadline_s", "stall_timeout_s", "max_steps", "verify_parallel"}, origin, "run."));
  RunSettings run;
  const char* prefix = "run.";
  NOVA_RETURN_IF_ERROR(
      ReadBoundedInt(value, prefix, "deadline_s", 1, kWeekSeconds, origin, run.deadline_s));
  NOVA_RETURN_IF_ERROR(ReadBoundedInt(value, prefix, "stall_timeout_s", 0, kWeekSeconds, origin,
                                      run.stall_timeout_s));
  NOVA_RETURN_IF_ERROR(ReadBoundedInt(value, prefix, "max_steps", 1, 1000, origin, run.max_steps));
  NOVA_RETURN_IF_ERROR(
      ReadBoundedInt(value, prefix, "verify_parallel", 1, 64, origin, run.verify_parallel));
  return run;
}

}  // namespace

SandboxSettings DefaultCMakeSandbox() {
  SandboxSettings s;
  s.build = {"cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Debug", "cmake --build build"};
  s.test = {"ctest --test-dir build --output-on-failure"};
  return s;
}

Result<Config> ParseConfig(std::string_view text, std::string_view origin) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    // byte position is what nlohmann reports; turn it into a line for the user.
    std::size_t line = 1;
    for (std::size_t i = 0; i < e.byte && i < text.size(); ++i) line += text[i] == '\n';
    return InvalidArgumentError(std::string(origin) + ":" + std::to_string(line) +
                                ": not valid JSON: " + e.what());
  }
  if (!root.is_object())
    return InvalidArgumentError(std::string(origin) + ": must be a JSON object");
  NOVA_RETURN_IF_ERROR(
      RejectUnknownKeys(root, {"compile_commands", "exclude", "rules", "run", "sandbox"}, origin, ""));

  Config config;
  config.digest = DigestBytes(text);
  config.sandbox = DefaultCMakeSandbox();
  if (root.contains("compile_commands")) {
    if (!root["compile_commands"].is_string()) {
      return KeyError(origin, "compile_commands", "must be a string (a path)");
    }
    config.compile_commands = root["compile_commands"].get<std::string>();
  }
  if (root.contains("exclude")) {
    NOVA_ASSIGN_OR_RETURN(config.exclude, StringList(root["exclude"], origin, "exclude"));
  }
  if (root.contains("rules")) {
    const json& rules = root["rules"];
    if (!rules.is_object()) return KeyError(origin, "rules", "must be an object of rule ids");
    for (const auto& [id, options] : rules.items()) {
      if (!options.is_object()) return KeyError(origin, "rules." + id, "must be an object");
      config.rules[id] = options;
    }
  }
  if (root.contains("sandbox")) {
    NOVA_ASSIGN_OR_RETURN(config.sandbox, ParseSandbox(root["sandbox"], origin));
  }
  if (root.contains("run")) {
    NOVA_ASSIGN_OR_RETURN(config.run, ParseRun(root["run"], origin));
  }
  return config;
}

Result<Config> LoadConfig(const std::filesystem::path& repo_root) {
  const std::filesystem::path path = repo_root / ".nova.json";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    Config config;
    config.sandbox = DefaultCMakeSandbox();
    return config;
  }
  NOVA_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  return ParseConfig(text, path.string());
}

}  // namespace nova::core
