"""A message sent with "Contact this supplier" lands in the firm's inbox."""

from contact.signals import message_received


def connect() -> None:
    message_received.connect(_message_received, dispatch_uid="suppliers:inquiry")


def _message_received(sender, message, site_url: str = "", **kwargs) -> None:
    from .services import inquiry_record

    inquiry_record(message=message, site_url=site_url)
