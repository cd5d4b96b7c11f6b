#include "analyzers/cache/tu_cache.h"

#include <fstream>

#include "analyzers/cache/entry_io.h"
#include "nova-core/file_io.h"

#include <nlohmann/json.hpp>

namespace nova::analyzers {
namespace {

using nlohmann::json;

json CommandJson(const libclang::CompileCommand& command) {
  return {{"file", command.file.string()},
          {"directory", command.directory.string()},
          {"argv", command.argv}};
}

json FindingJson(const core::Finding& f) {
  json fix = json::array();
  for (const core::Edit& e : f.fix) {
    fix.push_back({{"file", e.file},
                   {"offset", e.offset},
                   {"length", e.length},
                   {"replacement", e.replacement}});
  }
  return {{"rule", f.rule},
          {"severity", core::SeverityName(f.severity)},
          {"file", f.file},
          {"line", f.line},
          {"column", f.column},
          {"end_line", f.end_line},
          {"end_column", f.end_column},
          {"message", f.message},
          {"snippet", f.snippet},
          {"symbol", f.symbol},
          {"fix", fix},
          {"details", f.details}};
}

// Throws json::exception on any malformed field; the caller treats that as a corrupt entry.
core::Finding FindingFromJson(const json& j) {
  core::Finding f;
  f.rule = j.at("rule").get<std::string>();
  auto severity = core::ParseSeverity(j.at("severity").get<std::string>());
  if (!severity.ok()) throw json::other_error::create(501, "bad severity", nullptr);
  f.severity = *severity;
  f.file = j.at("file").get<std::string>();
  f.line = j.at("line").get<int>();
  f.column = j.at("column").get<int>();
  f.end_line = j.at("end_line").get<int>();
  f.end_column = j.at("end_column").get<int>();
  f.message = j.at("message").get<std::string>();
  f.snippet = j.at("snippet").get<std::string>();
  f.symbol = j.at("symbol").get<std::string>();
  f.details = j.at("details").get<std::string>();
  for (const json& e : j.at("fix")) {
    f.fix.push_back({e.at("file").get<std::string>(), e.at("offset").get<std::uint64_t>(),
                     e.at("length").get<std::uint64_t>(), e.at("replacement").get<std::string>()});
  }
  return f;
}

std::filesystem::path EntryPath(const std::filesystem::path& dir, const std::string& key) {
  return dir / key.substr(0, 2) / (key + ".json");
}

}  // namespace

core::Result<std::unique_ptr<TuCache>> TuCache::Open(const std::filesystem::path& dir,
                                                     std::string build_identity,
                                                     std::string config_digest,
                                                     std::map<std::string, std::string> overlay) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return core::UnavailableError("cannot create cache directory " + dir.string() + ": " +
                                  ec.message());
  return std::unique_ptr<TuCache>(
      new TuCache(std::filesystem::absolute(dir), std::move(build_identity),
                  std::move(config_digest), std::move(overlay)));
}

std::string TuCache::KeyOf(const libclang::CompileCommand& command) const {
  const std::string material = std::to_string(kFormatVersion) + '\0' + build_identity_ + '\0' +
                               config_digest_ + '\0' + CommandJson(command).dump();
  return ContentHash(material);
}

core::Result<std::string> TuCache::HashFile(const std::string& path) {
  {
    std::lock_guard<std::mutex> lock(hashes_mutex_);
    if (auto it = hashes_.find(path); it != hashes_.end()) return it->second;
  }
  std::string hash;
  if (auto it = overlay_.find(path); it != overlay_.end()) {
    hash = ContentHash(it->second);
  } else {
    auto content = core::ReadWholeFile(path);
    if (!content.ok()) return core::NotFoundError(content.status().message());
    hash = ContentHash(*content);
  }
  std::lock_guard<std::mutex> lock(hashes_mutex_);
  hashes_.emplace(path, hash);
  return hash;
}

std::optional<TuRecord> TuCache::Read(const libclang::CompileCommand& command, bool& corrupt) {
  corrupt = false;
  const std::string key = KeyOf(command);
  std::ifstream in(EntryPath(dir_, key), std::ios::binary);
  if (!in) return std::nullopt;
  TuRecord record;
  try {
    const json entry = json::parse(in);
    if (entry.at("format").get<int>() != kFormatVersion ||
        entry.at("key").get<std::string>() != key || entry.at("command") != CommandJson(command)) {
      corrupt = true;
      return std::nullopt;
    }
    for (const json& input : entry.at("inputs")) {
      record.inputs.emplace_back(input.at(0).get<std::string>(), input.at(1).get<std::string>());
    }
    for (const json& f : entry.at("findings")) record.findings.push_back(FindingFromJson(f));
    record.claimed_headers = entry.at("claimed_headers").get<std::vector<std::string>>();
    record.error_count = entry.at("error_count").get<int>();
    record.first_error = entry.at("first_error").get<std::string>();
    for (const auto& [rule, facts] : entry.at("facts").items()) {
      if (!facts.is_array()) throw json::type_error::create(302, "facts must be an array", nullptr);
      record.facts.emplace(rule, facts);
    }
  } catch (const json::exception&) {
    corrupt = true;
    return std::nullopt;
  }
  if (record.inputs.empty()) {  // an entry that cannot be validated is never trusted
    corrupt = true;
    return std::nullopt;
  }
  return record;
}

std::optional<TuRecord> TuCache::Peek(const libclang::CompileCommand& command) {
  bool corrupt = false;
  return Read(command, corrupt);
}

std::optional<TuRecord> TuCache::Lookup(const libclang::CompileCommand& command) {
  bool corrupt = false;
  std::optional<TuRecord> record = Read(command, corrupt);
  if (!record) {
    ++(corrupt ? corrupt_ : misses_);
    return std::nullopt;
  }
  for (const auto& [path, hash] : record->inputs) {
    auto now = HashFile(path);
    if (!now.ok() || *now != hash) {
      ++stale_;
      return std::nullopt;
    }
  }
  ++hits_;
  return record;
}

core::Status TuCache::Store(const libclang::CompileCommand& command, const TuRecord& record) {
  if (record.inputs.empty()) {
    return core::InvalidArgumentError("refusing to cache " + command.file.string() +
                                      " without its inputs");
  }
  const std::string key = KeyOf(command);
  json entry = {{"format", kFormatVersion},          {"key", key},
                {"command", CommandJson(command)},   {"inputs", json::array()},
                {"findings", json::array()},         {"claimed_headers", record.claimed_headers},
                {"error_count", record.error_count}, {"first_error", record.first_error},
                {"facts", json::object()}};
  for (const auto& [rule, facts] : record.facts) entry["facts"][rule] = facts;
  for (const auto& [path, hash] : record.inputs) entry["inputs"].push_back({path, hash});
  for (const core::Finding& f : record.findings) entry["findings"].push_back(FindingJson(f));

  // non-UTF-8 sources must not throw
  return WriteEntryAtomically(EntryPath(dir_, key),
                              entry.dump(-1, ' ', false, json::error_handler_t::replace));
}

TuCacheStats TuCache::stats() const {
  return {hits_.load(), misses_.load(), stale_.load(), corrupt_.load()};
}

}  // namespace nova::analyzers
