//! Reconcile: many documents' claims become one record.
//!
//! Claims (events as each source states them) are grouped into deals
//! (supplier, recipient, system); acts of third states against the recipient
//! in the same reports (sanctions, exclusions) join that deal's story.
//! Within a story, claims are grouped into distinct real-world facts by type,
//! polarity, modality, batch ordinal and compatible time; the fact keeps the
//! most precise time and every source. Contradictions are found between
//! claims about the same fact (status, time, value, quantity); claims that
//! agree within their stated precision are not contradictions. Syndicated
//! copies (`duplicate_of`) count once. Pure functions over model types.

pub mod dedup;
pub mod register;

use dossier_model::{Document, Event, EventType, Modality, Polarity};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One event as one source states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub doc: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub based_on: Vec<String>,
    /// Index of the event in its document.
    pub index: usize,
    pub event: Event,
    /// The batch ordinal, from the event or its evidence.
    pub batch: Option<String>,
    /// For a report with no date of publication (a dateline with no year
    /// that no weekday fixes), the latest year its own words name: it was
    /// written that year or after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_after: Option<i32>,
}

/// The claims of documents that are not copies of another.
pub fn claims_of(docs: &[Document]) -> Vec<Claim> {
    docs.iter().filter(|d| d.duplicate_of.is_none()).flat_map(doc_claims).collect()
}

/// Every event of one document as a claim (whether or not it is a copy).
fn doc_claims(d: &Document) -> Vec<Claim> {
    let written_after = match d.published {
        Some(_) => None,
        None => d.times.iter().filter_map(|t| year(t.value.as_deref())).max(),
    };
    let mut claims: Vec<Claim> = d
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            // Batches are parts of a transfer; a sanction has none. An order
            // told in a delivery's sentence ("delivered the first batch under
            // a 2022 contract") takes only the words that name contracts
            // (the extractor labels every event of the sentence): the batch
            // is the delivery's.
            let in_delivery = e.kind == EventType::DealSigned
                && d.events.iter().any(|x| x.kind == EventType::Delivery && x.evidence.start == e.evidence.start);
            // Such an order takes the delivery's date ("the jets India
            // bought arrived on Wednesday"): it is no date of the order.
            // Unless the words date the order ("delivered under a contract
            // signed in 2020"): then the delivery is undated ("the drones
            // ordered in May 2021 have been delivered").
            let mut event = e.clone();
            let of_order = (in_delivery || e.kind == EventType::Delivery) && dates_an_order(d, e);
            if in_delivery && !of_order && d.events.iter().any(|x| x.kind == EventType::Delivery && x.evidence.start == e.evidence.start && x.time == e.time) {
                event.time = None;
            }
            if e.kind == EventType::Delivery && of_order {
                event.time = None;
            }
            // A contract told as signed cannot be dated after the report
            // ("will deliver the last of the 36 howitzers ordered by Armenia
            // in 2026", written in 2025): the date is another verb's.
            if e.kind == EventType::DealSigned && e.modality == Modality::Fact && matches!((year(e.time.as_deref()), year(d.published.as_deref())), (Some(t), Some(p)) if t > p) {
                event.time = None;
            }
            let batch = match is_transfer(e.kind) {
                true if in_delivery => batch_of_words(&e.evidence.text, CONTRACT_NOUNS, false),
                true if e.kind == EventType::Delivery => {
                    e.batch.clone().or_else(|| batch_from_text(&e.evidence.text)).or_else(|| ordinal_of_materiel(&e.evidence.text))
                }
                true if counts_contracts(d, e) => None,
                true if e.batch.is_none() && further_count_is_another(&e.evidence.text, e.quantity.as_ref()) => None,
                // A payment's instalment or tranche is a part of the price,
                // not of the materiel: "paid the first instalment for its
                // 80 jets" is of the whole order ("paid for the second
                // batch" is of that batch).
                true if e.kind == EventType::Payment => batch_of_words(&e.evidence.text, &PAYMENT_BATCH_NOUNS, true),
                true => e.batch.clone().or_else(|| batch_from_text(&e.evidence.text)),
                false => None,
            };
            Claim {
                doc: d.id.clone(),
                outlet: d.outlet.clone(),
                published: d.published.clone(),
                based_on: d.based_on.clone(),
                index: i,
                event,
                batch,
                written_after,
            }
        })
        .collect();
    // A contract referred back to ("The contract was signed", "it was
    // signed last week"), with no date, count or value of its own, is the
    // one the report told of last: it takes that claim's batch ("30
    // additional jets ... The contract was signed" is of the further order).
    for i in 0..claims.len() {
        let c = &claims[i];
        let e = &c.event;
        if c.batch.is_some() || e.time.is_some() || e.quantity.is_some() || e.value.is_some() || !refers_back(&e.evidence.text) {
            continue;
        }
        let antecedent = claims
            .iter()
            .filter(|x| x.event.evidence.start < e.evidence.start && x.event.kind == e.kind && x.event.system == e.system)
            .max_by_key(|x| x.event.evidence.start);
        if let Some(batch) = antecedent.and_then(|x| x.batch.clone()) {
            claims[i].batch = Some(batch);
        }
    }
    claims
}

/// Whether the words around the time expression an event's date was read
/// from date an order: "signed in 2020", "ordered by Poland in May 2021",
/// "a 2019 contract" (not "delivered in 2021").
fn dates_an_order(d: &Document, e: &Event) -> bool {
    let Some(t) = e.time.as_deref() else { return false };
    let ev = &e.evidence;
    d.times.iter().filter(|m| m.start >= ev.start && m.end <= ev.end && m.value.as_deref() == Some(t)).any(|m| {
        let (Some(before), Some(after)) = (d.text.get(ev.start..m.start), d.text.get(m.end..ev.end)) else { return false };
        let (_, before) = words_of(before);
        let (_, after) = words_of(after);
        const ORDERED: &[&str] = &["signed", "ordered", "bought", "purchased", "agreed", "contracted", "acquired", "concluded"];
        // The nearest verb before the date decides: "bought arrived in
        // March" dates the arrival.
        const ARRIVED: &[&str] = &[
            "arrived", "delivered", "received", "handed", "shipped", "landed", "reached", "came", "began", "started", "completed", "flown",
            "transferred", "supplied", "sent", "inducted", "commissioned",
        ];
        let verb = before.iter().rev().take(4).find(|w| ORDERED.contains(&w.as_str()) || ARRIVED.contains(&w.as_str()));
        verb.is_some_and(|w| ORDERED.contains(&w.as_str())) || after.first().is_some_and(|w| CONTRACT_NOUNS.contains(&w.as_str()))
    })
}

/// Whether a claim's words refer back to a contract told of before: "the
/// contract", "this deal", "the arms contract", or "it" as the first
/// word ("It was signed in Cairo"), not "a contract" or "the second
/// contract" (whose batch is read from its words).
fn refers_back(text: &str) -> bool {
    let (_, words) = words_of(text);
    let determiner = |w: &str| matches!(w, "the" | "this" | "that");
    match words.iter().position(|w| CONTRACT_NOUNS.contains(&w.as_str())) {
        Some(k) => k > 0 && determiner(&words[k - 1]) || k > 1 && determiner(&words[k - 2]) && words[k - 1].chars().all(|c| c.is_alphabetic()),
        None => words.first().is_some_and(|w| w == "it"),
    }
}

/// Whether the ordinal of an order counts the contracts a report tells of,
/// not the orders of its system: "Poland signed a contract for K2 tanks
/// ... A second contract signed the same day covers 212 K9 howitzers". So
/// read when the ordinal comes with a contract word (not "a second batch")
/// and the report told of an order of another system before, and of none
/// of this one.
fn counts_contracts(d: &Document, e: &Event) -> bool {
    const PART_NOUNS: &[&str] = &["batch", "batches", "tranche", "instalment", "installment", "consignment", "shipment", "lot"];
    let ordinal = batch_of_words(&e.evidence.text, CONTRACT_NOUNS, false);
    if e.kind != EventType::DealSigned || !matches!(ordinal.as_deref(), Some("second" | "third")) || batch_of_words(&e.evidence.text, PART_NOUNS, false).is_some() {
        return false;
    }
    let before: Vec<&Event> = d.events.iter().filter(|x| x.kind == EventType::DealSigned && x.evidence.start < e.evidence.start).collect();
    before.iter().any(|x| x.system != e.system && x.recipient == e.recipient) && !before.iter().any(|x| x.system == e.system)
}

/// One document's claims, by the deal whose story each joins, in deal
/// order: a deal's own transfers, then the acts of third states against
/// its recipient (sanctions, exclusions) that join it. Which deal an act
/// joins depends on this document's claims alone, so this is computed
/// once, when the document is stored, whether or not it is a copy (a copy's
/// claims are left out when stories are built: [`reconcile_deal`]).
pub fn deal_claims(d: &Document) -> Vec<(Deal, Vec<Claim>)> {
    let claims = doc_claims(d);
    let mut deals: BTreeMap<Deal, Vec<Claim>> = BTreeMap::new();
    for c in &claims {
        if let Some(deal) = deal_of(c) {
            deals.entry(deal).or_default().push(c.clone());
        }
    }
    // A transfer that names no system ("Iran has delivered hundreds of
    // drones to Russia") is of the one system the report names for the same
    // parties; where it names none, of the kind of arms it names, a deal of
    // its own ("unspecified drones"): so a denial that names no system ("has
    // not sent any drones") meets the claims of other reports it denies.
    let mut unnamed: Vec<(Deal, Claim)> = Vec::new();
    for c in claims.iter().filter(|c| is_transfer(c.event.kind) && c.event.system.is_none()) {
        let (Some(s), Some(r)) = (&c.event.supplier, &c.event.recipient) else { continue };
        let named: Vec<&Deal> = deals.keys().filter(|d| &d.supplier == s && &d.recipient == r).collect();
        // The kind it names must be the system's ("drones" for a drone;
        // "weapons" is no system's kind).
        let kind = kind_of_arms(&c.event.evidence.text);
        let system = match (named.as_slice(), kind) {
            ([one], None) => one.system.clone(),
            ([one], Some(kind)) if kind_fits(kind, dossier_extract::gazetteer::default().system_class(&one.system)) => one.system.clone(),
            (_, Some(kind)) => format!("{UNSPECIFIED}{kind}"),
            _ => continue,
        };
        let mut c = c.clone();
        c.event.system = Some(system.clone());
        unnamed.push((Deal { supplier: s.clone(), recipient: r.clone(), system }, c));
    }
    for (deal, c) in unnamed {
        deals.entry(deal).or_default().push(c);
    }
    // The document's own transfer claims of each deal, counted before any
    // act joins.
    let counts: BTreeMap<Deal, usize> = deals.iter().map(|(d, cs)| (d.clone(), cs.len())).collect();
    for c in &claims {
        if is_transfer(c.event.kind) || deal_of(c).is_some() {
            continue;
        }
        let Some(target) = c.event.recipient.as_ref() else { continue };
        // The deal with this recipient that the document speaks of most
        // (the last of equals, in deal order).
        let best = counts
            .iter()
            .filter(|(d, _)| &d.recipient == target && Some(&d.supplier) != c.event.supplier.as_ref())
            .max_by_key(|(_, n)| **n)
            .map(|(d, _)| d.clone());
        if let Some(d) = best {
            deals.entry(d).or_default().push(c.clone());
        }
    }
    deals.into_iter().collect()
}

/// How the system of a deal is named when its reports name only the kind
/// of arms: "unspecified drones".
pub const UNSPECIFIED: &str = "unspecified ";

/// The kind of arms a text names, when it names no system: "drones" for
/// "hundreds of drones", "arms" for "supplying weapons" (the first such
/// word).
fn kind_of_arms(text: &str) -> Option<&'static str> {
    let (_, words) = words_of(text);
    words.iter().find_map(|w| {
        Some(match w.as_str() {
            "drone" | "drones" | "uav" | "uavs" => "drones",
            "jet" | "jets" | "fighter" | "fighters" | "warplane" | "warplanes" | "aircraft" | "plane" | "planes" => "aircraft",
            "helicopter" | "helicopters" => "helicopters",
            "tank" | "tanks" => "tanks",
            "howitzer" | "howitzers" | "artillery" => "artillery",
            "missile" | "missiles" | "rocket" | "rockets" => "missiles",
            "ship" | "ships" | "warship" | "warships" | "frigate" | "frigates" | "corvette" | "corvettes" | "vessel" | "vessels" => "ships",
            "submarine" | "submarines" => "submarines",
            "shell" | "shells" | "munitions" | "ammunition" | "rifles" => "munitions",
            "weapon" | "weapons" | "arms" => "arms",
            _ => return None,
        })
    })
}

/// Whether a kind of arms named in words ([`kind_of_arms`]) is a system's
/// class in the gazetteer.
fn kind_fits(kind: &str, class: Option<&str>) -> bool {
    let Some(class) = class else { return false };
    match kind {
        "drones" => class == "drone",
        "aircraft" => class.ends_with("aircraft"),
        "helicopters" => class == "helicopter",
        "tanks" => class == "tank",
        "artillery" => class.ends_with("artillery"),
        "missiles" => matches!(class, "missile" | "air_defence" | "rocket_artillery"),
        "ships" => class == "ship",
        "submarines" => class == "submarine",
        "munitions" => class == "small_arms",
        _ => false,
    }
}

/// The kinds of arms [`kind_of_arms`] reads.
const KINDS: &[&str] = &["drones", "aircraft", "helicopters", "tanks", "artillery", "missiles", "ships", "submarines", "munitions", "arms"];

/// The deals of a kind of arms whose denials join a system's deal: "Iran
/// has not sent any drones to Russia" denies the delivery of Shahed-136
/// drones to Russia that another report affirms, and "no weapons" denies
/// every system's. A report that names only the kind affirms no system, so
/// only denials join.
pub fn kind_deals(deal: &Deal) -> Vec<Deal> {
    if deal.system.starts_with(UNSPECIFIED) {
        return Vec::new();
    }
    let class = dossier_extract::gazetteer::default().system_class(&deal.system);
    KINDS
        .iter()
        .filter(|k| **k == "arms" || kind_fits(k, class))
        .map(|k| Deal { supplier: deal.supplier.clone(), recipient: deal.recipient.clone(), system: format!("{UNSPECIFIED}{k}") })
        .collect()
}

/// The claims of these documents that join a deal from the deals of its
/// kinds of arms ([`kind_deals`]), a list per document: what
/// [`reconcile_deal`] takes after [`claims_of_deal`]'s.
pub fn claims_joining(deal: &Deal, docs: &[Document]) -> Vec<Vec<Claim>> {
    kind_deals(deal).iter().flat_map(|kind| claims_of_deal(kind, docs)).collect()
}

/// Whether a claim is of a kind of arms while the deal names a system.
fn of_a_kind(deal: &Deal, c: &Claim) -> bool {
    is_transfer(c.event.kind) && !deal.system.starts_with(UNSPECIFIED) && c.event.system.as_deref().is_some_and(|s| s.starts_with(UNSPECIFIED))
}

/// "first", "second", "additional" from words like "an initial 2019 order",
/// "a second batch", "new agreements".
pub fn batch_from_text(text: &str) -> Option<String> {
    batch_of_words(text, BATCH_NOUNS, true)
}

/// A text's words (letters, digits, hyphens) as written and lowercased.
/// Whether a text tells of a government's approval of an export ("approved
/// the possible sale", "cleared the transfer", "authorised the export").
fn is_export_approval(text: &str) -> bool {
    let (_, words) = words_of(text);
    let approving = |w: &str| {
        ["approv", "cleared", "clears", "clearance", "authoriz", "authoris", "greenlit", "green-lit"].iter().any(|p| w.starts_with(p))
    };
    words.iter().any(|w| approving(w)) || words.windows(2).any(|w| w[0] == "possible" && matches!(w[1].as_str(), "sale" | "sales" | "transfer" | "foreign"))
}

/// Whether a text tells of part of a whole: "only 12 of the tanks", "two
/// of its four batteries", "some of the jets" (but "all 18 of the tanks"
/// is the whole).
fn part_of_whole(text: &str) -> bool {
    const SOME: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "some", "half", "part", "most",
        "several", "few",
    ];
    let (_, words) = words_of(text);
    words.windows(3).enumerate().any(|(i, w)| {
        let count = SOME.contains(&w[0].as_str()) || w[0].starts_with(|c: char| c.is_ascii_digit());
        count && w[1] == "of" && matches!(w[2].as_str(), "the" | "its" | "their" | "his" | "her" | "our" | "these" | "those") && (i == 0 || words[i - 1] != "all")
    })
}

/// Whether a text gives an order's count as a part of it: a tranche
/// ("the first tranche of a 42-aircraft deal") or the first of the materiel
/// ("the first six jets bought from Denmark").
pub(crate) fn counts_a_part(text: &str) -> bool {
    part_of_order(text) || ordinal_of_materiel(text).is_some()
}

/// Whether a denied sale is a denial of any sale ("had sold drones to
/// Russia", "denied selling arms"), not of a new contract ("no new
/// agreements", "has not sold more jets") nor of a signature.
pub(crate) fn denies_a_sale(text: &str) -> bool {
    let (_, words) = words_of(text);
    let sale = words.iter().any(|w| matches!(w.as_str(), "sold" | "sell" | "sells" | "selling"));
    let further = words.iter().any(|w| matches!(w.as_str(), "new" | "more" | "further" | "additional" | "another" | "second" | "third" | "extra"));
    sale && !further
}

/// Whether a text tells of a part of an order: "the first tranche of a
/// 42-aircraft deal", "the initial phase of the contract" (its count is the
/// part's, not the order's; but "14 jets as part of a package that also
/// covered bombers" counts the jets).
fn part_of_order(text: &str) -> bool {
    const PARTS: &[&str] = &["tranche", "batch", "phase", "stage", "part", "lot", "instalment", "installment"];
    const ORDINALS: &[&str] = &["first", "second", "third", "fourth", "fifth", "initial", "next", "final", "last", "one"];
    let (_, words) = words_of(text);
    words.windows(3).any(|w| {
        PARTS.contains(&w[1].as_str()) && w[2] == "of" && ORDINALS.contains(&w[0].as_str())
    })
}

/// Whether a text gives its count or sum as a bound, not as the number:
/// "up to 1,000 tanks", "as many as 48 jets", "a framework agreement for
/// 672 howitzers" (executive contracts then order parts of it).
pub(crate) fn is_bound(text: &str) -> bool {
    let (_, words) = words_of(text);
    let number = |w: Option<&String>| w.is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit() || c == '$') || matches!(w.as_str(), "a" | "an" | "two" | "three" | "four" | "five" | "six" | "ten" | "twelve" | "twenty" | "fifty" | "hundred" | "hundreds" | "thousand"));
    words.iter().enumerate().any(|(i, w)| match w.as_str() {
        "framework" => true,
        "up" => words.get(i + 1).is_some_and(|n| n == "to") && number(words.get(i + 2)),
        "many" => i > 0 && words[i - 1] == "as" && words.get(i + 1).is_some_and(|n| n == "as"),
        "maximum" => words.get(i + 1).is_some_and(|n| n == "of"),
        _ => false,
    })
}

/// Whether a denial of a delivery denies any part of it ("no drones have
/// been delivered", "has not received any of the jets", "not a single
/// tank"), not only the whole or the rest ("the remaining jets have not
/// arrived", "not all of the tanks").
fn denies_any(text: &str) -> bool {
    let (_, words) = words_of(text);
    let rest = ["remaining", "rest", "remainder", "all", "complete", "completed", "full", "fully", "last", "more", "further", "other"];
    if words.iter().any(|w| rest.contains(&w.as_str())) {
        return false;
    }
    let materiel = |w: &str| CLASSES.contains(&w) || CLASSES.iter().any(|c| c.strip_suffix('s') == Some(w));
    words.iter().enumerate().any(|(i, w)| match w.as_str() {
        "any" | "none" => true,
        "single" => i > 0 && words[i - 1] == "a",
        // "no drones", "no Bayraktar drones", "no S-400 systems", but not
        // "no decision on the jets".
        "no" => words[i + 1..].iter().take(4).any(|n| materiel(n)) && !words[i + 1..].iter().take(4).take_while(|n| !materiel(n)).any(|n| is_plain_noun(n)),
        _ => false,
    })
}

/// Nouns that stand between "no" and the materiel without being part of
/// its name ("no decision on the jets", "no date for the tanks"; but "no
/// sign of the tanks" denies them).
fn is_plain_noun(w: &str) -> bool {
    matches!(w, "decision" | "date" | "plan" | "plans" | "word" | "information" | "timeline" | "deadline" | "schedule")
}

pub(crate) fn words_of(text: &str) -> (Vec<&str>, Vec<String>) {
    let cased: Vec<&str> = text.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
    let words = cased.iter().map(|w| w.to_lowercase()).collect();
    (cased, words)
}

/// Materiel and its groups, in the plural: "more tanks", "the first jets".
const CLASSES: &[&str] = &[
    "jets", "fighters", "aircraft", "planes", "warplanes", "helicopters", "drones", "tanks", "howitzers", "guns", "missiles",
    "launchers", "systems", "batteries", "units", "ships", "warships", "frigates", "corvettes", "submarines", "boats", "vessels",
    "vehicles", "rifles", "rockets", "shells", "munitions", "weapons", "arms", "radars", "regiments", "squadrons",
];

/// A delivery's ordinal from the materiel it names: "the first five jets
/// arrived", "the second S-400 regiment was handed over".
fn ordinal_of_materiel(text: &str) -> Option<String> {
    let (cased, words) = words_of(text);
    // What may stand between the ordinal and the noun: a count, a name, a
    // word of the class ("the first of 36 Rafale fighter jets").
    const BETWEEN: &[&str] = &[
        "of", "the", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "missile", "fighter",
        "combat", "air", "defence", "defense", "transport", "attack", "battle", "main", "shore-based", "anti-ship", "cruise",
    ];
    for (i, w) in words.iter().enumerate() {
        let plural = w.strip_suffix('y').map(|s| format!("{s}ies")).unwrap_or_else(|| format!("{w}s"));
        if !CLASSES.contains(&w.as_str()) && !CLASSES.contains(&plural.as_str()) {
            continue;
        }
        for back in 1..=6.min(i) {
            let b = match words[i - back].as_str() {
                "first" | "initial" => "first",
                "second" => "second",
                "third" => "third",
                _ => continue,
            };
            let fits = (i - back + 1..i).all(|k| BETWEEN.contains(&words[k].as_str()) || cased[k].starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
            if fits {
                return Some(b.to_string());
            }
        }
    }
    None
}

/// A count said to come on top of others, and its number where written
/// in digits or a word: "24 additional jets", "an additional 24", "12
/// more", "another 12", "a further ten" (but "more than 12" is a bound,
/// not another order). NaN for counts with no single number ("dozens
/// more").
fn further_count(words: &[String]) -> Option<f64> {
    const NUMBERS: &[(&str, f64)] = &[
        ("two", 2.0), ("three", 3.0), ("four", 4.0), ("five", 5.0), ("six", 6.0), ("seven", 7.0), ("eight", 8.0), ("nine", 9.0), ("ten", 10.0),
        ("eleven", 11.0), ("twelve", 12.0), ("fifteen", 15.0), ("twenty", 20.0), ("dozen", 12.0), ("dozens", f64::NAN),
    ];
    let count = |w: &str| -> Option<f64> {
        if w.starts_with(|c: char| c.is_ascii_digit()) && w.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
            return Some(w.replace(',', "").parse().unwrap_or(f64::NAN));
        }
        NUMBERS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v)
    };
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).map(String::as_str);
        let after = words.get(i + 2).map(String::as_str);
        let more = |w: &str| matches!(w, "additional" | "more" | "further" | "extra");
        if let Some(n) = count(w).filter(|_| next.is_some_and(more) && !(next == Some("more") && after == Some("than"))) {
            return Some(n);
        }
        if matches!(w.as_str(), "additional" | "another" | "further" | "extra") {
            if let Some(n) = next.and_then(count) {
                return Some(n);
            }
        }
    }
    None
}

/// Whether the count a text says comes on top of others is not the
/// event's own ("40 F-16 jets and kits for 79 more": the sale of 40 is no
/// further order).
fn further_count_is_another(text: &str, quantity: Option<&dossier_model::Quantity>) -> bool {
    let (_, words) = words_of(text);
    match (further_count(&words), quantity) {
        (Some(n), Some(q)) => !n.is_nan() && n != q.count && batch_of_words(text, BATCH_NOUNS, false).is_none(),
        _ => false,
    }
}

/// The nouns an ordinal or "new" labels: contracts and deliveries.
const BATCH_NOUNS: &[&str] = &[
    "batch", "batches", "contract", "contracts", "deal", "deals", "agreement", "agreements", "accord", "purchase", "order",
    "acquisition", "instalment", "installment", "tranche", "consignment", "deliveries", "delivery", "shipment",
];
/// Those a payment's ordinal labels: not its own instalments.
static PAYMENT_BATCH_NOUNS: once_cell::sync::Lazy<Vec<&'static str>> =
    once_cell::sync::Lazy::new(|| BATCH_NOUNS.iter().copied().filter(|n| !matches!(*n, "instalment" | "installment" | "tranche")).collect());
/// Those that name contracts only.
const CONTRACT_NOUNS: &[&str] = &["contract", "contracts", "deal", "deals", "agreement", "agreements", "accord", "purchase", "order", "acquisition"];

/// [`batch_from_text`] with the nouns labels attach to, and with or without
/// the counts said to come on top of others ("24 more").
fn batch_of_words(text: &str, nouns: &[&str], counts: bool) -> Option<String> {
    let (cased, words) = words_of(text);
    if counts && further_count(&words).is_some() {
        return Some("additional".to_string());
    }
    for (i, w) in words.iter().enumerate().filter(|_| counts) {
        let next = words.get(i + 1).map(String::as_str);
        // "more Su-35 jets", "more Rafales", "more tanks": more of the
        // system (but "more advanced jets" is no order).
        if matches!(w.as_str(), "more" | "additional" | "extra") && i > 0 {
            let named = cased.get(i + 1).is_some_and(|n| n.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
            if named || next.is_some_and(|n| CLASSES.contains(&n)) {
                return Some("additional".to_string());
            }
        }
    }
    for (i, w) in words.iter().enumerate() {
        if !nouns.contains(&w.as_str()) {
            continue;
        }
        for back in 1..=3.min(i) {
            let b = match words[i - back].as_str() {
                // "the first export order for the variant" ranks the
                // buyers of a system, not the orders of one.
                "export" | "foreign" | "overseas" | "international" => break,
                "first" | "initial" | "original" => "first",
                "second" => "second",
                "third" => "third",
                "additional" | "another" | "new" | "further" => "additional",
                _ => continue,
            };
            return Some(b.to_string());
        }
    }
    // An option taken up is an order on top of the first: "has exercised
    // its option for a fourth frigate", "took up options on two more".
    let option = words.iter().any(|w| w == "option" || w == "options");
    let exercised = words.windows(2).any(|w| {
        matches!(w[0].as_str(), "exercised" | "exercise" | "exercises" | "exercising" | "activated" | "activates" | "triggered")
            || matches!(w[0].as_str(), "took" | "take" | "takes" | "taken" | "taking") && w[1] == "up"
    });
    if counts && option && exercised {
        return Some("additional".to_string());
    }
    None
}

/// A deal: who supplies what to whom.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash)]
pub struct Deal {
    pub supplier: String,
    pub recipient: String,
    pub system: String,
}

/// A source of a fact, as shown to a reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub doc: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub based_on: Vec<String>,
    pub attributed_to: Option<String>,
    pub time: Option<String>,
    pub evidence: String,
    pub start: usize,
    pub end: usize,
    pub polarity: Polarity,
    pub modality: Modality,
    pub value: Option<dossier_model::Money>,
    pub quantity: Option<dossier_model::Quantity>,
}

/// One real-world fact with every source that states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EventType,
    pub polarity: Polarity,
    pub modality: Modality,
    pub supplier: Option<String>,
    pub recipient: Option<String>,
    pub system: Option<String>,
    /// The most precise time the sources agree on.
    pub time: Option<String>,
    /// For a fact no source dates: the earliest day a source published it
    /// ("signed", told on that day, was signed by then), which places it
    /// in a timeline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_reported: Option<String>,
    pub batch: Option<String>,
    pub value: Option<dossier_model::Money>,
    pub quantity: Option<dossier_model::Quantity>,
    pub sources: Vec<Source>,
    /// Fields some source disputes: `status`, `time`, `value`, `quantity`.
    pub disputed: Vec<String>,
}

/// A deal's story: its facts in time order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub deal: Deal,
    pub docs: Vec<String>,
    pub facts: Vec<Fact>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    pub supplier: Option<String>,
    pub recipient: Option<String>,
    pub system: Option<String>,
    #[serde(rename = "type")]
    pub kind: EventType,
}

/// One claim on one side of a conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictClaim {
    pub doc: String,
    pub value: String,
    pub attributed_to: Option<String>,
    pub published: Option<String>,
    pub evidence: String,
    pub outlet: Option<String>,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub field: String,
    pub subject: Subject,
    pub claims: Vec<ConflictClaim>,
    pub explain: String,
    /// Extension: the story this conflict belongs to.
    pub story: String,
}

/// Everything reconcile derives from the stored documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub stories: Vec<Story>,
    pub conflicts: Vec<Conflict>,
}

fn is_transfer(t: EventType) -> bool {
    !matches!(t, EventType::Sanction | EventType::ProgramExclusion | EventType::Waiver | EventType::Cancellation)
}

/// The deal a claim belongs to, if it names one.
/// The deal a claim is of: a transfer's, or a cancellation's that names
/// its supplier, recipient and system ("Indonesia dropped its purchase of
/// Su-35 jets from Russia" ends that deal; a cancellation naming less is
/// an act against the recipient, as sanctions are).
fn deal_of(c: &Claim) -> Option<Deal> {
    let e = &c.event;
    if !is_transfer(e.kind) && e.kind != EventType::Cancellation {
        return None;
    }
    Some(Deal { supplier: e.supplier.clone()?, recipient: e.recipient.clone()?, system: e.system.clone()? })
}

/// What [`reconcile_deal`] takes for one deal: each document's claims of
/// that deal ([`deal_claims`]), for the documents that have any, in the
/// order given (followed by [`claims_joining`]'s).
pub fn claims_of_deal(deal: &Deal, docs: &[Document]) -> Vec<Vec<Claim>> {
    docs.iter().filter_map(|d| deal_claims(d).into_iter().find(|(x, _)| x == deal).map(|(_, cs)| cs)).collect()
}

/// Reconciles every document.
pub fn reconcile(docs: &[Document]) -> Record {
    reconcile_where(docs, |_| true)
}

/// The stories of these deals alone (and their conflicts), from documents
/// that include every document speaking of them: what [`reconcile`] gives
/// for these deals, without the stories of other deals those documents
/// also speak of.
pub fn reconcile_deals(docs: &[Document], only: &[Deal]) -> Record {
    reconcile_where(docs, |d| only.contains(d))
}

fn reconcile_where(docs: &[Document], keep: impl Fn(&Deal) -> bool) -> Record {
    // Deals and, for each, the claims of each document that speaks of it.
    let mut deals: BTreeMap<Deal, Vec<Vec<Claim>>> = BTreeMap::new();
    for d in docs.iter().filter(|d| d.duplicate_of.is_none()) {
        for (deal, cs) in deal_claims(d) {
            deals.entry(deal).or_default().push(cs);
        }
    }
    // The claims of the deals of a kind of arms that join a system's deal
    // ([`kind_deals`]), copied (they are few) before the deals are taken.
    let mut joining: BTreeMap<Deal, Vec<Vec<Claim>>> = BTreeMap::new();
    for deal in deals.keys().filter(|d| keep(d)) {
        let lists: Vec<Vec<Claim>> = kind_deals(deal).iter().flat_map(|k| deals.get(k).into_iter().flatten().cloned()).collect();
        if !lists.is_empty() {
            joining.insert(deal.clone(), lists);
        }
    }
    let mut record = Record::default();
    for (deal, mut per_doc) in deals.into_iter().filter(|(deal, _)| keep(deal)) {
        per_doc.extend(joining.remove(&deal).into_iter().flatten());
        let (story, conflicts) = story_of(&deal, &per_doc);
        record.stories.push(story);
        record.conflicts.extend(conflicts);
    }
    record
}

/// One deal's story and conflicts from [`deal_claims`] of every document
/// that speaks of it (none a copy), in the order the documents are given.
pub fn reconcile_deal(deal: &Deal, per_doc: &[Vec<Claim>]) -> Record {
    // No document (none that is not a copy) speaks of the deal any more: it
    // has no story.
    if !per_doc.iter().flatten().any(|c| is_transfer(c.event.kind) && !of_a_kind(deal, c)) {
        return Record::default();
    }
    let (story, conflicts) = story_of(deal, per_doc);
    Record { stories: vec![story], conflicts }
}

fn story_of(deal: &Deal, per_doc: &[Vec<Claim>]) -> (Story, Vec<Conflict>) {
    // The deal's own claims first, document by document, then the acts
    // that join it.
    let all = || per_doc.iter().flatten().filter(|c| !of_a_kind(deal, c));
    // Denials of the deal's kind of arms join it as denials of its system,
    // after its own claims, in document order.
    let kinds = kind_deals(deal);
    let mut joined: Vec<Claim> = per_doc
        .iter()
        .flatten()
        .filter(|c| of_a_kind(deal, c) && c.event.polarity == Polarity::Denied)
        .filter(|c| kinds.iter().any(|k| Some(&k.supplier) == c.event.supplier.as_ref() && Some(&k.recipient) == c.event.recipient.as_ref() && Some(&k.system) == c.event.system.as_ref()))
        .cloned()
        .map(|mut c| {
            c.event.system = Some(deal.system.clone());
            c
        })
        .collect();
    joined.sort_by(|a, b| a.doc.cmp(&b.doc).then(a.event.evidence.start.cmp(&b.event.evidence.start)).then(a.index.cmp(&b.index)));
    let cs: Vec<&Claim> = all().filter(|c| is_transfer(c.event.kind)).chain(&joined).chain(all().filter(|c| !is_transfer(c.event.kind))).collect();
    // Deliveries told without a batch that are a batch planned before.
    let batches: Vec<Option<&str>> = planned_batches(&cs);
    let rebatched: Vec<Claim> = cs
        .iter()
        .zip(&batches)
        .filter_map(|(c, b)| {
            b.map(|b| {
                let mut c = (*c).clone();
                c.batch = Some(b.to_string());
                c
            })
        })
        .collect();
    let mut next = rebatched.iter();
    let cs: Vec<&Claim> = cs.into_iter().zip(&batches).map(|(c, b)| if b.is_some() { next.next().unwrap_or(c) } else { c }).collect();
    let story_id = format!("{}-{}-{}", deal.supplier, deal.recipient, deal.system).to_lowercase().replace(' ', "-");
    let facts = group_facts(&story_id, &cs);
    let mut docs: Vec<String> = cs.iter().map(|c| c.doc.clone()).collect();
    docs.sort();
    docs.dedup();
    let mut story = Story { id: story_id.clone(), deal: deal.clone(), docs, facts };
    let conflicts = find_conflicts(&story_id, &cs, &mut story.facts);
    // An undated fact takes its place by the day it was first reported.
    let when = |f: &Fact| time_key(if f.time.is_some() { &f.time } else { &f.first_reported });
    story.facts.sort_by(|a, b| when(a).cmp(&when(b)).then(a.id.cmp(&b.id)));
    (story, conflicts)
}

/// For each claim, the batch it is when a delivery reported done with no
/// batch ("42 tanks were handed over in July") states the count of one
/// batch planned for a time that holds its own ("a second batch of 42
/// tanks would be delivered in 2025"), and of no other; none otherwise.
fn planned_batches<'a>(cs: &[&'a Claim]) -> Vec<Option<&'a str>> {
    let delivery = |c: &Claim, modality: Modality| {
        let e = &c.event;
        let count = e.quantity.as_ref().filter(|q| !is_container(&q.unit)).map(|q| q.count);
        (e.kind == EventType::Delivery && e.modality == modality && e.polarity == Polarity::Affirmed && e.time.is_some()).then_some(count).flatten()
    };
    let planned: Vec<(&str, f64, &str)> = cs
        .iter()
        .filter_map(|c| Some((ordinal(&c.batch)?, delivery(c, Modality::Planned)?, c.event.time.as_deref()?)))
        .collect();
    cs.iter()
        .map(|c| {
            let count = delivery(c, Modality::Fact).filter(|_| c.batch.is_none() && !planned.is_empty())?;
            let time = c.event.time.as_deref()?;
            let mut fits = planned.iter().filter(|(_, n, t)| *n == count && time.starts_with(t)).map(|(b, _, _)| *b);
            let b = fits.next()?;
            fits.all(|x| x == b).then_some(b)
        })
        .collect()
}

fn time_key(t: &Option<String>) -> String {
    // Undated facts sort last.
    t.clone().unwrap_or_else(|| "9999".into())
}

use dossier_model::times_compatible as compatible;

fn source_of(c: &Claim) -> Source {
    let e = &c.event;
    Source {
        doc: c.doc.clone(),
        outlet: c.outlet.clone(),
        published: c.published.clone(),
        based_on: c.based_on.clone(),
        attributed_to: e.attributed_to.clone(),
        time: e.time.clone(),
        evidence: e.evidence.text.clone(),
        start: e.evidence.start,
        end: e.evidence.end,
        polarity: e.polarity,
        modality: e.modality,
        value: e.value.clone(),
        quantity: e.quantity.clone(),
    }
}

/// Is a batch label an ordinal that names one specific contract or delivery?
fn ordinal(b: &Option<String>) -> Option<&str> {
    b.as_deref().filter(|b| matches!(*b, "first" | "second" | "third"))
}

/// What claims of one fact share: type, polarity, modality and the three
/// parties (supplier, recipient, system).
type FactKey = (String, String, String, Option<String>, Option<String>, Option<String>);

/// Groups a story's claims into facts.
fn group_facts(story: &str, claims: &[&Claim]) -> Vec<Fact> {
    // Claims of one kind: same type, polarity, modality and parties.
    let mut groups: BTreeMap<FactKey, Vec<&Claim>> = BTreeMap::new();
    for c in claims {
        let e = &c.event;
        let key = (
            e.kind.as_str().to_string(),
            format!("{:?}", e.polarity),
            format!("{:?}", e.modality),
            e.supplier.clone(),
            e.recipient.clone(),
            e.system.clone(),
        );
        groups.entry(key).or_default().push(c);
    }
    let mut facts = Vec::new();
    for (key, cs) in groups {
        // Time clusters: claims with times, most precise first, joined when compatible.
        let mut timed: Vec<&Claim> = cs.iter().copied().filter(|c| c.event.time.is_some()).collect();
        timed.sort_by_key(|c| std::cmp::Reverse(c.event.time.as_ref().map_or(0, |t| t.len())));
        // Each cluster's claims, with the distinct times and batch ordinals
        // they hold: a claim is checked against those, not against every
        // claim (a story may have thousands of claims of a few dates).
        struct Cluster<'a> {
            claims: Vec<&'a Claim>,
            times: Vec<&'a str>,
            ordinals: Vec<&'a str>,
        }
        impl<'a> Cluster<'a> {
            fn push(&mut self, c: &'a Claim) {
                if let Some(t) = c.event.time.as_deref() {
                    if !self.times.contains(&t) {
                        self.times.push(t);
                    }
                }
                if let Some(b) = ordinal(&c.batch) {
                    if !self.ordinals.contains(&b) {
                        self.ordinals.push(b);
                    }
                }
                self.claims.push(c);
            }
            /// Every ordinal the cluster holds is `b` (or `b` is none).
            fn fits_batch(&self, b: Option<&str>) -> bool {
                b.is_none() || self.ordinals.iter().all(|x| Some(*x) == b)
            }
        }
        let mut clusters: Vec<Cluster> = Vec::new();
        for c in timed {
            let t = c.event.time.as_deref();
            let b = ordinal(&c.batch);
            let home = clusters.iter_mut().find(|cl| cl.times.iter().all(|x| compatible(Some(x), t)) && cl.fits_batch(b));
            match home {
                Some(cl) => cl.push(c),
                None => {
                    let mut cl = Cluster { claims: Vec::new(), times: Vec::new(), ordinals: Vec::new() };
                    cl.push(c);
                    clusters.push(cl);
                }
            }
        }
        // Undated claims join the cluster of their batch, or the only cluster.
        let mut undated: Vec<&Claim> = Vec::new();
        for c in cs.iter().copied().filter(|c| c.event.time.is_none()) {
            let b = ordinal(&c.batch);
            let by_batch: Vec<usize> = match b {
                Some(b) => (0..clusters.len()).filter(|&i| clusters[i].ordinals.contains(&b)).collect(),
                None => Vec::new(),
            };
            // The one dated cluster that states the same count ("212
            // howitzers"), or without a count the same value ("$2.4
            // billion"), and is not dated after the report: the same
            // contract, told without its date (a value that differs is then
            // a dispute within the fact).
            let stated = |cl: &Cluster| {
                if cl.times.iter().any(|t| said_before(c.published.as_deref(), Some(t))) {
                    return false;
                }
                if let Some(q) = c.event.quantity.as_ref().filter(|q| !is_container(&q.unit)) {
                    return cl.claims.iter().any(|x| x.event.quantity.as_ref().is_some_and(|y| !is_container(&y.unit) && values_agree(q.count, y.count)));
                }
                c.event.value.as_ref().is_some_and(|v| {
                    cl.claims.iter().any(|x| x.event.value.as_ref().is_some_and(|y| y.currency == v.currency && values_agree(v.amount, y.amount)))
                })
            };
            let by_amount: Vec<usize> = (0..clusters.len()).filter(|&i| clusters[i].fits_batch(b) && stated(&clusters[i])).collect();
            // "No new agreement" beside "denying reports of a third order"
            // in the same report speaks of that order.
            let by_report: Vec<usize> = if c.batch.as_deref() == Some("additional") {
                (0..clusters.len()).filter(|&i| names_later_order(c, &clusters[i].claims)).collect()
            } else {
                Vec::new()
            };
            if by_batch.len() == 1 {
                clusters[by_batch[0]].push(c);
            } else if by_report.len() == 1 {
                clusters[by_report[0]].push(c);
            } else if by_amount.len() == 1 && !matches!(c.batch.as_deref(), Some("additional")) {
                clusters[by_amount[0]].push(c);
            } else if clusters.len() == 1
                && clusters[0].fits_batch(b)
                && !matches!(c.batch.as_deref(), Some("additional"))
                && (b.is_none() || !clusters[0].ordinals.is_empty())
                // Not a later order when the claim names none ("signed a
                // contract for 42 jets" is no "second tranche"), nor, told
                // as done, one dated after the report was published (a plan
                // is told before its time).
                && !(b.is_none() && clusters[0].ordinals.iter().any(|o| matches!(*o, "second" | "third")))
                && !(c.event.modality == Modality::Fact && clusters[0].times.iter().any(|t| said_before(c.published.as_deref(), Some(t))))
            {
                // A second or third order told without a date is not the one
                // dated order that no report numbers (that one is the first).
                clusters[0].push(c);
            } else {
                undated.push(c);
            }
        }
        let mut clusters: Vec<Vec<&Claim>> = clusters.into_iter().map(|cl| cl.claims).collect();
        // Undated claims of a further order are a fact apart from the other
        // undated ones ("signed the agreement" is not "bought 26 more").
        // A second order and "30 additional jets", both undated, are one
        // further order when no third is told.
        let third = undated.iter().any(|c| c.batch.as_deref() == Some("third"));
        let (further, undated): (Vec<&Claim>, Vec<&Claim>) =
            undated.into_iter().partition(|c| c.batch.as_deref() == Some("additional") || !third && c.batch.as_deref() == Some("second"));
        // Undated orders numbered apart ("the second", "a third") are facts
        // apart; "the first" may be any unnumbered one.
        let mut numbered: Vec<(Option<&str>, Vec<&Claim>)> = Vec::new();
        for c in undated {
            let b = ordinal(&c.batch).filter(|b| *b != "first");
            match numbered.iter_mut().find(|(x, _)| *x == b) {
                Some((_, cl)) => cl.push(c),
                None => numbered.push((b, vec![c])),
            }
        }
        let mut further_apart = Vec::new();
        for c in further {
            let named: Vec<usize> = (0..numbered.len()).filter(|&i| c.batch.as_deref() == Some("additional") && names_later_order(c, &numbered[i].1)).collect();
            match named[..] {
                [i] => numbered[i].1.push(c),
                _ => further_apart.push(c),
            }
        }
        clusters.extend(numbered.into_iter().map(|(_, cl)| cl).chain([further_apart]).filter(|cl| !cl.is_empty()));
        for (n, cl) in clusters.into_iter().enumerate() {
            let first = &cl[0].event;
            let time = cl.iter().filter_map(|c| c.event.time.clone()).max_by_key(|t| t.len());
            // An ordinal names the batch; a word like "new" or "additional"
            // only when most sources use it (a report may mention a new
            // order beside the old one it is about).
            // A contract told whole and as "six jets, the first tranche of a
            // 42-aircraft deal" is the whole: the tranche names no batch of
            // it, and its count is no count of the contract.
            let part = |c: &Claim| c.event.kind == EventType::DealSigned && counts_a_part(&c.event.evidence.text);
            let whole = first.kind == EventType::DealSigned && cl.iter().any(|c| c.batch.is_none());
            let labelled: Vec<&Claim> = cl.iter().copied().filter(|c| !(whole && ordinal(&c.batch) == Some("first") && part(c))).collect();
            let relative = labelled
                .iter()
                .find_map(|c| c.batch.clone())
                .filter(|b| 2 * labelled.iter().filter(|c| c.batch.as_ref() == Some(b)).count() > labelled.len());
            let batch = labelled.iter().find_map(|c| ordinal(&c.batch).map(str::to_string)).or(relative);
            let value = cl.iter().find_map(|c| c.event.value.clone());
            // A count told as the number before one told as a bound ("18
            // launchers" before "up to 486 launchers" of a framework).
            let counted = || cl.iter().filter(|c| c.event.quantity.is_some() && !(whole && part(c)));
            let quantity = counted().filter(|c| !is_bound(&c.event.evidence.text)).chain(counted()).chain(cl.iter()).find_map(|c| c.event.quantity.clone());
            let mut sources: Vec<Source> = cl.iter().map(|c| source_of(c)).collect();
            sources.sort_by(|a, b| a.doc.cmp(&b.doc).then(a.start.cmp(&b.start)));
            let first_reported = if time.is_none() { sources.iter().filter_map(|s| s.published.clone()).min() } else { None };
            facts.push(Fact {
                id: format!("{story}/{}/{}/{}/{n}", key.0, key.1.to_lowercase(), key.2.to_lowercase()),
                kind: first.kind,
                polarity: first.polarity,
                modality: first.modality,
                supplier: first.supplier.clone(),
                recipient: first.recipient.clone(),
                system: first.system.clone(),
                time,
                first_reported,
                batch,
                value,
                quantity,
                sources,
                disputed: Vec::new(),
            });
        }
    }
    facts
}

/// Whether one of `claims` is of a numbered further order ("a third
/// order", "the second batch") and from the report that tells claim `c`:
/// a report's "new" or "additional" order is the one it numbers.
fn names_later_order(c: &Claim, claims: &[&Claim]) -> bool {
    claims.iter().any(|x| x.doc == c.doc && matches!(ordinal(&x.batch), Some("second" | "third")))
}

/// Whether a denial reported on `said` (a day) came before the whole
/// period `done` dates the affirmed event in ("denied on 30 July that a
/// contract had been signed" against "signed on 1 August"): it was true
/// when said, and the two reports do not disagree. ISO dates compare as
/// text, and a day inside the period ("2025-08-15" in "2025-08") sorts
/// after it.
fn said_before(said: Option<&str>, done: Option<&str>) -> bool {
    match (said, done) {
        (Some(said), Some(done)) => said.len() == 10 && said < done,
        _ => false,
    }
}

/// Whether a denial speaks only of the time it was made: "has not yet
/// agreed", "has yet to deliver", "still has not received" (but "Yet
/// Berlin has not sent them" opens with a conjunction).
fn not_yet(text: &str) -> bool {
    let (_, words) = words_of(text);
    let negation = |w: &str| matches!(w, "not" | "t" | "never" | "no");
    words.iter().enumerate().any(|(i, w)| match w.as_str() {
        // "has not yet", "has yet to", "No contract has been signed yet".
        "yet" => {
            i > 0 && (negation(&words[i - 1]) || words.get(i + 1).is_some_and(|n| n == "to") || i + 1 == words.len() && words[..i].iter().any(|w| negation(w)))
        }
        "still" => words[i + 1..].iter().take(3).any(|n| negation(n)),
        _ => false,
    })
}

/// A date's month as a number that counts months ("2025-03" and
/// "2025-03-14" give 2025 * 12 + 3); none for a year alone.
pub(crate) fn month_index(p: Option<&str>) -> Option<i32> {
    let p = p?;
    Some(p.get(..4)?.parse::<i32>().ok()? * 12 + p.get(5..7)?.parse::<i32>().ok()?)
}

fn year(t: Option<&str>) -> Option<i32> {
    t.and_then(|t| t.get(..4)).and_then(|y| y.parse().ok())
}

fn claim_of(c: &Claim, value: String) -> ConflictClaim {
    ConflictClaim {
        doc: c.doc.clone(),
        value,
        attributed_to: c.event.attributed_to.clone(),
        published: c.published.clone(),
        evidence: c.event.evidence.text.clone(),
        outlet: c.outlet.clone(),
        start: c.event.evidence.start,
        end: c.event.evidence.end,
    }
}

/// Sources for people: who said it, else the outlet, with the documents
/// that carry it ("Shin Won-sik (w1, w3)", one speaker in two reports);
/// a document with neither is named alone.
fn named<'a>(sources: impl IntoIterator<Item = (Option<&'a str>, Option<&'a str>, &'a str)>) -> Vec<String> {
    let mut groups: Vec<(Option<&str>, Vec<&str>)> = Vec::new();
    for (attributed_to, outlet, doc) in sources {
        let label = attributed_to.or(outlet);
        match groups.iter_mut().find(|g| label.is_some() && g.0 == label || label.is_none() && g.0.is_none() && g.1 == [doc]) {
            Some(g) if !g.1.contains(&doc) => g.1.push(doc),
            Some(_) => {}
            None => groups.push((label, vec![doc])),
        }
    }
    groups
        .into_iter()
        .map(|(label, docs)| match label {
            Some(l) => format!("{l} ({})", docs.join(", ")),
            None => docs.join(", "),
        })
        .collect()
}

/// Whether two speakers of one report are one: the same words, or a
/// speaker named again by its last words ("the armament agency", then
/// "the agency"; "the defence ministry", then "the ministry").
fn same_voice(a: Option<&str>, b: Option<&str>) -> bool {
    let (Some(a), Some(b)) = (a, b) else { return a == b };
    let bare = |s: &str| {
        let s = s.trim().to_lowercase();
        s.strip_prefix("the ").map(str::to_string).unwrap_or(s)
    };
    let (a, b) = (bare(a), bare(b));
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    short == long || long.strip_suffix(short.as_str()).is_some_and(|rest| rest.ends_with(' '))
}

fn human(t: EventType) -> &'static str {
    match t {
        EventType::DealSigned => "contract",
        EventType::Delivery => "delivery",
        EventType::Negotiation => "negotiation",
        EventType::Intent => "planned transfer",
        EventType::Sanction => "sanctions",
        EventType::ProgramExclusion => "programme exclusion",
        EventType::Payment => "payment",
        EventType::Production => "production",
        EventType::Cancellation => "cancellation",
        EventType::Waiver => "waiver",
    }
}

/// Values agree when their stated precision overlaps: "$5 billion" (±0.5
/// billion) and "$5.43 billion"; otherwise within 2%.
pub fn values_agree(a: f64, b: f64) -> bool {
    fn half_unit(v: f64) -> f64 {
        // The unit of the last significant digit, from at most 3 significant digits.
        if v == 0.0 {
            return 0.0;
        }
        let mag = 10f64.powf(v.abs().log10().floor());
        for digits in 0..3 {
            let unit = mag / 10f64.powi(digits);
            if ((v / unit).round() * unit - v).abs() <= 1e-9 * v.abs() {
                return unit / 2.0;
            }
        }
        mag / 200.0
    }
    let (lo_a, hi_a) = (a - half_unit(a), a + half_unit(a));
    let (lo_b, hi_b) = (b - half_unit(b), b + half_unit(b));
    (lo_a <= hi_b && lo_b <= hi_a) || (a - b).abs() <= 0.02 * a.abs().max(b.abs())
}

/// Whether words set one figure against another: "4 billion euros, not
/// the 3.75 billion", "rather than $2 billion", "instead of 36".
fn corrects_a_figure(text: &str) -> bool {
    let lower = text.to_lowercase();
    [", not ", " not the ", "rather than ", "instead of ", "contrary to "].iter().any(|m| {
        lower.match_indices(m).any(|(i, _)| lower[i + m.len()..].chars().take(24).any(|c| c.is_ascii_digit()))
    })
}

/// A fact's source as one side's claim in a conflict.
fn source_claim(s: &Source, value: String) -> ConflictClaim {
    ConflictClaim {
        doc: s.doc.clone(),
        value,
        attributed_to: s.attributed_to.clone(),
        published: s.published.clone(),
        evidence: s.evidence.clone(),
        outlet: s.outlet.clone(),
        start: s.start,
        end: s.end,
    }
}

/// Two facts of one kind dated incompatibly, every source of each a claim.
fn time_conflict(story: &str, a: &Fact, b: &Fact, batch: Option<&str>) -> Conflict {
    // Only the sources that date the fact: one joined to it by its count
    // or value, with no date of its own, says nothing of the date.
    let side = |f: &Fact| -> Vec<ConflictClaim> { f.sources.iter().filter_map(|s| Some(source_claim(s, s.time.clone()?))).collect() };
    let mut cc = side(a);
    cc.extend(side(b));
    // Who dates it, as a status conflict names them: "the ministry (n1)".
    let docs = |f: &Fact| named(f.sources.iter().filter(|s| s.time.is_some()).map(|s| (s.attributed_to.as_deref(), s.outlet.as_deref(), s.doc.as_str()))).join(", ");
    let explain = format!(
        "The {}{} is {} {} by {} but {} by {}.",
        batch.map(|b| format!("{b} ")).unwrap_or_default(),
        human(a.kind),
        if a.modality == Modality::Planned { "planned for" } else { "dated" },
        a.time.as_deref().unwrap_or("?"),
        docs(a),
        b.time.as_deref().unwrap_or("?"),
        docs(b)
    );
    let subject = Subject { supplier: a.supplier.clone(), recipient: a.recipient.clone(), system: a.system.clone(), kind: a.kind };
    Conflict { field: "time".into(), subject, claims: cc, explain, story: story.to_string() }
}

/// Which facts each time conflict found so far cites (a claim of it is a
/// source of the fact), for [`push_time_conflict`]: a fact may have
/// thousands of sources and a conflict thousands of claims, so each
/// conflict is looked at once, not once per pair of facts.
#[derive(Default)]
struct TimeCites {
    /// The facts each source (report, then offset) belongs to, gathered
    /// when a story first has a time conflict (most have none).
    facts_of: Option<fnv::FnvHashMap<String, fnv::FnvHashMap<usize, Vec<usize>>>>,
    /// For each time conflict in the output so far, the facts it cites.
    cited: Vec<fnv::FnvHashSet<usize>>,
    /// How much of the output has been looked at.
    scanned: usize,
}

impl TimeCites {
    /// Whether a time conflict in `out` already cites facts `i` and `j`.
    fn cites_both(&mut self, facts: &[Fact], out: &[Conflict], i: usize, j: usize) -> bool {
        let facts_of = self.facts_of.get_or_insert_with(|| {
            let mut facts_of: fnv::FnvHashMap<String, fnv::FnvHashMap<usize, Vec<usize>>> = fnv::FnvHashMap::default();
            for (i, f) in facts.iter().enumerate() {
                for s in &f.sources {
                    let of = facts_of.entry(s.doc.clone()).or_default().entry(s.start).or_default();
                    if of.last() != Some(&i) {
                        of.push(i);
                    }
                }
            }
            facts_of
        });
        for c in out[self.scanned..].iter().filter(|c| c.field == "time") {
            let cited = c.claims.iter().filter_map(|x| facts_of.get(x.doc.as_str()).and_then(|m| m.get(&x.start))).flatten().copied().collect();
            self.cited.push(cited);
        }
        self.scanned = out.len();
        self.cited.iter().any(|f| f.contains(&i) && f.contains(&j))
    }
}

/// Adds the time conflict between facts `i` and `j` unless one already
/// cites both, and marks both facts' time disputed.
fn push_time_conflict(out: &mut Vec<Conflict>, facts: &mut [Fact], cites: &mut TimeCites, story: &str, (i, j): (usize, usize), batch: Option<&str>) {
    if cites.cites_both(facts, out, i, j) {
        return;
    }
    out.push(time_conflict(story, &facts[i], &facts[j], batch));
    for k in [i, j] {
        if !facts[k].disputed.iter().any(|d| d == "time") {
            facts[k].disputed.push("time".into());
        }
    }
}

/// Contradictions within a story; marks the facts they touch.
fn find_conflicts(story: &str, claims: &[&Claim], facts: &mut [Fact]) -> Vec<Conflict> {
    let mut out = Vec::new();
    let mut cites = TimeCites::default();
    // A sentence may hold claims of several kinds ("the system it ordered in
    // 2020 arrived"): only the fact of the disputed claim's kind is marked.
    let mark = |facts: &mut [Fact], c: &Claim, field: &str| {
        for f in facts.iter_mut().filter(|f| f.kind == c.event.kind && f.polarity == c.event.polarity && f.modality == c.event.modality) {
            if f.sources.iter().any(|s| s.doc == c.doc && s.start == c.event.evidence.start && s.end == c.event.evidence.end)
                && !f.disputed.iter().any(|d| d == field)
            {
                f.disputed.push(field.to_string());
            }
        }
    };

    // Status: a deal affirmed as done against a denial at about the same
    // time; so are a plan ("plans to buy") and talks said to be under way
    // against their denial ("has no plans to buy").
    for kind in [EventType::DealSigned, EventType::Delivery, EventType::Payment, EventType::Intent, EventType::Negotiation, EventType::Cancellation] {
        // A delivery of part of what was ordered ("three of the five units",
        // "the first unit arrived") agrees with a denial that the rest has
        // come; only a claim of the whole contradicts it. The whole is the
        // largest number any source gives for the system.
        let full = |system: &Option<String>| {
            claims
                .iter()
                .filter(|c| matches!(c.event.kind, EventType::DealSigned | EventType::Delivery) && c.event.polarity == Polarity::Affirmed && (system.is_none() || c.event.system == *system))
                .filter_map(|c| c.event.quantity.as_ref().map(|q| q.count))
                .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))))
        };
        // The delivered counts each document gives, gathered once.
        let mut doc_counts: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        for c in claims.iter().filter(|c| c.event.kind == EventType::Delivery && c.event.polarity == Polarity::Affirmed && c.event.modality == Modality::Fact) {
            if let Some(q) = &c.event.quantity {
                doc_counts.entry(c.doc.as_str()).or_default().push(q.count);
            }
        }
        // A document that reports part delivered, and nowhere the whole,
        // speaks of that part where it gives no number.
        let partial_doc = |doc: &str, whole: f64| doc_counts.get(doc).is_some_and(|counts| counts.iter().any(|&n| n < whole) && !counts.iter().any(|&n| n >= whole));
        let partial = |a: &Claim, d: &Claim, whole: Option<f64>| {
            // "No drones have been delivered" denies any part too.
            if kind != EventType::Delivery || denies_any(&d.event.evidence.text) {
                return false;
            }
            if ordinal(&a.batch).is_some() && ordinal(&d.batch).is_none() {
                return true;
            }
            if a.event.quantity.is_none() && part_of_whole(&a.event.evidence.text) {
                return true;
            }
            // A batch is a whole of its own: "42 tanks handed over" of the
            // second batch against "the second batch has not arrived".
            if ordinal(&a.batch).is_some() && ordinal(&a.batch) == ordinal(&d.batch) {
                return false;
            }
            let Some(whole) = whole else { return false };
            match &a.event.quantity {
                Some(q) => q.count < whole,
                None => partial_doc(&a.doc, whole),
            }
        };
        // A plan is affirmed as a plan; everything else as a fact.
        let affirmed = |c: &Claim| c.event.polarity == Polarity::Affirmed && (c.event.modality == Modality::Fact || (kind == EventType::Intent && c.event.modality == Modality::Planned));
        // A supplier's approval of a possible sale ("the State Department
        // approved the possible sale of 20 F-16s") is no buyer's plan: a
        // buyer that has no plans to buy does not contradict it.
        let approval = |c: &Claim| kind == EventType::Intent && is_export_approval(&c.event.evidence.text);
        let done: Vec<&Claim> = claims.iter().copied().filter(|c| c.event.kind == kind && affirmed(c) && !approval(c)).collect();
        // A denied sale ("rejected reports that Iran had sold drones to
        // Russia") denies the delivery too: what was never sold was not
        // supplied.
        let denies = |c: &Claim| c.event.kind == kind || kind == EventType::Delivery && c.event.kind == EventType::DealSigned && c.batch.is_none() && denies_a_sale(&c.event.evidence.text);
        let denied: Vec<&Claim> = claims.iter().copied().filter(|c| c.event.polarity == Polarity::Denied && denies(c)).collect();
        // Each conflict: the claims that say done, those that deny it.
        let mut found: Vec<(Vec<&Claim>, Vec<&Claim>)> = Vec::new();
        // The whole of each system denials name, found once per system.
        let mut wholes: BTreeMap<&Option<String>, Option<f64>> = BTreeMap::new();
        for d in &denied {
            wholes.entry(&d.event.system).or_insert_with(|| full(&d.event.system));
        }
        for d in &denied {
            let d_year = year(d.published.as_deref()).or(year(d.event.time.as_deref()));
            let whole = wholes[&d.event.system];
            let against: Vec<&Claim> = done
                .iter()
                .copied()
                .filter(|a| {
                    // Not the first contract against a denial of new ones.
                    let batches_differ = match (ordinal(&a.batch), d.batch.as_deref()) {
                        (Some("first"), Some("additional" | "second" | "third")) => true,
                        (Some(x), Some(y)) if matches!(y, "first" | "second" | "third") => x != y,
                        // A further order denied ("has not yet signed the
                        // second contract") against a contract no source
                        // labels, dated (or, undated, reported) in a year
                        // before the denial: the earlier one.
                        (None, Some("additional" | "second" | "third")) => {
                            let signed = year(a.event.time.as_deref()).or(year(a.published.as_deref()));
                            a.batch.is_none() && matches!((signed, year(d.published.as_deref())), (Some(x), Some(y)) if x < y)
                        }
                        _ => false,
                    };
                    let a_year = year(a.event.time.as_deref()).or(year(a.published.as_deref()));
                    // A report with no year was written in or after the
                    // latest year it names: its deals and deliveries (not
                    // its plans and talks, which come and go) may stand
                    // against a report of that year or a later one.
                    let lasting = !matches!(kind, EventType::Intent | EventType::Negotiation);
                    let close = match (a_year, d_year) {
                        (Some(x), Some(y)) => (x - y).abs() <= 1,
                        (None, Some(y)) if a.doc != d.doc && lasting => a.written_after.is_some_and(|w| y >= w - 1),
                        (Some(x), None) if a.doc != d.doc && lasting => d.written_after.is_some_and(|w| x >= w - 1),
                        _ => a.doc == d.doc,
                    };
                    // A plan dropped months after it was told ("plans to
                    // buy six more" in February, "will not buy more" in
                    // August) changed; told within a season, one denies
                    // the other.
                    let changed = !lasting
                        && a.event.time.is_none()
                        && d.event.time.is_none()
                        && matches!((month_index(a.published.as_deref()), month_index(d.published.as_deref())), (Some(p), Some(q)) if (p - q).abs() > 3);
                    let same_time = compatible(a.event.time.as_deref(), d.event.time.as_deref()) && !changed;
                    !batches_differ
                        && !partial(a, d, whole)
                        && close
                        && same_time
                        && (a.event.time.is_none() || a_year >= d_year.map(|y| y - 1))
                        // A denial before the deed is dated is no denial of
                        // it; but a plan is dated ahead ("to buy 12 jets in
                        // its 2022 budget") and denied before its time.
                        && (a.event.modality == Modality::Planned || !said_before(d.published.as_deref(), a.event.time.as_deref()))
                        // "Not yet" speaks of the day it was said: an
                        // undated report of the deed published after it
                        // tells what came since.
                        && !(not_yet(&d.event.evidence.text) && a.event.time.is_none() && said_before(d.published.as_deref(), a.published.as_deref()))
                })
                .collect();
            if against.is_empty() {
                continue;
            }
            // Denials of the same claims make one conflict.
            let same = |x: &&Claim, y: &&Claim| x.doc == y.doc && x.event.evidence.start == y.event.evidence.start;
            match found.iter_mut().find(|(yes, _)| yes.iter().any(|y| against.iter().any(|a| same(a, y)))) {
                Some((yes, no)) => {
                    for a in against {
                        if !yes.iter().any(|y| same(&a, y)) {
                            yes.push(a);
                        }
                    }
                    if !no.iter().any(|n| same(d, n)) {
                        no.push(d);
                    }
                }
                None => found.push((against, vec![d])),
            }
        }
        for (yes, no) in found {
            // One speaker in one report does not contradict itself in so
            // many words ("has not been cancelled ... nobody has terminated
            // the contract"): a reading of one of the sentences is wrong.
            let one_voice = |c: &&Claim| c.doc == no[0].doc && same_voice(c.event.attributed_to.as_deref(), no[0].event.attributed_to.as_deref());
            if yes.iter().chain(&no).all(one_voice) {
                continue;
            }
            // Talks said to be under way at the same time side with the
            // denial of a contract.
            let talks: Vec<&Claim> = claims
                .iter()
                .copied()
                .filter(|c| {
                    kind == EventType::DealSigned
                        && c.event.kind == EventType::Negotiation
                        && c.event.polarity == Polarity::Affirmed
                        && no.iter().any(|d| c.doc == d.doc && c.event.attributed_to == d.event.attributed_to)
                })
                .collect();
            let said = match kind {
                EventType::DealSigned => "signed",
                EventType::Intent => "planned",
                EventType::Negotiation => "under negotiation",
                EventType::Cancellation => "cancelled",
                _ => "done",
            };
            let mut cc: Vec<ConflictClaim> = yes.iter().map(|a| claim_of(a, said.into())).collect();
            cc.extend(no.iter().map(|d| claim_of(d, "denied".into())));
            cc.extend(talks.iter().map(|t| claim_of(t, "under negotiation".into())));
            for c in yes.iter().chain(&no) {
                mark(facts, c, "status");
            }
            let list = |cs: &[&Claim]| named(cs.iter().map(|c| (c.event.attributed_to.as_deref(), c.outlet.as_deref(), c.doc.as_str())));
            let (ayes, noes) = (list(&yes), list(&no));
            let d = no[0];
            out.push(Conflict {
                field: "status".into(),
                subject: Subject { supplier: d.event.supplier.clone(), recipient: d.event.recipient.clone(), system: d.event.system.clone(), kind },
                claims: cc,
                explain: capitalize(&format!(
                    "{} say{} the {} {}; {} say{} it is not.",
                    ayes.join(", "),
                    if ayes.len() == 1 && !plural(&ayes[0]) { "s" } else { "" },
                    // "the drones delivery" for a deal of a kind of arms.
                    d.event.system.as_deref().map_or("arms", |s| s.strip_prefix(UNSPECIFIED).unwrap_or(s)),
                    match kind {
                        EventType::Intent => "purchase is planned".to_string(),
                        EventType::Negotiation => "sale is under negotiation".to_string(),
                        EventType::Cancellation => "contract is cancelled".to_string(),
                        _ => format!("{} is done", human(kind)),
                    },
                    noes.join(", "),
                    if noes.len() == 1 && !plural(&noes[0]) { "s" } else { "" },
                )),
                story: story.to_string(),
            });
        }
    }

    // Time: facts of one kind carrying the same ordinal (the first contract)
    // dated incompatibly.
    let mut by_kind: BTreeMap<(String, Option<String>), Vec<usize>> = BTreeMap::new();
    for (i, f) in facts.iter().enumerate() {
        if f.polarity == Polarity::Affirmed && f.modality == Modality::Fact && f.time.is_some() {
            if let Some(b) = ordinal(&f.batch) {
                by_kind.entry((f.kind.as_str().to_string(), Some(b.to_string()))).or_default().push(i);
            }
        }
    }
    for ((_, batch), idx) in by_kind {
        if idx.len() < 2 {
            continue;
        }
        for (x, &i) in idx.iter().enumerate() {
            for &j in &idx[x + 1..] {
                if compatible(facts[i].time.as_deref(), facts[j].time.as_deref()) {
                    continue;
                }
                out.push(time_conflict(story, &facts[i], &facts[j], batch.as_deref()));
            }
        }
        for &i in &idx {
            if !facts[i].disputed.iter().any(|d| d == "time") && idx.iter().any(|&j| j != i && !compatible(facts[i].time.as_deref(), facts[j].time.as_deref())) {
                facts[i].disputed.push("time".into());
            }
        }
    }
    // A planned delivery of one ordinal ("the first boat") given dates that
    // cannot both hold by sources that spoke within a few months of each
    // other ("remains on schedule for 2029" against "not before 2030"). A
    // plan told years apart has slipped, which no source disputes.
    let planned: Vec<usize> = (0..facts.len())
        .filter(|&i| {
            let f = &facts[i];
            f.kind == EventType::Delivery && f.polarity == Polarity::Affirmed && f.modality == Modality::Planned && f.time.is_some() && ordinal(&f.batch).is_some()
        })
        .collect();
    let months = |p: &Option<String>| month_index(p.as_deref());
    for (x, &i) in planned.iter().enumerate() {
        for &j in &planned[x + 1..] {
            let (a, b) = (&facts[i], &facts[j]);
            if a.batch != b.batch || a.system != b.system || compatible(a.time.as_deref(), b.time.as_deref()) {
                continue;
            }
            let told_together = a.sources.iter().any(|s| b.sources.iter().any(|t| matches!((months(&s.published), months(&t.published)), (Some(p), Some(q)) if (p - q).abs() <= 3)));
            if told_together {
                let batch = ordinal(&a.batch).map(str::to_string);
                push_time_conflict(&mut out, facts, &mut cites, story, (i, j), batch.as_deref());
            }
        }
    }
    // An explicit correction, with or without an ordinal: "signed in 2019, not
    // 2018 as previously reported" disputes the facts dated 2018.
    let dated: Vec<usize> = (0..facts.len()).filter(|&i| facts[i].polarity == Polarity::Affirmed && facts[i].modality == Modality::Fact && facts[i].time.is_some()).collect();
    // The years each dated fact's sources say "not" of, found once: the
    // pairs below are quadratic in a story's facts.
    let corrected: Vec<BTreeSet<String>> = facts
        .iter()
        .map(|f| f.sources.iter().flat_map(|s| corrected_years(&s.evidence.to_lowercase())).collect())
        .collect();
    // Only a fact whose sources correct a year can dispute another.
    for &i in dated.iter().filter(|&&i| !corrected[i].is_empty()) {
        for &j in &dated {
            let (a, b) = (&facts[i], &facts[j]);
            if i == j || a.kind != b.kind || a.system != b.system || compatible(a.time.as_deref(), b.time.as_deref()) {
                continue;
            }
            let year = b.time.as_deref().unwrap_or_default().get(..4).unwrap_or_default();
            if year.len() != 4 || !corrected[i].contains(year) {
                continue;
            }
            push_time_conflict(&mut out, facts, &mut cites, story, (i, j), None);
        }
    }

    // The same contract dated twice: signed deals that give the same count
    // (36 jets in 2015 by one source, 36 in 2016 by another) but years
    // apart, neither of them a further order. A count that differs may be
    // another contract; so may one with no count.
    // (A set: a story may have thousands of claims and sources.)
    let further_orders: BTreeSet<(&str, usize)> =
        claims.iter().filter(|c| c.batch.as_deref() == Some("additional")).map(|c| (c.doc.as_str(), c.event.evidence.start)).collect();
    let further = |s: &Source| further_orders.contains(&(s.doc.as_str(), s.start));
    let counted = |f: &Fact| -> Vec<f64> {
        f.sources.iter().filter(|s| s.time.is_some() && !further(s)).filter_map(|s| s.quantity.as_ref().map(|q| q.count)).collect()
    };
    let signed: Vec<usize> = dated.iter().copied().filter(|&i| facts[i].kind == EventType::DealSigned).collect();
    let counts: Vec<Vec<f64>> = signed.iter().map(|&i| counted(&facts[i])).collect();
    for (x, &i) in signed.iter().enumerate() {
        for (y, &j) in signed.iter().enumerate().skip(x + 1) {
            let (a, b) = (&facts[i], &facts[j]);
            let ordinals_differ = matches!((ordinal(&a.batch), ordinal(&b.batch)), (Some(p), Some(q)) if p != q);
            // Reports misdate a contract by a year or two; orders of one
            // size further apart are more likely two orders.
            let near = matches!((year(a.time.as_deref()), year(b.time.as_deref())), (Some(p), Some(q)) if (p - q).abs() <= 2);
            if ordinals_differ || !near || a.system != b.system || compatible(a.time.as_deref(), b.time.as_deref()) {
                continue;
            }
            if !counts[x].iter().any(|n| counts[y].contains(n)) {
                continue;
            }
            let batch = ordinal(&a.batch).or(ordinal(&b.batch)).map(str::to_string);
            push_time_conflict(&mut out, facts, &mut cites, story, (i, j), batch.as_deref());
        }
    }

    // A story of one contract dated a year apart: no source says a second
    // or further contract was signed (one only denied or under talks is
    // none), no two counts differ, and the years the sources
    // state ("signed in 2019", "ordered in 2020") are two, one after the
    // other. (Dates read from the day of publication do not count: a
    // purchase told in passing takes the date of the sentence.)
    let one_contract = !claims.iter().any(|c| {
        c.event.kind == EventType::DealSigned
            && c.event.polarity == Polarity::Affirmed
            && matches!(c.batch.as_deref(), Some("second" | "third" | "additional"))
    }) && {
        let mut counts: Vec<(f64, &str)> = claims
            .iter()
            .filter(|c| c.event.kind == EventType::DealSigned && c.event.polarity == Polarity::Affirmed)
            .filter_map(|c| c.event.quantity.as_ref().map(|q| (q.count, q.unit.as_str())))
            .collect();
        counts.sort_by(|a, b| a.1.cmp(b.1).then(a.0.total_cmp(&b.0)));
        counts.dedup();
        let comparable = |a: &str, b: &str| a == b || (!is_container(a) && !is_container(b));
        counts.iter().enumerate().all(|(i, a)| counts[i + 1..].iter().all(|b| a.0 == b.0 || !comparable(a.1, b.1)))
    };
    if one_contract {
        // A time a source states: a year or month, or a day told as news.
        let states_time = |s: &Source| s.time.as_ref().is_some_and(|t| t.len() <= 7) || told_as_news(s);
        let stated = |f: &Fact| -> BTreeSet<i32> { f.sources.iter().filter(|s| states_time(s)).filter_map(|s| year(s.time.as_deref())).collect() };
        let years: Vec<(usize, BTreeSet<i32>)> = signed.iter().map(|&i| (i, stated(&facts[i]))).filter(|(_, y)| !y.is_empty()).collect();
        let all: BTreeSet<i32> = years.iter().flat_map(|(_, y)| y.iter().copied()).collect();
        let all: Vec<i32> = all.into_iter().collect();
        // Years further apart (up to three) when several reports agree on
        // one and a lone report gives the other ("signed in 2017" by three
        // outlets, "bought in 2020" by one): a misdating, not two
        // contracts, which reports of their own would tell.
        let reports = |y: i32| -> usize {
            let docs: BTreeSet<&str> = years.iter().filter(|(_, ys)| ys.contains(&y)).flat_map(|(i, _)| facts[*i].sources.iter().filter(|s| year(s.time.as_deref()) == Some(y)).map(|s| s.doc.as_str())).collect();
            docs.len()
        };
        let lone_against_many = |a: i32, b: i32| reports(a) == 1 && reports(b) >= 2;
        if all.len() == 2 && (all[1] - all[0] == 1 || all[1] - all[0] <= 3 && (lone_against_many(all[0], all[1]) || lone_against_many(all[1], all[0]))) {
            let side = |y: i32| years.iter().find(|(_, ys)| ys.contains(&y)).map(|(i, _)| *i);
            if let (Some(i), Some(j)) = (side(all[0]), side(all[1])) {
                push_time_conflict(&mut out, facts, &mut cites, story, (i, j), None);
            }
        } else if all.len() == 1 {
            // One year, two months stated ("signed in September 2017",
            // "signed in December 2017"): the one contract dated twice.
            let months: BTreeSet<(String, usize)> = signed
                .iter()
                .flat_map(|&i| facts[i].sources.iter().filter(|s| states_time(s)).filter_map(move |s| Some((s.time.as_ref()?.get(..7)?.to_string(), i))))
                .collect();
            let distinct: BTreeSet<&str> = months.iter().map(|(m, _)| m.as_str()).collect();
            if distinct.len() == 2 {
                let side = |m: &str| months.iter().find(|(x, _)| x == m).map(|(_, i)| *i);
                let d: Vec<&str> = distinct.into_iter().collect();
                if let (Some(i), Some(j)) = (side(d[0]), side(d[1])) {
                    if i != j {
                        push_time_conflict(&mut out, facts, &mut cites, story, (i, j), None);
                    }
                }
            }
        }
    }

    // Value and quantity: sources of one fact that disagree beyond precision.
    for f in facts.iter_mut() {
        for field in ["value", "quantity"] {
            let vals: Vec<(f64, String, &Source)> = f
                .sources
                .iter()
                .filter_map(|s| match field {
                    "value" => s.value.as_ref().map(|v| (v.amount, v.currency.clone(), s)),
                    _ => s.quantity.as_ref().map(|q| (q.count, q.unit.clone(), s)),
                })
                .collect();
            // How a source gives its number: as the number, as a bound
            // ("up to 1,000", a framework agreement's), or as a part of a
            // delivery ("the first 10 tanks", "12 of the tanks"), which is
            // no count of the whole.
            let reading = |s: &Source| {
                let told = match (field, &s.quantity) {
                    ("quantity", Some(q)) => count_qualifier(&s.evidence, q.count),
                    _ => None,
                };
                if is_bound(&s.evidence) || matches!(told, Some("fewer than" | "nearly" | "up to")) {
                    Reading::Bound
                } else if matches!(told, Some("more than" | "at least")) {
                    Reading::AtLeast
                } else if field == "quantity"
                    && f.kind == EventType::Delivery
                    && (ordinal_of_materiel(&s.evidence).is_some() || part_of_whole(&s.evidence) && !to_date(&s.evidence))
                {
                    Reading::Part
                } else if field == "quantity" && f.kind == EventType::DealSigned && counts_a_part(&s.evidence) {
                    // "six jets, the first tranche of a 42-aircraft deal",
                    // "the first six jets bought from Denmark landed" (but
                    // "bought 25 of the jets" counts the order)
                    Reading::Part
                } else if told == Some("about") {
                    Reading::About
                } else {
                    Reading::Exact
                }
            };
            // Equal values always agree: compare each distinct value once
            // (a fact may have thousands of sources giving a few values).
            let mut distinct: Vec<(f64, &str, Reading)> = vals.iter().map(|(v, unit, s)| (*v, unit.as_str(), reading(s))).collect();
            distinct.sort_by(|a, b| a.1.cmp(b.1).then(a.0.total_cmp(&b.0)).then(a.2.cmp(&b.2)));
            distinct.dedup_by(|a, b| a.1 == b.1 && a.0.to_bits() == b.0.to_bits() && a.2 == b.2);
            // Deliveries told as done with no date of their own give the
            // total so far, which grows: "has delivered 10 tanks" in March
            // and "30" a year later do not disagree, but a count told within
            // a fortnight of another, or one smaller than a count told
            // before it, does. The days each count was told on (none when
            // one of its reports is undated or dates its delivery).
            let told: Vec<Option<(i64, i64)>> = distinct
                .iter()
                .map(|d| {
                    if field != "quantity" || f.kind != EventType::Delivery {
                        return None;
                    }
                    let of = vals.iter().filter(|(v, unit, _)| v.to_bits() == d.0.to_bits() && unit == d.1).map(|(_, _, s)| s);
                    of.map(|s| if s.time.is_none() { day_number(s.published.as_deref()) } else { None })
                        .try_fold((i64::MAX, i64::MIN), |(lo, hi), day| day.map(|x| (lo.min(x), hi.max(x))))
                })
                .collect();
            // "worth 4 billion euros, not the 3.75 billion": a source that
            // corrects a figure reads its own as exact.
            let corrected = vals.iter().any(|(_, _, s)| corrects_a_figure(&s.evidence));
            let mut disagree = false;
            for (i, a) in distinct.iter().enumerate() {
                for (j, b) in distinct.iter().enumerate().skip(i + 1) {
                    let same_unit = a.1 == b.1 || (field == "quantity" && f.kind == EventType::DealSigned && !is_container(a.1) && !is_container(b.1));
                    // A count of a few dozen things is exact ("40 jets" is
                    // not "36 jets"); sums of money and large counts are
                    // read to the precision they are given in.
                    let exact = field == "quantity" && a.0.max(b.0) < 100.0 && a.2 != Reading::About && b.2 != Reading::About
                        || corrected && (a.0 - b.0).abs() > 0.005 * a.0.abs().max(b.0.abs());
                    let differ = if exact { a.0 != b.0 } else { !values_agree(a.0, b.0) };
                    // A bound disagrees only with more than it allows.
                    // A lower bound, only with less than it says.
                    let comparable = match (a.2, b.2) {
                        (Reading::Part, _) | (_, Reading::Part) => false,
                        (Reading::Bound, Reading::Exact | Reading::About) => b.0 > a.0,
                        (Reading::Exact | Reading::About, Reading::Bound) => a.0 > b.0,
                        (Reading::AtLeast, Reading::Exact | Reading::About | Reading::Bound) => b.0 < a.0,
                        (Reading::Exact | Reading::About | Reading::Bound, Reading::AtLeast) => a.0 < b.0,
                        (Reading::AtLeast, Reading::AtLeast) => false,
                        _ => true,
                    };
                    // Sorted by unit then count: `b` is the larger of the two.
                    let grown = match (told[i], told[j]) {
                        (Some((_, smaller_last)), Some((larger_first, _))) => a.1 == b.1 && larger_first >= smaller_last + GROWTH_DAYS,
                        _ => false,
                    };
                    if same_unit && differ && comparable && !grown {
                        disagree = true;
                    }
                }
            }
            if !disagree {
                continue;
            }
            let claims: Vec<ConflictClaim> = vals
                .iter()
                .map(|(v, unit, s)| match (field, &s.quantity) {
                    ("quantity", Some(q)) => source_claim(s, count_as_told(&s.evidence, q)),
                    _ => source_claim(s, if field == "value" { format!("{} {unit}", fmt_number(*v)) } else { register::count_of(*v, unit) }),
                })
                .collect();
            let listed = listed_values(&claims);
            out.push(Conflict {
                field: field.into(),
                subject: Subject { supplier: f.supplier.clone(), recipient: f.recipient.clone(), system: f.system.clone(), kind: f.kind },
                explain: format!("Sources give different {} for the same {}: {}.", if field == "value" { "values" } else { "quantities" }, human(f.kind), listed.join("; ")),
                claims,
                story: story.to_string(),
            });
            f.disputed.push(field.into());
        }
    }

    // In a story of one contract every signed fact's value is the
    // contract's: values that disagree across facts (one source dates the
    // deal and another does not, so they are two facts) are disputed too.
    let value_disputed = out.iter().any(|c| c.field == "value" && c.subject.kind == EventType::DealSigned);
    if one_contract && !value_disputed {
        let orders: Vec<usize> = (0..facts.len()).filter(|&i| is_fact_of(&facts[i], EventType::DealSigned)).collect();
        let mut distinct: Vec<(usize, f64, &str)> = orders
            .iter()
            .flat_map(|&i| facts[i].sources.iter().filter(|s| !is_bound(&s.evidence)).filter_map(move |s| s.value.as_ref().map(|v| (i, v.amount, v.currency.as_str()))))
            .collect();
        distinct.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(b.2)).then(a.1.total_cmp(&b.1)));
        distinct.dedup_by(|a, b| a.0 == b.0 && a.2 == b.2 && a.1.to_bits() == b.1.to_bits());
        let disagree = distinct.iter().enumerate().any(|(x, a)| distinct[x + 1..].iter().any(|b| a.0 != b.0 && a.2 == b.2 && !values_agree(a.1, b.1)));
        if disagree {
            let claims: Vec<ConflictClaim> = orders
                .iter()
                .flat_map(|&i| facts[i].sources.iter().filter_map(|s| s.value.as_ref().map(|v| source_claim(s, format!("{} {}", fmt_number(v.amount), v.currency)))))
                .collect();
            let listed = listed_values(&claims);
            let f = &facts[orders[0]];
            out.push(Conflict {
                field: "value".into(),
                subject: Subject { supplier: f.supplier.clone(), recipient: f.recipient.clone(), system: f.system.clone(), kind: f.kind },
                explain: format!("Sources give different values for the same contract: {}.", listed.join("; ")),
                claims,
                story: story.to_string(),
            });
            let valued: Vec<usize> = distinct.iter().map(|d| d.0).collect();
            for i in valued {
                if !facts[i].disputed.iter().any(|d| d == "value") {
                    facts[i].disputed.push("value".into());
                }
            }
        }
    }
    out
}

/// "24 jets in a; 30 jets in b": each claim's value and report, and its
/// speaker where one report gives two values ("28 tanks in a5 (a
/// lawmaker); 56 tanks in a5 (the ministry)").
fn listed_values(claims: &[ConflictClaim]) -> Vec<String> {
    let mut values_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for c in claims {
        values_of.entry(c.doc.as_str()).or_default().insert(c.value.as_str());
    }
    claims
        .iter()
        .map(|c| match &c.attributed_to {
            Some(who) if values_of[c.doc.as_str()].len() > 1 => format!("{} in {} ({who})", c.value, c.doc),
            _ => format!("{} in {}", c.value, c.doc),
        })
        .collect()
}

/// Days between two reports of a delivery's total so far beyond which a
/// larger total is taken as grown, not as disputing the smaller one.
const GROWTH_DAYS: i64 = 14;

/// A publication day as a count of days; none unless the date is a day.
fn day_number(p: Option<&str>) -> Option<i64> {
    use chrono::Datelike;
    let d = chrono::NaiveDate::parse_from_str(p?, "%Y-%m-%d").ok()?;
    Some(i64::from(d.num_days_from_ce()))
}

/// Whether a source tells a signing as the news of its day: dated to a day
/// at most a fortnight before it was published, by a day its own words
/// give the deed ("signed a deal on Friday"), not the telling ("has bought
/// the jets, it said on Monday") nor a deed told in passing ("Egypt, which
/// ordered the jets, ...").
fn told_as_news(s: &Source) -> bool {
    const DAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday"];
    let fresh = s.time.as_ref().is_some_and(|t| t.len() == 10)
        && matches!((day_number(s.published.as_deref()), day_number(s.time.as_deref())), (Some(p), Some(t)) if (0..=GROWTH_DAYS).contains(&(p - t)));
    if !fresh {
        return false;
    }
    let (_, words) = words_of(&s.evidence);
    let telling = |w: &str| matches!(w, "said" | "says" | "told" | "announced" | "reported" | "confirmed" | "stated" | "added" | "according");
    let of_the_deed = words.iter().enumerate().any(|(i, w)| DAYS.contains(&w.as_str()) && !words[i.saturating_sub(3)..i].iter().any(|v| telling(v)));
    let in_passing = words.windows(3).any(|w| {
        matches!(w[0].as_str(), "which" | "who" | "that") && w[1..].iter().any(|v| matches!(v.as_str(), "signed" | "ordered" | "bought" | "purchased" | "agreed" | "acquired"))
    });
    of_the_deed && !in_passing
}

/// Whether a count is told as a total to date: "has so far received 28 of
/// the 250 tanks", "12 of the jets have arrived to date" (a total, not a
/// part of one delivery).
fn to_date(text: &str) -> bool {
    let (_, words) = words_of(text);
    words.windows(2).any(|w| {
        matches!(
            (w[0].as_str(), w[1].as_str()),
            ("so" | "thus", "far") | ("to", "date") | ("until" | "till" | "to", "now") | ("in", "total")
        )
    })
}

/// How a source gives a number ([`find_conflicts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reading {
    Exact,
    /// An upper bound: "up to 1,000", "nearly 40", "fewer than 20".
    Bound,
    /// A lower bound: "more than 1,700", "at least 20", "over 100".
    AtLeast,
    /// A round figure: "about 20", "some 300".
    About,
    Part,
}

/// The words before a count in a sentence that make it a bound or an
/// estimate ("more than 1,700 drones", "about 20 jets", "nearly one
/// million shells"), as the register writes them; none for a count given
/// as it is.
pub(crate) fn count_qualifier(text: &str, count: f64) -> Option<&'static str> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let Some(mut n) = number_word(w) else { continue };
        match words.get(i + 1).map(String::as_str) {
            Some("thousand") => n *= 1e3,
            Some("million") => n *= 1e6,
            Some("billion") => n *= 1e9,
            _ => {}
        }
        if (n - count).abs() > 1e-9 * count.abs().max(1.0) {
            continue;
        }
        let before = |k: usize| i.checked_sub(k).map(|j| words[j].as_str());
        return match (before(2), before(1)) {
            (Some("more" | "greater"), Some("than")) | (_, Some("over")) | (Some("upwards"), Some("of")) => Some("more than"),
            (Some("at"), Some("least")) => Some("at least"),
            (Some("fewer" | "less"), Some("than")) => Some("fewer than"),
            (_, Some("nearly" | "almost")) => Some("nearly"),
            (Some("up"), Some("to")) | (Some("at"), Some("most")) => Some("up to"),
            (_, Some("about" | "around" | "some" | "roughly" | "approximately" | "approx")) => Some("about"),
            _ => None,
        };
    }
    None
}

/// A count written as a number ("1,700", "24") or a small one in words
/// ("twenty"), lowercase; none for anything else.
pub(crate) fn number_word(w: &str) -> Option<f64> {
    const SMALL: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
        "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ];
    SMALL.iter().position(|n| *n == w).map(|i| i as f64).or_else(|| w.replace(',', "").parse().ok().filter(|v: &f64| v.is_finite()))
}

/// A count as a source gives it: "more than 1,700 drones".
pub(crate) fn count_as_told(text: &str, q: &dossier_model::Quantity) -> String {
    match count_qualifier(text, q.count) {
        Some(k) => format!("{k} {}", register::count_of(q.count, &q.unit)),
        None => register::count_of(q.count, &q.unit),
    }
}

fn is_fact_of(f: &Fact, kind: EventType) -> bool {
    f.kind == kind && f.polarity == Polarity::Affirmed && f.modality == Modality::Fact
}

/// A unit that counts groups of things ("two batteries", "a squadron"),
/// not the things: a contract's count of them is no count of jets or
/// missiles. Any two other units count the same things in one contract
/// ("36 jets", "36 Rafale fighter jets", "36 aircraft").
fn is_container(unit: &str) -> bool {
    const GROUPS: &[&str] = &[
        "battery", "regiment", "division", "squadron", "system", "set", "unit", "batch", "lot", "package", "complex", "kit",
        "brigade", "battalion", "fleet", "flight", "group", "tranche", "module", "contract", "deal", "order",
    ];
    let unit = unit.trim().to_lowercase();
    let last = unit.rsplit(' ').next().unwrap_or_default();
    let singular = last.strip_suffix("ies").map(|s| format!("{s}y")).or_else(|| last.strip_suffix('s').map(str::to_string)).unwrap_or_else(|| last.to_string());
    unit.is_empty() || GROUPS.iter().any(|g| *g == last || *g == singular)
}

/// The four characters after each "not " and "not in " of a (lowercased)
/// text: the years a correction like "in 2019, not 2018" or "not in 2018"
/// says a fact is not dated.
fn corrected_years(lower: &str) -> Vec<String> {
    let mut years = Vec::new();
    for cue in ["not ", "not in "] {
        for (at, _) in lower.match_indices(cue) {
            if let Some(y) = lower.get(at + cue.len()..at + cue.len() + 4) {
                years.push(y.to_string());
            }
        }
    }
    years
}

/// Does a source named like "military analysts (k2)" take a plural verb?
/// A common noun in the plural does; a name ("Reuters") does not.
/// The head noun is the last word before what qualifies it ("two people
/// familiar with the matter", "officials at the ministry").
fn plural(who: &str) -> bool {
    const QUALIFIERS: &[&str] = &["familiar", "close", "with", "of", "at", "in", "from", "for", "on", "who", "that", "briefed", "involved", "knowledgeable", "speaking", "quoted", "cited", "citing", "according"];
    const IRREGULAR: &[&str] = &["people", "men", "women", "police"];
    let name = who.split(" (").next().unwrap_or(who);
    let words: Vec<&str> = name.split(' ').map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).filter(|w| !w.is_empty()).collect();
    let end = words.iter().skip(1).position(|w| QUALIFIERS.contains(w)).map_or(words.len(), |i| i + 1);
    let Some(last) = words[..end].last() else { return false };
    IRREGULAR.contains(last) || last.starts_with(|c: char| c.is_lowercase()) && last.ends_with('s') && !last.ends_with("ss") && !last.ends_with("us") && !last.ends_with("is")
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// 2500000000 as "2.5 billion", 180 as "180".
pub fn fmt_number(v: f64) -> String {
    let (d, s) = if v.abs() >= 1e9 {
        (1e9, " billion")
    } else if v.abs() >= 1e6 {
        (1e6, " million")
    } else {
        (1.0, "")
    };
    let x = v / d;
    let t = format!("{x:.3}");
    let t = t.trim_end_matches('0').trim_end_matches('.');
    // Thousands grouped as a reader writes them: "1,700 drones".
    let (sign, digits) = t.split_at(usize::from(t.starts_with('-')));
    let (whole, fraction) = digits.split_once('.').map_or((digits, ""), |(w, f)| (w, f));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let fraction = if fraction.is_empty() { String::new() } else { format!(".{fraction}") };
    format!("{sign}{grouped}{fraction}{s}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_told_as_bounds_or_estimates() {
        assert_eq!(count_qualifier("Moscow has received more than 1,700 of the drones", 1700.0), Some("more than"));
        assert_eq!(count_qualifier("shipped over one million shells", 1e6), Some("more than"));
        assert_eq!(count_qualifier("at least 20 jets have arrived", 20.0), Some("at least"));
        assert_eq!(count_qualifier("nearly 40 tanks", 40.0), Some("nearly"));
        assert_eq!(count_qualifier("fewer than 12 launchers", 12.0), Some("fewer than"));
        assert_eq!(count_qualifier("some 300 missiles", 300.0), Some("about"));
        assert_eq!(count_qualifier("about twenty jets", 20.0), Some("about"));
        // The words before the count, not before another number.
        assert_eq!(count_qualifier("More than 30 pilots trained on 12 jets", 12.0), None);
        assert_eq!(count_qualifier("Egypt bought 24 jets", 24.0), None);
        // Quantities compared as told: a lower bound disputes only less.
        let over = |id: &str, sentence: &str, n: f64| delivery_doc(id, sentence, Polarity::Affirmed, Some(n), "2025-06-01");
        let quantity = |docs: &[Document]| reconcile(docs).conflicts.into_iter().filter(|c| c.field == "quantity").collect::<Vec<_>>();
        let lower = over("a", "Russia has delivered more than 20 Su-35 jets to Egypt.", 20.0);
        assert!(quantity(&[lower.clone(), over("b", "Russia has delivered 24 Su-35 jets to Egypt.", 24.0)]).is_empty());
        let found = quantity(&[lower.clone(), over("c", "Russia has delivered 12 Su-35 jets to Egypt.", 12.0)]);
        assert_eq!(found.len(), 1);
        assert!(found[0].explain.contains("more than 20 jets in a; 12 jets in c"), "{}", found[0].explain);
        assert!(quantity(&[lower.clone(), over("d", "Russia has delivered at least 30 Su-35 jets to Egypt.", 30.0)]).is_empty());
        let at_least = over("d", "Russia has delivered at least 30 Su-35 jets to Egypt.", 30.0);
        assert!(quantity(&[at_least.clone(), over("b", "Russia has delivered 35 Su-35 jets to Egypt.", 35.0)]).is_empty());
        let found = quantity(&[at_least, over("b", "Russia has delivered 28 Su-35 jets to Egypt.", 28.0)]);
        assert_eq!(found.len(), 1);
        assert!(found[0].explain.contains("at least 30 jets in d"), "{}", found[0].explain);
        // An upper bound below a lower one disputes it.
        assert_eq!(quantity(&[lower.clone(), over("e", "Russia has delivered fewer than 15 Su-35 jets to Egypt.", 15.0)]).len(), 1);
        assert!(quantity(&[lower, over("f", "Russia has delivered nearly 25 Su-35 jets to Egypt.", 25.0)]).is_empty());
        // "Nearly 25" allows 24.
        assert!(quantity(&[over("f", "Russia has delivered nearly 25 Su-35 jets to Egypt.", 25.0), over("b", "Russia has delivered 24 Su-35 jets to Egypt.", 24.0)]).is_empty());
        // A round figure is read to its precision, however small.
        let about = over("g", "Russia has delivered about 20 Su-35 jets to Egypt.", 20.0);
        assert!(quantity(&[about.clone(), over("h", "Russia has delivered 22 Su-35 jets to Egypt.", 22.0)]).is_empty());
        assert_eq!(quantity(&[over("i", "Russia has delivered 20 Su-35 jets to Egypt.", 20.0), over("h", "Russia has delivered 22 Su-35 jets to Egypt.", 22.0)]).len(), 1);
    }

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(fmt_number(1700.0), "1,700");
        assert_eq!(fmt_number(664_000.0), "664,000");
        assert_eq!(fmt_number(-12_500.5), "-12,500.5");
        assert_eq!(fmt_number(999.0), "999");
        assert_eq!(fmt_number(36.0), "36");
        assert_eq!(fmt_number(4.75e9), "4.75 billion");
        assert_eq!(fmt_number(1.5e12), "1,500 billion");
        assert_eq!(register::count_of(1700.0, "drone"), "1,700 drones");
    }

    #[test]
    fn precision_decides_agreement() {
        assert!(values_agree(5e9, 5.43e9));
        assert!(!values_agree(5.43e9, 5.5e9) || (5.5e9f64 - 5.43e9).abs() <= 0.02 * 5.5e9);
        assert!(!values_agree(3.37e9, 4.5e9));
        assert!(values_agree(180.0, 180.0));
        assert!(!values_agree(180.0, 250.0));
    }

    /// A document whose one event is a signed deal dated `time`, stated by `sentence`.
    fn deal_doc(id: &str, sentence: &str, time: &str) -> Document {
        let event = Event {
            kind: EventType::DealSigned,
            polarity: Polarity::Affirmed,
            modality: Modality::Fact,
            supplier: Some("RUS".into()),
            recipient: Some("EGY".into()),
            system: Some("Su-35".into()),
            time: Some(time.into()),
            value: None,
            quantity: None,
            attributed_to: None,
            evidence: dossier_model::Evidence { start: 0, end: sentence.len(), text: sentence.into() },
            rule: "test".into(),
            batch: None,
        };
        Document {
            id: id.into(),
            url: None,
            title: None,
            outlet: None,
            based_on: vec![],
            // Published no earlier than the deed it tells of.
            published: Some(match time.len() {
                4 if time > "2021" => format!("{time}-12-31"),
                7 if time > "2021-09" => format!("{time}-28"),
                10 if time > "2021-09-01" => time.to_string(),
                _ => "2021-09-01".to_string(),
            }),
            published_basis: None,
            duplicate_of: None,
            text: sentence.into(),
            entities: vec![],
            quotes: vec![],
            events: vec![event],
            amounts: vec![],
            provenance: Default::default(),
            times: vec![],
        }
    }

    /// A document whose one event is a delivery of Su-35 jets to Egypt.
    fn delivery_doc(id: &str, sentence: &str, polarity: Polarity, count: Option<f64>, published: &str) -> Document {
        let mut doc = deal_doc(id, sentence, "2024");
        doc.published = Some(published.into());
        let e = &mut doc.events[0];
        e.kind = EventType::Delivery;
        e.polarity = polarity;
        e.time = None;
        e.quantity = count.map(|count| dossier_model::Quantity { count, unit: "jet".into() });
        doc
    }

    #[test]
    fn totals_delivered_grow_but_disagree_when_told_together() {
        let quantity = |docs: &[Document]| reconcile(docs).conflicts.into_iter().filter(|c| c.field == "quantity").collect::<Vec<_>>();
        let spring = delivery_doc("spring", "Russia has so far delivered 10 Su-35 jets to Egypt.", Polarity::Affirmed, Some(10.0), "2023-03-01");
        let year_on = delivery_doc("year-on", "Russia has so far delivered 30 Su-35 jets to Egypt.", Polarity::Affirmed, Some(30.0), "2024-03-01");
        // A year apart, the total has grown: no dispute.
        assert!(quantity(&[spring.clone(), year_on.clone()]).is_empty());
        // A day apart, two totals disagree.
        let next_day = delivery_doc("next-day", "Egypt has received 18 Su-35 jets from Russia.", Polarity::Affirmed, Some(18.0), "2024-03-02");
        let found = quantity(&[spring.clone(), year_on.clone(), next_day.clone()]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].claims.iter().any(|c| c.doc == "next-day") && found[0].claims.iter().any(|c| c.doc == "year-on"), "{found:#?}");
        // A total smaller than one told before it disputes it, however late.
        let later_fewer = delivery_doc("later-fewer", "Only 12 Su-35 jets have arrived in Egypt.", Polarity::Affirmed, Some(12.0), "2025-06-01");
        assert_eq!(quantity(&[year_on.clone(), later_fewer]).len(), 1);
        // A report with no day cannot be placed: its total is compared.
        let mut undated = year_on.clone();
        undated.published = Some("2024".into());
        assert_eq!(quantity(&[spring.clone(), undated]).len(), 1);
        // A delivery a source dates is one delivery, not a total to date.
        let (mut march, mut april) = (spring.clone(), year_on.clone());
        march.events[0].time = Some("2023-02".into());
        april.events[0].time = Some("2023-02".into());
        assert_eq!(quantity(&[march, april]).len(), 1);
        // "28 of the 250 … so far" is a total, not a part of one delivery:
        // it disputes another speaker's 56 in the same report.
        let text = "Egypt has so far received 28 of the 30 Su-35 jets it ordered, a lawmaker said. The ministry said 56 jets had been delivered.";
        let mut both = delivery_doc("both", text, Polarity::Affirmed, Some(28.0), "2025-03-02");
        let span = |text: &str, words: &str| {
            let start = text.find(words).unwrap();
            dossier_model::Evidence { start, end: start + words.len(), text: words.into() }
        };
        both.events[0].evidence = span(text, "Egypt has so far received 28 of the 30 Su-35 jets it ordered");
        both.events[0].attributed_to = Some("a lawmaker".into());
        let mut other = both.events[0].clone();
        other.evidence = span(text, "56 jets had been delivered");
        other.quantity = Some(dossier_model::Quantity { count: 56.0, unit: "jet".into() });
        other.attributed_to = Some("The ministry".into());
        both.events.push(other);
        let found = quantity(std::slice::from_ref(&both));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].explain.ends_with("28 jets in both (a lawmaker); 56 jets in both (The ministry)."), "{}", found[0].explain);
        // Without "so far" the 28 is a part of the order, no total.
        let part = text.replace("so far ", "");
        let mut part_doc = both.clone();
        part_doc.text = part.clone();
        part_doc.events[0].evidence = span(&part, "Egypt has received 28 of the 30 Su-35 jets it ordered");
        part_doc.events[1].evidence = span(&part, "56 jets had been delivered");
        assert!(quantity(&[part_doc]).is_empty());
    }

    #[test]
    fn part_delivered_agrees_with_a_denial_that_the_rest_has_come() {
        let docs = [
            delivery_doc("part", "Egypt has received 10 of the 24 Su-35 jets it ordered.", Polarity::Affirmed, Some(10.0), "2024-05-01"),
            delivery_doc("part-vague", "The jets already received fly from Cairo West.", Polarity::Affirmed, None, "2024-05-01"),
            delivery_doc("all", "Egypt has taken delivery of all 24 Su-35 jets.", Polarity::Affirmed, Some(24.0), "2024-05-02"),
            delivery_doc("no-1", "Deliveries of the remaining jets have not been completed.", Polarity::Denied, None, "2024-05-03"),
            delivery_doc("no-2", "The last jets will not arrive before 2026, officials said.", Polarity::Denied, None, "2024-05-04"),
        ];
        let mut part_vague = docs[1].clone();
        // The vague claim shares its document with the partial one.
        part_vague.id = "part".into();
        let mut first = docs[0].clone();
        first.events.push(part_vague.events[0].clone());
        let record = reconcile(&[first, docs[2].clone(), docs[3].clone(), docs[4].clone()]);
        let status: Vec<_> = record.conflicts.iter().filter(|c| c.field == "status").collect();
        assert_eq!(status.len(), 1, "{:#?}", record.conflicts);
        let side = |v: &str| status[0].claims.iter().filter(|c| c.value == v).map(|c| c.doc.as_str()).collect::<Vec<_>>();
        assert_eq!(side("done"), ["all"]);
        assert_eq!(side("denied"), ["no-1", "no-2"]);
        assert_eq!(status[0].explain, "All says the Su-35 delivery is done; no-1, no-2 say it is not.");
        // A part told in words, with no number read, is a part too.
        let words = delivery_doc("words", "Egypt has received only some of the Su-35 jets it ordered.", Polarity::Affirmed, None, "2024-05-01");
        let record = reconcile(&[words, docs[2].clone(), docs[3].clone()]);
        let status: Vec<_> = record.conflicts.iter().filter(|c| c.field == "status").collect();
        assert_eq!(status.len(), 1, "{:#?}", record.conflicts);
        assert!(status[0].claims.iter().all(|c| c.doc != "words"), "{:#?}", status[0]);
        // Without the claim of the whole, the partial delivery contradicts
        // nothing: the order gives the whole.
        let mut order = deal_doc("order", "Egypt ordered 24 Su-35 jets in 2018.", "2018");
        order.events[0].quantity = Some(dossier_model::Quantity { count: 24.0, unit: "jet".into() });
        let record = reconcile(&[order, docs[0].clone(), docs[3].clone(), docs[4].clone()]);
        assert!(record.conflicts.iter().all(|c| c.field != "status"), "{:#?}", record.conflicts);
    }

    #[test]
    fn counts_read_as_english() {
        use register::count_of;
        assert_eq!(count_of(12.0, "combat aircraft"), "12 combat aircraft");
        assert_eq!(count_of(36.0, "aircraft"), "36 aircraft");
        assert_eq!(count_of(4.0, "battery"), "4 batteries");
        assert_eq!(count_of(2.0, "launch vehicle"), "2 launch vehicles");
        assert_eq!(count_of(3.0, "batch"), "3 batches");
        assert_eq!(count_of(1.0, "regiment"), "1 regiment");
    }

    #[test]
    fn totals_so_far_from_words() {
        use register::total_so_far;
        assert_eq!(total_so_far("Poland delivered ten more tanks, bringing the total to 14."), Some(14.0));
        assert_eq!(total_so_far("The batch takes the number of jets delivered to 1,024."), Some(1024.0));
        assert_eq!(total_so_far("It raised the total number of batteries to twelve"), Some(12.0));
        assert_eq!(total_so_far("Bringing the jets to 3 bases took two days."), None);
        assert_eq!(total_so_far("The total was not given."), None);
    }

    #[test]
    fn export_approvals_from_words() {
        assert!(is_export_approval("The State Department approved the possible sale of 20 F-16 jets."));
        assert!(is_export_approval("Berlin has cleared the transfer of Leopard tanks."));
        assert!(is_export_approval("A possible Foreign Military Sale of eight helicopters."));
        assert!(!is_export_approval("Egypt plans to buy Su-35 jets."));
        assert!(!is_export_approval("Egypt clearly wants more jets."));
        assert!(!is_export_approval("It is clear that Egypt wants more jets."));
    }

    #[test]
    fn part_of_a_whole_from_words() {
        assert!(part_of_whole("Ukraine has received only 12 of the tanks pledged by Germany"));
        assert!(part_of_whole("Two of its four batteries are in place."));
        assert!(part_of_whole("Some of the jets have arrived."));
        assert!(!part_of_whole("All 18 of the tanks have arrived."));
        assert!(!part_of_whole("Germany delivered 18 tanks, the first of which arrived in March."));
        assert!(!part_of_whole("The delivery of the tanks is complete."));
        assert!(part_of_order("Chile ordered four of the frigates, the first tranche of a 12-ship deal."));
        assert!(part_of_order("The initial phase of the contract covers ten jets."));
        assert!(!part_of_order("Chile ordered 14 jets as part of a package that also covered trainers."));
        assert!(!part_of_order("The first batch arrived in May."));
        assert!(!part_of_order("Chile ordered 12 frigates, the largest part ever of its budget."));
    }

    #[test]
    fn an_explicit_correction_disputes_the_date_it_corrects() {
        let old = deal_doc("a", "Cairo ordered Su-35 jets from Moscow in 2018.", "2018");
        let fix = deal_doc("b", "The Su-35 contract was signed in 2019, not 2018 as previously reported.", "2019");
        let record = reconcile(&[old.clone(), fix]);
        let time: Vec<_> = record.conflicts.iter().filter(|c| c.field == "time").collect();
        assert_eq!(time.len(), 1, "{:#?}", record.conflicts);
        let docs: Vec<&str> = time[0].claims.iter().map(|c| c.doc.as_str()).collect();
        assert!(docs.contains(&"a") && docs.contains(&"b"), "{docs:?}");
        assert_eq!(time[0].explain, "The contract is dated 2019 by b but 2018 by a.");
        // A report that joins one side by its count, with no date of its
        // own, is no claim of a date.
        let count = |mut d: Document| {
            d.events[0].quantity = Some(dossier_model::Quantity { count: 24.0, unit: "jet".into() });
            d
        };
        let mut undated = count(deal_doc("u", "Cairo's contract for 24 Su-35 jets is its largest.", "2018"));
        undated.events[0].time = None;
        let fix = deal_doc("b", "The Su-35 contract was signed in 2019, not 2018 as previously reported.", "2019");
        let record = reconcile(&[count(old.clone()), fix, undated]);
        assert!(record.stories[0].facts.iter().any(|f| f.sources.iter().any(|s| s.doc == "u") && f.time.as_deref() == Some("2018")), "{:#?}", record.stories);
        let time: Vec<_> = record.conflicts.iter().filter(|c| c.field == "time").collect();
        assert_eq!(time.len(), 1, "{:#?}", record.conflicts);
        assert_eq!(time[0].claims.iter().map(|c| (c.doc.as_str(), c.value.as_str())).collect::<Vec<_>>(), [("b", "2019"), ("a", "2018")]);
        assert_eq!(time[0].explain, "The contract is dated 2019 by b but 2018 by a.");
        // Two dates with no ordinal and no correction may be two deals: no conflict.
        let other = deal_doc("c", "Cairo ordered more Su-35 jets from Moscow in 2019.", "2019");
        let record = reconcile(&[old, other]);
        assert!(record.conflicts.iter().all(|c| c.field != "time"), "{:#?}", record.conflicts);
    }

    #[test]
    fn a_planned_delivery_dated_twice_at_one_time_is_disputed() {
        let plan = |id: &str, text: &str, time: &str, published: &str| {
            let mut d = delivery_doc(id, text, Polarity::Affirmed, None, published);
            d.events[0].modality = Modality::Planned;
            d.events[0].time = Some(time.into());
            d
        };
        let on_time = plan("a", "The first Su-35 jets remain on schedule for 2026, the ministry said.", "2026", "2025-03-01");
        let late = plan("b", "The first Su-35 jets will not arrive before 2027, people familiar with the programme said.", "2027", "2025-04-20");
        let record = reconcile(&[on_time.clone(), late.clone()]);
        let time: Vec<_> = record.conflicts.iter().filter(|c| c.field == "time").collect();
        assert_eq!(time.len(), 1, "{:#?}", record.conflicts);
        assert_eq!(time[0].explain, "The first delivery is planned for 2026 by a but 2027 by b.");
        // Sources are named as people read them: who said it, else the outlet.
        let (mut said, mut printed) = (on_time.clone(), late.clone());
        said.events[0].attributed_to = Some("the ministry".into());
        printed.outlet = Some("Defence Wire".into());
        let record = reconcile(&[said, printed]);
        let time: Vec<_> = record.conflicts.iter().filter(|c| c.field == "time").collect();
        assert_eq!(time[0].explain, "The first delivery is planned for 2026 by the ministry (a) but 2027 by Defence Wire (b).");
        // Told two years apart, the plan slipped: no source disputes the other.
        let earlier = plan("c", "The first Su-35 jets will be delivered in 2026.", "2026", "2023-02-01");
        let record = reconcile(&[earlier.clone(), late.clone()]);
        assert!(record.conflicts.iter().all(|c| c.field != "time"), "{:#?}", record.conflicts);
        // Nor do plans of different batches, or dates that agree.
        let second = plan("d", "The second batch of Su-35 jets will arrive in 2027.", "2027", "2025-03-02");
        let month = plan("e", "The first Su-35 jets will arrive in March 2026.", "2026-03", "2025-03-03");
        let record = reconcile(&[on_time, second, month]);
        assert!(record.conflicts.iter().all(|c| c.field != "time"), "{:#?}", record.conflicts);
    }

    #[test]
    fn a_correction_with_not_in_counts_too() {
        let old = deal_doc("a", "Cairo ordered Su-35 jets from Moscow in 2018.", "2018");
        let fix = deal_doc("b", "Not everyone agrees: the deal was signed in 2019, not in 2018.", "2019");
        let record = reconcile(&[old.clone(), fix]);
        assert_eq!(record.conflicts.iter().filter(|c| c.field == "time").count(), 1, "{:#?}", record.conflicts);
        // "not" followed by some other year corrects nothing here (and two
        // years apart may be two contracts).
        let other = deal_doc("c", "The deal was signed in 2020, not 2017 as one paper said.", "2020");
        let record = reconcile(&[old, other]);
        assert!(record.conflicts.iter().all(|c| c.field != "time"), "{:#?}", record.conflicts);
    }

    #[test]
    fn a_third_state_act_joins_the_deal_its_document_speaks_of_most() {
        let mut d = deal_doc("d", "Egypt bought Su-35 jets and Ka-52 helicopters; the US threatened sanctions.", "2019");
        let su35 = d.events[0].clone();
        let mut ka52 = su35.clone();
        ka52.system = Some("Ka-52".into());
        let mut sanction = su35.clone();
        sanction.kind = EventType::Sanction;
        sanction.supplier = Some("USA".into());
        sanction.system = None;
        // One claim of each deal: a tie goes to the last deal in order (Su-35).
        d.events = vec![ka52.clone(), su35.clone(), sanction.clone()];
        let by_deal = deal_claims(&d);
        assert_eq!(by_deal.len(), 2);
        assert_eq!(by_deal[0].0.system, "Ka-52");
        assert_eq!(by_deal[0].1.len(), 1);
        assert_eq!(by_deal[1].0.system, "Su-35");
        assert_eq!(by_deal[1].1.iter().map(|c| c.index).collect::<Vec<_>>(), vec![1, 2]);
        // Two claims of Ka-52: the act joins it.
        d.events = vec![ka52.clone(), su35, sanction, ka52];
        let by_deal = deal_claims(&d);
        assert_eq!(by_deal[0].1.iter().map(|c| c.index).collect::<Vec<_>>(), vec![0, 3, 2]);
        assert_eq!(by_deal[1].1.len(), 1);
        // And the story of the whole equals the deal's own.
        let whole = reconcile(std::slice::from_ref(&d));
        for (deal, cs) in &by_deal {
            let alone = reconcile_deal(deal, std::slice::from_ref(cs));
            assert!(whole.stories.contains(&alone.stories[0]));
        }
        // A copy's claims are stored too (it may become an original), but
        // the whole record leaves them out.
        d.duplicate_of = Some("x".into());
        assert_eq!(deal_claims(&d).len(), 2);
        assert!(reconcile(&[d]).stories.is_empty());
    }

    #[test]
    fn a_deal_reconciled_alone_equals_its_part_of_the_whole() {
        let su35 = |id: &str, value: f64| {
            let mut d = deal_doc(id, "Egypt signed for Su-35 jets.", "2018");
            d.events[0].value = Some(dossier_model::Money { amount: value, currency: "USD".into() });
            d
        };
        // Many sources giving the same value dispute nothing; one other value does.
        let mut docs: Vec<Document> = (0..5).map(|i| su35(&format!("s{i}"), 2e9)).collect();
        docs.push(su35("odd", 3.5e9));
        // A document that speaks of a second deal as well.
        let mut both = deal_doc("both", "Egypt also bought Ka-52 helicopters.", "2019");
        both.events[0].system = Some("Ka-52".into());
        both.events.push(docs[0].events[0].clone());
        docs.push(both);
        let whole = reconcile(&docs);
        assert_eq!(whole.stories.len(), 2);
        let value: Vec<_> = whole.conflicts.iter().filter(|c| c.field == "value").collect();
        assert_eq!(value.len(), 1, "{:#?}", whole.conflicts);
        assert_eq!(value[0].claims.len(), 7);
        for story in &whole.stories {
            let alone = reconcile_deals(&docs, std::slice::from_ref(&story.deal));
            assert_eq!(alone.stories, vec![story.clone()]);
            let conflicts: Vec<Conflict> = whole.conflicts.iter().filter(|c| c.story == story.id).cloned().collect();
            assert_eq!(alone.conflicts, conflicts);
            // The same from each document's claims of the deal, as stored.
            let per_doc: Vec<Vec<Claim>> =
                docs.iter().filter_map(|d| deal_claims(d).into_iter().find(|(x, _)| *x == story.deal).map(|(_, cs)| cs)).collect();
            assert_eq!(reconcile_deal(&story.deal, &per_doc), alone);
        }
        // Without the odd value, no dispute.
        docs.retain(|d| d.id != "odd");
        assert!(reconcile(&docs).conflicts.iter().all(|c| c.field != "value"));
    }

    #[test]
    fn register_sources_name_outlets_and_the_agencies_they_rely_on() {
        let mut own = deal_doc("own", "Egypt signed for Su-35 jets.", "2018");
        // An agency's own report credits the agency: not based on itself.
        own.outlet = Some("Harbour Wire".into());
        own.based_on = vec!["Harbour Wire".into()];
        let mut copy = deal_doc("copy", "Egypt signed for Su-35 jets, an agency said.", "2018");
        copy.outlet = Some("Delta Times".into());
        copy.based_on = vec!["Harbour Wire".into()];
        let bare = deal_doc("bare", "Egypt signed a deal for Su-35 jets.", "2018");
        let record = reconcile(&[own, copy, bare]);
        let rows = register::register(&record);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].sources, ["bare", "copy (Delta Times, based on Harbour Wire)", "own (Harbour Wire)"]);
        // The fields by name, in register order, as the JSON spells them.
        let json = serde_json::to_value(&rows[0]).unwrap();
        let names: Vec<&str> = rows[0].fields().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, register::Row::FIELDS);
        for (name, field) in rows[0].fields() {
            assert_eq!(json[name], serde_json::to_value(field).unwrap(), "{name}");
        }
        let mut row = rows[0].clone();
        for (_, field) in row.fields_mut() {
            field.value = Some("x".into());
        }
        assert!(row.fields().iter().all(|(_, f)| f.value.as_deref() == Some("x")));
        assert_eq!(row.status.value.as_deref(), Some("x"));
    }

    /// A signed deal for `count` Su-35 jets (counted as `unit`) dated `time`.
    fn counted_deal(id: &str, sentence: &str, time: &str, count: f64, unit: &str) -> Document {
        let mut d = deal_doc(id, sentence, time);
        d.events[0].quantity = Some(dossier_model::Quantity { count, unit: unit.into() });
        d
    }

    #[test]
    fn one_count_dated_two_years_apart_is_one_contract_dated_twice() {
        let a = counted_deal("a", "Egypt signed for 24 Su-35 jets in 2018.", "2018", 24.0, "jet");
        let b = counted_deal("b", "The 24 Su-35 fighters Egypt bought in 2019 are grounded.", "2019", 24.0, "fighter");
        let record = reconcile(&[a.clone(), b.clone()]);
        let time: Vec<_> = record.conflicts.iter().filter(|c| c.field == "time").collect();
        assert_eq!(time.len(), 1, "{:#?}", record.conflicts);
        assert_eq!(time[0].explain, "The contract is dated 2018 by a but 2019 by b.");
        assert!(record.stories[0].facts.iter().all(|f| f.disputed == ["time"]), "{:#?}", record.stories[0].facts);
        // The same count three years on is more likely another order.
        let later = counted_deal("l", "Egypt signed for 24 Su-35 jets in 2021.", "2021", 24.0, "jet");
        assert!(reconcile(&[a.clone(), later]).conflicts.is_empty());
        // Another count may be another contract.
        let c = counted_deal("c", "Egypt signed for 12 Su-35 jets in 2019.", "2019", 12.0, "jet");
        assert!(reconcile(&[a.clone(), c]).conflicts.is_empty());
        // So may the same count said to come on top of the first.
        let more = counted_deal("m", "Egypt signed for 24 more Su-35 jets in 2019.", "2019", 24.0, "jet");
        assert!(reconcile(&[a.clone(), more]).conflicts.is_empty());
        // A purchase told in a delivery's sentence takes the delivery's date.
        let mut arrived = counted_deal("d", "The first of the 24 Su-35 jets Egypt bought arrived in 2019.", "2019", 24.0, "jet");
        let mut delivery = arrived.events[0].clone();
        delivery.kind = EventType::Delivery;
        arrived.events.push(delivery);
        assert!(reconcile(&[a, arrived]).conflicts.iter().all(|c| c.field != "time"));
    }

    #[test]
    fn a_lone_contract_stated_a_year_apart_is_dated_twice() {
        let a = deal_doc("a", "Serbia signed for the FK-3 system in 2019.", "2019");
        let b = deal_doc("b", "Serbia ordered the FK-3 system in 2020.", "2020");
        let record = reconcile(&[a.clone(), b.clone()]);
        let time: Vec<_> = record.conflicts.iter().filter(|c| c.field == "time").collect();
        assert_eq!(time.len(), 1, "{:#?}", record.conflicts);
        assert_eq!(time[0].explain, "The contract is dated 2019 by a but 2020 by b.");
        // Years further apart may be two contracts.
        let c = deal_doc("c", "Serbia ordered the FK-3 system in 2021.", "2021");
        assert!(reconcile(&[a.clone(), c.clone()]).conflicts.is_empty());
        // One year, two months: dated twice.
        let sep = deal_doc("s", "Serbia signed for the FK-3 system in September 2019.", "2019-09");
        let dec = deal_doc("d", "Serbia ordered the FK-3 system in December 2019.", "2019-12");
        assert_eq!(reconcile(&[a.clone(), sep.clone(), dec.clone()]).conflicts.iter().filter(|x| x.field == "time").count(), 1);
        assert!(reconcile(&[a.clone(), sep.clone()]).conflicts.is_empty());
        let mut friday = deal_doc("fr", "Serbia signed a contract for the FK-3 system on Friday.", "2019-12-06");
        friday.published = Some("2019-12-07".into());
        assert_eq!(reconcile(&[sep.clone(), friday]).conflicts.iter().filter(|x| x.field == "time").count(), 1);
        let nov = deal_doc("n", "Serbia bought the FK-3 system in November 2019.", "2019-11");
        assert!(reconcile(&[sep, dec, nov]).conflicts.iter().all(|x| x.field != "time"));
        // Unless several reports agree on one and a lone report gives the
        // other: that one misdates it.
        let a2 = deal_doc("a2", "Serbia bought the FK-3 system in 2019.", "2019");
        let found = reconcile(&[a.clone(), a2.clone(), c.clone()]).conflicts;
        assert_eq!(found.iter().filter(|x| x.field == "time").count(), 1, "{found:#?}");
        let early = deal_doc("e", "Serbia acquired the FK-3 system in 2017.", "2017");
        assert_eq!(reconcile(&[a.clone(), a2.clone(), early]).conflicts.iter().filter(|x| x.field == "time").count(), 1);
        let far = deal_doc("f", "Serbia took the FK-3 system on order in 2023.", "2023");
        assert!(reconcile(&[a.clone(), a2.clone(), far]).conflicts.is_empty());
        let c2 = deal_doc("c2", "Serbia signed for the FK-3 system in 2021.", "2021");
        assert!(reconcile(&[a.clone(), a2.clone(), c.clone(), c2]).conflicts.is_empty());
        // Three years stated: no single pair to set against each other.
        assert!(reconcile(&[a.clone(), b.clone(), c]).conflicts.iter().all(|x| x.field != "time"));
        // A source that speaks of another order, or two counts, makes it a
        // story of more than one contract.
        let more = deal_doc("m", "Serbia ordered more FK-3 systems in 2020.", "2020");
        assert!(reconcile(&[a.clone(), more]).conflicts.is_empty());
        // A further contract denied is none: the one contract is still dated twice.
        let mut denied = deal_doc("n", "Beijing denied that a new FK-3 contract had been signed.", "2022");
        denied.events[0].polarity = Polarity::Denied;
        denied.events[0].time = None;
        let record = reconcile(&[a.clone(), b.clone(), denied]);
        assert_eq!(record.conflicts.iter().filter(|c| c.field == "time").count(), 1, "{:#?}", record.conflicts);
        // An order told in a delivery's sentence: the first batch is the
        // delivery's, not the contract's.
        let mut first = deal_doc("f", "China delivered the first batch of FK-3 systems under a contract signed in 2020.", "2020");
        first.events[0].batch = Some("first".into());
        let mut delivery = first.events[0].clone();
        delivery.kind = EventType::Delivery;
        delivery.time = Some("2022-04".into());
        first.events.push(delivery);
        let claims = doc_claims(&first);
        assert_eq!((claims[0].batch.as_deref(), claims[1].batch.as_deref()), (None, Some("first")));
        assert_eq!(reconcile(&[a.clone(), first]).conflicts.iter().filter(|c| c.field == "time").count(), 1);
        let (mut x, mut y) = (a.clone(), b.clone());
        x.events[0].quantity = Some(dossier_model::Quantity { count: 4.0, unit: "launcher".into() });
        y.events[0].quantity = Some(dossier_model::Quantity { count: 8.0, unit: "launcher".into() });
        assert!(reconcile(&[x.clone(), y.clone()]).conflicts.iter().all(|c| c.field != "time"));
        // Counts of different groups are no two contracts.
        y.events[0].quantity = Some(dossier_model::Quantity { count: 2.0, unit: "battery".into() });
        assert_eq!(reconcile(&[x, y]).conflicts.iter().filter(|c| c.field == "time").count(), 1);
        // A full date is the day of publication's, not a year a source states.
        let mut dated = deal_doc("d", "Serbia has bought the FK-3 system, it said on Monday.", "2020-04-06");
        dated.published = Some("2020-04-08".into());
        assert!(reconcile(&[a.clone(), dated]).conflicts.is_empty());
        // A signing told as the news of its day dates the contract.
        let news = |sentence: &str| {
            let mut d = deal_doc("d", sentence, "2020-04-03");
            d.published = Some("2020-04-04".into());
            reconcile(&[a.clone(), d]).conflicts.iter().filter(|c| c.field == "time").count()
        };
        assert_eq!(news("Serbia signed a contract for the FK-3 system on Friday."), 1);
        // Not one told in passing, nor the day of the telling.
        assert_eq!(news("Serbia, which ordered the FK-3 system, said on Friday that it was pleased."), 0);
        assert_eq!(news("Serbia, which ordered the FK-3 system, on Friday showed its first battery."), 0);
        assert_eq!(news("Serbia has bought the FK-3 system, officials announced on Friday."), 0);
        // Nor a day long before the report.
        let mut old = deal_doc("d", "Serbia signed a contract for the FK-3 system on Friday.", "2020-04-03");
        old.published = Some("2020-06-04".into());
        assert!(reconcile(&[a, old]).conflicts.is_empty());
    }

    #[test]
    fn a_dispute_marks_the_fact_of_its_own_kind() {
        // One sentence: a delivery, denied elsewhere, and the order it came under.
        let mut d = deal_doc("d", "The FK-3 system Serbia ordered in 2020 arrived, analysts said.", "2020");
        let mut arrived = d.events[0].clone();
        arrived.kind = EventType::Delivery;
        arrived.time = None;
        arrived.attributed_to = Some("military analysts".into());
        d.events.push(arrived);
        d.published = Some("2022-04-11".into());
        let mut denial = deal_doc("n", "The embassy denied that any missiles had been delivered.", "2022");
        denial.events[0].kind = EventType::Delivery;
        denial.events[0].polarity = Polarity::Denied;
        denial.events[0].time = None;
        denial.published = Some("2022-04-12".into());
        let record = reconcile(&[d, denial]);
        assert_eq!(record.conflicts.len(), 1, "{:#?}", record.conflicts);
        assert_eq!(record.conflicts[0].explain, "Military analysts (d) say the Su-35 delivery is done; n says it is not.");
        for f in &record.stories[0].facts {
            assert_eq!(f.disputed.is_empty(), f.kind == EventType::DealSigned, "{f:#?}");
        }
        assert!(plural("officials (x)") && plural("Russian outlets (x)") && !plural("Reuters (x)") && !plural("the embassy (x)") && !plural("the press (x)"));
        assert!(plural("Two people familiar with the matter (x)") && plural("officials at the ministry (x)") && plural("sources close to the deal (x)"));
        assert!(!plural("the head of the programs (x)") && !plural("a spokesman for the ministries (x)") && !plural("Reuters, citing sources (x)"));
    }

    #[test]
    fn counts_of_one_contract_compare_across_nouns_but_not_across_groups() {
        let a = counted_deal("a", "Egypt signed for 24 Su-35 jets.", "2018", 24.0, "jet");
        let b = counted_deal("b", "Egypt signed for 30 Su-35 fighter aircraft.", "2018", 30.0, "fighter aircraft");
        let record = reconcile(&[a.clone(), b]);
        let quantity: Vec<_> = record.conflicts.iter().filter(|c| c.field == "quantity").collect();
        assert_eq!(quantity.len(), 1, "{:#?}", record.conflicts);
        assert_eq!(quantity[0].explain, "Sources give different quantities for the same contract: 24 jets in a; 30 fighter aircraft in b.");
        // A small count is exact.
        let c = counted_deal("c", "Egypt signed for 20 Su-35 jets.", "2018", 20.0, "jet");
        let d = counted_deal("d", "Egypt signed for 24 Su-35 jets.", "2018", 24.0, "jet");
        assert_eq!(reconcile(&[c.clone(), d]).conflicts.iter().filter(|c| c.field == "quantity").count(), 1);
        // A large one is read to its precision: 1,000 may be 980.
        let e = counted_deal("e", "Egypt signed for 1,000 missiles.", "2018", 1000.0, "missile");
        let f = counted_deal("f", "Egypt signed for 980 missiles.", "2018", 980.0, "missile");
        assert!(reconcile(&[e, f]).conflicts.is_empty());
        // The first tranche's count is no count of the whole order.
        let whole = counted_deal("w", "Egypt signed for 30 Su-35 jets.", "2018", 30.0, "jet");
        let tranche = counted_deal("t", "Egypt ordered six Su-35 jets, the first tranche of a 30-jet deal.", "2018", 6.0, "jet");
        let record = reconcile(&[whole.clone(), tranche.clone()]);
        assert!(record.conflicts.is_empty(), "{:#?}", record.conflicts);
        assert_eq!(register::register(&record)[0].number_ordered.value.as_deref(), Some("30 jets"));
        // Told first, and as the first batch, the tranche neither labels
        // nor counts the whole contract's fact.
        let mut first_tranche = tranche.clone();
        first_tranche.events[0].batch = Some("first".into());
        let record = reconcile(&[first_tranche.clone(), whole.clone()]);
        let order = &record.stories[0].facts[0];
        assert_eq!((order.batch.as_deref(), order.quantity.as_ref().map(|q| q.count)), (None, Some(30.0)), "{order:#?}");
        // However many tell the tranche.
        let mut again = first_tranche.clone();
        again.id = "t2".into();
        let record = reconcile(&[first_tranche.clone(), again, whole.clone()]);
        assert_eq!(record.stories[0].facts[0].batch, None, "{:#?}", record.stories[0].facts);
        // Alone, it is the first batch of six.
        let record = reconcile(std::slice::from_ref(&first_tranche));
        let order = &record.stories[0].facts[0];
        assert_eq!((order.batch.as_deref(), order.quantity.as_ref().map(|q| q.count)), (Some("first"), Some(6.0)), "{order:#?}");
        // A later tranche's count is that order's number ordered.
        let mut second = counted_deal("s2", "The second tranche of Egypt's Su-35 contract, covering 12 jets, came into force.", "2020", 12.0, "jet");
        second.events[0].batch = Some("second".into());
        let rows = register::register(&reconcile(&[whole.clone(), second]));
        assert_eq!(rows[0].later_orders.len(), 1, "{:#?}", rows[0]);
        assert_eq!(rows[0].later_orders[0].number_ordered.value.as_deref(), Some("12 jets"), "{:#?}", rows[0].later_orders);
        let first = counted_deal("f", "The first six Su-35 jets Egypt bought from Russia landed on Friday.", "2018", 6.0, "jet");
        let record = reconcile(&[whole.clone(), first]);
        assert!(record.conflicts.is_empty(), "{:#?}", record.conflicts);
        let ordered = &register::register(&record)[0].number_ordered;
        assert_eq!(ordered.value.as_deref(), Some("30 jets"));
        assert!(ordered.claims.iter().all(|c| c.doc != "f"), "a part is no claim of the number ordered: {ordered:#?}");
        // "25 of the jets" counts the order: a dispute.
        let of_the = counted_deal("o", "Egypt bought 25 of the Su-35 jets.", "2018", 25.0, "jet");
        assert_eq!(reconcile(&[whole, of_the]).conflicts.iter().filter(|c| c.field == "quantity").count(), 1);
        // Two squadrons are not two jets.
        let squadrons = counted_deal("s", "Egypt signed for two Su-35 squadrons.", "2018", 2.0, "squadron");
        assert!(reconcile(&[a, squadrons]).conflicts.is_empty());
        assert!(is_container("fire units") && is_container("batteries") && !is_container("fighter jet") && !is_container("rafale"));
    }

    #[test]
    fn a_further_order_is_a_fact_apart_and_a_word_of_one_source_labels_no_fact() {
        // Dated 2018 and undated: the undated further order joins nothing.
        let a = counted_deal("a", "Egypt signed for 24 Su-35 jets.", "2018", 24.0, "jet");
        let mut more = counted_deal("m", "Egypt signed for 12 additional Su-35 jets.", "2018", 12.0, "jet");
        more.events[0].time = None;
        let record = reconcile(&[a.clone(), more]);
        assert!(record.conflicts.is_empty(), "{:#?}", record.conflicts);
        let facts = &record.stories[0].facts;
        assert_eq!(facts.len(), 2, "{facts:#?}");
        assert_eq!(facts[1].batch.as_deref(), Some("additional"));
        // With two dated facts, undated claims of a further order and plain
        // ones are two facts.
        let b = counted_deal("b", "Egypt signed for 10 Su-35 jets.", "2020", 10.0, "jet");
        let mut plain = deal_doc("p", "The Su-35 agreement was signed by both ministers.", "2018");
        plain.events[0].time = None;
        let mut more = counted_deal("m", "Egypt signed for 12 additional Su-35 jets.", "2018", 12.0, "jet");
        more.events[0].time = None;
        let record = reconcile(&[a.clone(), b, plain, more]);
        let undated: Vec<_> = record.stories[0].facts.iter().filter(|f| f.time.is_none()).collect();
        assert_eq!(undated.len(), 2, "{undated:#?}");
        // A report of the old contract that mentions a new one does not make
        // the old contract "additional".
        let old = deal_doc("o", "The new order adds to the Su-35 jets Egypt bought in 2018.", "2018");
        let record = reconcile(&[a, old]);
        assert_eq!(record.stories[0].facts.len(), 1);
        assert_eq!(record.stories[0].facts[0].batch, None);
        // An undated contract joins neither the one dated second order nor
        // one dated after its report.
        let mut whole = counted_deal("w", "Egypt has signed a contract for 42 Su-35 jets.", "2018", 42.0, "jet");
        whole.events[0].time = None;
        let mut second = counted_deal("s", "The second tranche of Egypt's Su-35 contract came into force.", "2023-08-10", 18.0, "jet");
        second.events[0].batch = Some("second".into());
        second.published = Some("2023-08-11".into());
        let joined = |docs: &[Document]| reconcile(docs).stories[0].facts.iter().any(|f| f.sources.len() == 2);
        let mut later = whole.clone();
        later.published = Some("2024-01-01".into());
        assert!(!joined(&[later, second.clone()]));
        let mut dated = counted_deal("d", "Egypt's Su-35 contract came into force.", "2023-08-10", 18.0, "jet");
        dated.published = Some("2023-08-11".into());
        assert!(!joined(&[whole.clone(), dated.clone()]), "a contract told in 2021 is not one signed in 2023");
        // A plan is told before its time.
        let (mut plan, mut planned) = (whole.clone(), dated.clone());
        plan.events[0].modality = Modality::Planned;
        planned.events[0].modality = Modality::Planned;
        assert!(joined(&[plan, planned]));
        whole.published = Some("2024-01-01".into());
        assert!(joined(&[whole, dated]));
    }

    #[test]
    fn an_undated_signing_is_bounded_by_its_first_report() {
        let undated = |id: &str, published: Option<&str>| {
            let mut d = deal_doc(id, "Egypt said on Tuesday it had signed for Su-35 jets.", "2021");
            d.events[0].time = None;
            d.published = published.map(str::to_string);
            d
        };
        let rows = register::register(&reconcile(&[undated("a", Some("2021-09-01")), undated("b", Some("2020-11-30"))]));
        let year = &rows[0].year_of_order;
        assert_eq!(year.value.as_deref(), Some("2020 or earlier"), "{year:#?}");
        assert!(!year.disputed && year.values.is_empty(), "{year:#?}");
        assert_eq!(year.claims.len(), 2, "{year:#?}");
        // In the timeline it stands at the day it was first reported, among
        // the dated facts.
        let mut arrived = deal_doc("d", "The Su-35 jets arrived in Cairo in 2021.", "2021");
        arrived.events[0].kind = EventType::Delivery;
        let mut old = deal_doc("e", "Egypt was in talks on Su-35 jets in 2019.", "2019");
        old.events[0].kind = EventType::Negotiation;
        let record = reconcile(&[undated("a", Some("2021-09-01")), undated("b", Some("2020-11-30")), arrived, old]);
        let facts = &record.stories[0].facts;
        let order: Vec<(Option<&str>, Option<&str>)> = facts.iter().map(|f| (f.time.as_deref(), f.first_reported.as_deref())).collect();
        assert_eq!(order, [(Some("2019"), None), (None, Some("2020-11-30")), (Some("2021"), None)], "{facts:#?}");
        let rows = register::register(&reconcile(&[undated("a", Some("2021-09-01"))]));
        assert_eq!(rows[0].year_of_order.value.as_deref(), Some("2021 or earlier"));
        // A report of unknown date bounds nothing; a dated one gives the year.
        let rows = register::register(&reconcile(&[undated("a", None)]));
        assert_eq!(rows[0].year_of_order.value, None);
        let rows = register::register(&reconcile(&[undated("a", Some("2021-09-01")), deal_doc("o", "Egypt signed for Su-35 jets in 2018.", "2018")]));
        assert_eq!(rows[0].year_of_order.value.as_deref(), Some("2018"));
        // A plan is no report of a signing.
        let mut planned = undated("p", Some("2021-09-01"));
        planned.events[0].modality = Modality::Planned;
        let rows = register::register(&reconcile(&[planned]));
        assert_eq!(rows[0].year_of_order.value, None, "{rows:#?}");
    }

    #[test]
    fn a_purchase_dated_by_its_delivery_gives_no_year_of_order() {
        let order = deal_doc("o", "Egypt signed for Su-35 jets in 2018.", "2018");
        let mut arrived = deal_doc("d", "The Su-35 jets Egypt bought arrived on Monday.", "2021-03-01");
        let mut delivery = arrived.events[0].clone();
        delivery.kind = EventType::Delivery;
        arrived.events.push(delivery);
        let rows = register::register(&reconcile(&[order.clone(), arrived.clone()]));
        assert_eq!(rows[0].year_of_order.value.as_deref(), Some("2018"));
        assert!(rows[0].year_of_order.claims.iter().all(|c| c.doc == "o"), "{:#?}", rows[0].year_of_order);
        assert_eq!(rows[0].years_of_delivery.value.as_deref(), Some("2021"));
        // Dated apart from the delivery ("delivered under a 2019 contract"),
        // the purchase keeps its date.
        let mut under = arrived.clone();
        under.id = "u".into();
        under.events[0].time = Some("2019".into());
        let rows = register::register(&reconcile(&[order.clone(), under]));
        assert!(rows[0].year_of_order.claims.iter().any(|c| c.doc == "u" && c.value == "2019"), "{:#?}", rows[0].year_of_order);
        // Told alone, the purchase keeps its date.
        arrived.events.pop();
        let rows = register::register(&reconcile(&[order, arrived]));
        assert!(rows[0].year_of_order.claims.iter().any(|c| c.doc == "d" && c.value == "2021"), "{:#?}", rows[0].year_of_order);
    }

    #[test]
    fn a_date_the_words_give_an_order_is_no_date_of_its_delivery() {
        // One sentence, its events (kind, date) and the words of its date.
        let claims = |sentence: &str, events: &[(EventType, &str)], when: &str| {
            let mut d = doc_of("t", "2022-04-11", &events.iter().map(|&(k, t)| (k, "HQ-22", Polarity::Affirmed, Some(t), None, sentence)).collect::<Vec<_>>());
            d.text = sentence.into();
            for e in &mut d.events {
                (e.evidence.start, e.evidence.end) = (0, sentence.len());
            }
            let start = sentence.find(when).unwrap();
            d.times = vec![dossier_model::TimeExpr { start, end: start + when.len(), text: when.into(), value: events.first().map(|e| e.1.to_string()) }];
            doc_claims(&d).into_iter().map(|c| (c.event.kind, c.event.time)).collect::<Vec<_>>()
        };
        let (deal, delivery) = (EventType::DealSigned, EventType::Delivery);
        let some = |t: &str| Some(t.to_string());
        assert_eq!(claims("China delivered the system under a contract signed in 2020.", &[(deal, "2020"), (delivery, "2020")], "2020"), [(deal, some("2020")), (delivery, None)]);
        assert_eq!(claims("The drones ordered by Poland in May 2021 have been delivered.", &[(delivery, "2021-05")], "May 2021"), [(delivery, None)]);
        assert_eq!(claims("The jets delivered under a 2019 contract are in service.", &[(delivery, "2019")], "2019"), [(delivery, None)]);
        // The day of arrival dates the delivery, not the order.
        assert_eq!(claims("The jets Egypt bought arrived in March 2021.", &[(deal, "2021-03"), (delivery, "2021-03")], "March 2021"), [(deal, None), (delivery, some("2021-03"))]);
    }

    #[test]
    fn the_first_jets_dated_twice_are_the_first_delivery_dated_twice() {
        let arrived = |id: &str, sentence: &str, time: &str| {
            let mut d = delivery_doc(id, sentence, Polarity::Affirmed, None, "2024-05-01");
            d.events[0].time = Some(time.into());
            d
        };
        let a = arrived("a", "The first Su-35 jets arrived at Cairo West in March 2024.", "2024-03");
        let b = arrived("b", "Egypt received its first two Su-35 fighters on 19 April 2024.", "2024-04-19");
        let record = reconcile(&[a.clone(), b]);
        let time: Vec<_> = record.conflicts.iter().filter(|c| c.field == "time").collect();
        assert_eq!(time.len(), 1, "{:#?}", record.conflicts);
        assert_eq!(time[0].explain, "The first delivery is dated 2024-04-19 by b but 2024-03 by a.");
        // Deliveries with no ordinal are any deliveries.
        let c = arrived("c", "More Su-35 jets arrived in April 2024.", "2024-04");
        assert!(reconcile(&[a, c]).conflicts.is_empty());
        assert_eq!(ordinal_of_materiel("the second S-400 regiment was handed over").as_deref(), Some("second"));
        assert_eq!(ordinal_of_materiel("The first BrahMos missile battery arrived").as_deref(), Some("first"));
        assert_eq!(ordinal_of_materiel("the first time jets were delivered"), None);
        assert_eq!(ordinal_of_materiel("The first five of 36 Rafale fighter jets landed").as_deref(), Some("first"));
    }

    #[test]
    fn the_number_delivered_is_the_most_any_source_reports() {
        let first = delivery_doc("a", "The first ten Su-35 jets arrived in Cairo.", Polarity::Affirmed, Some(10.0), "2024-05-01");
        let all = delivery_doc("b", "Egypt has taken delivery of all 24 Su-35 jets.", Polarity::Affirmed, Some(24.0), "2025-05-01");
        let part = delivery_doc("c", "Four more Su-35 jets arrived.", Polarity::Affirmed, Some(4.0), "2025-01-01");
        let rows = register::register(&reconcile(&[first.clone(), all, part]));
        assert_eq!(rows[0].number_delivered.value.as_deref(), Some("24 jets"));
        // "More than 30" is what the source says.
        let over = delivery_doc("o", "Russia has delivered more than 30 Su-35 jets to Egypt.", Polarity::Affirmed, Some(30.0), "2025-06-01");
        let rows = register::register(&reconcile(&[first.clone(), over]));
        assert_eq!(rows[0].number_delivered.value.as_deref(), Some("more than 30 jets"));
        // A total stated beside a further delivery counts.
        let more = delivery_doc("d", "Six more Su-35 jets arrived, bringing the total to 16.", Polarity::Affirmed, Some(6.0), "2025-01-01");
        let rows = register::register(&reconcile(&[first, more]));
        assert_eq!(rows[0].number_delivered.value.as_deref(), Some("16 jets"));
    }

    #[test]
    fn the_number_ordered_is_a_count_before_a_bound() {
        let order = |id: &str, n: f64, time: &str, sentence: &str| {
            let mut d = deal_doc(id, sentence, time);
            d.events[0].quantity = Some(dossier_model::Quantity { count: n, unit: "jet".into() });
            d
        };
        // The framework's bound is told first, and as often as the count.
        let framework = order("a", 100.0, "2022-07", "Egypt signed a framework agreement for up to 100 Su-35 jets.");
        let contract = order("b", 24.0, "2022-08", "Egypt signed a contract for 24 Su-35 jets.");
        let record = reconcile(&[framework.clone(), contract]);
        let rows = register::register(&record);
        assert_eq!(rows[0].number_ordered.value.as_deref(), Some("24 jets"), "{:#?}", rows[0].number_ordered);
        // So does the timeline's fact that holds both.
        let record = reconcile(&[framework.clone(), order("b", 24.0, "2022", "Egypt signed a contract for 24 Su-35 jets.")]);
        assert_eq!(record.stories[0].facts[0].sources.len(), 2, "{:#?}", record.stories[0].facts);
        assert_eq!(record.stories[0].facts[0].quantity.as_ref().map(|q| q.count), Some(24.0));
        // A bound alone is what the register has, told as a bound.
        let rows = register::register(&reconcile(&[framework]));
        assert_eq!(rows[0].number_ordered.value.as_deref(), Some("up to 100 jets"));
    }

    #[test]
    fn register_comments_name_later_batches_in_words() {
        let d = doc_of(
            "k",
            "2021-05-04",
            &[
                (EventType::DealSigned, "Su-35", Polarity::Affirmed, Some("2018"), Some(24.0), "Egypt ordered 24 Su-35 jets in 2018."),
                (EventType::Delivery, "Su-35", Polarity::Affirmed, Some("2024"), None, "The second batch of Su-35 jets will be delivered in 2024."),
            ],
        );
        let mut d = d;
        d.events[1].modality = Modality::Planned;
        let rows = register::register(&reconcile(&[d.clone()]));
        assert_eq!(rows[0].comments, "second batch: delivery planned");
        // Payments are told; one for the whole order is its value when
        // no source gives one, a part paid is not.
        let paid = |sentence: &str, time: Option<&str>| {
            let mut p = doc_of("p", "2022-03-01", &[(EventType::Payment, "Su-35", Polarity::Affirmed, time, None, sentence)]);
            p.events[0].value = Some(dossier_model::Money { amount: 5e8, currency: "USD".into() });
            register::register(&reconcile(&[d.clone(), p])).remove(0)
        };
        let row = paid("Egypt paid $500 million for the 24 Su-35 jets.", None);
        assert_eq!(row.comments, "second batch: delivery planned; payment of 500 million USD reported");
        assert_eq!(row.value.value.as_deref(), Some("500 million USD"));
        let row = paid("Egypt has so far paid $500 million for the Su-35 jets.", Some("2021"));
        assert_eq!(row.comments, "second batch: delivery planned; payment of 500 million USD reported (2021)");
        assert_eq!(row.value.value, None);
        assert_eq!(paid("Egypt paid $500 million towards the Su-35 programme.", None).value.value, None);
        assert_eq!(paid("Egypt paid a $500 million advance for the Su-35 jets.", None).value.value, None);
        assert_eq!(paid("Egypt will pay $500 million, a minister said of the Su-35 jets.", None).value.value, None);
        // A contract's own value stands.
        let mut valued = d.clone();
        valued.events[0].value = Some(dossier_model::Money { amount: 2e9, currency: "USD".into() });
        let mut p = doc_of("p", "2022-03-01", &[(EventType::Payment, "Su-35", Polarity::Affirmed, None, None, "Egypt paid $500 million for the 24 Su-35 jets.")]);
        p.events[0].value = Some(dossier_model::Money { amount: 5e8, currency: "USD".into() });
        assert_eq!(register::register(&reconcile(&[valued, p]))[0].value.value.as_deref(), Some("2 billion USD"));
    }

    #[test]
    fn the_register_counts_only_things_of_the_system_s_kind() {
        let delivery = |unit: &str| {
            let mut d = delivery_doc("p", "Six transport planes landed carrying S-400 missiles.", Polarity::Affirmed, Some(6.0), "2019-07-13");
            let e = &mut d.events[0];
            e.system = Some("S-400".into());
            e.quantity.as_mut().unwrap().unit = unit.into();
            register::register(&reconcile(&[d])).remove(0).number_delivered.value
        };
        assert_eq!(delivery("transport plane"), None);
        assert_eq!(delivery("missile").as_deref(), Some("6 missiles"));
        assert_eq!(delivery("launcher").as_deref(), Some("6 launchers"));
    }

    #[test]
    fn a_plan_or_talks_against_their_denial_is_a_dispute() {
        let claim = |id: &str, sentence: &str, kind: EventType, polarity: Polarity, modality: Modality| {
            let mut d = deal_doc(id, sentence, "2025");
            let e = &mut d.events[0];
            (e.kind, e.polarity, e.modality, e.time) = (kind, polarity, modality, None);
            d.published = Some("2025-03-04".into());
            d
        };
        let plan = claim("a", "Egypt plans to buy Su-35 jets, sources said.", EventType::Intent, Polarity::Affirmed, Modality::Planned);
        let no_plan = claim("b", "Egypt has no plans to buy Su-35 jets.", EventType::Intent, Polarity::Denied, Modality::Fact);
        let record = reconcile(&[plan.clone(), no_plan.clone()]);
        assert_eq!(record.conflicts.len(), 1, "{:#?}", record.conflicts);
        assert_eq!(record.conflicts[0].explain, "A says the Su-35 purchase is planned; b says it is not.");
        assert_eq!(record.conflicts[0].claims.iter().map(|c| c.value.as_str()).collect::<Vec<_>>(), ["planned", "denied"]);
        let row = &register::register(&record)[0];
        assert_eq!((row.status.value.as_deref(), row.status.disputed), (Some("planned or proposed"), true));
        assert_eq!(row.status.values, ["planned", "not planned"]);
        let talks = claim("c", "Russia is in talks with Egypt on Su-35 jets.", EventType::Negotiation, Polarity::Affirmed, Modality::Fact);
        let no_talks = claim("d", "Egypt denied any talks on Su-35 jets.", EventType::Negotiation, Polarity::Denied, Modality::Fact);
        let record = reconcile(&[talks.clone(), no_talks]);
        assert_eq!(record.conflicts.len(), 1, "{:#?}", record.conflicts);
        assert_eq!(record.conflicts[0].explain, "C says the Su-35 sale is under negotiation; d says it is not.");
        // A contract said cancelled, against its denial.
        let cancelled = claim("e", "Egypt has cancelled its order for Su-35 jets.", EventType::Cancellation, Polarity::Affirmed, Modality::Fact);
        let in_force = claim("f", "The Su-35 contract with Egypt has not been cancelled.", EventType::Cancellation, Polarity::Denied, Modality::Fact);
        let record = reconcile(&[cancelled, in_force]);
        assert_eq!(record.conflicts.len(), 1, "{:#?}", record.conflicts);
        assert_eq!(record.conflicts[0].explain, "E says the Su-35 contract is cancelled; f says it is not.");
        let row = &register::register(&record)[0];
        assert_eq!((row.status.value.as_deref(), row.status.disputed), (Some("cancelled"), true));
        assert_eq!(row.status.values, ["cancelled", "not cancelled"]);
        // One speaker in one report is not set against itself.
        let mut both = claim("g", "Rosoboronexport said the Su-35 contract with Egypt stands.", EventType::Cancellation, Polarity::Denied, Modality::Fact);
        let mut affirmed = both.events[0].clone();
        affirmed.polarity = Polarity::Affirmed;
        both.events[0].attributed_to = Some("Rosoboronexport".into());
        affirmed.attributed_to = Some("Rosoboronexport".into());
        both.events.push(affirmed);
        assert!(reconcile(&[both.clone()]).conflicts.is_empty());
        both.events[1].attributed_to = Some("the ministry".into());
        assert_eq!(reconcile(&[both]).conflicts.len(), 1);
        // A supplier's approval of a possible sale is no plan of the buyer.
        let approved = claim("h", "Washington approved the possible sale of 20 Su-35 jets to Egypt.", EventType::Intent, Polarity::Affirmed, Modality::Planned);
        assert!(reconcile(&[approved, no_plan.clone()]).conflicts.is_empty());
        // A threat to buy is no plan.
        let threat = claim("t", "Egypt threatened to buy Su-35 jets if Washington withheld F-35s.", EventType::Intent, Polarity::Affirmed, Modality::Threat);
        assert!(reconcile(&[threat, no_plan.clone()]).conflicts.is_empty());
        // Talks that may lead to a sale do not answer a denial of plans.
        assert!(reconcile(&[talks, no_plan]).conflicts.is_empty());
    }

    #[test]
    fn a_denial_made_before_the_signing_it_denies_is_no_dispute() {
        let denial = |published: &str| {
            let mut d = deal_doc("n", "The ministry denied that a contract for Su-35 jets had been signed.", "2025");
            let e = &mut d.events[0];
            (e.polarity, e.time) = (Polarity::Denied, None);
            d.published = Some(published.into());
            d
        };
        let signed = |time: &str| {
            let mut d = deal_doc("s", "Egypt signed a contract for Su-35 jets on Friday.", time);
            d.published = Some("2025-08-02".into());
            d
        };
        // Denied on 30 July, signed on 1 August: each was true when reported.
        assert!(reconcile(&[denial("2025-07-30"), signed("2025-08-01")]).conflicts.is_empty());
        assert!(reconcile(&[denial("2025-07-30"), signed("2025-08")]).conflicts.is_empty());
        // Denied after the day the other source dates the signing, or inside
        // the month it names: the two disagree.
        for (said, done) in [("2025-08-04", "2025-08-01"), ("2025-08-04", "2025-08"), ("2025-07-30", "2025")] {
            let record = reconcile(&[denial(said), signed(done)]);
            assert_eq!(record.conflicts.len(), 1, "{said} against {done}: {:#?}", record.conflicts);
            assert_eq!(record.conflicts[0].field, "status");
        }
    }

    #[test]
    fn a_plan_dropped_months_later_is_no_dispute() {
        let intent = |id: &str, sentence: &str, polarity: Polarity, published: &str| {
            let mut d = delivery_doc(id, sentence, polarity, None, published);
            d.events[0].kind = EventType::Intent;
            d.events[0].modality = Modality::Planned;
            d
        };
        let plan = intent("p", "Egypt plans to buy Su-35 jets, the minister said.", Polarity::Affirmed, "2025-02-11");
        let status = |docs: &[Document]| reconcile(docs).conflicts.iter().filter(|c| c.field == "status").count();
        // Denied within weeks: a dispute; six months on: the plan changed.
        assert_eq!(status(&[plan.clone(), intent("n", "Egypt has no plans to buy Su-35 jets.", Polarity::Denied, "2025-03-20")]), 1);
        let dropped = [plan.clone(), intent("n", "Egypt will not buy Su-35 jets.", Polarity::Denied, "2025-08-20")];
        assert_eq!(status(&dropped), 0);
        // The register tells the plan was dropped; denied first and planned
        // later, it is planned again.
        assert_eq!(register::register(&reconcile(&dropped))[0].status.value.as_deref(), Some("plan dropped"));
        // Each side of a dispute, the affirmed first, whichever was told first.
        let disputed = reconcile(&[intent("n", "Egypt has no plans to buy Su-35 jets.", Polarity::Denied, "2025-01-20"), plan.clone()]);
        assert_eq!(register::register(&disputed)[0].status.values, ["planned", "not planned"]);
        let again = [intent("n", "Egypt will not buy Su-35 jets.", Polarity::Denied, "2024-08-20"), plan.clone()];
        assert_eq!(register::register(&reconcile(&again))[0].status.value.as_deref(), Some("planned or proposed"));
        // A plan dated ahead ("set aside funds in its 2026 budget to buy")
        // is denied before its time.
        let mut ahead = plan.clone();
        ahead.events[0].time = Some("2026".into());
        assert_eq!(status(&[ahead.clone(), intent("n", "Egypt has no plans to buy Su-35 jets.", Polarity::Denied, "2025-03-20")]), 1);
        // A deed dated after a denial is not denied by it.
        let mut signed = ahead.clone();
        signed.events[0].kind = EventType::DealSigned;
        signed.events[0].modality = Modality::Fact;
        signed.published = Some("2026-06-01".into());
        let mut unsigned = intent("n", "Egypt has not signed for Su-35 jets.", Polarity::Denied, "2025-03-20");
        unsigned.events[0].kind = EventType::DealSigned;
        unsigned.events[0].modality = Modality::Fact;
        assert_eq!(status(&[signed, unsigned]), 0);
        // A planned delivery alone is a plan, and the register cites it.
        let mut expected = delivery_doc("e", "Su-35 deliveries to Egypt are expected to begin next year.", Polarity::Affirmed, None, "2025-02-11");
        expected.events[0].modality = Modality::Planned;
        let rows = register::register(&reconcile(&[expected]));
        assert_eq!(rows[0].status.value.as_deref(), Some("planned or proposed"));
        assert_eq!(rows[0].status.claims.iter().map(|c| c.doc.as_str()).collect::<Vec<_>>(), ["e"], "{:#?}", rows[0].status);
        // A denied delivery is no plan: it stands against a report months old.
        let done = delivery_doc("d", "The Su-35 jets have arrived in Cairo.", Polarity::Affirmed, None, "2025-02-11");
        let not = delivery_doc("x", "No Su-35 jets have been delivered to Egypt.", Polarity::Denied, None, "2025-08-20");
        assert_eq!(status(&[done, not]), 1);
    }

    #[test]
    fn a_denial_of_not_yet_is_no_dispute_with_a_later_report() {
        let no = |sentence: &str| delivery_doc("no", sentence, Polarity::Denied, None, "2023-01-20");
        let yes = |published: &str, time: Option<&str>| {
            let mut d = delivery_doc("yes", "The Su-35 jets have arrived in Cairo, the minister said.", Polarity::Affirmed, None, published);
            d.events[0].time = time.map(String::from);
            d
        };
        let status = |docs: &[Document]| reconcile(docs).conflicts.iter().filter(|c| c.field == "status").count();
        // "Not yet" in January, arrived by the end of March: both true.
        assert_eq!(status(&[no("Moscow has not yet agreed to send Su-35 jets."), yes("2023-03-28", None)]), 0);
        assert_eq!(status(&[no("Egypt has yet to receive any Su-35 jets."), yes("2023-03-28", None)]), 0);
        assert_eq!(status(&[no("Egypt still has not received the Su-35 jets."), yes("2023-03-28", None)]), 0);
        // Without "yet" the denial is of the deed, whenever reported.
        assert_eq!(status(&[no("Moscow has not sent any Su-35 jets to Egypt."), yes("2023-03-28", None)]), 1);
        // Reported done before the denial, or dated before it: a dispute.
        assert_eq!(status(&[no("Moscow has not yet sent Su-35 jets."), yes("2023-01-10", None)]), 1);
        assert_eq!(status(&[no("Moscow has not yet sent Su-35 jets."), yes("2023-03-28", Some("2023-01-05"))]), 1);
    }

    #[test]
    fn one_speaker_in_two_reports_is_named_once() {
        let said = |id: &str, who: Option<&str>| {
            let mut d = delivery_doc(id, "Russia has supplied Su-35 jets to Egypt.", Polarity::Affirmed, None, "2023-01-18");
            d.events[0].attributed_to = who.map(str::to_string);
            d
        };
        let mut no = delivery_doc("n", "No Su-35 jets have been delivered to Egypt.", Polarity::Denied, None, "2023-01-20");
        no.events[0].attributed_to = Some("a ministry spokesman".into());
        let record = reconcile(&[said("y1", Some("the envoy")), said("y2", Some("the envoy")), said("y3", None), said("y4", None), no]);
        let status: Vec<_> = record.conflicts.iter().filter(|c| c.field == "status").collect();
        assert_eq!(status.len(), 1, "{:#?}", record.conflicts);
        assert_eq!(status[0].explain, "The envoy (y1, y2), y3, y4 say the Su-35 delivery is done; a ministry spokesman (n) says it is not.");
        let record = reconcile(&[said("y1", Some("the envoy")), said("y2", Some("the envoy")), delivery_doc("n", "No Su-35 jets have been delivered to Egypt.", Polarity::Denied, None, "2023-01-20")]);
        assert_eq!(record.conflicts[0].explain, "The envoy (y1, y2) says the Su-35 delivery is done; n says it is not.");
        // Two reports that name nobody are two sources.
        let record = reconcile(&[said("y3", None), said("y4", None), delivery_doc("n", "No Su-35 jets have been delivered to Egypt.", Polarity::Denied, None, "2023-01-20")]);
        assert_eq!(record.conflicts[0].explain, "Y3, y4 say the Su-35 delivery is done; n says it is not.");
    }

    #[test]
    fn a_denied_sale_disputes_a_reported_delivery() {
        let denied_sale = |sentence: &str| {
            let mut d = delivery_doc("no", sentence, Polarity::Denied, None, "2023-01-20");
            d.events[0].kind = EventType::DealSigned;
            d
        };
        let yes = delivery_doc("yes", "Moscow has supplied Egypt with Su-35 jets, the minister said.", Polarity::Affirmed, None, "2023-01-18");
        let status = |docs: &[Document]| reconcile(docs).conflicts.into_iter().filter(|c| c.field == "status").collect::<Vec<_>>();
        let found = status(&[denied_sale("Egypt denied reports that Russia had sold it Su-35 jets."), yes.clone()]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].claims.iter().any(|c| c.doc == "no") && found[0].claims.iter().any(|c| c.doc == "yes"), "{found:#?}");
        // The register says what each side says: delivered, not sold.
        let rows = register::register(&reconcile(&[denied_sale("Egypt denied reports that Russia had sold it Su-35 jets."), yes.clone()]));
        assert_eq!(rows[0].status.values, ["delivered", "not sold"], "{:#?}", rows[0].status);
        let signed = deal_doc("s", "Egypt signed for Su-35 jets.", "2023");
        let rows = register::register(&reconcile(&[denied_sale("Egypt has not signed any contract for Su-35 jets."), signed]));
        assert_eq!(rows[0].status.values, ["signed", "not signed"], "{:#?}", rows[0].status);
        // Not a denial of a new contract, nor of a signature.
        assert!(status(&[denied_sale("Egypt denied that Russia had sold it more Su-35 jets."), yes.clone()]).is_empty());
        assert!(status(&[denied_sale("Egypt has not signed a contract for Su-35 jets."), yes.clone()]).is_empty());
        assert!(denies_a_sale("Iran is not selling drones to Russia") && !denies_a_sale("Iran has not sold new drones") && !denies_a_sale("no contract was signed"));
    }

    #[test]
    fn denials_of_any_part_from_words() {
        assert!(denies_any("no Bayraktar drones had been delivered to Poland"));
        assert!(denies_any("Egypt has not received any Su-35 fighter jets"));
        assert!(denies_any("Not a single tank has arrived"));
        assert!(denies_any("There is no sign of the tanks"));
        assert!(!denies_any("Deliveries of the remaining jets have not been completed"));
        assert!(!denies_any("Not all of the tanks have arrived"));
        assert!(!denies_any("No more drones will be sent"));
        assert!(!denies_any("There is no decision on the jets yet"));
        assert!(!denies_any("The jets have not arrived"));
    }

    #[test]
    fn a_delivery_of_a_part_disputes_a_denial_of_any() {
        let first = delivery_doc("first", "The first Su-35 jets ordered by Egypt have been delivered.", Polarity::Affirmed, None, "2024-05-01");
        let mut order = deal_doc("order", "Egypt ordered 24 Su-35 jets in 2018.", "2018");
        order.events[0].quantity = Some(dossier_model::Quantity { count: 24.0, unit: "jet".into() });
        let status = |denial: &str| {
            let no = delivery_doc("no", denial, Polarity::Denied, None, "2024-05-03");
            reconcile(&[order.clone(), first.clone(), no]).conflicts.iter().filter(|c| c.field == "status").count()
        };
        assert_eq!(status("No Su-35 jets have been delivered to Egypt, lawmakers said."), 1);
        assert_eq!(status("Egypt has not received any of its Su-35 jets."), 1);
        // The first jets agree with a denial that all have come.
        assert_eq!(status("The remaining Su-35 jets have not been delivered."), 0);
        assert_eq!(status("Deliveries of the Su-35 jets are not complete."), 0);
    }

    #[test]
    fn a_denied_further_order_is_not_an_earlier_contract() {
        let d = |id: &str, published: &str, polarity: Polarity, time: Option<&str>, sentence: &str| {
            doc_of(id, published, &[(EventType::DealSigned, "K2", polarity, time, None, sentence)])
        };
        let signed = d("signed", "2022-08-27", Polarity::Affirmed, Some("2022-08-26"), "Poland signed a contract for K2 tanks on Friday.");
        let status = |denial: Document| reconcile(&[signed.clone(), denial]).conflicts.iter().filter(|c| c.field == "status").count();
        // The second contract denied the next year is not the first.
        assert_eq!(status(d("no", "2023-12-02", Polarity::Denied, None, "Poland has not signed the second contract for K2 tanks.")), 0);
        // Denied in the year the other dates the contract in: a dispute.
        assert_eq!(status(d("no", "2022-09-02", Polarity::Denied, None, "Poland has not signed a second contract for K2 tanks.")), 1);
        // Any contract denied: a dispute.
        assert_eq!(status(d("no", "2023-01-02", Polarity::Denied, None, "Poland has not signed any contract for K2 tanks.")), 1);
    }

    #[test]
    fn bounds_and_parts_dispute_no_count() {
        // (count, sentence) of orders of one contract, then of deliveries.
        let facts = |kind: EventType, claims: &[(f64, &str)]| {
            let docs: Vec<Document> = claims
                .iter()
                .enumerate()
                .map(|(i, (n, sentence))| {
                    let mut d = doc_of(&format!("r{i}"), "2022-08-27", &[(kind, "K9", Polarity::Affirmed, None, Some(*n), sentence)]);
                    d.events[0].quantity.as_mut().unwrap().unit = "howitzer".into();
                    d
                })
                .collect();
            reconcile(&docs).conflicts.iter().filter(|c| c.field == "quantity").count()
        };
        let deal = EventType::DealSigned;
        assert_eq!(facts(deal, &[(672.0, "Poland agreed to buy up to 672 K9 howitzers."), (212.0, "Poland ordered 212 K9 howitzers.")]), 0);
        assert_eq!(facts(deal, &[(672.0, "A framework agreement covers 672 K9 howitzers."), (212.0, "Poland ordered 212 K9 howitzers.")]), 0);
        // More than the bound allows, or two numbers: disputes.
        assert_eq!(facts(deal, &[(150.0, "Poland agreed to buy up to 150 K9 howitzers."), (212.0, "Poland ordered 212 K9 howitzers.")]), 1);
        assert_eq!(facts(deal, &[(672.0, "Poland ordered 672 K9 howitzers."), (212.0, "Poland ordered 212 K9 howitzers.")]), 1);
        let delivery = EventType::Delivery;
        assert_eq!(facts(delivery, &[(10.0, "The first 10 K9 howitzers will arrive in December."), (212.0, "The 212 K9 howitzers will be delivered by 2026.")]), 0);
        assert_eq!(facts(delivery, &[(24.0, "Poland will receive 24 K9 howitzers."), (212.0, "The 212 K9 howitzers will be delivered by 2026.")]), 1);
        assert!(is_bound("as many as 48 jets"));
        assert!(is_bound("worth up to $10 billion"));
        assert!(!is_bound("The deal lived up to its promise for 48 jets."));
    }

    #[test]
    fn a_report_with_no_year_stands_against_reports_from_the_years_it_names_on() {
        let sentence = "Deliveries of Su-35 jets to Egypt began under a contract signed in 2018.";
        let yearless = |named: Option<&str>| {
            let mut d = delivery_doc("tass", sentence, Polarity::Affirmed, None, "2020-11-18");
            d.published = None;
            let start = sentence.find("2018").unwrap();
            d.times = named.map(|y| dossier_model::TimeExpr { start, end: start + 4, text: "2018".into(), value: Some(y.into()) }).into_iter().collect();
            d
        };
        let denial = |published: &str| delivery_doc("no", "Egypt has not received any Su-35 jets.", Polarity::Denied, None, published);
        let status = |docs: &[Document]| reconcile(docs).conflicts.iter().filter(|c| c.field == "status").count();
        // Written in 2018 or after: it may disagree with a denial of 2022.
        assert_eq!(status(&[yearless(Some("2018")), denial("2022-01-05")]), 1);
        // Not with one made before the years it names, nor where it names none.
        assert_eq!(status(&[yearless(Some("2018")), denial("2015-01-05")]), 0);
        assert_eq!(status(&[yearless(None), denial("2022-01-05")]), 0);
        // Not its plans: a plan reported in a year unknown may be long gone.
        let mut plan = yearless(Some("2018"));
        (plan.events[0].kind, plan.events[0].modality) = (EventType::Intent, Modality::Planned);
        let mut no_plan = denial("2022-01-05");
        no_plan.events[0].kind = EventType::Intent;
        assert_eq!(status(&[plan, no_plan]), 0);
        // A report with a date of publication is dated by it.
        let mut dated = yearless(Some("2018"));
        dated.published = Some("2019-01-01".into());
        assert_eq!(doc_claims(&dated)[0].written_after, None);
        assert_eq!(status(&[dated, denial("2022-01-05")]), 0);
    }

    #[test]
    fn one_speaker_named_again_by_its_last_words() {
        assert!(same_voice(Some("the armament agency"), Some("the agency")));
        assert!(same_voice(Some("The ministry"), Some("the defence ministry")));
        assert!(same_voice(None, None));
        assert!(!same_voice(Some("the agency"), None));
        assert!(!same_voice(Some("the defence ministry"), Some("a ministry spokesman")));
        assert!(!same_voice(Some("Saab"), Some("the minister")));
        assert!(!same_voice(Some("the premier"), Some("the prime minister")));
        assert!(!same_voice(Some(""), Some("the ministry")));
        assert!(!same_voice(Some("Avia"), Some("Bulgaria's Terem-Avia")));
        // A report whose speaker signs and then denies a contract in so many
        // words says two things of two contracts; a later report of the
        // contract, undated, tells what came since "not yet".
        let (signed, denied) = ("Egypt signed a framework agreement for Su-35 jets on Tuesday.", "No contract for the Su-35 jets has been signed yet.");
        let mut report = doc_of("r", "2023-09-19", &[(EventType::DealSigned, "Su-35", Polarity::Affirmed, Some("2023-09-19"), None, signed), (EventType::DealSigned, "Su-35", Polarity::Denied, None, None, denied)]);
        report.events[0].attributed_to = Some("the armament agency".into());
        report.events[1].attributed_to = Some("the agency".into());
        let later = doc_of("l", "2024-09-30", &[(EventType::DealSigned, "Su-35", Polarity::Affirmed, None, None, "Egypt has signed a contract for Su-35 jets.")]);
        let status = |docs: &[Document]| reconcile(docs).conflicts.iter().filter(|c| c.field == "status").count();
        assert_eq!(status(&[report.clone(), later.clone()]), 0);
        report.events[1].attributed_to = Some("a lawmaker".into());
        assert_eq!(status(&[report, later]), 1);
    }

    #[test]
    fn not_yet_from_words() {
        assert!(not_yet("Berlin has not yet decided"));
        assert!(not_yet("Berlin hasn't yet decided"));
        assert!(not_yet("The tanks have yet to arrive"));
        assert!(not_yet("Kyiv still has not received them"));
        assert!(!not_yet("Yet Berlin has not sent them"));
        assert!(!not_yet("Berlin has not sent them, and it will not"));
        assert!(!not_yet("The tanks are still in Germany"));
        assert!(not_yet("No contract for the tanks has been signed yet"));
        assert!(not_yet("The tanks have not arrived yet"));
        assert!(!not_yet("Berlin has not sent them, yet it promised to"));
        assert!(!not_yet("The tanks have arrived yet again"));
        assert!(!not_yet("The tanks have arrived yet"));
    }

    #[test]
    fn a_contract_referred_back_to_is_of_the_order_told_before() {
        let d = doc_of(
            "t",
            "2021-05-04",
            &[
                (EventType::DealSigned, "Rafale", Polarity::Affirmed, None, Some(30.0), "Egypt signed a contract for 30 additional Rafale jets."),
                (EventType::Delivery, "Rafale", Polarity::Affirmed, Some("2024"), None, "Deliveries will begin in 2024."),
                (EventType::DealSigned, "Rafale", Polarity::Affirmed, None, None, "The contract was signed in Cairo, the ministry said."),
                (EventType::DealSigned, "Rafale", Polarity::Affirmed, None, None, "It was signed with a loan."),
                (EventType::DealSigned, "Rafale", Polarity::Affirmed, None, None, "The arms contract was signed in Paris, he added."),
                (EventType::DealSigned, "Rafale", Polarity::Affirmed, None, None, "A contract for Rafale jets was signed."),
                (EventType::DealSigned, "FREMM", Polarity::Affirmed, None, None, "The contract was signed too."),
            ],
        );
        let batches: Vec<Option<String>> = doc_claims(&d).into_iter().map(|c| c.batch).collect();
        let additional = Some("additional".to_string());
        assert_eq!(batches, [additional.clone(), None, additional.clone(), additional.clone(), additional, None, None]);
        assert!(refers_back("This deal was signed"));
        assert!(refers_back("Officials said the said agreement was finalised in Paris"));
        assert!(!refers_back("the 2021 contract was signed") && !refers_back("a relevant contract was signed"));
        assert!(!refers_back("A deal was signed"));
        assert!(!refers_back("Egypt signed it"));
    }

    /// A document of several events, each a sentence of `text`: (kind,
    /// system, polarity, time, count, sentence).
    /// An event of a test document: type, system, polarity, time, count
    /// and sentence.
    type TestEvent<'a> = (EventType, &'a str, Polarity, Option<&'a str>, Option<f64>, &'a str);

    fn doc_of(id: &str, published: &str, events: &[TestEvent]) -> Document {
        let mut d = deal_doc(id, "", "2020");
        d.published = Some(published.into());
        d.events.clear();
        let mut text = String::new();
        for &(kind, system, polarity, time, count, sentence) in events {
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(sentence);
            let mut e = deal_doc(id, sentence, "2020").events.remove(0);
            (e.kind, e.system, e.polarity, e.time) = (kind, Some(system.into()), polarity, time.map(String::from));
            e.quantity = count.map(|n| dossier_model::Quantity { count: n, unit: "jet".into() });
            e.evidence = dossier_model::Evidence { start, end: text.len(), text: sentence.into() };
            d.events.push(e);
        }
        d.text = text;
        d
    }

    #[test]
    fn a_second_contract_after_one_for_another_system_is_no_second_batch() {
        use EventType::DealSigned;
        let aff = Polarity::Affirmed;
        let day = Some("2023-07-14");
        let two = doc_of(
            "a",
            "2023-07-14",
            &[
                (DealSigned, "Su-35", aff, day, Some(24.0), "Egypt signed a contract for 24 Su-35 jets on Friday."),
                (DealSigned, "Mi-28", aff, day, Some(12.0), "A second contract, signed the same day, covers 12 Mi-28 helicopters."),
            ],
        );
        let claims = claims_of(&[two]);
        assert_eq!(claims[1].batch, None, "{:?}", claims[1]);
        // A second contract for the same system, or a second batch, is one.
        let again = doc_of(
            "b",
            "2023-07-14",
            &[
                (DealSigned, "Su-35", aff, day, Some(24.0), "Egypt signed a contract for 24 Su-35 jets on Friday."),
                (DealSigned, "Mi-28", aff, day, Some(12.0), "A second batch order for 12 Mi-28 helicopters was signed the same day."),
                (DealSigned, "Su-35", aff, day, Some(12.0), "Talks on a second contract for Su-35 jets continue."),
            ],
        );
        let claims = claims_of(&[again]);
        assert_eq!(claims[1].batch.as_deref(), Some("second"));
        assert_eq!(claims[2].batch.as_deref(), Some("second"));
        let alone = doc_of("c", "2023-07-14", &[(DealSigned, "Mi-28", aff, day, Some(12.0), "Egypt signed a second contract for 12 Mi-28 helicopters.")]);
        assert_eq!(claims_of(&[alone])[0].batch.as_deref(), Some("second"));
    }

    #[test]
    fn an_undated_claim_joins_the_dated_contract_of_its_count() {
        use EventType::DealSigned;
        let aff = Polarity::Affirmed;
        let framework = doc_of("a", "2022-07-28", &[(DealSigned, "K9", aff, Some("2022-07-27"), Some(672.0), "Poland agreed on Wednesday to buy up to 672 K9 howitzers.")]);
        let contract = doc_of("b", "2022-08-27", &[(DealSigned, "K9", aff, Some("2022-08-26"), Some(212.0), "Poland ordered 212 K9 howitzers on Friday.")]);
        let undated = doc_of("c", "2022-12-06", &[(DealSigned, "K9", aff, None, Some(212.0), "Poland has ordered 212 K9 howitzers.")]);
        let record = reconcile(&[framework.clone(), contract.clone(), undated]);
        let facts = &record.stories[0].facts;
        assert_eq!(facts.len(), 2, "{facts:#?}");
        let of_212 = facts.iter().find(|f| f.time.as_deref() == Some("2022-08-26")).unwrap();
        assert_eq!(of_212.sources.iter().map(|s| s.doc.as_str()).collect::<Vec<_>>(), ["b", "c"]);
        // A count no dated contract states, or one two of them state, stays apart.
        let other = doc_of("d", "2022-12-06", &[(DealSigned, "K9", aff, None, Some(48.0), "Poland has ordered 48 K9 howitzers.")]);
        assert_eq!(reconcile(&[framework.clone(), contract.clone(), other]).stories[0].facts.len(), 3);
        let mut again = contract.clone();
        again.id = "e".into();
        again.events[0].time = Some("2022-10-02".into());
        let undated = doc_of("c", "2022-12-06", &[(DealSigned, "K9", aff, None, Some(212.0), "Poland has ordered 212 K9 howitzers.")]);
        assert_eq!(reconcile(&[framework.clone(), contract.clone(), again.clone(), undated.clone()]).stories[0].facts.len(), 4);
        // A contract dated after the report is not the one it tells of.
        again.events[0].time = Some("2023-05-02".into());
        again.published = Some("2023-05-03".into());
        assert_eq!(reconcile(&[framework.clone(), contract.clone(), again, undated]).stories[0].facts.len(), 3);
        // Without a count, the value tells; a value that differs beside the
        // same count is a dispute within the contract's fact.
        let mut valued = contract.clone();
        valued.events[0].value = Some(dossier_model::Money { amount: 2.4e9, currency: "USD".into() });
        let by_value = doc_of("f", "2022-12-06", &[(DealSigned, "K9", aff, None, None, "Poland has signed a $2.4 billion K9 contract.")]);
        let mut by_value_e = by_value.clone();
        by_value_e.events[0].value = Some(dossier_model::Money { amount: 2.4e9, currency: "USD".into() });
        assert_eq!(reconcile(&[framework.clone(), valued.clone(), by_value_e]).stories[0].facts.len(), 2);
        let mut other_value = doc_of("g", "2022-12-06", &[(DealSigned, "K9", aff, None, Some(212.0), "Poland has signed a $3 billion deal for 212 K9 howitzers.")]);
        other_value.events[0].value = Some(dossier_model::Money { amount: 3e9, currency: "USD".into() });
        let record = reconcile(&[framework, valued, other_value]);
        assert_eq!(record.stories[0].facts.len(), 2);
        assert_eq!(record.conflicts.iter().map(|c| c.field.as_str()).collect::<Vec<_>>(), ["value"]);
    }

    #[test]
    fn a_cancellation_naming_its_deal_is_of_that_deal_alone() {
        let aff = Polarity::Affirmed;
        let mut d = doc_of(
            "a",
            "2021-12-23",
            &[
                (EventType::DealSigned, "Su-35", aff, Some("2018"), Some(11.0), "Egypt bought 11 Su-35 jets in 2018."),
                (EventType::Cancellation, "Su-35", aff, None, None, "Egypt has dropped its purchase of Su-35 jets from Russia."),
                (EventType::DealSigned, "Rafale", aff, Some("2021-02"), Some(30.0), "Egypt ordered 30 Rafale jets in February."),
            ],
        );
        d.events[2].supplier = Some("FRA".into());
        let record = reconcile(&[d]);
        let kinds = |system: &str| -> Vec<EventType> {
            record.stories.iter().find(|s| s.deal.system == system).unwrap().facts.iter().map(|f| f.kind).collect()
        };
        assert_eq!(kinds("Su-35"), [EventType::DealSigned, EventType::Cancellation]);
        assert_eq!(kinds("Rafale"), [EventType::DealSigned]);
        assert_eq!(register::register(&record).iter().map(|r| r.status.value.clone().unwrap()).collect::<Vec<_>>(), ["ordered", "cancelled"]);
    }

    #[test]
    fn a_transfer_naming_no_system_is_of_the_report_s_system_or_of_its_kind_of_arms() {
        use EventType::Delivery;
        let unnamed = |id: &str, published: &str, polarity: Polarity, sentence: &str| {
            let mut d = doc_of(id, published, &[(Delivery, "x", polarity, None, None, sentence)]);
            (d.events[0].supplier, d.events[0].recipient, d.events[0].system) = (Some("IRN".into()), Some("RUS".into()), None);
            d
        };
        // Other reports that name no system: the kind of arms is the deal.
        let said = unnamed("a", "2022-10-20", Polarity::Affirmed, "Iran has delivered hundreds of drones to Russia.");
        let denied = unnamed("b", "2022-10-21", Polarity::Denied, "Iran has not sent any drones to Russia.");
        let record = reconcile(&[said.clone(), denied.clone()]);
        assert_eq!(record.stories.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["irn-rus-unspecified-drones"]);
        assert_eq!(record.conflicts.len(), 1, "{:#?}", record.conflicts);
        assert_eq!(record.conflicts[0].field, "status");
        assert_eq!(record.conflicts[0].explain, "A says the drones delivery is done; b says it is not.");
        let row = &register::register(&record)[0];
        assert_eq!((row.designation.as_str(), row.description.as_deref()), ("unspecified drones", Some("drones")));
        // A report that names one system for the parties speaks of it.
        let mut named = said.clone();
        let mut shahed = named.events[0].clone();
        (shahed.system, shahed.evidence.start) = (Some("Shahed-136".into()), 0);
        named.events[0].evidence.start = 10;
        named.events.insert(0, shahed);
        let record = reconcile(&[named.clone()]);
        assert_eq!(record.stories.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["irn-rus-shahed-136"]);
        assert_eq!(record.stories[0].facts.iter().map(|f| f.sources.len()).sum::<usize>(), 2);
        // A kind that is not the system's ("weapons" beside a drone) is a
        // deal of its kind.
        let mut weapons = named.clone();
        weapons.events[1].evidence.text = "Iran has supplied weapons to Russia.".into();
        let record = reconcile(&[weapons]);
        assert_eq!(record.stories.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["irn-rus-shahed-136", "irn-rus-unspecified-arms"]);
        // No kind named beside the one system: that system.
        let mut them = named.clone();
        them.events[1].evidence.text = "Iran has delivered them to Russia.".into();
        let record = reconcile(&[them]);
        assert_eq!(record.stories.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["irn-rus-shahed-136"]);
        assert_eq!(record.stories[0].facts.iter().map(|f| f.sources.len()).sum::<usize>(), 2);
        // Two systems: which one is not known; the kind is.
        let mut two = named;
        let mut other = two.events[0].clone();
        other.system = Some("Mohajer-6".into());
        two.events.push(other);
        let record = reconcile(&[two.clone()]);
        assert_eq!(record.stories.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["irn-rus-mohajer-6", "irn-rus-shahed-136", "irn-rus-unspecified-drones"]);
        assert!(record.stories.iter().all(|s| s.facts.iter().map(|f| f.sources.len()).sum::<usize>() == 1));
        two.events[1].evidence.text = "Iran has delivered them to Russia.".into();
        assert_eq!(reconcile(&[two]).stories.len(), 2);
        // No kind of arms named and no system: no deal.
        let vague = unnamed("c", "2022-10-21", Polarity::Denied, "Iran has not sent anything to Russia.");
        assert!(reconcile(&[vague]).stories.is_empty());
    }

    #[test]
    fn a_denial_of_a_kind_of_arms_joins_the_deals_of_its_systems() {
        // Deliveries of Iranian arms to Russia: (id, published, system or
        // none, polarity, sentence).
        let report = |id: &str, published: &str, system: Option<&str>, polarity: Polarity, sentence: &str| {
            let mut d = doc_of(id, published, &[(EventType::Delivery, "x", polarity, None, None, sentence)]);
            let e = &mut d.events[0];
            (e.supplier, e.recipient, e.system) = (Some("IRN".into()), Some("RUS".into()), system.map(String::from));
            d
        };
        let named = report("named", "2022-10-20", Some("Shahed-136"), Polarity::Affirmed, "Iran delivered Shahed-136 drones to Russia, US officials said.");
        let vague = report("vague", "2022-10-21", None, Polarity::Affirmed, "Iran has delivered hundreds of drones to Russia.");
        let drones = report("drones", "2022-10-22", None, Polarity::Denied, "Iran has not sent any drones to Russia, its foreign ministry said.");
        let weapons = report("weapons", "2022-10-23", None, Polarity::Denied, "Iran has not supplied any weapons to Russia.");
        let tanks = report("tanks", "2022-10-24", None, Polarity::Denied, "Iran has not sent any tanks to Russia.");
        let docs = [named, vague, drones, weapons, tanks];
        let record = reconcile(&docs);
        let story = |system: &str| record.stories.iter().find(|s| s.deal.system == system).unwrap_or_else(|| panic!("{system}: {:#?}", record.stories));
        // The denials of drones and of any weapons are of the Shahed-136
        // deliveries too; the report of drones with no name affirms none,
        // and tanks are no drones.
        assert_eq!(story("Shahed-136").docs, ["drones", "named", "weapons"]);
        let status: Vec<&Conflict> = record.conflicts.iter().filter(|c| c.story == story("Shahed-136").id && c.field == "status").collect();
        assert_eq!(status.len(), 1, "{:#?}", record.conflicts);
        let side = |v: &str| status[0].claims.iter().filter(|c| c.value == v).map(|c| c.doc.as_str()).collect::<Vec<_>>();
        assert_eq!((side("done"), side("denied")), (vec!["named"], vec!["drones", "weapons"]));
        assert_eq!(status[0].subject.system.as_deref(), Some("Shahed-136"));
        // The deal of drones keeps its own story.
        assert_eq!(story("unspecified drones").docs, ["drones", "vague"]);
        // One deal alone, from its claims and those joining it, is its part
        // of the whole.
        let deal = story("Shahed-136").deal.clone();
        let per_doc = [claims_of_deal(&deal, &docs), claims_joining(&deal, &docs)].concat();
        let alone = reconcile_deal(&deal, &per_doc);
        assert_eq!(alone.stories, [story("Shahed-136").clone()]);
        assert_eq!(alone.conflicts, status.into_iter().cloned().collect::<Vec<_>>());
        // Denials alone make no story of a system no report names.
        assert!(reconcile_deal(&deal, &claims_joining(&deal, &docs)).stories.is_empty());
        assert_eq!(kind_deals(&deal).iter().map(|d| d.system.as_str()).collect::<Vec<_>>(), ["unspecified drones", "unspecified arms"]);
    }

    #[test]
    fn kinds_of_arms_fit_gazetteer_classes() {
        assert!(kind_fits("drones", Some("drone")));
        assert!(kind_fits("aircraft", Some("combat_aircraft")));
        assert!(kind_fits("missiles", Some("air_defence")));
        assert!(!kind_fits("tanks", Some("air_defence")));
        assert!(!kind_fits("arms", Some("tank")));
        assert!(!kind_fits("drones", None));
    }

    #[test]
    fn kinds_of_arms_from_words() {
        assert_eq!(kind_of_arms("Iran has delivered hundreds of drones to Russia."), Some("drones"));
        assert_eq!(kind_of_arms("China denied supplying weapons to Russia."), Some("arms"));
        assert_eq!(kind_of_arms("The fighter jets arrived."), Some("aircraft"));
        assert_eq!(kind_of_arms("Berlin sent the first of its promised aid."), None);
    }

    #[test]
    fn a_further_order_has_register_fields_of_its_own() {
        use EventType::DealSigned;
        let aff = Polarity::Affirmed;
        let first = doc_of("a", "2019-05-02", &[(DealSigned, "Su-35", aff, Some("2018"), Some(24.0), "Egypt bought 24 Su-35 jets in 2018.")]);
        let second = doc_of("b", "2024-03-02", &[(DealSigned, "Su-35", aff, Some("2024-03-01"), Some(12.0), "Egypt signed a second contract for 12 Su-35 jets on Friday.")]);
        let denied = doc_of("c", "2024-03-04", &[(DealSigned, "Su-35", Polarity::Denied, None, None, "The ministry denied that a new agreement had been signed.")]);
        let record = reconcile(&[first.clone(), second.clone(), denied.clone()]);
        let row = &register::register(&record)[0];
        // The row's fields are the first contract's.
        assert_eq!((row.number_ordered.value.as_deref(), row.year_of_order.value.as_deref()), (Some("24 jets"), Some("2018")));
        assert_eq!((row.status.value.as_deref(), row.status.disputed), (Some("ordered"), false));
        assert_eq!(row.later_orders.len(), 1, "{:#?}", row.later_orders);
        let order = &row.later_orders[0];
        assert_eq!(order.batch, "second");
        assert_eq!((order.number_ordered.value.as_deref(), order.year_of_order.value.as_deref()), (Some("12 jets"), Some("2024")));
        assert_eq!((order.status.value.as_deref(), order.status.disputed), (Some("ordered"), true));
        assert_eq!(order.status.values, ["signed", "not signed"]);
        // Only a further order reported: it is the row.
        let record = reconcile(&[second, denied]);
        let row = &register::register(&record)[0];
        assert!(row.later_orders.is_empty());
        assert_eq!((row.number_ordered.value.as_deref(), row.status.disputed), (Some("12 jets"), true));
        assert_eq!(row.status.values, ["second batch signed", "additional batch not signed"]);
    }

    #[test]
    fn a_reports_new_order_is_the_one_it_numbers() {
        use EventType::DealSigned;
        let (aff, den) = (Polarity::Affirmed, Polarity::Denied);
        let first = doc_of("a", "2019-05-02", &[(DealSigned, "Su-35", aff, Some("2018"), Some(24.0), "Egypt bought 24 Su-35 jets in 2018.")]);
        let second = doc_of("b", "2021-05-04", &[(DealSigned, "Su-35", aff, None, Some(30.0), "Egypt signed a second contract for 30 Su-35 jets.")]);
        let third_dated = |time: Option<&str>| {
            doc_of(
                "c",
                "2023-03-10",
                &[
                    (DealSigned, "Su-35", den, time, Some(12.0), "The ministry denied that a third order for 12 Su-35 jets had been agreed."),
                    (DealSigned, "Su-35", den, None, None, "There is no new agreement on the Su-35, the spokesman said."),
                ],
            )
        };
        for time in [Some("2023-03-09"), None] {
            let record = reconcile(&[first.clone(), second.clone(), third_dated(time)]);
            let facts = &record.stories[0].facts;
            let denied: Vec<&Fact> = facts.iter().filter(|f| f.polarity == den).collect();
            // "No new agreement" denies the third order its report tells of.
            assert_eq!(denied.len(), 1, "{time:?}: {facts:#?}");
            assert_eq!((denied[0].batch.as_deref(), denied[0].sources.len()), (Some("third"), 2), "{time:?}");
            let row = &register::register(&record)[0];
            assert_eq!(row.later_orders.iter().map(|o| o.batch.as_str()).collect::<Vec<_>>(), ["second", "third"], "{time:?}");
            // A denied order's status cites the denials.
            let third = &row.later_orders[1].status;
            assert_eq!(third.value.as_deref(), Some("denied"));
            assert_eq!(third.claims.iter().map(|c| (c.doc.as_str(), c.value.as_str())).collect::<Vec<_>>(), [("c", "denied"), ("c", "denied")], "{time:?}");
        }
        // A new order in a report that numbers none stays apart from the
        // third another report numbers.
        let mut vague = third_dated(None);
        vague.id = "d".into();
        vague.events.remove(0);
        let record = reconcile(&[first, second, third_dated(Some("2023-03-09")), vague]);
        let denied: Vec<Option<&str>> = record.stories[0].facts.iter().filter(|f| f.polarity == den).map(|f| f.batch.as_deref()).collect();
        assert_eq!(denied, [Some("third"), Some("additional")]);
    }

    #[test]
    fn a_delivery_of_a_planned_batchs_count_is_that_batch() {
        use EventType::Delivery;
        let aff = Polarity::Affirmed;
        let plan = |count: f64, time: &str| {
            let mut d = doc_of("a", "2024-12-17", &[(Delivery, "Su-35", aff, Some(time), Some(count), "A second batch of 42 Su-35 jets will be delivered in 2025.")]);
            d.events[0].modality = Modality::Planned;
            d
        };
        let done = doc_of("b", "2025-08-02", &[(Delivery, "Su-35", aff, Some("2025-07"), Some(42.0), "Forty-two Su-35 jets were handed over in July.")]);
        let told = doc_of("c", "2025-07-22", &[(Delivery, "Su-35", aff, None, None, "The second batch of Su-35 jets has arrived.")]);
        let facts = |docs: &[Document]| -> Vec<(Modality, Option<String>, Vec<String>)> {
            reconcile(docs).stories[0].facts.iter().map(|f| (f.modality, f.batch.clone(), f.sources.iter().map(|s| s.doc.clone()).collect())).collect()
        };
        let second = Some("second".to_string());
        let ids = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            facts(&[plan(42.0, "2025"), done.clone(), told.clone()]),
            [(Modality::Planned, second.clone(), ids(&["a"])), (Modality::Fact, second.clone(), ids(&["b", "c"]))]
        );
        // Its count is the batch's whole, not part of the 108 ordered: it
        // stands against a denial that the batch has come.
        let order = doc_of("o", "2019-07-09", &[(EventType::DealSigned, "Su-35", aff, Some("2019"), Some(108.0), "Egypt ordered 108 Su-35 jets in 2019.")]);
        let denial = doc_of("e", "2025-08-02", &[(Delivery, "Su-35", Polarity::Denied, None, None, "The second batch of Su-35 jets has not arrived, a lawmaker said.")]);
        let record = reconcile(&[order, plan(42.0, "2025"), done.clone(), denial]);
        let status: Vec<&Conflict> = record.conflicts.iter().filter(|c| c.field == "status").collect();
        assert_eq!(status.len(), 1, "{:#?}", record.conflicts);
        assert_eq!(status[0].claims.iter().map(|c| (c.doc.as_str(), c.value.as_str())).collect::<Vec<_>>(), [("b", "done"), ("e", "denied")]);
        // A delivery that names its batch keeps it.
        let first = doc_of("d", "2025-08-02", &[(Delivery, "Su-35", aff, Some("2025-07"), Some(42.0), "The first 42 Su-35 jets were handed over in July.")]);
        let got = facts(&[plan(42.0, "2025"), first]);
        assert_eq!(got[1].1.as_deref(), Some("first"), "{got:?}");
        // Another count, or a batch planned for another year, is not it.
        for other in [plan(40.0, "2025"), plan(42.0, "2026")] {
            let got = facts(&[other, done.clone(), told.clone()]);
            assert_eq!(got.iter().filter(|(m, b, _)| *m == Modality::Fact && b.is_none()).count(), 1, "{got:?}");
        }
        // Two batches of that count planned that year: neither.
        let mut two = plan(42.0, "2025");
        let mut third = two.events[0].clone();
        third.evidence.text = "A third batch of 42 Su-35 jets will follow in 2025.".into();
        two.text = format!("{} {}", two.text, third.evidence.text);
        (third.evidence.start, third.evidence.end) = (two.text.len() - third.evidence.text.len(), two.text.len());
        two.events.push(third);
        let got = facts(&[two, done, told]);
        assert_eq!(got.iter().filter(|(m, b, _)| *m == Modality::Fact && b.is_none()).count(), 1, "{got:?}");
    }

    #[test]
    fn no_new_agreement_is_no_denial_of_a_contract_reported_years_before() {
        use EventType::DealSigned;
        let signed = doc_of("a", "2024-02-23", &[(DealSigned, "Su-35", Polarity::Affirmed, None, None, "Egypt has signed a deal to buy Su-35 jets, officials said.")]);
        let denial = |published: &str| doc_of("b", published, &[(DealSigned, "Su-35", Polarity::Denied, None, None, "An official said no new agreement had been signed.")]);
        let status = |docs: &[Document]| reconcile(docs).conflicts.iter().filter(|c| c.field == "status").count();
        // Reported a year before, the contract is not the new one denied.
        assert_eq!(status(&[signed.clone(), denial("2025-06-05")]), 0);
        // Reported the same year, it may be.
        assert_eq!(status(&[signed, denial("2024-03-01")]), 1);
    }

    #[test]
    fn two_days_of_one_year_are_no_dispute_of_the_year_of_order() {
        let day = |id: &str, time: &str| {
            let mut d = deal_doc(id, "Egypt signed a contract for 48 Su-35 jets.", time);
            d.events[0].quantity = Some(dossier_model::Quantity { count: 48.0, unit: "jet".into() });
            d
        };
        let record = reconcile(&[day("a", "2025-06-11"), day("b", "2025-06-12")]);
        assert!(record.conflicts.iter().any(|c| c.field == "time"), "{:#?}", record.conflicts);
        let row = &register::register(&record)[0];
        assert_eq!((row.year_of_order.value.as_deref(), row.year_of_order.disputed, row.year_of_order.values.len()), (Some("2025"), false, 0));
        // Two years are.
        let record = reconcile(&[day("a", "2024-06-11"), day("b", "2025-06-12")]);
        assert!(record.conflicts.iter().any(|c| c.field == "time"), "{:#?}", record.conflicts);
        let row = &register::register(&record)[0];
        assert_eq!((row.year_of_order.disputed, row.year_of_order.values.len()), (true, 2));
    }

    #[test]
    fn a_register_lists_no_denied_transfer_of_unnamed_arms() {
        let report = |id: &str, published: &str, polarity: Polarity, sentence: &str| {
            let mut d = doc_of(id, published, &[(EventType::Delivery, "x", polarity, None, None, sentence)]);
            let e = &mut d.events[0];
            (e.supplier, e.recipient, e.system) = (Some("PRK".into()), Some("RUS".into()), None);
            d
        };
        let weapons = report("w", "2024-01-10", Polarity::Denied, "North Korea has not exported any weapons to Russia.");
        let sent = report("s", "2024-01-12", Polarity::Affirmed, "North Korea has sent weapons to Russia.");
        let rows = |docs: &[Document]| register::register(&reconcile(docs)).into_iter().map(|r| (r.designation, r.status.value)).collect::<Vec<_>>();
        // The denial keeps its story, but the register has no transfer.
        assert_eq!(reconcile(std::slice::from_ref(&weapons)).stories.len(), 1);
        assert!(rows(std::slice::from_ref(&weapons)).is_empty());
        // With a report of one, the row stands, with the denial.
        assert_eq!(rows(&[weapons, sent]), [("unspecified arms".to_string(), Some("delivered (at least in part)".to_string()))]);
    }

    #[test]
    fn an_undated_second_order_is_not_the_one_dated_order() {
        let doc = |id: &str, sentence: &str, time: Option<&str>, batch: Option<&str>, amount: f64| {
            let mut d = deal_doc(id, sentence, "2015");
            d.events[0].time = time.map(str::to_string);
            d.events[0].batch = batch.map(str::to_string);
            d.events[0].value = Some(dossier_model::Money { amount, currency: "EUR".into() });
            d
        };
        let first = doc("a", "Egypt signed for 24 Su-35 jets worth 5.2 billion euros.", Some("2015"), None, 5.2e9);
        let more = doc("b", "Egypt signed for 30 additional Su-35 jets worth 3.75 billion euros.", None, Some("additional"), 3.75e9);
        let second = doc("c", "The second Su-35 order is worth 3.8 billion euros.", None, Some("second"), 3.8e9);
        let record = reconcile(&[first.clone(), more.clone(), second.clone()]);
        let facts = &record.stories[0].facts;
        assert_eq!(facts.len(), 2, "{facts:#?}");
        assert_eq!((facts[0].batch.as_deref(), facts[0].sources.len()), (None, 1));
        assert_eq!((facts[1].batch.as_deref(), facts[1].sources.len()), (Some("second"), 2));
        // 3.75 and 3.8 billion agree to the precision given: no dispute,
        // and none between the first and the second order.
        assert!(record.conflicts.is_empty(), "{:#?}", record.conflicts);
        // A source that corrects a figure reads its own as exact.
        let corrects = doc("c", "The second Su-35 order is worth 3.8 billion euros, not the 3.75 billion announced.", None, Some("second"), 3.8e9);
        let record = reconcile(&[first.clone(), more.clone(), corrects]);
        let value: Vec<_> = record.conflicts.iter().filter(|c| c.field == "value").collect();
        assert_eq!(value.len(), 1, "{:#?}", record.conflicts);
        assert_eq!(value[0].explain, "Sources give different values for the same contract: 3.75 billion EUR in b; 3.8 billion EUR in c.");
        // With a third order told, the second stays apart from "additional".
        let third = doc("d", "A third Su-35 order was signed.", None, Some("third"), 1e9);
        let record = reconcile(&[first, more, second, third]);
        assert_eq!(record.stories[0].facts.len(), 4, "{:#?}", record.stories[0].facts);
    }

    #[test]
    fn values_of_one_contract_disagree_across_its_facts() {
        let valued = |id: &str, time: Option<&str>, amount: f64| {
            let mut d = deal_doc(id, "Egypt signed for Su-35 jets.", "2018");
            d.events[0].time = time.map(str::to_string);
            d.events[0].value = Some(dossier_model::Money { amount, currency: "USD".into() });
            d
        };
        // Two dated facts (2018 and 2020, not one year apart) and an undated
        // one: three facts of one contract.
        let docs = [valued("a", Some("2018"), 2e9), valued("b", Some("2020"), 2e9), valued("c", None, 3.1e9)];
        let record = reconcile(&docs);
        assert_eq!(record.stories[0].facts.len(), 3);
        let value: Vec<_> = record.conflicts.iter().filter(|c| c.field == "value").collect();
        assert_eq!(value.len(), 1, "{:#?}", record.conflicts);
        assert_eq!(value[0].explain, "Sources give different values for the same contract: 2 billion USD in a; 2 billion USD in b; 3.1 billion USD in c.");
        assert!(record.stories[0].facts.iter().all(|f| f.disputed == ["value"]));
        // Values that agree, or a story of two contracts, dispute nothing.
        let agree = [valued("a", Some("2018"), 2e9), valued("b", Some("2020"), 2e9), valued("c", None, 2.02e9)];
        assert!(reconcile(&agree).conflicts.is_empty());
        let mut two = docs.clone();
        two[2].events[0].batch = Some("second".into());
        assert!(reconcile(&two).conflicts.is_empty());
    }

    #[test]
    fn a_contract_told_as_signed_is_not_dated_after_its_report() {
        let mut d = deal_doc("d", "France will deliver the last of the Su-35 jets ordered by Egypt in 2026.", "2026");
        d.published = Some("2025-03-04".into());
        assert_eq!(doc_claims(&d)[0].event.time, None);
        d.published = Some("2026-03-04".into());
        assert_eq!(doc_claims(&d)[0].event.time.as_deref(), Some("2026"));
        // A plan may be dated ahead.
        d.published = Some("2025-03-04".into());
        d.events[0].modality = Modality::Planned;
        assert_eq!(doc_claims(&d)[0].event.time.as_deref(), Some("2026"));
    }

    #[test]
    fn a_payment_s_instalment_is_no_batch_of_the_order() {
        let d = |id: &str, published: &str, polarity: Polarity, sentence: &str| doc_of(id, published, &[(EventType::Payment, "Su-35", polarity, None, None, sentence)]);
        let paid = d("paid", "2023-05-12", Polarity::Affirmed, "Egypt had paid the first instalment for its Su-35 jets, the ministry said.");
        let not_paid = d("no", "2023-05-10", Polarity::Denied, "Egypt has not paid anything for the Su-35 jets, an official said.");
        let record = reconcile(&[paid.clone(), not_paid.clone()]);
        let payment = record.stories[0].facts.iter().find(|f| f.kind == EventType::Payment && f.polarity == Polarity::Affirmed).unwrap();
        assert_eq!(payment.batch, None, "{payment:#?}");
        assert_eq!(record.conflicts.iter().filter(|c| c.field == "status").count(), 1, "{:#?}", record.conflicts);
        // The register says what each side says.
        let rows = register::register(&record);
        assert_eq!(rows[0].status.values, ["paid", "not paid"], "{:#?}", rows[0].status);
        // A payment for a batch is of that batch.
        let batch = d("batch", "2023-05-12", Polarity::Affirmed, "Egypt has paid for the second batch of Su-35 jets.");
        let record = reconcile(&[batch]);
        assert_eq!(record.stories[0].facts[0].batch.as_deref(), Some("second"));
    }

    #[test]
    fn batches_from_words() {
        assert_eq!(batch_from_text("Egypt's initial 2015 purchase of Rafale jets").as_deref(), Some("first"));
        assert_eq!(batch_from_text("a second batch of K9 howitzers").as_deref(), Some("second"));
        assert_eq!(batch_from_text("there were no new agreements").as_deref(), Some("additional"));
        // The first export order ranks buyers; its own words may still
        // name a batch.
        assert_eq!(batch_from_text("India signed for 26 jets, the first export order for the naval variant."), None);
        assert_eq!(batch_from_text("Brazil placed the second foreign contract for the tanker."), None);
        assert_eq!(batch_from_text("The first batch of its first export order arrived.").as_deref(), Some("first"));
        assert_eq!(batch_from_text("the contract was signed"), None);
        for more in ["a deal for 24 additional jets", "an additional 24 jets", "ordered 12 more of the tanks", "another 12 jets", "a further ten drones"] {
            assert_eq!(batch_from_text(more).as_deref(), Some("additional"), "{more}");
        }
        assert_eq!(batch_from_text("more than 12 jets were ordered"), None);
        assert_eq!(batch_from_text("Cairo bought 12 more than Athens did"), None);
        for more in ["Cairo ordered more Su-35 jets", "India wants more Rafales", "Kyiv asked for more tanks", "it will buy additional K9 howitzers", "a contract for the additional boats"] {
            assert_eq!(batch_from_text(more).as_deref(), Some("additional"), "{more}");
        }
        // An option taken up is a further order; an option offered is not.
        for taken in ["Greece has exercised its option for a fourth FDI frigate", "The navy took up options on two more boats", "Cairo activated the option in its contract"] {
            assert_eq!(batch_from_text(taken).as_deref(), Some("additional"), "{taken}");
        }
        assert_eq!(batch_from_text("Greece signed for three frigates, with an option for a fourth"), None);
        assert_eq!(batch_from_text("the option for the second batch was exercised").as_deref(), Some("second"));
        assert_eq!(batch_from_text("Greece exercised its right to inspect the frigates"), None);
        assert_eq!(batch_from_text("The navy took time to weigh the option"), None);
        assert_eq!(batch_from_text("it ordered more advanced jets"), None);
        assert_eq!(batch_from_text("More jets were lost"), None);
        assert_eq!(batch_from_text("worth more than 2 billion dollars"), None);
        // The count on top of others must be the event's own.
        let batch = |count: f64, sentence: &str| {
            let d = doc_of("m", "2024-01-27", &[(EventType::Intent, "F-16", Polarity::Affirmed, None, Some(count), sentence)]);
            doc_claims(&d).remove(0).batch
        };
        let sale = "Washington approved the sale of 40 F-16 jets and upgrade kits for 79 more.";
        assert_eq!(batch(40.0, sale), None);
        assert_eq!(batch(79.0, sale).as_deref(), Some("additional"));
        assert_eq!(batch(12.0, "Ankara will buy another 12 F-16 jets.").as_deref(), Some("additional"));
        assert_eq!(batch(40.0, "A new deal covers 40 F-16 jets and kits for 79 more.").as_deref(), Some("additional"));
    }
}
