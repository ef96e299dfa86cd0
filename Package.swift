// swift-tools-version:6.0
import PackageDescription

// Layering (see README "Architecture"): CLibGit2 -> Git -> Domain -> Engine -> podserve-gate.
// Support holds process, lock and clock helpers with no domain knowledge.
// Locking (below Git and Domain) holds `Locked`, the one lock box shared state goes through (Swift 6 mode).
let package = Package(
    name: "podserve-gate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "podserve-gate", targets: ["podserve-gate"]),
        .library(name: "Engine", targets: ["Engine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .target(name: "Locking"),
        .target(name: "Git", dependencies: ["CLibGit2", "Locking"]),
        // Swift 5 mode only until Support is made Swift 6 clean on its own branch (one error: SystemProcessRunner's
        // `addChdir` global needs a `@Sendable` function type); drop this setting when that lands.
        .target(name: "Support", swiftSettings: [.swiftLanguageMode(.v5)]),
        .target(name: "Domain", dependencies: ["Locking", .product(name: "Yams", package: "Yams")]),
        .target(name: "Engine", dependencies: ["Domain", "Git", "Locking", "Support", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "podserve-gate",
            dependencies: ["Engine", "Domain", "Git", "Locking", "Support", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(name: "TestSupport", dependencies: ["Support"], path: "Tests/TestSupport"),
        .testTarget(name: "LockingTests", dependencies: ["Locking"]),
        .testTarget(name: "GitTests", dependencies: ["Git", "Locking", "TestSupport"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "TestSupport"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Locking", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Locking", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
