from pathlib import Path

from newstables.build.furniture import load_rules
from newstables.build.segment import segment

EXPECTED_TITLES = {
    ("000_4ccbae7c6e67542b.txt", 0): None,  # the scrape starts at the first paragraph: no headline line
    ("001_0baa965ca67aa88a.txt", 0): "Iranian commander said to encourage increased attacks on US forces in Iraq",
    ("002_91cfde1fb6237a5f.txt", 0): "Iranian Commander Urged Escalation against US Forces at Iraq Meeting, Sources Say",
    ("002_91cfde1fb6237a5f.txt", 1): "Report: Pentagon Chief Hegseth Shared Sensitive Yemen War Plans in Second Signal Chat",
    ("003_8fc603492b25843d.txt", 0): "Iraq: Iran's competing power centres are creating havoc in the country",
    ("004_fed92de95dc0327d.txt", 0): "Iranian Commander Urged Escalation against US Forces at Iraq Meeting, Sources Say",
    ("004_fed92de95dc0327d.txt", 1): "France Accuses Iran of ‘Repression’ in Sentence for Nobel Laureate",
    ("004_fed92de95dc0327d.txt", 2): "Iran's Supreme Leader Urges Iranians to Show 'Resolve' against Foreign Pressure",
    ("004_fed92de95dc0327d.txt", 3): "UK PM's Communications Director Quits",
}
LONE_LINES = {"TT", "20", "Skip to main content", "Read More »", "Most Popular", "read more:"}
FURNITURE = ["newsletter", "Sign up to get", "Commenting is available", "republishing this content", "Confirm Mail",
             "(Reuters)", "(AFP)", "(AP)", "Illustrative:", "Photo by", "via REUTERS", "File Photo"]


def test_seeds_give_nine_stories_with_their_titles(seed_articles):
    got = {(a.source_file, a.story_index): a.title for a in seed_articles}
    assert got == EXPECTED_TITLES


def test_no_caption_or_promo_line_in_any_body(seed_articles):
    for a in seed_articles:
        assert not LONE_LINES & set(a.body.split("\n")), a.source_file
        for marker in FURNITURE:
            assert marker not in a.body, (a.source_file, marker)
        assert a.title is None or a.title not in a.body
        for caption in a.captions:
            assert caption not in a.body


def test_captions_subtitles_outlets_and_pull_quotes(seed_articles):
    by_key = {(a.source_file[:3], a.story_index): a for a in seed_articles}
    assert by_key[("002", 0)].captions == [
        "Blast walls of a sleeping quarters for US soldiers are seen at Ain al-Asad air base in Anbar province, "
        "Iraq January 13, 2020. (Reuters)"]
    assert by_key[("001", 0)].subtitle.startswith("Revolutionary Guards intelligence chief Hossein Taeb")
    assert by_key[("001", 0)].outlet == "The Times of Israel"
    assert by_key[("003", 0)].outlet == "Middle East Eye"
    mee = by_key[("003", 0)]
    assert len(mee.pull_quotes) == 4 and mee.pull_quotes[0]["attribution"] == "Iranian affairs specialist"
    assert "- Iranian affairs specialist" not in mee.body
    assert mee.body.rstrip().endswith("This tactic always pays off.\"")


def test_paragraph_offsets_and_headings(seed_articles):
    for a in seed_articles:
        for p in a.paragraphs:
            assert a.body[p["char_start"]:p["char_end"]].strip() == a.body[p["char_start"]:p["char_end"]]
    headings = [a.body[p["char_start"]:p["char_end"]] for a in seed_articles for p in a.paragraphs if p["is_heading"]]
    assert "US-Iranian rivalry" in headings and "TUMULTUOUS MOMENT FOR HEGSETH" in headings


def test_story_spans_point_into_the_raw_file(seed_articles):
    raw_dir = Path(__file__).resolve().parents[2] / "raw"
    for a in seed_articles:
        raw = (raw_dir / a.source_file).read_text(encoding="utf-8")
        for p in a.paragraphs:
            text = a.body[p["char_start"]:p["char_end"]]
            assert raw[p["source_start"]:p["source_start"] + len(text)].replace("\xa0", " ") == text
            assert a.source_start <= p["source_start"] < a.source_end


def test_a_page_of_only_furniture_has_no_story():
    assert segment("Skip to main content\n\nTT\n\nRead More »\n", load_rules()) == []


def test_every_line_of_the_seeds_is_kept_somewhere_or_is_furniture(seed_articles):
    """Nothing from the article itself is lost: a raw line missing from every body is furniture by the rules,
    a duplicate caption, a pull-quote attribution, or page footer (comment form, promo teaser)."""
    from newstables.build.segment import split_lines

    rules = load_rules()
    footer = {"The Times of Israel Community.", "Join The Times of Israel Community", "If you’d like to comment, join",
              "Iraq: Anger over killing of father of disappeared anti-government activist",
              "EXCLUSIVE: Iraq paramilitaries agree to stop attacks on US if Kadhimi demands withdrawal"}
    raw_dir = Path(__file__).resolve().parents[2] / "raw"
    for name in sorted({a.source_file for a in seed_articles}):
        stories = [a for a in seed_articles if a.source_file == name]
        bodies = "\n".join(a.body for a in stories)
        kept = {x for a in stories for x in (a.title, a.subtitle, *a.captions) if x}
        attributions = {f"- {q['attribution']}" for a in stories for q in a.pull_quotes}
        for line in split_lines((raw_dir / name).read_text(encoding="utf-8")):
            t = line.text
            if t in bodies or t in kept or t in attributions or t.strip("'‘’") in {
                    q["text"] for a in stories for q in a.pull_quotes}:
                continue
            assert rules.is_furniture(t) or rules.is_footer_marker(t) or rules.is_caption(t) or t in footer, (name, t)


def test_a_one_sentence_report_is_an_article():
    # No final full stop and headline-short: still the report itself, not a headline over nothing.
    report = ("The US warplanes pounded the village of Kashkash in the Southern parts of al-Shadadi city in "
              "Southern Hasaka, killing 6 civilians, including 2 women\n")
    [story] = segment(report, load_rules())
    assert story.title is None and [p.text for p in story.paragraphs] == [report.strip()]
    [story] = segment("Police seized guns and drugs at an armed raid on two homes in Sneinton", load_rules())
    assert len(story.paragraphs) == 1


def test_two_short_lines_keep_their_headline_and_body():
    [story] = segment("Mob lynches man in Alwar\n\nMob lynches Muslim man accused of cow smuggling\n", load_rules())
    assert story.title == "Mob lynches man in Alwar"
    assert [p.text for p in story.paragraphs] == ["Mob lynches Muslim man accused of cow smuggling"]


def test_a_menu_is_no_report_and_every_dropped_line_has_a_rule():
    assert segment("Home\n\nWorld\n\nContact us\n", load_rules()) == []
    [story] = segment(SEED_LIKE_PAGE, load_rules())
    rules = {rule for rule, _ in story.dropped}
    assert {"furniture-line", "lone-token", "footer-marker"} <= rules


SEED_LIKE_PAGE = """Militias step up attacks on US bases in Iraq

TT

Subscribe to our newsletter

Iraqi militias fired rockets at a base hosting US troops on Tuesday, officials said, the third attack this week.

The officials said nobody was hurt in the attack, which damaged a hangar and two vehicles at the base.

Comments
"""


def _story_block(headline: str, paragraphs: list[str]) -> str:
    """A headline and its paragraphs as scrapes print them: set off by a run of blank lines."""
    return "\n\n\n\n".join([headline, "\n\n".join(paragraphs)])


MAYOR = [
    "Surrey Mayor Doug McCallum told council on Monday that the city could build the SkyTrain line to Langley for "
    "less than TransLink says, if crews worked around the clock seven days a week.",
    "TransLink said it has done no such study, and political scientist Hamish Telford of the University of the "
    "Fraser Valley said McCallum was making the best case he could for his promises.",
]
MAYOR_DEBT = [
    "McCallum also said Surrey carries $514 million in debt, while city records show the debt load of Surrey was "
    "about half that amount when the previous council left office.",
    "Telford said new councils in Canada often say the books are worse than they thought, and that McCallum is "
    "using the debt figure to justify cutting the rink and the library projects.",
]
STORM = [
    "A winter storm knocked out power to 40,000 homes across Nova Scotia and New Brunswick overnight, and Halifax "
    "schools stayed closed on Thursday as crews cleared fallen trees.",
    "Nova Scotia Power said most customers in Dartmouth and Truro should have their lights back by Friday evening, "
    "while Environment Canada warned of more snow for Cape Breton.",
    "Premier Tim Houston urged drivers to stay off the roads until the plows had been through.",
]


def test_a_subheading_after_blank_lines_stays_in_its_story():
    # Articles set their subheadings off with blank lines; the section below names the same people and places.
    text = _story_block("Surrey mayor's claims do not add up", MAYOR) + "\n\n\n\n" + _story_block(
        "Overstating Surrey's debt", MAYOR_DEBT)
    [story] = segment(text, load_rules())
    assert story.title == "Surrey mayor's claims do not add up"
    assert "Overstating Surrey's debt" in [p.text for p in story.paragraphs]
    assert story.paragraphs[-1].text == MAYOR_DEBT[-1]


def test_an_appended_unrelated_story_after_blank_lines_is_a_new_story():
    # No headline printed twice: the change of topic (other names, other places) is the evidence.
    text = _story_block("Surrey mayor's claims do not add up", MAYOR) + "\n\n\n\n" + _story_block(
        "Storm leaves thousands in the dark", STORM)
    first, second = segment(text, load_rules())
    assert (first.title, second.title) == ("Surrey mayor's claims do not add up", "Storm leaves thousands in the dark")
    assert [p.text for p in second.paragraphs] == STORM


def test_a_byline_or_dateline_below_a_headline_after_blank_lines_starts_a_story():
    # The story below names too few people and places to judge its topic; its byline or dateline tells.
    quiet = ["The committee met for three hours on Wednesday and agreed on nothing except to meet again next week, "
             "members said after the closed session ended late in the evening.",
             "Members said the talks had been cordial but slow, and that the two sides remained far apart on the "
             "question of how the money should be shared out over the coming years."]
    for lead in (["By Jane Smith"], ["OTTAWA — " + quiet[0], quiet[1]]):
        text = _story_block("Surrey mayor's claims do not add up", MAYOR) + "\n\n\n\n" + _story_block(
            "Talks stall again", lead + quiet[len(lead) - 1:])
        assert [s.title for s in segment(text, load_rules())] == ["Surrey mayor's claims do not add up",
                                                                  "Talks stall again"]


def test_a_later_story_needs_a_body_of_its_own():
    from newstables.build.segment import Paragraph, Story, _is_teaser

    def story(*texts):
        return Story(index=1, source_start=0, source_end=0, title="Company Town",
                     paragraphs=[Paragraph(t, 0, False) for t in texts])

    teaser = "Boeing got 50 orders for the 737 Max during the Dubai Airshow, building momentum for the grounded jet."
    assert _is_teaser(story(teaser))  # one line linking to another page
    assert _is_teaser(story(" ".join(["word"] * 60) + "."))  # long, but one sentence: a blurb
    brief = ("MADRID — Spain won the Davis Cup on Sunday. Rafael Nadal beat Denis Shapovalov in straight sets to "
             "seal the title in front of a home crowd that had waited eight years for it.")
    assert not _is_teaser(story(brief))  # a short news brief is a story


def test_a_one_word_label_never_starts_a_story():
    prose = ("The storm pushed water over the sea wall on Tuesday night, flooding streets in the old town and "
             "forcing dozens of families to leave their homes before dawn, officials said.")
    other = ("Shares of the company fell sharply on Wednesday after it reported lower profits than analysts had "
             "expected for the third quarter in a row, and its chief executive said more cuts would follow.")
    page = (f"Storm floods the old town\n\nStorm floods the old town\n\n{prose}\n\n{prose}\n\n{prose}\n\n\n\n"
            f"Business\n\nBusiness\n\n{other}\n\n{other}\n")
    assert [s.title for s in segment(page)] == ["Storm floods the old town"]


BRIDGE = [
    "The city council voted 7-2 on Tuesday to replace the Elm Street bridge, ending three years of debate over "
    "whether the 1950s span could be repaired instead.",
    "Engineers told the council that the deck had corroded faster than expected and that repairs would only buy "
    "the city another decade, at about half the cost of a new bridge.",
    "Construction is expected to start next spring and close the crossing for eighteen months, officials said.",
]
def _single_body(page: str) -> list[str]:
    [story] = segment(page, load_rules())
    return [p.text for p in story.paragraphs]


COMMENT = ("I have driven over that bridge every day for {} years and I can tell you that the council has known "
           "about the problem for a very long time, and every year they said they would fix it next year, and every "
           "year nothing happened while the potholes got bigger and the railings rusted away. ")


def test_a_long_comment_thread_does_not_outweigh_the_article_above_it():
    # each comment longer than the article; together far longer
    thread = "\n\n".join(f"Reader {n}\n\nMarch {n}, 2021 at 9:1{n} am\n\n{COMMENT.format(n * 10) * 2}"
                         for n in range(1, 4))
    page = "Council votes to replace Elm Street bridge\n\n" + "\n\n".join(BRIDGE) + "\n\n3 responses to “Council " \
           "votes to replace Elm Street bridge”\n\n" + thread
    assert _single_body(page) == BRIDGE


def test_a_comments_button_in_a_share_bar_is_no_barrier():
    # share bars sit above the article as often as below it; their 'Comments' button heads no thread
    page = ("Council votes to replace Elm Street bridge\n\nFacebook\nTwitter\nComments\nEmail\n\n" + BRIDGE[0] +
            "\n\nFacebook\nTwitter\nComments\nEmail\n\n" + "\n\n".join(BRIDGE[1:]))
    assert _single_body(page) == BRIDGE


def test_the_first_paragraph_right_below_a_timestamp_stays_in_the_body():
    page = "Council votes to replace Elm Street bridge\n\nBy Ann Lee\n\n2 hours ago\n\n" + "\n\n".join(BRIDGE)
    assert _single_body(page) == BRIDGE


def test_headline_led_teaser_lines_are_not_body():
    from newstables.build.segment import has_headline_lead

    teasers = ("Bakery Owner Says Thieves Took Cash From The Till Overnight Police are asking anyone who saw a van "
               "near the shop on Monday night to call them.", "Ferry Service To Resume On Friday After Storm Repairs "
               "The operator said the first crossing would leave at 7 a.m. and honour tickets for cancelled sailings.")
    assert all(has_headline_lead(t) for t in teasers)
    for prose in ["On The Late Show on Monday, the senator said she would vote against the bill, her aides said.",
                  "BERLIN — The European Space Agency said on Monday it would delay the launch of the probe.",
                  "10. RYAN ADAMS IN HOT WATER IN OHIO.", BRIDGE[0]]:
        assert not has_headline_lead(prose), prose
    page = "\n\n".join(["Council votes to replace Elm Street bridge", *BRIDGE, "Latest Headlines", *teasers])
    assert _single_body(page) == BRIDGE


def test_the_article_printed_again_in_one_block_is_dropped():
    # schema.org 'articleBody', print and AMP copies: the whole text again as one line below the article
    page = "\n\n".join(["Council votes to replace Elm Street bridge", *BRIDGE, "Ann Lee", " ".join(BRIDGE)])
    [story] = segment(page, load_rules())
    assert ("repeated-text", " ".join(BRIDGE)) in story.dropped and _single_body(page) == BRIDGE


def test_a_headline_ending_in_a_full_stop_is_the_title():
    page = ("Mayor Calls Snap Vote on Harbour Plan After Month of Protests.\n\n"
            "The mayor called a council vote for Friday on the harbour plan, after four weeks of protests outside "
            "city hall by fishermen and residents.\n\n"
            "The plan would move the ferry terminal and build 400 flats on the old quay, officials said on Monday.\n")
    story = segment(page, load_rules())[0]
    assert story.title == "Mayor Calls Snap Vote on Harbour Plan After Month of Protests."
    assert story.subtitle is None
    assert story.paragraphs[0].text.startswith("The mayor called a council vote")


def test_a_lede_ending_in_a_closing_quote_is_body_not_standfirst():
    page = ("Storm Closes Schools Across the North\n\n"
            "The education minister said on Tuesday that schools would stay shut \u201cuntil the roads are safe.\u201d\n\n"
            "Snow drifts of two metres were reported in the hills, and power was cut to 12,000 homes overnight.\n")
    story = segment(page, load_rules())[0]
    assert story.title == "Storm Closes Schools Across the North" and story.subtitle is None
    assert story.paragraphs[0].text.startswith("The education minister said")
