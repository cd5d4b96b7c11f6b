#include "refactorer/merge_settings.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace nova::refactorer {
namespace {

core::Result<MergeSettings> Parse(const char* text) {
  NOVA_ASSIGN_OR_RETURN(core::Config config, core::ParseConfig(text, ".nova.json"));
  return ParseMergeSection(config);
}

TEST(MergeSettingsTest, ModelPatchesAreHeldByDefaultAndMergedWhenAsked) {
  core::Result<MergeSettings> defaults = Parse("{}");
  ASSERT_TRUE(defaults.ok());
  EXPECT_FALSE(defaults->model_patches);
  core::Result<MergeSettings> merged = Parse(R"({"merge": {"model_patches": true}})");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_TRUE(merged->model_patches);
}

TEST(MergeSettingsTest, WrongKeysAndTypesAreNamed) {
  const std::pair<const char*, const char*> bad[] = {
      {R"({"merge": {"model_patches": "yes"}})", "merge.model_patches: must be true or false"},
      {R"({"merge": {"everything": true}})", "merge.everything: unknown key"},
      {R"({"merge": true})", ".nova.json: merge: must be an object"},
  };
  for (const auto& [text, expected] : bad) {
    core::Result<MergeSettings> merge = Parse(text);
    ASSERT_FALSE(merge.ok()) << text;
    EXPECT_EQ(merge.status().code(), core::StatusCode::kInvalidArgument);
    EXPECT_NE(merge.status().message().find(expected), std::string::npos)
        << merge.status().message();
  }
}

}  // namespace
}  // namespace nova::refactorer
