"""Print the nbgitpuller link of each chapter: one click pulls the course into the student's
server (a clone on first use, a merge that keeps their edits afterwards) and opens the
learner notebook in JupyterLab.

    python classroom/links.py --hub https://hub.example.edu
    python classroom/links.py --hub https://hub.example.edu --repo https://github.com/you/fork

The repository defaults to the one in _config.yml (repository.url, branch); the notebooks are
the learner notebooks in notebooks/ (python -m nncourse.learner). Post one link per week in
the course's forum or learning platform.
"""

import argparse
import re
import sys
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def configured_repository(config=REPO / "_config.yml"):
    """(url, branch) from the book's _config.yml `repository:` block."""
    text = config.read_text(encoding="utf-8")
    block = re.search(r"^repository:\n((?:[ \t]+.*\n?)+)", text, re.M)
    fields = dict(re.findall(r"^\s+(\w+):\s*(\S+)", block.group(1), re.M)) if block else {}
    return fields.get("url"), fields.get("branch", "main")


def chapter_link(hub, repo, branch, notebook, targetpath=None):
    """The nbgitpuller link that opens ``notebook`` (a path inside the repository)."""
    target = targetpath or repo.rstrip("/").split("/")[-1].removesuffix(".git")
    query = urllib.parse.urlencode({
        "repo": repo, "branch": branch, "targetpath": target,
        "urlpath": f"lab/tree/{target}/{notebook}",
    })
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def links(hub, repo=None, branch=None, notebooks=REPO / "notebooks"):
    default_repo, default_branch = configured_repository()
    repo, branch = repo or default_repo, branch or default_branch
    return {path.name: chapter_link(hub, repo, branch, f"notebooks/{path.name}")
            for path in sorted(Path(notebooks).glob("[0-9][0-9]_*.ipynb"))}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.edu")
    parser.add_argument("--repo", help="the repository to pull (default: _config.yml)")
    parser.add_argument("--branch", help="its branch (default: _config.yml, else main)")
    args = parser.parse_args(argv)
    found = links(args.hub, args.repo, args.branch)
    if not found:
        sys.exit("no learner notebooks in notebooks/: run python -m nncourse.learner")
    for name, link in found.items():
        print(f"{name}\t{link}")


if __name__ == "__main__":
    main()
