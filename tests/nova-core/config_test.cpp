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

TEST(ConfigTest, SandboxLimitsHaveTheDocumentedDefaults) {
  Result<Config> config = ParseConfig(R"({"sandbox": {"build": ["make"]}})", ".nova.json");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(config->sandbox.env.empty());
  EXPECT_EQ(config->sandbox.ccache_dir, "");
  EXPECT_EQ(config->sandbox.tmp_size_mb, 1024);
  EXPECT_EQ(config->sandbox.memory_mb, 8192);
  EXPECT_EQ(config->sandbox.pids_max, 4096);
  EXPECT_EQ(config->sandbox.log_max_mb, 64);
  EXPECT_TRUE(config->sandbox.ro_binds.empty());
  EXPECT_FALSE(config->sandbox.allow_no_tests);
  EXPECT_FALSE(config->sandbox.nested);
  EXPECT_EQ(DefaultCMakeSandbox().memory_mb, 8192);
}

// Regression: the default test line was plain ctest, which exits 0 when it finds no test.
TEST(ConfigTest, TheDefaultTestLineFailsWhenCtestFindsNoTestUnlessThatIsAllowed) {
  EXPECT_EQ(
      DefaultCMakeSandbox().test,
      std::vector<std::string>{"ctest --test-dir build --output-on-failure --no-tests=error"});
  EXPECT_FALSE(DefaultCMakeSandbox().allow_no_tests);
  // Allowed: ctest is left to say "No tests were found" and exit 0, and the verdict names it.
  Result<Config> allowed = ParseConfig(R"({"sandbox": {"allow_no_tests": true}})", ".nova.json");
  ASSERT_TRUE(allowed.ok()) << allowed.status().ToString();
  EXPECT_TRUE(allowed->sandbox.allow_no_tests);
  EXPECT_EQ(allowed->sandbox.test,
            std::vector<std::string>{"ctest --test-dir build --output-on-failure"});
  // A test line the project wrote is kept as written.
  Result<Config> own =
      ParseConfig(R"({"sandbox": {"allow_no_tests": true, "test": []}})", ".nova.json");
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_TRUE(own->sandbox.test.empty());
}

TEST(ConfigTest, ReadOnlyBindsAreAbsolutePathsOtherThanTheRoot) {
  Result<Config> config = ParseConfig(
      R"({"sandbox": {"ro_binds": ["/opt/tools", "/home/runner/.cargo"]}})", ".nova.json");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->sandbox.ro_binds,
            (std::vector<std::string>{"/opt/tools", "/home/runner/.cargo"}));
}

TEST(ConfigTest, SandboxLimitKeysAreRead) {
  Result<Config> config = ParseConfig(R"({"sandbox": {
    "env": ["FOO", "CC", "CMAKE_GENERATOR"], "ccache_dir": "/var/cache/nova-ccache",
    "tmp_size_mb": 256, "memory_mb": 0, "pids_max": 100, "log_max_mb": 1,
    "nested": true}})",
                                      ".nova.json");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->sandbox.env, (std::vector<std::string>{"FOO", "CC", "CMAKE_GENERATOR"}));
  EXPECT_EQ(config->sandbox.ccache_dir, "/var/cache/nova-ccache");
  EXPECT_EQ(config->sandbox.tmp_size_mb, 256);
  EXPECT_EQ(config->sandbox.memory_mb, 0);
  EXPECT_EQ(config->sandbox.pids_max, 100);
  EXPECT_EQ(config->sandbox.log_max_mb, 1);
  EXPECT_TRUE(config->sandbox.nested);
}

TEST(ConfigTest, OutOfRangeSandboxLimitsAreNamed) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"sandbox": {"tmp_size_mb": 0}})",
       ".nova.json: sandbox.tmp_size_mb: must be a whole number from 1 to 1048576"},
      {R"({"sandbox": {"memory_mb": -1}})",
       ".nova.json: sandbox.memory_mb: must be a whole number from 0 to 1048576"},
      {R"({"sandbox": {"pids_max": 1.5}})",
       ".nova.json: sandbox.pids_max: must be a whole number from 0 to 4194304"},
      {R"({"sandbox": {"log_max_mb": 0}})",
       ".nova.json: sandbox.log_max_mb: must be a whole number from 1 to 1048576"},
      {R"({"sandbox": {"ccache_dir": "cache"}})",
       ".nova.json: sandbox.ccache_dir: must be an absolute path, got 'cache'"},
      {R"({"sandbox": {"ccache_dir": 3}})",
       ".nova.json: sandbox.ccache_dir: must be a string (a path)"},
      {R"({"sandbox": {"env": "FOO"}})", ".nova.json: sandbox.env: must be an array of strings"},
      {R"({"sandbox": {"env": ["FOO=bar"]}})",
       ".nova.json: sandbox.env: 'FOO=bar' is not a variable name"},
      {R"({"sandbox": {"ro_binds": "/opt"}})",
       ".nova.json: sandbox.ro_binds: must be an array of strings"},
      {R"({"sandbox": {"ro_binds": ["tools"]}})",
       ".nova.json: sandbox.ro_binds: must hold absolute paths, got 'tools'"},
      {R"({"sandbox": {"ro_binds": ["/opt", "//"]}})",
       ".nova.json: sandbox.ro_binds: '/' would show the whole host"},
      {R"({"sandbox": {"allow_no_tests": "yes"}})",
       ".nova.json: sandbox.allow_no_tests: must be true or false"},
      {R"({"sandbox": {"nested": 1}})", ".nova.json: sandbox.nested: must be true or false"},
  };
  for (const auto& [text, expected] : cases) {
    Result<Config> config = ParseConfig(text, ".nova.json");
    ASSERT_FALSE(config.ok()) << text;
    EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument) << text;
    EXPECT_NE(config.status().message().find(expected), std::string::npos)
        << config.status().message();
  }
}

TEST(ConfigTest, SecretLookingEnvNamesAreRefusedByName) {
  for (const char* name : {"GITHUB_TOKEN", "github_token", "AWS_SECRET_ACCESS_KEY", "DB_PASSWORD",
                           "MYPASSWD", "GOOGLE_APPLICATION_CREDENTIALS", "SSH_KEY", "api_key",
                           "API_KEY", "NPM_AUTH_TOKEN", "Secret"}) {
    EXPECT_TRUE(IsSecretLookingName(name)) << name;
    const std::string text = std::string(R"({"sandbox": {"env": ["FOO", ")") + name + R"("]}})";
    Result<Config> config = ParseConfig(text, ".nova.json");
    ASSERT_FALSE(config.ok()) << name;
    EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(config.status().message().find(std::string("sandbox.env: '") + name +
                                             "' looks like a secret"),
              std::string::npos)
        << config.status().message();
  }
  for (const char* name : {"FOO", "CC", "CXX", "KEYBOARD", "KEY_PATH", "MONKEY", "PATH", "LANG"}) {
    EXPECT_FALSE(IsSecretLookingName(name)) << name;
  }
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
