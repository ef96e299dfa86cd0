// swift-tools-version:6.0
import PackageDescription

// Layering (see README "Architecture"): CLibGit2 -> Git -> Domain -> Engine -> podserve-gate.
// Support holds process and clock helpers with no domain knowledge, and the error categories every module's
// errors declare (so Git and Domain depend on it too).
// Locking (below Git and Domain) holds `Locked`, the one lock box shared state goes through (Swift 6 mode).
let package = Package(
    name: "podserve-gate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "podserve-gate", targets: ["podserve-gate"])
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
        .target(name: "Git", dependencies: ["CLibGit2", "Locking", "Support"]),
        .target(name: "Support"),
        .target(name: "Domain", dependencies: ["Locking", "Support", .product(name: "Yams", package: "Yams")]),
        .target(
            name: "Engine",
            dependencies: ["Domain", "Git", "Locking", "Support", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "podserve-gate",
            dependencies: [
                "Engine", "Domain", "Git", "Locking", "Support",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["Support"], path: "Tests/TestSupport"),
        .testTarget(name: "LockingTests", dependencies: ["Locking"]),
        .testTarget(name: "GitTests", dependencies: ["Git", "Locking", "TestSupport"]),
        .testTarget(
            name: "DomainTests", dependencies: ["Domain", "TestSupport", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "Engine", "Domain", "Git", "Locking", "Support", "TestSupport", .product(name: "Yams", package: "Yams"),
            ]),
        .testTarget(name: "EndToEndTests", dependencies: ["Locking", "Support", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
