//! Calendar dates as news pages write them: `09 December 2021`, `Oct 5, 2018`,
//! `December 7` (no year), `2020-12-07T10:00:00Z`, `/2020/12/07/` in URLs.

use chrono::{Datelike, NaiveDate, Weekday};
use once_cell::sync::Lazy;
use regex::Regex;

/// A date as far as the words fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateParts {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl DateParts {
    /// ISO 8601 at the precision known; None without a year.
    pub fn iso(&self) -> Option<String> {
        let y = self.year?;
        Some(match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{y:04}-{m:02}"),
            _ => format!("{y:04}"),
        })
    }
}

pub fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    let m = match n.as_str() {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

pub fn weekday_from_name(name: &str) -> Option<Weekday> {
    Some(match name.to_ascii_lowercase().as_str() {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// The weekday's name in full, as a reader writes it: `Monday`, not `Mon`.
pub fn weekday_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

const MONTHS: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";

static ISO: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?\b").unwrap());
static SLASHED: Lazy<Regex> = Lazy::new(|| Regex::new(r"\b((?:19|20)\d\d)/(\d\d?)/(\d\d?)\b").unwrap());
/// Numbers with slashes, `11/20/2019` or `20/11/2019`: only when the order
/// shows (one number is above 12); `05/06/2022` could be either.
static NUMERIC_SLASHED: Lazy<Regex> = Lazy::new(|| Regex::new(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b").unwrap());
/// Day first, dotted, as European pages write it: `05.06.2022` is 5 June.
static DOTTED: Lazy<Regex> = Lazy::new(|| Regex::new(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b").unwrap());
static DAY_MONTH_YEAR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?({MONTHS}),?\s+((?:19|20)\d\d)\b")).unwrap()
});
static MONTH_DAY_YEAR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(r"(?i)\b({MONTHS})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b")).unwrap()
});
static MONTH_YEAR: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"(?i)\b({MONTHS}),?\s+((?:19|20)\d\d)\b")).unwrap());
static MONTH_DAY: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"\b({MONTHS})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b")).unwrap());
static DAY_MONTH: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})\b")).unwrap());

fn valid(y: i32, m: u32, d: u32) -> Option<DateParts> {
    NaiveDate::from_ymd_opt(y, m, d)?;
    Some(DateParts { year: Some(y), month: Some(m), day: Some(d) })
}

/// Finds the first full date (with year) in `s`, with its byte range.
pub fn find_full_date(s: &str) -> Option<(DateParts, usize, usize)> {
    let mut best: Option<(DateParts, usize, usize)> = None;
    let mut consider = |d: Option<DateParts>, start: usize, end: usize| {
        if let Some(d) = d {
            if best.map_or(true, |b| start < b.1) {
                best = Some((d, start, end));
            }
        }
    };
    if let Some(c) = ISO.captures(s) {
        let m = c.get(0).unwrap();
        consider(valid(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?), m.start(), m.end());
    }
    if let Some(c) = SLASHED.captures(s) {
        let m = c.get(0).unwrap();
        consider(valid(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?), m.start(), m.end());
    }
    if let Some(c) = NUMERIC_SLASHED.captures(s) {
        let m = c.get(0).unwrap();
        let (a, b): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
        let (month, day) = match (a > 12, b > 12) {
            (false, true) => (a, b),
            (true, false) => (b, a),
            _ => (0, 0),
        };
        if month > 0 {
            consider(valid(c[3].parse().ok()?, month, day), m.start(), m.end());
        }
    }
    if let Some(c) = DOTTED.captures(s) {
        let m = c.get(0).unwrap();
        consider(valid(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?), m.start(), m.end());
    }
    if let Some(c) = DAY_MONTH_YEAR.captures(s) {
        let m = c.get(0).unwrap();
        consider(valid(c[3].parse().ok()?, month_number(&c[2])?, c[1].parse().ok()?), m.start(), m.end());
    }
    if let Some(c) = MONTH_DAY_YEAR.captures(s) {
        let m = c.get(0).unwrap();
        consider(valid(c[3].parse().ok()?, month_number(&c[1])?, c[2].parse().ok()?), m.start(), m.end());
    }
    best
}

/// Finds a day and month without a year (`December 7`, `7 December`).
pub fn find_yearless_date(s: &str) -> Option<(u32, u32, usize, usize)> {
    let a = MONTH_DAY.captures(s).and_then(|c| {
        let m = c.get(0)?;
        Some((month_number(&c[1])?, c[2].parse::<u32>().ok()?, m.start(), m.end()))
    });
    let b = DAY_MONTH.captures(s).and_then(|c| {
        let m = c.get(0)?;
        Some((month_number(&c[2])?, c[1].parse::<u32>().ok()?, m.start(), m.end()))
    });
    let found = match (a, b) {
        (Some(a), Some(b)) => Some(if a.2 <= b.2 { a } else { b }),
        (a, b) => a.or(b),
    }?;
    // February 29 is valid in some year; anything beyond a month's days is not a date.
    NaiveDate::from_ymd_opt(2000, found.0, found.1)?;
    Some(found)
}

/// Parses a string that should be a date (a metadata field): full dates,
/// RFC 2822, `YYYY-MM`, `YYYY`.
pub fn parse_any_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive().format("%Y-%m-%d").to_string());
    }
    if let Some((d, _, _)) = find_full_date(s) {
        return d.iso();
    }
    static YM: Lazy<Regex> = Lazy::new(|| Regex::new(r"^((?:19|20)\d\d)-(\d\d)$").unwrap());
    if let Some(c) = YM.captures(s) {
        let m: u32 = c[2].parse().ok()?;
        if (1..=12).contains(&m) {
            return Some(format!("{}-{:02}", &c[1], m));
        }
    }
    if let Some(c) = MONTH_YEAR.captures(s) {
        return Some(format!("{}-{:02}", &c[2], month_number(&c[1])?));
    }
    static Y: Lazy<Regex> = Lazy::new(|| Regex::new(r"^((?:19|20)\d\d)$").unwrap());
    Y.captures(s).map(|c| c[1].to_string())
}

/// A date in a URL path: `/2020/12/07/`, `/2020-12-07/`, `/20201207/`, or `/2020/12/`.
pub fn date_from_url(url: &str) -> Option<String> {
    static FULL: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"/((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)(?:/|-|$|\.|_)").unwrap());
    static COMPACT: Lazy<Regex> = Lazy::new(|| Regex::new(r"/((?:19|20)\d\d)(\d\d)(\d\d)(?:/|-|_)").unwrap());
    static MONTH: Lazy<Regex> = Lazy::new(|| Regex::new(r"/((?:19|20)\d\d)/(\d\d)/").unwrap());
    let path = url.split_once("://").map(|(_, rest)| rest).unwrap_or(url);
    let path = &path[path.find('/').unwrap_or(path.len())..];
    for re in [&*FULL, &*COMPACT] {
        if let Some(c) = re.captures(path) {
            if let Some(d) = valid(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?) {
                return d.iso();
            }
        }
    }
    if let Some(c) = MONTH.captures(path) {
        let m: u32 = c[2].parse().ok()?;
        if (1..=12).contains(&m) {
            return Some(format!("{}-{:02}", &c[1], m));
        }
    }
    None
}

/// The years in `[from, to]` in which `month`/`day` fell on `weekday`.
pub fn years_with_weekday(month: u32, day: u32, weekday: Weekday, from: i32, to: i32) -> Vec<i32> {
    (from..=to)
        .filter(|&y| NaiveDate::from_ymd_opt(y, month, day).is_some_and(|d| d.weekday() == weekday))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_dates_in_common_forms() {
        let iso = |s: &str| find_full_date(s).and_then(|d| d.0.iso());
        assert_eq!(iso("09 December 2021").as_deref(), Some("2021-12-09"));
        assert_eq!(iso("Posted Oct 5, 2018 at 10:00").as_deref(), Some("2018-10-05"));
        assert_eq!(iso("Sept. 14, 2019").as_deref(), Some("2019-09-14"));
        assert_eq!(iso("2020-12-07T10:15:00+03:00").as_deref(), Some("2020-12-07"));
        assert_eq!(iso("1st of March, 2022").as_deref(), Some("2022-03-01"));
        assert_eq!(iso("31 February 2021"), None);
        assert_eq!(iso("Published 05.06.2022 14:10").as_deref(), Some("2022-06-05"));
        assert_eq!(iso("11/20/2019 01:14 PM").as_deref(), Some("2019-11-20"));
        assert_eq!(iso("20/11/2019").as_deref(), Some("2019-11-20"));
        assert_eq!(iso("05/06/2022"), None);
        assert_eq!(iso("in 2017"), None);
    }

    #[test]
    fn yearless_dates() {
        assert_eq!(find_yearless_date("MOSCOW, December 7. /TASS/").map(|d| (d.0, d.1)), Some((12, 7)));
        assert_eq!(find_yearless_date("LONDON, 3 March (Reuters)").map(|d| (d.0, d.1)), Some((3, 3)));
        assert_eq!(find_yearless_date("December 45"), None);
    }

    #[test]
    fn url_dates() {
        assert_eq!(date_from_url("https://x.com/news/2019/07/12/s400-arrives").as_deref(), Some("2019-07-12"));
        assert_eq!(date_from_url("https://x.com/2019/07/story.html").as_deref(), Some("2019-07"));
        assert_eq!(date_from_url("https://x.com/a/20190712-story").as_deref(), Some("2019-07-12"));
        assert_eq!(date_from_url("https://x.com/story-12345"), None);
    }

    #[test]
    fn metadata_dates() {
        assert_eq!(parse_any_date("Mon, 07 Dec 2020 10:00:00 GMT").as_deref(), Some("2020-12-07"));
        assert_eq!(parse_any_date("2020-12").as_deref(), Some("2020-12"));
        assert_eq!(parse_any_date("2020").as_deref(), Some("2020"));
        assert_eq!(parse_any_date("yesterday"), None);
    }

    #[test]
    fn weekday_years() {
        // 7 December fell on a Monday in 2015 and 2020.
        assert_eq!(years_with_weekday(12, 7, Weekday::Mon, 2010, 2025), vec![2015, 2020]);
    }
}
