"""The GitHub Actions workflow: safe by zizmor's strictest persona, valid by
GitHub's schema, and doing what this project needs (Debian 12, one build job
per language, publishing only from main).

Both checkers run offline (zizmor --offline: the audits that ask GitHub's API
are skipped); the facts they cannot know about this project are asserted here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from papersite.project import ROOT, Project

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
TOOLS = Path(sys.executable).parent  # the .venv's bin: requirements.txt installs both checkers there
PUBLISHING = ("build", "assemble", "deploy")
MAIN_PUSH = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
DEBIAN_12 = re.compile(r"debian:(12|bookworm)[\w.-]*@sha256:[0-9a-f]{64}")


def zizmor_findings(workflow: Path) -> list[dict]:
    """zizmor's findings on one workflow file; --no-config: no zizmor.yml may silence an audit."""
    command = [str(TOOLS / "zizmor"), "--offline", "--no-config", "--persona", "pedantic", "--format", "json"]
    result = subprocess.run([*command, str(workflow)], capture_output=True, text=True)
    assert result.returncode in (0, *range(10, 15)), result.stderr  # 1x: findings, by severity
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def workflow() -> dict:
    document = yaml.safe_load(WORKFLOW.read_text())
    document["on"] = document.pop(True, document.get("on"))  # YAML 1.1 reads `on` as true
    return document


def steps(workflow):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def test_zizmor_pedantic_finds_nothing():
    findings = zizmor_findings(WORKFLOW)
    assert findings == [], [(finding["ident"], finding["desc"]) for finding in findings]


@pytest.mark.parametrize(
    ("mistake", "audit"),
    [
        (("@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1", "@v7"), "unpinned-uses"),
        (("        with:\n          persist-credentials: false\n", ""), "artipacked"),
        (
            (
                "        env:\n          LANGS: ${{ matrix.lang }}\n        run: make site\n",
                '        run: make site LANGS="${{ matrix.lang }}"\n',
            ),
            "template-injection",
        ),
    ],
    ids=["unpinned-action", "credentials-left-on-disk", "template-injection"],
)
def test_zizmor_catches_a_mistake_in_this_workflow(tmp_path, mistake, audit):
    """The check above can fail: the same call reports a mistake made in a copy."""
    old, new = mistake
    text = WORKFLOW.read_text()
    assert old in text
    spoiled = tmp_path / ".github" / "workflows" / "site.yml"
    spoiled.parent.mkdir(parents=True)
    spoiled.write_text(text.replace(old, new))
    assert audit in {finding["ident"] for finding in zizmor_findings(spoiled)}


def test_github_workflow_schema_accepts_it():
    command = [str(TOOLS / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_job_running_our_commands_runs_in_pinned_debian_12(workflow):
    for name, job in workflow["jobs"].items():
        if any("run" in step for step in job.get("steps", [])):
            assert DEBIAN_12.fullmatch(job["container"]["image"]), name


def test_checks_and_tests_run_on_every_push_and_pull_request(workflow):
    assert set(workflow["on"]) == {"push", "pull_request"}
    commands = [step.get("run", "") for name, step in steps(workflow) if name == "test"]
    assert "make check-po" in commands and "make test" in commands
    assert "if" not in workflow["jobs"]["test"]


def test_only_pushes_to_main_publish_and_only_deploy_writes(workflow):
    for name in PUBLISHING:
        assert workflow["jobs"][name]["if"] == MAIN_PUSH
    for name, job in workflow["jobs"].items():
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        assert writes == ({"pages", "id-token"} if name == "deploy" else set()), name
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_one_build_job_per_language_then_assembly(workflow):
    build = workflow["jobs"]["build"]
    assert build["strategy"]["matrix"]["lang"] == Project().language_codes
    assert any(
        step.get("run") == "make site" and step.get("env") == {"LANGS": "${{ matrix.lang }}"} for step in build["steps"]
    )
    assert workflow["jobs"]["assemble"]["needs"] == "build"
    assert workflow["jobs"]["deploy"]["needs"] == "assemble"


def test_make_targets_the_workflow_calls_exist(workflow):
    makefile = (ROOT / "Makefile").read_text()
    for _, step in steps(workflow):
        for target in re.findall(r"\bmake ([\w-]+)", step.get("run", "")):
            assert re.search(rf"^{target}:", makefile, re.MULTILINE), target


@pytest.mark.parametrize(
    ("target", "setup"),
    [
        ("site", "tools/setup-machine --build-only"),
        ("check-po", "tools/setup-machine --build-only"),
        ("test", "tools/setup-machine"),
    ],
)
def test_building_installs_only_what_building_needs(tmp_path, target, setup):
    """On a machine set up for nothing yet, `make -n` shows which setup each target runs."""
    for part in ("Makefile", "requirements.txt", "tools/setup-machine", "tests/browser/package-lock.json"):
        (tmp_path / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / part, tmp_path / part)
    result = subprocess.run(["make", "-n", "-C", str(tmp_path), target], capture_output=True, text=True, check=True)
    assert setup in result.stdout.splitlines()


def test_pull_requests_get_a_preview_with_a_read_only_token_and_no_secrets(workflow):
    """Forks' pull requests too: `pull_request` (never `pull_request_target`) runs
    their code with a read-only token and no secrets; the job only builds and uploads."""
    assert "pull_request_target" not in workflow["on"]
    preview = workflow["jobs"]["preview"]
    assert preview["if"] == "github.event_name == 'pull_request'"
    assert preview["permissions"] == {"contents": "read"}
    assert "secrets." not in yaml.safe_dump(preview)
    checkout = next(step for step in preview["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"] == {"persist-credentials": False, "fetch-depth": 0}  # the base commit is in the history
    [build] = [step for step in preview["steps"] if "make preview" in step.get("run", "")]
    assert build["env"] == {"BASE": "${{ github.event.pull_request.base.sha }}"} and "${{" not in build["run"]
    upload = next(step for step in preview["steps"] if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "_build/preview/"
