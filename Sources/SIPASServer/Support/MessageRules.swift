import Foundation

/// Messages of the lower layers (which speak English) said again in another wording: each rule
/// is a pattern for a whole message and a template where `$1`, `$2`, … are the pattern's groups.
/// A message no rule matches is left to the caller.
struct MessageRules: Sendable {
    let rules: [(NSRegularExpression, String)]

    init(_ pairs: [(pattern: String, template: String)]) {
        rules = pairs.map { pattern, template in
            // The patterns are constants of sipas, checked by the tests.
            (try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]), template)
        }
    }

    /// The message in the rules' wording, or nil when no rule matches it.
    func apply(_ message: String) -> String? {
        let range = NSRange(message.startIndex..., in: message)
        for (expression, template) in rules {
            guard let match = expression.firstMatch(in: message, range: range) else { continue }
            var text = template
            for group in stride(from: match.numberOfRanges - 1, through: 1, by: -1) {
                let value = Range(match.range(at: group), in: message).map { String(message[$0]) } ?? ""
                text = text.replacingOccurrences(of: "$\(group)", with: value)
            }
            return text
        }
        return nil
    }
}
