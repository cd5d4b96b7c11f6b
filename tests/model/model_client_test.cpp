// The model client against the chat-completions peer: the wire format both ways, retries on 429
// and 5xx, a hang cut by the timeout, the run's budget, record and replay, and the API key kept
// out of everything Nova writes.
#include "nova-core/model/model_client.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>

#include "model_peer.h"
#include "nova-core/file_io.h"
#include "support/test_support.h"

namespace nova::core::model {
namespace {

using nlohmann::json;
using nova::testing::ReplyWith;
using std::chrono::milliseconds;

class RecordingSink final : public EffectSink {
 public:
  void Record(std::string_view kind, json detail) override {
    std::lock_guard lock(mutex_);
    events.push_back({{"kind", kind}, {"detail", std::move(detail)}});
  }
  std::vector<json> events;

 private:
  std::mutex mutex_;
};

class ModelClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(peer().problem, "");
    nova::testing::ResetChatPeer(peer());
  }
  static const nova::testing::Peer& peer() { return nova::testing::SharedChatPeer(); }
  std::string Endpoint() const { return peer().url + "/v1"; }

  ModelClientOptions Options() {
    ModelClientOptions options;
    options.endpoint = Endpoint();
    options.sleep = [this](milliseconds wait) { sleeps.push_back(wait.count()); };
    return options;
  }
  WorkHooks Hooks() { return WorkHooks{nullptr, &sink, {}}; }

  static ChatRequest Ask(const std::string& question) {
    ChatRequest request;
    request.model = "test-model";
    request.messages = {{"system", "Answer in JSON."}, {"user", question}};
    request.schema = {{"type", "object"}};
    request.purpose = "test";
    return request;
  }

  RecordingSink sink;
  std::vector<long long> sleeps;
};

TEST_F(ModelClientTest, GoodCompletionIsReadAndTracedWithDigestsTokensAndLatency) {
  nova::testing::ScriptChatPeer(
      peer(), json::array({{{"content", R"({"ok":true})"},
                            {"usage", {{"prompt_tokens", 11}, {"completion_tokens", 4}}}}}));
  http::CurlTransport transport;
  ModelBudget budget({});
  ModelClient client(transport, Options(), budget);
  auto reply = client.Complete(Ask("ping"), Hooks());
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->content, R"({"ok":true})");
  EXPECT_EQ(reply->finish_reason, "stop");
  EXPECT_EQ(reply->total_tokens, 15);
  EXPECT_EQ(budget.calls(), 1);
  EXPECT_EQ(budget.tokens(), 15);

  const json requests = nova::testing::ChatPeerRequests(peer());
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["verdict"], "ok");
  EXPECT_EQ(requests[0]["path"], "/v1/chat/completions");
  EXPECT_EQ(requests[0]["body"]["model"], "test-model");
  EXPECT_EQ(requests[0]["body"]["messages"][1]["role"], "user");
  EXPECT_EQ(requests[0]["body"]["response_format"]["type"], "json_schema");
  EXPECT_EQ(requests[0]["authorization"], "");  // no key configured: no header

  ASSERT_EQ(sink.events.size(), 1u);
  const json& event = sink.events[0]["detail"];
  EXPECT_EQ(sink.events[0]["kind"], "model_call");
  EXPECT_EQ(event["source"], "live");
  EXPECT_EQ(event["status"], 200);
  EXPECT_EQ(event["prompt_tokens"], 11);
  EXPECT_EQ(event["completion_tokens"], 4);
  EXPECT_EQ(event["total_tokens"], 15);
  EXPECT_EQ(event["request_digest"].get<std::string>().size(), 16u);
  EXPECT_EQ(event["prompt_digest"].get<std::string>().size(), 16u);
  EXPECT_EQ(event["response_digest"].get<std::string>().size(), 16u);
  EXPECT_TRUE(event.contains("latency_ms"));
  EXPECT_TRUE(event["cost"].is_null());
}

TEST_F(ModelClientTest, CostIsTracedWhenTheServerReportsIt) {
  nova::testing::ScriptChatPeer(peer(), json::array({{{"content", "{}"},
                                                      {"usage",
                                                       {{"prompt_tokens", 1},
                                                        {"completion_tokens", 1},
                                                        {"total_tokens", 2},
                                                        {"cost", 0.25}}}}}));
  http::CurlTransport transport;
  ModelBudget budget({});
  ModelClient client(transport, Options(), budget);
  ASSERT_TRUE(client.Complete(Ask("ping"), Hooks()).ok());
  EXPECT_DOUBLE_EQ(sink.events.at(0)["detail"]["cost"].get<double>(), 0.25);
}

TEST_F(ModelClientTest, MalformedRequestIsRejectedWith400AndTheServersMessage) {
  http::CurlTransport transport;
  ModelBudget budget({});
  ModelClient client(transport, Options(), budget);
  ChatRequest request = Ask("x");
  request.messages.clear();  // the API requires at least one message
  auto reply = client.Complete(request, Hooks());
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(reply.status().message().find("HTTP 400: 'messages' must be a non-empty array"),
            std::string::npos)
      << reply.status().message();
  EXPECT_TRUE(sleeps.empty());  // a 400 is never retried
}

TEST_F(ModelClientTest, MalformedCompletionIsAnErrorWithTheReason) {
  nova::testing::ScriptChatPeer(peer(), json::array({{{"body", "{\"choices\": 7"}}}));
  http::CurlTransport transport;
  ModelBudget budget({});
  ModelClient client(transport, Options(), budget);
  auto reply = client.Complete(Ask("x"), Hooks());
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(reply.status().message().find("chat completion is not JSON"), std::string::npos)
      << reply.status().message();
  ASSERT_EQ(sink.events.size(), 1u);
  EXPECT_TRUE(sink.events[0]["detail"].contains("error"));
}

TEST_F(ModelClientTest, TooManyRequestsHonoursRetryAfterThenSucceeds) {
  nova::testing::ScriptChatPeer(
      peer(),
      json::array({{{"status", 429}, {"headers", {{"Retry-After", "3"}}}}, ReplyWith("{}")}));
  http::CurlTransport transport;
  ModelBudget budget({});
  ModelClient client(transport, Options(), budget);
  auto reply = client.Complete(Ask("x"), Hooks());
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(sleeps, std::vector<long long>{3000});
  EXPECT_EQ(sink.events.at(0)["detail"]["attempts"], 2);
  EXPECT_EQ(sink.events.at(0)["detail"]["waited_ms"], 3000);
  EXPECT_EQ(nova::testing::ChatPeerRequests(peer()).size(), 2u);
}

TEST_F(ModelClientTest, RetryAfterLongerThanTheCapFailsTheCallWithoutWaiting) {
  nova::testing::ScriptChatPeer(
      peer(), json::array({{{"status", 429}, {"headers", {{"Retry-After", "3600"}}}}}));
  http::CurlTransport transport;
  ModelBudget budget({});
  ModelClient client(transport, Options(), budget);
  auto reply = client.Complete(Ask("x"), Hooks());
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(reply.status().message().find("Retry-After asks for 3600 s"), std::string::npos);
  EXPECT_TRUE(sleeps.empty());
}

TEST_F(ModelClientTest, ServerErrorsAreRetriedWithDoublingBackoffThenGivenUp) {
  nova::testing::ScriptChatPeer(
      peer(), json::array({{{"status", 503}}, {{"status", 500}}, {{"status", 502}}}));
  http::CurlTransport transport;
  ModelBudget budget({});
  ModelClientOptions options = Options();
  options.max_attempts = 3;
  ModelClient client(transport, options, budget);
  auto reply = client.Complete(Ask("x"), Hooks());
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(reply.status().message().find("HTTP 502"), std::string::npos);
  EXPECT_NE(reply.status().message().find("gave up after 3 attempts"), std::string::npos);
  EXPECT_EQ(sleeps, (std::vector<long long>{1000, 2000}));
}

TEST_F(ModelClientTest, HangPastTheTimeoutIsDeadlineExceededAndNotRetried) {
  nova::testing::ScriptChatPeer(peer(), json::array({{{"content", "{}"}, {"delay_ms", 20000}}}));
  http::CurlTransport transport(http::HttpOptions{2000, 1000, 1u << 20});
  ModelBudget budget({});
  ModelClient client(transport, Options(), budget);
  const auto start = std::chrono::steady_clock::now();
  auto reply = client.Complete(Ask("x"), Hooks());
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_LT(took, std::chrono::seconds(5));
  EXPECT_TRUE(sleeps.empty());
  EXPECT_EQ(budget.calls(), 1);  // it may have reached the server: charged
}

TEST_F(ModelClientTest, CallBudgetRunsOutAndNothingMoreIsSent) {
  nova::testing::ScriptChatPeer(peer(),
                                json::array({ReplyWith("{}"), ReplyWith("{}"), ReplyWith("{}")}));
  http::CurlTransport transport;
  ModelBudget budget({2, 1000000, std::chrono::seconds(600)});
  ModelClient client(transport, Options(), budget);
  ASSERT_TRUE(client.Complete(Ask("1"), Hooks()).ok());
  ASSERT_TRUE(client.Complete(Ask("2"), Hooks()).ok());
  auto third = client.Complete(Ask("3"), Hooks());
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(third.status().message(), "model budget spent: 2 of 2 calls (model.max_calls)");
  EXPECT_EQ(nova::testing::ChatPeerRequests(peer()).size(), 2u);
}

TEST_F(ModelClientTest, TokenBudgetRunsOutAfterTheCallThatSpentIt) {
  nova::testing::ScriptChatPeer(
      peer(), json::array({{{"content", "{}"},
                            {"usage", {{"prompt_tokens", 900}, {"completion_tokens", 200}}}},
                           ReplyWith("{}")}));
  http::CurlTransport transport;
  ModelBudget budget({10, 1000, std::chrono::seconds(600)});
  ModelClient client(transport, Options(), budget);
  ASSERT_TRUE(client.Complete(Ask("1"), Hooks()).ok());
  auto second = client.Complete(Ask("2"), Hooks());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(second.status().message().find("1100 of 1000 tokens"), std::string::npos);
}

TEST_F(ModelClientTest, WallTimeBudgetSpentSendsNothing) {
  http::CurlTransport transport;
  ModelBudget budget({10, 1000000, std::chrono::seconds(60)},
                     std::chrono::steady_clock::now() - std::chrono::seconds(61));
  ModelClient client(transport, Options(), budget);
  auto reply = client.Complete(Ask("late"), Hooks());
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(reply.status().message(), "model budget spent: 60 s of wall time (model.max_wall_s)");
  EXPECT_EQ(nova::testing::ChatPeerRequests(peer()).size(), 0u);
  EXPECT_EQ(budget.calls(), 0);
}

TEST_F(ModelClientTest, ARetryThatWouldOutlastTheWallBudgetIsNotWaitedFor) {
  nova::testing::ScriptChatPeer(
      peer(), json::array({{{"status", 429}, {"headers", {{"Retry-After", "30"}}}}}));
  http::CurlTransport transport;
  ModelBudget budget({10, 1000000, std::chrono::seconds(10)});
  ModelClient client(transport, Options(), budget);
  auto reply = client.Complete(Ask("x"), Hooks());
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(reply.status().message().find("would pass model.max_wall_s"), std::string::npos);
  EXPECT_TRUE(sleeps.empty());
  EXPECT_EQ(budget.calls(), 1);  // the 429 came from a request that was sent
}

TEST_F(ModelClientTest, CassetteRecordsThenReplaysOfflineAndRefusesAnUnrecordedRequest) {
  nova::testing::TempDir dir;
  nova::testing::ScriptChatPeer(peer(), json::array({ReplyWith(R"({"n":1})")}));
  {
    http::CurlTransport transport;
    ModelBudget budget({});
    ModelClient client(transport, Options(), budget, Cassette(dir.path(), CassetteMode::kRecord));
    auto reply = client.Complete(Ask("one"), Hooks());
    ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  }
  // Offline: an endpoint nobody listens on; the cassette answers.
  ModelClientOptions offline = Options();
  offline.endpoint = "http://127.0.0.1:9/v1";
  http::CurlTransport transport;
  ModelBudget budget({});
  ModelClient client(transport, offline, budget, Cassette(dir.path(), CassetteMode::kReplay));
  auto replayed = client.Complete(Ask("one"), Hooks());
  ASSERT_TRUE(replayed.ok()) << replayed.status().ToString();
  EXPECT_EQ(replayed->content, R"({"n":1})");
  EXPECT_EQ(budget.calls(), 1);
  EXPECT_EQ(sink.events.back()["detail"]["source"], "cassette");
  EXPECT_EQ(sink.events.back()["detail"]["response_digest"],
            sink.events.front()["detail"]["response_digest"]);

  auto unrecorded = client.Complete(Ask("two"), Hooks());
  ASSERT_FALSE(unrecorded.ok());
  EXPECT_EQ(unrecorded.status().code(), StatusCode::kNotFound);
  EXPECT_NE(unrecorded.status().message().find("has no recording of request"), std::string::npos);
  EXPECT_EQ(nova::testing::ChatPeerRequests(peer()).size(), 1u);
}

TEST_F(ModelClientTest, ApiKeyReachesOnlyTheAuthorizationHeader) {
  const std::string key = "sk-nova-test-SECRET-4242";
  nova::testing::RequireApiKey(peer(), key);
  nova::testing::ScriptChatPeer(peer(), json::array({ReplyWith("{}")}));
  nova::testing::TempDir dir;
  http::CurlTransport transport;
  ModelBudget budget({});
  ModelClientOptions options = Options();
  options.api_key = key;
  ModelClient client(transport, options, budget, Cassette(dir.path(), CassetteMode::kRecord));
  ASSERT_TRUE(client.Complete(Ask("with key"), Hooks()).ok());
  // A wrong key: the 401's Status must not carry either key.
  ModelClientOptions wrong = Options();
  wrong.api_key = "sk-wrong-SECRET-1717";
  ModelClient rejected(transport, wrong, budget);
  auto denied = rejected.Complete(Ask("wrong key"), Hooks());
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(denied.status().message().find("SECRET"), std::string::npos);

  const json requests = nova::testing::ChatPeerRequests(peer());
  EXPECT_EQ(requests.at(0)["authorization"], "Bearer " + key);
  EXPECT_EQ(json(sink.events).dump().find("SECRET"), std::string::npos);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++files;
    auto text = ReadWholeFile(entry.path());
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(text->find("SECRET"), std::string::npos) << entry.path();
    EXPECT_EQ(text->find("Authorization"), std::string::npos) << entry.path();
  }
  EXPECT_EQ(files, 1);
}

}  // namespace
}  // namespace nova::core::model
