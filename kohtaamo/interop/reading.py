"""Reading import files as a stream of records (docs/decisions/0028).

A PTV dump runs to hundreds of megabytes; parsed whole, it took about 7.5 times its size
in memory. :class:`Files` reads one record at a time with ijson instead, and can be read
again from the start: an import makes a few passes (organisations, places, services), so
memory stays at one record plus the ids the passes share.

A file that turns out broken half-way raises :class:`~.engine.InputError` while the run's
transaction is still open, so it imports nothing, as before.
"""

from pathlib import Path

import ijson
from django.utils.translation import gettext_noop

from .engine import InputError

START = ("start_map", "start_array")


class Files:
    """The records of a JSON file, or of every ``*.json`` file in a folder (by name).

    ``records_in`` is the source's function that finds records in a parsed value; the
    list under ``list_key`` (a page's ``itemList`` or ``data``) and a top-level list are
    read item by item, an object of records by id entry by entry.
    """

    def __init__(self, path, records_in, list_key):
        path = Path(path)
        if path.is_dir():
            self.files = sorted(path.glob("*.json"))
            if not self.files:
                raise InputError(gettext_noop("%(where)s has no .json files."), where=str(path))
        elif path.is_file():
            self.files = [path]
        else:
            raise InputError(gettext_noop("%(where)s does not exist."), where=str(path))
        self.records_in = records_in
        self.list_key = list_key

    def __iter__(self):
        for file in self.files:
            try:
                with file.open("rb") as stream:
                    yield from self._records(stream)
            except ijson.JSONError as error:
                raise InputError(
                    gettext_noop("%(where)s is not valid JSON: %(error)s"),
                    where=file.name,
                    error=_first_line(error),
                ) from error

    def _records(self, stream):
        first = _first_byte(stream)
        if first == b"[":
            for part in ijson.items(stream, "item", use_float=True):
                yield from self.records_in([part])
            return
        shape = _object_shape(stream, self.list_key) if first == b"{" else None
        stream.seek(0)
        if shape == "page":
            for part in ijson.items(stream, f"{self.list_key}.item", use_float=True):
                yield from self.records_in([part])
        elif shape == "by_id":
            for key, value in ijson.kvitems(stream, "", use_float=True):
                yield from self.records_in({key: value})
        else:
            # One record, a small object, or a value that is no object at all.
            for value in ijson.items(stream, "", use_float=True):
                yield from self.records_in(value)


def _first_byte(stream):
    while True:
        byte = stream.read(1)
        if not byte or not byte.isspace():
            stream.seek(0)
            return byte


def _object_shape(stream, list_key):
    """ "page" when the top-level object holds a list under ``list_key``, "record" when it
    has an ``id`` or is empty, "by_id" otherwise (an object of records by their ids).

    Only the top-level keys are looked at; the scan stops at the page's list."""
    keys = set()
    for prefix, event, value in ijson.parse(stream, use_float=True):
        if prefix == "" and event == "map_key":
            keys.add(value)
        elif prefix == list_key and event in START and list_key in keys:
            if event == "start_array":
                return "page"
            return "record"
    if "id" in keys or list_key in keys or not keys:
        return "record"
    return "by_id"


def _first_line(error):
    text = error.args[0] if error.args else str(error)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text).strip().splitlines()[0][:200] if str(text).strip() else type(error).__name__
