"""The learner notebooks run by a learner in a real JupyterLab, in a real (headless) browser.

The book test (test_book_browser.py) reads the static pages; this one uses the
course the other way: JupyterLab is started on 127.0.0.1 with a token, in a
temporary copy of the learner notebooks (notebooks/, what the README opens), and
Playwright drives Debian's Chromium. For every chapter:

* Run All, then every code cell has run and none stored an error; each unfinished
  exercise's check printed its ⏳ line;
* the prose reads: no raw MyST role, no glue key (``ch3_…``), no "⚠" citation in any
  rendered markdown cell; the MyST directives are rendered (jupyterlab-myst): no raw
  ``:class: dropdown`` lines;
* the widgets render (no "Error displaying widget").

On chapter 3 also: the answers stay collapsed, the animation shows its first frame
without Play being pressed, moving the training dashboard's learning-rate slider
redraws its picture and updates its status line, and the largest learning rate shows
the divergence message.

The server is stopped by its PID at the end.  Without Chromium or Playwright
the test is skipped locally and fails under CI=true, like the book test.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "03_two_layer_network.ipynb"   # the chapter whose dashboard is driven
LEARNER_NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("0*.ipynb"))
RAW_PROSE = re.compile(r"\{[a-z]+(?::[a-z]+)?\}`|⚠|\bch\d_[a-z0-9_]+\b")
SCREENSHOTS = ROOT / "_build" / "html" / "_screenshots"
IN_CI = os.environ.get("CI", "").strip().lower() == "true"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-default-apps", "--disable-extensions",
                 "--no-first-run", "--no-default-browser-check"]
RUN_ALL_SECONDS = 600


def unavailable(reason):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the JupyterLab test must run in CI)", pytrace=False)
    pytest.skip(reason)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api(base, token, path):
    request = urllib.request.Request(f"{base}{path}", headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving a copy of the learner notebooks: (URL, token, dir)."""
    if shutil.which("jupyter") is None and not (Path(sys.executable).parent / "jupyter").exists():
        unavailable("JupyterLab is not installed (pip install -e '.[dev]')")
    work = tmp_path_factory.mktemp("lab")
    for name in LEARNER_NOTEBOOKS:
        shutil.copy(ROOT / "notebooks" / name, work / name)
    home = work / "home"
    home.mkdir()
    token = secrets.token_hex(16)
    port = free_port()
    settings = home / "settings"
    # Render every cell (no lazy windowing, so off-screen widgets can be driven) and ask
    # nothing about news.
    for plugin, values in {"notebook-extension/tracker": {"windowingMode": "none"},
                           "apputils-extension/notification": {"fetchNews": "false"}}.items():
        path = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(settings),
               OPENBLAS_NUM_THREADS="1")
    # The workspace and settings start empty, so no earlier session's layout interferes.
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
               f"--port={port}", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={work}", "--ServerApp.allow_root=True",
               "--LabApp.news_url=", "--LabApp.check_for_updates_class="
               "jupyterlab.NeverCheckForUpdate", f"--LabApp.workspaces_dir={home / 'ws'}"]
    log = open(work / "server.log", "w")
    server = subprocess.Popen(command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                api(base, token, "/api/status")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError("JupyterLab did not start:\n"
                                       + (work / "server.log").read_text()[-3000:])
                time.sleep(0.5)
        yield base, token, work
    finally:
        os.kill(server.pid, signal.SIGTERM)  # stop it by its PID
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


@pytest.fixture(scope="module")
def browser(lab):
    executable = next((c for c in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium",
                                   shutil.which("chromium")) if c and Path(c).exists()), None)
    if executable is None:
        unavailable("Chromium is not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser.new_context(viewport={"width": 1400, "height": 1000})
        browser.close()


@pytest.fixture
def open_notebook(browser, lab):
    """Open a notebook in its own tab; afterwards close the tab and shut its kernel down."""
    base, token, _ = lab
    tabs = []

    def open_(name):
        tab = browser.new_page()
        # Every request the page makes is recorded: none may leave the machine.  (They are
        # observed, not routed: routing every request through Playwright keeps
        # JupyterLab from ever starting its kernel session.)
        tab.outside = []
        tab.on("request", lambda request: tab.outside.append(request.url)
               if urlparse(request.url).scheme in ("http", "https", "ws", "wss")
               and urlparse(request.url).hostname != "127.0.0.1" else None)
        # a workspace of its own, reset: only this notebook is open, so Run All (which acts
        # on the current notebook) cannot reach a notebook restored from an earlier test
        workspace = f"learner{len(tabs)}-{Path(name).stem}"
        tab.goto(f"{base}/lab/workspaces/{workspace}/tree/{name}?reset&token={token}",
                 timeout=300_000)
        tab.wait_for_selector(".jp-Notebook .jp-Cell", timeout=300_000)
        tab.notebook = name
        tabs.append(tab)
        return tab

    yield open_
    for tab in tabs:
        tab.close()
    for kernel in api(base, token, "/api/kernels"):
        request = urllib.request.Request(f"{base}/api/kernels/{kernel['id']}", method="DELETE",
                                         headers={"Authorization": f"token {token}"})
        urllib.request.urlopen(request, timeout=30).close()


def kernel_idle(lab):
    base, token, _ = lab
    try:
        kernels = api(base, token, "/api/kernels")
    except urllib.error.HTTPError:  # the server is busy starting or stopping a kernel: ask again
        return False
    return bool(kernels) and all(k["execution_state"] == "idle" for k in kernels)


def queued_or_running(page):
    """How many code cells show the [*] prompt (queued or running)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('.jp-InputPrompt'))
        .filter(e => e.innerText.includes('*')).length""")


def saved_notebook(page, lab):
    """Save from the browser (File > Save Notebook) and read what JupyterLab wrote."""
    _, _, work = lab
    path = work / page.notebook
    before = path.stat().st_mtime_ns
    page.locator(".lm-MenuBar-itemLabel", has_text="File").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Save Notebook").first.click()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(1)
        if path.stat().st_mtime_ns == before:
            continue
        try:  # the server may still be writing it
            return json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            continue
    pytest.fail("JupyterLab did not save the notebook within 60 s")


def ran_through(nb):
    """(finished, errors): every code cell ran in this session, in order, or one failed.

    Run All in a fresh kernel numbers the code cells 1, 2, 3, ... in order; the stored
    numbers of the learner notebook (the authors' run) are not consecutive, and a cell still
    queued has none. Run All stops at an error, so an error output ends the run too.
    """
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    counts = [c.get("execution_count") for c in code]
    errors = [(i, o.get("ename"), o.get("evalue")) for i, c in enumerate(code)
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    consecutive = all(counts) and counts == list(range(counts[0], counts[0] + len(counts)))
    return consecutive or bool(errors), errors


def run_all(page, lab):
    deadline = time.monotonic() + RUN_ALL_SECONDS
    while not kernel_idle(lab):  # the kernel has started and is ready
        if time.monotonic() > deadline:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "jupyterlab_no_kernel.png"))
            pytest.fail(f"no idle kernel after {RUN_ALL_SECONDS} s: "
                        f"{api(lab[0], lab[1], '/api/kernels')}")
        time.sleep(1)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    quiet_polls = 0
    while time.monotonic() < deadline:
        time.sleep(2)
        busy = queued_or_running(page) > 0 or not kernel_idle(lab)
        quiet_polls = 0 if busy else quiet_polls + 1
        if quiet_polls >= 2:
            nb = saved_notebook(page, lab)  # what JupyterLab holds now, as a learner saves it
            finished, errors = ran_through(nb)
            if finished:
                return nb
            quiet_polls = 0  # only a pause between two cells: wait for the rest
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "jupyterlab_run_all_timeout.png"))
    pytest.fail(f"Run All did not finish within {RUN_ALL_SECONDS} s "
                f"({queued_or_running(page)} cells still queued or running)")


def dashboard(page):
    """The first training dashboard: the widget box holding a learning-rate slider."""
    box = page.locator(".jp-OutputArea-output > .widget-vbox",
                       has=page.locator(".widget-label", has_text="learning rate")).first
    # JupyterLab renders off-screen cells lazily: bring this one on screen first.
    box.evaluate("element => element.scrollIntoView({block: 'center'})")
    time.sleep(1)
    return box


def picture_and_status(box):
    image = box.locator("img").first
    image.wait_for(state="attached", timeout=30_000)
    return image.get_attribute("src"), box.locator(".widget-html").first.inner_text()


def set_learning_rate(page, box, value):
    slider = box.locator(".widget-slider", has=page.locator(".widget-label",
                                                              has_text="learning rate")).first
    readout = slider.locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")


def wait_for_change(box, before, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        now = picture_and_status(box)
        if now[0] != before[0] and now[1] != before[1]:
            return now
        time.sleep(0.5)
    return picture_and_status(box)


@pytest.mark.parametrize("name", LEARNER_NOTEBOOKS)
def test_learner_notebook_runs_all_and_reads(open_notebook, lab, name):
    page = open_notebook(name)
    nb = run_all(page, lab)
    assert not page.outside, f"requests left the machine: {page.outside[:5]}"
    errors = [(i, o.get("ename"), o.get("evalue")) for i, c in enumerate(nb["cells"])
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"Run All stored error outputs (cell, error): {errors}"
    stubs = sum("raise NotImplementedError()" in "".join(c["source"]) for c in nb["cells"]
                if c["cell_type"] == "code")
    waiting = sum("⏳" in "".join(o.get("text", "")) for c in nb["cells"]
                  for o in c.get("outputs", []))
    assert stubs >= 3 and waiting >= stubs, \
        f"{stubs} unfinished exercises but {waiting} ⏳ lines after Run All"
    deadline = time.monotonic() + 20  # a widget whose model is still on its way shows the
    while page.get_by_text("Error displaying widget").count() and time.monotonic() < deadline:
        time.sleep(1)                   # error for a moment; one that stays is a failure
    assert page.get_by_text("Error displaying widget").count() == 0

    # jupyterlab-myst renders a markdown cell in place of its source (class jp-mod-rendered)
    markdown = page.evaluate("""() => Array.from(document.querySelectorAll('.jp-MarkdownCell'))
        .map(cell => { cell.scrollIntoView();
                       return [cell.classList.contains('jp-mod-rendered'), cell.innerText]; })""")
    markdown_cells = [c for c in nb["cells"] if c["cell_type"] == "markdown"]
    assert len(markdown) == len(markdown_cells), "not every markdown cell is on the page"
    unrendered = [text[:60] for is_rendered, text in markdown if not is_rendered]
    assert not unrendered, f"markdown cells shown as source: {unrendered}"
    rendered = "\n".join(text for _, text in markdown)
    raw = sorted(set(RAW_PROSE.findall(rendered)))
    assert not raw, f"{name}: the prose shows raw roles, glue keys or ⚠ citations: {raw}"
    assert ":class: dropdown" not in rendered and "{admonition}" not in rendered, \
        "MyST directives shown as raw text: is jupyterlab-myst installed and enabled?"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"jupyterlab_{Path(name).stem}.png"))
    if name == CHAPTER:
        check_answers_animation_and_dashboard(page)


def check_answers_animation_and_dashboard(page):
    page.wait_for_selector(".widget-slider", state="attached", timeout=60_000)
    assert page.locator(".widget-slider").count() > 0, "no slider rendered"
    open_answers = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.jp-MarkdownCell details')).filter(d => d.open).length""")
    assert open_answers == 0, f"{open_answers} answer dropdown(s) open after Run All"

    blank = page.evaluate("""() => Array.from(document.querySelectorAll('.animation img'))
        .filter(img => !(img.complete && img.naturalWidth > 0)).length""")
    assert page.locator(".animation img").count() > 0, "no animation player rendered"
    assert blank == 0, f"{blank} animation(s) show no frame after Run All"

    box = dashboard(page)
    before = picture_and_status(box)
    set_learning_rate(page, box, 2)
    after = wait_for_change(box, before)
    assert after[0] != before[0], "the picture did not change when the learning rate moved"
    assert after[1] != before[1], f"the status line did not change: {after[1]!r}"

    set_learning_rate(page, box, 1000)  # clamped to the slider's largest value
    deadline = time.monotonic() + 90
    status = picture_and_status(box)[1]
    while "⚠" not in status and time.monotonic() < deadline:
        time.sleep(0.5)
        status = picture_and_status(box)[1]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    box.screenshot(path=str(SCREENSHOTS / "jupyterlab_ch3_divergence.png"))
    assert "⚠" in status and "learning rate" in status, \
        f"no divergence message at the largest learning rate: {status!r}"
