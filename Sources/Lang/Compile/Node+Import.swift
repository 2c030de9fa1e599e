/// `import a, b.c as d`: each module is found, run once, and bound to its name (or alias).
final class ImportStmt: StmtNode {
    let items: [ImportItem]
    let targets: [TargetNode]

    init(items: [ImportItem], targets: [TargetNode], at location: SourceLocation) {
        self.items = items
        self.targets = targets
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        for (item, target) in zip(items, targets) {
            do {
                try target.assign(try rt.importValue(item), frame, rt)
            } catch {
                throw located(error, item.location)
            }
        }
        return .next
    }
}
