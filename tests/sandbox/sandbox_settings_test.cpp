#include "sandbox/sandbox_settings.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "support/test_support.h"

namespace nova::sandbox {
namespace {

core::Result<SandboxSettings> Parse(std::string_view text) {
  NOVA_ASSIGN_OR_RETURN(core::Config config, core::ParseConfig(text, ".nova.json"));
  return ParseSandboxSection(config);
}

core::Result<SandboxSettings> Load(const std::filesystem::path& dir) {
  NOVA_ASSIGN_OR_RETURN(core::Config config, core::LoadConfig(dir));
  return ParseSandboxSection(config);
}

TEST(SandboxSettingsTest, MissingFileGivesCMakeDefaults) {
  testing::TempDir dir;
  core::Result<SandboxSettings> settings = Load(dir.path());
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_FALSE(settings->configured);
  EXPECT_EQ(settings->timeout_s, 1800);
  ASSERT_FALSE(settings->build.empty());
  EXPECT_NE(settings->build[0].find("cmake -S ."), std::string::npos);
}

TEST(SandboxSettingsTest, BuildTestAndTimeoutAreRead) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / ".nova.json", R"({
    "sandbox": {"build": ["make"], "test": ["make check"], "timeout_s": 60}
  })");
  core::Result<SandboxSettings> settings = Load(dir.path());
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_EQ(settings->build, std::vector<std::string>{"make"});
  EXPECT_EQ(settings->test, std::vector<std::string>{"make check"});
  EXPECT_EQ(settings->timeout_s, 60);
  EXPECT_TRUE(settings->configured);
}

TEST(SandboxSettingsTest, WrongTypeIsNamed) {
  core::Result<SandboxSettings> settings = Parse(R"({"sandbox": {"timeout_s": "60"}})");
  ASSERT_FALSE(settings.ok());
  EXPECT_EQ(settings.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_NE(settings.status().message().find("sandbox.timeout_s"), std::string::npos);

  core::Result<SandboxSettings> build = Parse(R"({"sandbox": {"build": "make"}})");
  ASSERT_FALSE(build.ok());
  EXPECT_NE(build.status().message().find("sandbox.build: must be an array of strings"),
            std::string::npos);
  core::Result<SandboxSettings> section = Parse(R"({"sandbox": []})");
  ASSERT_FALSE(section.ok());
  EXPECT_EQ(section.status().message(), ".nova.json: sandbox: must be an object");
}

TEST(SandboxSettingsTest, UnknownNestedKeyIsNamedWithItsPath) {
  core::Result<SandboxSettings> config = Parse(R"({"sandbox": {"timout_s": 5}})");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("sandbox.timout_s: unknown key"), std::string::npos)
      << config.status().message();
}
TEST(SandboxSettingsTest, SandboxLimitsHaveTheDocumentedDefaults) {
  core::Result<SandboxSettings> config = Parse(R"({"sandbox": {"build": ["make"]}})");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(config->env.empty());
  EXPECT_EQ(config->ccache_dir, "");
  EXPECT_EQ(config->tmp_size_mb, 1024);
  EXPECT_EQ(config->memory_mb, 8192);
  EXPECT_EQ(config->pids_max, 4096);
  EXPECT_EQ(config->log_max_mb, 64);
  EXPECT_TRUE(config->ro_binds.empty());
  EXPECT_FALSE(config->allow_no_tests);
  EXPECT_FALSE(config->nested);
  EXPECT_EQ(DefaultCMakeSandbox().memory_mb, 8192);
}
// Regression: the default test line was plain ctest, which exits 0 when it finds no test.
TEST(SandboxSettingsTest, TheDefaultTestLineFailsWhenCtestFindsNoTestUnlessThatIsAllowed) {
  EXPECT_EQ(
      DefaultCMakeSandbox().test,
      std::vector<std::string>{"ctest --test-dir build --output-on-failure --no-tests=error"});
  EXPECT_FALSE(DefaultCMakeSandbox().allow_no_tests);
  // Allowed: ctest is left to say "No tests were found" and exit 0, and the verdict names it.
  core::Result<SandboxSettings> allowed = Parse(R"({"sandbox": {"allow_no_tests": true}})");
  ASSERT_TRUE(allowed.ok()) << allowed.status().ToString();
  EXPECT_TRUE(allowed->allow_no_tests);
  EXPECT_EQ(allowed->test, std::vector<std::string>{"ctest --test-dir build --output-on-failure"});
  // A test line the project wrote is kept as written.
  core::Result<SandboxSettings> own = Parse(R"({"sandbox": {"allow_no_tests": true, "test": []}})");
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_TRUE(own->test.empty());
}
TEST(SandboxSettingsTest, ReadOnlyBindsAreAbsolutePathsOtherThanTheRoot) {
  core::Result<SandboxSettings> config =
      Parse(R"({"sandbox": {"ro_binds": ["/opt/tools", "/home/runner/.cargo"]}})");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->ro_binds, (std::vector<std::string>{"/opt/tools", "/home/runner/.cargo"}));
}
TEST(SandboxSettingsTest, SandboxLimitKeysAreRead) {
  core::Result<SandboxSettings> config = Parse(R"({"sandbox": {
    "env": ["FOO", "CC", "CMAKE_GENERATOR"], "ccache_dir": "/var/cache/nova-ccache",
    "tmp_size_mb": 256, "memory_mb": 0, "pids_max": 100, "log_max_mb": 1,
    "nested": true}})");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->env, (std::vector<std::string>{"FOO", "CC", "CMAKE_GENERATOR"}));
  EXPECT_EQ(config->ccache_dir, "/var/cache/nova-ccache");
  EXPECT_EQ(config->tmp_size_mb, 256);
  EXPECT_EQ(config->memory_mb, 0);
  EXPECT_EQ(config->pids_max, 100);
  EXPECT_EQ(config->log_max_mb, 1);
  EXPECT_TRUE(config->nested);
}
TEST(SandboxSettingsTest, OutOfRangeSandboxLimitsAreNamed) {
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
    core::Result<SandboxSettings> config = Parse(text);
    ASSERT_FALSE(config.ok()) << text;
    EXPECT_EQ(config.status().code(), core::StatusCode::kInvalidArgument) << text;
    EXPECT_NE(config.status().message().find(expected), std::string::npos)
        << config.status().message();
  }
}
TEST(SandboxSettingsTest, SecretLookingEnvNamesAreRefusedByName) {
  for (const char* name : {"GITHUB_TOKEN", "github_token", "AWS_SECRET_ACCESS_KEY", "DB_PASSWORD",
                           "MYPASSWD", "GOOGLE_APPLICATION_CREDENTIALS", "SSH_KEY", "api_key",
                           "API_KEY", "NPM_AUTH_TOKEN", "Secret"}) {
    EXPECT_TRUE(IsSecretLookingName(name)) << name;
    const std::string text = std::string(R"({"sandbox": {"env": ["FOO", ")") + name + R"("]}})";
    core::Result<SandboxSettings> config = Parse(text);
    ASSERT_FALSE(config.ok()) << name;
    EXPECT_EQ(config.status().code(), core::StatusCode::kInvalidArgument);
    EXPECT_NE(config.status().message().find(std::string("sandbox.env: '") + name +
                                             "' looks like a secret"),
              std::string::npos)
        << config.status().message();
  }
  for (const char* name : {"FOO", "CC", "CXX", "KEYBOARD", "KEY_PATH", "MONKEY", "PATH", "LANG"}) {
    EXPECT_FALSE(IsSecretLookingName(name)) << name;
  }
}

}  // namespace
}  // namespace nova::sandbox
