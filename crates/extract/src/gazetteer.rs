//! The gazetteer: states, organisations and weapon systems with their
//! surface forms, loaded once from the TSV files in `data/` (and any files
//! the user adds) into one Aho-Corasick automaton.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use once_cell::sync::Lazy;
use std::collections::HashMap;

/// How a country surface form refers to its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryForm {
    Name,
    Formal,
    Short,
    Demonym,
    Capital,
    Institution,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Country { iso3: String, form: CountryForm },
    Organization { id: String, name: String, category: String, country: Option<String> },
    System { canonical: String, class: String, origin: Option<String> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    pub surface: String,
    /// Matches only next to a cue that the text speaks of a weapon (see data/README.md).
    pub ambiguous: bool,
}

/// A match of a gazetteer entry in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'g> {
    pub start: usize,
    pub end: usize,
    pub entry: &'g Entry,
}

pub struct Gazetteer {
    automaton: AhoCorasick,
    entries: Vec<Entry>,
    /// Country names by ISO3 (the first `name` line).
    country_names: HashMap<String, String>,
    /// System classes by canonical designation.
    system_classes: HashMap<String, String>,
    /// The state that designed each system, by canonical designation.
    system_origins: HashMap<String, String>,
}

const COUNTRIES: &str = include_str!("../data/countries.tsv");
const ORGANIZATIONS: &str = include_str!("../data/organizations.tsv");
const SYSTEMS: &str = include_str!("../data/systems.tsv");

static DEFAULT: Lazy<Gazetteer> = Lazy::new(|| Gazetteer::build(&[]).expect("the bundled gazetteer is valid"));

/// The bundled gazetteer, built once.
pub fn default() -> &'static Gazetteer {
    &DEFAULT
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Countries,
    Organizations,
    Systems,
}

impl Gazetteer {
    /// Builds the bundled gazetteer plus extra files (their text), each
    /// starting with a `#kind: countries|organizations|systems` line.
    pub fn build(extra: &[(String, String)]) -> Result<Gazetteer, String> {
        let mut entries = Vec::new();
        parse(COUNTRIES, Table::Countries, "countries.tsv", &mut entries)?;
        parse(ORGANIZATIONS, Table::Organizations, "organizations.tsv", &mut entries)?;
        parse(SYSTEMS, Table::Systems, "systems.tsv", &mut entries)?;
        for (name, text) in extra {
            let table = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("#kind:"))
                .map(str::trim)
                .and_then(|k| match k {
                    "countries" => Some(Table::Countries),
                    "organizations" | "organisations" => Some(Table::Organizations),
                    "systems" => Some(Table::Systems),
                    _ => None,
                })
                .ok_or_else(|| format!("{name}: the first line must be `#kind: countries`, `#kind: organizations` or `#kind: systems`"))?;
            parse(text, table, name, &mut entries)?;
        }
        // Later files override earlier ones for the same surface form.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut unique: Vec<Entry> = Vec::new();
        for e in entries {
            match seen.get(&e.surface) {
                Some(&i) => unique[i] = e,
                None => {
                    seen.insert(e.surface.clone(), unique.len());
                    unique.push(e);
                }
            }
        }
        let entries = unique;
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(entries.iter().map(|e| e.surface.as_str()))
            .map_err(|e| format!("gazetteer automaton: {e}"))?;
        let mut country_names = HashMap::new();
        let mut system_classes = HashMap::new();
        let mut system_origins = HashMap::new();
        for e in &entries {
            match &e.kind {
                Kind::Country { iso3, form: CountryForm::Name } => {
                    country_names.entry(iso3.clone()).or_insert_with(|| e.surface.clone());
                }
                Kind::System { canonical, class, origin } => {
                    system_classes.entry(canonical.clone()).or_insert_with(|| class.clone());
                    if let Some(o) = origin {
                        system_origins.entry(canonical.clone()).or_insert_with(|| o.clone());
                    }
                }
                _ => {}
            }
        }
        Ok(Gazetteer { automaton, entries, country_names, system_classes, system_origins })
    }

    pub fn country_name(&self, iso3: &str) -> Option<&str> {
        self.country_names.get(iso3).map(String::as_str)
    }

    pub fn system_origin(&self, canonical: &str) -> Option<&str> {
        self.system_origins.get(canonical).map(String::as_str)
    }

    pub fn system_class(&self, canonical: &str) -> Option<&str> {
        self.system_classes.get(canonical).map(String::as_str)
    }

    /// Every entry found in `text`, leftmost-longest, on word boundaries.
    pub fn find<'g>(&'g self, text: &str) -> Vec<Hit<'g>> {
        let mut out = Vec::new();
        for m in self.automaton.find_iter(text) {
            let entry = &self.entries[m.pattern().as_usize()];
            let (start, mut end) = (m.start(), m.end());
            if !boundary_before(text, start) {
                continue;
            }
            if !boundary_after(text, end) {
                // Plurals of designations and demonyms: "S-400s", "F-16s", "Su-30MKIs".
                let rest = &text[end..];
                if matches!(entry.kind, Kind::System { .. }) && rest.starts_with('s') && boundary_after(text, end + 1) {
                    end += 1;
                } else if matches!(entry.kind, Kind::Country { .. }) && made_suffix(rest).is_some() {
                    // "Chinese-made drones", "US-built jets": the state they come from.
                } else {
                    continue;
                }
            }
            if entry.ambiguous && !has_weapon_cue(text, start, end) {
                continue;
            }
            out.push(Hit { start, end, entry });
        }
        out
    }
}

/// The "-made" of "Chinese-made", "US-built", "Soviet-designed" at the start
/// of `rest`, with its length; the state so joined is where arms come from.
pub fn made_suffix(rest: &str) -> Option<usize> {
    const SUFFIXES: &[&str] = &["-made", "-built", "-designed", "-manufactured", "-produced", "-supplied", "-developed", "-origin", "-sourced"];
    SUFFIXES
        .iter()
        .find(|s| rest.get(..s.len()).is_some_and(|r| r.eq_ignore_ascii_case(s)) && !rest[s.len()..].chars().next().is_some_and(|c| c.is_alphanumeric()))
        .map(|s| s.len())
}

fn boundary_before(text: &str, start: usize) -> bool {
    text[..start].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'))
}

fn boundary_after(text: &str, end: usize) -> bool {
    let mut rest = text[end..].chars();
    match rest.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' => false,
        // "US$2.5 billion" is a currency, not a state.
        Some('$') => false,
        // "S-400-class" continues the word; "S-400." or "S-400-" before a space does not.
        Some('-') => !rest.next().is_some_and(|c| c.is_alphanumeric()),
        Some(_) => true,
    }
}

/// Words within a few tokens that show an ambiguous name means a weapon.
fn has_weapon_cue(text: &str, start: usize, end: usize) -> bool {
    const CUES: &[&str] = &[
        "system", "systems", "missile", "missiles", "jet", "jets", "fighter", "fighters", "aircraft", "tank", "tanks",
        "helicopter", "helicopters", "drone", "drones", "battery", "batteries", "launcher", "launchers", "howitzer",
        "howitzers", "frigate", "frigates", "submarine", "submarines", "air", "defence", "defense", "interceptor",
        "interceptors", "rocket", "rockets", "vehicle", "vehicles", "units", "squadron", "squadrons", "armoured", "armored",
        "complex", "complexes", "sam", "sams", "radar", "radars", "warship", "warships", "destroyer", "corvette",
        // Words of the arms trade: "the first six Apaches were delivered".
        "delivered", "delivery", "deliveries", "ordered", "purchased", "procured", "procurement", "fleet", "arms", "gun", "guns",
        "artillery", "send", "sent", "sending", "supply", "supplied", "supplying", "deliver", "bought", "buy", "buys", "buying", "sold", "sell", "sells",
        "selling", "order", "orders", "ordering", "acquire", "acquired", "acquiring", "transfer", "transfers", "transferred",
        "weapons", "military", "lend", "lent", "leased", "loaned",
        // A deal named by its system: "signed the K2 deal", "the Patriot contract".
        "deal", "deals", "contract", "contracts", "purchase", "acquisition", "sale", "sales", "export", "exports", "exported",
    ];
    let lo = text[..start].char_indices().rev().nth(40).map(|(i, _)| i).unwrap_or(0);
    let hi = text[end..].char_indices().nth(40).map(|(i, _)| end + i).unwrap_or(text.len());
    let window = &text[lo..hi];
    window
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| CUES.iter().any(|c| c.eq_ignore_ascii_case(w)))
}

fn parse(text: &str, table: Table, name: &str, out: &mut Vec<Entry>) -> Result<(), String> {
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        let bad = |why: &str| format!("{name}:{}: {why}", n + 1);
        match table {
            Table::Countries => {
                let [iso3, form, surface] = cols[..] else {
                    return Err(bad("expected 3 tab-separated columns: iso3, type, surface"));
                };
                let form = match form {
                    "name" => CountryForm::Name,
                    "formal" => CountryForm::Formal,
                    "short" => CountryForm::Short,
                    "demonym" => CountryForm::Demonym,
                    "capital" => CountryForm::Capital,
                    "institution" => CountryForm::Institution,
                    other => return Err(bad(&format!("unknown country form {other:?}"))),
                };
                let (surface, ambiguous) = strip_marker(surface);
                out.push(Entry { kind: Kind::Country { iso3: iso3.to_string(), form }, surface, ambiguous });
            }
            Table::Organizations => {
                if cols.len() < 4 {
                    return Err(bad("expected columns: id, name, category, country, aliases"));
                }
                let country = Some(cols[3]).filter(|c| !c.is_empty() && *c != "-").map(str::to_string);
                let kind = Kind::Organization {
                    id: cols[0].to_string(),
                    name: cols[1].to_string(),
                    category: cols[2].to_string(),
                    country,
                };
                let aliases = cols.get(4).copied().unwrap_or("");
                for surface in std::iter::once(cols[1]).chain(aliases.split('|')) {
                    let (surface, ambiguous) = strip_marker(surface.trim());
                    if !surface.is_empty() {
                        out.push(Entry { kind: kind.clone(), surface, ambiguous });
                    }
                }
            }
            Table::Systems => {
                if cols.len() < 2 {
                    return Err(bad("expected columns: canonical, class, origin, aliases"));
                }
                let origin = cols.get(2).copied().filter(|c| !c.is_empty() && *c != "-").map(str::to_string);
                let kind = Kind::System { canonical: cols[0].to_string(), class: cols[1].to_string(), origin };
                let aliases = cols.get(3).copied().unwrap_or("");
                for surface in std::iter::once(cols[0]).chain(aliases.split('|')) {
                    let (surface, ambiguous) = strip_marker(surface.trim());
                    if !surface.is_empty() {
                        out.push(Entry { kind: kind.clone(), surface, ambiguous });
                    }
                }
            }
        }
    }
    Ok(())
}

fn strip_marker(s: &str) -> (String, bool) {
    match s.strip_suffix('~') {
        Some(x) => (x.trim().to_string(), true),
        None => (s.to_string(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<(String, String)> {
        default()
            .find(text)
            .into_iter()
            .map(|h| {
                let id = match &h.entry.kind {
                    Kind::Country { iso3, .. } => format!("country:{iso3}"),
                    Kind::Organization { id, .. } => format!("org:{id}"),
                    Kind::System { canonical, .. } => format!("system:{canonical}"),
                };
                (text[h.start..h.end].to_string(), id)
            })
            .collect()
    }

    #[test]
    fn states_capitals_and_systems() {
        let hits = find("Ankara bought Russian S-400s while the Pentagon offered Patriot batteries.");
        let ids: Vec<&str> = hits.iter().map(|h| h.1.as_str()).collect();
        assert!(ids.contains(&"country:TUR"), "{hits:?}");
        assert!(ids.contains(&"country:RUS"), "{hits:?}");
        assert!(ids.contains(&"country:USA"), "{hits:?}");
        assert!(ids.contains(&"system:S-400"), "{hits:?}");
        assert!(ids.contains(&"system:Patriot"), "{hits:?}");
        assert!(hits.iter().any(|h| h.0 == "S-400s"));
    }

    #[test]
    fn words_inside_words_do_not_match() {
        assert!(find("Turkeys and prussian blue").is_empty());
    }

    #[test]
    fn bundled_tables_are_large_enough() {
        let g = default();
        let systems: std::collections::HashSet<&str> = g
            .entries
            .iter()
            .filter_map(|e| match &e.kind {
                Kind::System { canonical, .. } => Some(canonical.as_str()),
                _ => None,
            })
            .collect();
        assert!(systems.len() >= 200, "{} systems", systems.len());
        let states: std::collections::HashSet<&str> = g
            .entries
            .iter()
            .filter_map(|e| match &e.kind {
                Kind::Country { iso3, .. } => Some(iso3.as_str()),
                _ => None,
            })
            .collect();
        assert!(states.len() >= 197, "{} states", states.len());
    }

    #[test]
    fn an_ambiguous_name_needs_a_word_of_the_arms_trade() {
        let ids = |t: &str| find(t).into_iter().map(|h| h.1).collect::<Vec<_>>();
        assert!(ids("Ankara is buying 12 used Typhoons from Qatar.").contains(&"system:Eurofighter Typhoon".to_string()));
        assert!(ids("Egypt is acquiring more Patriot batteries.").contains(&"system:Patriot".to_string()));
        assert!(!ids("Typhoon Haiyan struck the Philippines in 2013.").iter().any(|i| i.starts_with("system:")));
    }

    #[test]
    fn each_system_has_one_row() {
        // Two rows of one canonical name split its aliases between two entries
        // with their own class and origin.
        let rows: Vec<&str> = SYSTEMS.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).filter_map(|l| l.split('\t').next()).collect();
        let mut seen = std::collections::HashSet::new();
        let twice: Vec<&&str> = rows.iter().filter(|c| !seen.insert(**c)).collect();
        assert!(twice.is_empty(), "systems with more than one row: {twice:?}");
        let hits = find("Pakistan will buy 40 J-35A stealth fighters and the HQ-19 missile defence system.");
        assert!(hits.iter().any(|h| h.1 == "system:J-35"), "{hits:?}");
        assert!(hits.iter().any(|h| h.1 == "system:HQ-19"), "{hits:?}");
    }

    #[test]
    fn user_files_extend_and_are_checked() {
        let g = Gazetteer::build(&[("mine.tsv".into(), "#kind: systems\nZeta-9\tmissile\tXKX\tZ9\n".into())]).unwrap();
        assert!(g.find("the Z9 launch").iter().any(|h| matches!(&h.entry.kind, Kind::System { canonical, .. } if canonical == "Zeta-9")));
        assert!(Gazetteer::build(&[("bad.tsv".into(), "no header\n".into())]).is_err());
    }
}
