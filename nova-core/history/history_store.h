// HistoryStore: Nova's one adapter over SQLite, holding the nightly runs (RunRecord) in
// `.nova/history.sqlite`. Owns the sqlite3 handle (RAII), turns SQLite's codes into Status,
// writes each run in one transaction and migrates older schemas (PRAGMA user_version) on open.
// Not thread-safe: one HistoryStore per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "nova-core/history/run_record.h"
#include "nova-core/result.h"

struct sqlite3;

namespace nova::core::history {

inline constexpr char kHistoryFileName[] = "history.sqlite";  // inside .nova/

class HistoryStore {
 public:
  // The schema this Nova writes. 1: runs and findings; 2: hotspots, patches and problems.
  static constexpr int kSchemaVersion = 2;

  // Opens (creating when missing) the database at `file` and migrates it to kSchemaVersion.
  // FailedPrecondition, naming the file and what to do, when it is not a SQLite database, is
  // damaged, or was written by a newer Nova (a higher user_version).
  static Result<HistoryStore> Open(const std::filesystem::path& file);

  HistoryStore(HistoryStore&&) noexcept;
  HistoryStore& operator=(HistoryStore&&) noexcept;
  ~HistoryStore();

  // Stores `run` (its id is ignored) in one transaction; returns the id assigned.
  Result<std::int64_t> Record(const RunRecord& run) const;
  // The last `count` runs, oldest first, with their findings, hotspots and patches.
  Result<std::vector<RunRecord>> Last(int count) const;
  // The run recorded just before run `id`, if any.
  Result<std::optional<RunRecord>> Before(std::int64_t id) const;

  const std::filesystem::path& file() const { return file_; }

 private:
  struct DbCloser {
    void operator()(sqlite3* db) const;
  };
  HistoryStore(std::unique_ptr<sqlite3, DbCloser> db, std::filesystem::path file);
  Result<RunRecord> ReadRun(std::int64_t id) const;

  std::unique_ptr<sqlite3, DbCloser> db_;
  std::filesystem::path file_;
};

}  // namespace nova::core::history
