// What every cache entry of the analyzers needs (the TU cache and the blame cache): a content
// hash to name and validate entries, and an atomic write, so that concurrent runs never see half
// an entry. Thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "nova-core/status.h"

namespace nova::analyzers {

// XXH3-128 of `bytes` as 32 lowercase hex digits.
std::string ContentHash(std::string_view bytes);

// Writes `content` to `path` through a temporary file in the same directory (created if
// missing) and a rename over `path`: readers see the old entry or the new one, never a mix.
// Unavailable, naming the file, when it cannot be written.
core::Status WriteEntryAtomically(const std::filesystem::path& path, const std::string& content);

}  // namespace nova::analyzers
