"""The one look shared by every reexdata chart, and the empty-chart helper.

Every chart starts from :func:`_figure` (or :func:`_empty_figure` when there
is nothing to draw), so fonts, colours, margins and hover labels match across
notebooks and the report.
"""

import plotly.graph_objects as go
import plotly.io as pio

__all__ = ["TEMPLATE", "COLORWAY", "FONT_FAMILY"]

#: Colours used in order for series (themes, clusters, entities).
COLORWAY = (
    "#1f6f8b", "#e07a1f", "#3b9a57", "#b23a48", "#7a5195",
    "#c9a227", "#4c8dd6", "#8c564b", "#d45fa6", "#5f6b73",
)

# System fonts only: the report must not fetch web fonts. The CJK fonts come
# after the Latin ones, so Latin text keeps its font and each Han character
# falls through to the first font that has it: Noto Sans CJK SC / Source Han
# Sans SC (Linux), PingFang SC (macOS), Microsoft YaHei (Windows). Naming the
# simplified Chinese ones keeps a browser from taking a Japanese font's forms.
FONT_FAMILY = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
)
_FONT = FONT_FAMILY

#: The shared plotly template: plotly_white's layout with reexdata's fonts and colours.
# Only the trace defaults the charts use are kept: the full plotly_white
# template is slow to validate for every figure and heavy in the report.
TEMPLATE = go.layout.Template(
    layout=pio.templates["plotly_white"].layout,
    data={
        "bar": [{"marker": {"line": {"color": "white", "width": 0.5}}}],
        "heatmap": [{"colorbar": {"outlinewidth": 0, "ticks": ""}}],
    },
)
TEMPLATE.layout.update(
    font={"family": _FONT, "size": 13, "color": "#24292f"},
    title={"x": 0.01, "xanchor": "left", "font": {"size": 17}},
    colorway=list(COLORWAY),
    hoverlabel={"align": "left", "font": {"family": _FONT, "size": 12}},
    legend={"title": {"font": {"size": 12}}, "font": {"size": 12}},
    margin={"l": 70, "r": 30, "t": 80, "b": 60},
)


def _figure(title: str, *, x_title: str, y_title: str) -> go.Figure:
    """A new figure with the shared template, a title and both axis titles."""
    fig = go.Figure()
    fig.update_layout(
        template=TEMPLATE,
        title={"text": title},
        xaxis={"title": {"text": x_title}},
        yaxis={"title": {"text": y_title}},
    )
    return fig


def _add_note(fig: go.Figure, text: str) -> go.Figure:
    """Write a short note in the top right corner, under the title."""
    fig.add_annotation(
        text=text,
        xref="paper", yref="paper", x=1, y=1.02,
        xanchor="right", yanchor="bottom",
        showarrow=False,
        font={"size": 12, "color": "#57606a"},
        name="note",
    )
    return fig


def _empty_figure(title: str, note: str, *, x_title: str = "", y_title: str = "") -> go.Figure:
    """A chart with no data and a clear note in its middle saying why."""
    fig = _figure(title, x_title=x_title, y_title=y_title)
    fig.update_layout(
        xaxis={"visible": False},
        yaxis={"visible": False},
        height=320,
    )
    fig.add_annotation(
        text=note,
        xref="paper", yref="paper", x=0.5, y=0.5,
        xanchor="center", yanchor="middle",
        showarrow=False,
        font={"size": 15, "color": "#57606a"},
        name="empty",
    )
    return fig
