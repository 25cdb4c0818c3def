"""Split a raw page text into stories, and each story into title, subtitle, captions and body paragraphs.

Scraped page text puts one paragraph per line. A new story starts at a headline-like line that
either follows a run of blank lines or is repeated a few lines later (pages print the headline
again above the photo). Everything that is not article text is kept apart: captions in their own
list, pull-quotes in theirs, and furniture (promo, newsletter, comment forms) dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newstables.build.furniture import FurnitureRules, load_rules

TITLE_MAX_WORDS = 25
HEADING_MAX_WORDS = 12
REPEAT_WINDOW = 8  # lines within which a repeated headline marks a story's top
SENTENCE_END = tuple('.!?:;,"”’')
PULL_QUOTE = re.compile(r"^['‘](.+)['’]$")
PULL_QUOTE_ATTRIBUTION = re.compile(r"^[-–—]\s*(\w.*)$")


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
    outlet: str | None = None
    captions: list[str] = field(default_factory=list)
    pull_quotes: list[dict] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)


def _fold(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def split_lines(text: str) -> list[Line]:
    lines, offset, blanks = [], 0, 0
    for raw in text.splitlines(keepends=True):
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


def is_headline(text: str, max_words: int = TITLE_MAX_WORDS) -> bool:
    words = text.split()
    return (2 <= len(words) <= max_words or (len(words) == 1 and len(text) > 3 and text[0].isupper())) \
        and not text.endswith(SENTENCE_END[:6]) and (text[0].isupper() or text[0].isdigit() or text[0] in "'‘\"“")


def _story_starts(lines: list[Line], rules: FurnitureRules) -> list[int]:
    starts, title = [0], None
    for i, line in enumerate(lines):
        if rules.is_furniture(line.text) or rules.is_caption(line.text):
            continue
        if title is None and is_headline(line.text):
            title = line.text
            continue
        if i == 0 or line.text == title or not is_headline(line.text):
            continue
        repeated = any(other.text == line.text for other in lines[i + 1:i + 1 + REPEAT_WINDOW])
        if repeated or line.blanks_before >= 2:
            starts.append(i)
            title = line.text
    return starts


def _is_image_title(line: Line, nxt: Line | None, rules: FurnitureRules) -> bool:
    """A short headline-like line printed right above a caption is the image's own title."""
    return (nxt is not None and nxt.blanks_before == 0 and rules.is_caption(nxt.text)
            and is_headline(line.text, HEADING_MAX_WORDS))


def _assemble(index: int, lines: list[Line], end: int, rules: FurnitureRules) -> Story:
    story = Story(index=index, source_start=lines[0].start, source_end=end)
    first = next((ln for ln in lines if not rules.is_furniture(ln.text) and not rules.is_caption(ln.text)), None)
    if first is not None and is_headline(first.text):
        story.title = first.text
    in_footer = False
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        text = line.text
        if in_footer or rules.is_footer_marker(text):
            in_footer = True
            story.furniture.append(text)
        elif rules.is_furniture(text) or (nxt is not None and rules.is_furniture(nxt.text)
                                          and "read more" in nxt.text.lower()):
            story.furniture.append(text)  # furniture, or a promo teaser headline above 'Read More »'
        elif text == story.title and not story.paragraphs:
            continue  # the headline, or its repeat above the photo
        elif nxt is not None and nxt.text.startswith(text) and rules.is_caption(nxt.text):
            continue  # image alt text, repeated in full by the caption below it
        elif rules.is_caption(text) or _is_image_title(line, nxt, rules):
            if _fold(text) not in {_fold(c) for c in story.captions}:
                story.captions.append(text)  # pages print each caption twice, sometimes re-punctuated
        elif PULL_QUOTE.match(text) and nxt is not None and PULL_QUOTE_ATTRIBUTION.match(nxt.text):
            story.pull_quotes.append({"text": PULL_QUOTE.match(text).group(1),
                                      "attribution": PULL_QUOTE_ATTRIBUTION.match(nxt.text).group(1)})
        elif story.pull_quotes and PULL_QUOTE_ATTRIBUTION.match(text) and i > 0 and PULL_QUOTE.match(lines[i - 1].text):
            continue  # the attribution line of the pull-quote just taken
        elif (story.title and story.subtitle is None and not story.paragraphs and not text.endswith(SENTENCE_END[:3])
              and len(text.split()) >= 6):
            story.subtitle = text
        elif story.subtitle is not None and text == story.subtitle and not story.paragraphs:
            continue
        else:
            heading = is_headline(text, HEADING_MAX_WORDS) and nxt is not None
            story.paragraphs.append(Paragraph(text, line.start, heading))
    for text in story.furniture:
        story.outlet = story.outlet or rules.outlet_named_in(text)
    return story


def segment(text: str, rules: FurnitureRules | None = None) -> list[Story]:
    """All stories in one decoded raw file, in order. A story with no body paragraph is dropped."""
    rules = rules or load_rules()
    lines = split_lines(text)
    if not lines:
        return []
    starts = _story_starts(lines, rules)
    stories = []
    for n, (a, b) in enumerate(zip(starts, starts[1:] + [len(lines)])):
        end = lines[b].start if b < len(lines) else len(text)
        story = _assemble(n, lines[a:b], end, rules)
        if story.paragraphs:
            stories.append(story)
    for i, story in enumerate(stories):
        story.index = i
    return stories
