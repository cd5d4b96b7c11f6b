#include "analyzers/cache/tu_cache.h"

#include <gtest/gtest.h>

#include <thread>

#include "analyzers/cache/build_identity.h"
#include "support/test_support.h"

namespace nova::analyzers {
namespace {

using nova::testing::TempDir;
using nova::testing::WriteFile;

class TuCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    main_ = (dir_.path() / "a.cpp").string();
    header_ = (dir_.path() / "a.h").string();
    WriteFile(main_, "#include \"a.h\"\nint* p = 0;\n");
    WriteFile(header_, "#pragma once\n");
    command_ = {main_, dir_.path(), {"clang++", "-std=c++20", "-c", main_}};
  }

  std::unique_ptr<TuCache> OpenCache(const std::string& digest = "config-1",
                                     std::map<std::string, std::string> overlay = {},
                                     const std::string& build = "sources 1") {
    auto cache = TuCache::Open(dir_.path() / ".nova/cache", build, digest, std::move(overlay));
    EXPECT_TRUE(cache.ok()) << cache.status().ToString();
    return std::move(*cache);
  }

  TuRecord Record(TuCache& cache) {
    TuRecord record;
    core::Finding f;
    f.rule = "use-nullptr";
    f.file = main_;
    f.line = 2;
    f.column = 10;
    f.end_line = 2;
    f.end_column = 11;
    f.message = "use nullptr instead of 0";
    f.snippet = "0";
    f.fix = {{main_, 24, 1, "nullptr"}};
    f.details = R"({"score":3})";
    record.findings = {f};
    record.facts["duplicate-code"] = nlohmann::json::array({{{"file", main_}, {"offset", 7}}});
    record.claimed_headers = {header_};
    record.inputs = {{main_, *cache.HashFile(main_)}, {header_, *cache.HashFile(header_)}};
    record.error_count = 1;
    record.first_error = "a.cpp:3: something";
    return record;
  }

  TempDir dir_;
  std::string main_, header_;
  libclang::CompileCommand command_;
};

TEST_F(TuCacheTest, StoredRecordComesBackWhole) {
  auto cache = OpenCache();
  EXPECT_FALSE(cache->Lookup(command_).has_value());
  EXPECT_EQ(cache->stats().misses, 1);
  const TuRecord stored = Record(*cache);
  ASSERT_TRUE(cache->Store(command_, stored).ok());

  auto fresh = OpenCache();  // a later run
  std::optional<TuRecord> hit = fresh->Lookup(command_);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(fresh->stats().hits, 1);
  ASSERT_EQ(hit->findings.size(), 1u);
  EXPECT_EQ(hit->findings[0].message, "use nullptr instead of 0");
  EXPECT_EQ(hit->findings[0].fix, stored.findings[0].fix);
  EXPECT_EQ(hit->findings[0].end_column, 11);
  EXPECT_EQ(hit->findings[0].details, R"({"score":3})");
  EXPECT_EQ(hit->claimed_headers, std::vector<std::string>{header_});
  EXPECT_EQ(hit->inputs, stored.inputs);
  EXPECT_EQ(hit->error_count, 1);
  EXPECT_EQ(hit->first_error, "a.cpp:3: something");
  EXPECT_EQ(hit->facts, stored.facts);
}

TEST_F(TuCacheTest, ChangedIncludedFileMakesTheEntryStale) {
  auto cache = OpenCache();
  ASSERT_TRUE(cache->Store(command_, Record(*cache)).ok());
  WriteFile(header_, "#pragma once\nint x;\n");
  auto later = OpenCache();
  EXPECT_FALSE(later->Lookup(command_).has_value());
  EXPECT_EQ(later->stats().stale, 1);
}

TEST_F(TuCacheTest, ChangedFlagsOrConfigMiss) {
  auto cache = OpenCache();
  ASSERT_TRUE(cache->Store(command_, Record(*cache)).ok());
  libclang::CompileCommand other_flags = command_;
  other_flags.argv.insert(other_flags.argv.begin() + 1, "-DNDEBUG");
  EXPECT_FALSE(OpenCache()->Lookup(other_flags).has_value());
  EXPECT_FALSE(OpenCache("config-2")->Lookup(command_).has_value());
  EXPECT_TRUE(OpenCache()->Lookup(command_).has_value());
}

// A changed rule must not serve findings cached by the build before it: the build identity is
// part of every key, so another build's entries on disk are never found.
TEST_F(TuCacheTest, AnotherBuildsEntryIsAMiss) {
  auto cache = OpenCache("config-1", {}, BuildIdentity());
  ASSERT_TRUE(cache->Store(command_, Record(*cache)).ok());
  auto other_build = OpenCache("config-1", {}, BuildIdentity() + " (a rule changed)");
  EXPECT_FALSE(other_build->Lookup(command_).has_value());
  EXPECT_EQ(other_build->stats().misses, 1);
  auto same_build = OpenCache("config-1", {}, BuildIdentity());
  EXPECT_TRUE(same_build->Lookup(command_).has_value());
  EXPECT_EQ(same_build->stats().hits, 1);
}

TEST_F(TuCacheTest, CorruptOrForeignEntryIsIgnoredAndRebuilt) {
  auto cache = OpenCache();
  ASSERT_TRUE(cache->Store(command_, Record(*cache)).ok());
  std::vector<std::filesystem::path> entries;
  for (const auto& e : std::filesystem::recursive_directory_iterator(cache->dir())) {
    if (e.is_regular_file()) entries.push_back(e.path());
  }
  ASSERT_EQ(entries.size(), 1u);

  WriteFile(entries[0], "{\"format\": 1, \"key\": tru");  // truncated mid-write by something else
  auto after_garbage = OpenCache();
  EXPECT_FALSE(after_garbage->Lookup(command_).has_value());
  EXPECT_EQ(after_garbage->stats().corrupt, 1);

  auto rebuilt = OpenCache();
  ASSERT_TRUE(rebuilt->Store(command_, Record(*rebuilt)).ok());
  std::string text = nova::testing::ReadFile(entries[0]);
  EXPECT_TRUE(OpenCache()->Lookup(command_).has_value());

  // Another format version is not trusted either.
  const std::string format = "\"format\":" + std::to_string(TuCache::kFormatVersion);
  const auto at = text.find(format);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, format.size(), "\"format\":99");
  WriteFile(entries[0], text);
  auto old_format = OpenCache();
  EXPECT_FALSE(old_format->Lookup(command_).has_value());
  EXPECT_EQ(old_format->stats().corrupt, 1);
}

TEST_F(TuCacheTest, OverlayContentIsWhatGetsHashed) {
  auto disk = OpenCache();
  auto overlaid = OpenCache("config-1", {{main_, "int* p = NULL;\n"}});
  EXPECT_NE(*disk->HashFile(main_), *overlaid->HashFile(main_));
  EXPECT_EQ(*disk->HashFile(header_), *overlaid->HashFile(header_));
  EXPECT_EQ(disk->HashFile((dir_.path() / "missing.h").string()).status().code(),
            core::StatusCode::kNotFound);
}

TEST_F(TuCacheTest, EntryWithoutInputsIsRefused) {
  auto cache = OpenCache();
  TuRecord record = Record(*cache);
  record.inputs.clear();
  EXPECT_EQ(cache->Store(command_, record).code(), core::StatusCode::kInvalidArgument);
}

TEST_F(TuCacheTest, ConcurrentWritersNeverExposeAHalfWrittenEntry) {
  auto cache = OpenCache();
  const TuRecord record = Record(*cache);
  std::atomic<bool> failed_store{false};
  auto writer = [&] {
    auto own = OpenCache();  // as a second process would
    for (int i = 0; i < 150; ++i) failed_store = failed_store || !own->Store(command_, record).ok();
  };
  std::thread a(writer), b(writer);
  auto reader = OpenCache();
  for (int i = 0; i < 300; ++i) (void)reader->Lookup(command_);
  a.join();
  b.join();
  EXPECT_FALSE(failed_store);
  EXPECT_EQ(reader->stats().corrupt, 0);
  EXPECT_TRUE(OpenCache()->Lookup(command_).has_value());
  int leftovers = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(cache->dir())) {
    leftovers += e.path().string().find(".tmp.") != std::string::npos;
  }
  EXPECT_EQ(leftovers, 0);
}

}  // namespace
}  // namespace nova::analyzers
