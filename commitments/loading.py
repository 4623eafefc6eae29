"""Load the report's data from the TOML files in ``fixtures/``.

Each record is matched to the database by its natural key (a mission's number, a
figure's metric, period and department...). A missing record is created; one that
matches the file is left alone; one that differs was edited after loading, and is
kept as it is and reported, unless the caller asks to overwrite. Running the load
twice therefore changes nothing the second time.
"""

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError

from commitments.models import (
    Commitment,
    DepartmentStatus,
    Figure,
    KeyFact,
    Metric,
    Phase,
    ReportingPeriod,
    Source,
)
from departments.models import Department
from missions.models import Mission


class ReportDataError(Exception):
    """The fixture files say something the loader cannot load."""


@dataclass
class LoadResult:
    created: int = 0
    unchanged: int = 0
    updated: int = 0
    kept: list = field(default_factory=list)


def read_fixture_files(directory):
    """Merge every ``*.toml`` file in name order.

    A file's [defaults] apply to its own records, each default only to the kinds of
    record that have such a field.
    """
    merged = {}
    paths = sorted(Path(directory).glob("*.toml"))
    if not paths:
        raise ReportDataError(f"No .toml files in {directory}.")
    for path in paths:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        defaults = data.pop("defaults", {})
        for kind, records in data.items():
            if kind not in KINDS:
                raise ReportDataError(f"{path.name}: unknown section [[{kind}]].")
            _, key_fields, converters = KINDS[kind]
            applicable = {name: value for name, value in defaults.items() if name in converters or name in key_fields}
            merged.setdefault(kind, []).extend({**applicable, **record} for record in records)
    return merged


def as_decimal(value):
    return None if value is None else Decimal(str(value))


# For each kind of record: its model, the fields that identify it, and how to turn
# each field of the file into a model value. A reference names another record by
# its natural key and is resolved through the loader's look-up tables.
KINDS = {
    "sources": (Source, ["slug"], {"title": str, "publisher": str, "kind": str, "published_label": str, "url": str}),
    "periods": (
        ReportingPeriod,
        ["slug"],
        {
            "name": str,
            "as_at": None,
            "as_at_label": str,
            "published": None,
            "published_label": str,
            "is_baseline": bool,
            "note": str,
        },
    ),
    "departments": (
        Department,
        ["code"],
        {
            "name": str,
            "slug": str,
            "kind": str,
            "parent": "department",
            "reporting_note": str,
            "combines": "departments",
        },
    ),
    "missions": (
        Mission,
        ["number"],
        {
            "title": str,
            "summary": str,
            "sponsor_name": str,
            "sponsor_role": str,
            "sponsor_quote": str,
            "source_page": str,
        },
    ),
    "commitments": (
        Commitment,
        ["number"],
        {"mission": "mission", "short_title": str, "text": str, "source_page": str},
    ),
    "phases": (
        Phase,
        ["commitment", "order"],
        {
            "commitment": "commitment",
            "name": str,
            "status": str,
            "status_period": "period",
            "status_evidence": str,
            "due_date": None,
            "due_label": str,
            "source_page": str,
        },
    ),
    "metrics": (
        Metric,
        ["slug"],
        {
            "commitment": "commitment",
            "name": str,
            "order": int,
            "unit": str,
            "direction": str,
            "scope": str,
            "department_target": str,
            "of_total": int,
            "target_value": as_decimal,
            "target_date": None,
            "target_label": str,
            "baseline_period": "period",
            "counted_from": None,
            "is_headline": bool,
            "note": str,
        },
    ),
    "figures": (
        Figure,
        ["metric", "period", "department"],
        {
            "metric": "metric",
            "period": "period",
            "department": "department",
            "value": as_decimal,
            "qualifier": str,
            "numerator": as_decimal,
            "denominator": as_decimal,
            "as_at": None,
            "source": "source",
            "source_page": str,
            "note": str,
            "verified": bool,
        },
    ),
    "statuses": (
        DepartmentStatus,
        ["department", "commitment", "period"],
        {
            "department": "department",
            "commitment": "commitment",
            "period": "period",
            "state": str,
            "source": "source",
            "source_page": str,
            "note": str,
            "verified": bool,
        },
    ),
    "key_facts": (
        KeyFact,
        ["mission", "period", "order"],
        {
            "mission": "mission",
            "commitment": "commitment",
            "department": "department",
            "period": "period",
            "text": str,
            "source": "source",
            "source_page": str,
        },
    ),
}

REFERENCES = {
    "department": (Department, "code"),
    "mission": (Mission, "number"),
    "commitment": (Commitment, "number"),
    "period": (ReportingPeriod, "slug"),
    "source": (Source, "slug"),
    "metric": (Metric, "slug"),
}


class ReportLoader:
    def __init__(self, overwrite=False):
        self.overwrite = overwrite
        self.result = LoadResult()

    def load(self, data):
        for kind in KINDS:
            records = data.get(kind, [])
            if kind == "key_facts":
                records = self._number_key_facts(records)
            for record in records:
                self._load_record(kind, record)
        return self.result

    @staticmethod
    def _number_key_facts(records):
        """Key facts have no name of their own: their place within a mission and period identifies them."""
        counters = {}
        numbered = []
        for record in records:
            place = (record["mission"], record["period"])
            counters[place] = counters.get(place, 0) + 1
            numbered.append({**record, "order": counters[place]})
        return numbered

    def _resolve(self, reference, key):
        if key is None:
            return None
        model, field_name = REFERENCES[reference]
        try:
            return model.objects.get(**{field_name: key})
        except model.DoesNotExist:
            raise ReportDataError(f"No {model._meta.verbose_name} with {field_name} {key!r}.") from None

    def _convert(self, kind, record):
        model, key_fields, converters = KINDS[kind]
        unknown = set(record) - set(converters) - set(key_fields)
        if unknown:
            raise ReportDataError(f"{kind}: unknown field(s) {', '.join(sorted(unknown))} in {record}.")
        values, many = {}, {}
        for name, convert in converters.items():
            if name not in record:
                continue
            raw = record[name]
            if convert == "departments":
                many[name] = [self._resolve("department", code) for code in raw]
            elif isinstance(convert, str):
                values[name] = self._resolve(convert, raw)
            elif convert is None or raw is None:
                values[name] = raw
            else:
                values[name] = convert(raw)
        lookup = {}
        for name in key_fields:
            convert = converters.get(name)
            raw = record.get(name)
            lookup[name] = self._resolve(convert, raw) if isinstance(convert, str) else raw
            values.pop(name, None)
        return model, lookup, values, many

    def _load_record(self, kind, record):
        model, lookup, values, many = self._convert(kind, record)
        label = f"{model._meta.verbose_name} {', '.join(str(v) for v in lookup.values())}"
        instance = model.objects.filter(**lookup).first()
        try:
            if instance is None:
                instance = model(**lookup, **values)
                instance.full_clean()
                instance.save()
                for name, related in many.items():
                    getattr(instance, name).set(related)
                self.result.created += 1
                return
            differences = {name: value for name, value in values.items() if getattr(instance, name) != value}
            if not differences:
                self.result.unchanged += 1
            elif self.overwrite:
                for name, value in differences.items():
                    setattr(instance, name, value)
                instance.full_clean()
                instance.save()
                self.result.updated += 1
            else:
                for name, value in differences.items():
                    self.result.kept.append(
                        f"{label}: {name} is {getattr(instance, name)!r} in the database, {value!r} in the report data"
                    )
        except ValidationError as error:
            raise ReportDataError(f"{label}: {'; '.join(error.messages)}") from error
