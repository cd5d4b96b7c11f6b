#include "nova-core/history/history_store.h"

#include <sqlite3.h>

#include <array>
#include <string>

#include <nlohmann/json.hpp>

namespace nova::core::history {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Migration k takes a database at user_version k to k + 1; version 0 is an empty file.
constexpr std::array<const char*, HistoryStore::kSchemaVersion> kMigrations = {
    // 0 -> 1: runs and their findings per rule and severity.
    "CREATE TABLE runs(id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL,"
    " commit_id TEXT NOT NULL, target TEXT NOT NULL, duration_s REAL NOT NULL,"
    " status TEXT NOT NULL);"
    "CREATE TABLE findings(run_id INTEGER NOT NULL REFERENCES runs(id), rule TEXT NOT NULL,"
    " severity TEXT NOT NULL, count INTEGER NOT NULL);",
    // 1 -> 2: hotspots, patches, and the problems of a run.
    "ALTER TABLE runs ADD COLUMN problems TEXT NOT NULL DEFAULT '[]';"
    "CREATE TABLE hotspots(run_id INTEGER NOT NULL REFERENCES runs(id), path TEXT NOT NULL,"
    " lines INTEGER NOT NULL, churn INTEGER NOT NULL, score REAL NOT NULL);"
    "CREATE TABLE patches(run_id INTEGER NOT NULL REFERENCES runs(id), seq INTEGER NOT NULL,"
    " id TEXT NOT NULL, rule TEXT NOT NULL, branch TEXT NOT NULL, findings INTEGER NOT NULL,"
    " files TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL, log TEXT NOT NULL,"
    " hotspot_score REAL NOT NULL);",
};

std::string Quote(const fs::path& file) { return file.string(); }

// A statement and its handle, finalized on every path.
struct StmtCloser {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtCloser>;

Status SqlError(sqlite3* db, const fs::path& file, const std::string& what) {
  const int code = sqlite3_errcode(db);
  const std::string message = std::string(sqlite3_errmsg(db));
  if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
    return FailedPreconditionError(Quote(file) + ": not a readable Nova history database (" +
                                   message +
                                   "); move it away and the next run starts a new "
                                   "history");
  }
  return InternalError(Quote(file) + ": " + what + ": " + message);
}

Result<Stmt> Prepare(sqlite3* db, const fs::path& file, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return SqlError(db, file, "cannot prepare '" + sql.substr(0, 40) + "'");
  }
  return Stmt(raw);
}

Status Exec(sqlite3* db, const fs::path& file, const std::string& sql) {
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqlError(db, file, "cannot run '" + sql.substr(0, 40) + "'");
  }
  return Status::Ok();
}

// One write transaction: committed by Commit(), rolled back when it goes out of scope first.
class Transaction {
 public:
  Transaction(sqlite3* db, const fs::path& file) : db_(db), file_(file) {}
  ~Transaction() {
    if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Status Begin() {
    NOVA_RETURN_IF_ERROR(Exec(db_, file_, "BEGIN IMMEDIATE"));
    open_ = true;
    return Status::Ok();
  }
  Status Commit() {
    NOVA_RETURN_IF_ERROR(Exec(db_, file_, "COMMIT"));
    open_ = false;
    return Status::Ok();
  }

 private:
  sqlite3* db_;
  const fs::path& file_;
  bool open_ = false;
};

void BindText(sqlite3_stmt* stmt, int index, const std::string& text) {
  sqlite3_bind_text(stmt, index, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string ColumnText(sqlite3_stmt* stmt, int column) {
  const unsigned char* text = sqlite3_column_text(stmt, column);
  return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text));
}

// Runs a prepared insert once: SQLITE_DONE or an error.
Status StepDone(sqlite3* db, const fs::path& file, sqlite3_stmt* stmt, const std::string& what) {
  if (sqlite3_step(stmt) != SQLITE_DONE) return SqlError(db, file, what);
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  return Status::Ok();
}

Result<int> UserVersion(sqlite3* db, const fs::path& file) {
  NOVA_ASSIGN_OR_RETURN(Stmt stmt, Prepare(db, file, "PRAGMA user_version"));
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) return SqlError(db, file, "cannot read the version");
  return sqlite3_column_int(stmt.get(), 0);
}

Status Migrate(sqlite3* db, const fs::path& file) {
  NOVA_ASSIGN_OR_RETURN(int version, UserVersion(db, file));
  if (version > HistoryStore::kSchemaVersion) {
    return FailedPreconditionError(
        Quote(file) + ": history database version " + std::to_string(version) +
        " is newer than this Nova reads (" + std::to_string(HistoryStore::kSchemaVersion) +
        "); run a newer Nova, or move the file away to start a new history");
  }
  for (; version < HistoryStore::kSchemaVersion; ++version) {
    Transaction transaction(db, file);
    NOVA_RETURN_IF_ERROR(transaction.Begin());
    NOVA_RETURN_IF_ERROR(Exec(db, file, kMigrations[version]));
    NOVA_RETURN_IF_ERROR(Exec(db, file, "PRAGMA user_version = " + std::to_string(version + 1)));
    NOVA_RETURN_IF_ERROR(transaction.Commit());
  }
  return Status::Ok();
}

// The hotspots and patches of run `id`, inside the caller's transaction.
Status RecordDetails(sqlite3* db, const fs::path& file, std::int64_t id, const RunRecord& run) {
  NOVA_ASSIGN_OR_RETURN(Stmt hotspot,
                        Prepare(db, file,
                                "INSERT INTO hotspots(run_id, path, lines, churn, score) "
                                "VALUES(?, ?, ?, ?, ?)"));
  for (const FileHotspot& spot : run.hotspots) {
    sqlite3_bind_int64(hotspot.get(), 1, id);
    BindText(hotspot.get(), 2, spot.path);
    sqlite3_bind_int(hotspot.get(), 3, spot.lines);
    sqlite3_bind_int(hotspot.get(), 4, spot.churn);
    sqlite3_bind_double(hotspot.get(), 5, spot.score);
    NOVA_RETURN_IF_ERROR(StepDone(db, file, hotspot.get(), "cannot record hotspots"));
  }
  NOVA_ASSIGN_OR_RETURN(Stmt patch,
                        Prepare(db, file,
                                "INSERT INTO patches(run_id, seq, id, rule, branch, findings, "
                                "files, state, reason, log, hotspot_score) "
                                "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  int seq = 0;
  for (const PatchRecord& p : run.patches) {
    sqlite3_bind_int64(patch.get(), 1, id);
    sqlite3_bind_int(patch.get(), 2, seq++);
    BindText(patch.get(), 3, p.id);
    BindText(patch.get(), 4, p.rule);
    BindText(patch.get(), 5, p.branch);
    sqlite3_bind_int(patch.get(), 6, p.findings);
    BindText(patch.get(), 7, json(p.files).dump());
    BindText(patch.get(), 8, p.state);
    BindText(patch.get(), 9, p.reason);
    BindText(patch.get(), 10, p.log);
    sqlite3_bind_double(patch.get(), 11, p.hotspot_score);
    NOVA_RETURN_IF_ERROR(StepDone(db, file, patch.get(), "cannot record patches"));
  }
  return Status::Ok();
}

}  // namespace

void HistoryStore::DbCloser::operator()(sqlite3* db) const { sqlite3_close(db); }

HistoryStore::HistoryStore(std::unique_ptr<sqlite3, DbCloser> db, fs::path file)
    : db_(std::move(db)), file_(std::move(file)) {}
HistoryStore::HistoryStore(HistoryStore&&) noexcept = default;
HistoryStore& HistoryStore::operator=(HistoryStore&&) noexcept = default;
HistoryStore::~HistoryStore() = default;

Result<HistoryStore> HistoryStore::Open(const fs::path& file) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, DbCloser> db(raw);
  if (rc != SQLITE_OK) {
    return UnavailableError(Quote(file) + ": cannot open: " +
                            (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), 5000);
  NOVA_RETURN_IF_ERROR(Exec(db.get(), file, "PRAGMA foreign_keys = ON"));
  NOVA_RETURN_IF_ERROR(Migrate(db.get(), file));
  return HistoryStore(std::move(db), file);
}

Result<std::int64_t> HistoryStore::Record(const RunRecord& run) const {
  sqlite3* db = db_.get();
  Transaction transaction(db, file_);
  NOVA_RETURN_IF_ERROR(transaction.Begin());
  NOVA_ASSIGN_OR_RETURN(Stmt insert_run,
                        Prepare(db, file_,
                                "INSERT INTO runs(started_at, commit_id, target, duration_s, "
                                "status, problems) VALUES(?, ?, ?, ?, ?, ?)"));
  BindText(insert_run.get(), 1, run.started_at);
  BindText(insert_run.get(), 2, run.commit);
  BindText(insert_run.get(), 3, run.target);
  sqlite3_bind_double(insert_run.get(), 4, run.duration_s);
  BindText(insert_run.get(), 5, run.status);
  BindText(insert_run.get(), 6, json(run.problems).dump());
  NOVA_RETURN_IF_ERROR(StepDone(db, file_, insert_run.get(), "cannot record the run"));
  const std::int64_t id = sqlite3_last_insert_rowid(db);

  NOVA_ASSIGN_OR_RETURN(
      Stmt finding,
      Prepare(db, file_, "INSERT INTO findings(run_id, rule, severity, count) VALUES(?, ?, ?, ?)"));
  for (const RuleCount& count : run.findings) {
    sqlite3_bind_int64(finding.get(), 1, id);
    BindText(finding.get(), 2, count.rule);
    BindText(finding.get(), 3, count.severity);
    sqlite3_bind_int(finding.get(), 4, count.count);
    NOVA_RETURN_IF_ERROR(StepDone(db, file_, finding.get(), "cannot record findings"));
  }
  NOVA_RETURN_IF_ERROR(RecordDetails(db, file_, id, run));
  NOVA_RETURN_IF_ERROR(transaction.Commit());
  return id;
}

namespace {

std::vector<std::string> JsonStrings(const std::string& text) {
  const json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> out;
  if (!value.is_array()) return out;
  for (const json& item : value) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

Result<RunRecord> HistoryStore::ReadRun(std::int64_t id) const {
  sqlite3* db = db_.get();
  NOVA_ASSIGN_OR_RETURN(Stmt run_stmt,
                        Prepare(db, file_,
                                "SELECT started_at, commit_id, target, duration_s, status, "
                                "problems FROM runs WHERE id = ?"));
  sqlite3_bind_int64(run_stmt.get(), 1, id);
  if (sqlite3_step(run_stmt.get()) != SQLITE_ROW) {
    return NotFoundError(Quote(file_) + ": no run " + std::to_string(id));
  }
  RunRecord run;
  run.id = id;
  run.started_at = ColumnText(run_stmt.get(), 0);
  run.commit = ColumnText(run_stmt.get(), 1);
  run.target = ColumnText(run_stmt.get(), 2);
  run.duration_s = sqlite3_column_double(run_stmt.get(), 3);
  run.status = ColumnText(run_stmt.get(), 4);
  run.problems = JsonStrings(ColumnText(run_stmt.get(), 5));

  NOVA_ASSIGN_OR_RETURN(Stmt findings, Prepare(db, file_,
                                               "SELECT rule, severity, count FROM findings "
                                               "WHERE run_id = ? ORDER BY rule, severity"));
  sqlite3_bind_int64(findings.get(), 1, id);
  while (sqlite3_step(findings.get()) == SQLITE_ROW) {
    run.findings.push_back({ColumnText(findings.get(), 0), ColumnText(findings.get(), 1),
                            sqlite3_column_int(findings.get(), 2)});
  }
  NOVA_ASSIGN_OR_RETURN(Stmt hotspots, Prepare(db, file_,
                                               "SELECT path, lines, churn, score FROM hotspots "
                                               "WHERE run_id = ? ORDER BY score DESC, path"));
  sqlite3_bind_int64(hotspots.get(), 1, id);
  while (sqlite3_step(hotspots.get()) == SQLITE_ROW) {
    run.hotspots.push_back({ColumnText(hotspots.get(), 0), sqlite3_column_int(hotspots.get(), 1),
                            sqlite3_column_int(hotspots.get(), 2),
                            sqlite3_column_double(hotspots.get(), 3)});
  }
  NOVA_ASSIGN_OR_RETURN(Stmt patches,
                        Prepare(db, file_,
                                "SELECT id, rule, branch, findings, files, state, reason, log, "
                                "hotspot_score FROM patches WHERE run_id = ? ORDER BY seq"));
  sqlite3_bind_int64(patches.get(), 1, id);
  while (sqlite3_step(patches.get()) == SQLITE_ROW) {
    PatchRecord p;
    p.id = ColumnText(patches.get(), 0);
    p.rule = ColumnText(patches.get(), 1);
    p.branch = ColumnText(patches.get(), 2);
    p.findings = sqlite3_column_int(patches.get(), 3);
    p.files = JsonStrings(ColumnText(patches.get(), 4));
    p.state = ColumnText(patches.get(), 5);
    p.reason = ColumnText(patches.get(), 6);
    p.log = ColumnText(patches.get(), 7);
    p.hotspot_score = sqlite3_column_double(patches.get(), 8);
    run.patches.push_back(std::move(p));
  }
  return run;
}

Result<std::vector<RunRecord>> HistoryStore::Last(int count) const {
  NOVA_ASSIGN_OR_RETURN(Stmt ids,
                        Prepare(db_.get(), file_, "SELECT id FROM runs ORDER BY id DESC LIMIT ?"));
  sqlite3_bind_int(ids.get(), 1, count);
  std::vector<std::int64_t> newest_first;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(ids.get())) == SQLITE_ROW) {
    newest_first.push_back(sqlite3_column_int64(ids.get(), 0));
  }
  if (rc != SQLITE_DONE) return SqlError(db_.get(), file_, "cannot list runs");
  std::vector<RunRecord> runs;
  for (auto it = newest_first.rbegin(); it != newest_first.rend(); ++it) {
    NOVA_ASSIGN_OR_RETURN(RunRecord run, ReadRun(*it));
    runs.push_back(std::move(run));
  }
  return runs;
}

Result<std::optional<RunRecord>> HistoryStore::Before(std::int64_t id) const {
  NOVA_ASSIGN_OR_RETURN(
      Stmt stmt,
      Prepare(db_.get(), file_, "SELECT id FROM runs WHERE id < ? ORDER BY id DESC LIMIT 1"));
  sqlite3_bind_int64(stmt.get(), 1, id);
  const int rc = sqlite3_step(stmt.get());
  if (rc == SQLITE_DONE) return std::optional<RunRecord>();
  if (rc != SQLITE_ROW) return SqlError(db_.get(), file_, "cannot read the previous run");
  NOVA_ASSIGN_OR_RETURN(RunRecord run, ReadRun(sqlite3_column_int64(stmt.get(), 0)));
  return std::optional<RunRecord>(std::move(run));
}

}  // namespace nova::core::history
