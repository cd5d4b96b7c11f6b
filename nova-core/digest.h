// Content digests for what agents hand each other: a short, stable hash of a value's canonical
// bytes and their size, so the trace can name every input and output, and the driver can tell
// when an agent would run again on the same input. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nova::core {

struct SlotSummary {
  std::string digest;       // 16 lowercase hex digits (XXH3-64 of the canonical bytes)
  std::uint64_t bytes = 0;  // size of the canonical bytes
};

// XXH3-64 of `bytes`, as 16 lowercase hex digits.
std::string DigestBytes(std::string_view bytes);
SlotSummary SummarizeBytes(std::string_view bytes);

}  // namespace nova::core
