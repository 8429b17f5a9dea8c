"""Sections one app adds to another app's detail pages, without that app knowing.

A release's page lists the enterprises it mentions, but news never imports the
directory: the directory registers a section for releases in its AppConfig.ready(),
and the release template renders whatever is registered with
`{% load page_sections %}{% page_sections release %}`.
"""

from collections.abc import Callable

from django.db import models
from django.utils.safestring import SafeString

_sections: dict[type[models.Model], list[Callable[[models.Model], SafeString]]] = {}


def register(
    model: type[models.Model], render: Callable[[models.Model], SafeString]
) -> None:
    """Show `render(obj)` on the detail page of each `model` object."""
    renders = _sections.setdefault(model, [])
    if render not in renders:
        renders.append(render)


def render_sections(obj: models.Model) -> list[SafeString]:
    """The registered sections for `obj`'s page, in the order they were registered."""
    return [render(obj) for render in _sections.get(type(obj), [])]
