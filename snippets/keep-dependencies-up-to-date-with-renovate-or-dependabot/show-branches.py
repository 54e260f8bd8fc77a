"""Print the branches a Renovate run would open, from its JSON log file.

Usage: python3 show-branches.py renovate-log.ndjson
Renovate logs each branch it plans at log level trace (LOG_FILE_LEVEL=trace).
"""

import json
import sys

branches, titles = {}, {}
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        if '"msg":"generateBranchConfig"' in line:
            entry = json.loads(line)
            branches[entry["branch"]] = entry["config"]
        elif '"msg":"prTitle: ' in line:
            entry = json.loads(line)
            titles[entry["branch"]] = json.loads(entry["msg"].removeprefix("prTitle: "))
for name, upgrades in sorted(branches.items()):
    automerge = "yes" if upgrades[0].get("automerge") else "no"
    print(f"{name}: {titles.get(name, '')}")
    print(f"  automerge: {automerge}, schedule: {', '.join(upgrades[0]['schedule'])}")
    for upgrade in upgrades:
        if upgrade.get("isLockFileMaintenance"):
            print("  poetry.lock: every locked version resolved again")
        else:
            print(f"  {upgrade['depName']:15} {upgrade['depType']:21} {upgrade['currentValue']:13} -> {upgrade['newValue']}")
if not branches:
    sys.exit("no branch in the log: was LOG_FILE_LEVEL=trace?")
