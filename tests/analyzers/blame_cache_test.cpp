// The blame cache on disk: what it stores comes back, and an entry is found only for the same
// file, content, HEAD and build; a damaged entry is a miss.
#include "analyzers/cache/blame_cache.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
using core::git::BlameLine;
using testing::TempDir;

class BlameCacheTest : public ::testing::Test {
 protected:
  BlameCache Cache(const std::string& build = "sources 1") const {
    return BlameCache(dir_.path() / "stale-todo", build);
  }

  TempDir dir_;
  const BlameKey key_{"/src/a.cpp", "0123abcd", "1111111111111111111111111111111111111111"};
  const std::map<int, BlameLine> lines_{{3, {true, 1700000000, "Jane Doe"}},
                                        {9, {false, 0, ""}}};
};

TEST_F(BlameCacheTest, StoredLinesComeBack) {
  EXPECT_FALSE(Cache().Lookup(key_, {3}).has_value());
  ASSERT_TRUE(Cache().Store(key_, lines_).ok());
  auto hit = Cache().Lookup(key_, {3, 9});
  ASSERT_TRUE(hit.has_value());
  EXPECT_TRUE(hit->at(3).committed);
  EXPECT_EQ(hit->at(3).time, 1700000000);
  EXPECT_EQ(hit->at(3).author, "Jane Doe");
  EXPECT_FALSE(hit->at(9).committed);
  auto one = Cache().Lookup(key_, {9});
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->size(), 1u);
}

TEST_F(BlameCacheTest, AnotherFileContentHeadOrBuildIsAMiss) {
  ASSERT_TRUE(Cache().Store(key_, lines_).ok());
  BlameKey other_file = key_;
  other_file.file = "/src/b.cpp";
  BlameKey other_content = key_;
  other_content.content_hash = "0123abce";
  BlameKey other_head = key_;
  other_head.head = "2222222222222222222222222222222222222222";
  EXPECT_FALSE(Cache().Lookup(other_file, {3}).has_value());
  EXPECT_FALSE(Cache().Lookup(other_content, {3}).has_value());
  EXPECT_FALSE(Cache().Lookup(other_head, {3}).has_value());
  EXPECT_FALSE(Cache("sources 2").Lookup(key_, {3}).has_value());
  EXPECT_TRUE(Cache().Lookup(key_, {3}).has_value());
}

TEST_F(BlameCacheTest, AnEntryLackingALineIsAMiss) {
  ASSERT_TRUE(Cache().Store(key_, lines_).ok());
  EXPECT_FALSE(Cache().Lookup(key_, {3, 4}).has_value());
}

TEST_F(BlameCacheTest, ADamagedEntryIsAMissAndIsRewritten) {
  ASSERT_TRUE(Cache().Store(key_, lines_).ok());
  std::vector<fs::path> entries;
  for (const auto& e : fs::recursive_directory_iterator(dir_.path())) {
    if (e.is_regular_file()) entries.push_back(e.path());
  }
  ASSERT_EQ(entries.size(), 1u);
  for (const std::string& garbage :
       {std::string("{\"format\": 1, \"lines\": {\"3\": [tru"),
        std::string(R"({"format":1,"key":"x","file":"/src/a.cpp","head":"1","lines":{}})")}) {
    testing::WriteFile(entries[0], garbage);
    EXPECT_FALSE(Cache().Lookup(key_, {3}).has_value()) << garbage;
  }
  std::string text = testing::ReadFile(entries[0]);
  ASSERT_TRUE(Cache().Store(key_, lines_).ok());
  EXPECT_TRUE(Cache().Lookup(key_, {3}).has_value());
  // A line stored with a value of the wrong type is not trusted either.
  text = testing::ReadFile(entries[0]);
  const std::string stored = "[true,1700000000,\"Jane Doe\"]";
  ASSERT_NE(text.find(stored), std::string::npos) << text;
  text.replace(text.find(stored), stored.size(), "[true,\"yesterday\",\"Jane Doe\"]");
  testing::WriteFile(entries[0], text);
  EXPECT_FALSE(Cache().Lookup(key_, {3}).has_value());
}

}  // namespace
}  // namespace nova::analyzers
