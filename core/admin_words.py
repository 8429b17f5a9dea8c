"""Words of the admin's library screens that our catalogue translates, because the
library's own Chinese is missing or wrong (import-export's heading read
"某些行验数据证失败"). Marking them here keeps them in locale/ through
`make messages`; our catalogue (LOCALE_PATHS) wins over a library's."""

from django.utils.translation import gettext_noop

# Django puts gettext(":") after every form label; Chinese writes "：".
gettext_noop(":")

# django-import-export's import, preview and export screens.
gettext_noop("Some rows failed to validate")
gettext_noop(
    "Please correct these errors in your data where possible, then reupload it "
    "using the form above."
)
gettext_noop(
    "Below is a preview of data to be imported. If you are satisfied with the "
    "results, click 'Confirm import'"
)
gettext_noop("Non field specific")
gettext_noop("Row")
gettext_noop("Line number")
gettext_noop("Select all")
gettext_noop("This importer will import the following fields: ")
gettext_noop("This exporter will export the following fields: ")

# django-axes (login lockout) has no Chinese: the lists superusers see in the
# admin's index and sidebar (the app's own heading, "Axes", is not translatable).
gettext_noop("access attempts")
gettext_noop("access failures")
gettext_noop("access logs")
