// swift-tools-version:6.0
import PackageDescription

// Layering (see README "Architecture"): CLibGit2 -> Git -> Domain -> Engine -> podserve-gate.
// Support holds process, lock and clock helpers with no domain knowledge, and the error categories every
// module's errors declare (so Git and Domain depend on it too).
let package = Package(
    name: "podserve-gate",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "podserve-gate", targets: ["podserve-gate"]),
        .library(name: "Engine", targets: ["Engine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .target(name: "Git", dependencies: ["CLibGit2", "Support"]),
        .target(name: "Support"),
        .target(name: "Domain", dependencies: ["Support", .product(name: "Yams", package: "Yams")]),
        .target(name: "Engine", dependencies: ["Domain", "Git", "Support", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "podserve-gate",
            dependencies: ["Engine", "Domain", "Git", "Support", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(name: "TestSupport", dependencies: ["Support"], path: "Tests/TestSupport"),
        .testTarget(name: "GitTests", dependencies: ["Git", "TestSupport"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "TestSupport"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
