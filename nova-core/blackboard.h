// Blackboard: the typed values one run's agents hand to each other, keyed by slot name.
// An agent reads the slots it consumes and writes the slots it produces; a missing slot or a
// slot of the wrong type is an error value, never a default. Not thread-safe: one per run.
#pragma once

#include <any>
#include <map>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "nova-core/result.h"

namespace nova::core {

class Blackboard {
 public:
  template <typename T>
  void Put(const std::string& slot, T value) {
    slots_[slot] = std::move(value);
  }

  bool Has(std::string_view slot) const { return slots_.find(slot) != slots_.end(); }

  std::vector<std::string> SlotNames() const {
    std::vector<std::string> names;
    for (const auto& [name, value] : slots_) names.push_back(name);
    return names;
  }

  template <typename T>
  Result<T*> Get(std::string_view slot) {
    auto it = slots_.find(slot);
    if (it == slots_.end()) {
      return NotFoundError("blackboard slot '" + std::string(slot) + "' was never produced");
    }
    T* value = std::any_cast<T>(&it->second);
    if (value == nullptr) {
      return InternalError("blackboard slot '" + std::string(slot) + "' holds " +
                           it->second.type().name() + ", not " + typeid(T).name());
    }
    return value;
  }

 private:
  std::map<std::string, std::any, std::less<>> slots_;
};

}  // namespace nova::core
