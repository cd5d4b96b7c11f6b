#include "analyzers/tu_selection.h"

#include <algorithm>
#include <system_error>
#include <utility>

namespace nova::analyzers {

std::uint64_t StableHash(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

bool InShard(const std::filesystem::path& file, const std::filesystem::path& root,
             int shard_index, int shard_count) {
  if (shard_count <= 1) return true;
  std::string relative = file.lexically_relative(root).generic_string();
  if (relative.empty()) relative = file.generic_string();
  return StableHash(relative) % static_cast<std::uint64_t>(shard_count) ==
         static_cast<std::uint64_t>(shard_index - 1);
}

void OrderLargestFirst(std::vector<const libclang::CompileCommand*>& commands,
                       const std::map<std::string, std::string>& overlay) {
  std::vector<std::pair<std::uintmax_t, const libclang::CompileCommand*>> sized;
  sized.reserve(commands.size());
  for (const libclang::CompileCommand* command : commands) {
    std::uintmax_t size = 0;
    if (auto it = overlay.find(command->file.string()); it != overlay.end()) {
      size = it->second.size();
    } else {
      std::error_code error;
      size = std::filesystem::file_size(command->file, error);
      if (error) size = 0;
    }
    sized.emplace_back(size, command);
  }
  std::sort(sized.begin(), sized.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return a.second->file < b.second->file;
  });
  for (std::size_t i = 0; i < sized.size(); ++i) commands[i] = sized[i].second;
}

}  // namespace nova::analyzers
