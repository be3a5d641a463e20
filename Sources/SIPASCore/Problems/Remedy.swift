/// What the person importing can ask for differently to get past a problem. The lower layers
/// name it with its facts; each front end words it its own way (the CLI with its flags, the
/// API with its parameters, the web pages in Vietnamese), so that no layer below speaks for
/// one front end.
public enum Remedy: Sendable, Equatable {
    /// The file's bytes do not fit the encoding they were read in: name another one, e.g. this.
    case nameEncoding(String)
    /// The file names another survey than the import: import it under the same survey.
    case sameSurvey(imported: String)
    /// A unit list overlaps the start of a version already stored: import it valid from a
    /// later date, or fix the earlier import.
    case laterValidFrom
    /// A unit change names a unit not yet stored: import the structure valid from this date first.
    case importStructure(validFrom: CalendarDate)
    /// Data for these units and periods already exist: import again replacing them (the
    /// earlier uploads stay, superseded).
    case replace
}
