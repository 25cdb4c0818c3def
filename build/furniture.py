"""Page furniture: the rules (from data/boilerplate.yaml) that tell captions, promo and footers from article text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_RULES = Path(__file__).parent / "data" / "boilerplate.yaml"


@dataclass(frozen=True)
class FurnitureRules:
    footer_markers: tuple[re.Pattern, ...]
    lines: tuple[tuple[re.Pattern, int], ...]
    caption_credit: re.Pattern
    caption_lines: tuple[re.Pattern, ...]
    outlets: tuple[tuple[str, re.Pattern], ...]
    share_networks: re.Pattern

    def _is_share_bar(self, line: str) -> bool:
        """A row of share buttons in any language ('Whatsapp Facebook Pint Baixar', 'Partager Facebook Twitter'):
        two or more network names making up half the line's words, and no sentence stop."""
        words = line.split()
        networks = len(self.share_networks.findall(line))
        return networks >= 2 and 2 * networks >= len(words) and not line.endswith((".", "!", "?"))

    def is_footer_marker(self, line: str) -> bool:
        return any(p.search(line) for p in self.footer_markers)

    def furniture_rule(self, line: str) -> str | None:
        """The rule that makes the line furniture, by name, or None."""
        if len(line) <= 3:
            return "lone-token"  # 'TT', '20', '»' left by share widgets and counters
        if self._is_share_bar(line):
            return "share-bar"
        words = len(line.split())
        return "furniture-line" if any(p.search(line) and words <= max_words for p, max_words in self.lines) \
            else None

    def is_furniture(self, line: str) -> bool:
        return self.furniture_rule(line) is not None

    def is_caption(self, line: str) -> bool:
        return bool(self.caption_credit.search(line)) or any(p.search(line) for p in self.caption_lines)

    def outlet_named_in(self, line: str) -> str | None:
        for name, pattern in self.outlets:
            if pattern.search(line):
                return name
        return None


def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=8)
def load_rules(path: Path = DEFAULT_RULES) -> FurnitureRules:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    outlets = tuple(
        (name, re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in aliases) + r")(?!\w)"))
        for name, aliases in data.get("outlets", {}).items()
    )
    return FurnitureRules(
        footer_markers=tuple(_compile(p) for p in data.get("footer_markers", [])),
        lines=tuple((_compile(d["pattern"]), d.get("max_words", 40)) for d in data.get("lines", [])),
        caption_credit=_compile(data["caption_credits"]),
        caption_lines=tuple(_compile(p) for p in data.get("caption_lines", [])),
        outlets=outlets,
        share_networks=_compile(r"(?<!\w)(?:" + "|".join(data.get("share_networks") or ["(?!)"]) + r")(?!\w)"),
    )
