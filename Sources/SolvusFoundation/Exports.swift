// What the command's modules take from Foundation and the C library, chosen in one place:
// FoundationEssentials where the toolchain has it (Linux), so that the command does not load
// Foundation, its internationalisation library and ICU at every start (README, Performance);
// Foundation where it does not.
#if canImport(FoundationEssentials)
@_exported import FoundationEssentials
#else
@_exported import Foundation
#endif
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#endif
