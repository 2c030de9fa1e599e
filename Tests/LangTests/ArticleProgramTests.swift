import XCTest
@testable import Lang

final class ArticleProgramTests: XCTestCase {
    func testGANProgramParses() {
        assertParsesCleanly(ArticlePrograms.gan, name: "gan.gmm")
        let program = Parser.parse(ArticlePrograms.gan).program
        let printed = program.statements.map(ASTPrinter.print)
        XCTAssertTrue(printed.contains("(import torch)"))
        XCTAssertTrue(printed.contains("(import (as torch.nn nn))"))
        XCTAssertEqual(printed.last, "(call show (index samples (slice _ 8 _))) ;")
        XCTAssertTrue(printed[3].hasPrefix("(= G (call (. nn Sequential) (call (. nn Linear) 100 256) "
                                           + "(call (. nn ReLU))"))
    }

    func testTrainGANLoopStructure() {
        let program = Parser.parse(ArticlePrograms.gan).program
        guard let train = program.statements.first(where: { if case .function = $0.kind { true } else { false } }),
              case .function(let function) = train.kind,
              case .for(let epoch, _, let epochBody) = function.body.statements.last?.kind,
              case .for(let batch, let loader, let batchBody) = epochBody.statements.first?.kind else {
            return XCTFail("train_gan does not have two nested for loops")
        }
        XCTAssertEqual(function.name, "train_gan")
        XCTAssertEqual(function.parameters.map(\.name), ["G", "D", "loader", "epochs", "lr"])
        XCTAssertEqual(ASTPrinter.print(epoch), "epoch")
        XCTAssertEqual(ASTPrinter.print(batch), "(tuple real _)")
        XCTAssertEqual(ASTPrinter.print(loader), "loader")
        XCTAssertEqual(batchBody.statements.count, 18)
        XCTAssertEqual(ASTPrinter.print(epochBody.statements[1]),
                       #"(call print (f "Epoch [" (+ epoch 1) "/" epochs "], d_loss: " "#
                       + #"(fmt (call (. d_loss item)) ".4f") ", g_loss: " (fmt (call (. g_loss item)) ".4f")))"#)
    }

    func testVideoGeneratorModuleParses() {
        assertParsesCleanly(ArticlePrograms.videoGenerator, name: "video.gmm")
        let result = Parser.parse(ArticlePrograms.videoGenerator)
        guard case .module(let module) = result.program.statements.first?.kind else { return XCTFail("no module") }
        XCTAssertEqual(module.name, "VideoGenerator")
        XCTAssertEqual(ASTPrinter.print(module.body.statements[1]),
                       "(fn forward (x) (block (return (call (. self model) x))))")
        XCTAssertEqual(result.program.comments.map(\.text), [" expect: (1, 1, 16, 64, 64)"])
    }

    func testMultiModalModulesParse() {
        assertParsesCleanly(ArticlePrograms.multiModal, name: "multimodal.gmm")
        let statements = Parser.parse(ArticlePrograms.multiModal).program.statements
        guard case .module(let original) = statements[0].kind, case .module(let repaired) = statements[1].kind else {
            return XCTFail("expected two modules")
        }
        XCTAssertEqual(original.name, "MultiModalGenerator")
        XCTAssertEqual(repaired.parameters.map(\.name), ["vocab", "frames"])
        guard case .function(let forward) = original.body.statements[3].kind,
              case .assign(_, let sum) = forward.body.statements[2].kind else { return XCTFail("no forward") }
        XCTAssertEqual(forward.parameters.map(\.name), ["images", "texts"])
        XCTAssertEqual(ASTPrinter.print(sum), "(+ image_features text_features)")
        XCTAssertEqual(sum.location.description, "9:44")
    }
}
