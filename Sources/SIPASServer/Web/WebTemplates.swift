import Foundation
import Mustache
import SIPASFiles

/// The Mustache templates of the web pages, shipped as resources of SIPASServer
/// (`Web/Templates/NAME.mustache`, nothing else to install beside the binary's resource
/// bundle). `layout` is the page around every other template, which it includes as the partial
/// named by `page`. `{{x}}` escapes HTML. Vietnamese text; small screens first; no JavaScript.
enum WebTemplates {
    static let library: MustacheLibrary = {
        do { return try TemplateLibrary.load(from: .module) } catch { fatalError("web templates: \(error)") }
    }()

    /// The page template `name` inside the layout, titled `title`.
    static func page(_ name: String, title: String, _ object: [String: Any]) -> String {
        var values = object
        values["title"] = title
        values["page"] = name
        guard let html = library.render(values, withTemplate: "layout") else { fatalError("no web template layout") }
        return html
    }
}
