/// The HTTP service (JSON API and web pages) is built by the service issue; this target
/// exists so that the module layout is in place: sipas (CLI) → Server → Store / Files → Core.
public enum SIPASServer {}
