// Credentials on the machine that runs `nova fix` stay out of the sandbox and so out of the
// verdict logs the nightly workflow uploads: the token actions/checkout leaves in the user's
// .git/config and a ~/.git-credentials, planted outside /tmp (which the sandbox replaces anyway)
// and read by a test line that prints them by their absolute paths.
#include <gtest/gtest.h>

#include "e2e_fixture.h"

namespace nova::testing {
namespace {

TEST(SandboxSecretsTest, TestsCannotPrintTheRepositorysTokenOrTheHomeCredentials) {
  TempDir temp("/var/tmp");
  const std::filesystem::path repo = temp.path() / "repo";
  const std::filesystem::path home = temp.path() / "home";
  const std::string token = "SECRET1" + UniqueMarker("extraheader");
  const std::string password = "SECRET2" + UniqueMarker("credentials");
  const std::string config_path = (repo / ".git/config").string();
  const std::string credentials_path = (home / ".git-credentials").string();
  const nlohmann::json nova_json = {
      {"sandbox",
       {{"build", {"c++ -fsyntax-only demo.cpp"}},
        {"test",
         {"cat " + config_path + " " + credentials_path + " .git/config; ls -a " + repo.string() +
          " " + home.string() + "; echo printed; true"}}}}};
  CreateDemoRepo(repo, nova_json.dump());
  // What actions/checkout leaves behind with persist-credentials (its default).
  Git(repo, "config http.https://github.com/.extraheader 'AUTHORIZATION: basic " + token + "'");
  std::filesystem::create_directories(home);
  WriteFile(credentials_path, "https://x-access-token:" + password + "@github.com\n");

  const NovaRun run =
      RunNova(repo, "fix . --merge-into target --format json", true, "HOME=" + home.string() + " ");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_EQ(run.report["patches"].size(), 1u) << run.report.dump(2);
  const std::string base_log = ReadFile(run.report["baseline"]["log"].get<std::string>());
  const std::string patch_log =
      ReadFile(run.report["patches"][0]["verdict"]["log"].get<std::string>());
  for (const std::string* log : {&base_log, &patch_log}) {
    EXPECT_NE(log->find("\nprinted\n"), std::string::npos) << "the test line did not run:\n"
                                                           << *log;
    EXPECT_EQ(log->find(token), std::string::npos) << "the repository's token leaked:\n" << *log;
    EXPECT_EQ(log->find(password), std::string::npos) << "~/.git-credentials leaked:\n" << *log;
    EXPECT_EQ(log->find("extraheader"), std::string::npos) << *log;
  }
  // The controls: both secrets are where a test without the sandbox's view would find them.
  EXPECT_NE(ReadFile(config_path).find(token), std::string::npos);
  EXPECT_NE(ReadFile(credentials_path).find(password), std::string::npos);
  EXPECT_EQ(run.report["patches"][0]["merged"], true) << run.report.dump(2);
}

}  // namespace
}  // namespace nova::testing
