"""The frame-level pandera checks (body spans, nested spans, recomputed ids) flag exactly the bad rows, by index
label, on a small hand-made frame; the quarantine reads failing rows from these labels."""

from collections import defaultdict

import numpy as np
import pandas as pd

from newstables.schemas import CONTRACTS
from newstables.schemas.ids import stable_id
from newstables.validation.pandera_schema import pandera_schema

BODY = "Ali said rain. Bo left."
BODIES = {"art_a": BODY}


def _failing(contract: str, name: str, df: pd.DataFrame) -> list:
    schema = pandera_schema(CONTRACTS[contract], defaultdict(set), BODIES)
    [check] = [c for c in schema.checks if c.name == name]
    output = check(df).check_output
    return output.index[~output].tolist()


def test_row_spans_and_ids_flag_exactly_the_bad_rows():
    rows = [  # (start, end, text, speaker_text, speaker_start, speaker_end)
        (9, 13, "rain", "Ali", 0, 3),              # good
        (10, 14, "rain", "Ali", 0, 3),             # shifted span
        (15, 17, "Bo", None, np.nan, np.nan),      # good: no speaker (widened to float, NaN)
        (15, 17, "Bo", "Bo", 15.0, 18.0),          # speaker span past its text
        (0, 30, None, None, np.nan, np.nan),       # span past the body
    ]
    df = pd.DataFrame(rows, columns=["char_start", "char_end", "text", "speaker_text", "speaker_start", "speaker_end"],
                      index=[10, 20, 30, 40, 50])
    df.insert(0, "article_id", "art_a")
    df.insert(0, "quote_id", [stable_id("quo", "art_a", s, e) for s, e in zip(df["char_start"], df["char_end"])])
    df.loc[30, "quote_id"] = stable_id("quo", "art_a", 15, 18)  # wrong id

    assert _failing("quotes", "body[char_start:char_end] == text", df) == [20, 50]
    assert _failing("quotes", "body[speaker_start:speaker_end] == speaker_text", df) == [40]
    assert _failing("quotes", "quote_id == hash of (article_id, char_start, char_end)", df) == [30]


def test_nested_spans_flag_exactly_the_rows_with_a_bad_item():
    def actor(text, start, end, article_id="art_a"):
        return {"article_id": article_id, "text": text, "char_start": start, "char_end": end, "entity_id": None, "role": "agent"}

    actors = [
        [actor("Ali", 0, 3), actor("Bo", 15, 17)],  # good
        [actor("Ali", 0, 3), actor("Bo", 16, 18)],  # second item shifted
        [],                                          # good: nobody
        [actor("Ali", 0, 3, article_id="art_b")],   # item from an article with no body
    ]
    df = pd.DataFrame({"article_id": "art_a", "actors": [np.array(a, dtype=object) for a in actors]},
                      index=[3, 2, 1, 0])
    assert _failing("events", "body[actors[].char_start:actors[].char_end] == actors[].text", df) == [2, 0]
