// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "jixiao",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "jixiao", targets: ["jixiao"]),
        .executable(name: "jixiao-server", targets: ["jixiao-server"]),
        .library(name: "JixiaoCore", targets: ["JixiaoCore"]),
        .library(name: "JixiaoFormats", targets: ["JixiaoFormats"]),
        // For the fuzz targets in Fuzz/, a package of its own.
        .library(name: "JixiaoRender", targets: ["JixiaoRender"]),
        .library(name: "JixiaoAudit", targets: ["JixiaoAudit"]),
        .library(name: "JixiaoForms", targets: ["JixiaoForms"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The bureau's web application (`jixiao serve`).
        .package(url: "https://github.com/vapor/vapor", from: "4.122.3"),
        // The server's own HTTP/1.1 pipeline (JixiaoHTTPServer), which answers what Vapor's cannot.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/vapor/fluent", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // The domain: model, exact figures, classifications, checks. Foundation only.
        .target(name: "JixiaoCore", resources: [.copy("Templates")]),
        // Reading and writing evaluation files (YAML, JSON) with source locations.
        .target(
            name: "JixiaoFormats",
            dependencies: ["JixiaoCore", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Frameworks"), .copy("ProjectFrameworks")]
        ),
        // zlib, for reading uploaded containers within bounds (ZipContainer.Reader).
        .systemLibrary(name: "CJixiaoZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The package a unit submits: report (DOCX, HTML, Markdown, PDF) and data/scoring tables (XLSX).
        .target(
            name: "JixiaoRender",
            dependencies: [
                "JixiaoCore", "JixiaoFormats", "CJixiaoZlib", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Reading published reports as plain text: outline, figures, and the audit.
        // Regular expressions through the ICU inside the toolchain's Foundation on Linux, through
        // NSRegularExpression elsewhere (see ICURegex.swift).
        .target(name: "JixiaoAudit", dependencies: ["JixiaoCore", "JixiaoFormats"],
                linkerSettings: [.linkedLibrary("_FoundationICU", .when(platforms: [.linux]))]),
        // The report's parts as forms: the fields of each part, their HTML, and what a posted form
        // makes of the evaluation file. No web framework: the server serves them, the fuzzer feeds them.
        .target(name: "JixiaoForms", dependencies: ["JixiaoCore", "JixiaoFormats", "JixiaoRender"]),
        // The bureau's web application: units submit, reviewers return or accept, the bureau publishes.
        .target(
            name: "JixiaoServer",
            dependencies: [
                "JixiaoCore", "JixiaoFormats", "JixiaoRender", "JixiaoAudit", "JixiaoForms",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/Views"), .copy("Resources/Public")]
        ),
        // The thin command-line shell. Without the web application, which `jixiao serve` starts as
        // `jixiao-server`: the other commands start without loading it (and, built with
        // `--static-swift-stdlib`, without resolving the Swift libraries' symbols at every start).
        .executableTarget(
            name: "jixiao",
            dependencies: [
                "JixiaoCore", "JixiaoFormats", "JixiaoRender", "JixiaoAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "jixiao-server",
            dependencies: ["JixiaoServer", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Benchmarks and the load test's server, run on demand by `jixiao-bench`, never by the tests,
        // and shipped in neither `jixiao` nor `jixiao-server`. They reach the server's internals
        // through `package` access.
        .target(
            name: "JixiaoBenchmarks",
            dependencies: [
                "JixiaoCore", "JixiaoFormats", "JixiaoRender", "JixiaoAudit", "JixiaoServer",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "jixiao-bench",
            dependencies: [
                "JixiaoBenchmarks", "JixiaoCore", "JixiaoFormats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "JixiaoCoreTests", dependencies: ["JixiaoCore"]),
        .testTarget(
            name: "JixiaoFormatsTests",
            dependencies: ["JixiaoCore", "JixiaoFormats", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "JixiaoRenderTests",
            dependencies: [
                "JixiaoCore", "JixiaoFormats", "JixiaoRender", "JixiaoAudit",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(
            name: "JixiaoAuditTests",
            dependencies: ["JixiaoCore", "JixiaoAudit", "JixiaoFormats"],
            resources: [.copy("Fixtures")]
        ),
        // The forms without the server: the typed-input table runs through the forms and the files here.
        .testTarget(name: "JixiaoFormsTests", dependencies: ["JixiaoCore", "JixiaoFormats", "JixiaoRender", "JixiaoForms"]),
        .testTarget(name: "JixiaoCLITests", dependencies: ["jixiao", "jixiao-server", "JixiaoBenchmarks"]),
        .testTarget(
            name: "JixiaoServerTests",
            dependencies: [
                "JixiaoServer", "JixiaoCore", "JixiaoFormats", "JixiaoRender",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ]
)
