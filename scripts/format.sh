#!/usr/bin/env bash
# Formats every C++ file in place with the repository's .clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files '*.hpp' '*.cpp' | xargs clang-format-14 -i
