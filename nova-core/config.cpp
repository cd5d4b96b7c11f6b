#include "nova-core/config.h"

#include "nova-core/config_section.h"
#include "nova-core/digest.h"
#include "nova-core/file_io.h"
#include "nova-core/json_parse.h"

#include <set>

namespace nova::core {
namespace {

using nlohmann::json;

Result<RunSettings> ParseRun(const json& value, std::string_view origin) {
  if (!value.is_object()) return KeyError(origin, "run", "must be an object");
  NOVA_RETURN_IF_ERROR(RejectUnknownKeys(
      value, {"deadline_s", "stall_timeout_s", "max_steps", "verify_parallel"}, origin, "run."));
  RunSettings run;
  const char* prefix = "run.";
  NOVA_RETURN_IF_ERROR(
      ReadBoundedInt(value, prefix, "deadline_s", {1, kWeekSeconds}, origin, run.deadline_s));
  NOVA_RETURN_IF_ERROR(ReadBoundedInt(value, prefix, "stall_timeout_s", {0, kWeekSeconds}, origin,
                                      run.stall_timeout_s));
  NOVA_RETURN_IF_ERROR(
      ReadBoundedInt(value, prefix, "max_steps", {1, 1000}, origin, run.max_steps));
  NOVA_RETURN_IF_ERROR(
      ReadBoundedInt(value, prefix, "verify_parallel", {1, 64}, origin, run.verify_parallel));
  return run;
}

Result<FixSettings> ParseFix(const json& value, std::string_view origin) {
  if (!value.is_object()) return KeyError(origin, "fix", "must be an object");
  NOVA_RETURN_IF_ERROR(RejectUnknownKeys(
      value,
      {"max_files", "max_edits", "split_by_directory", "max_rounds", "protected_paths",
       "merge_protected", "author_name", "author_email", "reparse_proof", "format"},
      origin, "fix."));
  FixSettings fix;
  fix.protected_paths = DefaultProtectedPaths();
  const char* prefix = "fix.";
  NOVA_RETURN_IF_ERROR(
      ReadBoundedInt(value, prefix, "max_files", {0, 100000}, origin, fix.max_files));
  NOVA_RETURN_IF_ERROR(
      ReadBoundedInt(value, prefix, "max_edits", {0, 1000000}, origin, fix.max_edits));
  NOVA_RETURN_IF_ERROR(
      ReadBoundedInt(value, prefix, "max_rounds", {0, 16}, origin, fix.max_rounds));
  NOVA_RETURN_IF_ERROR(
      ReadBool(value, prefix, "split_by_directory", origin, fix.split_by_directory));
  NOVA_RETURN_IF_ERROR(ReadBool(value, prefix, "reparse_proof", origin, fix.reparse_proof));
  NOVA_RETURN_IF_ERROR(ReadBool(value, prefix, "format", origin, fix.format));
  if (value.contains("protected_paths")) {
    NOVA_ASSIGN_OR_RETURN(fix.protected_paths,
                          StringList(value["protected_paths"], origin, "fix.protected_paths"));
  }
  if (value.contains("merge_protected")) {
    NOVA_ASSIGN_OR_RETURN(fix.merge_protected,
                          StringList(value["merge_protected"], origin, "fix.merge_protected"));
  }
  NOVA_RETURN_IF_ERROR(ReadNonEmptyString(value, prefix, "author_name", origin, fix.author_name));
  NOVA_RETURN_IF_ERROR(ReadNonEmptyString(value, prefix, "author_email", origin, fix.author_email));
  return fix;
}

}  // namespace

std::vector<std::string> DefaultProtectedPaths() {
  return {"**/test/**", "**/tests/**", "**/*_test.*", "**/CMakeLists.txt", "**/*.cmake"};
}

Result<Config> ParseConfig(std::string_view text, std::string_view origin) {
  NOVA_ASSIGN_OR_RETURN(const json root, ParseJsonObject(text, origin));
  NOVA_RETURN_IF_ERROR(RejectUnknownKeys(root,
                                         {"compile_commands", "configure", "exclude", "fix",
                                          "merge", "model", "nightly", "rules", "run", "sandbox"},
                                         origin, ""));

  Config config;
  config.digest = DigestBytes(text);
  config.fix.protected_paths = DefaultProtectedPaths();
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
  if (root.contains("run")) {
    NOVA_ASSIGN_OR_RETURN(config.run, ParseRun(root["run"], origin));
  }
  if (root.contains("fix")) {
    NOVA_ASSIGN_OR_RETURN(config.fix, ParseFix(root["fix"], origin));
  }
  config.origin = std::string(origin);
  for (const char* key : {"sandbox", "nightly", "model", "merge", "configure"}) {
    if (root.contains(key)) config.sections[key] = root[key];
  }
  return config;
}

Result<Config> LoadConfig(const std::filesystem::path& repo_root) {
  const std::filesystem::path path = repo_root / ".nova.json";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    Config config;
      config.fix.protected_paths = DefaultProtectedPaths();
    return config;
  }
  NOVA_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  return ParseConfig(text, path.string());
}

}  // namespace nova::core
