"""Media storages that fail as a full or read-only disk does."""

import errno
import os

from django.core.files.storage import FileSystemStorage


class RefusingStorage(FileSystemStorage):
    """Reads what is there, and refuses every new file with `code` (an errno)."""

    def __init__(self, *, code: int = errno.ENOSPC, **options):
        super().__init__(**options)
        self.code = code

    def _save(self, name, content):
        raise OSError(self.code, os.strerror(self.code), self.path(name))
