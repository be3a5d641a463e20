import Foundation

/// Finds the folders sipas ships beside its sources: `Schema/` (migrations) and `Surveys/`
/// (survey definitions and unit lists). `$SIPAS_ROOT` names the folder that holds them;
/// otherwise the working folder and the executable's folders are searched upwards.
public enum ProjectPaths {
    public static func root(env: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let root = env["SIPAS_ROOT"], !root.isEmpty {
            return URL(fileURLWithPath: root, isDirectory: true)
        }
        var starts = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)]
        if let executable = Bundle.main.executableURL { starts.append(executable.deletingLastPathComponent()) }
        starts.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent())
        for start in starts {
            var dir = start.standardizedFileURL
            for _ in 0..<8 {
                if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Schema/0001_create_tables.sql").path) {
                    return dir
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        throw DatabaseError.configuration(
            "cannot find sipas's Schema/ folder; run sipas from its repository or set SIPAS_ROOT to the folder that holds Schema/ and Surveys/"
        )
    }

    public static func schema() throws -> URL { try root().appendingPathComponent("Schema", isDirectory: true) }
    public static func surveys() throws -> URL { try root().appendingPathComponent("Surveys", isDirectory: true) }
}
