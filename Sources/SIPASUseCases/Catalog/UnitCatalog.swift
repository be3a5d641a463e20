import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore

/// Administrative units and their reorganisations: unit lists and succession lists read from
/// their files and imported (all or nothing), units listed on a date. `sipas units` and
/// `sipas demo` go through here.
public struct UnitCatalog: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public typealias ImportReport = UnitStore.ImportReport
    public typealias ChangeReport = UnitStore.ChangeReport
    public typealias StoredUnit = UnitStore.StoredUnit

    /// Imports the unit list `file` valid from `validFrom` (to `validTo`); `label` is the name
    /// recorded for it.
    /// Imports the unit list `file` valid from `validFrom`. `national`: the list is the whole
    /// country's, so a province it no longer has (merged) is closed with its units.
    public func importUnits(
        _ file: URL, label: String, validFrom: CalendarDate, validTo: CalendarDate?, national: Bool = false, actor: String
    ) async throws -> ImportReport {
        let rows = try UnitListReader.readUnits(contentsOf: file)
        return try await UnitStore(db).importUnits(
            rows, file: label, validFrom: validFrom, validTo: validTo, national: national, actor: actor)
    }

    /// Imports the successions of `file` effective on `effective`.
    public func importChanges(_ file: URL, label: String, effective: CalendarDate, actor: String) async throws -> ChangeReport {
        let rows = try UnitListReader.readChanges(contentsOf: file)
        return try await UnitStore(db).importChanges(rows, file: label, effective: effective, actor: actor)
    }

    public func changes(effective: CalendarDate? = nil) async throws -> [(effective: CalendarDate, change: UnitChange)] {
        try await UnitStore(db).changes(effective: effective)
    }

    public func list(on date: CalendarDate, level: UnitLevel? = nil) async throws -> [StoredUnit] {
        try await UnitStore(db).list(on: date, level: level)
    }
}
