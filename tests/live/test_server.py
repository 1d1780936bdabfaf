"""The live preview's server: what its builds share is written one at a time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from papersite.live.server import LivePreview
from papersite.live.warm import LiveProject


def test_languages_that_finish_together_both_write_the_landing_page(project_copy):
    """Each finished language writes the landing page from a thread of its own; two at
    once must not move each other's temporary file away (the loser's task would die,
    and its PDF would never be built)."""
    project = LiveProject(root=project_copy.root)
    preview = LivePreview(project, project.language_codes)  # its asyncio events bind to a loop only when awaited
    with ThreadPoolExecutor(max_workers=4) as pool:
        for outcome in [pool.submit(preview.write_root_pages) for _ in range(24)]:
            outcome.result()  # raises what the thread raised
    assert (project.live / "root" / "index.html").is_file() and not list((project.live / "root").glob(".*.tmp"))
