"""nncourse.panels: a dashboard's pictures precomputed over a grid, for the static book.

The panel must cover every setting of its grid with the real drawing of that setting, say
what it is (labels, status line, alt text), be one self-contained HTML output (no network,
no kernel) that is the same bytes every time, and stay small. The last test opens a panel in
headless Chromium and moves its controls with the pointer and the keyboard.
"""

import base64
import io
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from nncourse import panels  # noqa: E402
from nncourse.panels import figure_alt_text, plain_text, static_panel  # noqa: E402

X = np.linspace(0, 1, 30)


def draw_line(fig, slope, kind="line"):
    """A small drawing with a title, labels, a legend and a status text."""
    if slope < 0:
        raise ValueError("the slope must not be negative")
    ax = fig.add_subplot()
    ax.plot(X, slope * (X if kind == "line" else X ** 2), label=kind)
    ax.set(title=f"$y = {slope}x$", xlabel="$x_1$", ylabel=r"$\eta$", ylim=(0, 3))
    ax.legend(loc="upper left")
    return f"slope {slope}, {kind}"


class Parsed(HTMLParser):
    """Tags and attributes of the panel's HTML, and the text of its scripts."""

    def __init__(self, text):
        super().__init__()
        self.tags, self.scripts, self._in_script = [], [], None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append([dict(attrs), ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self.scripts[-1][1] += data

    def find(self, tag, **attrs):
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def payload(panel):
    parsed = Parsed(panel.html)
    [(attrs, text)] = [s for s in parsed.scripts if s[0].get("type") == "application/json"]
    return json.loads(text)


@pytest.fixture(scope="module")
def panel():
    return static_panel(draw_line, {"slope": [-1, 0.5, 1, 2], "kind": ["line", "square"]},
                        figsize=(3, 2.4), title="Slopes", initial={"slope": 1})


def test_every_setting_has_its_drawing_and_text(panel):
    assert panel.count == 8
    assert [c.name for c in panel.controls] == ["slope", "kind"]
    assert panel.text(slope=2, kind="square") == "slope 2, square"
    # a setting whose drawing raises shows the error as the dashboards do, with no picture
    assert panel.text(slope=-1, kind="line") == "⚠ the slope must not be negative"
    assert panel.png(slope=-1, kind="line") is None
    # the stored picture is the drawing of that setting, not of another one
    assert panel.difference(draw_line, slope=0.5, kind="square") < 0.005
    assert panel.difference(draw_line, slope=2, kind="line") < 0.005
    assert not np.array_equal(panel.rgb(slope=2, kind="line"), panel.rgb(slope=0.5, kind="line"))
    with pytest.raises(KeyError):
        panel.text(slope=3, kind="line")


def test_identical_pictures_are_stored_once():
    def same(fig, k):
        fig.add_subplot().plot([0, 1], [0, 1])
        return f"k = {k}"

    panel = static_panel(same, {"k": [1, 2, 3]}, figsize=(2, 2))
    assert panel.count == 3 and len(panel.pictures) == 1
    assert [panel.text(k=k) for k in (1, 2, 3)] == ["k = 1", "k = 2", "k = 3"]


def test_pictures_are_small_palette_pngs(panel):
    from PIL import Image

    for data in panel.pictures:
        image = Image.open(io.BytesIO(data))
        assert image.format == "PNG" and image.mode == "P"
        assert image.size == (240, 192)  # figsize × dpi 80
        assert len(image.getpalette()) // 3 <= panel.colours
        assert image.convert("RGB").getpixel((0, 0)) == (255, 255, 255)  # the white face stays
    assert panel.nbytes < 60_000


def test_alt_text_says_what_the_picture_shows(panel):
    alt = panel.alt(slope=2, kind="square")
    assert alt.startswith("“y = 2x”, horizontal axis x1, vertical axis η; legend: square.")
    assert alt.endswith("slope 2, square")  # the status text comes with it


def test_html_is_labelled_and_accessible(panel):
    parsed = Parsed(panel.html)
    [root] = parsed.find("div", **{"class": "nnbook-panel"})
    assert root["role"] == "group" and root["aria-labelledby"].endswith("-title")
    controls = parsed.find("input") + parsed.find("select")
    assert len(controls) == 2
    labels = {a["for"] for a in parsed.find("label")}
    for control in controls:
        assert control["id"] in labels, f"control {control} has no <label for=...>"
    [slider] = parsed.find("input", type="range")
    assert (slider["min"], slider["max"], slider["step"]) == ("0", "3", "1")
    assert slider["value"] == "2" and slider["aria-valuetext"] == "1"  # opens on slope = 1
    [menu] = parsed.find("select")
    assert menu["name"] == "kind"
    [status] = parsed.find("p", **{"class": "nnbook-panel-status"})
    assert status["role"] == "status" and status["aria-live"] == "polite"
    [img] = parsed.find("img")
    assert img["alt"] and img["alt"].lower() != "image"
    assert img["src"] == payload(panel)["pictures"][panel.settings[(2, 0)][0]]
    assert (img["width"], img["height"]) == ("240", "192")


def test_html_is_self_contained_and_reproducible(panel):
    text = panel.html
    assert not re.search(r"https?://|//cdn|<link|src=\"(?!data:)", text), "the panel reaches out"
    data = payload(panel)
    assert len(data["settings"]) == 8 and len(data["pictures"]) == len(panel.pictures)
    for src in data["pictures"]:
        assert src.startswith("data:image/png;base64,")
        base64.b64decode(src.split(",", 1)[1], validate=True)
    assert data["controls"][0]["texts"] == ["-1", "0.5", "1", "2"]
    again = static_panel(draw_line, {"slope": [-1, 0.5, 1, 2], "kind": ["line", "square"]},
                         figsize=(3, 2.4), title="Slopes", initial={"slope": 1})
    assert again.html == text  # the same bytes from the same drawings (ids included)
    bundle = panel._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert bundle["text/plain"].startswith("Static panel: 8 settings")


def test_a_dashboard_gives_labels_first_values_and_fixed_controls():
    import ipywidgets as widgets
    from nnlib.widgets import slider_plot

    def draw(fig, level, colour, width):
        fig.add_subplot().axhline(level, color=colour, linewidth=width)
        return f"{level} {colour} {width}"

    live = slider_plot(draw, level=widgets.FloatSlider(value=0.4, min=0, max=1,
                                                       description="level"),
                       colour=widgets.Dropdown(options=["C0", "C1"], value="C1",
                                               description="colour"),
                       width=widgets.IntSlider(value=3, min=1, max=5, description="line width"),
                       figsize=(2, 2))
    panel = static_panel(live, {"level": [0.0, 0.5, 1.0], "colour": ["C0", "C1"]})
    assert [(c.label, c.kind, c.initial) for c in panel.controls] == [
        ("level", "slider", 1), ("colour", "menu", 1)]  # 0.4 -> the nearest value, 0.5
    assert panel.fixed == {"line width": 3}
    assert panel.text(level=1.0, colour="C0") == "1.0 C0 3"
    assert "Fixed here: line width = 3 (run the notebook to change them)." in panel.html
    assert panel.size == (2, 2)
    with pytest.raises(ValueError, match="no control named"):
        static_panel(live, {"levels": [0.0]})


def test_keep_figure_redraws_only_what_changes_and_matches_a_fresh_drawing():
    parts = {}

    def update(fig, slope, kind="line"):
        if not fig.axes:
            message = draw_line(fig, slope, kind)
            ax = fig.axes[0]
            parts.update(ax=ax, line=ax.lines[0])
            for artist in (*ax.lines, ax.title, ax.get_legend()):
                artist.set_animated(True)
            return message
        parts["line"].set_ydata(slope * (X if kind == "line" else X ** 2))
        parts["line"].set_label(kind)
        parts["ax"].get_legend().get_texts()[0].set_text(kind)
        parts["ax"].title.set_text(f"$y = {slope}x$")
        return f"slope {slope}, {kind}"

    grid = {"slope": [0.5, 1, 2], "kind": ["line", "square"]}
    fast = static_panel(update, grid, figsize=(3, 2.4), keep_figure=True)
    slow = static_panel(draw_line, grid, figsize=(3, 2.4))
    assert fast.count == slow.count == 6
    for slope in grid["slope"]:
        for kind in grid["kind"]:
            assert fast.text(slope=slope, kind=kind) == slow.text(slope=slope, kind=kind)
            assert fast.difference(draw_line, slope=slope, kind=kind) < 0.01
    with pytest.raises(ValueError, match="keep_figure=True needs a picture"):
        static_panel(draw_line, {"slope": [1, -1]}, figsize=(2, 2), keep_figure=True)


def test_figure_alt_text_reads_titles_axes_legends_and_colour_bars():
    fig = Figure(figsize=(6, 3))
    left, right = fig.subplots(1, 2)
    left.plot([0, 1], [0, 1], label="loss")
    left.set(title="Training", xlabel="epoch", ylabel="cost $C$")
    twin = left.twinx()
    twin.plot([0, 1], [1, 0], label="accuracy")
    twin.set_ylabel("accuracy")
    left.legend()
    image = right.imshow(np.eye(3))
    right.set_title(r"$\sigma(z)$ of $W^\top x$")
    fig.colorbar(image, ax=right, label=r"output $a$")
    fig.suptitle("Two plots")
    alt = figure_alt_text(fig)
    assert alt == ("“Two plots”. Plot 1 of 2: “Training”, horizontal axis epoch, vertical axis "
                   "cost C, second vertical axis accuracy; legend: loss. Plot 2 of 2: "
                   "“σ(z) of W^⊤ x”. With colour scale output a.")
    assert figure_alt_text(Figure()) == "An empty figure."
    bare = Figure()
    bare.add_subplot().plot([0, 1])
    assert figure_alt_text(bare) == "A plot showing a curve."  # never empty, never "image"
    assert figure_alt_text(bare, what="The loss") == "The loss. A plot showing a curve."
    blank = Figure()
    blank.add_subplot().set_axis_off()
    assert figure_alt_text(blank) == "A figure of 1 plot with no title or labels."
    assert plain_text(r"$\eta = 10^{-3}$, $\mathbf{x}_1$") == "η = 10^-3, x1"


def test_describe_figures_stores_the_alt_text_with_each_figure():
    from IPython.core.formatters import DisplayFormatter

    formatter = DisplayFormatter()
    formatter.formatters["image/png"].for_type(Figure, lambda fig: b"\x89PNG fake")
    shell = SimpleNamespace(display_formatter=formatter)
    panels.describe_figures(shell)
    panels.describe_figures(shell)  # a second call changes nothing
    fig = Figure()
    fig.add_subplot().set_title("Decision regions")
    data, metadata = formatter.format(fig)
    assert "image/png" in data
    assert metadata["image/png"] == {"alt": "“Decision regions”."}
    data, metadata = formatter.format("text")  # other objects are untouched
    assert "image/png" not in metadata
    assert panels.describe_figures(None) is None  # outside IPython: nothing to do


def chromium():
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium",
                      shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.mark.slow
def test_panel_works_in_a_browser_by_pointer_and_keyboard(panel, tmp_path):
    """The controls move, and the picture, alt text and status follow, with no request out."""
    playwright = pytest.importorskip("playwright.sync_api")
    executable = chromium()
    if executable is None:
        pytest.skip("Chromium is not installed")
    page_file = tmp_path / "panel.html"
    page_file.write_text("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
                         f"<title>panel</title></head><body><main>{panel.html}</main></body>"
                         "</html>", encoding="utf-8")
    data = payload(panel)

    def shown(page):
        return page.evaluate("""() => {
            const img = document.querySelector('img.nnbook-panel-picture');
            return {src: img.getAttribute('src'), hidden: img.hidden, alt: img.alt,
                    status: document.querySelector('.nnbook-panel-status').textContent,
                    slider: document.querySelector('input[type=range]').value,
                    text: document.querySelector('input[type=range]').getAttribute('aria-valuetext'),
                    menu: document.querySelector('select').selectedIndex};
        }""")

    def expect(page, slope, kind):
        now = shown(page)
        picture, alt, text = data["settings"][slope * 2 + kind]
        assert (int(now["slider"]), now["menu"]) == (slope, kind)
        assert now["status"] == text
        assert now["text"] == data["controls"][0]["texts"][slope]
        if picture < 0:
            assert now["hidden"]
        else:
            assert not now["hidden"] and now["src"] == data["pictures"][picture]
            assert now["alt"] == alt

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 700, "height": 700})
        outside, errors = [], []
        page.on("request", lambda r: outside.append(r.url)
                if not r.url.startswith(("file:", "data:", "about:")) else None)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(page_file.as_uri())
        expect(page, 2, 0)
        slider = page.locator("input[type=range]")
        slider.focus()
        page.keyboard.press("ArrowRight")
        expect(page, 3, 0)
        page.keyboard.press("Home")
        expect(page, 0, 0)  # slope -1: an error, no picture
        box = slider.bounding_box()
        page.mouse.click(box["x"] + box["width"] * 0.4, box["y"] + box["height"] / 2)
        expect(page, int(shown(page)["slider"]), 0)
        assert int(shown(page)["slider"]) in (1, 2)
        menu = page.locator("select")
        menu.focus()
        page.keyboard.press("ArrowDown")
        expect(page, int(shown(page)["slider"]), 1)
        menu.select_option(index=0)
        expect(page, int(shown(page)["slider"]), 0)
        browser.close()
    assert not outside, outside
    assert not errors, errors
