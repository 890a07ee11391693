"""The tables as the reader understood them, as rich tables for a person at a terminal."""

from __future__ import annotations

import io

from ..findings import kronor
from ..privacy import mask
from .shared import masked_figures


def render(documents, color: bool) -> str:
    from rich.console import Console
    from rich.table import Table as RichTable

    from ..checks.footing import link

    link(documents)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=160, highlight=False)
    for document in documents:
        console.print(f"[bold]{_escape(document.path, masked=False)}[/bold]: {len(document.tables)} tables")
        for table in document.tables:
            note = f" note {table.note}" if table.note is not None else ""
            view = RichTable(
                title=f"{_escape(table.title) or '(untitled)'} — {table.kind}{note}, lines {table.line}-{table.end_line}, {table.unit}",
                title_justify="left",
            )
            view.add_column("line", justify="right")
            view.add_column("label")
            view.add_column("not", justify="right")
            view.add_column("in", justify="right")  # the line of the total the row is a part of
            for column in table.columns:
                view.add_column(_escape(column.name), justify="right")
            for row in table.rows:
                hidden = masked_figures(document, row)
                view.add_row(
                    str(row.line), _escape(row.label), "" if row.note is None else str(row.note),
                    "" if row.parent is None else str(table.rows[row.parent].line),
                    *("" if v is None else h or kronor(v.amount) for v, h in zip(row.values, hidden)),
                )
            console.print(view)
    return buffer.getvalue()


def _escape(text: str, masked: bool = True) -> str:
    """Report text for rich: masked (a path is shown as given), its square brackets not read as markup."""
    from rich.markup import escape

    return escape(mask(text) if masked else text)
