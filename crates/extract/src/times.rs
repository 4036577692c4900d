//! Time expressions, normalised against the publication date.
//!
//! The text is cut into word, number and punctuation tokens; a small
//! hand-written grammar is tried at every token and the longest expression
//! wins. Matching and resolving are two passes: matching says what an
//! expression means ("the month before the publication date", "17 July of
//! whatever year the story is talking about"), resolving walks the matches in
//! text order, keeping the last year the text stated, and turns them into ISO
//! values no more precise than their evidence.
//!
//! Leading prepositions are not part of an expression ("in 2017" gives
//! `2017`), except where the preposition carries the meaning ("in two
//! years", "in the coming months").

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// A time expression and its value at true precision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Time {
    pub start: usize,
    pub end: usize,
    /// ISO 8601 (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), or None when it cannot be resolved.
    pub value: Option<String>,
    /// True when the value depends on the publication date ("last month", "on Tuesday").
    pub relative: bool,
}

/// Finds every time expression in `text`, in text order. `published` is the
/// document's publication date (any ISO precision) or None.
pub fn find_times(text: &str, published: Option<&str>) -> Vec<Time> {
    find(text, published.and_then(parse_published), published.is_none())
}

/// Finds every time expression in an undated document that has been read
/// as written in `year` (the latest year of what it reports as done): only
/// expressions told in years take that year ("this year", "by the end of
/// the year", "last year"); those that need a month or a day of the
/// publication stay unresolved, and a date without a year still takes the
/// year the text last stated.
pub fn find_times_in_year(text: &str, year: i32) -> Vec<Time> {
    find(text, Some(Ymd::year(year)), true)
}

fn find(text: &str, anchor: Option<Ymd>, undated: bool) -> Vec<Time> {
    let parser = Parser { toks: tokenize(text) };
    let mut times = Vec::new();
    let mut context = Context::default();
    let mut i = 0;
    while i < parser.toks.len() {
        match parser.longest_at(i) {
            Some((end, kind)) if end > i => {
                let (value, relative) = resolve(kind, anchor, undated, &mut context, text, parser.toks[i].start);
                if let Kind::Absolute(_) = kind {
                    context.year_at = parser.toks[end - 1].end;
                }
                times.push(Time {
                    start: parser.toks[i].start,
                    end: parser.toks[end - 1].end,
                    value: value.and_then(|v| v.iso()),
                    relative,
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    times
}

// ---------------------------------------------------------------------------
// Dates at a precision

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Year,
    Month,
    Day,
}

/// A calendar date of which only the fields up to `prec` mean anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ymd {
    y: i32,
    m: u32,
    d: u32,
    prec: Prec,
}

impl Ymd {
    fn year(y: i32) -> Ymd {
        Ymd { y, m: 1, d: 1, prec: Prec::Year }
    }
    fn month(y: i32, m: u32) -> Ymd {
        Ymd { y, m, d: 1, prec: Prec::Month }
    }
    fn day(y: i32, m: u32, d: u32) -> Ymd {
        Ymd { y, m, d, prec: Prec::Day }
    }
    fn from_date(date: NaiveDate, prec: Prec) -> Ymd {
        Ymd { y: date.year(), m: date.month(), d: date.day(), prec }.coarsen(prec)
    }
    /// The same date at no more than `prec`.
    fn coarsen(self, prec: Prec) -> Ymd {
        let prec = self.prec.min(prec);
        Ymd {
            y: self.y,
            m: if prec >= Prec::Month { self.m } else { 1 },
            d: if prec >= Prec::Day { self.d } else { 1 },
            prec,
        }
    }
    fn date(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.y, self.m, self.d)
    }
    fn iso(self) -> Option<String> {
        if !(1..=9999).contains(&self.y) || !(1..=12).contains(&self.m) {
            return None;
        }
        match self.prec {
            Prec::Year => Some(format!("{:04}", self.y)),
            Prec::Month => Some(format!("{:04}-{:02}", self.y, self.m)),
            Prec::Day => self.date().map(|d| d.format("%Y-%m-%d").to_string()),
        }
    }
}

/// Reads `2021-12-09`, `2022-07`, `2022` (and a trailing time, ignored).
fn parse_published(s: &str) -> Option<Ymd> {
    let s = s.trim();
    let date = s.split(['T', ' ']).next()?;
    let mut parts = date.split(['-', '/']);
    let y_part = parts.next()?;
    if y_part.len() != 4 || !y_part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = y_part.parse().ok()?;
    let digits = |p: &str| p.len() <= 2 && !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let m = match parts.next() {
        None => return Some(Ymd::year(y)),
        Some(p) if digits(p) => p.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?,
        Some(_) => return Some(Ymd::year(y)),
    };
    match parts.next() {
        Some(p) if digits(p) => {
            let d: u32 = p.parse().ok()?;
            NaiveDate::from_ymd_opt(y, m, d).map(|_| Ymd::day(y, m, d)).or(Some(Ymd::month(y, m)))
        }
        _ => Some(Ymd::month(y, m)),
    }
}

// ---------------------------------------------------------------------------
// What a match means

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Month,
    Year,
}

impl Unit {
    fn prec(self) -> Prec {
        match self {
            Unit::Day => Prec::Day,
            Unit::Month => Prec::Month,
            Unit::Year => Prec::Year,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    OnOrBefore,
    Before,
    OnOrAfter,
    After,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A date that states its own year: "12 July 2019", "late 2017".
    Absolute(Ymd),
    /// Found, but with no single value: "the 1990s", "in the coming months".
    Vague { relative: bool },
    /// A month (and day) without a year: "17 July", "in July", "the third
    /// quarter" (`prec` Year, `m` the quarter's first month).
    Partial { m: u32, d: u32, prec: Prec },
    /// "last July" (-1), "this July" (0), "next July" (1), from the publication date.
    MonthName { m: u32, step: i32 },
    /// `n` units from the publication date, told at `prec`: "last week" is
    /// (Day, -7, Month).
    Published { unit: Unit, n: i64, prec: Prec },
    /// "Tuesday", "last Tuesday", "next Tuesday".
    Weekday { wd: Weekday, step: Step },
    /// "this summer" (0), "last summer" (-1), "next summer" (1); `start` is the first month.
    Season { start: u32, step: i32 },
    /// `n` units from the date the text last stated: "that year", "the following day".
    Context { unit: Unit, n: i64, prec: Prec },
    /// A month (and day) in a year told from the publication date: "April
    /// this year" (0), "March last year" (-1), "June next year" (1).
    InYear { m: u32, d: u32, prec: Prec, dy: i32 },
}

impl Kind {
    /// The same meaning told at no more than `prec` ("the third quarter of 2022" is 2022).
    fn coarsen(self, prec: Prec) -> Kind {
        match self {
            Kind::Absolute(ymd) => Kind::Absolute(ymd.coarsen(prec)),
            Kind::Partial { m, d, prec: p } => Kind::Partial { m, d, prec: p.min(prec) },
            Kind::Published { unit, n, prec: p } => Kind::Published { unit, n, prec: p.min(prec) },
            Kind::Context { unit, n, prec: p } => Kind::Context { unit, n, prec: p.min(prec) },
            Kind::InYear { m, d, prec: p, dy } => Kind::InYear { m, d, prec: p.min(prec), dy },
            Kind::MonthName { .. } | Kind::Season { .. } | Kind::Weekday { .. } if prec == Prec::Year => {
                Kind::Vague { relative: true }
            }
            other => other,
        }
    }
    /// The precision of the value, where it is fixed by the expression.
    fn prec(self) -> Option<Prec> {
        match self {
            Kind::Absolute(ymd) => Some(ymd.prec),
            Kind::Partial { prec, .. } | Kind::Published { prec, .. } | Kind::Context { prec, .. } | Kind::InYear { prec, .. } => Some(prec),
            Kind::MonthName { .. } => Some(Prec::Month),
            Kind::Weekday { .. } => Some(Prec::Day),
            Kind::Season { .. } => Some(Prec::Year),
            Kind::Vague { .. } => None,
        }
    }
}

// ---------------------------------------------------------------------------
// Resolving

/// What the text has stated so far.
#[derive(Default)]
struct Context {
    /// The year of the last expression that stated one.
    year: Option<i32>,
    /// The last date resolved from the text itself, at its precision.
    date: Option<Ymd>,
    /// Where the expression that stated `year` ends.
    year_at: usize,
}

/// How many sentences end between `from` and `to` (a paragraph break ends
/// one too); None when the span is not in the text.
fn sentence_breaks(text: &str, from: usize, to: usize) -> Option<usize> {
    let b = text.get(from..to)?.as_bytes();
    Some(
        b.iter()
            .enumerate()
            .filter(|&(i, &c)| {
                // "… in 2019. 42 tanks were delivered in July": a number opens
                // a sentence too, but not after "Dec." or "No.".
                let number_opens = || {
                    let word = b[..i].rsplit(|c| !c.is_ascii_alphanumeric()).next().unwrap_or(&[]);
                    let abbreviation = |w: &[u8]| ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vol", "art", "p", "pp"].iter().any(|a| w.eq_ignore_ascii_case(a.as_bytes()));
                    !abbreviation(word)
                };
                (c == b'\n' && b.get(i + 1) != Some(&b'\n'))
                    || (matches!(c, b'.' | b'?' | b'!') && b.get(i + 1) == Some(&b' ') && b.get(i + 2).is_some_and(|n| n.is_ascii_uppercase() || matches!(n, b'"' | b'\'') || n.is_ascii_digit() && number_opens()))
            })
            .count(),
    )
}

/// True when the expression at `at` opens its sentence, after at most a
/// preposition ("In July, the systems were shipped").
fn opens_sentence(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let start = before.rfind(['.', '?', '!', '\n']).map_or(0, |i| i + 1);
    let lead = before[start..].trim();
    lead.split_whitespace().count() <= 1 && lead.chars().all(|c| c.is_alphabetic())
}

/// True when the expression at `at` is a dateline's date: it follows an
/// upper-case place and a comma at the start of its line ("ANKARA, Sept 3
/// (Reuters) -", "NEW DELHI, Oct. 14 -"). A dateline tells the day of the
/// report, never a day to come, whatever its sentence says.
fn in_dateline(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at) else { return false };
    let lead = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let Some(place) = lead.trim_end().strip_suffix(',') else { return false };
    let place = place.trim_start();
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && place.split_whitespace().count() <= 4
        && place.chars().all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '-' | '\'' | ','))
}

/// Whether the sentence around `at` tells of what is to come: Some(true)
/// for a plain future ("will", "is due"), Some(false) for a future seen from
/// the past or a plan ("would", "expected to"), None for neither.
fn future_in(text: &str, at: usize) -> Option<bool> {
    let at = at.min(text.len());
    let start = text[..at].rfind(['.', '?', '!', '\n']).map_or(0, |i| i + 1);
    let end = text[at..].find(['.', '?', '!', '\n']).map_or(text.len(), |i| at + i);
    let raw: Vec<&str> = text[start..end].split(|c: char| !(c.is_alphanumeric() || c == '\'')).filter(|w| !w.is_empty()).collect();
    let words: Vec<String> = raw.iter().map(|w| w.to_lowercase()).collect();
    let has = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);
    // "could arrive", "may be signed", "might follow" (lower case: "May" is
    // the month); "could have been", "could not" tell of the past.
    let modal = raw.windows(2).any(|p| matches!(p[0], "could" | "may" | "might") && !matches!(p[1].to_lowercase().as_str(), "have" | "not" | "never"));
    let plain = words.iter().any(|w| matches!(w.as_str(), "will" | "shall" | "won't") || w.ends_with("'ll"))
        || ["is", "are"].iter().any(|a| has(a, "due") || has(a, "scheduled") || has(a, "expected") || has(a, "set"));
    if plain {
        return Some(true);
    }
    let plan = modal
        || words.iter().any(|w| matches!(w.as_str(), "would" | "plans" | "intends" | "aims" | "scheduled" | "due"))
        || has("expected", "to")
        || words.windows(3).any(|p| p[0] == "as" && matches!(p[1].as_str(), "early" | "soon") && p[2] == "as")
        || has("set", "to");
    plan.then_some(false)
}

fn resolve(kind: Kind, anchor: Option<Ymd>, undated: bool, context: &mut Context, text: &str, at: usize) -> (Option<Ymd>, bool) {
    match kind {
        Kind::Absolute(ymd) => {
            context.year = Some(ymd.y);
            context.date = Some(ymd);
            (Some(ymd), false)
        }
        Kind::Vague { relative } => (None, relative),
        Kind::Partial { m, d, prec } => {
            // A date without a year takes the year just stated in the same
            // sentence ("in 2019, in July and again in September"), or in
            // the sentence before when the story goes on from it: the date
            // opens its sentence ("… in 2017. In July, the systems were
            // shipped") or the date before it had a month ("on 12 July
            // 2019. … on 17 July") in the same paragraph (a new paragraph
            // with "in August" deep in its first sentence is most often
            // the publication's year again). Otherwise news leaves out the year of the
            // publication date (and of the months just before it), so the
            // publication date decides where there is one ("requested the
            // jets in 2020. The State Department approved the sale in
            // January" in a report of March 2021 is 2021-01).
            let near = context.year.filter(|_| {
                undated
                    || match sentence_breaks(text, context.year_at, at) {
                        Some(0) => true,
                        Some(1) => opens_sentence(text, at) || context.date.is_some_and(|d| d.prec >= Prec::Month) && !text[context.year_at..at].contains('\n'),
                        _ => false,
                    }
            });
            if let Some(y) = near {
                // A sentence about what is to come goes forward from the
                // date stated before it: "Talks began in April 2025. They
                // are expected to conclude by March" is March 2026.
                let earlier = context.date.is_some_and(|c| {
                    c.y == y && c.prec >= Prec::Month && (m < c.m || m == c.m && prec == Prec::Day && c.prec == Prec::Day && d < c.d)
                });
                let y = if earlier && future_in(text, at).is_some() { y + 1 } else { y };
                let ymd = Ymd { y, m, d, prec };
                if prec > Prec::Year {
                    context.date = Some(ymd);
                }
                return (Some(ymd), false);
            }
            let Some(anchor) = anchor else { return (None, true) };
            // News reports the past: a yearless date after the publication
            // date belongs to the year before. Not in a sentence about what
            // is to come: "will deliver 14 tanks by the end of March" in a
            // report of February is this March, and "will arrive in January"
            // next January.
            let common = prec.min(anchor.prec);
            let order = match common {
                Prec::Year => std::cmp::Ordering::Equal,
                Prec::Month => m.cmp(&anchor.m),
                Prec::Day => (m, d).cmp(&(anchor.m, anchor.d)),
            };
            // The sentence is read only for a date on either side of the
            // anchor; a dateline's date is the report's, never to come.
            let future = || if in_dateline(text, at) { None } else { future_in(text, at) };
            let y = match order {
                std::cmp::Ordering::Equal => anchor.y,
                std::cmp::Ordering::Greater if future().is_some() => anchor.y,
                std::cmp::Ordering::Greater => anchor.y - 1,
                std::cmp::Ordering::Less if future() == Some(true) => anchor.y + 1,
                std::cmp::Ordering::Less => anchor.y,
            };
            (Some(Ymd { y, m, d, prec }), true)
        }
        Kind::MonthName { m, step } => {
            let value = anchor.filter(|a| a.prec >= Prec::Month).map(|a| {
                let y = match step {
                    s if s < 0 => {
                        if m < a.m {
                            a.y
                        } else {
                            a.y - 1
                        }
                    }
                    0 => a.y,
                    _ => {
                        if m > a.m {
                            a.y
                        } else {
                            a.y + 1
                        }
                    }
                };
                Ymd::month(y, m)
            });
            (value, true)
        }
        Kind::Published { unit, n, prec } => (anchor.and_then(|a| shift(a, unit, n, prec)), true),
        Kind::InYear { m, d, prec, dy } => {
            let value = anchor.map(|a| Ymd { y: a.y + dy, m, d, prec }).filter(|v| v.prec < Prec::Day || v.date().is_some());
            (value, true)
        }
        Kind::Weekday { wd, step } => {
            let value = anchor.filter(|a| a.prec == Prec::Day).and_then(|a| a.date()).and_then(|date| {
                let (range, forward) = match step {
                    Step::OnOrBefore => (0..=6, false),
                    Step::Before => (1..=7, false),
                    Step::OnOrAfter => (0..=6, true),
                    Step::After => (1..=7, true),
                };
                range
                    .filter_map(|k| {
                        if forward {
                            date.checked_add_days(Days::new(k))
                        } else {
                            date.checked_sub_days(Days::new(k))
                        }
                    })
                    .find(|d| d.weekday() == wd)
                    .map(|d| Ymd::from_date(d, Prec::Day))
            });
            (value, true)
        }
        Kind::Season { start, step } => {
            let value = anchor.and_then(|a| {
                let y = match step {
                    0 => a.y,
                    _ if start == 12 || a.prec < Prec::Month => return None,
                    s if s < 0 => {
                        if a.m > start + 2 {
                            a.y
                        } else {
                            a.y - 1
                        }
                    }
                    _ => {
                        if a.m < start {
                            a.y
                        } else {
                            a.y + 1
                        }
                    }
                };
                Some(Ymd::year(y))
            });
            (value, true)
        }
        Kind::Context { unit, n, prec } => {
            let base = match unit {
                Unit::Year => context.year.map(Ymd::year),
                _ => context.date.filter(|d| d.prec >= unit.prec()),
            };
            (base.and_then(|b| shift(b, unit, n, prec)), false)
        }
    }
}

/// `n` units after `base`, told at `prec`; None when `base` is too coarse.
fn shift(base: Ymd, unit: Unit, n: i64, prec: Prec) -> Option<Ymd> {
    if base.prec < unit.prec() || n.abs() > 100_000 {
        return None;
    }
    let out = match unit {
        Unit::Year => Ymd { y: base.y.checked_add(i32::try_from(n).ok()?)?, ..base },
        Unit::Month => {
            let total = i64::from(base.y) * 12 + i64::from(base.m) - 1 + n;
            Ymd {
                y: i32::try_from(total.div_euclid(12)).ok()?,
                m: u32::try_from(total.rem_euclid(12)).ok()? + 1,
                ..base
            }
        }
        Unit::Day => {
            let date = base.date()?;
            let moved = if n >= 0 {
                date.checked_add_days(Days::new(n as u64))
            } else {
                date.checked_sub_days(Days::new(n.unsigned_abs()))
            };
            Ymd::from_date(moved?, Prec::Day)
        }
    };
    Some(out.coarsen(prec))
}

// ---------------------------------------------------------------------------
// Tokens

struct Tok<'a> {
    start: usize,
    end: usize,
    raw: &'a str,
    low: String,
    kind: TokKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TokKind {
    Word,
    Num,
    Punct,
}

/// Alphanumeric runs are one token each ("FY2023", "1990s", "Q3"); every
/// other visible character is a token of its own.
fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    let mut run: Option<usize> = None;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            run.get_or_insert(at);
            continue;
        }
        if let Some(start) = run.take() {
            toks.push(token(text, start, at, false));
        }
        if !c.is_whitespace() {
            toks.push(token(text, at, at + c.len_utf8(), true));
        }
    }
    if let Some(start) = run {
        toks.push(token(text, start, text.len(), false));
    }
    toks
}

fn token(text: &str, start: usize, end: usize, punct: bool) -> Tok<'_> {
    let raw = &text[start..end];
    let kind = if punct {
        TokKind::Punct
    } else if raw.bytes().all(|b| b.is_ascii_digit()) {
        TokKind::Num
    } else {
        TokKind::Word
    };
    let low = if punct && raw == "\u{2019}" { "'".to_string() } else { raw.to_lowercase() };
    Tok { start, end, raw, low, kind }
}

// ---------------------------------------------------------------------------
// Word lists

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
];
const MONTH_ABBREVIATIONS: &[(&str, u32)] = &[
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];
const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];
const SEASONS: &[(&str, u32)] = &[("spring", 3), ("summer", 6), ("autumn", 9), ("fall", 9), ("winter", 12)];

/// Words after which a bare month name is a month ("in May", not "may").
const MONTH_LEAD: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "til",
    "from",
    "to",
    "through",
    "throughout",
    "during",
    "before",
    "after",
    "of",
    "between",
    "and",
    "or",
    "the",
    "each",
    "every",
    "early",
    "late",
    "mid",
    "for",
    "around",
    "as",
    "until",
    "last",
    "next",
    "this",
    "that",
    "starting",
    "beginning",
    "ending",
    "circa",
    "into",
];
/// Closed-class words that may stand capitalised before a year or a yearless
/// date; any other capitalised word there makes a name ("DEFEA 2023",
/// "Long March 5", "Theresa May").
const FUNCTION_WORDS: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "to",
    "through",
    "throughout",
    "during",
    "before",
    "after",
    "of",
    "between",
    "and",
    "or",
    "the",
    "each",
    "every",
    "early",
    "late",
    "mid",
    "for",
    "around",
    "as",
    "last",
    "next",
    "this",
    "that",
    "starting",
    "beginning",
    "ending",
    "circa",
    "into",
    "at",
    "on",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "our",
    "with",
    "under",
    "over",
    "unlike",
    "like",
    "while",
    "when",
    "then",
    "also",
    "but",
    "so",
    "year",
    "not",
    "only",
    "about",
    "whereas",
    "although",
    "because",
    "onto",
    "upon",
    "across",
    "within",
    "beyond",
    "toward",
    "towards",
    "against",
    "amid",
    "post",
    "pre",
    "fiscal",
    "calendar",
    "both",
    "either",
    "neither",
    "until",
    "till",
    "than",
    "ahead",
    "following",
    "same",
];
/// Nouns after "NAME YEAR" that make the name a gathering held that year.
const GATHERINGS: &[&str] = &[
    "forum",
    "exhibition",
    "expo",
    "show",
    "airshow",
    "fair",
    "summit",
    "conference",
    "salon",
    "congress",
    "symposium",
    "exercise",
    "exercises",
    "drills",
    "games",
];
/// Arms fairs and air shows known by their name alone ("signed at IDEX
/// 2023"), lower case. Names that are also common words are left out.
const ARMS_FAIRS: &[&str] = &[
    "idex", "navdex", "dsei", "eurosatory", "maks", "defexpo", "farnborough", "adex", "idef", "sofex", "edex", "dimdex",
    "bidec", "kadex", "milipol", "euronaval", "hemus", "mspo", "fidae", "laad", "defea", "iadex", "tadte", "imds", "ila",
    "dsa", "adas", "zhuhai", "indodefence", "aeroindia", "ausa", "iqdex", "wds",
];
/// Quotation marks that may close a name before its noun ("the “Army-2021” forum").
const QUOTE_MARKS: &[&str] = &["\"", "\u{201d}", "\u{2019}", "'", "\u{bb}"];
/// Words before a four-digit number that make it a count or a label.
const NOT_YEAR_BEFORE: &[&str] = &[
    "than",
    "least",
    "nearly",
    "almost",
    "approximately",
    "roughly",
    "some",
    "resolution",
    "resolutions",
    "no",
    "nr",
    "number",
    "page",
    "pages",
    "flight",
    "route",
    "model",
    "type",
    "article",
    "section",
    "version",
    "block",
    "batch",
    "decree",
    "order",
    "law",
    "code",
    "mark",
    "mk",
    "usd",
    "eur",
    "rub",
    "gbp",
    "cny",
    "inr",
    "jpy",
    "krw",
    "up",
];
/// Words after a four-digit number that make it an amount.
const NOT_YEAR_AFTER: &[&str] = &[
    "km",
    "kms",
    "kilometres",
    "kilometers",
    "kilometre",
    "kilometer",
    "miles",
    "mile",
    "m",
    "metres",
    "meters",
    "feet",
    "ft",
    "kg",
    "kilograms",
    "tonnes",
    "tons",
    "t",
    "troops",
    "soldiers",
    "servicemen",
    "personnel",
    "people",
    "men",
    "workers",
    "jobs",
    "employees",
    "units",
    "pieces",
    "rounds",
    "shells",
    "missiles",
    "rockets",
    "munitions",
    "bombs",
    "drones",
    "tanks",
    "vehicles",
    "aircraft",
    "jets",
    "helicopters",
    "guns",
    "rifles",
    "hours",
    "hrs",
    "gmt",
    "utc",
    "mph",
    "knots",
    "kph",
    "kmh",
    "percent",
    "per",
    "times",
    "euros",
    "dollars",
    "rubles",
    "roubles",
    "yuan",
    "rupees",
    "hp",
    "horsepower",
    "mm",
    "cm",
    "sorties",
    "targets",
    "members",
    "refugees",
    "casualties",
    "civilians",
    "dead",
    "killed",
    "wounded",
    "systems",
    "launchers",
    "howitzers",
    "mines",
    "grenades",
    "kilos",
    "lbs",
    "pounds",
    "barrels",
    "million",
    "billion",
    "bn",
    "mln",
    "tn",
    "trillion",
    "thousand",
    "interceptors",
    "warheads",
    "sailors",
    "marines",
    "officers",
    "airmen",
    "contractors",
    "mercenaries",
    "volunteers",
    "recruits",
    "cartridges",
    "bullets",
    "artillery",
    "projectiles",
    "vessels",
    "ships",
    "boats",
    "planes",
    "fighters",
    "trucks",
    "weapons",
    "arms",
];
const WEEKDAY_NAME_BEFORE: &[&str] =
    &["good", "black", "bloody", "holy", "ash", "palm", "easter", "cyber", "super", "fat", "maundy"];
const WEEKDAY_NAME_AFTER: &[&str] =
    &["times", "telegraph", "express", "mail", "mirror", "post", "herald", "observer", "review", "star", "independent"];
const PART_OF_DAY: &[&str] = &["morning", "afternoon", "evening", "night"];
const DASHES: &[&str] = &["-", "\u{2013}", "\u{2014}", "\u{2010}", "\u{2011}"];

fn lookup<T: Copy>(table: &[(&str, T)], word: &str) -> Option<T> {
    table.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

fn ordinal_word(word: &str) -> Option<u32> {
    lookup(&[("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("last", 4), ("final", 4), ("latter", 2)], word)
}

fn count_word(word: &str) -> Option<i64> {
    lookup(
        &[
            ("a", 1),
            ("an", 1),
            ("one", 1),
            ("two", 2),
            ("three", 3),
            ("four", 4),
            ("five", 5),
            ("six", 6),
            ("seven", 7),
            ("eight", 8),
            ("nine", 9),
            ("ten", 10),
            ("eleven", 11),
            ("twelve", 12),
            ("thirteen", 13),
            ("fourteen", 14),
            ("fifteen", 15),
            ("sixteen", 16),
            ("seventeen", 17),
            ("eighteen", 18),
            ("nineteen", 19),
            ("twenty", 20),
            ("thirty", 30),
            ("forty", 40),
            ("fifty", 50),
        ],
        word,
    )
}

fn days_in_month(m: u32) -> u32 {
    match m {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// ---------------------------------------------------------------------------
// The grammar

struct Parser<'a> {
    toks: Vec<Tok<'a>>,
}

/// A month name found at a token: its number, the token after it (past an
/// abbreviation's full stop), and whether it needs a number or a preposition
/// beside it to be a month ("May", "Mar").
struct MonthTok {
    m: u32,
    next: usize,
    weak: bool,
}

type Found = Option<(usize, Kind)>;

impl<'a> Parser<'a> {
    fn low(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.low.as_str())
    }
    fn is(&self, i: usize, word: &str) -> bool {
        self.low(i) == word
    }
    fn is_any(&self, i: usize, words: &[&str]) -> bool {
        let w = self.low(i);
        !w.is_empty() && words.contains(&w)
    }
    fn kind(&self, i: usize) -> Option<TokKind> {
        self.toks.get(i).map(|t| t.kind)
    }
    fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(TokKind::Word)
    }
    fn is_num(&self, i: usize) -> bool {
        self.kind(i) == Some(TokKind::Num)
    }
    fn is_dash(&self, i: usize) -> bool {
        self.kind(i) == Some(TokKind::Punct) && DASHES.contains(&self.low(i))
    }
    /// Token `i` follows token `i - 1` with no space between.
    fn glued(&self, i: usize) -> bool {
        i > 0 && i < self.toks.len() && self.toks[i].start == self.toks[i - 1].end
    }
    fn cap(&self, i: usize) -> bool {
        self.toks.get(i).and_then(|t| t.raw.chars().next()).is_some_and(char::is_uppercase)
    }
    fn num(&self, i: usize, max_len: usize) -> Option<u32> {
        let t = self.toks.get(i)?;
        if t.kind != TokKind::Num || t.raw.len() > max_len {
            return None;
        }
        t.raw.parse().ok()
    }

    /// The longest expression starting at token `i`.
    fn longest_at(&self, i: usize) -> Found {
        let candidates = [
            self.date_at(i),
            self.modified_at(i),
            self.part_of_at(i),
            self.quarter_at(i),
            self.season_at(i),
            self.fiscal_at(i),
            self.decade_at(i),
            self.bare_year_at(i),
            self.deictic_at(i),
            self.weekday_at(i),
            self.offset_at(i),
            self.vague_at(i),
            self.context_at(i),
        ];
        let mut best: Found = None;
        for (end, kind) in candidates.into_iter().flatten() {
            if best.is_none_or(|(b, _)| end > b) {
                best = Some((end, kind));
            }
        }
        best
    }

    // --- pieces -----------------------------------------------------------

    fn month_at(&self, i: usize) -> Option<MonthTok> {
        if !self.is_word(i) || !self.cap(i) {
            return None;
        }
        let w = self.low(i);
        if let Some(m) = lookup(MONTHS, w) {
            return Some(MonthTok { m, next: i + 1, weak: m == 5 });
        }
        let m = lookup(MONTH_ABBREVIATIONS, w)?;
        let next = if self.low(i + 1) == "." && self.glued(i + 1) { i + 2 } else { i + 1 };
        Some(MonthTok { m, next, weak: true })
    }

    /// A day of the month: `12` or `12th`.
    fn day_at(&self, i: usize) -> Option<u32> {
        let t = self.toks.get(i)?;
        let d = match t.kind {
            TokKind::Num if t.raw.len() <= 2 => t.raw.parse().ok()?,
            TokKind::Word => {
                let digits = t.low.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                let suffix = &t.low[digits.len()..];
                if digits.is_empty() || digits.len() > 2 || !["st", "nd", "rd", "th"].contains(&suffix) {
                    return None;
                }
                if !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                digits.parse().ok()?
            }
            TokKind::Num | TokKind::Punct => return None,
        };
        // "5.30", "7,000", "12:00" and "12%" are not days.
        let after = self.low(i + 1);
        if self.glued(i + 1)
            && ([":", "%"].contains(&after) || ([".", ","].contains(&after) && self.is_num(i + 2) && self.glued(i + 2)))
        {
            return None;
        }
        (1..=31).contains(&d).then_some(d)
    }

    /// A four-digit year beside a month or a modifier.
    fn year_at(&self, i: usize) -> Option<i32> {
        let t = self.toks.get(i)?;
        if t.kind != TokKind::Num || t.raw.len() != 4 {
            return None;
        }
        let y: i32 = t.raw.parse().ok()?;
        if !(1000..=2999).contains(&y) {
            return None;
        }
        // "2019.5", "2019,500"
        if self.glued(i + 1) && [".", ","].contains(&self.low(i + 1)) && self.is_num(i + 2) && self.glued(i + 2) {
            return None;
        }
        Some(y)
    }

    /// An optional comma (glued to the token before it) then a year.
    fn comma_year_at(&self, i: usize) -> Option<(i32, usize)> {
        if let Some(y) = self.year_at(i) {
            return Some((y, i + 1));
        }
        if self.low(i) == "," {
            return self.year_at(i + 1).map(|y| (y, i + 2));
        }
        None
    }

    /// A capitalised word right before `i` that is not a function word makes
    /// a name of what follows ("Long March 5", "Theresa May", "DEFEA 2023").
    fn after_name(&self, i: usize) -> bool {
        i > 0
            && self.is_word(i - 1)
            && self.cap(i - 1)
            && !self.is_any(i - 1, FUNCTION_WORDS)
            && self.weekday(i - 1).is_none()
    }

    /// The year `i` ends the name of a gathering held that year: a show,
    /// forum or exercise ("the Army-2022 forum", "the Aero India 2023 show",
    /// "Zapad-2021 exercises"), or one of the arms fairs known by their
    /// name alone ("at IDEX 2023", "MAKS-2019"). A year in a name is
    /// otherwise no date ("Vision 2030", "DEFEA 2023" teasers aside).
    fn gathering(&self, i: usize) -> bool {
        let mut j = i + 1;
        while self.kind(j) == Some(TokKind::Punct) && QUOTE_MARKS.contains(&self.low(j)) && self.glued(j) {
            j += 1;
        }
        if self.is_any(j, GATHERINGS) {
            return true;
        }
        let p = i - 1;
        let name = if self.is_dash(p) && self.glued(i) && self.glued(p) { p.wrapping_sub(1) } else { p };
        self.is_word(name) && self.cap(name) && self.is_any(name, ARMS_FAIRS)
    }

    fn weekday(&self, i: usize) -> Option<Weekday> {
        if !self.cap(i) {
            return None;
        }
        lookup(WEEKDAYS, self.low(i))
    }

    fn season(&self, i: usize) -> Option<u32> {
        lookup(SEASONS, self.low(i))
    }

    /// A count of units: "two", "2", "a"; Some(None) for "a few", "several".
    fn count_at(&self, i: usize) -> Option<(Option<i64>, usize)> {
        if let Some(n) = self.num(i, 3) {
            return Some((Some(i64::from(n)), i + 1));
        }
        let w = self.low(i);
        if w == "a" && self.is(i + 1, "couple") && self.is(i + 2, "of") {
            return Some((Some(2), i + 3));
        }
        if w == "a" && self.is(i + 1, "dozen") {
            return Some((Some(12), i + 2));
        }
        if w == "a" && self.is(i + 1, "few") {
            return Some((None, i + 2));
        }
        if ["several", "few", "many", "some"].contains(&w) {
            return Some((None, i + 1));
        }
        count_word(w).map(|n| (Some(n), i + 1))
    }

    /// "days", "weeks", "months", "years", "decades" as (unit, days-or-units per count).
    fn unit_at(&self, i: usize) -> Option<(Unit, i64, bool)> {
        let w = self.low(i);
        let w = w.strip_suffix('s').unwrap_or(w);
        match w {
            "day" => Some((Unit::Day, 1, false)),
            "week" => Some((Unit::Day, 7, false)),
            "month" => Some((Unit::Month, 1, false)),
            "year" => Some((Unit::Year, 1, false)),
            "decade" => Some((Unit::Year, 10, true)),
            _ => None,
        }
    }

    /// What "the end of X", "late X" and "the third quarter of X" can take as X.
    fn anchor_at(&self, i: usize) -> Found {
        if let Some(y) = self.year_at(i) {
            return Some((i + 1, Kind::Absolute(Ymd::year(y))));
        }
        if let Some(found) = self.decade_token_at(i) {
            return Some(found);
        }
        if let Some(mt) = self.month_at(i) {
            let mut j = mt.next;
            if self.is(j, "of") && self.year_at(j + 1).is_some() {
                j += 1;
            }
            if let Some(y) = self.year_at(j) {
                return Some((j + 1, Kind::Absolute(Ymd::month(y, mt.m))));
            }
            return (!mt.weak || mt.m == 5).then_some((mt.next, Kind::Partial { m: mt.m, d: 1, prec: Prec::Month }));
        }
        if self.season(i).is_some() {
            if let Some(y) = self.year_at(i + 1) {
                return Some((i + 2, Kind::Absolute(Ymd::year(y))));
            }
        }
        self.unit_ref_at(i, true)
    }

    /// "this year", "last month", "next week", "the year", "that year",
    /// "the following year".
    fn unit_ref_at(&self, i: usize, allow_the: bool) -> Found {
        let w = self.low(i);
        let (det, mut j) = match w {
            "this" | "last" | "next" | "that" | "past" => (w, i + 1),
            "the" if allow_the => ("the", i + 1),
            "the" => match self.low(i + 1) {
                "following" | "next" => ("following", i + 2),
                "same" => ("that", i + 2),
                "previous" | "prior" | "preceding" => ("previous", i + 2),
                _ => return None,
            },
            _ => return None,
        };
        if det == "past" {
            return None;
        }
        if det == "that" && self.is(j, "same") {
            j += 1;
        }
        let unit = self.low(j);
        let step = match det {
            "last" | "previous" => -1,
            "next" | "following" => 1,
            _ => 0,
        };
        let context = matches!(det, "that" | "following" | "previous");
        let kind = match (unit, context) {
            ("year", false) => Kind::Published { unit: Unit::Year, n: step, prec: Prec::Year },
            ("month", false) => Kind::Published { unit: Unit::Month, n: step, prec: Prec::Month },
            ("week", false) => Kind::Published { unit: Unit::Day, n: 7 * step, prec: Prec::Month },
            ("decade" | "century", _) => Kind::Vague { relative: !context },
            ("year", true) => Kind::Context { unit: Unit::Year, n: step, prec: Prec::Year },
            ("month", true) => Kind::Context { unit: Unit::Month, n: step, prec: Prec::Month },
            ("week", true) => Kind::Context { unit: Unit::Day, n: 7 * step, prec: Prec::Month },
            ("day", true) => Kind::Context { unit: Unit::Day, n: step, prec: Prec::Day },
            _ => return None,
        };
        Some((j + 1, kind))
    }

    /// "1990s", "the 1990's", "the '90s".
    fn decade_token_at(&self, i: usize) -> Found {
        let t = self.toks.get(i)?;
        let w = t.low.as_str();
        if t.kind == TokKind::Word && w.len() == 5 && w.ends_with("0s") && w[..4].bytes().all(|b| b.is_ascii_digit()) {
            return Some((i + 1, Kind::Vague { relative: false }));
        }
        if self.year_at(i).is_some_and(|y| y % 10 == 0)
            && self.is(i + 1, "'")
            && self.glued(i + 1)
            && self.is(i + 2, "s")
            && self.glued(i + 2)
        {
            return Some((i + 3, Kind::Vague { relative: false }));
        }
        // Two-digit decades only after "the": "in his 90s" is an age.
        let two = |k: usize| {
            let w = self.low(k);
            self.is_word(k) && w.len() == 3 && w.ends_with("0s") && w.as_bytes()[0].is_ascii_digit()
        };
        if i > 0 && (self.is(i - 1, "the") || (self.is(i - 1, "'") && self.is(i.saturating_sub(2), "the"))) && two(i) {
            return Some((i + 1, Kind::Vague { relative: false }));
        }
        if self.is(i, "'") && i > 0 && self.is(i - 1, "the") && self.glued(i + 1) && two(i + 1) {
            return Some((i + 2, Kind::Vague { relative: false }));
        }
        None
    }

    // --- expressions ------------------------------------------------------

    /// Calendar dates: "12 July 2019", "July 12, 2019", "Tuesday, 12 July",
    /// "December 2020", "in July", "2019-07-12".
    fn date_at(&self, i: usize) -> Found {
        if self.weekday(i).is_some() {
            let k = if self.is(i + 1, ",") { i + 2 } else { i + 1 };
            return self.calendar_at(k, i).filter(|(_, kind)| kind.prec() == Some(Prec::Day));
        }
        self.calendar_at(i, i)
    }

    /// `first` is where the whole expression starts (before a weekday).
    fn calendar_at(&self, i: usize, first: usize) -> Found {
        if let Some(found) = self.iso_at(i) {
            return Some(found);
        }
        // [the] day [- day] [of] month [[,] year]
        let (k, had_the) = if self.is(i, "the") { (i + 1, true) } else { (i, false) };
        if let Some(d) = self.day_at(k) {
            let (mut j, mut range) = (k + 1, false);
            if (self.is_dash(j) || self.is(j, "to")) && self.day_at(j + 1).is_some_and(|d2| d2 > d) {
                j += 2;
                range = true;
            }
            if self.is(j, "of") {
                j += 1;
            } else if had_the {
                return None;
            }
            if let Some(mt) = self.month_at(j) {
                if d <= days_in_month(mt.m) {
                    let prec = if range { Prec::Month } else { Prec::Day };
                    if let Some((y, end)) = self.comma_year_at(mt.next) {
                        return Some((end, Kind::Absolute(Ymd { y, m: mt.m, d, prec }.coarsen(prec))));
                    }
                    if !self.after_name(first) {
                        return Some((self.past_year_word(mt.next), self.yearless(mt.next, mt.m, if range { 1 } else { d }, prec)));
                    }
                }
            }
            return None;
        }
        let mt = self.month_at(i)?;
        // month day [- day] [[,] year]
        if let Some(d) = self.day_at(mt.next).filter(|d| *d <= days_in_month(mt.m)) {
            let (mut j, mut range) = (mt.next + 1, false);
            if (self.is_dash(j) || self.is(j, "to")) && self.day_at(j + 1).is_some_and(|d2| d2 > d) {
                j += 2;
                range = true;
            }
            let prec = if range { Prec::Month } else { Prec::Day };
            if let Some((y, end)) = self.comma_year_at(j) {
                return Some((end, Kind::Absolute(Ymd { y, m: mt.m, d, prec }.coarsen(prec))));
            }
            if !self.after_name(first) && !self.is_any(j, NOT_YEAR_AFTER) {
                return Some((self.past_year_word(j), self.yearless(j, mt.m, if range { 1 } else { d }, prec)));
            }
        }
        // month [of] year
        let mut j = mt.next;
        if self.is(j, "of") && self.year_at(j + 1).is_some() {
            j += 1;
        }
        if let Some(y) = self.year_at(j) {
            if self.after_name(first) {
                return None;
            }
            return Some((j + 1, Kind::Absolute(Ymd::month(y, mt.m))));
        }
        // A month alone, after a word that takes a time ("in May", "since
        // July") or in a list of months ("in May, June and July 2020").
        let abbreviated = mt.next != i + 1 || lookup(MONTH_ABBREVIATIONS, self.low(i)).is_some();
        let listed = i > 1 && self.is(i - 1, ",") && self.month_at(i - 2).is_some();
        if !abbreviated && i > 0 && (self.is_any(i - 1, MONTH_LEAD) || listed) && first == i {
            return Some((self.past_year_word(mt.next), self.yearless(mt.next, mt.m, 1, Prec::Month)));
        }
        None
    }

    /// "this year" (0), "last year" (-1), "next year" (1) at token `j`.
    fn year_word_at(&self, j: usize) -> Option<i32> {
        if !self.is(j + 1, "year") {
            return None;
        }
        match self.low(j) {
            "this" => Some(0),
            "last" => Some(-1),
            "next" => Some(1),
            _ => None,
        }
    }

    /// Where a month ends, past a "this year" that follows it.
    fn past_year_word(&self, j: usize) -> usize {
        if self.year_word_at(j).is_some() {
            j + 2
        } else {
            j
        }
    }

    /// A yearless month (and day) ending before token `j`. In a list or a
    /// range that ends in a year ("from June to August 2020", "3 July and 5
    /// July 2019") it takes that year; otherwise the year comes from context.
    fn yearless(&self, j: usize, m: u32, d: u32, prec: Prec) -> Kind {
        if let Some(dy) = self.year_word_at(j) {
            return Kind::InYear { m, d, prec, dy };
        }
        let mut k = j;
        while k < j + 12 && k < self.toks.len() {
            let joiner =
                self.is_any(k, &[",", "and", "or", "to", "through", "until", "till", "&", "of"]) || self.is_dash(k);
            if let Some(y) = self.year_at(k) {
                let after_date = k > j
                    && (self.month_at(k - 1).is_some()
                        || self.is(k - 1, ",")
                        || self.month_at(k.saturating_sub(2)).is_some());
                if after_date {
                    return Kind::Absolute(Ymd { y, m, d, prec });
                }
                break;
            }
            if !(joiner || self.month_at(k).is_some() || self.day_at(k).is_some() || self.is(k, ".")) {
                break;
            }
            k += 1;
        }
        Kind::Partial { m, d, prec }
    }

    /// "2019-07-12", "2019/07/12", "2019-07-12T10:00Z", "12.07.2019".
    fn iso_at(&self, i: usize) -> Found {
        if let Some(found) = self.dotted_at(i) {
            return Some(found);
        }
        let y = self.year_at(i)?;
        let sep = self.low(i + 1);
        if !(sep == "-" || sep == "/")
            || !self.glued(i + 1)
            || self.low(i + 3) != sep
            || !(i + 2..=i + 4).all(|k| self.glued(k))
        {
            return None;
        }
        let (mt, dt) = (self.toks.get(i + 2)?, self.toks.get(i + 4)?);
        if mt.raw.len() != 2 || mt.kind != TokKind::Num {
            return None;
        }
        // The day may carry a time: "09T10" of "2021-12-09T10:00Z".
        let timed = dt.raw.len() > 3 && dt.raw.as_bytes()[2].eq_ignore_ascii_case(&b't');
        let day_digits = dt.raw.get(..2)?;
        if !(dt.raw.len() == 2 || timed) || !day_digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (m, d): (u32, u32) = (self.num(i + 2, 2)?, day_digits.parse().ok()?);
        NaiveDate::from_ymd_opt(y, m, d)?;
        let mut end = i + 5;
        if timed {
            while self.glued(end)
                && self.is(end, ":")
                && self.glued(end + 1)
                && self.kind(end + 1) != Some(TokKind::Punct)
            {
                end += 2;
            }
        }
        Some((end, Kind::Absolute(Ymd::day(y, m, d))))
    }

    /// "12.07.2019": day, month and year with full stops, as European
    /// ministries write them. Slashed dates are left to their year, since
    /// "09/12/2021" is read differently on each side of the Atlantic.
    fn dotted_at(&self, i: usize) -> Found {
        let d = self.num(i, 2)?;
        // "version 1.2.2019", "1.1.2.2019" are numbers.
        if i > 0 && (self.is_any(i - 1, &["version", "v", "release"]) || (self.is(i - 1, ".") && self.glued(i))) {
            return None;
        }
        if !(self.is(i + 1, ".") && self.is(i + 3, ".") && (i + 1..=i + 4).all(|k| self.glued(k))) {
            return None;
        }
        let m = self.num(i + 2, 2)?;
        let y = self.year_at(i + 4)?;
        NaiveDate::from_ymd_opt(y, m, d)?;
        Some((i + 5, Kind::Absolute(Ymd::day(y, m, d))))
    }

    /// "early 2020", "late 2017", "mid-July 2019", "the mid-1990s",
    /// "late last year", "earlier this year", "later that month".
    fn modified_at(&self, i: usize) -> Found {
        let k = if self.is(i, "the") { i + 1 } else { i };
        let w = self.low(k);
        if matches!(w, "early" | "late" | "mid") {
            let mut j = k + 1;
            if self.is_dash(j) && self.glued(j) {
                j += 1;
            }
            let (end, kind) = self.anchor_at(j)?;
            // "the" only goes with a decade: "the late 1990s", not "the late July".
            if k != i && kind != (Kind::Vague { relative: false }) {
                return None;
            }
            // "late the year" is not English; "late last year" is.
            if self.is(j, "the") {
                return None;
            }
            return Some((end, kind));
        }
        if let Some(found) = self.middecade_at(k, i) {
            return Some(found);
        }
        if k == i && matches!(w, "earlier" | "later") {
            if self.is(i + 1, "in") && self.is(i + 2, "the") && self.is_any(i + 3, &["year", "month", "week"]) {
                let (end, kind) = self.unit_ref_at(i + 2, true)?;
                return Some((end, kind));
            }
            if self.is_any(i + 1, &["this", "that", "last", "next"]) {
                return self.unit_ref_at(i + 1, false);
            }
        }
        None
    }

    /// "mid-1990s" written as one token after the dash is already covered;
    /// this covers "the mid 1990s".
    fn middecade_at(&self, k: usize, i: usize) -> Found {
        if k != i && self.is(k, "mid") {
            if let Some((end, kind)) = self.decade_token_at(k + 1) {
                return Some((end, kind));
            }
        }
        None
    }

    /// "the end of 2021", "the beginning of July", "the first half of next
    /// year", "the third quarter of 2022", "the third quarter", "year-end",
    /// "end-2021", "the first week of July".
    fn part_of_at(&self, i: usize) -> Found {
        // year-end, year end
        if self.is(i, "year") {
            let j = if self.is_dash(i + 1) && self.glued(i + 1) { i + 2 } else { i + 1 };
            if self.is(j, "end") && !(self.is_dash(j + 1) && self.glued(j + 1)) {
                return Some((j + 1, Kind::Published { unit: Unit::Year, n: 0, prec: Prec::Year }));
            }
        }
        // end-2021, end-July
        if self.is(i, "end") && self.is_dash(i + 1) && self.glued(i + 1) && self.glued(i + 2) {
            if let Some((end, kind)) = self.anchor_at(i + 2) {
                if matches!(kind, Kind::Absolute(_) | Kind::Partial { .. }) {
                    return Some((end, kind));
                }
            }
        }
        let k = if self.is(i, "the") { i + 1 } else { i };
        let w = self.low(k);
        // end of year
        if matches!(w, "end" | "beginning" | "start" | "middle" | "close") && self.is(k + 1, "of") {
            if self.is(k + 2, "year") {
                return Some((k + 3, Kind::Published { unit: Unit::Year, n: 0, prec: Prec::Year }));
            }
            let (end, kind) = self.anchor_at(k + 2)?;
            return Some((end, kind));
        }
        let ord = ordinal_word(w);
        let what = self.low(k + 1);
        if k != i && ord.is_some() && matches!(what, "half" | "quarter") {
            let n = ord?;
            let m = match (what, n) {
                ("half", 1) => 1,
                ("half", _) => 7,
                (_, q) => 1 + 3 * (q - 1),
            };
            if what == "half" && w == "fourth" {
                return None;
            }
            if self.is(k + 2, "of") {
                let (end, kind) = self.anchor_at(k + 3)?;
                if kind.prec() != Some(Prec::Year) {
                    return None;
                }
                return Some((end, kind.coarsen(Prec::Year)));
            }
            if what == "quarter" {
                return Some((k + 2, Kind::Partial { m, d: 1, prec: Prec::Year }));
            }
            return None;
        }
        if k != i && ord.is_some() && w != "latter" && matches!(what, "week" | "weeks" | "days") && self.is(k + 2, "of")
        {
            let (end, kind) = self.anchor_at(k + 3)?;
            if kind.prec() != Some(Prec::Month) {
                return None;
            }
            return Some((end, kind));
        }
        None
    }

    /// "Q3 2022", "Q3 of 2022", "H1 2022", "Q3".
    fn quarter_at(&self, i: usize) -> Found {
        let w = self.low(i);
        let b = w.as_bytes();
        if !self.is_word(i) || b.len() != 2 || !self.cap(i) {
            return None;
        }
        let (letter, n) = (b[0], b[1].wrapping_sub(b'0'));
        let m = match (letter, n) {
            (b'q', 1..=4) => 1 + 3 * (u32::from(n) - 1),
            (b'h', 1..=2) => 1 + 6 * (u32::from(n) - 1),
            _ => return None,
        };
        let j = if self.is(i + 1, "of") || self.is(i + 1, ",") { i + 2 } else { i + 1 };
        if let Some(y) = self.year_at(j) {
            return Some((j + 1, Kind::Absolute(Ymd::year(y))));
        }
        if letter == b'q' && !self.after_name(i) && !(self.is_dash(i + 1) && self.glued(i + 1)) {
            return Some((i + 1, Kind::Partial { m, d: 1, prec: Prec::Year }));
        }
        None
    }

    /// "summer 2021", "the summer of 2021", "this summer", "last autumn".
    fn season_at(&self, i: usize) -> Found {
        let k = if self.is(i, "the") { i + 1 } else { i };
        if self.season(k).is_some() {
            let j = if self.is(k + 1, "of") { k + 2 } else { k + 1 };
            if let Some(y) = self.year_at(j) {
                // "the summer 2021" is not English; "the summer of 2021" is.
                if k == i || j == k + 2 {
                    return Some((j + 1, Kind::Absolute(Ymd::year(y))));
                }
            }
            return None;
        }
        if matches!(self.low(i), "this" | "last" | "next") && !self.is(i.wrapping_sub(1), "the") {
            let start = self.season(i + 1)?;
            let step = match self.low(i) {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            return Some((i + 2, Kind::Season { start, step }));
        }
        None
    }

    /// "fiscal 2023", "fiscal year 2023", "FY2023", "FY 2023", "FY23",
    /// "FY2023-24", "this fiscal year".
    fn fiscal_at(&self, i: usize) -> Found {
        let w = self.low(i);
        if w == "fiscal" {
            let j = if self.is(i + 1, "year") { i + 2 } else { i + 1 };
            let y = self.year_at(j)?;
            return Some((self.fiscal_tail(j + 1), Kind::Absolute(Ymd::year(y))));
        }
        if matches!(w, "this" | "last" | "next") && self.is(i + 1, "fiscal") && self.is(i + 2, "year") {
            let n = match w {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            return Some((i + 3, Kind::Published { unit: Unit::Year, n, prec: Prec::Year }));
        }
        if !self.is_word(i) || !w.starts_with("fy") {
            return None;
        }
        let (digits, next) = if w.len() > 2 {
            (&w[2..], i + 1)
        } else if self.is_dash(i + 1) && self.glued(i + 1) && self.is_num(i + 2) && self.glued(i + 2) {
            (self.low(i + 2), i + 3)
        } else if self.is_num(i + 1) {
            (self.low(i + 1), i + 2)
        } else {
            return None;
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let y: i32 = match digits.len() {
            2 => 2000 + digits.parse::<i32>().ok()?,
            4 => digits.parse().ok().filter(|y| (1900..=2099).contains(y))?,
            _ => return None,
        };
        Some((self.fiscal_tail(next), Kind::Absolute(Ymd::year(y))))
    }

    /// The "-24" of "FY2023-24".
    fn fiscal_tail(&self, j: usize) -> usize {
        let t = self.toks.get(j + 1);
        if self.is_dash(j)
            && self.glued(j)
            && self.glued(j + 1)
            && t.is_some_and(|t| t.kind == TokKind::Num && matches!(t.raw.len(), 2 | 4))
        {
            j + 2
        } else {
            j
        }
    }

    /// "the 1990s", "1990s".
    fn decade_at(&self, i: usize) -> Found {
        if self.is(i, "the") {
            return self.decade_token_at(i + 1);
        }
        self.decade_token_at(i).filter(|_| self.low(i).len() == 5)
    }

    /// A year standing alone: "in 2017", "the 2019 contract". Not a count
    /// ("2000 troops"), a label ("Resolution 2231", "MAKS-2021", "DEFEA
    /// 2023") or part of a longer number.
    fn bare_year_at(&self, i: usize) -> Found {
        let y = self.year_at(i)?;
        if !(1900..=2099).contains(&y) {
            return None;
        }
        if i > 0 {
            let p = i - 1;
            if self.glued(i) {
                let before = self.low(p);
                if self.is_dash(p) {
                    let named = p > 0 && self.glued(p) && self.is_word(p - 1);
                    if named && !self.is_any(p - 1, &["pre", "post", "mid", "early", "late", "end", "fy"]) && !self.gathering(i) {
                        return None;
                    }
                } else {
                    // "$2019", "#2019", "1,2019", "0.2019"
                    let symbol = ["$", "\u{20ac}", "\u{a3}", "\u{a5}", "\u{20b9}", "#", "\u{2116}", "+"].contains(&before);
                    let in_number = [",", "."].contains(&before) && p > 0 && self.glued(p) && self.is_num(p - 1);
                    if symbol || in_number {
                        return None;
                    }
                }
            }
            if self.is_any(p, NOT_YEAR_BEFORE) || (self.after_name(i) && !self.gathering(i)) {
                return None;
            }
            if self.is(p, ".") && self.is_any(p.wrapping_sub(1), &["no", "nr"]) {
                return None;
            }
        }
        let j = i + 1;
        if self.glued(j) && (self.is(j, "%") || (self.is(j, ":") && self.is_num(j + 1) && self.glued(j + 1))) {
            return None;
        }
        if self.is_any(j, NOT_YEAR_AFTER) {
            return None;
        }
        let end = if self.is(j, "fiscal") && self.is(j + 1, "year") { j + 2 } else { j };
        Some((end, Kind::Absolute(Ymd::year(y))))
    }

    /// "today", "yesterday", "this morning", "last night", "this year",
    /// "last month", "next week", "last quarter", "last July".
    fn deictic_at(&self, i: usize) -> Found {
        let w = self.low(i);
        let day = match w {
            "today" | "tonight" => Some(0),
            "yesterday" => Some(-1),
            "tomorrow" => Some(1),
            _ => None,
        };
        if let Some(n) = day {
            if self.is(i + 1, "'") && self.is(i + 2, "s") {
                return Some((i + 1, Kind::Published { unit: Unit::Day, n, prec: Prec::Day }));
            }
            let end = if n != 0 && self.is_any(i + 1, PART_OF_DAY) { i + 2 } else { i + 1 };
            return Some((end, Kind::Published { unit: Unit::Day, n, prec: Prec::Day }));
        }
        if !matches!(w, "this" | "last" | "next") {
            return None;
        }
        // "the last year", "the next month" are spans, not dates.
        if i > 0 && self.is_any(i - 1, &["the", "over", "within"]) {
            return None;
        }
        let step = match w {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
        let next = self.low(i + 1);
        match next {
            "morning" | "afternoon" | "evening" if w == "this" => {
                Some((i + 2, Kind::Published { unit: Unit::Day, n: 0, prec: Prec::Day }))
            }
            "night" if w == "last" => Some((i + 2, Kind::Published { unit: Unit::Day, n: -1, prec: Prec::Day })),
            "quarter" => Some((
                i + 2,
                Kind::Published {
                    unit: if step == 0 { Unit::Year } else { Unit::Month },
                    n: 3 * step,
                    prec: Prec::Year,
                },
            )),
            "weekend" => match step {
                -1 => Some((i + 2, Kind::Weekday { wd: Weekday::Sat, step: Step::Before })),
                0 => Some((i + 2, Kind::Weekday { wd: Weekday::Sat, step: Step::OnOrAfter })),
                _ => Some((i + 2, Kind::Vague { relative: true })),
            },
            _ => {
                if let Some(mt) =
                    self.month_at(i + 1).filter(|mt| mt.next == i + 2 && lookup(MONTHS, self.low(i + 1)).is_some())
                {
                    return Some((mt.next, Kind::MonthName { m: mt.m, step: step as i32 }));
                }
                self.unit_ref_at(i, false)
            }
        }
    }

    /// "Tuesday", "on Monday", "last Friday", "Tuesday night".
    fn weekday_at(&self, i: usize) -> Found {
        let (k, step) = match self.low(i) {
            "last" => (i + 1, Step::Before),
            "next" => (i + 1, Step::After),
            // "this Friday" is nearly always the coming one.
            "this" => (i + 1, Step::OnOrAfter),
            _ => (i, Step::OnOrBefore),
        };
        let wd = self.weekday(k)?;
        if k == i && i > 0 && self.cap(i - 1) && self.is_any(i - 1, WEEKDAY_NAME_BEFORE) {
            return None;
        }
        if self.cap(k + 1) && self.is_any(k + 1, WEEKDAY_NAME_AFTER) {
            return None;
        }
        let end = if self.is_any(k + 1, PART_OF_DAY) { k + 2 } else { k + 1 };
        Some((end, Kind::Weekday { wd, step }))
    }

    /// "two years ago", "three months ago", "in two years", "in three
    /// years' time", "two years later", "a year earlier", "five years from now".
    fn offset_at(&self, i: usize) -> Found {
        // "years ago", "decades ago"
        if self.low(i).ends_with('s') && self.unit_at(i).is_some() && self.is(i + 1, "ago") {
            return Some((i + 2, Kind::Vague { relative: true }));
        }
        let future = self.is(i, "in");
        let k = if future { i + 1 } else { i };
        let (count, j) = self.count_at(k)?;
        let (unit, per, decades) = self.unit_at(j)?;
        // "a years" is not English; "one" and "a" go with the singular.
        let singular = !self.low(j).ends_with('s');
        if singular != (count == Some(1)) {
            return None;
        }
        let vague = count.is_none() || decades;
        let n = count.unwrap_or(0).saturating_mul(per);
        let prec = match unit {
            Unit::Day if per == 7 => Prec::Month,
            u => u.prec(),
        };
        if future {
            if count.is_none() || self.is_any(j + 1, &["of", "to", "and", "or"]) {
                return None;
            }
            let mut end = j + 1;
            if self.is(end, "'") && self.is(end + 1, "time") {
                end += 2;
            } else if self.is(end, "time") {
                end += 1;
            }
            let kind = if vague { Kind::Vague { relative: true } } else { Kind::Published { unit, n, prec } };
            return Some((end, kind));
        }
        let after = self.low(j + 1);
        let sign = match after {
            "ago" => -1,
            "from" if self.is(j + 2, "now") => 1,
            "earlier" | "before" => -1,
            "later" | "after" => 1,
            _ => return None,
        };
        if matches!(after, "before" | "after") && self.toks.get(j + 2).is_some_and(|t| t.kind != TokKind::Punct) {
            return None;
        }
        let end = if after == "from" { j + 3 } else { j + 2 };
        let kind = match (vague, after) {
            (true, "ago" | "from") => Kind::Vague { relative: true },
            (true, _) => Kind::Vague { relative: false },
            (false, "ago" | "from") => Kind::Published { unit, n: sign * n, prec },
            (false, _) => Kind::Context { unit, n: sign * n, prec },
        };
        Some((end, kind))
    }

    /// "in the coming months", "in recent years", "in the near future",
    /// "in the months ahead": found, with no single value.
    fn vague_at(&self, i: usize) -> Found {
        let prep = self.is_any(i, &["in", "over", "during", "within"]);
        let k = if prep { i + 1 } else { i };
        let plural = |t: usize| self.is_any(t, &["days", "weeks", "months", "years"]);
        let vague = Kind::Vague { relative: true };
        if self.is(k, "the") {
            match self.low(k + 1) {
                "coming" => {
                    let mut j = k + 2;
                    if self.is(j, "few") {
                        j += 1;
                    } else if self.is(j, "couple") && self.is(j + 1, "of") {
                        j += 2;
                    }
                    return plural(j).then_some((j + 1, vague));
                }
                "next" if self.is(i, "in") && self.is(k + 2, "few") && plural(k + 3) => return Some((k + 4, vague)),
                "near" if self.is_any(k + 2, &["future", "term"]) => return Some((k + 3, vague)),
                _ if plural(k + 1) => {
                    if self.is(k + 2, "ahead") {
                        return Some((k + 3, vague));
                    }
                    if self.is(k + 2, "to") && self.is(k + 3, "come") {
                        return Some((k + 4, vague));
                    }
                }
                _ => {}
            }
            return None;
        }
        if prep && self.is_any(k, &["coming", "recent"]) && plural(k + 1) {
            return Some((k + 2, vague));
        }
        None
    }

    /// "that year", "the same year", "the following year", "the previous
    /// month", "the next day", "later that year".
    fn context_at(&self, i: usize) -> Found {
        let (end, kind) = self.unit_ref_at(i, false)?;
        if !matches!(kind, Kind::Context { .. } | Kind::Vague { relative: false }) {
            return None;
        }
        // "over the next year", "for the following year" are spans.
        let spans: &[&str] = if self.is(i + 1, "next") {
            &["over", "within", "for", "during", "in", "throughout"]
        } else {
            &["over", "within", "for", "during", "throughout"]
        };
        if self.is_any(i + 1, &["next", "following"]) && i > 0 && self.is_any(i - 1, spans) {
            return None;
        }
        Some((end, kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, published: Option<&str>) -> Vec<(String, Option<String>)> {
        find_times(text, published).into_iter().map(|t| (text[t.start..t.end].to_string(), t.value)).collect()
    }

    fn one(text: &str, published: Option<&str>) -> (String, Option<String>) {
        let v = values(text, published);
        assert_eq!(v.len(), 1, "{text:?} gave {v:?}");
        v.into_iter().next().unwrap()
    }

    #[test]
    fn times_published_dates_at_any_precision() {
        assert_eq!(parse_published("2021-12-09"), Some(Ymd::day(2021, 12, 9)));
        assert_eq!(parse_published("2021-12-09T10:00:00Z"), Some(Ymd::day(2021, 12, 9)));
        assert_eq!(parse_published("2022-07"), Some(Ymd::month(2022, 7)));
        assert_eq!(parse_published("2022"), Some(Ymd::year(2022)));
        assert_eq!(parse_published("yesterday"), None);
        assert_eq!(parse_published(""), None);
    }

    #[test]
    fn times_relative_flag() {
        let t = find_times("Russia delivered the S-400 last month.", Some("2021-12-09"));
        assert!(t[0].relative);
        let t = find_times("The deal was signed on 12 July 2019.", Some("2021-12-09"));
        assert!(!t[0].relative);
    }

    #[test]
    fn times_weekday_is_on_or_before_publication() {
        // 2021-12-09 is a Thursday.
        assert_eq!(one("He spoke on Thursday.", Some("2021-12-09")).1.as_deref(), Some("2021-12-09"));
        assert_eq!(one("He spoke on Friday.", Some("2021-12-09")).1.as_deref(), Some("2021-12-03"));
        assert_eq!(one("He spoke last Thursday.", Some("2021-12-09")).1.as_deref(), Some("2021-12-02"));
        assert_eq!(one("They meet next Monday.", Some("2021-12-09")).1.as_deref(), Some("2021-12-13"));
    }

    #[test]
    fn times_yearless_dates_never_after_publication() {
        assert_eq!(one("It was signed on December 7.", Some("2021-12-09")).1.as_deref(), Some("2021-12-07"));
        assert_eq!(one("It was signed on December 17.", Some("2021-12-09")).1.as_deref(), Some("2020-12-17"));
        assert_eq!(one("It was signed in July.", Some("2022")).1.as_deref(), Some("2022-07"));
        assert_eq!(one("It was signed on 17 July.", Some("2022-07")).1.as_deref(), Some("2022-07-17"));
        assert_eq!(one("It was signed on 17 July.", None).1, None);
    }

    #[test]
    fn times_month_arithmetic_wraps_years() {
        assert_eq!(one("It arrived three months ago.", Some("2022-02-10")).1.as_deref(), Some("2021-11"));
        assert_eq!(one("It arrives next month.", Some("2021-12-09")).1.as_deref(), Some("2022-01"));
        assert_eq!(one("It arrived last week.", Some("2022-01-03")).1.as_deref(), Some("2021-12"));
    }

    #[test]
    fn times_never_panic_on_garbage() {
        let pieces = [
            "2019",
            "July",
            "May",
            "12",
            "-",
            "\u{2013}",
            "'",
            "\u{2019}",
            "s",
            "FY",
            "Q3",
            "the",
            "end",
            "of",
            "in",
            "last",
            "é",
            "日本",
            "\u{301}",
            "🚀",
            ",",
            ".",
            " ",
            "\n",
            "1990s",
            "year",
            "ago",
            "two",
            "mid",
            "Tuesday",
            "31",
            "Feb",
            "9999",
            "0000",
            "99999999999999999999",
            "\u{0}",
            "ß",
            "İ",
            "fy99",
            "h1",
            "the",
            "coming",
            "months",
            "29",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let publications = [
            None,
            Some("2021-12-09"),
            Some("2022-07"),
            Some("2022"),
            Some("garbage"),
            Some("9999-12-31"),
            Some("0001-01-01"),
        ];
        for round in 0..3000 {
            let len = (next() % 30) as usize;
            let mut text = String::new();
            for _ in 0..len {
                let piece = pieces[(next() % pieces.len() as u64) as usize];
                text.push_str(piece);
                if next() % 2 == 0 {
                    text.push(' ');
                }
            }
            // Random characters too, of every width.
            for _ in 0..(next() % 5) {
                if let Some(c) = char::from_u32((next() % 0x2_0000) as u32) {
                    text.push(c);
                }
            }
            let published = publications[round % publications.len()];
            let times = find_times(&text, published);
            let mut last_end = 0;
            for t in &times {
                assert!(t.start < t.end && t.end <= text.len(), "{text:?}: {t:?}");
                assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end), "{text:?}: {t:?}");
                assert!(t.start >= last_end, "overlap in {text:?}: {times:?}");
                last_end = t.end;
            }
        }
    }

    #[test]
    fn times_extreme_publication_dates_do_not_overflow() {
        for p in ["9999-12-31", "0001-01-01", "9999", "0000"] {
            let _ = find_times("tomorrow, next month, in 50 years, 20 years ago, next Monday, last week", Some(p));
        }
    }
}
