// Repository's branch listing, guarded deletion and push (libgit2's git_remote_push), kept
// apart from repository.cpp so that file stays about objects and local refs.
#include <git2.h>

#include <algorithm>
#include <memory>

#include "nova-core/git/repository.h"

namespace nova::core::git {
namespace {

template <typename T, void (*Free)(T*)>
struct Freer {
  void operator()(T* p) const { Free(p); }
};
using RefPtr = std::unique_ptr<git_reference, Freer<git_reference, git_reference_free>>;
using IterPtr =
    std::unique_ptr<git_branch_iterator, Freer<git_branch_iterator, git_branch_iterator_free>>;
using RemotePtr = std::unique_ptr<git_remote, Freer<git_remote, git_remote_free>>;

constexpr int kMaxCredentialAttempts = 3;  // libgit2 asks again after each rejection

}  // namespace

std::string Repository::WithoutCredentials(const std::string& remote) {
  const std::size_t scheme = remote.find("://");
  if (scheme == std::string::npos) return remote;
  const std::size_t host = scheme + 3;
  const std::size_t at = remote.find('@', host);
  const std::size_t slash = remote.find('/', host);
  if (at == std::string::npos || (slash != std::string::npos && at > slash)) return remote;
  return remote.substr(0, host) + remote.substr(at + 1);
}

namespace {

struct PushState {
  const PushAuth* auth = nullptr;
  int credential_attempts = 0;
  std::vector<std::string> rejected;
};

int Credentials(git_credential** out, const char* /*url*/, const char* username_from_url,
                unsigned int allowed, void* payload) {
  auto* state = static_cast<PushState*>(payload);
  if (++state->credential_attempts > kMaxCredentialAttempts) return GIT_EUSER;
  if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0 && !state->auth->token.empty()) {
    return git_credential_userpass_plaintext_new(out, state->auth->username.c_str(),
                                                 state->auth->token.c_str());
  }
  if ((allowed & GIT_CREDENTIAL_SSH_KEY) != 0) {
    return git_credential_ssh_key_from_agent(
        out, username_from_url != nullptr ? username_from_url : "git");
  }
  return GIT_PASSTHROUGH;
}

int RefUpdated(const char* refname, const char* status, void* payload) {
  if (status != nullptr) {
    static_cast<PushState*>(payload)->rejected.push_back(std::string(refname) + " (" + status +
                                                         ")");
  }
  return 0;
}

}  // namespace

Result<std::vector<std::string>> Repository::ListBranches(const std::string& prefix) const {
  git_branch_iterator* raw = nullptr;
  int rc = git_branch_iterator_new(&raw, repo_.get(), GIT_BRANCH_LOCAL);
  if (rc < 0) return GitError(rc, "list branches");
  IterPtr iterator(raw);
  std::vector<std::string> names;
  git_reference* ref = nullptr;
  git_branch_t type;
  while ((rc = git_branch_next(&ref, &type, iterator.get())) == 0) {
    RefPtr owned(ref);
    const char* name = nullptr;
    if (git_branch_name(&name, ref) == 0 && std::string_view(name).starts_with(prefix)) {
      names.emplace_back(name);
    }
  }
  if (rc != GIT_ITEROVER) return GitError(rc, "list branches");
  std::sort(names.begin(), names.end());
  return names;
}

Status Repository::DeleteBranchIfAt(const std::string& branch, const ObjectId& expected) const {
  NOVA_ASSIGN_OR_RETURN(bool checked_out, IsBranchCheckedOut(branch));
  if (checked_out) {
    return FailedPreconditionError("branch " + branch +
                                   " is checked out in a working tree; Nova will not delete it");
  }
  git_oid oid;
  if (expected.size() != GIT_OID_HEXSZ || git_oid_fromstr(&oid, expected.c_str()) < 0) {
    return InvalidArgumentError("not an object id: '" + expected + "'");
  }
  const std::string ref = "refs/heads/" + branch;
  git_reference* raw = nullptr;
  int rc = git_reference_lookup(&raw, repo_.get(), ref.c_str());
  if (rc < 0) return GitError(rc, "branch " + branch);
  RefPtr owned(raw);
  const git_oid* target = git_reference_target(raw);
  if (target == nullptr || git_oid_cmp(target, &oid) != 0) {
    return AbortedError("branch " + branch + " moved away from " + expected.substr(0, 12) +
                        "; not deleted");
  }
  rc = git_reference_delete(raw);
  if (rc < 0) return GitError(rc, "delete branch " + branch);
  return Status::Ok();
}

Status Repository::Push(const std::string& remote, const std::vector<std::string>& refspecs,
                        const PushAuth& auth) const {
  const std::string shown = WithoutCredentials(remote);
  git_remote* raw = nullptr;
  int rc = git_remote_lookup(&raw, repo_.get(), remote.c_str());
  if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) {
    rc = git_remote_create_anonymous(&raw, repo_.get(), remote.c_str());
  }
  if (rc < 0) return GitError(rc, "remote " + shown);
  RemotePtr handle(raw);
  PushState state;
  state.auth = &auth;
  git_push_options options = GIT_PUSH_OPTIONS_INIT;
  options.callbacks.credentials = Credentials;
  options.callbacks.push_update_reference = RefUpdated;
  options.callbacks.payload = &state;
  std::vector<std::string> copies = refspecs;
  std::vector<char*> pointers;
  for (std::string& spec : copies) pointers.push_back(spec.data());
  git_strarray specs{pointers.data(), pointers.size()};
  rc = git_remote_push(handle.get(), &specs, &options);
  if (rc < 0) {
    const git_error* error = git_error_last();
    std::string detail = error != nullptr && error->message != nullptr ? error->message : "error";
    if (!auth.token.empty()) {
      for (std::size_t at = detail.find(auth.token); at != std::string::npos;
           at = detail.find(auth.token)) {
        detail.replace(at, auth.token.size(), "***");
      }
    }
    return UnavailableError("push to " + shown + ": " + WithoutCredentials(detail));
  }
  if (!state.rejected.empty()) {
    std::string list;
    for (const std::string& r : state.rejected) list += (list.empty() ? "" : ", ") + r;
    return AbortedError("push to " + shown + ": rejected " + list);
  }
  return Status::Ok();
}

}  // namespace nova::core::git
