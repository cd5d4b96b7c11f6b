// CappedOutput: writes a command's output to its log, keeping at most a given number of bytes:
// the first half goes to the log as it arrives, the last half waits in a ring buffer until
// Finish(), which writes a line saying how much was omitted and then that tail. Memory: at most
// half the cap. Not thread-safe: one reader feeds it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nova::core {

class CappedOutput {
 public:
  // log_fd: where to write (not owned; -1 discards). max_bytes 0: everything is kept.
  CappedOutput(int log_fd, std::uint64_t max_bytes);
  void Append(std::string_view data);
  // Writes the omission line and the tail; call once, after the last Append.
  void Finish();

  std::uint64_t total_bytes() const { return total_; }
  std::uint64_t omitted_bytes() const;
  // The errno of the first failed write to the log, 0 if none.
  int write_error() const { return write_error_; }

 private:
  void Write(std::string_view data);

  int fd_;
  std::uint64_t head_limit_;  // 0 with no cap
  std::uint64_t tail_limit_;
  bool capped_;
  std::uint64_t head_written_ = 0;
  std::uint64_t total_ = 0;
  std::string ring_;              // tail_limit_ bytes once the head is full
  std::size_t ring_next_ = 0;     // where the next byte goes
  std::uint64_t ring_bytes_ = 0;  // bytes held, up to tail_limit_
  bool head_ends_line_ = true;
  int write_error_ = 0;
};

// The line CappedOutput writes where output was omitted.
std::string OmissionLine(std::uint64_t omitted_bytes);

}  // namespace nova::core
