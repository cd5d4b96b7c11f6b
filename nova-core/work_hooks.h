// WorkHooks: the three lines from long-running work back to the driver: a cancel token to poll,
// a sink for external effects, and a progress callback (the driver's stall detector listens).
// Passed by value into modules (sandbox, analyzers); every member is optional. Thread-safe when
// the callback and the sink are.
#pragma once

#include <functional>
#include <string_view>

#include "nova-core/cancellation.h"
#include "nova-core/effects.h"

namespace nova::core {

struct WorkHooks {
  const CancelToken* cancel = nullptr;             // null: never cancelled
  EffectSink* effects = nullptr;                   // null: effects not recorded
  std::function<void(std::string_view)> progress;  // empty: progress not reported

  bool Cancelled() const { return cancel != nullptr && cancel->cancelled(); }
  // The token's reason, or a generic Cancelled status when there is no token.
  Status CancelReason() const {
    return cancel != nullptr ? cancel->reason() : CancelledError("cancelled");
  }
  void Progress(std::string_view what) const {
    if (progress) progress(what);
  }
  void Effect(std::string_view kind, nlohmann::json detail) const {
    if (effects != nullptr) effects->Record(kind, std::move(detail));
  }
};

}  // namespace nova::core
