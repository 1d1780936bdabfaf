"""Papers of other shapes than our two, written into a project the way the README's
"Adding a paper" says, for the tests that say the library takes any paper:

* ``PLAIN``: all settings left out (an empty ``paper.toml``), no subtitle,
  figures, tables, links, ``links.toml`` or Translators page: one chapter of text.
* ``REPORT``: a foundation's annual report: no subtitle, no tables or diagrams,
  headings that hold links, lists nested three deep, and pictures made here
  with Pillow (PNG, JPEG, WebP) or written as SVG, one with a Japanese variant
  (``name.ja.png``); with reference data (``tests/data/<slug>/``) from an
  "original" whose one broken address the sources repair (``repairs.toml``).
"""

from __future__ import annotations

from pathlib import Path

PLAIN = "a-plain-note"
REPORT = "a-foundation-report"

PLAIN_FILES = {
    "paper.toml": "# Every setting is optional: the title comes from index.md, the PDF's name from the folder.\n",
    "index.md": "# A Plain Note\n\n```{toctree}\n:maxdepth: 2\n\nnote\n```\n",
    "note.md": "# The Note\n\nA paper may be a few paragraphs and nothing else.\n\n"
               "Its second paragraph says so again, to be sure.\n",
}

REPORT_TITLE = "Foundation Annual Report 2026"
REPORT_PDF = "annual-report-2026"
REPORT_SETTINGS = f"""title = "{REPORT_TITLE}"
authors = "The Foundation's Staff"
publisher = "Example Foundation"
year = 2026
pdf_name = "{{pdf_name}}"
order = 3
"""
REPORT_LINKS = {
    "foundation": "https://example.org/foundation/",
    "summit": "https://example.org/summit/2026/",
    "members": "https://example.org/members/",
}
# The "original" put the summit at an address that no longer answers; the sources repair it.
BROKEN_SUMMIT = "http://summit.example.org/2026"

# (document, the Markdown of the page). Texts the reference data also has are marked below.
HIGHLIGHTS_INTRO = "The year in three levels of detail, as the board reviewed it."
HIGHLIGHTS_OUTRO = "Each project reports to the board twice a year."
COMMUNITY_INTRO = "Members joined from every region this year."
COMMUNITY_GROWTH = "Figure 1 shows the growth; the {link}`member list <members>` names them all."
SUMMIT_TEXT = "Three thousand people came to the {link}`summit <summit>` in the spring."
EVENTS_INTRO = "Regional events brought the summit's talks closer to home."
MEETUPS_TEXT = "Members meet once a month in twelve cities."

REPORT_PAGES = {
    "index.md": f"# {REPORT_TITLE}\n\n```{{toctree}}\n:maxdepth: 2\n\nhighlights\ncommunity\nevents\ntranslators\n```\n",
    "highlights.md": f"""# Highlights

{HIGHLIGHTS_INTRO}

## Projects of the {{link}}`foundation <foundation>`

- Infrastructure
  - Compute
    - Bare metal clusters grew by a third.
    - Virtual machines stayed where they were.
  - Storage
    - Object storage doubled.
- Community
  - Contributors
    - New contributors came from forty countries.

{HIGHLIGHTS_OUTRO}
""",
    "community.md": f"""# Community

{COMMUNITY_INTRO}

:::{{figure}} images/members.png
:name: fig-members
:alt: A bar chart of members per year: 400 in 2024, 550 in 2025 and 700 in 2026.

Members per year.
:::

{COMMUNITY_GROWTH}

## Meet us at the {{link}}`summit <summit>`

{SUMMIT_TEXT}

:::{{figure}} images/summit.jpg
:alt: People in a hall, facing a stage lit in blue.

The summit's main hall.
:::
""",
    "events.md": f"""# Events

{EVENTS_INTRO}

## {{link}}`Regional meetups <members>` near you

{MEETUPS_TEXT}

:::{{figure}} images/regions.webp
:alt: A map with one dot for each regional event.

Regional events.
:::

:::{{figure}} images/logo.svg
:alt: The foundation's logo, a blue circle.

The foundation's logo.
:::
""",
    "translators.md": "# Translators\n\nWho translated this report, and how.\n\n```{translators}\n```\n",
}
# The pictures, by file name: (pixel size, main colour); the logo is SVG.
PICTURES = {"members.png": ((1600, 900), (42, 93, 143)), "members.ja.png": ((1600, 900), (190, 40, 40)),
            "summit.jpg": ((1200, 800), (30, 60, 160)), "regions.webp": ((1000, 600), (40, 140, 90))}
LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120">'
        '<circle cx="60" cy="60" r="50" fill="#2a5d8f"/></svg>\n')


def draw_picture(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    """A real picture: bars on a light ground (its pixels differ, so encoders work for real)."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", size, (246, 248, 250))
    draw = ImageDraw.Draw(picture)
    width, height = size
    for index, share in enumerate((0.45, 0.62, 0.8)):
        left = width * (0.15 + 0.25 * index)
        draw.rectangle([left, height * (1 - share), left + width * 0.18, height * 0.95], fill=colour)
    draw.line([(width * 0.08, height * 0.95), (width * 0.92, height * 0.95)], fill=(60, 60, 60), width=4)
    picture.save(path)


def write_files(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def add_plain(source: Path, slug: str = PLAIN) -> Path:
    write_files(source / slug, PLAIN_FILES)
    return source / slug


def add_report(source: Path, slug: str = REPORT, pdf_name: str = REPORT_PDF, label: str = "fig-members") -> Path:
    """``label``: the figure's name; labels are site-wide, so a second report needs its own."""
    folder = source / slug
    pages = {name: text.replace(":name: fig-members", f":name: {label}") for name, text in REPORT_PAGES.items()}
    write_files(folder, {"paper.toml": REPORT_SETTINGS.format(pdf_name=pdf_name), **pages,
                         "links.toml": "".join(f'{key} = "{url}"\n' for key, url in REPORT_LINKS.items())})
    images = folder / "images"
    images.mkdir()
    for name, (size, colour) in PICTURES.items():
        draw_picture(images / name, size, colour)
    (images / "logo.svg").write_text(LOGO, encoding="utf-8")
    return folder


def original(text: str) -> str:
    """A sentence as the original website had it: links in HTML, the summit at its old address."""
    import re

    def anchor(match) -> str:
        url = BROKEN_SUMMIT if match["key"] == "summit" else REPORT_LINKS[match["key"]]
        return f'<a href="{url}">{match["words"]}</a>'

    return re.sub(r"\{link\}`(?P<words>[^<`]+?) <(?P<key>[a-z-]+)>`", anchor, text)


def pot_entry(msgid: str, comment: str) -> str:
    escaped = msgid.replace("\\", "\\\\").replace('"', '\\"')
    return f'# {comment}\nmsgid "{escaped}"\nmsgstr ""\n'


def report_reference() -> str:
    """The report's reference data as the original website's catalog would give it."""
    texts = [REPORT_TITLE, "Highlights", HIGHLIGHTS_INTRO, original("Projects of the {link}`foundation <foundation>`"),
             "Bare metal clusters grew by a third.", "Object storage doubled.", HIGHLIGHTS_OUTRO, "Community",
             COMMUNITY_INTRO, original(COMMUNITY_GROWTH), original("Meet us at the {link}`summit <summit>`"),
             original(SUMMIT_TEXT), "Events", EVENTS_INTRO, original("{link}`Regional meetups <members>` near you"),
             MEETUPS_TEXT]
    images = ["members.png", "summit.jpg", "regions.webp", "logo.svg"]
    entries = [pot_entry(text, f"report paragraph {number}") for number, text in enumerate(texts, 1)]
    entries += [pot_entry(f'<img src="https://example.org/report/{name}" alt="Figure">', "report image")
                for name in images]
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    return "\n".join([header, *entries])


REPAIRS = f"""# Deliberate differences from the original (reference.pot), each with its reason.
[links."{BROKEN_SUMMIT}"]
to = "{REPORT_LINKS['summit']}"
reason = "the original's address no longer answers; the summit's page moved"
"""


def add_report_reference(tests_data: Path, slug: str = REPORT) -> Path:
    folder = tests_data / slug
    write_files(folder, {"reference.pot": report_reference(), "repairs.toml": REPAIRS})
    return folder


def add_shapes(root: Path, suffix: str = "") -> None:
    """Both papers, and the report's reference data, into the project (or repository)
    at ``root``; ``suffix`` ends their folders' and PDF's names (papers of these
    shapes under other names than the throw-away papers of test_third_paper)."""
    add_plain(root / "source", PLAIN + suffix)
    add_report(root / "source", REPORT + suffix, REPORT_PDF + suffix, "fig-members" + suffix)
    if (root / "tests" / "data").is_dir():
        add_report_reference(root / "tests" / "data", REPORT + suffix)
