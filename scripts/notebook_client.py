"""A notebook client for our scripts that does not hang on widget-heavy cells.

nbclient waits for each cell's reply on the kernel's shell channel.  After a
cell that sends many widget messages, that wait can miss the reply, which has
already arrived, and sleep until the cell's timeout although the kernel is
idle (jupyter/nbclient#312; seen here with the chapter dashboards).  Asking
for the reply in short slices, one second at a time, picks it up.
"""

from queue import Empty
from time import monotonic

from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError


class PatientNotebookClient(NotebookClient):
    """NotebookClient whose shell-channel waits are polled every second."""

    async def async_start_new_kernel_client(self):
        kernel_client = await super().async_start_new_kernel_client()
        channel = self.kc.shell_channel
        get_msg = channel.get_msg

        async def get_msg_in_slices(timeout=None):
            deadline = None if timeout is None else monotonic() + timeout
            while True:
                left = 1.0 if deadline is None else min(1.0, max(0.0, deadline - monotonic()))
                try:
                    return await get_msg(timeout=left)
                except Empty:
                    if deadline is not None and monotonic() >= deadline:
                        raise

        channel.get_msg = get_msg_in_slices
        return kernel_client


def execute_notebook(nb, cwd, cell_timeout=300, notebook_timeout=900, attempts=2, **options):
    """Execute ``nb`` in place with a fresh kernel, working directory ``cwd``.

    A notebook that has not finished after ``notebook_timeout`` seconds is
    stopped and run again from the start with a new kernel, up to ``attempts``
    times in all (a last defence against the hang described above).  Extra
    ``options`` go to the client (``allow_errors``, ``store_widget_state``…).
    """
    import asyncio
    import copy

    original = copy.deepcopy(nb)
    for attempt in range(1, attempts + 1):
        client = PatientNotebookClient(nb, timeout=cell_timeout, kernel_name="python3",
                                       resources={"metadata": {"path": str(cwd)}}, **options)
        try:
            asyncio.run(asyncio.wait_for(client.async_execute(), notebook_timeout))
            return nb
        except (asyncio.TimeoutError, CellTimeoutError, DeadKernelError):
            # (cancelling a stuck run can surface as a dead kernel: the kernel is
            # shut down while the cell waits)
            _stop_kernel(client)
            if attempt == attempts:
                raise TimeoutError(f"the notebook did not finish within {notebook_timeout} s, "
                                   f"{attempts} times") from None
            print(f"  (the notebook did not finish within {notebook_timeout} s: running it "
                  "again with a fresh kernel)", flush=True)
            nb.clear()
            nb.update(copy.deepcopy(original))
    return nb


def _stop_kernel(client):
    try:
        if client.km is not None and client.km.has_kernel:
            client.km.kernel.kill()
    except Exception:  # the kernel may already be gone
        pass
