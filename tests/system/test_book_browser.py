"""The built book, read from disk by a real browser with no network.

Headless Chromium (Playwright, driving the system's /usr/bin/chromium) opens
every page listed in ``_toc.yml`` from ``_build/html`` through ``file://`` and
checks, page by page:

* no console error and no uncaught exception;
* no request leaves the machine: every request is recorded, and only
  ``file:``, ``data:``, ``blob:`` (and ``about:``) URLs are allowed (others
  are aborted, then reported);
* the maths is typeset: MathJax containers are present on pages with maths
  and no raw ``\\(`` / ``\\[`` is left in the visible text;
* every image has loaded (``naturalWidth > 0``);
* on the pages whose notebook displays widgets, the widgets are rendered from
  the saved state (``.jupyter-widgets``, with a ``.widget-slider`` where the
  notebook has a slider), with no "Error displaying widget".

Reading the pages as a learner would (issue 13), at 1400 px and 390 px wide:

* no display equation, output block, widget or output image overflows its
  column invisibly: whatever is wider than its box either fits in the column
  or sits in a box that scrolls horizontally, and scrolling that box really
  brings both of its edges into view (nothing clipped with ``overflow: hidden``,
  nothing pushed out to the left); long output lines wrap;
* no code-cell bar ("Show code cell content") comes before a chapter's title,
  and no page title or navigation entry is numbered twice ("1. Chapter 1: ...");
* every dashboard either redraws its picture when a slider (or drop-down)
  moves, or has no usable control and says to run the notebook.

Dashboards without a kernel and readers who do not see the page (issue 21):

* each static panel (``nncourse.panels``; chapters 1, 3 and 6) replaces its dead live
  dashboard and, at 1400 px and 390 px, answers every control moved by the pointer and by
  the keyboard with the picture, alt text and status line stored for the chosen values in
  the notebook's output, without a console error or a request leaving the machine;
* axe-core (``node_modules/axe-core``, installed by ``npm ci``) scans every page and finds
  no serious or critical violation, in the light theme and, on the chapters, in the dark;
* every image of every page has an alt text (never empty, never "image" or a file name),
  and every figure the notebooks store has an opaque white face, so it reads in the dark
  theme too.

It also saves screenshots into ``_build/html/_screenshots/``: the landing page
(``landing.png``), chapter 3 (``chapter3.png``), the first widget of every
chapter that has one (``<notebook>_widget.png``), chapter 5's four equations
at 390 px and 1400 px (``chapter5_equations_390.png``,
``chapter5_equations_1400.png``) and each chapter's first dashboard before and
after a slider move (``<notebook>_dashboard_before.png`` / ``_after.png``), each static
panel at both widths (``<notebook>_panel_<width>.png``) and each chapter in the dark theme
(``<notebook>_dark.png``).

Build the book first: ``bash scripts/build_book.sh``. Without a built book or
without Chromium the tests are skipped, with the reason, except under
``CI=true``, where they fail: CI must really run them.
"""

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "_build" / "html"
SCREENSHOTS = BUILD / "_screenshots"
IN_CI = os.environ.get("CI", "").strip().lower() == "true"
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--safebrowsing-disable-auto-update",
]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")   # axe-core impacts that fail the test
LIVE_DASHBOARD = ".cell_output:not(.nnbook-replaced-dashboard)"


def toc_files():
    """Every page of the book, in the order of _toc.yml: [(file, is_notebook), ...]."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [(f, (ROOT / f"{f}.ipynb").exists()) for f in files]


PAGES = toc_files()
CHAPTERS = [f for f, is_notebook in PAGES if is_notebook]


def notebook_widgets(file):
    """What the notebook displays: (number of widget views, has a slider)."""
    path = ROOT / f"{file}.ipynb"
    if not path.exists():
        return 0, False
    nb = json.loads(path.read_text(encoding="utf-8"))
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    views = [
        output["data"][WIDGET_VIEW]["model_id"]
        for cell in nb.get("cells", [])
        for output in cell.get("outputs", [])
        if WIDGET_VIEW in output.get("data", {})
    ]
    shown = [model for model in views if model in state]
    slider = any(
        model.get("model_name", "").endswith("SliderModel") for model in state.values()
    )
    return len(shown), slider


def chromium_path():
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def unavailable(reason):
    """Skip locally; fail under CI=true (CI must run the browser test)."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser test must run in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not (BUILD / "index.html").exists():
        unavailable("the book is not built: run `bash scripts/build_book.sh` "
                    f"({BUILD / 'index.html'} is missing)")
    executable = chromium_path()
    if executable is None:
        unavailable("Chromium is not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageVisit:
    """Open one page from disk, recording console errors and every request."""

    def __init__(self, browser, path, width=1280):
        self.context = browser.new_context(viewport={"width": width, "height": 900},
                                           device_scale_factor=1)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.requests, self.external, self.errors = [], [], []
        self.page.on("request", self._request)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda err: self.errors.append(f"uncaught: {err}"))
        self.page.on("requestfailed",
                     lambda req: self.errors.append(f"request failed: {req.url} "
                                                    f"({req.failure})")
                     if urlparse(req.url).scheme in LOCAL_SCHEMES else None)
        self.page.goto(path.resolve().as_uri(), wait_until="load", timeout=60_000)

    def _route(self, route):
        if urlparse(route.request.url).scheme in LOCAL_SCHEMES:
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def _request(self, request):
        self.requests.append(request.url)
        if urlparse(request.url).scheme not in LOCAL_SCHEMES \
                and request.url not in self.external:
            self.external.append(request.url)

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text} @ {message.location.get('url', '')}")

    def close(self):
        self.context.close()


def wait_for_mathjax(page):
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                           timeout=30_000)
    page.evaluate("() => MathJax.startup.promise")


def raw_tex_left(page):
    """Visible text (code blocks excluded) that still holds TeX delimiters."""
    return page.evaluate(r"""() => {
        const body = document.querySelector('main') || document.body;
        const clone = body.cloneNode(true);
        clone.querySelectorAll('pre, code, script, style, textarea, mjx-container, .highlight')
             .forEach(e => e.remove());
        const text = clone.textContent;
        const hits = [];
        for (const marker of ['\\(', '\\[', '$$']) {
            const at = text.indexOf(marker);
            if (at >= 0) hits.push(text.slice(Math.max(0, at - 30), at + 40));
        }
        return hits;
    }""")


def broken_images(page):
    page.wait_for_function(
        "() => Array.from(document.images).every(img => img.complete)", timeout=30_000)
    return page.evaluate("""() => Array.from(document.images)
        .filter(img => !(img.naturalWidth > 0))
        .map(img => img.getAttribute('src').slice(0, 120))""")


def images_without_alt(page):
    """Visible images of the page whose alt text is missing, empty, "image" or a file name
    (the theme's logo, next to the book's title, is decorative: alt="" is right there)."""
    return page.evaluate(r"""() => Array.from(document.querySelectorAll('main img'))
        .filter(img => img.getClientRects().length && !img.closest('.navbar-brand'))
        .filter(img => {
            const alt = (img.getAttribute('alt') || '').trim();
            return !alt || /^(image|figure|picture)$/i.test(alt) || /\.(png|jpe?g|svg|gif)$/i.test(alt);
        })
        .map(img => (img.getAttribute('src') || '').slice(0, 80))""")


def check_page(browser, file, is_notebook, screenshot=None):
    path = BUILD / f"{file}.html"
    assert path.exists(), f"{file} is in _toc.yml but {path} was not built"
    visit = PageVisit(browser, path)
    page = visit.page
    problems = []
    try:
        has_math = page.locator(".math").count() > 0
        if has_math:
            wait_for_mathjax(page)
            if page.locator("mjx-container").count() == 0:
                problems.append("maths present but no MathJax container: MathJax did not run")
            left = raw_tex_left(page)
            if left:
                problems.append(f"raw TeX left in the text: {left}")

        n_views, has_slider = notebook_widgets(file) if is_notebook else (0, False)
        if n_views:
            try:
                page.wait_for_selector(".jupyter-widgets", timeout=30_000, state="attached")
                if has_slider:
                    page.wait_for_selector(".widget-slider", timeout=30_000, state="attached")
            except Exception:  # noqa: BLE001 - reported as a problem below
                problems.append("widgets not rendered (no .jupyter-widgets/.widget-slider)")
            text = page.evaluate("() => document.body.innerText")
            if "Error displaying widget" in text:
                problems.append("a widget failed to display: 'Error displaying widget'")

        broken = broken_images(page)
        if broken:
            problems.append(f"images that did not load: {broken}")

        page.wait_for_timeout(300)  # late console errors (widget manager, fonts)
        unnamed = images_without_alt(page)
        if unnamed:
            problems.append(f"images without a useful alt text: {unnamed}")
        if screenshot:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{screenshot}.png"))
        shown = page.locator(f"main {LIVE_DASHBOARD}:has(.jupyter-widgets), main .nnbook-panel")
        if n_views and shown.count():
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            widget = shown.first
            widget.scroll_into_view_if_needed()
            page.wait_for_timeout(200)
            widget.screenshot(path=str(SCREENSHOTS / f"{Path(file).name}_widget.png"))
    finally:
        visit.close()

    if visit.errors:
        problems.append("console errors:\n  " + "\n  ".join(visit.errors))
    if visit.external:
        problems.append("requests leaving the machine:\n  " + "\n  ".join(visit.external))
    assert not problems, f"{file}:\n" + "\n".join(problems)
    return visit


def test_toc_lists_six_chapters():
    assert [Path(f).name for f, _ in PAGES if f.startswith("authored/")] == [
        "01_neuron", "02_perceptron", "03_two_layer_network",
        "04_chain_rule", "05_backpropagation", "06_mnist"]


def test_landing_page(browser):
    check_page(browser, PAGES[0][0], False, screenshot="landing")


@pytest.mark.parametrize("file", [f for f, nb in PAGES[1:] if not nb])
def test_prose_page(browser, file):
    check_page(browser, file, False)


@pytest.mark.parametrize("file", CHAPTERS)
def test_chapter_page(browser, file):
    name = Path(file).name
    check_page(browser, file, True,
               screenshot="chapter3" if name.startswith("03_") else None)


def test_offline_assets_are_local():
    """Pages point at the copies in _vendor/, which the build put there."""
    if not (BUILD / "index.html").exists():
        unavailable("the book is not built: run `bash scripts/build_book.sh`")
    for asset in ("mathjax/tex-chtml.js", "require.js", "html-manager/embed-amd.js"):
        assert (BUILD / "_vendor" / asset).is_file(), f"_vendor/{asset} missing from the build"
    html = (BUILD / f"{PAGES[0][0]}.html").read_text(encoding="utf-8")
    assert "_vendor/mathjax/tex-chtml.js" in html
    assert "cdn.jsdelivr.net" not in html and "cdnjs.cloudflare.com" not in html


def test_chapters_show_solutions_and_checks_without_grading_markers():
    """A reader sees the solution as code and the check a learner runs, not nbgrader's lines."""
    if not (BUILD / "index.html").exists():
        unavailable("the book is not built: run `bash scripts/build_book.sh`")
    chapters = [file for file, is_notebook in PAGES if is_notebook]
    assert len(chapters) == 6
    for file in chapters:
        text = re.sub(r"<[^>]+>", "", (BUILD / f"{file}.html").read_text(encoding="utf-8"))
        assert "hidden=True" not in text and "HIDDEN TESTS" not in text, file
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text, file
        assert re.search(r"check_\w+\(\w+\)", text), file  # the visible checks are still there
    instructors = re.sub(r"<[^>]+>", "", (BUILD / "book" / "instructors.html").read_text())
    assert "BEGIN HIDDEN TESTS" in instructors  # the page that explains the markers keeps them


# --------------------------------------------------------------------------
# Reading the pages at a desktop and a phone width (issue 13)

WIDTHS = (1400, 390)
LAYOUT_TARGETS = [
    "main div.math",
    'main mjx-container[display="true"]',
    'main mjx-container[display="true"] > mjx-math',
    "main .cell_output .output",
    "main .cell_output pre",
    "main .cell_output img",
    "main .cell_output .jupyter-widgets",
]

# Returns, for every target element that is visible, whether any of it is out
# of sight with no way to scroll to it. An element wider than its box is fine
# only in a box with overflow-x auto/scroll, and only if scrolling that box to
# both ends really shows the element's left and right edges. Whatever is left
# must lie inside the article column.
OVERFLOW_JS = r"""(selectors) => {
  const article = document.querySelector('main article') || document.querySelector('main');
  const problems = [];
  const scrollable = v => v === 'auto' || v === 'scroll';
  const name = e => {
    const text = (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
    return `${e.tagName.toLowerCase()}${e.classList.length ? '.' + [...e.classList].slice(0, 3).join('.') : ''}`
         + (text ? ` «${text}»` : '');
  };
  const inner = box => {
    const r = box.getBoundingClientRect();
    return [r.left + box.clientLeft, r.left + box.clientLeft + box.clientWidth];
  };
  // the horizontal extent of an element, with what spills out of an overflow: visible box
  const extent = (e, spill) => {
    const r = e.getBoundingClientRect();
    return [r.left, spill ? Math.max(r.right, r.left + e.scrollWidth) : r.right];
  };
  const reachable = (e, spill, box) => {
    const saved = box.scrollLeft, [lo, hi] = inner(box);
    box.scrollLeft = -1e7; const left = extent(e, spill)[0];
    box.scrollLeft = 1e7;  const right = extent(e, spill)[1];
    box.scrollLeft = saved;
    return {ok: left >= lo - 1 && right <= hi + 1, left: Math.round(lo - left), right: Math.round(right - hi)};
  };
  const seen = new Set();
  for (const selector of selectors) {
    for (const el of document.querySelectorAll(selector)) {
      if (seen.has(el)) continue;
      seen.add(el);
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || el.closest('details:not([open])')) continue;
      const style = getComputedStyle(el);
      let spill = false;
      if (el.clientWidth && el.scrollWidth > el.clientWidth + 1) {
        if (style.overflowX === 'visible') spill = true;
        else if (!scrollable(style.overflowX)) {
          problems.push(`${name(el)}: content ${el.scrollWidth} px wide in a ${el.clientWidth} px box `
                        + `with overflow-x: ${style.overflowX}: clipped, nothing to scroll`);
          continue;
        }
      }
      let node = el, clipped = false;
      for (let a = el.parentElement; a && a !== article.parentElement; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX === 'visible') continue;
        const [lo, hi] = inner(a), [left, right] = extent(node, node === el && spill);
        if (left >= lo - 1 && right <= hi + 1) continue;
        if (scrollable(s.overflowX)) {
          const got = reachable(node, node === el && spill, a);
          if (!got.ok) {
            problems.push(`${name(el)}: scrolling ${name(a).slice(0, 60)} does not reach it `
                          + `(${Math.max(got.left, 0)} px hidden on the left, ${Math.max(got.right, 0)} px on the right)`);
            clipped = true;
            break;
          }
          node = a;
          continue;
        }
        problems.push(`${name(el)}: ${Math.round(Math.max(lo - left, 0))} px cut off on the left and `
                      + `${Math.round(Math.max(right - hi, 0))} px on the right by ${name(a).slice(0, 60)} `
                      + `(overflow-x: ${s.overflowX})`);
        clipped = true;
        break;
      }
      if (clipped) continue;
      const col = article.getBoundingClientRect(), [left, right] = extent(node, node === el && spill);
      if (left < col.left - 1 || right > col.right + 1) {
        problems.push(`${name(el)}: sticks out of the column [${Math.round(col.left)}, ${Math.round(col.right)}] `
                      + `px: [${Math.round(left)}, ${Math.round(right)}]`);
      }
    }
  }
  // long output lines wrap: an output's text needs no scrolling at all
  for (const pre of document.querySelectorAll('main .cell_output pre')) {
    if (pre.clientWidth && pre.scrollWidth > pre.clientWidth + 1 && !pre.closest('details:not([open])')) {
      problems.push(`${name(pre)}: an output line does not wrap (${pre.scrollWidth} px in ${pre.clientWidth} px)`);
    }
  }
  return problems;
}"""


def unstick(page):
    """Make sticky/fixed bars static, so a tall element's screenshot has no bar across it."""
    page.evaluate("""() => document.querySelectorAll('body *').forEach(e => {
        const p = getComputedStyle(e).position;
        if (p === 'sticky' || p === 'fixed') e.style.setProperty('position', 'static', 'important');
    })""")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")


def settle(page, file):
    """Wait for MathJax, the widgets and the layout scripts of nnbook.js."""
    if page.locator(".math").count():
        wait_for_mathjax(page)
    n_views, has_slider = notebook_widgets(file)
    if n_views:
        page.wait_for_selector(".jupyter-widgets", timeout=30_000, state="attached")
        if has_slider:
            page.wait_for_selector(".widget-slider", timeout=30_000, state="attached")
    page.wait_for_function(
        "() => Array.from(document.images).every(img => img.complete)", timeout=30_000)
    page.wait_for_timeout(600)  # ResizeObserver fits, widget manager, the static-dashboard pass


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("file", [f for f, _ in PAGES])
def test_nothing_overflows_invisibly(browser, file, width):
    visit = PageVisit(browser, BUILD / f"{file}.html", width=width)
    try:
        settle(visit.page, file)
        problems = visit.page.evaluate(OVERFLOW_JS, LAYOUT_TARGETS)
        if Path(file).name.startswith("05_"):
            section = visit.page.locator("main section#the-four-equations")
            if not section.count():
                section = visit.page.locator("main section:has(div.math)").first
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            unstick(visit.page)
            section.scroll_into_view_if_needed()
            section.screenshot(path=str(SCREENSHOTS / f"chapter5_equations_{width}.png"))
    finally:
        visit.close()
    assert not problems, (f"{file} at {width} px: {len(problems)} block(s) out of sight:\n  "
                          + "\n  ".join(problems[:40]))


TITLE_JS = r"""() => {
  const h1 = document.querySelector('main h1');
  if (!h1) return {h1: null};
  const before = Array.from(document.querySelectorAll(
      'main .cell, main details, main .toggle-details, main button.toggle-button'))
    .filter(e => !e.contains(h1) && (h1.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_PRECEDING))
    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].slice(0, 3).join('.')} «${(e.innerText || '').trim().slice(0, 40)}»`);
  const titles = [document.title, h1.innerText,
                  ...Array.from(document.querySelectorAll('nav a, .prev-next-title, .bd-breadcrumbs a'))
                        .map(a => a.innerText.trim())];
  return {h1: h1.innerText.trim(), before, twice: titles.filter(t => /^\s*\d+(\.\d+)*\.?\s+Chapter\s+\d+/i.test(t))};
}"""


@pytest.mark.parametrize("file", CHAPTERS)
def test_chapter_title_comes_first_numbered_once(browser, file):
    visit = PageVisit(browser, BUILD / f"{file}.html", width=1400)
    try:
        found = visit.page.evaluate(TITLE_JS)
    finally:
        visit.close()
    n = int(Path(file).name[:2])
    assert found["h1"] and found["h1"].startswith(f"Chapter {n}:"), (
        f"{file}: the page title should be 'Chapter {n}: ...', found {found['h1']!r}")
    assert not found["before"], (f"{file}: code-cell bars before the chapter's title: "
                                 f"{found['before']}")
    assert not found["twice"], f"{file}: numbered twice: {sorted(set(found['twice']))}"


def picture_of(dashboard):
    """A fingerprint of what a dashboard draws: its output areas' pixels and image sources."""
    import hashlib

    digest = hashlib.sha256()
    outputs = dashboard.locator(".widget-output, .widget-image")
    for k in range(outputs.count()):
        area = outputs.nth(k)
        if area.is_visible() and (area.bounding_box() or {}).get("height", 0) > 0:
            digest.update(area.screenshot())
    for src in dashboard.locator("img").evaluate_all("els => els.map(e => e.src)"):
        digest.update(src.encode())
    return digest.hexdigest()


def try_to_move(page, slider):
    """Drag and key a slider like a reader; return (readout before, readout after)."""
    def state():
        return slider.evaluate(
            """s => [(s.querySelector('.widget-readout') || {}).textContent,
                     (s.querySelector('[role=slider]') || {getAttribute: () => null})
                         .getAttribute('aria-valuenow')].join(' | ')""")

    before = state()
    handle = slider.locator(".noUi-handle, input[type=range]").first
    if handle.count():
        box = handle.bounding_box()
        if box:
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(x, y)
            page.mouse.down()
            page.mouse.move(x + 45, y, steps=5)
            page.mouse.up()
        handle.evaluate("h => h.focus()")
        for _ in range(2):
            page.keyboard.press("ArrowRight")
    page.wait_for_timeout(200)
    return before, state()


@pytest.mark.parametrize("file", [f for f in CHAPTERS if notebook_widgets(f)[1]])
def test_static_dashboards_redraw_or_say_so(browser, file):
    visit = PageVisit(browser, BUILD / f"{file}.html", width=1400)
    page, problems = visit.page, []
    name = Path(file).name
    try:
        settle(page, file)
        unstick(page)
        dashboards = page.locator(f"main {LIVE_DASHBOARD}:has(.widget-slider)")
        panels = page.locator("main .nnbook-panel")
        assert dashboards.count() or panels.count(), (
            f"{file}: the notebook has sliders but the page shows none")
        for k in range(dashboards.count()):
            dashboard = dashboards.nth(k)
            dashboard.scroll_into_view_if_needed()
            page.wait_for_timeout(200)
            if k == 0:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                dashboard.screenshot(path=str(SCREENSHOTS / f"{name}_dashboard_before.png"))
            picture = picture_of(dashboard)
            moved = []
            sliders = dashboard.locator(".widget-slider")
            for j in range(sliders.count()):
                slider = sliders.nth(j)
                before, after = try_to_move(page, slider)
                if before != after:
                    label = slider.locator(".widget-label").first
                    moved.append(f"{label.inner_text() if label.count() else f'slider {j}'}: "
                                 f"{before} -> {after}")
            for select in dashboard.locator("select").all():
                if select.is_enabled():
                    options = select.locator("option").all_inner_texts()
                    if len(options) > 1:
                        select.select_option(index=(1 if select.input_value() == options[0]
                                                    else 0))
                        moved.append(f"drop-down -> {select.input_value()}")
            if k == 0:
                dashboard.screenshot(path=str(SCREENSHOTS / f"{name}_dashboard_after.png"))
            if moved:
                redrawn = False
                for _ in range(15):
                    page.wait_for_timeout(200)
                    if picture_of(dashboard) != picture:
                        redrawn = True
                        break
                if not redrawn:
                    problems.append(f"dashboard {k + 1}: its controls move ({'; '.join(moved)}) "
                                    f"but its picture stays as it was")
            else:
                note = dashboard.locator(".nnbook-static-note")
                if not (note.count() and note.first.is_visible()
                        and "Run this notebook" in note.first.inner_text()):
                    problems.append(f"dashboard {k + 1}: its sliders are disabled but no line "
                                    f"says to run the notebook")
    finally:
        visit.close()
    assert not problems, f"{file}:\n  " + "\n  ".join(problems)


# --------------------------------------------------------------------------
# Static panels: the dashboards that work without a kernel (issue 21)

PANEL_DATA = re.compile(
    r'<div class="nnbook-panel" id="(nnbook-panel-\w+)".*?'
    r'<script type="application/json" class="nnbook-panel-data">(.*?)</script>', re.S)
PANEL_CHAPTER_NAMES = ("01_neuron", "03_two_layer_network", "06_mnist")


def stored_panels(file):
    """The static panels a chapter's notebook stores, as its outputs hold them:
    [{"id", "controls", "pictures", "settings"}, ...] (what the page must show)."""
    path = ROOT / f"{file}.ipynb"
    if not path.exists():
        return []
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            text = "".join(output.get("data", {}).get("text/html", ""))
            for panel_id, payload in PANEL_DATA.findall(text):
                found.append({"id": panel_id, **json.loads(payload)})
    return found


PANEL_PAGES = [f for f in CHAPTERS if stored_panels(f)]


def test_the_three_dashboards_have_static_panels():
    names = {Path(f).name for f in PANEL_PAGES}
    missing = [n for n in PANEL_CHAPTER_NAMES if n not in names]
    assert not missing, f"chapters whose dashboard has no static panel yet: {missing}"


PANEL_STATE_JS = """root => {
  const controls = Array.from(root.querySelectorAll('.nnbook-panel-controls input, .nnbook-panel-controls select'));
  const img = root.querySelector('img.nnbook-panel-picture');
  return {positions: controls.map(c => c.tagName === 'SELECT' ? c.selectedIndex : parseInt(c.value, 10)),
          valuetexts: controls.map(c => c.getAttribute('aria-valuetext')),
          src: img.getAttribute('src'), alt: img.getAttribute('alt'), hidden: img.hidden,
          status: root.querySelector('.nnbook-panel-status').textContent};
}"""


def panel_problems(root, stored, how):
    """What differs between the panel on the page and the setting stored for its controls."""
    state = root.evaluate(PANEL_STATE_JS)
    sizes = [len(c["texts"]) for c in stored["controls"]]
    flat = 0
    for position, size in zip(state["positions"], sizes):
        flat = flat * size + position
    picture, alt, text = stored["settings"][flat]
    where = ", ".join(f"{c['label']} = {c['texts'][p]}"
                      for c, p in zip(stored["controls"], state["positions"]))
    problems = []
    if picture >= 0:
        if state["hidden"] or state["src"] != stored["pictures"][picture]:
            problems.append(f"{how}: for {where} the page does not show the stored picture")
        if state["alt"] != alt:
            problems.append(f"{how}: for {where} the alt text is {state['alt']!r}, stored {alt!r}")
    elif not state["hidden"]:
        problems.append(f"{how}: for {where} nothing was drawn, yet a picture shows")
    if state["status"] != text:
        problems.append(f"{how}: for {where} the status reads {state['status']!r}, stored {text!r}")
    for control, position, valuetext in zip(stored["controls"], state["positions"],
                                            state["valuetexts"]):
        if control["kind"] == "slider" and valuetext != control["texts"][position]:
            problems.append(f"{how}: {control['label']} says {valuetext!r} to a screen reader "
                            f"at {control['texts'][position]!r}")
    return state["positions"], problems


def move_by_pointer(page, control, size, position):
    """Click on a slider's track far from its thumb, or choose another option; the new index."""
    target = size - 1 if position < (size - 1) / 2 else 0
    if control.evaluate("c => c.tagName") == "SELECT":
        control.select_option(index=target)  # a native drop-down's list is not in the page
        return target
    box = control.bounding_box()
    x = box["x"] + 6 + (box["width"] - 12) * target / max(size - 1, 1)
    page.mouse.click(x, box["y"] + box["height"] / 2)
    return target


def move_by_keyboard(page, control, size, position):
    control.focus()
    is_select = control.evaluate("c => c.tagName") == "SELECT"
    forward, back = ("ArrowDown", "ArrowUp") if is_select else ("ArrowRight", "ArrowLeft")
    if position < size - 1:
        page.keyboard.press(forward)
        return position + 1
    page.keyboard.press(back)
    return position - 1


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("file", PANEL_PAGES)
def test_static_panels_answer_pointer_and_keyboard(browser, file, width):
    """Every control of every panel, moved both ways, shows what the notebook stored for it."""
    visit = PageVisit(browser, BUILD / f"{file}.html", width=width)
    page, problems = visit.page, []
    name = Path(file).name
    try:
        settle(page, file)
        unstick(page)
        hidden = page.locator("main .nnbook-replaced-dashboard")
        if not hidden.count():
            problems.append("no dead dashboard was replaced by the panel")
        elif hidden.first.is_visible():
            problems.append("the dead dashboard the panel replaces is still visible")
        for k, stored in enumerate(stored_panels(file)):
            root = page.locator(f"#{stored['id']}")
            if not root.count():
                problems.append(f"panel {stored['id']} is not on the page")
                continue
            root.scroll_into_view_if_needed()
            positions, found = panel_problems(root, stored, "as the page opens")
            problems += found
            controls = root.locator(".nnbook-panel-controls input, .nnbook-panel-controls select")
            for j in range(controls.count()):
                control, size = controls.nth(j), len(stored["controls"][j]["texts"])
                label = stored["controls"][j]["label"]
                for how, move in (("pointer", move_by_pointer), ("keyboard", move_by_keyboard)):
                    before = positions[j]
                    wanted = move(page, control, size, before)
                    page.wait_for_timeout(50)
                    positions, found = panel_problems(root, stored, f"{label} by {how}")
                    problems += found
                    if positions[j] == before:
                        problems.append(f"{label} by {how}: the control did not move")
                    elif how == "keyboard" and positions[j] != wanted:
                        problems.append(f"{label} by {how}: one key press moved it from "
                                        f"{before} to {positions[j]}, not to {wanted}")
            if k == 0:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                root.screenshot(path=str(SCREENSHOTS / f"{name}_panel_{width}.png"))
    finally:
        visit.close()
    if visit.errors:
        problems.append("console errors:\n  " + "\n  ".join(visit.errors))
    if visit.external:
        problems.append("requests leaving the machine:\n  " + "\n  ".join(visit.external))
    assert not problems, f"{file} at {width} px:\n  " + "\n  ".join(problems)


# --------------------------------------------------------------------------
# Accessibility: axe-core on every page, alt texts, figures in the dark theme (issue 21)

def axe_violations(page):
    """Serious and critical violations axe-core finds on the page, one line each."""
    if not AXE.exists():
        unavailable(f"axe-core is not installed ({AXE} is missing): run `npm ci`")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + '  ' + n.html.slice(0, 120))}));
    }""")
    return [f"{v['impact']} {v['id']} ({v['help']}): {len(v['nodes'])} element(s), e.g.\n      "
            + "\n      ".join(v["nodes"][:3])
            for v in found if v["impact"] in BLOCKING]


@pytest.mark.parametrize("file", [f for f, _ in PAGES])
def test_axe_finds_no_serious_violation(browser, file):
    visit = PageVisit(browser, BUILD / f"{file}.html", width=1400)
    try:
        settle(visit.page, file)
        violations = axe_violations(visit.page)
    finally:
        visit.close()
    assert not violations, f"{file}: axe-core:\n  " + "\n  ".join(violations)


def switch_to_dark(page):
    """Press the theme's colour-mode button (light -> dark -> system) until the page is dark."""
    button = page.locator(".theme-switch-button").first
    for _ in range(3):
        if page.evaluate("() => document.documentElement.dataset.theme") == "dark":
            return True
        button.click()
        page.wait_for_timeout(150)
    return page.evaluate("() => document.documentElement.dataset.theme") == "dark"


@pytest.mark.parametrize("file", CHAPTERS)
def test_chapters_read_in_the_dark_theme(browser, file):
    """Dark theme: a screenshot at the first figure, and axe-core (contrast) still clean."""
    visit = PageVisit(browser, BUILD / f"{file}.html", width=1400)
    page = visit.page
    try:
        settle(page, file)
        assert switch_to_dark(page), f"{file}: the colour-mode button did not switch to dark"
        page.mouse.move(0, 0)  # no tooltip over the screenshot
        page.wait_for_timeout(300)
        figure = page.locator("main .cell_output img").first
        if figure.count():
            figure.scroll_into_view_if_needed()
            page.evaluate("() => window.scrollBy(0, -120)")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{Path(file).name}_dark.png"))
        violations = axe_violations(page)
    finally:
        visit.close()
    assert not violations, f"{file} (dark theme): axe-core:\n  " + "\n  ".join(violations)


def test_every_figure_has_an_opaque_white_face():
    """A figure with a transparent or dark face would vanish on the dark theme's background."""
    import base64
    import io

    from PIL import Image

    problems = []
    for file in CHAPTERS:
        pictures = []
        nb = json.loads((ROOT / f"{file}.ipynb").read_text(encoding="utf-8"))
        for k, cell in enumerate(nb["cells"]):
            for output in cell.get("outputs", []):
                if "image/png" in output.get("data", {}):
                    pictures.append((f"cell {k}", output["data"]["image/png"]))
        for panel in stored_panels(file):
            pictures += [(f"{panel['id']} picture {j}", src.split(",", 1)[1])
                         for j, src in enumerate(panel["pictures"])]
        for where, data in pictures:
            image = Image.open(io.BytesIO(base64.b64decode(data))).convert("RGBA")
            pixels = image.load()
            corners = [pixels[0, 0], pixels[image.width - 1, 0], pixels[0, image.height - 1]]
            alpha_low = image.getextrema()[3][0]
            if alpha_low < 255 or any(min(c[:3]) < 250 for c in corners):  # white, to a palette
                problems.append(f"{file} {where}: lowest alpha {alpha_low}, corners {corners}")
    assert not problems, "figures that are not opaque on white:\n  " + "\n  ".join(problems)


def test_every_image_in_the_built_pages_has_alt_text():
    """The pages as written (before any script runs): no <img> without a useful alt text."""
    if not (BUILD / "index.html").exists():
        unavailable("the book is not built: run `bash scripts/build_book.sh`")
    problems = []
    for file, _ in PAGES:
        text = (BUILD / f"{file}.html").read_text(encoding="utf-8")
        main = text[text.find("<main"):text.rfind("</main>")]
        for tag in re.findall(r"<img\b[^>]*>", main):
            alt = re.search(r'\balt="([^"]*)"', tag)
            value = (alt.group(1) if alt else "").strip()
            if (not value or value.lower() in {"image", "figure", "picture"}
                    or re.search(r"\.(png|jpe?g|svg|gif)$", value)):
                problems.append(f"{file}: {tag[:140]}")
    assert not problems, "images without a useful alt text:\n  " + "\n  ".join(problems)


def test_alt_text_from_code_names_what_the_code_draws():
    """The build's fallback for figures stored without an alt text (book/_ext/nnbook_a11y.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("nnbook_a11y",
                                                  ROOT / "book" / "_ext" / "nnbook_a11y.py")
    a11y = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(a11y)
    code = ('fig, ax = plt.subplots()\n'
            'ax.plot(x, y, label=f"seed {seed}")\n'
            'ax.set(title="Loss of the network", xlabel="epoch", ylabel="$C$")\n'
            'ax.legend()\n')
    assert a11y.alt_from_code(code, "6.2 The classic network") == (
        "Figure in section “6.2 The classic network”: “Loss of the network”; horizontal axis "
        "epoch, vertical axis C; legend: seed ….")
    assert a11y.alt_from_code("studies.plot_seed_study(study)\nplt.show()", "6.4 Seeds") == (
        "Figure in section “6.4 Seeds”: drawn by the course's function plot seed study.")
    assert a11y.alt_from_code("# Figure-only code: a schematic neuron.\nax.axis('off')", "") == (
        "Figure: A schematic neuron.")
    assert a11y.alt_from_code("show(x)", "1.1 Intro", kind="Animation") == (
        "Animation in section “1.1 Intro”, drawn by the code of the cell above it.")
