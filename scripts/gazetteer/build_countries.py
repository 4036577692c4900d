#!/usr/bin/env python3
"""Build crates/extract/data/countries.tsv for the dossier extractor.

Base data: the PyPI package `countryinfo` (MIT licence, (c) 2018 Porimol
Chandro), which ships one JSON file per country with ISO codes, English
name, alternative spellings, capital and demonym.  We read it through its
public API (`CountryInfo(iso3).info()`), keep only what is useful for
matching English-language news text, and merge in the hand-written
supplement `countries_extra.tsv` (same columns, plus a `drop` type that
removes a base surface).

Usage:
    pip install countryinfo
    python3 scripts/gazetteer/build_countries.py            # writes the TSV
    python3 scripts/gazetteer/build_countries.py --verbose  # + list of dropped alt spellings

Output columns: iso3<TAB>type<TAB>surface, one surface per line.
type is one of: name, formal, short, demonym, capital, institution.
"""
from __future__ import annotations

import argparse
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
EXTRA = os.path.join(HERE, "countries_extra.tsv")
OUT = os.path.join(REPO, "crates", "extract", "data", "countries.tsv")

# The 193 UN member states (ISO 3166-1 alpha-3).
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN
BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI
CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI
FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN
IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU
LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM
NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT
KOR ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM
ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA
UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split()
# Non-member / observer states and partially recognised states we also cover.
EXTRA_STATES = ["TWN", "XKX", "PSE", "VAT"]
ALL_CODES = UN_MEMBERS + EXTRA_STATES

TYPES = ["name", "formal", "short", "demonym", "capital", "institution"]
# Precedence when the same surface occurs twice for one state in the base data.
BASE_PRECEDENCE = {"name": 0, "demonym": 1, "formal": 2, "short": 3, "capital": 4, "institution": 5}

# English words that may make up a formal state name ("Republic of ...").
FORMAL_KEYWORDS = {
    "Republic", "Kingdom", "State", "States", "Federation", "Commonwealth",
    "Principality", "Sultanate", "Union", "Confederation", "Duchy", "Emirates",
    "Islands", "Nation",
}
ENGLISH_WORDS = FORMAL_KEYWORDS | {
    "of", "the", "and", "The", "Democratic", "People's", "Federal", "Islamic",
    "Socialist", "Arab", "United", "Plurinational", "Bolivarian", "Independent",
    "Co-operative", "Oriental", "Eastern", "Hashemite", "Grand", "Lao",
    "Federative", "Argentine", "Swiss", "Hellenic", "Syrian", "Yemeni", "Gabonese",
    "Togolese", "Lebanese", "Rwandese", "Kyrgyz", "Slovak", "Italian", "French",
    "Portuguese", "Mexican", "Central", "African", "Abode", "Peace", "Maldive",
}
# Alternative spellings without a formal keyword that are common in English news.
KEEP_ALT = {
    "Czechia", "Holland", "Great Britain", "Turkiye", "Ivory Coast", "Côte d'Ivoire",
    "Cabo Verde", "Timor-Leste", "East Timor", "Viet Nam", "DR Congo",
    "Congo-Kinshasa", "Congo-Brazzaville", "Bosnia-Herzegovina", "North Macedonia",
    "Eswatini", "Bahamas", "Gambia", "Burma", "Myanmar", "Brunei Darussalam",
    "Lao", "Sao Tome and Principe",
}
# Formal names that the English-word heuristic below would reject.
KEEP_FORMAL = {"United Kingdom of Great Britain and Northern Ireland", "United States of America"}
# Display names (first `name` row) where countryinfo's English name is not
# the one to show or is missing.
DISPLAY_NAME = {
    "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo",
    "TLS": "Timor-Leste", "CIV": "Côte d'Ivoire", "STP": "São Tomé and Príncipe",
    "MKD": "North Macedonia", "SWZ": "Eswatini", "VAT": "Vatican City", "PSE": "Palestine",
    "XKX": "Kosovo", "FSM": "Micronesia", "BHS": "Bahamas", "GMB": "Gambia",
    "CPV": "Cabo Verde", "TUR": "Turkey", "RUS": "Russia", "MMR": "Myanmar",
}
# Surfaces that are never acceptable (collide with common English words).
GLOBAL_DENY = {"Island", "Mann", "Prathet", "Victoria", "Male", "Guiana"}


def is_latin(s: str) -> bool:
    for ch in s:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


ALLOWED_NON_ASCII = set("éèêëáàâäíîïóôöúûüçñãõåøšğşıÉÖÜÇŞİ’")


def looks_english(s: str, name_words: set[str]) -> bool:
    if any(ord(ch) > 127 and ch not in ALLOWED_NON_ASCII for ch in s):
        return False
    words = s.split()
    return all(w in ENGLISH_WORDS or w in name_words for w in words)


def classify_alt(alt: str, name_words: set[str]) -> str | None:
    """Return the type for a countryinfo alt spelling, or None to drop it."""
    alt = alt.strip()
    if not alt or alt in GLOBAL_DENY:
        return None
    if len(alt) <= 3 and alt.upper() == alt:  # ISO alpha-2/alpha-3 codes
        return None
    if ", " in alt or "(" in alt or not is_latin(alt):
        return None
    if alt in KEEP_ALT:
        return "name"
    if alt in KEEP_FORMAL:
        return "formal"
    words = set(alt.split())
    if words & FORMAL_KEYWORDS and looks_english(alt, name_words):
        return "formal"
    return None


def load_extra(path: str):
    adds, drops = [], set()
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 3:
                sys.exit(f"{path}:{lineno}: expected 3 tab-separated columns, got {len(cols)}")
            iso, typ, surface = (c.strip() for c in cols)
            if iso not in ALL_CODES:
                sys.exit(f"{path}:{lineno}: unknown iso3 {iso}")
            if typ == "drop":
                drops.add((iso, surface))
            elif typ in TYPES:
                adds.append((iso, typ, surface))
            else:
                sys.exit(f"{path}:{lineno}: unknown type {typ}")
    return adds, drops


def base_entries(verbose: bool):
    try:
        from countryinfo import CountryInfo
        from countryinfo.exceptions import CountryNotFoundError
    except ImportError:
        sys.exit("countryinfo is not installed: pip install countryinfo")
    out: dict[tuple[str, str], str] = {}
    dropped: list[tuple[str, str]] = []
    primary: dict[str, str] = {}

    def put(iso: str, typ: str, surface: str):
        surface = " ".join(surface.split())
        if not surface or surface in GLOBAL_DENY:
            return
        key = (iso, surface)
        if key not in out or BASE_PRECEDENCE[typ] < BASE_PRECEDENCE[out[key]]:
            out[key] = typ

    missing = []
    for iso in ALL_CODES:
        try:
            info = CountryInfo(iso).info()
        except (CountryNotFoundError, ValueError, KeyError):
            missing.append(iso)
            continue
        got = (info.get("ISO") or {}).get("alpha3")
        if got != iso:
            missing.append(iso)
            continue
        name = (info.get("name") or "").strip()
        demonyms = [d.strip() for d in (info.get("demonym") or "").replace("/", ",").split(",") if d.strip()]
        caps = info.get("capital") or []
        if isinstance(caps, str):
            caps = [c.strip() for c in caps.split(" / ")]
        name_words = set(name.split()) | {w for d in demonyms for w in d.split()}
        for a in info.get("altSpellings") or []:
            if a in KEEP_ALT:
                name_words |= set(a.split())
        name_words.add("Darussalam")
        if name and ", " not in name and "(" not in name:
            is_formal = name.split()[0] in FORMAL_KEYWORDS and " of " in name
            put(iso, "formal" if is_formal else "name", name)
            if not is_formal:
                primary[iso] = name
        for a in info.get("altSpellings") or []:
            typ = classify_alt(a, name_words)
            if typ:
                put(iso, typ, a.strip())
            elif a.strip():
                dropped.append((iso, a.strip()))
        for d in demonyms:
            put(iso, "demonym", d)
        for c in caps:
            if c and c.strip():
                put(iso, "capital", c.strip())
    if verbose:
        for iso, a in dropped:
            print(f"dropped alt spelling: {iso}\t{a}", file=sys.stderr)
    return out, missing, primary


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()

    base, missing, primary = base_entries(args.verbose)
    adds, drops = load_extra(EXTRA)
    unmatched = {k for k in drops if k not in base}
    for key in list(base):
        if key in drops:
            del base[key]
    merged: dict[tuple[str, str], str] = dict(base)
    origin: dict[tuple[str, str], str] = {k: "countryinfo" for k in base}
    seen_extra = set()
    for iso, typ, surface in adds:
        key = (iso, surface)
        if key in seen_extra:
            continue
        seen_extra.add(key)
        merged[key] = typ  # the supplement overrides the base type
        origin[key] = "extra"
    for key in sorted(unmatched):
        # harmless: the surface was already filtered out (e.g. GLOBAL_DENY) or
        # countryinfo no longer ships it; kept in the supplement as a guard.
        if args.verbose:
            print(f"note: drop {key} matched nothing in the base", file=sys.stderr)

    order = {t: i for i, t in enumerate(TYPES)}
    # The first `name` row of a state is its display name (the extractor uses it).
    display = dict(primary)
    display.update(DISPLAY_NAME)
    for iso, name in display.items():
        if merged.get((iso, name)) != "name":
            sys.exit(f"display name {name!r} of {iso} is not a `name` row")
    rows = sorted(((iso, typ, s) for (iso, s), typ in merged.items()),
                  key=lambda r: (r[0], order[r[1]], r[2] != display.get(r[0]), r[2]))
    covered = {r[0] for r in rows}
    lacking = [c for c in ALL_CODES if c not in covered]
    if lacking:
        sys.exit(f"no surfaces for: {' '.join(lacking)}")

    try:
        import importlib.metadata as md
        civ = md.version("countryinfo")
    except Exception:  # pragma: no cover
        civ = "unknown"
    n_base = sum(1 for k in merged if origin[k] == "countryinfo")
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("#kind: countries\n")
        f.write("# dossier gazetteer: states (193 UN members + TWN, XKX, PSE, VAT)\n")
        f.write(f"# GENERATED by scripts/gazetteer/build_countries.py - do not edit by hand.\n")
        f.write(f"# Base names, formal names, capitals and demonyms: PyPI package countryinfo {civ}\n")
        f.write("#   (MIT licence, (c) 2018 Porimol Chandro), filtered for English news text.\n")
        f.write("# Short forms, extra demonyms, institutions/seats of government and fixes:\n")
        f.write("#   scripts/gazetteer/countries_extra.tsv (hand-written for dossier). See data/SOURCES.md.\n")
        f.write(f"# rows: {len(rows)} ({n_base} from countryinfo, {len(rows) - n_base} from the supplement)\n")
        f.write("#iso3\ttype\tsurface\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"wrote {args.out}: {len(rows)} rows, {len(covered)} states "
          f"(countryinfo lacked: {' '.join(missing) or 'none'})")


if __name__ == "__main__":
    main()
