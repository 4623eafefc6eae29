"""The one-screen return: every metric that applies to a department, for one period."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from commitments.formatting import format_value
from commitments.models import Unit

# A change this large from last period's figure must be explained.
LARGE_CHANGE = Decimal("0.5")
WHOLE_NUMBER_UNITS = {Unit.COUNT, Unit.PEOPLE}


class ReturnForm(forms.Form):
    """One row per metric: the value, what it is out of (where it is an 'X of N' count) and a note."""

    def __init__(self, *args, metrics, current, previous, **kwargs):
        super().__init__(*args, **kwargs)
        self.metrics = list(metrics)
        self.previous = previous
        for metric in self.metrics:
            figure = current.get(metric.pk)
            self.fields[f"value_{metric.pk}"] = forms.DecimalField(
                label=metric.name,
                required=False,
                max_digits=14,
                decimal_places=2,
                initial=figure.value if figure else None,
                error_messages={"invalid": f"Enter {metric.name.lower()} as a number, like 12 or 4.5."},
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-5"}),
            )
            if metric.department_target == metric.DepartmentTarget.ALL_OF_ITS_OWN:
                self.fields[f"denominator_{metric.pk}"] = forms.DecimalField(
                    label=f"{metric.name}: out of how many",
                    required=False,
                    max_digits=14,
                    decimal_places=0,
                    initial=figure.denominator if figure else None,
                    error_messages={"invalid": "Enter the total as a whole number, like 11."},
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-5"}),
                )
            self.fields[f"note_{metric.pk}"] = forms.CharField(
                label=f"Note on {metric.name.lower()}",
                required=False,
                max_length=2000,
                initial=figure.note if figure else "",
                widget=forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}),
            )

    def rows(self):
        """What the template lays out: each metric with its fields and last period's figure."""
        for metric in self.metrics:
            earlier = self.previous.get(metric.pk)
            yield {
                "metric": metric,
                "value": self[f"value_{metric.pk}"],
                "denominator": self[f"denominator_{metric.pk}"] if f"denominator_{metric.pk}" in self.fields else None,
                "note": self[f"note_{metric.pk}"],
                "previous": format_value(earlier.value, metric.unit, earlier.qualifier) if earlier else "",
                "previous_period": earlier.period if earlier else None,
            }

    def clean(self):
        cleaned = super().clean()
        for metric in self.metrics:
            value = cleaned.get(f"value_{metric.pk}")
            if value is None:
                continue
            self._check_value(metric, value)
            denominator = cleaned.get(f"denominator_{metric.pk}")
            if denominator is not None and value > denominator:
                self.add_error(
                    f"denominator_{metric.pk}",
                    f"{metric.name}: the total must be at least the number with a plan ({value.normalize():f}).",
                )
            self._check_change(metric, value, cleaned.get(f"note_{metric.pk}", ""))
        return cleaned

    def _check_value(self, metric, value):
        field = f"value_{metric.pk}"
        if value < 0:
            self.add_error(field, f"{metric.name} cannot be negative.")
        elif metric.unit == Unit.PERCENT and value > 100:
            self.add_error(field, f"{metric.name} is a percentage, so it must be between 0 and 100.")
        elif metric.unit in WHOLE_NUMBER_UNITS and value != value.to_integral():
            self.add_error(field, f"{metric.name} is a count, so it must be a whole number.")

    def _check_change(self, metric, value, note):
        earlier = self.previous.get(metric.pk)
        if earlier is None or earlier.value == 0 or note.strip():
            return
        change = abs(value - earlier.value) / earlier.value
        if change > LARGE_CHANGE:
            previous = format_value(earlier.value, metric.unit, earlier.qualifier)
            self.add_error(
                f"note_{metric.pk}",
                f"{metric.name} has changed by more than half since last period ({previous}): add a note saying why.",
            )

    def figures(self):
        """(metric, value, denominator, note) for each metric, value None where left blank."""
        for metric in self.metrics:
            yield (
                metric,
                self.cleaned_data.get(f"value_{metric.pk}"),
                self.cleaned_data.get(f"denominator_{metric.pk}"),
                self.cleaned_data.get(f"note_{metric.pk}", ""),
            )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve and publish"), ("return", "Return to the department for changes")],
        widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
        error_messages={"required": "Choose whether to approve the figures or return them."},
    )
    comment = forms.CharField(
        required=False,
        max_length=4000,
        label="What needs changing",
        widget=forms.Textarea(attrs={"rows": 4, "class": "govuk-textarea"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not cleaned.get("comment", "").strip():
            raise ValidationError({"comment": "Say what needs changing when returning figures."})
        return cleaned
