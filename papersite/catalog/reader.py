"""The one reader of translators' catalogs: a file's bytes become one validated model.

``read_catalog`` is the only way the program reads a ``.po`` file: check-po,
compile (and through it the ``.mo``, the landing page, the 404 pages, the
search page's JavaScript catalog and the PDF), stats, credits and update-po all
get its ``papersite.catalog.model.Catalog`` or something written from it. A file
it cannot read exactly is refused whole with ``file:line: reason``
(``CatalogError``) and is never "repaired":

* not a regular file, not UTF-8 (never re-decoded), a charset other than UTF-8;
* a control character anywhere, raw or through an escape: messages, contexts,
  header fields, comments, previous msgids, obsolete entries;
* a syntax error or duplicate message (GNU gettext's own verdict), a header
  field written twice or with a value that cannot be read;
* more plural forms than the language has (CLDR) or than the header allows.

Babel (which does the merge) and GNU gettext (the reference for the format)
do not read every file the same way: Babel keeps ``\\x41`` as four characters
where GNU reads ``A``, drops plural forms beyond the header's ``nplurals``,
keys obsolete entries by msgid alone, and cannot read ``#~|``. So GNU reads the
file first (msgcat: its syntax errors and warnings are refused with file and
line), Babel reads GNU's output of the live entries, and a file is accepted
only if both readings agree entry by entry.
"""

from __future__ import annotations

import bisect
import errno
import io
import itertools
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from ..errors import ProjectError, printable
from . import model
from .model import HeaderField, Message

# Babel adds or removes these flags from its guess about the msgid, whatever
# the file says, so they cannot be compared (and the merge recomputes them).
GUESSED_FLAGS = {"python-format", "python-brace-format"}
# Tab and newline are ordinary in a message; every other C0 control, DEL,
# CR (a Windows line end Babel and GNU read differently), the C1 controls and
# the Unicode line and paragraph separators are refused: they are invisible,
# and Python's line splitting (polib's, Babel's) breaks a message at the last
# four where GNU does not.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Every step is linear in the file, but nothing needs a larger one: the largest
# catalog of a document is about 100 KiB.
LARGEST = 8 * 2**20
GNU_LOCATION = re.compile(r"^[^:\n]*:(\d+):(?:\d+:)? (.*)$", re.MULTILINE)
CHARSET = re.compile(r'^"Content-Type:[^"\n]*charset=([^"\\\n]*)', re.MULTILINE)
CONTROL_NAMES = {
    "\0": "NUL", "\r": "carriage return (CR)", "\x7f": "DEL", "\x85": "next-line control (NEL, U+0085)",
    "\u2028": "line separator (U+2028)", "\u2029": "paragraph separator (U+2029)",
}


class CatalogError(ProjectError):
    """A catalog that update-po refuses to touch, with where and why."""

    def __init__(self, path: Path, line: int | None, reason: str):
        super().__init__(path, line, reason)
        self.path, self.line, self.reason = path, line, reason

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return printable(f"{where}: {self.reason}")


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def control_name(character: str) -> str:
    return CONTROL_NAMES.get(character, f"control character U+{ord(character):04X}")


def read_text(path: Path, error: type[ProjectError] | None = None, kind: str = "catalog") -> str:
    """The text of a translator's file (a catalog, a terminology list), if it is a
    regular UTF-8 file of a sane size without control characters; else ``error``
    (CatalogError by default) with the file and line."""
    error = error or CatalogError
    if path.is_symlink() or not path.is_file():
        raise error(path, None, f"is not a regular file (a link or a folder?); replace it with the {kind} itself")
    try:
        size = path.stat().st_size
        if size > LARGEST:
            raise error(path, None, f"is {size / 2**20:.1f} MiB; a {kind} is at most {LARGEST // 2**20} MiB "
                                    "(this project's are well under one)")
        data = path.read_bytes()
    except OSError as problem:
        raise error(path, None, f"cannot be read ({problem.strerror or problem}); check its permissions") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as problem:
        line = data.count(b"\n", 0, problem.start) + 1
        raise error(path, line, "is not valid UTF-8; save the file as UTF-8") from None
    if found := CONTROL.search(text):
        raise error(path, line_of(text, found.start()), f"contains a {control_name(found.group())}; remove it")
    return text


def msgcat(data: bytes, path: Path, *options: str) -> bytes:
    """GNU gettext's canonical form of ``data`` (``options`` such as ``--no-wrap``
    choose among GNU's forms); any complaint of GNU's is an error of ``path``."""
    program = shutil.which("msgcat")
    if program is None:
        raise RuntimeError("GNU msgcat is missing: install the Debian package gettext")
    result = subprocess.run([program, *options, "-"], input=data, capture_output=True)
    complaint = result.stderr.decode("utf-8", "replace")
    if found := GNU_LOCATION.search(complaint):
        line, reason = int(found.group(1)), found.group(2).strip()
        if reason == "end-of-line within string":
            line -= 1  # GNU counts the line end it has just read
        raise CatalogError(path, line, f"GNU gettext: {reason}")
    if result.returncode or complaint.strip():
        first = complaint.strip().splitlines()[0] if complaint.strip() else "rejected"
        raise CatalogError(path, None, f"GNU gettext: {first}")
    return result.stdout


def strings_of(entry: polib.POEntry) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def comment_lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def without_empty_tail(strings: tuple[str, ...]) -> tuple[str, ...]:
    """Babel pads missing plural forms with empty ones: that adds, never loses."""
    while len(strings) > 1 and not strings[-1]:
        strings = strings[:-1]
    return strings


def gnu_view(entry: polib.POEntry) -> tuple:
    """What an entry says, as GNU reads it (polib on msgcat's output).

    Comments are not compared: Babel strips their spaces and drops repeated
    lines, so the merge carries GNU's text of them instead (``papersite.catalog.comments``).
    """
    return (
        entry.msgctxt, entry.msgid, entry.msgid_plural or None, without_empty_tail(strings_of(entry)),
        set(entry.flags) - GUESSED_FLAGS,
    )


def babel_view(message) -> tuple:
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id, None)
    strings = tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string,)
    return (message.context, ids[0], ids[1], without_empty_tail(strings), set(message.flags) - GUESSED_FLAGS)


def translator_comment_lines(text: str) -> list[str]:
    """GNU's own lines of translator comments in its text of an entry or header
    (msgcat writes them as "#" or "# …"; "#," "#." "#:" "#|" "#~" are others)."""
    return [line for line in text.split("\n") if line == "#" or line.startswith("# ")]


def first_words(text: str, count: int = 6) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def check_strings(path: Path, entry: Entry) -> None:
    """Escapes such as ``\\v`` decode to control characters the raw text did not show."""
    gnu = entry.gnu
    for value in (gnu.msgctxt or "", gnu.msgid, gnu.msgid_plural, *strings_of(gnu)):
        if found := CONTROL.search(value):
            raise CatalogError(path, entry.line, f"a message contains a {control_name(found.group())}; remove it")


def header_fields(header: str) -> list[tuple[str, str]]:
    """The fields of the header's msgstr, in GNU's text of the header entry."""
    lines = header.split("\n")
    start = next((index for index, line in enumerate(lines) if line.startswith("msgstr ")), len(lines))
    quoted = [line[line.index('"') + 1 : -1] for line in lines[start:] if line.endswith('"')]
    fields = []
    for field in polib.unescape("".join(quoted)).split("\n"):
        name, colon, value = field.partition(":")
        if colon:
            fields.append((name.strip(), value.strip()))
    return fields


def field_line(text: str, name: str, occurrence: int = 1) -> int:
    """The line of the file where the header field ``name`` is written for the n-th time."""
    lines = text.split("\n")
    first = next((index for index, line in enumerate(lines) if line.startswith('msgid ""')), 0)
    seen = 0
    for index in range(first, len(lines)):
        if not lines[index].strip():  # the end of the header entry
            break
        if lines[index].startswith(f'"{name}:'):
            seen += 1
            if seen == occurrence:
                return index + 1
    return 1


def check_header_fields(path: Path, text: str, header: str) -> None:
    """A field written twice: Babel and polib keep only the last, so the first would go."""
    seen = set()
    for name, _ in header_fields(header):
        if name.lower() in seen:
            raise CatalogError(path, field_line(text, name, 2), f"the header field {name} is written twice; keep one")
        seen.add(name.lower())


def unreadable_header_field(path: Path, text: str, header: str, error: ValueError) -> CatalogError:
    """Which field Babel cannot take (a date, a language code), tried one at a time."""
    for name, value in header_fields(header):
        try:
            Catalog().mime_headers = [(name, value)]
        except ValueError as field_error:
            return CatalogError(path, field_line(text, name), f"the header field {name} cannot be read ({field_error}); correct it")
    return CatalogError(path, 1, f"the header cannot be read: {error}")


def check_charset(path: Path, text: str) -> None:
    declared = CHARSET.search(text)
    if declared is None:
        raise CatalogError(path, 1, "has no header declaring charset=utf-8; copy the header of another catalog")
    charset = declared.group(1).strip().lower()
    if charset not in ("utf-8", "utf8"):
        raise CatalogError(path, line_of(text, declared.start()), f"declares charset {charset}; catalogs must declare charset=utf-8")


@dataclass
class Entry:
    gnu: polib.POEntry  # what GNU gettext read (through polib)
    text: str  # msgcat's text of it, to write back an obsolete entry exactly
    line: int | None  # where it starts in the file as written


@dataclass
class ExactReading:
    catalog: Catalog  # Babel's reading of the live entries, for the merge
    gnu: polib.POFile  # GNU's reading of the whole file
    entries: list[Entry]  # every entry of ``gnu``, in order
    header: str  # msgcat's text of the header entry, comments included
    fields: list  # the header's fields, with their lines


def lines_as_written(text: str) -> dict[tuple, int]:
    """Where each message starts in the file itself (msgcat's output may differ)."""
    try:
        original = polib.pofile(text)
    except (OSError, ValueError):
        return {}
    return {(entry.msgctxt, entry.msgid, entry.obsolete): entry.linenum for entry in original}


def entries_of(path: Path, text: str, canonical: str, gnu: polib.POFile) -> tuple[str, list[Entry]]:
    """msgcat separates entries by exactly one blank line and puts none inside one."""
    blocks = canonical.rstrip("\n").split("\n\n")
    header = blocks[0] if len(blocks) == len(gnu) + 1 else ""
    if len(blocks) - bool(header) != len(gnu):
        raise CatalogError(path, None, "GNU gettext's output could not be split into its messages")
    where = lines_as_written(text)
    entries = [
        Entry(entry, block, where.get((entry.msgctxt, entry.msgid, entry.obsolete)))
        for entry, block in zip(gnu, blocks[len(blocks) - len(gnu):])
    ]
    return header, entries


def babel_reading(path: Path, header: str, live: list[Entry]) -> Catalog:
    """Babel reads GNU's text of the live entries (obsolete ones are kept as GNU read them)."""
    text = "\n\n".join([header, *(entry.text for entry in live)]) + "\n"
    try:
        return read_po(io.StringIO(text, newline="\n"), charset="utf-8", abort_invalid=True)
    except PoFileError as error:
        starts = list(itertools.accumulate([header.count("\n") + 2, *(e.text.count("\n") + 2 for e in live)]))
        index = bisect.bisect_right(starts, error.lineno) - 1  # Babel counts lines from 0
        if not 0 <= index < len(live):
            raise CatalogError(path, None, f"the merge cannot read this exactly: {error}") from None
        entry = live[index]
        raise CatalogError(path, entry.line, f"the message “{first_words(entry.gnu.msgid)}” {misread(entry.gnu, error.catalog)}") from None


def read_exactly(path: Path, language: str | None = None) -> ExactReading:
    """GNU gettext's reading of ``path`` and Babel's, once both agree and every
    rule of the reader holds (the merge reads through here too).

    Babel reads msgcat's output rather than the file, so escapes mean what GNU
    says they mean; it gets only the live entries, which it merges.
    """
    language = language or language_of(path)
    text = read_text(path)
    check_charset(path, text)
    canonical = msgcat(text.encode("utf-8"), path).decode("utf-8")
    gnu = polib_reading(canonical)
    header, entries = entries_of(path, text, canonical, gnu)
    for entry in entries:
        check_strings(path, entry)
    check_header_fields(path, text, header)
    fields = check_header_values(path, text, header)  # before Babel, which would stumble on them less clearly
    live = [entry for entry in entries if not entry.gnu.obsolete]
    try:
        catalog = babel_reading(path, header, live)
    except ValueError as error:  # a header value Babel cannot take, which msgcat let through
        check_header_with_msgfmt(text.encode("utf-8"), path)  # GNU's reason and line, if it has one
        raise unreadable_header_field(path, text, header, error) from None
    compare(path, catalog, live)
    reading = ExactReading(catalog, gnu, entries, header, fields)
    check_plural_forms(path, entries, language)
    check_previous(path, entries)
    return reading


def polib_reading(canonical: str) -> polib.POFile:
    """polib splits a string at every Unicode line break (U+2028, NEL, …), GNU
    only at newlines; from a file, polib splits as GNU does. So a message that
    holds one (through an escape) reaches ``check_strings`` instead of
    crashing the parser."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "canonical.po"
        copy.write_text(canonical, encoding="utf-8", newline="")
        return polib.pofile(str(copy), encoding="utf-8")


def check_header_with_msgfmt(data: bytes, path: Path) -> None:
    """msgfmt's check of the header, for a header Babel cannot read (an invalid
    nplurals, say): returns if GNU finds no error (missing fields are warnings)."""
    program = shutil.which("msgfmt")
    if program is None:
        raise RuntimeError("GNU msgfmt is missing: install the Debian package gettext")
    result = subprocess.run([program, "--check-header", "-o", os.devnull, "-"], input=data, capture_output=True)
    complaint = result.stderr.decode("utf-8", "replace")
    for found in GNU_LOCATION.finditer(complaint):
        if not found.group(2).startswith("warning:"):
            raise CatalogError(path, int(found.group(1)), f"GNU gettext: {found.group(2).strip()}")


def compare(path: Path, catalog: Catalog, live: list[Entry]) -> None:
    messages = [message for message in catalog if message.id]
    if len(messages) != len(live):
        empty = next((entry for entry in live if not entry.gnu.msgid), None)
        if empty is not None:  # Babel takes it for a second header
            raise CatalogError(path, empty.line, "a message has an empty msgid (only the header may); give it one or remove it")
        raise CatalogError(path, None, f"Babel reads {len(messages)} messages where GNU gettext reads {len(live)}")
    for message, entry in zip(messages, live):
        if babel_view(message) != gnu_view(entry.gnu):
            raise CatalogError(path, entry.line, f"the message “{first_words(entry.gnu.msgid)}” {misread(entry.gnu, catalog)}")


def misread(entry: polib.POEntry, catalog) -> str:
    forms = len(strings_of(entry))
    if entry.msgid_plural and forms > catalog.num_plurals:
        return (
            f"has {forms} plural forms but the header's Plural-Forms says nplurals={catalog.num_plurals}, "
            "and reading it would drop the rest; fix one or the other"
        )
    return "cannot be read exactly by the merge (an escape other than \\n \\t \\\\ \\\"?); write it as msgcat would"


def write_atomically(path: Path, data: bytes) -> None:
    """Either the whole new catalog or the old one, never a mix."""
    try:
        replace_file(path, data)
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise CatalogError(path, None, f"could not be written ({reason}); the old catalog is unchanged") from None
    fsync_folder(path.parent)


def replace_file(path: Path, data: bytes) -> None:
    """A temporary file in the same folder, flushed to disk, then renamed over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:  # an interrupt, too, leaves no temporary file behind
        Path(temporary).unlink(missing_ok=True)
        raise


def fsync_folder(folder: Path) -> None:
    """The rename itself survives a power cut only once the folder is on disk."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.EBADF):  # file systems that cannot sync folders
            raise
    finally:
        os.close(descriptor)



# -- The model: what every other part of the program reads -----------------------


def language_of(path: Path) -> str:
    """The language a catalog belongs to: the folder above ``LC_MESSAGES``."""
    parts = path.parts
    if "LC_MESSAGES" not in parts or parts.index("LC_MESSAGES") == 0:
        raise CatalogError(path, None, "is not inside locale/<language>/LC_MESSAGES/")
    return parts[len(parts) - 1 - parts[::-1].index("LC_MESSAGES") - 1]


def plural_count(language: str) -> int:
    """How many plural forms the language has, from CLDR (never from a header)."""
    from babel.messages.plurals import get_plural

    return get_plural(language).num_plurals


def check_header_values(path: Path, text: str, header: str) -> list[HeaderField]:
    """Every field once, with its line; an escape that decodes to a control character is refused."""
    fields = []
    for name, value in header_fields(header):
        line = field_line(text, name)
        if found := CONTROL.search(name + value):
            raise CatalogError(path, line, f"the header field {name} contains a {control_name(found.group())}; remove it")
        fields.append(HeaderField(name, value, line))
    return fields


def check_plural_forms(path: Path, entries: list[Entry], language: str) -> None:
    """More forms than the language has would never be shown; fewer leave it untranslated."""
    count = plural_count(language)
    for entry in entries:
        forms = len(entry.gnu.msgstr_plural)
        if entry.gnu.msgid_plural and forms > count:
            raise CatalogError(path, entry.line or entry.gnu.linenum,
                               f"the message “{first_words(entry.gnu.msgid)}” has {forms} plural forms, "
                               f"but {language} has {count} (CLDR); remove the others")


def check_previous(path: Path, entries: list[Entry]) -> None:
    for entry in entries:
        previous = (entry.gnu.previous_msgctxt or "") + (entry.gnu.previous_msgid or "") + (entry.gnu.previous_msgid_plural or "")
        if found := CONTROL.search(previous):
            raise CatalogError(path, entry.line or entry.gnu.linenum,
                               f"a previous msgid (#|) contains a {control_name(found.group())}; remove it")


def as_model_message(entry: Entry) -> Message:
    gnu = entry.gnu
    return Message(
        msgid=gnu.msgid, strings=strings_of(gnu), line=entry.line or gnu.linenum, msgctxt=gnu.msgctxt,
        msgid_plural=gnu.msgid_plural or None, flags=frozenset(gnu.flags),
        translator_comments=tuple(comment_lines(gnu.tcomment)), extracted_comments=tuple(comment_lines(gnu.comment)),
        references=tuple(f"{name}:{line}" if line else name for name, line in gnu.occurrences),
        previous_msgid=gnu.previous_msgid or None, obsolete=bool(gnu.obsolete),
    )


def read_catalog(path: Path, language: str | None = None) -> model.Catalog:
    """The one way to read a catalog: its validated model, or CatalogError(file, line, reason)."""
    language = language or language_of(path)
    reading = read_exactly(path, language)
    return model.Catalog(path=path, language=language, header_comment=tuple(comment_lines(reading.gnu.header)),
                         fields=tuple(reading.fields), messages=tuple(as_model_message(entry) for entry in reading.entries))
