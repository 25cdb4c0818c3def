"""Split a raw page text into stories, and each story into title, subtitle, captions and body paragraphs.

Scraped page text puts one paragraph per line. A new story starts at a headline-like line that is
repeated a few lines later (pages print the headline again above the photo), or that follows a run
of blank lines and has a byline, a dateline or a change of topic below it (a subheading has none).
Everything that is not article text is kept apart: captions in their own list, pull-quotes in
theirs, and furniture (promo, newsletter, comment forms) dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newstables.build.furniture import FurnitureRules, load_rules
from newstables.build.config import CONFIG

ENDS_SENTENCE = re.compile(r"[.!?。！？][\"”’)」]*$")  # a standfirst has no sentence stop at its end, quoted or not
HEADLINE_STOP = tuple(".!?:;,")  # a headline or heading ends with none of these
CONTENT_END = tuple('.!?"”’)。！？」')
SENTENCE_END = re.compile(r"[.!?。！？](?:[\"”’)」]*)(?:\s|$)")  # a sentence's last mark, closing quotes included
SENTENCE_SPLIT = re.compile(r"(?<=[.!?。！？])[\"”’)」]*\s+")  # between sentences, closing quotes kept left
NEWLINE = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")
PULL_QUOTE = re.compile(r"^['‘](.+)['’]$")
PULL_QUOTE_ATTRIBUTION = re.compile(r"^[-–—]\s*(\w.*)$")
# 'OTTAWA —', 'WASHINGTON (Reuters) -', 'LONDON, Ont. –': the place an agency story was filed from opens its lede
PLACE_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,}(?:,\s*[A-Z][\w.]*)*\s*(?:\([^)]{1,30}\))?\s*[-–—]\s")
# a capitalised word inside a sentence: a name, place or organisation (sentence-initial words are skipped)
NAME = re.compile(r"(?<![.!?:“\"]\s)(?<!^)(?<![“\"‘])\b[A-Z][\w’'-]*[a-z][\w’'-]*")
# short words a headline capitalises and a sentence does not ('Leave Without Paying $690 Bill At Troy Steakhouse');
# articles are left out, as names of shows and books start with them ('On The Steve Harvey Show, she said')
HEADLINE_CASE_WORDS = frozenset("""and are as at by for from in into is of on or over to with without""".split())
TITLE_WORD = re.compile(r"[^\W\d_][\w’'-]*")
CALENDAR_WORDS = frozenset("""january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday""".split())
BYLINE = re.compile(r"^(?:by|posted by|written by|words by)\s+([A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|al-\w+)){0,6})"
                    r"\s*(?:[,|–—-].{0,60})?$", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    text: str  # stripped, with no-break spaces made plain
    start: int  # char offset of `text` in the decoded raw file
    blanks_before: int


@dataclass
class Paragraph:
    text: str
    source_start: int
    is_heading: bool


@dataclass
class Story:
    index: int
    source_start: int
    source_end: int
    title: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    outlet: str | None = None
    captions: list[str] = field(default_factory=list)
    pull_quotes: list[dict] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (rule, line): every line left out, and why
    preamble: list[str] = field(default_factory=list)  # non-body lines above the body (datelines live here)


def _fold(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def split_lines(text: str) -> list[Line]:
    lines, offset, blanks = [], 0, 0
    for raw in NEWLINE.split(text):  # str.splitlines would also split on \x0b, \x1c-\x1e, \x85, \u2028
        content = raw.rstrip("\r\n")
        stripped = content.replace("\xa0", " ").strip()
        if stripped:
            lead = len(content) - len(content.replace("\xa0", " ").lstrip())
            lines.append(Line(stripped, offset + lead, blanks))
            blanks = 0
        else:
            blanks += 1
        offset += len(raw)
    return lines


def is_headline(text: str, max_words: int = CONFIG.segment.title_max_words) -> bool:
    words = text.split()
    return (2 <= len(words) <= max_words or (len(words) == 1 and len(text) > 3 and text[0].isupper())) \
        and not text.endswith(HEADLINE_STOP) and (text[0].isupper() or text[0].isdigit() or text[0] in "'‘\"“")


def is_stopped_headline(text: str) -> bool:
    """A headline some outlets end with a full stop ('Stealth Over Health: Clinton Was Headed to ER But Diverted.'):
    one short sentence whose longer words are nearly all capitalised, as no prose sentence is."""
    words = [w for w in TITLE_WORD.findall(text) if len(w) >= 4]
    return text.endswith(".") and not SENTENCE_END.search(text[:-1]) and \
        len(text.split()) <= CONFIG.segment.title_max_words and len(words) >= 3 and \
        sum(w[0].isupper() for w in words) >= CONFIG.segment.title_case_share * len(words)


def line_size(text: str) -> int:
    """Words, or for scripts written without spaces (CJK) about six characters per word."""
    return max(len(text.split()), len(text) // 6)


def is_content(text: str) -> bool:
    """A line that reads as article prose rather than navigation, labels or headlines."""
    size = line_size(text)
    return size >= 15 or (size >= 7 and text.endswith(CONTENT_END))


def has_headline_lead(text: str) -> bool:
    """A line that opens with a headline in Title Case, capitalised short words and all, as teaser lists print a
    linked headline run into its blurb ('Customers Leave Without Paying At Troy Steakhouse A party of six left...').
    Prose opens with at most a name; a dateline ('BERLIN —', '(Reuters) —') opens in capitals or a bracket."""
    words = text.split()
    if not words or not (words[0][0].isdigit() or (words[0][0].isupper() and any(c.islower() for c in words[0]))):
        return False
    run = next((i for i, w in enumerate(words) if not (w[0].isupper() or w[0].isdigit() or w[0] in "$£€‘'“\"")),
               len(words))
    return run >= CONFIG.segment.headline_lead_min_words and any(
        w.istitle() and w.lower() in HEADLINE_CASE_WORDS for w in words[1:run])  # 'In', not 'IN' of a caps line


def _has_story_body(lines: list[Line]) -> bool:
    """A real story follows: at least two prose lines and 60 words before the next story-like break."""
    prose = []
    for line in lines:
        if line.blanks_before >= 2 and is_headline(line.text) and prose:
            break
        if is_content(line.text):
            prose.append(line_size(line.text))
    return len(prose) >= 2 and sum(prose) >= 60


def _story_starts(lines: list[Line], rules: FurnitureRules) -> list[int]:
    """A story starts at a headline with evidence of a new story below it (see _new_story_evidence), once the
    story before it has prose of its own (menus printed twice at a page's top are not stories)."""
    starts, title, has_prose = [0], None, False
    for i, line in enumerate(lines):
        if rules.is_furniture(line.text) or rules.is_caption(line.text) or rules.is_footer_marker(line.text):
            continue
        if is_content(line.text):
            has_prose = True
            continue
        if title is None and is_headline(line.text):
            title = line.text
            continue
        if not has_prose or line.text == title or not is_headline(line.text) \
                or len(line.text.split()) < CONFIG.segment.story_title_min_words:
            continue
        if _new_story_evidence(lines, i, starts[-1]) and _has_story_body(lines[i + 1:]):
            starts.append(i)
            title, has_prose = line.text, False
    return starts


def _new_story_evidence(lines: list[Line], i: int, story_start: int) -> bool:
    """A headline block printed twice starts a story. A headline after a run of blank lines does so only with a
    byline or dateline below it, or when its text is about other people and places than the story so far:
    articles set their subheadings off with blank lines too."""
    if _repeated_headline(lines, i):
        return True
    below = lines[i + 1:i + 1 + CONFIG.segment.new_story_lead_lines]
    return lines[i].blanks_before >= 2 and (
        any(BYLINE.match(ln.text) or PLACE_DATELINE.match(ln.text) for ln in below)
        or _topic_break(lines[story_start:i], lines[i + 1:]))


def _repeated_headline(lines: list[Line], i: int) -> bool:
    """Pages print a story's headline again above its photo."""
    return any(other.text == lines[i].text for other in lines[i + 1:i + 1 + CONFIG.segment.repeat_window_lines])


def _names(lines: list[Line]) -> set[str]:
    """Capitalised words inside sentences, folded, less month and weekday names (every story has some)."""
    found = {re.sub(r"[’']s$", "", m.group(0)).lower() for ln in lines for m in NAME.finditer(ln.text)}
    return found - CALENDAR_WORDS


def _topic_break(before: list[Line], after: list[Line]) -> bool:
    """The first prose lines below name people, places and bodies that the story so far mostly never named."""
    lead = [ln for ln in after if is_content(ln.text)][:CONFIG.segment.topic_lead_lines]
    names = _names(lead)
    if len(names) < CONFIG.segment.topic_min_names:
        return False  # too few names to tell a new topic from a subheading's
    return len(names & _names(before)) / len(names) < CONFIG.segment.topic_break_max_shared


def main_region(paragraphs: list[Paragraph], barriers: set[int] = frozenset()) -> tuple[int, int]:
    """The stretch of paragraphs with the most prose: a maximum-sum run where prose lines add their size and
    short lines (menus, labels) and headline-led teaser lines subtract (body-text extraction after Finn et al.).
    Crossing a barrier (a footer marker seen before paragraph i) costs as much as a long paragraph, and a run that starts
    below a barrier with prose above it weighs half when runs are compared: it is most often a comment thread or
    a 'related' list, whose long comments must not outweigh the shorter article above them. Returns (start, end)."""
    best = current = 0
    start = best_start = best_end = 0
    seen_prose = below_footer = start_below_footer = False
    for i, p in enumerate(paragraphs):
        size = line_size(p.text)
        prose = is_content(p.text) and not has_headline_lead(p.text)
        below_footer = below_footer or (i in barriers and seen_prose)
        seen_prose = seen_prose or prose
        value = size if prose else -(CONFIG.segment.short_line_penalty + size)
        if current <= 0:  # a run may start right below a barrier; only crossing one costs
            current, start, start_below_footer = value, i, below_footer
        else:
            current += value - (CONFIG.segment.barrier_penalty if i in barriers else 0)
        if (current / 2 if start_below_footer else current) > best:
            best, best_start, best_end = current / 2 if start_below_footer else current, start, i + 1
    return best_start, best_end


def _in_widget_bar(lines: list[Line], i: int, rules: FurnitureRules) -> bool:
    """A footer marker between two furniture lines is a button of a share bar ('Facebook / Twitter / Comments /
    Print'), which sits above the article as often as below it, not the head of a comment thread."""
    return 0 < i < len(lines) - 1 and rules.is_furniture(lines[i - 1].text) and rules.is_furniture(lines[i + 1].text)


def _is_image_title(line: Line, nxt: Line | None, rules: FurnitureRules) -> bool:
    """A short headline-like line printed right above a caption is the image's own title."""
    return (nxt is not None and nxt.blanks_before == 0 and rules.is_caption(nxt.text)
            and is_headline(line.text, CONFIG.segment.heading_max_words))


def _assemble(index: int, lines: list[Line], end: int, rules: FurnitureRules) -> Story:
    story = Story(index=index, source_start=lines[0].start, source_end=end)
    title_line = subtitle_line = None
    first = next((ln for ln in lines if not rules.is_furniture(ln.text) and not rules.is_caption(ln.text)), None)
    if first is not None and (is_headline(first.text) or is_stopped_headline(first.text)):
        story.title = first.text
        title_line = first
    barriers: set[int] = set()
    seen: set[str] = set()
    seen_sentences: set[str] = set()
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        text = line.text
        if not story.paragraphs and not rules.is_caption(text):
            story.preamble.append(text)
        if rules.is_footer_marker(text):
            if not _in_widget_bar(lines, i, rules):
                barriers.add(len(story.paragraphs))  # comment forms, 'Most popular' lists: prose rarely crosses them
            story.dropped.append(("footer-marker", text))
        elif rules.is_furniture(text):
            story.dropped.append((rules.furniture_rule(text), text))
        elif nxt is not None and rules.is_furniture(nxt.text) and "read more" in nxt.text.lower():
            story.dropped.append(("promo-teaser", text))  # a teaser headline above 'Read More »'
        elif text == story.title and not story.paragraphs:
            if i > 0 and any(ln.text == text for ln in lines[:i]):
                story.dropped.append(("repeated-headline", text))  # its repeat above the photo
        elif nxt is not None and nxt.text.startswith(text) and rules.is_caption(nxt.text):
            story.dropped.append(("image-alt-text", text))  # repeated in full by the caption below it
        elif rules.is_caption(text) or _is_image_title(line, nxt, rules):
            if _fold(text) not in {_fold(c) for c in story.captions}:
                story.captions.append(text)  # pages print each caption twice, sometimes re-punctuated
        elif PULL_QUOTE.match(text) and nxt is not None and PULL_QUOTE_ATTRIBUTION.match(nxt.text):
            story.pull_quotes.append({"text": PULL_QUOTE.match(text).group(1),
                                      "attribution": PULL_QUOTE_ATTRIBUTION.match(nxt.text).group(1)})
        elif story.pull_quotes and PULL_QUOTE_ATTRIBUTION.match(text) and i > 0 and PULL_QUOTE.match(lines[i - 1].text):
            continue  # the attribution line of the pull-quote just taken
        elif story.byline is None and len(story.paragraphs) < 3 and BYLINE.match(text):
            story.byline = BYLINE.match(text).group(1).strip()
        elif (story.title and story.subtitle is None and not story.paragraphs and not ENDS_SENTENCE.search(text)
              and len(text.split()) >= 6):
            story.subtitle, subtitle_line = text, line
        elif story.subtitle is not None and text == story.subtitle and not story.paragraphs:
            continue
        elif _fold(text) in seen:
            story.dropped.append(("repeated-line", text))  # printed twice (metadata blocks, AMP copies)
        elif _repeats_sentences(text, seen_sentences):
            story.dropped.append(("repeated-text", text))
        else:
            seen.add(_fold(text))
            seen_sentences.update(_sentences(text))
            heading = is_headline(text, CONFIG.segment.heading_max_words) and nxt is not None
            story.paragraphs.append(Paragraph(text, line.start, heading))
    start, end = main_region(story.paragraphs, barriers)
    if start == end:
        _keep_short_report(story, title_line, subtitle_line)
    else:
        story.dropped += [("outside-main-region", p.text) for p in story.paragraphs[:start] + story.paragraphs[end:]]
        story.paragraphs = story.paragraphs[start:end]
    for _, text in story.dropped:
        story.outlet = story.outlet or rules.outlet_named_in(text)
    return story


def _sentences(text: str) -> set[str]:
    return {_fold(t) for t in SENTENCE_SPLIT.split(text) if t.strip()}


def _repeats_sentences(text: str, seen: set[str]) -> bool:
    """A paragraph of several sentences nearly all printed above: the article again in one block (a schema.org
    articleBody, a print or AMP copy, a summary of the bullet points above), which pages of every outlet carry."""
    sentences = _sentences(text)
    return len(sentences) >= CONFIG.segment.repeat_min_sentences and \
        len(sentences & seen) >= CONFIG.segment.repeat_share * len(sentences)


def _keep_short_report(story: Story, title_line: Line | None, subtitle_line: Line | None) -> None:
    """Main-region selection needs some prose to weigh menus against. A one- or two-sentence report (often
    with no final full stop, so it reads like a headline) has none: all its lines are the body, and with no
    other line the standfirst, else the lone headline, is the report itself. Lines of a few words each (a
    menu) are no report."""
    if not story.paragraphs and subtitle_line is not None:
        story.paragraphs, story.subtitle = [Paragraph(subtitle_line.text, subtitle_line.start, False)], None
    elif not story.paragraphs and title_line is not None:
        story.paragraphs, story.title = [Paragraph(title_line.text, title_line.start, False)], None
    if not any(len(p.text.split()) >= CONFIG.segment.short_report_min_words for p in story.paragraphs):
        story.dropped += [("no-prose", p.text) for p in story.paragraphs]
        story.paragraphs = []
    for p in story.paragraphs:
        p.is_heading = False


def single_story(text: str, rules: FurnitureRules | None = None) -> list[Story]:
    """Text already reduced to one article (HTML extraction, a JSONL record): keep every line that is not
    furniture or a caption, with no story splitting or main-region selection."""
    rules = rules or load_rules()
    lines = split_lines(text)
    story = Story(index=0, source_start=lines[0].start if lines else 0, source_end=len(text))
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if rules.is_furniture(line.text):
            story.dropped.append((rules.furniture_rule(line.text), line.text))
        elif rules.is_caption(line.text):
            story.captions.append(line.text)
        else:
            heading = is_headline(line.text, CONFIG.segment.heading_max_words) and nxt is not None
            story.paragraphs.append(Paragraph(line.text, line.start, heading))
    return [story] if any(ch.isalnum() for p in story.paragraphs for ch in p.text) else []


def _is_teaser(story: Story) -> bool:
    """Too little body for a story of its own: a section's teaser list or a site blurb below the main story."""
    prose = [p.text for p in story.paragraphs if not p.is_heading]
    words = sum(len(t.split()) for t in prose)
    sentences = sum(len(SENTENCE_END.findall(t)) for t in prose)
    return words < CONFIG.segment.later_story_min_words or sentences < CONFIG.segment.later_story_min_sentences


def segment(text: str, rules: FurnitureRules | None = None) -> list[Story]:
    """All stories in one decoded raw file, in order. A story with no body paragraph is dropped; its lines are
    counted as dropped on the file's last story, so every line stays accounted for."""
    rules = rules or load_rules()
    lines = split_lines(text)
    if not lines:
        return []
    starts = _story_starts(lines, rules)
    stories, orphans = [], []
    for n, (a, b) in enumerate(zip(starts, starts[1:] + [len(lines)])):
        end = lines[b].start if b < len(lines) else len(text)
        story = _assemble(n, lines[a:b], end, rules)
        if not any(ch.isalnum() for p in story.paragraphs for ch in p.text):
            orphans += story.dropped + [("story-without-prose", t) for t in [story.title, *story.captions] if t]
        elif stories and _is_teaser(story):
            orphans += story.dropped + [("teaser-story", t) for t in [story.title, story.subtitle, story.byline,
                                                               *story.captions, *(p.text for p in story.paragraphs)]
                                        if t]
        else:
            stories.append(story)
    if stories:
        stories[-1].dropped.extend(orphans)
    for i, story in enumerate(stories):
        story.index = i
    return stories
