/// The Solvus standard library, written in Solvus, embedded into the binary at build time so that
/// an installed `solvus` works from any directory.
public enum Stdlib {
    /// The files loaded at start-up, in order, as (name, text).
    public static var files: [(name: String, text: String)] {
        [("<prelude>", String(decoding: PackageResources.prelude_solvus, as: UTF8.self))]
    }
}
