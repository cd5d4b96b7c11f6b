// TuCache: each translation unit's analysis result, stored under .nova/cache/ and reused while
// nothing it read has changed. An entry's key digests the TU's compile command, the build of the
// analysis code and the analysis configuration; the entry lists every file the TU read with its content hash, and is fresh only
// while each hash still matches. Entries carry a format version, are written atomically (temp
// file + rename) so concurrent runs never see half an entry, and a corrupt or foreign entry is
// ignored (and later overwritten), never trusted. Thread-safe: workers share one instance.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/libclang/compile_db.h"
#include "nova-core/finding.h"

namespace nova::analyzers {

// What one parse of one TU produced, as stored.
struct TuRecord {
  std::vector<core::Finding> findings;       // reported by this TU (main file + claimed headers)
  std::vector<std::string> claimed_headers;  // project headers whose findings this TU reported
  // Every file the TU read (main file and all inclusions, absolute) with its content hash.
  std::vector<std::pair<std::string, std::string>> inputs;
  int error_count = 0;      // compile errors in the TU
  std::string first_error;  // "file:line: message" of the first, when error_count > 0
  // Facts for project-level rules: rule id -> JSON array of the facts this TU's walk recorded
  // (main file + claimed headers), in walk order. See Rule::AnalyzeProject.
  std::map<std::string, nlohmann::json> facts;
};

struct TuCacheStats {
  int hits = 0;
  int misses = 0;   // no entry
  int stale = 0;    // an input changed
  int corrupt = 0;  // unreadable, malformed, or another format version
};

class TuCache {
 public:
  static constexpr int kFormatVersion = 4;

  // Opens (creating) `dir`. Both `build_identity` (which build of the analysis code: see
  // BuildIdentity()) and `config_digest` (enabled rules, rule options, exclude globs) are part of
  // every entry's key: an entry written under another build or configuration is never found.
  // `overlay` maps absolute paths to content that replaces the file on disk (as the analysis
  // sees it).
  static core::Result<std::unique_ptr<TuCache>> Open(
      const std::filesystem::path& dir, std::string build_identity, std::string config_digest,
      std::map<std::string, std::string> overlay = {});

  // The stored record when an entry exists, is well-formed, has the current format and every
  // input's content hash still matches; nullopt otherwise (counted in stats()).
  std::optional<TuRecord> Lookup(const libclang::CompileCommand& command);
  // The record as stored, without checking that its inputs are unchanged and without counting
  // in stats(): for deciding which TUs can be skipped. nullopt when there is no usable entry.
  std::optional<TuRecord> Peek(const libclang::CompileCommand& command);
  // Writes the entry atomically. A failure is returned for the caller to report; the analysis
  // result stays valid without it.
  core::Status Store(const libclang::CompileCommand& command, const TuRecord& record);
  // Content hash (32 hex digits) of a file as the analysis sees it (overlay first), memoized for
  // the life of this instance. NotFound when the file cannot be read.
  core::Result<std::string> HashFile(const std::string& path);

  TuCacheStats stats() const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  TuCache(std::filesystem::path dir, std::string build_identity, std::string config_digest,
          std::map<std::string, std::string> overlay)
      : dir_(std::move(dir)),
        build_identity_(std::move(build_identity)),
        config_digest_(std::move(config_digest)),
        overlay_(std::move(overlay)) {}
  std::string KeyOf(const libclang::CompileCommand& command) const;
  // Reads and checks format, key and command; nullopt (and `corrupt` set) when unusable.
  std::optional<TuRecord> Read(const libclang::CompileCommand& command, bool& corrupt);

  const std::filesystem::path dir_;
  const std::string build_identity_;
  const std::string config_digest_;
  const std::map<std::string, std::string> overlay_;
  std::mutex hashes_mutex_;
  std::map<std::string, std::string> hashes_;  // guarded by hashes_mutex_
  std::atomic<int> hits_{0}, misses_{0}, stale_{0}, corrupt_{0};
};

}  // namespace nova::analyzers
