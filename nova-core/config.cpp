#include "nova-core/config.h"

#include "nova-core/config_section.h"
#include "nova-core/digest.h"
#include "nova-core/file_io.h"
#include "nova-core/json_parse.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace nova::core {
namespace {

using nlohmann::json;

constexpr const char* kDefaultCtestLine = "ctest --test-dir build --output-on-failure";

constexpr long long kMaxMebibytes = 1 << 20;  // 1 TiB
constexpr long long kMaxPids = 1 << 22;       // the kernel's largest pid_max

// sandbox.env: variable names, none secret-looking.
Result<std::vector<std::string>> ParseEnvAllowlist(const json& value, std::string_view origin) {
  NOVA_ASSIGN_OR_RETURN(std::vector<std::string> names, StringList(value, origin, "sandbox.env"));
  for (const std::string& name : names) {
    const bool valid = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
                       std::all_of(name.begin(), name.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                       });
    if (!valid) {
      return KeyError(origin, "sandbox.env",
                      "'" + name + "' is not a variable name (letters, digits and _)");
    }
    if (IsSecretLookingName(name)) {
      return KeyError(origin, "sandbox.env",
                      "'" + name + "' looks like a secret; secrets never enter the sandbox");
    }
  }
  return names;
}

Result<std::string> ParseCcacheDir(const json& value, std::string_view origin) {
  if (!value.is_string())
    return KeyError(origin, "sandbox.ccache_dir", "must be a string (a path)");
  std::string dir = value.get<std::string>();
  if (!dir.empty() && !std::filesystem::path(dir).is_absolute()) {
    return KeyError(origin, "sandbox.ccache_dir", "must be an absolute path, got '" + dir + "'");
  }
  return dir;
}

// sandbox.ro_binds: absolute paths, never the whole host. Whether they exist is checked where the
// sandbox runs, since the same file is read on machines that never build.
Result<std::vector<std::string>> ParseReadOnlyBinds(const json& value, std::string_view origin) {
  NOVA_ASSIGN_OR_RETURN(std::vector<std::string> paths,
                        StringList(value, origin, "sandbox.ro_binds"));
  for (const std::string& path : paths) {
    if (!std::filesystem::path(path).is_absolute()) {
      return KeyError(origin, "sandbox.ro_binds", "must hold absolute paths, got '" + path + "'");
    }
    if (std::filesystem::path(path).lexically_normal() == "/") {
      return KeyError(origin, "sandbox.ro_binds",
                      "'/' would show the whole host, secrets included; name the directories the "
                      "build needs");
    }
  }
  return paths;
}

Result<SandboxSettings> ParseSandbox(const json& value, std::string_view origin) {
  if (!value.is_object()) return KeyError(origin, "sandbox", "must be an object");
  NOVA_RETURN_IF_ERROR(RejectUnknownKeys(
      value,
      {"build", "test", "timeout_s", "env", "ccache_dir", "ro_binds", "allow_no_tests", "nested",
       "tmp_size_mb", "memory_mb", "pids_max", "log_max_mb"},
      origin, "sandbox."));
  SandboxSettings settings = DefaultCMakeSandbox();
  settings.configured = true;
  if (value.contains("build")) {
    NOVA_ASSIGN_OR_RETURN(settings.build, StringList(value["build"], origin, "sandbox.build"));
  }
  if (value.contains("test")) {
    NOVA_ASSIGN_OR_RETURN(settings.test, StringList(value["test"], origin, "sandbox.test"));
  }
  const char* prefix = "sandbox.";
  NOVA_RETURN_IF_ERROR(
      ReadBoundedInt(value, prefix, "timeout_s", {1, kWeekSeconds}, origin, settings.timeout_s));
  if (value.contains("env")) {
    NOVA_ASSIGN_OR_RETURN(settings.env, ParseEnvAllowlist(value["env"], origin));
  }
  if (value.contains("ccache_dir")) {
    NOVA_ASSIGN_OR_RETURN(settings.ccache_dir, ParseCcacheDir(value["ccache_dir"], origin));
  }
  if (value.contains("ro_binds")) {
    NOVA_ASSIGN_OR_RETURN(settings.ro_binds, ParseReadOnlyBinds(value["ro_binds"], origin));
  }
  NOVA_RETURN_IF_ERROR(
      ReadBool(value, "sandbox.", "allow_no_tests", origin, settings.allow_no_tests));
  NOVA_RETURN_IF_ERROR(ReadBool(value, "sandbox.", "nested", origin, settings.nested));
  // The default line, allowed to find no tests: ctest then says so and exits 0, and the verdict
  // names it, where --no-tests=error would fail the line.
  if (settings.allow_no_tests && !value.contains("test")) settings.test = {kDefaultCtestLine};
  // tmpfs treats size 0 as unlimited, so the private /tmp has at least 1 MiB.
  NOVA_RETURN_IF_ERROR(ReadBoundedInt(value, prefix, "tmp_size_mb", {1, kMaxMebibytes}, origin,
                                      settings.tmp_size_mb));
  NOVA_RETURN_IF_ERROR(
      ReadBoundedInt(value, prefix, "memory_mb", {0, kMaxMebibytes}, origin, settings.memory_mb));
  NOVA_RETURN_IF_ERROR(
      ReadBoundedInt(value, prefix, "pids_max", {0, kMaxPids}, origin, settings.pids_max));
  NOVA_RETURN_IF_ERROR(
      ReadBoundedInt(value, prefix, "log_max_mb", {1, kMaxMebibytes}, origin, settings.log_max_mb));
  return settings;
}

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

bool IsSecretLookingName(std::string_view name) {
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (const char* part : {"TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL"}) {
    if (upper.find(part) != std::string::npos) return true;
  }
  return upper == "API_KEY" || upper.ends_with("_KEY");
}

SandboxSettings DefaultCMakeSandbox() {
  SandboxSettings s;
  s.build = {"cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Debug", "cmake --build build"};
  // A project without tests fails here instead of passing on its build alone.
  s.test = {std::string(kDefaultCtestLine) + " --no-tests=error"};
  return s;
}

Result<Config> ParseConfig(std::string_view text, std::string_view origin) {
  NOVA_ASSIGN_OR_RETURN(const json root, ParseJsonObject(text, origin));
  NOVA_RETURN_IF_ERROR(RejectUnknownKeys(root,
                                         {"compile_commands", "configure", "exclude", "fix",
                                          "merge", "model", "nightly", "rules", "run", "sandbox"},
                                         origin, ""));

  Config config;
  config.digest = DigestBytes(text);
  config.sandbox = DefaultCMakeSandbox();
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
  if (root.contains("sandbox")) {
    NOVA_ASSIGN_OR_RETURN(config.sandbox, ParseSandbox(root["sandbox"], origin));
  }
  if (root.contains("run")) {
    NOVA_ASSIGN_OR_RETURN(config.run, ParseRun(root["run"], origin));
  }
  if (root.contains("fix")) {
    NOVA_ASSIGN_OR_RETURN(config.fix, ParseFix(root["fix"], origin));
  }
  config.origin = std::string(origin);
  for (const char* key : {"nightly", "model", "merge", "configure"}) {
    if (root.contains(key)) config.sections[key] = root[key];
  }
  return config;
}

Result<Config> LoadConfig(const std::filesystem::path& repo_root) {
  const std::filesystem::path path = repo_root / ".nova.json";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    Config config;
    config.sandbox = DefaultCMakeSandbox();
    config.fix.protected_paths = DefaultProtectedPaths();
    return config;
  }
  NOVA_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  return ParseConfig(text, path.string());
}

}  // namespace nova::core
