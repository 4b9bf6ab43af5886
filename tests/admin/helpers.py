"""Helpers for the admin tests: documents to list, POST data for the company form."""

from datetime import time

from django.utils import timezone

SECRET = "Sekret-Haslo-123!"


def make_document(device, status, number, **extra):
    """A MobileDocument of ``device`` in ``status``, with Polish letters in the payload."""
    import uuid

    from importer.models import MobileDocument

    guid = str(uuid.uuid4())
    return MobileDocument.objects.create(
        guid=guid,
        device=device,
        company_database=device.company_database,
        doc_type="FS",
        number=number,
        issued_at=timezone.now(),
        payload={"guid": guid, "number": number, "customer": {"name": "Zażółć Gęślą Jaźń"}},
        content_hash="0" * 64,
        status=status,
        **extra,
    )


def company_form_data(company, schedule=None, **overrides):
    """POST data for the company database change form, schedule inline included."""
    from harmonogramy.models import Schedule

    if schedule is None and company.pk is not None:
        schedule = Schedule.objects.filter(company_database=company).first()
    data = {
        "name": company.name,
        "dialect": company.dialect,
        "odbc_driver": company.odbc_driver,
        "server": company.server,
        "port": company.port or "",
        "database": company.database,
        "username": company.username,
        "new_password": "",
        "odbc_options": company.odbc_options,
        "time_zone": company.time_zone,
        "default_warehouse": company.default_warehouse,
        "retail_customer_code": company.retail_customer_code,
        "default_cash_register": company.default_cash_register,
        "error_policy": company.error_policy,
        "inactive_nip_match": company.inactive_nip_match,
        "operator": company.operator_id or "",
        "schedule-TOTAL_FORMS": "1",
        "schedule-INITIAL_FORMS": "1" if schedule else "0",
        "schedule-MIN_NUM_FORMS": "0",
        "schedule-MAX_NUM_FORMS": "1",
        "schedule-0-id": schedule.pk if schedule else "",
        "schedule-0-company_database": company.pk or "",
        "schedule-0-interval_minutes": schedule.interval_minutes if schedule else 15,
        "schedule-0-weekdays": list(schedule.weekdays if schedule else "1234567"),
        "schedule-0-active_from": _hhmm(schedule.active_from if schedule else None),
        "schedule-0-active_to": _hhmm(schedule.active_to if schedule else None),
    }
    for flag in ("is_active", "trusted_connection", "documents_as_drafts"):
        if getattr(company, flag):
            data[flag] = "on"
    if schedule is None or schedule.enabled:
        data["schedule-0-enabled"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _hhmm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""
