#include "sandbox/host_view.h"

#include <iterator>
#include <system_error>

namespace nova::sandbox {
namespace {

namespace fs = std::filesystem;

// A host directory shown in the sandbox: `source` on the host (symlinks resolved) at `dest`.
struct Shown {
  fs::path source;
  fs::path dest;
};

// Real path of `path`, or `path` itself when it cannot be resolved (bwrap then reports it).
fs::path RealPath(const fs::path& path) {
  std::error_code error;
  fs::path real = fs::canonical(path, error);
  return error ? path : real;
}

// The first component of `path` below `dir`, when `path` lies strictly inside `dir`.
fs::path FirstComponentBelow(const fs::path& dir, const fs::path& path) {
  const fs::path relative = path.lexically_relative(dir);
  if (relative.empty() || relative == "." || *relative.begin() == "..") return {};
  return *relative.begin();
}

class ViewBuilder {
 public:
  explicit ViewBuilder(const fs::path& checkout) : checkout_(RealPath(checkout)) {}

  // Shows `shown` read-only; when it holds the checkout, hides the entry on the way to it.
  void Show(const Shown& shown) {
    Append({"--ro-bind", shown.source.string(), shown.dest.string()});
    const fs::path entry = FirstComponentBelow(shown.source, checkout_);
    if (entry.empty()) return;
    const std::string hide = (shown.dest / entry).string();
    Append({"--tmpfs", hide});
    view_.hidden.push_back(hide);
  }
  void Append(std::initializer_list<std::string> args) {
    std::vector<std::string>& out = adding_ ? view_.added : view_.system;
    out.insert(out.end(), args);
  }
  // What follows goes to `added`: the project's own paths.
  void StartAdded() { adding_ = true; }
  HostView Take() { return std::move(view_); }

 private:
  fs::path checkout_;
  bool adding_ = false;
  HostView view_;
};

// The root's bin, sbin and lib* entries: symlinks stay symlinks (merged /usr), directories are
// shown read-only.
void ShowRootEntries(const fs::path& host_root, ViewBuilder& view) {
  std::error_code error;
  for (fs::directory_iterator it(host_root, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name != "bin" && name != "sbin" && name.rfind("lib", 0) != 0) continue;
    std::error_code status_error;
    const fs::file_status status = fs::symlink_status(it->path(), status_error);
    if (status_error) continue;
    if (fs::is_symlink(status)) {
      const fs::path target = fs::read_symlink(it->path(), status_error);
      if (!status_error) view.Append({"--symlink", target.string(), "/" + name});
    } else if (fs::is_directory(status)) {
      view.Show({RealPath(it->path()), "/" + name});
    }
  }
}

// Whether `secret` is `entry` itself (0), lies below it (1), or neither (-1); both relative.
int Relation(const std::string& entry, const std::string& secret) {
  if (secret == entry) return 0;
  return secret.rfind(entry + "/", 0) == 0 ? 1 : -1;
}

// `host_dir` at `dest` without the `secrets` (relative to it): a directory holding none is bound
// whole; one holding some becomes a read-only tmpfs into which each other entry is bound (or
// made the same symlink), so a secret is absent, as if the host had none. Absent, not an
// unreadable stand-in: programs such as git stop at a configuration file they cannot open.
void ShowWithout(const fs::path& host_dir, const fs::path& dest,
                 const std::vector<std::string>& secrets, ViewBuilder& view) {
  if (secrets.empty()) {
    view.Show({RealPath(host_dir), dest});
    return;
  }
  view.Append({"--tmpfs", dest.string()});
  std::error_code error;
  for (fs::directory_iterator it(host_dir, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    std::vector<std::string> below;
    bool secret = false;
    for (const std::string& candidate : secrets) {
      const int relation = Relation(name, candidate);
      secret |= relation == 0;
      if (relation == 1) below.push_back(candidate.substr(name.size() + 1));
    }
    std::error_code status_error;
    const fs::file_status status = fs::symlink_status(it->path(), status_error);
    if (secret || status_error) continue;
    if (fs::is_symlink(status)) {
      const fs::path target = fs::read_symlink(it->path(), status_error);
      if (!status_error) view.Append({"--symlink", target.string(), (dest / name).string()});
    } else if (fs::is_directory(status) && !below.empty()) {
      ShowWithout(it->path(), dest / name, below, view);
    } else {
      view.Append({"--ro-bind", it->path().string(), (dest / name).string()});
    }
  }
  view.Append({"--remount-ro", dest.string()});
}

}  // namespace

HostView HostViewFor(const fs::path& checkout, const std::vector<std::string>& ro_binds,
                     const fs::path& host_root) {
  ViewBuilder view(checkout);
  std::error_code error;
  for (const char* dir : {"usr", "opt"}) {
    if (fs::is_directory(host_root / dir, error)) {
      view.Show({RealPath(host_root / dir), fs::path("/") / dir});
    }
  }
  if (fs::is_directory(host_root / "etc", error)) {
    ShowWithout(RealPath(host_root / "etc"), "/etc",
                {std::begin(kSecretEtcEntries), std::end(kSecretEtcEntries)}, view);
  }
  ShowRootEntries(host_root, view);
  // CPU counts (nproc, sysconf, hardware_concurrency) read /sys/devices/system/cpu.
  const fs::path cpus = host_root / "sys/devices/system/cpu";
  if (fs::is_directory(cpus, error)) view.Show({cpus, "/sys/devices/system/cpu"});
  view.StartAdded();
  for (const std::string& path : ro_binds) {
    const fs::path real = RealPath(path);
    view.Show({real, real});
  }
  return view.Take();
}

std::vector<std::string> HideRemountArgs(const HostView& view) {
  std::vector<std::string> args;
  for (const std::string& hidden : view.hidden) {
    args.insert(args.end(), {"--remount-ro", hidden});
  }
  return args;
}

core::Status CheckReadOnlyBinds(const std::vector<std::string>& ro_binds) {
  for (const std::string& path : ro_binds) {
    if (!fs::path(path).is_absolute()) {
      return core::InvalidArgumentError("sandbox.ro_binds: '" + path +
                                        "' must be an absolute path");
    }
    std::error_code error;
    if (!fs::exists(path, error)) {
      return core::InvalidArgumentError(
          "sandbox.ro_binds: '" + path +
          "' does not exist on this machine; create it or remove it from .nova.json");
    }
  }
  return core::Status::Ok();
}

}  // namespace nova::sandbox
