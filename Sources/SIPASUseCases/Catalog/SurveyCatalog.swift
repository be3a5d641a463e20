import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore

/// Survey definitions: read and checked from their YAML files, stored as immutable versions,
/// listed and shown. `sipas survey` and `sipas demo` go through here.
public struct SurveyCatalog: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public typealias AddResult = SurveyStore.AddResult
    public typealias Summary = SurveyStore.Summary

    /// Reads and checks a survey file; every problem is named with its line. Writes nothing.
    public static func load(_ file: URL) throws -> Survey {
        try SurveyLoader.load(contentsOf: file)
    }

    /// Stores each survey version; the same content again changes nothing.
    public func add(_ surveys: [Survey], actor: String) async throws -> [AddResult] {
        var results: [AddResult] = []
        for survey in surveys { results.append(try await SurveyStore(db).add(survey, actor: actor)) }
        return results
    }

    public func list() async throws -> [Summary] {
        try await SurveyStore(db).list()
    }

    /// The stored survey `code` (its latest version unless `version` is given).
    public func get(_ code: String, version: Int? = nil) async throws -> Survey {
        try await SurveyStore(db).get(code: code, version: version).survey
    }
}
