// BlameCache: what git blame said about single lines of a file (committed, commit time,
// author), kept in one directory per rule and keyed by the file, its content hash, the HEAD it
// was blamed from and the build, so a line is blamed once per content and history. Entries are
// written atomically; a damaged one is a miss. Each call uses its own file: thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "nova-core/git/repository.h"
#include "nova-core/status.h"

namespace nova::analyzers {

struct BlameKey {
  std::string file;          // absolute path
  std::string content_hash;  // ContentHash of the content blamed
  std::string head;          // the commit the blame walked from
};

class BlameCache {
 public:
  static constexpr int kFormatVersion = 1;

  // `dir` need not exist yet (Store creates it).
  BlameCache(std::filesystem::path dir, std::string build_identity)
      : dir_(std::move(dir)), build_identity_(std::move(build_identity)) {}

  // The stored blame of each line in `lines` (1-based), or nullopt when there is no usable
  // entry for `key` or it lacks one of them.
  std::optional<std::map<int, core::git::BlameLine>> Lookup(const BlameKey& key,
                                                            const std::set<int>& lines) const;
  // Writes `lines` as the entry of `key`, replacing what it held. A failure is returned for
  // the caller to report; the blame stays valid without it.
  core::Status Store(const BlameKey& key, const std::map<int, core::git::BlameLine>& lines) const;

 private:
  std::string EntryKey(const BlameKey& key) const;
  std::filesystem::path EntryPath(const std::string& entry_key) const;

  const std::filesystem::path dir_;
  const std::string build_identity_;
};

}  // namespace nova::analyzers
