// Status: the error value that crosses every module boundary in Nova.
// A Status is either ok or carries a canonical code and a one-line message; callers add context
// on the way up with WithContext(). Immutable value type, safe to copy between threads.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace nova::core {

enum class StatusCode {
  kOk,
  kInvalidArgument,     // the caller's input is wrong (usage, config, a bad file)
  kNotFound,            // something named does not exist
  kAlreadyExists,       // something to be created exists already
  kFailedPrecondition,  // the world is not in the state the operation needs
  kAborted,             // a concurrent change won a race (e.g. a ref moved)
  kUnavailable,         // a service or facility is unreachable or disabled
  kDeadlineExceeded,    // a time bound ran out
  kCancelled,           // the user or a signal stopped the work
  kResourceExhausted,   // a bound ran out: steps, retries, budget
  kInternal,            // a dependency failed in a way the caller cannot fix
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "context: message", keeping the code.
  Status WithContext(std::string_view context) const;
  // "NotFound: message", or "ok".
  std::string ToString() const;

  // Marks a status as deliberately not acted on.
  void IgnoreError() const {}

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

Status InvalidArgumentError(std::string message);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status FailedPreconditionError(std::string message);
Status AbortedError(std::string message);
Status UnavailableError(std::string message);
Status DeadlineExceededError(std::string message);
Status CancelledError(std::string message);
Status ResourceExhaustedError(std::string message);
Status InternalError(std::string message);

}  // namespace nova::core
