#include "apps/progress_line.h"

#include <sys/ioctl.h>
#include <unistd.h>

namespace nova::app {
namespace {

std::size_t TerminalWidth(std::FILE* stream) {
  winsize size{};
  if (ioctl(fileno(stream), TIOCGWINSZ, &size) == 0 && size.ws_col > 20) return size.ws_col;
  return 80;
}

std::string Seconds(double s) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), s < 10 ? "%.1f s" : "%.0f s", s);
  return buffer;
}

}  // namespace

bool ProgressWanted(std::FILE* stream, bool quiet) { return !quiet && isatty(fileno(stream)) == 1; }

ProgressLine::ProgressLine(std::FILE* stream, bool enabled)
    : stream_(stream), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

ProgressLine::~ProgressLine() {
  if (!enabled_ || !drawn_) return;
  std::fprintf(stream_, "\r\033[K");
  std::fflush(stream_);
}

std::string ProgressLine::Format(int done, int total, std::chrono::milliseconds elapsed,
                                 const std::string& current_file, std::size_t width) {
  const double seconds = static_cast<double>(elapsed.count()) / 1000.0;
  std::string line = "[" + std::to_string(done) + "/" + std::to_string(total) + "] " + Seconds(seconds);
  if (done > 0 && done < total) {
    line += ", ETA " + Seconds(seconds / done * (total - done));
  }
  line += "  ";
  std::string file = current_file;
  const std::size_t room = width > line.size() + 1 ? width - line.size() - 1 : 0;
  if (file.size() > room) file = room > 3 ? "..." + file.substr(file.size() - (room - 3)) : "";
  return line + file;
}

void ProgressLine::Update(int done, int total, const std::string& current_file) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const std::string line = Format(
      done, total, std::chrono::duration_cast<std::chrono::milliseconds>(now - start_),
      current_file, TerminalWidth(stream_));
  std::fprintf(stream_, "\r\033[K%s", line.c_str());
  std::fflush(stream_);
  drawn_ = true;
}

}  // namespace nova::app
