// libFuzzer target: arbitrary bytes as the input stream of `solvus --rpc`, served in process:
// the frame reader, JSON decoding, the lifecycle and every method's handler. An `initialize`
// with tight budgets and a private workspace folder comes first, so that evaluations stay short
// and files outside that folder stay out of reach.
// Build and run with Fuzz/run.sh rpc SECONDS.
import Foundation
import FuzzSupport
import SolvusCore
import SolvusServer

#if SOLVUS_FUZZER
let maxInputLength = 8192

let workspace: String = privateDirectory("rpc")

let initialize: [UInt8] = {
    let body = """
        {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"rootUri":"file://\(workspace)",\
        "capabilities":{},"initializationOptions":{"timeLimit":0.1,"maxElements":10000,"maxCallDepth":200}}}
        """
    return Array("Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
}()

let sink = open("/dev/null", O_WRONLY)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRPC(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size <= maxInputLength else { return -1 }
    guard !holdsKnownFault(UnsafeBufferPointer(start: data, count: size), json: true) else { return -1 }
    // The stream comes through a pipe, as from an editor; it fits in the pipe's buffer (64 KiB).
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { return 0 }
    let fd = ends[0]
    var stream = initialize
    stream.append(contentsOf: UnsafeBufferPointer(start: data, count: size))
    var offset = 0
    while offset < stream.count {
        let n = stream[offset...].withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        guard n > 0 else { break }
        offset += n
    }
    close(ends[1])
    Worker.shared.run {
        let server = RPCServer(input: fd, output: sink)
        // An evaluation that does not stop must show as a slow input (libFuzzer's -timeout),
        // not end the fuzzer's process.
        server.exitsWhenStuck = false
        _ = server.run()
    }
    retire(fd)
    return 0
}

/// Descriptors of earlier inputs, closed late: after an `exit` the server returns while its
/// reading thread may still be reading, and a descriptor closed at once could be reused by the
/// next input's stream under that thread.
var retired: [Int32] = []

func retire(_ fd: Int32) {
    retired.append(fd)
    if retired.count > 64 { close(retired.removeFirst()) }
}
#else
@main
enum FuzzRPC {
    static func main() {
        FileHandle.standardError.write(Data("fuzz-rpc is a libFuzzer target: build and run it with Fuzz/run.sh rpc SECONDS\n".utf8))
        exit(2)
    }
}
#endif
