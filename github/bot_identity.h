// Bot identity: the GitHub login Nova posts as, the only author whose review comments the poster
// trusts. Fingerprint markers are plain text anyone can write in a comment, so a marker counts
// only in a comment by this login. Pure functions except ResolveBotIdentity, which asks GitHub
// once through the caller's client; thread-safe as far as that client is.
#pragma once

#include <string>
#include <string_view>

#include "github/github_client.h"
#include "nova-core/result.h"

namespace nova::github {

// Who GitHub Actions' GITHUB_TOKEN posts as; GET /user is refused to that token.
inline constexpr char kActionsBotLogin[] = "github-actions[bot]";

struct BotIdentity {
  std::string login;
  std::string origin;  // how it was found, for the log: "--bot-login", "GET /user", ...
};

// `configured` (from --bot-login or $NOVA_BOT_LOGIN) when not empty, else the token's own login
// (GET /user), else, when GitHub refuses GET /user to an installation token, kActionsBotLogin (a
// GitHub App's own installation token needs `configured`: "<app-slug>[bot]"). InvalidArgument
// when `configured` is not a GitHub login.
core::Result<BotIdentity> ResolveBotIdentity(GitHubClient& client, const std::string& configured);

// GitHub logins: letters, digits and single hyphens, at most 39, optionally ending in "[bot]".
bool IsGitHubLogin(std::string_view login);
// Logins compare case-insensitively, as GitHub treats them.
bool SameLogin(std::string_view a, std::string_view b);

}  // namespace nova::github
