import Lang
import Support
/// A notebook command typed at the prompt (`:save FILE`): its name, its argument and what it does.
struct NotebookCommand {
    var name: String
    var argument: String
    var summary: String

    /// Every command, in the order `:help` lists them.
    static let all: [NotebookCommand] = [
        NotebookCommand(name: ":help", argument: "[name]",
                        summary: "signature, defaults and doc of a builtin or function (also ?name); topics when alone"),
        NotebookCommand(name: ":vars", argument: "", summary: "the session's variables with type, shape or parameter count"),
        NotebookCommand(name: ":time", argument: "",
                        summary: "report every cell's time (toggles; cells over a second always report it)"),
        NotebookCommand(name: ":timeit", argument: "EXPR",
                        summary: "time an expression over many runs (its random draws and names are not kept)"),
        NotebookCommand(name: ":save", argument: "FILE.gmm",
                        summary: "save the session as a script: header with the seed, each cell and its output"),
        NotebookCommand(name: ":export", argument: "FILE.md|FILE.py",
                        summary: "write a Markdown notebook (code, output, time, pictures beside it), or FILE.py: the session as a PyTorch program"),
        NotebookCommand(name: ":run", argument: "FILE.gmm", summary: "run a script in this session, as one cell"),
        NotebookCommand(name: ":reset", argument: "", summary: "start over: a fresh interpreter and a new seed"),
        NotebookCommand(name: ":history", argument: "[N]", summary: "this session's last N cells, by cell number (20 unless given)"),
        NotebookCommand(name: ":quit", argument: "", summary: "leave gmm (Ctrl-D does too)"),
    ]

    /// Commands whose argument is a file path (completed as paths).
    static let pathCommands: Set<String> = [":save", ":export", ":run"]

    /// The command `word` names: exact, or the only command it begins (`:q`); nil when none or several.
    static func resolve(_ word: String) -> NotebookCommand? {
        if let exact = all.first(where: { $0.name == word }) { return exact }
        let matches = all.filter { $0.name.hasPrefix(word) }
        return word.count > 1 && matches.count == 1 ? matches[0] : nil
    }

    /// Commands of other notebooks (IPython, Julia, the Python prompt), and what does their job here.
    static let elsewhere: [String: String] = [
        ":load": ":run FILE.gmm runs a script in this session",
        ":l": ":run FILE.gmm runs a script in this session",
        ":edit": "edit the file in your editor, then :run FILE.gmm",
        ":cd": "!cd does not last either; start gmm in the folder you want",
        ":ls": "!ls runs a shell command",
        ":who": ":vars lists the session's variables",
        ":whos": ":vars lists the session's variables",
        ":exit": ":quit (or Ctrl-D) leaves gmm",
        ":q!": ":quit (or Ctrl-D) leaves gmm",
        ":clear": ":reset starts a fresh session",
    ]

    /// "unknown command ':sav' (did you mean ':save'?)", or a list of the candidates a prefix fits.
    static func unknown(_ word: String) -> String {
        if let instead = elsewhere[word] { return "unknown command '\(word)': \(instead)" }
        let prefixed = all.filter { $0.name.hasPrefix(word) }.map(\.name)
        if prefixed.count > 1 { return "ambiguous command '\(word)': \(prefixed.joined(separator: ", "))" }
        let hint = didYouMean(word, among: all.map(\.name))
        return "unknown command '\(word)'" + (hint.isEmpty ? "; :help lists the commands" : hint)
    }

    /// `:save FILE.gmm` padded for a table.
    var usage: String { argument.isEmpty ? name : name + " " + argument }
}
