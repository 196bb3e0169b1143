#!/usr/bin/env bash
# Build the book: fetch the offline assets with npm, then build with Jupyter Book.
#
#     bash scripts/build_book.sh            # -> _build/html/index.html
#
# 1. `npm ci` installs, from the committed package-lock.json, MathJax 3,
#    require.js and the ipywidgets 8 HTML manager into node_modules/ (skipped
#    when node_modules/ already matches the lock file).
# 2. `jupyter-book build . --all -n -W --keep-going`: warnings are errors, so a
#    broken reference, a missing citation or a bad notebook fails the build.
#    The notebooks are not executed: the book shows their stored outputs.
#    book/_ext/nnbook.py copies the assets into _build/html/_vendor/, so the
#    book reads offline from disk (file://).
#
# Then `pytest tests/test_book_browser.py` checks the built pages in headless
# Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)

if ! command -v npm >/dev/null 2>&1; then
  echo "build_book: npm is needed to fetch the offline assets (MathJax, widgets)." >&2
  echo "            Install Node.js >= 18 (e.g. apt-get install -y nodejs npm)." >&2
  exit 1
fi

stamp=node_modules/.nnbook-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "== offline assets: node_modules/ matches package-lock.json"
else
  echo "== offline assets: npm ci"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

echo "== jupyter-book build . --all -n -W --keep-going"
jupyter-book build . --all -n -W --keep-going

for asset in _vendor/mathjax/tex-chtml.js _vendor/require.js _vendor/html-manager/embed-amd.js; do
  if [ ! -f "_build/html/$asset" ]; then
    echo "build_book: _build/html/$asset is missing: the book would not read offline." >&2
    exit 1
  fi
done

echo "== book built in $(( $(date +%s) - start )) s: _build/html/index.html"
