import Foundation
import Testing

@testable import SIPASStore

/// Issue 17, point 4: the pg_dump used must be of the server's major version or newer; an
/// older one is refused with the version to install, and a file that is no custom-format
/// archive is recognised before anything runs.
struct BackupToolTests {
    /// A program that answers `--version` as pg_dump of `version` does.
    static func fakeTool(_ version: String, in folder: URL, name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try "#!/bin/sh\necho 'pg_dump (PostgreSQL) \(version)'\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    @Test func aProgramOlderThanTheServerIsRefusedAndANewerOneTaken() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-tools-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = try Self.fakeTool("13.14 (Debian 13.14-1.pgdg120+1)", in: folder, name: "pg_dump-13")
        let new = try Self.fakeTool("16.2", in: folder, name: "pg_dump-16")
        let missing = folder.appendingPathComponent("none").path
        #expect(try DatabaseBackup.toolMajorVersion(old) == 13)
        #expect(throws: BackupError.toolTooOld(tool: "pg_dump", path: old, toolMajor: 13, serverMajor: 15)) {
            try DatabaseBackup.choose("pg_dump", serverMajor: 15, candidates: [missing, old])
        }
        #expect(try DatabaseBackup.choose("pg_dump", serverMajor: 15, candidates: [missing, old, new]) == new)
        #expect(try DatabaseBackup.choose("pg_dump", serverMajor: 13, candidates: [old, new]) == old)
        #expect(throws: BackupError.toolMissing(tool: "pg_dump", serverMajor: 15)) {
            try DatabaseBackup.choose("pg_dump", serverMajor: 15, candidates: [missing])
        }
        #expect(
            BackupError.toolTooOld(tool: "pg_dump", path: old, toolMajor: 13, serverMajor: 15).description.contains("postgresql-client-15"))
    }

    @Test func onlyACustomFormatArchiveIsTakenForOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-magic-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(String, Data, Bool)] = [
            ("a.dump", Data("PGDMP\u{1}\u{e}\u{0}".utf8), true),
            ("plain.sql", Data("--\n-- PostgreSQL database dump\n".utf8), false),
            ("short", Data("PGD".utf8), false),
            ("empty", Data(), false),
        ]
        for (name, bytes, archive) in cases {
            let url = folder.appendingPathComponent(name)
            try bytes.write(to: url)
            #expect(try DatabaseBackup.isArchive(url) == archive, "\(name)")
        }
        #expect(throws: BackupError.self) { try DatabaseBackup.isArchive(folder.appendingPathComponent("nowhere")) }
    }
}
