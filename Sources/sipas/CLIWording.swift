import SIPASCore
import SIPASFiles
import SIPASStore

/// How the command line says what to ask for differently: with its flags. The layers below
/// throw typed errors and problems; `worded` turns them into the text printed after `Error:`.
struct CLIWording: RemedyWording {
    func text(_ remedy: Remedy) -> String {
        switch remedy {
        case .nameEncoding(let example): "if it was saved in another encoding, name it, e.g. --encoding \(example)"
        case .sameSurvey(let imported): "the import names --survey \(imported); expected the same survey"
        case .laterValidFrom: "import this list with a later --valid-from or fix the earlier import"
        case .importStructure(let validFrom): "import the new structure (sipas units import … --valid-from \(validFrom)) first"
        case .replace: "To correct them, import again with --replace: the earlier uploads stay, marked superseded, out of every analysis."
        }
    }

    /// `error` as the command line prints it; errors that need no wording are returned as they are.
    static func worded(_ error: any Error) -> any Error {
        switch error {
        case let problems as FileProblems:
            return CLIMessage(problems.description(CLIWording()))
        case let error as DelimitedTextError:
            return CLIMessage(error.problem(file: error.file).description(CLIWording()))
        case let error as UploadError:
            return CLIMessage(error.description(CLIWording()))
        case let error as UnitListError:
            switch error {
            case .endsBeforeStart(let validFrom, let validTo):
                return CLIMessage("--valid-to \(validTo) is before --valid-from \(validFrom)")
            }
        case let error as AccountError:
            switch error {
            case .invalid(let username):
                return CLIMessage(
                    "account \(username) is not valid: the name is 2–64 of a-z 0-9 . _ -, the role admin, analyst, uploader, viewer or kiosk, and an uploader or kiosk needs --unit"
                )
            }
        case let error as BackupError:
            if case .notAnArchive(let path) = error {
                return CLIMessage(
                    "\(path) is not a backup made by `sipas db backup` (a pg_dump custom-format archive starts with PGDMP); nothing was changed"
                )
            }
            return CLIMessage(error.description)
        default:
            return error
        }
    }
}
