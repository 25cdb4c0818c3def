"""Small inline-SVG charts for the HTML report: a heatmap, stacked horizontal bars, vertical bars and a "no data"
placeholder. Plain SVG strings, so the report needs no JavaScript, no plotting library and nothing from the network.
Every drawn data mark carries class="mark" (what the report's tests and a reader's devtools look for)."""

from __future__ import annotations

from html import escape

FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"
LABEL_COLOUR = "#334155"
GRID_COLOUR = "#e2e8f0"
# Colour-blind-safe qualitative palette (Okabe-Ito, then two greys), for the series of stacked bars.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999",
           "#BBBBBB")
ROW_HEIGHT = 22


def _svg(width: float, height: float, body: list[str], label: str) -> str:
    return (f'<svg class="chart" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
            f'role="img" aria-label="{escape(label)}" style="{FONT};font-size:12px">' + "".join(body) + "</svg>")


def text(x: float, y: float, content: str, anchor: str = "start", size: int = 12, colour: str = LABEL_COLOUR,
         weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{colour}" '
            f'font-weight="{weight}">{escape(content)}</text>')


def shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def placeholder(message: str = "no data", width: int = 560, height: int = 120) -> str:
    """An empty chart that says why it is empty, so an empty release still renders every figure."""
    body = [f'<rect class="placeholder" x="1" y="1" width="{width - 2}" height="{height - 2}" rx="6" fill="#f8fafc" '
            f'stroke="#cbd5e1" stroke-dasharray="6 4"/>', text(width / 2, height / 2 + 5, message, "middle", 15,
                                                                 "#64748b")]
    return _svg(width, height, body, message)


def sequential(share: float) -> str:
    """White to dark blue for a share in [0, 1] (heatmap cells, map countries)."""
    low, high = (239, 246, 255), (8, 69, 148)
    r, g, b = (round(lo + (hi - lo) * share) for lo, hi in zip(low, high))
    return f"#{r:02x}{g:02x}{b:02x}"


def legend(items: list[tuple[str, str]], x: float, y: float) -> tuple[list[str], float]:
    """Colour swatches in one row; (SVG elements, x after the last)."""
    body = []
    for name, colour in items:
        body.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" rx="2" fill="{colour}"/>')
        body.append(text(x + 16, y, name))
        x += 28 + 7 * len(name)
    return body, x


def heatmap(rows: list[str], columns: list[tuple[str, str]], counts: dict[tuple[str, str], int], label: str,
            column_width: int = 38) -> str:
    """Rows x columns of counts: the cell's shade and number say how many. `columns` are (key, two-line label
    "top\\nbottom"); a row total is printed at the right."""
    left, top, cell_h = 110, 40, ROW_HEIGHT
    width = left + column_width * len(columns) + 60
    height = top + cell_h * len(rows) + 10
    peak = max(counts.values(), default=0) or 1
    body = []
    for j, (_, caption) in enumerate(columns):
        upper, _, lower = caption.partition("\n")
        cx = left + column_width * j + column_width / 2
        body.append(text(cx, 14, upper, "middle", 11))
        body.append(text(cx, 28, lower, "middle", 11, "#64748b"))
    body.append(text(width - 30, 28, "total", "middle", 11, weight="bold"))
    for i, row in enumerate(rows):
        y = top + cell_h * i
        body.append(text(left - 8, y + 15, row, "end"))
        for j, (key, caption) in enumerate(columns):
            n = counts.get((row, key), 0)
            x = left + column_width * j
            fill = sequential(n / peak) if n else "#f8fafc"
            mark = ' class="mark"' if n else ""
            body.append(f'<rect{mark} x="{x + 1}" y="{y + 1}" width="{column_width - 2}" height="{cell_h - 2}" '
                        f'fill="{fill}"><title>{escape(row)}, {escape(caption.replace(chr(10), " "))}: {n}</title>'
                        f"</rect>")
            if n:
                body.append(text(x + column_width / 2, y + 15, str(n), "middle", 11,
                                 "#ffffff" if n / peak > 0.5 else LABEL_COLOUR))
        total = sum(counts.get((row, key), 0) for key, _ in columns)
        body.append(text(width - 30, y + 15, str(total), "middle", 11, weight="bold"))
    return _svg(width, height, body, label)


def stacked_bars(labels: list[str], series: list[str], values: list[list[float]], label: str,
                 value_format=lambda v: f"{v:g}", width: int = 760, label_width: int = 230,
                 colours: tuple[str, ...] = PALETTE, scale_max: float | None = None) -> str:
    """One horizontal bar per label, split into the series (values[i][k] is label i's amount of series k), with a
    legend on top and the total at the bar's end."""
    top, right = (30 if len(series) > 1 else 4), 70  # one series needs no legend
    height = top + ROW_HEIGHT * len(labels) + 8
    span = width - label_width - right
    peak = scale_max or max((sum(v) for v in values), default=0) or 1
    body, _ = legend([(name, colours[k % len(colours)]) for k, name in enumerate(series)], label_width, 16) \
        if len(series) > 1 else ([], 0)
    for i, (name, amounts) in enumerate(zip(labels, values)):
        y = top + ROW_HEIGHT * i
        body.append(text(label_width - 8, y + 15, shorten(name, label_width // 7), "end"))
        body.append(f'<line x1="{label_width}" y1="{y + ROW_HEIGHT - 1}" x2="{label_width + span}" '
                    f'y2="{y + ROW_HEIGHT - 1}" stroke="{GRID_COLOUR}"/>')
        x = label_width
        for k, amount in enumerate(amounts):
            w = span * amount / peak
            if w > 0:
                body.append(f'<rect class="mark" x="{x:.1f}" y="{y + 3}" width="{max(w, 1):.1f}" '
                            f'height="{ROW_HEIGHT - 6}" fill="{colours[k % len(colours)]}"><title>{escape(name)}: '
                            f"{escape(series[k])} {escape(value_format(amount))}</title></rect>")
            x += w
        body.append(text(x + 6, y + 15, value_format(sum(amounts))))
    return _svg(width, height, body, label)


def column_bars(labels: list[str], values: list[int], label: str, colour: str = PALETTE[0], width: int = 520,
                height: int = 220, axis_label: str = "") -> str:
    """Vertical bars with their value on top and the label below (a distribution over a few buckets)."""
    left, bottom, top = 20, 44, 20
    slot = (width - left * 2) / max(len(labels), 1)
    peak = max(values, default=0) or 1
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" '
            f'stroke="{LABEL_COLOUR}"/>']
    for i, (name, n) in enumerate(zip(labels, values)):
        h = (height - bottom - top) * n / peak
        x = left + slot * i + slot * 0.15
        if n:
            body.append(f'<rect class="mark" x="{x:.1f}" y="{height - bottom - h:.1f}" width="{slot * 0.7:.1f}" '
                        f'height="{h:.1f}" fill="{colour}"><title>{escape(name)}: {n}</title></rect>')
        body.append(text(x + slot * 0.35, height - bottom - h - 5, str(n), "middle", 11))
        body.append(text(x + slot * 0.35, height - bottom + 16, name, "middle", 11))
    if axis_label:
        body.append(text(width / 2, height - 8, axis_label, "middle", 11, "#64748b"))
    return _svg(width, height, body, label)
