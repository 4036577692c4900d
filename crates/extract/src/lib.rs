//! Extraction: entities, quotes, amounts, time expressions and events from
//! clean article text. Knows nothing of storage or input formats; never fails
//! on messy text: it returns what it found.

// The rules' conditions are written as the sentences they read ("not after
// a receiving verb, and not a talk"), not in the minimal boolean form.
#![allow(clippy::nonminimal_bool)]

pub mod amounts;
pub mod entities;
pub mod events;
pub mod gazetteer;
pub mod quotes;
pub mod text;
pub mod times;

use dossier_model::{Amount, AmountKind, Entity, Event, Modality, Polarity, Quote, TimeExpr};

/// What extraction finds in one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
    pub amounts: Vec<Amount>,
    pub times: Vec<TimeExpr>,
}

/// Facts about the document that extraction needs.
#[derive(Clone, Copy, Default)]
pub struct Context<'a> {
    /// The publication date (ISO, any precision), the anchor of relative times.
    pub published: Option<&'a str>,
    /// The gazetteer to read with; the bundled one when None.
    pub gazetteer: Option<&'a gazetteer::Gazetteer>,
    /// The headline: it names the report's main deal.
    pub title: Option<&'a str>,
}

/// Reads a document's text.
pub fn analyze(text: &str, context: &Context) -> Extraction {
    let gaz: &gazetteer::Gazetteer = match context.gazetteer {
        Some(g) => g,
        None => gazetteer::default(),
    };
    let paragraphs = text::paragraphs(text);
    let sentences = text::sentences(text);
    let ents = entities::find(text, gaz, &sentences);
    let found = quotes::find(text, &paragraphs, &sentences, &ents);
    let mut amounts = amounts::find_amounts(text);
    // "send Leopard 2 tanks", "Mirage 2000 jets": a number inside a
    // system's name names it; it counts nothing.
    amounts.retain(|a| {
        !(a.kind == AmountKind::Count
            && ents.covering(a.start, a.start + 1).is_some_and(|m| m.start < a.start && matches!(m.referent, entities::Referent::System { .. })))
    });
    let mut times = times::find_times(text, context.published);
    let quotes = found
        .iter()
        .filter(|f| f.export)
        .map(|f| Quote {
            speaker: f.speaker.as_ref().map(|s| s.name.clone()),
            role: f.speaker.as_ref().and_then(|s| s.role.clone()),
            text: text[f.span.start..f.span.end].to_string(),
            direct: f.direct,
            start: f.span.start,
            end: f.span.end,
            speaker_span: f.speaker.as_ref().map(|s| s.span),
        })
        .collect();
    let mut events = events::find(text, &sentences, &ents, &found, &times, &amounts, gaz, context.title);
    // An undated document is read as written in the latest year of what it
    // reports as done, so that "this year" and "by the end of the year"
    // mean something; a reader with no dateline does the same.
    if context.published.is_none() && times.iter().any(|t| t.value.is_none()) {
        if let Some(year) = story_year(&events) {
            times = times::find_times_in_year(text, year);
            events = events::find(text, &sentences, &ents, &found, &times, &amounts, gaz, context.title);
        }
    }
    Extraction {
        entities: entities::export(&ents, gaz),
        quotes,
        events,
        amounts,
        times: times
            .iter()
            .map(|t| TimeExpr { start: t.start, end: t.end, text: text[t.start..t.end].to_string(), value: t.value.clone() })
            .collect(),
    }
}

/// The latest year in which an undated document says something was done
/// (an affirmed event that is a fact, with a dated time).
fn story_year(events: &[Event]) -> Option<i32> {
    events
        .iter()
        .filter(|e| e.polarity == Polarity::Affirmed && e.modality == Modality::Fact)
        .filter_map(|e| e.time.as_deref()?.get(..4)?.parse::<i32>().ok())
        .max()
}
