"""A throwaway classroom on this machine: the kit's JupyterHub with temporary Unix accounts.

Used by the end-to-end test (tests/system/test_classroom.py) and the load measurement
(benchmarks/classroom_load.py); not needed to run a real class. Needs root (it creates
accounts and the hub spawns servers as them), JupyterHub in this Python environment and the
proxy from `npm ci` (node_modules/.bin/configurable-http-proxy).

    with LocalClassroom(["alice", "bob"], instructor="teacher") as room:
        room.spawn("alice")
        room.server("alice").get("api/contents")   # the user's own server, with their token

What it makes, all under one temporary folder or named with one random suffix, and what
``close()`` removes (it runs even when the work inside the ``with`` failed):

* Unix groups ``nf<suffix>-students`` / ``nf<suffix>-instructors`` and accounts
  ``nf<suffix>-<name>`` (``useradd -m -K HOME_MODE=0700``, as classroom/README.md says);
* the exchange (mode 1777), the hub's state folder (0700), a clone of the repository that
  nbgitpuller links pull (``file://``), all in the temporary folder;
* the hub (the kit's jupyterhub_config.py, run as root on 127.0.0.1, random free ports),
  which starts the proxy, the idle culler and the servers.

Two things differ from a real server, both because the test runs inside a developer's or
CI's checkout:

* **The course's Python environment** is this one (the test's), and must be runnable by
  every account. Where this checkout, this environment or its base interpreter sits under a
  directory other accounts cannot enter (pyenv's Python under /root, here), that directory
  gets o+x (enter, not list) until ``close()`` puts its mode back. A real server installs
  the environment in /opt/nnfs (README), where nothing of the kind is needed. (An
  environment made from the system's Python instead is not the same interpreter: Debian's
  3.11.2 fails where pyenv's 3.11.7 works, in nbgrader's feedback.)
* **The repository that links pull** is a local clone owned by root: git (>= 2.39.4)
  refuses to read a repository owned by another account unless it is listed as a
  ``safe.directory``, so each test account's ~/.gitconfig lists that clone. A real class
  pulls over https and needs nothing of the kind.
"""

import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import requests

KIT = Path(__file__).resolve().parent
REPO = KIT.parent
HUB_CONFIG = KIT / "jupyterhub_config.py"
PROXY = REPO / "node_modules" / ".bin" / "configurable-http-proxy"
SBIN = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])


def tool(name):
    return shutil.which(name, path=SBIN) or name


def missing():
    """Why a local classroom cannot run here, or None."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root: it creates Unix accounts and the hub spawns servers as them"
    for name in ("useradd", "userdel", "groupadd", "groupdel", "chpasswd", "runuser", "git"):
        if shutil.which(name, path=SBIN) is None:
            return f"{name} is not installed"
    try:
        import jupyterhub  # noqa: F401
        import nbgitpuller  # noqa: F401
        import jupyterhub_idle_culler  # noqa: F401
    except ImportError as error:
        return f"{error.name} is not installed (pip install -e '.[classroom]')"
    if not PROXY.exists():
        return f"{PROXY.relative_to(REPO)} is missing (npm ci in the repository)"
    if shutil.which("node") is None:
        return "node is not installed (configurable-http-proxy runs on Node.js)"
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*cmd, check=True, **kwargs):
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kwargs)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {result.returncode}:\n"
                           f"{result.stdout}\n{result.stderr}")
    return result


def kit_environment(env_overrides):
    """The environment the kit's hub gives each user's server (its c.Spawner.environment)."""
    from traitlets.config.loader import PyFileConfigLoader
    saved = {k: os.environ.get(k) for k in env_overrides}
    os.environ.update(env_overrides)
    try:
        config = PyFileConfigLoader(HUB_CONFIG.name, str(KIT)).load_config()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return dict(config.Spawner.environment)


class LocalClassroom:
    def __init__(self, students, instructor="teacher", idle_timeout=3600, prefix="nf"):
        self.suffix = secrets.token_hex(3)
        self.prefix = f"{prefix}{self.suffix}"
        self.students = [self.account(s) for s in students]
        self.instructor = self.account(instructor) if instructor else None
        self.idle_timeout = idle_timeout
        self.students_group = f"{self.prefix}-students"
        self.instructors_group = f"{self.prefix}-instructors"
        self.root = None
        self.hub = None
        self.made_users, self.made_groups = [], []
        self.granted = {}  # directory -> mode before o+x was added
        self.tokens = {}
        self.passwords = {}
        self.processes = set()  # pids of the hub and everything it started
        self.timings = {}

    def account(self, name):
        return f"{self.prefix}-{name}"

    # --- set-up ----------------------------------------------------------------------------
    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    def start(self):
        started = time.monotonic()
        self.root = Path(tempfile.mkdtemp(prefix=f"nnfs-classroom-{self.suffix}-"))
        self.root.chmod(0o755)
        self.exchange = self.root / "exchange"
        self.exchange.mkdir()
        self.exchange.chmod(0o1777)
        self.state = self.root / "state"
        self.state.mkdir(mode=0o700)
        self.env = self.course_environment()
        self.repo = self.root / "nn-from-scratch.git"
        run("git", "clone", "-q", "--bare", "--no-hardlinks", REPO, self.repo)
        self.repo_url = f"file://{self.repo}"
        self.make_accounts()
        self.admin_token = secrets.token_hex(32)
        self.port, hub_port, api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.hub_env = {
            "NNFS_ENV": str(self.env), "NNFS_EXCHANGE": str(self.exchange),
            "NNFS_STATE": str(self.state), "NNFS_STUDENTS_GROUP": self.students_group,
            "NNFS_INSTRUCTORS_GROUP": self.instructors_group,
            "NNFS_IDLE_TIMEOUT": str(self.idle_timeout), "NNFS_ADMIN_TOKEN": self.admin_token,
        }
        self.user_env = kit_environment(self.hub_env)
        self.hub_log = open(self.root / "jupyterhub.log", "w")
        self.hub = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(HUB_CONFIG),
             f"--JupyterHub.bind_url={self.url}",
             f"--JupyterHub.hub_bind_url=http://127.0.0.1:{hub_port}",
             f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{api_port}"],
            cwd=self.state, env=dict(os.environ, **self.hub_env), stdout=self.hub_log,
            stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.add(self.hub.pid)
        self.wait(lambda: self.hub_api("GET", "").ok, 90, "the hub to answer")
        self.remember_processes()
        self.hub_api("POST", "users", json={"usernames": self.students + (
            [self.instructor] if self.instructor else [])}).raise_for_status()
        self.timings["hub_up"] = time.monotonic() - started

    def course_environment(self):
        """This Python environment, made runnable by every account (module docstring)."""
        for path in (REPO, Path(sys.prefix), Path(sys.executable).resolve().parent):
            self.grant_entry(path)
        if not self.runs_for_others(Path(sys.prefix) / "bin" / "python"):
            raise RuntimeError(f"{sys.prefix}/bin/python does not run for other accounts "
                               "(a directory above it or the repository they cannot read?)")
        return Path(sys.prefix)

    def runs_for_others(self, python):
        check = run(tool("runuser"), "-u", "nobody", "--", python, "-c",
                    "import jupyterhub, nbgrader, nbgitpuller, nnlib, nncourse",
                    check=False, cwd="/", env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})
        return check.returncode == 0

    def grant_entry(self, path):
        """o+x on each directory above ``path`` that other accounts cannot enter."""
        for directory in reversed(Path(path).resolve().parents):
            mode = directory.stat().st_mode & 0o7777
            if not mode & 0o001:
                self.granted[directory] = mode
                directory.chmod(mode | 0o001)

    def make_accounts(self):
        for group in (self.students_group, self.instructors_group):
            run(tool("groupadd"), group)
            self.made_groups.append(group)
        members = [(u, self.students_group) for u in self.students]
        if self.instructor:
            members.append((self.instructor, self.instructors_group))
        for user, group in members:
            run(tool("useradd"), "-m", "-K", "HOME_MODE=0700", "-G", group, "-s", "/bin/bash", user)
            self.made_users.append(user)
            self.passwords[user] = secrets.token_urlsafe(16)
            run(tool("chpasswd"), input=f"{user}:{self.passwords[user]}\n")
            # the test's course repository is owned by root (see the module's docstring)
            self.run_as(user, "git", "config", "--global", "--add", "safe.directory",
                        str(self.repo))

    # --- the hub and the servers -------------------------------------------------------------
    def hub_api(self, method, path, token=None, **kwargs):
        kwargs.setdefault("timeout", 30)
        headers = {"Authorization": f"token {token or self.admin_token}"}
        try:
            return requests.request(method, f"{self.url}/hub/api/{path}", headers=headers,
                                    **kwargs)
        except requests.ConnectionError as error:
            response = requests.Response()
            response.status_code, response.reason = 599, str(error)
            return response

    def wait(self, ready, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.hub is not None and self.hub.poll() is not None:
                raise RuntimeError(f"the hub exited ({self.hub.returncode}) while waiting for "
                                   f"{what}:\n{self.log_tail()}")
            if ready():
                return
            time.sleep(0.3)
        raise TimeoutError(f"waited {timeout} s for {what}:\n{self.log_tail()}")

    def log_tail(self, lines=40):
        try:
            return "\n".join((self.root / "jupyterhub.log").read_text().splitlines()[-lines:])
        except OSError:
            return ""

    def remember_processes(self):
        import psutil
        try:
            self.processes.update(p.pid for p in psutil.Process(self.hub.pid).children(True))
        except psutil.NoSuchProcess:
            pass
        proxy_pid = self.state / "jupyterhub-proxy.pid"
        if proxy_pid.exists():
            self.processes.add(int(proxy_pid.read_text().strip()))

    def spawn(self, *users, timeout=300):
        """Start the users' servers through the hub's REST API (all at once, as a class
        logging in does), wait until each answers; returns the seconds until all did."""
        started = time.monotonic()
        for user in users:
            response = self.hub_api("POST", f"users/{user}/server")
            if response.status_code not in (201, 202):
                raise RuntimeError(f"spawning {user}: {response.status_code} {response.text}")
        for user in users:
            self.wait(lambda: self.server_model(user).get("ready", False), timeout,
                      f"{user}'s server")
        self.remember_processes()
        return time.monotonic() - started

    def stop(self, user, timeout=120):
        """Stop ``user``'s server through the hub's REST API."""
        response = self.hub_api("DELETE", f"users/{user}/server")
        if response.status_code not in (202, 204):
            raise RuntimeError(f"stopping {user}: {response.status_code} {response.text}")
        self.wait(lambda: not self.server_model(user), timeout, f"{user}'s server to stop")

    def server_model(self, user):
        return self.hub_api("GET", f"users/{user}").json().get("servers", {}).get("", {})

    def token(self, user):
        if user not in self.tokens:
            response = self.hub_api("POST", f"users/{user}/tokens",
                                    json={"note": "local classroom", "expires_in": 7200})
            response.raise_for_status()
            self.tokens[user] = response.json()["token"]
        return self.tokens[user]

    def session(self, user):
        """A requests session authenticated as ``user`` (their API token)."""
        session = requests.Session()
        session.headers["Authorization"] = f"token {self.token(user)}"
        return session

    def server(self, user):
        return UserServer(self, user)

    def login(self, user):
        """A browser-like session: the hub's login form, with the account's password (PAM)."""
        session = requests.Session()
        form = session.get(f"{self.url}/hub/login", timeout=60)
        form.raise_for_status()
        xsrf = session.cookies.get("_xsrf", path="/hub/")
        response = session.post(f"{self.url}/hub/login", timeout=120, data={
            "username": user, "password": self.passwords[user], "_xsrf": xsrf})
        response.raise_for_status()
        if "/hub/login" in response.url:
            raise RuntimeError(f"{user} could not log in:\n{self.log_tail()}")
        return session

    def server_pid(self, user):
        return self.server_model(user)["state"].get("pid")

    # --- commands as an account ------------------------------------------------------------
    def run_as(self, user, *cmd, cwd=None, check=True, timeout=900, env=None):
        """``runuser -u user -- cmd`` with the environment the hub gives user's server."""
        home = pwd.getpwnam(user).pw_dir
        environment = {"HOME": home, "USER": user, "LOGNAME": user, "SHELL": "/bin/bash",
                       "LANG": "C.UTF-8", "PATH": "/usr/local/bin:/usr/bin:/bin"}
        environment.update(getattr(self, "user_env", {}))
        environment.update(env or {})
        return run(tool("runuser"), "-u", user, "--", *cmd, cwd=cwd or home, env=environment,
                   check=check, timeout=timeout)

    def home(self, user):
        return Path(pwd.getpwnam(user).pw_dir)

    # --- tear-down ---------------------------------------------------------------------------
    def close(self):
        """Stop everything, remove every account and file; returns what was left, if any."""
        import psutil
        if self.hub is not None:
            self.remember_processes()
            if self.hub.poll() is None:
                self.hub.send_signal(signal.SIGTERM)  # stops the servers, proxy and culler
                try:
                    self.hub.wait(60)
                except subprocess.TimeoutExpired:
                    pass
        uids = set()
        for user in self.made_users:
            try:
                uids.add(pwd.getpwnam(user).pw_uid)
            except KeyError:
                pass
        for _ in range(2):
            survivors = [p for p in psutil.process_iter(["pid", "uids"])
                         if p.pid in self.processes or (p.info["uids"] and
                                                        p.info["uids"].real in uids)]
            for process in survivors:
                try:
                    process.kill()
                except psutil.NoSuchProcess:
                    pass
            psutil.wait_procs(survivors, timeout=10)
        if getattr(self, "hub_log", None):
            self.hub_log.close()
        for user in self.made_users:
            run(tool("userdel"), "-r", user, check=False)
        for group in self.made_groups:
            run(tool("groupdel"), group, check=False)
        for directory, mode in self.granted.items():
            directory.chmod(mode)
        self.granted = {}
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
        return self.leftovers(uids)

    def leftovers(self, uids=()):
        """What is still running or on disk (empty when close() cleaned up everything)."""
        import psutil
        left = []
        for process in psutil.process_iter(["pid", "uids", "cmdline"]):
            if process.pid in self.processes or (process.info["uids"] and
                                                 process.info["uids"].real in uids):
                left.append(f"process {process.pid}: {' '.join(process.info['cmdline'] or [])}")
        for user in self.made_users:
            try:
                pwd.getpwnam(user)
                left.append(f"account {user}")
            except KeyError:
                pass
            if Path("/home", user).exists():
                left.append(f"home /home/{user}")
        for group in self.made_groups:
            if run(tool("getent"), "group", group, check=False).returncode == 0:
                left.append(f"group {group}")
        if self.root is not None and self.root.exists():
            left.append(f"folder {self.root}")
        if getattr(self, "port", None):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    left.append(f"port {self.port} still answers")
        return left


class UserServer:
    """``user``'s own Jupyter server, reached through the hub's proxy with their token."""

    def __init__(self, room, user):
        self.room, self.user = room, user
        self.base = f"{room.url}/user/{user}/"
        self.http = room.session(user)

    def url(self, path):
        return urllib.parse.urljoin(self.base, path)

    def get(self, path, **kwargs):
        kwargs.setdefault("timeout", 120)
        return self.http.get(self.url(path), **kwargs)

    def post(self, path, **kwargs):
        kwargs.setdefault("timeout", 300)
        return self.http.post(self.url(path), **kwargs)

    def put(self, path, **kwargs):
        kwargs.setdefault("timeout", 120)
        return self.http.put(self.url(path), **kwargs)

    def read_notebook(self, path):
        import nbformat
        response = self.get(f"api/contents/{path}")
        response.raise_for_status()
        return nbformat.from_dict(response.json()["content"])

    def write_notebook(self, path, nb):
        response = self.put(f"api/contents/{path}",
                            json={"type": "notebook", "format": "json", "content": nb})
        response.raise_for_status()

    def nbgrader(self, action, assignment, course="nnfs"):
        """The Assignments tab's buttons: fetch, submit, fetch_feedback (nbgrader's server
        extension in the user's own server)."""
        response = self.post(f"assignments/{action}",
                             data={"course_id": course, "assignment_id": assignment})
        response.raise_for_status()
        return response.json()

    def assignments(self, course="nnfs"):
        response = self.get("assignments", params={"course_id": course})
        response.raise_for_status()
        return response.json()

    def git_pull(self, link, timeout=300):
        """Follow an nbgitpuller link as a browser does: log in to the hub (the link goes
        through /hub/user-redirect/, which only a logged-in browser passes), land on the
        link's page in the user's own server, run the pull that page starts (its event
        stream), then open the page it sends the browser to (urlpath).
        Returns {"page", "query", "events", "opened"}."""
        browser = self.room.login(self.user)
        page = browser.get(link, timeout=120)
        page.raise_for_status()
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(page.url).query))
        api = {k: v for k, v in query.items() if k in ("repo", "branch", "targetpath")}
        events = []
        with browser.get(self.url("git-pull/api"), params=api, stream=True,
                         timeout=timeout) as stream:
            stream.raise_for_status()
            for line in stream.iter_lines(decode_unicode=True):
                if line and line.startswith("data: "):
                    events.append(json.loads(line[len("data: "):]))
                    if events[-1].get("phase") in ("finished", "error"):
                        break
        opened = browser.get(self.url(query.get("urlpath", "lab")), timeout=120)
        return {"page": page, "query": query, "events": events, "opened": opened}

    def run_notebook(self, path, timeout=900):
        """Open the notebook at ``path`` (relative to the user's home) in this server and
        run every code cell in its kernel, in order, as Run All in JupyterLab does (errors
        do not stop it). Returns (seconds, cells that raised)."""
        import websocket
        nb = self.read_notebook(path)
        response = self.post("api/sessions", json={
            "path": path, "type": "notebook", "name": Path(path).name,
            "kernel": {"name": "python3"}})
        response.raise_for_status()
        session = response.json()
        kernel = session["kernel"]["id"]
        ws_url = self.url(f"api/kernels/{kernel}/channels").replace("http://", "ws://")
        ws = websocket.create_connection(ws_url, timeout=timeout, header=[
            f"Authorization: token {self.room.token(self.user)}"])
        started, errors = time.monotonic(), 0
        try:
            for cell in nb.cells:
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                msg_id = secrets.token_hex(8)
                ws.send(json.dumps({
                    "header": {"msg_id": msg_id, "msg_type": "execute_request",
                               "username": self.user, "session": kernel, "version": "5.3",
                               "date": ""},
                    "parent_header": {}, "metadata": {}, "channel": "shell",
                    "content": {"code": cell.source, "silent": False, "store_history": True,
                                "user_expressions": {}, "allow_stdin": False,
                                "stop_on_error": False}}))
                while True:
                    message = json.loads(ws.recv())
                    if (message.get("channel") == "shell"
                            and message["parent_header"].get("msg_id") == msg_id):
                        errors += message["content"]["status"] != "ok"
                        break
            return time.monotonic() - started, errors
        finally:
            ws.close()
            self.http.delete(self.url(f"api/sessions/{session['id']}"), timeout=60)
