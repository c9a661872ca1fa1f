#!/usr/bin/env bash
# Neovim headless (Debian's 0.7 or later) attached to `solvus --rpc` on a broken .solvus file:
# checks that the diagnostics of the broken line arrive and that a hover over `mix` returns its
# documentation (and that completion offers it).
#
#   apt-get install -y neovim          # Debian's Neovim (0.7.2 on bookworm)
#   swift build                        # or: swift build -c release
#   examples/editors/check-neovim.sh   # SOLVUS=/path/to/solvus to choose the binary
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/find-solvus.sh"
command -v nvim >/dev/null || { echo "install Neovim first: apt-get install -y neovim" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/broken.solvus" <<'SOLVUS'
# A what-if with a units error on line 4.
T = 900 K
m = mix(regular(17.5 kJ/mol), x: 0.3, T: T)
bad = 1 K + 1 kJ/mol
SOLVUS

echo "$(nvim --version | head -1), $solvus"
SOLVUS="$solvus" SOLVUS_CHECK_FILE="$work/broken.solvus" SOLVUS_CHECK_DIR="$here/neovim" \
    timeout 60 nvim --headless --clean -u "$here/neovim/check.lua"
