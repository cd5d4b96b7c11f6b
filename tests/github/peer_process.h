// Test peers for the pull-request bot: Prism serving GitHub's OpenAPI description and the
// stateful Node peer (tests/github/peer/), each a child process on 127.0.0.1 started once per
// suite and killed with its process group when the test binary ends. Node and the npm packages
// are required: when they are missing the peer reports why and the tests fail, never skip.
// Test-only; not thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace nova::testing {

// tests/github/peer, with its node_modules installed by scripts/test.sh (npm ci).
std::filesystem::path PeerDir();
// "" when node and the peer's npm packages are installed, else what is missing and how to fix it.
std::string PeerToolsProblem();

class PeerProcess {
 public:
  // Starts `argv` (through /bin/sh -c "exec ...") in PeerDir() with stdout and stderr in `log`,
  // in its own process group, dying with this process.
  PeerProcess(const std::string& command, const std::filesystem::path& log);
  ~PeerProcess();
  PeerProcess(const PeerProcess&) = delete;
  PeerProcess& operator=(const PeerProcess&) = delete;

  bool running() const { return pid_ > 0; }
  std::string Log() const;

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;  // the peer ends when this closes
  std::filesystem::path log_;
};

// A started peer and the base URL it answers on ("http://127.0.0.1:PORT"), or why it is not.
struct Peer {
  std::unique_ptr<PeerProcess> process;
  std::string url;
  std::string problem;  // "" when the peer is up
};

// Waits up to 30 s for `peer`'s "listening PORT" line and sets its url; else sets its problem to
// "<what> did not start within 30 s: <log>". Shared by the Node peers, which all announce so.
void AwaitListening(Peer& peer, const std::string& what);

// Prism mocking api.github.com from @octokit/openapi; waits up to 90 s for it to listen.
Peer StartPrism(const std::filesystem::path& log_dir);
// tests/github/peer/stateful_peer.mjs; waits up to 30 s for its "listening PORT" line.
Peer StartStatefulPeer(const std::filesystem::path& log_dir);

// One Prism and one stateful peer for the whole test binary, started on first use (logs in a temp
// dir) and stopped when the binary exits.
const Peer& SharedPrism();
const Peer& SharedStatefulPeer();

// One HTTP exchange with a peer (its control endpoints, or a raw check): status and JSON body.
struct PeerReply {
  long status = 0;
  nlohmann::json body;
};
PeerReply PeerCall(const std::string& method, const std::string& url,
                   const nlohmann::json& body = nullptr);

// A webhook payload from @octokit/webhooks-schemas (make_event.mjs), written to `out`; "" or the
// generator's error output.
std::string MakeEvent(const std::string& event, const std::string& action, int number,
                      const std::string& head_sha, const std::string& base_sha,
                      const std::filesystem::path& out);

}  // namespace nova::testing
