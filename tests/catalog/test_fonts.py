"""Issue 16: a language's drawable characters are its PDF fonts' character maps."""

from papersite.catalog.fonts import drawable, font_files, stylesheet_families, undrawable


def test_the_families_come_from_the_print_stylesheet():
    families = stylesheet_families()
    assert "Noto Serif" in families and "Noto Sans CJK JP" in families and families[-1] == "monospace"


def test_each_language_can_draw_its_own_script_and_not_private_use(tmp_path):
    assert font_files("ja", ["Noto Sans CJK JP"])
    for language, text in (("de", "Größe „Container“ – €"), ("ja", "コンテナ技術"), ("ko_KR", "컨테이너"), ("zh_CN", "裸金属")):
        assert undrawable(text, drawable(language, tmp_path)) == [], language
    assert undrawable("x\ue000y", drawable("de", tmp_path)) == ["U+E000"]


def test_the_cache_gives_the_same_answer(tmp_path):
    first = drawable.__wrapped__("de", tmp_path)
    assert list(tmp_path.glob("*.json"))
    assert drawable.__wrapped__("de", tmp_path) == first
