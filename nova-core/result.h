// Result<T>: a value or the Status explaining why there is none. Nova's own small stand-in for
// std::expected (which clang 14/16 cannot parse from GCC 12's library, and Nova parses itself).
// Holding an ok Status without a value is a contract violation checked at construction.
#pragma once

#include <utility>
#include <variant>

#include "nova-core/check.h"
#include "nova-core/status.h"

namespace nova::core {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Result(Status status) : state_(std::in_place_index<1>, std::move(status)) {  // NOLINT
    NOVA_CHECK(!std::get<1>(state_).ok());
  }

  bool ok() const { return state_.index() == 0; }
  // NOLINTNEXTLINE(nova-naming-consistency): absl::StatusOr's spelling, like ok() and value()
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<1>(state_);
  }

  T& value() & {
    NOVA_CHECK(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    NOVA_CHECK(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    NOVA_CHECK(ok());
    return std::get<0>(std::move(state_));
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace nova::core

#define NOVA_STATUS_CONCAT_INNER(a, b) a##b
#define NOVA_STATUS_CONCAT(a, b) NOVA_STATUS_CONCAT_INNER(a, b)

#define NOVA_RETURN_IF_ERROR(expr)                     \
  do {                                                 \
    ::nova::core::Status nova_status_ = (expr);        \
    if (!nova_status_.ok()) return nova_status_;       \
  } while (false)

#define NOVA_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()

#define NOVA_ASSIGN_OR_RETURN(lhs, expr) \
  NOVA_ASSIGN_OR_RETURN_IMPL(NOVA_STATUS_CONCAT(nova_result_, __LINE__), lhs, expr)
