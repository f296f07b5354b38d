"""Language evidence: the article's sentences first, the text's start after, the model last."""
import pytest

from cleaner import Cleaner

MENU = "\n".join(f"* {w} (https://www.example.com/{w.lower()}/)"
                 for w in ("Home", "World", "Business", "Sports", "Opinion", "Science") * 8)
EN = ("The council voted on Tuesday to extend the program for another year.\n"
      "Officials said the money would come from the state and the city budgets.\n")
DE = ("Der Stadtrat hat am Dienstag beschlossen, das Programm um ein Jahr zu verlängern.\n"
      "Die Mittel sollen nach Angaben der Verwaltung aus dem Haushalt der Stadt kommen.\n")


@pytest.fixture(scope="module")
def guesser():
    return Cleaner().guesser


def test_menu_of_urls_does_not_outvote_the_article(guesser):
    # "com" is a Portuguese stopword: a start full of URLs used to read as Portuguese
    assert guesser.guess(MENU + "\n\n" + EN * 3)[0] == "en"
    assert guesser.guess(MENU + "\n\n" + DE * 3) == ("de", "stopwords")


def test_start_of_text_decides_when_no_line_is_sentence_like(guesser):
    text = "\n".join(["the council and the city of the state said that it was"] * 6)
    assert guesser.guess(text) == ("en", "stopwords")


def test_text_of_no_shipped_language(guesser):
    ko = "주말 밤 9시 방송사는 드라마의 대결로 붙는 경우가 흔하다. 현재 방송은 주연의 드라마로 승부를 보고 있다. " * 4
    assert guesser.guess(ko)[0] is None


def test_short_undecided_text_gets_the_default(guesser):
    assert guesser.guess("Snooze cruise") == ("en", "default")


def test_stopword_scores_count_every_token(guesser):
    toks = ["the", "the", "der", "und", "the"]
    n, hits = guesser._count(" ".join(toks))
    assert n == len(toks)
    scores = {lang: n for n, lang in guesser._ranked(hits)}
    assert scores["en"] == sum(t in guesser.stopwords["en"] for t in toks)
    assert scores["de"] == sum(t in guesser.stopwords["de"] for t in toks)


def test_prose_lines_from_the_caller_are_used(guesser):
    # the caller's sentence-like lines are the evidence; the start is only a fallback
    assert guesser.guess(MENU, prose=DE.splitlines() * 3) == ("de", "stopwords")
