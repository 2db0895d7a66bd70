#!/usr/bin/env bash
# OPTIONAL extra (not part of install_deps.sh): Debian's PyTorch, for tools/measure_latency.py
# and the test that runs it (skipped with a message when torch is not importable).
# Debian 12 ships python3-torch 1.13 (CPU only). It is installed for Debian's /usr/bin/python3;
# if another python3 comes first in PATH (pyenv, venv), run the tool with /usr/bin/python3.
set -euo pipefail
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "torch already importable by /usr/bin/python3: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
  exit 0
fi
if ! apt-cache policy python3-torch 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  echo "python3-torch is not available from the configured apt sources; install PyTorch another way" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -qq --no-install-recommends python3-torch
/usr/bin/python3 -c 'import torch; print("torch", torch.__version__)'
