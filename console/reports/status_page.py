"""The public status export: index.html, status.json and feed.atom of the open outages.

The web team publishes whatever lies in the folder, possibly while the console re-exports
after a change, so every file is replaced atomically.  The page must work with no network
and no JavaScript: inline CSS only, no external references, and a Content-Security-Policy
that would block any that slipped in.  Outage text comes from dispatchers and is escaped
everywhere it is rendered.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path

from console.domain.enums import Cause, OutageStatus, parse_enum
from console.domain.errors import ValidationError
from console.domain import vocabulary
from console.domain.notices import DEFAULT_OPERATOR, check_lang, format_when
from console.domain.vocabulary import N_
from console.domain.timeutil import checked_utc, iso_local

INDEX_NAME = "index.html"
JSON_NAME = "status.json"
FEED_NAME = "feed.atom"
ATOM_NS = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Entry and feed ids must stay the same from one export to the next, or feed readers
# show every outage again as new.
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:outage-dispatch-console:public-status")
# Characters XML 1.0 cannot carry at all; one in a title would make the feed unparseable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# The page's words by key, in English (the source language); the catalogue gives the rest.
_TEXTS = {
    "page_title": N_("Service status"),
    "updated": N_("Updated"),
    "caption": N_("Current outages"),
    "area": N_("Area"),
    "status": N_("Status"),
    "eta": N_("Expected back"),
    "last_update": N_("Last update"),
    "cause": N_("Cause"),
    "no_eta": N_("Not yet known"),
    "eta_passed": N_("new time to follow"),
    "none": N_("No known outages right now."),
    "count_one": N_("1 current outage"),
    "count_many": N_("{n} current outages"),
    "customers_one": N_("1 customer affected"),
    "customers_many": N_("{n} customers affected"),
    "machine": N_("The same information, machine-readable"),
    "feed": N_("Atom feed"),
    "no_script": N_("This page needs no JavaScript and is updated whenever the situation changes."),
}

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1d2630; background: #f4f6f8; line-height: 1.45; }
header { background: #12355b; color: #fff; padding: 1.25rem 1rem; }
header h1 { margin: 0; font-size: 1.6rem; }
header p { margin: .25rem 0 0; }
main { max-width: 62rem; margin: 0 auto; padding: 1rem; }
.summary { font-size: 1.1rem; font-weight: 600; }
.none { background: #e3f4e8; border-left: .35rem solid #2e8b57; padding: 1rem; }
table { width: 100%; border-collapse: collapse; background: #fff;
  box-shadow: 0 1px 3px rgba(0,0,0,.12); }
/* The summary line above says the same; the caption stays for screen readers. */
caption { position: absolute; left: -10000px; }
th, td { text-align: left; vertical-align: top; padding: .6rem .75rem;
  border-bottom: 1px solid #dde3e9; }
th { background: #e8edf2; }
.area { font-weight: 600; }
.detail { display: block; color: #4a5866; font-size: .92rem; }
.status { display: inline-block; padding: .1rem .5rem; border-radius: .8rem;
  background: #fdf1d6; color: #6b4a00; font-weight: 600; white-space: nowrap; }
.status-on_site { background: #dcebfb; color: #123f6e; }
.status-waiting_for_material { background: #fbe0dc; color: #7a1c10; }
.passed { display: block; color: #7a1c10; font-size: .92rem; }
footer { max-width: 62rem; margin: 0 auto; padding: 0 1rem 2rem; color: #4a5866;
  font-size: .92rem; }
@media (max-width: 40rem) {
  thead { position: absolute; left: -10000px; }
  table, tbody, tr, td { display: block; width: 100%; }
  tr { border-bottom: 2px solid #c5ced8; }
  td { border: 0; padding: .3rem .75rem; }
  td::before { content: attr(data-label); display: block; font-size: .8rem;
    color: #4a5866; text-transform: uppercase; letter-spacing: .03em; }
}
""".strip()

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _clean(text: object) -> str:
    return _NOT_XML.sub("", " ".join(str(text).split()))


@dataclass(frozen=True)
class PublicOutage:
    """What the public may see of one outage.  Times UTC (naive values read as UTC)."""

    id: int
    area: str
    title: str
    status: OutageStatus
    cause: Cause
    customers_affected: int
    started_at: datetime
    current_eta: datetime | None
    last_update: datetime

    def __post_init__(self) -> None:
        fix = object.__setattr__
        if isinstance(self.id, bool) or not isinstance(self.id, int):
            raise ValidationError(f"outage id must be a whole number, got {self.id!r}")
        fix(self, "area", _clean(self.area))
        fix(self, "title", _clean(self.title))
        fix(self, "status", parse_enum(OutageStatus, self.status, "status"))
        fix(self, "cause", parse_enum(Cause, self.cause, "cause"))
        n = self.customers_affected
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValidationError(f"customers affected must be a whole number, 0 or more, got {n!r}")
        fix(self, "started_at", checked_utc(self.started_at, f"start time of outage #{self.id}"))
        fix(self, "current_eta", checked_utc(self.current_eta, f"ETA of outage #{self.id}", required=False))
        fix(self, "last_update", checked_utc(self.last_update, f"last update of outage #{self.id}"))


@dataclass(frozen=True)
class StatusExport:
    """The files one export wrote."""

    index_html: Path
    status_json: Path
    feed_atom: Path


def _open_outages(outages) -> list[PublicOutage]:
    return sorted((o for o in outages if o.status.is_open), key=lambda o: (o.started_at, o.id))


def _customers_text(n: int, labels: dict) -> str:
    return labels["customers_one"] if n == 1 else labels["customers_many"].format(n=n)


def _eta_text(o: PublicOutage, generated_at: datetime, lang: str) -> tuple[str, bool]:
    """Local-time ETA in words and whether it has already passed."""
    labels = vocabulary.words(lang, _TEXTS)
    if o.current_eta is None:
        return labels["no_eta"], False
    return format_when(o.current_eta, lang, generated_at), o.current_eta <= generated_at


def _time_tag(value: datetime, lang: str, now: datetime) -> str:
    return (f'<time datetime="{escape(iso_local(value))}">'
            f"{escape(format_when(value, lang, now))}</time>")


def render_index_html(
    outages, generated_at: datetime, operator: str = DEFAULT_OPERATOR, lang: str = "sv"
) -> str:
    lang = check_lang(lang)
    generated_at = checked_utc(generated_at, "export time")
    operator = _clean(operator) or DEFAULT_OPERATOR
    labels = vocabulary.words(lang, _TEXTS)
    shown = _open_outages(outages)
    e = escape

    rows = []
    for o in shown:
        eta, passed = _eta_text(o, generated_at, lang)
        eta_html = e(eta)
        if o.current_eta is not None:
            eta_html = f'<time datetime="{e(iso_local(o.current_eta))}">{eta_html}</time>'
        if passed:
            eta_html += f'<span class="passed">{e(labels["eta_passed"])}</span>'
        title = f'<span class="detail">{e(o.title)}</span>' if o.title and o.title != o.area else ""
        rows.append(
            f'<tr id="outage-{o.id}">'
            f'<td data-label="{e(labels["area"])}"><span class="area">{e(o.area)}</span>{title}'
            f'<span class="detail">{e(labels["cause"])}: {e(vocabulary.cause_word(o.cause, lang))}</span>'
            f'<span class="detail">{e(_customers_text(o.customers_affected, labels))}</span></td>'
            f'<td data-label="{e(labels["status"])}"><span class="status status-{e(o.status.value)}">'
            f"{e(vocabulary.outage_status_word(o.status, lang))}</span></td>"
            f'<td data-label="{e(labels["eta"])}">{eta_html}</td>'
            f'<td data-label="{e(labels["last_update"])}">{_time_tag(o.last_update, lang, generated_at)}</td>'
            "</tr>"
        )

    if shown:
        count = labels["count_one"] if len(shown) == 1 else labels["count_many"].format(n=len(shown))
        body = (
            f'<p class="summary">{e(count)}</p>\n'
            f'<table>\n<caption>{e(labels["caption"])}</caption>\n'
            f'<thead><tr><th scope="col">{e(labels["area"])}</th><th scope="col">{e(labels["status"])}</th>'
            f'<th scope="col">{e(labels["eta"])}</th><th scope="col">{e(labels["last_update"])}</th></tr></thead>\n'
            "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
        )
    else:
        body = f'<p class="none">{e(labels["none"])}</p>'

    page_title = f"{labels['page_title']} – {operator}"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{e(_CSP)}">
<title>{e(page_title)}</title>
<link rel="icon" href="data:,">
<link rel="alternate" type="application/atom+xml" href="{FEED_NAME}" title="{e(labels['feed'])}">
<style>
{_CSS}
</style>
</head>
<body>
<header>
<h1>{e(labels['page_title'])}</h1>
<p>{e(operator)}</p>
<p>{e(labels['updated'])} {_time_tag(generated_at, lang, generated_at)}</p>
</header>
<main>
{body}
</main>
<footer>
<p>{e(labels['machine'])}: <a href="{JSON_NAME}">{JSON_NAME}</a> · <a href="{FEED_NAME}">{e(labels['feed'])}</a></p>
<p>{e(labels['no_script'])}</p>
</footer>
</body>
</html>
"""


def render_status_json(
    outages, generated_at: datetime, operator: str = DEFAULT_OPERATOR, lang: str = "sv"
) -> str:
    lang = check_lang(lang)
    generated_at = checked_utc(generated_at, "export time")
    document = {
        "operator": _clean(operator) or DEFAULT_OPERATOR,
        "lang": lang,
        "generated_at": iso_local(generated_at),
        "outages": [
            {
                "id": o.id,
                "area": o.area,
                "title": o.title,
                "status": o.status.value,
                "status_text": vocabulary.outage_status_word(o.status, lang),
                "cause": o.cause.value,
                "cause_text": vocabulary.cause_word(o.cause, lang),
                "customers_affected": o.customers_affected,
                "started_at": iso_local(o.started_at),
                "current_eta": iso_local(o.current_eta),
                "last_update": iso_local(o.last_update),
            }
            for o in _open_outages(outages)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def render_atom_feed(
    outages, generated_at: datetime, operator: str = DEFAULT_OPERATOR, lang: str = "sv"
) -> bytes:
    """Atom 1.0; ElementTree escapes all text.  Links are relative to the feed's own URL,
    which only the web team knows."""
    lang = check_lang(lang)
    generated_at = checked_utc(generated_at, "export time")
    operator = _clean(operator) or DEFAULT_OPERATOR
    labels = vocabulary.words(lang, _TEXTS)

    # The default namespace is declared as a plain attribute so no global prefix
    # registration (ET.register_namespace) is needed.
    feed = ET.Element("feed", {"xmlns": ATOM_NS, _XML_LANG: lang})
    _sub(feed, "id", f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, 'feed:' + operator)}")
    _sub(feed, "title", f"{labels['page_title']} – {operator}")
    _sub(feed, "updated", iso_local(generated_at))
    author = _sub(feed, "author")
    _sub(author, "name", operator)
    _sub(feed, "link", rel="alternate", type="text/html", href=INDEX_NAME)

    for o in _open_outages(outages):
        eta, passed = _eta_text(o, generated_at, lang)
        if passed:
            eta = f"{eta} ({labels['eta_passed']})"
        summary = (
            f"{labels['status']}: {vocabulary.outage_status_word(o.status, lang)}. "
            f"{labels['eta']}: {eta}. "
            f"{labels['cause']}: {vocabulary.cause_word(o.cause, lang)}. "
            f"{_customers_text(o.customers_affected, labels)}."
        )
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, f'outage:{operator}:{o.id}')}")
        heading = f"{o.area}: {o.title}" if o.title and o.title != o.area else o.area
        _sub(entry, "title", heading, type="text")
        _sub(entry, "updated", iso_local(o.last_update))
        _sub(entry, "published", iso_local(o.started_at))
        _sub(entry, "link", rel="alternate", type="text/html", href=f"{INDEX_NAME}#outage-{o.id}")
        _sub(entry, "summary", summary, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, then rename over it: readers see the old or the new file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; the web server usually runs as another user.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_status_export(
    out_dir: str | os.PathLike,
    outages,
    generated_at: datetime,
    operator: str = DEFAULT_OPERATOR,
    lang: str = "sv",
) -> StatusExport:
    """Render all three files first, then replace each atomically.

    Only open outages are published.  A bad argument raises ValidationError before
    anything is written.
    """
    outages = list(outages)
    for o in outages:
        if not isinstance(o, PublicOutage):
            raise ValidationError(f"status export expects PublicOutage items, got {type(o).__name__}")
    index = render_index_html(outages, generated_at, operator, lang).encode("utf-8")
    status = render_status_json(outages, generated_at, operator, lang).encode("utf-8")
    feed = render_atom_feed(outages, generated_at, operator, lang)

    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise ValidationError(f"export folder {str(folder)!r} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationError(f"cannot create export folder {str(folder)!r}: {exc.strerror}") from None

    result = StatusExport(folder / INDEX_NAME, folder / JSON_NAME, folder / FEED_NAME)
    try:
        _write_atomic(result.status_json, status)
        _write_atomic(result.feed_atom, feed)
        _write_atomic(result.index_html, index)
    except OSError as exc:
        raise ValidationError(f"cannot write status export to {str(folder)!r}: {exc.strerror}") from None
    return result
