"""The shipped catalogs: Polish complete, English only for the Polish-source phrases, and the
committed .mo files compiled from the .po files beside them (no gettext tools at run time)."""

import ast
import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdrfi]|%[sd]|\{\w*\}")


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (list), flags."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        if entry is None:
            entry = {"msgctxt": None, "msgid_plural": None, "msgstr": {}, "flags": set()}
        if line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if isinstance(key, int):
                entry["msgstr"][key] += text
            else:
                entry[key] += text
        else:
            word, _, rest = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d)\]", word)
            key = int(match.group(1)) if match else ("msgstr0" if word == "msgstr" else word)
            if key == "msgstr0":
                key = 0
            if isinstance(key, int):
                entry["msgstr"][key] = ast.literal_eval(rest)
            else:
                entry[key] = ast.literal_eval(rest)
    return [e for e in entries if e["msgid"]]  # the header has an empty msgid


@pytest.fixture(params=["pl", "en"])
def language(request):
    return request.param


def test_the_polish_catalog_is_complete_and_keeps_placeholders():
    entries = read_po(LOCALE / "pl" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 400
    for e in entries:
        assert "fuzzy" not in e["flags"], e["msgid"]
        forms = list(e["msgstr"].values())
        assert len(forms) == (3 if e["msgid_plural"] else 1), e["msgid"]
        for form in forms:
            assert form.strip(), f"untranslated: {e['msgid']!r}"
            assert sorted(set(PLACEHOLDER.findall(form))) <= sorted(
                set(PLACEHOLDER.findall(e["msgid"] + (e["msgid_plural"] or "")))
            ), (e["msgid"], form)
        if not e["msgid_plural"]:
            assert sorted(PLACEHOLDER.findall(forms[0])) == sorted(
                PLACEHOLDER.findall(e["msgid"])
            ), (e["msgid"], forms[0])


def test_the_polish_plural_forms_are_the_three_polish_ones():
    head = (LOCALE / "pl" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")[:2000]
    assert "nplurals=3; plural=(n==1 ? 0 : (n%10>=2 && n%10<=4) && (n%100<12 || n%100>14)" in head
    catalog = _mo("pl")
    forms = {
        n: catalog.ngettext("%(count)d document ignored.", "%(count)d documents ignored.", n)
        for n in (1, 2, 5, 12, 22, 25)
    }
    assert forms[1].startswith("Zignorowano %(count)d dokument.")
    assert forms[2] == forms[22] == "Zignorowano %(count)d dokumenty."
    assert forms[5] == forms[12] == forms[25] == "Zignorowano %(count)d dokumentów."


def test_the_english_catalog_translates_only_the_polish_source_phrases():
    translated = [
        e for e in read_po(LOCALE / "en" / "LC_MESSAGES" / "django.po") if any(e["msgstr"].values())
    ]
    assert {e["msgid"] for e in translated} >= {"codziennie", "całą dobę", "co %(minutes)s min"}
    source = (LOCALE.parent / "harmonogramy" / "describe.py").read_text(encoding="utf-8")
    assert all(f'"{e["msgid"]}"' in source for e in translated), [e["msgid"] for e in translated]


def test_the_committed_mo_matches_its_po(language):
    catalog = _mo(language)
    for e in read_po(LOCALE / language / "LC_MESSAGES" / "django.po"):
        if not any(e["msgstr"].values()):
            continue
        if e["msgid_plural"]:
            got = (
                catalog.npgettext(e["msgctxt"], e["msgid"], e["msgid_plural"], 1)
                if e["msgctxt"]
                else catalog.ngettext(e["msgid"], e["msgid_plural"], 1)
            )
        else:
            got = (
                catalog.pgettext(e["msgctxt"], e["msgid"])
                if e["msgctxt"]
                else catalog.gettext(e["msgid"])
            )
        assert got == e["msgstr"][0], f"run compilemessages: {e['msgid']!r}"


def _mo(language) -> gettext.GNUTranslations:
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as handle:
        return gettext.GNUTranslations(handle)
