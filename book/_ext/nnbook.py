"""Small Sphinx extension for the "Neural Networks from Scratch" book.

1. Links from the one repository setting. ``_config.yml`` names the repository
   once (``repository.url`` / ``repository.branch``). From it this extension
   defines MyST substitutions for the prose pages (see :func:`repo_links`):
   ``{{ repo_link }}``, ``{{ binder_link }}`` (JupyterLab on mybinder.org),
   ``{{ colab_link }}``, ``{{ issues_link }}`` and the block ``{{ clone_block }}``.

2. Offline assets. The pages load MathJax 3, require.js and the ipywidgets 8
   HTML manager (embed-amd.js) from ``_vendor/`` inside the built site, so the
   book reads from disk (file://) with no network. ``npm ci`` (see
   ``scripts/build_book.sh``) puts them in ``node_modules/``; after a
   successful HTML build this extension copies what is needed to
   ``<outdir>/_vendor/``. They are deliberately not in ``_static/``: Jupyter
   Book would inject every file found there into every page.

   If ``node_modules/`` lacks them (someone ran ``jupyter-book build .``
   without ``npm ci``), the build still succeeds but the pages fall back to
   the CDN defaults of Sphinx and MyST-NB, and a message says so.

3. Two fixes so that pages load cleanly with no network: outputs of
   matplotlib's JavaScript animations lose their Font Awesome CDN link (the
   theme serves Font Awesome already), and scripts emitted twice (sphinx-thebe's
   inline configuration under Sphinx 7) are kept once.

4. The chapters are nbgrader source notebooks. In their code cells the book
   shows a reader the solution without nbgrader's marker lines and each check
   without its hidden-test block (see :func:`strip_grading_markers`).

5. The book is built from the authored notebooks (authored/), but a reader who
   launches a chapter in Binder or Colab gets the learner notebook (notebooks/,
   no solutions): :func:`launch_learner_notebooks` points the launch buttons there.
"""

import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
VENDOR = "_vendor"
AUTHORED, LEARNER = "authored/", "notebooks/"  # chapter folders: the book's, the learner's

# destination under <outdir>/_vendor  ->  source under node_modules
ASSETS = {
    "mathjax": NODE_MODULES / "mathjax" / "es5",
    "require.js": NODE_MODULES / "requirejs" / "require.js",
    "html-manager/embed-amd.js":
        NODE_MODULES / "@jupyter-widgets" / "html-manager" / "dist" / "embed-amd.js",
}
# files of the html-manager's dist folder that embed-amd.js may fetch (icon fonts)
HTML_MANAGER_DIST = NODE_MODULES / "@jupyter-widgets" / "html-manager" / "dist"

CDN_MATHJAX = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"


def assets_available():
    return all(source.exists() for source in ASSETS.values())


def repo_links(config):
    """MyST substitutions derived from the repository setting of ``_config.yml``."""
    options = config.html_theme_options or {}
    url = (options.get("repository_url") or "").rstrip("/")
    branch = options.get("repository_branch") or "main"
    path = urlparse(url).path.strip("/")  # owner/name
    name = path.rsplit("/", 1)[-1]
    binder = f"https://mybinder.org/v2/gh/{path}/{branch}?urlpath=lab/tree/notebooks"
    colab = f"https://colab.research.google.com/github/{path}/blob/{branch}/notebooks/"
    return {
        "repo_url": url,
        "repo_branch": branch,
        "binder_url": binder,
        "colab_url": colab,
        # link-valued substitutions (MyST cannot substitute inside a link target)
        "repo_link": f"[{path}]({url})",
        "binder_link": f"[open the course in Binder]({binder})",
        "colab_link": f"[Google Colab](https://colab.research.google.com/github/{path}/blob/{branch}/notebooks/01_neuron.ipynb)",
        "issues_link": f"[issue tracker]({url}/issues)",
        # a block-level substitution: the commands to get the course locally
        "clone_block": (
            "```bash\n"
            f"git clone {url}.git\n"
            f"cd {name}\n"
            'pip install -e ".[lab]"\n'
            "jupyter lab notebooks/\n"
            "```"
        ),
    }


def on_config_inited(app, config):
    substitutions = dict(config.myst_substitutions or {})
    for key, value in repo_links(config).items():
        substitutions.setdefault(key, value)
    config.myst_substitutions = substitutions

    if not assets_available():
        logger.info(
            "[nnbook] offline assets not found in node_modules/ (run `npm ci`, or "
            "`bash scripts/build_book.sh`): pages will load MathJax and the widget "
            "manager from CDNs instead.")
        config.mathjax_path = CDN_MATHJAX
        from myst_nb.core.config import ipywidgets_js_factory
        config.nb_ipywidgets_js = ipywidgets_js_factory()


def copy_assets(outdir):
    """Copy the offline assets into ``outdir/_vendor``; return the bytes copied."""
    target = Path(outdir) / VENDOR
    if target.exists():
        shutil.rmtree(target)
    for name, source in ASSETS.items():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination)
        else:
            shutil.copy2(source, destination)
    # the icon fonts that the widget manager's CSS refers to, next to embed-amd.js
    for font in HTML_MANAGER_DIST.iterdir():
        if font.suffix in {".woff2", ".woff", ".ttf", ".eot", ".svg"}:
            shutil.copy2(font, target / "html-manager" / font.name)
    return sum(f.stat().st_size for f in target.rglob("*") if f.is_file())


def on_build_finished(app, exception):
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    if not assets_available():
        return
    size = copy_assets(app.outdir)
    logger.info(f"[nnbook] offline assets copied to {VENDOR}/ ({size / 1e6:.1f} MB)")


def dedupe_scripts(app, pagename, templatename, context, doctree):
    """Drop scripts that appear twice on a page.

    With Sphinx 7 the inline configuration script of sphinx-thebe (``const
    THEBE_JS_URL = ...``) is emitted twice, and the second copy throws
    "Identifier 'THEBE_JS_URL' has already been declared" in the console.
    """
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen, keep = set(), []
    for js in scripts:
        filename = getattr(js, "filename", js)
        key = filename or ("inline", getattr(js, "attributes", {}).get("body", ""))
        if key in seen:
            continue
        seen.add(key)
        keep.append(js)
    scripts[:] = keep


# Matplotlib's JavaScript animations (``Animation.to_jshtml``, behind
# nnlib.animation) link Font Awesome 4 from a CDN for their button icons. The
# book already serves Font Awesome itself (pydata-sphinx-theme), which draws
# those ``fa`` icons, so the link is dropped: no page may reach the network.
CDN_LINK = re.compile(
    r"""<link[^>]*href=["']https?://[^"']*font-awesome[^"']*["'][^>]*>\s*""", re.IGNORECASE)


def drop_cdn_links(app, doctree, docname):
    dropped = 0
    for node in doctree.findall(nodes.raw):
        if "html" not in node.get("format", "").split():
            continue
        text = node.astext()
        new, count = CDN_LINK.subn("", text)
        if count:
            dropped += count
            node.children = [nodes.Text(new)]
    if dropped:
        logger.info(f"[nnbook] {docname}: dropped {dropped} CDN Font Awesome link(s)")


# nbgrader's markers in the chapters' code cells (nncourse/release.py writes and reads them). In
# the book a solution reads as plain code, and a test cell as the one check a learner runs.
SOLUTION_MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n", re.M)
HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n.*?^[ \t]*### END HIDDEN TESTS[ \t]*(\n|$)",
                          re.M | re.S)


def strip_grading_markers(app, doctree, docname):
    """Chapter pages: drop the solution marker lines and the hidden-test blocks of code cells."""
    if not docname.startswith(AUTHORED):
        return  # the instructors' page shows the markers on purpose
    for node in doctree.findall(nodes.literal_block):
        text = node.astext()
        new = HIDDEN_TESTS.sub("", SOLUTION_MARKER.sub("", text + "\n")).rstrip("\n")
        if new != text.rstrip("\n"):
            node.children = [nodes.Text(new)]
            node.rawsource = new


def launch_learner_notebooks(app, pagename, templatename, context, doctree):
    """Binder and Colab buttons of a chapter open its learner notebook, not the authored one."""
    if not pagename.startswith(AUTHORED):
        return

    def relink(item):
        if isinstance(item, dict):
            url = item.get("url")
            if isinstance(url, str) and ("binder" in url or "colab" in url):
                item["url"] = url.replace(AUTHORED, LEARNER)
            for value in item.values():
                relink(value)
        elif isinstance(item, list):
            for value in item:
                relink(value)

    relink(context.get("header_buttons", []))


def setup(app):
    app.connect("html-page-context", launch_learner_notebooks, priority=600)
    app.connect("doctree-resolved", strip_grading_markers)
    app.connect("doctree-resolved", drop_cdn_links)
    app.connect("config-inited", on_config_inited, priority=100)
    app.connect("html-page-context", dedupe_scripts, priority=900)
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
