"""Issue 6: the GitHub Actions workflow is least-privilege, pinned and safe.

actionlint cannot be installed here (its PyPI wrapper downloads the binary from
GitHub at build time), so the workflow is parsed and its rules asserted.
"""

from __future__ import annotations

import re

import pytest
import yaml

from papersite.project import ROOT, Project

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
PUBLISHING = ("build", "assemble", "deploy")
MAIN_PUSH = "github.event_name == 'push' && github.ref == 'refs/heads/main'"


@pytest.fixture(scope="module")
def workflow() -> dict:
    document = yaml.safe_load(WORKFLOW.read_text())
    document["on"] = document.pop(True, document.get("on"))  # YAML 1.1 reads `on` as true
    return document


def steps(workflow):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def test_checks_and_tests_run_on_every_push_and_pull_request(workflow):
    assert set(workflow["on"]) == {"push", "pull_request"}
    commands = [step.get("run", "") for name, step in steps(workflow) if name == "test"]
    assert "make check-po" in commands and "make test" in commands
    assert "if" not in workflow["jobs"]["test"]


def test_every_job_declares_least_privilege(workflow):
    assert workflow["permissions"] == {}
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, name
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        assert writes == ({"pages", "id-token"} if name == "deploy" else set()), name


def test_every_action_is_pinned_to_a_full_commit(workflow):
    used = [step["uses"] for _, step in steps(workflow) if "uses" in step]
    assert used
    for action in used:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action


def test_only_pushes_to_main_publish_and_no_secret_is_needed(workflow):
    for name in PUBLISHING:
        assert workflow["jobs"][name]["if"] == MAIN_PUSH
    assert "secrets." not in WORKFLOW.read_text()
    for _, step in steps(workflow):
        assert step.get("with", {}).get("persist-credentials", False) is False


def test_one_build_job_per_language_then_assembly(workflow):
    build = workflow["jobs"]["build"]
    assert build["strategy"]["matrix"]["lang"] == Project().language_codes
    assert any('make site LANGS="${{ matrix.lang }}"' in step.get("run", "") for step in build["steps"])
    assert workflow["jobs"]["assemble"]["needs"] == "build"
    assert workflow["jobs"]["deploy"]["needs"] == "assemble"
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_make_targets_the_workflow_calls_exist(workflow):
    makefile = (ROOT / "Makefile").read_text()
    for _, step in steps(workflow):
        for target in re.findall(r"\bmake ([\w-]+)", step.get("run", "")):
            assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
