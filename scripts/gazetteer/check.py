#!/usr/bin/env python3
"""Validate the dossier gazetteer TSV files.

Usage:
    python3 scripts/gazetteer/check.py            # checks crates/extract/data/*.tsv
    python3 scripts/gazetteer/check.py FILE...    # checks user files (kind from '#kind:')

Checks: the '#kind:' line, column counts, allowed enum values, ISO3 codes,
duplicate keys, aliases shared between two different entries (unless listed
in INTENTIONAL_SHARED), bare ambiguous English words that lack the '~' marker,
junk short aliases, stray whitespace. Prints row counts. Exit status 1 on any
error; warnings do not fail.
Only the Python standard library is used.
"""
from __future__ import annotations

import os
import re
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "crates", "extract", "data"))

UN_MEMBERS = set("""
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
""".split())
STATES = UN_MEMBERS | {"TWN", "XKX", "PSE", "VAT"}
assert len(UN_MEMBERS) == 193, len(UN_MEMBERS)

COUNTRY_TYPES = {"name", "formal", "short", "demonym", "capital", "institution"}
ORG_CATEGORIES = {"exporter", "agency", "manufacturer", "alliance", "law", "programme", "news_agency", "other"}
SYSTEM_CLASSES = {
    "air_defence", "combat_aircraft", "trainer_aircraft", "transport_aircraft", "helicopter",
    "tank", "armoured_vehicle", "artillery", "rocket_artillery", "drone", "ship", "submarine",
    "missile", "radar", "small_arms", "other",
}
COLUMNS = {
    "countries": ["iso3", "type", "surface"],
    "organizations": ["id", "name", "category", "country", "aliases"],
    "systems": ["canonical", "class", "origin", "aliases"],
}
MINIMUM_ROWS = {"organizations": 120, "systems": 250}

# Surfaces knowingly shared by two entries of the same table (kind, casefolded surface).
# (The extractor keeps one entry per surface form, the later one winning, so a
# shared surface silently loses an owner: keep this empty unless that is wanted.)
INTENTIONAL_SHARED: set = set()
# Surfaces knowingly present in two tables (casefolded).
INTENTIONAL_CROSS = set()

# Common English words / names that must never be a bare surface without '~'.
AMBIGUOUS_WORDS = {
    "patriot", "eagle", "viper", "tiger", "panther", "thunder", "falcon", "lightning", "stinger",
    "javelin", "harpoon", "tomahawk", "hornet", "raptor", "reaper", "predator", "apache", "chinook",
    "hercules", "boxer", "archer", "arrow", "spike", "trophy", "typhoon", "tornado", "meteor",
    "avenger", "paladin", "sparrow", "maverick", "hellfire", "sidewinder", "bradley", "abrams",
    "stryker", "piranha", "mamba", "cobra", "puma", "lynx", "jaguar", "leopard", "challenger",
    "hawk", "phantom", "harrier", "osprey", "seahawk", "poseidon", "triton", "pegasus", "atlas",
    "voyager", "hunter", "guardian", "sentinel", "phoenix", "scorpion", "dagger", "storm", "shadow",
    "onyx", "rainbow", "growler", "flanker", "fulcrum", "hind", "hip", "havoc", "alligator", "huey",
    "caracal", "cougar", "merlin", "wildcat", "warthog", "tomcat", "sabra", "caesar",
    "taurus", "brimstone", "excalibur", "derby", "python", "gabriel", "popeye", "rampage", "astra",
    "nag", "akash", "dhruv", "arjun", "rudra", "altay", "anka", "k2", "k9", "k1", "tor", "osa",
    "grad", "uragan", "scud", "tochka", "uran", "bastion", "orlan", "lancet", "harpy", "heron",
    "orbiter", "searcher", "switchblade", "raven", "aegis", "phalanx", "goalkeeper", "ram",
    "mlrs", "negev", "galil", "dingo", "fuchs", "marder", "nimr", "namer", "eitan", "kestrel",
    "nyala", "bushmaster", "ajax", "griffon", "centauro", "krab", "dana", "nora", "atmos", "msta",
    "pion", "rhino", "vampire", "giraffe", "kronos", "nebo", "firefinder", "swathi", "uttam",
    "sher", "hashim", "matador", "mistral", "aster", "bayraktar", "shahed", "kaan", "haider",
    "black panther", "golden eagle", "mohajer", "kochav", "vikrant", "hurricane", "condor",
    "milan", "barak", "grom", "skyguard", "tamir", "tiger ii",
}
# Lower-case single-token surfaces allowed as written (stylised names).
LOWERCASE_OK = {"dpa", "thyssenkrupp"}
# 1-2 character surfaces allowed without '~'.
SHORT_OK = {"US", "UK", "EU", "UN", "G7", "ALH"}


class Report:
    def __init__(self):
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def err(self, where: str, msg: str):
        self.errors.append(f"ERROR {where}: {msg}")

    def warn(self, where: str, msg: str):
        self.warnings.append(f"warning {where}: {msg}")


def read_table(path: str, rep: Report):
    """Return (kind, rows) where rows = [(lineno, [cols])]."""
    kind = None
    rows = []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if "\r" in text:
        rep.err(path, "CR characters (use LF line endings)")
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            m = re.match(r"#kind:\s*(\w+)\s*$", line)
            if m:
                if kind is not None:
                    rep.err(f"{path}:{lineno}", "second '#kind:' line")
                if rows:
                    rep.err(f"{path}:{lineno}", "'#kind:' must come before the data rows")
                kind = m.group(1)
            continue
        rows.append((lineno, line.split("\t")))
    if kind not in COLUMNS:
        rep.err(path, f"missing or unknown '#kind:' line (got {kind!r}); expected one of {sorted(COLUMNS)}")
    return kind, rows


def split_aliases(field: str) -> list[str]:
    return [a for a in field.split("|")] if field else []


def check_surface(where: str, s: str, rep: Report, kind: str):
    flagged = s.endswith("~")
    bare = s[:-1] if flagged else s
    if not bare:
        rep.err(where, "empty surface")
        return
    if bare != bare.strip() or "  " in bare:
        rep.err(where, f"stray whitespace in {s!r}")
    if "\t" in bare or "|" in bare:
        rep.err(where, f"separator character inside surface {s!r}")
    if "~" in bare:
        rep.err(where, f"'~' only allowed at the end: {s!r}")
    if len(bare) <= 2 and not flagged and bare not in SHORT_OK:
        rep.err(where, f"1-2 character surface {s!r} must be flagged with ~ or avoided")
    if re.fullmatch(r"[a-z]+", bare) and bare not in LOWERCASE_OK:
        rep.err(where, f"all-lowercase single word {s!r} would collide with English text")
    if bare.casefold() in AMBIGUOUS_WORDS and not flagged and not bare.isupper():
        rep.err(where, f"ambiguous word {s!r} must carry the ~ marker")


def norm(s: str) -> str:
    return s.rstrip("~").casefold()


def key(s: str) -> tuple[str, str]:
    """(casefolded form, exact form or '' when the surface is matched case-tolerantly).

    Two '~' surfaces only collide when they are identical, because '~' means
    case-exact matching (e.g. BAE 'Hawk~' and MIM-23 'HAWK~' do not collide).
    """
    return (norm(s), s[:-1] if s.endswith("~") else "")


def check_countries(path, rows, rep, owners):
    seen = set()
    for lineno, cols in rows:
        where = f"{path}:{lineno}"
        if len(cols) != 3:
            rep.err(where, f"expected 3 columns, got {len(cols)}")
            continue
        iso, typ, surface = cols
        if iso not in STATES:
            rep.err(where, f"unknown iso3 {iso!r}")
        if typ not in COUNTRY_TYPES:
            rep.err(where, f"unknown type {typ!r}")
        if surface.endswith("~"):
            rep.err(where, "the ~ marker is not used in countries.tsv")
        check_surface(where, surface, rep, "countries")
        if (iso, surface) in seen:
            rep.err(where, f"duplicate row {iso} {surface!r}")
        seen.add((iso, surface))
        owners[norm(surface)].add((iso, ""))
    covered = {iso for _, cols in rows if len(cols) == 3 for iso in [cols[0]]}
    missing = STATES - covered
    if missing and path.endswith(os.path.join("data", "countries.tsv")):
        rep.err(path, f"states without any surface: {' '.join(sorted(missing))}")
    for iso in sorted(covered & STATES):
        types = {cols[1] for _, cols in rows if len(cols) == 3 and cols[0] == iso}
        for need in ("capital", "demonym"):
            if need not in types and iso != "VAT":
                rep.warn(path, f"{iso} has no {need}")
    return len(rows)


def check_organizations(path, rows, rep, owners):
    ids, names = set(), set()
    for lineno, cols in rows:
        where = f"{path}:{lineno}"
        if len(cols) != 5:
            rep.err(where, f"expected 5 columns, got {len(cols)}")
            continue
        oid, name, cat, country, aliases = cols
        if not re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)*", oid):
            rep.err(where, f"id {oid!r} is not a lowercase slug")
        if oid in ids:
            rep.err(where, f"duplicate id {oid!r}")
        ids.add(oid)
        if name in names:
            rep.err(where, f"duplicate name {name!r}")
        names.add(name)
        if cat not in ORG_CATEGORIES:
            rep.err(where, f"unknown category {cat!r}")
        if country != "-" and country not in STATES:
            rep.err(where, f"unknown country {country!r}")
        if name.endswith("~"):
            rep.err(where, "the name column may not carry ~ (put the ambiguous form in aliases)")
        check_surface(where, name, rep, "organizations")
        surfaces = [name] + split_aliases(aliases)
        local = set()
        for a in split_aliases(aliases):
            check_surface(where, a, rep, "organizations")
            if a in local:
                rep.err(where, f"alias listed twice: {a!r}")
            local.add(a)
            if a == name:
                rep.warn(where, f"alias repeats the name: {a!r}")
        for k, exact in {key(x) for x in surfaces}:
            owners[k].add((oid, exact))
    return len(rows)


def check_systems(path, rows, rep, owners):
    canon = set()
    for lineno, cols in rows:
        where = f"{path}:{lineno}"
        if len(cols) != 4:
            rep.err(where, f"expected 4 columns, got {len(cols)}")
            continue
        name, cls, origin, aliases = cols
        if name in canon:
            rep.err(where, f"duplicate canonical {name!r}")
        canon.add(name)
        if cls not in SYSTEM_CLASSES:
            rep.err(where, f"unknown class {cls!r}")
        if origin not in STATES:
            rep.err(where, f"unknown origin {origin!r}")
        if name.endswith("~"):
            rep.err(where, "canonical may not carry ~ (add 'Name~' to aliases instead)")
        al = split_aliases(aliases)
        # the canonical itself is a surface; it is flagged when 'canonical~' is among the aliases
        check_surface(where, name + ("~" if name + "~" in al else ""), rep, "systems")
        local = set()
        for a in al:
            check_surface(where, a, rep, "systems")
            if a in local:
                rep.err(where, f"alias listed twice: {a!r}")
            local.add(a)
            if a == name:
                rep.warn(where, f"alias repeats the canonical: {a!r}")
        for k, exact in {key(x) for x in [name] + al}:
            owners[k].add((name, exact))
    return len(rows)


CHECKERS = {"countries": check_countries, "organizations": check_organizations, "systems": check_systems}


def main(argv):
    rep = Report()
    paths = argv or [os.path.join(DATA, f) for f in ("countries.tsv", "organizations.tsv", "systems.tsv")]
    owners_by_kind: dict[str, dict[str, set]] = {}
    counts = {}
    for path in paths:
        if not os.path.exists(path):
            rep.err(path, "file not found")
            continue
        kind, rows = read_table(path, rep)
        if kind not in CHECKERS:
            continue
        owners = owners_by_kind.setdefault(kind, defaultdict(set))
        n = CHECKERS[kind](path, rows, rep, owners)
        counts[path] = (kind, n)
        if not argv and kind in MINIMUM_ROWS and n < MINIMUM_ROWS[kind]:
            rep.err(path, f"only {n} rows; at least {MINIMUM_ROWS[kind]} required")
    for kind, owners in owners_by_kind.items():
        for surface, who in sorted(owners.items()):
            if len({o for o, _ in who}) < 2 or (kind, surface) in INTENTIONAL_SHARED:
                continue
            pairs = sorted(who)
            clash = any(o1 != o2 and not (e1 and e2 and e1 != e2)
                        for o1, e1 in pairs for o2, e2 in pairs)
            if clash:
                rep.err(kind, f"surface {surface!r} shared by {sorted({o for o, _ in who})}")
    kinds = sorted(owners_by_kind)
    for i, k1 in enumerate(kinds):
        for k2 in kinds[i + 1:]:
            both = set(owners_by_kind[k1]) & set(owners_by_kind[k2])
            for s in sorted(both - INTENTIONAL_CROSS):
                rep.warn(f"{k1}/{k2}", f"surface {s!r} appears in both tables")
    for w in rep.warnings:
        print(w)
    for e in rep.errors:
        print(e)
    for path, (kind, n) in counts.items():
        print(f"{kind:14s} {n:5d} rows  {os.path.relpath(path)}")
    print(f"{len(rep.errors)} errors, {len(rep.warnings)} warnings")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
