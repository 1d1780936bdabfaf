"""Issue 11: check-po holds Chinese and Japanese to their spacing convention around links."""

from __future__ import annotations

import subprocess
import sys

import polib
import pytest

from papersite.catalog.fonts import drawable
from papersite.catalog.model import Message
from papersite.catalog.sources import SourceFacts
from papersite.catalog.verdict import REJECTED, Rules, VerdictCache, first_verdict
from papersite.project import ROOT

from ..conftest import paper_catalog

SOURCE = "Some words with {link}`a link <key>` inside."


def catalog_with(folder, translations: list[str], name: str = "chapter", flags=()) -> tuple[str, list[Message]]:
    """A domain and one message per translation, as the reader gives them."""
    return name, [Message(f"{source_for(translation)} ({number})", (translation,),
                          line=number + 1, flags=frozenset(flags)) for number, translation in enumerate(translations)]


def source_for(translation: str) -> str:
    """An English message with the translation's markup (links, emphasis), so only spacing is judged."""
    links = " and ".join(["{link}`a link <key>`"] * translation.count("{link}"))
    return f"Some {'*words*' if '*' in translation else 'words'} with {links} inside."


def reasons(catalog, language: str) -> list[str]:
    """What check-po and the build reject of these messages (the verdict's reasons)."""
    domain, messages = catalog
    rules = Rules(language, SourceFacts(), drawable(language))
    verdicts = [first_verdict(message, domain, rules, VerdictCache()) for message in messages]
    return [reason for verdict in verdicts if verdict.state == REJECTED for reason in verdict.reasons]


@pytest.mark.parametrize(
    "language, translation, expected",
    [
        ("zh_CN", "这些工具为在 {link}`高能物理 <key>` 领域提供框架。",
         ["remove the space between “在” and the link “高能物理”", "remove the space between the link “高能物理” and “领”"]),
        ("zh_CN", "遵循 {link}`开放容器计划（OCI） <key>` 标准。",
         ["between “循” and the link “开放容器计划（OCI）”", "between the link “开放容器计划（OCI）” and “标”"]),
        ("zh_CN", "使用{link}`Prometheus <key>`监控。",
         ["put a half-width space between “用” and the link “Prometheus”",
          "put a half-width space between the link “Prometheus” and “监”"]),
        ("zh_CN", "请访问 {link}`容器专题页面 <key>` ，您可以。", ["remove the space between “问”", "and “，”"]),
        ("zh_CN", "重点是 *高能* {link}`物理 <key>`。", ["remove the space between “能” and the link “物理”"]),
        ("ja", "CERN は{link}`CERN openlab フレームワーク <key>`を通じて協力しました。",
         ["put a half-width space between “は” and the link “CERN openlab フレームワーク”"]),
        ("ja", "{link}`Superfluidity プロジェクト <key>` は 18 のパートナーで構成されます。",
         ["remove the space between the link “Superfluidity プロジェクト” and “は”"]),
    ],
)
def test_wrong_spacing_around_a_link_is_an_error_naming_the_link(tmp_path, language, translation, expected):
    found = reasons(catalog_with(tmp_path, [translation]), language)
    assert len(found) == len(expected), found
    for reason, wanted in zip(found, expected):
        assert wanted in reason


@pytest.mark.parametrize(
    "language, translation",
    [
        ("zh_CN", "这些工具为在{link}`高能物理 <key>`领域提供框架。"),
        ("zh_CN", "SKT 使用 {link}`Prometheus <key>`、{link}`Elasticsearch <key>` 和 {link}`Kibana <key>`，并且。"),
        ("zh_CN", "面向 OpenStack 的 {link}`Simplified Overlay Network Architecture <key>`（SONA）将支持。"),
        ("zh_CN", "{link}`Superfluidity 项目 <key>`由 18 个合作伙伴组成。"),
        ("ja", "CERN は {link}`CERN openlab フレームワーク <key>`を通じて協力しました。"),
        ("ja", "「{link}`Kubernetes/Cloud Provider OpenStack <key>`」プラグイン"),
        ("ja", "詳しくは、{link}`コンテナのランディングページ <key>`をご覧ください。"),
        # Languages that separate words with spaces follow their own rules.
        ("ko_KR", "OpenStack은{link}`Kubernetes <key>`와 함께"),
        ("de", "mit{link}`Kubernetes <key>`und"),
    ],
)
def test_conventional_spacing_and_other_languages_pass(tmp_path, language, translation):
    assert reasons(catalog_with(tmp_path, [translation]), language) == []


def test_fuzzy_messages_and_interface_strings_are_not_judged(tmp_path):
    wrong = "使用{link}`Prometheus <key>`监控。"
    assert reasons(catalog_with(tmp_path, [wrong], flags=["fuzzy"]), "zh_CN") == []
    assert reasons(catalog_with(tmp_path, [wrong], name="sphinx"), "zh_CN") == []
    assert len(reasons(catalog_with(tmp_path, [wrong]), "zh_CN")) == 2


def test_check_po_fails_on_a_spacing_error_with_file_and_line(project_copy):
    path = paper_catalog(project_copy, "ja", "case-studies")
    catalog = polib.pofile(str(path))
    entry = next(entry for entry in catalog if "は {link}`CERN openlab" in entry.msgstr)
    entry.msgstr = entry.msgstr.replace("は {link}`CERN openlab", "は{link}`CERN openlab")
    catalog.save(str(path))
    command = [sys.executable, "-m", "papersite", "--root", str(project_copy.root), "check-po", "--langs", "ja"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    [line, summary] = result.stdout.splitlines()
    assert summary.startswith("check-po: ") and summary.endswith(": 1 error, 0 warnings")
    assert line.startswith(f"{path}:{polib.pofile(str(path)).find(entry.msgid).linenum}: ")
    assert "put a half-width space between “は” and the link “CERN openlab フレームワーク”" in line



def lead_in(translation: str) -> tuple[str, list[Message]]:
    """A bold lead-in message: the English has one strong span and no link."""
    source = "**Lower latency:** the edge is closer." if "**" in translation else "The edge is closer, and faster."
    return "chapter", [Message(source, (translation,), line=1)]


@pytest.mark.parametrize(
    "language, translation, expected",
    [
        # Issue 18: the bold lead-in the reviewers found, with the form that parses as bold.
        ("zh_CN", "**降低延迟：** 与集中式云相比，边缘更近。",
         ["remove the space after “：”", "write a bold lead-in as **…**：…"]),
        ("ja", "**レイテンシの削減：** エッジは近い。", ["remove the space after “：”"]),
        ("zh_CN", "边缘更近 ，而且更快。", ["remove the space before “，”"]),
        ("ja", "エッジ（COE） は近い。", ["remove the space after “）”"]),
    ],
)
def test_a_space_beside_full_width_punctuation_is_an_error(language, translation, expected):
    [reason] = reasons(lead_in(translation), language)
    for wanted in expected:
        assert wanted in reason


@pytest.mark.parametrize("language, translation", [
    ("zh_CN", "**降低延迟**：与集中式云相比，边缘更近。"),
    ("ja", "**レイテンシの削減**：エッジは近い。"),
    ("ja", "エッジ（COE）は近い。\u3000次へ。"),  # the ideographic space is a space of its own
    ("ko_KR", "**지연 시간 감소**: 에지는 가깝다."),  # Korean spaces as Latin text does
])
def test_full_width_punctuation_without_spaces_passes(language, translation):
    assert reasons(lead_in(translation), language) == []
