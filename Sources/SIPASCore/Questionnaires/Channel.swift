import Foundation

/// The channels through which a questionnaire arrives.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case paper, kiosk, web, phone, post
}
