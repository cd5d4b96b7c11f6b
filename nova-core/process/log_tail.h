// LogTail: the end of a process's log file, for messages and verdicts that quote what a command
// printed last. Reads the file once; thread-safe.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace nova::core {

// The last `max_lines` lines of a file, reading at most its last `max_bytes`.
// Default: 40 lines, 64 KiB.
std::string LogTail(const std::filesystem::path& path, int max_lines = 40,
                    std::size_t max_bytes = 64 * 1024);

}  // namespace nova::core
