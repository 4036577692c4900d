//! The plain data that flows through dossier: documents, their metadata and
//! what extraction finds in them. No behaviour beyond small helpers, no I/O.
//!
//! Field names and serialised shapes follow `CONTRACT.md`: an exported
//! document is `serde_json::to_string(&Document)`.

use serde::{Deserialize, Serialize};

/// A half-open byte range into a document's clean `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Where a piece of metadata was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// Stated in the article's own text (dateline, copyright line, sign-off).
    Text,
    /// Read from the article's URL (host, date path).
    Url,
    /// Given by the input's metadata: HTML meta tags, JSON-LD, JSONL fields, feed or WARC headers.
    Metadata,
    /// Derived by reasoning over the text (a yearless dateline fixed by a weekday).
    Inferred,
}

impl Basis {
    pub fn as_str(&self) -> &'static str {
        match self {
            Basis::Text => "text",
            Basis::Url => "url",
            Basis::Metadata => "metadata",
            Basis::Inferred => "inferred",
        }
    }
    pub fn parse(s: &str) -> Option<Basis> {
        Some(match s {
            "text" => Basis::Text,
            "url" => Basis::Url,
            "metadata" => Basis::Metadata,
            "inferred" => Basis::Inferred,
            _ => return None,
        })
    }
}

/// One exported document, exactly as `export --format jsonl` writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub based_on: Vec<String>,
    /// ISO 8601 at the precision the evidence supports: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub published: Option<String>,
    pub published_basis: Option<Basis>,
    pub duplicate_of: Option<String>,
    pub text: String,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
    pub amounts: Vec<Amount>,
    /// Extension: where the title and outlet were read from, with the words
    /// that gave them (the contract's `published_basis`, for the other fields).
    #[serde(default)]
    pub provenance: Provenance,
    /// Extension: time expressions found in the text, normalised.
    #[serde(default)]
    pub times: Vec<TimeExpr>,
}

/// Where each metadata field came from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Provenance {
    pub title: Option<Source>,
    pub outlet: Option<Source>,
    pub published: Option<Source>,
    #[serde(default)]
    pub based_on: Vec<Source>,
}

/// One piece of metadata evidence: how it was found and the words that gave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub basis: Basis,
    /// What kind of clue it was: `dateline`, `copyright`, `sign-off`, `og:site_name`, `url-host`, ...
    pub rule: String,
    /// The words (from the raw input, not necessarily the clean text) that gave the value.
    pub evidence: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Country,
    Organization,
    Person,
    System,
}

impl EntityKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::Country => "country",
            EntityKind::Organization => "organization",
            EntityKind::Person => "person",
            EntityKind::System => "system",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// `country:TUR`, `org:rosoboronexport`, `person:sergei-chemezov`, `system:S-400`.
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub mentions: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub speaker: Option<String>,
    pub role: Option<String>,
    pub text: String,
    pub direct: bool,
    pub start: usize,
    pub end: usize,
    /// Extension: where the speaker was named for this quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_span: Option<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    DealSigned,
    Delivery,
    Negotiation,
    Intent,
    Sanction,
    ProgramExclusion,
    Payment,
    Production,
    Cancellation,
    Waiver,
}

impl EventType {
    pub const ALL: [EventType; 10] = [
        EventType::DealSigned,
        EventType::Delivery,
        EventType::Negotiation,
        EventType::Intent,
        EventType::Sanction,
        EventType::ProgramExclusion,
        EventType::Payment,
        EventType::Production,
        EventType::Cancellation,
        EventType::Waiver,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            EventType::DealSigned => "deal_signed",
            EventType::Delivery => "delivery",
            EventType::Negotiation => "negotiation",
            EventType::Intent => "intent",
            EventType::Sanction => "sanction",
            EventType::ProgramExclusion => "program_exclusion",
            EventType::Payment => "payment",
            EventType::Production => "production",
            EventType::Cancellation => "cancellation",
            EventType::Waiver => "waiver",
        }
    }
    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    Affirmed,
    Denied,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    Fact,
    Planned,
    Threat,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Money {
    pub amount: f64,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub count: f64,
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    #[serde(rename = "type")]
    pub kind: EventType,
    pub polarity: Polarity,
    pub modality: Modality,
    pub supplier: Option<String>,
    pub recipient: Option<String>,
    pub system: Option<String>,
    pub time: Option<String>,
    pub value: Option<Money>,
    pub quantity: Option<Quantity>,
    pub attributed_to: Option<String>,
    pub evidence: Evidence,
    pub rule: String,
    /// Extension: "first", "second", "additional" when the text names the batch or contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AmountKind {
    Money,
    Count,
    Distance,
    Altitude,
    Duration,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    pub kind: AmountKind,
    pub value: f64,
    pub unit: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Extension: `over`, `under`, `about`, `up_to` when the text qualifies the number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// Extension: upper bound of a range ("18-19 months").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_max: Option<f64>,
}

/// A time expression and what it resolves to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// ISO 8601 at true precision, or None when it cannot be resolved.
    pub value: Option<String>,
}

/// Two ISO times agree within their stated precision ("2019-07" and
/// "2019-07-12" agree; "2017" and "2020" do not); an unknown time agrees
/// with anything.
pub fn times_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.starts_with(b) || b.starts_with(a),
        _ => true,
    }
}

/// Checks that every offset in a document round-trips: `text[start..end]`
/// is on char boundaries and equals the stored text where one is stored.
pub fn check_offsets(doc: &Document) -> Result<(), String> {
    let t = &doc.text;
    let slice = |s: usize, e: usize, what: &str| -> Result<&str, String> {
        t.get(s..e).ok_or_else(|| format!("{}: {what} offsets {s}..{e} do not slice the text", doc.id))
    };
    for e in &doc.entities {
        for m in &e.mentions {
            slice(m.start, m.end, "entity mention")?;
        }
    }
    for q in &doc.quotes {
        let s = slice(q.start, q.end, "quote")?;
        if s != q.text {
            return Err(format!("{}: quote text differs from text[{}..{}]", doc.id, q.start, q.end));
        }
    }
    for ev in &doc.events {
        let s = slice(ev.evidence.start, ev.evidence.end, "event evidence")?;
        if s != ev.evidence.text {
            return Err(format!("{}: event evidence differs from its offsets", doc.id));
        }
    }
    for a in &doc.amounts {
        let s = slice(a.start, a.end, "amount")?;
        if s != a.text {
            return Err(format!("{}: amount text differs from its offsets", doc.id));
        }
    }
    for x in &doc.times {
        let s = slice(x.start, x.end, "time")?;
        if s != x.text {
            return Err(format!("{}: time text differs from its offsets", doc.id));
        }
    }
    Ok(())
}
