#include "nova-core/config.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace nova::core {
namespace {

TEST(ConfigTest, MissingFileGivesCMakeDefaults) {
  testing::TempDir dir;
  Result<Config> config = LoadConfig(dir.path());
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_FALSE(config->compile_commands.has_value());
}

TEST(ConfigTest, ParsesEveryDocumentedKey) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / ".nova.json", R"({
    "compile_commands": "out/compile_commands.json",
    "exclude": ["third_party/**"],
    "rules": {"function-size": {"max_lines": 40}},
    "sandbox": {"build": ["make"], "test": ["make check"], "timeout_s": 60}
  })");
  Result<Config> config = LoadConfig(dir.path());
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(*config->compile_commands, "out/compile_commands.json");
  EXPECT_EQ(config->exclude, std::vector<std::string>{"third_party/**"});
  EXPECT_EQ(config->rules.at("function-size")["max_lines"], 40);
}

TEST(ConfigTest, FixSettingsHaveTheDocumentedDefaults) {
  Result<Config> config = ParseConfig("{}", ".nova.json");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->fix.max_files, 20);
  EXPECT_EQ(config->fix.max_edits, 200);
  EXPECT_FALSE(config->fix.split_by_directory);
  EXPECT_EQ(config->fix.max_rounds, 3);
  EXPECT_EQ(config->fix.protected_paths, DefaultProtectedPaths());
  EXPECT_TRUE(config->fix.merge_protected.empty());
  EXPECT_EQ(config->fix.author_name, "Nova");
  EXPECT_EQ(config->fix.author_email, "nova@localhost");
  EXPECT_TRUE(config->fix.reparse_proof);
  EXPECT_TRUE(config->fix.format);
  testing::TempDir dir;
  Result<Config> missing = LoadConfig(dir.path());
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->fix.protected_paths, DefaultProtectedPaths());
}

TEST(ConfigTest, FixKeysAreReadAndWrongOnesNamed) {
  Result<Config> config = ParseConfig(R"({"fix": {
    "max_files": 5, "max_edits": 0, "split_by_directory": true, "max_rounds": 1,
    "protected_paths": ["ci/**"], "merge_protected": ["use-nullptr"],
    "author_name": "Bot", "author_email": "bot@example.com", "reparse_proof": false,
    "format": false}})",
                                      ".nova.json");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->fix.max_files, 5);
  EXPECT_EQ(config->fix.max_edits, 0);
  EXPECT_TRUE(config->fix.split_by_directory);
  EXPECT_EQ(config->fix.max_rounds, 1);
  EXPECT_EQ(config->fix.protected_paths, std::vector<std::string>{"ci/**"});
  EXPECT_EQ(config->fix.merge_protected, std::vector<std::string>{"use-nullptr"});
  EXPECT_EQ(config->fix.author_name, "Bot");
  EXPECT_EQ(config->fix.author_email, "bot@example.com");
  EXPECT_FALSE(config->fix.reparse_proof);
  EXPECT_FALSE(config->fix.format);

  for (const auto& [text, key] : std::vector<std::pair<std::string, std::string>>{
           {R"({"fix": {"max_file": 5}})", "fix.max_file: unknown key"},
           {R"({"fix": {"max_files": -1}})", "fix.max_files"},
           {R"({"fix": {"split_by_directory": 1}})", "fix.split_by_directory"},
           {R"({"fix": {"author_email": ""}})", "fix.author_email"},
           {R"({"fix": {"protected_paths": "tests/**"}})", "fix.protected_paths"},
           {R"({"fix": []})", "fix: must be an object"}}) {
    Result<Config> bad = ParseConfig(text, ".nova.json");
    ASSERT_FALSE(bad.ok()) << text;
    EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(bad.status().message().find(key), std::string::npos) << bad.status().message();
  }
}

TEST(ConfigTest, UnknownTopLevelKeyIsNamed) {
  Result<Config> config = ParseConfig(R"({"compile_comands": "x"})", ".nova.json");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(config.status().message().find(".nova.json: compile_comands: unknown key"),
            std::string::npos)
      << config.status().message();
}


TEST(ConfigTest, WrongTypeIsNamed) {
  Result<Config> rules = ParseConfig(R"({"rules": {"function-size": 3}})", ".nova.json");
  ASSERT_FALSE(rules.ok());
  EXPECT_NE(rules.status().message().find("rules.function-size: must be an object"),
            std::string::npos);
}

TEST(ConfigTest, RunBoundsAreReadAndOutOfRangeValuesNamed) {
  Result<Config> config = ParseConfig(
      R"({"run": {"deadline_s": 600, "stall_timeout_s": 0, "max_steps": 8, "verify_parallel": 2}})",
      ".nova.json");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->run.deadline_s, 600);
  EXPECT_EQ(config->run.stall_timeout_s, 0);
  EXPECT_EQ(config->run.max_steps, 8);
  EXPECT_EQ(config->run.verify_parallel, 2);
  EXPECT_EQ(config->digest.size(), 16u);
  EXPECT_EQ(ParseConfig("{}", "x")->run.stall_timeout_s, 1800);

  Result<Config> bad = ParseConfig(R"({"run": {"verify_parallel": 0}})", ".nova.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(".nova.json: run.verify_parallel: must be a whole number from 1 to 64"),
            std::string::npos) << bad.status().message();
  Result<Config> unknown = ParseConfig(R"({"run": {"deadline": 5}})", ".nova.json");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("run.deadline: unknown key"), std::string::npos);
}







TEST(ConfigTest, SyntaxErrorNamesFileAndLine) {
  Result<Config> config = ParseConfig("{\n  \"exclude\": [\n  ,\n}", "/repo/.nova.json");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(config.status().message().find("/repo/.nova.json:3: not valid JSON"),
            std::string::npos)
      << config.status().message();
}

}  // namespace
}  // namespace nova::core
