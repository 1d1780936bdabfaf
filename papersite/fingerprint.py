"""What a language's build depends on, as one digest: unchanged digest, nothing to do.

The digest is the only reason a build is ever skipped, so it must cover
everything that can change a published byte: the sources, the language's
catalogs and glossary, our code, conf.py, links and templates, the versions of
every installed Python distribution, the system's fonts, and the environment
that conf.py reads.
"""

from __future__ import annotations

import hashlib
import os
import sys
from importlib import metadata
from pathlib import Path

from .catalog.compile import CHECKED, COMPILED
from .project import Project

# Read by conf.py; a change must rebuild (SITE_URL is in every page's hreflang links).
ENVIRONMENT = ("SITE_URL",)
# Where fontconfig finds the fonts WeasyPrint embeds in the PDF (Debian's packages).
FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


def files_under(folder: Path, label: str):
    """``(name, path)`` for each file, named by ``label`` and its place under ``folder``."""
    if folder.is_file():
        yield label, folder
    elif folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                yield f"{label}/{path.relative_to(folder).as_posix()}", path


def tooling_inputs(project: Project):
    """What Sphinx does not track itself: a change here needs a fresh environment."""
    yield from files_under(project.root / "conf.py", "conf.py")
    yield from files_under(project.root / "_templates", "_templates")
    yield from files_under(Path(__file__).parent, "papersite")  # the code that runs, wherever it is


def source_inputs(project: Project, language: str):
    """What every page is made from: the sources, and the language's files beside
    its catalogs (the glossary, which decides how Chinese search splits words)."""
    yield from files_under(project.source, "source")
    for name, path in files_under(project.locale / language, "locale"):
        if "LC_MESSAGES" not in path.relative_to(project.locale / language).parts:
            yield name, path


def catalog_inputs(project: Project, language: str):
    """The translators' catalogs and what the build compiled from them."""
    yield from files_under(project.locale / language / "LC_MESSAGES", "LC_MESSAGES")
    # The checks' recorded verdicts and the compile's record are bookkeeping about these files, not an input.
    yield from ((name, path) for name, path in files_under(project.compiled_locale() / language, "compiled")
                if not {CHECKED, COMPILED} & set(path.relative_to(project.compiled_locale() / language).parts))


def installed_versions() -> str:
    """Any library can change the output (Pygments, Babel, fontTools in the PDF…):
    all of them count, not a hand-picked few."""
    versions = sorted({f"{dist.metadata['Name']}=={dist.version}".lower() for dist in metadata.distributions()})
    return "\n".join([sys.version, *versions])


def installed_fonts() -> str:
    """A font package upgraded or installed changes the PDF: name, size and time
    of each font file stand for its contents (reading them all would cost seconds)."""
    lines = []
    for folder in FONT_FOLDERS:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                status = path.stat()
                lines.append(f"{path} {status.st_size} {status.st_mtime_ns}")
    return "\n".join(lines)


def environment() -> str:
    return "\n".join(f"{name}={os.environ.get(name, '')!r}" for name in ENVIRONMENT)


def digest_of(named_paths, extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for name, path in named_paths:
        digest.update(name.encode() + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError as error:  # unreadable now: it counts as changed; the build reports it
            digest.update(f"unreadable: {error.strerror}".encode())
    return digest.hexdigest()


def machine() -> str:
    return "\n".join((installed_versions(), installed_fonts(), environment()))


def language_fingerprint(project: Project, language: str) -> dict[str, str]:
    return {
        "tooling": digest_of(tooling_inputs(project), machine()),
        "sources": digest_of(source_inputs(project, language)),
        "catalogs": digest_of(catalog_inputs(project, language)),
    }
