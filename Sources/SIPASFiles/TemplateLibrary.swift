import Foundation
import Mustache

/// Loads the Mustache templates a target ships as resources (`resources: [.copy("…/Templates")]`
/// in Package.swift): every `NAME.mustache` in the folder, registered as `NAME` so that templates
/// include each other as partials (`{{> NAME}}`). Templates that start with
/// `{{% CONTENT_TYPE: SIPAS-HTML}}` escape `{{value}}` with `XMLEscaping` (NFC, `'` escaped,
/// control characters blanked); others with Mustache's own HTML escaping.
///
/// Read here rather than with `MustacheLibrary(directory:)` (as hummingbird-examples' html-form
/// does) because that initialiser is async while rendering a report is a pure synchronous
/// function, and because a province that breaks a template should be told which file and line.
public enum TemplateLibrary {
    /// Why templates could not be loaded: which file, and what the parser said.
    public struct LoadError: Error, CustomStringConvertible {
        public var file: String
        public var reason: String
        public var description: String { "the template \(file) cannot be used: \(reason)" }
    }

    /// The templates in `folder` of `bundle`.
    public static func load(from bundle: Bundle, folder: String = "Templates") throws -> MustacheLibrary {
        _ = registerContentType
        guard let directory = bundle.url(forResource: folder, withExtension: nil) else {
            throw LoadError(file: "\(bundle.bundlePath)/\(folder)", reason: "the folder is missing")
        }
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "mustache" }
        var library = MustacheLibrary()
        for file in files {
            let name = file.deletingPathExtension().lastPathComponent
            do {
                library.register(try MustacheTemplate(string: String(contentsOf: file, encoding: .utf8)), named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw LoadError(
                    file: "\(folder)/\(file.lastPathComponent)",
                    reason:
                        "line \(error.context.lineNumber), column \(error.context.columnNumber): \(error.error) in “\(error.context.line)”")
            } catch {
                throw LoadError(file: "\(folder)/\(file.lastPathComponent)", reason: "\(error)")
            }
        }
        return library
    }

    /// Escapes with `XMLEscaping`, for the templates of the report.
    struct SIPASHTML: MustacheContentType {
        func escapeText(_ text: String) -> String { XMLEscaping.escape(text) }
    }

    /// Registered once, before any template that names it is parsed.
    private static let registerContentType: Void = MustacheContentTypes.register(SIPASHTML(), named: "SIPAS-HTML")
}
