/// How a front end says a remedy: as the end of a sentence that states the problem, except
/// `.replace`, which follows a list of conflicts as a sentence of its own.
public protocol RemedyWording: Sendable {
    func text(_ remedy: Remedy) -> String
}
