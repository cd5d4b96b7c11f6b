// What of the host a sandboxed command sees, as bubblewrap arguments: the system directories
// read-only (/usr, /etc without its secrets, /opt, the root's bin/sbin/lib* entries, kept as
// symlinks where the host has symlinks, and /sys's CPU list), the paths a project adds
// (sandbox.ro_binds), and never the tree around the checkout. Nothing else: no home directory,
// /root, /run, /var, /mnt, other workspace or the user's repository. Reads the host's directory
// entries; thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "nova-core/status.h"

namespace nova::sandbox {

// Entries of /etc that hold secrets (password hashes, sudo rules, ssh host keys, TLS private
// keys, credentials of package registries, git, databases and networks), relative to /etc. The
// sandbox's /etc lacks them, as a host without them would.
inline constexpr const char* kSecretEtcEntries[] = {
    "shadow",
    "shadow-",
    "gshadow",
    "gshadow-",
    "sudoers",
    "sudoers.d",
    "ssh",
    "ssl/private",
    "pki/tls/private",
    "security/opasswd",
    "krb5.keytab",
    "apt/auth.conf",
    "apt/auth.conf.d",
    "NetworkManager/system-connections",
    "wpa_supplicant",
    "credstore",
    "credstore.encrypted",
    "ipsec.secrets",
    "ppp",
    "gitconfig",
    "npmrc",
    "pip.conf",
    "docker",
    "containers/auth.json",
    "mysql",
    "letsencrypt",
};

// The bwrap arguments of the view, for a command whose checkout is `checkout` (absolute,
// canonical). `ro_binds` (absolute) are bound read-only at their real paths. Where a bound
// directory holds the checkout, its entry on the way to the checkout is replaced by an empty
// tmpfs (the checkout is bound into it), so neither the user's repository around a .nova/work
// checkout nor its neighbours show. The caller puts `system`, then its /dev, /proc and /tmp, then
// `added` (so a path under /tmp stays visible), then the checkout's bind, then HideRemountArgs.
// `host_root` is "/" except in tests.
struct HostView {
  std::vector<std::string> system;  // system directories, /etc's masks, hiding tmpfs mounts
  std::vector<std::string> added;   // sandbox.ro_binds, hiding tmpfs mounts
  std::vector<std::string> hidden;  // the tmpfs mount points that hide the checkout's neighbours
};
HostView HostViewFor(const std::filesystem::path& checkout,
                     const std::vector<std::string>& ro_binds = {},
                     const std::filesystem::path& host_root = "/");

// `--remount-ro DIR` for each hidden mount point: after the checkout is bound inside them.
std::vector<std::string> HideRemountArgs(const HostView& view);

// InvalidArgument naming sandbox.ro_binds when one of `ro_binds` is not an absolute path or does
// not exist on this machine.
core::Status CheckReadOnlyBinds(const std::vector<std::string>& ro_binds);

}  // namespace nova::sandbox
