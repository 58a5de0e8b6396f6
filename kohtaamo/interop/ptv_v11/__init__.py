"""The Finnish Service Catalogue (PTV) open API, version 11: everything that knows its
shapes lives in this package, so that version 12 (2027, new shapes behind an API key)
replaces this one package.

Read without login from ``settings.PTV_API_URL``: ``Service/list/area/Municipality/code/
{code}``, ``Service?date=`` (changed since, paged), ``Service/list?guids=``,
``ServiceChannel/list?guids=``, ``Organization/list?guids=``. Texts are lists of
``{language, value, type}``; classes carry an old ``urn.fi`` ``uri`` and often a
``newUri`` on ``uri.suomi.fi``: both are accepted.

:mod:`.records` reads a record's fields, :mod:`.items` turns records into items,
:mod:`.importing` imports them from files or the live API. What the import machinery
asks of a source module is here.
"""

from .importing import fetch, import_records
from .records import LIST_KEY, SOURCE, class_code, records_in

__all__ = ["LIST_KEY", "SOURCE", "class_code", "fetch", "import_records", "records_in"]
