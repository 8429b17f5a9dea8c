"""Work that many writes each ask for, done once when a block of writes ends.

A save asks for follow-up work (a new page-cache version, an enterprise's search
index refreshed). One save at a time, it is done at once. A bulk write (a
directory import) runs inside the work's `once()` block instead: the requests of
its writes are gathered and the work is done once, for all of them, when the
outermost block ends. Blocks are per thread and nest.
"""

import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager


class CoalescedWork:
    """`carry_out(keys)` once per outermost `once()` block, with every key that
    `request()` was given inside it (the enterprises to reindex, say)."""

    def __init__(self, carry_out: Callable[[set[Hashable]], None]):
        self._carry_out = carry_out
        self._local = threading.local()

    def active(self) -> bool:
        """Whether the current thread is inside a block (requests wait for its end)."""
        return getattr(self._local, "depth", 0) > 0

    def request(self, *keys: Hashable) -> bool:
        """Note work for the end of the block; False outside any block, where
        the caller does it now, itself."""
        if not self.active():
            return False
        self._local.pending.update(keys)
        return True

    @contextmanager
    def once(self, *, discard: bool = False) -> Iterator[None]:
        """Gather the block's requests and carry them out at its end, also when
        it fails (rows may have been written). With `discard`, for writes that
        are rolled back whatever happens (a dry run), the work is not done (the
        outermost block decides)."""
        depth = getattr(self._local, "depth", 0)
        if depth == 0:
            self._local.pending = set()
            self._local.discard = discard
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            if depth == 0:
                self._carry_out_pending()

    def flush(self) -> None:
        """Carry out what the block has gathered so far, now; the block goes on.
        A long block (a large import) so does its work in parts as it goes,
        not all at its end."""
        if self.active():
            self._carry_out_pending()

    def _carry_out_pending(self) -> None:
        pending, self._local.pending = self._local.pending, set()
        if pending and not self._local.discard:
            self._carry_out(pending)
