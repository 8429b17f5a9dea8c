"""Read a rendered form the way a browser would submit it."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: tuple[str, bool, list[str]] | None = None

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if tag == "option" and self.inside and self._select:
            name, multiple, options = self._select
            options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self._add(name, attrs.get("value", ""))
            return
        if not self.inside or not attrs.get("name"):
            return
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self._textarea = name
            self._add(name, "")
        elif tag == "select":
            self._select = (name, "multiple" in attrs, [])

    def handle_data(self, data):
        if self._textarea is not None:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # Browsers drop the newline that follows <textarea>.
            value = self.data[self._textarea][-1]
            self.data[self._textarea][-1] = value.removeprefix("\n")
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            if not multiple and name not in self.data and options:
                self._add(name, options[0])  # a browser sends the first option
            self._select = None
        elif tag == "form":
            self.inside = False


def submitted_fields(response, form_id: str) -> dict:
    """The fields of form `form_id` with the values a browser would send."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    return {
        name: values if len(values) > 1 else values[0]
        for name, values in reader.data.items()
    }
