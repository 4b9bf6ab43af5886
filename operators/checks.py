"""The operator check: may this Optima operator import into this company database?

Run at the start of every import run (before any ERP write, `importer.engine`) and when an
operator or a company database's operator is saved or tested in the admin.

Rules (issue "Operator and secrets"; optima-schema.md, configuration database), read from
the company's configuration database through ODBC (`importer.erp.operatorzy`):

1. the ``CDN.Operatorzy`` row with ``Ope_Kod`` = the acronym exists;
2. ``Ope_Nieaktywny = 0``;
3. the company's ``CDN.Bazy`` row (by ``Baz_GUID`` = ``discovered_guid``, else by
   ``Baz_Nazwa`` = the company database's name) has no ``CDN.BazZakazy`` row for the operator;
4. the password: an empty password fails when the operator has one in Optima; it is compared
   where the ERP profile can verify it (``Ope_Haslo`` holds syncadmin's own
   ``pbkdf2_sha256$…`` verifier: the demo and test Optima). A real Optima's encoding is not
   public, so there the password is not verified and the result says so.

A company database without a configuration database cannot be checked: for SQL Server (a
real Optima) that fails; for the demo/test dialects (SQLite, PostgreSQL) the check is skipped
with a note, so a company added by hand for tests still imports.
"""

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from importer.erp.adapter import ErpError, connect
from importer.erp.conventions import check_password_verifier
from importer.erp.operatorzy import OptimaOperators
from operators.crypto import Secret, SecretError

VERIFIER_PREFIX = "pbkdf2_sha256$"


@dataclass(frozen=True)
class OperatorCheck:
    """The verdict. ``reason`` names the operator and says why (safe to show and log: it
    never contains a password). ``checked`` is False when the configuration database could
    not be consulted (missing link or unreachable: ``unreachable`` is then True for the
    latter). ``password_verified`` is True only when Ope_Haslo could be compared.
    ``operator_id``/``operator_name`` are the operator's Ope_OpeID and Ope_Nazwisko in
    CDN.Operatorzy (None/"" when it was not read): the import writes them into the
    documents' ``*_OpeZalID``/``*_OpeZalNazwisko`` columns."""

    ok: bool
    reason: str
    checked: bool = True
    unreachable: bool = False
    password_verified: bool = False
    operator_id: int | None = None
    operator_name: str = ""


def _fail(reason: str, **kwargs) -> OperatorCheck:
    return OperatorCheck(ok=False, reason=reason, **kwargs)


def check_operator(operator, company) -> OperatorCheck:
    """Check ``operator`` (`operators.models.Operator` or None) for ``company`` (a
    `harmonogramy.models.CompanyDatabase`). Never raises for ERP, key or data problems: they
    are in the verdict. Opens one ODBC connection to the configuration database."""
    if operator is None:
        return _fail(
            _(
                "No Optima operator is configured: set the default operator or the "
                "company database's operator."
            ),
            checked=False,
        )
    names = {"operator": operator.acronym, "company": company.name}
    try:
        secret = operator.password  # a str when just typed in the admin and not saved
        password = secret.reveal() if isinstance(secret, Secret) else str(secret or "")
    except SecretError as exc:
        return _fail(
            _("Operator %(operator)s: the stored password cannot be decrypted (%(error)s)")
            % {**names, "error": exc},
            checked=False,
        )
    configuration = company.configuration
    if configuration is None:
        if company.dialect == "mssql":
            return _fail(
                _(
                    "Operator %(operator)s cannot be checked for %(company)s: the company "
                    "database has no configuration database (set it so CDN.Operatorzy "
                    "can be read)."
                )
                % names,
                checked=False,
            )
        return OperatorCheck(
            ok=True,
            checked=False,
            reason=_(
                "Operator %(operator)s was not checked for %(company)s: no configuration "
                "database is set (demo/test profile)."
            )
            % names,
        )
    names["configuration"] = configuration.name
    try:
        with connect(configuration.erp_settings()) as conn:
            reads = OptimaOperators(conn)
            verdict = _verdict(reads, operator.acronym, password, company, names)
            row = reads.operator(operator.acronym) if verdict.ok else None
    except ErpError as exc:
        return _fail(
            _(
                "Operator %(operator)s cannot be checked for %(company)s: the "
                "configuration database %(configuration)s is unreachable: %(error)s"
            )
            % {**names, "error": exc},
            checked=False,
            unreachable=True,
        )
    if row is not None:
        verdict = replace(verdict, operator_id=row.id, operator_name=row.name)
    return verdict


def _verdict(reads: OptimaOperators, acronym: str, password: str, company, names) -> OperatorCheck:
    row = reads.operator(acronym)
    if row is None:
        return _fail(
            _(
                "Operator %(operator)s does not exist in CDN.Operatorzy of the "
                "configuration database %(configuration)s."
            )
            % names
        )
    if row.inactive:
        return _fail(_("Operator %(operator)s is inactive in Optima (Ope_Nieaktywny).") % names)
    baz = reads.company(guid=company.discovered_guid, name=company.name)
    if baz is None:
        return _fail(
            _(
                "Operator %(operator)s cannot be checked: %(company)s is not listed in "
                "CDN.Bazy of %(configuration)s (by Baz_GUID or Baz_Nazwa)."
            )
            % names
        )
    if reads.is_banned(row.id, baz.id):
        return _fail(
            _("Operator %(operator)s has no access to %(company)s (CDN.BazZakazy).") % names
        )
    if row.has_password and not password:
        return _fail(
            _("Operator %(operator)s has a password in Optima, but none is set in syncadmin.")
            % names
        )
    if row.password_verifier.startswith(VERIFIER_PREFIX):
        if not check_password_verifier(password, row.password_verifier):
            return _fail(_("Operator %(operator)s: the password is wrong.") % names)
        return OperatorCheck(
            ok=True,
            password_verified=True,
            reason=_("Operator %(operator)s may import into %(company)s (password verified).")
            % names,
        )
    if not row.has_password:
        return OperatorCheck(
            ok=True,
            reason=_("Operator %(operator)s may import into %(company)s (no password in Optima).")
            % names,
        )
    return OperatorCheck(
        ok=True,
        reason=_(
            "Operator %(operator)s may import into %(company)s; the password was not "
            "verified (Comarch's password encoding is not public)."
        )
        % names,
    )
