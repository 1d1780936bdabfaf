"""Issue 11: check-po warns where a translation departs from its language's terminology list."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import polib
import pytest

from papersite.catalog.checkpo import glossary_terms
from papersite.catalog.glossary import parse_glossary
from papersite.catalog.model import Message
from papersite.catalog.terminology import terminology_warnings
from papersite.project import ROOT

from ..conftest import paper_catalog

GLOSSARY = """\
# Terminology list

Free text, and | a line with a bar | is not a table.

| English | Translation | note |
|---|---|---|
| container | Container (der, Pl. die Container) | compounds: Container-Cluster |
| container runtime | Container-Runtime | |
| deploy (verb) | bereitstellen | one sense only: not checked |
| provision / provisioning | provisionieren / Provisionierung | |
| virtual machine (VM) | virtuelle Maschine (VM) | |
| service (OpenStack service) | Dienst | |
| data center | Rechenzentrum (Pl. Rechenzentren) | |
| industrial IoT | industrielles IoT | |
| machine learning | maschinelles Lernen | |
| Edge Computing Group | unchanged | |
| orchestrate | オーケストレーションする | |
| tools | alat / perangkat | |
"""


def terms():
    return parse_glossary(GLOSSARY)


def test_the_list_is_read_as_people_write_it():
    found = {term.english: term.prescribed for term in terms()}
    assert "deploy" not in found and "service" not in found  # one sense of a word: a program cannot tell
    assert set(found["container"]) >= {"Container"}
    assert found["provision"] == found["provisioning"] == ("provisionieren", "provisionier", "Provisionierung")
    assert "VM" in found["virtual machine"] and "Rechenzentren" in found["data center"]
    assert found["Edge Computing Group"] == ("Edge Computing Group",)
    assert "オーケストレーション" in found["orchestrate"]  # the verb's stem: オーケストレーションしており
    assert [term.line for term in terms() if term.english == "container"] == [7]


def message(msgid: str, msgstr: str, comment: str = "", flags: frozenset = frozenset()) -> Message:
    return Message(msgid, (msgstr,), line=1, flags=flags, translator_comments=tuple(comment.split("\n")) if comment else ())


def warnings(folder, msgid: str, msgstr: str, comment: str = "") -> list[str]:
    return [reason for _, _, reason in terminology_warnings([message(msgid, msgstr, comment)], terms())]


@pytest.mark.parametrize(
    "msgid, msgstr, term",
    [
        ("A container runtime starts it.", "Eine Laufzeitumgebung startet ihn.", "container runtime"),
        ("Containers are light.", "Behälter sind leicht.", "container"),
        ("Data centers are far away.", "Serverräume sind weit weg.", "data center"),
        ("It uses Machine Learning.", "Es nutzt Machine Learning.", "machine learning"),  # a name that is only the term
        ("We {link}`provision clusters <key>` fast.", "Wir {link}`richten Cluster ein <key>`.", "provision"),
    ],
)
def test_a_departure_from_the_list_is_a_warning_naming_the_term_and_the_remedy(tmp_path, msgid, msgstr, term):
    [reason] = warnings(tmp_path, msgid, msgstr)
    assert reason.startswith(f"terminology: “{term}” is ")
    assert f"# terminology: ignore {term}: <why>" in reason


@pytest.mark.parametrize(
    "msgid, msgstr",
    [
        ("A container runtime starts it.", "Eine Container-Runtime startet ihn."),  # the longer term claims its words
        ("Containers in clusters.", "Container-Cluster mit Containern."),
        ("Two data centers.", "Zwei Rechenzentren."),
        ("A virtual machine based VNF in virtual machines.", "Eine VM-basierte VNF in virtuellen Maschinen."),
        ("Such as industrial IoT.", "Etwa das industrielle IoT."),
        ("Airship provisions clouds.", "Airship provisioniert Clouds."),
        ("Kata Containers is fast.", "Kata Containers ist schnell."),  # a name the translation keeps
        ("The Edge Computing Group meets.", "Die Edge Computing Group trifft sich."),
        ("We deploy it and offer a service.", "Wir stellen es bereit und bieten einen Service an."),
        ("Nothing from the list.", "Nichts aus der Liste."),
    ],
)
def test_translations_that_follow_the_list_pass(tmp_path, msgid, msgstr):
    assert warnings(tmp_path, msgid, msgstr) == []


def test_a_translator_opts_out_of_one_term_on_one_message_with_a_reason(tmp_path):
    msgid, msgstr = "A container runtime starts containers.", "Eine Laufzeitumgebung startet Behälter."
    assert len(warnings(tmp_path, msgid, msgstr)) == 2
    reasoned = "terminology: ignore container runtime: the runtime here is a process"
    [left] = warnings(tmp_path, msgid, msgstr, reasoned)
    assert "“container”" in left
    both = reasoned + "\nTerminology: ignore Container: a poetic use"
    assert warnings(tmp_path, msgid, msgstr, both) == []


@pytest.mark.parametrize(
    "comment, complaint",
    [
        ("terminology: ignore container runtime", "gives no reason"),
        ("terminology: ignore data center: not in this message", "which the source message does not use"),
    ],
)
def test_an_opt_out_without_a_reason_or_a_term_is_itself_a_warning(tmp_path, comment, complaint):
    found = warnings(tmp_path, "A container runtime.", "Eine Container-Runtime.", comment)
    assert len(found) == 1 and complaint in found[0]


def test_untranslated_and_fuzzy_messages_are_not_judged(tmp_path):
    assert terminology_warnings([message("A container runtime.", "")], terms()) == []
    fuzzy = message("A container runtime.", "Eine Laufzeitumgebung.", flags=frozenset({"fuzzy"}))
    assert terminology_warnings([fuzzy], terms()) == []


@pytest.mark.parametrize(
    "spoil, complaint",
    [
        (lambda path: os.symlink("/etc/hostname", path), "not a regular file inside locale/"),
        (lambda path: path.write_bytes(b"| container | \xff |\n"), "is not valid UTF-8"),
    ],
)
def test_a_list_that_is_a_link_or_not_text_is_one_error_naming_it(project_copy, spoil, complaint):
    glossary = project_copy.locale / "de" / "glossary.md"
    glossary.unlink()
    spoil(glossary)
    terms, [problem] = glossary_terms(project_copy, "de")
    assert terms == [] and problem.path == str(glossary) and complaint in problem.reason


def test_warnings_are_shown_and_do_not_fail_check_po(project_copy):
    path = paper_catalog(project_copy, "de", "introduction")
    catalog = polib.pofile(str(path))
    entry = next(entry for entry in catalog if "workloads" in entry.msgid and "Workloads" in entry.msgstr)
    entry.msgstr = entry.msgstr.replace("Workloads", "Arbeitslasten")
    catalog.save(str(path))
    command = [sys.executable, "-m", "papersite", "--root", str(project_copy.root), "check-po", "--langs", "de"]
    text = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    machine = subprocess.run([*command, "--json"], cwd=ROOT, capture_output=True, text=True)
    assert (text.returncode, machine.returncode) == (0, 0)
    [line, summary] = text.stdout.splitlines()
    assert summary.startswith("check-po: ") and summary.endswith(": 0 errors, 1 warning")
    assert line.startswith(f"{path}:") and ": warning: terminology: “workload” is “Workload" in line
    [problem] = json.loads(machine.stdout)
    assert (problem["severity"], problem["msgid"]) == ("warning", entry.msgid)
