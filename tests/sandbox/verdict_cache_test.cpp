#include "sandbox/verdict_cache.h"

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace nova::sandbox {
namespace {

Verdict PassedVerdict(const std::string& commit, const std::string& tree) {
  Verdict verdict;
  verdict.commit = commit;
  verdict.tree = tree;
  verdict.stage = Stage::kDone;
  verdict.passed = true;
  verdict.description = "passed";
  verdict.log = "/tmp/logs/" + commit + ".log";
  return verdict;
}

TEST(VerdictCacheTest, FindReaddressesTheVerdictToTheCommitAskedAbout) {
  VerdictCache cache;
  cache.Store(PassedVerdict("c1", "t1"));
  std::optional<Verdict> found = cache.Find("t1", "c2");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->commit, "c2");
  EXPECT_EQ(found->tree, "t1");
  EXPECT_TRUE(found->passed);
  EXPECT_TRUE(found->reused);
  EXPECT_EQ(found->reused_from, "c1");
  EXPECT_EQ(found->log, "/tmp/logs/c1.log");
  EXPECT_FALSE(cache.Find("t2", "c2").has_value());
}

TEST(VerdictCacheTest, ACancelledVerdictIsNeverStored) {
  VerdictCache cache;
  Verdict cancelled = PassedVerdict("c1", "t1");
  cancelled.passed = false;
  cancelled.cancelled = true;
  cache.Store(cancelled);
  EXPECT_FALSE(cache.Find("t1", "c1").has_value());
  EXPECT_EQ(cache.size(), 0u);
}

TEST(VerdictCacheTest, TheFirstVerdictOfATreeStays) {
  VerdictCache cache;
  cache.Store(PassedVerdict("c1", "t1"));
  Verdict red = PassedVerdict("c2", "t1");
  red.passed = false;
  cache.Store(red);
  std::optional<Verdict> found = cache.Find("t1", "c3");
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(found->passed);
  EXPECT_EQ(found->reused_from, "c1");
  EXPECT_EQ(cache.size(), 1u);
}

TEST(VerdictCacheTest, AReusedVerdictIsNotStoredAgain) {
  VerdictCache cache;
  cache.Store(PassedVerdict("c1", "t1"));
  Verdict reused = *cache.Find("t1", "c2");
  VerdictCache other;
  other.Store(reused);
  EXPECT_EQ(other.size(), 0u);
}

TEST(VerdictCacheTest, StoresFromSeveralThreads) {
  VerdictCache cache;
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 100; ++i) {
        const std::string id = std::to_string(t) + "-" + std::to_string(i);
        cache.Store(PassedVerdict("c" + id, "t" + id));
        EXPECT_TRUE(cache.Find("t" + id, "x").has_value());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(cache.size(), 400u);
}

}  // namespace
}  // namespace nova::sandbox
