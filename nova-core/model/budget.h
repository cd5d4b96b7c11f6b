// ModelBudget: what one run may spend on a model: calls, tokens and wall time. The client asks
// it before every call and tells it each reply's tokens; once a bound is reached every later call
// is refused with ResourceExhausted, so the model work ends cleanly. Not thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "nova-core/status.h"

namespace nova::core::model {

struct BudgetLimits {
  int max_calls = 50;                  // Default: 50
  long long max_tokens = 200000;       // Default: 200000 (prompt + completion)
  std::chrono::seconds max_wall{900};  // Default: 900 s from the budget's start
};

class ModelBudget {
 public:
  explicit ModelBudget(BudgetLimits limits, std::chrono::steady_clock::time_point start =
                                                std::chrono::steady_clock::now())
      : limits_(limits), start_(start) {}

  // Ok when one more call may start; ResourceExhausted naming the spent bound otherwise.
  Status Check() const;
  void Charge(long long tokens);  // one call made, with its reported tokens
  // Time left before the wall-time bound (never negative).
  std::chrono::milliseconds WallLeft() const;

  int calls() const { return calls_; }
  long long tokens() const { return tokens_; }
  const BudgetLimits& limits() const { return limits_; }

 private:
  BudgetLimits limits_;
  std::chrono::steady_clock::time_point start_;
  int calls_ = 0;
  long long tokens_ = 0;
};

}  // namespace nova::core::model
