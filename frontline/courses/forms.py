from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from frontline.accounts.models import Agency, User
from frontline.courses import agenda
from frontline.courses.models import MAX_COURSE_DAYS, CourseOffering, TeamMember
from frontline.curriculum.models import Unit
from frontline.scenarios.live import MAX_SECONDS, MIN_SECONDS
from frontline.scenarios.models import Scenario

SCALE = [(n, str(n)) for n in range(1, 6)]


class OfferingForm(forms.ModelForm):
    required_scenarios = forms.CharField(
        label=_("Required case exercises"),
        required=False,
        max_length=2000,
        help_text=_("Ids of case exercises, separated by commas (may be empty)."),
    )

    class Meta:
        model = CourseOffering
        fields = ["title", "agency", "starts_on", "ends_on", "venue", "language", "day_start",
                  "day_end", "breaks", "min_attendance", "require_post_test"]  # fmt: skip
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "day_start": forms.TimeInput(attrs={"type": "time"}),
            "day_end": forms.TimeInput(attrs={"type": "time"}),
            "breaks": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.all()  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["required_scenarios"] = ", ".join(self.instance.required_scenarios)

    def clean_required_scenarios(self) -> list[str]:
        raw = self.cleaned_data.get("required_scenarios") or ""
        ids = list(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))
        known = set(Scenario.objects.current().filter(key__in=ids).values_list("key", flat=True))
        if unknown := [i for i in ids if i not in known]:
            raise forms.ValidationError(
                _("No case exercise has the id %(ids)s.") % {"ids": ", ".join(unknown)}
            )
        return ids

    def clean_breaks(self) -> str:
        try:
            breaks = agenda.parse_breaks(self.cleaned_data.get("breaks") or "")
        except agenda.PlanError as error:
            raise forms.ValidationError(str(error)) from error
        return agenda.format_breaks(breaks)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        elif starts and ends and (ends - starts).days + 1 > MAX_COURSE_DAYS:
            self.add_error("ends_on", _("A course runs at most %(n)d days; check the dates.")
                           % {"n": MAX_COURSE_DAYS})  # fmt: skip
        elif starts and ends and not agenda.teaching_days(starts, ends):
            self.add_error("ends_on", _("These dates hold no weekday to teach on."))
        if data.get("day_start") and data.get("day_end") and "breaks" in data:
            try:
                agenda.DayPlan(data["day_start"], data["day_end"],
                               agenda.parse_breaks(data["breaks"]))  # fmt: skip
            except agenda.PlanError as error:
                self.add_error("breaks", str(error))
        return data

    def save(self, commit: bool = True) -> CourseOffering:
        self.instance.required_scenarios = self.cleaned_data["required_scenarios"]
        return super().save(commit=commit)


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Person"))
    role = forms.ChoiceField(choices=TeamMember.TeamRole.choices, label=_("Role in the team"))
    discipline = forms.ChoiceField(choices=TeamMember.Discipline.choices, label=_("Discipline"))

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = (  # type: ignore[attr-defined]
            lambda u: u.get_full_name() or u.username
        )


class PersonForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), label=_("Sent by (agency)"))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Participant list (CSV)"),
        help_text=_("Columns: first_name, last_name, email, agency (the agency's full name)."),
    )


class UnitsForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.all(), widget=forms.CheckboxSelectMultiple, label=_("Units")
    )


class SurveyForm(forms.Form):
    relevance = forms.TypedChoiceField(
        choices=SCALE, coerce=int, widget=forms.RadioSelect,
        label=_("How relevant was the course to your work? (1 = not at all, 5 = very)"),
    )  # fmt: skip
    improve = forms.CharField(
        label=_("What should we improve?"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        for unit in units:
            for when, label in (("before", _("before the course")), ("after", _("now"))):
                self.fields[f"{unit.key}-{when}"] = forms.TypedChoiceField(
                    choices=SCALE, coerce=int,
                    label=_("Unit %(n)d, %(title)s: my confidence %(when)s (1-5)")
                    % {"n": unit.number, "title": unit.title, "when": label},
                )  # fmt: skip

    def confidence(self) -> dict[str, dict[str, int]]:
        return {
            u.key: {
                "before": self.cleaned_data[f"{u.key}-before"],
                "after": self.cleaned_data[f"{u.key}-after"],
            }
            for u in self.units
        }


class LiveRunForm(forms.Form):
    """A live case exercise for a course: its participants join with the code shown."""

    scenario = forms.ModelChoiceField(
        label=_("Case exercise"), queryset=Scenario.objects.none(), to_field_name="key"
    )
    group = forms.CharField(
        label=_("Group"),
        required=False,
        max_length=100,
        help_text=_("To compare results later; the course's title when left empty."),
    )
    seconds = forms.IntegerField(
        label=_("Seconds per vote"), min_value=MIN_SECONDS, max_value=MAX_SECONDS, initial=60
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenario"].queryset = Scenario.objects.current()  # type: ignore[attr-defined]


class HolidayForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Agency"))
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    name = forms.CharField(label=_("Name"), max_length=100)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
