import Foundation

/// A count that has no slot in the survey's layout (the validators only accept items and
/// options of the survey, so this means the layout and the survey disagree).
public struct CountWithoutSlot: Error, CustomStringConvertible {
    public var item: String
    public var option: String
    public var description: String {
        "the count of \(item)/\(option.isEmpty ? "\"\"" : option) has no slot in the survey's stored count layout; nothing was written"
    }
}
