// The "configure" section of `.nova.json`, which apps/ owns and validates: how Nova configures a
// CMake project for its compile database. `nova pr-review` runs that configure in the sandbox
// with the base commit's settings, so a pull request cannot widen its own sandbox. Pure
// functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nova-core/config.h"
#include "nova-core/result.h"

namespace nova::app {

struct ConfigureSettings {
  // Debian packages the configure needs, which the pull-request workflow installs with apt
  // before the sandbox. Each a Debian package name (lowercase letters, digits, + - ., starting
  // with a letter or digit, at least 2 characters), at most 64 of them. Default: none
  std::vector<std::string> packages = {};
  // Whether the sandboxed configure may reach the network (e.g. CMake's FetchContent).
  // Default: false
  bool network = false;
};

// True for a Debian package name as ConfigureSettings::packages allows it.
bool IsDebianPackageName(std::string_view name);

// The section as `config` holds it; defaults without one. InvalidArgument naming the key
// ("<origin>: configure.packages: ...") otherwise.
core::Result<ConfigureSettings> ParseConfigureSection(const core::Config& config);

}  // namespace nova::app
