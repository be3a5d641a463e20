// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for the file readers of the root package. Built and run by `Scripts/fuzz/run`
// with `-sanitize=fuzzer` (see there); a package of its own so that the root package and its CI
// never see the fuzzer flags.
let package = Package(
    name: "sipas-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "sipas", path: "../.."),
    ],
    targets: [
        // libFuzzer's driver, called from each target's main (see FuzzSupport's `Fuzz.main`).
        .target(name: "CFuzzerDriver"),
        // What the three targets share: the entry point, a scratch folder, the shipped survey,
        // error checks.
        .target(
            name: "FuzzSupport",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "SIPASFiles", package: "sipas"),
                .product(name: "SIPASCore", package: "sipas"),
            ]
        ),
        // Bytes as a CSV file: encoding and delimiter detection, every record, the tally and
        // questionnaire readers.
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport"]),
        // Bytes as an .xlsx file (or, when they do not start with "PK", as the XML parts of a
        // workbook zipped here with correct checksums): every sheet and row.
        .executableTarget(name: "FuzzXLSX", dependencies: ["FuzzSupport"]),
        // Bytes as a survey YAML file: Survey and its validation.
        .executableTarget(name: "FuzzSurveyYAML", dependencies: ["FuzzSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
