#!/usr/bin/python3
"""ics-check.py FILE.ics [FILE.ics …]: read each iCalendar file with independent strict parsers and
say whether they accept it and agree on every event's instants.

Parsers: Python icalendar and vobject, and libical (through GObject introspection) when present.
Debian packages: python3-icalendar python3-vobject gir1.2-ical-3.0 python3-gi.

Checks per file: each parser reads it without error (libical: no X-LIC-ERROR); every content
line is at most 75 octets and valid UTF-8; every TZID used has its VTIMEZONE; every event's DTEND
is after its DTSTART; the parsers agree on each event's start and end (in UTC).
Prints one JSON line per event ({"file","uid","start","end","summary","description"}), one "FAIL file: why"
line per problem, and a last line "ics-check: N files, M events, K problems". Exit 1 on any problem.
"""
import datetime as dt
import json
import sys
import warnings

UTC = dt.timezone.utc


def instant(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value.tzinfo else "FLOATING " + value.isoformat()
    if isinstance(value, dt.date):
        return "DATE " + value.isoformat()
    return None


def with_icalendar(data):
    import icalendar
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cal = icalendar.Calendar.from_ical(data)
    errors = [f"{c.name}: {c.errors}" for c in cal.walk() if getattr(c, "errors", None)]
    if errors:
        raise ValueError("; ".join(errors))
    tzids_defined = {str(c.get("TZID")) for c in cal.walk("VTIMEZONE")}
    events, tzids_used = {}, set()
    for ev in cal.walk("VEVENT"):
        for key in ("DTSTART", "DTEND"):
            prop = ev.get(key)
            if prop is not None and "TZID" in prop.params:
                tzids_used.add(str(prop.params["TZID"]))
        start = ev.get("DTSTART").dt if ev.get("DTSTART") else None
        end = ev.get("DTEND").dt if ev.get("DTEND") else None
        key = (str(ev.get("UID")), str(ev.get("RECURRENCE-ID", "")))
        events[key] = (instant(start), instant(end), str(ev.get("SUMMARY", "")), str(ev.get("DESCRIPTION", "")), start, end)
    return events, tzids_used - tzids_defined


def with_vobject(data):
    import vobject
    cals = list(vobject.readComponents(data.decode("utf-8"), validate=True))
    if len(cals) != 1:
        raise ValueError(f"{len(cals)} top-level components")
    events = {}
    for ev in cals[0].contents.get("vevent", []):
        def value(name):
            found = ev.contents.get(name)
            return found[0].value if found else None
        rid = value("recurrence-id")
        events[(str(value("uid")), str(rid) if rid else "")] = (instant(value("dtstart")), instant(value("dtend")))
    return events


def with_libical(data):
    try:
        import gi
        gi.require_version("ICalGLib", "3.0")
        from gi.repository import ICalGLib
    except (ImportError, ValueError):
        return None
    comp = ICalGLib.Component.new_from_string(data.decode("utf-8"))
    if comp is None:
        raise ValueError("libical could not read it")
    errors = []

    def walk(c):
        p = c.get_first_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
        while p is not None:
            errors.append(p.get_xlicerror())
            p = c.get_next_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
        child = c.get_first_component(ICalGLib.ComponentKind.ANY_COMPONENT)
        while child is not None:
            walk(child)
            child = c.get_next_component(ICalGLib.ComponentKind.ANY_COMPONENT)

    walk(comp)
    if errors:
        raise ValueError("X-LIC-ERROR: " + "; ".join(errors[:3]))
    return True


def check(path):
    problems, rows = [], []
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return [f"not UTF-8: {e}"], rows
    for number, line in enumerate(text.split("\r\n"), 1):
        if "\n" in line or "\r" in line:
            problems.append(f"line {number}: a bare line break inside a content line")
            break
        if len(line.encode("utf-8")) > 75:
            problems.append(f"line {number}: {len(line.encode('utf-8'))} octets (max 75)")
            break
    try:
        events, missing = with_icalendar(data)
        if missing:
            problems.append(f"TZID without VTIMEZONE: {sorted(missing)}")
    except Exception as e:  # noqa: BLE001 - any refusal is the finding
        return problems + [f"icalendar refuses it: {e}"], rows
    try:
        other = with_vobject(data)
    except Exception as e:  # noqa: BLE001
        problems.append(f"vobject refuses it: {e}")
        other = None
    try:
        with_libical(data)
    except Exception as e:  # noqa: BLE001
        problems.append(f"libical refuses it: {e}")
    for key, (start, end, summary, description, raw_start, raw_end) in events.items():
        rows.append({"file": path, "uid": key[0], "start": start, "end": end, "summary": summary, "description": description})
        if isinstance(raw_start, dt.datetime) and isinstance(raw_end, dt.datetime) and raw_start.tzinfo and raw_end.tzinfo and raw_end <= raw_start:
            problems.append(f"{key[0]}: DTEND {end} is not after DTSTART {start}")
        if other is not None and other.get(key) != (start, end):
            problems.append(f"{key[0]}: parsers disagree: icalendar {start}–{end}, vobject {other.get(key)}")
    return problems, rows


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    total_events = total_problems = 0
    for path in sys.argv[1:]:
        problems, rows = check(path)
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        for p in problems:
            print(f"FAIL {path}: {p}")
        total_events += len(rows)
        total_problems += len(problems)
    print(f"ics-check: {len(sys.argv) - 1} files, {total_events} events, {total_problems} problems")
    sys.exit(1 if total_problems else 0)


if __name__ == "__main__":
    main()
