"""Words of the admin's library screens that our catalogue translates, because the
library's own Chinese is missing or wrong (import-export's heading read
"某些行验数据证失败"). Marking them here keeps them in locale/ through
`make messages`; our catalogue (LOCALE_PATHS) wins over a library's."""

from django.utils.translation import gettext_noop, ngettext_lazy

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


# Django's own Chinese catalogue lacks these (new in Django 5) or writes them with
# half-width punctuation or straight quotes; ours wins (LOCALE_PATHS).
gettext_noop("Model name")
gettext_noop("Add link")
gettext_noop("Change or view list link")
gettext_noop("After you’ve created a user, you’ll be able to edit more user options.")
gettext_noop("Error:")
gettext_noop("Forgotten your login credentials?")
gettext_noop("In case you’ve forgotten, you are:")
gettext_noop(
    "Please enter the correct %(username)s and password for a staff account. Note "
    "that both fields may be case-sensitive."
)
gettext_noop("You may edit it again below.")
gettext_noop(
    "Deleting %(class_name)s %(instance)s would require deleting the following "
    "protected related objects: %(related_objects)s"
)
gettext_noop("Sorting priority: %(priority_number)s")
gettext_noop(
    "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting "
    "related objects, but your account doesn't have permission to delete the "
    "following types of objects:"
)
gettext_noop(
    "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the "
    "following protected related objects:"
)
gettext_noop(
    'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All '
    "of the following related items will be deleted:"
)
gettext_noop(
    "Deleting the selected %(objects_name)s would result in deleting related "
    "objects, but your account doesn't have permission to delete the following "
    "types of objects:"
)
gettext_noop(
    "Deleting the selected %(objects_name)s would require deleting the following "
    "protected related objects:"
)
gettext_noop("Please correct the duplicate data for %(field)s, which must be unique.")
gettext_noop("Please correct the duplicate values below.")
ngettext_lazy(
    "Ensure that there are no more than %(max)s digit in total.",
    "Ensure that there are no more than %(max)s digits in total.",
    "n",
)
ngettext_lazy(
    "Ensure that there are no more than %(max)s decimal place.",
    "Ensure that there are no more than %(max)s decimal places.",
    "n",
)
gettext_noop("Ensure this value is %(limit_value)s (it is %(show_value)s).")
ngettext_lazy(
    "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at least %(limit_value)d characters "
    "(it has %(show_value)d).",
    "n",
)
ngettext_lazy(
    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    "n",
)
ngettext_lazy(
    "Ensure this filename has at most %(max)d character (it has %(length)d).",
    "Ensure this filename has at most %(max)d characters (it has %(length)d).",
    "n",
)
gettext_noop("Start typing to filter…")
gettext_noop("Popup closing…")

# django-solo's message after saving the site settings (it has no Chinese).
gettext_noop("{obj} was changed successfully.")
