"""Small inputs the tests make themselves (no dev or bench data)."""

import gzip
import json

PARAGRAPHS = [
    "The ministry said on Tuesday that negotiators from both countries met in Vienna to discuss the terms of a "
    "new agreement on prisoner exchanges, according to officials familiar with the talks.",
    "“We are close to a deal, but several questions remain open,” the foreign minister told reporters after the "
    "meeting, adding that a second round would follow within weeks.",
    "Analysts said the talks were the most serious attempt in years to settle the dispute, which has strained "
    "relations between the two governments since the border clashes of 2019.",
]

HTML_PAGE = f"""<!DOCTYPE html><html lang="en"><head>
<title>Negotiators meet in Vienna on prisoner exchange | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:title" content="Negotiators meet in Vienna on prisoner exchange">
<meta property="article:published_time" content="2021-07-13T09:30:00+00:00">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://news.example.org/2021/07/vienna-talks">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Negotiators meet in Vienna on prisoner exchange</h1>
{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}
</article>
<footer><p>© Example News. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


def write_inputs(raw):
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "vienna.html").write_text(HTML_PAGE, encoding="utf-8")
    (raw / "vienna-copy.html.gz").write_bytes(gzip.compress(HTML_PAGE.replace("Vienna", "Geneva").encode()))
    records = [
        {"text": "\n\n".join(PARAGRAPHS[::-1]), "title": "Talks resume", "url": "https://wire.example/1",
         "published_at": "2021-07-12", "outlet": "Example Wire"},
        {"html": HTML_PAGE.replace("Vienna", "Doha")},
        "this line is not an object",
        {"title": "no text here"},
    ]
    (raw / "wire.jsonl").write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n",
                                    encoding="utf-8")
    (raw / "manifest.csv").write_text(
        "file,url,outlet,published_at,license,language\n"
        "vienna.html,https://override.example/v,Manifest Outlet,2021-07-14,CC-BY-4.0,en\n", encoding="utf-8")
