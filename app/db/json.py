"""JSON built by the database, for the pages read most: SQLite's ``json_object`` and
``json_group_array``, PostgreSQL's ``json_build_object`` and ``json_agg``, behind one
interface. The answer leaves the database as JSON text and goes to the client as it is: no
rows turned into dicts, validated and serialised again in Python.

Objects are described as ``{key: column}`` mappings, so a field is one line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Subquery, Text, cast, func, literal_column, null, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import InstrumentedAttribute

Fields = Mapping[str, ColumnElement[Any] | InstrumentedAttribute[Any]]


def json_object(dialect: str, fields: Fields) -> ColumnElement[Any]:
    """A JSON object of these fields, in this order (keys are our own constants)."""
    args: list[Any] = []
    for key, value in fields.items():
        args += [literal_column(f"'{key}'"), value]
    build = func.json_object if dialect == "sqlite" else func.json_build_object
    return build(*args)


def json_object_or_null(
    dialect: str, present: ColumnElement[bool], fields: Fields
) -> ColumnElement[Any]:
    """The object when ``present`` holds, else JSON null (an optional nested object)."""
    from sqlalchemy import case

    return case((present, json_object(dialect, fields)), else_=null())


def json_array(
    dialect: str, rows: Subquery, item: ColumnElement[Any], order_by: Sequence[ColumnElement[Any]]
) -> ColumnElement[Any]:
    """A scalar subquery: the JSON array of ``item`` over ``rows`` in ``order_by`` order
    (``[]`` when there are none). On SQLite ``rows`` must already be ordered: its aggregates
    take their input in the order of the subquery."""
    if dialect == "sqlite":
        return select(func.json_group_array(item)).select_from(rows).scalar_subquery()
    aggregated = func.json_agg(aggregate_order_by(item, *order_by))
    return (
        select(func.coalesce(aggregated, literal_column("'[]'::json")))
        .select_from(rows)
        .scalar_subquery()
    )


def as_text(dialect: str, value: ColumnElement[Any]) -> ColumnElement[Any]:
    """JSON as text, so the driver hands it over without parsing it (psycopg would)."""
    return value if dialect == "sqlite" else cast(value, Text)
