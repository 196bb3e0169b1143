"""A class on JupyterHub, end to end on this machine: the kit in classroom/, for real.

A real JupyterHub (the kit's classroom/jupyterhub_config.py, run as root) and its proxy
(node_modules/.bin/configurable-http-proxy) on 127.0.0.1 at random free ports, with an
instructor and four students as real Unix accounts made for the test (random names,
``useradd -m -K HOME_MODE=0700`` as the kit's README says) and removed after it:

1. every server is spawned through the hub's REST API (an admin token from the config);
2. everyone follows chapter 1's nbgitpuller link printed by classroom/links.py (through the
   hub's /hub/user-redirect/, with their own API token, then the pull the link's page
   starts) from a local file:// clone of this repository, and gets the learner notebooks;
3. the instructor, in a shell as the instructor account (``runuser -u`` with the environment
   the hub gives their server: the same commands as in a terminal of their JupyterLab), sets
   up ~/course from the pulled repository and runs nbgrader's generate_assignment and
   release_assignment;
4. each student fetches chapter 1 **in their own server** (nbgrader's Assignments-tab
   handlers, POST /user/<name>/assignments/fetch, so the server running as that account
   does it), edits it through their server's contents API and submits it the same way:
   *solved* submits the solutions, *half* about half (and deletes two check cells and
   rewrites a third), *blank* the untouched notebook, after the deadline, *faulty* the
   solutions with one endless loop and one endless print;
5. the instructor collects and autogrades; grades the written answer in Formgrader (its REST
   API in the instructor's own server); generates and releases feedback; exports grades;
6. each student fetches their own feedback in their own server;
7. a student tries to read another's notebook, submission and feedback as their Unix
   account (``runuser``): the filesystem refuses each read;
8. the hub is stopped, the accounts deleted; nothing is left running or on disk.

Scores: solved 16/16 (15 autograded + 1 by hand), half 8/16, blank 0/16, faulty 11/16.
Run time: 4 minutes (237 s and 244 s measured on a 2-core machine shared with other work,
load average 4 to 6; autograding is half of it, two 30 s cell time limits included). Skips,
saying why, when not root or when JupyterHub, nbgitpuller, the idle culler or the proxy
(``npm ci``) are missing.
"""

import csv
import datetime
import io
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from classroom.localhub import LocalClassroom, missing  # noqa: E402

WHY = missing()
pytestmark = pytest.mark.skipif(WHY is not None, reason=f"no classroom here: {WHY}")

# the exchange test's way of answering a fetched notebook (reused, not copied)
from test_grading_exchange import HALF_RIGHT, HALF_SCORE, HALF_WRONG, solve  # noqa: E402

ROLES = ("solved", "half", "blank", "faulty")
NOTEBOOK = "01_neuron.ipynb"
ASSIGNMENT = "ch01"
FETCHED = f"{ASSIGNMENT}/{NOTEBOOK}"  # where a fetch puts it, in the student's home
# The faulty student: every answer right, except two cells that never end. Each is cut by
# the kit's 30 s per-cell limit before its function is defined, so its check fails.
ENDLESS = {
    "ch01_neuron": "while True:\n    pass\n\n",                  # loops forever
    "ch01_relu_prime": "while True:\n    print('spam ' * 10)\n\n",  # prints forever
}
# The half student deletes the check cells of two exercises it answered right and replaces
# the check of one it answered wrong: nbgrader grades all three with the instructor's cells.
DELETED = ("ch01_sigmoid_tests", "ch01_relu_prime_tests")
REWRITTEN = "ch01_neuron_tests"


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def answer(nb, source, role):
    if role == "solved":
        return solve(nb, source)
    if role == "half":
        solve(nb, source, right=HALF_RIGHT, wrong=HALF_WRONG)
        nb.cells = [c for c in nb.cells if grade_id(c) not in DELETED]
        for cell in nb.cells:
            if grade_id(cell) == REWRITTEN:
                cell.source = "print('all checks passed')"
        return nb
    if role == "faulty":
        solve(nb, source)
        for cell in nb.cells:
            if grade_id(cell) in ENDLESS:
                cell.source = ENDLESS[grade_id(cell)] + cell.source
        return nb
    return nb  # blank: as released


@pytest.fixture(scope="module")
def classroom():
    """The whole class, set up, run and torn down; returns what each step saw."""
    seen = {"commands": {}, "timings": {}}
    started = time.monotonic()
    room = LocalClassroom(ROLES, instructor="teacher")
    try:
        room.start()
        run_class(room, seen)
    finally:
        teardown = time.monotonic()
        seen["leftovers"] = room.close()
        seen["timings"]["teardown"] = time.monotonic() - teardown
        seen["timings"]["total"] = time.monotonic() - started
        print("classroom timings (s):", {k: round(v, 1) for k, v in seen["timings"].items()})
    return seen


def run_class(room, seen):
    t = time.monotonic()
    teacher = room.instructor
    students = dict(zip(ROLES, room.students))
    everyone = [teacher, *students.values()]
    seen.update(room=room.url, students=students, teacher=teacher, exchange=room.exchange,
                env=room.env)
    seen["timings"]["hub_up"] = room.timings["hub_up"]
    seen["services"] = room.hub_api("GET", "services").json()
    culler = seen["services"].get("idle-culler", {}).get("pid")
    import psutil
    seen["culler"] = psutil.Process(culler).cmdline() if culler else None

    # 0. the instructor's course settings, installed by root with the account (README):
    # Formgrader reads them when the instructor's server starts
    seen["commands"]["install"] = room.run_as(
        teacher, "install", "-D", "-m", "0644", str(REPO / "classroom" / "nbgrader_config.py"),
        str(room.home(teacher) / ".jupyter" / "nbgrader_config.py"))

    # 1. servers through the REST API, as the accounts
    seen["timings"]["spawn"] = room.spawn(*everyone)
    seen["server_uids"] = {}
    for user in everyone:
        pid = room.server_pid(user)
        seen["server_uids"][user] = (psutil.Process(pid).uids().real,
                                     room.home(user).stat().st_uid)

    # 2. the nbgitpuller link, followed by everyone
    t = time.monotonic()
    links = subprocess.run([sys.executable, str(REPO / "classroom" / "links.py"),
                            "--hub", room.url, "--repo", room.repo_url],
                           capture_output=True, text=True, check=True).stdout
    link = dict(line.split("\t") for line in links.strip().splitlines())[NOTEBOOK]
    seen["link"] = link
    seen["pulled"] = {}
    for user in everyone:
        server = room.server(user)
        pull = server.git_pull(link)
        listing = server.get("api/contents/nn-from-scratch/notebooks")
        seen["pulled"][user] = {
            "page": (pull["page"].status_code, pull["page"].url),
            "phases": [e.get("phase") for e in pull["events"]],
            "notebooks": sorted(item["name"] for item in listing.json()["content"])
            if listing.ok else listing.text,
            "opened": (pull["opened"].status_code, pull["opened"].url),
            "urlpath": pull["query"].get("urlpath")}
    seen["timings"]["pull"] = time.monotonic() - t

    # 3. the instructor sets up the course and releases chapter 1
    t = time.monotonic()
    home = room.home(teacher)

    def instructor(command, check=True):
        result = room.run_as(teacher, "bash", "-c", command, cwd=home / "course"
                             if (home / "course").exists() else home, check=check)
        seen["commands"][command] = result
        return result

    instructor("mkdir -p ~/course/source/ch01")
    instructor("cp ~/nn-from-scratch/authored/01_neuron.ipynb ~/course/source/ch01/")
    class_list = home / "course" / "students.csv"  # the class list: one id per line
    class_list.write_text("id\n" + "".join(f"{s}\n" for s in students.values()))
    shutil.chown(class_list, teacher, teacher)
    instructor("nbgrader db student import students.csv")
    instructor("nbgrader generate_assignment ch01 --create")
    instructor("nbgrader release_assignment ch01")
    seen["timings"]["release"] = time.monotonic() - t

    # 4. students fetch, answer and submit in their own servers
    t = time.monotonic()
    source = nbformat.read(home / "course" / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)
    seen["fetched"] = {}
    for role, student in students.items():
        server = room.server(student)
        listed = server.nbgrader("fetch", ASSIGNMENT)
        path = room.home(student) / FETCHED
        seen["fetched"][role] = {"success": listed.get("success"), "exists": path.exists(),
                                 "owner": path.stat().st_uid if path.exists() else None,
                                 "uid": room.home(student).stat().st_uid}
        nb = server.read_notebook(FETCHED)
        server.write_notebook(FETCHED, answer(nb, source, role))
    seen["submitted"] = {}
    for role in ("solved", "half", "faulty"):
        seen["submitted"][role] = room.server(students[role]).nbgrader("submit", ASSIGNMENT)
    # the deadline passes; the blank notebook comes in after it
    now = datetime.datetime.now(datetime.timezone.utc)
    due = now.replace(microsecond=0) + datetime.timedelta(seconds=1)  # after every submission
    seen["duedate"] = due.strftime("%Y-%m-%d %H:%M:%S UTC")
    instructor(f'nbgrader db assignment add ch01 --duedate="{seen["duedate"]}"')
    while datetime.datetime.now(datetime.timezone.utc) < due + datetime.timedelta(seconds=1):
        time.sleep(0.2)
    seen["submitted"]["blank"] = room.server(students["blank"]).nbgrader("submit", ASSIGNMENT)
    seen["timings"]["students"] = time.monotonic() - t

    # 5. collect, autograde, grade by hand in Formgrader, feedback, export
    t = time.monotonic()
    instructor("nbgrader collect ch01")
    seen["autograde"] = instructor("nbgrader autograde ch01")
    seen["timings"]["autograde"] = time.monotonic() - t
    formgrader = room.server(teacher)
    seen["manual"] = {}
    for role, student in students.items():
        notebooks = formgrader.get(f"formgrader/api/submitted_notebooks/{ASSIGNMENT}/"
                                   f"{Path(NOTEBOOK).stem}").json()
        mine = next(n for n in notebooks if n["student"] == student)
        grades = formgrader.get("formgrader/api/grades",
                                params={"submission_id": mine["id"]}).json()
        written = [g for g in grades if g["auto_score"] is None]
        seen["manual"][role] = [g["name"] for g in written]
        for grade in written:  # the written answer: full marks for the solutions only
            score = grade["max_score"] if role == "solved" else 0
            response = formgrader.put(f"formgrader/api/grade/{grade['id']}",
                                      json={"manual_score": score})
            response.raise_for_status()
    seen["scores"] = {
        role: (s["score"], s["max_score"], s["needs_manual_grade"])
        for s in formgrader.get(f"formgrader/api/submissions/{ASSIGNMENT}").json()
        for role, student in students.items() if s["student"] == student}
    instructor("nbgrader generate_feedback ch01")
    instructor("nbgrader release_feedback ch01")
    instructor("nbgrader export --to grades.csv")
    seen["csv"] = {row["student_id"]: row for row in csv.DictReader(
        io.StringIO((home / "course" / "grades.csv").read_text()))}
    autograded = home / "course" / "autograded"
    seen["graded_notebooks"] = {
        role: nbformat.read(autograded / student / ASSIGNMENT / NOTEBOOK, as_version=4)
        for role, student in students.items()}
    seen["graded_sizes"] = {role: (autograded / student / ASSIGNMENT / NOTEBOOK).stat().st_size
                            for role, student in students.items()}

    # 6. each student fetches their own feedback in their own server
    t = time.monotonic()
    seen["feedback"] = {}
    for role, student in students.items():
        room.server(student).nbgrader("fetch_feedback", ASSIGNMENT)
        found = sorted((room.home(student) / ASSIGNMENT / "feedback").glob("*/" + Path(
            NOTEBOOK).with_suffix(".html").name))
        seen["feedback"][role] = (found[-1], found[-1].read_text()) if found else (None, "")

    # 7. one student tries to read another's work, as their own Unix account
    reader, victim = students["half"], students["solved"]
    victim_feedback = seen["feedback"]["solved"][0]
    inbound = room.exchange / "nnfs" / "inbound"
    attempts = {
        "another student's notebook": ["cat", str(room.home(victim) / FETCHED)],
        "another student's feedback": ["cat", str(victim_feedback)],
        "the exchange's submissions": ["ls", str(inbound)],
        "the exchange's feedback": ["ls", str(room.exchange / "nnfs" / "feedback")],
        "the instructor's copy of the submission": [
            "cat", str(home / "course" / "submitted" / victim / ASSIGNMENT / NOTEBOOK)],
        "the instructor's feedback": [
            "cat", str(home / "course" / "feedback" / victim / ASSIGNMENT /
                       Path(NOTEBOOK).with_suffix(".html").name)],
    }
    seen["cross_reads"] = {what: room.run_as(reader, *cmd, check=False)
                           for what, cmd in attempts.items()}
    seen["own_read"] = room.run_as(victim, "cat", str(victim_feedback), check=False)
    seen["timings"]["feedback_and_reads"] = time.monotonic() - t


def test_every_server_runs_as_its_own_account_from_the_rest_api(classroom):
    assert sorted(classroom["services"]) == ["classroom-admin", "idle-culler"]
    culler = classroom["culler"]  # the idle culler runs, with the kit's hour
    assert culler and "jupyterhub_idle_culler" in culler and "--timeout=3600" in culler
    for user, (server_uid, home_uid) in classroom["server_uids"].items():
        assert server_uid == home_uid != 0, user


def test_every_account_follows_the_nbgitpuller_link_and_gets_the_learner_notebooks(classroom):
    link = classroom["link"]
    assert "/hub/user-redirect/git-pull?" in link and "notebooks%2F01_neuron.ipynb" in link
    expected = sorted(p.name for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(expected) == 6
    for user, pulled in classroom["pulled"].items():
        status, url = pulled["page"]
        assert status == 200 and f"/user/{user}/git-pull?" in url, (user, url)
        assert pulled["phases"][-1] == "finished", (user, pulled["phases"])
        assert pulled["notebooks"] == expected, user
        assert pulled["urlpath"] == "lab/tree/nn-from-scratch/notebooks/01_neuron.ipynb"
        status, url = pulled["opened"]
        assert status == 200 and url.endswith(f"/user/{user}/{pulled['urlpath']}"), url


def test_each_student_fetches_the_release_in_their_own_server_as_themselves(classroom):
    for role, fetched in classroom["fetched"].items():
        assert fetched["success"] and fetched["exists"], role
        assert fetched["owner"] == fetched["uid"], role  # written by their own account
    for role, submitted in classroom["submitted"].items():
        assert submitted["success"], (role, submitted)


def test_scores_full_in_between_zero_and_the_faulty_notebook_loses_only_its_endless_cells(
        classroom):
    scores = classroom["scores"]
    print("scores (score, max, needs manual grade):", scores)
    assert scores["solved"][:2] == (16, 16)
    assert scores["half"][:2] == (HALF_SCORE, 16)
    assert scores["blank"][:2] == (0, 16)
    # 15 autograded points less the two endless exercises (2 points each); written: 0
    assert scores["faulty"][:2] == (11, 16)
    assert not any(needs for _, _, needs in scores.values())  # nothing left to grade by hand
    # the written answer waits for the instructor where a student wrote one; an untouched
    # answer cell is scored 0 by nbgrader itself
    assert classroom["manual"] == {"solved": ["ch01_exercise6_answer"], "half": [],
                                   "blank": [], "faulty": ["ch01_exercise6_answer"]}
    rows = classroom["csv"]
    assert {rows[s]["score"] for s in classroom["students"].values()} >= {"16.0", "0.0"}


def test_an_endless_cell_is_cut_by_the_time_limit_and_its_output_by_the_line_limit(classroom):
    graded = classroom["graded_notebooks"]["faulty"]
    cells = {grade_id(c): c for c in graded.cells if grade_id(c)}
    for answer_id in ENDLESS:
        errors = [o for o in cells[answer_id].outputs if o.output_type == "error"]
        assert errors, answer_id  # interrupted: the cell failed...
        tests = [o for o in cells[f"{answer_id}_tests"].outputs if o.output_type == "error"]
        assert tests and tests[0].ename == "NameError", answer_id  # ...before its def ran
    printed = "".join(o.get("text", "") for o in cells["ch01_relu_prime"].outputs)
    assert 0 < printed.count("\n") <= 1001  # nbgrader's LimitOutput: 1000 lines kept
    assert classroom["graded_sizes"]["faulty"] < 5_000_000
    log = classroom["autograde"].stdout + classroom["autograde"].stderr
    assert "Timeout" in log or "timeout" in log or "interrupt" in log.lower()


def test_deleted_and_rewritten_check_cells_are_graded_with_the_instructors_tests(classroom):
    graded = classroom["graded_notebooks"]["half"]
    cells = {grade_id(c): c for c in graded.cells if grade_id(c)}
    for deleted in DELETED:
        assert "was missing from the submission" in cells[deleted].source, deleted
        assert "### BEGIN HIDDEN TESTS" in cells[deleted].source  # the instructor's cell
    assert cells[REWRITTEN].source.startswith("check_neuron(neuron)")
    assert "all checks passed" not in cells[REWRITTEN].source


def test_a_submission_after_the_deadline_is_marked_late(classroom):
    rows = classroom["csv"]
    for role, student in classroom["students"].items():
        row = rows[student]
        late = row["timestamp"] > row["duedate"]
        assert late == (role == "blank"), (role, row["timestamp"], row["duedate"])
    log = classroom["autograde"].stdout + classroom["autograde"].stderr
    assert re.search(rf"{classroom['students']['blank']}.* is [0-9.]+ seconds late", log)


def test_each_student_fetches_their_own_feedback(classroom):
    expected = {"solved": "16.0", "half": f"{HALF_SCORE:.1f}", "blank": "0.0",
                "faulty": "11.0"}
    for role, (path, html) in classroom["feedback"].items():
        assert path is not None, role
        assert re.search(rf"Score: {re.escape(expected[role])} / 16\.0", html), role


def test_a_student_cannot_read_another_students_work(classroom):
    for what, result in classroom["cross_reads"].items():
        print(f"as {classroom['students']['half']}: {what}: {result.stderr.strip()}")
        assert result.returncode != 0 and "Permission denied" in result.stderr, what
    assert classroom["own_read"].returncode == 0  # while the owner reads it


def test_nothing_is_left_running_or_on_disk(classroom):
    assert classroom["leftovers"] == []
    assert classroom["timings"]["total"] < 600
