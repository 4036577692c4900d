//! Metadata read from a page: outlet, the agencies a report is built on, and
//! the publication date, each with the clue that gave it.
//!
//! Precedence, strongest first. Outlet: the markup's site name, a copyright
//! line, a sign-off, the URL host, an agency dateline. Date: the markup, a
//! date line or dateline in the text, a date in the URL path, a yearless
//! dateline fixed by reasoning, a copyright year (year precision only).

use crate::chrome::{classify, LineKind};
use crate::dates::{self, find_full_date, find_yearless_date, weekday_from_name, years_with_weekday};
use crate::{Config, Page};
use chrono::{Datelike, NaiveDate};
use dossier_model::{Basis, Source};
use once_cell::sync::Lazy;
use regex::Regex;

#[derive(Debug, Default)]
pub struct Facts {
    pub outlet: Option<(String, Source)>,
    pub published: Option<(String, Basis, Source)>,
    pub based_on: Vec<(String, Source)>,
}

/// News agencies by the names reports use, with the canonical name.
const AGENCIES: &[(&str, &str)] = &[
    ("TASS", "TASS"),
    ("ITAR-TASS", "TASS"),
    ("RIA Novosti", "RIA Novosti"),
    ("RIA", "RIA Novosti"),
    ("Interfax", "Interfax"),
    ("Sputnik", "Sputnik"),
    ("Reuters", "Reuters"),
    ("Thomson Reuters", "Reuters"),
    ("AFP", "AFP"),
    ("Agence France-Presse", "AFP"),
    ("Agence France Presse", "AFP"),
    ("AP", "AP"),
    ("Associated Press", "AP"),
    ("PTI", "PTI"),
    ("Press Trust of India", "PTI"),
    ("ANI", "ANI"),
    ("IANS", "IANS"),
    ("UNI", "UNI"),
    ("Anadolu", "Anadolu"),
    ("Anadolu Agency", "Anadolu"),
    ("AA", "Anadolu"),
    ("Xinhua", "Xinhua"),
    ("Yonhap", "Yonhap"),
    ("Kyodo", "Kyodo"),
    ("Kyodo News", "Kyodo"),
    ("Jiji", "Jiji"),
    ("IRNA", "IRNA"),
    ("dpa", "dpa"),
    ("DPA", "dpa"),
    ("EFE", "EFE"),
    ("ANSA", "ANSA"),
    ("Bloomberg", "Bloomberg"),
    ("KCNA", "KCNA"),
    ("WAFA", "WAFA"),
    ("Ukrinform", "Ukrinform"),
    ("UNIAN", "UNIAN"),
    ("PAP", "PAP"),
    ("BelTA", "BelTA"),
    ("MENA", "MENA"),
    ("WAM", "WAM"),
    ("SPA", "SPA"),
    ("KUNA", "KUNA"),
    ("QNA", "QNA"),
    ("Bernama", "Bernama"),
    ("Antara", "Antara"),
    ("Lusa", "Lusa"),
    ("Belga", "Belga"),
    ("APA", "APA"),
    ("Trend", "Trend"),
    ("Armenpress", "Armenpress"),
    ("Kazinform", "Kazinform"),
    ("Tasnim", "Tasnim"),
    ("Fars", "Fars"),
];

fn agency(name: &str) -> Option<&'static str> {
    let name = name.trim().trim_end_matches(['.', ',']);
    AGENCIES.iter().find(|(alias, _)| *alias == name).map(|(_, canon)| *canon)
}

static AGENCY_ALT: Lazy<String> = Lazy::new(|| {
    let mut names: Vec<&str> = AGENCIES.iter().map(|(a, _)| *a).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.iter().map(|n| regex::escape(n)).collect::<Vec<_>>().join("|")
});

pub fn read_metadata(page: &Page, url: Option<&str>, config: &Config) -> Facts {
    let mut facts = Facts::default();
    // A dateline opens the report's first paragraph, which may follow a standfirst.
    let dateline = page.text.split("\n\n").take(3).find_map(read_dateline);

    // Outlet.
    let markup = |key: &str| page.markup.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let host = url.and_then(host_of).or_else(|| markup("hostname"));
    let site_name = ["og:site_name", "jsonld:publisher", "site_name"].iter().find_map(|k| markup(k).map(|v| (*k, v)));
    if let Some((key, name)) = site_name {
        facts.outlet = Some((name.clone(), Source { basis: Basis::Metadata, rule: key.into(), evidence: name }));
    }
    let all_lines: Vec<&str> = page.head.iter().chain(page.tail.iter()).map(String::as_str).collect();
    let copyright = all_lines.iter().find_map(|l| read_copyright(l));
    if facts.outlet.is_none() {
        if let Some(c) = &copyright {
            if let Some(name) = &c.outlet {
                facts.outlet =
                    Some((name.clone(), Source { basis: Basis::Text, rule: "copyright".into(), evidence: c.line.clone() }));
            }
        }
    }
    if facts.outlet.is_none() {
        if let Some((name, line)) = read_signoff(&page.tail) {
            facts.outlet = Some((name, Source { basis: Basis::Text, rule: "sign-off".into(), evidence: line }));
        }
    }
    if facts.outlet.is_none() {
        if let Some(h) = &host {
            facts.outlet = Some((h.clone(), Source { basis: Basis::Url, rule: "url-host".into(), evidence: h.clone() }));
        }
    }
    if facts.outlet.is_none() {
        if let Some(d) = &dateline {
            if let Some(a) = d.agency.clone() {
                facts.outlet =
                    Some((a.to_string(), Source { basis: Basis::Text, rule: "dateline".into(), evidence: d.text.clone() }));
            }
        }
    }

    // Agencies the report is built on.
    if let Some(d) = &dateline {
        if let Some(a) = d.agency.clone() {
            facts.based_on.push((a.to_string(), Source { basis: Basis::Text, rule: "dateline".into(), evidence: d.text.clone() }));
        }
    }
    for line in page.text.split("\n\n").chain(page.tail.iter().map(String::as_str)) {
        for (name, evidence) in read_based_on(line) {
            facts.based_on.push((name, Source { basis: Basis::Text, rule: "attribution".into(), evidence }));
        }
    }

    // Publication date.
    let markup_date = ["article:published_time", "jsonld:datePublished", "published_time"]
        .iter()
        .find_map(|k| markup(k).and_then(|v| dates::parse_any_date(&v).map(|iso| (*k, iso, v))))
        .filter(|(_, iso, _)| valid_publication(iso, config));
    if let Some((key, iso, value)) = markup_date {
        facts.published = Some((iso, Basis::Metadata, Source { basis: Basis::Metadata, rule: key.into(), evidence: value }));
        return facts;
    }
    if let Some((iso, line)) = read_date_lines(&page.head, config) {
        facts.published = Some((iso, Basis::Text, Source { basis: Basis::Text, rule: "date-line".into(), evidence: line }));
        return facts;
    }
    if let Some(d) = &dateline {
        if let Some(iso) = d.full.as_ref().filter(|iso| valid_publication(iso, config)) {
            facts.published = Some((iso.clone(), Basis::Text, Source { basis: Basis::Text, rule: "dateline".into(), evidence: d.text.clone() }));
            return facts;
        }
    }
    if let Some((iso, line)) = read_labelled_tail(&page.tail, config) {
        facts.published = Some((iso, Basis::Text, Source { basis: Basis::Text, rule: "date-line-after".into(), evidence: line }));
        return facts;
    }
    if let Some(u) = url {
        if let Some(iso) = dates::date_from_url(u).filter(|iso| valid_publication(iso, config)) {
            facts.published = Some((iso, Basis::Url, Source { basis: Basis::Url, rule: "url-path".into(), evidence: u.to_string() }));
            return facts;
        }
    }
    if let Some(d) = &dateline {
        if let Some((month, day)) = d.yearless {
            if let Some((iso, why)) = infer_year(month, day, &page.text, config) {
                facts.published = Some((iso, Basis::Inferred, Source { basis: Basis::Inferred, rule: "yearless-dateline".into(), evidence: format!("{} ({why})", d.text) }));
                return facts;
            }
        }
    }
    if let Some((iso, evidence)) = lead_statement_date(&page.text, config) {
        facts.published = Some((iso, Basis::Inferred, Source { basis: Basis::Inferred, rule: "lead-statement-date".into(), evidence }));
        return facts;
    }
    if let Some(c) = copyright {
        if let Some(y) = c.year.filter(|&y| y <= config.today.year()) {
            facts.published = Some((y.to_string(), Basis::Text, Source { basis: Basis::Text, rule: "copyright".into(), evidence: c.line }));
        }
    }
    facts
}

/// The publication date from the date lines before the text: a line that
/// says it was updated or modified gives way to any other date line.
fn read_date_lines(head: &[String], config: &Config) -> Option<(String, String)> {
    static UPDATED: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?i)^\W*(last\s+)?(updated|modified|edited|revised|changed)\b").unwrap());
    let mut updated = None;
    for line in head {
        if classify(line) != LineKind::DateOnly {
            continue;
        }
        let Some(iso) = find_full_date(line).and_then(|(d, _, _)| d.iso()) else { continue };
        if !valid_publication(&iso, config) {
            continue;
        }
        if UPDATED.is_match(line) {
            updated = updated.or(Some((iso, line.clone())));
        } else {
            return Some((iso, line.clone()));
        }
    }
    updated
}

/// A date line after the text that says it is the publication date
/// ("Published March 11, 2022"); a bare date there may belong to anything.
fn read_labelled_tail(tail: &[String], config: &Config) -> Option<(String, String)> {
    static PUBLISHED: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)^\W*(first\s+)?(published|posted)\b").unwrap());
    tail.iter().filter(|line| PUBLISHED.is_match(line) && classify(line) == LineKind::DateOnly).find_map(|line| {
        let iso = find_full_date(line).and_then(|(d, _, _)| d.iso()).filter(|iso| valid_publication(iso, config))?;
        Some((iso, line.clone()))
    })
}

/// A report with no date of its own is written on the day its lead's
/// statement was made: "…, the ministry said on Monday, Nov. 18, 2024."
fn lead_statement_date(text: &str, config: &Config) -> Option<(String, String)> {
    static SAID_ON: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)\b(said|says|announced|told [^.;]{1,40}?|stated|confirmed|reported|added)\s+(late\s+|early\s+)?on\s+((monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?$").unwrap()
    });
    let lead = text.split("\n\n").find(|p| p.split_whitespace().count() >= 8)?;
    let mut cut = lead.len().min(600);
    while !lead.is_char_boundary(cut) {
        cut -= 1;
    }
    let lead = &lead[..cut];
    let mut from = 0;
    while let Some((d, s, e)) = find_full_date(&lead[from..]) {
        let (s, e) = (from + s, from + e);
        let mut back = s.saturating_sub(60);
        while !lead.is_char_boundary(back) {
            back += 1;
        }
        if SAID_ON.is_match(&lead[back..s]) {
            let iso = d.iso().filter(|iso| iso.len() == 10 && valid_publication(iso, config))?;
            let start = lead[..s].rfind(['.', '\n']).map_or(0, |i| i + 1);
            return Some((iso, lead[start..e].trim().to_string()));
        }
        from = e;
    }
    None
}

fn valid_publication(iso: &str, config: &Config) -> bool {
    // A publication cannot come after the day of ingest.
    let today = config.today.format("%Y-%m-%d").to_string();
    iso[..iso.len().min(10)] <= today[..iso.len().min(10)]
}

/// What a dateline at the start of a report says.
#[derive(Debug, Clone, PartialEq)]
pub struct Dateline {
    pub text: String,
    pub agency: Option<String>,
    pub full: Option<String>,
    pub yearless: Option<(u32, u32)>,
}

/// Reads `MOSCOW, December 7. /TASS/.`, `WASHINGTON (Reuters) -`,
/// `NEW DELHI, Oct 5, 2018 (PTI) -` at the start of the first paragraph.
pub fn read_dateline(first_para: &str) -> Option<Dateline> {
    static PLACE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+){0,3})(?:,\s*[A-Z][A-Za-z.]+)?\s*[,(/—–-]").unwrap()
    });
    static AGENCY_MARK: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(r"(?:/\s*({a})\s*/|\(\s*({a})\s*\)|\b({a})\s*[-—–:])", a = *AGENCY_ALT)).unwrap()
    });
    // After a place name, any agency-shaped mark: `(Harbour Wire) -`, `/NEWSWIRE/`.
    static UNKNOWN_MARK: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?:/\s*([A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\s*/|\(\s*([A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\s*\)\s*[-—–:])").unwrap()
    });
    let head_end = first_para.char_indices().nth(120).map(|(i, _)| i).unwrap_or(first_para.len());
    let head = &first_para[..head_end];
    // Title-case places when a date follows at once (`New Delhi, April 28
    // (PTI)`, `Budapest, 12 June 2024 –`) or a known agency does (`Kyiv (AFP) –`).
    static TITLED_PLACE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"^[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}}(?:,\s*(?:(?:{m})[a-z]*\.?\s+\d{{1,2}}\b|\d{{1,2}}\s+(?:{m})[a-z]*\.?\s+\d{{4}}\b)|\s*\((?:{a})\)\s*[-—–:])",
            m = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec",
            a = *AGENCY_ALT
        ))
        .unwrap()
    });
    let starts_with_place = PLACE.is_match(head) || TITLED_PLACE.is_match(head);
    let agency_m = AGENCY_MARK.captures(head).filter(|c| c.get(0).unwrap().start() < 80);
    if !starts_with_place && agency_m.as_ref().map_or(true, |c| c.get(0).unwrap().start() > 0) {
        return None;
    }
    let mut end = 0;
    let mut agency_name: Option<String> = None;
    if let Some(c) = &agency_m {
        let m = c.get(0).unwrap();
        let name = c.get(1).or(c.get(2)).or(c.get(3)).unwrap().as_str();
        agency_name = agency(name).map(str::to_string);
        end = m.end();
    } else if let Some(c) = UNKNOWN_MARK.captures(head).filter(|c| c.get(0).unwrap().start() < 80) {
        let name = c.get(1).or(c.get(2)).unwrap().as_str().trim();
        if month_in(name).is_none() {
            agency_name = Some(name.to_string());
            end = c.get(0).unwrap().end();
        }
    }
    // The date part must sit before the agency mark or within the first words.
    // The first 60 bytes, cut back to a character boundary.
    let mut zone_end = head.len().min(60);
    while !head.is_char_boundary(zone_end) {
        zone_end -= 1;
    }
    let date_zone = if end > 0 { &head[..end] } else { &head[..zone_end] };
    let full = find_full_date(date_zone).and_then(|(d, _, e)| {
        end = end.max(e);
        d.iso()
    });
    let yearless = if full.is_none() {
        find_yearless_date(date_zone).map(|(m, d, _, e)| {
            end = end.max(e);
            (m, d)
        })
    } else {
        None
    };
    if agency_name.is_none() && full.is_none() && yearless.is_none() {
        return None;
    }
    let mut text_end = end.max(1).min(head.len());
    while !head.is_char_boundary(text_end) {
        text_end += 1;
    }
    Some(Dateline { text: head[..text_end].trim().to_string(), agency: agency_name, full, yearless })
}

fn month_in(s: &str) -> Option<u32> {
    s.split_whitespace().find_map(dates::month_number)
}

/// Fixes the year of a yearless dateline from what the text says: a weekday
/// stated for that day leaves the years in which the date fell on it; years
/// before past events the text reports, and after today, are excluded.
pub fn infer_year(month: u32, day: u32, text: &str, config: &Config) -> Option<(String, String)> {
    let latest_past = latest_past_year(text);
    let today = config.today;
    let from = latest_past.unwrap_or(today.year() - 30);
    let weekday = stated_weekday(text);
    let mut years: Vec<i32> = match weekday {
        Some(w) => years_with_weekday(month, day, w, from, today.year()),
        None => (from..=today.year()).collect(),
    };
    years.retain(|&y| NaiveDate::from_ymd_opt(y, month, day).is_some_and(|d| d <= today));
    if years.len() != 1 {
        return None;
    }
    let y = years[0];
    let why = match (weekday, latest_past) {
        (Some(w), Some(p)) => {
            format!("{} fell on this date in {y}, the only such year from {p} to today", dates::weekday_name(w))
        }
        (Some(w), None) => format!("{} fell on this date only in {y} of the last 30 years", dates::weekday_name(w)),
        (None, Some(p)) => format!("the text reports {p} as past and {y} is the only year since"),
        (None, None) => format!("{y} is the only possible year"),
    };
    Some((format!("{y:04}-{month:02}-{day:02}"), why))
}

/// The one weekday the report names for its day ("at a briefing on Monday"),
/// if it names exactly one and does not shift it ("last Monday").
fn stated_weekday(text: &str) -> Option<chrono::Weekday> {
    static WD: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)\b(last|next|previous|coming|following|this past|on|by|until|since)?\s*\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b").unwrap()
    });
    let mut found = None;
    for c in WD.captures_iter(text) {
        let qualifier = c.get(1).map(|m| m.as_str().to_ascii_lowercase());
        if matches!(qualifier.as_deref(), Some("last" | "next" | "previous" | "coming" | "following" | "this past" | "by" | "until" | "since")) {
            continue;
        }
        let w = weekday_from_name(&c[2])?;
        match found {
            None => found = Some(w),
            Some(f) if f == w => {}
            Some(_) => return None,
        }
    }
    found
}

/// The latest year that the text reports as past (in a sentence without
/// future or plan markers).
fn latest_past_year(text: &str) -> Option<i32> {
    static YEAR: Lazy<Regex> = Lazy::new(|| Regex::new(r"\b(19[5-9]\d|20\d\d)\b").unwrap());
    static FUTURE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)\b(will|would|shall|expect\w*|plan\w*|intend\w*|schedul\w*|due|aim\w*|hope\w*|by the end of|until|going to|set to|to be|could|may|might|forecast\w*)\b").unwrap()
    });
    let mut best: Option<i32> = None;
    for sentence in text.split_inclusive(['.', '!', '?', '\n']) {
        if FUTURE.is_match(sentence) {
            continue;
        }
        for m in YEAR.find_iter(sentence) {
            // Not part of a larger number or a code ("2020-21", "F-2000", "1,2017").
            let before = sentence[..m.start()].chars().last();
            let after = sentence[m.end()..].chars().next();
            if matches!(before, Some('-' | ',' | '.' | '/' | '$')) || matches!(after, Some(',' | '/')) && sentence[m.end()..].chars().nth(1).is_some_and(|c| c.is_ascii_digit()) {
                continue;
            }
            let y: i32 = m.as_str().parse().ok()?;
            best = Some(best.map_or(y, |b| b.max(y)));
        }
    }
    best
}

struct Copyright {
    line: String,
    year: Option<i32>,
    outlet: Option<String>,
}

/// `© 2022, Example Media. All rights reserved.`, `Copyright 2019 The Daily Example`,
/// `© GDC and www.example.com`: the year and the holder's name.
fn read_copyright(line: &str) -> Option<Copyright> {
    static COPY: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?)?\s*,?\s*([^.,©|]*)").unwrap()
    });
    static DOMAIN: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?i)\b(?:https?://)?(?:www\.)?([a-z0-9][a-z0-9-]{1,62})\.(?:com|org|net|info|co|ru|in|tr|gr|uk|us|eu|io|news|de|fr)\b").unwrap());
    let c = COPY.captures(line)?;
    let year = c.get(2).or(c.get(1)).and_then(|m| m.as_str().parse().ok());
    let holder = c
        .get(3)
        .map(|m| m.as_str().trim())
        .map(|h| h.trim_end_matches(|ch: char| !ch.is_alphanumeric()))
        .filter(|h| !h.is_empty() && !h.to_lowercase().starts_with("all rights"))
        .map(|h| h.split(" and ").next().unwrap_or(h).trim().to_string());
    let domain = DOMAIN.captures(line).map(|c| (c.get(0).unwrap().as_str().to_string(), c[1].to_string()));
    let outlet = match (holder, domain) {
        (Some(h), Some((full, label))) => {
            Some(expand_acronym(&h, &label).unwrap_or_else(|| if h.len() <= 3 { full.trim_start_matches("www.").to_string() } else { h }))
        }
        (Some(h), None) => Some(h),
        (None, Some((full, _))) => Some(full.trim_start_matches("www.").to_string()),
        (None, None) => None,
    };
    Some(Copyright { line: line.to_string(), year, outlet: outlet.filter(|o| o.len() >= 2) })
}

/// "GDC" with the domain label "globaldefensecorp" gives "Global Defense Corp":
/// the label split into as many words as the acronym has letters, each word
/// starting with its letter, when exactly one such split exists.
pub fn expand_acronym(acronym: &str, label: &str) -> Option<String> {
    let letters: Vec<char> = acronym.chars().filter(|c| c.is_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
    if letters.len() < 2 || letters.len() > 6 || !acronym.chars().all(|c| c.is_ascii_uppercase() || !c.is_alphanumeric()) {
        return None;
    }
    let label: Vec<char> = label.to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if label.first() != letters.first() {
        return None;
    }
    // Enumerate the start positions of words 2..n; every word has at least 2 letters.
    let mut splits: Vec<Vec<usize>> = Vec::new();
    fn walk(label: &[char], letters: &[char], k: usize, pos: usize, acc: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if out.len() > 1 {
            return;
        }
        if k == letters.len() {
            if label.len() - pos >= 2 {
                out.push(acc.clone());
            }
            return;
        }
        for i in pos + 2..label.len() {
            if label[i] == letters[k] {
                acc.push(i);
                walk(label, letters, k + 1, i, acc, out);
                acc.pop();
            }
        }
    }
    walk(&label, &letters, 1, 0, &mut vec![], &mut splits);
    if splits.len() != 1 {
        return None;
    }
    let mut bounds = vec![0];
    bounds.extend(&splits[0]);
    bounds.push(label.len());
    let words: Vec<String> = bounds
        .windows(2)
        .map(|w| {
            let word: String = label[w[0]..w[1]].iter().collect();
            let mut c = word.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        })
        .collect();
    Some(words.join(" "))
}

/// A sign-off in the trailing chrome: a single short name-like line such as
/// `EXAMPLE "Defence Review"`; none when the tail holds a list of headlines.
fn read_signoff(tail: &[String]) -> Option<(String, String)> {
    static BASED: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)^(based on|according to|source|sources|with|by)\b").unwrap());
    let candidates: Vec<&String> = tail
        .iter()
        .filter(|l| classify(l) == LineKind::Headline && !BASED.is_match(l))
        .filter(|l| {
            let words = l.split_whitespace().count();
            (1..=8).contains(&words) && l.chars().next().is_some_and(|c| c.is_uppercase())
        })
        .collect();
    if candidates.len() != 1 {
        return None;
    }
    let line = candidates[0];
    let name: String = line.chars().filter(|c| !matches!(c, '"' | '“' | '”' | '«' | '»')).collect();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    Some((name, line.clone()))
}

/// A name with the shape of a news agency that is not on our list:
/// `Caspian News Agency`, `Deccan Newswire`, `Harbour Wire`, `Andean Press`,
/// `Southern Cone News Service`. A bare "Agency" is not enough: government
/// agencies ("the Defense Security Cooperation Agency") say things too.
const AGENCY_SHAPE: &str = r"(?:[A-Z][\w'’&.-]*\s+){1,3}(?:News\s+Agency|Press\s+Agency|Information\s+Agency|Telegraph\s+Agency|News\s+Service|Newswire|News\s+Wire|Wire|Press)";

/// An agency-shaped name as a report writes it, without a leading article.
fn agency_shaped(name: &str) -> Option<String> {
    static SHAPE: Lazy<Regex> = Lazy::new(|| Regex::new(&format!("^{AGENCY_SHAPE}$")).unwrap());
    let name = name.trim();
    let name = name.strip_prefix("The ").unwrap_or(name).trim();
    (SHAPE.is_match(name) && !name.split_whitespace().next().is_some_and(|w| FUNCTION_WORDS.contains(&w)))
        .then(|| name.to_string())
}

/// Capitalised words that open sentences, not names.
const FUNCTION_WORDS: &[&str] = &["A", "An", "And", "But", "In", "On", "At", "As", "Also", "Earlier", "Later", "Meanwhile", "Yesterday", "Today", "It", "This", "That", "When", "While", "According"];

/// The canonical name of an agency named in an attribution, known or agency-shaped.
fn attributed_agency(name: &str) -> Option<String> {
    agency(name).map(str::to_string).or_else(|| agency_shaped(name))
}

/// Agencies a passage says the report draws on.
pub fn read_based_on(line: &str) -> Vec<(String, String)> {
    static MATERIALS: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)\b(?:based on|adapted from|drawn from|with (?:materials|reporting|input) from)\s+(?:the\s+)?(materials|reports?|reporting|information|a report|dispatches)?\s*(?:from|by|of)?\s*(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})").unwrap()
    });
    static CITED: Lazy<Regex> = Lazy::new(|| {
        let name = format!(r"(?:{a}|{s})", a = *AGENCY_ALT, s = AGENCY_SHAPE);
        Regex::new(&format!(
            r"\b({name})(?:\s+(?i:news agency|agency)\b|\s+(?i:reported|reports|cited|cites|quoted|quotes|said|says|wrote|writes|learned|learnt)\b)|\b(?i:according to|told|reported by|cited by|quoted by|in an interview with|speaking to|interviewed by|citing)\s+(?:the\s+)?({name})\b|^\W*(?i:sources?|via)\s*:\s*(?:the\s+)?({name})\b"
        ))
        .unwrap()
    });
    let mut out = Vec::new();
    for c in MATERIALS.captures_iter(line) {
        let name = c[2].trim();
        let canon = agency(name).map(str::to_string).or_else(|| agency_shaped(name)).or_else(|| {
            // An unknown source named in a "based on materials from" notice.
            let words = name.split_whitespace().count();
            (c.get(1).is_some() && words <= 3).then(|| name.to_string())
        });
        if let Some(n) = canon {
            out.push((n, c.get(0).unwrap().as_str().to_string()));
        }
    }
    for c in CITED.captures_iter(line) {
        let name = c.get(1).or(c.get(2)).or(c.get(3)).unwrap().as_str();
        // Bare two-letter agency names ("AP", "AA") are too ambiguous outside datelines.
        if name.len() <= 2 {
            continue;
        }
        if let Some(a) = attributed_agency(name) {
            out.push((a, c.get(0).unwrap().as_str().to_string()));
        }
    }
    out
}

/// The host of a URL without `www.`: `https://www.tass.com/x` gives `tass.com`.
pub fn host_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    Some(host.trim_start_matches("www.").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config { today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap() }
    }

    #[test]
    fn datelines() {
        let d = read_dateline("ANKARA, March 3. /TASS/. Turkey said on Friday that ...").unwrap();
        assert_eq!(d.agency.as_deref(), Some("TASS"));
        assert_eq!(d.yearless, Some((3, 3)));
        let d = read_dateline("WASHINGTON (Reuters) - The State Department approved ...").unwrap();
        assert_eq!(d.agency.as_deref(), Some("Reuters"));
        let d = read_dateline("NEW DELHI, Oct 5, 2018 (PTI) - India and Russia signed ...").unwrap();
        assert_eq!(d.agency.as_deref(), Some("PTI"));
        assert_eq!(d.full.as_deref(), Some("2018-10-05"));
        // Title case, with no separator after the agency: the date must follow the place.
        let d = read_dateline("Mumbai, March 3 (PTI) The navy on Friday commissioned ...").unwrap();
        assert_eq!((d.agency.as_deref(), d.yearless), (Some("PTI"), Some((3, 3))));
        assert!(read_dateline("Rafale jets, the Indian Air Force said (PTI) on Friday").is_none());
        let d = read_dateline("SEOUL, August 27 (Harbour Wire) - Poland signed ...").unwrap();
        assert_eq!(d.agency.as_deref(), Some("Harbour Wire"));
        assert_eq!(d.yearless, Some((8, 27)));
        assert_eq!(read_dateline("The ministry said on Monday that it had signed."), None);
        // Title case with the day before the month, and title case before a known agency.
        let d = read_dateline("Warsaw, 3 October 2025 – Poland's armament agency said on Friday ...").unwrap();
        assert_eq!(d.full.as_deref(), Some("2025-10-03"));
        let d = read_dateline("Kyiv (AFP) – Ukraine received the first batch of ...").unwrap();
        assert_eq!(d.agency.as_deref(), Some("AFP"));
        // A title-case subject and a bracketed name that is no agency open no dateline.
        assert_eq!(read_dateline("Poland (Warsaw) – the country signed ..."), None);
        assert_eq!(read_dateline("Egypt, 24 jets and two frigates – the deal of 2015 ..."), None);
    }

    #[test]
    fn yearless_dateline_fixed_by_weekday_and_past_events() {
        // 3 March fell on a Friday in 2017 and 2023; a 2019 event as past leaves 2023.
        let text = "ANKARA, March 3. /TASS/. The minister said on Friday that the systems delivered in 2019 work well.";
        assert_eq!(infer_year(3, 3, text, &config()).map(|x| x.0).as_deref(), Some("2023-03-03"));
        // Without the past event both years remain: the year stays unknown.
        let text = "ANKARA, March 3. /TASS/. The minister said on Friday that talks go on.";
        assert_eq!(infer_year(3, 3, text, &config()), None);
        // Two different weekdays: nothing is fixed.
        let text = "The deal of 2019 was discussed on Friday and on Tuesday.";
        assert_eq!(infer_year(3, 3, text, &config()), None);
    }

    #[test]
    fn future_years_do_not_bound_the_past() {
        assert_eq!(latest_past_year("Deliveries will start in 2030. The deal was signed in 2021."), Some(2021));
    }

    #[test]
    fn copyright_lines() {
        let c = read_copyright("© 2019, NDR. © NDR and www.navaldefencereview.com. Reproduction prohibited.").unwrap();
        assert_eq!(c.year, Some(2019));
        assert_eq!(c.outlet.as_deref(), Some("Naval Defence Review"));
        let c = read_copyright("Copyright 2021 The Daily Example. All rights reserved.").unwrap();
        assert_eq!(c.outlet.as_deref(), Some("The Daily Example"));
    }

    #[test]
    fn acronyms_expand_only_when_unique() {
        assert_eq!(expand_acronym("ADR", "asiandefencereview").as_deref(), Some("Asian Defence Review"));
        assert_eq!(expand_acronym("XYZ", "asiandefencereview"), None);
    }

    #[test]
    fn based_on_notices() {
        let names = |s: &str| read_based_on(s).into_iter().map(|x| x.0).collect::<Vec<_>>();
        assert_eq!(names("Based on materials from Interfax"), vec!["Interfax"]);
        assert_eq!(names("Reuters reported that the jets had arrived."), vec!["Reuters"]);
        assert_eq!(names("The deal was signed, according to Xinhua."), vec!["Xinhua"]);
        assert_eq!(names("The agency cited the ministry."), Vec::<String>::new());
        assert_eq!(names("Caspian News Agency reported, citing a source."), vec!["Caspian News Agency"]);
        assert_eq!(names("a senior official told Deccan Newswire."), vec!["Deccan Newswire"]);
        assert_eq!(names("first reported by the Southern Cone News Service, which said"), vec!["Southern Cone News Service"]);
        assert_eq!(names("Source: Xinhua"), vec!["Xinhua"]);
        // Government agencies and press services are not news agencies.
        assert_eq!(names("the Defense Security Cooperation Agency said in a statement."), Vec::<String>::new());
        assert_eq!(names("The ministry's press service said the jets had arrived."), Vec::<String>::new());
        // "Based on" alone names a design, not a source.
        assert_eq!(names("The launcher is based on the Soviet BM-21 design."), Vec::<String>::new());
    }
}
