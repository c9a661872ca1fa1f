#!/usr/bin/env bash
# Emacs (batch) with Eglot attached to `solvus --rpc` on a broken .solvus file: checks that the
# diagnostics arrive (through Flymake) and that a hover over `mix` returns its documentation.
#
#   apt-get install -y emacs-nox elpa-eglot   # Debian's Emacs 28 and Eglot 1.9 (Emacs 29 has Eglot)
#   swift build
#   examples/editors/check-emacs.sh           # SOLVUS=/path/to/solvus to choose the binary
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/find-solvus.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/broken.solvus" <<'SOLVUS'
# A what-if with a units error on line 4.
T = 900 K
m = mix(regular(17.5 kJ/mol), x: 0.3, T: T)
bad = 1 K + 1 kJ/mol
SOLVUS

echo "$(emacs --version | head -1), $solvus"
status=0
SOLVUS="$solvus" SOLVUS_CHECK_FILE="$work/broken.solvus" SOLVUS_CHECK_DIR="$here/emacs" \
    timeout 60 emacs --batch -q -l "$here/emacs/check.el" > "$work/log" 2>&1 || status=$?
grep -v -e '^\[eglot\]' -e '^Loading' "$work/log" || true
exit $status
