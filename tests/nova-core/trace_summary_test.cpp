#include "nova-core/trace_summary.h"

#include <gtest/gtest.h>

namespace nova::core {
namespace {

// The summary is checked for many lines at once; one loop names the one missing, with the
// whole summary.
void ExpectContains(const std::string& s, std::initializer_list<const char*> fragments) {
  for (const char* fragment : fragments) EXPECT_NE(s.find(fragment), std::string::npos) << s;
}

TEST(TraceSummaryTest, TimelineSlowestAndFailures) {
  const std::string trace =
      R"({"agent":"indexer","start":"2026-11-22T18:00:00.000Z","duration_ms":120,"outcome":"ok","error":null})"
      "\n"
      R"({"agent":"analyzer","start":"2026-11-22T18:00:00.120Z","duration_ms":4100,"outcome":"ok","error":null})"
      "\n"
      R"({"agent":"refactorer","start":"2026-11-22T18:00:04.220Z","duration_ms":3,"outcome":"declined","error":"no finding has a mechanical fix"})"
      "\n"
      R"({"agent":"gatekeeper","start":"2026-11-22T18:00:04.223Z","duration_ms":900,"outcome":"failed","error":"FailedPrecondition: the base is red"})"
      "\n";
  Result<std::string> summary = SummarizeTrace(trace, "t.jsonl");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  const std::string& s = *summary;
  EXPECT_NE(s.find("timeline (4 steps, from 2026-11-22T18:00:00.000Z)"), std::string::npos) << s;
  EXPECT_NE(s.find("total    5.123 s"), std::string::npos) << s;
  // The slowest first.
  EXPECT_LT(s.find("   4.100 s  analyzer\n", s.find("slowest:")),
            s.find("   0.900 s  gatekeeper\n", s.find("slowest:")));
  EXPECT_NE(s.find("2 step(s) not ok:"), std::string::npos);
  EXPECT_NE(s.find("refactorer declined: no finding has a mechanical fix"), std::string::npos);
  EXPECT_NE(s.find("gatekeeper failed: FailedPrecondition: the base is red"), std::string::npos);
}

TEST(TraceSummaryTest, EffectsAreAccountedAndAProcessWithoutAnEndIsFlagged) {
  const std::string trace =
      R"({"event":"run_start","time":"2026-11-22T18:00:00.000Z","command":"fix","nova_version":"0.1.0","config_digest":"abcd","plan":["refactorer"]})"
      "\n"
      R"({"event":"effect","agent":"refactorer","kind":"branch_created","branch":"nova/use-nullptr/0123456789","commit":"1111111111111111"})"
      "\n"
      R"({"event":"effect","agent":"verifier","kind":"process_started","id":"p1","pid":41,"argv":["bwrap","sh"]})"
      "\n"
      R"({"event":"effect","agent":"verifier","kind":"process_ended","id":"p1","exit_code":0,"signal":0,"timed_out":false,"cancelled":false})"
      "\n"
      R"({"event":"effect","agent":"verifier","kind":"process_started","id":"p2","pid":42,"argv":["bwrap","ctest"]})"
      "\n"
      R"({"event":"effect","agent":"gatekeeper","kind":"ref_updated","ref":"refs/heads/main","old":"2222222222222222","new":"3333333333333333","reason":"verified"})"
      "\n"
      R"({"event":"retry","agent":"poster","attempt":1,"backoff_ms":500,"error":"Unavailable: 503"})"
      "\n"
      R"({"event":"step_end","agent":"gatekeeper","start":"2026-11-22T18:00:01.000Z","duration_ms":10,"outcome":"ok","error":null,"attempts":1})"
      "\n";
  Result<std::string> summary = SummarizeTrace(trace, "t.jsonl");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  const std::string& s = *summary;
  ExpectContains(s, {"run: fix at 2026-11-22T18:00:00.000Z, nova 0.1.0, config abcd",
                     "nova/use-nullptr/0123456789 at 111111111111 (created by refactorer)",
                     "refs/heads/main: 222222222222 -> 333333333333 (verified)",
                     "processes (2 started, 1 exit 0)", "NO END RECORDED: process 42 (bwrap ctest)",
                     "retry: poster attempt 1 failed (Unavailable: 503); next in 500 ms",
                     "ended: NO run_end EVENT"});
}

TEST(TraceSummaryTest, ModelCallsAreListedWithTokensOrTheirError) {
  const std::string trace =
      R"({"event":"run_start","time":"2026-11-22T18:00:00.000Z","command":"review","plan":["model-reviewer"]})"
      "\n"
      R"json({"event":"effect","agent":"model-reviewer","kind":"model_call","purpose":"model-reviewer: f()","source":"live","latency_ms":40,"total_tokens":120,"attempts":2})json"
      "\n"
      R"json({"event":"effect","agent":"model-reviewer","kind":"model_call","purpose":"model-reviewer: g()","source":"cassette","latency_ms":1,"error":"NotFound: no recording"})json"
      "\n"
      R"({"event":"step_end","agent":"model-reviewer","start":"2026-11-22T18:00:01.000Z","duration_ms":41,"outcome":"failed","error":"NotFound: no recording","attempts":1})"
      "\n";
  Result<std::string> summary = SummarizeTrace(trace, "t.jsonl");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_NE(summary->find("model-reviewer: f() (live, 40 ms): 120 tokens, 2 attempt(s)"),
            std::string::npos)
      << *summary;
  EXPECT_NE(summary->find("model-reviewer: g() (cassette, 1 ms): failed: NotFound: no recording"),
            std::string::npos)
      << *summary;
}

TEST(TraceSummaryTest, BadLineIsNamed) {
  Result<std::string> summary = SummarizeTrace("{\"agent\":\"a\"}\n", "run/trace.jsonl");
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(summary.status().message().find("run/trace.jsonl:1: not a trace event"), std::string::npos);
  EXPECT_EQ(SummarizeTrace("", "empty").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace nova::core
