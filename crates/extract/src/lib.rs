//! Extraction: entities, quotes, amounts, time expressions and events from
//! clean article text. Knows nothing of storage or input formats; never fails
//! on messy text: it returns what it found.

pub mod amounts;
pub mod times;

use dossier_model::{Amount, Entity, Event, Quote, TimeExpr};

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
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The publication date (ISO, any precision), the anchor of relative times.
    pub published: Option<&'a str>,
}

/// Reads a document's text.
pub fn analyze(text: &str, context: &Context) -> Extraction {
    let amounts = amounts::find_amounts(text);
    let times = times::find_times(text, context.published);
    Extraction {
        amounts,
        times: times
            .iter()
            .map(|t| TimeExpr { start: t.start, end: t.end, text: text[t.start..t.end].to_string(), value: t.value.clone() })
            .collect(),
        ..Extraction::default()
    }
}
