"""Admin forms for company databases (write-only SQL password) and their schedules."""

from django import forms
from django.contrib.admin.widgets import AdminTimeWidget
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from harmonogramy.models import CompanyDatabase, ConfigurationDatabase, Schedule
from harmonogramy.timetable import ALL_WEEKDAYS, MAX_INTERVAL_MINUTES, Timetable, TimetableError
from operators.forms import WriteOnlySecretFormMixin

WEEKDAY_CHOICES = [
    ("1", _("Monday")),
    ("2", _("Tuesday")),
    ("3", _("Wednesday")),
    ("4", _("Thursday")),
    ("5", _("Friday")),
    ("6", _("Saturday")),
    ("7", _("Sunday")),
]


class CompanyDatabaseAdminForm(WriteOnlySecretFormMixin, forms.ModelForm):
    """A company database with its SQL password as a write-only field."""

    class Meta:
        model = CompanyDatabase
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password"].label = _("SQL password")


class ConfigurationDatabaseAdminForm(WriteOnlySecretFormMixin, forms.ModelForm):
    """A configuration database with its SQL password as a write-only field."""

    class Meta:
        model = ConfigurationDatabase
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password"].label = _("SQL password")


class ScheduleForm(forms.ModelForm):
    """A schedule with the weekdays as seven checkboxes, validated by `Timetable.validate`.

    The weekdays are stored as a string of ISO day digits ("12345" = Monday–Friday). The
    time zone is the company database's; the inline formset passes the database being
    edited (`ScheduleInlineFormSet`), so a time zone changed in the same submit is used.
    """

    weekdays = forms.MultipleChoiceField(
        label=_("Days of the week"),
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=True,
        error_messages={"required": _("Choose at least one day of the week.")},
    )

    class Meta:
        model = Schedule
        fields = [
            "enabled",
            "interval_minutes",
            "weekdays",
            "active_from",
            "active_to",
            "import_on_arrival",
        ]
        # Hours and minutes are all a schedule needs; seconds would only confuse.
        widgets = {
            "active_from": AdminTimeWidget(format="%H:%M"),
            "active_to": AdminTimeWidget(format="%H:%M"),
        }

    def __init__(self, *args, company_database=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.company_database = company_database
        if self.instance.weekdays and not self.is_bound:
            self.initial["weekdays"] = list(self.instance.weekdays)

    def clean_weekdays(self) -> str:
        days = sorted(set(self.cleaned_data["weekdays"]))
        return "".join(days)

    def _time_zone(self) -> str:
        if self.company_database is not None:
            return self.company_database.time_zone
        if self.instance.company_database_id:
            return self.instance.company_database.time_zone
        return CompanyDatabase._meta.get_field("time_zone").default

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned  # field errors already say what is wrong
        timetable = Timetable(
            interval_minutes=cleaned.get("interval_minutes"),
            tz=self._time_zone(),
            active_from=cleaned.get("active_from"),
            active_to=cleaned.get("active_to"),
            weekdays=frozenset(int(d) for d in cleaned.get("weekdays", "")),
        )
        try:
            timetable.validate()
        except TimetableError as exc:
            field, message = _explain(timetable, exc)
            self.add_error(field, message)
        return cleaned

    def _post_clean(self):
        # Schedule.clean() repeats Timetable.validate(); when clean() above has already
        # reported the reason, running it again would show the same error twice.
        if self._errors:
            return
        # Validate against the database being edited (its time zone may change in this
        # very submit), not the row still stored.
        if self.company_database is not None:
            self.instance.company_database = self.company_database
        super()._post_clean()


def _explain(timetable: Timetable, exc: TimetableError) -> tuple[str | None, str]:
    """The form field a `TimetableError` belongs to and a translated message for it."""
    if not 1 <= int(timetable.interval_minutes) <= MAX_INTERVAL_MINUTES:
        return "interval_minutes", _("The interval must be between 1 and %(max)s minutes.") % {
            "max": MAX_INTERVAL_MINUTES
        }
    if not timetable.weekdays or not set(timetable.weekdays) <= ALL_WEEKDAYS:
        return "weekdays", _("Choose at least one day of the week.")
    if (timetable.active_from is None) != (timetable.active_to is None):
        missing = "active_to" if timetable.active_to is None else "active_from"
        return missing, _("Give both ends of the active hours, or neither (the whole day).")
    if timetable.active_from is not None and timetable.active_from == timetable.active_to:
        return "active_to", _(
            "The active hours start and end at the same time; leave both empty for the whole day."
        )
    return None, _("The schedule cannot run: %(reason)s") % {"reason": exc}


class ScheduleInlineFormSet(BaseInlineFormSet):
    """Passes the company database being edited to each `ScheduleForm`."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["company_database"] = self.instance
        return kwargs
