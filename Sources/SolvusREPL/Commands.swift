import SolvusCore

/// A REPL command: a line that starts with `:`, such as `:help mix`.
public enum Command: Equatable, Sendable {
    /// `:help` alone, or `:help NAME`.
    case help(topic: String?)
    /// `:vars`: the names defined in this session.
    case vars
    /// `:digits N`: print numbers with N significant digits; `:digits` alone shows the setting.
    case digits(Int?)
    /// `:quit` or `:q`.
    case quit
    /// A known command used wrongly, with the message to show.
    case invalid(String)
    /// `:name` that is not a command.
    case unknown(String)

    /// The command names, without the colon, in the order `:help` lists them; for completion.
    public static let names = ["help", "vars", "digits", "quit"]
    /// Short forms, accepted but not offered by completion.
    static let aliases = ["h": "help", "q": "quit"]

    /// Parses `line` as a command; nil if it is not one, i.e. does not start with `:`
    /// (after blanks).
    public static func parse(_ line: String) -> Command? {
        let trimmed = line.drop(while: \.isWhitespace)
        guard trimmed.first == ":" else { return nil }
        let body = trimmed.dropFirst()
        let name = String(body.prefix(while: { !$0.isWhitespace }))
        let argument = body.dropFirst(name.count).trimmingBlanks()
        switch aliases[name] ?? name {
        case "help":
            return .help(topic: argument.isEmpty ? nil : argument)
        case "vars":
            return argument.isEmpty ? .vars : .invalid("':vars' takes no argument")
        case "digits":
            if argument.isEmpty { return .digits(nil) }
            guard let n = Int(argument), NumberFormat.digitRange.contains(n) else {
                return .invalid("':digits' takes a whole number from 1 to 17, such as ':digits 12'")
            }
            return .digits(n)
        case "quit":
            return argument.isEmpty ? .quit : .invalid("':quit' takes no argument")
        default:
            return .unknown(name)
        }
    }

    /// The message for `:name` that is not a command, with a suggestion when one is close.
    public static func unknownMessage(_ name: String) -> String {
        var message = name.isEmpty ? "missing command after ':'" : "unknown command ':\(name)'"
        if let close = Suggest.closest(to: name, in: names) {
            message += "; did you mean ':\(close)'?"
        } else {
            message += "; the commands are " + names.map { ":" + $0 }.joined(separator: ", ")
        }
        return message
    }

    /// The message for `:help NAME` when NAME has no documentation; `suggestion` is a close
    /// name, if any.
    public static func noDocumentationMessage(for name: String, suggestion: String?) -> String {
        var message = "no documentation for '\(name)'"
        if let suggestion { message += "; did you mean '\(suggestion)'?" }
        return message
    }

    /// What `:help` alone prints.
    public static let generalHelp = """
        Commands:
          :help            this help
          :help NAME       documentation of a function, constant, unit or your own definition
          :vars            the names you defined in this session
          :digits N        print numbers with N significant digits (1 to 17; 6 by default)
          :quit, :q        leave (Ctrl-D also leaves)

        The language, briefly:
          x = 0.4                       bind a name
          Omega = 17.5 kJ/mol           numbers carry units; units are checked
          f(x, T) = x * R * T           define a function (R is the gas constant)
          # text                        a comment; one above a definition documents it
          [1, 2, 3]   0..1 step 0.25    lists and ranges
          {T: 900 K, x: 0.5}            records; r.T reads a field
          if a < b then a else b        conditional expression
          ans                           the last value shown

        Try: mix(regular(17.5 kJ/mol), 0.5, 900 K)   critical(regular(17.5 kJ/mol))   :help mix

        An open bracket, or a \\ at the end of a line, continues the input on the next line.
        Keys: Tab completes names and units; Up and Down recall earlier lines; Ctrl-C cancels
        the input or stops a long evaluation; Ctrl-D leaves.
        """
}

extension Substring {
    /// The text without leading and trailing blanks.
    fileprivate func trimmingBlanks() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
