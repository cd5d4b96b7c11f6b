#include "nova-core/trace_summary.h"

#include <gtest/gtest.h>

namespace nova::core {
namespace {

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

TEST(TraceSummaryTest, BadLineIsNamed) {
  Result<std::string> summary = SummarizeTrace("{\"agent\":\"a\"}\n", "run/trace.jsonl");
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(summary.status().message().find("run/trace.jsonl:1: not a trace step"), std::string::npos);
  EXPECT_EQ(SummarizeTrace("", "empty").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace nova::core
