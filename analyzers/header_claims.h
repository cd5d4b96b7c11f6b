// HeaderClaims: which translation unit reports the findings of each project header, so a header
// included by many TUs is walked once per run. The first TU to claim a header owns it; the
// others skip its declarations. Thread-safe: the workers of one run share one instance.
#pragma once

#include <map>
#include <mutex>
#include <string>

namespace nova::analyzers {

class HeaderClaims {
 public:
  // Claims `header` (absolute, canonical) for TU `owner`. True when the header was unclaimed or
  // is already `owner`'s; false when another TU owns it.
  bool Claim(const std::string& header, int owner);
  bool IsClaimed(const std::string& header) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, int> owners_;  // guarded by mutex_
};

}  // namespace nova::analyzers
