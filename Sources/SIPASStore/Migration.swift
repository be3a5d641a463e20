import Crypto
import Foundation
import Logging
import PostgresNIO

/// A numbered SQL file of `Schema/`.
public struct Migration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var sql: String

    public var checksum: String { SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined() }

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Reads `NNNN_verb_object.sql` files of a folder, in order.
    public static func load(from directory: URL) throws -> [Migration] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw DatabaseError.migration("cannot read the schema folder \(directory.path): \(error.localizedDescription)")
        }
        var migrations: [Migration] = []
        for file in files.sorted() where file.hasSuffix(".sql") {
            guard let prefix = file.split(separator: "_").first, prefix.count == 4, let version = Int(prefix) else {
                throw DatabaseError.migration("\(directory.path)/\(file): migration files are named NNNN_verb_object.sql")
            }
            if migrations.contains(where: { $0.version == version }) {
                throw DatabaseError.migration("\(directory.path)/\(file): migration number \(prefix) is used twice")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            migrations.append(Migration(version: version, name: file, sql: sql))
        }
        return migrations
    }
}
