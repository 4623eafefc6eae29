import datetime

import factory
from factory.django import DjangoModelFactory

from commitments.models import Commitment, Figure, Metric, ReportingPeriod, Source, Unit
from departments.models import Department
from missions.models import Mission


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"D{n:03d}")
    name = factory.Faker("company")
    slug = factory.Sequence(lambda n: f"department-{n}")
    kind = Department.Kind.MINISTERIAL


class MissionFactory(DjangoModelFactory):
    class Meta:
        model = Mission

    number = factory.Sequence(lambda n: 100 + n)
    title = factory.Faker("sentence", nb_words=5)
    summary = factory.Faker("paragraph")
    sponsor_name = factory.Faker("name")
    sponsor_role = factory.Faker("job")
    sponsor_quote = factory.Faker("paragraph")
    source_page = factory.Faker("numerify", text="##")


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = Commitment

    number = factory.Sequence(lambda n: 100 + n)
    mission = factory.SubFactory(MissionFactory)
    short_title = factory.Faker("sentence", nb_words=4)
    text = factory.Faker("paragraph")
    source_page = factory.Faker("numerify", text="##")


class ReportingPeriodFactory(DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    slug = factory.Sequence(lambda n: f"period-{n}")
    name = factory.Faker("sentence", nb_words=3)
    as_at = factory.Sequence(lambda n: datetime.date(2030, 1, 1) + datetime.timedelta(days=182 * n))
    as_at_label = factory.LazyAttribute(lambda period: period.as_at.strftime("%B %Y"))


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Faker("sentence", nb_words=6)
    publisher = factory.Faker("company")
    kind = Source.Kind.PRIMARY


class MetricFactory(DjangoModelFactory):
    class Meta:
        model = Metric

    commitment = factory.SubFactory(CommitmentFactory)
    slug = factory.Sequence(lambda n: f"metric-{n}")
    name = factory.Faker("sentence", nb_words=5)
    unit = Unit.COUNT


class FigureFactory(DjangoModelFactory):
    class Meta:
        model = Figure

    metric = factory.SubFactory(MetricFactory)
    period = factory.SubFactory(ReportingPeriodFactory)
    value = factory.Faker("pydecimal", left_digits=2, right_digits=1, positive=True)
    source = factory.SubFactory(SourceFactory)
    source_page = factory.Faker("numerify", text="##")


def figure_form_data(figure, **changes):
    """What a figure form posts for ``figure`` as it stands, with ``changes`` made."""
    data = {
        "metric": figure.metric_id,
        "period": figure.period_id,
        "department": figure.department_id or "",
        "value": figure.value,
        "qualifier": figure.qualifier,
        "numerator": figure.numerator or "",
        "denominator": figure.denominator or "",
        "as_at": "",
        "source": figure.source_id,
        "source_page": figure.source_page,
        "note": figure.note,
        "verified": "on" if figure.verified else "",
        "department_return": "",
        "revised_on": "",
        "revision_reason": "",
        "change_reason": "",
    }
    data.update(changes)
    return data
