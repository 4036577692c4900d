//! Quotes and their speakers.
//!
//! Direct quotes are spans between quotation marks of every common style
//! (`"…"`, `“…”`, `«…»`, `„…“`, `‘…’`, `'…'`, telling closing single marks
//! from apostrophes: "won’t", "the officials' proposal"), including quotes that run over
//! several sentences, paragraphs that continue a quote, and an opening mark
//! that is never closed (the quote then runs to the end of its paragraph).
//! Short quoted names ("scare quotes", titles of laws) are not quotes.
//! Indirect quotes are reported clauses: "X said (that) …", "…, X said",
//! "according to X, …", "X told reporters …", "X noted / warned / denied that …".
//!
//! Speakers are people (resolved to their full name), pronouns (resolved to
//! the last person mentioned), unnamed descriptions ("a Turkish defence
//! official"; "the official" refers back to it), and states or institutions
//! that speak ("Washington said").
//!
//! The text is read once, in order, sentence by sentence, so that "the
//! official" and "he" refer to what came before; a quote with no cue of its
//! own continues the last speaker of a recent quote, or takes the speaker
//! of a paragraph that ends with a colon ("X told the ceremony:").

use crate::entities::{is_speech_verb, Entities, Referent, ROLE_WORDS};
use crate::text::{tokens, Sentence, SpanIndex, Token, MAX_READ_TOKENS};
use dossier_model::Span;

/// A quote before export: its content span, speaker and how it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub span: Span,
    pub direct: bool,
    pub speaker: Option<Speaker>,
    /// For indirect quotes: the speaker phrase and speech verb, so events
    /// in the content are attributed and events are not read from the frame.
    pub frame: Option<Span>,
    /// False for statements found only to attribute events ("This was
    /// announced by X" makes the sentence before X's, but quotes nothing).
    pub export: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub name: String,
    pub role: Option<String>,
    /// The span that named the speaker for this quote.
    pub span: Span,
    pub person: Option<usize>,
}

/// Nouns that head a speaking description: "a Turkish defence official",
/// "the ministry", "Turkish officials", "the company".
const SPEAKER_NOUNS: &[&str] = &[
    "official", "officials", "ministry", "government", "agency", "company", "corporation", "office", "department",
    "spokesman", "spokeswoman", "spokesperson", "source", "sources", "diplomat", "diplomats", "administration",
    "embassy", "statement", "report", "reports", "minister", "ministers", "president", "ceo", "head", "chief",
    "director", "commander", "analyst", "analysts", "expert", "experts", "lawmaker", "lawmakers", "senator",
    "senators", "delegation", "military", "army", "navy", "kremlin", "pentagon", "manufacturer", "firm", "group",
    "service", "authorities", "leadership", "side", "envoy", "ambassador", "representative", "representatives",
    "officer", "officers", "adviser", "advisor", "aide", "aides", "correspondent", "newspaper", "channel",
    "secretary", "general", "chairman", "council", "committee", "parliament", "congress", "senate", "house",
    "reporter", "reporters", "journalist", "person", "people", "insider", "insiders", "observer", "observers",
    "journal", "daily", "magazine", "broadcaster", "outlet", "website", "tabloid", "weekly", "media", "press",
    "executive", "executives", "negotiator", "negotiators", "engineer", "pilot", "ministries", "governments",
    "forces", "force", "presidency", "palace", "cabinet", "directorate", "bureau", "commission", "contractor", "maker",
    "lawyer", "lawyers", "attorney", "attorneys",
    "producer", "exporter", "shipyard", "shipbuilder", "consortium", "supplier",
    "outlets", "newspapers", "broadcasters", "agencies", "channels", "websites", "journals", "dailies",
    "television", "tv", "radio", "gazette", "herald", "tribune", "chronicle",
];

/// Words that say which reports: "recent media reports that …".
const REPORT_WORDS: &[&str] = &["media", "press", "news", "recent", "earlier", "foreign", "local", "Western", "unconfirmed"];

/// A speaker "he" or "she" may stand for: a person, or someone described
/// as one ("the official"), not an office or a state.
fn is_human(sp: &Speaker) -> bool {
    // The head noun: "a spokesman for the Iranian army" is a person.
    let words: Vec<&str> = sp.name.split_whitespace().collect();
    sp.person.is_some()
        || words.get(head_of(&words)).is_some_and(|w| {
            let w = w.to_lowercase();
            ROLE_WORDS.contains(w.as_str()) || HUMAN_NOUNS.contains(&w.as_str())
        })
}

/// Speaker nouns for one person, besides the role words.
const HUMAN_NOUNS: &[&str] = &[
    "source", "person", "insider", "observer", "reporter", "journalist", "engineer", "pilot", "lawyer", "attorney",
    "spokesman", "spokeswoman", "spokesperson",
];

const PRONOUNS: &[&str] = &["he", "she", "He", "She", "they", "They", "him", "her", "them"];

/// Adverbs and short phrases allowed between a speaker and the speech verb.
const ADVERBS: &[&str] = &[
    "also", "later", "then", "further", "previously", "earlier", "repeatedly", "again", "recently", "reportedly", "has",
    "had", "have", "once", "publicly", "separately", "immediately", "bluntly", "flatly", "quickly", "simply", "openly",
];

/// Verbs that attribute a direct quote but do not introduce reported speech
/// ("he asked", "she quipped").
const QUOTE_ONLY_VERBS: &[&str] =
    &["asked", "asks", "quipped", "joked", "wondered", "exclaimed", "tweeted", "posted", "shouted", "recounted", "sighed", "laughed"];

/// Verbs after which a short quoted phrase is what the subject said of
/// something: `called the deal "a turning point"`, `described it as "…"`.
const CHARACTERISING_VERBS: &[&str] = &["called", "calls", "described", "describes", "termed", "terms", "labelled", "labeled", "branded"];

/// Words right before quotation marks that make the quoted words a name.
const NAMING_WORDS: &[&str] = &["so-called", "dubbed", "codenamed", "code-named", "nicknamed", "named", "titled", "entitled", "christened", "called"];

/// Words that end a noun phrase's head and start what modifies it:
/// "a source close to the talks", "an official at the agency".
const POSTMODIFIERS: &[&str] = &["of", "at", "in", "from", "with", "for", "close", "familiar", "on", "to", "who", "involved", "linked", "speaking", "briefed"];

/// Who said what to: "told reporters", "told the Interfax news agency".
const AUDIENCES: &[&str] = &[
    "reporters", "journalists", "lawmakers", "legislators", "parliament", "media", "agency", "broadcaster", "newspaper",
    "daily", "channel", "television", "radio", "conference", "audience", "forum", "committee", "correspondents", "students",
    "senators", "congress", "press", "interviewer", "magazine", "outlet", "website", "briefing", "gathering", "summit",
    "crowd", "delegates", "diplomats", "investors", "colleagues", "counterpart", "supporters", "members", "mps", "us", "me",
    "him", "her", "them", "public", "nation", "assembly", "session", "hearing",
];

fn is_quote_verb(word: &str) -> bool {
    is_speech_verb(word) || QUOTE_ONLY_VERBS.contains(&word)
}

/// A quoted span: its content (without the marks), the opening mark and the
/// end of the closing mark.
#[derive(Debug, Clone, Copy)]
struct Quoted {
    content: Span,
    open: usize,
    close_end: usize,
    closed: bool,
}

fn is_open(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let after_space = |extra: &[char]| prev.is_none_or(|p| p.is_whitespace() || extra.contains(&p));
    let next_word = next.is_some_and(|n| !n.is_whitespace());
    match c {
        '“' | '«' | '„' => next_word,
        '"' => after_space(&['(', '[', '—', '–', '-', ':', '/']) && next_word,
        '‘' => after_space(&['(', '“', '"', '—', '–', ':']) && next_word,
        '\'' => after_space(&['(', '“', '"', '—', '–', ':']) && next.is_some_and(|n| n.is_alphanumeric()),
        _ => false,
    }
}

fn closer_for(open: char) -> &'static [char] {
    match open {
        '“' => &['”', '“', '"'],
        '«' => &['»'],
        '„' => &['“', '”'],
        '"' => &['"', '”'],
        '‘' => &['’', '\''],
        '\'' => &['\'', '’'],
        _ => &[],
    }
}

/// Is the single mark at `j` a closing quote rather than an apostrophe
/// ("won’t", "the officials' proposal")?
fn closes_single(chars: &[(usize, char)], j: usize) -> bool {
    let prev = chars[j - 1].1;
    let next = chars.get(j + 1).map(|x| x.1);
    if next.is_some_and(|n| n.is_alphanumeric()) || prev.is_whitespace() {
        return false;
    }
    if matches!(prev, ',' | '.' | '!' | '?' | '…') {
        return true;
    }
    // A plural possessive before a lower-case noun: "the ministers' meeting".
    let plural_possessive = prev == 's' && next == Some(' ') && chars.get(j + 2).is_some_and(|x| x.1.is_lowercase());
    !plural_possessive
}

fn quoted_in(text: &str, paragraphs: &[Span]) -> Vec<Quoted> {
    let mut out = Vec::new();
    for p in paragraphs {
        let s = &text[p.start..p.end];
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (pos, c) = chars[i];
            let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
            let next = chars.get(i + 1).map(|x| x.1);
            if !is_open(c, prev, next) {
                i += 1;
                continue;
            }
            let single = matches!(c, '‘' | '\'');
            let content_start = pos + c.len_utf8();
            let closers = closer_for(c);
            let mut j = i + 1;
            let mut close = None;
            while j < chars.len() {
                let (q, d) = chars[j];
                if closers.contains(&d) {
                    let next = chars.get(j + 1).map(|x| x.1);
                    let ok = if matches!(d, '’' | '\'') {
                        closes_single(&chars, j)
                    } else {
                        // A straight quote that opens a nested quote is not the closer.
                        !(d == '"' && c == '"' && next.is_some_and(|n| n.is_alphanumeric()) && chars[j - 1].1.is_whitespace())
                    };
                    if ok {
                        close = Some((q, q + d.len_utf8()));
                        break;
                    }
                }
                j += 1;
            }
            match close {
                Some((q, close_end)) => {
                    if let Some(content) = trimmed(text, p.start + content_start, p.start + q) {
                        out.push(Quoted { content, open: p.start + pos, close_end: p.start + close_end, closed: true });
                    }
                    i = j + 1;
                }
                None if single => {
                    // An unclosed single mark is an apostrophe ("the '90s").
                    i += 1;
                }
                None => {
                    // An unclosed double mark runs to the end of its paragraph.
                    if let Some(content) = trimmed(text, p.start + content_start, p.end) {
                        out.push(Quoted { content, open: p.start + pos, close_end: content.end, closed: false });
                    }
                    break;
                }
            }
        }
    }
    out
}

/// Raw quoted spans (content without the marks) within each paragraph, with
/// a flag telling whether the quote was closed.
pub fn quoted_spans(text: &str, paragraphs: &[Span]) -> Vec<(Span, bool)> {
    quoted_in(text, paragraphs).into_iter().map(|q| (q.content, q.closed)).collect()
}

fn trimmed(text: &str, start: usize, end: usize) -> Option<Span> {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    // A comma before the closing mark belongs to the frame ("…,” he said).
    let t2 = t.trim_end_matches(',');
    (!t2.is_empty()).then(|| Span::new(start + lead, start + lead + t2.len()))
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// What the reader remembers while reading: unnamed speakers introduced so
/// far ("a Turkish defence official") and the last speaker.
#[derive(Default)]
struct Memory {
    /// Each description once (the latest), with its head noun in lower case.
    descriptions: Vec<(String, Speaker)>,
    last: Option<Speaker>,
}

/// Finds quotes and their speakers, reading the text in order so that "the
/// official" and "he" refer back to what came before.
pub fn find(text: &str, paragraphs: &[Span], sentences: &[Sentence], ents: &Entities) -> Vec<Found> {
    let quoted = quoted_in(text, paragraphs);
    let mut memory = Memory::default();
    let mut out: Vec<Found> = Vec::new();
    // The direct quotes found so far, for "is this inside a direct quote".
    let mut directs = SpanIndex::default();
    let mut next_quote = 0;
    for (si, s) in sentences.iter().enumerate() {
        while next_quote < quoted.len() && quoted[next_quote].open < s.end {
            if let Some(f) = direct_quote(text, paragraphs, sentences, ents, &quoted, next_quote, &out, &mut memory) {
                if f.direct {
                    directs.push(f.span);
                }
                out.push(f);
            }
            next_quote += 1;
        }
        indirect_quote(text, sentences, si, ents, &mut memory, &mut out, &directs);
    }
    while next_quote < quoted.len() {
        if let Some(f) = direct_quote(text, paragraphs, sentences, ents, &quoted, next_quote, &out, &mut memory) {
            out.push(f);
        }
        next_quote += 1;
    }
    out.sort_by_key(|f| f.span.start);
    out
}

fn paragraph_of(paragraphs: &[Span], pos: usize) -> Option<usize> {
    // Paragraphs are in text order: the first that ends at or after `pos`.
    let i = paragraphs.partition_point(|p| p.end < pos);
    paragraphs.get(i).is_some_and(|p| p.start <= pos).then_some(i)
}

/// One quoted span: a quote with its speaker, or None for names and scare quotes.
#[allow(clippy::too_many_arguments)]
fn direct_quote(
    text: &str,
    paragraphs: &[Span],
    sentences: &[Sentence],
    ents: &Entities,
    quoted: &[Quoted],
    idx: usize,
    out: &[Found],
    memory: &mut Memory,
) -> Option<Found> {
    let q = quoted[idx];
    let content = &text[q.content.start..q.content.end];
    // The sentence that holds the opening mark, or the first after it
    // (sentences are in text order).
    let si = sentences.partition_point(|s| s.end <= q.open);
    if si == sentences.len() {
        return None;
    }
    let sent = sentences[si];
    // Before the opening mark: from the sentence start, or the end of an
    // earlier quote in the same sentence.
    let before_start = quoted[..idx].iter().rev().find(|p| p.close_end <= q.open).map_or(sent.start, |p| p.close_end.max(sent.start));
    let before = Span::new(before_start.min(q.open), q.open);
    // After the closing mark: the rest of its sentence, up to the next quote.
    // A quote that ends its own sentence ("…?” he asked.) may be attributed
    // by a short next sentence.
    let next_open = quoted.get(idx + 1).map_or(text.len(), |n| n.open);
    let (after, strict) = match sentences.get(sentences.partition_point(|s| s.end <= q.close_end)) {
        Some(s) if s.start < q.close_end => (Span::new(q.close_end, s.end.min(next_open).max(q.close_end)), false),
        Some(s) if q.closed && s.paragraph == sent.paragraph && text[q.close_end..s.start].trim().is_empty() => {
            (Span::new(s.start, s.end.min(next_open).max(s.start)), true)
        }
        _ => (Span::new(q.close_end, q.close_end), false),
    };
    let words = word_count(content);
    let speaker_after = if q.closed { speaker_after_quote(text, after, strict, ents, memory) } else { None };
    let speaker_before = if speaker_after.is_none() { speaker_before_quote(text, before, words, ents, memory) } else { None };
    let has_cue = speaker_after.is_some() || speaker_before.is_some();
    if is_name(text, &q, words, has_cue) {
        return None;
    }
    let ends_sentence = content.trim_end().ends_with(['.', '!', '?', '…']) || text[q.content.end..].starts_with(',');
    // Scare quotes: short, no speech cue, no sentence inside.
    if !has_cue && (words < 5 || !ends_sentence && words < 8) {
        return None;
    }
    let mut speaker = speaker_after.or(speaker_before);
    let opens_sentence = text[sent.start.min(q.open)..q.open].trim().is_empty();
    let opens_paragraph = opens_sentence && (si == 0 || sentences[si - 1].paragraph != sent.paragraph);
    if speaker.is_none() && opens_paragraph && si > 0 {
        // "X told the ceremony:" closing the paragraph before.
        let prev = sentences[si - 1];
        if text[prev.start..prev.end].trim_end().ends_with(':') {
            speaker = speaker_before_quote(text, prev.span(), words, ents, memory);
        }
    }
    if let Some(sp) = &speaker {
        remember(sp, memory);
    } else if opens_sentence {
        // An unattributed quote continues the last speaker of a recent quote.
        let para = paragraph_of(paragraphs, q.open);
        // Not when "he said" follows and that speaker is no person.
        let said_by_he = {
            let mut w = text[after.start..after.end].split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
            matches!(w.next(), Some("he" | "she")) && w.next().is_some_and(is_speech_verb)
        };
        if let (Some(pi), Some(prev)) = (para, out.iter().rev().find(|f| f.export && f.speaker.is_some())) {
            let prev_para = paragraph_of(paragraphs, prev.span.start);
            let fits = !said_by_he || prev.speaker.as_ref().is_some_and(is_human);
            if fits && prev_para.is_some_and(|pp| pp <= pi && pi - pp <= 2) {
                speaker = prev.speaker.clone();
            }
        }
    }
    Some(Found { span: q.content, direct: true, speaker, frame: None, export: true })
}

/// Quoted words that name something ("the “Army-2021” forum", 'the so-called
/// "Triumf"', a book title) rather than report speech.
fn is_name(text: &str, q: &Quoted, words: usize, has_cue: bool) -> bool {
    let content = &text[q.content.start..q.content.end];
    let before = text[..q.open].trim_end();
    let prev_word = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("").to_lowercase();
    let prev_word = prev_word.trim_start_matches(['(', '[']);
    if words <= 6 && (NAMING_WORDS.contains(&prev_word) || before.ends_with("known as")) {
        return !(prev_word == "called" && words > 3);
    }
    let prev_char = before.chars().next_back();
    // A quote at the start of a sentence or after a colon or comma is speech.
    if prev_char.is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | ',' | '—' | '–' | '"' | '”')) {
        return false;
    }
    if is_quote_verb(prev_word) || CHARACTERISING_VERBS.contains(&prev_word) || prev_word == "as" {
        return false;
    }
    looks_like_title(content) || !has_cue && words <= 3
}

fn remember(sp: &Speaker, memory: &mut Memory) {
    // A named body ("the Tasnim news agency") is what a bare "the agency"
    // refers to next.
    let named_body = {
        let words: Vec<&str> = sp.name.split_whitespace().collect();
        words.len() >= 3 && matches!(words[0], "the" | "The") && words[1..].iter().any(|w| w.chars().next().is_some_and(char::is_uppercase))
    };
    if sp.person.is_none() && (starts_indefinite(&sp.name) || named_body) {
        memory.descriptions.retain(|(_, d)| d.name != sp.name);
        let words: Vec<&str> = sp.name.split_whitespace().collect();
        let head = words.get(head_of(&words)).map(|w| w.to_lowercase()).unwrap_or_default();
        memory.descriptions.push((head, sp.clone()));
    }
    memory.last = Some(sp.clone());
}

fn starts_indefinite(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    matches!(first, "a" | "an" | "A" | "An" | "one" | "One" | "two" | "Two" | "three" | "several" | "Several")
        || (first.chars().next().is_some_and(|c| c.is_uppercase()) && name.split_whitespace().count() >= 2 && name.ends_with('s'))
}

fn looks_like_title(content: &str) -> bool {
    let words: Vec<&str> = content.split_whitespace().collect();
    let capitalised = words.iter().filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())).count();
    words.len() <= 8 && capitalised * 2 >= words.len() && !content.trim_end().ends_with(['.', '!', '?', '…'])
}

fn trim_final_stop(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let t = s.trim_end_matches(['.', ' ', '"', '”', '’', '»']);
    Span::new(span.start, span.start + t.len())
}

/// The head noun of a description: the last word before what modifies it
/// ("source" in "a source close to the negotiations").
fn head_of(words: &[&str]) -> usize {
    let cut = words.iter().skip(1).position(|w| POSTMODIFIERS.contains(w) || *w == ",").map_or(words.len(), |p| p + 1);
    cut.saturating_sub(1)
}

fn person_speaker(ents: &Entities, i: usize, span: Span) -> Speaker {
    let p = &ents.people[i];
    Speaker { name: p.name.clone(), role: p.role.clone(), span, person: Some(i) }
}

/// A speaker phrase in `toks[a..b]` (the words next to a speech verb).
fn resolve_phrase(text: &str, toks: &[Token], a: usize, b: usize, ents: &Entities, memory: &Memory) -> Option<Speaker> {
    if a >= b {
        return None;
    }
    let span = Span::new(toks[a].start, toks[b - 1].end);
    // A person mentioned in the phrase; not one that owns its head
    // ("President Erdogan's office", "Putin's spokesman").
    let owns = |w: &str| w.ends_with("'s") || w.ends_with("’s");
    for (k, t) in toks[a..b].iter().enumerate() {
        if let Some(i) = ents.person_at(t.start, t.start + 1) {
            // The name's last token, or the capitalised word right after it
            // that the name did not take in ("Abdel Fattah al-Sisi's").
            let Some(m) = ents.covering(t.start, t.start + 1) else { continue };
            let last = (a + k..b).take_while(|&j| toks[j].start < m.end).last().unwrap_or(a + k);
            let name_part = |u: &Token| u.is_capitalized() || u.text.starts_with("al-") || u.text.starts_with("el-");
            let possessive = owns(toks[last].text) || (last + 1 < b && owns(toks[last + 1].text) && name_part(&toks[last + 1]));
            if possessive && last + 1 < b && m.end + 3 < toks[b - 1].end {
                continue;
            }
            return Some(person_speaker(ents, i, span));
        }
    }
    let words: Vec<&str> = toks[a..b].iter().map(|t| t.text).collect();
    if words.len() == 1 && PRONOUNS.contains(&words[0]) {
        let pos = toks[a].start;
        // The last person mentioned before the pronoun.
        let person = ents
            .ending_by(pos)
            .iter()
            .filter_map(|m| match m.referent {
                Referent::Person(i) => Some(i),
                _ => None,
            })
            .next_back();
        if let Some(i) = person {
            return Some(person_speaker(ents, i, span));
        }
        // "he" and "she" are a person, or someone described as one ("the
        // official"), never an office or a state that spoke last.
        let singular = matches!(words[0], "he" | "she" | "He" | "She" | "him" | "her");
        return memory.last.clone().filter(|l| !singular || is_human(l)).map(|mut l| {
            l.span = span;
            l
        });
    }
    // "It added that …": an institution or a state that spoke last.
    if matches!(words.as_slice(), ["It"] | ["it"]) {
        return memory.last.clone().filter(|l| l.person.is_none() && !is_human(l)).map(|mut l| {
            l.span = span;
            l
        });
    }
    // "one official said …; the other said …": the other of the speakers
    // just described.
    if matches!(words.as_slice(), ["the", "other"] | ["The", "other"] | ["another"] | ["Another"]) {
        let last = memory.last.as_ref().filter(|l| l.person.is_none())?;
        let noun = last.name.split_whitespace().last().filter(|w| SPEAKER_NOUNS.contains(w) || ROLE_WORDS.contains(w))?;
        return Some(Speaker { name: format!("{} {noun}", words.join(" ")), role: None, span, person: None });
    }
    let h = head_of(&words);
    let head = words[h].to_lowercase();
    let head = head.trim_end_matches("'s").trim_end_matches("’s");
    let is_speaker_noun = SPEAKER_NOUNS.contains(&head) || ROLE_WORDS.contains(head);
    let b_head = a + h + 1;
    // A state, capital or institution, or an organisation, that speaks; the
    // one nearest the head ("South Korea's Hanwha Aerospace").
    let mention = toks[a..b_head]
        .iter()
        .filter_map(|t| ents.at(t.start).filter(|m| matches!(m.referent, Referent::Country { .. } | Referent::Organization { .. })))
        .next_back();
    if let Some(m) = mention {
        let heads = m.end >= toks[b_head - 1].end || toks[b_head - 1].end - m.end <= 3;
        if heads && (!is_speaker_noun || m.end >= toks[b_head - 1].end) {
            let name = phrase_text(text, toks, a, b);
            // "the DSCA" after "the Pentagon's Defense Security Cooperation
            // Agency": one body that spoke before, by its longer name.
            if let Referent::Organization { id, .. } = &m.referent {
                let same = |d: &Speaker| d.name != name && ents.within(d.span).any(|x| matches!(&x.referent, Referent::Organization { id: other, .. } if other == id));
                if let Some((_, d)) = memory.descriptions.iter().rev().find(|(_, d)| same(d)) {
                    return Some(Speaker { span, ..d.clone() });
                }
            }
            return Some(Speaker { name, role: None, span, person: None });
        }
    }
    // "the procurement agency Armasuisse", "drone maker Baykar": a name
    // the gazetteer lacks, after the noun that says what it is.
    if !is_speaker_noun && words.len() >= 2 {
        let last = toks[b - 1];
        let noun = words[words.len() - 2].to_lowercase();
        let named = last.is_capitalized() && last.text.chars().skip(1).any(|c| c.is_lowercase()) && !last.text.ends_with("'s") && !last.text.ends_with("’s");
        if named && SPEAKER_NOUNS.contains(&noun.as_str()) && !ROLE_WORDS.contains(noun.as_str()) {
            let name = phrase_text(text, toks, a, b);
            return Some(Speaker { name, role: None, span, person: None });
        }
    }
    if !is_speaker_noun {
        return None;
    }
    let first = words[0];
    let mut name = phrase_text(text, toks, a, b);
    // "its foreign ministry said": the ministry of the state or body the
    // text was telling of ("Beijing rejected the claim. … its foreign
    // ministry said" is Beijing's foreign ministry).
    if matches!(first, "its" | "Its" | "their" | "Their") && words.len() >= 2 {
        if let Some(owner) = owner_before(text, toks[a].start, ents) {
            name = format!("{owner} {}", &text[toks[a + 1].start..toks[b - 1].end]);
        }
    }
    // "Rostec's head", "the Rostec CEO": a person whose role has the head noun
    // and every capitalised word of the phrase, wherever the person is named.
    let caps: Vec<String> = toks[a..b_head]
        .iter()
        .filter(|t| t.is_capitalized() && !matches!(t.text, "The" | "A" | "An" | "This"))
        .map(|t| t.text.trim_end_matches("'s").trim_end_matches("’s").to_lowercase())
        .collect();
    if !caps.is_empty() && ROLE_WORDS.contains(head) && !head.ends_with('s') && h + 1 == words.len() {
        if let Some((i, _)) = ents.people.iter().enumerate().find(|(_, p)| {
            p.role.as_ref().is_some_and(|r| {
                let r = r.to_lowercase();
                (r.contains(head) || matches!(head, "ceo" | "head" | "chief" | "director") && (r.contains("head") || r.contains("ceo") || r.contains("director") || r.contains("chief")))
                    && caps.iter().all(|c| r.contains(c.as_str()))
            })
        }) {
            return Some(person_speaker(ents, i, span));
        }
    }
    if matches!(first, "the" | "The" | "this" | "This") {
        let head_word = head.trim_end_matches('s');
        // "the official" refers back to "a Turkish defence official".
        // The same number first: "the official" is not "Turkish officials".
        // A named body only for the bare head: "the agency", not "the Russian agency".
        let fits = |d: &Speaker| words.len() == 2 || !matches!(d.name.split_whitespace().next(), Some("the" | "The"));
        let same = memory.descriptions.iter().rev().find(|(h, d)| h == head && fits(d));
        if let Some((_, d)) = same.or_else(|| memory.descriptions.iter().rev().find(|(h, d)| h.trim_end_matches('s') == head_word && fits(d))) {
            return Some(Speaker { span, ..d.clone() });
        }
        // "the Rostec CEO" after a named CEO: the person whose role says so,
        // named before ("the ministry" is the institution, not a spokesman
        // of it named later).
        // "the Rostec CEO" for the head of Rostec: the titles of a chief executive are one.
        let executive = |w: &str| matches!(w, "ceo" | "head" | "chief" | "director" | "executive");
        let role_has_head = |role: &Option<String>| {
            role.as_ref().is_some_and(|r| r.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| w == head || executive(w) && executive(head)))
        };
        if ROLE_WORDS.contains(head) {
            let named_before = |p: &crate::entities::Person| p.mentions.first().is_some_and(|m| m.start < span.start);
            if let Some((i, _)) = ents.people.iter().enumerate().rev().find(|(_, p)| named_before(p) && role_has_head(&p.role)) {
                return Some(person_speaker(ents, i, span));
            }
        }
        // A person's title used for the last person who spoke, when the title is theirs.
        if ROLE_WORDS.contains(head) && !head.ends_with('s') && SPEAKER_NOUNS.contains(&head) && h + 1 == words.len() {
            if let Some(l) = memory.last.as_ref().filter(|l| l.person.is_some() && role_has_head(&l.role)) {
                return Some(Speaker { span, ..l.clone() });
            }
        }
    }
    Some(Speaker { name, role: None, span, person: None })
}

/// A state or a body that can be party to a deal or own a ministry: not
/// a news outlet.
fn is_party(m: &crate::entities::Mention) -> bool {
    match &m.referent {
        Referent::Country { .. } => true,
        Referent::Organization { category, .. } => category != "news_agency",
        _ => false,
    }
}

/// Who "its" refers to at `pos`, as a possessive ("Beijing's"): a state
/// or a body (not a news outlet) named first in the sentence before `pos`
/// (its subject, most often), else first in the sentence before that one.
fn owner_before(text: &str, pos: usize, ents: &Entities) -> Option<String> {
    let sentence_start = |end: usize| text[..end].rfind(['.', '?', '!', '\n']).map_or(0, |i| i + 1);
    let here = sentence_start(pos);
    let before = sentence_start(here.saturating_sub(1));
    let owns = |m: &&crate::entities::Mention| is_party(m) && !matches!(m.referent, Referent::Country { form: crate::gazetteer::CountryForm::Demonym, .. });
    let first_in = |lo: usize, hi: usize| ents.starting_in(lo, hi).iter().filter(|m| m.end <= hi).find(owns);
    let m = first_in(here, pos).or_else(|| (before < here).then(|| first_in(before, here)).flatten())?;
    let name = text[m.start..m.end].trim_end_matches("'s").trim_end_matches("’s");
    let name = name.strip_prefix("The ").map_or_else(|| name.to_string(), |rest| format!("the {rest}"));
    Some(format!("{name}'s"))
}

/// The words of a speaker phrase as a name: a sentence-initial article is
/// written small ("the Kremlin"), a possessive ending dropped.
fn phrase_text(text: &str, toks: &[Token], a: usize, b: usize) -> String {
    let s = &text[toks[a].start..toks[b - 1].end];
    let s = s.strip_suffix("'s").or_else(|| s.strip_suffix("’s")).unwrap_or(s);
    for (article, small) in [("The ", "the "), ("A ", "a "), ("An ", "an ")] {
        if let Some(rest) = s.strip_prefix(article) {
            return format!("{small}{rest}");
        }
    }
    s.to_string()
}

/// The noun phrase ending right before `end` (exclusive token index): tokens that
/// can be part of a speaker description, up to a determiner or a boundary.
fn np_before(toks: &[Token], end: usize, ents: &Entities) -> Option<usize> {
    let mut k = end;
    let mut n = 0;
    while k > 0 {
        let t = &toks[k - 1];
        let lower = t.text.to_lowercase();
        if ents.covering(t.start, t.end).is_some() {
            k -= 1;
        } else if matches!(lower.as_str(), "a" | "an" | "the" | "this" | "one") || ((PRONOUNS.contains(&t.text) || lower == "it") && n == 0) {
            k -= 1;
            break;
        } else if t.text.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’' || c == '.')
            && !is_quote_verb(t.text)
            && !matches!(
                lower.as_str(),
                "and" | "or" | "but" | "that" | "which" | "who" | "as" | "of" | "in" | "on" | "at" | "to" | "for" | "with" | "by"
                    | "from" | "it" | "is" | "was" | "were" | "are" | "has" | "have" | "had" | "not" | "no" | "when" | "while"
                    | "if" | "we" | "i" | "you" | "there" | "be" | "been" | "will" | "would"
            )
        {
            k -= 1;
        } else {
            break;
        }
        n += 1;
        if n > 8 {
            return None;
        }
    }
    (k < end).then_some(k)
}

/// The subject ending right before `end`, with what modifies its head: "a
/// source close to the negotiations", "Rear Admiral X of the navy".
fn subject_before(toks: &[Token], end: usize, ents: &Entities) -> Option<usize> {
    let mut a = np_before(toks, end, ents)?;
    for _ in 0..2 {
        if a < 2 || !matches!(toks[a - 1].text, "of" | "at" | "from" | "for" | "with" | "in" | "to" | "on" | "by") {
            break;
        }
        // "A report by the Al-Ahram newspaper said": only a document is "by" its speaker.
        if toks[a - 1].text == "by" && !matches!(toks[a - 2].text, "report" | "reports" | "statement" | "study" | "analysis" | "article" | "investigation" | "assessment" | "survey" | "paper") {
            break;
        }
        let mut p = a - 1;
        if toks[p].text == "to" && p > 0 && toks[p - 1].text == "close" || toks[p].text == "with" && p > 0 && toks[p - 1].text == "familiar" {
            p -= 1;
        }
        // "two officials with (direct) knowledge of the talks": as "familiar with".
        if toks[p].text == "of" && p >= 2 && toks[p - 1].text == "knowledge" {
            let mut q = p - 1;
            if matches!(toks[q - 1].text, "direct" | "detailed" | "first-hand" | "firsthand") {
                q -= 1;
            }
            if q >= 2 && toks[q - 1].text == "with" {
                p = q - 1;
            }
        }
        let Some(a2) = np_before(toks, p, ents) else { break };
        let speaks = toks[a2..p].iter().any(|t| {
            let l = t.text.to_lowercase();
            SPEAKER_NOUNS.contains(&l.as_str()) || ROLE_WORDS.contains(l.as_str()) || ents.person_at(t.start, t.end).is_some()
        });
        if !speaks {
            break;
        }
        a = a2;
    }
    // "Britain, France and Germany said": states listed together speak together.
    let state_at = |k: usize| ents.at(toks[k].start).filter(|m| matches!(m.referent, Referent::Country { .. }));
    if state_at(a).is_some_and(|m| m.end == toks[end - 1].end) {
        let mut b = a;
        while b >= 2 && matches!(toks[b - 1].text, "and" | ",") {
            let Some(m) = ents.ending_by(toks[b - 2].end).last().filter(|m| m.end == toks[b - 2].end && matches!(m.referent, Referent::Country { .. })) else { break };
            let Some(k) = toks[..b - 1].iter().position(|t| t.start == m.start) else { break };
            b = k;
        }
        // Only a list that ends in "and" ("Britain, France and Germany").
        if b < a && toks[a - 1].text == "and" {
            a = b;
        }
    }
    Some(a)
}

/// A speaker phrase that may hold an apposition: "Lt. Col. X, a U.S. Army
/// spokesman," / "the head of the agency, Y,". A person named in either
/// part is the speaker; else the first part.
fn resolve_apposition(text: &str, toks: &[Token], a: usize, b: usize, ents: &Entities, memory: &Memory) -> Option<Speaker> {
    let Some(c) = toks[a..b].iter().position(|t| t.text == ",").map(|p| a + p) else {
        return resolve_phrase(text, toks, a, b, ents, memory);
    };
    let first = resolve_phrase(text, toks, a, c, ents, memory);
    if first.as_ref().is_some_and(|s| s.person.is_some()) {
        return first;
    }
    let c2 = toks[c + 1..b].iter().position(|t| t.text == ",").map_or(b, |p| c + 1 + p);
    if let Some(i) = toks[c + 1..c2].iter().find_map(|t| ents.person_at(t.start, t.start + 1)) {
        return Some(person_speaker(ents, i, Span::new(toks[a].start, toks[c2 - 1].end)));
    }
    first
}

/// An aside between commas that ends right before `e` ("…, speaking on
/// condition of anonymity, said", "…, who asked not to be named, told"):
/// where its opening comma stands.
fn aside_before(toks: &[Token], e: usize) -> Option<usize> {
    if e < 4 || toks[e - 1].text != "," {
        return None;
    }
    let c0 = toks[..e - 1].iter().rposition(|t| matches!(t.text, "," | ";" | ":" | "."))?;
    let inner = &toks[c0 + 1..e - 1];
    let opens = inner.first().is_some_and(|t| matches!(t.text, "speaking" | "who" | "which" | "whose" | "requesting" | "asking" | "declining" | "insisting" | "talking"));
    let aside = inner.len() <= 14 && inner.iter().all(|t| !matches!(t.text, "said" | "says" | "that" | "\"" | "“" | "”"));
    (toks[c0].text == "," && c0 >= 1 && opens && aside).then_some(c0)
}

fn is_weekday(w: &str) -> bool {
    matches!(w, "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday")
}

/// A month or day number that starts a date after a speech verb ("announced Nov. 20").
fn is_date_word(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    matches!(
        w,
        "January" | "February" | "March" | "April" | "May" | "June" | "July" | "August" | "September" | "October" | "November" | "December"
            | "Jan" | "Feb" | "Mar" | "Apr" | "Jun" | "Jul" | "Aug" | "Sep" | "Sept" | "Oct" | "Nov" | "Dec" | "yesterday" | "today"
    ) || (!w.is_empty() && w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit()))
}

/// Are the tokens after an attribution only its circumstances ("at a news
/// conference", "on Tuesday"), not a clause of its own?
fn rest_is_circumstance(toks: &[Token]) -> bool {
    toks.len() <= 10
        && !toks.iter().any(|t| {
            matches!(t.text, "that" | "it" | "he" | "she" | "they" | "we" | "would" | "will" | "had" | "has" | "was" | "were" | "is" | "are" | "\"" | "“")
        })
}

/// `…,” Peskov said.` / `…,” said Pilpson, commenting …` / `…,” he assured.`
/// With `strict`, the attribution is a sentence of its own and must be short.
fn speaker_after_quote(text: &str, after: Span, strict: bool, ents: &Entities, memory: &Memory) -> Option<Speaker> {
    if after.is_empty() {
        return None;
    }
    let toks = tokens(text, after);
    let mut i = 0;
    while i < toks.len() && matches!(toks[i].text, "," | "—" | "–" | "-") {
        i += 1;
    }
    if i >= toks.len() {
        return None;
    }
    let stop = |t: &str| {
        matches!(
            t,
            "," | "." | ";" | ":" | "(" | "in" | "on" | "at" | "to" | "during" | "after" | "when" | "while" | "as" | "adding" | "commenting"
                | "speaking" | "who" | "according" | "\"" | "“" | "”"
        )
    };
    // said X(, ROLE)
    if is_quote_verb(toks[i].text) {
        let a = i + 1;
        let mut b = a;
        while b < toks.len() && !stop(toks[b].text) && b - a < 10 {
            b += 1;
        }
        // "said the head of X, Dmitry Y": the apposition names the speaker.
        let mut b2 = b;
        if toks.get(b).is_some_and(|t| t.text == ",") {
            b2 = b + 1;
            while b2 < toks.len() && !matches!(toks[b2].text, "," | "." | ";" | ":") && b2 - b < 12 {
                b2 += 1;
            }
        }
        if strict && !rest_is_circumstance(&toks[b.min(toks.len())..]) {
            return None;
        }
        let sp = resolve_phrase(text, &toks, a, b, ents, memory);
        if sp.as_ref().is_some_and(|s| s.person.is_some()) || b2 == b {
            return sp;
        }
        return resolve_apposition(text, &toks, a, b2, ents, memory).or(sp);
    }
    // "X was quoted as saying (by Y)", "Y quoted X as saying": X speaks.
    if let Some(q) = (i + 1..toks.len().min(i + 14)).find(|&k| matches!(toks[k].text, "quoted" | "cited")) {
        if let Some(sv) = (q + 2..toks.len().min(q + 14)).find(|&k| toks[k].text == "saying" && toks[k - 1].text == "as") {
            let passive = q >= i + 2 && matches!(toks[q - 1].text, "was" | "is" | "were");
            let (a, b) = if passive { (i, q - 1) } else { (q + 1, sv - 1) };
            let clean = b > a && !toks[i..sv].iter().any(|t| matches!(t.text, "." | ";" | "“" | "\"" | "«" | "?" | "!"));
            let rest = &toks[sv + 1..];
            let by = rest.first().is_some_and(|t| t.text == "by");
            if clean && (!strict || by || rest_is_circumstance(rest)) {
                return resolve_apposition(text, &toks, a, b, ents, memory);
            }
        }
    }
    // X said: the phrase must be followed by a speech verb (adverbs may come
    // between, and an apposition after a comma: "X, who …, said").
    let mut v = i;
    let mut limit = 9;
    while v < toks.len() && v - i < limit && !is_quote_verb(toks[v].text) {
        match toks[v].text {
            "." | ";" | "“" | "\"" | "«" | "‘" | "?" | "!" => return None,
            "," if v - i <= 7 => limit = 26,
            _ => {}
        }
        v += 1;
    }
    if v >= toks.len() || !is_quote_verb(toks[v].text) {
        return None;
    }
    if strict && !rest_is_circumstance(&toks[v + 1..]) {
        return None;
    }
    let mut e = v;
    while e > i && ADVERBS.contains(&toks[e - 1].text) {
        e -= 1;
    }
    // "X on Monday said".
    if e >= i + 3 && matches!(toks[e - 2].text, "on" | "in" | "at") && toks[e - 1].is_capitalized() {
        e -= 2;
    }
    while e > i && toks[e - 1].text == "," {
        e -= 1;
    }
    resolve_apposition(text, &toks, i, e, ents, memory)
}

/// `Peskov said, "…` / `The official added: “…` / `cited X as saying: “…` / `he told reporters: “…`
fn speaker_before_quote(text: &str, before: Span, words: usize, ents: &Entities, memory: &Memory) -> Option<Speaker> {
    if before.is_empty() {
        return None;
    }
    let toks = tokens(text, before);
    if toks.is_empty() {
        return None;
    }
    // "cited X as saying" / "quoted X as saying"
    if let Some(p) = toks.iter().position(|t| t.text == "saying" || t.text == "stating") {
        if p >= 2 && toks[p - 1].text == "as" {
            if let Some(c) = toks[..p - 1].iter().rposition(|t| matches!(t.text, "cited" | "quoted" | "quotes" | "cites")) {
                if c + 1 < p - 1 {
                    return resolve_named(text, &toks, c + 1, p - 1, ents, memory);
                }
                // "X was quoted as saying"
                if c >= 1 && matches!(toks[c - 1].text, "was" | "is" | "were") {
                    let a = subject_before(&toks, c - 1, ents)?;
                    return resolve_phrase(text, &toks, a, c - 1, ents, memory);
                }
            }
        }
        // "…, stating “…”": the subject of the sentence speaks.
        if p + 1 >= toks.len() || toks[p + 1..].iter().all(|t| matches!(t.text, ":" | "," | "that")) {
            return sentence_subject(text, &toks, ents, memory);
        }
    }
    // The last speech verb before the quote, with little between it and the quote.
    let v = toks.iter().rposition(|t| is_quote_verb(t.text) || CHARACTERISING_VERBS.contains(&t.text));
    let Some(v) = v else {
        // "One officer put it bluntly:" / "The minister was clear:" – a colon
        // hands the sentence's subject the quote.
        if toks.last().is_some_and(|t| t.text == ":") && words >= 3 {
            let sp = sentence_subject(text, &toks, ents, memory)?;
            let speaking = sp.person.is_some() || starts_indefinite(&sp.name) || {
                let w: Vec<&str> = sp.name.split_whitespace().collect();
                let h = w[head_of(&w)].to_lowercase();
                SPEAKER_NOUNS.contains(&h.as_str())
            };
            return speaking.then_some(sp);
        }
        return None;
    };
    let tail = &toks[v + 1..];
    let characterising = CHARACTERISING_VERBS.contains(&toks[v].text);
    if characterising && (words < 2 || tail.is_empty()) {
        return None;
    }
    if tail.len() > 8 || tail.iter().any(|t| matches!(t.text, "." | ";" | "?" | "!")) {
        return None;
    }
    // "said there were “no new agreements”": the partial quote still belongs to the verb.
    let mut e = v;
    if e > 0 && toks[e - 1].text == "out" {
        e -= 1;
    }
    let verb = toks[v].text;
    if verb == "pointed" && toks.get(v + 1).is_some_and(|t| t.text != "out") {
        return None;
    }
    while e > 0 && ADVERBS.contains(&toks[e - 1].text) {
        e -= 1;
    }
    // Skip a time phrase between the speaker and the verb: "X on Tuesday said".
    if e >= 2 && matches!(toks[e - 2].text, "on" | "in" | "at") && toks[e - 1].is_capitalized() {
        e -= 2;
    }
    // "The UK defence secretary, Julian Ashworth, said:": the apposition names the speaker.
    if e >= 2 && toks[e - 1].text == "," {
        let start = toks[..e - 1].iter().rposition(|t| matches!(t.text, "." | ";" | ":" | "“" | "”" | "\"")).map_or(0, |p| p + 1);
        if start + 1 < e - 1 {
            return resolve_apposition(text, &toks, start, e - 1, ents, memory);
        }
        return None;
    }
    let a = subject_before(&toks, e, ents)?;
    resolve_phrase(text, &toks, a, e, ents, memory)
}

fn resolve_named(text: &str, toks: &[Token], a: usize, b: usize, ents: &Entities, memory: &Memory) -> Option<Speaker> {
    // Prefer a person named inside the phrase ("the head of X, Dmitry Shugayev,").
    for t in &toks[a..b] {
        if let Some(i) = ents.person_at(t.start, t.start + 1) {
            return Some(person_speaker(ents, i, Span::new(toks[a].start, toks[b - 1].end)));
        }
    }
    let mut b2 = b;
    while b2 > a && toks[b2 - 1].text == "," {
        b2 -= 1;
    }
    resolve_phrase(text, toks, a, b2, ents, memory)
}

/// The subject of a sentence: its first noun phrase that can speak.
fn sentence_subject(text: &str, toks: &[Token], ents: &Entities, memory: &Memory) -> Option<Speaker> {
    // The first phrase up to the first verb-like word.
    let mut b = 0;
    while b < toks.len()
        && b < 8
        && !(toks[b].text.ends_with("ed") && !toks[b].is_capitalized())
        && !is_quote_verb(toks[b].text)
        && !matches!(toks[b].text, "," | ":" | "is" | "was" | "has" | "had" | "will" | "put" | "puts" | "made" | "gave" | "summed")
    {
        b += 1;
    }
    resolve_phrase(text, toks, 0, b, ents, memory)
}

/// "This was announced by X" / "This was stated by X".
fn announced_by(text: &str, toks: &[Token], ents: &Entities, memory: &Memory) -> Option<Speaker> {
    if toks.len() < 5 || !matches!(toks[0].text, "This" | "That" | "It") {
        return None;
    }
    let by = toks.iter().position(|t| t.text == "by")?;
    if by > 5 || !toks[1..by].iter().any(|t| matches!(t.text, "was" | "has" | "been")) || !toks[1..by].iter().any(|t| is_speech_verb(t.text)) {
        return None;
    }
    let a = by + 1;
    let mut b = a;
    while b < toks.len() && !matches!(toks[b].text, "," | "." | ";" | "in" | "on" | "at" | "during") {
        b += 1;
    }
    if a >= b {
        return None;
    }
    resolve_named(text, toks, a, b, ents, memory)
}

/// Reported speech in sentence `si`, outside direct quotes.
fn indirect_quote(text: &str, sentences: &[Sentence], si: usize, ents: &Entities, memory: &mut Memory, out: &mut Vec<Found>, directs: &SpanIndex) {
    let s = sentences[si];
    let inside_direct = |pos: usize| directs.holds(pos);
    if inside_direct(s.start) && inside_direct(s.end.saturating_sub(2)) {
        return;
    }
    let toks = tokens(text, s.span());
    if toks.len() > MAX_READ_TOKENS {
        return;
    }
    let mut inner = None;
    if let Some(mut f) = indirect_in_sentence(text, &s, &toks, ents, memory, directs, &mut inner) {
        // Not when the sentence holds a direct quote: the verb frames that quote,
        // and a direct quote is the better record of the same words.
        let holds_direct = directs.starts_in(s.start, s.end);
        if holds_direct {
            return;
        }
        // "Washington has said X, while Ankara says Y": a second speaker's clause
        // ends the first quote and is a quote of its own.
        let mut second = None;
        let first_content = toks.iter().position(|t| t.start >= f.span.start).unwrap_or(toks.len());
        // A frame after its content ("…, one official said; another said …")
        // can be followed by the second speaker's clause too.
        let after_frame = |pos: usize| f.frame.is_some_and(|fr| fr.start >= f.span.end && pos > fr.start);
        for k in first_content..toks.len().saturating_sub(3) {
            if !matches!(toks[k].text, "," | ";") || toks[k].start <= f.span.start || toks[k].start >= f.span.end && !after_frame(toks[k].start) {
                continue;
            }
            let clause = Sentence { start: toks[k + 1].start, end: s.end, paragraph: s.paragraph };
            let clause_toks = tokens(text, clause.span());
            // A semicolon needs no conjunction: "X said A; Y said B".
            let opens = toks[k].text == ";" || clause_toks.first().is_some_and(|t| matches!(t.text, "while" | "but" | "whereas" | "and" | "although" | "though" | "after" | "as" | "when" | "since" | "before"));
            if !opens {
                continue;
            }
            let verb = clause_toks.iter().position(|t| is_speech_verb(t.text));
            if verb.is_some_and(|v| v <= 8) {
                let mut inner2 = None;
                if let Some(g) = indirect_in_sentence(text, &clause, &clause_toks, ents, memory, directs, &mut inner2) {
                    if g.span.start > toks[k].start {
                        f.span = Span::new(f.span.start, f.span.end.min(toks[k].start));
                        second = Some(g);
                        inner = inner.filter(|i: &Found| i.span.end <= toks[k].start).or(inner2);
                        break;
                    }
                }
            }
        }
        // "…, days after reports that Jakarta was in talks": the narrator's
        // time phrase ends the statement, and what the reports say is theirs.
        let mut reports = None;
        if let Some((k, j)) = (first_content..toks.len().saturating_sub(2)).find_map(|k| {
            if toks[k].text != "," || toks[k].start <= f.span.start || toks[k].start >= f.span.end {
                return None;
            }
            let mut j = k + 1;
            while j < k + 4 && toks.get(j).is_some_and(|t| matches!(t.text, "just" | "only" | "barely" | "a" | "an" | "two" | "three" | "several" | "few" | "some" | "hours" | "days") && toks.get(j + 1).is_some_and(|n| n.text != "after")) {
                j += 1;
            }
            let span_word = toks.get(j).is_some_and(|t| matches!(t.text, "days" | "weeks" | "months" | "hours" | "day" | "week" | "month" | "shortly" | "soon" | "minutes" | "moments"));
            (span_word && toks.get(j + 1).is_some_and(|t| matches!(t.text, "after" | "before"))).then_some((k, j + 2))
        }) {
            f.span = Span::new(f.span.start, toks[k].start);
            let mut r = j;
            while toks.get(r).is_some_and(|t| matches!(t.text, "media" | "press" | "news" | "the")) {
                r += 1;
            }
            if toks.get(r).is_some_and(|t| matches!(t.text, "reports" | "claims")) && toks.get(r + 1).is_some_and(|t| t.text == "that") {
                if let Some(first) = toks.get(r + 2) {
                    // Up to a frame after it: "…, days after reports that C, the ministry said".
                    let end = match f.frame {
                        Some(fr) if fr.start > first.start => text[..fr.start].trim_end_matches([',', ' ']).len(),
                        _ => trim_final_stop(text, s.span()).end,
                    };
                    if first.start < end && word_count(&text[first.start..end]) >= 3 {
                        let span = Span::new(toks[j].start, toks[r].end);
                        let sp = Speaker { name: text[span.start..span.end].to_string(), role: None, span, person: None };
                        reports = Some(Found { span: Span::new(first.start, end), direct: false, speaker: Some(sp), frame: Some(Span::new(toks[j].start, toks[r + 1].end)), export: true });
                    }
                }
            }
        }
        out.extend(reports);
        // "X denied the report, and its spokesman said …": cut at the second
        // speaker, the first verb's object alone is no statement.
        if f.span.len() > 3 && (second.is_none() || word_count(&text[f.span.start..f.span.end]) >= 3) {
            out.push(f);
        }
        if let Some(g) = second.filter(|g| g.span.len() > 3) {
            out.push(g);
        }
        out.extend(inner);
        return;
    }
    // "This was announced by X": the previous sentence is X's statement.
    if let Some(sp) = announced_by(text, &toks, ents, memory) {
        if si > 0 && sentences[si - 1].paragraph == s.paragraph {
            let prev = sentences[si - 1];
            let content = trim_final_stop(text, prev.span());
            if !inside_direct(prev.start) {
                remember(&sp, memory);
                out.push(Found { span: content, direct: false, speaker: Some(sp), frame: Some(s.span()), export: false });
            }
        }
    }
}

/// Skips what says when and how something was said, right after a speech
/// verb: "on Tuesday", "in Athens", "late on Monday", "in a statement",
/// "in an interview with Reuters", "at a news conference", "on condition of anonymity".
fn skip_circumstances(toks: &[Token], mut c: usize) -> usize {
    let n = toks.len();
    let is = |i: usize, words: &[&str]| toks.get(i).is_some_and(|t| words.contains(&t.text));
    for _ in 0..4 {
        if c + 1 < n && matches!(toks[c].text, "on" | "in" | "at" | "last" | "this" | "late" | "early") && toks[c + 1].is_capitalized() {
            c += 2;
            // "in Ankara on Tuesday", "with Reuters"
        } else if c + 3 < n && toks[c].text == "on" && toks[c + 1].text == "condition" && toks[c + 2].text == "of" {
            c += 4;
        } else if is(c, &["in", "at", "during", "on"])
            && is(c + 1, &["a", "an", "the", "his", "her", "its", "their"])
            && (is(c + 2, &["statement", "interview", "post", "letter", "speech", "briefing", "video", "message", "address", "report", "televised", "written", "joint"])
                || is(c + 2, &["news", "press"]) && is(c + 3, &["conference", "briefing", "release"]))
        {
            c += if is(c + 2, &["news", "press", "televised", "written", "joint"]) { 4 } else { 3 };
            // "in an interview with Reuters", "in a statement on its website"
            if c + 1 < n && matches!(toks[c].text, "with" | "to") && toks[c + 1].is_capitalized() {
                c += 2;
                while c < n && toks[c].is_capitalized() {
                    c += 1;
                }
            }
        } else if c + 1 < n && toks[c].text == "earlier" && matches!(toks[c + 1].text, "this" | "on" | "in") {
            c += 2;
            if c < n && !toks[c].text.chars().next().is_some_and(|ch| ch.is_lowercase()) || is(c, &["week", "month", "year"]) {
                c += 1;
            }
        } else if c < n && toks[c].text == "," {
            c += 1;
        } else if c + 1 < n && is_weekday(toks[c].text) {
            // "said Monday his country would …"
            c += 1;
        } else {
            break;
        }
    }
    c
}

/// Where reported content starts after "told"/"assured"/"informed" and its
/// audience, when no "that" follows: "told journalists the S-500 …",
/// "told the Interfax news agency on Tuesday the deal …".
fn after_audience(toks: &[Token], k: usize) -> Option<usize> {
    let n = toks.len();
    let mut j = k;
    if j < n && matches!(toks[j].text, "the" | "a" | "an" | "state" | "local" | "foreign" | "Russian" | "Turkish" | "Indian") {
        j += 1;
    }
    let mut end = None;
    for m in j..n.min(j + 5) {
        let t = &toks[m];
        if AUDIENCES.contains(&t.text.to_lowercase().as_str()) && !t.is_capitalized() {
            end = Some(m + 1);
            // "the Interfax news agency", "state broadcaster TRT"
            if toks.get(m + 1).is_some_and(|x| x.is_capitalized() && x.text.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())) {
                end = Some(m + 2);
            }
            break;
        }
        if !(t.is_capitalized() || t.text.chars().all(|c| c.is_lowercase())) || matches!(t.text, "that" | "the") && m > j {
            break;
        }
    }
    // A news agency by name: "told Reuters", "told TASS", "told Anadolu Agency".
    if end.is_none() && j == k && toks.get(k).is_some_and(|t| t.is_capitalized()) {
        let mut m = k;
        while m < n && toks[m].is_capitalized() && m < k + 3 {
            m += 1;
        }
        end = Some(m);
    }
    let c = skip_circumstances(toks, end?);
    let first = toks.get(c)?;
    let opens_clause = first.is_capitalized()
        || first.text.chars().next().is_some_and(|ch| ch.is_ascii_digit())
        || matches!(first.text, "the" | "a" | "an" | "it" | "he" | "she" | "they" | "we" | "its" | "his" | "her" | "their" | "there" | "this" | "some" | "no" | "all" | "any");
    opens_clause.then_some(c)
}

/// Where a sentence starts after its dateline: "ANKARA, March 3 (Reuters) - Turkey …".
fn after_dateline(toks: &[Token]) -> Option<usize> {
    // "New Delhi, April 28 (PTI) India on Monday …": an agency in capitals
    // in brackets ends the dateline without a dash.
    let agency_close = toks.iter().take(12).position(|t| t.text == ")").filter(|&c| {
        c >= 3 && toks[c - 2].text == "(" && toks[c - 1].text.len() >= 2 && toks[c - 1].text.chars().all(|ch| ch.is_ascii_uppercase()) && toks.get(c + 1).is_some_and(|t| t.is_capitalized())
    });
    if let Some(c) = agency_close {
        if !toks.get(c + 1).is_some_and(|t| matches!(t.text, "-" | "—" | "–")) {
            return toks.get(c + 1).map(|t| t.start);
        }
    }
    // "NEW DELHI: India has …": a place in capitals and a colon.
    let colon = toks.iter().take(5).position(|t| t.text == ":").filter(|&c| {
        c >= 1 && toks[..c].iter().all(|t| t.text.chars().filter(|ch| ch.is_alphabetic()).count() >= 2 && t.text.chars().all(|ch| !ch.is_lowercase()))
    });
    if let Some(c) = colon {
        return toks.get(c + 1).map(|t| t.start);
    }
    let d = toks.iter().take(14).position(|t| matches!(t.text, "-" | "—" | "–"))?;
    let caps = toks[0].text.chars().filter(|c| c.is_alphabetic()).count() >= 3 && toks[0].text.chars().all(|c| !c.is_lowercase());
    (caps || toks[..d].iter().any(|t| t.text == ")")).then(|| toks.get(d + 1).map(|t| t.start)).flatten()
}

/// Reported speech in one sentence.
///
/// A statement of what another party was told ("X told Y that C, Z said")
/// is Z's; `inner` then gets C alone, framed by "X told Y that" and not
/// exported, so that events read their parties from C.
fn indirect_in_sentence(text: &str, s: &Sentence, toks: &[Token], ents: &Entities, memory: &mut Memory, direct: &SpanIndex, inner: &mut Option<Found>) -> Option<Found> {
    let n = toks.len();
    if n < 4 {
        return None;
    }
    let end = trim_final_stop(text, s.span()).end;
    // According to X, CLAUSE.
    if toks[0].text == "According" && toks.get(1).is_some_and(|t| t.text == "to") {
        let comma = toks.iter().position(|t| t.text == ",")?;
        if comma <= 2 {
            return None;
        }
        let sp = resolve_named(text, toks, 2, comma, ents, memory)?;
        let start = toks.get(comma + 1)?.start;
        remember(&sp, memory);
        return Some(Found { span: Span::new(start, end), direct: false, speaker: Some(sp), frame: Some(Span::new(toks[0].start, toks[comma].end)), export: true });
    }
    // CLAUSE, according to X.
    if let Some(p) = toks.iter().position(|t| t.text == "according") {
        // "CLAUSE, the army chief told business leaders, according to two people
        // who attended": the speaker is the one who told; the source only relays.
        let inner_frame = (1..p.saturating_sub(1)).any(|k| matches!(toks[k].text, "said" | "says" | "told" | "tells" | "wrote" | "added") && toks[..k].iter().any(|t| t.text == ",") && !matches!(toks[k - 1].text, "," | "to"));
        if p >= 2 && toks[p - 1].text == "," && toks.get(p + 1).is_some_and(|t| t.text == "to") && !inner_frame {
            let mut b = p + 2;
            while b < n && !matches!(toks[b].text, "." | "," | ";") {
                b += 1;
            }
            // "according to photographs published by a website on Tuesday": the
            // time and place of the source are not its name.
            let mut b_name = b;
            for k in p + 3..b {
                let next = toks.get(k + 1).map_or("", |t| t.text);
                let weekday = is_weekday(next);
                let when = match toks[k].text {
                    "on" => weekday || is_date_word(next),
                    "in" => is_date_word(next) || next.len() == 4 && next.chars().all(|c| c.is_ascii_digit()),
                    "last" | "this" | "earlier" => weekday || matches!(next, "week" | "month" | "year"),
                    // "a report by a parliamentary committee tabled this week":
                    // what was done with the source is not its name ("published
                    // by a website" names who published it, and stays).
                    "tabled" | "published" | "released" | "issued" | "submitted" | "presented" | "obtained" | "prepared" | "compiled" | "filed" => next != "by",
                    _ => false,
                };
                if when {
                    b_name = k;
                    break;
                }
            }
            if b_name > p + 2 {
                let sp = resolve_named(text, toks, p + 2, b_name, ents, memory)?;
                remember(&sp, memory);
                let content_end = toks[p - 1].start;
                let content_start = after_dateline(toks).filter(|&st| st < content_end).unwrap_or(s.start);
                return Some(Found { span: Span::new(content_start, content_end), direct: false, speaker: Some(sp), frame: Some(Span::new(toks[p].start, end)), export: true });
            }
        }
    }
    // "X declined to comment on reports that C", "would not confirm media
    // reports that C": C is what the reports say, not X's word nor the
    // outlet's.
    if let Some(r) = (3..n.saturating_sub(2)).find(|&r| {
        crate::text::is_claim_noun(toks[r].text) && toks[r].text.ends_with('s') && toks[r + 1].text == "that" && {
            let mut v = r;
            while v > 0 && (toks[v - 1].text == "the" || REPORT_WORDS.contains(&toks[v - 1].text)) {
                v -= 1;
            }
            // The verb, past "on Tuesday": "declined to comment on Tuesday on reports".
            let comment = (v >= 3 && matches!(toks[v - 1].text, "on" | "about")).then(|| if v >= 5 && is_weekday(toks[v - 2].text) && toks[v - 3].text == "on" { v - 4 } else { v - 2 });
            let verb = match comment {
                Some(k) => (toks[k].text == "comment").then_some(k),
                None => (v >= 2 && matches!(toks[v - 1].text, "confirm" | "verify")).then(|| v - 1),
            };
            let refused = |k: usize| matches!(toks[k].text, "declined" | "refused" | "declines" | "refuses" | "not" | "unable");
            verb.is_some_and(|to| to >= 1 && (toks[to - 1].text == "to" && to >= 2 && refused(to - 2) || refused(to - 1)))
        }
    }) {
        let mut a = r;
        while a > 0 && REPORT_WORDS.contains(&toks[a - 1].text) {
            a -= 1;
        }
        if let Some(first) = toks.get(r + 2) {
            // "…, Peskov said": the content ends before a final frame.
            let end = final_frame(text, toks, r + 2, ents, memory).map_or(end, |(comma, _)| toks[comma].start);
            if first.start < end && word_count(&text[first.start..end]) >= 3 && !matches!(first.text, "“" | "\"" | ":") {
                let span = Span::new(toks[a].start, toks[r].end);
                let sp = Speaker { name: text[span.start..span.end].to_string(), role: None, span, person: None };
                return Some(Found { span: Span::new(first.start, end), direct: false, speaker: Some(sp), frame: Some(Span::new(toks[a].start, toks[r + 1].end)), export: true });
            }
        }
    }
    // X dismissed (media) reports that CLAUSE: X's statement denies what
    // the reports say (the frame's verb marks the denial).
    if let Some(dv) = toks.iter().position(|t| matches!(t.text, "dismissed" | "rejected" | "denied" | "refuted" | "dismisses" | "rejects" | "denies" | "refutes")) {
        let mut r = dv + 1;
        // "dismissed as baseless a report that …"
        while r < n
            && r <= dv + 5
            && matches!(toks[r].text, "the" | "media" | "press" | "news" | "recent" | "earlier" | "foreign" | "local" | "Western" | "as" | "a" | "an" | "baseless" | "false" | "untrue" | "groundless" | "unfounded" | "fabricated" | "fake" | "nonsense")
        {
            r += 1;
        }
        let noun = toks.get(r).is_some_and(|t| crate::text::is_claim_noun(t.text));
        if noun && toks.get(r + 1).is_some_and(|t| t.text == "that") && dv >= 1 {
            // "Tehran on Wednesday rejected …", "Minsk also denied …".
            let mut e = dv;
            while e > 1 && ADVERBS.contains(&toks[e - 1].text) {
                e -= 1;
            }
            if e >= 3 && matches!(toks[e - 2].text, "on" | "late" | "early") && is_weekday(toks[e - 1].text) {
                e -= 2;
            }
            if let (Some(a), Some(first)) = (subject_before(toks, e, ents), toks.get(r + 2)) {
                if let Some(sp) = resolve_phrase(text, toks, a, e, ents, memory) {
                    let start = first.start;
                    if start < end && word_count(&text[start..end]) >= 3 && !matches!(first.text, "“" | "\"" | ":") {
                        remember(&sp, memory);
                        return Some(Found { span: Span::new(start, end), direct: false, speaker: Some(sp), frame: Some(Span::new(toks[a].start, toks[r + 1].end)), export: true });
                    }
                }
            }
        }
        // "But an army spokesman denied the report. “No jet has arrived,” he
        // said": a denial with nothing quoted is who "he" is next.
        if noun && dv >= 1 && toks.get(r + 1).is_none_or(|t| matches!(t.text, "." | "!")) {
            if let Some(a) = subject_before(toks, dv, ents) {
                if let Some(sp) = resolve_phrase(text, toks, a, dv, ents, memory) {
                    remember(&sp, memory);
                }
            }
        }
    }
    // X was quoted (by Y) as saying (that) CLAUSE.
    if let Some(qv) = toks.iter().position(|t| t.text == "quoted") {
        if qv >= 2 && matches!(toks[qv - 1].text, "was" | "is" | "were") {
            if let Some(sv) = toks[qv..n.min(qv + 8)].iter().position(|t| t.text == "saying").map(|p| qv + p) {
                if toks[sv - 1].text == "as" {
                    let mut c = sv + 1;
                    if toks.get(c).is_some_and(|t| t.text == "that") {
                        c += 1;
                    }
                    let a = subject_before(toks, qv - 1, ents);
                    if let (Some(a), Some(first)) = (a, toks.get(c)) {
                        if let Some(sp) = resolve_phrase(text, toks, a, qv - 1, ents, memory) {
                            let start = first.start;
                            if start < end && word_count(&text[start..end]) >= 3 && !matches!(first.text, "“" | "\"" | ":") {
                                remember(&sp, memory);
                                return Some(Found { span: Span::new(start, end), direct: false, speaker: Some(sp), frame: Some(Span::new(toks[a].start, toks[c - 1].end)), export: true });
                            }
                        }
                    }
                }
            }
        }
    }
    // Y quoted / cited X as saying (that) CLAUSE. CLAUSE, Y quoted X as saying.
    if let Some(qv) = toks.iter().position(|t| matches!(t.text, "quoted" | "cited" | "quotes" | "cites")) {
        let active = qv >= 1 && !matches!(toks[qv - 1].text, "was" | "is" | "were" | "been" | "be" | "are");
        let sv = (qv + 2..n.min(qv + 14)).find(|&k| toks[k].text == "saying" && toks[k - 1].text == "as");
        if let (true, Some(sv)) = (active, sv) {
            if let Some(sp) = resolve_named(text, toks, qv + 1, sv - 1, ents, memory) {
                let mut c = skip_circumstances(toks, sv + 1);
                if toks.get(c).is_some_and(|t| t.text == "that") {
                    c += 1;
                }
                let after = toks.get(c).filter(|t| t.start < end && word_count(&text[t.start..end]) >= 3 && !matches!(t.text, "“" | "\"" | ":"));
                if let Some(first) = after {
                    remember(&sp, memory);
                    let frame_start = subject_before(toks, qv, ents).unwrap_or(qv);
                    return Some(Found { span: Span::new(first.start, end), direct: false, speaker: Some(sp), frame: Some(Span::new(toks[frame_start].start, toks[c - 1].end)), export: true });
                }
                // "CLAUSE, Interfax quoted X as saying."
                if toks.get(sv + 1).is_none_or(|t| matches!(t.text, "." | "on" | "in" | "at")) {
                    if let Some(a) = subject_before(toks, qv, ents).filter(|&a| a >= 2 && toks[a - 1].text == ",") {
                        let content_end = toks[a - 1].start;
                        let content_start = after_dateline(toks).filter(|&st| st < content_end).unwrap_or(s.start);
                        if word_count(&text[content_start..content_end]) >= 3 {
                            remember(&sp, memory);
                            return Some(Found { span: Span::new(content_start, content_end), direct: false, speaker: Some(sp), frame: Some(Span::new(toks[a].start, end)), export: true });
                        }
                    }
                }
            }
        }
    }
    // Find the first speech verb that has a speaker subject or object.
    for v in 0..n {
        let verb = toks[v].text;
        if !is_speech_verb(verb) {
            continue;
        }
        // Content already inside a direct quote: the verb frames that quote.
        if direct.covers(toks[v].start, toks[v].end) {
            continue;
        }
        // "it was reported that", "were reported to have": no speaker.
        if verb == "reported" && v > 0 && matches!(toks[v - 1].text, "was" | "were" | "is" | "are" | "been" | "be" | "widely" | "first" | "previously") {
            continue;
        }
        // "said to be": not speech.
        if toks.get(v + 1).is_some_and(|t| t.text == "to") && toks.get(v + 2).is_some_and(|t| t.text == "be" || t.text == "have") {
            continue;
        }
        // "pointed" must be "pointed out".
        let mut after_verb = v + 1;
        if verb == "pointed" {
            if toks.get(v + 1).is_some_and(|t| t.text == "out") {
                after_verb = v + 2;
            } else {
                continue;
            }
        }
        // CLAUSE, X said (…). / CLAUSE, said X(, ROLE).
        if v >= 2 {
            // "CLAUSE, an official, who asked not to be named, said.": the
            // speaker stands before the aside.
            let aside = aside_before(toks, v);
            let comma = toks[..aside.unwrap_or(v)].iter().rposition(|t| t.text == ",");
            // "…, after Western officials said Tehran had …": a subordinate
            // clause with its own speaker and content, not this frame.
            let comma = comma.filter(|&c| {
                !matches!(toks.get(c + 1).map(|t| t.text), Some("after" | "before" | "as" | "when" | "while" | "since" | "because" | "although" | "though" | "until" | "once" | "whereas" | "if")) || v <= c + 2
            });
            // "CLAUSE, the head of Rostec, Sergei Chemezov, said": a title and
            // the name in apposition, each between commas.
            if let Some(c) = comma.filter(|&c| c + 1 == v && c >= 4) {
                let name = ents.person_at(toks[c - 1].start, toks[c - 1].end);
                let c2 = toks[..c].iter().rposition(|t| t.text == ",");
                let c3 = c2.and_then(|c2| toks[..c2].iter().rposition(|t| t.text == ","));
                if let (Some(i), Some(c2), Some(c3)) = (name, c2, c3) {
                    let starts_name = ents.person_at(toks[c2 + 1].start, toks[c2 + 1].end) == Some(i);
                    let title = &toks[c3 + 1..c2];
                    let titled = !title.is_empty() && title.len() <= 8 && title.iter().any(|t| ROLE_WORDS.contains(t.text.to_lowercase().as_str()) || SPEAKER_NOUNS.contains(&t.text.to_lowercase().as_str()));
                    let content_end = toks[c3].start;
                    let content_start = after_dateline(toks).filter(|&st| st < content_end).unwrap_or(s.start);
                    let inside = direct.max_end_from(content_start + 2) > content_start;
                    if starts_name && titled && c3 >= 3 && !inside {
                        let sp = person_speaker(ents, i, Span::new(toks[c3 + 1].start, toks[c - 1].end));
                        remember(&sp, memory);
                        return Some(Found { span: Span::new(content_start, content_end), direct: false, speaker: Some(sp), frame: Some(Span::new(toks[c3].start, end)), export: true });
                    }
                }
            }
            // "CLAUSE, a charge Minsk denied": the clause is the narrator's
            // claim that the party denies (a denial event), not its words.
            let charge = |k: usize| toks.get(k).is_some_and(|t| crate::text::is_claim_noun(t.text));
            let comma = comma.filter(|&c| !(charge(c + 1) || toks.get(c + 1).is_some_and(|t| matches!(t.text, "a" | "an")) && charge(c + 2)));
            if let Some(c) = comma {
                let mut e = aside.unwrap_or(v);
                while e > c + 1 && ADVERBS.contains(&toks[e - 1].text) {
                    e -= 1;
                }
                let subj = if e > c + 1 { resolve_phrase(text, toks, c + 1, e, ents, memory) } else { None };
                // A long title is allowed when the name ends it, right before the verb
                // ("Deputy Director of the Federal Service … (FSVTS) Vladimir Drozhzhov told").
                let name_ends = |sp: &Speaker| sp.person.is_some_and(|i| ents.people[i].mentions.iter().any(|m| m.end == toks[e - 1].end));
                let subj_ok = subj.as_ref().is_some_and(|sp| sp.person.is_some() && (e - (c + 1) <= 12 || e - (c + 1) <= 24 && name_ends(sp)))
                    || subj.is_some() && subject_before(toks, e, ents) == Some(c + 1);
                let obj = if e == c + 1 {
                    let mut b = v + 1;
                    while b < n && !matches!(toks[b].text, "," | "." | ";" | "in" | "on" | "at" | "during" | "commenting" | "adding" | "speaking") {
                        b += 1;
                    }
                    let mut b2 = b;
                    if toks.get(b).is_some_and(|t| t.text == ",") {
                        b2 = b + 1;
                        while b2 < n && !matches!(toks[b2].text, "," | "." | ";") {
                            b2 += 1;
                        }
                    }
                    if b > v + 1 {
                        resolve_apposition(text, toks, v + 1, b2, ents, memory)
                    } else {
                        None
                    }
                } else {
                    None
                };
                // What follows "X said" is its circumstances, not a clause of its own
                // ("In his book …, the analyst said exports fell").
                // "X said on Wednesday, as Ankara seeks …" ends the frame at the comma.
                let rest = &toks[after_verb.min(n)..];
                let rest = &rest[..rest.iter().position(|t| matches!(t.text, "," | ";" | "—" | "–" | "." | "!" | "?")).unwrap_or(rest.len())];
                let circumstance = rest.is_empty()
                    || rest_is_circumstance(rest)
                        && (matches!(
                            rest[0].text,
                            "on" | "in" | "at" | "during" | "after" | "before" | "when" | "while" | "as" | "to" | "from" | "via" | "last"
                                | "this" | "earlier" | "later" | "late" | "adding" | "citing" | "referring" | "without" | "by" | "with"
                                | "speaking" | "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday"
                        ) || is_date_word(rest[0].text)
                            || matches!(verb, "told" | "tells" | "informed") && rest.len() <= 6);
                // "Speaking to reporters, X said …": the participle is not what was said.
                let participle = toks[0].is_capitalized() && toks[0].text.ends_with("ing");
                let rest_is_frame = rest.iter().all(|t| t.text != "that") && c >= 3 && !participle && (!subj_ok || circumstance);
                if rest_is_frame && (subj_ok || obj.is_some()) {
                    let sp = if subj_ok { subj } else { obj }?;
                    let content_end = toks[c].start;
                    let content_start = after_dateline(toks).filter(|&st| st < content_end).unwrap_or(s.start);
                    // The clause must not start inside a direct quote.
                    if direct.max_end_from(s.start + 2) > s.start {
                        return None;
                    }
                    remember(&sp, memory);
                    return Some(Found { span: Span::new(content_start, content_end), direct: false, speaker: Some(sp), frame: Some(Span::new(toks[c].start, end)), export: true });
                }
            }
        }
        // X said (that) CLAUSE / X told reporters (at …) that CLAUSE.
        let mut e = v;
        while e > 0 && ADVERBS.contains(&toks[e - 1].text) {
            e -= 1;
        }
        // "A senior official, speaking on condition of anonymity, said": the
        // subject ends before the aside.
        if let Some(c0) = aside_before(toks, e) {
            e = c0;
        }
        if e == 0 {
            continue;
        }
        // "Name, ROLE OF ORG announced that": a person in apposition is the subject.
        let appositive = (0..e).find_map(|k| {
            let i = ents.person_at(toks[k].start, toks[k].end)?;
            let end_k = (k..e).find(|&j| toks[j].end >= ents.people[i].mentions.iter().find(|m| m.start == toks[k].start).map_or(toks[k].end, |m| m.end))?;
            let between = &toks[end_k + 1..e];
            // Titles before the name: "…, Maj. Gen. Pat Ryder, told".
            let mut k0 = k;
            while k0 > 0 && k - k0 < 4 && toks[k0 - 1].is_capitalized() && !matches!(toks[k0 - 1].text, "The" | "A" | "An") {
                k0 -= 1;
            }
            let titled = k0 < k && toks[k0..k].iter().any(|t| t.text.ends_with('.') || ROLE_WORDS.contains(t.text.to_lowercase().as_str()));
            let k0 = if titled { k0 } else { k };
            (k0 == 0 || matches!(toks[k0 - 1].text, "," | ";" | ":") || k >= 1 && toks[..k].iter().all(|t| t.is_capitalized() || t.text.ends_with('.')))
                .then_some(())
                .filter(|_| between.first().is_some_and(|t| t.text == ",") && between.len() <= 16 && !between.iter().skip(1).any(|t| is_speech_verb(t.text) || t.text == "."))
                .map(|_| (k, i))
        });
        // "The ministry dismissed the report and said …": a second verb of
        // the sentence's subject, whose first verb is a past tense.
        let said = matches!(verb, "said" | "says" | "told" | "added" | "stated" | "insisted" | "warned" | "claimed" | "declared" | "announced" | "confirmed" | "stressed");
        let coordinated = (said && e >= 4 && toks[e - 1].text == "and" && !toks[..e].iter().any(|t| matches!(t.text, "," | ";" | ":")))
            .then(|| {
                let past = |w: &str| w.ends_with("ed") || matches!(w, "bought" | "sold" | "made" | "gave" | "took" | "sent" | "won" | "struck" | "held" | "met" | "sought" | "spent" | "paid" | "put" | "set" | "kept" | "left" | "went" | "came" | "saw" | "got");
                let b = (0..e.min(8)).find(|&b| past(toks[b].text) && !toks[b].is_capitalized())?;
                (b >= 1).then(|| resolve_phrase(text, toks, 0, b, ents, memory)).flatten()
            })
            .flatten();
        let (a, sp) = if let Some(sp) = coordinated {
            (0, sp)
        } else if let Some((k, i)) = appositive {
            (k, person_speaker(ents, i, Span::new(toks[k].start, toks[e - 1].end)))
        } else {
            // Skip a time phrase before the verb: "X on Monday said".
            let mut e2 = e;
            if e2 >= 3 && matches!(toks[e2 - 2].text, "on" | "in" | "at") && toks[e2 - 1].is_capitalized() {
                e2 -= 2;
            }
            let Some(mut a) = subject_before(toks, e2, ents) else { continue };
            // "JAKARTA - Indonesia's defence ministry said": the dateline is
            // no part of the subject.
            if let Some(st) = after_dateline(toks) {
                if let Some(k) = (a + 1..e2).find(|&k| toks[k].start == st) {
                    a = k;
                }
            }
            // A dash or subordinator opens the clause; the subject follows it.
            while a + 1 < e2 && matches!(toks[a].text, "-" | "—" | "–" | "after" | "before" | "since" | "when" | "until" | "once" | "as" | "while" | "because") {
                a += 1;
            }
            // The subject must start the sentence or a clause, after at most
            // a time phrase ("but in March a Kremlin spokesman said").
            let clause_start = |k: usize| k == 0 || matches!(toks[k - 1].text, "," | ";" | ":" | "-" | "—" | "–" | ")" | "and" | "but" | "while" | "as" | "though" | "although" | "whereas" | "because" | "after" | "before" | "since" | "when" | "until" | "once");
            let mut p = a;
            while p > 0 && a - p < 4 && (is_date_word(toks[p - 1].text) || matches!(toks[p - 1].text, "in" | "on" | "last" | "later" | "earlier" | "this" | "week" | "month" | "year" | "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday") || toks[p - 1].text.bytes().all(|b| b.is_ascii_digit())) {
                p -= 1;
            }
            if !clause_start(a) && !(p < a && clause_start(p)) {
                continue;
            }
            let Some(sp) = resolve_phrase(text, toks, a, e2, ents, memory) else { continue };
            (a, sp)
        };
        // Content: after "that" if it comes within a few words, else right after the verb.
        // "that" within a few words of the verb, with no comma between ("said,
        // ending months of talks over a deal that …" is not "said that").
        let window = &toks[after_verb.min(n)..n.min(after_verb + 12)];
        let window = &window[..window.iter().position(|t| matches!(t.text, "," | ";" | ":")).unwrap_or(window.len())];
        let that = window.iter().position(|t| t.text == "that").map(|i| after_verb + i);
        // "said talks were at an early stage and that no contract had been
        // signed": a second "that" joins a second clause to the first.
        let that = that.filter(|&t| !(t > after_verb && matches!(toks[t - 1].text, "and" | "but" | "or")));
        // "said Moscow failed to deliver arms that Yerevan had paid for",
        // "said the United States had informed it that …": a clause with a
        // verb of its own comes first; its "that" is not the verb's.
        let that = that.filter(|&t| {
            !(after_verb..t).any(|j| {
                matches!(toks[j].text, "had" | "has" | "have" | "was" | "were" | "is" | "are" | "will" | "would" | "could" | "can" | "may" | "might" | "should" | "must" | "did" | "does")
                    || j > after_verb && toks[j].text.ends_with("ed") && toks[j - 1].is_capitalized() && !matches!(toks[j - 1].text, "On" | "In" | "At")
            })
        });
        // "Yonhap reported the visit of …": a report names what it reports on;
        // only "reported that …" introduces what it says.
        if verb == "reported" && that.is_none() {
            continue;
        }
        // "Greece concluded a contract", "observed a minute's silence": these
        // verbs report speech only with "that".
        if that.is_none() && matches!(verb, "concluded" | "observed" | "recalled" | "noted" | "underlined" | "underscored" | "stressed" | "emphasised" | "emphasized") {
            let obj = skip_circumstances(toks, after_verb);
            if toks.get(obj).is_some_and(|t| matches!(t.text, "the" | "a" | "an" | "its" | "his" | "her" | "their" | "this")) {
                continue;
            }
        }
        // "Scholz announced the decision after a call with …": a noun phrase
        // is what was announced, not a clause; "announced the jets would
        // arrive" has a verb of its own.
        if that.is_none() && matches!(verb, "announced" | "announces" | "confirmed" | "confirms" | "disclosed" | "revealed" | "unveiled") {
            let obj = skip_circumstances(toks, after_verb);
            let np = toks.get(obj).is_some_and(|t| matches!(t.text, "the" | "a" | "an" | "its" | "his" | "her" | "their" | "plans" | "details" | "this"));
            let finite = toks[obj.min(n)..n.min(obj + 8)]
                .iter()
                .take_while(|t| !matches!(t.text, "," | ";" | ":"))
                .any(|t| matches!(t.text, "will" | "would" | "had" | "has" | "have" | "was" | "were" | "is" | "are" | "could" | "can" | "may" | "might" | "should" | "must"));
            if np && !finite {
                continue;
            }
        }
        let content_start = match that {
            Some(t) => t + 1,
            None => {
                let mut k = after_verb;
                if matches!(verb, "told" | "tells" | "informed" | "assured" | "assures" | "warned" | "warns" | "reminded") {
                    match after_audience(toks, k) {
                        Some(c) => k = c,
                        None if matches!(verb, "told" | "tells" | "informed") => continue,
                        None => {}
                    }
                }
                skip_circumstances(toks, k)
            }
        };
        if content_start >= n
            || matches!(
                toks[content_start].text,
                "." | "," | ":" | "“" | "\"" | "«" | "on" | "about" | "to" | "with" | "in" | "at" | "for" | "by" | "from" | "of" | "nothing"
                    | "little" | "so" | "yes" | "goodbye" | "something" | "anything"
            )
        {
            continue;
        }
        let start = toks[content_start].start;
        // "…denied that any weapons had arrived, calling the reports
        // speculation": the speaker's own participle ends what was said.
        let end = (content_start + 1..n.saturating_sub(1))
            .find(|&j| toks[j].text == "," && matches!(toks[j + 1].text, "calling" | "saying" | "adding" | "citing" | "describing" | "dismissing" | "insisting" | "accusing" | "arguing" | "urging" | "stressing" | "noting" | "referring"))
            .map_or(end, |j| toks[j].start);
        if start >= end || word_count(&text[start..end]) < 3 {
            continue;
        }
        if direct.max_end_from(start + 2) > start {
            continue;
        }
        // "Washington has told Switzerland that the systems will be late, the
        // Swiss defence ministry said": what one party was told, the party
        // that received it states; the final frame is the statement, and the
        // whole clause before it is what was said. ("X told reporters that
        // …, Anadolu said" only relays X's words, and stays X's.)
        let outer = final_frame(text, toks, content_start, ents, memory);
        if let (Some(t), Some((c, Some(outer)))) = (that.filter(|_| matches!(verb, "told" | "tells" | "informed" | "informs" | "notified" | "assured" | "warned")), outer.clone()) {
            let audience = &toks[after_verb..t];
            let party = !audience.iter().any(|t| AUDIENCES.contains(&t.text.to_lowercase().as_str()))
                && ents.starting_in(toks[after_verb].start, toks[t].start).iter().any(is_party);
            if party {
                let content_end = toks[c].start;
                let content_start = after_dateline(toks).filter(|&st| st < content_end).unwrap_or(s.start);
                if start < content_end {
                    *inner = Some(Found { span: Span::new(start, content_end), direct: false, speaker: Some(outer.clone()), frame: Some(Span::new(toks[a].start, toks[t].end)), export: false });
                }
                remember(&outer, memory);
                return Some(Found { span: Span::new(content_start, content_end), direct: false, speaker: Some(outer), frame: Some(Span::new(toks[c].start, end)), export: true });
            }
        }
        // The relaying frame is not part of what was said.
        let end = outer.map_or(end, |(c, _)| toks[c].start.min(end));
        if start >= end || word_count(&text[start..end]) < 3 {
            continue;
        }
        remember(&sp, memory);
        return Some(Found { span: Span::new(start, end), direct: false, speaker: Some(sp), frame: Some(Span::new(toks[a].start, toks[content_start - 1].end)), export: true });
    }
    None
}

/// A frame that ends the sentence after `from`: "…, the Swiss defence
/// ministry said (on Thursday)." The comma before it and its speaker,
/// where the phrase names one.
fn final_frame(text: &str, toks: &[Token], from: usize, ents: &Entities, memory: &Memory) -> Option<(usize, Option<Speaker>)> {
    let n = toks.len();
    let w = (from + 2..n).rev().find(|&w| matches!(toks[w].text, "said" | "says" | "stated" | "confirmed" | "added" | "announced" | "wrote"))?;
    let rest = &toks[w + 1..];
    let rest = &rest[..rest.iter().position(|t| matches!(t.text, "." | "!" | "?")).unwrap_or(rest.len())];
    if !(rest.is_empty() || rest_is_circumstance(rest) && !rest.iter().any(|t| matches!(t.text, "," | ";"))) {
        return None;
    }
    let a = subject_before(toks, w, ents)?;
    (a > from + 1 && toks[a - 1].text == ",").then_some(())?;
    Some((a - 1, resolve_phrase(text, toks, a, w, ents, memory)))
}
