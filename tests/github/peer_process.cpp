#include "peer_process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "nova-core/http/http_client.h"
#include "support/test_support.h"

#ifndef NOVA_PEER_DIR
#error "NOVA_PEER_DIR must name tests/github/peer"
#endif

namespace nova::testing {
namespace {

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

}  // namespace

std::filesystem::path PeerDir() { return NOVA_PEER_DIR; }

std::string PeerToolsProblem() {
  if (RunShell(PeerDir(), "command -v node").exit_code != 0) {
    return "node is not installed: the GitHub protocol tests need Node.js and npm (see "
           "scripts/test.sh)";
  }
  for (const char* package : {"@stoplight/prism-cli", "@octokit/openapi",
                              "@octokit/webhooks-schemas", "@action-validator/cli", "ajv"}) {
    if (!std::filesystem::exists(PeerDir() / "node_modules" / package / "package.json")) {
      return std::string("npm package ") + package + " is not installed in " + PeerDir().string() +
             ": run `npm ci` there (scripts/test.sh does)";
    }
  }
  return "";
}

PeerProcess::PeerProcess(const std::string& command, const std::filesystem::path& log) : log_(log) {
  int in[2];
  if (pipe(in) != 0) return;
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    dup2(in[0], 0);
    close(in[1]);
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(out, 2);
    if (chdir(PeerDir().c_str()) != 0) _exit(127);
    const std::string exec = "exec " + command;
    execl("/bin/sh", "sh", "-c", exec.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(in[0]);
  stdin_fd_ = in[1];
  if (pid_ > 0) setpgid(pid_, pid_);
}

PeerProcess::~PeerProcess() {
  if (stdin_fd_ >= 0) close(stdin_fd_);
  if (pid_ <= 0) return;
  kill(-pid_, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(-pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

std::string PeerProcess::Log() const {
  std::ifstream in(log_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

PeerReply PeerCall(const std::string& method, const std::string& url, const nlohmann::json& body) {
  core::http::CurlTransport transport;
  core::http::Request request;
  request.method = method;
  request.url = url;
  if (!body.is_null()) {
    request.body = body.dump();
    request.headers.push_back("Content-Type: application/json");
  }
  PeerReply reply;
  auto response = transport.Send(request);
  if (!response.ok()) return reply;
  reply.status = response->status;
  reply.body = nlohmann::json::parse(response->body, nullptr, false);
  return reply;
}

Peer StartPrism(const std::filesystem::path& log_dir) {
  Peer peer;
  peer.problem = PeerToolsProblem();
  if (!peer.problem.empty()) return peer;
  const int port = FreePort();
  peer.process = std::make_unique<PeerProcess>(
      "node_modules/.bin/prism mock -p " + std::to_string(port) +
          " -h 127.0.0.1 node_modules/@octokit/openapi/generated/api.github.com.json",
      log_dir / "prism.log");
  peer.url = "http://127.0.0.1:" + std::to_string(port);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (std::chrono::steady_clock::now() < deadline) {
    if (peer.process->Log().find("Prism is listening") != std::string::npos) return peer;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  peer.problem = "Prism did not start within 90 s: " + peer.process->Log().substr(0, 2000);
  return peer;
}

void AwaitListening(Peer& peer, const std::string& what) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string log = peer.process->Log();
    if (const size_t at = log.find("listening ");
        at != std::string::npos && log.find('\n', at) != std::string::npos) {
      peer.url = "http://127.0.0.1:" + log.substr(at + 10, log.find('\n', at) - at - 10);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  peer.problem = what + " did not start within 30 s: " + peer.process->Log();
}

Peer StartStatefulPeer(const std::filesystem::path& log_dir) {
  Peer peer;
  peer.problem = PeerToolsProblem();
  if (!peer.problem.empty()) return peer;
  peer.process = std::make_unique<PeerProcess>("node stateful_peer.mjs", log_dir / "peer.log");
  AwaitListening(peer, "the stateful peer");
  return peer;
}

namespace {
const std::filesystem::path& LogDir() {
  static TempDir* dir = new TempDir();  // kept to the end: the peers write into it until then
  return dir->path();
}
}  // namespace

const Peer& SharedPrism() {
  static Peer peer = StartPrism(LogDir());
  return peer;
}

const Peer& SharedStatefulPeer() {
  static Peer peer = StartStatefulPeer(LogDir());
  return peer;
}

std::string MakeEvent(const std::string& event, const std::string& action, int number,
                      const std::string& head_sha, const std::string& base_sha,
                      const std::filesystem::path& out) {
  const CommandResult result =
      RunShell(PeerDir(), "node make_event.mjs " + event + " " + action + " " +
                              std::to_string(number) + " " + head_sha + " " +
                              (base_sha.empty() ? "-" : base_sha) + " '" + out.string() + "'");
  return result.exit_code == 0 ? "" : result.output;
}

}  // namespace nova::testing
