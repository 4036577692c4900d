//! Quotes and their speakers.
//!
//! Direct quotes are spans between quotation marks of every common style
//! (`"…"`, `“…”`, `«…»`, `„…“`, `‘…’`), including quotes that run over
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

use crate::entities::{is_speech_verb, Entities, Referent, ROLE_WORDS};
use crate::text::{tokens, Sentence, Token};
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
];

const PRONOUNS: &[&str] = &["he", "she", "He", "She", "they", "They", "him", "her", "them"];

/// Adverbs and short phrases allowed between a speaker and the speech verb.
const ADVERBS: &[&str] =
    &["also", "later", "then", "further", "previously", "earlier", "repeatedly", "again", "recently", "reportedly", "has", "had", "have", "once", "publicly", "separately", "immediately"];

fn is_open(c: char, prev: Option<char>) -> bool {
    match c {
        '“' | '«' | '„' => true,
        '"' => prev.map_or(true, |p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | ':' | '/')),
        '‘' => prev.map_or(true, |p| p.is_whitespace() || matches!(p, '(' | '“' | '"')),
        _ => false,
    }
}

fn closer_for(open: char) -> &'static [char] {
    match open {
        '“' => &['”', '“', '"'],
        '«' => &['»'],
        '„' => &['“', '”'],
        '"' => &['"', '”'],
        '‘' => &['’'],
        _ => &[],
    }
}

/// Raw quoted spans (content without the marks) within each paragraph, with
/// a flag telling whether the quote was closed.
pub fn quoted_spans(text: &str, paragraphs: &[Span]) -> Vec<(Span, bool)> {
    let mut out = Vec::new();
    for p in paragraphs {
        let s = &text[p.start..p.end];
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (pos, c) = chars[i];
            let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
            if !is_open(c, prev) {
                i += 1;
                continue;
            }
            let content_start = pos + c.len_utf8();
            let closers = closer_for(c);
            let mut j = i + 1;
            let mut close = None;
            while j < chars.len() {
                let (q, d) = chars[j];
                if closers.contains(&d) {
                    // A curly apostrophe inside a word is not a closing single quote.
                    let next = chars.get(j + 1).map(|x| x.1);
                    let inner_apostrophe = d == '’' && next.is_some_and(|n| n.is_alphanumeric());
                    // A straight quote that opens a nested quote is not the closer.
                    let opens_nested = d == '"' && c == '"' && next.is_some_and(|n| n.is_alphanumeric()) && chars[j - 1].1.is_whitespace();
                    if !inner_apostrophe && !opens_nested {
                        close = Some(q);
                        break;
                    }
                }
                j += 1;
            }
            match close {
                Some(q) => {
                    push(text, p.start + content_start, p.start + q, true, &mut out);
                    i = j + 1;
                }
                None => {
                    // Unclosed: only double marks open a quote that runs to the paragraph end.
                    if c != '‘' {
                        push(text, p.start + content_start, p.end, false, &mut out);
                    }
                    break;
                }
            }
        }
    }
    out
}

fn push(text: &str, start: usize, end: usize, closed: bool, out: &mut Vec<(Span, bool)>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    // A comma before the closing mark belongs to the frame ("…,” he said).
    let t2 = t.trim_end_matches(',');
    if !t2.is_empty() {
        out.push((Span::new(start + lead, start + lead + t2.len()), closed));
    }
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Finds quotes and their speakers.
pub fn find(text: &str, paragraphs: &[Span], sentences: &[Sentence], ents: &Entities) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let sentence_of = |pos: usize| sentences.iter().find(|s| s.start <= pos && pos <= s.end).copied();
    let mut descriptions: Vec<Speaker> = Vec::new();
    let mut last_speaker: Option<Speaker> = None;

    // Direct quotes.
    let spans = quoted_spans(text, paragraphs);
    for (idx, &(span, closed)) in spans.iter().enumerate() {
        let content = &text[span.start..span.end];
        let open_pos = text[..span.start].char_indices().next_back().map(|x| x.0).unwrap_or(0);
        let close_end = if closed { text[span.end..].char_indices().nth(1).map(|x| span.end + x.0).unwrap_or(text.len()) } else { span.end };
        let close_end = if text[span.end..].starts_with(',') { text[span.end + 1..].char_indices().nth(1).map(|x| span.end + 1 + x.0).unwrap_or(text.len()) } else { close_end };
        let Some(sent) = sentence_of(open_pos).or_else(|| sentence_of(span.start)) else { continue };
        let sent_end = sentence_of(span.end.saturating_sub(1)).map(|s| s.end).unwrap_or(sent.end).max(sent.end);
        let before = Span::new(sent.start, open_pos);
        let after = Span::new(close_end.min(sent_end.max(close_end)), sentence_of(close_end).map(|s| s.end).unwrap_or(sent_end).max(close_end));

        let speaker_after = speaker_after_quote(text, after, ents, &descriptions, &last_speaker);
        let speaker_before = if speaker_after.is_none() { speaker_before_quote(text, before, ents, &descriptions, &last_speaker) } else { None };
        let has_cue = speaker_after.is_some() || speaker_before.is_some();
        let ends_sentence = content.trim_end().ends_with(['.', '!', '?', '…']) || text[span.end..].starts_with(',');
        let words = word_count(content);
        // Scare quotes and names: short, no speech cue, no sentence inside.
        if !has_cue && (words < 5 || !ends_sentence && words < 8) {
            continue;
        }
        if !has_cue && looks_like_title(content) {
            continue;
        }
        let mut speaker = speaker_after.or(speaker_before);
        if speaker.is_none() {
            // A quote that opens its paragraph continues the previous speaker
            // when the previous quote was in the paragraph just before.
            let para = paragraphs.iter().position(|p| p.start <= span.start && span.start <= p.end);
            if let (Some(pi), Some(prev)) = (para, out.iter().rev().find(|f| f.direct)) {
                let prev_para = paragraphs.iter().position(|p| p.start <= prev.span.start && prev.span.start <= p.end);
                if prev_para.is_some_and(|pp| pp + 1 == pi || pp == pi) {
                    speaker = prev.speaker.clone();
                }
            }
        }
        if let Some(sp) = &speaker {
            remember(sp, &mut descriptions, &mut last_speaker);
        }
        let _ = idx;
        out.push(Found { span, direct: true, speaker, frame: None, export: true });
    }

    // Indirect quotes, sentence by sentence, outside direct quotes.
    let inside_direct = |pos: usize| out.iter().any(|f| f.direct && f.span.start <= pos && pos < f.span.end);
    let mut indirect: Vec<Found> = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        if inside_direct(s.start) && inside_direct(s.end.saturating_sub(2)) {
            continue;
        }
        let toks = tokens(text, s.span());
        if let Some(f) = indirect_in_sentence(text, s, &toks, ents, &mut descriptions, &mut last_speaker, &out) {
            // Not when the sentence holds a direct quote: the verb frames that quote,
            // and a direct quote is the better record of the same words.
            let holds_direct = out.iter().any(|d| d.direct && s.start <= d.span.start && d.span.start < s.end);
            if !holds_direct && f.span.len() > 3 {
                indirect.push(f);
            }
            continue;
        }
        // "This was announced by X": the previous sentence is X's statement.
        if let Some(sp) = announced_by(text, &toks, ents, &descriptions, &last_speaker) {
            if si > 0 && sentences[si - 1].paragraph == s.paragraph {
                let prev = sentences[si - 1];
                let content = trim_final_stop(text, prev.span());
                if !inside_direct(prev.start) {
                    remember(&sp, &mut descriptions, &mut last_speaker);
                    indirect.push(Found { span: content, direct: false, speaker: Some(sp), frame: Some(s.span()), export: false });
                }
            }
        }
    }
    out.extend(indirect);
    out.sort_by_key(|f| f.span.start);
    out
}

fn remember(sp: &Speaker, descriptions: &mut Vec<Speaker>, last: &mut Option<Speaker>) {
    if sp.person.is_none() && starts_indefinite(&sp.name) {
        descriptions.push(sp.clone());
    }
    *last = Some(sp.clone());
}

fn starts_indefinite(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    matches!(first, "a" | "an" | "A" | "An") || (first.chars().next().is_some_and(|c| c.is_uppercase()) && name.split_whitespace().count() >= 2 && name.ends_with('s'))
}

fn looks_like_title(content: &str) -> bool {
    let words: Vec<&str> = content.split_whitespace().collect();
    words.len() <= 10 && words.iter().filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase())).count() * 2 > words.len() && !content.trim_end().ends_with(['.', '!', '?'])
}

fn trim_final_stop(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let t = s.trim_end_matches(['.', ' ']);
    Span::new(span.start, span.start + t.len())
}

/// A speaker phrase in `toks[a..b]` (the words next to a speech verb).
fn resolve_phrase(text: &str, toks: &[Token], a: usize, b: usize, ents: &Entities, descriptions: &[Speaker], last: &Option<Speaker>) -> Option<Speaker> {
    if a >= b {
        return None;
    }
    let span = Span::new(toks[a].start, toks[b - 1].end);
    // A person mentioned in the phrase.
    for t in &toks[a..b] {
        if let Some(i) = ents.person_at(t.start, t.start + 1) {
            let p = &ents.people[i];
            return Some(Speaker { name: p.name.clone(), role: p.role.clone(), span, person: Some(i) });
        }
    }
    let words: Vec<&str> = toks[a..b].iter().map(|t| t.text).collect();
    if words.len() == 1 && PRONOUNS.contains(&words[0]) {
        let pos = toks[a].start;
        // The last person mentioned before the pronoun.
        let person = ents
            .mentions
            .iter()
            .filter(|m| m.end <= pos)
            .filter_map(|m| match m.referent {
                Referent::Person(i) => Some(i),
                _ => None,
            })
            .last();
        if let Some(i) = person {
            let p = &ents.people[i];
            return Some(Speaker { name: p.name.clone(), role: p.role.clone(), span, person: Some(i) });
        }
        return last.clone().map(|mut l| {
            l.span = span;
            l
        });
    }
    let head = words.last()?.to_lowercase();
    let is_speaker_noun = SPEAKER_NOUNS.contains(&head.as_str()) || ROLE_WORDS.contains(head.as_str());
    // A state, capital or institution, or an organisation, that speaks.
    let mention = toks[a..b].iter().find_map(|t| ents.mentions.iter().find(|m| m.start == t.start && matches!(m.referent, Referent::Country { .. } | Referent::Organization { .. })));
    if let Some(m) = mention {
        let heads = m.end >= toks[b - 1].end || toks[b - 1].end - m.end <= 3;
        if heads && (!is_speaker_noun || m.end >= toks[b - 1].end) {
            let name = phrase_text(text, toks, a, b);
            return Some(Speaker { name, role: None, span, person: None });
        }
    }
    if !is_speaker_noun {
        return None;
    }
    let first = words[0];
    let name = phrase_text(text, toks, a, b);
    // "Rostec's head", "the Rostec CEO": a person whose role has the head noun
    // and every capitalised word of the phrase, wherever the person is named.
    let caps: Vec<String> = toks[a..b]
        .iter()
        .filter(|t| t.is_capitalized() && !matches!(t.text, "The" | "A" | "An" | "This"))
        .map(|t| t.text.trim_end_matches("'s").trim_end_matches("’s").to_lowercase())
        .collect();
    if !caps.is_empty() && ROLE_WORDS.contains(head.as_str()) && !head.ends_with('s') {
        if let Some((i, p)) = ents.people.iter().enumerate().find(|(_, p)| {
            p.role.as_ref().is_some_and(|r| {
                let r = r.to_lowercase();
                (r.contains(&head) || matches!(head.as_str(), "ceo" | "head" | "chief" | "director") && (r.contains("head") || r.contains("ceo") || r.contains("director") || r.contains("chief")))
                    && caps.iter().all(|c| r.contains(c.as_str()))
            })
        }) {
            return Some(Speaker { name: p.name.clone(), role: p.role.clone(), span, person: Some(i) });
        }
    }
    if matches!(first, "the" | "The" | "this" | "This") {
        let head_word = head.trim_end_matches('s');
        // "the official" refers back to "a Turkish defence official".
        if let Some(d) = descriptions.iter().rev().find(|d| d.name.to_lowercase().split_whitespace().last().is_some_and(|h| h.trim_end_matches('s') == head_word)) {
            return Some(Speaker { span, ..d.clone() });
        }
        // "the Rostec CEO" after a named CEO: the person whose role says so.
        if let Some((i, p)) = ents.people.iter().enumerate().rev().find(|(_, p)| p.role.as_ref().is_some_and(|r| r.to_lowercase().contains(&head))) {
            return Some(Speaker { name: p.name.clone(), role: p.role.clone(), span, person: Some(i) });
        }
        // A person's title used for the last person who spoke.
        if ROLE_WORDS.contains(head.as_str()) && !head.ends_with('s') {
            if let Some(l) = last.as_ref().filter(|l| l.person.is_some()) {
                return Some(Speaker { span, ..l.clone() });
            }
        }
    }
    Some(Speaker { name, role: None, span, person: None })
}

fn phrase_text(text: &str, toks: &[Token], a: usize, b: usize) -> String {
    let s = &text[toks[a].start..toks[b - 1].end];
    s.strip_suffix("'s").or_else(|| s.strip_suffix("’s")).unwrap_or(s).to_string()
}

/// The noun phrase ending right before `end` (exclusive token index): tokens that
/// can be part of a speaker description, up to a determiner or a boundary.
fn np_before(toks: &[Token], end: usize, ents: &Entities) -> Option<usize> {
    let mut k = end;
    let mut n = 0;
    while k > 0 {
        let t = &toks[k - 1];
        let lower = t.text.to_lowercase();
        if ents.person_at(t.start, t.end).is_some() || ents.mentions.iter().any(|m| m.start <= t.start && t.end <= m.end) {
            k -= 1;
        } else if matches!(lower.as_str(), "a" | "an" | "the" | "this") {
            k -= 1;
            break;
        } else if PRONOUNS.contains(&t.text) && n == 0 {
            k -= 1;
            break;
        } else if t.text.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’' || c == '.')
            && !is_speech_verb(t.text)
            && !matches!(lower.as_str(), "and" | "or" | "but" | "that" | "which" | "who" | "as" | "of" | "in" | "on" | "at" | "to" | "for" | "with" | "by" | "from" | "it" | "is" | "was" | "were" | "are" | "has" | "have" | "had" | "not" | "no" | "when" | "while" | "if" | "we" | "i" | "you" | "there")
        {
            k -= 1;
        } else {
            break;
        }
        n += 1;
        if n > 7 {
            return None;
        }
    }
    (k < end).then_some(k)
}

/// `…,” Peskov said.` / `…,” said Pilpson, commenting …` / `…,” he assured.`
fn speaker_after_quote(text: &str, after: Span, ents: &Entities, descriptions: &[Speaker], last: &Option<Speaker>) -> Option<Speaker> {
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
    // said X
    if is_speech_verb(toks[i].text) {
        let a = i + 1;
        let mut b = a;
        while b < toks.len() && !matches!(toks[b].text, "," | "." | ";" | ":" | "in" | "on" | "at" | "to" | "during" | "after" | "when" | "while" | "as" | "adding" | "commenting" | "speaking") && b - a < 8 {
            b += 1;
        }
        return resolve_phrase(text, &toks, a, b, ents, descriptions, last);
    }
    // X said: the phrase must be followed by a speech verb (adverbs may come between).
    let mut v = i;
    while v < toks.len() && v - i < 9 && !is_speech_verb(toks[v].text) {
        if matches!(toks[v].text, "." | ";" | "“" | "\"") {
            return None;
        }
        v += 1;
    }
    if v >= toks.len() || !is_speech_verb(toks[v].text) {
        return None;
    }
    let mut e = v;
    while e > i && ADVERBS.contains(&toks[e - 1].text) {
        e -= 1;
    }
    resolve_phrase(text, &toks, i, e, ents, descriptions, last)
}

/// `Peskov said, "…` / `The official added: “…` / `cited X as saying: “…` / `he told reporters: “…`
fn speaker_before_quote(text: &str, before: Span, ents: &Entities, descriptions: &[Speaker], last: &Option<Speaker>) -> Option<Speaker> {
    if before.is_empty() {
        return None;
    }
    let toks = tokens(text, before);
    // "cited X as saying" / "quoted X as saying"
    if let Some(p) = toks.iter().position(|t| t.text == "saying" || t.text == "stating") {
        if p >= 2 && toks[p - 1].text == "as" {
            if let Some(c) = toks[..p - 1].iter().rposition(|t| matches!(t.text, "cited" | "quoted" | "quotes" | "cites")) {
                return resolve_named(text, &toks, c + 1, p - 1, ents, descriptions, last);
            }
        }
        // "…, stating “…”": the subject of the sentence speaks.
        if p + 1 >= toks.len() || toks[p + 1..].iter().all(|t| matches!(t.text, ":" | "," | "that")) {
            return sentence_subject(text, &toks, ents, descriptions, last);
        }
    }
    // The last speech verb before the quote, with little between it and the quote.
    let v = toks.iter().rposition(|t| is_speech_verb(t.text))?;
    let tail = &toks[v + 1..];
    if tail.len() > 8 || tail.iter().any(|t| matches!(t.text, "." | ";")) {
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
    let a = np_before(&toks, e, ents)?;
    resolve_phrase(text, &toks, a, e, ents, descriptions, last)
}

fn resolve_named(text: &str, toks: &[Token], a: usize, b: usize, ents: &Entities, descriptions: &[Speaker], last: &Option<Speaker>) -> Option<Speaker> {
    // Prefer a person named inside the phrase ("the head of X, Dmitry Shugayev,").
    for t in &toks[a..b] {
        if let Some(i) = ents.person_at(t.start, t.start + 1) {
            let p = &ents.people[i];
            return Some(Speaker { name: p.name.clone(), role: p.role.clone(), span: Span::new(toks[a].start, toks[b - 1].end), person: Some(i) });
        }
    }
    let mut b2 = b;
    while b2 > a && toks[b2 - 1].text == "," {
        b2 -= 1;
    }
    resolve_phrase(text, toks, a, b2, ents, descriptions, last)
}

/// The subject of a sentence: its first noun phrase that can speak.
fn sentence_subject(text: &str, toks: &[Token], ents: &Entities, descriptions: &[Speaker], last: &Option<Speaker>) -> Option<Speaker> {
    // The first phrase up to the first verb-like word.
    let mut b = 0;
    while b < toks.len() && b < 6 && !toks[b].text.ends_with("ed") && !is_speech_verb(toks[b].text) && !matches!(toks[b].text, "," | "is" | "was" | "has" | "had" | "will") {
        b += 1;
    }
    resolve_phrase(text, toks, 0, b, ents, descriptions, last)
}

/// "This was announced by X" / "This was stated by X".
fn announced_by(text: &str, toks: &[Token], ents: &Entities, descriptions: &[Speaker], last: &Option<Speaker>) -> Option<Speaker> {
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
    resolve_named(text, toks, a, b, ents, descriptions, last)
}

/// Reported speech in one sentence.
fn indirect_in_sentence(
    text: &str,
    s: &Sentence,
    toks: &[Token],
    ents: &Entities,
    descriptions: &mut Vec<Speaker>,
    last: &mut Option<Speaker>,
    direct: &[Found],
) -> Option<Found> {
    let n = toks.len();
    if n < 4 {
        return None;
    }
    let end = trim_final_stop(text, s.span()).end;
    // According to X, CLAUSE.
    if toks[0].text == "According" && toks.get(1).is_some_and(|t| t.text == "to") {
        let comma = toks.iter().position(|t| t.text == ",")?;
        let sp = resolve_named(text, toks, 2, comma, ents, descriptions, last)?;
        let start = toks.get(comma + 1)?.start;
        remember(&sp, descriptions, last);
        return Some(Found { span: Span::new(start, end), direct: false, speaker: Some(sp), frame: Some(Span::new(toks[0].start, toks[comma].end)), export: true });
    }
    // CLAUSE, according to X.
    if let Some(p) = toks.iter().position(|t| t.text == "according") {
        if p >= 2 && toks[p - 1].text == "," && toks.get(p + 1).is_some_and(|t| t.text == "to") {
            let mut b = p + 2;
            while b < n && !matches!(toks[b].text, "." | "," | ";") {
                b += 1;
            }
            let sp = resolve_named(text, toks, p + 2, b, ents, descriptions, last)?;
            remember(&sp, descriptions, last);
            return Some(Found { span: Span::new(s.start, toks[p - 1].start), direct: false, speaker: Some(sp), frame: Some(Span::new(toks[p].start, end)), export: true });
        }
    }
    // Find the first speech verb that has a speaker subject or object.
    for v in 0..n {
        let verb = toks[v].text;
        if !is_speech_verb(verb) {
            continue;
        }
        // Content already inside a direct quote: the verb frames that quote.
        if direct.iter().any(|d| d.span.start <= toks[v].start && toks[v].end <= d.span.end) {
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
            let comma = toks[..v].iter().rposition(|t| t.text == ",");
            if let Some(c) = comma {
                let mut e = v;
                while e > c + 1 && ADVERBS.contains(&toks[e - 1].text) {
                    e -= 1;
                }
                let subj = if e > c + 1 { resolve_phrase(text, toks, c + 1, e, ents, descriptions, last) } else { None };
                let subj_ok = subj.as_ref().is_some_and(|sp| sp.person.is_some() && e - (c + 1) <= 12)
                    || subj.is_some() && np_before(toks, e, ents) == Some(c + 1);
                let obj = if e == c + 1 {
                    let mut b = v + 1;
                    while b < n && !matches!(toks[b].text, "," | "." | ";" | "in" | "on" | "at" | "during" | "commenting" | "adding" | "speaking") {
                        b += 1;
                    }
                    resolve_named(text, toks, v + 1, b, ents, descriptions, last)
                } else {
                    None
                };
                let rest_is_frame = toks[v + 1..].iter().all(|t| !matches!(t.text, "that")) && c >= 3;
                if rest_is_frame && (subj_ok || obj.is_some()) {
                    let sp = if subj_ok { subj } else { obj }?;
                    let content_end = toks[c].start;
                    // The clause must not start inside a direct quote.
                    if direct.iter().any(|d| d.span.start <= s.start + 2 && s.start < d.span.end) {
                        return None;
                    }
                    remember(&sp, descriptions, last);
                    return Some(Found { span: Span::new(s.start, content_end), direct: false, speaker: Some(sp), frame: Some(Span::new(toks[c].start, end)), export: true });
                }
            }
        }
        // X said (that) CLAUSE / X told reporters (at …) that CLAUSE.
        let mut e = v;
        while e > 0 && ADVERBS.contains(&toks[e - 1].text) {
            e -= 1;
        }
        if e == 0 {
            continue;
        }
        // "Name, ROLE OF ORG announced that": a person in apposition is the subject.
        let appositive = (0..e).find_map(|k| {
            let i = ents.person_at(toks[k].start, toks[k].end)?;
            let end_k = (k..e).find(|&j| toks[j].end >= ents.people[i].mentions.iter().find(|m| m.start == toks[k].start).map_or(toks[k].end, |m| m.end))?;
            let between = &toks[end_k + 1..e];
            (k == 0 || matches!(toks[k - 1].text, "," | ";" | ":"))
                .then_some(())
                .filter(|_| between.first().is_some_and(|t| t.text == ",") && between.len() <= 12 && !between.iter().skip(1).any(|t| is_speech_verb(t.text) || t.text == "."))
                .map(|_| (k, i))
        });
        let (a, sp) = if let Some((k, i)) = appositive {
            let p = &ents.people[i];
            (k, Speaker { name: p.name.clone(), role: p.role.clone(), span: Span::new(toks[k].start, toks[e - 1].end), person: Some(i) })
        } else {
            let Some(a) = np_before(toks, e, ents) else { continue };
            // The subject must start the sentence or a clause.
            if a > 0 && !matches!(toks[a - 1].text, "," | ";" | ":" | "and" | "but" | "while" | "as") {
                continue;
            }
            let Some(sp) = resolve_phrase(text, toks, a, e, ents, descriptions, last) else { continue };
            (a, sp)
        };
        // Content: after "that" if it comes within a few words, else right after the verb.
        let that = toks[after_verb..n.min(after_verb + 12)].iter().position(|t| t.text == "that").map(|i| after_verb + i);
        let content_start = match that {
            Some(t) => t + 1,
            None => {
                if matches!(verb, "told" | "informed") {
                    continue;
                }
                // Skip a time phrase right after the verb ("said on Tuesday").
                let mut k = after_verb;
                if k + 1 < n && matches!(toks[k].text, "on" | "in" | "at" | "last" | "this") && toks[k + 1].is_capitalized() {
                    k += 2;
                }
                k
            }
        };
        if content_start >= n
            || matches!(toks[content_start].text, "." | "," | ":" | "“" | "\"" | "«" | "on" | "about" | "to" | "with" | "in" | "at" | "for" | "by" | "from" | "of")
        {
            continue;
        }
        let start = toks[content_start].start;
        if start >= end || word_count(&text[start..end]) < 3 {
            continue;
        }
        if direct.iter().any(|d| d.span.start <= start + 2 && start < d.span.end) {
            continue;
        }
        remember(&sp, descriptions, last);
        return Some(Found { span: Span::new(start, end), direct: false, speaker: Some(sp), frame: Some(Span::new(toks[a].start, toks[content_start - 1].end)), export: true });
    }
    None
}
