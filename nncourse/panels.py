"""Static control panels: a dashboard that works in the book, with no kernel and no network.

The book shows the outputs stored when a chapter ran, so a live dashboard (a
:class:`nnlib.widgets.SliderPlot`) is dead there: its sliders move, its picture does not.
A *static panel* computes the dashboard's picture for every combination of a few values of
its controls while the notebook runs, and displays ONE self-contained HTML output: labelled
controls (``<input type=range>`` for numbers, ``<select>`` for names), the picture with its
alt text, a status line (``role=status``, announced by screen readers) and a few lines of
inline JavaScript that swap to the stored picture and text of the chosen values::

    panel = static_panel(explorer, {"w1": [-3, -1, 0, 1, 3], "w2": [...], "b": [...]})
    panel          # in a cell tagged book-only + remove-input: the book shows the panel

``draw`` is a dashboard (its drawing function, control labels, figure size and the values of
the controls left out of the grid come with it) or a function ``draw(fig, **values)`` that
draws one setting on a blank figure and may return the status text, as for
:func:`nnlib.widgets.slider_plot`. Every picture is the real drawing of its setting; the
pictures are small palette PNGs (``dpi`` 80 and at most ``colours`` colours) so that a few
hundred of them fit in a notebook; identical pictures are stored once.

With ``keep_figure=True`` the figure is drawn once and ``draw`` is called again on the same
figure for each setting: it updates the artists it marked ``animated=True``, and only those
are redrawn (matplotlib's blitting), several times faster than a fresh figure per setting.

Accessibility: :func:`figure_alt_text` describes a figure from its titles, axes labels,
legends and colour bars (each picture's alt text), and :func:`describe_figures` makes a
notebook's figures carry that text as output metadata (``{"image/png": {"alt": ...}}``),
which the book's extension ``book/_ext/nnbook_a11y.py`` turns into the ``alt`` of the image.
"""

import base64
import hashlib
import html
import io
import itertools
import json
import math
import re
import time
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Control", "StaticPanel", "static_panel", "figure_alt_text", "describe_figures",
           "png_bytes"]

DPI = 80                 # the live dashboards' dpi (nnlib.widgets.figure_png)
COLOURS = 64             # palette size of each picture: flat plot colours survive, files shrink
PANEL_CLASS = "nnbook-panel"
ERRORS = (ValueError, TypeError, ArithmeticError)   # what a SliderPlot shows as a message


# --- alt text ----------------------------------------------------------------------------------

_TEX = {r"\eta": "η", r"\sigma": "σ", r"\delta": "δ", r"\theta": "θ", r"\alpha": "α",
        r"\beta": "β", r"\lambda": "λ", r"\mu": "μ", r"\nabla": "∇", r"\partial": "∂",
        r"\cdot": "·", r"\times": "×", r"\top": "⊤", r"\infty": "∞", r"\le": "≤",
        r"\ge": "≥", r"\approx": "≈", r"\to": "→", r"\odot": "⊙", r"\sum": "Σ",
        r"\Delta": "Δ", r"\epsilon": "ε", r"\varepsilon": "ε", r"\pm": "±", r"\%": "%",
        r"\Vert": "‖", r"\lVert": "‖", r"\rVert": "‖", r"\|": "‖", r"\ldots": "…",
        r"\dots": "…", r"\langle": "⟨", r"\rangle": "⟩", r"\prime": "′"}


def plain_text(text):
    """Matplotlib text as a screen reader should read it: ``$x_1$`` -> ``x1``, ``\\eta`` -> η."""
    text = str(text or "")
    for command in sorted(_TEX, key=len, reverse=True):
        end = r"(?![A-Za-z])" if command[-1].isalpha() else ""
        text = re.sub(re.escape(command) + end, _TEX[command], text)
    text = re.sub(r"\\(?:mathrm|mathbf|mathit|mathsf|text|boldsymbol|operatorname)\s*", "", text)
    text = re.sub(r"\\[,;!: ]", " ", text)
    text = re.sub(r"\\([A-Za-z]+)", r"\1", text)
    text = text.replace("$", "").replace("{", "").replace("}", "")
    text = re.sub(r"(?<=\w)_", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _quoted(text):
    return f"“{text}”"


def _legend_entries(legend, limit=6):
    if legend is None or not legend.get_visible():
        return []
    return [t for t in (plain_text(x.get_text()) for x in legend.get_texts()) if t][:limit + 1]


def _describe_axes(ax):
    """Title, axis labels and legend entries of one axes, as phrases."""
    parts = []
    title = " ".join(plain_text(ax.get_title(loc)) for loc in ("left", "center", "right")
                     if ax.get_title(loc)).strip()
    if title:
        parts.append(_quoted(title))
    xlabel, ylabel = plain_text(ax.get_xlabel()), plain_text(ax.get_ylabel())
    if xlabel:
        parts.append(f"horizontal axis {xlabel}")
    if ylabel:
        parts.append(f"vertical axis {ylabel}")
    return parts


def _drawn(ax):
    """What an axes shows, in words (for a plot with no title or labels)."""
    kinds = []
    if ax.images:
        kinds.append("an image" if len(ax.images) == 1 else f"{len(ax.images)} images")
    lines = [line for line in ax.lines if line.get_visible()]
    if lines:
        kinds.append("a curve" if len(lines) == 1 else f"{len(lines)} curves")
    if ax.collections:
        kinds.append("points or filled regions")
    return " and ".join(kinds)


def figure_alt_text(fig, what=None):
    """A description of ``fig`` for its alt text: titles, axes labels, legends, colour bars.

    ``what`` (optional) is said first, e.g. "Decision regions of the network". Never empty.
    """
    sentences = []
    if what:
        sentences.append(str(what).rstrip("."))
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text():
        sentences.append(_quoted(plain_text(suptitle.get_text())))
    plots, scales, seen = [], [], {}
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        colorbar = getattr(ax, "_colorbar", None)
        if colorbar is not None:
            label = plain_text(ax.get_ylabel() or ax.get_xlabel())
            scales.append(f"colour scale {label}" if label else "a colour scale")
            continue
        box = tuple(np.round(ax.get_position().bounds, 3))
        if box in seen:  # a twin axes (twinx): a second vertical axis of the same plot
            plot = seen[box]
            ylabel = plain_text(ax.get_ylabel())
            if ylabel:
                plot["parts"].append(f"second vertical axis {ylabel}")
            plot["legend"] += _legend_entries(ax.get_legend())
            continue
        plot = {"parts": _describe_axes(ax), "legend": _legend_entries(ax.get_legend()),
                "drawn": _drawn(ax)}
        seen[box] = plot
        plots.append(plot)
    figure_legends = [e for legend in getattr(fig, "legends", []) for e in _legend_entries(legend)]
    for k, plot in enumerate(plots):
        phrase = ", ".join(plot["parts"]) or (f"a plot showing {plot['drawn']}" if plot["drawn"]
                                               else "")
        if plot["legend"]:
            entries = plot["legend"]
            more = " and more" if len(entries) > 6 else ""
            phrase += ("; " if phrase else "") + "legend: " + "; ".join(entries[:6]) + more
        if not phrase:
            continue
        if len(plots) > 1:
            phrase = f"Plot {k + 1} of {len(plots)}: {phrase}"
        sentences.append(phrase)
    if figure_legends:
        sentences.append("Legend: " + "; ".join(figure_legends[:6]))
    if scales:
        sentences.append("With " + ", ".join(scales))
    if len(sentences) == (1 if what else 0):
        n = len(plots)
        sentences.append(f"A figure of {n} plot{'s' if n != 1 else ''} with no title or labels"
                         if n else "An empty figure")
    text = ". ".join(s[0].upper() + s[1:] if s else s for s in sentences) + "."
    return re.sub(r"\.\.+$", ".", text)


def describe_figures(shell=None):
    """Give every matplotlib figure the notebook displays an alt text in its output metadata.

    The IPython display formatter is wrapped so that a displayed figure's PNG comes with
    ``{"image/png": {"alt": figure_alt_text(fig)}}``; the notebook stores it with the output
    and the book's extension (nnbook_a11y) writes it into the page. Does nothing outside
    IPython, and nothing the second time.
    """
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter
    if getattr(formatter.format, "_nnbook_alt_text", False):
        return
    from matplotlib.figure import Figure

    original = formatter.format

    def format(obj, include=None, exclude=None):
        data, metadata = original(obj, include=include, exclude=exclude)
        if isinstance(obj, Figure) and "image/png" in data:
            metadata = dict(metadata or {})
            entry = dict(metadata.get("image/png") or {})
            entry.setdefault("alt", figure_alt_text(obj))
            metadata["image/png"] = entry
        return data, metadata

    format._nnbook_alt_text = True
    formatter.format = format


# --- pictures ----------------------------------------------------------------------------------

def png_bytes(rgb, colours=COLOURS, compress_level=6):
    """A small PNG of an (h, w, 3) uint8 array: palette of ``colours`` colours, no dithering.

    (zlib level 9 saves about a tenth more and takes ten times longer.)
    """
    from PIL import Image

    image = Image.fromarray(np.ascontiguousarray(rgb[..., :3]))
    if colours:
        image = image.quantize(colours, method=Image.Quantize.FASTOCTREE,
                               dither=Image.Dither.NONE)
        # the octree turns the white figure face into (254, 254, 254): make it white again
        palette = image.getpalette()
        for k in range(0, len(palette), 3):
            if min(palette[k:k + 3]) >= 250:
                palette[k:k + 3] = [255, 255, 255]
        image.putpalette(palette)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=compress_level)
    return buffer.getvalue()


def _canvas_rgb(fig):
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()


def _new_figure(figsize, dpi):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def _run(draw, fig, values):
    """Call ``draw`` as a SliderPlot does: (message, drew) with errors shown as ⚠ messages."""
    try:
        message = draw(fig, **values) or ""
    except ERRORS as err:
        fig.clear()
        return f"⚠ {err}", False
    return str(message), bool(fig.axes)


def render(draw, values, figsize, dpi=DPI):
    """One setting drawn on a fresh figure as a SliderPlot draws it: (rgb or None, message, alt)."""
    from nnlib.plots import readable_text, use_course_style

    use_course_style()
    fig = _new_figure(figsize, dpi)
    message, drew = _run(draw, fig, values)
    if not drew:
        return None, message, ""
    readable_text(fig)
    fig.canvas.draw()
    return _canvas_rgb(fig), message, figure_alt_text(fig)


class _Blitter:
    """keep_figure=True: one figure; per setting only its animated artists are redrawn."""

    def __init__(self, draw, figsize, dpi):
        from nnlib.plots import readable_text, use_course_style

        use_course_style()
        self.draw, self.fig, self.background = draw, _new_figure(figsize, dpi), None
        self._readable = readable_text

    def __call__(self, values):
        fig = self.fig
        message, drew = _run(self.draw, fig, values)
        if not drew:
            raise ValueError(f"keep_figure=True needs a picture for every setting; {values} "
                             f"gave {message!r}")
        canvas = fig.canvas
        if self.background is None:
            self._readable(fig)
            canvas.draw()  # everything but the animated artists
            self.background = canvas.copy_from_bbox(fig.bbox)
        canvas.restore_region(self.background)
        for ax in fig.axes:
            changing = [a for a in ax.get_children() if a.get_animated() and a.get_visible()]
            for artist in sorted(changing, key=lambda a: a.get_zorder()):
                ax.draw_artist(artist)
        for artist in list(fig.texts) + list(getattr(fig, "legends", [])):
            if artist.get_animated() and artist.get_visible():
                fig.draw_artist(artist)
        return _canvas_rgb(fig), message, figure_alt_text(fig)


# --- controls ----------------------------------------------------------------------------------

def format_value(value):
    """A control's value as the panel shows it (as the dashboards' readouts do)."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.3g}"
    return str(value)


@dataclass
class Control:
    """One control of a static panel: its keyword, label and the values it offers."""

    name: str
    label: str
    values: list
    initial: int = 0            # index of the value shown first
    kind: str = "slider"        # "slider" (input type=range) or "menu" (select)
    texts: list = field(default_factory=list)

    def __post_init__(self):
        self.values = list(self.values)
        if not self.values:
            raise ValueError(f"control {self.name!r} has no values")
        if not self.texts:
            self.texts = [format_value(v) for v in self.values]


def _nearest(values, value):
    """Index of ``value`` in ``values``, or of the nearest value (in ratio for positive grids)."""
    for k, v in enumerate(values):
        if v == value:
            return k
    try:
        numbers = [float(v) for v in values]
        target = float(value)
    except (TypeError, ValueError):
        return 0
    if min(numbers) > 0 and target > 0:
        return int(np.argmin([abs(math.log(v / target)) for v in numbers]))
    return int(np.argmin([abs(v - target) for v in numbers]))


def _controls(dashboard, grid, labels, initial):
    """Controls from the grid; labels, kinds and first values from a dashboard if given."""
    live = getattr(dashboard, "controls", {}) or {}
    labels, initial = dict(labels or {}), dict(initial or {})
    controls = []
    for name, values in grid.items():
        values = list(values)
        widget = live.get(name)
        label = labels.get(name) or getattr(widget, "description", "") or name
        numeric = all(isinstance(v, (int, float, np.integer, np.floating))
                      and not isinstance(v, bool) for v in values)
        kind = "slider" if numeric and not hasattr(widget, "options") else "menu"
        start = initial.get(name, getattr(widget, "value", values[0]))
        controls.append(Control(name, label, values, _nearest(values, start), kind))
    return controls


# --- the panel ---------------------------------------------------------------------------------

class StaticPanel:
    """Precomputed pictures of a dashboard over a grid, displayed as one HTML output.

    ``settings[(i, j, ...)]`` is ``(picture index or None, alt text, status text)`` for the
    i-th value of the first control, the j-th of the second, ...; ``pictures`` the distinct
    PNGs. Displays as self-contained HTML (text/html) with a sentence as text/plain.
    """

    def __init__(self, controls, settings, pictures, size, *, dpi=DPI, colours=COLOURS,
                 title="", note="", fixed=None, seconds=0.0):
        self.controls, self.settings, self.pictures = controls, settings, pictures
        self.size, self.dpi, self.colours = size, dpi, colours
        self.title, self.note = title, note
        self.fixed = dict(fixed or {})
        self.seconds = seconds
        self._html = None

    # reading the results
    @property
    def count(self):
        """How many settings the panel covers."""
        return len(self.settings)

    def key(self, **values):
        """The grid indices of a setting given by value (each value must be on the grid)."""
        key = []
        for control in self.controls:
            if control.name not in values:
                raise KeyError(f"no value given for {control.name!r}")
            value = values[control.name]
            if value not in control.values:
                raise KeyError(f"{control.name} = {value!r} is not on the grid {control.values}")
            key.append(control.values.index(value))
        return tuple(key)

    def text(self, **values):
        """The status text stored for a setting."""
        return self.settings[self.key(**values)][2]

    def alt(self, **values):
        return self.settings[self.key(**values)][1]

    def png(self, **values):
        """The PNG bytes stored for a setting (None when it drew nothing)."""
        index = self.settings[self.key(**values)][0]
        return None if index is None else self.pictures[index]

    def rgb(self, **values):
        from PIL import Image

        data = self.png(**values)
        return None if data is None else np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))

    def difference(self, draw, **values):
        """Mean absolute pixel difference (0 … 1) between the stored picture of a setting and
        ``draw`` run afresh on it (drawn and reduced to a palette the same way)."""
        from PIL import Image

        rgb, _, _ = render(draw, values, self.size, self.dpi)
        stored = self.rgb(**values)
        if rgb is None or stored is None:
            return 0.0 if rgb is None and stored is None else 1.0
        fresh = np.asarray(Image.open(io.BytesIO(png_bytes(rgb, self.colours))).convert("RGB"))
        if fresh.shape != stored.shape:
            return 1.0
        return float(np.abs(fresh.astype(float) - stored.astype(float)).mean() / 255)

    @property
    def nbytes(self):
        """Size of the HTML output in bytes (what the notebook and the page carry)."""
        return len(self.html.encode("utf-8"))

    # display
    def _data(self):
        settings = []
        for key in itertools.product(*(range(len(c.values)) for c in self.controls)):
            index, alt, text = self.settings[key]
            settings.append([-1 if index is None else index, alt, text])
        return {
            "controls": [{"name": c.name, "label": c.label, "texts": c.texts, "kind": c.kind}
                         for c in self.controls],
            "pictures": ["data:image/png;base64," + base64.b64encode(p).decode("ascii")
                         for p in self.pictures],
            "settings": settings,
        }

    @property
    def html(self):
        if self._html is None:
            self._html = _panel_html(self)
        return self._html

    def describe(self):
        sizes = " × ".join(f"{c.label} ({len(c.values)} values)" for c in self.controls)
        fixed = "".join(f", {name} = {format_value(v)}" for name, v in self.fixed.items())
        return (f"Static panel: {self.count} settings, {sizes}{fixed}; "
                f"{len(self.pictures)} distinct pictures. The book shows it with working "
                "controls; in a running notebook use the live dashboard above.")

    def __repr__(self):
        return self.describe()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html, "text/plain": self.describe()}


def static_panel(dashboard, grid, *, draw=None, labels=None, initial=None, fixed=None,
                 figsize=None, dpi=DPI, colours=COLOURS, keep_figure=False, title="", note=""):
    """Precompute a dashboard over ``grid`` and return a :class:`StaticPanel` to display.

    ``dashboard``: a live dashboard (``nnlib.widgets.SliderPlot``, e.g. what ``slider_plot``
    or ``training_dashboard`` return) or a function ``draw(fig, **values)``.
    ``grid``: ``{name: [values, ...]}`` in the order the controls appear; a control of the
    dashboard left out of the grid keeps its current value (or the one in ``fixed``), and the
    panel says so. ``draw``: a drawing function to use instead of the dashboard's own (e.g.
    one that updates the figure, for ``keep_figure=True``). ``labels``/``initial``: per
    control, the label and the value shown first (default: the dashboard's). ``figsize``:
    default the dashboard's. ``title``: what the panel is; ``note``: a sentence after the
    generated one.
    """
    start = time.perf_counter()
    function = draw or getattr(dashboard, "draw", dashboard)
    live = getattr(dashboard, "controls", {}) or {}
    figsize = tuple(figsize or getattr(dashboard, "figsize", None) or (6, 4))
    grid = {name: list(values) for name, values in grid.items()}
    unknown = set(live) and set(grid) - set(live)
    if unknown:
        raise ValueError(f"the dashboard has no control named {sorted(unknown)}; it has "
                         f"{sorted(live)}")
    kept = {name: getattr(widget, "value") for name, widget in live.items() if name not in grid}
    kept.update(fixed or {})
    controls = _controls(dashboard, grid, labels, initial)
    fixed_labels = {(getattr(live.get(name), "description", "") or name): value
                    for name, value in kept.items()}

    paint = _Blitter(function, figsize, dpi) if keep_figure else None
    settings, pictures, seen = {}, [], {}
    for key in itertools.product(*(range(len(c.values)) for c in controls)):
        values = {c.name: c.values[k] for c, k in zip(controls, key)}
        values.update(kept)
        if paint is not None:
            rgb, message, alt = paint(values)
        else:
            rgb, message, alt = render(function, values, figsize, dpi)
        if message:
            alt = f"{alt} {message}".strip()
        index = None
        if rgb is not None:
            data = png_bytes(rgb, colours)
            digest = hashlib.sha256(data).hexdigest()
            if digest not in seen:
                seen[digest] = len(pictures)
                pictures.append(data)
            index = seen[digest]
        settings[key] = (index, alt, message)
    if paint is not None:
        import matplotlib.pyplot as plt

        plt.close(paint.fig)
    return StaticPanel(controls, settings, pictures, figsize, dpi=dpi, colours=colours,
                       title=title, note=note, fixed=fixed_labels,
                       seconds=time.perf_counter() - start)


# --- HTML ----------------------------------------------------------------------------------------

# The panel's own script: parse the stored data, then show the setting the controls choose.
# ES5, no library, no network; runs once per panel (in the book, and in a trusted notebook).
_SCRIPT = """(function () {
  var root = document.getElementById("%(id)s");
  if (!root || root.getAttribute("data-ready")) return;
  root.setAttribute("data-ready", "true");
  var data = JSON.parse(root.querySelector("script.nnbook-panel-data").textContent);
  var inputs = [], strides = [], stride = 1, k;
  for (k = data.controls.length - 1; k >= 0; k--) { strides[k] = stride; stride *= data.controls[k].texts.length; }
  for (k = 0; k < data.controls.length; k++) inputs.push(document.getElementById("%(id)s-c" + k));
  var img = root.querySelector("img.nnbook-panel-picture");
  var status = root.querySelector(".nnbook-panel-status");
  function position(input) { return input.tagName === "SELECT" ? input.selectedIndex : parseInt(input.value, 10); }
  function show() {
    var flat = 0;
    inputs.forEach(function (input, j) {
      var at = position(input), text = data.controls[j].texts[at];
      flat += at * strides[j];
      if (input.tagName !== "SELECT") {
        input.setAttribute("aria-valuetext", text);
        var out = document.getElementById(input.id + "-value");
        if (out) out.textContent = text;
      }
    });
    var setting = data.settings[flat];
    if (!setting) return;
    root.setAttribute("data-setting", String(flat));
    if (setting[0] >= 0) {
      img.hidden = false;
      if (img.getAttribute("src") !== data.pictures[setting[0]]) img.setAttribute("src", data.pictures[setting[0]]);
      img.setAttribute("alt", setting[1]);
    } else {
      img.hidden = true;
    }
    if (status.textContent !== setting[2]) status.textContent = setting[2];
  }
  inputs.forEach(function (input) {
    input.addEventListener("input", show);
    input.addEventListener("change", show);
  });
  show();
})();"""


def _attr(text):
    return html.escape(str(text), quote=True)


def _panel_html(panel):
    data = panel._data()
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    panel_id = "nnbook-panel-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]
    payload = payload.replace("</", "<\\/").replace("<!--", "<\\!--")
    first = tuple(c.initial for c in panel.controls)
    index, alt, text = panel.settings[first]

    counts = " × ".join(f"{c.label} ({len(c.values)})" for c in panel.controls)
    intro = (f"Precomputed when the notebook ran: {panel.count} settings ({counts}). "
             "Move a control with the mouse or the arrow keys; the picture and the line "
             "under the controls follow.")
    if panel.fixed:
        fixed = ", ".join(f"{name} = {format_value(v)}" for name, v in panel.fixed.items())
        intro += f" Fixed here: {fixed} (run the notebook to change them)."
    if panel.note:
        intro += " " + panel.note

    rows = []
    for k, control in enumerate(panel.controls):
        cid = f"{panel_id}-c{k}"
        label = f'<label for="{cid}">{_attr(control.label)}</label>'
        if control.kind == "menu":
            options = "".join(
                f'<option value="{j}"{" selected" if j == control.initial else ""}>'
                f"{_attr(t)}</option>" for j, t in enumerate(control.texts))
            widget = f'<select id="{cid}" name="{_attr(control.name)}">{options}</select>'
        else:
            now = control.texts[control.initial]
            widget = (f'<input type="range" id="{cid}" name="{_attr(control.name)}" min="0" '
                      f'max="{len(control.values) - 1}" step="1" value="{control.initial}" '
                      f'aria-valuetext="{_attr(now)}">'
                      f'<output id="{cid}-value" for="{cid}" aria-hidden="true">{_attr(now)}'
                      "</output>")
        rows.append(f'<div class="nnbook-panel-control nnbook-panel-{control.kind}">'
                    f"{label}{widget}</div>")

    width, height = (int(round(s * panel.dpi)) for s in panel.size)
    src = data["pictures"][index] if index is not None else ""
    picture = (f'<img class="nnbook-panel-picture" src="{src}" alt="{_attr(alt)}" '
               f'width="{width}" height="{height}"{"" if index is not None else " hidden"}>')
    title = _attr(panel.title or "Static panel")
    return (
        f'<div class="{PANEL_CLASS}" id="{panel_id}" role="group" '
        f'aria-labelledby="{panel_id}-title" aria-describedby="{panel_id}-intro">'
        f'<p class="nnbook-panel-title" id="{panel_id}-title">{title}</p>'
        f'<p class="nnbook-panel-intro" id="{panel_id}-intro">{_attr(intro)}</p>'
        f'<div class="nnbook-panel-controls">{"".join(rows)}</div>'
        f'<p class="nnbook-panel-status" role="status" aria-live="polite">{_attr(text)}</p>'
        f"{picture}"
        f'<script type="application/json" class="nnbook-panel-data">{payload}</script>'
        f"<script>{_SCRIPT % {'id': panel_id}}</script>"
        "</div>")
