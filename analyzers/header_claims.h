// HeaderClaims: which translation unit reports the findings of each project header, so a header
// included by many TUs is walked once per run and language. The first TU to claim a header owns
// it; the others skip its declarations. Thread-safe: the workers of one run share one instance.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace nova::analyzers {

// The language a unit reads a header in. A header read by C and by C++ units is claimed once for
// each: its code means different things (C++-only rules skip C units), so a C unit's claim must
// not keep the C++ view from being walked. Findings both views report are deduplicated later.
enum class HeaderLanguage { kCxx, kC };

class HeaderClaims {
 public:
  // Claims `header` (absolute, canonical) in `language` for TU `owner`. True when it was
  // unclaimed or is already `owner`'s; false when another TU owns it.
  bool Claim(const std::string& header, HeaderLanguage language, int owner);
  bool IsClaimed(const std::string& header, HeaderLanguage language) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, HeaderLanguage>, int> owners_;  // guarded by mutex_
};

}  // namespace nova::analyzers
