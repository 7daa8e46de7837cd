#!/usr/bin/env python3
"""Scores `truce extract` on the annotated bulletins beside the repository
(SHARED_DIR/data/dev and dev2) and fails when a score falls below a floor
recorded in eval/floors.json.

Usage: scripts/eval_dev.py TRUCE_BINARY SHARED_DIR [--json] [--keep DIR]

  --json      print every number as one JSON object instead of the tables
  --keep DIR  keep the extraction outputs (DIR/NNN.json, DIR/extract.log)

Scores are given for each set alone and for all sets together, per language
(from each gold file's doc.lang) and per publisher (from the set's
SOURCES.tsv), then place linking per set. Claims are scored with the shared
scorer's own matching (tools/score_claims.py, imported), and the per-set
totals are checked against that scorer run as a program. Floors are per set
("dev", "all", ...) and per language; a language without a floor is
reported only. Exit status: 0 when every floor holds, 1 when one is missed
(each is listed), 2 on a usage or consistency error.

The texts belong to their publishers and stay in SHARED_DIR; this script
only reads them.
"""
import csv
import os
import signal
import json
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = ("dev", "dev2")  # read in this order; "all" is their union
ALL = "all"
LANG_ORDER = ("fr", "en", "ru", "ar")
# Seconds for one `truce extract --jsonl` over every text (all 105 take well
# under a second), and for one text when it is retried alone.
BATCH_TIMEOUT = float(os.environ.get("TRUCE_EVAL_BATCH_TIMEOUT", 300))
DOC_TIMEOUT = float(os.environ.get("TRUCE_EVAL_DOC_TIMEOUT", 60))
WIDTH = 100


# ---------------------------------------------------------------- extraction

def extract(truce, texts, out, log):
    """Writes out/NNN.json for every text it can read; returns the stems that
    produced nothing (they score as empty predictions)."""
    wanted = {t.stem: t for t in texts}
    got = {}
    try:
        run = subprocess.run([str(truce), "extract", "--jsonl", *map(str, texts)],
                             capture_output=True, text=True, errors="replace", timeout=BATCH_TIMEOUT)
        stdout, stderr = run.stdout, run.stderr
    except subprocess.TimeoutExpired as e:
        stdout = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        stderr = f"batch extraction timed out after {BATCH_TIMEOUT:g} s\n"
    log.write(stderr)
    for line in stdout.splitlines():
        try:
            x = json.loads(line)
            stem = x["doc"]["id"]
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by a crash or a kill
        if stem in wanted:
            got[stem] = x
    failed = []
    # A text the batch did not return (an error, a crash that ended the
    # batch, a timeout) is read alone, so one bad text costs only itself.
    for stem in sorted(set(wanted) - set(got)):
        try:
            one = subprocess.run([str(truce), "extract", str(wanted[stem])],
                                 capture_output=True, text=True, errors="replace", timeout=DOC_TIMEOUT)
            log.write(one.stderr)
            got[stem] = json.loads(one.stdout) if one.returncode == 0 else None
        except subprocess.TimeoutExpired:
            log.write(f"error: {wanted[stem]}: timed out after {DOC_TIMEOUT:g} s\n")
            got[stem] = None
        except ValueError:
            got[stem] = None
        if got[stem] is None:
            failed.append(stem)
    for stem, x in got.items():
        if x is not None:
            (out / f"{stem}.json").write_text(json.dumps(x, ensure_ascii=False, indent=2) + "\n")
    return failed


# ------------------------------------------------------------------- scoring

def publishers(set_dir):
    """file stem -> publisher, from SOURCES.tsv (its `file` column is written
    both as "300.txt" and as "500")."""
    path = set_dir / "SOURCES.tsv"
    if not path.exists():
        return {}
    with open(path, newline="") as f:
        rows = csv.DictReader(f, delimiter="\t")
        return {r["file"].strip().removesuffix(".txt"): (r.get("publisher") or "").strip()
                for r in rows if r.get("file")}


def load_pred(path):
    try:
        x = json.loads(path.read_text())
        return x if isinstance(x, dict) else {}
    except (OSError, ValueError):
        return {}


def score_docs(sc, name, set_dir, out):
    """One record per gold document, counted exactly as score_claims.py
    counts it."""
    pubs = publishers(set_dir)
    docs = []
    for gold_file in sorted(set_dir.glob("*.gold.json")):
        stem = gold_file.name[: -len(".gold.json")]
        gold = json.loads(gold_file.read_text())
        text = (set_dir / f"{stem}.txt").read_text(errors="replace")
        pred = load_pred(out / f"{stem}.json")
        g, p = gold.get("claims", []), pred.get("claims", []) or []
        docs.append({
            "set": name, "stem": stem, "text": text, "pred": p,
            "lang": (gold.get("doc") or {}).get("lang", "?"),
            "publisher": pubs.get(stem) or f"{name} (unknown publisher)",
            "gold": len(g), "found": len(p),
            "core": sc.match(g, p, False), "full": sc.match(g, p, True),
            "bad_evidence": sum(1 for c in p if c.get("evidence") and c["evidence"] not in text),
        })
    return docs


def totals(sc, docs):
    n = {k: sum(d[k] for d in docs) for k in ("gold", "found", "core", "full", "bad_evidence")}
    cp, cr, cf = sc.prf(n["core"], n["found"], n["gold"])
    fp, fr, ff = sc.prf(n["full"], n["found"], n["gold"])
    r = lambda v: round(v, 4)  # noqa: E731  (the scorer's rounding)
    return {"docs": len(docs), "gold": n["gold"], "found": n["found"],
            "core_p": r(cp), "core_r": r(cr), "core_f1": r(cf),
            "full_p": r(fp), "full_r": r(fr), "full_f1": r(ff),
            "bad_evidence": n["bad_evidence"]}


def lang_key(lang):
    return (LANG_ORDER.index(lang) if lang in LANG_ORDER else len(LANG_ORDER), lang)


def cross_check(tools, name, set_dir, out, by_lang):
    """The official scorer, run as a program, must agree with the numbers
    computed here from its imported functions."""
    run = subprocess.run([sys.executable, str(tools / "score_claims.py"), str(set_dir), str(out), "--json"],
                         check=True, capture_output=True, text=True)
    official = json.loads(run.stdout)
    errors = []
    for lang, theirs in official.items():
        ours = by_lang.get(lang)
        for key, ours_key in (("gold", "gold"), ("pred", "found"), ("core_f1", "core_f1"), ("full_f1", "full_f1")):
            if ours is None or theirs.get(key) != ours.get(ours_key):
                errors.append(f"{name} {lang} {key}: score_claims.py says {theirs.get(key)}, "
                              f"this script {None if ours is None else ours.get(ours_key)}")
    return errors


def place_rows(name, set_dir):
    path = set_dir / "places.gold.tsv"
    if not path.exists():
        return []
    with open(path, newline="") as f:
        return [dict(r, set=name) for r in csv.DictReader(f, delimiter="\t")
                if r["expected"] not in ("none", "ambiguous", "outside")]


def place_verdicts(sc, rows, out):
    """score_places.py's verdict for each row: right, wrong or missed."""
    preds = {}
    for r in rows:
        if r["file"] not in preds:
            preds[r["file"]] = load_pred(out / f"{r['file']}.json")
        ids = {p.get("id") for c in preds[r["file"]].get("claims", []) or [] for p in (c.get("places") or [])
               if sc.names_match(p.get("name", ""), r["name"])}
        ids.discard(None)
        ok = {r["expected"], *(r.get("also") or "").replace("|", " ").split()}
        r["verdict"] = "right" if ids & ok else ("wrong" if ids else "missed")
    return rows


def place_totals(rows):
    n = len(rows)
    right = sum(r["verdict"] == "right" for r in rows)
    wrong = sum(r["verdict"] == "wrong" for r in rows)
    d = n or 1
    # Fractions rounded as score_places.py prints them; floors compare these.
    return {"scored": n, "right_n": right, "wrong_n": wrong, "missed_n": n - right - wrong,
            "right": round(right / d, 3), "wrong": round(wrong / d, 3),
            "missed": round((n - right - wrong) / d, 3)}


def place_cross_check(tools, name, set_dir, out, ours):
    run = subprocess.run([sys.executable, str(tools / "score_places.py"), str(set_dir / "places.gold.tsv"), str(out)],
                         check=True, capture_output=True, text=True)
    first = run.stdout.splitlines()[0] if run.stdout else ""
    want = (f"places: {ours['scored']} scored, right {ours['right']:.3f}, "
            f"wrong {ours['wrong']:.3f}, missed {ours['missed']:.3f}")
    return [] if first == want else [f"{name} places: score_places.py says {first!r}, this script {want!r}"]


# ---------------------------------------------------------------------- cues

def cue_usage(docs):
    """(role, cue folded to lower case) -> the documents it fired in, over
    every claim that carries `reasons`; plus the reasons whose cue is not the
    text at its byte span."""
    fired = defaultdict(set)
    n_reasons = 0
    misplaced = []
    for d in docs:
        raw = d["text"].encode()
        for c in d["pred"]:
            for reason in c.get("reasons") or []:
                if not isinstance(reason, dict):
                    continue
                role, cue = reason.get("role") or "?", reason.get("cue") or ""
                n_reasons += 1
                fired[(role, cue.lower())].add(d["stem"])
                span = reason.get("span") or {}
                s, e = span.get("start"), span.get("end")
                if isinstance(s, int) and isinstance(e, int) and raw[s:e].decode(errors="replace") != cue:
                    misplaced.append(f"{d['stem']} {role} {cue!r} @{s}-{e}")
    return n_reasons, fired, misplaced


def wrap(items, indent, sep=", ", hang=None):
    hang = " " * len(indent) if hang is None else hang
    return textwrap.wrap(sep.join(items), WIDTH, initial_indent=indent, subsequent_indent=hang,
                         break_on_hyphens=False) or [indent.rstrip()]


def print_cues(n_reasons, fired, misplaced, n_docs):
    if not n_reasons:
        print(f"cues: no claim carries `reasons` yet ({n_docs} documents read)")
        return
    single = sorted(k for k, v in fired.items() if len(v) == 1)
    roles = sorted({role for role, _ in fired})
    w = max(len(r) for r in roles)
    print(f"cues: {n_reasons} reasons, {len(fired)} distinct (role, cue) over {n_docs} documents; "
          f"{len(fired) - len(single)} fired in 2+ documents (count):")
    for role in roles:
        cues = sorted(((len(v), cue) for (r, cue), v in fired.items() if r == role and len(v) > 1),
                      key=lambda t: (-t[0], t[1]))
        if cues:
            for line in wrap([f"{cue!r} {n}" for n, cue in cues], f"  {role:<{w}} "):
                print(line)
    print(f"cues fired in one document only ({len(single)}; a second example, or the entry goes):")
    for role in roles:
        items = [f"{cue!r} ({next(iter(fired[(r, cue)]))})" for r, cue in single if r == role]
        if items:
            for line in wrap(items, f"  {role:<{w}} "):
                print(line)
    if misplaced:
        for line in wrap(misplaced[:5] + (["…"] if len(misplaced) > 5 else []),
                         f"cues not the text at their span ({len(misplaced)}): ", hang="  "):
            print(line)


# -------------------------------------------------------------------- floors

def check_floors(floors, scores, places):
    """Each missed floor, as a line; a set or language without a floor is
    not checked."""
    missed, checked = [], 0
    for set_name, f in floors.items():
        if set_name.startswith("_"):
            continue
        if set_name not in scores:
            missed.append(f"{set_name}: set has floors but was not scored")
            continue
        for lang, wanted in (f.get("claims") or {}).items():
            got = scores[set_name]["by_lang"].get(lang)
            for key, floor in wanted.items():
                checked += 1
                if got is None:
                    missed.append(f"{set_name} {lang} {key}: no {lang} documents, floor {floor}")
                elif got[key] < floor:
                    missed.append(f"{set_name} {lang} {key} {got[key]:.4f} < floor {floor}")
        pf = f.get("places") or {}
        got = places.get(set_name)
        for key, bound, below in (("right", pf.get("right_min"), True), ("wrong", pf.get("wrong_max"), False)):
            if bound is None:
                continue
            checked += 1
            if got is None:
                missed.append(f"{set_name} places {key}: not scored, bound {bound}")
            elif (got[key] < bound) if below else (got[key] > bound):
                missed.append(f"{set_name} places {key} {got[key]:.3f} {'<' if below else '>'} "
                              f"{'floor' if below else 'ceiling'} {bound}")
    return missed, checked


def floor_note(floors, set_name, lang):
    f = ((floors.get(set_name) or {}).get("claims") or {}).get(lang)
    if not f:
        return "-"
    return "/".join(f"{f[k]:.2f}" if k in f else "-" for k in ("core_f1", "full_f1"))


# -------------------------------------------------------------------- output

def pct(v):
    return f"{v:.3f}"


def print_tables(scores, places, floors, failed, elapsed, n_texts):
    print(f"truce extract: {n_texts} texts in {elapsed:.1f} s"
          + (f"; no output for {len(failed)} (scored empty): {' '.join(failed)}" if failed else ""))
    print()
    head = (f"{'set':<5} {'lang':<4} {'docs':>4}   {'core P':>6} {'R':>5} {'F1':>5}   "
            f"{'full P':>6} {'R':>5} {'F1':>5}   {'gold':>4} {'found':>5}  floor core/full")
    print(head)
    print("-" * len(head))
    for set_name, s in scores.items():
        for lang, r in s["by_lang"].items():
            label = "*" if lang == ALL else lang
            note = floor_note(floors, set_name, lang) if lang != ALL else ""
            if note and note != "-":
                ok = all(r[k] >= v for k, v in floors[set_name]["claims"][lang].items())
                note += "  ok" if ok else "  MISSED"
            print(f"{set_name:<5} {label:<4} {r['docs']:>4}   {pct(r['core_p']):>6} {pct(r['core_r'])[1:]:>5} "
                  f"{pct(r['core_f1'])[1:]:>5}   {pct(r['full_p']):>6} {pct(r['full_r'])[1:]:>5} "
                  f"{pct(r['full_f1'])[1:]:>5}   {r['gold']:>4} {r['found']:>5}  {note}")
        if set_name != list(scores)[-1]:
            print()
    bad = scores[ALL]["by_lang"][ALL]["bad_evidence"]
    if bad:
        print(f"evidence not found in its text: {bad} claim(s)")

    for set_name in SETS:
        if set_name not in scores:
            continue
        rows = sorted(scores[set_name]["by_publisher"].items(),
                      key=lambda kv: (kv[1]["core_f1"], kv[1]["full_f1"], kv[0]))
        # Both ends fold into one wrapped line each: a publisher that moves
        # (up or down) leaves its line and shows in the table.
        perfect = [(k, r) for k, r in rows if r["core_f1"] == 1 and r["full_f1"] == 1]
        zero = [(k, r) for k, r in rows if r["core_f1"] == 0 and r["full_f1"] == 0]
        shown = [(k, r) for k, r in rows if (k, r) not in perfect and (k, r) not in zero]
        print()
        print(f"{set_name} by publisher, worst core F1 first ({len(rows)} publishers)")
        print(f"  {'publisher':<46} {'lang':<5} {'docs':>4} {'gold':>4} {'found':>5}  {'core F1':>7} {'full F1':>7}")
        for label, group in (("0.000/0.000", zero), (None, shown), ("1.000/1.000", perfect)):
            if label is None:
                for name, r in group:
                    short = name if len(name) <= 46 else name[:45] + "…"
                    print(f"  {short:<46} {r['langs']:<5} {r['docs']:>4} {r['gold']:>4} {r['found']:>5}  "
                          f"{pct(r['core_f1']):>7} {pct(r['full_f1']):>7}")
            elif group:
                docs, gold = sum(r["docs"] for _, r in group), sum(r["gold"] for _, r in group)
                langs = ",".join(sorted({lg for _, r in group for lg in r["langs"].split(",")}, key=lang_key))
                for line in wrap([k for k, _ in group], f"  at {label} ({len(group)} publishers, {langs}, "
                                 f"{docs} docs, {gold} gold): ", sep="; ", hang="      "):
                    print(line)

    print()
    print(f"places {'scored':>6} {'right':>11} {'wrong':>9} {'missed':>10}  floor right/wrong")
    for set_name, p in places.items():
        f = (floors.get(set_name) or {}).get("places") or {}
        note = (f"≥{f.get('right_min', '-')} / ≤{f.get('wrong_max', '-')}" if f else "-")
        print(f"{set_name:<6} {p['scored']:>6} {p['right_n']:>4} {p['right']:.3f} {p['wrong_n']:>3} {p['wrong']:.3f} "
              f"{p['missed_n']:>4} {p['missed']:.3f}  {note}")


# ---------------------------------------------------------------------- main

def main(argv):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends quietly
    args, as_json, keep = [], False, None
    it = iter(argv[1:])
    for a in it:
        if a == "--json":
            as_json = True
        elif a == "--keep":
            keep = next(it, None)
            if keep is None:
                print("--keep needs a directory", file=sys.stderr)
                return 2
        elif a.startswith("--keep="):
            keep = a.split("=", 1)[1]
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        elif a.startswith("-"):
            print(f"unknown option {a}\n\n{__doc__}", file=sys.stderr)
            return 2
        else:
            args.append(a)
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    truce, shared = Path(args[0]).resolve(), Path(args[1])
    tools, data = shared / "tools", shared / "data"
    if not truce.is_file():
        print(f"no truce binary at {truce}", file=sys.stderr)
        return 2
    sets = {name: data / name for name in SETS if (data / name).is_dir()}
    if not sets:
        print(f"no {data}/{{{','.join(SETS)}}}: nothing to evaluate", file=sys.stderr)
        return 0
    sys.path.insert(0, str(tools))
    import score_claims as sc  # noqa: E402  (the shared scorer's matching)

    floors = json.loads((ROOT / "eval" / "floors.json").read_text())
    texts = sorted(t for d in sets.values() for t in d.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(keep) if keep else Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        for t in texts:
            (out / f"{t.stem}.json").unlink(missing_ok=True)  # a kept directory holds this run only
        if sys.stderr.isatty():
            print(f"extracting {len(texts)} texts…", file=sys.stderr)
        started = time.monotonic()
        with open(out / "extract.log", "w") as log:
            failed = extract(truce, texts, out, log)
        elapsed = time.monotonic() - started

        docs = {name: score_docs(sc, name, d, out) for name, d in sets.items()}
        docs[ALL] = [d for name in sets for d in docs[name]]
        scores, errors = {}, []
        for name, ds in docs.items():
            by_lang = {ALL: totals(sc, ds)}
            for lang in sorted({d["lang"] for d in ds}, key=lang_key):
                by_lang[lang] = totals(sc, [d for d in ds if d["lang"] == lang])
            by_pub = {}
            for pub in sorted({d["publisher"] for d in ds}):
                mine = [d for d in ds if d["publisher"] == pub]
                by_pub[pub] = dict(totals(sc, mine), langs=",".join(sorted({d["lang"] for d in mine}, key=lang_key)),
                                   files=[d["stem"] for d in mine])
            scores[name] = {"by_lang": by_lang, "by_publisher": by_pub}
            if name in sets:
                errors += cross_check(tools, name, sets[name], out, by_lang)

        rows = {name: place_verdicts(sc, place_rows(name, d), out) for name, d in sets.items()}
        places = {name: place_totals(r) for name, r in rows.items() if r}
        for name in places:
            errors += place_cross_check(tools, name, sets[name], out, places[name])
        all_rows = [r for name in rows for r in rows[name]]
        if all_rows:
            places[ALL] = place_totals(all_rows)
        n_reasons, fired, misplaced = cue_usage(docs[ALL])

    complete = set(sets) >= set(SETS)
    if not complete:
        # "all" floors were measured on every set; on fewer they mean nothing.
        floors = {k: v for k, v in floors.items() if k != ALL}
    missed, checked = check_floors(floors, scores, places)
    if as_json:
        for s in scores.values():
            for r in s["by_publisher"].values():
                r.pop("bad_evidence", None)
        print(json.dumps({
            "extraction": {"texts": len(texts), "seconds": round(elapsed, 2), "failed": failed},
            "claims": {name: s["by_lang"] for name, s in scores.items()},
            "publishers": {name: s["by_publisher"] for name, s in scores.items()},
            "places": places,
            "cues": {"reasons": n_reasons, "misplaced": misplaced,
                     "fired": [{"role": role, "cue": cue, "docs": len(v), "files": sorted(v)}
                               for (role, cue), v in sorted(fired.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1]))]},
            "floors": {"checked": checked, "missed": missed},
            "errors": errors,
        }, ensure_ascii=False, indent=2))
    else:
        print_tables(scores, places, floors, failed, elapsed, len(texts))
        print()
        print_cues(n_reasons, fired, misplaced, len(docs[ALL]))
        print()
        for e in errors:
            print("SCORER DISAGREES:", e)
        for m in missed:
            print("BELOW FLOOR:", m)
        if not complete:
            print("note: only " + ", ".join(sets) + " found; 'all' is that alone and its floors are not checked")
        print("evaluation:", "ok" if not missed and not errors else
              f"{len(missed)} of {checked} floor(s) missed" + (f", {len(errors)} scorer disagreement(s)" if errors else ""))
    if errors:
        return 2
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
