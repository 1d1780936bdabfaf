"""The command line's own set-up, before any command runs."""

import subprocess
import sys

from papersite.project import ROOT

# accessible-pygments (which furo loads) sets the root logger to INFO when
# imported; WeasyPrint then printed its progress through every build.
NOISY_IMPORT = """
import logging
from papersite.cli import quiet_libraries
quiet_libraries()
import a11y_pygments
logging.getLogger("weasyprint.progress").info("Step 2 - Fetching and parsing CSS")
logging.getLogger("weasyprint").warning("a font is missing")
"""


def test_libraries_log_warnings_only_even_after_one_configures_logging_itself():
    run = subprocess.run([sys.executable, "-c", NOISY_IMPORT], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "Fetching" not in run.stderr
    assert "a font is missing" in run.stderr
