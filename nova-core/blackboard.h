// Blackboard: the typed values one run's agents hand to each other, keyed by slot name.
// An agent reads the slots it consumes and writes the slots it produces; a missing slot or a
// slot of the wrong type is an error value, never a default. Every value is stored with its
// digest and size (SlotTraits<T>), so the trace names inputs and outputs and the driver can
// refuse a loop. Not thread-safe: one per run, touched only by the step that runs.
#pragma once

#include <any>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "nova-core/digest.h"
#include "nova-core/result.h"

namespace nova::core {

// How a slot value is summarized. Specialize for each type put on a blackboard, with
//   static SlotSummary Summarize(const T& value);
// over the value's canonical bytes. A type without a specialization does not compile.
template <typename T, typename Enable = void>
struct SlotTraits;

template <typename T>
struct SlotTraits<T, std::enable_if_t<std::is_arithmetic_v<T>>> {
  static SlotSummary Summarize(const T& value) { return SummarizeBytes(std::to_string(value)); }
};

template <>
struct SlotTraits<std::string> {
  static SlotSummary Summarize(const std::string& value) { return SummarizeBytes(value); }
};

template <>
struct SlotTraits<std::vector<std::string>> {
  static SlotSummary Summarize(const std::vector<std::string>& value) {
    std::string bytes;
    for (const auto& item : value) bytes += std::to_string(item.size()) + ":" + item;
    return SummarizeBytes(bytes);
  }
};

class Blackboard {
 public:
  template <typename T>
  void Put(const std::string& slot, T value) {
    SlotSummary summary = SlotTraits<T>::Summarize(value);
    slots_[slot] = Entry{std::any(std::move(value)), std::move(summary)};
  }

  bool Has(std::string_view slot) const { return slots_.find(slot) != slots_.end(); }

  std::vector<std::string> SlotNames() const {
    std::vector<std::string> names;
    for (const auto& [name, entry] : slots_) names.push_back(name);
    return names;
  }

  // The digest and size of a slot as it was put; NotFound when it was never produced.
  Result<SlotSummary> Summary(std::string_view slot) const {
    auto it = slots_.find(slot);
    if (it == slots_.end()) return NotFoundError("blackboard slot '" + std::string(slot) + "' was never produced");
    return it->second.summary;
  }

  template <typename T>
  Result<T*> Get(std::string_view slot) {
    auto it = slots_.find(slot);
    if (it == slots_.end()) {
      return NotFoundError("blackboard slot '" + std::string(slot) + "' was never produced");
    }
    T* value = std::any_cast<T>(&it->second.value);
    if (value == nullptr) {
      return InternalError("blackboard slot '" + std::string(slot) + "' holds " +
                           it->second.value.type().name() + ", not " + typeid(T).name());
    }
    return value;
  }

 private:
  struct Entry {
    std::any value;
    SlotSummary summary;
  };
  std::map<std::string, Entry, std::less<>> slots_;
};

}  // namespace nova::core
