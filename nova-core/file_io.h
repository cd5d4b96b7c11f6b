// ReadWholeFile: a file's bytes as one string, with the one error message every module uses.
// Thread-safe.
#pragma once

#include <filesystem>
#include <string>

#include "nova-core/result.h"

namespace nova::core {

// NotFound ("cannot read PATH: no such file") when it does not exist, Unavailable when it
// exists but cannot be read.
Result<std::string> ReadWholeFile(const std::filesystem::path& path);

}  // namespace nova::core
