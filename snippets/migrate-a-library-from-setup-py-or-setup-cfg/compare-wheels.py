"""Compare two wheels of one library: the one you published before, and the new one.

    python3 compare-wheels.py BEFORE.whl AFTER.whl

Compares what installers and users rely on: name, version, Requires-Python,
Requires-Dist, Provides-Extra, entry points, and each file outside .dist-info
(its path and its bytes). Exits with status 1 if any of them differs.
Other metadata fields that differ are listed for review, without failing.
Standard library only.
"""

import configparser
import hashlib
import re
import sys
import zipfile
from email.parser import HeaderParser

COMPARED = ["Name", "Version", "Requires-Python", "Requires-Dist", "Provides-Extra"]


def canonical_name(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def canonical_specifiers(text):
    """'(>=8.1, <9)' and '<9,>=8.1' both become '<9,>=8.1'."""
    parts = text.strip().strip("()").split(",")
    return ",".join(sorted(p.replace(" ", "") for p in parts if p.strip()))


def canonical_marker(text):
    """Double quotes, and one space around each operator."""
    text = re.sub(r"\s*(===|==|!=|<=|>=|~=|<|>)\s*", r" \1 ", text.replace("'", '"'))
    return " ".join(text.split())


def canonical_requirement(text):
    """setuptools writes 'click<9,>=8.1', poetry-core 'click (>=8.1,<9)'."""
    requirement, _, marker = text.partition(";")
    match = re.fullmatch(r"\s*([A-Za-z0-9._-]+)\s*(?:\[([^\]]*)\])?(.*)", requirement)
    if match is None or "@" in requirement:  # a direct reference ('name @ url'): as is
        return " ".join(text.split())
    name, extras, specifiers = match.groups()
    extras = sorted(canonical_name(e) for e in (extras or "").split(",") if e.strip())
    result = canonical_name(name) + (f"[{','.join(extras)}]" if extras else "")
    result += canonical_specifiers(specifiers)
    return result + (f"; {canonical_marker(marker)}" if marker.strip() else "")


def read_wheel(path):
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        meta = HeaderParser().parsestr(wheel.read(f"{dist_info}/METADATA").decode("utf-8"))
        generator = HeaderParser().parsestr(wheel.read(f"{dist_info}/WHEEL").decode("utf-8"))["Generator"]
        entry_points = configparser.ConfigParser(delimiters=("=",), interpolation=None)
        entry_points.optionxform = str  # keep the case of script names
        if f"{dist_info}/entry_points.txt" in names:
            entry_points.read_string(wheel.read(f"{dist_info}/entry_points.txt").decode("utf-8"))
        files = {
            name: hashlib.sha256(wheel.read(name)).hexdigest()
            for name in names
            if not name.startswith(f"{dist_info}/") and not name.endswith("/")
        }
    fields = {
        "Name": [canonical_name(meta["Name"])],
        "Version": [meta["Version"]],
        "Requires-Python": [canonical_specifiers(meta.get("Requires-Python", ""))],
        "Requires-Dist": sorted(canonical_requirement(r) for r in meta.get_all("Requires-Dist", [])),
        "Provides-Extra": sorted(canonical_name(e) for e in meta.get_all("Provides-Extra", [])),
        "Entry points": sorted(
            f"{group}: {name} = {value.strip()}"
            for group in entry_points.sections()
            for name, value in entry_points.items(group)
        ),
        "Files": sorted(files),
    }
    return fields, files, meta, generator


def show(label, values, width=24):
    values = values or ["-"]
    print(f"{label:<{width}}{values[0]}")
    for value in values[1:]:
        print(f"{'':<{width}}{value}")


def main(before_path, after_path):
    before, before_files, before_meta, before_generator = read_wheel(before_path)
    after, after_files, after_meta, after_generator = read_wheel(after_path)
    print(f"before: {before_path} ({before_generator})")
    print(f"after:  {after_path} ({after_generator})")
    print()
    differences = 0
    for field in before:
        if before[field] == after[field] and (field != "Files" or before_files == after_files):
            show(f"same  {field}", before[field])
            continue
        differences += 1
        lines = [f"before: {v}" for v in before[field] if v not in after[field]]
        lines += [f"after:  {v}" for v in after[field] if v not in before[field]]
        if field == "Files":
            both = sorted(before_files.keys() & after_files.keys())
            lines += [f"content differs: {f}" for f in both if before_files[f] != after_files[f]]
        show(f"DIFF  {field}", lines)

    others = sorted(
        {k for k in before_meta.keys() + after_meta.keys() if k not in COMPARED + ["Metadata-Version"]}
    )
    review = []
    for key in others:
        old, new = before_meta.get_all(key, []), after_meta.get_all(key, [])
        if sorted(old) != sorted(new):
            review.append((key, old, new))
    if before_meta.get_payload().strip() != after_meta.get_payload().strip():
        review.append(("Description", ["(the long description differs)"], []))
    if review:
        print()
        print("Other metadata that differs (review it; not a failure):")
        for key, old, new in review:
            show(f"  {key}", [f"before: {v}" for v in old or ["-"]])
            show("", [f"after:  {v}" for v in new or ["-"]])
    print()
    if differences:
        print(f"{differences} compared field(s) differ.")
        return 1
    print("The wheels match.")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
