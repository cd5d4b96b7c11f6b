#include "model_peer.h"

#include <chrono>
#include <thread>

#include "support/test_support.h"

#ifndef NOVA_CHAT_PEER_SCRIPT
#error "NOVA_CHAT_PEER_SCRIPT must name tests/model/peer/chat_peer.mjs"
#endif

namespace nova::testing {
namespace {

Peer StartChatPeer(const std::filesystem::path& log_dir) {
  Peer peer;
  if (RunShell(log_dir, "command -v node").exit_code != 0) {
    peer.problem = "node is not installed: the model protocol tests need Node.js";
    return peer;
  }
  peer.process = std::make_unique<PeerProcess>(std::string("node '") + NOVA_CHAT_PEER_SCRIPT + "'",
                                               log_dir / "chat_peer.log");
  AwaitListening(peer, "the chat peer");
  return peer;
}

}  // namespace

const Peer& SharedChatPeer() {
  static TempDir* logs = new TempDir();  // kept to the end: the peer writes into it until then
  static Peer peer = StartChatPeer(logs->path());
  return peer;
}

void ResetChatPeer(const Peer& peer) {
  PeerCall("POST", peer.url + "/__peer/reset", nlohmann::json::object());
}

void ScriptChatPeer(const Peer& peer, const nlohmann::json& steps) {
  PeerCall("POST", peer.url + "/__peer/script", steps);
}

void RequireApiKey(const Peer& peer, const std::string& key) {
  PeerCall("POST", peer.url + "/__peer/config", {{"api_key", key}});
}

nlohmann::json ChatPeerRequests(const Peer& peer) {
  return PeerCall("GET", peer.url + "/__peer/requests").body;
}

nlohmann::json ReplyWith(const std::string& content) { return {{"content", content}}; }

}  // namespace nova::testing
