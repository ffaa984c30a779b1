#!/usr/bin/env bash
# Installs the TensorFlow.js reference runtime from the lock file, once; a no-op when installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
command -v npm >/dev/null 2>&1 || { echo "tfjs-reference: npm is needed (Node.js 20 or newer)" >&2; exit 1; }
if [[ -f node_modules/.facefare-installed && node_modules/.facefare-installed -nt package-lock.json ]]; then
  exit 0
fi
echo "tfjs-reference: installing @tensorflow/tfjs and the wasm backend (npm ci) ..." >&2
npm ci --no-audit --no-fund --loglevel=error
touch node_modules/.facefare-installed
