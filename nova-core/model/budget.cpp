#include "nova-core/model/budget.h"

#include <algorithm>

namespace nova::core::model {

Status ModelBudget::Check() const {
  if (calls_ >= limits_.max_calls) {
    return ResourceExhaustedError("model budget spent: " + std::to_string(calls_) + " of " +
                                  std::to_string(limits_.max_calls) + " calls (model.max_calls)");
  }
  if (tokens_ >= limits_.max_tokens) {
    return ResourceExhaustedError("model budget spent: " + std::to_string(tokens_) + " of " +
                                  std::to_string(limits_.max_tokens) +
                                  " tokens (model.max_tokens)");
  }
  if (WallLeft().count() <= 0) {
    return ResourceExhaustedError(
        "model budget spent: " + std::to_string(limits_.max_wall.count()) +
        " s of wall time (model.max_wall_s)");
  }
  return Status::Ok();
}

void ModelBudget::Charge(long long tokens) {
  ++calls_;
  tokens_ += std::max(0LL, tokens);
}

std::chrono::milliseconds ModelBudget::WallLeft() const {
  const auto used = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start_);
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(limits_.max_wall) - used);
}

}  // namespace nova::core::model
