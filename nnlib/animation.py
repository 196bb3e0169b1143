"""Animations of training that play in a static web page, no kernel needed.

:func:`animate` turns a drawing function into an HTML player (matplotlib's
``FuncAnimation.to_jshtml``): the frames are stored as images inside the
page, so the rendered book shows them without Python.
"""

import re

import matplotlib.pyplot as plt
from matplotlib import animation as mpl_animation
from IPython.display import HTML

from .plots import plot_loss_and_regions, readable_text, use_course_style

# matplotlib's player draws its buttons with Font Awesome 4 icons linked from a CDN: offline
# (a classroom, Binder without internet) the buttons would be empty. Plain characters instead.
BUTTON_GLYPHS = {
    "fa fa-fast-backward": "⏮", "fa fa-step-backward": "⏴", "fa fa-play fa-flip-horizontal": "◀",
    "fa fa-pause": "⏸", "fa fa-play": "▶", "fa fa-step-forward": "⏵", "fa fa-fast-forward": "⏭",
    "fa fa-minus": "−", "fa fa-plus": "+",
}
CDN_LINK = re.compile(r"""<link[^>]*href=["']https?://[^"']*font-awesome[^"']*["'][^>]*>\s*""",
                      re.IGNORECASE)
FIRST_FRAME = re.compile(r"""frames\[0\]\s*=\s*["'](data:image/[^"']+)["']""")


def offline_player(html):
    """matplotlib's jshtml with no CDN link, text buttons, and frame 0 in the <img> itself.

    (Without the last, JupyterLab shows an image of zero size after Run All until Play
    or Next is pressed.)
    """
    html = CDN_LINK.sub("", html)
    for icon, glyph in BUTTON_GLYPHS.items():
        html = html.replace(f'<i class="{icon}"></i>', glyph)
    first = FIRST_FRAME.search(html)
    if first:
        # The frame is a JavaScript string split over lines with a backslash before each
        # newline; an attribute needs it in one piece.
        frame = first.group(1).replace("\\\n", "")
        html = re.sub(r'<img id="(_anim_img\w+)">',
                      lambda match: f'<img id="{match.group(1)}" src="{frame}">', html, count=1)
    return html


def animate(draw_frame, n_frames, figsize=(8, 3.5), interval=200, dpi=72):
    """HTML player of ``n_frames`` frames; ``draw_frame(fig, i)`` draws frame i
    on a cleared figure."""
    use_course_style()
    fig = plt.figure(figsize=figsize, dpi=dpi)

    def update(i):
        fig.clear()
        draw_frame(fig, i)
        readable_text(fig)

    # Saving a frame already draws it; without this, matplotlib would also draw
    # every frame a second time "when idle", doubling the cost.
    fig.canvas.draw_idle = lambda *args, **kwargs: None
    player = mpl_animation.FuncAnimation(fig, update, frames=n_frames, interval=interval)
    html = offline_player(player.to_jshtml(default_mode="once"))
    plt.close(fig)
    return HTML(html)


def snapshot_training(network, X, y, epochs, n_frames=20, **fit_kwargs):
    """Train ``network`` for ``epochs`` epochs, keeping ``n_frames`` snapshots.

    Returns a list of (epoch, params, loss_so_far) tuples, the first one
    before any training.  ``fit_kwargs`` go to :meth:`Network.fit`.
    """
    per_frame = max(1, epochs // n_frames)
    snapshots = [(0, network.get_params(), [])]
    losses = []
    done = 0
    while done < epochs:
        step = min(per_frame, epochs - done)
        history = network.fit(X, y, epochs=step, **fit_kwargs)
        losses.extend(history.loss)
        done += step
        snapshots.append((done, network.get_params(), list(losses)))
        if history.diverged:
            break
    return snapshots


def animate_decision_boundary(network, X, y, epochs, n_frames=20, title="Training",
                              **fit_kwargs):
    """Train and return an HTML animation: loss so far (left), decision
    boundary at that moment (right)."""
    snapshots = snapshot_training(network, X, y, epochs, n_frames, **fit_kwargs)
    final_params = network.get_params()
    total = snapshots[-1][0]

    top_loss = 1.05 * max(snapshots[-1][2]) if snapshots[-1][2] else None

    def draw(fig, i):
        epoch, params, losses = snapshots[i]
        network.set_params(**params)
        plot_loss_and_regions(fig, network, X, y, losses, title=f"{title}: epoch {epoch}",
                              max_epochs=max(total, 1), max_loss=top_loss)

    html = animate(draw, len(snapshots))
    network.set_params(**final_params)
    return html
