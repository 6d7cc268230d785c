"""Charts drawn on the server with matplotlib as SVG: the same picture in the page and the PDF. Each chart is
a plain bar chart with its values written on the bars; the page puts a text alternative and the data table
beside it, so nothing is only in the picture."""

import base64
import io
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402 (after choosing the backend)

BAR_COLOUR = "#1e5aa8"  # Designsystemet's accent blue: 7:1 against white for the value labels beside it
TEXT_COLOUR = "#1a1a1a"


@lru_cache(maxsize=64)
def _bar_svg(labels: tuple[str, ...], values: tuple[float, ...], title: str) -> str:
    height = 0.9 + 0.38 * max(1, len(labels))
    figure = Figure(figsize=(6.4, height), dpi=96)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, values, color=BAR_COLOUR, height=0.65)
    axes.set_yticks(positions, labels=labels, fontsize=9, color=TEXT_COLOUR)
    axes.tick_params(axis="x", labelsize=8, colors=TEXT_COLOUR)
    axes.set_title(title, fontsize=11, color=TEXT_COLOUR, loc="left")
    top = max(values) if values else 0
    axes.set_xlim(0, top * 1.18 if top else 1)
    for position, value in zip(positions, values, strict=True):
        text = f"{value:,.0f}".replace(",", "\u00a0")
        axes.text(value + (top or 1) * 0.01, position, text, va="center", fontsize=8, color=TEXT_COLOUR)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "balanse"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def bar_svg(items: list[tuple[str, float]], title: str) -> str:
    labels = tuple(str(label) for label, _ in items)
    values = tuple(float(value) for _, value in items)
    return _bar_svg(labels, values, title)


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
