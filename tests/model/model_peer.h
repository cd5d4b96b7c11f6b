// The chat-completions peer for the model tests (tests/model/peer/chat_peer.mjs): a Node child
// process on 127.0.0.1, one per test binary, started on first use and killed when the binary
// ends; tests script it and read back what it received. Node is required: when it is missing the
// tests fail, never skip. Test-only; not thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "peer_process.h"

namespace nova::testing {

// The shared chat peer; its `url` is "http://127.0.0.1:PORT" (the endpoint is url + "/v1").
const Peer& SharedChatPeer();

// Forgets the script, the key and the request log.
void ResetChatPeer(const Peer& peer);
// Appends scripted replies (chat_peer.mjs documents a step's fields).
void ScriptChatPeer(const Peer& peer, const nlohmann::json& steps);
// Requires this API key from now on.
void RequireApiKey(const Peer& peer, const std::string& key);
// Every request the peer received since the last reset.
nlohmann::json ChatPeerRequests(const Peer& peer);
// One step answering 200 with `content` as the assistant's message.
nlohmann::json ReplyWith(const std::string& content);

}  // namespace nova::testing
