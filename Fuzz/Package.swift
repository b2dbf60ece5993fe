// swift-tools-version:6.0
import PackageDescription

// Coverage-guided fuzzing of jixiao's readers with libFuzzer, apart from the product: each target
// defines `LLVMFuzzerTestOneInput` and is linked into a fuzzer by `scripts/fuzz.sh`, which builds
// this package with `-sanitize=fuzzer,address` (see README.md, "Fuzzing").
let package = Package(
    name: "jixiao-fuzz",
    dependencies: [.package(name: "jixiao", path: "..")],
    targets: [
        .target(name: "FuzzEvaluationYAML", dependencies: [.product(name: "JixiaoFormats", package: "jixiao")]),
        .target(name: "FuzzEvaluationJSON", dependencies: [.product(name: "JixiaoFormats", package: "jixiao")]),
        .target(name: "FuzzFramework", dependencies: [.product(name: "JixiaoFormats", package: "jixiao")]),
        .target(name: "FuzzXLSX", dependencies: [.product(name: "JixiaoRender", package: "jixiao")]),
        .target(name: "FuzzReportText", dependencies: [.product(name: "JixiaoAudit", package: "jixiao")]),
        .target(name: "FuzzFormula", dependencies: [.product(name: "JixiaoCore", package: "jixiao")]),
        .target(name: "FuzzPartForms", dependencies: [
            .product(name: "JixiaoForms", package: "jixiao"), .product(name: "JixiaoFormats", package: "jixiao"),
        ]),
    ]
)
