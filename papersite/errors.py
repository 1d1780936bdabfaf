"""The error a user can fix, in a module of its own: the catalog code that runs
outside the project's environment (the merge driver in Weblate's) needs it
without the project's other dependencies."""


class ProjectError(Exception):
    """Input a user can fix (a setting, a file): the command line says it in one line."""


# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators:
# a file's name or a quoted translation may hold them, and a report line must stay
# one line that no terminal interprets, so they are shown as escapes.
ESCAPES = {code: chr(code).encode("unicode_escape").decode("ascii")
           for code in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)}


def printable(text: str) -> str:
    """``text`` on one line, its control characters shown as escapes."""
    return text.translate(ESCAPES)
