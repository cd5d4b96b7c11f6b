#include "analyzers/header_claims.h"

namespace nova::analyzers {

bool HeaderClaims::Claim(const std::string& header, int owner) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = owners_.try_emplace(header, owner);
  return inserted || it->second == owner;
}

bool HeaderClaims::IsClaimed(const std::string& header) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return owners_.count(header) > 0;
}

}  // namespace nova::analyzers
