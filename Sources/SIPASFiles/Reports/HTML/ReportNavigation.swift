/// The links above a report shown in the web app: home, the form to choose another period, and
/// the report's downloads. Printed reports and files have none.
public struct ReportNavigation: Sendable, Equatable {
    /// A download of the report.
    public struct Link: Sendable, Equatable {
        /// What the link says ("XLSX").
        public var label: String
        /// Where it goes, unescaped.
        public var href: String

        public init(label: String, href: String) {
            self.label = label
            self.href = href
        }
    }

    /// The web app's home page.
    public var home: String
    /// The form to choose another period.
    public var choose: String
    /// The report in other formats.
    public var downloads: [Link]

    public init(home: String, choose: String, downloads: [Link]) {
        self.home = home
        self.choose = choose
        self.downloads = downloads
    }
}
