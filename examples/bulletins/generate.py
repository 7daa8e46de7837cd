#!/usr/bin/env python3
"""The project's own generator for the sample bulletins in examples/.

Writes one month (2024-03-01 .. 2024-03-31) of daily bulletins, in French and
English, from a fictional reporting centre, the Joint Ceasefire Monitoring
Cell (JCMC) / Cellule conjointe de surveillance du cessez-le-feu (CCSC), and
the gold claims a careful reader takes from each (spec/claims.md format).

Everything here was written for truce; no sentence comes from a real
publisher. The place names are real Syrian localities (from the gazetteer in
../shared/data/gazetteer), the centre and its figures are invented.

The numbers come from one simulated month so that running totals add up; a
few deliberate inconsistencies are planted (see DELIBERATE below and
README.md). Sentences are drawn from several hand-written phrasings per
metric and language, so the set is not trivially templated.

Rerun (deterministic, fixed seeds; overwrites the generated files):

    python3 examples/bulletins/generate.py

It writes examples/bulletins/2024-03-DD.{fr,en}.txt and
examples/bulletins/expected/2024-03-DD.{fr,en}.json, the standalone
examples/bulletin.{fr,en}.txt (copies of 2024-03-04) with
examples/expected/bulletin.{fr,en}.json, examples/html/2024-03-15.en.html,
examples/latin1/2024-03-15.fr.txt (Windows-1252) and their expected JSON.
Then run examples/bulletins/validate.py.
"""
import html
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent
SEED = 20240301
YEAR_START = "2024-01-01"
TRUCE_DATE = "2023-12-12"  # fictional: the day the monitored truce took effect
REPORTER = "Joint Ceasefire Monitoring Cell"
NAME = {
    "en": ["the Joint Ceasefire Monitoring Cell", "the JCMC", "the Cell", "the monitoring cell"],
    "fr": ["la Cellule conjointe de surveillance du cessez-le-feu", "la CCSC", "la Cellule", "la cellule de surveillance"],
}

# ---------------------------------------------------------------- places
# (English spelling, French spelling, governorate p-code); all real villages
# of the gazetteer, in that governorate.
LOCALITIES = [
    ("Zurzur", "Zarzour", "SY02"), ("Arnaz", "Ernaz", "SY02"), ("Idrisiyah", "Idrissiyé", "SY02"),
    ("Majas", "Majas", "SY02"), ("Hajji Ismail", "Hajji Ismaïl", "SY02"), ("Khan al-Assal", "Khan al-Assal", "SY02"),
    ("Tall Bajir", "Tell Bajer", "SY02"), ("Tell Rifaat", "Tall Rifaat", "SY02"), ("Nubl", "Nobl", "SY02"),
    ("Saqba", "Saqba", "SY03"), ("Hurnah", "Heurné", "SY03"), ("Rimah", "Rimé", "SY03"),
    ("Kafr al-Awamid", "Kefr el-Aouamid", "SY03"), ("Badda", "Bedda", "SY03"), ("Hardibah", "Hardibé", "SY03"),
    ("As-Sabburah", "Sabboura", "SY03"), ("Jayrud", "Jayroud", "SY03"), ("Maaloula", "Maaloula", "SY03"),
    ("Talbiseh", "Talbissé", "SY04"), ("Al-Halamuz", "Halamouze", "SY04"), ("Tall al-Ahmar", "Tell el-Ahmar", "SY04"),
    ("Izz ad-Din", "Izz ed-Dine", "SY04"), ("Al-Jubaniyah", "Joubaniyé", "SY04"), ("Al-Qaryatayn", "Qariateine", "SY04"),
    ("Halfaya", "Halfaya", "SY05"), ("Taybat al-Imam", "Taybat al-Imam", "SY05"),
    ("Suran", "Souran", "SY05"), ("Morek", "Mourek", "SY05"), ("Kafr Nabudah", "Kafer Nboudé", "SY05"),
    ("Aynab", "Aïnab", "SY05"), ("Tayr Jamlah", "Taïr Jemlé", "SY05"), ("Qalaat al-Madiq", "Qalaat el-Moudiq", "SY05"),
    ("Turus", "Toross", "SY06"), ("Al-Qaqiiyah", "Qaqaïyé", "SY06"), ("Jibaryun", "Jbérioun", "SY06"),
    ("Rushuk", "Archouk", "SY06"), ("As-Safarjalah", "Sferjelé", "SY06"), ("Al-Hamidiyah", "Hamidié", "SY06"),
    ("Kfarz", "Kafraz", "SY06"),
    ("Binnish", "Binnich", "SY07"), ("Saraqib", "Saraqeb", "SY07"), ("Kafr Nabl", "Kafranbel", "SY07"),
    ("Salqin", "Salqine", "SY07"), ("Maarrat Misrin", "Maaret Misrine", "SY07"), ("Sarmada", "Sarmada", "SY07"),
    ("Kabta", "Kebta", "SY07"), ("Al-Balat", "Blate", "SY07"), ("Bfatmun", "Bfatmoun", "SY07"),
    ("Quqfin", "Qouqfiné", "SY07"), ("Maarrat al-Numan", "Maarat al-Nouman", "SY07"), ("Khan Shaykhun", "Khan Cheikhoun", "SY07"),
    ("Tafas", "Tafas", "SY12"), ("Jasim", "Jassem", "SY12"), ("Inkhil", "Inkhel", "SY12"), ("Al-Hirak", "Al-Harak", "SY12"),
    ("Izra", "Izraa", "SY12"), ("Mahajjah", "Mouhajjé", "SY12"), ("Dunaybah", "Douneibé", "SY12"),
    ("Zimrin", "Zimrine", "SY12"), ("Sheikh Saad", "Cheikh Saad", "SY12"), ("Al-Harrah", "Harra", "SY12"),
    ("Shahba", "Chahba", "SY13"), ("Qanawat", "Qanaouat", "SY13"), ("Al-Mughayyir", "El-Mghaïr", "SY13"),
    ("Lahithah", "Lahité", "SY13"), ("Hibran", "Hébrane", "SY13"),
    ("As-Suwaysah", "Soueïssé", "SY14"), ("Umm Batinah", "Oum Batné", "SY14"), ("Buqata", "Boqaata", "SY14"),
    ("Ar-Rafid", "Rafid", "SY14"), ("Ar-Ramthaniyah", "Ramsaniyé", "SY14"), ("Hadar", "Hadar", "SY14"),
    ("Ruwayhinah", "Rouhiné", "SY14"),
    ("Burjayli", "Bourjaïli", "SY10"), ("Hidadah", "Hdadé", "SY10"),
]
KAFR_ZITA = ("Kafr Zita", "Kafer Zita", "SY05")  # the locality that joins twice
LIBERATED_POOL = [
    ("Mihbash", "Mihbache", "SY09"), ("Jiriyah", "Jériyé", "SY09"), ("Buqrus", "Bouqross", "SY09"),
    ("Ar-Ruhayyat", "R'haïyate", "SY11"), ("Tall Akhdar", "Tell Akhdar", "SY11"),
]
PROV = {
    "en": {"SY02": ["Aleppo"], "SY03": ["Rural Damascus", "Rif Dimashq"], "SY04": ["Homs"], "SY05": ["Hama"],
           "SY06": ["Latakia", "Lattakia"], "SY07": ["Idlib", "Idleb"], "SY09": ["Deir ez-Zor"], "SY10": ["Tartus"],
           "SY11": ["Raqqa"], "SY12": ["Daraa", "Dar'a"], "SY13": ["Sweida", "As-Suwayda"], "SY14": ["Quneitra"]},
    "fr": {"SY02": ["Alep"], "SY03": ["Rif Dimachq"], "SY04": ["Homs"], "SY05": ["Hama"],
           "SY06": ["Lattaquié"], "SY07": ["Idlib", "Idleb"], "SY09": ["Deir ez-Zor"], "SY10": ["Tartous"],
           "SY11": ["Raqqa"], "SY12": ["Deraa"], "SY13": ["Soueïda"], "SY14": ["Qouneitra", "Kuneitra"]},
}
VIOLATION_PROVS = ["SY07", "SY07", "SY07", "SY02", "SY02", "SY06", "SY06", "SY05", "SY12", "SY03", "SY14", "SY13"]

EN_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
FR_WORDS = "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf vingt".split()
MONTH_EN = "January February March April May June July August September October November December".split()
MONTH_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()

# ---------------------------------------------------------------- deliberate inconsistencies
DELIBERATE = {
    "joined_total_off": 8,       # joined total printed 4 above yesterday + today (both languages)
    "territory_down": 13,        # territory total printed 100 km² too low: below the day before
    "count_vs_named": 17,        # "10 agreements", six localities named
    "kafr_zita": (5, 22),        # Kafr Zita signs on both days
    "headline_contradicts": 20,  # headline 14 violations, body 11
    "fr_en_disagree": 26,        # aid tonnes: fr 7,4 / en 4.7
    "breakdown_sum": 29,         # 12 violations, breakdown sums to 11
}


# ---------------------------------------------------------------- the month's figures
def simulate():
    rng = random.Random(SEED)
    pool = LOCALITIES[:]
    rng.shuffle(pool)
    lib_pool = LIBERATED_POOL[:]
    T, L, J, G, R = 2840.6, 57, 1180, 212, 14230
    days = []
    for d in range(1, 32):
        day = {"d": d}
        # territory
        if rng.random() < 0.75 or d in (12, 13, 14):
            dt = round(rng.uniform(2.0, 38.0), 1)
            T = round(T + dt, 1)
            day["terr"] = (dt, T)
        # localities liberated
        if lib_pool and rng.random() < 0.22:
            k = 1 if rng.random() < 0.6 or len(lib_pool) < 2 else 2
            names = [lib_pool.pop(0) for _ in range(k)]
            L += k
            day["lib"] = (k, L, names)
        # agreements
        n = rng.choice([0, 1, 1, 1, 2, 2, 2, 3, 3])
        if d in DELIBERATE["kafr_zita"]:
            n = max(n, 2)
            named = [KAFR_ZITA] + [pool.pop() for _ in range(n - 1)]
        elif d == DELIBERATE["count_vs_named"]:
            n = 10
            named = [pool.pop() for _ in range(6)]
        else:
            named = [pool.pop() for _ in range(n)]
        J += n
        day["agr"] = (n, named)
        # some days count settlements that joined rather than agreements (same in both languages)
        day["agr_settle"] = n >= 2 and d != DELIBERATE["count_vs_named"] and rng.random() < 0.25
        day["joined"] = J
        # armed groups
        if rng.random() < 0.45:
            g = rng.choice([0, 1, 1, 2, 3])
            G += g
            day["groups"] = (g, G)
        # violations
        v = rng.choice([0] + list(range(3, 17)))
        if d == DELIBERATE["headline_contradicts"]:
            v = 11
        if d == DELIBERATE["breakdown_sum"]:
            v = 11
        parts = {}
        if v:
            provs = rng.sample(sorted(set(VIOLATION_PROVS)), k=min(v, rng.choice([2, 3, 3, 4])))
            cuts = sorted(rng.sample(range(1, v), len(provs) - 1)) if len(provs) > 1 else []
            bounds = [0] + cuts + [v]
            parts = {p: bounds[i + 1] - bounds[i] for i, p in enumerate(provs)}
            parts = dict(sorted(parts.items(), key=lambda kv: -kv[1]))
        day["viol"] = (v, parts)
        # some days name the provinces without a count per province (same in both languages)
        day["viol_nocount"] = v > 0 and d not in (DELIBERATE["headline_contradicts"], DELIBERATE["breakdown_sum"]) and rng.random() < 0.2
        # humanitarian
        if rng.random() < 0.7:
            a = rng.randint(2, 8)
            t = round(rng.uniform(1.5, 12.0), 1)
            hparts = {}
            if a >= 3 and rng.random() < 0.5:
                provs = rng.sample(["SY02", "SY04", "SY05", "SY12", "SY03", "SY09", "SY13"], 2)
                first = rng.randint(1, a - 1)
                hparts = {provs[0]: first, provs[1]: a - first}
            day["hum"] = (a, t, hparts)
        if d == DELIBERATE["fr_en_disagree"]:
            day["hum"] = (5, 4.7, {})
        # refugees
        if rng.random() < 0.6:
            r = rng.randint(150, 900)
            R += r
            split = None
            if rng.random() < 0.35:
                leb = rng.randint(50, r - 40)
                split = (leb, r - leb)
            day["ref"] = (r, R, split)
        # negotiations
        if rng.random() < 0.6:
            day["neg"] = rng.sample(["SY02", "SY03", "SY04", "SY05", "SY07", "SY12", "SY14", "SY13"], rng.choice([2, 3, 3, 4]))
        day["inforce"] = rng.random() < 0.3
        days.append(day)
    # planted errors in what is printed (the simulation keeps the true figures)
    days[DELIBERATE["joined_total_off"] - 1]["joined_printed"] = days[DELIBERATE["joined_total_off"] - 1]["joined"] + 4
    td = days[DELIBERATE["territory_down"] - 1]
    td["terr_printed"] = round(td["terr"][1] - 100.0, 1)
    return days


# ---------------------------------------------------------------- formatting
class Fmt:
    def __init__(self, lang, rng, no_narrow=False):
        self.lang, self.rng = lang, rng
        seps = [" ", "\u00a0"] if no_narrow else [" ", "\u00a0", "\u202f"]
        self.sep = rng.choice(seps) if lang == "fr" else ","
        self.prov_variant = {p: rng.choice(v) for p, v in PROV[lang].items()}

    def int(self, n, words=0.3):
        if n <= 20 and self.rng.random() < words:
            return (EN_WORDS if self.lang == "en" else FR_WORDS)[n]
        s = f"{n:,}"
        return s.replace(",", self.sep) if self.lang == "fr" else s

    def dec(self, x):
        s = f"{x:,.1f}"
        if self.lang == "fr":
            s = s.replace(",", "#").replace(".", ",").replace("#", self.sep)
        return s

    def km(self):
        if self.lang == "en":
            return self.rng.choice(["km²", "km2", "square kilometres", "square kilometers", "sq km"])
        return self.rng.choice(["km²", "km2", "kilomètres carrés", "km²"])

    def prov(self, p):
        return self.prov_variant[p]

    def join(self, items):
        items = list(items)
        if len(items) == 1:
            return items[0]
        conj = " and " if self.lang == "en" else " et "
        return ", ".join(items[:-1]) + conj + items[-1]

    def cap(self, s):
        return s[0].upper() + s[1:]


def de(name):
    return ("d'" if name[0] in "AEIOUÉÏaeiou" else "de ") + name


def C(metric, value, kind="day", since=None, date=None, actor=None, places=()):
    w = {"kind": kind}
    if since:
        w["since"] = since
    if date:
        w["date"] = date
    return {"metric": metric, "value": value, "window": w, "actor": actor, "places": list(places)}


def P(name, prov):
    return {"name": name, "province": prov}


def E(text, *claims):
    return (text, list(claims))


def loc_name(loc, lang):
    return loc[0] if lang == "en" else loc[1]


def grouped(named):
    groups = {}
    for loc in named:
        groups.setdefault(loc[2], []).append(loc)
    return groups


def places_phrase(f, named, style):
    """Localities grouped by province, in one of three styles; returns (text, places)."""
    lang = f.lang
    places, chunks = [], []
    for prov, locs in grouped(named).items():
        names = [loc_name(l, lang) for l in locs]
        places += [P(n, prov) for n in names]
        pn = f.prov(prov)
        if style == 0:
            chunks.append(f"{f.join(names)} in {pn} province" if lang == "en" else f"{f.join(names)} dans la province {de(pn)}")
        elif style == 1:
            chunks.append(f"{f.join(names)} ({pn})")
        else:
            chunks.append(f"{f.join(names)} in the province of {pn}" if lang == "en" else f"{f.join(names)} (province {de(pn)})")
    if lang == "en":
        text = "; ".join(chunks) if style == 1 and len(chunks) > 2 else f.join(chunks)
    else:
        text = f.join(chunks)
    return text, places


# ---------------------------------------------------------------- sentences, English
def en_agreements(f, day, rng):
    n, named = day["agr"]
    N = f.int(n)
    if n == 0:
        return [E(rng.choice([
            "No new ceasefire agreement was signed in the past 24 hours",
            "The day brought no new accession agreements",
            "Over the last day, no locality signed an agreement to join the truce",
        ]), C("ceasefire_agreements", 0))] + ["."]
    if n == 1:
        loc = named[0]
        nm, pn = loc_name(loc, "en"), f.prov(loc[2])
        t = rng.choice([
            f"An agreement on joining the truce was signed over the past day with the village of {nm} in {pn} province",
            f"The locality of {nm} ({pn}) signed a ceasefire agreement within the last 24 hours",
            f"In the past 24 hours, one reconciliation agreement was concluded, with {nm}, {pn} province",
        ])
        return [E(t, C("ceasefire_agreements", 1, places=[P(nm, loc[2])])), "."]
    form = 5 + rng.randrange(2) if day["agr_settle"] else rng.randrange(5)
    style = 0 if form == 6 else rng.randrange(3)  # no parentheses inside parentheses
    text, places = places_phrase(f, named, style)
    if form == 0:
        t = f"Over the past 24 hours, {N} agreements on joining the ceasefire were signed with the localities of {text}"
    elif form == 1:
        t = f"{f.cap(N)} ceasefire accords were concluded during the day, with {text}"
    elif form == 2:
        t = f"Representatives of {text} signed {N} accession agreements to the truce in the last day"
    elif form == 3:
        t = f"The Cell registered {N} new reconciliation agreements in one day, with {text}"
    elif form == 4:
        t = f"In the last 24 hours the truce was extended through {N} agreements, signed by {text}"
    elif form == 5:
        # counts settlements, not agreements
        t = f"{f.cap(N)} more settlements joined the ceasefire over the past day: {text}"
        return [E(t, C("localities_joined_ceasefire", n, places=places)), "."]
    else:
        t = f"Elders of {N} localities ({text}) put their names to the reconciliation process in the past 24 hours"
        return [E(t, C("localities_joined_ceasefire", n, places=places)), "."]
    return [E(t, C("ceasefire_agreements", n, places=places)), "."]


def en_joined(f, day, rng, printed):
    J = f.int(printed)
    if day["agr"][0] == 0:
        t = rng.choice([f"The number of localities in the ceasefire remains {J}",
                        f"The count of settlements observing the truce is unchanged at {J}"])
    else:
        t = rng.choice([
            f"The number of localities that have joined the ceasefire now stands at {J}",
            f"This brings to {J} the total of settlements observing the truce",
            f"Altogether, {J} localities have signed up to the reconciliation process",
            f"{J} settlements are now covered by the ceasefire",
            f"The tally of communities adhering to the truce has risen to {J}",
        ])
    return [E(t, C("localities_joined_ceasefire", printed, kind="total")), "."]


def en_territory(f, day, rng, printed):
    dt, _ = day["terr"]
    T = printed
    a, b = f.dec(dt), f.dec(T)
    form = rng.randrange(5)
    cd = lambda actor=None: C("territory_km2", dt, actor=actor)
    ct = lambda actor=None, since=YEAR_START: C("territory_km2", T, kind="total", since=since, actor=actor)
    if form == 0:
        k = f.km()
        return [E(f"Government forces regained {a} {k} over the past 24 hours", cd("Government forces")), ". ",
                E(f"Since January 1, {b} {k} have been brought back under state control", ct()), "."]
    if form == 1:
        k = f.km()
        return [E(f"In the last day, {a} {k} of territory returned under government control", cd()), ", ",
                E(f"bringing the total since 1 January to {b} {k}", ct()), "."]
    if form == 2:
        k = f.km()
        return [E(f"Troops retook {a} {k} during the day", cd("Troops")), "; ",
                E(f"the area regained so far this year now amounts to {b} {k}", ct()), "."]
    if form == 3:
        k = f.km()
        return [E(f"The area freed in one day reached {a} {k}", cd()), ". ",
                E(f"Overall, {b} {k} have been liberated", ct(since=None)), "."]
    k = f.km()
    return [E(f"A further {a} {k} were cleared of armed groups by the army over the past 24 hours", cd("the army")), ", ",
            E(f"for a total of {b} {k} since 1 January", ct()), "."]


def en_liberated(f, day, rng):
    k, L, names = day["lib"]
    nm = [loc_name(x, "en") for x in names]
    places = [P(loc_name(x, "en"), x[2]) for x in names]
    pn = f.prov(names[0][2])
    K = f.int(k, words=0.7)
    form = rng.randrange(3)
    if k == 1:
        d = f"Government units took back the village of {nm[0]} in {pn} province from armed groups"
        d = rng.choice([d, f"The army freed the settlement of {nm[0]} ({pn}) during the day"])
    else:
        same = len({x[2] for x in names}) == 1
        lst = f"{f.join(nm)} in {pn} province" if same else f.join(f"{loc_name(x, 'en')} ({f.prov(x[2])})" for x in names)
        d = rng.choice([f"Government units took back {K} localities from armed groups over the day, {lst}",
                        f"{f.cap(K)} settlements were freed by the army in the past 24 hours: {lst}"])
    actor = "Government units" if d.startswith("Government") else "the army"
    out = [E(d, C("localities_liberated", k, actor=actor, places=places)), ". "]
    t = [f"{f.int(L)} localities have been freed since January 1",
         f"The number of settlements liberated since 1 January has reached {f.int(L)}",
         f"Since the start of the year, {f.int(L)} localities have been liberated"][form]
    out.append(E(t, C("localities_liberated", L, kind="total", since=YEAR_START)))
    out.append(".")
    return out


def en_groups(f, day, rng):
    g, G = day["groups"]
    if g == 0:
        return [E(rng.choice([f"No new armed group joined the truce; the total stays at {f.int(G)}",
                              f"The number of armed formations keeping the ceasefire is unchanged, at {f.int(G)}"]),
                  C("armed_groups_joined_ceasefire", 0), C("armed_groups_joined_ceasefire", G, kind="total")), "."]
    form = rng.randrange(3)
    if form == 0:
        return [E(f"{f.cap(f.int(g, 0.7))} more armed groups declared that they would keep the ceasefire" if g > 1 else
                  "One more armed group declared that it would keep the ceasefire", C("armed_groups_joined_ceasefire", g)), ", ",
                E(f"bringing their number to {f.int(G)}", C("armed_groups_joined_ceasefire", G, kind="total")), "."]
    if form == 1:
        return [E(f"The number of armed formations committed to the truce rose by {f.int(g, 0.7 if g > 1 else 0)} to {f.int(G)}",
                  C("armed_groups_joined_ceasefire", g), C("armed_groups_joined_ceasefire", G, kind="total")), "."]
    unit = "armed unit" if g == 1 else "armed units"
    return [E(f"Commanders of {f.int(g, 0.7)} {unit} stated in the last 24 hours that they will respect the ceasefire",
              C("armed_groups_joined_ceasefire", g)), ". ",
            E(f"Altogether {f.int(G)} armed groups now keep the truce", C("armed_groups_joined_ceasefire", G, kind="total")), "."]


def breakdown_text(f, parts, paren):
    if paren:
        return f.join(f"{f.prov(p)} ({f.int(c, 0)})" for p, c in parts.items())
    return f.join(f"{f.int(c, 0)} in {f.prov(p)}" for p, c in parts.items())


def en_violations(f, day, rng):
    v, parts = day["viol"]
    shown = v + 1 if day["d"] == DELIBERATE["breakdown_sum"] else v
    if v == 0:
        t = rng.choice(["No ceasefire violations were recorded in the past 24 hours",
                        "The monitors logged no breach of the truce during the day"])
        return [E(t, C("ceasefire_violations", 0, actor="The monitors" if "monitors" in t else None)), "."]
    form = 3 if day["viol_nocount"] else rng.choice([0, 1, 2, 4])
    N = f.int(shown, 0.35)
    if form == 3:
        t = f"In the past day, {N} violations were reported in the provinces of {f.join(f.prov(p) for p in parts)}"
        return [E(t, C("ceasefire_violations", shown, places=[P(f.prov(p), p) for p in parts])), "."]
    paren = form == 2
    bd = breakdown_text(f, parts, paren)
    actor = None
    if form == 0:
        t, actor = f"Monitors recorded {N} ceasefire violations over the past 24 hours: {bd}", "Monitors"
    elif form == 1:
        t = f"{f.cap(N)} breaches of the truce were logged during the day, {bd}"
    elif form == 2:
        t, actor = f"The Cell's observers registered {N} cases of shelling in the last 24 hours, in {bd}", "The Cell's observers"
    else:
        t = f"The ceasefire was violated {N} times in one day ({bd})"
    claims = [C("ceasefire_violations", shown, actor=actor)]
    claims += [C("ceasefire_violations", c, actor=actor, places=[P(f.prov(p), p)]) for p, c in parts.items()]
    return [E(t, *claims), "."]


def en_hum(f, day, rng):
    a, t, hparts = day["hum"]
    A, T = f.int(a, 0.4), f.dec(t)
    unit = rng.choice(["tonnes", "tons", "metric tons"])
    if hparts:
        bd = f.join(f"{f.prov(p)} ({c})" for p, c in hparts.items())
        s = rng.choice([f"{f.cap(A)} aid deliveries were made in the last 24 hours, in {bd}",
                        f"The Cell held {A} humanitarian actions over the day in the provinces of {bd}"])
        claims = [C("humanitarian_actions", a)] + [C("humanitarian_actions", c, places=[P(f.prov(p), p)]) for p, c in hparts.items()]
        return [E(s, *claims), ". ", E(f"In all, {T} {unit} of relief goods were handed out", C("humanitarian_aid_tonnes", t)), "."]
    form = rng.randrange(4)
    if form == 0:
        s = f"The Cell carried out {A} humanitarian actions over the past day, handing out {T} {unit} of food and medicine"
    elif form == 1:
        s = f"Humanitarian teams distributed {T} {unit} of aid in {A} operations during the day"
    elif form == 2:
        s = f"In one day, {T} {unit} of relief supplies reached residents through {A} humanitarian actions"
    else:
        s = f"Over the past 24 hours, {A} aid convoys delivered {T} {unit} to some {f.int(rng.randint(900, 4000))} residents"
    return [E(s, C("humanitarian_actions", a), C("humanitarian_aid_tonnes", t)), "."]


def en_ref(f, day, rng):
    r, R, split = day["ref"]
    if split:
        leb, jor = split
        s = f"Returns continued: {f.int(r)} people came back during the day, {f.int(leb)} of them from Lebanon and {f.int(jor)} from Jordan"
        return [E(s, C("refugees_returned", r), C("refugees_returned", leb, places=[P("Lebanon", None)]),
                  C("refugees_returned", jor, places=[P("Jordan", None)])), ". ",
                E(f"Since January 1, {f.int(R)} refugees have returned", C("refugees_returned", R, kind="total", since=YEAR_START)), "."]
    form = rng.randrange(3)
    if form == 0:
        return [E(f"{f.int(r)} refugees returned to their homes over the past 24 hours", C("refugees_returned", r)), "; ",
                E(f"{f.int(R)} have come back since January 1", C("refugees_returned", R, kind="total", since=YEAR_START)), "."]
    if form == 1:
        return [E(f"In the last day {f.int(r)} displaced people returned", C("refugees_returned", r)), ", ",
                E(f"bringing the number of returnees since 1 January to {f.int(R)}", C("refugees_returned", R, kind="total", since=YEAR_START)), "."]
    return [E(f"Since the start of the year, {f.int(R)} refugees have returned, including {f.int(r)} in the past 24 hours",
              C("refugees_returned", R, kind="total", since=YEAR_START), C("refugees_returned", r)), "."]


def en_neg(f, day, rng):
    provs = day["neg"]
    names = f.join(f.prov(p) for p in provs)
    t = rng.choice([f"Talks on joining the ceasefire continue with local leaders in the provinces of {names}",
                    f"Negotiations are still under way in {names}",
                    f"The Cell is pursuing discussions with armed-group commanders in {names} provinces",
                    f"Contacts with field commanders in {names} on accession to the truce are continuing"])
    return [E(t, C("negotiations_ongoing", None, places=[P(f.prov(p), p) for p in provs])), "."]


def en_inforce(f, day, rng):
    t = rng.choice(["The ceasefire has been in force since December 12, 2023",
                    "The truce took effect on 12 December 2023"])
    tail = rng.choice([" and has broadly held since.", "; the Cell was set up the same week to monitor it."])
    return [E(t, C("ceasefire_in_force", None, kind="date", date=TRUCE_DATE)), tail]


# ---------------------------------------------------------------- sentences, French
def fr_agreements(f, day, rng):
    n, named = day["agr"]
    N = f.int(n)
    if n == 0:
        return [E(rng.choice([
            "Aucun nouvel accord de cessez-le-feu n'a été signé au cours des dernières 24 heures",
            "La journée n'a apporté aucun nouvel accord d'adhésion à la trêve",
            "Pas d'accord supplémentaire ces dernières 24 heures",
        ]), C("ceasefire_agreements", 0)), "."]
    if n == 1:
        loc = named[0]
        nm, pn = loc_name(loc, "fr"), f.prov(loc[2])
        t = rng.choice([
            f"Un accord d'adhésion au cessez-le-feu a été signé au cours de la journée avec la localité de {nm}, dans la province {de(pn)}",
            f"La localité de {nm} (province {de(pn)}) a signé un accord de trêve ces dernières 24 heures",
            f"En 24 heures, un seul accord de réconciliation a été conclu, avec le village de {nm} ({pn})",
        ])
        return [E(t, C("ceasefire_agreements", 1, places=[P(nm, loc[2])])), "."]
    form = 5 + rng.randrange(2) if day["agr_settle"] else rng.randrange(5)
    style = 0 if form == 6 else rng.randrange(3)  # no parentheses inside parentheses
    text, places = places_phrase(f, named, style)
    if form == 0:
        t = f"Au cours des dernières 24 heures, {N} accords d'adhésion au cessez-le-feu ont été signés avec les localités de {text}"
    elif form == 1:
        t = f"{f.cap(N)} accords de trêve ont été conclus dans la journée, avec {text}"
    elif form == 2:
        t = f"Les représentants de {text} ont signé {N} accords d'adhésion à la trêve en une journée"
    elif form == 3:
        t = f"La Cellule a enregistré {N} nouveaux accords de réconciliation en 24 heures : {text}"
    elif form == 4:
        t = f"En une seule journée, la trêve s'est étendue grâce à {N} accords, signés par {text}"
    elif form == 5:
        t = f"{f.cap(N)} localités supplémentaires ont rejoint le cessez-le-feu au cours de la journée : {text}"
        return [E(t, C("localities_joined_ceasefire", n, places=places)), "."]
    else:
        t = f"Les notables de {N} localités ({text}) ont adhéré au processus de réconciliation ces dernières 24 heures"
        return [E(t, C("localities_joined_ceasefire", n, places=places)), "."]
    return [E(t, C("ceasefire_agreements", n, places=places)), "."]


def fr_joined(f, day, rng, printed):
    J = f.int(printed)
    if day["agr"][0] == 0:
        t = rng.choice([f"Le nombre de localités ayant rejoint la trêve reste de {J}",
                        f"Le total des communes couvertes par le cessez-le-feu demeure inchangé, à {J}"])
    else:
        t = rng.choice([
            f"Le nombre de localités ayant rejoint le cessez-le-feu s'élève désormais à {J}",
            f"Au total, {J} localités ont adhéré au processus de réconciliation",
            f"Le cessez-le-feu couvre maintenant {J} localités",
            f"Le nombre de communes qui respectent la trêve est ainsi porté à {J}",
            f"{J} localités ont désormais accepté la trêve",
        ])
    return [E(t, C("localities_joined_ceasefire", printed, kind="total")), "."]


def fr_territory(f, day, rng, printed):
    dt, _ = day["terr"]
    a, b = f.dec(dt), f.dec(printed)
    cd = lambda actor=None: C("territory_km2", dt, actor=actor)
    ct = lambda since=YEAR_START: C("territory_km2", printed, kind="total", since=since)
    form = rng.randrange(5)
    k = f.km()
    if form == 0:
        return [E(f"Les forces gouvernementales ont repris {a} {k} au cours des dernières 24 heures", cd("Les forces gouvernementales")), ". ",
                E(f"Depuis le 1er janvier, {b} {k} ont été libérés", ct()), "."]
    if form == 1:
        return [E(f"En une journée, {a} {k} sont repassés sous le contrôle de l'État", cd()), ", ",
                E(f"ce qui porte à {b} {k} la superficie reprise depuis le 1er janvier", ct()), "."]
    if form == 2:
        return [E(f"L'armée a reconquis {a} {k} au cours de la journée", cd("L'armée")), " ; ",
                E(f"au total, {b} {k} ont été libérés depuis le début de l'année", ct()), "."]
    if form == 3:
        return [E(f"La superficie libérée en 24 heures atteint {a} {k}", cd()), ". ",
                E(f"Dans l'ensemble, {b} {k} ont été repris aux groupes armés", ct(since=None)), "."]
    return [E(f"Quelque {a} {k} supplémentaires ont été nettoyés par les troupes ces dernières 24 heures", cd("les troupes")), ", ",
            E(f"soit {b} {k} depuis le 1er janvier", ct()), "."]


def fr_liberated(f, day, rng):
    k, L, names = day["lib"]
    nm = [loc_name(x, "fr") for x in names]
    places = [P(loc_name(x, "fr"), x[2]) for x in names]
    pn = f.prov(names[0][2])
    K = f.int(k, words=0.7)
    if k == 1:
        d = rng.choice([f"Les unités gouvernementales ont repris aux groupes armés le village de {nm[0]}, dans la province {de(pn)}",
                        f"L'armée a libéré la localité de {nm[0]} ({pn}) au cours de la journée"])
    else:
        same = len({x[2] for x in names}) == 1
        lst = f"{f.join(nm)}, dans la province {de(pn)}" if same else f.join(f"{loc_name(x, 'fr')} ({f.prov(x[2])})" for x in names)
        d = rng.choice([f"Les unités gouvernementales ont repris {K} localités aux groupes armés dans la journée : {lst}",
                        f"{f.cap(K)} localités ont été libérées par l'armée ces dernières 24 heures : {lst}"])
    actor = "Les unités gouvernementales" if d.startswith("Les unités") else "l'armée"
    t = rng.choice([f"{f.int(L)} localités ont été libérées depuis le 1er janvier",
                    f"Le nombre de localités libérées depuis le 1er janvier atteint {f.int(L)}",
                    f"Depuis le début de l'année, {f.int(L)} localités ont été libérées"])
    return [E(d, C("localities_liberated", k, actor=actor, places=places)), ". ",
            E(t, C("localities_liberated", L, kind="total", since=YEAR_START)), "."]


def fr_groups(f, day, rng):
    g, G = day["groups"]
    if g == 0:
        return [E(rng.choice([f"Aucun nouveau groupe armé n'a rejoint la trêve ; leur nombre reste de {f.int(G)}",
                              f"Le nombre de formations armées qui respectent le cessez-le-feu est inchangé, à {f.int(G)}"]),
                  C("armed_groups_joined_ceasefire", 0), C("armed_groups_joined_ceasefire", G, kind="total")), "."]
    form = rng.randrange(3)
    if form == 0:
        s = (f"{f.cap(f.int(g, 0.7))} groupes armés supplémentaires se sont engagés à respecter le cessez-le-feu" if g > 1
             else "Un groupe armé supplémentaire s'est engagé à respecter le cessez-le-feu")
        return [E(s, C("armed_groups_joined_ceasefire", g)), ", ",
                E(f"ce qui porte leur nombre à {f.int(G)}", C("armed_groups_joined_ceasefire", G, kind="total")), "."]
    if form == 1:
        return [E(f"Le nombre de formations armées engagées dans la trêve a augmenté de {f.int(g, 0.7 if g > 1 else 0)} pour atteindre {f.int(G)}",
                  C("armed_groups_joined_ceasefire", g), C("armed_groups_joined_ceasefire", G, kind="total")), "."]
    unit = "unité armée a déclaré" if g == 1 else "unités armées ont déclaré"
    return [E(f"Au cours de la journée, {f.int(g, 0.7 if g > 1 else 0)} {unit} respecter le cessez-le-feu", C("armed_groups_joined_ceasefire", g)), ". ",
            E(f"Au total, {f.int(G)} groupes armés observent désormais la trêve", C("armed_groups_joined_ceasefire", G, kind="total")), "."]


def fr_breakdown(f, parts, paren):
    if paren:
        return f.join(f"{f.prov(p)} ({c})" for p, c in parts.items())
    return f.join(f"{c} dans la province {de(f.prov(p))}" for p, c in parts.items())


def fr_violations(f, day, rng):
    v, parts = day["viol"]
    shown = v + 1 if day["d"] == DELIBERATE["breakdown_sum"] else v
    if v == 0:
        t = rng.choice(["Aucune violation du cessez-le-feu n'a été enregistrée au cours des dernières 24 heures",
                        "Les observateurs n'ont relevé aucune violation de la trêve dans la journée"])
        return [E(t, C("ceasefire_violations", 0, actor="Les observateurs" if "observateurs" in t else None)), "."]
    form = 3 if day["viol_nocount"] else rng.choice([0, 1, 2, 4])
    N = f.int(shown, 0.35)
    if form == 3:
        t = f"Ces dernières 24 heures, {N} violations ont été signalées dans les provinces {de(f.prov(list(parts)[0]))}" + \
            "".join(f", {de(f.prov(p))}" for p in list(parts)[1:-1]) + (f" et {de(f.prov(list(parts)[-1]))}" if len(parts) > 1 else "")
        return [E(t, C("ceasefire_violations", shown, places=[P(f.prov(p), p) for p in parts])), "."]
    bd = fr_breakdown(f, parts, form == 2)
    actor = None
    if form == 0:
        t, actor = f"Les observateurs ont enregistré {N} violations du cessez-le-feu en 24 heures : {bd}", "Les observateurs"
    elif form == 1:
        t = f"{f.cap(N)} violations de la trêve ont été relevées dans la journée, dont {bd}"
    elif form == 2:
        t, actor = f"Les équipes de la Cellule ont constaté {N} cas de tirs au cours des dernières 24 heures, à {bd}", "Les équipes de la Cellule"
    else:
        t = f"Le cessez-le-feu a été violé à {N} reprises en une journée ({bd})"
    claims = [C("ceasefire_violations", shown, actor=actor)]
    claims += [C("ceasefire_violations", c, actor=actor, places=[P(f.prov(p), p)]) for p, c in parts.items()]
    return [E(t, *claims), "."]


def fr_hum(f, day, rng):
    a, t, hparts = day["hum"]
    if day["d"] == DELIBERATE["fr_en_disagree"]:
        t = 7.4
    A, T = f.int(a, 0.4), f.dec(t)
    if hparts:
        bd = f.join(f"{f.prov(p)} ({c})" for p, c in hparts.items())
        (p1, c1), (p2, c2) = hparts.items()
        s = rng.choice([f"{f.cap(A)} actions humanitaires ont été menées en 24 heures dans les provinces {de(f.prov(p1))} ({c1}) et {de(f.prov(p2))} ({c2})",
                        f"La Cellule a organisé {A} distributions humanitaires dans la journée : {bd}"])
        claims = [C("humanitarian_actions", a)] + [C("humanitarian_actions", c, places=[P(f.prov(p), p)]) for p, c in hparts.items()]
        return [E(s, *claims), ". ", E(f"Au total, {T} tonnes d'aide ont été remises à la population", C("humanitarian_aid_tonnes", t)), "."]
    form = rng.randrange(4)
    if form == 0:
        s = f"La Cellule a mené {A} actions humanitaires au cours de la journée, distribuant {T} tonnes de vivres et de médicaments"
    elif form == 1:
        s = f"Les équipes humanitaires ont livré {T} tonnes d'aide lors de {A} opérations ces dernières 24 heures"
    elif form == 2:
        s = f"En une journée, {T} tonnes de secours sont parvenues aux habitants grâce à {A} actions humanitaires"
    else:
        s = f"Au cours des dernières 24 heures, {A} convois ont acheminé {T} tonnes d'aide à quelque {f.int(rng.randint(900, 4000))} habitants"
    return [E(s, C("humanitarian_actions", a), C("humanitarian_aid_tonnes", t)), "."]


def fr_ref(f, day, rng):
    r, R, split = day["ref"]
    if split:
        leb, jor = split
        s = f"Les retours se poursuivent : {f.int(r)} personnes sont rentrées dans la journée, dont {f.int(leb)} depuis le Liban et {f.int(jor)} depuis la Jordanie"
        return [E(s, C("refugees_returned", r), C("refugees_returned", leb, places=[P("Liban", None)]),
                  C("refugees_returned", jor, places=[P("Jordanie", None)])), ". ",
                E(f"Depuis le 1er janvier, {f.int(R)} réfugiés sont revenus", C("refugees_returned", R, kind="total", since=YEAR_START)), "."]
    form = rng.randrange(3)
    if form == 0:
        return [E(f"{f.int(r)} réfugiés ont regagné leurs foyers au cours des dernières 24 heures", C("refugees_returned", r)), " ; ",
                E(f"{f.int(R)} sont rentrés depuis le 1er janvier", C("refugees_returned", R, kind="total", since=YEAR_START)), "."]
    if form == 1:
        return [E(f"Au cours de la journée, {f.int(r)} déplacés sont rentrés chez eux", C("refugees_returned", r)), ", ",
                E(f"ce qui porte à {f.int(R)} le nombre de retours depuis le 1er janvier", C("refugees_returned", R, kind="total", since=YEAR_START)), "."]
    return [E(f"Depuis le début de l'année, {f.int(R)} réfugiés sont revenus, dont {f.int(r)} ces dernières 24 heures",
              C("refugees_returned", R, kind="total", since=YEAR_START), C("refugees_returned", r)), "."]


def fr_neg(f, day, rng):
    provs = day["neg"]
    names = [f.prov(p) for p in provs]
    lst = de(names[0]) + "".join(f", {de(n)}" for n in names[1:-1]) + (f" et {de(names[-1])}" if len(names) > 1 else "")
    t = rng.choice([f"Les négociations sur l'adhésion au cessez-le-feu se poursuivent avec les responsables locaux dans les provinces {lst}",
                    f"Des pourparlers sont toujours en cours dans les provinces {lst}",
                    f"La Cellule poursuit ses discussions avec les commandants de groupes armés des provinces {lst}"])
    return [E(t, C("negotiations_ongoing", None, places=[P(f.prov(p), p) for p in provs])), "."]


def fr_inforce(f, day, rng):
    t = rng.choice(["Le cessez-le-feu est en vigueur depuis le 12 décembre 2023",
                    "La trêve est entrée en vigueur le 12 décembre dernier"])
    tail = rng.choice([" et tient globalement depuis.", " ; la Cellule a été créée la même semaine pour en assurer le suivi."])
    return [E(t, C("ceasefire_in_force", None, kind="date", date=TRUCE_DATE)), tail]


SENT = {
    "en": dict(agr=en_agreements, joined=en_joined, terr=en_territory, lib=en_liberated, groups=en_groups,
               viol=en_violations, hum=en_hum, ref=en_ref, neg=en_neg, inforce=en_inforce),
    "fr": dict(agr=fr_agreements, joined=fr_joined, terr=fr_territory, lib=fr_liberated, groups=fr_groups,
               viol=fr_violations, hum=fr_hum, ref=fr_ref, neg=fr_neg, inforce=fr_inforce),
}

# ---------------------------------------------------------------- framing: headlines, leads, boilerplate
def headline(lang, day, rng, f):
    d = day["d"]
    if d == DELIBERATE["headline_contradicts"]:
        t = "Fourteen ceasefire violations in 24 hours, monitors say" if lang == "en" else \
            "Quatorze violations du cessez-le-feu en 24 heures, selon les observateurs"
        return E(t, C("ceasefire_violations", 14))
    if rng.random() > 0.4:
        return None
    n, _ = day["agr"]
    J = day.get("joined_printed", day["joined"])
    v = day["viol"][0] + (1 if d == DELIBERATE["breakdown_sum"] else 0)  # as printed in the body
    opts = {
        "en": [f"Truce now covers {f.int(J)} localities", "Monitoring Cell: daily situation report",
               f"Ceasefire holds in most provinces; {f.int(v, 0.6)} violations recorded" if v else "A day without a single truce violation"],
        "fr": [f"La trêve couvre désormais {f.int(J)} localités", "Cellule de surveillance : point quotidien",
               f"Trêve : {f.int(v, 0.6)} violations relevées en une journée" if v else "Une journée sans aucune violation de la trêve"],
    }[lang]
    return rng.choice(opts)  # restates a body figure: not a second claim


def lead(lang, d, f, rng):
    date_en = f"{d} March 2024" if rng.random() < 0.5 else f"March {d}, 2024"
    date_fr = f"{'1er' if d == 1 else d} mars 2024"
    no = 64 + d  # bulletin number: not a claim
    if lang == "en":
        return rng.choice([
            f"DAMASCUS, {date_en}. Daily bulletin No. {no} of {NAME['en'][0]} (JCMC).",
            f"Situation report No. {no}, issued by {NAME['en'][0]} on {date_en}.",
            f"{f.cap(NAME['en'][0])} published its daily bulletin (No. {no}) on {date_en}.",
        ])
    return rng.choice([
        f"DAMAS, {date_fr}. Bulletin quotidien n° {no} de {NAME['fr'][0]} (CCSC).",
        f"Point de situation n° {no}, publié par {NAME['fr'][0]} le {date_fr}.",
        f"{f.cap(NAME['fr'][0])} a diffusé le {date_fr} son bulletin quotidien n° {no}.",
    ])


BOILER = {
    "en": {
        "caption": ["© JCMC press office. A monitoring patrol on the road to {x}, March 2024",
                    "© Photo: JCMC / field team. Residents queue for bread in {x}"],
        "read": ["Read also: How the Cell verifies a reported violation",
                 "Read also: Ten questions about the December truce",
                 "Read also: Mine clearance resumes near {x}"],
        "sub": ["Subscribe to the JCMC daily digest to receive these bulletins by e-mail every morning.",
                "Get our bulletins first: subscribe to the Cell's channel and turn on notifications."],
    },
    "fr": {
        "caption": ["© Service de presse de la CCSC. Une patrouille d'observation sur la route de {x}, mars 2024",
                    "© Photo : CCSC / équipe de terrain. File d'attente devant une boulangerie à {x}"],
        "read": ["Lire aussi : Comment la Cellule vérifie une violation signalée",
                 "Lire aussi : Dix questions sur la trêve de décembre",
                 "Lire aussi : Reprise du déminage près de {x}"],
        "sub": ["Abonnez-vous à la lettre quotidienne de la CCSC pour recevoir ces bulletins chaque matin par courriel.",
                "Recevez nos bulletins en premier : abonnez-vous à la chaîne de la Cellule et activez les notifications."],
    },
}

FILLER = {
    "en": ["The Cell calls on all parties to refrain from provocations and to report incidents through the liaison officers.",
           "Mobile teams also checked water points and schools reopened in several districts; their figures are published weekly.",
           "Officials expect more returns in the weeks ahead as roads are repaired.",
           "Roughly a third of the country's territory is now covered by local arrangements, according to the Cell's own estimate."],
    "fr": ["La Cellule appelle toutes les parties à s'abstenir de toute provocation et à signaler les incidents aux officiers de liaison.",
           "Des équipes mobiles ont aussi inspecté des points d'eau et des écoles rouvertes ; leurs chiffres sont publiés chaque semaine.",
           "Les responsables s'attendent à davantage de retours dans les semaines à venir, à mesure que les routes sont réparées.",
           "Environ un tiers du territoire serait désormais couvert par des arrangements locaux, selon une estimation de la Cellule."],
}


def build_doc(lang, day, prev_terr_day=None, no_narrow=False):
    d = day["d"]
    rng = random.Random(SEED * 7 + d * 31 + (1 if lang == "fr" else 2))
    f = Fmt(lang, rng, no_narrow=no_narrow)
    S = SENT[lang]
    paras = []  # each paragraph: list of segments
    boiler = []
    h = headline(lang, day, rng, f)
    if h is not None:
        paras.append([h])
    paras.append([lead(lang, d, f, rng)])
    body = []
    body.append(S["agr"](f, day, rng) + [" "] + S["joined"](f, day, rng, day.get("joined_printed", day["joined"])))
    if "terr" in day:
        body.append(S["terr"](f, day, rng, day.get("terr_printed", day["terr"][1])))
    if "lib" in day:
        body.append(S["lib"](f, day, rng))
    body.append(S["viol"](f, day, rng))
    if "groups" in day:
        body.append(S["groups"](f, day, rng))
    if "hum" in day:
        body.append(S["hum"](f, day, rng))
    if "ref" in day:
        body.append(S["ref"](f, day, rng))
    if "neg" in day:
        body.append(S["neg"](f, day, rng))
    # vary the order a little: agreements first, the rest shuffled in pairs
    head, rest = body[:1], body[1:]
    if rng.random() < 0.5 and len(rest) > 2:
        rest[0], rest[1] = rest[1], rest[0]
    if rng.random() < 0.4 and len(rest) > 3:
        rest[2], rest[3] = rest[3], rest[2]
    body = head + rest
    # group body sentences into paragraphs of 1-2 sentences
    i = 0
    while i < len(body):
        k = 2 if rng.random() < 0.35 and i + 1 < len(body) else 1
        para = []
        for j, s in enumerate(body[i:i + k]):
            if j:
                para.append(" ")
            para += s
        paras.append(para)
        i += k
    x = loc_name(rng.choice(LOCALITIES), lang)
    if rng.random() < 0.55:
        cap = rng.choice(BOILER[lang]["caption"]).format(x=x)
        paras.insert(min(len(paras), 3), [cap])
        boiler.append(cap)
    if day["inforce"]:
        paras.append(S["inforce"](f, day, rng))
    words = sum(len((s if isinstance(s, str) else s[0]).split()) for p in paras for s in p)
    fillers = FILLER[lang][:]
    rng.shuffle(fillers)
    while words < 150 and fillers:
        fl = fillers.pop()
        paras.append([fl])
        words += len(fl.split())
    if rng.random() < 0.45:
        rd = rng.choice(BOILER[lang]["read"]).format(x=x)
        paras.insert(len(paras) - 1 if len(paras) > 3 else len(paras), [rd])
        boiler.append(rd)
    if rng.random() < 0.5:
        sub = rng.choice(BOILER[lang]["sub"])
        paras.append([sub])
        boiler.append(sub)
    text_paras, claims = [], []
    for p in paras:
        out = ""
        for s in p:
            if isinstance(s, str):
                out += s
            else:
                txt, cl = s
                out += txt
                for c in cl:
                    c = dict(c)
                    c["evidence"] = txt
                    claims.append(c)
        text_paras.append(out)
    date = f"2024-03-{d:02d}"
    # The header names the reporting body once for both languages, as a
    # mission's own archive would, so the French and English bulletins of
    # a day are one reporter's two versions.
    text = f"date {date}\nreporter {REPORTER}\n" + "\n\n".join(text_paras) + "\n"
    gold = {"doc": {"id": f"{date}.{lang}", "lang": lang, "published": date, "reporter": REPORTER},
            "claims": claims, "boilerplate": boiler}
    return text, text_paras, gold


def dump(path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


HTML_TMPL = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>JCMC daily bulletin &ndash; 15 March 2024</title>
<style>
  body {{ font-family: Georgia, serif; max-width: 42em; margin: auto; }}
  nav a {{ margin-right: 1em; }} .caption {{ font-size: 80%; color: #555; }}
</style>
<script>
  // analytics stub: must never be read as bulletin text
  window.dataLayer = window.dataLayer || []; dataLayer.push({{"bulletin": 79, "violations": 999}});
</script>
</head>
<body>
<nav><a href="/">Home</a> &middot; <a href="/bulletins">Bulletins</a> &middot; <a href="/fr/">Fran&ccedil;ais</a> &middot; <a href="/about">About the Cell</a></nav>
<header><p class="kicker">Joint Ceasefire Monitoring Cell&nbsp;&mdash; Daily bulletin</p></header>
<article>
{paras}
</article>
<footer><p>&copy; 2024 JCMC. Contact: press desk, Damascus&nbsp;&bull; Caf&eacute; Nawfara briefings every Thursday.</p></footer>
<script>document.querySelectorAll("nav a").forEach(a => a.title = "1,234 km²");</script>
</body>
</html>
"""


def to_html(paras):
    out = []
    for p in paras:
        esc = html.escape(p, quote=False).replace("\u2019", "&#8217;").replace("'", "&#8217;").replace("é", "&eacute;")
        cls = ' class="caption"' if p.startswith("©") else ""
        esc = esc.replace("©", "&copy;")
        out.append(f"<p{cls}>{esc}</p>")
    return "\n".join(out)


def html_text_of(gold):
    """Evidence in the HTML page is the decoded text: ASCII apostrophes become ’ (from &#8217;)."""
    g = json.loads(json.dumps(gold))
    for c in g["claims"]:
        c["evidence"] = c["evidence"].replace("'", "\u2019")
        if c["actor"]:
            c["actor"] = c["actor"].replace("'", "\u2019")
        for p in c["places"]:
            p["name"] = p["name"].replace("'", "\u2019")
    g["boilerplate"] = [b.replace("'", "\u2019") for b in g["boilerplate"]]
    return g


def main():
    days = simulate()
    bdir = HERE
    for day in days:
        date = f"2024-03-{day['d']:02d}"
        for lang in ("fr", "en"):
            text, paras, gold = build_doc(lang, day, no_narrow=(lang == "fr" and day["d"] == 15))
            (bdir / f"{date}.{lang}.txt").write_text(text, encoding="utf-8")
            dump(bdir / "expected" / f"{date}.{lang}.json", gold)
            if day["d"] == 4:
                (EXAMPLES / f"bulletin.{lang}.txt").write_text(text, encoding="utf-8")
                g = json.loads(json.dumps(gold))
                g["doc"]["id"] = f"bulletin.{lang}"
                dump(EXAMPLES / "expected" / f"bulletin.{lang}.json", g)
            if day["d"] == 15 and lang == "fr":
                (EXAMPLES / "latin1").mkdir(exist_ok=True)
                (EXAMPLES / "latin1" / f"{date}.fr.txt").write_bytes(text.encode("cp1252"))
                dump(EXAMPLES / "latin1" / "expected" / f"{date}.fr.json", gold)
            if day["d"] == 15 and lang == "en":
                (EXAMPLES / "html").mkdir(exist_ok=True)
                page = HTML_TMPL.format(paras=to_html(paras))
                (EXAMPLES / "html" / f"{date}.en.html").write_text(page, encoding="utf-8")
                g = html_text_of(gold)
                # the page has no `date` line: published comes from the dateline in its lead
                dump(EXAMPLES / "html" / "expected" / f"{date}.en.json", g)
    # a machine-readable copy of the true figures, for tests of the audit
    truth = []
    for day in days:
        truth.append({
            "date": f"2024-03-{day['d']:02d}",
            "agreements": day["agr"][0],
            "agreement_localities": [loc[0] for loc in day["agr"][1]],
            "joined_total": day["joined"],
            "joined_total_printed": day.get("joined_printed", day["joined"]),
            "territory_day": day.get("terr", (None, None))[0],
            "territory_total": day.get("terr", (None, None))[1],
            "territory_total_printed": day.get("terr_printed", day.get("terr", (None, None))[1]),
            "violations": day["viol"][0],
        })
    dump(HERE / "figures.json", truth)


if __name__ == "__main__":
    main()
