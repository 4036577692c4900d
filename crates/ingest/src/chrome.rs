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
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

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

/// Builds a set of line patterns for a lazy DFA, which runs them all in one
/// pass over the line. Two things keep it from falling back to the slow
/// PikeVM on every line: word boundaries are ASCII ones (a lazy DFA gives
/// up on a Unicode `\b` as soon as the line has a non-ASCII byte, a curly
/// quote or a dash), and its cache is large enough for fifty patterns with
/// Unicode classes and counted repetitions. The patterns are English words:
/// an ASCII boundary beside them is the same boundary, except next to a
/// non-ASCII letter glued to an English word.
fn line_patterns(patterns: &[&str]) -> RegexSet {
    let patterns = patterns.iter().map(|p| ascii_boundaries(p));
    RegexSetBuilder::new(patterns).dfa_size_limit(16 << 20).build().unwrap()
}

/// One line pattern, as [`line_patterns`] builds them.
fn line_pattern(pattern: &str) -> Regex {
    RegexBuilder::new(&ascii_boundaries(pattern)).dfa_size_limit(16 << 20).build().unwrap()
}

fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

static BOILERPLATE: Lazy<RegexSet> = Lazy::new(|| {
    line_patterns(&[
        // Comment forms: prompts, field labels, counters, moderation notes.
        r"(?i)^please (enter|fill|provide|type|log ?in|sign ?in|login|register)\b",
        r"(?i)^(leave|post|add|write|submit|send|publish) (a |your |new )?(reply|comment|response)",
        r"(?i)^be the first to (comment|review|reply)",
        r"(?i)^(\d+|no)\s+(comments?|replies|responses)$",
        r"(?i)^(no|view|show|load|hide|read) (all |more )?(\d+ )?comments?",
        r"(?i)^comments? (are|is) (closed|disabled|moderated)",
        r"(?i)^(join|start) the (discussion|conversation)",
        r"(?i)^cancel reply$",
        r"(?i)^(comment|name|e-?mail|website|message|your (name|e-?mail|comment|message)( address)?)\s*(\*|\(required\))?\s*:?$",
        r"(?i)^notify me (of|when)\b",
        r"(?i)you have entered an (incorrect|invalid) e-?mail",
        r"(?i)your email address will not be published",
        r"(?i)required fields are marked",
        r"(?i)^save my name",
        r"(?i)this site uses akismet",
        r"(?i)^learn how your comment data",
        r"(?i)^you must be (logged|signed) in",
        r"(?i)^characters? (remaining|left)\b",
        // Share buttons.
        r"(?i)^(share|tweet|pin|email|e-mail|print|whatsapp|facebook|twitter|x|linkedin|telegram|reddit|vk|copy link|share this( article| story| page)?|share on \w+)[:!]?$",
        r"(?i)^(share|follow us|follow|join us) (on|via|in) ",
        r"(?i)^(print|email|e-mail|share|save) this (page|article|story)$",
        // Advertising and "continue reading" breaks.
        r"(?i)^(advertisement|advertising|sponsored( content)?|promoted|ad|scroll to continue|continue reading( below)?|article continues below|story continues below( advertisement)?)$",
        // Subscription prompts.
        r"(?i)^(subscribe|sign up|register|log ?in|sign in|join) (now|today|for|to|here)\b",
        r"(?i)^(subscribe|sign up|register|log ?in|sign in|subscribe now)$",
        r"(?i)newsletter",
        r"(?i)\b(delivered|straight|directly|sent) (straight |directly )?to your inbox\b",
        r"(?i)^enter your (e-?mail|name)\b",
        r"(?i)^by (signing up|subscribing|registering|clicking|continuing)\b.{0,200}(terms|privacy|agree|consent)",
        // Links to other pages.
        r"(?i)^(read|see|view) (more|also|full story|the full)\b",
        r"(?i)^(also read|read also|related|related articles?|related stories|recommended|more on this( story| topic)?|in other news|more|watch|listen)\s*:\s*\S",
        r"(?i)^also read\b",
        r"(?i)^click here\b",
        r"(?i)^(home|news|all news|menu|search|main menu|skip to (main )?content|back to top|top|next|previous|prev|more|close|open)$",
        r"(?i)^(about us|contact us|contact|privacy policy|terms of (use|service)|cookie policy|sitemap|careers)$",
        r"(?i)we use cookies|accept (all )?cookies|cookie settings|manage (cookie )?(preferences|consent)|^accept( all)?$|^reject( all)?$",
        r"(?i)^(related )?(tags?|topics?|categories|category|filed under|keywords|sections?)\s*:",
        r"(?i)^(posted|filed|published|updated|last updated) (in|under|by|on)\b.{0,80}$",
        // Bylines and writing credits.
        r"^(?:[Bb]y|BY|Authors?|AUTHORS?|Written by|WRITTEN BY)\s*:?\s+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}(?:(?:\s*,\s*|\s+and\s+|\s+AND\s+|\s*&\s*)\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}){0,3}(?:\s*[,|/–—]\s*[\p{L}' ]{1,40})?$",
        r"^\(?\s*(?:Reporting|Writing|Editing|Additional reporting|Compiled|Edited|Translated) by\b",
        r"(?i)\bcontributed (to )?(this|the) (report|story|article)\.?\)?$",
        r"(?i)^(reading time|read time|lesezeit|tempo de leitura|время чтения)\s*:|^\d+\s*min(ute)?s?\s+read$",
        r"(?i)^(advert|adverts|sponsored links?|photo gallery|back to gallery|view gallery|see (the )?full gallery|this slideshow requires javascript\.?)$",
        r"(?i)^tell us what you think\b",
        r"(?i)^(reply|report|like|dislike|follow|unfollow)$",
        r"(?i)^(previous|next) (article|post|story)\b",
        r"(?i)^(go|jump) to\b",
        r"(?i)^(watch|listen)( now| live)?:?$",
        r"(?i)^(loading|please wait)\.*$",
        r"(?i)^(if you (liked|enjoyed|found)|support our journalism|donate)\b",
    ])
});

static NOTICE: Lazy<RegexSet> = Lazy::new(|| {
    line_patterns(&[
        r"(?i)^(©|\(c\)|copyright\b)",
        r"(?i)all rights reserved",
        r"(?i)unauthori[sz]ed (use|reproduction|copying)",
        r"(?i)may not be (reproduced|republished|redistributed|published, broadcast|copied|reprinted)",
        r"(?i)(reprint|republication|reproduction) (is )?(prohibited|permitted|only with)",
        r"(?i)^(when|if) (using|quoting|citing|reprinting|copying) (materials|our materials|the materials|content)",
        r"(?i)hyperlink to .{1,40} is (required|mandatory)",
        // A rule about reusing the site's material: what is reused and what that needs.
        r"(?i)^.{0,80}\b(reproduc\w*|reprint\w*|republi\w*|redistribut\w*|copying|use of (our |the |these |this site'?s? )?(materials?|content|articles?))\b.{0,120}\b(prohibited|forbidden|not (be )?permitted|permitted only|allowed only|only with|without (the )?(\w+ ){0,3}(permission|consent)|(link|hyperlink|reference) to .{1,60} (is )?(required|mandatory|obligatory))",
    ])
});

static CREDIT: Lazy<Regex> = Lazy::new(|| {
    line_pattern(r"(?i)^[(\[]?(photo|photos|photograph|image|images|picture|pic|video|illustration|graphic|infographic|credit|credits|cover photo|main photo|file photo|top photo|featured image|source of (the )?photo|foto|fotos|фото|bild|imagen|immagine|crédito|crédit)\s*(:|by\b|credit\b|courtesy\b|©|—|-\s|/\s)")
});

static LIST_HEADER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(latest|top|more|popular|trending|recent|related|breaking|other|editor'?s|featured|recommended|most (read|popular|viewed|shared|commented))( \w+){0,3}\s*:?$|^(must read|read next|related|see also|in other news|you (may|might) (also )?(like|enjoy)|don'?t miss|recommended( for you)?|more on this( topic| story)?|what to read next|trending now|elsewhere)\s*(:|\.\.\.|…)?$").unwrap()
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

/// Words that a date line may carry besides its date: labels ("Published",
/// "Last updated"), weekdays, times and time zones.
fn is_date_line_word(w: &str) -> bool {
    static LABEL: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(\d{1,2}(:\d\d)?(am|pm)|ist|gmt|utc|est|edt|pst|cet|cest|msk|published|updated|posted|last|first|modified|created|issued|date|on|at|am|pm|a\.m|p\.m|hrs|h|mon(day)?|tue(s(day)?)?|wed(nesday)?|thu(rs(day)?)?|fri(day)?|sat(urday)?|sun(day)?)\.?$").unwrap()
    });
    LABEL.is_match(w)
        || (w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit()))
        || (w.len() <= 5 && w.chars().all(|c| c.is_ascii_uppercase()))
        || w.chars().next().is_some_and(|c| c.is_ascii_digit()) && w.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.')
}

/// A line that is a date and little else: `Published: 12 March 2023 10:41`,
/// `Tuesday, 14 June 2022 | 10:30 CET`, `Updated Mar 12, 2023`.
fn is_date_line(t: &str) -> bool {
    let Some((_, s, e)) = crate::dates::find_full_date(t) else {
        return false;
    };
    // A byline before the date counts for nothing: `By Jane Doe | April 2, 2025`.
    static BYLINE_PREFIX: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?i:by)\s+\p{Lu}[^|•·—–,\d]{0,60}?\s*[|•·—–,]\s*(?i:(?:published|updated|posted)\s*:?\s*(?:on\s+)?)?$").unwrap()
    });
    let before = if BYLINE_PREFIX.is_match(&t[..s]) { "" } else { &t[..s] };
    let rest = format!("{} {}", before, &t[e..]);
    let words: Vec<&str> = WORD.find_iter(&rest).map(|m| m.as_str()).collect();
    words.len() <= 3 && !t.trim_end().ends_with('.') || words.iter().filter(|w| !is_date_line_word(w)).count() == 0
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
    let words = word_count(t);
    if words <= 16 && is_date_line(t) {
        return LineKind::DateOnly;
    }
    if words <= 40 && BOILERPLATE.is_match(t) {
        return LineKind::Boilerplate;
    }
    if words <= 6 && LIST_HEADER.is_match(t) {
        return LineKind::ListHeader;
    }
    if t.ends_with("...") || t.ends_with('…') {
        return LineKind::Teaser;
    }
    if !ends_as_sentence(t) && words <= 25 && t.len() <= 200 {
        return LineKind::Headline;
    }
    LineKind::Prose
}

/// The number of words ([`WORD`] matches) in a line, counted in one pass
/// over its characters: a word starts at a letter or digit and runs on
/// through letters, digits, apostrophes, full stops and hyphens. The lines
/// of every page go through here, so no regex search per word.
pub(crate) fn word_count(line: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in line.chars() {
        let letter_or_digit = if c.is_ascii() { c.is_ascii_alphanumeric() } else { is_letter_or_number(c) };
        if in_word {
            in_word = letter_or_digit || matches!(c, '\'' | '’' | '.' | '-');
        } else if letter_or_digit {
            count += 1;
            in_word = true;
        }
    }
    count
}

/// `\p{L}` or `\p{N}`, as the regex crate reads them.
fn is_letter_or_number(c: char) -> bool {
    static LN: Lazy<Regex> = Lazy::new(|| Regex::new(r"^[\p{L}\p{N}]$").unwrap());
    let mut buf = [0u8; 4];
    LN.is_match(c.encode_utf8(&mut buf))
}

/// A list item mark or a figure: such short lines are facts in a list, not navigation.
fn is_list_item(line: &str) -> bool {
    line.starts_with(['-', '•', '*', '–', '—', '·', '▪', '►']) || line.chars().any(|c| c.is_ascii_digit())
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
    // A block before the article that runs straight into its first
    // paragraph ends with the article's own title, unless a title came first.
    let mut prose_seen = false;
    let mut title_seen = false;
    let mut i = 0;
    while i < lines.len() {
        if kinds[i] == LineKind::ListHeader {
            chrome[i] = true;
            let mut j = i + 1;
            let mut last = None;
            while j < lines.len() && !matches!(kinds[j], LineKind::Prose | LineKind::DateOnly) {
                chrome[j] = true;
                if kinds[j] != LineKind::Blank {
                    last = Some(j);
                }
                j += 1;
            }
            if let Some(l) = last {
                if !prose_seen && !title_seen && j < lines.len() && kinds[l] == LineKind::Headline && word_count(lines[l]) >= 3 {
                    chrome[l] = false;
                }
            }
            i = j;
            continue;
        }
        if kinds[i] == LineKind::Headline {
            match next_content(i) {
                Some(j) if kinds[j] == LineKind::Teaser => chrome[i] = true,
                _ if word_count(lines[i]) >= 3 && !chrome[i] => title_seen = true,
                _ => {}
            }
        }
        if kinds[i] == LineKind::Prose {
            prose_seen = true;
        }
        i += 1;
    }

    // Runs of lines that are not prose. Three or more short lines (at most
    // four words, no figures) are a menu; three or more headlines in a row
    // are a list of other articles (an article's title, standfirst and
    // subheadings never stand three in a row). A run that runs straight into
    // the first paragraph keeps its last line: the article's title.
    let is_menu_item = |k: usize| {
        matches!(kinds[k], LineKind::Headline | LineKind::Boilerplate | LineKind::ListHeader)
            && word_count(lines[k]) <= 4
            && !is_list_item(lines[k])
    };
    let is_list_headline = |k: usize| {
        kinds[k] == LineKind::Headline
            && (4..=20).contains(&word_count(lines[k]))
            && !lines[k].starts_with(['-', '•', '*', '–', '—', '·', '▪', '►'])
            && !lines[k].ends_with(':')
    };
    for is_member in [&is_menu_item as &dyn Fn(usize) -> bool, &is_list_headline] {
        let mut i = 0;
        while i < lines.len() {
            if kinds[i] == LineKind::Blank || !is_member(i) {
                i += 1;
                continue;
            }
            let mut members = vec![i];
            while let Some(k) = next_content(*members.last().unwrap()).filter(|&k| is_member(k)) {
                members.push(k);
            }
            let last = *members.last().unwrap();
            let n_headlines = members.iter().filter(|&&k| kinds[k] == LineKind::Headline).count();
            if members.len() >= 3 && n_headlines >= 2 {
                let before_body = !(0..i).any(|k| kinds[k] == LineKind::Prose && !chrome[k]);
                let into_body = next_content(last).is_some_and(|k| kinds[k] == LineKind::Prose);
                for &k in &members {
                    chrome[k] = true;
                }
                if before_body && into_body && kinds[last] == LineKind::Headline && word_count(lines[last]) >= 3 {
                    chrome[last] = false;
                }
            }
            i = last + 1;
        }
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
        let words = word_count(lines[i]);
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
                || (kinds[body_start] == LineKind::Headline && word_count(lines[body_start]) < 3))
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

    /// The one-pass word count agrees with the word pattern on lines of
    /// every kind of character: ASCII, accents, Cyrillic, CJK, combining
    /// marks, digits in other scripts, curly quotes, dashes and joiners.
    #[test]
    fn word_count_agrees_with_the_word_pattern() {
        let pool: Vec<char> = "aZ09 .,-'’\"“”—–_/()x\u{301}éßЖж中文٣३ह\u{93f}\u{200b}\t!?:;&%$€№ⅫĲ".chars().collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let len = (seed % 24) as usize;
            let mut line = String::new();
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                line.push(pool[(seed % pool.len() as u64) as usize]);
            }
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            assert_eq!(word_count(&line), WORD.find_iter(&line).count(), "{line:?}");
        }
        assert_eq!(word_count("Turkey's S-400 deal, signed in 2017 — or was it?"), 9);
        assert_eq!(word_count("Министр обороны заявил"), 3);
        assert_eq!(word_count(""), 0);
    }

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
    fn date_lines_carry_labels_weekdays_and_times() {
        assert_eq!(classify("Published: 12 March 2023 10:41"), LineKind::DateOnly);
        assert_eq!(classify("Tuesday, 14 June 2022 | 10:30 CET"), LineKind::DateOnly);
        assert_eq!(classify("Last updated: 28 September 2023 11:20"), LineKind::DateOnly);
        assert_eq!(classify("Posted on 2022-04-10T09:12:00+02:00"), LineKind::DateOnly);
        assert_eq!(classify("Poland and Korea signed the deal on 27 August 2022 in Warsaw."), LineKind::Prose);
    }

    #[test]
    fn bylines_and_form_labels() {
        assert_eq!(classify("By Jane Doe and Rahul Mehta"), LineKind::Boilerplate);
        assert_eq!(classify("By JANE DOE, Defence Correspondent"), LineKind::Boilerplate);
        assert_eq!(classify("Email *"), LineKind::Boilerplate);
        assert_eq!(classify("(Reporting by Ivana Petrovic; Editing by Anna Berg)"), LineKind::Boilerplate);
        // A sentence that opens with "By" is not a byline.
        assert_eq!(classify("By the end of the year, Poland will have received 180 tanks."), LineKind::Prose);
        // A byline with the date on the same line is a date line.
        assert_eq!(classify("By Defence Trade Staff | April 2, 2025"), LineKind::DateOnly);
        assert_eq!(classify("By Jane Doe, Published 2 April 2025"), LineKind::DateOnly);
        assert_eq!(classify("By March 2, 2025, the army will have its first tanks."), LineKind::Prose);
    }

    #[test]
    fn menu_runs_and_headline_runs_are_cut() {
        let page = read_text(
            "World\nAir Power\nSea Power\nSpace and Cyber\n\nQatar signs for more Typhoons\n\nQatar signed a contract for 12 more Eurofighter Typhoon jets, the maker said.\n\nMexico buys patrol boats from Dutch yard\nColombia eyes used fighter jets from Sweden\nEcuador receives radars from Spain\n\nThe deal is worth about $1 billion, officials said.\n",
        );
        assert_eq!(page.title.as_deref(), Some("Qatar signs for more Typhoons"));
        assert!(!page.text.contains("Space and Cyber"), "{}", page.text);
        assert!(!page.text.contains("Mexico buys"), "{}", page.text);
        assert!(page.text.contains("about $1 billion"), "{}", page.text);
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
