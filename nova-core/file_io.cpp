#include "nova-core/file_io.h"

#include <fstream>
#include <sstream>

namespace nova::core {

Result<std::string> ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return NotFoundError("cannot read " + path.string() + ": no such file");
    return UnavailableError("cannot read " + path.string());
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return UnavailableError("cannot read " + path.string());
  return buffer.str();
}

}  // namespace nova::core
