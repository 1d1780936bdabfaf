"""A language's terminology list, ``locale/<lang>/glossary.md``, read as terms to check.

The list is a Markdown table written for people: ``| English | translation | note |``.
A cell may hold alternatives (``deploy / deployment``, ``A, B``), explanations in
parentheses (``deployment (a deployed system)``, ``Container (der, Pl. die Container)``)
and remarks after a semicolon or a label (``Bare Metal; in compounds …``,
``Upgrade; verb: aktualisieren``). Every reading of the translation cell counts
as prescribed; notes are for people only. The file comes from translators: it is
only ever read as text (no link followed) and whatever it holds becomes literal
patterns, never code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..project import Project, is_plain_file

GLOSSARY_FILE = "glossary.md"
TABLE_ROW = re.compile(r"^\s*\|(?P<cells>.*)\|\s*$")
SEPARATOR_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")
# ASCII and full-width parentheses: explanations, never the term itself.
PARENTHESIZED = re.compile(r"\s*[(（][^()（）]*[)）]")
ALTERNATIVES = re.compile(r"\s+/\s+|,\s+|;\s*")
# "deploy (verb)", "service (OpenStack service)": the row holds for one sense only,
# which a program cannot tell apart; "(COE)" or "(s)" is no such qualifier.
SENSE = re.compile(r"[(（][^()（）]*[a-z]{2}[^()（）]*[)）]")
# A cell saying the English term stays as it is.
KEPT = {"unchanged", "not translated"}
# "verb: aktualisieren", "adjective: bedarfsgesteuert": a label before the term.
LABEL = re.compile(r"^[a-z ]+:\s*")
# "(der, Pl. die Container)", "(Pl. Rechenzentren)": a plural the translation may use.
PLURAL = re.compile(r"\bPl\.\s*(?:die\s+)?(?P<plural>[^,;()（）]+)")
# Japanese and Korean verb and adjective endings: "オーケストレーションする" also
# complies as "オーケストレーションしており", "프로비저닝하다" as "프로비저닝한".
# German verbs in -ieren likewise: "provisionieren" as "provisioniert".
INFLECTED_ENDINGS = ("する", "された", "される", "の", "하다", "된", "한", "ieren")
# "(VM)", "(Scale-out)", "（COE）": an equivalent the translation may use instead;
# "(der, …)" or "(lingkungan)" explains.
EQUIVALENT = re.compile(r"[(（](?P<equivalent>[A-Z][^()（）,;]*)[)）]")
QUOTES = "\"'“”„‚‘’«»「」"


@dataclass(frozen=True)
class Term:
    english: str  # the form to find in a source message, as the list writes it
    prescribed: tuple[str, ...]  # any of these in the translation complies
    line: int


def glossary_path(project: Project, language: str) -> Path:
    return project.locale / language / GLOSSARY_FILE


def split_alternatives(cell: str) -> list[str]:
    """``cell`` split at its separators, except those inside parentheses."""
    groups = PARENTHESIZED.findall(cell)
    masked = PARENTHESIZED.sub("\0", cell)
    parts = []
    for part in ALTERNATIVES.split(masked):
        while "\0" in part:
            part = part.replace("\0", groups.pop(0), 1)
        parts.append(part)
    return parts


def readings(part: str) -> list[str]:
    """The plain forms one alternative names: as written and without its explanations."""
    forms = []
    plurals = [match["plural"] for match in PLURAL.finditer(part)]
    equivalents = [match["equivalent"] for match in EQUIVALENT.finditer(part)]
    for text in (part, PARENTHESIZED.sub("", part), *plurals, *equivalents):
        text = LABEL.sub("", text.strip()).strip(QUOTES + " -")
        if text and text not in forms:
            forms.append(text)
    stems = [form[: -len(ending)] + ("ier" if ending == "ieren" else "") for form in forms for ending in INFLECTED_ENDINGS
             if form.endswith(ending) and len(form) > len(ending) + 1]
    return forms + [stem for stem in dict.fromkeys(stems) if stem not in forms]


def alternatives(cell: str) -> list[list[str]]:
    return [forms for part in split_alternatives(cell.replace("…", "").replace("\0", "")) if (forms := readings(part))]


def english_forms(cell: str) -> list[str]:
    # Only the words outside parentheses are looked for: "(a deployed system)" explains.
    return [forms[-1] for forms in alternatives(PARENTHESIZED.sub("", cell)) if any(c.isalpha() for c in forms[-1])]


def terms_of(cells: list[str], line: int) -> list[Term]:
    """One term per English form of the row, each complying with any translation the
    row gives (``provision / provisioning`` may be a verb or a noun in the translation).
    A row for one sense of a word only (``deploy (verb)``) gives none."""
    if len(cells) < 2 or not cells[0].strip() or not cells[1].strip() or SENSE.search(cells[0]):
        return []
    english = english_forms(cells[0])
    target = cells[1].strip()
    translations = [[form] for form in english] if target.lower() in KEPT else alternatives(target)
    prescribed = tuple(dict.fromkeys(form for forms in translations for form in forms))
    return [Term(form, prescribed, line) for form in english] if prescribed else []


def parse_glossary(text: str) -> list[Term]:
    """The terms of every table row after the first (the header) of each table."""
    terms, in_table = [], False
    for number, line in enumerate(text.splitlines(), start=1):
        row = TABLE_ROW.match(line)
        if row is None:
            in_table = False
            continue
        cells = row["cells"].split("|")
        if not in_table or all(SEPARATOR_CELL.match(cell) for cell in cells):
            in_table = True  # the header row, then its separator
            continue
        terms += terms_of(cells, number)
    return terms


def load_glossary(project: Project, language: str) -> tuple[Path, list[Term]]:
    """The language's terms; none when it has no list. A list that cannot be read raises
    ValueError with the reason (the caller names the file)."""
    path = glossary_path(project, language)
    if not path.exists() and not path.is_symlink():
        return path, []
    if not is_plain_file(path, project.locale):
        raise ValueError("not a regular file inside locale/ (a link or a folder); it is ignored")
    try:
        return path, parse_glossary(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 (byte {error.start})") from error
    except OSError as error:
        raise ValueError(f"cannot be read ({error.strerror})") from error
