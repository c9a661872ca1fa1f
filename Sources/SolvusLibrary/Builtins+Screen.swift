import SolvusFoundation
import SolvusCore
import SolvusModels

extension Builtins {
    /// Rows per chunk of a screen: big enough that calling the user's functions once per chunk
    /// costs little, small enough that a few chunks in flight per thread stay a few megabytes.
    static let screenChunkRows = 32_768

    static func screen(_ registry: ElementRegistry) -> Builtin {
        Builtin(
            "screen",
            params: [.init("space"), .init("model"), .init("where", optional: true), .init("by", optional: true),
                     .init("keep", default: .number(100)), .init("order", default: .string("max")),
                     .init("bins", optional: true), .init("options", optional: true),
                     .init("threads", optional: true)],
            signature: "screen(space, model, where:, by:, keep:, order:, bins:, options:, threads:) -> {count, matched, top, max, min, mean, ...}",
            doc: """
                Runs a model over a whole composition space as a stream, in chunks of 32,768 \
                compositions, in constant memory: a grid of 10^8 or 10^9 compositions is never stored. \
                space: grid(...) (or any compositions). model: omega or miedema (run natively on every \
                core; their options, such as {radius: "miracle"}, in options:) or any function of a set of \
                compositions, such as f(c) = rkm(s, c, T: 973 K), called once per chunk. \
                where: a function of the model's result for a chunk (d, a record of lists, with \
                d.comp the chunk's compositions) giving a true/false per composition; by: a \
                function giving a number per composition to rank by. \
                keep: how many of the best compositions to return (by order: "max", the default, or \
                "min"; without by:, the first matches in the space's order). bins: edges of a \
                histogram of by over the matches. threads: worker threads for the native kernels \
                (default: every core). The user's functions run once per chunk, in the space's order, \
                so every result is the same, to the last bit, whatever the number of threads. A \
                progress bar with the time left is shown when standard error is a terminal; Ctrl-C \
                and the time limit stop it within a chunk.
                Result: count (compositions evaluated), matched, top (the model's result for the kept \
                compositions, with comp, by and row, their index in the space), max and min of by with \
                the composition where they occur, mean of by, histogram.
                Example: screen(grid(["Co", "Cr", "Fe", "Ni"], step: 0.05), omega, where: yz, by: big, keep: 5)
                with yz(d) = d.omega > 1.1 and d.delta < 6.6 % and big(d) = d.omega.
                """
        ) { args in
            try Screen(args, registry: registry).run()
        }
    }
}

/// One run of `screen`: the space, the model (native or a function), the user's functions and
/// the reductions, all folded chunk by chunk on the interpreter's thread in the space's order.
private struct Screen {
    let args: Arguments
    let rows: CompositionRows
    let model: Function
    /// A built-in model run natively on the workers: a chunk's fractions to its result.
    let native: (@Sendable ([Double]) -> Value)?
    let filter: Function?
    let rank: Function?
    let keep: Int
    let largest: Bool
    let edges: QuantityArray?
    let threads: Int

    init(_ args: Arguments, registry: ElementRegistry) throws {
        self.args = args
        rows = try Compositions.rows(args, "space", vocabulary: .elements(registry)).0
        guard let model = try Screen.function(args, "model") else { throw args.error(.missingArgument("model", function: "screen")) }
        self.model = model
        filter = try Screen.function(args, "where")
        rank = try Screen.function(args, "by")
        let k = try args.scalar("keep", .none)
        guard k >= 0, k == k.rounded(), k <= 1e6 else {
            throw args.error("keep", .domain("keep must be a whole number from 0 to 1000000"))
        }
        keep = Int(k)
        switch try args.string("order") {
        case "max": largest = true
        case "min": largest = false
        default: throw args.error("order", .domain("order must be \"max\" or \"min\""))
        }
        if let v = args.value("bins") {
            guard case .array(let a) = v, a.values.count >= 2, zip(a.values, a.values.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw args.error("bins", .expectedType("'bins'", expected: "a rising list of at least two bin edges",
                                                       found: v.typeDescription))
            }
            guard args.value("by") != nil else {
                throw args.error("bins", .domain("a histogram needs by: (the quantity to count)"))
            }
            edges = a
        } else {
            edges = nil
        }
        if args.value("threads") != nil {
            let t = try args.scalar("threads", .none)
            guard t >= 1, t == t.rounded(), t <= 256 else {
                throw args.error("threads", .domain("threads must be a whole number from 1 to 256"))
            }
            threads = Int(t)
        } else {
            threads = max(1, min(64, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        }
        // omega and miedema run natively on the workers: prepared once with the options given.
        if case .builtin(let b) = model.kind, b.name == "omega" || b.name == "miedema" {
            var call: [(label: String?, labelRange: SourceRange?, value: Value, range: SourceRange)] =
                [(nil, nil, try args.require("space"), args.range("space"))]
            if let o = args.value("options") {
                guard case .record(let r) = o else {
                    throw args.error("options", .expectedType("'options'", expected: "a record of the model's options, such as {radius: \"miracle\"}",
                                                              found: o.typeDescription))
                }
                for (key, value) in r.fields where key != "comp" {
                    call.append((key, args.range("options"), value, args.range("options")))
                }
            }
            guard let bound = try args.evaluator.arguments(for: model, call, range: args.range("model")) else {
                throw args.error("model", .domain("\(b.name) is not a built-in here"))
            }
            if b.name == "omega" {
                let plan = try OmegaPlan(bound, elements: rows.elements, registry: registry)
                native = { fractions in
                    var c = HEADescriptors.Columns(uninitialized: fractions.count / max(plan.elements.count, 1))
                    fractions.withUnsafeBufferPointer { f in c.withPointers { plan.evaluate(f, into: $0, at: 0) } }
                    return plan.record(c, isList: true)
                }
            } else {
                let plan = try MiedemaPlan(bound, elements: rows.elements, registry: registry)
                native = { fractions in fractions.withUnsafeBufferPointer { plan.record(plan.evaluate($0)) } }
            }
        } else {
            if args.value("options") != nil {
                throw args.error("options", .domain("options: are for the built-ins omega and miedema; a function takes its options itself"),
                                 notes: ["help: write them in the function, as in m(c) = rkm(sys, c, T: 973 K, method: \"kohler\")"])
            }
            native = nil
        }
    }

    static func function(_ args: Arguments, _ name: String) throws -> Function? {
        guard let v = args.value(name) else { return nil }
        guard case .function(let f) = v else {
            let example = ["model": "omega, or f with f(c) = rkm(sys, c, T: 973 K)",
                           "where": "yz with yz(d) = d.omega > 1.1 and d.delta < 6.6 %",
                           "by": "big with big(d) = d.omega"][name] ?? "f with f(d) = ..."
            throw args.error(name, .expectedType("'\(name)'", expected: "a function, such as \(example)", found: v.typeDescription))
        }
        return f
    }

    /// What a worker hands over for a chunk: its compositions and, for a native model, the
    /// model's columns.
    struct Chunk: Sendable {
        var fractions: [Double]
        /// The native model's result (a record of lists), made on the worker.
        var result: Value?
    }

    /// A kept composition's place: its key and where its data sit.
    struct Kept {
        var value: Double
        var row: Int
    }

    func run() throws -> Value {
        let total = rows.count
        let k = rows.elements.count
        let size = Builtins.screenChunkRows
        let chunkCount = (total + size - 1) / size
        let rows = self.rows, native = self.native
        let evaluator = args.evaluator
        let range = args.callRange
        let table: [Double]
        if case .grid(let g) = rows { table = g.lattice.fractionTable } else { table = [] }
        func make(_ i: Int) -> Chunk {
            let start = i * size, end = min(total, start + size)
            // The chunk's fractions, written once: a grid's rows made straight into them, a
            // stored set's copied.
            let fractions: [Double]
            switch rows {
            case .grid(let g):
                fractions = [Double](unsafeUninitializedCapacity: (end - start) * k) { out, n in
                    if let base = out.baseAddress { g.lattice.fill(start..<end, into: base, table: table) }
                    n = (end - start) * k
                }
            case .set(let set):
                fractions = Array(set.fractions[(start * k)..<(end * k)])
            }
            return Chunk(fractions: fractions, result: native?(fractions))
        }
        // Native kernels on worker threads (with one thread, on this one); the user's functions here.
        let workers = native != nil && threads > 1 && chunkCount > 1 ? threads : 0
        let pipeline = workers > 0 ? ChunkPipeline(count: chunkCount, threads: workers, window: 2 * workers + 2, work: make) : nil
        defer {
            pipeline?.stop()
            evaluator.progress?(nil)
        }
        // Every chunk allocates and frees the same few megabytes: they are reused, not mapped
        // afresh (see `Heap.keepFreedMemory`).
        var fold = Fold(screen: self)
        let clock = ContinuousClock()
        let started = clock.now
        var shown = started
        for i in 0..<chunkCount {
            try evaluator.budget.check(at: range)
            guard let chunk = pipeline.map({ $0.take(i) }) ?? make(i) else {
                throw Diagnostic(.interrupted(), at: range)
            }
            let set = CompositionSet(elements: rows.elements, fractions: chunk.fractions)
            var d: Value
            if let result = chunk.result {
                d = result
            } else {
                d = try evaluator.call(model, [(nil, nil, .native(set), args.range("space"))], range: args.range("model"))
            }
            if case .record(var r) = d, r["comp"] == nil {
                r["comp"] = .native(set)
                d = .record(r)
            }
            try fold.add(d, set: set, firstRow: i * size)
            if let progress = evaluator.progress {
                let now = clock.now
                if now - shown > .milliseconds(200), now - started > .milliseconds(500) {
                    shown = now
                    let done = Double(min(total, (i + 1) * size))
                    let elapsed = Double((now - started).components.seconds) + Double((now - started).components.attoseconds) * 1e-18
                    let left = elapsed / done * (Double(total) - done)
                    let width = 30
                    let filled = Int(Double(width) * done / Double(total))
                    progress("screen [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                             + "] \(Int(100 * done / Double(total))) %  \(Int(done)) of \(total)  "
                             + "\(Int(left.rounded())) s left")
                }
            }
        }
        return fold.result(total: total)
    }

    /// The reductions over the chunks, in order.
    struct Fold {
        let screen: Screen
        var matched = 0
        var kept: [Kept] = []
        var keptData: Value?
        var byUnit: SolvusCore.Unit?
        var best: (value: Double, row: Int, comp: Value)?
        var worst: (value: Double, row: Int, comp: Value)?
        var sum = 0.0
        /// Matches with a number (not nan) from by:.
        var valued = 0
        var counts: [Int] = []

        init(screen: Screen) {
            self.screen = screen
            if let e = screen.edges { counts = [Int](repeating: 0, count: e.values.count - 1) }
        }

        var args: Arguments { screen.args }

        /// Whether `a` ranks before `b`.
        func before(_ a: Kept, _ b: Kept) -> Bool {
            if a.value != b.value { return screen.largest ? a.value > b.value : a.value < b.value }
            return a.row < b.row
        }

        mutating func add(_ d: Value, set: CompositionSet, firstRow: Int) throws {
            let m = set.count
            // where: one true/false per composition (or one for all).
            var pass = [Bool](repeating: true, count: m)
            if let f = screen.filter {
                let w = try args.evaluator.call(f, [(nil, nil, d, args.range("where"))], range: args.range("where"))
                switch w {
                case .bool(let b): pass = [Bool](repeating: b, count: m)
                case .native(let mask as Mask) where mask.count == m: pass = mask.bits
                case .list(let items) where items.count == m:
                    for (i, item) in items.enumerated() {
                        guard case .bool(let b) = item else { throw wrongWhere(w, m) }
                        pass[i] = b
                    }
                default: throw wrongWhere(w, m)
                }
            }
            // by: one number per composition.
            var values: [Double]?
            if let f = screen.rank {
                let b = try args.evaluator.call(f, [(nil, nil, d, args.range("by"))], range: args.range("by"))
                switch b {
                case .array(let a) where a.values.count == m:
                    if let u = byUnit, u.dimension != a.unit.dimension {
                        throw args.error("by", .domain("by gave \(Value.array(a).typeDescription) here and \(u.dimension.phrase) before"))
                    }
                    if byUnit == nil { byUnit = a.unit }
                    values = a.values
                default:
                    throw args.error("by", .expectedType("what by: gives", expected: "a number for each of the \(m) compositions of the chunk (a list)",
                                                         found: b.typeDescription))
                }
            }
            var candidates: [Kept] = []
            for i in 0..<m where pass[i] {
                matched += 1
                guard let values else {
                    if kept.count + candidates.count < screen.keep { candidates.append(Kept(value: 0, row: firstRow + i)) }
                    continue
                }
                let v = values[i]
                guard !v.isNaN else { continue }
                sum += v
                valued += 1
                let here = Kept(value: v, row: firstRow + i)
                if best.map({ v > $0.value }) ?? true { best = (v, here.row, composition(set, i)) }
                if worst.map({ v < $0.value }) ?? true { worst = (v, here.row, composition(set, i)) }
                if let e = screen.edges?.values, v >= e[0], v <= e[e.count - 1] {
                    // The bin whose lower edge is the last at or below v; the top edge is in the last bin.
                    var lo = 0, hi = e.count - 1
                    while hi - lo > 1 {
                        let mid = (lo + hi) / 2
                        if e[mid] <= v { lo = mid } else { hi = mid }
                    }
                    counts[lo] += 1
                }
                if screen.keep > 0 {
                    if kept.count == screen.keep, let last = kept.last, !before(here, last) { continue }
                    candidates.append(here)
                }
            }
            guard !candidates.isEmpty else { return }
            if values != nil { candidates.sort(by: before) }
            if candidates.count > screen.keep { candidates.removeLast(candidates.count - screen.keep) }
            // Merge the two ordered lists; picks say where each kept entry's data are.
            var merged: [Kept] = []
            var picks: [(fromChunk: Bool, index: Int)] = []
            var a = 0, b = 0
            while merged.count < screen.keep && (a < kept.count || b < candidates.count) {
                let takeChunk = a >= kept.count || (b < candidates.count && (values == nil ? false : before(candidates[b], kept[a])))
                if takeChunk {
                    merged.append(candidates[b])
                    picks.append((true, candidates[b].row - firstRow))
                    b += 1
                } else {
                    merged.append(kept[a])
                    picks.append((false, a))
                    a += 1
                }
            }
            guard b > 0 else { return }
            keptData = Fold.gather(keptData, d, rows: m, keptCount: kept.count, picks: picks)
            kept = merged
        }

        func wrongWhere(_ w: Value, _ m: Int) -> Diagnostic {
            args.error("where", .expectedType("what where: gives", expected: "true or false for each of the \(m) compositions of the chunk",
                                              found: w.typeDescription),
                       notes: ["help: compare lists, as in d.omega > 1.1 and d.delta < 6.6 %"])
        }

        func composition(_ set: CompositionSet, _ i: Int) -> Value {
            let k = set.elements.count
            return .record(Record(set.elements.enumerated().map { j, e in (e, Value.number(set.fractions[i * k + j])) }))
        }

        /// The kept entries' data: from the chunk's result `d` (lists of `rows` items) or from
        /// the data kept so far (lists of `keptCount` items), in the order of `picks`.
        static func gather(_ old: Value?, _ new: Value, rows m: Int, keptCount: Int,
                           picks: [(fromChunk: Bool, index: Int)]) -> Value {
            switch new {
            case .array(let a) where a.values.count == m:
                var old0: [Double] = []
                if case .array(let o)? = old, o.values.count == keptCount { old0 = o.values }
                let values = picks.map { $0.fromChunk ? a.values[$0.index] : (old0.isEmpty ? .nan : old0[$0.index]) }
                return .array(QuantityArray(values, a.unit))
            case .list(let items) where items.count == m:
                var old0: [Value] = []
                if case .list(let o)? = old, o.count == keptCount { old0 = o }
                return .list(picks.map { $0.fromChunk ? items[$0.index] : (old0.isEmpty ? .string("") : old0[$0.index]) })
            case .native(let c as Categories) where c.count == m:
                var old0: [UInt8] = [], oldLevels: [String] = []
                if case .native(let o as Categories)? = old, o.count == keptCount { (old0, oldLevels) = (o.codes, o.levels) }
                let strings = picks.map { $0.fromChunk ? c.levels[Int(c.codes[$0.index])]
                                                       : (old0.isEmpty ? "" : oldLevels[Int(old0[$0.index])]) }
                return Categories(count: strings.count) { strings[$0] }.map { .native($0) } ?? .list(strings.map { .string($0) })
            case .native(let s as CompositionSet) where s.count == m:
                var old0: [Double] = []
                if case .native(let o as CompositionSet)? = old, o.count == keptCount { old0 = o.fractions }
                let k = s.elements.count
                var f: [Double] = []
                f.reserveCapacity(picks.count * k)
                for p in picks {
                    if p.fromChunk { f += s.fractions[(p.index * k)..<((p.index + 1) * k)] }
                    else if !old0.isEmpty { f += old0[(p.index * k)..<((p.index + 1) * k)] }
                }
                return .native(CompositionSet(elements: s.elements, fractions: f))
            case .record(let r):
                var oldRecord: Record?
                if case .record(let o)? = old { oldRecord = o }
                return .record(Record(r.fields.map { key, value in
                    (key, gather(oldRecord?[key], value, rows: m, keptCount: keptCount, picks: picks))
                }))
            default:
                return old ?? new
            }
        }

        func result(total: Int) -> Value {
            var r = Record()
            r["count"] = .number(Double(total))
            r["matched"] = .number(Double(matched))
            let unit: SolvusCore.Unit = byUnit ?? .none
            var top: Record
            if case .record(let t)? = keptData {
                top = t
            } else if let keptData {
                top = Record([("value", keptData)])
            } else {
                top = Record()
            }
            if screen.rank != nil { top["by"] = .array(QuantityArray(kept.map(\.value), unit)) }
            top["row"] = .array(QuantityArray(kept.map { Double($0.row) }))
            r["top"] = .record(top)
            if screen.rank != nil {
                func extreme(_ e: (value: Double, row: Int, comp: Value)?) -> Value {
                    guard let e else { return .record(Record()) }
                    return .record(Record([("value", .number(Quantity(e.value, unit))), ("row", .number(Double(e.row))),
                                           ("comp", e.comp)]))
                }
                r["max"] = extreme(best)
                r["min"] = extreme(worst)
                r["mean"] = .number(Quantity(valued > 0 ? sum / Double(valued) : .nan, unit))
            }
            if let e = screen.edges {
                r["histogram"] = .record(Record([("edges", .array(e)),
                                                 ("counts", .array(QuantityArray(counts.map(Double.init))))]))
            }
            return .record(r)
        }
    }
}
