#include "github/bot_identity.h"

#include <algorithm>
#include <cctype>

namespace nova::github {
namespace {

constexpr std::string_view kBotSuffix = "[bot]";
constexpr size_t kMaxLoginLength = 39;

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

bool IsGitHubLogin(std::string_view login) {
  if (login.size() > kBotSuffix.size() && login.ends_with(kBotSuffix)) {
    login.remove_suffix(kBotSuffix.size());
  }
  if (login.empty() || login.size() > kMaxLoginLength) return false;
  if (!IsAlnum(login.front()) || !IsAlnum(login.back())) return false;
  for (size_t i = 0; i < login.size(); ++i) {
    if (login[i] == '-') {
      if (login[i + 1] == '-') return false;  // never at the end: the last is alphanumeric
    } else if (!IsAlnum(login[i])) {
      return false;
    }
  }
  return true;
}

bool SameLogin(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

core::Result<BotIdentity> ResolveBotIdentity(GitHubClient& client, const std::string& configured) {
  if (!configured.empty()) {
    if (!IsGitHubLogin(configured)) {
      return core::InvalidArgumentError(
          "bot login '" + configured +
          "' (--bot-login or $NOVA_BOT_LOGIN) is not a GitHub login: letters, digits and single "
          "hyphens, optionally ending in [bot]");
    }
    return BotIdentity{configured, "--bot-login"};
  }
  auto login = client.AuthenticatedLogin();
  if (!login.ok()) {
    return login.status().WithContext(
        "finding the login Nova posts as (or pass --bot-login LOGIN)");
  }
  if (!*login) {
    return BotIdentity{
        kActionsBotLogin,
        "GET /user is refused to an installation token, taken as GitHub Actions' "
        "GITHUB_TOKEN (a GitHub App's own token needs --bot-login '<app-slug>[bot]')"};
  }
  if (!IsGitHubLogin(**login)) {
    return core::InternalError("GET /user answered with the login '" + **login +
                               "', not a GitHub login; pass --bot-login LOGIN");
  }
  return BotIdentity{**login, "GET /user"};
}

}  // namespace nova::github
