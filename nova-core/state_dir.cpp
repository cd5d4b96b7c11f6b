#include "nova-core/state_dir.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>

#include "nova-core/trace.h"

namespace nova::core {

Result<std::filesystem::path> EnsureStateDir(const std::filesystem::path& root) {
  const std::filesystem::path dir = std::filesystem::absolute(root / ".nova");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return UnavailableError("cannot create " + dir.string() + ": " + ec.message());
  const std::filesystem::path ignore = dir / ".gitignore";
  if (!std::filesystem::exists(ignore, ec)) {
    std::ofstream out(ignore);
    out << "*\n";
    if (!out) return UnavailableError("cannot write " + ignore.string());
  }
  return dir;
}

Result<std::filesystem::path> CreateRunDir(const std::filesystem::path& root) {
  NOVA_ASSIGN_OR_RETURN(std::filesystem::path state, EnsureStateDir(root));
  std::string stamp = FormatUtcTimestamp(std::chrono::system_clock::now());
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  const std::filesystem::path dir = state / "runs" / (stamp + "-" + std::to_string(getpid()));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return UnavailableError("cannot create " + dir.string() + ": " + ec.message());
  return dir;
}

}  // namespace nova::core
