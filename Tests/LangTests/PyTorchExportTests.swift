import Foundation
import XCTest
@testable import Lang

/// `gmm export`'s translator: the Python it writes for gmm programs (CI has no PyTorch; GmmTests runs the programs
/// under PyTorch when it is installed).
final class PyTorchExportTests: XCTestCase {
    static let stdlib = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("stdlib").path

    /// The exported text, or the rendered error.
    func export(_ text: String, ddp: Bool = false, file: String = "x.gmm") -> Result<String, ScriptError> {
        PyTorchExport.export(SourceText(text, file: file), options: .init(ddp: ddp, dataDirectory: "/data/mnist")) { name in
            guard let data = FileManager.default.contents(atPath: Self.stdlib + "/" + name + ".gmm") else { return nil }
            return SourceText(String(decoding: data, as: UTF8.self), file: "stdlib/" + name + ".gmm")
        }
    }

    /// The part of the export translated from the program itself (after the helpers and stdlib definitions).
    func program(_ text: String, ddp: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        switch export(text, ddp: ddp) {
        case .success(let python):
            guard let range = python.range(of: "# ---- x.gmm\n\n") else {
                XCTFail("no program section in\n\(python)", file: file, line: line)
                return python
            }
            return String(python[range.upperBound...])
        case .failure(let error):
            XCTFail(error.rendered, file: file, line: line)
            return ""
        }
    }

    func testModulesFunctionsAndBlockValues() throws {
        let python = try program("""
        seed(1)
        module Net(width=8) {
            body = nn.Sequential(nn.Flatten(), nn.Linear(4, width))   # the trunk
            head = nn.Linear(width, 2)
            for p in head.parameters() { p.requires_grad = false }
            fn forward(x) { self.head(relu(self.body(x))).view(-1, width // 4) }
        }

        # Sums, and says how big.
        fn total(xs) {
            s = 0
            for x in xs { s += x }
            if s > 2 { "big" } else { "small" }
        }
        net = Net()
        y = no_grad { net(randn(3, 2, 2)) }
        squares = [i * i for i in range(4) if i != 2]
        f = fn(a) a + 1
        print(f"{total(squares)}: {tuple(y.shape)} {f(1):>3} {-2 ** 2} {(1 + 2) * 3}", list(net.state_dict()))
        """)
        XCTAssertEqual(python, """
        torch.manual_seed(1)

        class Net(nn.Module):
            def __init__(self, width=8):
                super().__init__()
                self.width = width
                self.body = nn.Sequential(nn.Flatten(), nn.Linear(4, width))  # the trunk
                self.head = nn.Linear(width, 2)
                for p in self.head.parameters():
                    p.requires_grad = False

            def forward(self, x):
                return self.head(torch.relu(self.body(x))).view(-1, self.width // 4)

        # Sums, and says how big.
        def total(xs):
            s = 0
            for x in xs:
                s += x
            return "big" if s > 2 else "small"

        net = Net()
        with torch.no_grad():
            y = net(torch.randn(3, 2, 2))
        squares = [i * i for i in range(4) if i != 2]
        f = lambda a: a + 1
        print(f"{total(squares)}: {tuple(y.shape)} {f(1):>3} {-2 ** 2} {(1 + 2) * 3}", list(net.state_dict()))

        """)
    }

    func testStatementFormsOfGmmOnlyExpressions() throws {
        let python = try program("""
        fn pick(x, quiet=false) {
            label = if x > 0 { y = x * 2; f"up {y}" } elif x == nil { "none" } else { "down" }
            if not quiet { print(label) }
        }
        fn stop_early(n) {
            interruptible { for i in range(n) { if i == 2 { break } } }
        }
        out = [1, 2]
        out.append(no_grad { zeros(2, dtype='int64') }.sum())
        while len(out) < 4 and out[-1] != nil { out += [0] }
        """)
        XCTAssertEqual(python, """
        def pick(x, quiet=False):
            if x > 0:
                y = x * 2
                label = f"up {y}"
            elif x is None:
                label = "none"
            else:
                label = "down"
            if not quiet:
                print(label)

        def stop_early(n):
            try:
                for i in range(n):
                    if i == 2:
                        break
            except KeyboardInterrupt:
                return True
            return False

        out = [1, 2]
        with torch.no_grad():
            _v1 = torch.zeros(2, dtype=torch.int64)
        out.append(_v1.sum())
        while len(out) < 4 and out[-1] is not None:
            out += [0]

        """)
    }

    /// The error statements and starred forms translate to Python's own; an empty block is `pass`.
    func testExceptionsAndStarredForms() throws {
        let python = try program("""
        fn load(path, *rest, strict=true, **options) {
            try {
                assert path != "", "no path"
                first, *others = [path, *rest]
                del options["mode"]
            } except (KeyError, IndexError) as e {
                raise ValueError(f"bad {e}") from e
            } except ValueError {
            } else {
                print(first, others)
            } finally {
                print("done")
            }
        }
        fn only(a, *, b=2) { a + b }
        """)
        XCTAssertEqual(python, """
        def load(path, *rest, strict=True, **options):
            try:
                assert path != "", "no path"
                first, *others = [path, *rest]
                del options["mode"]
            except (KeyError, IndexError) as e:
                raise ValueError(f"bad {e}") from e
            except ValueError:
                pass
            else:
                print(first, others)
            finally:
                print("done")

        def only(a, *, b=2):
            return a + b

        """)
    }

    /// `import article` brings the definitions the program uses, translated by the same code; `article.X` is `X`.
    func testStdlibImportsExportWhatTheProgramUses() throws {
        guard case .success(let python) = export("""
        import article
        G = article.DCGenerator()
        D = article.DCDiscriminator()
        loader = data.DataLoader(data.mnist(normalize=[0.5, 0.5]), batch_size=32, shuffle=true)
        article.train_gan(G, D, loader, epochs=1, criterion=nn.MSELoss())
        save(G, "g.safetensors")
        """) else { return XCTFail("export failed") }
        XCTAssert(python.contains("# ---- from gmm's article.gmm\n"), python)
        XCTAssert(python.contains("""
        class DCGenerator(nn.Module):
            def __init__(self, z_dim=100, width=64):
                super().__init__()
                self.width = width
                self.project = nn.Sequential(nn.Linear(z_dim, width * 7 * 7), nn.BatchNorm1d(width * 7 * 7), nn.ReLU())
                # 7x7 -> 14x14
                # 14x14 -> 28x28
                self.decode = nn.Sequential(
                    nn.ConvTranspose2d(width, width // 2, 4, 2, 1), nn.BatchNorm2d(width // 2), nn.ReLU(),
                    nn.ConvTranspose2d(width // 2, 1, 4, 2, 1), nn.Tanh(),
                )

            def forward(self, z):
                return self.decode(self.project(z).view(-1, self.width, 7, 7))
        """), python)
        // discriminator_layers is used by DCDiscriminator, so it comes along; the video models do not.
        XCTAssert(python.contains("def discriminator_layers(width, batchnorm, sigmoid):\n"), python)
        XCTAssert(python.contains("self.model = nn.Sequential(*discriminator_layers(width, batchnorm, sigmoid))"), python)
        XCTAssert(python.contains("def train_gan(\n        G, D, loader, epochs=10, lr=0.0002, betas=(0.9, 0.999), z_dim=100, quiet=False, on_epoch=None,\n        criterion=None, decay=0,\n):\n"), python)
        XCTAssertFalse(python.contains("ArticleVideoGenerator"), python)
        XCTAssertFalse(python.contains("3D-CNN"), python)
        XCTAssert(python.hasSuffix("""
        G = DCGenerator()
        D = DCDiscriminator()
        loader = DataLoader(mnist_dataset(normalize=[0.5, 0.5]), batch_size=32, shuffle=True)
        train_gan(G, D, loader, epochs=1, criterion=nn.MSELoss())
        save(G, "g.safetensors")

        """), python)
        // The helpers it calls are there; the ones it does not are not.
        XCTAssert(python.contains("DATA_DIR = \"/data/mnist\"\n"), python)
        XCTAssert(python.contains("def mnist_dataset(train=True, root=None, normalize=None):"), python)
        XCTAssert(python.contains("def save(obj, path):"), python)
        XCTAssert(python.contains("optim.Optimizer.lr = property("), python)
        XCTAssertFalse(python.contains("def show("), python)
        XCTAssertFalse(python.contains("dist."), python)
    }

    func testDDPWrapsModelsSamplesDataAndPrintsOnRankZero() throws {
        guard case .success(let python) = export("""
        G = nn.Linear(2, 2)
        loader = data.DataLoader(data.TensorDataset(randn(8, 2)), batch_size=4, shuffle=true)
        for (x,) in loader { print(G(x).shape) }
        """, ddp: true) else { return XCTFail("export failed") }
        XCTAssert(python.contains("dist.init_process_group(\"nccl\" if torch.cuda.is_available() else \"gloo\")"), python)
        XCTAssert(python.contains("self.sampler.set_epoch(self.epoch)"), python)
        XCTAssert(python.contains("def print(*values, **options):\n    \"\"\"Prints on rank 0 only"), python)
        XCTAssert(python.hasSuffix("""
        G = ddp(nn.Linear(2, 2))
        loader = DataLoader(TensorDataset(torch.randn(8, 2)), batch_size=4, shuffle=True)
        for x, in loader:
            print(G(x).shape)

        dist.destroy_process_group()

        """), python)
    }

    /// What has no translation stops the export at its gmm line and column, with the reason.
    func testRefusalsAreErrorsAtTheLine() {
        let cases: [(String, String)] = [
            ("x = 1\nclips = data.movng_mnist(4)\n", "x.gmm:2:14: error: export: data.movng_mnist has no PyTorch translation"),
            ("fs = [fn(i) { j = i; j } for i in range(3)]\n", "x.gmm:1:7: error: export: a function with a block body here has no Python form"),
            ("ys = [no_grad { x } for x in range(3)]\n", "x.gmm:1:7: error: export: this block's value is used where Python allows only an expression"),
            ("d = data\n", "x.gmm:1:5: error: export: 'data' itself has no PyTorch counterpart"),
            ("import nothing_here\n", "x.gmm:1:8: error: export: no gmm module 'nothing_here' to export"),
        ]
        for (source, expected) in cases {
            guard case .failure(let error) = export(source) else {
                XCTFail("\(source) exported")
                continue
            }
            XCTAssert(error.rendered.hasPrefix(expected), error.rendered)
        }
    }

    /// A saved session's cells: their last bare value is shown as the REPL showed it; output comments are dropped.
    func testSessionCellsShowTheirValues() throws {
        guard case .success(let python) = export("""
        # gmm session 1
        # gmm 0.1.0, recorded 2026-12-06 21:00:00 +0000
        import torch
        seed(7)

        # [1]
        x = randn(2, 3)

        # [2]
        x.shape
        #> (2, 3)

        # [3]
        print(x.sum().item() > -100)
        #> True
        """) else { return XCTFail("export failed") }
        XCTAssert(python.hasSuffix("""
        torch.manual_seed(7)

        # [1]
        x = torch.randn(2, 3)

        # [2]
        display(x.shape)

        # [3]
        print(x.sum().item() > -100)

        """), python)
        XCTAssertFalse(python.contains("#> "), python)
    }
}

extension PyTorchExportTests {
    /// A test script's `# expect error:` step runs inside try/except, so the program goes on as `gmm run` does.
    func testExpectedErrorStepsAreCaught() throws {
        let python = try program("""
        x = 1
        # expect error: name 'nothing' is not defined
        y = nothing + 1
        print(y)

        print(x)
        """)
        XCTAssertEqual(python, """
        x = 1
        # expect error: name 'nothing' is not defined
        try:
            y = nothing + 1
            print(y)
        except Exception as error:  # the error gmm expects here
            print(f"{type(error).__name__}: {error}")

        print(x)

        """)
    }

    /// Stdlib definitions share the program's namespace: one whose name the program uses is renamed, and the
    /// stdlib's own calls follow it.
    func testStdlibNamesTheProgramTakesAreRenamed() throws {
        guard case .success(let python) = export("""
        import train
        classifier = train.classifier(quick=true)
        mnist = data.mnist()
        """) else { return XCTFail("export failed") }
        // `classifier` is the program's variable, and `train_classifier` another stdlib function it calls.
        XCTAssert(python.contains("\ndef train_train_classifier(path=None, quick=False):\n"), python)
        XCTAssert(python.contains("        return train_classifier(path, quick=quick)\n"), python)
        XCTAssert(python.contains("\ndef train_classifier(path=\"mnist_classifier.safetensors\", epochs=8, quick=False):\n"), python)
        XCTAssert(python.hasSuffix("classifier = train_train_classifier(quick=True)\nmnist = mnist_dataset()\n"), python)
    }
}

extension PyTorchExportTests {
    /// A PyTorch-style module (`fn __init__`, as `gmm port` writes one) goes back to the class it came from.
    func testModulesWithInitExportAsWritten() throws {
        let python = try program("""
        module Net {
            fn __init__(self, n) {
                super(Net, self).__init__()
                self.fc = nn.Linear(n, 2)
                self.extra = nn.ModuleList([nn.Linear(2, 2) for _ in range(2)])
            }
            fn forward(self, x) {
                h = self.fc(x).relu()
                for layer in self.extra { h = layer(h) }
                h
            }
        }
        """)
        XCTAssertEqual(python, """
        class Net(nn.Module):
            def __init__(self, n):
                super(Net, self).__init__()
                self.fc = nn.Linear(n, 2)
                self.extra = nn.ModuleList([nn.Linear(2, 2) for _ in range(2)])

            def forward(self, x):
                h = self.fc(x).relu()
                for layer in self.extra:
                    h = layer(h)
                return h

        """)
    }

    /// Under torchrun a step gmm expects to fail is left out: a failed backward would leave DDP mid-step.
    func testDDPLeavesOutExpectedErrors() throws {
        let python = try program("""
        x = 1
        # expect error: boom
        y = nothing
        print(x)
        """, ddp: true)
        XCTAssert(python.hasPrefix("""
        x = 1
        # expect error: boom
        # (left out under torchrun: a step gmm expects to fail, lines 3-4 of x.gmm)

        dist.destroy_process_group()
        """), python)
    }
}

extension PyTorchExportTests {
    /// The model methods PyTorch lacks are spelled out; gmm's dtype strings become torch dtypes.
    func testGmmOnlyMethodsAndDtypes() throws {
        let python = try program("""
        m = nn.Linear(2, 3)
        print(m.num_parameters(), m.summary(), zeros(2, dtype="int64").dtype == int64, args)
        """)
        XCTAssertEqual(python, """
        m = nn.Linear(2, 3)
        print(sum(p.numel() for p in m.parameters() if p.requires_grad), str(m), torch.zeros(2, dtype=torch.int64).dtype == torch.int64, ARGV)

        """)
    }
}
