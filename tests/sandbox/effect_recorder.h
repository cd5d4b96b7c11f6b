// RecordingEffectSink: an EffectSink for tests that keeps every effect in the order recorded,
// under a mutex so worker threads may record at once; an optional callback sees each effect as
// it is recorded (to cancel at a precise moment). Tests only.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "nova-core/effects.h"

namespace nova::sandbox::testing {

class RecordingEffectSink final : public core::EffectSink {
 public:
  struct Entry {
    std::string kind;
    nlohmann::json detail;
  };
  using Listener = std::function<void(std::string_view kind, const nlohmann::json& detail)>;

  RecordingEffectSink() = default;
  explicit RecordingEffectSink(Listener listener) : listener_(std::move(listener)) {}

  void Record(std::string_view kind, nlohmann::json detail) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      entries_.push_back({std::string(kind), detail});
    }
    if (listener_) listener_(kind, detail);
  }

  std::vector<Entry> entries() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_;
  }

  // The details of every effect of `kind`, in order.
  std::vector<nlohmann::json> Of(std::string_view kind) const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<nlohmann::json> details;
    for (const Entry& entry : entries_) {
      if (entry.kind == kind) details.push_back(entry.detail);
    }
    return details;
  }

 private:
  Listener listener_;
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
};

// Progress messages collected under a mutex.
class ProgressLog {
 public:
  std::function<void(std::string_view)> Callback(
      std::function<void(std::string_view)> also = nullptr) {
    return [this, also = std::move(also)](std::string_view what) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        messages_.emplace_back(what);
      }
      if (also) also(what);
    };
  }
  std::vector<std::string> messages() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return messages_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> messages_;
};

}  // namespace nova::sandbox::testing
