/// The version `solvus --version` prints.
public enum SolvusVersion {
    public static let string = "0.1.0"
}
