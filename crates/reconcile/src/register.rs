//! The deal register: SIPRI's fields, one row per deal, each field with the
//! claims behind it and flagged where sources disagree.

use crate::{Fact, Record, Story};
use dossier_model::{EventType, Modality, Polarity};
use serde::{Deserialize, Serialize};

/// One claim behind a register field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldClaim {
    pub doc: String,
    pub value: String,
    pub attributed_to: Option<String>,
    pub outlet: Option<String>,
    pub evidence: String,
}

/// A register field: its value, the values sources disagree on, and the claims.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub value: Option<String>,
    pub disputed: bool,
    /// Every distinct value stated, when sources disagree.
    pub values: Vec<String>,
    pub claims: Vec<FieldClaim>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub story: String,
    pub supplier: String,
    pub recipient: String,
    pub designation: String,
    pub description: Option<String>,
    pub number_ordered: Field,
    pub year_of_order: Field,
    pub years_of_delivery: Field,
    pub number_delivered: Field,
    pub value: Field,
    pub status: Field,
    pub comments: String,
    /// Documents and outlets behind the row, and the agencies they are based on.
    pub sources: Vec<String>,
    /// Further orders of the deal ("a second batch", "12 more jets"), each
    /// with its own fields: the row's fields are the first contract's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub later_orders: Vec<Order>,
}

/// A further order of a deal: what sources say of it, apart from the first
/// contract (SIPRI gives each order a row of its own).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// "second", "third" or "additional".
    pub batch: String,
    pub number_ordered: Field,
    pub year_of_order: Field,
    pub value: Field,
    pub status: Field,
}

impl Order {
    /// The names of an order's fields, as the JSON spells them.
    pub const FIELDS: [&'static str; 4] = ["number_ordered", "year_of_order", "value", "status"];

    /// The order's fields with their names (see [`Order::FIELDS`]).
    pub fn fields(&self) -> [(&'static str, &Field); 4] {
        let [a, b, c, d] = Self::FIELDS;
        [(a, &self.number_ordered), (b, &self.year_of_order), (c, &self.value), (d, &self.status)]
    }

    /// The order's fields with their names, to change in place.
    pub fn fields_mut(&mut self) -> [(&'static str, &mut Field); 4] {
        let [a, b, c, d] = Self::FIELDS;
        [(a, &mut self.number_ordered), (b, &mut self.year_of_order), (c, &mut self.value), (d, &mut self.status)]
    }
}

impl Row {
    /// The names of the six register fields, as the JSON spells them, in
    /// register order.
    pub const FIELDS: [&'static str; 6] = ["number_ordered", "year_of_order", "years_of_delivery", "number_delivered", "value", "status"];

    /// The six register fields with their names (see [`Row::FIELDS`]).
    pub fn fields(&self) -> [(&'static str, &Field); 6] {
        let [a, b, c, d, e, f] = Self::FIELDS;
        [(a, &self.number_ordered), (b, &self.year_of_order), (c, &self.years_of_delivery), (d, &self.number_delivered), (e, &self.value), (f, &self.status)]
    }

    /// The six register fields with their names, to change in place.
    pub fn fields_mut(&mut self) -> [(&'static str, &mut Field); 6] {
        let [a, b, c, d, e, f] = Self::FIELDS;
        [
            (a, &mut self.number_ordered),
            (b, &mut self.year_of_order),
            (c, &mut self.years_of_delivery),
            (d, &mut self.number_delivered),
            (e, &mut self.value),
            (f, &mut self.status),
        ]
    }
}

use crate::is_fact_of as is_fact;

/// Batches and contracts are not materiel: "two batches" is not a number
/// ordered; nor are things of another kind than the system ("six transport
/// planes carrying FK-3 systems" counts no air defence system).
fn materiel(q: &dossier_model::Quantity, system: Option<&str>) -> bool {
    if matches!(q.unit.as_str(), "batch" | "tranche" | "contract" | "deal" | "order") {
        return false;
    }
    let class = system.and_then(|s| dossier_extract::gazetteer::default().system_class(s));
    match (crate::kind_of_arms(&q.unit), class) {
        (Some(kind), Some(class)) if kind != "arms" => crate::kind_fits(kind, Some(class)),
        _ => true,
    }
}

fn field_from(facts: &[&Fact], disputed_key: &str, value_of: impl Fn(&crate::Source, &Fact) -> Option<String>) -> Field {
    let mut field = Field::default();
    for f in facts {
        for s in &f.sources {
            if let Some(v) = value_of(s, f) {
                if !field.values.contains(&v) {
                    field.values.push(v.clone());
                }
                field.claims.push(FieldClaim {
                    doc: s.doc.clone(),
                    value: v,
                    attributed_to: s.attributed_to.clone(),
                    outlet: s.outlet.clone(),
                    evidence: s.evidence.clone(),
                });
            }
        }
        if f.disputed.iter().any(|d| d == disputed_key) {
            field.disputed = true;
        }
    }
    // The value most claims state as the number (the first of equals),
    // then most claims in all: "up to 1,000" in a framework agreement
    // does not outweigh a report of 180, nor "six, the first tranche of
    // the deal" a report of the whole.
    // Whether each claim gives a bound or a part, read once (a field may
    // have thousands of claims and several values).
    let bound: Vec<bool> = field.claims.iter().map(|c| crate::is_bound(&c.evidence) || crate::counts_a_part(&c.evidence)).collect();
    let said = |v: &String| {
        let of = || field.claims.iter().zip(&bound).filter(|(c, _)| &c.value == v);
        (of().filter(|(_, b)| !**b).count(), of().count())
    };
    field.value = field.values.iter().rev().max_by_key(|v| said(v)).cloned();
    if !field.disputed && field.values.len() <= 1 {
        field.values.clear();
    }
    field
}

/// Whether a payment's words pay for the whole order: "paid 1.2 billion
/// zlotys for the 24 drones", not "paid 400 billion won towards the
/// programme", "a first instalment of", "its share of".
fn pays_for_the_whole(text: &str) -> bool {
    const PART: &[&str] = &[
        "towards", "toward", "instalment", "instalments", "installment", "installments", "advance", "deposit", "share", "first", "tranche",
        "part", "portion", "down", "so", "already", "partial", "remaining", "rest", "balance",
    ];
    let (_, words) = crate::words_of(text);
    let paid = words.iter().position(|w| matches!(w.as_str(), "paid" | "pay" | "pays" | "paying"));
    paid.is_some_and(|p| words[p..].iter().any(|w| w == "for")) && !words.iter().any(|w| PART.contains(&w.as_str()))
}

/// The total a sentence says has been reached: "bringing the total to 14",
/// "taking the number delivered to twenty".
pub fn total_so_far(text: &str) -> Option<f64> {
    let words: Vec<String> = text.split(|c: char| !c.is_alphanumeric() && c != ',').filter(|w| !w.is_empty()).map(|w| w.trim_matches(',').to_lowercase()).collect();
    let at = words.iter().position(|w| matches!(w.as_str(), "bringing" | "brings" | "brought" | "taking" | "takes" | "took" | "raising" | "raises" | "raised"))?;
    let rest = &words[at + 1..words.len().min(at + 9)];
    let to = rest.iter().position(|w| w == "to")?;
    if !rest[..to].iter().any(|w| w == "total" || w == "number") {
        return None;
    }
    crate::number_word(rest.get(to + 1)?)
}

/// "192 missiles", "4 batteries", "1 regiment".
pub fn count_of(n: f64, unit: &str) -> String {
    let plural = if (n - 1.0).abs() < f64::EPSILON || unit.ends_with('s') {
        unit.to_string()
    } else if let Some(stem) = unit.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o', 'u'])) {
        format!("{stem}ies")
    } else if unit.ends_with("ch") || unit.ends_with("sh") || unit.ends_with('x') {
        format!("{unit}es")
    } else if unit.ends_with("aircraft") || unit == "personnel" {
        unit.to_string()
    } else {
        format!("{unit}s")
    };
    format!("{} {plural}", crate::fmt_number(n))
}

/// Builds the register from reconciled stories.
pub fn register(record: &Record) -> Vec<Row> {
    let gaz = dossier_extract::gazetteer::default();
    record.stories.iter().filter_map(|s| row(s, gaz)).collect()
}

/// A country's name for people ("Turkey" for `TUR`), or the code itself
/// when the gazetteer has none.
pub fn country_name(code: &str) -> &str {
    dossier_extract::gazetteer::default().country_name(code).unwrap_or(code)
}

/// The register's row of one story (none if the story has no fact of its
/// own deal): [`register`] is the rows of every story, in order.
pub fn row_of(story: &Story) -> Option<Row> {
    row(story, dossier_extract::gazetteer::default())
}

fn row(story: &Story, gaz: &dossier_extract::gazetteer::Gazetteer) -> Option<Row> {
    let deal = &story.deal;
    let own: Vec<&Fact> = story
        .facts
        .iter()
        .filter(|f| f.supplier.as_deref() == Some(deal.supplier.as_str()) && f.recipient.as_deref() == Some(deal.recipient.as_str()) && f.system.as_deref() == Some(deal.system.as_str()))
        .collect();
    // A register lists transfers: "has not exported any weapons to Russia",
    // with no report of any, names none (the denial stays in the story,
    // and joins the deals of named systems it denies).
    if own.is_empty() || deal.system.starts_with(crate::UNSPECIFIED) && own.iter().all(|f| f.polarity == Polarity::Denied) {
        return None;
    }
    // Further orders ("a second batch", "24 more jets") are rows of their
    // own when the first contract is reported too; deliveries in batches
    // ("the second batch arrived") are the first contract's.
    let is_later = |f: &Fact| {
        matches!(f.kind, EventType::DealSigned | EventType::Intent | EventType::Negotiation | EventType::Payment)
            && matches!(f.batch.as_deref(), Some("second" | "third" | "additional"))
    };
    let (later_facts, first): (Vec<&Fact>, Vec<&Fact>) = own.iter().copied().partition(|f| is_later(f));
    let (own, later_facts) = if first.is_empty() { (later_facts, Vec::new()) } else { (first, later_facts) };
    let orders: Vec<&Fact> = own.iter().copied().filter(|f| is_fact(f, EventType::DealSigned)).collect();
    let deliveries: Vec<&Fact> = own.iter().copied().filter(|f| is_fact(f, EventType::Delivery)).collect();
    let (number_ordered, year_of_order, mut value) = order_fields(&orders, true);
    // With no value told for the contract, a payment for the whole order
    // ("Turkey paid about $1 billion for the 12 jets") gives it; not a
    // part paid ("has paid 400 billion won towards the programme", "a
    // first instalment").
    let paid_for_all: Vec<&Fact> = own.iter().copied().filter(|f| is_fact(f, EventType::Payment)).collect();
    if value.value.is_none() {
        value = field_from(&paid_for_all, "value", |s, _| {
            s.value.as_ref().filter(|_| pays_for_the_whole(&s.evidence)).map(|v| format!("{} {}", crate::fmt_number(v.amount), v.currency))
        });
    }
    // A source's own date only: one that gives none is no claim of a year.
    let mut years_of_delivery = field_from(&deliveries, "time", |s, _| s.time.as_ref().map(|t| t[..4.min(t.len())].to_string()));
    years_of_delivery.values.sort();
    let mut years: Vec<String> = years_of_delivery.claims.iter().map(|c| c.value.clone()).collect();
    years.sort();
    years.dedup();
    years_of_delivery.value = (!years.is_empty()).then(|| years.join("; "));
    years_of_delivery.disputed = false;
    years_of_delivery.values.clear();
    let mut number_delivered =
        field_from(&deliveries, "quantity", |s, f| s.quantity.as_ref().filter(|q| materiel(q, f.system.as_deref())).map(|q| crate::count_as_told(&s.evidence, q)));
    // Deliveries come in batches, and reports give what has arrived so far
    // ("the first ten", "all 24"): the number delivered is the most any
    // source reports.
    let most = deliveries
        .iter()
        .flat_map(|f| f.sources.iter().filter_map(|s| s.quantity.as_ref().filter(|q| materiel(q, f.system.as_deref())).map(|q| (s, q))))
        .max_by(|a, b| a.1.count.total_cmp(&b.1.count));
    if let Some((s, q)) = most {
        // A delivery that states the total so far ("ten more, bringing the
        // total to 14") gives it.
        let total = deliveries.iter().flat_map(|f| &f.sources).filter_map(|s| total_so_far(&s.evidence)).fold(q.count, f64::max);
        number_delivered.value = Some(if total > q.count { count_of(total, &q.unit) } else { crate::count_as_told(&s.evidence, q) });
    }
    let status = status_field(&own, true);
    // Comments: what else the story holds, for a reader.
    let mut comments = Vec::new();
    let later: Vec<&Fact> = own.iter().copied().filter(|f| matches!(f.batch.as_deref(), Some("second" | "third" | "additional"))).collect();
    if !later.is_empty() {
        // "second batch: delivery planned", "additional batch: production reported".
        let said = |f: &Fact| match (f.polarity, f.modality) {
            (Polarity::Denied, _) => "denied",
            (_, Modality::Fact) => "reported",
            (_, Modality::Planned) => "planned",
            (_, Modality::Threat) => "threatened",
        };
        let kinds: Vec<String> = later
            .iter()
            .map(|f| format!("{} batch: {} {}", f.batch.as_deref().unwrap_or_default(), crate::human(f.kind), said(f)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        comments.push(kinds.join("; "));
    }
    for f in &story.facts {
        if f.supplier.as_deref() != Some(deal.supplier.as_str()) && matches!(f.kind, EventType::Sanction | EventType::ProgramExclusion) && f.modality == Modality::Fact && f.polarity == Polarity::Affirmed {
            comments.push(format!("{} by {} ({})", f.kind.as_str().replace('_', " "), f.supplier.as_deref().unwrap_or("?"), f.time.as_deref().unwrap_or("undated")));
        }
    }
    // Payments are no value of the deal, but a reader of the row wants
    // them: "payment of 600 billion KRW planned (2024)".
    for f in own.iter().filter(|f| f.kind == EventType::Payment && f.polarity == Polarity::Affirmed) {
        if let Some(v) = &f.value {
            let said = if f.modality == Modality::Fact { "reported" } else { "planned" };
            let when = f.time.as_deref().map(|t| format!(" ({})", &t[..4.min(t.len())])).unwrap_or_default();
            comments.push(format!("payment of {} {} {said}{when}", crate::fmt_number(v.amount), v.currency));
        }
    }
    comments.dedup();
    let later_orders = later_orders(&later_facts);
    // A deal of a large corpus has thousands of sources: a set, not a scan
    // of the list for each one.
    let mut sources = std::collections::BTreeSet::new();
    for f in &story.facts {
        for s in &f.sources {
            // Reports built on the same agency material are separate sources
            // that share an origin: say so (an agency's own report is not
            // based on itself).
            let agencies: Vec<&str> = s.based_on.iter().map(String::as_str).filter(|a| Some(*a) != s.outlet.as_deref()).collect();
            let origin = if agencies.is_empty() { String::new() } else { format!(", based on {}", agencies.join(" and ")) };
            let label = match &s.outlet {
                Some(o) => format!("{} ({o}{origin})", s.doc),
                None if !origin.is_empty() => format!("{} ({})", s.doc, origin.trim_start_matches(", ")),
                None => s.doc.clone(),
            };
            sources.insert(label);
        }
    }
    Some(Row {
        story: story.id.clone(),
        supplier: deal.supplier.clone(),
        recipient: deal.recipient.clone(),
        designation: deal.system.clone(),
        description: gaz.system_class(&deal.system).map(|c| c.replace('_', " ")).or_else(|| deal.system.strip_prefix(crate::UNSPECIFIED).map(str::to_string)),
        number_ordered,
        year_of_order,
        years_of_delivery,
        number_delivered,
        value,
        status,
        comments: comments.join("; "),
        sources: sources.into_iter().collect(),
        later_orders,
    })
}

/// The number ordered, year of order and value that `orders` (facts of
/// signed contracts) state; `whole` for the first order, of which a part's
/// count is no count.
fn order_fields(orders: &[&Fact], whole: bool) -> (Field, Field, Field) {
    // A part's count ("the first six jets bought from Denmark", "six jets,
    // the first tranche of the deal") is no claim of the number ordered.
    let number_ordered = field_from(orders, "quantity", |s, f| {
        s.quantity.as_ref().filter(|q| materiel(q, f.system.as_deref()) && !(whole && crate::counts_a_part(&s.evidence))).map(|q| crate::count_as_told(&s.evidence, q))
    });
    let mut year_of_order = field_from(orders, "time", |s, _| s.time.as_ref().map(|t| t[..4.min(t.len())].to_string()));
    // Different contracts (first and second batch) are not a disagreement,
    // nor are two days of one year (the register gives the year).
    if year_of_order.values.len() <= 1 || !orders.iter().any(|f| f.disputed.iter().any(|d| d == "time")) {
        year_of_order.disputed = false;
        if year_of_order.values.len() <= 1 {
            year_of_order.values.clear();
        }
    }
    if year_of_order.value.is_none() {
        year_of_order = year_reported(orders);
    }
    let value = field_from(orders, "value", |s, _| s.value.as_ref().map(|v| format!("{} {}", crate::fmt_number(v.amount), v.currency)));
    (number_ordered, year_of_order, value)
}

/// Where no source dates a signed contract ("the ministry said on Tuesday
/// it had signed"), the year of the first report that tells it as done
/// bounds it: "2025 or earlier", with the reports that say so. A report
/// of unknown date bounds nothing.
fn year_reported(orders: &[&Fact]) -> Field {
    let year = |s: &crate::Source| {
        let told = s.polarity == Polarity::Affirmed && s.modality == Modality::Fact;
        s.published.as_deref().and_then(|p| p.get(..4)).filter(|y| told && y.bytes().all(|b| b.is_ascii_digit())).map(str::to_string)
    };
    let mut field = field_from(orders, "time", |s, _| year(s).map(|y| format!("{y} or earlier")));
    // The earliest report gives the bound; the later ones are no other value.
    field.value = field.claims.iter().map(|c| &c.value).min().cloned();
    field.values.clear();
    field.disputed = false;
    field
}

/// The status of a contract from its facts: the furthest stage sources
/// affirm, with the claims that say so; where sources dispute it, each
/// side ("signed", "not signed"), with its batch if `batches` ("second
/// batch signed": not for an order's own status, whose facts are all of it).
fn status_field(own: &[&Fact], batches: bool) -> Field {
    let stage = |kind: EventType| own.iter().any(|f| is_fact(f, kind));
    let status_value = if stage(EventType::Cancellation) {
        "cancelled"
    } else if stage(EventType::Delivery) {
        "delivered (at least in part)"
    } else if stage(EventType::DealSigned) {
        "ordered"
    } else if stage(EventType::Negotiation) {
        "under negotiation"
    } else if !own.is_empty() && own.iter().all(|f| f.polarity == Polarity::Denied) {
        "denied"
    } else {
        "planned or proposed"
    };
    let status_kind = match status_value {
        "cancelled" => EventType::Cancellation,
        "delivered (at least in part)" => EventType::Delivery,
        "ordered" => EventType::DealSigned,
        "under negotiation" => EventType::Negotiation,
        _ => EventType::Intent,
    };
    // A denied order's status rests on the denials, whatever they deny.
    // A plan's status rests on every plan told ("deliveries are expected to
    // begin by the end of the year" too).
    let planned = |f: &Fact| status_value == "planned or proposed" && f.modality == Modality::Planned;
    let status_facts: Vec<&Fact> = own.iter().copied().filter(|f| f.kind == status_kind || status_value == "denied" || planned(f)).collect();
    let mut status = field_from(&status_facts, "status", |s, _| Some(format!("{:?}", s.polarity).to_lowercase()));
    status.value = Some(status_value.to_string());
    // A plan, or talks, denied months after the last report of them were
    // dropped ("plans to buy six more" in February, "will not buy more" in
    // August).
    if matches!(status_kind, EventType::Intent | EventType::Negotiation) && status_value != "denied" {
        let latest = |polarity: Polarity| {
            status_facts.iter().filter(|f| f.polarity == polarity).flat_map(|f| &f.sources).filter_map(|s| crate::month_index(s.published.as_deref())).max()
        };
        if let (Some(yes), Some(no)) = (latest(Polarity::Affirmed), latest(Polarity::Denied)) {
            if no - yes > 3 {
                status.value = Some(if status_kind == EventType::Intent { "plan dropped" } else { "talks ended" }.to_string());
            }
        }
    }
    // A disputed status shows each side: what is affirmed and what is denied.
    // What is affirmed first: "delivered / not delivered".
    let mut disputed: Vec<&Fact> = own.iter().copied().filter(|f| f.disputed.iter().any(|d| d == "status")).collect();
    disputed.sort_by_key(|f| f.polarity == Polarity::Denied);
    status.disputed = !disputed.is_empty();
    status.values.clear();
    for f in &disputed {
        let what = match (f.kind, f.polarity) {
            (EventType::DealSigned, Polarity::Affirmed) => "signed",
            // "rejected reports that Iran had sold drones to Russia"
            (EventType::DealSigned, Polarity::Denied) if f.sources.iter().all(|s| crate::denies_a_sale(&s.evidence)) => "not sold",
            (EventType::DealSigned, Polarity::Denied) => "not signed",
            (EventType::Delivery, Polarity::Affirmed) => "delivered",
            (EventType::Delivery, Polarity::Denied) => "not delivered",
            (EventType::Intent, Polarity::Affirmed) => "planned",
            (EventType::Intent, Polarity::Denied) => "not planned",
            (EventType::Negotiation, Polarity::Affirmed) => "under negotiation",
            (EventType::Negotiation, Polarity::Denied) => "no talks",
            (EventType::Cancellation, Polarity::Affirmed) => "cancelled",
            (EventType::Cancellation, Polarity::Denied) => "not cancelled",
            (EventType::Payment, Polarity::Affirmed) => "paid",
            (EventType::Payment, Polarity::Denied) => "not paid",
            (_, Polarity::Affirmed) => "affirmed",
            (_, Polarity::Denied) => "denied",
        };
        let side = match f.batch.as_deref().filter(|_| batches) {
            Some(b) => format!("{b} batch {what}"),
            None => what.to_string(),
        };
        if !status.values.contains(&side) {
            status.values.push(side);
        }
        for s in &f.sources {
            status.claims.push(FieldClaim {
                doc: s.doc.clone(),
                value: format!("{:?}", s.polarity).to_lowercase(),
                attributed_to: s.attributed_to.clone(),
                outlet: s.outlet.clone(),
                evidence: s.evidence.clone(),
            });
        }
    }

    status
}

/// The further orders among `later` (facts of a second, third or
/// additional batch), one for each batch: "additional" joins the one
/// ordinal sources give, if they give one ("a second contract" and "no new
/// agreements" speak of one order).
fn later_orders(later: &[&Fact]) -> Vec<Order> {
    let ordinals: std::collections::BTreeSet<&str> = later.iter().filter_map(|f| f.batch.as_deref()).filter(|b| *b != "additional").collect();
    let batch_of = |f: &Fact| -> String {
        match f.batch.as_deref() {
            Some("additional") if ordinals.len() == 1 => ordinals.first().copied().unwrap_or("additional").to_string(),
            b => b.unwrap_or("additional").to_string(),
        }
    };
    ["second", "third", "additional"]
        .into_iter()
        .filter_map(|batch| {
            let facts: Vec<&Fact> = later.iter().copied().filter(|f| batch_of(f) == batch).collect();
            if facts.is_empty() {
                return None;
            }
            let orders: Vec<&Fact> = facts.iter().copied().filter(|f| is_fact(f, EventType::DealSigned)).collect();
            // A later order's count is its own even when told as a part
            // ("the second tranche, covering 18 jets").
            let (number_ordered, year_of_order, value) = order_fields(&orders, false);
            Some(Order { batch: batch.to_string(), number_ordered, year_of_order, value, status: status_field(&facts, false) })
        })
        .collect()
}
