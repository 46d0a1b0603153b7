"""A table of figures as the dashboard shows it three ways: a bar chart, an HTML table and a CSV.

One ``Table`` holds the rows once, so the chart, the table under it and the download can never
disagree. Values stay raw (counts, shares from 0 to 1, minutes); the template formats them for
people by the column's ``kind`` and the CSV writes them as numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from suite.security.exports import csv_text

TEXT, COUNT, SHARE, MINUTES = "text", "count", "share", "minutes"
# The widest bar, as a share of the chart's width: the rest holds the value written after it.
BAR_ROOM = 0.78
LABEL_ROOM = 44  # characters of a bar's label that fit a phone's width


@dataclass(frozen=True)
class Column:
    key: str  # the CSV header and the key of each row's value
    label: object  # the heading people read (a lazy string)
    kind: str = COUNT
    shown: bool = True  # False: a code for machines, in the CSV only


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | int | None
    kind: str
    width: float  # percent of the chart's width

    @property
    def short_label(self) -> str:
        """The label as the chart writes it: SVG text does not wrap, so a long one is cut (the
        chart's description and the table carry it whole)."""
        return self.label if len(self.label) <= LABEL_ROOM else self.label[: LABEL_ROOM - 1].rstrip() + "…"


@dataclass
class Table:
    name: str  # in the CSV's URL: /statistik/<name>.csv
    title: object
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    label_key: str = "label"  # the column naming each bar
    chart_key: str = "received"  # the column the bars measure
    chart_limit: int | None = None  # bars drawn (the table lists every row)
    note: object | None = None

    @property
    def chart_kind(self) -> str:
        return next(column.kind for column in self.columns if column.key == self.chart_key)

    def bars(self) -> list[Bar]:
        rows = self.rows[: self.chart_limit] if self.chart_limit else self.rows
        values = [row.get(self.chart_key) or 0 for row in rows]
        # A share is drawn against 100%, so two charts of shares read alike; a count against the largest.
        largest = 1 if self.chart_kind == SHARE else max(values, default=0)
        return [
            Bar(
                label=str(row[self.label_key]),
                value=row.get(self.chart_key),
                kind=self.chart_kind,
                width=round(100 * BAR_ROOM * value / largest, 2) if largest else 0,
            )
            for row, value in zip(rows, values, strict=True)
        ]

    def csv(self) -> str:
        """Every row with a header of column keys; text through ``safe_cell`` (a category label or
        an agency name typed by an admin must not become a formula)."""
        lines: list[list] = [[column.key for column in self.columns]]
        for row in self.rows:
            lines.append([_csv_value(row.get(column.key), column.kind) for column in self.columns])
        return csv_text(lines)


def _csv_value(value, kind: str):
    if value is None:
        return ""
    if kind == SHARE:
        return round(value, 4)
    if kind == MINUTES:
        return round(value, 1)
    return str(value) if kind == TEXT else value


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
