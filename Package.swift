// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "sipas",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sipas", targets: ["sipas"]),
        .library(name: "SIPASCore", targets: ["SIPASCore"]),
        // For the fuzz targets in Scripts/fuzz, a package of their own built with -sanitize=fuzzer.
        .library(name: "SIPASFiles", targets: ["SIPASFiles"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
    ],
    targets: [
        // libqrencode, the QR code encoder of the posters (module map only).
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // FreeXL, the reader of Excel 97–2003 workbooks (.xls) (module map only).
        .systemLibrary(name: "CFreeXL", pkgConfig: "freexl", providers: [.apt(["libfreexl-dev"])]),
        // cairo and pango: the printed questionnaires' PDF (module map only).
        .systemLibrary(name: "CCairo", pkgConfig: "pangocairo", providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        // Paper questionnaires: printable forms with an exact layout, and reading their scans.
        // zbar reads the QR codes of scanned pages, Leptonica decodes PNG, JPEG and TIFF scans,
        // poppler renders PDF scans (module maps only).
        .systemLibrary(name: "CZbar", pkgConfig: "zbar", providers: [.apt(["libzbar-dev"])]),
        .systemLibrary(name: "CLeptonica", pkgConfig: "lept", providers: [.apt(["libleptonica-dev"])]),
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        .target(name: "SIPASPaper", dependencies: ["SIPASCore", "SIPASFiles", "CCairo", "CZbar", "CLeptonica", "CPoppler"]),
        // Pure, in folders by concept: survey model, units and periods, questionnaires and
        // tallies, counting, indices and statistics, the report model. Imports only Foundation.
        .target(name: "SIPASCore"),
        // File formats: survey YAML, unit lists, CSV and XLSX read and write, report rendering
        // (JSON, text, HTML from Mustache templates with SVG charts, XLSX, CSV), tally templates,
        // posters with the QR code of a public link.
        .target(
            name: "SIPASFiles",
            dependencies: [
                "SIPASCore", "CQRencode", "CFreeXL",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Reports/HTML/Templates")]
        ),
        // PostgreSQL (PostgresNIO): configuration, embedded cluster, migrations, one store per
        // aggregate, imports, aggregates, accounts, the audit trail.
        .target(
            name: "SIPASStore",
            dependencies: [
                "SIPASCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The use cases both front ends share: imports, reports and comparisons, templates,
        // trends, report documents, the demo, accounts and passwords, access rules, monthly
        // reports, background jobs. No HTTP.
        .target(
            name: "SIPASUseCases",
            dependencies: [
                "SIPASCore", "SIPASFiles", "SIPASStore", "SIPASPaper",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The HTTP service (Hummingbird 2) only: routes, middleware, web pages, OpenAPI.
        .target(
            name: "SIPASServer",
            dependencies: [
                "SIPASCore", "SIPASStore", "SIPASFiles", "SIPASUseCases",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Web/Templates"), .copy("Web/Assets")]
        ),
        // The command line: parses, wires and prints; only `sipas serve` uses SIPASServer.
        .executableTarget(
            name: "sipas",
            dependencies: [
                "SIPASCore", "SIPASFiles", "SIPASStore", "SIPASUseCases", "SIPASServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Helpers shared by the test targets: a database per test, fixtures, the CLI runner.
        .target(
            name: "SIPASTestSupport",
            dependencies: [
                "SIPASCore", "SIPASStore", "SIPASFiles",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/SIPASTestSupport"
        ),
        .testTarget(name: "SIPASCoreTests", dependencies: ["SIPASCore", "SIPASFiles", "SIPASTestSupport"]),
        .testTarget(
            name: "SIPASFilesTests",
            dependencies: [
                "SIPASCore", "SIPASFiles", "SIPASTestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SIPASStoreTests",
            dependencies: [
                "SIPASCore", "SIPASStore", "SIPASFiles", "SIPASTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(name: "SIPASPaperTests", dependencies: ["SIPASCore", "SIPASFiles", "SIPASPaper", "SIPASStore", "SIPASTestSupport"]),
        .testTarget(
            name: "SIPASUseCasesTests",
            dependencies: ["SIPASCore", "SIPASFiles", "SIPASStore", "SIPASUseCases", "SIPASTestSupport"]
        ),
        .testTarget(
            name: "SIPASServerTests",
            dependencies: [
                "SIPASCore", "SIPASServer", "SIPASStore", "SIPASFiles", "SIPASUseCases", "SIPASTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // The command line end to end: the built `sipas` run as a process.
        .testTarget(
            name: "sipasTests",
            dependencies: ["SIPASCore", "SIPASFiles", "SIPASStore", "SIPASUseCases", "SIPASTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
