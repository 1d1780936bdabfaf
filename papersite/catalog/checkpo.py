"""``check-po``: everything about the catalogs that must block a merge.

The messages it rejects are exactly those the build shows in English (both ask
``papersite.catalog.verdict``); besides, it names what makes a whole file
unusable (the reader's errors), header fields that disagree with what the build
uses, an unreadable terminology list, and catalogs stale against the sources.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polib

from ..project import Project
from .checks import WARNING, Problem
from .glossary import GlossaryError, Term, load_glossary
from .header import header_problems
from .judge import Judged, judge_catalogs
from .sync import catalog_for, orphaned_catalogs, templates_in, write_templates
from .terminology import terminology_warnings
from .verdict import is_interface, problems_of

NOT_A_CATALOG = "not a regular file inside locale/ (a link or a folder named *.po); it is ignored: replace it with the catalog itself"


def template_msgids(pot: Path) -> set[str]:
    """The messages of a template the gettext builder has just written (ours, not a translator's)."""
    return {entry.msgid for entry in polib.pofile(str(pot)) if entry.msgid}


def stale_problems(project: Project, pot_dir: Path, language: str, judged: Judged) -> list[Problem]:
    """Catalogs whose messages are not exactly the sources' messages (of those that can be read)."""
    problems = []
    catalogs = set(project.catalogs(language))  # a link or folder named *.po is reported, never read
    readable = {path: judged.catalogs[domain] for domain, path in judged.paths.items()}
    for pot in templates_in(pot_dir):
        po = catalog_for(pot, pot_dir, project.catalog_folder(language))
        if po not in catalogs:
            if not po.exists() and not po.is_symlink():
                problems.append(Problem(str(po), 1, "", "stale: the catalog is missing; run make update-po"))
            continue
        if po not in readable:
            continue  # reported as unreadable already
        translated = {message.msgid for message in readable[po].live}
        missing, extra = template_msgids(pot) - translated, translated - template_msgids(pot)
        if missing or extra:
            problems.append(Problem(str(po), 1, "", f"stale against the sources: {len(missing)} messages "
                                    f"missing, {len(extra)} no longer in the sources; run make update-po"))
    for po in orphaned_catalogs(project, pot_dir, language):
        problems.append(Problem(str(po), 1, "", "stale: no document has this catalog any more; "
                                "run make update-po --prune"))
    return problems


def glossary_terms(project: Project, language: str) -> tuple[list[Term], list[Problem]]:
    try:
        _, terms = load_glossary(project, language)
    except GlossaryError as error:
        return [], [Problem(str(error.path), error.line or 1, "", error.reason)]
    return terms, []


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    catalogs: int = 0  # read, or tried
    messages: int = 0  # live messages of the readable ones


def language_problems(project: Project, pot_dir: Path, language: str, result: CheckResult | None = None) -> list[Problem]:
    result = result if result is not None else CheckResult()
    problems = [Problem(str(path), 1, "", NOT_A_CATALOG) for path in project.rejected_catalogs(language)]
    terms, problems_of_list = glossary_terms(project, language)
    problems += problems_of_list
    judged = judge_catalogs(project, language, project.catalogs(language))
    result.catalogs += len(judged.catalogs) + len(judged.broken)
    result.messages += sum(len(catalog.live) for catalog in judged.catalogs.values())
    problems += judged.broken
    for domain, catalog in sorted(judged.catalogs.items(), key=lambda item: str(judged.paths[item[0]])):
        path = judged.paths[domain]
        problems += header_problems(catalog)
        problems += problems_of(path, judged.verdicts[domain])
        if not is_interface(domain):  # interface strings are not running text
            problems += [Problem(str(path), line, msgid, reason, WARNING)
                         for line, msgid, reason in terminology_warnings(catalog.live, terms)]
    return problems + stale_problems(project, pot_dir, language, judged)


def check_languages(project: Project, languages: list[str]) -> CheckResult:
    """Every problem of ``languages``' catalogs, and how many catalogs and messages were read."""
    result = CheckResult()
    with tempfile.TemporaryDirectory() as pot_dir:
        write_templates(project, Path(pot_dir))
        for language in languages:
            result.problems += language_problems(project, Path(pot_dir), language, result)
    return result


def check_po(project: Project, languages: list[str]) -> list[Problem]:
    return check_languages(project, languages).problems
