"""Where a directory import waits between its preview and "Confirm import"."""

from import_export.tmp_storages import CacheStorage


class SharedCacheStorage(CacheStorage):
    """The uploaded file, kept in the cache every app server shares.

    The library's default is a file in the temp folder of the server that drew
    the preview; behind a load balancer without sticky sessions, "Confirm
    import" often reached another server, which had no such file.
    """

    def read(self):
        data = super().read()
        if data is None:
            # Gone: imported already, expired, or evicted. Said as the temp
            # folder storage says it, which EnterpriseAdmin.process_import answers.
            raise FileNotFoundError(self.name)
        return data
