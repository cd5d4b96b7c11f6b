#include "sandbox/nesting.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

namespace nova::sandbox {
namespace {

namespace fs = std::filesystem;

core::Status GiveTo(const core::RunAs& user, const fs::path& path) {
  if (::lchown(path.c_str(), user.uid, user.gid) != 0) {
    return core::UnavailableError("cannot hand " + path.string() + " to the sandbox's user " +
                                  std::to_string(user.uid) + ": " + std::strerror(errno));
  }
  return core::Status::Ok();
}

// The whole tree, unless its top is the user's already (then the rest is too: Nova hands over
// whole trees, and what the user adds is its own).
core::Status GiveTreeTo(const core::RunAs& user, const fs::path& root) {
  struct stat info {};
  if (::lstat(root.c_str(), &info) == 0 && info.st_uid == user.uid) return core::Status::Ok();
  NOVA_RETURN_IF_ERROR(GiveTo(user, root));
  std::error_code error;
  for (fs::recursive_directory_iterator it(root, error), end; !error && it != end;
       it.increment(error)) {
    NOVA_RETURN_IF_ERROR(GiveTo(user, it->path()));
  }
  if (error) {
    return core::UnavailableError("cannot walk " + root.string() + ": " + error.message());
  }
  return core::Status::Ok();
}

// Whether `user` may pass through `dir` (search permission by owner, group or others).
bool Traversable(const core::RunAs& user, const fs::path& dir) {
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0) return false;
  if (info.st_uid == user.uid) return (info.st_mode & S_IXUSR) != 0;
  if (info.st_gid == user.gid) return (info.st_mode & S_IXGRP) != 0;
  return (info.st_mode & S_IXOTH) != 0;
}

}  // namespace

std::optional<core::RunAs> SandboxUser(const sandbox::SandboxSettings& settings, SandboxMode mode) {
  if (!settings.nested || mode != SandboxMode::kBubblewrap || ::geteuid() != 0) {
    return std::nullopt;
  }
  return core::RunAs{kNestedUid, kNestedGid};
}

core::Status HandOver(const core::RunAs& user, const fs::path& checkout, const fs::path& ccache_dir) {
  for (fs::path dir = checkout.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (!Traversable(user, dir)) {
      return core::FailedPreconditionError(
          "sandbox.nested: the sandbox's user " + std::to_string(user.uid) + " cannot reach " +
          checkout.string() + " through " + dir.string() +
          "; let others through it (chmod o+x) or move the repository");
    }
    if (dir == dir.root_path()) break;
  }
  NOVA_RETURN_IF_ERROR(GiveTreeTo(user, checkout));
  return ccache_dir.empty() ? core::Status::Ok() : GiveTreeTo(user, ccache_dir);
}

}  // namespace nova::sandbox
