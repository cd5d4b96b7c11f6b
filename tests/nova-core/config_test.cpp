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
  EXPECT_FALSE(config->sandbox.configured);
  EXPECT_EQ(config->sandbox.timeout_s, 1800);
  ASSERT_FALSE(config->sandbox.build.empty());
  EXPECT_NE(config->sandbox.build[0].find("cmake -S ."), std::string::npos);
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
  EXPECT_EQ(config->sandbox.build, std::vector<std::string>{"make"});
  EXPECT_EQ(config->sandbox.test, std::vector<std::string>{"make check"});
  EXPECT_EQ(config->sandbox.timeout_s, 60);
  EXPECT_TRUE(config->sandbox.configured);
}

TEST(ConfigTest, UnknownTopLevelKeyIsNamed) {
  Result<Config> config = ParseConfig(R"({"compile_comands": "x"})", ".nova.json");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(config.status().message().find(".nova.json: compile_comands: unknown key"),
            std::string::npos)
      << config.status().message();
}

TEST(ConfigTest, UnknownNestedKeyIsNamedWithItsPath) {
  Result<Config> config = ParseConfig(R"({"sandbox": {"timout_s": 5}})", ".nova.json");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("sandbox.timout_s: unknown key"), std::string::npos)
      << config.status().message();
}

TEST(ConfigTest, WrongTypeIsNamed) {
  Result<Config> config = ParseConfig(R"({"sandbox": {"timeout_s": "60"}})", ".nova.json");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(config.status().message().find("sandbox.timeout_s"), std::string::npos);

  Result<Config> build = ParseConfig(R"({"sandbox": {"build": "make"}})", ".nova.json");
  ASSERT_FALSE(build.ok());
  EXPECT_NE(build.status().message().find("sandbox.build: must be an array of strings"),
            std::string::npos);

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
