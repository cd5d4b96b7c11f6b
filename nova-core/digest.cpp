#include "nova-core/digest.h"

#include <cstdio>

#include <xxhash.h>

namespace nova::core {

std::string DigestBytes(std::string_view bytes) {
  const XXH64_hash_t hash = XXH3_64bits(bytes.data(), bytes.size());
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

SlotSummary SummarizeBytes(std::string_view bytes) {
  return SlotSummary{DigestBytes(bytes), bytes.size()};
}

}  // namespace nova::core
