import Foundation

/// A questionnaire that passed validation, ready to store: its answers coded in the order
/// of `Survey.allItems` (see `AnswerCodec`).
public struct Questionnaire: Sendable, Equatable {
    public var unitID: Int
    public var date: CalendarDate
    public var channel: Channel
    public var clientID: String?
    public var answers: [Int16]
    /// Free-text profile answers (profile items without options).
    public var profile: [String: String]

    public init(unitID: Int, date: CalendarDate, channel: Channel, clientID: String?, answers: [Int16], profile: [String: String]) {
        self.unitID = unitID
        self.date = date
        self.channel = channel
        self.clientID = clientID
        self.answers = answers
        self.profile = profile
    }
}
