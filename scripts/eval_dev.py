#!/usr/bin/env python3
"""Scores `truce extract` on the dev bulletins beside the repository and
fails when a score falls below the floor recorded in eval/floors.json.

Usage: scripts/eval_dev.py TRUCE_BINARY SHARED_DIR

The dev texts belong to their publishers and stay in SHARED_DIR; this script
only reads them. It prints the scorers' own output, then one line per floor.
"""
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    truce, shared = Path(argv[1]), Path(argv[2])
    dev, tools = shared / "data" / "dev", shared / "tools"
    floors = json.loads((ROOT / "eval" / "floors.json").read_text())
    with tempfile.TemporaryDirectory() as out:
        texts = sorted(dev.glob("*.txt"))
        for i, text in enumerate(texts, 1):
            if sys.stderr.isatty():
                print(f"\rextracting {i}/{len(texts)}", end="", file=sys.stderr)
            with open(Path(out) / f"{text.stem}.json", "w") as sink:
                # A failing document scores as empty; the scorer counts it.
                subprocess.run([str(truce), "extract", str(text)], stdout=sink, stderr=subprocess.DEVNULL, timeout=60)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        claims = subprocess.run(
            [sys.executable, str(tools / "score_claims.py"), str(dev), out, "--json"],
            check=True, capture_output=True, text=True,
        )
        scores = json.loads(claims.stdout)
        places = subprocess.run(
            [sys.executable, str(tools / "score_places.py"), str(dev / "places.gold.tsv"), out],
            check=True, capture_output=True, text=True,
        ).stdout
    failures = []
    for lang, wanted in floors["claims"].items():
        got = scores.get(lang, {})
        print(f"claims {lang}: core F1 {got.get('core_f1', 0):.3f}, full F1 {got.get('full_f1', 0):.3f}")
        for key, floor in wanted.items():
            if got.get(key, 0.0) < floor:
                failures.append(f"claims {lang} {key} {got.get(key, 0.0):.3f} < floor {floor}")
    print(places.strip())
    m = re.search(r"right ([0-9.]+), wrong ([0-9.]+)", places)
    right, wrong = (float(m.group(1)), float(m.group(2))) if m else (0.0, 1.0)
    if right < floors["places"]["right_min"]:
        failures.append(f"places right {right:.3f} < floor {floors['places']['right_min']}")
    if wrong > floors["places"]["wrong_max"]:
        failures.append(f"places wrong {wrong:.3f} > ceiling {floors['places']['wrong_max']}")
    for f in failures:
        print("BELOW FLOOR:", f)
    print("evaluation:", "ok" if not failures else f"{len(failures)} score(s) below the floor")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
