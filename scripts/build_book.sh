#!/usr/bin/env bash
# Build the book: fetch the offline assets with npm, then build with Jupyter Book.
#
#     bash scripts/build_book.sh                 # -> _build/html/index.html
#     bash scripts/build_book.sh --no-solutions  # -> _build/class/html/index.html
#
# The book is built from the authored notebooks: each exercise's solution is
# shown collapsed after it, for readers who learn alone. With --no-solutions
# the same site is written for a class: no solution, no hidden test and no
# written answer anywhere (the chapters come from `python -m nncourse.learner
# --class-book`, in a staging copy of the book's sources under _build/).
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

solutions=yes
case "${1:-}" in
  "") ;;
  --no-solutions) solutions=no ;;
  *) echo "usage: bash scripts/build_book.sh [--no-solutions]" >&2; exit 2 ;;
esac

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

if [ "$solutions" = yes ]; then
  source_dir=.
  html=_build/html
  echo "== jupyter-book build . --all -n -W --keep-going"
  jupyter-book build . --all -n -W --keep-going
else
  # A staging copy: the book's pages and configuration, node_modules linked, and the
  # chapters without their solutions, under the same names so every link still holds.
  source_dir=_build/class-src
  html=_build/class/html
  rm -rf "$source_dir" _build/class
  mkdir -p "$source_dir"
  cp -r book _config.yml _toc.yml "$source_dir/"
  mkdir -p "$source_dir/benchmarks" && cp -r benchmarks/results "$source_dir/benchmarks/"
  ln -s "$PWD/node_modules" "$source_dir/node_modules"
  python -m nncourse.learner --class-book "$source_dir/authored"
  echo "== jupyter-book build (no solutions) --all -n -W --keep-going"
  jupyter-book build "$source_dir" --all -n -W --keep-going
  mkdir -p _build/class
  mv "$source_dir/_build/html" "$html"
fi

for asset in _vendor/mathjax/tex-chtml.js _vendor/require.js _vendor/html-manager/embed-amd.js; do
  if [ ! -f "$html/$asset" ]; then
    echo "build_book: $html/$asset is missing: the book would not read offline." >&2
    exit 1
  fi
done

echo "== book built in $(( $(date +%s) - start )) s: $html/index.html"
