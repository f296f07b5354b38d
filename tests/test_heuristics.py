"""Each heuristic on small documents: what it removes, what it must keep, and why."""
from __future__ import annotations

import pytest

from cleaner import Cleaner

PROSE = [
    ("The ministers agreed on Tuesday to expand the training mission in the country, "
    "officials in Brussels said after the meeting."),
    ("The mission will take over some of the coalition's training activities, and the "
    "ministers will consider further steps at their next meeting in June."),
    ("Officials said the training mission would stay only as long as the government "
    "in Baghdad wanted it, and that talks with the government would continue."),
    ("The coalition has been training local forces since 2014, and the ministers praised "
    "the progress of the training so far in their statement on Tuesday."),
]
TITLE = "Ministers agree to expand the training mission"


def doc(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def removed(result, rule_id=None) -> list[str]:
    return [c.before for c in result.changes
            if c.action == "dropped" and (rule_id is None or c.rule_id == rule_id)]


@pytest.fixture(scope="module")
def c() -> Cleaner:
    return Cleaner(lang="en")


def test_duplicate_caption_drops_close_standalone_copies(c):
    cap = "A soldier walks past a row of armoured vehicles at the base near the capital"
    r = c.clean(doc(TITLE, cap, cap, *PROSE))
    assert removed(r, "duplicate-caption") == [cap, cap]
    assert TITLE in r.text and all(p in r.text for p in PROSE)


def test_repeated_sentences_far_apart_are_kept(c):
    q = "What inspired you to start cooking for the page?"
    text = doc(TITLE, q, PROSE[0], PROSE[1], q, PROSE[2], PROSE[3], q)
    assert c.clean(text).text.count(q) == 3


def test_adjacent_repeated_sentence_keeps_the_first_copy(c):
    r = c.clean(doc(TITLE, PROSE[0], PROSE[0], PROSE[1]))
    assert r.text.count(PROSE[0]) == 1
    assert [ch.rule_id for ch in r.changes] == ["duplicate-caption"]


def test_headline_repeated_later_is_dropped_but_not_the_headline(c):
    r = c.clean(doc(TITLE, *PROSE, TITLE))
    assert r.text.startswith(TITLE) and r.text.count(TITLE) == 1


@pytest.mark.parametrize("line", [
    "NATO Secretary General speaks at a press conference in Brussels. (Jane Roe / Reuters)",
    "Troops patrol the area on Monday. (AP Photo/John Doe)",
    "The logo is displayed outside an office in New York.Reuters",
    "Installation views of the exhibition, photos © Example Studio, 2018",
    "Protesters gather outside the parliament building (Reuters)",
])
def test_caption_ending_in_a_credit_is_dropped(c, line):
    r = c.clean(doc(TITLE, PROSE[0], line, *PROSE[1:]))
    assert removed(r, "photo-credit") == [line]


@pytest.mark.parametrize("line", ["Photo: Jane Roe/AP", "Getty Images", "AP Photo/Evan Vucci"])
def test_standalone_credit_is_dropped(c, line):
    assert removed(c.clean(doc(TITLE, PROSE[0], line, *PROSE[1:])), "photo-credit") == [line]


@pytest.mark.parametrize("line", [
    "The speed limit there is 30 (km/h)",
    "He said the report would close the gap",
    "Prices rose 5% in October (year on year)",
])
def test_lines_that_only_look_like_credits_stay(c, line):
    assert line in c.clean(doc(TITLE, PROSE[0], line, *PROSE[1:])).text


def test_unrelated_headlines_in_the_tail_go_and_the_title_stays(c):
    heads = ["Fresh Final Fantasy Remake Screenshots Introduce Another New Character",
             "Blue Jays pitcher arrested after bar fight in Toronto"]
    r = c.clean(doc(TITLE, *PROSE, *heads))
    assert removed(r, "unrelated-headline") == heads
    assert r.text.startswith(TITLE)


@pytest.mark.parametrize("tail", [
    ["1) Lego Star Wars Bomber", "2) Electric Racing Track Set"],
    ["July 2 -- Mohegan Sun Arena, Uncasville, CT", "July 3 -- Xfinity Center, Mansfield, MA"],
    ["Training mission details for the coalition", "Ministers praise training progress"],
])
def test_lists_and_related_lines_in_the_tail_stay(c, tail):
    r = c.clean(doc(TITLE, *PROSE, *tail))
    assert all(t in r.text for t in tail), removed(r)


def test_a_lone_question_in_the_head_is_not_an_unrelated_headline(c):
    q = "Really, have you ever seen anything so gorgeous?"
    assert q in c.clean(doc(TITLE, q, *PROSE)).text


def test_caps_teaser_between_paragraphs(c):
    teaser = "SINGER ELIMINATED FROM THE DANCE SHOW AFTER A TENSE FINAL ROUND"
    sub = "HOW TO USE A WATER BATH CANNER"
    r = c.clean(doc(TITLE, PROSE[0], teaser, PROSE[1], sub, PROSE[2]))
    assert removed(r, "caps-teaser") == [teaser] and sub in r.text


def test_junk_run_takes_a_teaser_between_removed_lines(c):
    teaser = "Sorry, we could not find that page."
    lines = [TITLE, *PROSE, "Advertisement", teaser, "Advertisement", PROSE[0]]
    r = c.clean("\n".join(lines) + "\n")
    assert removed(r, "junk-run") == [teaser]


def test_navigation_run_removes_menus_not_bulleted_lists(c):
    menu = ["Home", "News", "Politics", "Business", "Sports", "Contact Us"]
    bullets = ["- flour", "- two eggs", "- milk", "- sugar", "- butter", "- salt"]
    r = c.clean("\n".join([TITLE, *menu, *PROSE, *bullets]) + "\n")
    assert removed(r, "navigation-run") == menu
    assert all(b in r.text for b in bullets)


def test_related_list_after_the_last_paragraph(c):
    links = ["- 15 Amazing Images of Distant Stars", "- 11 Fascinating Facts About Our Galaxy"]
    r = c.clean(doc(TITLE, *PROSE, *links))
    assert removed(r, "related-list") == links


def test_page_captions_from_html_remove_their_copies(c):
    cap = "Soldiers train near the base on Monday"
    r = c.clean(doc(TITLE, PROSE[0], cap, *PROSE[1:]), captions=[cap])
    assert removed(r, "page-caption") == [cap]


def test_deletion_budget_flags_and_keeps_prose(tmp_path):
    rules = tmp_path / "greedy.yml"
    rules.write_text(
        "rules:\n"
        "  - id: greedy\n"
        "    kind: drop\n"
        "    match: search\n"
        "    patterns: ['training']\n"
        "    examples:\n"
        "      drop: ['the training mission']\n"
        "      keep: ['the mission']\n", encoding="utf-8")
    text = doc(TITLE, *PROSE)
    r = Cleaner([rules], lang="en").clean(text)
    assert r.flagged and "deletion-budget" in r.flags[0]
    assert all(p in r.text for p in PROSE)
    assert {ch.action for ch in r.changes if ch.before in PROSE} == {"kept"}
    applied = Cleaner([rules], lang="en", skip=["deletion-budget"]).clean(text)
    assert not any(p in applied.text for p in PROSE)


def test_skip_turns_a_heuristic_off(c):
    heads = ["Fresh Final Fantasy Remake Screenshots Introduce Another New Character",
             "Blue Jays pitcher arrested after bar fight in Toronto"]
    text = doc(TITLE, *PROSE, *heads)
    assert all(h in Cleaner(lang="en", skip=["unrelated-headline"]).clean(text).text
               for h in heads)


def test_hard_wrapped_text_keeps_its_lines(c):
    para = ("The ministers agreed on Tuesday to expand the training mission in the\n"
            "country, officials in Brussels said after the meeting, and the mission will\n"
            "take over some of the coalition's training activities in the spring\n"
            "according to the statement. The coalition has trained local forces since\n"
            "2014, and the ministers praised the progress of the training so far\n"
            "in their statement on Tuesday.")
    text = doc(TITLE, para, "Home Depot Shares Surge After Earnings Beat Estimates",
               "Blue Jays pitcher arrested after bar fight in Toronto")
    r = c.clean(text)
    assert all(line in r.text for line in para.split("\n"))
    assert not removed(r, "unrelated-headline") and not removed(r, "junk-run")


def test_related_list_with_min_items_zero_judges_only_real_blocks(tmp_path):
    # an empty block is never a list: a zero threshold used to fail on it
    f = tmp_path / "s.yml"
    f.write_text("settings:\n  heuristics:\n    related-list:\n      min_items: 0\n",
                 encoding="utf-8")
    links = ["- 15 Amazing Images of Distant Stars", "- 11 Fascinating Facts About Our Galaxy"]
    r = Cleaner([f]).clean(doc(TITLE, *PROSE, *links))
    assert removed(r, "related-list") == links


def test_junk_run_leaves_a_sentence_of_a_short_article_alone(c):
    # too little article to tell a quote from a teaser by the words they share
    quote = '"We are hopeful," one official said, declining to be named.'
    text = doc("Talks resume in Geneva as ministers meet",
               "Talks resumed on Monday in Geneva, officials said, after weeks of delay.",
               "The ministers are expected to discuss trade, security and energy over two days.",
               "Advertisement", quote, "Read more: Ministers fail to agree on trade deal")
    r = c.clean(text)
    assert quote in r.text and removed(r) == [
        "Advertisement", "Read more: Ministers fail to agree on trade deal"]


def _with_settings(tmp_path, heuristic: str, **values) -> Cleaner:
    f = tmp_path / "s.yml"
    body = "".join(f"      {k}: {v}\n" for k, v in values.items())
    f.write_text(f"settings:\n  heuristics:\n    {heuristic}:\n{body}", encoding="utf-8")
    return Cleaner([f], lang="en")


def test_caps_teaser_thresholds_are_settings(c, tmp_path):
    # a row with two figures is a table row by default; allowing two makes it a teaser
    row = "SECOND QUARTER SALES ROSE 12 PERCENT IN 4 MARKETS WORLDWIDE"
    text = doc(TITLE, PROSE[0], row, *PROSE[1:])
    assert row in c.clean(text).text
    loose = _with_settings(tmp_path, "caps-teaser", max_digit_words=2)
    assert removed(loose.clean(text), "caps-teaser") == [row]
    # with a share of capitals above what the Korean letters leave, a mixed line stays
    mixed = "삼성전자 CEO 이재용 부회장 오늘 발표 내용 정리 및 향후 전망 CEO BOARD"
    text = doc(TITLE, PROSE[0], mixed, *PROSE[1:])
    assert mixed in c.clean(text).text
    low = _with_settings(tmp_path, "caps-teaser", min_capitals_share=0.1)
    assert removed(low.clean(text), "caps-teaser") == [mixed]


def test_related_list_thresholds_are_settings(c, tmp_path):
    # "Amazing", "Images", "Distant", "Stars" and "About" are long enough words by default
    links = ["- 15 amazing images of distant Stars", "- 11 fascinating facts about Our Galaxy"]
    assert not removed(c.clean(doc(TITLE, *PROSE, *links)), "related-list")
    short = _with_settings(tmp_path, "related-list", title_case_min_letters=2)
    assert not removed(short.clean(doc(TITLE, *PROSE, *links)), "related-list")
    filed = ["World Cup Qualifiers Europe Group Stage | Spain beat Italy in Madrid",
             "World Cup Qualifiers Europe Group Stage | France held to a draw in Kyiv"]
    assert not removed(c.clean(doc(TITLE, *PROSE, *filed)), "related-list")
    wide = _with_settings(tmp_path, "related-list", section_max_words=6)
    assert removed(wide.clean(doc(TITLE, *PROSE, *filed)), "related-list") == filed


def test_junk_run_lone_line_length_is_a_setting(c, tmp_path):
    lone = "It is what it is"  # no content word to compare
    text = "\n".join([TITLE, *PROSE, "Advertisement", lone, "Advertisement", PROSE[0]]) + "\n"
    assert lone in c.clean(text).text
    loose = _with_settings(tmp_path, "junk-run", lone_max_words=5)
    assert removed(loose.clean(text), "junk-run") == [lone]


@pytest.mark.parametrize("max_counts", [0, 10_000])
def test_captions_inside_other_lines_are_found_by_either_search(monkeypatch, max_counts):
    # `_stand_twice` must say what one `str.count` per candidate says, whichever way it runs
    import random

    from cleaner.heuristics import captions

    monkeypatch.setattr(captions, "_MAX_COUNTS", max_counts)
    rnd = random.Random(5)
    words = ["ab", "ba", "aba", "b", "news", "a", "|", "b|a"]  # a long line's key may hold "|"
    for _ in range(300):
        segs = [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 5)))
                for _ in range(rnd.randint(1, 12))]
        segs += [s + " " + s for s in rnd.sample(segs, min(2, len(segs)))]  # self-overlaps
        cands = set(rnd.sample(segs, rnd.randint(1, len(segs))))
        joined = " | ".join(segs)
        assert captions._stand_twice(segs, cands) == {c for c in cands if joined.count(c) >= 2}


def test_caption_inside_a_paragraph_goes_in_a_long_document(monkeypatch):
    from cleaner.heuristics import captions

    monkeypatch.setattr(captions, "_MAX_COUNTS", 0)  # the automaton, as for long documents
    caption = "Firefighters battle the blaze on the hillside above the town on Sunday"
    lines = ["Wildfire forces thousands to flee",
             "Crews worked through the night, officials said.",
             caption,
             f"{caption} as winds picked up, officials said in a statement that evening.",
             "Other text that stays as it is, with nothing repeated from elsewhere in it"]
    r = Cleaner(lang="en").clean("\n\n".join(lines))
    assert [(c.line, c.rule_id) for c in r.changes] == [(5, "duplicate-caption")]
