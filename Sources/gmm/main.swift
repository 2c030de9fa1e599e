import Foundation
import Bindings
import Notebook

// `gmm COMMAND ...`: each command is declared once in `Commands.all`, which also makes the usage text.
var arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first else { exit(NotebookMain.run(arguments: [], host: Host())) }
arguments.removeFirst()
guard let command = Commands.find(name) else {
    Commands.fail("gmm: unknown command '\(name)'\n" + Commands.usage)
}
exit(command.run(arguments))
