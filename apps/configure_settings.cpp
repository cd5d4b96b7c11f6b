#include "apps/configure_settings.h"

#include <algorithm>
#include <cstddef>

#include "nova-core/config_section.h"

namespace nova::app {

bool IsDebianPackageName(std::string_view name) {
  const auto lower_or_digit = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  return name.size() >= 2 && lower_or_digit(name.front()) &&
         std::all_of(name.begin(), name.end(),
                     [&](char c) { return lower_or_digit(c) || c == '+' || c == '-' || c == '.'; });
}

namespace {

constexpr std::size_t kMaxConfigurePackages = 64;

core::Status ReadConfigure(const nlohmann::json& value, std::string_view origin,
                           ConfigureSettings& configure) {
  NOVA_RETURN_IF_ERROR(
      core::RejectUnknownKeys(value, {"network", "packages"}, origin, "configure."));
  NOVA_RETURN_IF_ERROR(core::ReadBool(value, "configure.", "network", origin, configure.network));
  if (value.contains("packages")) {
    NOVA_ASSIGN_OR_RETURN(configure.packages,
                          core::StringList(value["packages"], origin, "configure.packages"));
  }
  if (configure.packages.size() > kMaxConfigurePackages) {
    return core::KeyError(origin, "configure.packages",
                          "names " + std::to_string(configure.packages.size()) +
                              " packages, more than " + std::to_string(kMaxConfigurePackages));
  }
  for (const std::string& name : configure.packages) {
    if (!IsDebianPackageName(name)) {
      return core::KeyError(origin, "configure.packages",
                            "'" + name +
                                "' is not a Debian package name (lowercase letters, digits, + - "
                                "., starting with a letter or digit; no version or architecture)");
    }
  }
  return core::Status::Ok();
}

}  // namespace

core::Result<ConfigureSettings> ParseConfigureSection(const core::Config& config) {
  return core::ReadModuleSection<ConfigureSettings>(config, "configure", ReadConfigure);
}

}  // namespace nova::app
