// The sections of `.nova.json` that apps/ owns (configure, nightly, model), read through
// ParseProjectConfig as the commands read them.
#include "apps/project_config.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace nova::app {
namespace {

// Several tests list bad configs with the words their error must hold; one loop checks them all.
template <std::size_t N>
void ExpectBadConfigs(const std::pair<const char*, const char*> (&cases)[N]) {
  for (const auto& [text, expected] : cases) {
    core::Result<ProjectConfig> config = ParseProjectConfig(text, ".nova.json");
    ASSERT_FALSE(config.ok()) << text;
    EXPECT_EQ(config.status().code(), core::StatusCode::kInvalidArgument);
    EXPECT_NE(config.status().message().find(expected), std::string::npos)
        << config.status().message();
  }
}

TEST(ConfigureSettingsTest, ConfigureNamesDebianPackagesAndKeepsTheNetworkOffByDefault) {
  core::Result<ProjectConfig> defaults = ParseProjectConfig("{}", ".nova.json");
  ASSERT_TRUE(defaults.ok());
  EXPECT_TRUE(defaults->configure.packages.empty());
  EXPECT_FALSE(defaults->configure.network);
  core::Result<ProjectConfig> config = ParseProjectConfig(
      R"({"configure": {"packages": ["libssl-dev", "g++", "libboost1.74-dev"], "network": true}})",
      ".nova.json");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->configure.packages,
            (std::vector<std::string>{"libssl-dev", "g++", "libboost1.74-dev"}));
  EXPECT_TRUE(config->configure.network);

  // Names go to apt-get's command line: nothing that could be an option, a version, an
  // architecture or a second word.
  const std::pair<const char*, const char*> bad[] = {
      {R"({"configure": {"packages": ["-o=APT::Get::foo"]}})",
       "configure.packages: '-o=APT::Get::foo' is not a Debian package name"},
      {R"({"configure": {"packages": ["libssl-dev=3.0"]}})", "'libssl-dev=3.0' is not a Debian"},
      {R"({"configure": {"packages": ["zlib1g-dev:i386"]}})", "'zlib1g-dev:i386' is not"},
      {R"({"configure": {"packages": ["LibFoo"]}})", "'LibFoo' is not a Debian package name"},
      {R"({"configure": {"packages": ["a b"]}})", "'a b' is not a Debian package name"},
      {R"({"configure": {"packages": ["x"]}})", "'x' is not a Debian package name"},
      {R"({"configure": {"packages": "libssl-dev"}})", "configure.packages: must be an array"},
      {R"({"configure": {"network": "yes"}})", "configure.network"},
      {R"({"configure": {"apt": []}})", "configure.apt: unknown key"},
  };
  ExpectBadConfigs(bad);
  std::string many = R"({"configure": {"packages": [)";
  for (int i = 0; i < 65; ++i)
    many += (i ? "," : "") + std::string("\"p") + std::to_string(i) + "\"";
  many += "]}}";
  core::Result<ProjectConfig> too_many = ParseProjectConfig(many, ".nova.json");
  EXPECT_EQ(too_many.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_NE(too_many.status().message().find("names 65 packages, more than 64"), std::string::npos)
      << too_many.status().ToString();
}

TEST(ConfigureSettingsTest, CoreSectionsAreCheckedBeforeTheConfigureSection) {
  core::Result<ProjectConfig> bad = ParseProjectConfig(
      R"({"configure": {"apt": []}, "sandbox": {"timout_s": 5}})", "/repo/.nova.json");
  EXPECT_EQ(bad.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("/repo/.nova.json: sandbox.timout_s: unknown key"),
            std::string::npos)
      << bad.status().ToString();
}

TEST(NightlySettingsTest, NightlyHasTheDocumentedDefaultsAndReadsItsKeys) {
  core::Result<ProjectConfig> defaults = ParseProjectConfig("{}", ".nova.json");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->nightly.max_patches, 10);
  EXPECT_EQ(defaults->nightly.budget_s, 3600);
  EXPECT_EQ(defaults->nightly.target, "");
  EXPECT_EQ(defaults->nightly.trend_runs, 14);
  core::Result<ProjectConfig> set = ParseProjectConfig(
      R"({"nightly": {"max_patches": 3, "budget_s": 60, "target": "nova/nightly", "trend_runs": 5}})",
      ".nova.json");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->nightly.max_patches, 3);
  EXPECT_EQ(set->nightly.budget_s, 60);
  EXPECT_EQ(set->nightly.target, "nova/nightly");
  EXPECT_EQ(set->nightly.trend_runs, 5);
}

TEST(NightlySettingsTest, NightlyUnknownKeysAndWrongTypesNameTheKey) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"nightly": {"max_patch": 3}})", "nightly.max_patch: unknown key"},
      {R"({"nightly": {"budget_s": "1h"}})", "nightly.budget_s: must be a whole number"},
      {R"({"nightly": {"budget_s": 0}})", "nightly.budget_s: must be a whole number"},
      {R"({"nightly": {"target": 7}})", "nightly.target: must be a non-empty string"},
      {R"({"nightly": {"trend_runs": -1}})", "nightly.trend_runs: must be a whole number"},
      {R"({"nightly": []})", "nightly: must be an object"},
  };
  ExpectBadConfigs(cases);
}

TEST(ModelSettingsTest, ModelIsOffByDefaultWithTheDocumentedBounds) {
  core::Result<ProjectConfig> config = ParseProjectConfig("{}", ".nova.json");
  ASSERT_TRUE(config.ok());
  EXPECT_FALSE(config->model.enabled());
  EXPECT_EQ(config->model.timeout_s, 120);
  EXPECT_EQ(config->model.max_attempts, 4);
  EXPECT_EQ(config->model.max_calls, 50);
  EXPECT_EQ(config->model.max_tokens, 200000);
  EXPECT_EQ(config->model.max_wall_s, 900);
  EXPECT_EQ(config->model.response_format, "json_schema");
  EXPECT_EQ(config->model.review_functions, 5);
}

TEST(ModelSettingsTest, ModelKeysAreReadAndWrongOnesNamed) {
  core::Result<ProjectConfig> config = ParseProjectConfig(R"({
    "model": {"endpoint": "http://127.0.0.1:8080/v1", "name": "qwen2.5-coder",
              "api_key_env": "NOVA_MODEL_KEY", "timeout_s": 30, "max_calls": 7,
              "response_format": "json_object", "review_functions": 2}
  })",
                                                          ".nova.json");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(config->model.enabled());
  EXPECT_EQ(config->model.name, "qwen2.5-coder");
  EXPECT_EQ(config->model.api_key_env, "NOVA_MODEL_KEY");
  EXPECT_EQ(config->model.timeout_s, 30);
  EXPECT_EQ(config->model.max_calls, 7);
  EXPECT_EQ(config->model.response_format, "json_object");
  EXPECT_EQ(config->model.review_functions, 2);

  const std::pair<const char*, const char*> bad[] = {
      {R"({"model": {"endpont": "x"}})", "model.endpont: unknown key"},
      {R"({"model": {"endpoint": "http://h/v1"}})", "model.name: is required"},
      {R"({"model": {"endpoint": "ftp://h", "name": "m"}})", "model.endpoint: must be an http"},
      {R"({"model": {"timeout_s": "5"}})", "model.timeout_s: must be a whole number"},
      {R"({"model": {"response_format": "yaml"}})", "model.response_format: must be"},
  };
  ExpectBadConfigs(bad);
}

}  // namespace
}  // namespace nova::app
