// swift-tools-version:6.0
import PackageDescription

/// Numeric targets are compiled with full optimisation in release builds, without overflow or bounds traps: the
/// checks live upstream of the kernels, in Engine/Shape.swift (`elementCount`, `checkView`, `checkAllocation`), which
/// every constructor, view and reader calls before any kernel touches memory.
let fast: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

let package = Package(
    name: "gmm",
    products: [
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "NN", targets: ["NN"]),
        .executable(name: "gmm", targets: ["gmm"]),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CGIF", path: "Sources/CGIF", providers: [.apt(["libgif-dev"])]),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline", providers: [.apt(["libreadline-dev"])]),
        .target(name: "Support"),
        .target(name: "Engine", dependencies: ["CBLAS"], swiftSettings: fast),
        .target(name: "NN", dependencies: ["Engine", "Support"], swiftSettings: fast),
        .target(name: "Lang", dependencies: ["Support"]),
        .target(name: "Data", dependencies: ["Engine", "CZlib"], resources: [.copy("Resources/mnist-5k")], swiftSettings: fast),
        .target(name: "Media", dependencies: ["Engine", "CPNG", "CGIF", "Support"], swiftSettings: fast),
        .target(name: "Reference", dependencies: ["NN"], swiftSettings: fast),
        .target(name: "Bindings", dependencies: ["Lang", "Engine", "NN", "Data", "Media", "Reference"]),
        .target(name: "Notebook", dependencies: ["Lang", "Support", "CReadline"]),
        .executableTarget(name: "gmm", dependencies: ["Reference", "Lang", "Bindings", "Notebook"]),
        .target(name: "TestSupport", dependencies: ["Lang"], path: "Tests/TestSupport"),
        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine"]),
        .testTarget(name: "NNTests", dependencies: ["NN"], exclude: ["Fixtures"]),
        .testTarget(name: "ReferenceTests", dependencies: ["Reference", "Data"],
                    exclude: ["make"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GmmTests", dependencies: ["TestSupport", "gmm"], exclude: ["Fixtures"]),
        .testTarget(name: "LangTests", dependencies: ["TestSupport", "Lang"], exclude: ["Scripts"]),
        .testTarget(name: "DataTests", dependencies: ["Data"], exclude: ["Fixtures"]),
        .testTarget(name: "MediaTests", dependencies: ["Media"]),
        .testTarget(name: "BindingsTests", dependencies: ["TestSupport", "Bindings", "Reference"], exclude: ["Scripts", "PythonScripts"]),
        .testTarget(name: "NotebookTests", dependencies: ["TestSupport", "Notebook", "Bindings"]),
    ],
    swiftLanguageModes: [.v5]
)
