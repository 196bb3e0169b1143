"""JupyterHub for one class on one server: the kit's configuration.

    sudo /opt/nnfs/bin/jupyterhub -f classroom/jupyterhub_config.py

Local Unix accounts log in with their password (PAM); each one's server is spawned as that
account (JupyterHub's LocalProcessSpawner, the hub runs as root), runs the course's Python
environment and opens JupyterLab; nbgrader's exchange is one shared directory; servers idle
for an hour are stopped. classroom/README.md walks through the set-up.

Everything that differs between two servers is read from the environment (defaults in
brackets), so the end-to-end test (tests/system/test_classroom.py) runs this very file:

    NNFS_ENV              the course's Python environment, runnable by every account [/opt/nnfs]
    NNFS_EXCHANGE         nbgrader's exchange, mode 1777 [/srv/nbgrader/exchange]
    NNFS_STATE            the hub's database, cookie secret and proxy pid, mode 0700 [/srv/jupyterhub]
    NNFS_STUDENTS_GROUP   Unix group whose members may log in [nnfs-students]
    NNFS_INSTRUCTORS_GROUP  Unix group whose members may log in and are hub admins [nnfs-instructors]
    NNFS_IDLE_TIMEOUT     seconds before an idle server is stopped [3600]
    NNFS_ADMIN_TOKEN      if set, an API token with the admin role (for scripts; the test uses it)

Ports: the hub listens on :8000 (put it behind HTTPS, see README); pass
--JupyterHub.bind_url=... on the command line to change it.
"""

import os
import sys
from pathlib import Path

KIT = Path(__file__).resolve().parent
REPO = KIT.parent
ENV = Path(os.environ.get("NNFS_ENV", "/opt/nnfs"))
EXCHANGE = os.environ.get("NNFS_EXCHANGE", "/srv/nbgrader/exchange")
STATE = Path(os.environ.get("NNFS_STATE", "/srv/jupyterhub"))
STUDENTS = os.environ.get("NNFS_STUDENTS_GROUP", "nnfs-students")
INSTRUCTORS = os.environ.get("NNFS_INSTRUCTORS_GROUP", "nnfs-instructors")
IDLE_TIMEOUT = int(os.environ.get("NNFS_IDLE_TIMEOUT", "3600"))

c = get_config()  # noqa: F821 (JupyterHub defines it when it loads this file)

# --- the hub and its proxy ---------------------------------------------------------------
c.JupyterHub.bind_url = "http://:8000"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
# The proxy from `npm ci` in the repository (package.json), else one on PATH.
_proxy = REPO / "node_modules" / ".bin" / "configurable-http-proxy"
if _proxy.exists():
    c.ConfigurableHTTPProxy.command = [str(_proxy)]
# Stopping the hub stops the proxy and every user's server (both are the defaults; stated
# here because the test relies on them to leave nothing running).
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# --- who logs in: local accounts, by group -----------------------------------------------
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {STUDENTS, INSTRUCTORS}
c.PAMAuthenticator.admin_groups = {INSTRUCTORS}
c.LocalAuthenticator.create_system_users = False  # accounts are made with useradd (README)

# --- each user's server: as that account, in the course's environment --------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(ENV / "bin" / "python"), "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {
    "PATH": os.pathsep.join([str(ENV / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
    # every account's nbgrader finds the course id and the exchange here
    "JUPYTER_CONFIG_PATH": str(KIT / "jupyter_config"),
    "NNFS_EXCHANGE": EXCHANGE,
    # nbgitpuller links open JupyterLab
    "NBGITPULLER_APP": "lab",
    # one BLAS thread per kernel: the setting the notebooks' outputs were made with, and
    # dozens of kernels on a few cores must not each start one thread per core
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# --- idle culling: a server unused for NNFS_IDLE_TIMEOUT seconds is stopped --------------
c.JupyterHub.services = [
    {"name": "idle-culler",
     "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                 f"--timeout={IDLE_TIMEOUT}", "--cull-every=300"]},
]
c.JupyterHub.load_roles = [
    {"name": "idle-culler",
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
     "services": ["idle-culler"]},
]

# --- an admin token for scripts (and the test), only when asked for ---------------------
if os.environ.get("NNFS_ADMIN_TOKEN"):
    c.JupyterHub.services.append({"name": "classroom-admin",
                                  "api_token": os.environ["NNFS_ADMIN_TOKEN"]})
    c.JupyterHub.load_roles.append({"name": "admin", "services": ["classroom-admin"]})
