"""What event merging reads of the articles, taken once per build."""

from __future__ import annotations

from dataclasses import dataclass, field

from newstables.build.extract.places import geocode_dateline
from newstables.build.pubdate import dateline_place


@dataclass(frozen=True)
class Reports:
    """Grouping, regrouping and the event rows share it: the original each article repeats (itself, unless it is a
    syndicated copy), its outlet, its story cluster (`story_id`, set by link/stories.py before events merge) and
    the place of its dateline, geocoded (None when the body opens with no dateline or it names no known place)."""

    original: dict[str, str]
    outlet: dict[str, str | None]
    story: dict[str, str | None] = field(default_factory=dict)
    dateline: dict[str, dict | None] = field(default_factory=dict)

    @classmethod
    def of(cls, articles: list[dict]) -> Reports:
        def place(a: dict) -> dict | None:
            found = dateline_place(a.get("body") or "")
            return geocode_dateline(*found) if found else None

        return cls({a["article_id"]: a["duplicate_of"] or a["article_id"] for a in articles},
                   {a["article_id"]: a["outlet"] for a in articles},
                   {a["article_id"]: a.get("story_id") for a in articles},
                   {a["article_id"]: place(a) for a in articles})
