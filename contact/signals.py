"""What other apps (and contact's own staff notice) hear of "Leave a message"."""

from django.dispatch import Signal

# Sent with `message` and `site_url` (the site's address, for links in mail)
# inside the transaction that stores a message that is not spam; receivers'
# writes are committed with it, or not at all.
message_received = Signal()
