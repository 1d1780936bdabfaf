"""Read a catalog only when it can be read exactly, and write one atomically.

Babel (which does the merge) and GNU gettext (the reference for the format)
do not read every file the same way: Babel keeps ``\\x41`` as four characters
where GNU reads ``A``, drops plural forms beyond the header's ``nplurals``, and
reads ``#|`` as a translator comment. A catalog is therefore merged only after
Babel's reading of it matches GNU's, entry by entry; anything else is refused
with the file and line, and the file is left as it is.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
from babel.messages.pofile import PoFileError, read_po

# Babel adds or removes these flags from its guess about the msgid, whatever
# the file says, so they cannot be compared (and the merge recomputes them).
GUESSED_FLAGS = {"python-format", "python-brace-format"}
# Tab and newline are ordinary in a message; every other C0 control, DEL and
# CR (a Windows line end Babel and GNU read differently) is refused.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
GNU_LOCATION = re.compile(r"^[^:\n]*:(\d+):(?:\d+:)? (.*)$", re.MULTILINE)
CONTROL_NAMES = {"\0": "NUL", "\r": "carriage return (CR)", "\x7f": "DEL"}


class CatalogError(Exception):
    """A catalog that update-po refuses to touch, with where and why."""

    def __init__(self, path: Path, line: int | None, reason: str):
        super().__init__(path, line, reason)
        self.path, self.line, self.reason = path, line, reason

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.reason}"


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def control_name(character: str) -> str:
    return CONTROL_NAMES.get(character, f"control character U+{ord(character):04X}")


def read_text(path: Path) -> str:
    """The file's text, if it is a regular UTF-8 file without control characters."""
    if path.is_symlink() or not path.is_file():
        raise CatalogError(path, None, "is not a regular file (a link or a folder?); replace it with the catalog itself")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CatalogError(path, line, "is not valid UTF-8; save the file as UTF-8") from None
    if found := CONTROL.search(text):
        raise CatalogError(path, line_of(text, found.start()), f"contains a {control_name(found.group())}; remove it")
    return text


def msgcat(data: bytes, path: Path) -> bytes:
    """GNU gettext's canonical form of ``data``; any complaint of GNU's is an error of ``path``."""
    program = shutil.which("msgcat")
    if program is None:
        raise RuntimeError("GNU msgcat is missing: install the Debian package gettext")
    result = subprocess.run([program, "-"], input=data, capture_output=True)
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
    """What an entry says, as GNU reads it (polib on msgcat's output)."""
    return (
        entry.msgctxt, entry.msgid, entry.msgid_plural or None, without_empty_tail(strings_of(entry)),
        comment_lines(entry.tcomment), comment_lines(entry.comment), set(entry.flags) - GUESSED_FLAGS,
    )


def babel_view(message) -> tuple:
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id, None)
    strings = tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string,)
    # Babel reads "#| msgid" lines as translator comments; polib reads them as what they are.
    comments = [line for line in message.user_comments if not line.startswith("|")]
    return (
        message.context, ids[0], ids[1], without_empty_tail(strings),
        comments, list(message.auto_comments), set(message.flags) - GUESSED_FLAGS,
    )


def first_words(text: str, count: int = 6) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def check_strings(path: Path, entries: list[polib.POEntry]) -> None:
    """Escapes such as ``\\b`` decode to control characters the raw text did not show."""
    for entry in entries:
        for value in (entry.msgctxt or "", entry.msgid, entry.msgid_plural, *strings_of(entry)):
            if found := CONTROL.search(value):
                raise CatalogError(path, entry.linenum, f"a message contains a {control_name(found.group())}; remove it")


def read_exactly(path: Path):
    """Babel's catalog of ``path`` and GNU's reading of it (polib entries), once both agree.

    Obsolete entries are not compared: the merge keeps them as GNU read them.
    """
    text = read_text(path)
    gnu = polib.pofile(msgcat(text.encode("utf-8"), path).decode("utf-8"))
    original = polib.pofile(text)  # for line numbers of the file as written
    check_strings(path, original)
    check_strings(path, gnu)
    charset = gnu.metadata.get("Content-Type", "").partition("charset=")[2].strip().lower()
    if charset not in ("utf-8", "utf8"):
        raise CatalogError(path, 1, f"declares charset {charset or 'none'}; catalogs must declare charset=utf-8")
    try:
        catalog = read_po(text.splitlines(keepends=True), charset="utf-8", abort_invalid=True)
    except PoFileError as error:
        line = error.lineno + 1  # Babel counts from 0
        entry = next((entry for entry in original if entry.linenum == line), None)
        if entry is None:
            raise CatalogError(path, line, f"the merge cannot read this exactly: {error}") from None
        raise CatalogError(path, line, f"the message “{first_words(entry.msgid)}” {misread(entry, error.catalog)}") from None
    compare(path, catalog, gnu, original)
    return catalog, gnu


def compare(path: Path, catalog, gnu: polib.POFile, original: polib.POFile) -> None:
    babel_entries = [message for message in catalog if message.id]
    gnu_entries = [entry for entry in gnu if not entry.obsolete]
    lines = [entry.linenum for entry in original if not entry.obsolete]
    if len(babel_entries) != len(gnu_entries):
        raise CatalogError(path, None, f"Babel reads {len(babel_entries)} messages where GNU gettext reads {len(gnu_entries)}")
    for index, (message, entry) in enumerate(zip(babel_entries, gnu_entries)):
        if babel_view(message) != gnu_view(entry):
            line = lines[index] if index < len(lines) else None
            raise CatalogError(path, line, f"the message “{first_words(entry.msgid)}” {misread(entry, catalog)}")


def misread(entry: polib.POEntry, catalog) -> str:
    forms = len(strings_of(entry))
    if entry.msgid_plural and forms > catalog.num_plurals:
        return (
            f"has {forms} plural forms but the header's Plural-Forms says nplurals={catalog.num_plurals}, "
            "and the merge would drop the rest; fix one or the other"
        )
    return "cannot be read exactly by the merge (an escape other than \\n \\t \\\\ \\\"?); write it as msgcat would"


def write_atomically(path: Path, data: bytes) -> None:
    """Either the whole new catalog or the old one, never a mix: temporary file in
    the same folder, flushed to disk, then renamed over the old one."""
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
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise CatalogError(path, None, f"could not be written ({reason}); the old catalog is unchanged") from None
    fsync_folder(path.parent)


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

