"""The fi/sv/en message catalogues are complete, well-formed and up to date with the code.

Kohtaamo is Finnish first, with complete Swedish and English. These tests fail when a
string in the code or templates has no translation, when a translation is empty or
marked fuzzy, when a placeholder such as ``%(name)s`` was lost or mistyped, or when the
catalogue headers would break plural forms. See docs/translations.md.
"""

import ast
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "kohtaamo"
LOCALE_DIR = PACKAGE / "locale"
LANGUAGES = ("fi", "sv", "en")
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"
HOW_TO_FIX = (
    "Run `make makemessages`, translate the new entries in "
    "kohtaamo/locale/{fi,sv,en}/LC_MESSAGES/django.po (English: msgstr = msgid), "
    "remove any '#, fuzzy' flags you have checked, and see docs/translations.md."
)


# --- a small .po parser (standard library only) -------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self):
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def label(self):
        context = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        plural = f" / {self.msgid_plural!r}" if self.msgid_plural is not None else ""
        return f"{context}{self.msgid!r}{plural}"


_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


def _unquote(text, path, number):
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError) as error:
        raise ValueError(f"{path}:{number}: bad string {text}") from error
    if not isinstance(value, str):
        raise ValueError(f"{path}:{number}: bad string {text}")
    return value


def parse_po(path):
    """Return the entries of a .po or .pot file, the header entry (msgid "") first.

    Handles multi-line strings, msgctxt, msgid_plural and msgstr[n] and ``#,`` flags;
    skips obsolete ``#~`` entries and other comments.
    """
    entries = []
    current = Entry(line=1)
    has_msgstr = False
    target = None  # (attribute, plural index) that a continuation line appends to

    def start_new(number):
        nonlocal current, has_msgstr, target
        if current.msgid or current.msgctxt is not None or has_msgstr:
            if not has_msgstr:
                raise ValueError(f"{path}:{current.line}: entry without msgstr")
            entries.append(current)
        current, has_msgstr, target = Entry(line=number), False, None

    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if has_msgstr:
                start_new(number)
            target = None
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"{path}:{number}: string without a keyword")
            value = _unquote(line, path, number)
            attribute, index = target
            if attribute == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, attribute, getattr(current, attribute) + value)
            continue
        match = _KEYWORD.match(line)
        if not match:
            raise ValueError(f"{path}:{number}: cannot read {raw!r}")
        keyword, index, text = match.groups()
        value = _unquote(text, path, number)
        if keyword in ("msgctxt", "msgid") and has_msgstr:
            start_new(number)
        if keyword.startswith("msgstr"):
            position = int(index) if index is not None else 0
            current.msgstr[position] = value
            target, has_msgstr = ("msgstr", position), True
        else:
            setattr(current, keyword, value)
            target = (keyword, None)
    if has_msgstr:
        entries.append(current)
    return entries


def header_fields(entry):
    fields = {}
    for line in entry.msgstr.get(0, "").splitlines():
        name, _, value = line.partition(":")
        if name:
            fields[name.strip()] = value.strip()
    return fields


def catalogue(language):
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    entries = parse_po(path)
    assert entries, f"{path} is empty"
    header = entries[0]
    assert header.msgid == "" and header.msgctxt is None, f"{path} has no header entry"
    return header, entries[1:]


# Placeholders: %(name)s style, positional %s / %d, and {name} for str.format strings.
_PERCENT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*\d*(?:\.\d+)?(?P<kind>[diouxXeEfFgGcrsa%])"
)
_BRACE = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")


def placeholders(text, flags):
    found = []
    if "python-format" in flags:
        for match in _PERCENT.finditer(text):
            if match.group("kind") == "%":
                continue
            name = match.group("name")
            found.append(
                f"%({name}){match.group('kind')}" if name is not None else "%" + match.group("kind")
            )
    if "python-brace-format" in flags:
        found.extend("{" + name + "}" for name in _BRACE.findall(text))
    return found


def _named(found):
    return {item for item in found if item.startswith(("%(", "{"))}


def _positional(found):
    return sorted(item for item in found if not item.startswith(("%(", "{")))


# --- the catalogues ----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_exists(language):
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    assert path.is_file(), f"{path} is missing. {HOW_TO_FIX}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_header(language):
    header, _ = catalogue(language)
    fields = header_fields(header)
    assert "fuzzy" not in header.flags, (
        f"The {language} header is marked fuzzy; msgfmt would then ignore it "
        "(and with it the plural rule). Remove '#, fuzzy' above the header."
    )
    assert fields.get("Language") == language
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8"
    assert fields.get("Plural-Forms") == PLURAL_FORMS


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated(language):
    _, entries = catalogue(language)
    assert entries, f"The {language} catalogue has no messages. {HOW_TO_FIX}"
    problems = []
    for entry in entries:
        expected = [0, 1] if entry.msgid_plural is not None else [0]
        if sorted(entry.msgstr) != expected:
            problems.append(
                f"line {entry.line}: {entry.label} has msgstr forms {sorted(entry.msgstr)}"
            )
        elif any(not entry.msgstr[index].strip() for index in expected):
            problems.append(f"line {entry.line}: {entry.label} is not translated")
        if "fuzzy" in entry.flags:
            problems.append(f"line {entry.line}: {entry.label} is marked fuzzy")
    assert not problems, (
        f"{language}: {len(problems)} problems:\n" + "\n".join(problems) + f"\n{HOW_TO_FIX}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_match(language):
    _, entries = catalogue(language)
    problems = []
    for entry in entries:
        flags = set(entry.flags)
        for text in (entry.msgid, entry.msgid_plural or ""):
            if _PERCENT.search(text) and "%(" in text:
                # Django marks these python-format; treat unmarked ones the same way.
                flags.add("python-format")
        source_named = _named(placeholders(entry.msgid, flags)) | _named(
            placeholders(entry.msgid_plural or "", flags)
        )
        for index, translation in sorted(entry.msgstr.items()):
            if not translation:
                continue  # reported by test_every_entry_is_translated
            source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
            wanted = placeholders(source, flags)
            found = placeholders(translation, flags)
            if _named(found) - source_named:
                problems.append(
                    f"{entry.label} msgstr[{index}] has unknown placeholders "
                    f"{sorted(_named(found) - source_named)}"
                )
            if _named(wanted) - _named(found):
                problems.append(
                    f"{entry.label} msgstr[{index}] lost placeholders "
                    f"{sorted(_named(wanted) - _named(found))}"
                )
            if _positional(wanted) != _positional(found):
                problems.append(
                    f"{entry.label} msgstr[{index}] has positional placeholders "
                    f"{_positional(found)}, expected {_positional(wanted)}"
                )
    assert not problems, f"{language}:\n" + "\n".join(problems)


def test_english_catalogue_repeats_the_source_text():
    """msgids are English: the English catalogue is the msgids, so nothing shows up blank."""
    _, entries = catalogue("en")
    differing = [
        entry.label
        for entry in entries
        if entry.msgstr.get(0) != entry.msgid
        or (entry.msgid_plural is not None and entry.msgstr.get(1) != entry.msgid_plural)
    ]
    assert not differing, (
        "English msgstr should equal the msgid (change the English wording in the code "
        "instead). Fill with `msgen`. Differing:\n" + "\n".join(differing)
    )


def test_catalogues_hold_the_same_messages():
    keys = {language: {entry.key for entry in catalogue(language)[1]} for language in LANGUAGES}
    problems = []
    for language in LANGUAGES:
        for other in LANGUAGES:
            missing = keys[other] - keys[language]
            if missing:
                labels = sorted(
                    Entry(msgctxt=c, msgid=m, msgid_plural=p).label for c, m, p in missing
                )
                problems.append(f"{language} lacks (found in {other}): " + ", ".join(labels))
    assert not problems, "\n".join(problems) + f"\n{HOW_TO_FIX}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_accepts_the_catalogue(language, tmp_path):
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed"
)
def test_no_string_in_the_code_is_missing_from_the_catalogues(tmp_path, settings, monkeypatch):
    """Run Django's makemessages on a copy of the package and compare the msgids.

    This is what keeps new strings translated: a string added to a template or Python
    file without a translation fails here.
    """
    copy = tmp_path / "kohtaamo"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("static", "__pycache__", "*.pyc", "*.mo", "*.pot"),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command(
        "makemessages",
        locale=["fi"],
        ignore_patterns=["static/*"],
        no_obsolete=True,
        no_location=True,
        keep_pot=True,
        verbosity=0,
    )
    templates = list(copy.rglob("django.pot"))
    assert templates, "makemessages wrote no django.pot"
    in_code = {}
    for pot in templates:
        for entry in parse_po(pot)[1:]:
            in_code[entry.key] = entry
    problems = []
    for language in LANGUAGES:
        translated = {entry.key for entry in catalogue(language)[1]}
        missing = sorted(entry.label for key, entry in in_code.items() if key not in translated)
        if missing:
            problems.append(
                f"{len(missing)} strings in the code are missing from the {language} catalogue:\n  "
                + "\n  ".join(missing)
            )
    assert not problems, "\n".join(problems) + f"\n{HOW_TO_FIX}"


def test_the_po_parser(tmp_path):
    path = tmp_path / "sample.po"
    path.write_text(
        'msgid ""\n'
        'msgstr ""\n'
        '"Language: fi\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
        "\n"
        "# translator comment\n"
        "#, fuzzy, python-format\n"
        '#| msgid "Old %(name)s"\n'
        'msgctxt "audit log column"\n'
        'msgid ""\n'
        '"From %(name)s "\n'
        '"and \\"more\\""\n'
        'msgstr "Mistä %(name)s"\n'
        'msgid "%(counter)s event"\n'
        'msgid_plural "%(counter)s events"\n'
        'msgstr[0] "%(counter)s merkintä"\n'
        'msgstr[1] ""\n'
        '"%(counter)s merkintää"\n'
        "\n"
        '#~ msgid "Gone"\n'
        '#~ msgstr "Poissa"\n',
        encoding="utf-8",
    )
    header, first, second = parse_po(path)
    assert header_fields(header)["Language"] == "fi"
    assert first.msgctxt == "audit log column"
    assert first.msgid == 'From %(name)s and "more"'
    assert first.flags == {"fuzzy", "python-format"}
    assert first.msgstr == {0: "Mistä %(name)s"}
    assert second.msgid_plural == "%(counter)s events"
    assert second.msgstr == {0: "%(counter)s merkintä", 1: "%(counter)s merkintää"}
    assert second.flags == set()
    assert placeholders("%(a)s and %d, 100%%", {"python-format"}) == ["%(a)s", "%d"]
