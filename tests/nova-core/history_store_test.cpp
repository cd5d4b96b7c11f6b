// HistoryStore on real SQLite files in a temp dir: what is recorded reads back equal, the trend
// comes oldest first, a version-1 file written with SQLite directly is migrated, and a damaged
// or newer file is a clear error naming it.
#include "nova-core/history/history_store.h"
#include "nova-core/history/run_record_json.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "support/test_support.h"

namespace nova::core::history {
namespace {

using nova::testing::TempDir;
using nova::testing::WriteFile;

RunRecord SampleRun(const std::string& started_at, int nulls) {
  RunRecord run;
  run.started_at = started_at;
  run.commit = std::string(40, 'a');
  run.target = "nova/nightly";
  run.duration_s = 12.5;
  run.status = "ok";
  run.findings = {{"stale-todo", "warning", 1}, {"use-nullptr", "warning", nulls}};
  run.hotspots = {{"src/hot.cpp", 40, 6, 18.0}, {"src/cold.cpp", 10, 1, 2.0}};
  PatchRecord merged;
  merged.id = "0123456789";
  merged.rule = "use-nullptr";
  merged.branch = "nova/use-nullptr/0123456789";
  merged.findings = nulls;
  merged.files = {"src/hot.cpp"};
  merged.state = "merged";
  merged.log = "use-nullptr.log";
  merged.hotspot_score = 18.0;
  PatchRecord rejected = merged;
  rejected.id = "abcdefabcd";
  rejected.branch = "nova/use-nullptr/abcdefabcd";
  rejected.state = "rejected";
  rejected.reason = "exit status 1 in test";
  run.patches = {merged, rejected};
  run.problems = {"budget spent"};
  return run;
}

// Runs `sql` on `file` with SQLite itself, as an older Nova would have.
void RunSql(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error != nullptr ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

int UserVersion(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr);
  sqlite3_step(stmt);
  const int version = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return version;
}

TEST(HistoryStoreTest, ARecordedRunReadsBackEqual) {
  TempDir dir;
  const auto file = dir.path() / "history.sqlite";
  auto store = HistoryStore::Open(file);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  RunRecord run = SampleRun("2026-11-20T02:00:00Z", 3);
  auto id = store->Record(run);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_GT(*id, 0);
  EXPECT_EQ(UserVersion(file), HistoryStore::kSchemaVersion);

  // A second process opening the file sees the same.
  auto reopened = HistoryStore::Open(file);
  ASSERT_TRUE(reopened.ok());
  auto runs = reopened->Last(14);
  ASSERT_TRUE(runs.ok()) << runs.status().ToString();
  ASSERT_EQ(runs->size(), 1u);
  run.id = *id;
  EXPECT_EQ((*runs)[0], run);
}

TEST(HistoryStoreTest, TheTrendIsTheLastRunsOldestFirst) {
  TempDir dir;
  auto store = HistoryStore::Open(dir.path() / "history.sqlite");
  ASSERT_TRUE(store.ok());
  std::vector<std::int64_t> ids;
  for (int night = 1; night <= 5; ++night) {
    auto id = store->Record(SampleRun("2026-11-0" + std::to_string(night) + "T02:00:00Z", night));
    ASSERT_TRUE(id.ok());
    ids.push_back(*id);
  }
  auto last = store->Last(3);
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->size(), 3u);
  EXPECT_EQ((*last)[0].id, ids[2]);
  EXPECT_EQ((*last)[2].id, ids[4]);
  EXPECT_EQ((*last)[0].started_at, "2026-11-03T02:00:00Z");
  EXPECT_EQ((*last)[2].findings[1].count, 5);

  auto before = store->Before(ids[2]);
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(before->has_value());
  EXPECT_EQ((*before)->id, ids[1]);
  auto none = store->Before(ids[0]);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(HistoryStoreTest, AVersionOneFileIsMigratedKeepingItsRuns) {
  TempDir dir;
  const auto file = dir.path() / "history.sqlite";
  // Version 1 as the first nightly Nova wrote it: runs and findings only.
  RunSql(file,
         "CREATE TABLE runs(id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL,"
         " commit_id TEXT NOT NULL, target TEXT NOT NULL, duration_s REAL NOT NULL,"
         " status TEXT NOT NULL);"
         "CREATE TABLE findings(run_id INTEGER NOT NULL REFERENCES runs(id), rule TEXT NOT NULL,"
         " severity TEXT NOT NULL, count INTEGER NOT NULL);"
         "INSERT INTO runs VALUES(1, '2026-10-01T02:00:00Z', 'c0ffee', 'main', 3.0, 'ok');"
         "INSERT INTO findings VALUES(1, 'use-nullptr', 'warning', 7);"
         "PRAGMA user_version = 1;");
  ASSERT_EQ(UserVersion(file), 1);

  auto store = HistoryStore::Open(file);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(UserVersion(file), 2);
  auto runs = store->Last(14);
  ASSERT_TRUE(runs.ok()) << runs.status().ToString();
  ASSERT_EQ(runs->size(), 1u);
  const RunRecord& old = (*runs)[0];
  EXPECT_EQ(old.id, 1);
  EXPECT_EQ(old.commit, "c0ffee");
  EXPECT_EQ(old.findings, (std::vector<RuleCount>{{"use-nullptr", "warning", 7}}));
  EXPECT_TRUE(old.patches.empty());
  EXPECT_TRUE(old.problems.empty());
  // The migrated file takes what version 2 adds.
  auto id = store->Record(SampleRun("2026-10-02T02:00:00Z", 2));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto both = store->Last(14);
  ASSERT_TRUE(both.ok());
  ASSERT_EQ(both->size(), 2u);
  EXPECT_EQ((*both)[1].patches.size(), 2u);
  EXPECT_EQ((*both)[1].hotspots[0].path, "src/hot.cpp");
}

TEST(HistoryStoreTest, ADamagedFileIsAnErrorNamingItAndWhatToDo) {
  TempDir dir;
  const auto file = dir.path() / "history.sqlite";
  WriteFile(file, std::string(4096, 'x'));
  auto store = HistoryStore::Open(file);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find(file.string()), std::string::npos)
      << store.status().message();
  EXPECT_NE(store.status().message().find("move it away"), std::string::npos)
      << store.status().message();
}

TEST(HistoryStoreTest, AFileFromANewerNovaIsRefusedUntouched) {
  TempDir dir;
  const auto file = dir.path() / "history.sqlite";
  RunSql(file, "CREATE TABLE future(x); PRAGMA user_version = 99;");
  auto store = HistoryStore::Open(file);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find(file.string() + ": history database version 99 is "
                                                          "newer than this Nova reads (2)"),
            std::string::npos)
      << store.status().message();
  EXPECT_EQ(UserVersion(file), 99);
}

TEST(RunRecordJsonTest, ARecordSurvivesJsonAndAMissingFieldIsNamed) {
  RunRecord run = SampleRun("2026-11-20T02:00:00Z", 3);
  run.id = 7;
  auto back = RunRecordFromJson(RunRecordToJson(run));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, run);
  nlohmann::json broken = RunRecordToJson(run);
  broken.erase("commit");
  auto refused = RunRecordFromJson(broken);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("commit"), std::string::npos)
      << refused.status().message();
}

}  // namespace
}  // namespace nova::core::history
