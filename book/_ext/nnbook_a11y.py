"""Accessibility of the built book (issue 21): every figure says what it shows.

1. Figures of the chapters. myst-nb writes each image output of a notebook to a file named
   by the SHA-256 of its bytes and gives the ``<img>`` no alt text (docutils then falls back
   to the file's path). For every image of a chapter page this extension finds the output
   it came from (by that hash) in the chapter's notebook and sets its alt text:

   * the text stored with the output, ``{"image/png": {"alt": ...}}`` in the output's
     metadata: :func:`nncourse.panels.describe_figures` writes it when the notebook runs,
     from the figure itself (titles, axes labels, legends, colour bars);
   * otherwise a text written from the cell's code (:func:`alt_from_code`): the titles,
     axes labels and legend labels the code sets (an f-string's fields read as "…"), or
     its first comment, and the section the figure is in.

2. Pictures inside raw HTML outputs: the frame of a matplotlib animation (``to_jshtml``)
   gets the same kind of text, prefixed "Animation", and its frame slider a label; any
   other ``<img>`` without alt text gets the cell's text.

3. Pictures of live widgets, which the widget manager draws in the page from the saved
   widget state: the widget's plain-text representation (a dashboard's settings and status
   line, :class:`nnlib.widgets.SliderPlot`) goes into a ``data-nnbook-alt`` attribute of its
   view script; ``book/_static/nnbook.js`` gives the drawn images that text.

4. Markup that screen readers and axe-core (tests/system/test_book_browser.py) reject:
   citation entries marked with the deprecated role ``doc-biblioentry`` inside
   ``role="list"`` become list items; myst-nb's "Show code cell ..." toggles lose an
   ``aria-label`` ("Toggle hidden content") that hid their visible text from screen readers.

Alt text is never empty and never a file name: :func:`alt_from_code` ends with the section's
title when the code names nothing.
"""

import ast
import base64
import hashlib
import html
import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LABEL_KEYWORDS = {"title": "title", "suptitle": "title", "xlabel": "x", "ylabel": "y",
                  "label": "legend"}
LABEL_METHODS = {"set_title": "title", "suptitle": "title", "set_xlabel": "x",
                 "set_ylabel": "y", "set_label": "legend", "text": None}
MAX_ITEMS = 6


# --- text from code ------------------------------------------------------------------------

def _string(node):
    """The text of a string literal or f-string node (fields become "…"); None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "…"
                       for part in node.values)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"replace", "format", "strip"}):
        return _string(node.func.value)
    return None


def _plain(text):
    from nncourse.panels import plain_text

    text = plain_text(text).replace("\n", " ")
    text = re.sub(r"(…\s*)+", "… ", text).strip()
    return text


DRAWING_HELPERS = ("draw", "plot", "animate", "show_")


def _call_name(node):
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def drawing_functions(source):
    """Names of the drawing helpers the code calls (plot_seed_study, animate, ...)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names = [_call_name(n) for n in ast.walk(tree) if isinstance(n, ast.Call)]
    return [n for n in dict.fromkeys(names) if n.startswith(DRAWING_HELPERS)
            and n not in {"plot", "draw"}]


def labels_in_code(source):
    """{"title": [...], "x": [...], "y": [...], "legend": [...]} set by the code's calls."""
    found = {"title": [], "x": [], "y": [], "legend": []}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        # IPython magics and the like: drop those lines and try once more
        try:
            tree = ast.parse("\n".join(line for line in source.splitlines()
                                       if not line.lstrip().startswith(("%", "!"))))
        except SyntaxError:
            return found
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        kind = LABEL_METHODS.get(name)
        if kind and node.args:
            text = _string(node.args[0])
            if text:
                found[kind].append(text)
        elif name.startswith(DRAWING_HELPERS):
            # a chapter's or nnlib's own drawing function: its sentences are titles
            for arg in node.args:
                text = _string(arg)
                if text and " " in text.strip():
                    found["title"].append(text)
        for keyword in node.keywords:
            kind = LABEL_KEYWORDS.get(keyword.arg or "")
            text = _string(keyword.value) if kind else None
            if text:
                found[kind].append(text)
    for kind, texts in found.items():
        clean = []
        for text in texts:
            text = _plain(text)
            if text and text != "…" and not text.startswith("_") and text not in clean:
                clean.append(text)
        found[kind] = clean
    return found


def _first_comment(source):
    for line in source.splitlines():
        line = line.strip()
        if line.startswith("#") and not line.startswith("#!") and len(line) > 3:
            text = line.lstrip("#").strip()
            text = re.sub(r"^(figure(-only)? code|figure)\s*[:\-–]\s*", "", text, flags=re.I)
            return text.rstrip(".")
    return ""


def _listing(items):
    items = [f"“{t}”" for t in items[:MAX_ITEMS]]
    return ", ".join(items) + (" and more" if len(items) == MAX_ITEMS else "")


def alt_from_code(source, section="", kind="Figure"):
    """An alt text for a figure drawn by ``source`` (a cell's code) in ``section``."""
    found = labels_in_code(source)
    parts = []
    if found["title"]:
        parts.append(_listing(found["title"]))
    axes = []
    if found["x"]:
        axes.append("horizontal axis " + " / ".join(found["x"][:3]))
    if found["y"]:
        axes.append("vertical axis " + " / ".join(found["y"][:3]))
    if axes:
        parts.append(", ".join(axes))
    if found["legend"]:
        parts.append("legend: " + "; ".join(found["legend"][:MAX_ITEMS]))
    comment = _first_comment(source)
    if not parts and comment:
        parts.append(comment[0].upper() + comment[1:])
    if not parts:
        helpers = [n.replace("_", " ") for n in drawing_functions(source)]
        if helpers:
            parts.append("drawn by the course's function " + ", ".join(helpers[:2]))
    where = f" in section “{section}”" if section else ""
    if not parts:
        return f"{kind}{where}, drawn by the code of the cell above it."
    return f"{kind}{where}: " + "; ".join(parts) + "."


# --- the notebook behind a page ------------------------------------------------------------------

def _digest(mime, content):
    if isinstance(content, list):
        content = "".join(content)
    if mime in IMAGE_MIMES:
        data = base64.b64decode(content)
    else:
        data = content.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def notebook_outputs(path):
    """What the page needs from a notebook: {digest: (alt, source)} of its images,
    {model_id: text} of its widgets and {animation id or digest: source} of the cells whose
    HTML outputs hold images."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    images, widgets, html_cells = {}, {}, {}
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        for output in cell.get("outputs", []):
            data, metadata = output.get("data", {}), output.get("metadata", {}) or {}
            for mime in IMAGE_MIMES:
                if mime in data:
                    alt = (metadata.get(mime) or {}).get("alt") if isinstance(
                        metadata.get(mime), dict) else None
                    images[_digest(mime, data[mime])] = (alt, source)
            if WIDGET_VIEW in data:
                model = data[WIDGET_VIEW].get("model_id")
                text = "".join(data.get("text/plain", ""))
                if model and text and not text.startswith(("VBox(", "HBox(", "<")):
                    widgets[model] = text
            if "text/html" in data and "<img" in "".join(data["text/html"]):
                text = "".join(data["text/html"])
                for key in ANIM_ID.findall(text) or [hashlib.sha256(text.encode()).hexdigest()]:
                    html_cells[key] = source
    return images, widgets, html_cells


def _section_title(node):
    while node is not None:
        if isinstance(node, nodes.section) and node.children and isinstance(
                node[0], nodes.title):
            return node[0].astext()
        node = node.parent
    return ""


def _widget_alt(text):
    """A SliderPlot's sentence, without the advice meant for a text-only display."""
    text = re.sub(r"\s*Run the notebook to move the controls\.?\s*$", "", text.strip())
    text = re.sub(r"^Interactive figure", "Figure of the interactive dashboard", text)
    return text.rstrip(".") + "."


ANIM_ID = re.compile(r'id="_anim_img(\w+)"')
ANIM_IMG = re.compile(r'<img(?![^>]*\balt=)([^>]*\bid="_anim_img\w*")')
ANIM_SLIDER = re.compile(r'<input(?![^>]*\baria-label=)([^>]*\bid="_anim_slider\w*")')
ANY_IMG = re.compile(r"<img(?![^>]*\balt=)(?=[\s>/])")
WIDGET_SCRIPT = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-view\+json">\s*(\{.*?\})\s*</script>', re.S)


def _fix_raw_html(text, alt_for_cell, widgets):
    new = text
    if "_anim_img" in new:
        alt = alt_for_cell("Animation")
        new = ANIM_IMG.sub(lambda m: f'<img alt="{html.escape(alt)}"{m.group(1)}', new)
        new = ANIM_SLIDER.sub(r'<input aria-label="Frame of the animation"\1', new)
    if "<img" in new:
        new = ANY_IMG.sub(lambda m: f'<img alt="{html.escape(alt_for_cell("Figure"))}"', new)

    def tag_widget(match):
        try:
            model = json.loads(match.group(1)).get("model_id")
        except ValueError:
            return match.group(0)
        if model not in widgets:
            return match.group(0)
        alt = html.escape(_widget_alt(widgets[model]), quote=True)
        return match.group(0).replace("<script ", f'<script data-nnbook-alt="{alt}" ', 1)

    if WIDGET_VIEW in new:
        new = WIDGET_SCRIPT.sub(tag_widget, new)
    return new


def describe_images(app, doctree, docname):
    """Alt text for the images and raw HTML pictures of a chapter page."""
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".ipynb" or not path.exists():
        return
    try:
        images, widgets, html_cells = notebook_outputs(path)
    except (OSError, ValueError) as err:
        logger.warning(f"[nnbook_a11y] {docname}: cannot read {path.name}: {err}")
        return
    written, from_code = 0, 0
    for image in doctree.findall(nodes.image):
        if image.get("alt"):
            continue
        stem = Path(str(image.get("uri", ""))).stem
        alt, source = images.get(stem, (None, ""))
        if not alt:
            alt = alt_from_code(source, _section_title(image))
            from_code += 1
        image["alt"] = alt
        written += 1
    for raw in doctree.findall(nodes.raw):
        if "html" not in raw.get("format", "").split():
            continue
        text = raw.astext()
        if "<img" not in text and WIDGET_VIEW not in text:
            continue
        keys = ANIM_ID.findall(text) or [hashlib.sha256(text.encode()).hexdigest()]
        source = next((html_cells[k] for k in keys if k in html_cells), "")
        section = _section_title(raw)
        new = _fix_raw_html(text, lambda kind: alt_from_code(source, section, kind), widgets)
        if new != text:
            raw.children = [nodes.Text(new)]
            written += 1
    if written:
        logger.info(f"[nnbook_a11y] {docname}: alt text for {written} picture(s) "
                    f"({from_code} written from the cell's code)")


# --- page markup ---------------------------------------------------------------------------------

TOGGLE_LABEL = '<summary aria-label="Toggle hidden content">'
BIBLIOENTRY = re.compile(r'role="doc-biblioentry"')


def fix_markup(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if not isinstance(body, str):
        return
    new = body.replace(TOGGLE_LABEL, "<summary>")
    if 'role="list"' in new:
        new = BIBLIOENTRY.sub('role="listitem"', new)
    context["body"] = new


def setup(app):
    app.connect("doctree-resolved", describe_images)
    app.connect("html-page-context", fix_markup)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
