#!/usr/bin/env bash
# Formats every C++ file (and the C of bindings/) in place with the repository's .clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files '*.hpp' '*.cpp' 'bindings/*.h' 'bindings/*.c' | xargs clang-format-14 -i
