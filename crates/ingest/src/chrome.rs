//! Site chrome in plain text pasted from web pages: a line classifier.
//!
//! Pages pasted as text keep their navigation, lists of unrelated headlines
//! with teasers, comment forms, credits and copyright notices. We recognise
//! them by shape, not by their words alone: short title-like lines in runs,
//! teaser sentences cut off with "...", form prompts, credit and notice
//! prefixes, and a trailing block of lines that are not prose. What is cut
//! stays available (in [`Page::head`] and [`Page::tail`]) for metadata: a
//! sign-off names the outlet, a copyright line gives the year.

use crate::Page;
use dossier_model::{Basis, Source};
use once_cell::sync::Lazy;
use regex::{Regex, RegexSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// Comment forms, share buttons, subscription prompts, navigation words.
    Boilerplate,
    /// Copyright and reprint notices.
    Notice,
    /// Photo and image credits.
    Credit,
    /// A header that opens a list of other articles ("Latest News", "Must Read").
    ListHeader,
    /// A teaser: a sentence cut off with an ellipsis.
    Teaser,
    /// A date alone on its line.
    DateOnly,
    /// A short line without closing punctuation: a title, a subheading, a headline in a list.
    Headline,
    /// Running text.
    Prose,
}

static BOILERPLATE: Lazy<RegexSet> = Lazy::new(|| {
    RegexSet::new([
        r"(?i)^please (enter|fill|provide|type) ",
        r"(?i)^(leave|post|add|write|submit) (a |your )?(reply|comment|response)",
        r"(?i)^be the first to (comment|review|reply)",
        r"(?i)^\d+\s+comments?$",
        r"(?i)^(no|view|show|load|hide) (more )?comments?",
        r"(?i)your email address will not be published",
        r"(?i)required fields are marked",
        r"(?i)^save my name",
        r"(?i)this site uses akismet",
        r"(?i)^learn how your comment data",
        r"(?i)^you must be logged in",
        r"(?i)^(share|tweet|pin|email|print|whatsapp|facebook|twitter|linkedin|telegram|reddit|vk|copy link|share this( article| story)?|share on \w+)[:!]?$",
        r"(?i)^(share|follow us) (on|via) ",
        r"(?i)^(advertisement|advertising|sponsored( content)?|promoted|ad)$",
        r"(?i)^(subscribe|sign up|register|log ?in|sign in|join) (now|today|for|to|here)\b",
        r"(?i)newsletter",
        r"(?i)^(read|see|view) (more|also|full story|the full)\b",
        r"(?i)^also read\b",
        r"(?i)^click here\b",
        r"(?i)^(home|news|all news|menu|search|main menu|skip to (main )?content|back to top|top|next|previous|prev|more|close|open)$",
        r"(?i)^(about us|contact us|contact|privacy policy|terms of (use|service)|cookie policy|sitemap|careers)$",
        r"(?i)we use cookies|accept (all )?cookies|cookie settings",
        r"(?i)^(tags?|topics?|categories|category|filed under|keywords)\s*:",
        r"(?i)^(posted|filed|published|updated|last updated) (in|under|by|on)\b.{0,80}$",
        r"(?i)^(by|author|written by)\s*:?\s+[A-Z][\p{L}.'-]+( [A-Z][\p{L}.'-]+){0,3}$",
        r"(?i)^(reply|report|like|dislike|follow|unfollow)$",
        r"(?i)^(previous|next) (article|post|story)\b",
        r"(?i)^(go|jump) to\b",
        r"(?i)^(watch|listen)( now| live)?:?$",
        r"(?i)^(loading|please wait)\.*$",
        r"(?i)^(if you (liked|enjoyed|found)|support our journalism|donate)\b",
    ])
    .unwrap()
});

static NOTICE: Lazy<RegexSet> = Lazy::new(|| {
    RegexSet::new([
        r"(?i)^(©|\(c\)|copyright\b)",
        r"(?i)all rights reserved",
        r"(?i)unauthori[sz]ed (use|reproduction|copying)",
        r"(?i)may not be (reproduced|republished|redistributed|published, broadcast)",
        r"(?i)(reprint|republication|reproduction) (is )?(prohibited|permitted|only with)",
        r"(?i)^(when|if) (using|quoting|citing) (materials|our materials)",
        r"(?i)hyperlink to .{1,40} is (required|mandatory)",
    ])
    .unwrap()
});

static CREDIT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(photo|photos|photograph|image|images|picture|pic|video|illustration|graphic|infographic|credit|credits|cover photo|main photo|file photo|source of (the )?photo)\s*(:|by\b|credit\b|©|—|-\s)").unwrap()
});

static LIST_HEADER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(latest|top|more|popular|trending|recent|related|breaking|other|editor'?s|featured|recommended|most (read|popular|viewed|shared|commented))( \w+){0,2}$|^(must read|read next|related|see also|in other news|you (may|might) (also )?like|don'?t miss|recommended( for you)?|more on this( topic| story)?|what to read next|trending now|elsewhere)\s*:?$").unwrap()
});

static WORD: Lazy<Regex> = Lazy::new(|| Regex::new(r"[\p{L}\p{N}][\p{L}\p{N}'’.\-]*").unwrap());

fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}')
}

fn ends_as_sentence(line: &str) -> bool {
    let t = line.trim_end();
    if t.ends_with("...") || t.ends_with('…') {
        return false;
    }
    // Closing quotes and brackets count only after sentence punctuation:
    // `he said "yes."` ends a sentence, `Name "Title"` and `Headline (ABC)` do not.
    let core = t.trim_end_matches(['"', '”', '’', '»', ')', ']', '\'']);
    core.ends_with(['.', '!', '?', ';', ':'])
}

/// Classifies one line by its shape.
pub fn classify(line: &str) -> LineKind {
    let t = line.trim();
    if is_blank(t) {
        return LineKind::Blank;
    }
    if NOTICE.is_match(t) {
        return LineKind::Notice;
    }
    if CREDIT.is_match(t) {
        return LineKind::Credit;
    }
    let words = WORD.find_iter(t).count();
    if words <= 40 && BOILERPLATE.is_match(t) {
        return LineKind::Boilerplate;
    }
    if words <= 6 && LIST_HEADER.is_match(t) {
        return LineKind::ListHeader;
    }
    if let Some((_, s, e)) = crate::dates::find_full_date(t) {
        // A date with at most a word or two around it ("Published 09 December 2021").
        let rest = format!("{} {}", &t[..s], &t[e..]);
        if WORD.find_iter(&rest).count() <= 3 {
            return LineKind::DateOnly;
        }
    }
    if t.ends_with("...") || t.ends_with('…') {
        return LineKind::Teaser;
    }
    if !ends_as_sentence(t) && words <= 25 && t.len() <= 200 {
        return LineKind::Headline;
    }
    LineKind::Prose
}

/// Reads a plain-text article: title, main text without chrome, and the cut lines.
pub fn read_text(raw: &str) -> Page {
    let lines: Vec<&str> = raw.lines().map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')).collect();
    let kinds: Vec<LineKind> = lines.iter().map(|l| classify(l)).collect();
    let next_content = |i: usize| (i + 1..lines.len()).find(|&j| kinds[j] != LineKind::Blank);

    let mut chrome = vec![false; lines.len()];
    for (i, k) in kinds.iter().enumerate() {
        if matches!(k, LineKind::Blank | LineKind::Boilerplate | LineKind::Notice | LineKind::Credit | LineKind::Teaser) {
            chrome[i] = true;
        }
    }

    // Lists of other articles: a list header opens a block that runs while
    // the lines are headlines or teasers; it ends at the first prose line.
    // Without a header, a headline followed by a teaser is one list item.
    let mut i = 0;
    while i < lines.len() {
        if kinds[i] == LineKind::ListHeader {
            chrome[i] = true;
            let mut j = i + 1;
            while j < lines.len() && !matches!(kinds[j], LineKind::Prose | LineKind::DateOnly) {
                chrome[j] = true;
                j += 1;
            }
            i = j;
            continue;
        }
        if kinds[i] == LineKind::Headline {
            if let Some(j) = next_content(i) {
                if kinds[j] == LineKind::Teaser {
                    chrome[i] = true;
                }
            }
        }
        i += 1;
    }

    // Breadcrumbs: a line that runs the path into the title ("HomeNewsTitle").
    for i in 0..lines.len() {
        if let Some(j) = next_content(i) {
            let (a, b) = (lines[i], lines[j]);
            if a.len() > b.len() && b.len() >= 10 && a.ends_with(b) && kinds[i] != LineKind::Prose {
                chrome[i] = true;
            }
        }
    }

    // The title: the first remaining line that reads like one.
    let mut title_idx = None;
    for i in 0..lines.len() {
        if chrome[i] {
            continue;
        }
        let words = WORD.find_iter(lines[i]).count();
        match kinds[i] {
            LineKind::Headline if words >= 3 => {
                title_idx = Some(i);
                break;
            }
            LineKind::Headline | LineKind::DateOnly => continue,
            // A first line of long prose: the text has no title line.
            _ => break,
        }
    }

    // The head: everything up to the title, the title, and date lines and
    // short navigation lines right after it.
    let mut body_start = match title_idx {
        Some(t) => t + 1,
        None => 0,
    };
    if title_idx.is_none() {
        // Without a title, skip leading navigation and date lines.
        while body_start < lines.len()
            && (chrome[body_start]
                || kinds[body_start] == LineKind::DateOnly
                || (kinds[body_start] == LineKind::Headline && WORD.find_iter(lines[body_start]).count() < 3))
        {
            body_start += 1;
        }
    }
    while body_start < lines.len() && (chrome[body_start] || kinds[body_start] == LineKind::DateOnly) {
        body_start += 1;
    }

    // The trailing block: from the end, lines that are not prose (sign-offs,
    // credits, notices, forms, lone headlines) up to the last prose line.
    let mut body_end = lines.len();
    while body_end > body_start && !(kinds[body_end - 1] == LineKind::Prose && !chrome[body_end - 1]) {
        body_end -= 1;
    }

    let mut page = Page::default();
    for (i, line) in lines.iter().enumerate() {
        if is_blank(line) {
            continue;
        }
        if i < body_start {
            if Some(i) != title_idx {
                page.head.push(line.to_string());
            }
        } else if i >= body_end {
            page.tail.push(line.to_string());
        } else if chrome[i] || kinds[i] == LineKind::DateOnly {
            page.tail.push(line.to_string());
        } else {
            if !page.text.is_empty() {
                page.text.push_str("\n\n");
            }
            page.text.push_str(line);
        }
    }
    if let Some(t) = title_idx {
        page.title = Some(lines[t].to_string());
        page.title_source = Some(Source { basis: Basis::Text, rule: "first-line".into(), evidence: lines[t].to_string() });
        page.head.insert(0, lines[t].to_string());
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_shapes() {
        assert_eq!(classify("Please enter your comment!"), LineKind::Boilerplate);
        assert_eq!(classify("Leave a Reply"), LineKind::Boilerplate);
        assert_eq!(classify("Photo: AP / John Smith"), LineKind::Credit);
        assert_eq!(classify("© 2024 Example Media. All rights reserved."), LineKind::Notice);
        assert_eq!(classify("Top Stories"), LineKind::ListHeader);
        assert_eq!(classify("Officials said the frigate would arrive in..."), LineKind::Teaser);
        assert_eq!(classify("14 March 2023"), LineKind::DateOnly);
        assert_eq!(classify("Poland orders more K2 tanks"), LineKind::Headline);
        assert_eq!(classify("Poland ordered 180 more K2 tanks on Friday, the ministry said."), LineKind::Prose);
    }

    #[test]
    fn headline_list_without_header_is_cut() {
        let page = read_text(
            "Egypt signs for Rafale jets\n\nCAIRO - Egypt signed a contract for 30 more Rafale jets, officials said.\n\nGreece weighs frigate offer\n\nAthens is looking at two bids for new...\n\nIndia tests new missile\n\nThe test took place off the coast of...\n\nThe deal follows an order for 24 jets in 2015.\n",
        );
        assert_eq!(page.title.as_deref(), Some("Egypt signs for Rafale jets"));
        assert!(page.text.contains("30 more Rafale"));
        assert!(page.text.contains("24 jets in 2015"));
        assert!(!page.text.contains("Greece weighs"), "{}", page.text);
        assert!(!page.text.contains("India tests"), "{}", page.text);
    }
}
