#include "nova-core/process/capped_output.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace nova::core {

std::string OmissionLine(std::uint64_t omitted_bytes) {
  return "[... " + std::to_string(omitted_bytes) +
         " bytes omitted: the output exceeded sandbox.log_max_mb ...]\n";
}

CappedOutput::CappedOutput(int log_fd, std::uint64_t max_bytes)
    : fd_(log_fd),
      head_limit_(max_bytes / 2),
      tail_limit_(max_bytes - max_bytes / 2),
      capped_(max_bytes > 0) {}

std::uint64_t CappedOutput::omitted_bytes() const {
  return capped_ ? total_ - head_written_ - ring_bytes_ : 0;
}

void CappedOutput::Append(std::string_view data) {
  total_ += data.size();
  if (!capped_) {
    Write(data);
    return;
  }
  if (head_written_ < head_limit_) {
    const std::size_t head =
        static_cast<std::size_t>(std::min<std::uint64_t>(data.size(), head_limit_ - head_written_));
    Write(data.substr(0, head));
    head_written_ += head;
    if (head > 0) head_ends_line_ = data[head - 1] == '\n';
    data.remove_prefix(head);
  }
  if (data.empty() || tail_limit_ == 0) return;
  if (ring_.empty()) ring_.resize(static_cast<std::size_t>(tail_limit_));
  if (data.size() >= ring_.size()) {
    data = data.substr(data.size() - ring_.size());
  }
  while (!data.empty()) {
    const std::size_t n = std::min(data.size(), ring_.size() - ring_next_);
    std::copy_n(data.data(), n, ring_.data() + ring_next_);
    ring_next_ = (ring_next_ + n) % ring_.size();
    ring_bytes_ = std::min<std::uint64_t>(ring_bytes_ + n, ring_.size());
    data.remove_prefix(n);
  }
}

void CappedOutput::Finish() {
  if (!capped_) return;
  const std::uint64_t omitted = omitted_bytes();
  if (omitted > 0) {
    if (!head_ends_line_) Write("\n");
    Write(OmissionLine(omitted));
  }
  const std::string_view ring = ring_;
  if (ring_bytes_ < ring_.size()) {
    Write(ring.substr(0, static_cast<std::size_t>(ring_bytes_)));
  } else {
    Write(ring.substr(ring_next_));
    Write(ring.substr(0, ring_next_));
  }
  ring_.clear();  // ring_bytes_ stays: omitted_bytes() is still right
  ring_.shrink_to_fit();
}

void CappedOutput::Write(std::string_view data) {
  if (fd_ < 0) return;
  while (!data.empty()) {
    const ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (write_error_ == 0) write_error_ = errno;
      return;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace nova::core
