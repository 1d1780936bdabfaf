"""Issue 16: one verdict per message, for check-po and the build alike."""

from pathlib import Path

from papersite.catalog.model import Catalog, Message
from papersite.catalog.sources import SourceFacts
from papersite.catalog.verdict import FUZZY, PUBLISHED, REJECTED, UNTRANSLATED, Rules, judge_language

GLOSSARY = "paper/terms"
FACTS = SourceFacts({GLOSSARY: frozenset({"Airship", "Ansible", "Cinder"}), "paper/other": frozenset({"Helm"})})


def rules(language="de") -> Rules:
    return Rules(language, FACTS, frozenset(range(0x20, 0x3000)), plural_forms=2)


def catalog(domain: str, *messages: Message) -> Catalog:
    return Catalog(Path(f"locale/de/LC_MESSAGES/{domain}.po"), "de", (), (), messages)


def states(verdicts) -> dict[str, str]:
    return {verdict.message.msgid: verdict.state for judged in verdicts.values() for verdict in judged}


def test_each_state():
    verdicts = judge_language({"paper/doc": catalog("paper/doc",
        Message("Done.", ("Fertig.",), 1), Message("Open.", ("",), 2), Message("Shut.", ("Zu.",), 3, flags=frozenset({"fuzzy"})),
        Message("Bad.", ("<script>x</script>",), 4), Message("Ctx.", ("Kontext.",), 5, msgctxt="heading"),
        Message("one", ("eins", "zwei"), 6, msgid_plural="two"))}, rules())
    assert states(verdicts) == {"Done.": PUBLISHED, "Open.": UNTRANSLATED, "Shut.": FUZZY, "Bad.": REJECTED,
                                "Ctx.": REJECTED, "one": REJECTED}


def test_an_interface_plural_needs_every_form_of_its_language():
    one_form = Message("one page", ("eine Seite",), 1, msgid_plural="{n} pages")
    both = Message("one file", ("eine Datei", "{n} Dateien"), 2, msgid_plural="{n} files")
    assert states(judge_language({"sphinx": catalog("sphinx", one_form, both)}, rules())) == \
        {"one page": UNTRANSLATED, "one file": PUBLISHED}


def test_colliding_terms_go_back_to_english_until_none_collides_site_wide():
    # Ansible takes Airship's text; then Cinder takes Ansible's English, which is shown again;
    # Helm (another document) takes Cinder's English: the chain unwinds to English.
    verdicts = judge_language({
        GLOSSARY: catalog(GLOSSARY, Message("Airship", ("Luftschiff",), 1), Message("Ansible", ("luftschiff",), 2),
                          Message("Cinder", ("Ansible",), 3)),
        "paper/other": catalog("paper/other", Message("Helm", ("CINDER",), 1)),
    }, rules())
    assert states(verdicts) == {"Airship": REJECTED, "Ansible": REJECTED, "Cinder": REJECTED, "Helm": REJECTED}
    reasons = [reason for judged in verdicts.values() for verdict in judged for reason in verdict.reasons]
    assert all("terms are site-wide" in reason for reason in reasons)


def test_a_term_may_keep_its_english_text():
    verdicts = judge_language({GLOSSARY: catalog(GLOSSARY, Message("Airship", ("Airship",), 1))}, rules())
    assert states(verdicts) == {"Airship": PUBLISHED}


def test_an_undrawable_character_is_rejected_before_any_parser():
    verdicts = judge_language({"paper/doc": catalog("paper/doc", Message("Done.", ("Fertig \U0001F600",), 1))}, rules())
    [[verdict]] = verdicts.values()
    assert verdict.reasons == ("contains characters no font of the de PDF can draw (U+1F600); remove them",)
