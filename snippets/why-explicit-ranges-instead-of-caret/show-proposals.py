"""Print the updates in a Renovate report (renovate --report-type=file).

Usage: python3 show-proposals.py renovate-report.json
Exits with status 1 if Renovate recorded a problem: it exits with 0 even when it gave up.
"""

import json
import sys

with open(sys.argv[1], encoding="utf-8") as file:
    report = json.load(file)
problems = list(report["problems"])
for repository in report["repositories"].values():
    problems += repository["problems"]
    package_files = [f for files in repository["packageFiles"].values() for f in files]
    for package_file in sorted(package_files, key=lambda f: f["packageFile"]):
        print(package_file["packageFile"])
        for dep in sorted(package_file["deps"], key=lambda d: d["depName"]):
            name, current = dep["depName"], dep.get("currentValue", "")
            if "skipReason" in dep:
                print(f"  {name:14} {current:15} skipped: {dep['skipReason']}")
            for update in dep.get("updates", []):
                print(f"  {name:14} {current:15} -> {update['newValue']:17} for {update['newVersion']}")
for problem in problems:
    print(f"problem: {problem['msg']}", file=sys.stderr)
sys.exit(1 if problems else 0)
