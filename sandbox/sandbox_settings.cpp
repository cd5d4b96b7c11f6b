#include "sandbox/sandbox_settings.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "nova-core/config_section.h"

namespace nova::sandbox {
namespace {

using nlohmann::json;

constexpr const char* kDefaultCtestLine = "ctest --test-dir build --output-on-failure";

constexpr long long kMaxMebibytes = 1 << 20;  // 1 TiB
constexpr long long kMaxPids = 1 << 22;       // the kernel's largest pid_max

// sandbox.env: variable names, none secret-looking.
core::Result<std::vector<std::string>> ParseEnvAllowlist(const json& value,
                                                         std::string_view origin) {
  NOVA_ASSIGN_OR_RETURN(std::vector<std::string> names,
                        core::StringList(value, origin, "sandbox.env"));
  for (const std::string& name : names) {
    const bool valid = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
                       std::all_of(name.begin(), name.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                       });
    if (!valid) {
      return core::KeyError(origin, "sandbox.env",
                            "'" + name + "' is not a variable name (letters, digits and _)");
    }
    if (IsSecretLookingName(name)) {
      return core::KeyError(origin, "sandbox.env",
                            "'" + name + "' looks like a secret; secrets never enter the sandbox");
    }
  }
  return names;
}

core::Result<std::string> ParseCcacheDir(const json& value, std::string_view origin) {
  if (!value.is_string())
    return core::KeyError(origin, "sandbox.ccache_dir", "must be a string (a path)");
  std::string dir = value.get<std::string>();
  if (!dir.empty() && !std::filesystem::path(dir).is_absolute()) {
    return core::KeyError(origin, "sandbox.ccache_dir",
                          "must be an absolute path, got '" + dir + "'");
  }
  return dir;
}

// sandbox.ro_binds: absolute paths, never the whole host. Whether they exist is checked where the
// sandbox runs, since the same file is read on machines that never build.
core::Result<std::vector<std::string>> ParseReadOnlyBinds(const json& value,
                                                          std::string_view origin) {
  NOVA_ASSIGN_OR_RETURN(std::vector<std::string> paths,
                        core::StringList(value, origin, "sandbox.ro_binds"));
  for (const std::string& path : paths) {
    if (!std::filesystem::path(path).is_absolute()) {
      return core::KeyError(origin, "sandbox.ro_binds",
                            "must hold absolute paths, got '" + path + "'");
    }
    if (std::filesystem::path(path).lexically_normal() == "/") {
      return core::KeyError(
          origin, "sandbox.ro_binds",
          "'/' would show the whole host, secrets included; name the directories the "
          "build needs");
    }
  }
  return paths;
}

core::Result<SandboxSettings> ParseSandbox(const json& value, std::string_view origin) {
  NOVA_RETURN_IF_ERROR(core::RejectUnknownKeys(
      value,
      {"build", "test", "timeout_s", "env", "ccache_dir", "ro_binds", "allow_no_tests", "nested",
       "tmp_size_mb", "memory_mb", "pids_max", "log_max_mb"},
      origin, "sandbox."));
  SandboxSettings settings = DefaultCMakeSandbox();
  settings.configured = true;
  if (value.contains("build")) {
    NOVA_ASSIGN_OR_RETURN(settings.build,
                          core::StringList(value["build"], origin, "sandbox.build"));
  }
  if (value.contains("test")) {
    NOVA_ASSIGN_OR_RETURN(settings.test, core::StringList(value["test"], origin, "sandbox.test"));
  }
  const char* prefix = "sandbox.";
  NOVA_RETURN_IF_ERROR(core::ReadBoundedInt(value, prefix, "timeout_s", {1, core::kWeekSeconds},
                                            origin, settings.timeout_s));
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
      core::ReadBool(value, "sandbox.", "allow_no_tests", origin, settings.allow_no_tests));
  NOVA_RETURN_IF_ERROR(core::ReadBool(value, "sandbox.", "nested", origin, settings.nested));
  // The default line, allowed to find no tests: ctest then says so and exits 0, and the verdict
  // names it, where --no-tests=error would fail the line.
  if (settings.allow_no_tests && !value.contains("test")) settings.test = {kDefaultCtestLine};
  // tmpfs treats size 0 as unlimited, so the private /tmp has at least 1 MiB.
  NOVA_RETURN_IF_ERROR(core::ReadBoundedInt(value, prefix, "tmp_size_mb", {1, kMaxMebibytes},
                                            origin, settings.tmp_size_mb));
  NOVA_RETURN_IF_ERROR(core::ReadBoundedInt(value, prefix, "memory_mb", {0, kMaxMebibytes}, origin,
                                            settings.memory_mb));
  NOVA_RETURN_IF_ERROR(
      core::ReadBoundedInt(value, prefix, "pids_max", {0, kMaxPids}, origin, settings.pids_max));
  NOVA_RETURN_IF_ERROR(core::ReadBoundedInt(value, prefix, "log_max_mb", {1, kMaxMebibytes}, origin,
                                            settings.log_max_mb));
  return settings;
}

}  // namespace

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

core::Result<SandboxSettings> ParseSandboxSection(const core::Config& config) {
  NOVA_ASSIGN_OR_RETURN(const json* section, core::ModuleSection(config, "sandbox"));
  if (section == nullptr) return DefaultCMakeSandbox();
  return ParseSandbox(*section, config.origin);
}

}  // namespace nova::sandbox
