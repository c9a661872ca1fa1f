# Sourced by the check scripts: sets $repo and $solvus (from $SOLVUS, else the release build,
# else the debug build), or stops with a message.
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
solvus="${SOLVUS:-}"
if [ -z "$solvus" ]; then
    for candidate in "$repo/.build/release/solvus" "$repo/.build/debug/solvus"; do
        if [ -x "$candidate" ]; then solvus="$candidate"; break; fi
    done
fi
[ -x "$solvus" ] || { echo "build solvus first (swift build), or set SOLVUS" >&2; exit 2; }
