#!/usr/bin/env python3
"""Flattens tests/conformance/*.json into one tab-separated line per case for the C tests:
file, id, transition, as_of, facts JSON (with the case's Land applied), expected outcome or
"error:<code>", expected effective date or "-", expected eligible-from date or "-"."""
import glob
import json
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "tests/conformance"
for path in sorted(glob.glob(os.path.join(root, "*.json"))):
    if path.endswith(".schema.json"):
        continue
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    for case in doc["cases"]:
        facts = dict(case.get("facts", {}))
        if "land" not in facts and case.get("land"):
            facts["land"] = case["land"]
        exp = case["expected"]
        outcome = "error:" + exp["error"] if exp.get("error") else exp["outcome"]
        fields = [os.path.basename(path), case["id"], case["transition"], case["as_of"],
                  json.dumps(facts, ensure_ascii=False, separators=(",", ":")), outcome,
                  exp.get("effective_date") or "-", exp.get("eligible_from") or "-"]
        assert all("\t" not in x and "\n" not in x for x in fields)
        print("\t".join(fields))
