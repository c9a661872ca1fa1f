extension Int {
    /// `x` rounded toward zero, or nil when it is NaN, infinite or too large for an Int. Every
    /// Double that comes from input goes through this (or a range check) before it becomes an
    /// Int: `Int(1e19)` traps.
    public init?(checking x: Double) {
        // 2^63 is exactly representable; every Double below it in magnitude converts.
        guard x.isFinite, x > -9.223372036854775808e18, x < 9.223372036854775808e18 else { return nil }
        self.init(x)
    }
}
