#include "nova-core/process/log_tail.h"

#include <fstream>

namespace nova::core {

std::string LogTail(const std::filesystem::path& path, int max_lines, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  const std::streamoff start =
      size > static_cast<std::streamoff>(max_bytes) ? size - static_cast<std::streamoff>(max_bytes)
                                                     : 0;
  in.seekg(start);
  std::string text(static_cast<std::size_t>(size - start), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));

  // Walk back over max_lines line ends (a final newline does not start a new line).
  std::size_t end = text.size();
  if (end > 0 && text[end - 1] == '\n') --end;
  std::size_t begin = end;
  int lines = 0;
  while (begin > 0) {
    if (text[begin - 1] == '\n' && ++lines == max_lines) break;
    --begin;
  }
  // A cut in the middle of a line (the byte bound) drops that partial line.
  if (begin == 0 && start > 0) {
    const std::size_t newline = text.find('\n');
    begin = newline == std::string::npos ? text.size() : newline + 1;
  }
  return text.substr(begin);
}

}  // namespace nova::core
