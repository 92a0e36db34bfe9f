"""An export's filters from the command line: the shortcuts (--q, --tag, --ids, ...) and any
`--filter NAME=VALUE`, as the JSON `filters` of POST /api/v1/export-jobs. Only their shape is
checked here; the suite checks each against the entity's list and answers field by field."""
from __future__ import annotations

import click

SEVERAL = ("ids",)  # filters that take a list: values separated by commas, as --ids has always read


def name_value_pairs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, str]]:
    """The click callback of a repeatable NAME=VALUE option."""
    pairs = []
    for value in values:
        name, equals, text = value.partition("=")
        if not equals or not name.strip():
            raise click.BadParameter(f"{value!r} is not NAME=VALUE (e.g. sku=ABC-1).", ctx, param)
        pairs.append((name.strip(), text))
    return pairs


def export_filters(shortcuts: dict[str, str | None], pairs: list[tuple[str, str]]) -> dict:
    """{name: value} of the shortcuts given and the pairs; a filter named twice is a usage error
    rather than a guess at which one was meant."""
    given = [(name, value) for name, value in shortcuts.items() if value is not None] + pairs
    filters: dict = {}
    for name, value in given:
        if name in filters:
            raise click.UsageError(f"The filter {name!r} is given twice.")
        filters[name] = [part.strip() for part in value.split(",") if part.strip()] if name in SEVERAL else value
    return filters
