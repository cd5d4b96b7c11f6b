#include "analyzers/cache/entry_io.h"

#include <unistd.h>
#include <xxhash.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <system_error>
#include <thread>

namespace nova::analyzers {

std::string ContentHash(std::string_view bytes) {
  const XXH128_hash_t hash = XXH3_128bits(bytes.data(), bytes.size());
  char hex[33];
  std::snprintf(hex, sizeof(hex), "%016llx%016llx", static_cast<unsigned long long>(hash.high64),
                static_cast<unsigned long long>(hash.low64));
  return hex;
}

core::Status WriteEntryAtomically(const std::filesystem::path& path, const std::string& content) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return core::UnavailableError("cannot create " + path.parent_path().string());
  // A name no other writer (thread or process) can pick, then an atomic rename over the entry.
  std::ostringstream tmp_name;
  tmp_name << path.filename().string() << ".tmp." << getpid() << "."
           << std::hash<std::thread::id>{}(std::this_thread::get_id()) << "."
           << std::random_device{}();
  const std::filesystem::path tmp_path = path.parent_path() / tmp_name.str();
  {
    std::ofstream out(tmp_path, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      std::filesystem::remove(tmp_path, ec);
      return core::UnavailableError("cannot write cache entry " + tmp_path.string());
    }
  }
  std::filesystem::rename(tmp_path, path, ec);
  if (ec) {
    std::filesystem::remove(tmp_path, ec);
    return core::UnavailableError("cannot move cache entry into place at " + path.string());
  }
  return core::Status::Ok();
}

}  // namespace nova::analyzers
