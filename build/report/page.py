"""`newstables report`: one self-contained HTML page that shows what a release holds and how healthy it is.

Six figures, read with DuckDB from the release's views (`newstables.open`): events per PLOVER type per month, a map
of the events' places, the most mentioned entities, quotes by kind of speaker per outlet, duplicate and story
clusters, and a data-quality panel (null rates, rejected inputs, quarantined rows and `validate`'s verdict).
Inline SVG and CSS only: no script, no font or image fetched, so the page works offline and can be mailed around.

The page is written beside the release, never inside it: the manifest lists every file of the folder, so an extra
file there would make `validate` (and `publish`) fail.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

from newstables.build.report import svgchart
from newstables.build.report.worldmap import country_names, event_map
from newstables.schemas import CONTRACTS, arrow_schema
from newstables.schemas.events import PLOVER_TYPES
from newstables.validation.layout import read_jsonl
from newstables.validation.run import read_manifest, text_mode_of, validate_folder

MONTHS_SHOWN = 24  # the busiest stretch of this many months gets a column per month; the rest "earlier"/"later"
TOP_ENTITIES = 15
TOP_OUTLETS = 12
LARGEST_STORIES = 5
STORY_SIZES = 10  # stories of this many articles or more share the last bar
LISTED = 25  # rejects, failures and quarantine checks listed in the page; the rest are counted
UNKNOWN_OUTLET = "(outlet unknown)"
NULLABLE, REQUIRED = "nullable", "null, but the contract says never"
NULL_COLOURS = {NULLABLE: "#94a3b8", REQUIRED: "#dc2626"}
SPEAKER_KINDS = ("named", "anonymous", "unresolved", "none")
# Read from the quotes contract: anonymous speakers are flagged, a named one has a resolved `speaker_name`, an
# unresolved one only its words as written (`he`), and a quote with no `speaker_text` has no speaker at all.
SPEAKER_KIND_SQL = """CASE WHEN q.speaker_is_anonymous THEN 'anonymous'
                           WHEN q.speaker_name IS NOT NULL THEN 'named'
                           WHEN q.speaker_text IS NOT NULL THEN 'unresolved'
                           ELSE 'none' END"""


class OutputInsideRelease(ValueError):
    pass


@dataclass
class Figure:
    key: str
    title: str
    chart: str  # SVG
    caption: str  # HTML
    wide: bool = False


def default_output(folder: Path) -> Path:
    """`<folder>.report.html` beside the release folder."""
    folder = Path(folder).resolve()
    return folder.parent / f"{folder.name}.report.html"


def write_report(folder: Path, out: Path | None = None) -> Path:
    folder = Path(folder).resolve()
    out = Path(out).resolve() if out else default_output(folder)
    if out.is_relative_to(folder):
        raise OutputInsideRelease(f"{out} is inside the release folder, whose manifest lists every file it holds "
                                  f"(validate would fail); write it beside the folder, e.g. {default_output(folder)}")
    out.write_text(render_report(folder), encoding="utf-8")
    return out


def render_report(folder: Path) -> str:
    import newstables

    folder = Path(folder)
    manifest, unreadable = read_manifest(folder)
    if unreadable:
        raise ValueError("; ".join(str(f) for f in unreadable))
    con = newstables.open(folder)
    figures = [events_by_month(con), event_places(con), top_entities(con), quotes_by_speaker(con),
               story_clusters(con), data_quality(con, folder, manifest, validate_folder(folder))]
    return _page(manifest, _row_counts(con), figures)


def _rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def _row_counts(con) -> dict[str, int]:
    return {name: _rows(con, f"SELECT count(*) FROM {name}")[0][0] for name in CONTRACTS}


def _month_index(key: str) -> int:
    """`2025-03` -> months since year 0, so month arithmetic is integer arithmetic."""
    year, month = map(int, key.split("-"))
    return year * 12 + month - 1


def _month_columns(dated: Counter) -> tuple[list[tuple[str, str]], int, int]:
    """The month columns (key, two-line label) of the MONTHS_SHOWN-month window holding the most dated events (the
    latest such window on a tie), trimmed to its first and last month with events; and its first and last month
    index. Events before or after it (background history, `by 2050`) share an "earlier" and a "later" column."""
    months = sorted(dated)
    best = max(months, key=lambda start: (sum(n for m, n in dated.items() if start <= m < start + MONTHS_SHOWN),
                                          start))
    first, last = best, max(m for m in months if m < best + MONTHS_SHOWN)
    columns = [(f"{i // 12:04d}-{i % 12 + 1:02d}", f"{date(i // 12, i % 12 + 1, 1):%b}\n{i // 12}")
               for i in range(first, last + 1)]
    return columns, first, last


def events_by_month(con) -> Figure:
    rows = _rows(con, "SELECT event_type, strftime(date_start, '%Y-%m'), count(*) FROM events GROUP BY ALL")
    title = "Events per type per month"
    if not rows:
        return Figure("events-by-month", title, svgchart.placeholder("no events"), "The release has no events.")
    dated = Counter()
    for _, month, n in rows:
        if month:
            dated[_month_index(month)] += n
    columns, first, last = _month_columns(dated) if dated else ([], 0, 0)
    counts: Counter = Counter()
    for kind, month, n in rows:
        index = _month_index(month) if month else None
        key = "undated" if index is None else "earlier" if index < first else "later" if index > last else month
        counts[(kind, key)] += n
    outside = {key for _, key in counts}
    if "earlier" in outside:
        columns.insert(0, ("earlier", "earlier\n"))
    if "later" in outside:
        columns.append(("later", "later\n"))
    if "undated" in outside:
        columns.append(("undated", "no\ndate"))
    present = {kind for kind, _, _ in rows}
    types = [t for t in PLOVER_TYPES if t in present] + sorted(present - set(PLOVER_TYPES))
    total, undated = sum(counts.values()), sum(n for (_, k), n in counts.items() if k == "undated")
    caption = (f"{total} events by PLOVER <code>event_type</code> and the month of <code>date_start</code> (the first "
               f"day the event may have happened), over the busiest stretch of at most {MONTHS_SHOWN} months; "
               f"{undated} have no date (the text gave none and the article's date was unknown or did not apply).")
    if {"earlier", "later"} & outside:
        caption += " Events dated outside those months (history the articles recall, announced plans) are counted " \
                   "in the earlier and later columns."
    return Figure("events-by-month", title, svgchart.heatmap(types, columns, counts, title), caption, wide=True)


def event_places(con) -> Figure:
    title = "Where events happened"
    (total, with_country, with_point), = _rows(con, "SELECT count(*), count(country_code), count(latitude) "
                                                    "FROM events")
    countries = dict(_rows(con, "SELECT country_code, count(*) FROM events WHERE country_code IS NOT NULL "
                                "GROUP BY 1"))
    sites = _rows(con, """SELECT round(latitude, 1), round(longitude, 1), mode(place_text), count(*) FROM events
                          WHERE latitude IS NOT NULL AND longitude IS NOT NULL GROUP BY 1, 2""")
    if not countries and not sites:
        return Figure("event-map", title, svgchart.placeholder("no geocoded events"),
                      f"None of the {total} events has a place resolved to a country.", wide=True)
    names = country_names()
    top = ", ".join(f"{escape(names.get(code, code))} {n}"
                    for code, n in sorted(countries.items(), key=lambda c: (-c[1], c[0]))[:8])
    caption = (f"Countries shaded by the events placed in them ({with_country} of {total} events have a "
               f"<code>country_code</code>; most: {top}). Dots: the {with_point} events whose site or town has "
               "coordinates, one per place, area by number of events. Country- and region-level places get no "
               "dot: newstables never stands in a centroid.")
    return Figure("event-map", title, event_map(countries, sites, title), caption, wide=True)


def top_entities(con) -> Figure:
    title = f"Top {TOP_ENTITIES} entities"
    rows = _rows(con, f"""SELECT name, type, mention_count, article_count FROM entity_catalog
                          ORDER BY mention_count DESC, article_count DESC, name LIMIT {TOP_ENTITIES}""")
    if not rows:
        return Figure("top-entities", title, svgchart.placeholder("no entities"), "The entity catalog is empty.")
    types = sorted({t for _, t, _, _ in rows})
    values = [[n if t == kind else 0 for kind in types] for _, t, n, _ in rows]
    labels = [f"{name} ({articles} art.)" for name, _, _, articles in rows]
    chart = svgchart.stacked_bars(labels, types, values, title, width=620, label_width=220)
    caption = ("Canonical entities of <code>entity_catalog</code> by <code>mention_count</code>, coloured by type, "
               "with the number of articles that mention each.")
    return Figure("top-entities", title, chart, caption)


def quotes_by_speaker(con) -> Figure:
    title = "Quotes by kind of speaker, per outlet"
    rows = _rows(con, f"""SELECT coalesce(a.outlet, '{UNKNOWN_OUTLET}'), {SPEAKER_KIND_SQL}, count(*)
                          FROM quotes q JOIN articles a ON a.article_id = q.article_id
                          WHERE NOT q.is_fragment GROUP BY ALL""")
    if not rows:
        return Figure("quotes-by-speaker", title, svgchart.placeholder("no quotes"), "The release has no quotes "
                      "(scare quotes, `is_fragment`, are not counted).")
    by_outlet: dict[str, Counter] = {}
    for outlet, kind, n in rows:
        by_outlet.setdefault(outlet, Counter())[kind] += n
    ranked = sorted(by_outlet, key=lambda o: (-sum(by_outlet[o].values()), o))
    shown, rest = ranked[:TOP_OUTLETS], ranked[TOP_OUTLETS:]
    labels = list(shown)
    values = [[by_outlet[o][k] for k in SPEAKER_KINDS] for o in shown]
    if rest:
        labels.append(f"{len(rest)} other outlets")
        values.append([sum(by_outlet[o][k] for o in rest) for k in SPEAKER_KINDS])
    chart = svgchart.stacked_bars(labels, list(SPEAKER_KINDS), values, title, width=620, label_width=200)
    totals = Counter()
    for counts in by_outlet.values():
        totals.update(counts)
    share = ", ".join(f"{k} {totals[k] / sum(totals.values()):.0%}" for k in SPEAKER_KINDS)
    caption = (f"Quotations (not scare quotes) per <code>articles.outlet</code>: {share}. Named: a resolved "
               "<code>speaker_name</code>; anonymous: <code>speaker_is_anonymous</code> (`three militia sources`); "
               "unresolved: a speaker as written with no name found (`he`); none: no <code>speaker_text</code>.")
    return Figure("quotes-by-speaker", title, chart, caption)


def story_clusters(con) -> Figure:
    title = "Duplicates and story clusters"
    stories = _rows(con, """SELECT count(*), count(duplicate_of), count(DISTINCT outlet),
                                   arg_min(title, coalesce(published_at, TIMESTAMPTZ '9999-12-31'))
                                       FILTER (WHERE title IS NOT NULL)
                            FROM articles GROUP BY story_id ORDER BY 1 DESC, 4""")
    if not stories:
        return Figure("clusters", title, svgchart.placeholder("no articles"), "The release has no articles.")
    sizes = Counter(min(n, STORY_SIZES) for n, *_ in stories)
    labels = [str(s) if s < STORY_SIZES else f"{s}+" for s in range(1, STORY_SIZES + 1)]
    chart = svgchart.column_bars(labels, [sizes[s] for s in range(1, STORY_SIZES + 1)], title,
                                 axis_label="articles per story (story_id)")
    articles, copies = sum(n for n, *_ in stories), sum(c for _, c, *_ in stories)
    multi = [s for s in stories if s[0] > 1]
    largest = "".join(f"<li>{n} articles, {outlets} outlet(s), {c} syndicated cop{'y' if c == 1 else 'ies'}: "
                      f"{escape(headline or '(no headline)')}</li>" for n, c, outlets, headline in
                      multi[:LARGEST_STORIES])
    caption = (f"{articles} articles in {len(stories)} stories (<code>story_id</code>: articles reporting the same "
               f"news, even in other words); {len(multi)} stories have more than one article. {copies} articles are "
               f"near-identical copies of an earlier one (<code>duplicate_of</code>)."
               + (f" Largest stories:<ol>{largest}</ol>" if largest else ""))
    return Figure("clusters", title, chart, caption)


def _null_rates(con, table: str) -> tuple[int, list[tuple[str, float]]]:
    columns = [name for name, *_ in _rows(con, f"DESCRIBE {table}")]
    quoted = ('"' + c.replace('"', '""') + '"' for c in columns)
    counts = _rows(con, f"SELECT count(*), {', '.join(f'count({c})' for c in quoted)} FROM {table}")[0]
    rows = counts[0]
    return rows, [(c, 1 - n / rows) for c, n in zip(columns, counts[1:])] if rows else []


def _read_jsonl(path: Path) -> list[dict]:
    """What a damaged release still holds: the report shows the rest (validate's verdict names the damage)."""
    try:
        return read_jsonl(path)
    except (OSError, ValueError):
        return []


def _list(items: list[str], empty: str) -> str:
    if not items:
        return f"<p class='muted'>{escape(empty)}</p>"
    more = f"<li class='muted'>… and {len(items) - LISTED} more</li>" if len(items) > LISTED else ""
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items[:LISTED]) + more + "</ul>"


def data_quality(con, folder: Path, manifest: dict, failures: list) -> Figure:
    title = "Data quality"
    panels = []
    for table in CONTRACTS:
        rows, rates = _null_rates(con, table)
        with_nulls = [(c, r) for c, r in rates if r > 0]
        if not rows:
            chart = svgchart.placeholder(f"{table}: no rows", 360, 60)
        elif not with_nulls:
            chart = svgchart.placeholder(f"{table}: no nulls in any column", 360, 60)
        else:  # red where the contract says never null (in this text mode): a release that validates has none
            schema = arrow_schema(CONTRACTS[table], text_mode_of(manifest))
            required = {f.name for f in schema if not f.nullable}
            kind_of = {c: REQUIRED if c in required else NULLABLE for c, _ in with_nulls}
            kinds = [k for k in NULL_COLOURS if k in kind_of.values()]
            values = [[r if kind_of[c] == k else 0 for k in kinds] for c, r in with_nulls]
            chart = svgchart.stacked_bars([c for c, _ in with_nulls], kinds, values, f"{table} null rates",
                                          value_format=lambda v: f"{v:.0%}", width=360, label_width=170,
                                          scale_max=1, colours=tuple(NULL_COLOURS[k] for k in kinds))
        note = f"{rows} rows; {len(rates) - len(with_nulls)} of {len(rates)} columns never null" if rows else ""
        panels.append(f"<div class='panel'><h3>{escape(table)}</h3><p class='muted'>{note}</p>{chart}</div>")
    rejects = _read_jsonl(folder / manifest["rejects"]["path"])
    reject_lines = [f"{r.get('source_file')}: {r.get('reason')} ({r.get('detail')})" for r in rejects]
    held = {t: e for t, e in manifest.get("quarantine", {}).items() if isinstance(e, dict) and e.get("count")}
    checks = Counter()
    for table, entry in held.items():
        for row in _read_jsonl(folder / entry["path"]) if entry.get("path") else []:
            checks.update(f"{table}: {c}" for c in row.get("checks", []))
    quarantine_lines = [f"{check} ({n} row(s))" for check, n in checks.most_common()] or \
                       [f"{table}: {entry['count']} row(s)" for table, entry in held.items()]
    verdict = ("<p class='verdict pass'>validate: PASS — checksums, schemas, pandera, GX suites and cross-table keys"
               "</p>" if not failures else
               f"<p class='verdict fail'>validate: FAIL — {len(failures)} failure(s)</p>"
               + _list([str(f) for f in failures], ""))
    caption = (f"{verdict}<h3>Rejected inputs ({len(rejects)}, <code>{escape(manifest['rejects']['path'])}</code>)"
               f"</h3>{_list(reject_lines, 'No input file was rejected.')}"
               f"<h3>Quarantined rows ({sum(e['count'] for e in held.values())}, <code>quarantine/</code>)</h3>"
               f"{_list(quarantine_lines, 'No row was quarantined.')}")
    chart = "<div class='panels'>" + "".join(panels) + "</div>"
    return Figure("data-quality", title, chart, caption, wide=True)


STYLE = """
body{margin:0;background:#f1f5f9;color:#0f172a;font:14px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
header{background:#0f172a;color:#f8fafc;padding:20px 32px}
header h1{margin:0 0 4px;font-size:22px}
header .counts{display:flex;flex-wrap:wrap;gap:8px 20px;margin-top:8px;color:#cbd5e1}
header .counts b{color:#fff}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:20px;padding:20px 32px;max-width:1400px}
figure{margin:0;background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:16px 20px;overflow-x:auto}
figure.wide{grid-column:1/-1}
figure h2{margin:0 0 10px;font-size:17px}
figure h3{margin:12px 0 2px;font-size:14px}
figcaption{color:#475569;margin-top:8px}
figcaption ul,figcaption ol{margin:4px 0;padding-left:20px}
svg.chart{max-width:100%;height:auto;display:block}
.panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:8px 24px}
.panel h3{margin:0}
.muted{color:#64748b;margin:0 0 4px}
.verdict{display:inline-block;padding:4px 10px;border-radius:4px;font-weight:600;margin:4px 0}
.verdict.pass{background:#dcfce7;color:#166534}
.verdict.fail{background:#fee2e2;color:#991b1b}
code{background:#f1f5f9;padding:0 3px;border-radius:3px;font-size:12px}
"""


def _page(manifest: dict, counts: dict[str, int], figures: list[Figure]) -> str:
    name, version = escape(str(manifest.get("name"))), escape(str(manifest.get("version")))
    inputs = len(manifest.get("build", {}).get("inputs", []))
    summary = "".join(f"<span><b>{n}</b> {escape(t)}</span>" for t, n in counts.items())
    body = "".join(f"<figure id='fig-{f.key}' class='{'wide' if f.wide else ''}'><h2>{escape(f.title)}</h2>"
                   f"{f.chart}<figcaption>{f.caption}</figcaption></figure>" for f in figures)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><meta name='viewport' "
            f"content='width=device-width,initial-scale=1'><title>{name} {version} report</title>"
            f"<style>{STYLE}</style></head><body><header><h1>{name} {version}</h1>"
            f"<div>Release report: {inputs} raw input file(s)</div><div class='counts'>{summary}</div></header>"
            f"<main>{body}</main></body></html>\n")
