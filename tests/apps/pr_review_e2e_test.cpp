// `nova pr-review` end to end: the real binary on a git repository with a base and a head
// commit, posting to real protocol peers on 127.0.0.1 (Prism serving GitHub's OpenAPI
// description; the stateful peer, which checks every body against the same description, where
// comments must persist between runs), with event payloads built from GitHub's webhook schemas.
#include <gtest/gtest.h>

#include "e2e_fixture.h"
#include "github/github_client.h"
#include "github/review_builder.h"
#include "peer_process.h"

namespace nova::testing {
namespace {

constexpr char kToken[] = "ghs_e2eSECRETtoken987654321";

constexpr char kBase[] = "#include <cstddef>\nint Twice(int x) { return 2 * x; }\n";
// Added by the pull request: two one-line fixes and one fix spanning two lines.
constexpr char kHead[] =
    "#include <cstddef>\n"
    "int Twice(int x) { return 2 * x; }\n"
    "const char* First(const char* text) {\n"
    "  if (text == NULL) return nullptr;\n"
    "  return text;\n"
    "}\n"
    "typedef int Count;\n"
    "struct Shape {\n"
    "  virtual ~Shape() = default;\n"
    "  virtual int Area(int w,\n"
    "                   int h) const;\n"
    "};\n"
    "struct Square : Shape {\n"
    "  virtual int Area(int w,\n"
    "                   int h) const;\n"
    "};\n";

// The commit checked out in the repository at `dir`.
std::string HeadCommit(const std::filesystem::path& dir) {
  std::string id = Git(dir, "rev-parse HEAD");
  if (!id.empty() && id.back() == '\n') id.pop_back();
  return id;
}

// An untracked compile database for demo.cpp, the only unit of the repositories below.
void WriteDemoCompileDb(const std::filesystem::path& dir) {
  WriteFile(dir / "compile_commands.json",
            nlohmann::json::array({{{"directory", dir.string()},
                                    {"file", (dir / "demo.cpp").string()},
                                    {"arguments", {"c++", "-std=c++17", "-c", "demo.cpp"}}}})
                .dump());
}

// A repository whose `main` has kBase, then kHead committed on top and checked out, and an
// untracked compile database.
struct PrRepo {
  std::string base;
  std::string head;
};

PrRepo CreatePrRepo(const std::filesystem::path& dir) {
  InitRepo(dir, {{"demo.cpp", kBase}, {".gitignore", "compile_commands.json\n"}});
  PrRepo repo;
  repo.base = HeadCommit(dir);
  WriteFile(dir / "demo.cpp", kHead);
  Git(dir, "commit -qam 'add shapes'");
  repo.head = HeadCommit(dir);
  WriteDemoCompileDb(dir);
  return repo;
}

std::string Commit(const std::filesystem::path& dir, const std::string& content) {
  WriteFile(dir / "demo.cpp", content);
  Git(dir, "commit -qam 'next push'");
  return HeadCommit(dir);
}

std::string ReviewArgs(const PrRepo& repo) {
  return "pr-review . --base " + repo.base + " --head " + repo.head + " -q --no-cache";
}

TEST(PrReviewE2e, WritesOneGitHubReviewThatPrismAccepts) {
  const Peer& prism = SharedPrism();
  ASSERT_EQ(prism.problem, "");
  TempDir tmp;
  const std::filesystem::path dir = tmp.path() / "repo";
  const PrRepo repo = CreatePrRepo(dir);
  const NovaRun run = RunNova(dir, ReviewArgs(repo), /*json_report=*/true);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const nlohmann::json& review = run.report;
  EXPECT_EQ(review["commit_id"], repo.head);
  EXPECT_EQ(review["event"], "COMMENT");
  std::map<int, nlohmann::json> by_line;
  for (const nlohmann::json& comment : review["comments"]) {
    EXPECT_EQ(comment["path"], "demo.cpp");
    EXPECT_GE(comment["line"].get<int>(), 3);  // only added lines: 1 and 2 are the base's
    EXPECT_NE(github::MarkerFingerprint(comment["body"].get<std::string>()), "");
    by_line[comment["line"]] = comment;
  }
  ASSERT_EQ(by_line.size(), 3u) << review.dump(2);
  EXPECT_NE(by_line[4]["body"].get<std::string>().find(
                "```suggestion\n  if (text == nullptr) return nullptr;\n```"),
            std::string::npos);
  EXPECT_NE(by_line[7]["body"].get<std::string>().find("```suggestion\nusing Count = int;\n```"),
            std::string::npos);
  // The override fix edits the declaration's second line: one suggestion over both lines.
  EXPECT_EQ(by_line[15]["start_line"], 14);
  EXPECT_NE(by_line[15]["body"].get<std::string>().find(
                "```suggestion\n  int Area(int w,\n                   int h) const override;\n```"),
            std::string::npos)
      << by_line[15]["body"];
  EXPECT_NE(review["body"].get<std::string>().find("| `use-nullptr` | warning | 1 |"),
            std::string::npos);

  // GitHub's own description of the endpoint, served by Prism, accepts the body as written.
  core::http::CurlTransport transport;
  github::Clock clock = github::Clock::Real();
  github::GitHubClient client(transport, github::PullRequestRef{prism.url, "octo/demo", 7}, kToken,
                              github::RetryPolicy{}, clock);
  auto posted = client.CreateReview(review);
  EXPECT_TRUE(posted.ok()) << posted.status().ToString();
}

TEST(PrReviewE2e, JsonAndSarifFormatsHoldOnlyTheChangedLines) {
  TempDir tmp;
  const std::filesystem::path dir = tmp.path() / "repo";
  const PrRepo repo = CreatePrRepo(dir);
  const NovaRun json = RunNova(dir, ReviewArgs(repo) + " --format json", true);
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_EQ(json.report["findings"].size(), 3u);
  const NovaRun sarif = RunNova(dir, ReviewArgs(repo) + " --format sarif", true);
  ASSERT_EQ(sarif.exit_code, 0) << sarif.output;
  EXPECT_EQ(sarif.report["runs"][0]["results"].size(), 3u);
}

TEST(PrReviewE2e, APullRequestBeyondTheTimeLimitSaysWhatItSkipped) {
  TempDir tmp;
  const std::filesystem::path dir = tmp.path() / "repo";
  const PrRepo repo = CreatePrRepo(dir);
  const NovaRun run = RunNova(dir, ReviewArgs(repo) + " --time-limit 0", true);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("1 input(s) not fully analyzed"), std::string::npos) << run.output;
  const std::string body = run.report["body"];
  EXPECT_NE(body.find("(partial review)"), std::string::npos) << body;
  EXPECT_NE(body.find("- `demo.cpp`: not analyzed: the time limit of 0 s (--time-limit) ran out"),
            std::string::npos)
      << body;
  EXPECT_FALSE(github::ReadReviewRecord(body).complete);  // so nothing is called fixed
}

TEST(PrReviewE2e, RefusesAHeadThatIsNotCheckedOut) {
  TempDir tmp;
  const std::filesystem::path dir = tmp.path() / "repo";
  const PrRepo repo = CreatePrRepo(dir);
  const NovaRun run =
      RunNova(dir, "pr-review . --base " + repo.base + " --head " + repo.base + " -q", false);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("the working tree must have --head checked out"), std::string::npos);
}

// The base branch moved on after the pull request branched off: it fixed a NULL on a line the
// pull request never touched. GitHub diffs base...head (from the merge base), so that line is not
// part of the pull request and a comment there would be refused (422) or misplaced.
constexpr char kForkPoint[] =
    "#include <cstddef>\n"
    "int Twice(int x) { return 2 * x; }\n"
    "const char* Old(const char* t) { return t == NULL ? \"\" : t; }\n";

struct MovedBaseRepo {
  std::string base_tip;
  std::string head;
};

MovedBaseRepo CreateMovedBaseRepo(const std::filesystem::path& dir) {
  InitRepo(dir, {{"demo.cpp", kForkPoint}, {".gitignore", "compile_commands.json\n"}});
  Git(dir, "checkout -q -b feature");
  WriteFile(dir / "demo.cpp", std::string(kForkPoint) + "int* Fresh() { return NULL; }\n");
  Git(dir, "commit -qam 'the pull request adds Fresh'");
  MovedBaseRepo repo;
  repo.head = HeadCommit(dir);
  Git(dir, "checkout -q main");
  std::string moved = kForkPoint;
  moved.replace(moved.find("NULL"), 4, "nullptr");
  WriteFile(dir / "demo.cpp", moved);
  Git(dir, "commit -qam 'the base fixes Old'");
  repo.base_tip = HeadCommit(dir);
  Git(dir, "checkout -q feature");
  WriteDemoCompileDb(dir);
  return repo;
}

TEST(PrReviewE2e, ReviewsFromTheMergeBaseNotFromTheBasesTip) {
  TempDir tmp;
  const std::filesystem::path dir = tmp.path() / "repo";
  const MovedBaseRepo repo = CreateMovedBaseRepo(dir);
  const NovaRun run = RunNova(
      dir, "pr-review . --base " + repo.base_tip + " --head " + repo.head + " -q --no-cache", true);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::vector<int> lines;
  for (const nlohmann::json& comment : run.report["comments"]) {
    lines.push_back(comment["line"].get<int>());
  }
  // Line 3 still holds NULL at the head, but the pull request did not write it; line 4 it did.
  EXPECT_EQ(lines, std::vector<int>{4}) << run.report.dump(2);
}

TEST(PrReviewE2e, ABaseWithNoCommonAncestorIsAClearError) {
  TempDir tmp;
  const std::filesystem::path dir = tmp.path() / "repo";
  const MovedBaseRepo repo = CreateMovedBaseRepo(dir);
  Git(dir, "checkout -q --orphan unrelated");
  Git(dir, "commit -qm 'an unrelated history'");
  std::string unrelated = HeadCommit(dir);
  Git(dir, "checkout -q feature");
  const NovaRun run =
      RunNova(dir, "pr-review . --base " + unrelated + " --head " + repo.head + " -q", false);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("--base " + unrelated + " and --head " + repo.head +
                            " have no common ancestor, so there is no merge base"),
            std::string::npos)
      << run.output;
}

// A pull request to a CMake project with no compile database: Nova configures it, and the
// pull request's CMakeLists.txt is code Nova runs. This one tries to write outside the
// checkout (next to it, and in /var/tmp), to print a token from Nova's environment, and to reach
// a server on the host's loopback.
struct CMakePr {
  std::string base;
  std::string head;
};

CMakePr CreateCMakePr(const std::filesystem::path& dir,
                      const std::vector<std::filesystem::path>& outside, const std::string& url,
                      const std::string& base_nova_json, const std::string& head_nova_json) {
  std::string cmake =
      "cmake_minimum_required(VERSION 3.16)\n"
      "project(demo CXX)\n";
  for (const std::filesystem::path& path : outside) {
    cmake += "execute_process(COMMAND sh -c \"echo escaped > '" + path.string() + "'\")\n";
  }
  cmake +=
      "message(STATUS \"token=[$ENV{GITHUB_TOKEN}]\")\n"
      "file(DOWNLOAD \"" +
      url +
      "/__peer/requests\" \"${CMAKE_BINARY_DIR}/fetched\" "
      "STATUS fetched TIMEOUT 10)\n"
      "message(STATUS \"download=[${fetched}]\")\n"
      "add_library(demo STATIC demo.cpp)\n";
  std::map<std::string, std::string> files = {{"demo.cpp", kBase}, {"CMakeLists.txt", cmake}};
  if (!base_nova_json.empty()) files[".nova.json"] = base_nova_json;
  InitRepo(dir, files);
  CMakePr pr;
  pr.base = HeadCommit(dir);
  WriteFile(dir / "demo.cpp", kHead);
  if (!head_nova_json.empty()) WriteFile(dir / ".nova.json", head_nova_json);
  Git(dir, "add -A");
  Git(dir, "commit -qm 'the pull request'");
  pr.head = HeadCommit(dir);
  return pr;
}

constexpr char kAmbientToken[] = "ghs_ambientSECRET4242";

TEST(PrReviewE2e, ConfiguresAPullRequestsCMakeProjectInTheSandbox) {
  const Peer& peer = SharedStatefulPeer();
  ASSERT_EQ(peer.problem, "");
  TempDir tmp;
  TempDir var_tmp("/var/tmp");
  const std::vector<std::filesystem::path> outside = {tmp.path() / "escaped.txt",
                                                      var_tmp.path() / "escaped.txt"};
  const std::filesystem::path dir = tmp.path() / "repo";
  // The pull request asks for the network itself: only the base's .nova.json may.
  const CMakePr pr =
      CreateCMakePr(dir, outside, peer.url, "", R"({"configure": {"network": true}})");
  const NovaRun run =
      RunNova(dir, "pr-review . --base " + pr.base + " --head " + pr.head + " -q --no-cache", true,
              std::string("GITHUB_TOKEN=") + kAmbientToken + " ");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.report["comments"].size(), 3u) << run.report.dump(2);
  for (const std::filesystem::path& path : outside) {
    EXPECT_FALSE(std::filesystem::exists(path)) << path;
  }
  const std::string log = ReadFile(dir / ".nova/cmake-configure.log");
  EXPECT_NE(log.find("token=[]"), std::string::npos) << log;
  EXPECT_EQ(log.find(kAmbientToken), std::string::npos);
  EXPECT_NE(log.find("download=[7;"), std::string::npos) << log;  // couldn't connect
}

TEST(PrReviewE2e, TheBasesNovaJsonMayOpenTheNetworkToTheConfigure) {
  const Peer& peer = SharedStatefulPeer();
  ASSERT_EQ(peer.problem, "");
  TempDir tmp;
  const std::filesystem::path dir = tmp.path() / "repo";
  const CMakePr pr = CreateCMakePr(dir, {}, peer.url, R"({"configure": {"network": true}})", "");
  const NovaRun run =
      RunNova(dir, "pr-review . --base " + pr.base + " --head " + pr.head + " -q --no-cache", true);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string log = ReadFile(dir / ".nova/cmake-configure.log");
  EXPECT_NE(log.find("download=[0;"), std::string::npos) << log;
}

TEST(PrReviewE2e, ConfigurePackagesAreTheBasesValidated) {
  TempDir tmp;
  const std::filesystem::path dir = tmp.path() / "repo";
  const CMakePr pr = CreateCMakePr(dir, {}, "http://127.0.0.1:9",
                                   R"({"configure": {"packages": ["libfoo-dev", "pkg-config"]}})",
                                   R"({"configure": {"packages": ["libevil-dev"]}})");
  const NovaRun run =
      RunNova(dir, "pr-review . --base " + pr.base + " --configure-packages", false);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "libfoo-dev\npkg-config\n");

  WriteFile(dir / ".nova.json", R"({"configure": {"packages": ["-o=Dpkg::Pre-Invoke=x"]}})");
  Git(dir, "commit -qam 'a base with a bad name'");
  const NovaRun bad = RunNova(dir, "pr-review . --base HEAD --configure-packages", false);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find(":.nova.json: configure.packages: '-o=Dpkg::Pre-Invoke=x' is not a "
                            "Debian package name"),
            std::string::npos)
      << bad.output;
  EXPECT_NE(RunNova(dir, "pr-review . --configure-packages", false)
                .output.find("--configure-packages needs --base REV"),
            std::string::npos);
}

// Posting to the stateful peer: the environment GitHub Actions gives a job.
class PrPostE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    const Peer& peer = SharedStatefulPeer();
    ASSERT_EQ(peer.problem, "");
    url_ = peer.url;
    ASSERT_EQ(PeerCall("POST", url_ + "/__peer/reset", nlohmann::json::object()).status, 200);
    ASSERT_EQ(PeerCall("POST", url_ + "/__peer/config", {{"token", kToken}}).status, 200);
    dir_ = tmp_.path() / "repo";
    repo_ = CreatePrRepo(dir_);
    SetPullHead(repo_.head);
  }

  // What GET /repos/octo/demo/pulls/7 says the pull request's head is.
  void SetPullHead(const std::string& sha) {
    ASSERT_EQ(PeerCall("POST", url_ + "/__peer/config", {{"head_sha", sha}}).status, 200);
  }

  // The job's environment with a pull_request event for `head`.
  std::string Env(const std::string& head) {
    const std::filesystem::path event = tmp_.path() / ("event-" + head + ".json");
    EXPECT_EQ(MakeEvent("pull_request", "synchronize", 7, head, repo_.base, event), "");
    return "GITHUB_API_URL=" + url_ + " GITHUB_TOKEN=" + kToken +
           " GITHUB_REPOSITORY=octo/demo GITHUB_EVENT_PATH=" + event.string() + " ";
  }
  NovaRun Post() { return RunNova(dir_, ReviewArgs(repo_) + " --post", false, Env(repo_.head)); }
  nlohmann::json State() { return PeerCall("GET", url_ + "/__peer/state").body; }
  void Script(int status, nlohmann::json headers, nlohmann::json body) {
    ASSERT_EQ(PeerCall("POST", url_ + "/__peer/script",
                       {{"method", "POST"},
                        {"route", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"},
                        {"status", status},
                        {"headers", std::move(headers)},
                        {"body", std::move(body)}})
                  .status,
              200);
  }

  TempDir tmp_;
  std::filesystem::path dir_;
  PrRepo repo_;
  std::string url_;
};

TEST_F(PrPostE2e, PostsOnceThenNothingNewThenRepliesToTheFixedFinding) {
  const NovaRun first = Post();
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("octo/demo#7: posted review"), std::string::npos) << first.output;
  EXPECT_NE(first.output.find("with 3 comment(s); 0 already posted"), std::string::npos);
  ASSERT_EQ(State()["comments"].size(), 3u);
  ASSERT_EQ(State()["reviews"].size(), 1u);

  // The same head again (a re-run): nothing is reposted, no empty review either.
  const NovaRun again = Post();
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("nothing new to post; 3 already posted; replied to 0 fixed"),
            std::string::npos)
      << again.output;
  EXPECT_EQ(State()["comments"].size(), 3u);
  EXPECT_EQ(State()["reviews"].size(), 1u);

  // A push fixes the NULL: its comment gets one reply naming the commit; the rest stay put.
  std::string fixed = kHead;
  fixed.replace(fixed.find("NULL"), 4, "nullptr");
  repo_.head = Commit(dir_, fixed);
  SetPullHead(repo_.head);
  const NovaRun after_fix = Post();
  ASSERT_EQ(after_fix.exit_code, 0) << after_fix.output;
  EXPECT_NE(after_fix.output.find("nothing new to post; 2 already posted; replied to 1 fixed"),
            std::string::npos)
      << after_fix.output;
  const nlohmann::json comments = State()["comments"];
  ASSERT_EQ(comments.size(), 4u);
  const nlohmann::json& reply = comments[3];
  EXPECT_NE(reply["body"].get<std::string>().find("no longer reports this at " + repo_.head),
            std::string::npos);
  EXPECT_NE(comments[0]["body"].get<std::string>().find("use-nullptr"), std::string::npos);
  EXPECT_EQ(reply["in_reply_to_id"], comments[0]["id"]);

  // And once more: the fixed finding is not answered twice.
  const NovaRun last = Post();
  EXPECT_NE(last.output.find("replied to 0 fixed"), std::string::npos) << last.output;
  EXPECT_EQ(State()["comments"].size(), 4u);

  // The token went to the peer in the Authorization header and nowhere else.
  for (const NovaRun* run : {&first, &again, &after_fix, &last}) {
    EXPECT_EQ(run->output.find(kToken), std::string::npos);
  }
  const CommandResult grep = RunShell(dir_, std::string("grep -rl ") + kToken + " .nova || true");
  EXPECT_EQ(grep.output, "");
}

// Markers are plain text: the pull request's author copies the marker of a comment Nova is about
// to post (to hide it) and plants one of a finding that does not exist (to get a "fixed" reply).
// Only comments by the login Nova posts as (here GITHUB_TOKEN's github-actions[bot]) count.
TEST_F(PrPostE2e, MarkersInAnotherUsersCommentsNeitherHideNorTriggerFixedReplies) {
  const NovaRun analysis = RunNova(dir_, ReviewArgs(repo_), true);
  ASSERT_EQ(analysis.exit_code, 0) << analysis.output;
  ASSERT_EQ(analysis.report["comments"].size(), 3u);
  const std::string copied =
      github::MarkerFingerprint(analysis.report["comments"][0]["body"].get<std::string>());
  const nlohmann::json mallory = {{"login", "mallory"}, {"id", 9}, {"type", "User"}};
  nlohmann::json planted = nlohmann::json::array();
  planted.push_back({{"path", "demo.cpp"},
                     {"line", 4},
                     {"user", mallory},
                     {"body", "please ignore\n" + github::FingerprintMarker(copied)}});
  planted.push_back({{"path", "demo.cpp"},
                     {"line", 3},
                     {"user", mallory},
                     {"body", "bait\n" + github::FingerprintMarker("planted")}});
  ASSERT_EQ(PeerCall("POST", url_ + "/__peer/comments", planted).status, 200);
  const NovaRun run = Post();
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("posting as github-actions[bot] (GET /user is refused"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("with 3 comment(s); 0 already posted; replied to 0 fixed; ignored 2 "
                            "Nova marker(s) in comments by others"),
            std::string::npos)
      << run.output;
  const nlohmann::json comments = State()["comments"];
  ASSERT_EQ(comments.size(), 5u);
  for (const nlohmann::json& comment : comments) {
    EXPECT_FALSE(comment.contains("in_reply_to_id")) << comment.dump();
  }
}

TEST_F(PrPostE2e, PostsAsTheTokensOwnLoginOrRefusesABadBotLogin) {
  ASSERT_EQ(PeerCall("POST", url_ + "/__peer/config", {{"viewer", "octocat"}}).status, 200);
  const NovaRun personal = Post();
  ASSERT_EQ(personal.exit_code, 0) << personal.output;
  EXPECT_NE(personal.output.find("posting as octocat (GET /user)"), std::string::npos)
      << personal.output;
  // The same comments again: octocat's are Nova's now, so nothing is reposted.
  const NovaRun again = Post();
  EXPECT_NE(again.output.find("nothing new to post; 3 already posted"), std::string::npos)
      << again.output;

  const NovaRun bad = RunNova(dir_, ReviewArgs(repo_) + " --post", false,
                              "NOVA_BOT_LOGIN='not a login' " + Env(repo_.head));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("bot login 'not a login' (--bot-login or $NOVA_BOT_LOGIN) is not a "
                            "GitHub login"),
            std::string::npos)
      << bad.output;
  EXPECT_EQ(State()["reviews"].size(), 1u);
}

TEST_F(PrPostE2e, WaitsOutASecondaryRateLimitThenPosts) {
  Script(403, {{"retry-after", "1"}},
         {{"message",
           "You have exceeded a secondary rate limit. Please wait a few minutes "
           "before you try again."}});
  const NovaRun run = Post();
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("HTTP 403: You have exceeded a secondary rate limit. Please wait a "
                            "few minutes before you try again.; retrying in 1000 ms"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("posted review"), std::string::npos);
  EXPECT_EQ(State()["comments"].size(), 3u);
}

TEST_F(PrPostE2e, A422FailsTheJobWithGitHubsMessage) {
  Script(422, nlohmann::json::object(),
         {{"message", "Unprocessable Entity"},
          {"errors", {"Pull request review thread line must be part of the diff"}},
          {"documentation_url",
           "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request"}});
  const NovaRun run = Post();
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("HTTP 422: Unprocessable Entity [\"Pull request review thread line "
                            "must be part of the diff\"]"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(run.output.find(kToken), std::string::npos);
}

// A review aimed at a pull request whose head is another commit (a stale review, or a forged
// pull request number in an artifact) posts nothing there: no comment, no "fixed" reply.
TEST_F(PrPostE2e, RefusesAPullRequestWhoseHeadIsAnotherCommit) {
  ASSERT_EQ(
      PeerCall("POST", url_ + "/__peer/comments",
               nlohmann::json::array({{{"path", "demo.cpp"},
                                       {"line", 3},
                                       {"body", "old\n" + github::FingerprintMarker("gone")}}}))
          .status,
      200);
  SetPullHead(repo_.base);
  const NovaRun run = Post();
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("the pull request's head is " + repo_.base +
                            ", not the review's commit " + repo_.head),
            std::string::npos)
      << run.output;
  EXPECT_EQ(State()["comments"].size(), 1u);
  EXPECT_EQ(State()["reviews"].size(), 0u);
}

TEST_F(PrPostE2e, WithoutATokenPostingFailsLoudly) {
  const NovaRun run = RunNova(dir_, ReviewArgs(repo_) + " --post", false,
                              "GITHUB_TOKEN= GITHUB_REPOSITORY=octo/demo ");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("--post needs GITHUB_TOKEN"), std::string::npos) << run.output;
}

// The fork-safe split: the analysis writes the review as a file; the workflow_run job posts it
// with --post-review, and only for the head commit its own event names.
TEST_F(PrPostE2e, PostsAReviewFileForTheWorkflowRunsHeadOnly) {
  const NovaRun analysis = RunNova(dir_, ReviewArgs(repo_), true);
  ASSERT_EQ(analysis.exit_code, 0) << analysis.output;
  const std::filesystem::path review = tmp_.path() / "review.json";
  WriteFile(review, analysis.report.dump());

  const std::filesystem::path other = tmp_.path() / "other-run.json";
  ASSERT_EQ(MakeEvent("workflow_run", "completed", 0, repo_.base, "", other), "");
  const std::string env = "GITHUB_API_URL=" + url_ + " GITHUB_TOKEN=" + kToken +
                          " GITHUB_REPOSITORY=octo/demo GITHUB_EVENT_PATH=";
  const NovaRun stale = RunNova(tmp_.path(), "pr-review --post-review review.json --pull 7", false,
                                env + other.string() + " ");
  EXPECT_EQ(stale.exit_code, 2);
  EXPECT_NE(stale.output.find("but the event's head commit is " + repo_.base), std::string::npos)
      << stale.output;
  EXPECT_EQ(State()["comments"].size(), 0u);

  // A fork's pull request: workflow_run names no pull request, so --pull does.
  const std::filesystem::path fork = tmp_.path() / "fork-run.json";
  ASSERT_EQ(MakeEvent("workflow_run", "completed", 0, repo_.head, "", fork), "");
  const NovaRun posted = RunNova(tmp_.path(), "pr-review --post-review review.json --pull 7", false,
                                 env + fork.string() + " ");
  ASSERT_EQ(posted.exit_code, 0) << posted.output;
  EXPECT_NE(posted.output.find("octo/demo#7: posted review"), std::string::npos);
  EXPECT_EQ(State()["comments"].size(), 3u);
}

}  // namespace
}  // namespace nova::testing
