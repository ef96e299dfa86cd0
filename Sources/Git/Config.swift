import CLibGit2
import Foundation

extension Repository {
    /// A config value as git resolves it (repository, global, system), nil when unset.
    package func configString(_ key: String) -> String? {
        try? withConfigSnapshot { config in
            var value: UnsafePointer<CChar>?
            guard git_config_get_string(&value, config, key) == 0 else { return nil }
            return copyString(value)
        }
    }

    /// A boolean config value (`true`/`yes`/`on`/`1` …), nil when unset or not a boolean.
    package func configBool(_ key: String) -> Bool? {
        try? strictConfigBool(key)
    }

    /// A boolean setting, nil when unset; a value git cannot read as a boolean (`commit.gpgsign = yess`) throws
    /// instead of reading as "unset", so a typo can never silently switch signing off.
    package func strictConfigBool(_ key: String) throws -> Bool? {
        try withConfigSnapshot { config in
            var value: Int32 = 0
            let rc = git_config_get_bool(&value, config, key)
            if isCode(rc, GIT_ENOTFOUND) { return nil }
            guard rc == 0 else {
                throw GitError.invalidConfig(
                    key: key, value: configString(key) ?? "?", expected: "a boolean (true or false)")
            }
            return value != 0
        }
    }

    /// Runs `body` on a fresh read-only snapshot of the repository's configuration.
    func withConfigSnapshot<T>(_ body: (OpaquePointer) throws -> T?) throws -> T? {
        let snapshot = try handle.use { repo in
            try Handle("git_repository_config_snapshot", free: git_config_free) {
                git_repository_config_snapshot(&$0, repo)
            }
        }
        return try snapshot.use(body)
    }
}
