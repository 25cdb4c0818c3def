"""`newstables report`: one offline HTML page with six figures, for the seed release and an empty one; and, where
Chromium is installed, the page as a browser draws it."""

import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from newstables.build.cli import app
from newstables.build.report.page import OutputInsideRelease, default_output, write_report

FIGURES = ("events-by-month", "event-map", "top-entities", "quotes-by-speaker", "clusters", "data-quality")
# A URL fetched when the page is viewed: src/href attributes, CSS url() and @import, protocol-relative included.
REMOTE = re.compile(r"""(?:\b(?:src|href|xlink:href)\s*=\s*["']?|url\(\s*["']?|@import\s+["']?)\s*(?:https?:)?//""",
                    re.IGNORECASE)
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")


class FigureMarks(HTMLParser):
    """figure id -> SVG data marks (elements with class "mark") inside that figure's SVGs."""

    def __init__(self):
        super().__init__()
        self.figure, self.depth, self.marks, self.svgs = None, 0, {}, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure":
            self.figure = attrs.get("id", "").removeprefix("fig-")
            self.marks[self.figure], self.svgs[self.figure] = 0, 0
        elif self.figure and tag == "svg":
            self.svgs[self.figure] += 1
        elif self.figure and "mark" in (attrs.get("class") or "").split():
            self.marks[self.figure] += 1

    def handle_endtag(self, tag):
        if tag == "figure":
            self.figure = None


def figure_marks(html: str) -> dict[str, int]:
    parser = FigureMarks()
    parser.feed(html)
    assert all(parser.svgs[f] for f in parser.svgs), parser.svgs  # every figure draws inline SVG
    return parser.marks


@pytest.fixture(scope="module")
def seed_report(release, tmp_path_factory):
    return write_report(release, tmp_path_factory.mktemp("report") / "seed.report.html")


def test_the_page_fetches_nothing(seed_report):
    html = seed_report.read_text(encoding="utf-8")
    assert not REMOTE.findall(html)
    assert "<script" not in html and "<link" not in html and "<img" not in html and "<iframe" not in html


def test_six_figures_each_draw_marks(seed_report):
    marks = figure_marks(seed_report.read_text(encoding="utf-8"))
    assert tuple(marks) == FIGURES
    assert all(marks[f] > 0 for f in FIGURES), marks
    assert marks["event-map"] > 5  # shaded countries and dots


def test_the_report_is_written_beside_the_release_never_inside(release_copy):
    files = sorted(release_copy.rglob("*"))
    result = CliRunner().invoke(app, ["report", str(release_copy)])
    assert result.exit_code == 0, result.output
    assert default_output(release_copy).is_file() and default_output(release_copy).parent == release_copy.parent
    with pytest.raises(OutputInsideRelease):
        write_report(release_copy, release_copy / "report.html")
    refused = CliRunner().invoke(app, ["report", str(release_copy), "--out", str(release_copy / "report.html")])
    assert refused.exit_code == 2 and "inside the release folder" in refused.output
    assert sorted(release_copy.rglob("*")) == files  # the manifest still lists every file: validate passes


def test_an_empty_release_renders_placeholders(tmp_path):
    from newstables.build.pipeline import build_dataset

    (tmp_path / "raw").mkdir()
    build_dataset(tmp_path / "raw", tmp_path / "empty", "0.0.1")
    html = write_report(tmp_path / "empty", tmp_path / "empty.html").read_text(encoding="utf-8")
    assert tuple(figure_marks(html)) == FIGURES
    assert html.count('class="placeholder"') >= 5 and "no events" in html and "no geocoded events" in html
    assert "validate: PASS" in html


def test_the_quality_panel_lists_rejects_quarantined_checks_and_failures(release, tmp_path):
    import newstables
    from newstables.build.report.page import data_quality
    from newstables.validation.run import Failure

    (tmp_path / "quarantine").mkdir()
    (tmp_path / "rejects.jsonl").write_text('{"source_file": "a.bin", "reason": "not-text", "detail": "binary"}\n')
    (tmp_path / "quarantine" / "quotes.jsonl").write_text('{"table": "quotes", "checks": ["speaker_end: min"]}\n')
    manifest = {"build": {"text_mode": "full"}, "rejects": {"path": "rejects.jsonl", "count": 1},
                "quarantine": {"quotes": {"count": 1, "path": "quarantine/quotes.jsonl"}}}
    figure = data_quality(newstables.open(release), tmp_path, manifest, [Failure("gx", "events", "a check", "x", 2)])
    assert "a.bin: not-text (binary)" in figure.caption and "quotes: speaker_end: min (1 row(s))" in figure.caption
    assert "validate: FAIL — 1 failure(s)" in figure.caption and "[gx] events.x: a check failed for 2 row(s)" in \
        figure.caption
    assert figure.chart.count("<svg") == 6  # null rates of every table


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes], int]:
    """(width, height, unfiltered rows, bytes per pixel) of an 8-bit RGB or RGBA PNG, the kind Chromium writes."""
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour_type in (2, 6)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    bpp, raw, rows = (3 if colour_type == 2 else 4), zlib.decompress(idat), []
    stride, previous = width * bpp, bytearray(width * bpp)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):  # the PNG filters: none, sub, up, average, Paeth
            a = line[x - bpp] if x >= bpp else 0
            b, c = previous[x], (previous[x - bpp] if x >= bpp else 0)
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows, bpp


def _colours(rows: list[bytes], bpp: int) -> set[tuple[int, int, int]]:
    return {tuple(row[i:i + 3]) for row in rows for i in range(0, len(row), bpp)}


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): the page is not "
                                         "checked in a browser")
def test_chromium_draws_every_figure(seed_report, tmp_path):
    base = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2400"]
    url = seed_report.as_uri()
    dom = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=True).stdout
    marks = figure_marks(dom)
    assert tuple(marks) == FIGURES and all(marks[f] > 0 for f in FIGURES), marks
    # The screenshot at a quarter of the pixels keeps the layout (1280 x 2400 CSS pixels) and decodes quickly.
    shot = tmp_path / "report.png"
    subprocess.run([*base, "--force-device-scale-factor=0.5", f"--screenshot={shot}", url], capture_output=True,
                   timeout=120, check=True)
    width, height, rows, bpp = _png_pixels(shot.read_bytes())
    assert (width, height) == (640, 1200)
    colours = _colours(rows, bpp)
    assert len(colours) > 50  # not blank: text, bars, heatmap shades and the map antialiased
    for drawn in ((0x00, 0x72, 0xB2), (0xE5, 0xE7, 0xEB)):  # the first bar colour, the map's countries
        assert drawn in colours, drawn
