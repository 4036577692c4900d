//! Paragraphs, sentences and word tokens with byte offsets.
//!
//! Sentence ends are `.`, `!`, `?` (and a closing quote after them) followed
//! by space and a capital, digit or opening quote, except after
//! abbreviations (U.S., Gen., Dec., No., Lt. Col.), initials and inside
//! numbers. Quotations that span sentences are handled by the quote reader,
//! which works on offsets, not on sentences.

use dossier_model::Span;

/// A sentence: its span and the paragraph it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
}

impl Sentence {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Paragraph spans: text between blank lines (or single line breaks).
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            push_trimmed(text, start, i, &mut out);
            start = i + 1;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(Span::new(start + lead, end - trail));
    }
}

/// The most tokens a sentence (or, for events, a clause) may have for
/// reported speech and events to be read in it. Both read a sentence by
/// looking, from each speech verb or event trigger, over the words around
/// it, and reported speech again from each clause a comma or semicolon
/// opens: the cost grows with the cube of a sentence's length, and a
/// "sentence" of 4,000 tokens (32 KB of text with no sentence end) took
/// over a minute. Written sentences stay far below this (the longest of
/// 8,000 in the article-bodies benchmark's gold texts and the dev articles
/// has 106 tokens); what is longer is a list, a table or text with no
/// stops, where no frame or event can be read with confidence anyway.
pub const MAX_READ_TOKENS: usize = 200;

/// Nouns for what one side asserts and another may deny: "denied reports
/// that …", "rejected accusations that …", "…, a charge Minsk denies".
pub const CLAIM_NOUNS: &[&str] = &[
    "report", "reports", "claim", "claims", "allegation", "allegations", "accusation", "accusations", "charge", "charges",
    "suggestion", "suggestions", "assertion", "assertions", "rumour", "rumours", "rumor", "rumors", "speculation",
    "estimate", "estimates", "assessment", "assessments", "account", "accounts", "figure", "figures", "findings",
];

pub fn is_claim_noun(w: &str) -> bool {
    CLAIM_NOUNS.contains(&w)
}

const ABBREVIATIONS: &[&str] = &[
    "U.S", "U.K", "U.N", "E.U", "U.S.A", "U.A.E", "D.C", "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt",
    "Cmdr", "Adm", "Sgt", "Brig", "Gov", "Sen", "Rep", "Rev", "St", "Jr", "Sr", "No", "Nos", "Vol", "Fig", "Inc", "Corp",
    "Ltd", "Co", "Bros", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon",
    "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "vs", "etc", "e.g", "i.e", "approx", "est", "Art", "Sec", "Dept", "Govt",
    "Pvt", "Mt", "ca", "al", "Ph.D", "a.m", "p.m",
];

/// Abbreviations after which a capitalised word still continues the sentence
/// (titles and "No."); others (like "etc.", "U.S.") may end one.
const TITLE_ABBREVIATIONS: &[&str] =
    &["Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Cmdr", "Adm", "Sgt", "Brig", "Gov", "Sen", "Rep", "Rev", "St", "No", "Nos", "Fig", "Art", "Sec", "Mt"];

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '«' | '\'' | '„')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '»' | '\'')
}

/// Splits text into sentences, never across paragraphs.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (p, para) in paragraphs(text).into_iter().enumerate() {
        let s = &text[para.start..para.end];
        let mut start = 0;
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (pos, c) = chars[i];
            if matches!(c, '.' | '!' | '?' | '…') {
                // Include closing quotes and brackets right after the mark.
                let mut j = i + 1;
                while j < chars.len() && (is_close_quote(chars[j].1) || chars[j].1 == ')') {
                    j += 1;
                }
                // Runs of marks ("?!", "...") stay together.
                while j < chars.len() && matches!(chars[j].1, '.' | '!' | '?') {
                    j += 1;
                }
                let end = if j < chars.len() { chars[j].0 } else { s.len() };
                if j < chars.len() && !chars[j].1.is_whitespace() {
                    i += 1;
                    continue;
                }
                // The next non-space character.
                let mut k = j;
                while k < chars.len() && chars[k].1.is_whitespace() {
                    k += 1;
                }
                let next = chars.get(k).map(|x| x.1);
                let boundary = match next {
                    None => true,
                    Some(n) => {
                        (n.is_uppercase() || n.is_ascii_digit() || is_open_quote(n) || n == '(' || n == '—' || n == '-')
                            && !(c == '.' && is_abbreviation_before(s, pos, n))
                    }
                };
                if boundary {
                    push_sentence(text, para.start + start, para.start + end, p, &mut out);
                    start = if k < chars.len() { chars[k].0 } else { s.len() };
                    i = k;
                    continue;
                }
            }
            i += 1;
        }
        if start < s.len() {
            push_sentence(text, para.start + start, para.end, p, &mut out);
        }
    }
    out
}

fn push_sentence(text: &str, start: usize, end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let s = &text[start..end];
    let trail = s.len() - s.trim_end().len();
    let lead = s.len() - s.trim_start().len();
    if lead + trail < s.len() {
        out.push(Sentence { start: start + lead, end: end - trail, paragraph });
    }
}

/// Is the period at `dot` the end of an abbreviation or an initial that does
/// not end the sentence, given the next word starts with `next`?
fn is_abbreviation_before(s: &str, dot: usize, next: char) -> bool {
    let before = &s[..dot];
    let word_start = before.rfind(|c: char| c.is_whitespace() || c == '(' || is_open_quote(c)).map(|i| i + before[i..].chars().next().unwrap().len_utf8()).unwrap_or(0);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // A single capital initial ("John F. Kennedy", "J. Smith").
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return next.is_uppercase();
    }
    if TITLE_ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) {
        return true;
    }
    if ABBREVIATIONS.contains(&word) {
        // "U.S. officials said" continues; "in the U.S. The next day" ends. Only a
        // following lower-case word is certain; a capital after an abbreviation
        // most often starts a proper name in news ("U.S. President", "Dec. 5").
        return matches!(word, "U.S" | "U.K" | "U.N" | "E.U" | "D.C")
            || word.len() <= 4 && word.chars().next().is_some_and(|c| c.is_uppercase()) && !matches!(word, "Inc" | "Corp" | "Ltd" | "Co" | "Jr" | "Sr")
                && (next.is_uppercase() || next.is_ascii_digit());
    }
    // Dotted acronyms of any kind ("N.A.T.O").
    word.len() >= 3 && word.split('.').all(|p| p.chars().count() == 1 && p.chars().all(|c| c.is_uppercase()))
}

/// A word token with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl<'a> Token<'a> {
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_uppercase())
    }
    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }
}

/// Word tokens (letters, digits, inner hyphens, apostrophes and dots) and
/// single punctuation tokens, with spans into `text`.
/// Spans kept in order of start with the greatest end so far, so that
/// "does a span cover this point" is one binary search however many spans
/// the document has.
#[derive(Debug, Default, Clone)]
pub struct SpanIndex {
    /// (start, greatest end of this and every earlier span).
    spans: Vec<(usize, usize)>,
}

impl SpanIndex {
    pub fn push(&mut self, span: Span) {
        let last = self.spans.last().copied().unwrap_or((0, 0));
        if span.start >= last.0 {
            self.spans.push((span.start, span.end.max(last.1)));
            return;
        }
        // Out of order (not expected from a reader going through the text,
        // but not wrong): insert, then recompute the running ends from
        // there. Stored ends are maxima over earlier spans, which stay
        // earlier, so recomputing over them is exact.
        let i = self.spans.partition_point(|&(st, _)| st <= span.start);
        self.spans.insert(i, (span.start, span.end));
        let mut max = if i > 0 { self.spans[i - 1].1 } else { 0 };
        for e in &mut self.spans[i..] {
            max = max.max(e.1);
            e.1 = max;
        }
    }
    /// An index that keeps the spans' own order, so that [`Self::touching`]
    /// gives positions in the list they came from; None when they are not
    /// in order of start.
    pub fn in_order(spans: impl IntoIterator<Item = Span>) -> Option<Self> {
        let mut index = Self::default();
        for span in spans {
            if index.spans.last().is_some_and(|&(st, _)| span.start < st) {
                return None;
            }
            index.push(span);
        }
        Some(index)
    }
    /// The positions of the spans that can overlap `start..end`: every span
    /// before them ends at or before `start`, every span after them starts
    /// at or after `end`.
    pub fn touching(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let a = self.spans.partition_point(|&(_, e)| e <= start);
        a..self.spans.partition_point(|&(st, _)| st < end).max(a)
    }
    /// The greatest end of the spans that start at or before `pos`.
    fn reach(&self, pos: usize) -> Option<usize> {
        let i = self.spans.partition_point(|&(st, _)| st <= pos);
        i.checked_sub(1).map(|i| self.spans[i].1)
    }
    /// The greatest end of the spans that start at or before `pos` (0 for none).
    pub fn max_end_from(&self, pos: usize) -> usize {
        self.reach(pos).unwrap_or(0)
    }
    /// Whether a span holds `pos` (start <= pos < end).
    pub fn holds(&self, pos: usize) -> bool {
        self.max_end_from(pos) > pos
    }
    /// Whether a span covers `start..end`.
    pub fn covers(&self, start: usize, end: usize) -> bool {
        self.reach(start).is_some_and(|e| e >= end)
    }
    /// Whether a span overlaps `start..end`.
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        end > 0 && self.max_end_from(end - 1) > start
    }
    /// Whether a span starts in `start..end`.
    pub fn starts_in(&self, start: usize, end: usize) -> bool {
        let i = self.spans.partition_point(|&(st, _)| st < start);
        self.spans.get(i).is_some_and(|&(st, _)| st < end)
    }
}

pub fn tokens(text: &str, span: Span) -> Vec<Token<'_>> {
    let s = &text[span.start..span.end];
    let mut out = Vec::new();
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if d.is_alphanumeric() {
                    end = j + d.len_utf8();
                    iter.next();
                } else if matches!(d, '-' | '\'' | '’' | '.' | '/' | '+') {
                    // Keep inner joiners when a letter or digit follows: "S-400", "Erdogan's", "U.S.", "F/A-18".
                    let mut look = iter.clone();
                    look.next();
                    match look.peek() {
                        Some(&(_, e)) if e.is_alphanumeric() && !(d == '.' && e.is_lowercase() && !s[..j].ends_with(|x: char| x.is_uppercase())) => {
                            iter.next();
                            end = j + d.len_utf8();
                        }
                        _ => {
                            // "U.S." keeps its final dot when it is an abbreviation.
                            if d == '.' && s[i..j].contains('.') && s[i..j].chars().filter(|x| x.is_alphabetic()).all(|x| x.is_uppercase()) {
                                iter.next();
                                end = j + 1;
                            } else if d == '.' && keeps_dot(&s[i..j], &s[j + 1..]) {
                                // "Gen. Tariq Mahmood", "C. B. Ananthakrishnan": a title or an
                                // initial before a name keeps its dot.
                                iter.next();
                                end = j + 1;
                            } else if d == '+' {
                                iter.next();
                                end = j + 1;
                            }
                            break;
                        }
                    }
                } else {
                    break;
                }
            }
            out.push(Token { start: span.start + i, end: span.start + end, text: &text[span.start + i..span.start + end] });
        } else {
            let end = i + c.len_utf8();
            out.push(Token { start: span.start + i, end: span.start + end, text: &text[span.start + i..span.start + end] });
        }
    }
    out
}

/// Titles that stand before a name with a full stop.
const NAME_TITLES: &[&str] = &["Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Cmdr", "Adm", "Sgt", "Brig", "Gov", "Sen", "Rep", "Rev", "Cpl", "Pvt", "Insp", "Supt", "Amb"];

/// Does `word.` keep its dot as part of the token, given the text after the dot?
/// Only before a capitalised word: a title ("Gen.") or a single capital initial ("F.").
fn keeps_dot(word: &str, rest: &str) -> bool {
    let mut after = rest.chars();
    if after.next().is_none_or(|c| c != ' ') {
        return false;
    }
    if !after.next().is_some_and(|c| c.is_uppercase()) {
        return false;
    }
    let mut chars = word.chars();
    let single_initial = chars.next().is_some_and(|c| c.is_uppercase()) && chars.next().is_none();
    single_initial || NAME_TITLES.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn abbreviations_numbers_and_initials_do_not_split() {
        assert_eq!(
            split("U.S. officials met Lt. Col. John F. Smith on Dec. 5. The deal is worth $2.5 billion. It was signed."),
            vec!["U.S. officials met Lt. Col. John F. Smith on Dec. 5.", "The deal is worth $2.5 billion.", "It was signed."]
        );
        assert_eq!(split("He cited Gen. Mark Milley. No. 3 squadron got jets."), vec!["He cited Gen. Mark Milley.", "No. 3 squadron got jets."]);
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            split("\"We will sign it.\" The minister left. “Done,” he said."),
            vec!["\"We will sign it.\"", "The minister left.", "“Done,” he said."]
        );
    }

    #[test]
    fn paragraphs_end_sentences() {
        assert_eq!(split("First line without stop\n\nSecond one."), vec!["First line without stop", "Second one."]);
    }

    #[test]
    fn tokens_keep_designations_whole() {
        let t = "Russia's S-400 and the U.S. F/A-18, 192+ missiles.";
        let toks: Vec<&str> = tokens(t, Span::new(0, t.len())).iter().map(|t| t.text).collect();
        assert_eq!(toks, vec!["Russia's", "S-400", "and", "the", "U.S.", "F/A-18", ",", "192+", "missiles", "."]);
    }

    #[test]
    fn sentences_hold_abbreviations_numbers_and_quotes() {
        assert_eq!(
            split("Lt. Col. Ryan Kowalski met Gen. Tariq Mahmood on Dec. 12. No. 9 Squadron flew 2.5 hours. It landed."),
            vec!["Lt. Col. Ryan Kowalski met Gen. Tariq Mahmood on Dec. 12.", "No. 9 Squadron flew 2.5 hours.", "It landed."]
        );
        assert_eq!(split("The U.S. Army took them. C. B. Rao said so."), vec!["The U.S. Army took them.", "C. B. Rao said so."]);
        // A quote ending in a question mark, attributed in lower case, is one sentence.
        assert_eq!(split("“Why wait?” he asked. Then he left."), vec!["“Why wait?” he asked.", "Then he left."]);
        // An unclosed opening quote does not swallow the paragraph break.
        assert_eq!(split("He said: \"We will sign\n\nThe ministry declined."), vec!["He said: \"We will sign", "The ministry declined."]);
    }

    #[test]
    fn analysis_never_panics_on_random_unicode() {
        // Characters that stress byte offsets: multi-byte letters, combining
        // marks, every quotation mark, sentence and number punctuation.
        const ALPHABET: &[char] = &[
            'a', 'Z', 'S', '-', '4', '0', ' ', ' ', ' ', '\n', '\n', '.', ',', ':', ';', '!', '?', '…', '$', '€', '%', '(', ')',
            '"', '\'', '“', '”', '‘', '’', '«', '»', '„', '—', '–', 'İ', 'ı', 'ş', 'Ł', 'ł', 'é', 'Ö', 'ß', 'Ж', 'ж', 'Ω', '한',
            '中', '\u{301}', '\u{307}', '\u{200b}', '\u{a0}', '🚀', '\t', '\r', 'U', '.', 'S', 'M', 'r', '1', '9', '2',
        ];
        let words = [
            "said", "told", "according to", "Gen.", "Lt.", "U.S.", "Dec.", "No.", "S-400", "$2.5 billion", "Putin", "Ankara",
            "the official", "he", "“", "”", "'", "\"", "«", "»", "\n\n", "Kim Dae-sung", "İbrahim Şentürk", "a Turkish official",
            "that", ",", ".", "2019", "July", "km", "F-35", "signed", "delivered", "Rostec", "the Kremlin", "who",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..3000 {
            let len = (next() % 120) as usize;
            let mut s = String::new();
            for _ in 0..len {
                if round % 2 == 0 {
                    s.push(ALPHABET[(next() % ALPHABET.len() as u64) as usize]);
                } else {
                    s.push_str(words[(next() % words.len() as u64) as usize]);
                    if next() % 3 > 0 {
                        s.push(if next() % 5 == 0 { ALPHABET[(next() % ALPHABET.len() as u64) as usize] } else { ' ' });
                    }
                }
            }
            let x = crate::analyze(&s, &crate::Context::default());
            for q in &x.quotes {
                assert!(s.is_char_boundary(q.start) && s.is_char_boundary(q.end) && q.start <= q.end, "quote offsets in {s:?}");
            }
            for e in &x.entities {
                for m in &e.mentions {
                    assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end), "entity offsets in {s:?}");
                }
            }
        }
    }

    #[test]
    fn titles_and_initials_keep_their_dot_before_a_name() {
        let t = "Lt. Gen. Harpreet Sandhu met C. B. Rao and Plan B. Then he left.";
        let toks: Vec<&str> = tokens(t, Span::new(0, t.len())).iter().map(|t| t.text).collect();
        assert_eq!(toks, vec!["Lt.", "Gen.", "Harpreet", "Sandhu", "met", "C.", "B.", "Rao", "and", "Plan", "B.", "Then", "he", "left", "."]);
    }
}
