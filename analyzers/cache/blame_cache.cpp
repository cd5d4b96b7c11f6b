#include "analyzers/cache/blame_cache.h"

#include <nlohmann/json.hpp>

#include "analyzers/cache/entry_io.h"
#include "nova-core/file_io.h"

namespace nova::analyzers {

using nlohmann::json;

std::string BlameCache::EntryKey(const BlameKey& key) const {
  return ContentHash(std::to_string(kFormatVersion) + '\0' + build_identity_ + '\0' + key.file +
                     '\0' + key.content_hash + '\0' + key.head);
}

std::filesystem::path BlameCache::EntryPath(const std::string& entry_key) const {
  return dir_ / entry_key.substr(0, 2) / (entry_key + ".json");
}

std::optional<std::map<int, core::git::BlameLine>> BlameCache::Lookup(
    const BlameKey& key, const std::set<int>& lines) const {
  const std::string entry_key = EntryKey(key);
  core::Result<std::string> text = core::ReadWholeFile(EntryPath(entry_key));
  if (!text.ok()) return std::nullopt;
  std::map<int, core::git::BlameLine> found;
  try {
    const json entry = json::parse(*text);
    if (entry.at("format").get<int>() != kFormatVersion ||
        entry.at("key").get<std::string>() != entry_key ||
        entry.at("file").get<std::string>() != key.file) {
      return std::nullopt;
    }
    const json& stored = entry.at("lines");
    for (int line : lines) {
      auto it = stored.find(std::to_string(line));
      if (it == stored.end()) return std::nullopt;
      core::git::BlameLine blame;
      blame.committed = it->at(0).get<bool>();
      blame.time = it->at(1).get<std::int64_t>();
      blame.author = it->at(2).get<std::string>();
      found.emplace(line, std::move(blame));
    }
  } catch (const json::exception&) {
    return std::nullopt;  // unreadable: blamed again and overwritten
  }
  return found;
}

core::Status BlameCache::Store(const BlameKey& key,
                               const std::map<int, core::git::BlameLine>& lines) const {
  const std::string entry_key = EntryKey(key);
  json entry = {{"format", kFormatVersion}, {"key", entry_key},   {"file", key.file},
                {"head", key.head},         {"lines", json::object()}};
  for (const auto& [line, blame] : lines) {
    entry["lines"][std::to_string(line)] = {blame.committed, blame.time, blame.author};
  }
  return WriteEntryAtomically(EntryPath(entry_key),
                              entry.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace nova::analyzers
