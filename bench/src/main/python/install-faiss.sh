#!/usr/bin/env bash
# Installs the FAISS peer of `facefare bench gallery` (Debian python3-faiss, python3-numpy) when absent.
set -euo pipefail
PY=${FACEFARE_FAISS_PYTHON:-/usr/bin/python3}
if "$PY" -c "import faiss, numpy" >/dev/null 2>&1; then
  exit 0
fi
echo "facefare: installing the FAISS peer (python3-faiss, python3-numpy) with apt-get ..." >&2
SUDO=()
[[ $(id -u) -eq 0 ]] || SUDO=(sudo)
"${SUDO[@]}" apt-get update -q >&2
"${SUDO[@]}" apt-get install -y -q python3-faiss python3-numpy >&2
"$PY" -c "import faiss, numpy" || { echo "facefare: FAISS still not importable by $PY" >&2; exit 1; }
