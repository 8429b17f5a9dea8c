from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteVersion(models.Model):
    """What visitors see, as one token that every edit of the public rows
    replaces (caching.page_cache); a single row."""

    token = models.CharField(_("token"), max_length=32)
    # When a release or page scheduled for later becomes public without a save.
    next_change = models.DateTimeField(_("next change"), null=True, blank=True)

    class Meta:
        verbose_name = _("site version")
        verbose_name_plural = _("site versions")

    def __str__(self):
        return self.token
