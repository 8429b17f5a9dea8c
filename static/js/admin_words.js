// Words of the admin's own scripts that our JavaScript catalogue translates,
// because Django's Chinese catalogue lacks them (new in Django 5) or writes them
// with half-width punctuation. Never loaded: `make messages` reads it so that
// locale/zh_Hans/LC_MESSAGES/djangojs.po keeps them (ours wins over Django's).
/* global gettext */
gettext("Choose %s by selecting them and then select the \"Choose\" arrow button.");
gettext("Choose all %s");
gettext("Choose selected %s");
gettext("Remove selected %s");
gettext("Remove %s by selecting them and then select the \"Remove\" arrow button.");
gettext("(click to clear)");
gettext("Remove all %s");
gettext("You have unsaved changes on individual editable fields. If you run an action, your unsaved changes will be lost.");
gettext("You have selected an action, and you haven’t made any changes on individual fields. You’re probably looking for the Go button rather than the Save button.");
