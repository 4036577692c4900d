//! Events: typed arms-transfer facts with their arguments, polarity,
//! modality, time, value, quantity and the speaker who states them.
//!
//! A small clause analysis, not proximity: each sentence is cut into
//! clauses; in a clause a trigger (verb or noun, active or passive) is found,
//! and the states around it are given roles by the trigger's argument
//! structure ("X supplies Y to Z", "Z buys Y from X", "X and Z signed",
//! "X imposed sanctions on Z") and by the prepositions that mark them.
//! What the clause does not say is taken from the document's main deal
//! (its dominant system, that system's maker as supplier, the state most
//! discussed besides it as recipient) only where the clause refers to it
//! ("the system", "the second batch", "the contract").

use crate::entities::{Entities, Referent};
use crate::gazetteer::{self, CountryForm, Gazetteer};
use crate::quotes::Found;
use crate::text::{is_claim_noun, tokens, Sentence, SpanIndex, Token, CLAIM_NOUNS, MAX_READ_TOKENS};
use crate::times::Time;
use dossier_model::{Amount, AmountKind, Event, EventType, Evidence, Modality, Money, Polarity, Quantity, Span};
use once_cell::sync::Lazy;
use std::collections::{HashMap, HashSet};

/// How a trigger's arguments are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// The agent supplies: "Russia delivered S-400s to Turkey".
    Seller,
    /// The agent receives: "India bought Rafales from France".
    Buyer,
    /// Both parties together: "Moscow and Ankara signed a contract".
    Mutual,
    /// The agent acts on a target: "Washington imposed sanctions on Ankara".
    Actor,
}

#[derive(Debug, Clone, Copy)]
struct Trigger {
    kind: EventType,
    frame: Frame,
    /// Token index range of the trigger words.
    at: usize,
    end: usize,
    /// Passive voice: the agent follows "by", the grammatical subject is the patient.
    passive: bool,
    rule: &'static str,
    /// Modality the trigger itself carries ("threatened" is a threat).
    modality: Option<Modality>,
    /// Polarity the trigger itself carries ("refused to sell").
    polarity: Option<Polarity>,
}

fn lower(t: &Token) -> String {
    t.text.to_lowercase()
}

const DEAL_NOUNS: &[&str] = &["contract", "contracts", "deal", "deals", "agreement", "agreements", "accord", "accords", "pact", "order", "orders", "memorandum", "mou", "loa", "loas"];
const SIGN_VERBS: &[&str] = &[
    "signed", "sign", "signs", "signing", "inked", "ink", "inks", "concluded", "conclude", "concludes", "sealed", "seal",
    "finalised", "finalized", "finalise", "finalize", "clinched", "clinch", "struck", "strike", "penned",
];
const BUY_VERBS: &[&str] = &["bought", "buy", "buys", "buying", "ordering", "purchasing", "acquiring", "purchased", "purchase", "purchases", "ordered", "orders", "procured", "procure", "procures", "acquired", "acquire", "acquires"];
/// Verbs that enlarge an order ("expanded its order to 40 aircraft").
const EXPAND_VERBS: &[&str] = &["expanded", "expands", "increased", "increases", "raised", "raises", "boosted", "boosts", "enlarged", "upped"];
const SUPPLY_VERBS: &[&str] = &["supply", "supplies", "supplied", "supplying", "sell", "sells", "sold", "selling", "provide", "provides", "provided", "export", "exports", "exported", "transfer", "transfers", "transferred", "providing", "exporting", "transferring"];
const DELIVER_VERBS: &[&str] = &["delivered", "deliver", "delivers", "delivering", "shipped", "ship", "ships", "shipping", "handed", "hand", "hands", "sent", "send", "sends", "sending", "lend", "lends", "lent", "lending", "lease", "leases", "leased", "leasing", "loaned"];
const RECEIVE_VERBS: &[&str] = &["received", "receive", "receives", "receiving", "took", "take", "takes", "taken", "taking", "inducted", "induct", "inducts", "obtained", "get", "gets", "getting", "commissioned"];
const TALK_NOUNS: &[&str] = &["talks", "negotiations", "negotiation", "consultations", "discussions"];
const TALK_VERBS: &[&str] = &["negotiating", "negotiate", "negotiated", "negotiates", "discussing", "discussed", "discuss"];
const INTENT_VERBS: &[&str] = &["intends", "intend", "intended", "plans", "plan", "planned", "planning", "wants", "want", "wanted", "seeks", "seek", "sought", "hopes", "hope", "hoped", "aims", "aim", "expects", "expect", "considering", "considers", "considered", "mulling", "weighing", "proposed", "offered", "offers", "demanded", "decided", "agreed", "going", "ready", "prepared", "prepare", "interested", "keen", "eager", "set", "seeking", "looking", "aiming", "hoping", "trying", "attempting", "wanting", "intending", "planning", "mulls", "weighs"];
const PRODUCTION_WORDS: &[&str] = &["localisation", "localization", "localise", "localize", "co-production", "coproduction", "co-produce", "producing", "produce", "produced", "production", "manufacture", "manufacturing", "manufactured", "assemble", "assembled", "assembly", "build", "builds", "building", "built"];
const EXCLUDE_VERBS: &[&str] = &["excluded", "exclude", "excludes", "expelled", "expel", "removed", "remove", "suspended", "suspend", "kicked", "ousted", "oust", "dropped", "barred", "ejected", "cut"];
const CANCEL_VERBS: &[&str] = &[
    "cancel", "cancelled", "canceled", "cancels", "scrapped", "scrap", "scraps", "terminated", "terminate", "annulled", "halted", "halt", "froze", "freeze", "frozen",
    "suspended", "blocked", "block", "delay", "delayed", "shelved", "shelve", "shelves", "abandoned", "abandon", "abandons", "axed", "ditched", "nixed", "rescinded",
    "revoked",
];

/// Subjects that are materiel (or the rest of it): "the remaining 18
/// helicopters are due", "the rest are stuck".
const MATERIEL_SUBJECTS: &[&str] = &[
    "jets", "fighters", "aircraft", "tanks", "helicopters", "howitzers", "drones", "frigates", "submarines", "launchers", "vehicles", "ships", "missiles", "systems",
    "batteries", "rest", "remainder", "deliveries", "units", "guns", "corvettes", "jet", "submarine", "frigate", "battery",
    "batch", "batches", "boats", "boat", "vessels", "vessel", "tranche",
];

/// Words that show a clause is about arms when it names no system.
const ARMS_WORDS: &[&str] = &[
    "weapons", "weapon", "arms", "jets", "jet", "fighters", "fighter", "aircraft", "helicopters", "helicopter", "tanks", "tank", "missiles",
    "missile", "drones", "drone", "howitzers", "howitzer", "artillery", "frigates", "frigate", "submarines", "submarine", "corvettes", "warships",
    "ships", "vessels", "vessel", "boats", "boat", "launchers", "launcher", "interceptors", "munitions", "ammunition", "shells", "rifles", "radars", "radar", "vehicles", "systems",
    "system", "equipment", "hardware", "defence", "defense", "military", "air-defence", "air-defense", "batteries", "rockets", "bombs",
];

/// A verb in a relative clause with no "that" or with one: "the 18 tanks
/// Germany promised have arrived", "the jets that Poland ordered were
/// delivered". The verb at `i` follows its subject (one to three
/// capitalised words or a pronoun) and a head noun, and a finite verb
/// follows it. Returns the first token of the relative clause (its "that"
/// or its subject).
fn relative_clause(toks: &[Token], low: &[String], i: usize) -> Option<usize> {
    let w = |k: usize| low.get(k).map(String::as_str).unwrap_or("");
    let verb = w(i);
    let past = verb.len() > 3 && verb.ends_with("ed") || matches!(verb, "sent" | "sold" | "bought" | "gave" | "given" | "lent" | "built" | "made" | "got" | "won" | "took");
    let finite_next = matches!(
        w(i + 1),
        "have" | "has" | "had" | "were" | "was" | "are" | "is" | "will" | "would" | "could" | "can" | "should" | "arrived" | "began" | "entered" | "reached" | "landed" | "remain" | "remained"
    );
    if !past || !finite_next || i == 0 {
        return None;
    }
    let mut s = i;
    while s > 0 && i - s < 3 && toks[s - 1].is_capitalized() && low[s - 1].chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-')) {
        s -= 1;
    }
    if s == i {
        if !matches!(w(i - 1), "it" | "they" | "we" | "he" | "she" | "i" | "you") {
            return None;
        }
        s = i - 1;
    }
    if s > 0 && w(s - 1) == "the" {
        s -= 1;
    }
    let that = s > 0 && matches!(w(s - 1), "that" | "which");
    if that {
        s -= 1;
    }
    // The head noun the clause describes: a plural ("tanks", "S-400s"), an
    // arms word, or any noun before "that".
    let head = w(s.checked_sub(1)?);
    let plural = head.len() > 3 && head.ends_with('s') && !head.ends_with("ss") && !matches!(head, "this" | "was" | "has" | "is" | "its" | "his" | "hers" | "ours" | "theirs" | "yours" | "us" | "as" | "does" | "says" | "thus" | "plus");
    let noun = plural || ARMS_WORDS.contains(&head) || that && head.chars().all(char::is_alphabetic) && !PREPS.contains(&head) && !matches!(head, "said" | "says" | "say" | "told" | "tells" | "added" | "stated" | "announced" | "noted" | "believe" | "believes" | "claimed" | "reported" | "so" | "such");
    // The clause's first word is no head noun: "Turkey ordered was" is no sentence.
    (noun && s >= 1 && !toks[s - 1].is_capitalized() || noun && plural && s >= 2).then_some(s)
}

/// Words of a relative clause's verb that make its subject the supplier of
/// the noun it describes ("the tanks Germany promised"); the others
/// ("ordered", "bought") make it the recipient.
fn supplies_what_it_describes(verb: &str) -> bool {
    matches!(
        verb,
        "promised" | "pledged" | "sent" | "supplied" | "sold" | "gave" | "given" | "delivered" | "donated" | "provided" | "shipped" | "offered" | "lent" | "exported" | "built" | "made"
            | "manufactured" | "produced" | "transferred" | "committed" | "loaned" | "leased"
    )
}

/// Joined givers ("The Netherlands and Denmark will deliver", "pledged by
/// Denmark and the Netherlands"): the events of the first, who is their
/// supplier, repeated for each of the others, unless one already gives the
/// same or is that event's recipient.
fn each_gives(out: &mut Vec<Event>, givers: &[&StateArg]) {
    let base: Vec<Event> = out.iter().filter(|e| e.supplier.as_ref() == Some(&givers[0].iso3)).cloned().collect();
    for st in &givers[1..] {
        for e in &base {
            if e.recipient.as_ref() != Some(&st.iso3) && !out.iter().any(|x| x.supplier.as_ref() == Some(&st.iso3) && x.system == e.system && x.kind == e.kind) {
                out.push(Event { supplier: Some(st.iso3.clone()), ..e.clone() });
            }
        }
    }
}

/// A delivery told by the main verb after a relative clause ("… have
/// arrived", "… were delivered", "… have been handed over").
fn arrival_follows(low: &[String], i: usize) -> bool {
    low.iter().skip(i + 1).take(4).any(|w| {
        matches!(w.as_str(), "arrived" | "arrive" | "delivered" | "handed" | "received" | "reached" | "landed" | "shipped" | "entered" | "commissioned" | "inducted")
    })
}

/// Whether a statement's frame denies what it frames: "Moscow denied",
/// not "the embassy said, denying reports of delays" (a denial with an
/// object of its own: "reports of", "that …", "any …").
fn frame_denies_quote(frame: &str) -> bool {
    let words: Vec<String> = frame.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let w = |k: usize| words.get(k).map(String::as_str).unwrap_or("");
    (0..words.len()).any(|p| {
        matches!(w(p), "denied" | "denies" | "deny" | "denying" | "rejected" | "rejects" | "rejecting" | "dismissed" | "dismisses" | "dismissing" | "refuted" | "refutes" | "refuting") && {
            // "denied that" ends a frame before the words it frames; words after it are its own.
            let own_object = w(p + 1) == "any"
                || w(p + 1) == "that" && p + 2 < words.len()
                || (p + 1..p + 4).any(|j| {
                    crate::text::is_claim_noun(w(j)) && (matches!(w(j + 1), "of" | "about" | "over" | "on" | "regarding" | "concerning") || w(j + 1) == "that" && j + 2 < words.len())
                });
            !own_object
        }
    })
}

/// Verbs that head a predicate of their own: a negator before one of them
/// does not reach a trigger after it. Forms that are also nouns ("order",
/// "supplies") are left out.
fn is_predicate(w: &str) -> bool {
    let noun = matches!(w, "purchase" | "purchases" | "order" | "orders" | "ship" | "ships" | "supply" | "supplies" | "export" | "exports" | "transfer" | "transfers" | "hand" | "hands" | "take" | "takes" | "sign" | "strike" | "seal" | "deal");
    !noun && (SIGN_VERBS.contains(&w) || BUY_VERBS.contains(&w) || SUPPLY_VERBS.contains(&w) || DELIVER_VERBS.contains(&w) || RECEIVE_VERBS.contains(&w) || TALK_VERBS.contains(&w) || matches!(w, "paid" | "said" | "says" | "announced" | "confirmed"))
}

/// Words after which a state is not the agent of the clause's verb.
const PREPS: &[&str] = &["to", "for", "from", "with", "on", "against", "of", "by", "in", "into", "at", "over", "between", "about", "than", "like", "as", "and", "toward", "towards", "upon", "through", "via"];

/// A finite verb by its form, for a word after a subject: an auxiliary, a
/// past tense or a present third person ("rebuilds", "prepares").
fn finite_verb_form(w: &str) -> bool {
    matches!(w, "is" | "was" | "are" | "were" | "has" | "had" | "have" | "will" | "would" | "can" | "could" | "may" | "might" | "must" | "should" | "does" | "did")
        || (w.len() > 3 && w.ends_with("ed"))
        || (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("'s") && !w.ends_with("’s") && w.chars().all(|c| c.is_ascii_lowercase()))
}

/// A document's main deal, used where a clause refers to it without naming it.
#[derive(Debug, Clone, Default)]
pub struct DocDeal {
    pub system: Option<String>,
    pub supplier: Option<String>,
    pub recipient: Option<String>,
    /// Read from the paragraph rather than the whole document: only a
    /// definite noun ("the contract", "the jets") refers to it, not a pronoun.
    pub local: bool,
}

/// The dominant system and parties of a document. A system the headline
/// names counts twice over, a state once: the headline names the report's
/// main deal.
pub fn doc_deal(ents: &Entities, gaz: &Gazetteer, title: Option<&str>, text: Option<&str>) -> DocDeal {
    let mut systems: HashMap<&str, usize> = HashMap::new();
    let mut countries: HashMap<&str, usize> = HashMap::new();
    let headline = title.map(|t| (t, gaz.find(t)));
    if let Some((t, hits)) = &headline {
        for h in hits {
            match &h.entry.kind {
                crate::gazetteer::Kind::System { .. } if beaten(t, h.start) => {}
                crate::gazetteer::Kind::System { canonical, .. } => *systems.entry(canonical.as_str()).or_default() += 2,
                // A state in the headline counts once, unless it only sets the
                // scene ("War in Ukraine slows S-400 supplies").
                crate::gazetteer::Kind::Country { iso3, .. } => {
                    let prev = t[..h.start].split_whitespace().last().unwrap_or("").to_lowercase();
                    if goes_to(t, h.start) {
                        *countries.entry(iso3.as_str()).or_default() += 3;
                    } else if !matches!(prev.as_str(), "in" | "amid" | "over" | "against" | "after" | "during" | "despite") {
                        *countries.entry(iso3.as_str()).or_default() += 1;
                    }
                }
                _ => {}
            }
        }
    }
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    // The dateline's state breaks a tie (below); it does not count, since
    // a report is as often filed from the seller's capital as the buyer's.
    let dateline = text.and_then(|t| dateline_state(t, ents, gaz));
    for m in &ents.mentions {
        match &m.referent {
            Referent::System { .. } if text.is_some_and(|t| beaten(t, m.start)) => {}
            Referent::System { canonical } => *systems.entry(canonical.as_str()).or_default() += 1,
            Referent::Country { .. } if text.is_some_and(|t| only_qualifies(t, m)) => {}
            // "jets from Oman", "ordered from Italy": where arms come from is
            // no candidate for where they go ("payment from India" is).
            Referent::Country { .. } if text.is_some_and(|t| from_source(t, m.start)) => {}
            Referent::Country { iso3, .. } => {
                // "deliver F-16s to Ukraine", "arrived in Ukraine": a state
                // that arms go to counts three times (givers may be named as often).
                let target = text.is_some_and(|t| goes_to(t, m.start));
                *countries.entry(iso3.as_str()).or_default() += if target { 3 } else { 1 };
                first_seen.entry(iso3.as_str()).or_insert(m.start);
            }
            // "The Indian Navy rejected reports …": a state's own forces or
            // agency stand for it.
            Referent::Organization { category, country: Some(c), .. } if category == "agency" => {
                *countries.entry(c.as_str()).or_default() += 1;
                first_seen.entry(c.as_str()).or_insert(m.start);
            }
            _ => {}
        }
    }
    // The one system a headline names, if it names one.
    let mut in_title: Vec<&str> = headline
        .iter()
        .flat_map(|(_, hits)| hits.iter())
        .filter_map(|h| match &h.entry.kind {
            crate::gazetteer::Kind::System { canonical, .. } if !title.is_some_and(|t| beaten(t, h.start)) => Some(canonical.as_str()),
            _ => None,
        })
        .collect();
    in_title.dedup();
    let title_system = if in_title.len() == 1 { in_title.first().copied() } else { None };
    // "Saudi Arabia signs deal for Chinese drones": the headline names the
    // maker's state; systems of other makers are background.
    let title_maker = headline.as_ref().and_then(|(t, hits)| {
        hits.iter().find_map(|h| match &h.entry.kind {
            crate::gazetteer::Kind::Country { iso3, form: CountryForm::Demonym } => {
                let next = t[h.end..].split_whitespace().next().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase();
                matches!(
                    next.as_str(),
                    "drones" | "jets" | "fighters" | "fighter" | "tanks" | "missiles" | "missile" | "weapons" | "arms" | "submarines" | "helicopters" | "frigates" | "howitzers" | "warplanes" | "aircraft" | "air"
                )
                .then_some(iso3.as_str())
            }
            _ => None,
        })
    });
    if let Some(maker) = title_maker {
        if systems.keys().any(|s| gaz.system_origin(s) == Some(maker)) {
            systems.retain(|s, _| gaz.system_origin(s) == Some(maker));
        }
    }
    let mut ranked: Vec<(&str, usize)> = systems.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    // Unambiguous only: the top system is mentioned clearly more than the
    // next, or it is the one the headline names and still leads.
    let system = match ranked.as_slice() {
        [] => None,
        [(s, _)] => Some(s.to_string()),
        [(s, n), (_, m), ..] if *n >= 2 * *m && *n >= 2 => Some(s.to_string()),
        [(s, n), (_, m), ..] if n > m && title_system == Some(*s) => Some(s.to_string()),
        _ => None,
    };
    let supplier = system.as_ref().and_then(|s| origin_of(gaz, s));
    let mut ranked_c: Vec<(&str, usize)> = countries.into_iter().filter(|(c, _)| Some(*c) != supplier.as_deref()).collect();
    ranked_c.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let recipient = match ranked_c.as_slice() {
        [] => None,
        [(c, _)] => Some(c.to_string()),
        [(c, n), (_, m), ..] if n > m => Some(c.to_string()),
        // A tie that the dateline's state is part of: the report's own state.
        [(_, n), (_, m), ..] if n == m && *n >= 2 && dateline.as_deref().is_some_and(|d| ranked_c.iter().any(|(c, k)| *c == d && k == n)) => dateline.clone(),
        // As often named as another: the one the report names first (its lead).
        [(c, n), (d, m), rest @ ..] if n == m && *n >= 2 && rest.first().is_none_or(|r| r.1 < *n) && system.is_some() => {
            // A state named only in the headline comes first.
            let seen = |x: &str| first_seen.get(x).copied().unwrap_or(0);
            Some(if seen(c) <= seen(d) { c.to_string() } else { d.to_string() })
        }
        _ => None,
    };
    DocDeal { system, supplier, recipient, local: false }
}

/// Whether the state named at `start` is where arms come from: "jets from
/// Oman", "FREMM frigates ordered from Italy".
fn from_source(text: &str, start: usize) -> bool {
    let mut before = text[..start].split_whitespace().rev().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase());
    before.next().is_some_and(|w| w == "from")
        && before.next().is_some_and(|w| ARMS_WORDS.contains(&w.as_str()) || matches!(w.as_str(), "bought" | "ordered" | "purchased" | "imported" | "acquired" | "sourced" | "procured" | "leased"))
}

/// Whether the state named at `start` is where something goes: after "to"
/// ("to Ukraine", not "according to Ukraine") or after "arrived in".
fn goes_to(text: &str, start: usize) -> bool {
    let mut before = text[..start].split_whitespace().rev().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase());
    let prev = before.next().unwrap_or_default();
    let prev2 = before.next().unwrap_or_default();
    match prev.as_str() {
        // "F-16s for Ukraine", "jets for India".
        "for" => ARMS_WORDS.contains(&prev2.as_str()) || prev2.ends_with('s') && prev2.bytes().any(|b| b.is_ascii_digit()),
        "to" => !matches!(prev2.as_str(), "according" | "next" | "close" | "closer" | "similar" | "due" | "thanks" | "visit" | "trip" | "ambassador" | "envoy" | "threat" | "threats" | "compared" | "referring" | "opposed"),
        "in" => matches!(prev2.as_str(), "arrived" | "arrive" | "arrives" | "arriving" | "landed" | "delivered" | "deployed"),
        _ => false,
    }
}

/// A state that only qualifies a third party's act, people or lawmaking
/// ("over the threat of U.S. sanctions", "Western officials said", "the U.S.
/// House approved"): no party to a deal by being named.
fn only_qualifies(text: &str, m: &crate::entities::Mention) -> bool {
    let next = text[m.end..].split_whitespace().next().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase();
    matches!(
        next.as_str(),
        "sanctions" | "sanction" | "officials" | "official" | "warnings" | "warning" | "pressure" | "law" | "lawmakers" | "legislators" | "diplomats" | "intelligence" | "media" | "embassy" | "envoy" | "analysts" | "house" | "senate" | "congress" | "senators" | "administration"
    )
}

/// What [`paragraph_deal`] reads, indexed once per document so that each
/// clause's deal is a few binary searches, not a scan back over the
/// paragraph (or the whole document) before it: that scan made a long
/// document with no system named cost the square of its length (16 MB of
/// short sentences naming two states: half an hour).
struct DealIndex<'a> {
    ents: &'a Entities,
    /// Mentions of systems not beaten by a rival ("chose X over Y"), by
    /// index into `ents.mentions`, in text order.
    systems: Vec<usize>,
    /// Mentions of states that do not only qualify a third party's act or
    /// people ("U.S. sanctions", "Western officials"), in text order.
    countries: Vec<usize>,
    /// For each of `countries`, the last one before it that names another
    /// state.
    other_before: Vec<Option<usize>>,
}

impl<'a> DealIndex<'a> {
    fn new(text: &str, ents: &'a Entities) -> Self {
        let qualifies = |m: &crate::entities::Mention| only_qualifies(text, m);
        let mut systems = Vec::new();
        let mut countries = Vec::new();
        for (i, m) in ents.mentions.iter().enumerate() {
            match &m.referent {
                Referent::System { .. } if !beaten(text, m.start) => systems.push(i),
                Referent::Country { .. } if !qualifies(m) => countries.push(i),
                _ => {}
            }
        }
        let iso = |i: usize| match &ents.mentions[i].referent {
            Referent::Country { iso3, .. } => iso3.as_str(),
            _ => "",
        };
        let mut other_before: Vec<Option<usize>> = Vec::with_capacity(countries.len());
        for j in 0..countries.len() {
            let o = match j.checked_sub(1) {
                None => None,
                Some(p) if iso(countries[p]) != iso(countries[j]) => Some(p),
                Some(p) => other_before[p],
            };
            other_before.push(o);
        }
        DealIndex { ents, systems, countries, other_before }
    }

    /// The last of `list` (mention indices in text order) inside
    /// `start..end` that `keep` accepts, as a position in `list`; `skip`
    /// tells where to look next when `keep` refuses one.
    fn last_within(&self, list: &[usize], start: usize, end: usize, keep: impl Fn(usize) -> bool, skip: impl Fn(usize) -> Option<usize>) -> Option<usize> {
        let m = &self.ents.mentions;
        let mut j = list.partition_point(|&i| m[i].start < end).checked_sub(1)?;
        loop {
            let x = &m[list[j]];
            if x.start < start {
                return None;
            }
            if x.end <= end {
                if keep(j) {
                    return Some(j);
                }
                j = skip(j)?;
            } else {
                j = j.checked_sub(1)?;
            }
        }
    }
}

/// The deal the text from `start` to `end` is about so far: its last
/// system named (not one beaten by a rival), that system's maker's state as
/// supplier, and the last other state named as recipient.
fn paragraph_deal(ix: &DealIndex, gaz: &Gazetteer, start: usize, end: usize) -> Option<DocDeal> {
    let m = &ix.ents.mentions;
    let j = ix.last_within(&ix.systems, start, end, |_| true, |j| j.checked_sub(1))?;
    let Referent::System { canonical } = &m[ix.systems[j]].referent else { return None };
    let system = canonical.clone();
    let supplier = origin_of(gaz, &system);
    let iso = |j: usize| match &m[ix.countries[j]].referent {
        Referent::Country { iso3, .. } => Some(iso3),
        _ => None,
    };
    // Past the supplier's own mentions at once: the one before that names another state.
    let recipient = ix.last_within(&ix.countries, start, end, |j| iso(j) != supplier.as_ref(), |j| ix.other_before[j]).and_then(iso).cloned();
    Some(DocDeal { system: Some(system), supplier, recipient, local: true })
}

/// Whether a class noun ("tanks", "the jets") fits a system class; None for
/// words that name no class.
fn noun_fits_class(noun: &str, class: &str) -> Option<bool> {
    Some(match noun {
        "jets" | "fighters" | "aircraft" | "jet" | "fighter" | "warplanes" | "warplane" => class.ends_with("aircraft") || class == "other",
        "tanks" | "tank" => matches!(class, "tank" | "armoured_vehicle"),
        "howitzers" | "guns" | "howitzer" | "gun" => matches!(class, "artillery" | "rocket_artillery"),
        "helicopters" | "helicopter" => class == "helicopter",
        "drones" | "drone" => class == "drone",
        "frigates" | "frigate" | "corvettes" | "corvette" | "warships" | "warship" | "destroyers" | "destroyer" => class == "ship",
        "submarines" | "submarine" => class == "submarine",
        "launchers" | "missiles" | "regiments" | "batteries" | "missile" => matches!(class, "missile" | "air_defence" | "rocket_artillery" | "artillery"),
        _ => return None,
    })
}

/// Whether the system named at `start` is the one a choice beat: "selected
/// Saab's Gripen over Lockheed Martin's F-16", "picks Gripen over F-16".
fn beaten(text: &str, start: usize) -> bool {
    let mut lo = start.saturating_sub(160);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let before = &text[lo..start];
    let before = before.rsplit(['.', '\n']).next().unwrap_or(before);
    let words: Vec<&str> = before.split_whitespace().collect();
    let Some(at) = words.iter().rev().take(4).position(|w| matches!(w.to_ascii_lowercase().as_str(), "over" | "beating" | "than")) else { return false };
    let at = words.len() - 1 - at;
    // Only the rival's maker and articles between the word and the system.
    let between_ok = words[at + 1..].iter().all(|w| matches!(*w, "the" | "a" | "an" | "rival") || w.starts_with(|c: char| c.is_uppercase()));
    let choice = words[..at].iter().any(|w| {
        matches!(
            w.to_ascii_lowercase().trim_matches(|c: char| !c.is_alphanumeric()),
            "selected" | "selects" | "select" | "chose" | "chosen" | "chooses" | "choose" | "picked" | "picks" | "pick" | "preferred" | "prefers" | "won" | "wins" | "opted" | "favoured" | "favored"
        )
    });
    between_ok && choice
}

fn origin_of(gaz: &Gazetteer, system: &str) -> Option<String> {
    gaz.system_origin(system).map(str::to_string)
}

/// Finds the events of a document.
#[allow(clippy::too_many_arguments)]
pub fn find(
    text: &str,
    sentences: &[Sentence],
    ents: &Entities,
    quotes: &[Found],
    times: &[Time],
    amounts: &[Amount],
    gaz: &Gazetteer,
    title: Option<&str>,
) -> Vec<Event> {
    let deal = doc_deal(ents, gaz, title, Some(text));
    let deal_index = deal.system.is_none().then(|| DealIndex::new(text, ents));
    let mut out: Vec<Event> = Vec::new();
    // Whether each event's supplier is only its system's maker, named by no word.
    let mut maker_default: Vec<bool> = Vec::new();
    // What a sentence's events use of the times, amounts and quotes lies in
    // the sentence (a quote may begin before it): each sentence gets the
    // part of each list that can concern it, so a long document is not
    // scanned once per trigger. A list not in text order is passed whole.
    let time_index = SpanIndex::in_order(times.iter().map(|t| Span::new(t.start, t.end)));
    let amount_index = SpanIndex::in_order(amounts.iter().map(|a| Span::new(a.start, a.end)));
    let quote_index = SpanIndex::in_order(quotes.iter().map(|q| q.span));
    let mut paragraph = (usize::MAX, 0);
    // Where the events of the sentence before begin in `out`.
    let mut last_sentence = usize::MAX;
    for s in sentences {
        let part = |index: &Option<SpanIndex>, len: usize| index.as_ref().map_or(0..len, |i| i.touching(s.start, s.end));
        let times = &times[part(&time_index, times.len())];
        let amounts = &amounts[part(&amount_index, amounts.len())];
        let quotes = &quotes[part(&quote_index, quotes.len())];
        // The subject of the clause before: a clause with none ("…, but has
        // not yet signed a contract") shares it.
        let mut prev_subject: Option<Span> = None;
        if s.paragraph != paragraph.0 {
            paragraph = (s.paragraph, s.start);
        }
        let first_event = out.len();
        let before = std::mem::replace(&mut last_sentence, first_event);
        // A question asserts nothing ("Will India buy more Rafales?").
        if text[s.start..s.end].trim_end().trim_end_matches(['"', '”', '’', '\'', ')']).ends_with('?') {
            continue;
        }
        for (ci, clause) in clauses(text, s).into_iter().enumerate() {
            // Where the document has no one main deal, "the contract" and "the
            // deliveries" refer to the deal the paragraph is about so far (or,
            // at the start of a paragraph, the last one named before).
            let local = match &deal_index {
                Some(ix) => paragraph_deal(ix, gaz, paragraph.1, clause.start).or_else(|| paragraph_deal(ix, gaz, 0, clause.start)),
                None => None,
            };
            let deal = local.as_ref().unwrap_or(&deal);
            let toks = tokens(text, clause);
            if toks.is_empty() || toks.len() > MAX_READ_TOKENS {
                continue;
            }
            let low: Vec<String> = toks.iter().map(lower).collect();
            let trigs = triggers(&toks, &low);
            let inherited = if ci > 0 && subjectless(&text[clause.start..clause.end]) { prev_subject } else { None };
            prev_subject = inherited.or_else(|| trigs.first().map(|t| Span::new(clause.start, toks[t.at].start)));
            // Where every trigger of the clause ends: a time right after one
            // trigger is its complement, not a later trigger's.
            let ends: Vec<usize> = trigs.iter().map(|t| toks[t.end.min(toks.len()) - 1].end).collect();
            for trig in trigs {
                if let Some((mut evs, defaulted)) = build(text, s.span(), clause, inherited, &toks, &low, trig, &ends, ents, quotes, times, amounts, gaz, deal) {
                    maker_default.extend(std::iter::repeat_n(defaulted, evs.len()));
                    out.append(&mut evs);
                }
            }
        }
        // "Denmark will send six jets … The first will arrive in the spring":
        // a delivery that names no giver comes from the one the report last
        // named for the same system and buyer, not from the system's maker.
        // So does a deal ("Denmark agreed to sell 24 used F-16 jets to
        // Argentina. Argentina's minister signed the deal in Copenhagen").
        let sentence_end = out.len();
        for i in first_event..sentence_end {
            let transfer = matches!(out[i].kind, EventType::Delivery | EventType::DealSigned | EventType::Intent | EventType::Payment);
            if !maker_default[i] || !transfer || out[i].supplier.is_none() {
                continue;
            }
            let gives = |j: usize| {
                !maker_default[j]
                    && matches!(out[j].kind, EventType::Delivery | EventType::Intent | EventType::DealSigned)
                    && out[j].system == out[i].system
                    && (out[j].recipient == out[i].recipient || out[i].recipient.is_none() && out[j].recipient.is_some())
                    && out[j].supplier.is_some()
            };
            // "The first F-16s have arrived, a year after Denmark and the
            // Netherlands pledged them": givers the sentence names later give,
            // each of them.
            if let Some(j) = (i + 1..sentence_end).find(|&j| gives(j)) {
                let givers: Vec<String> = (j..sentence_end).filter(|&k| gives(k) && out[k].evidence.start == out[j].evidence.start).filter_map(|k| out[k].supplier.clone()).fold(Vec::new(), |mut v, g| {
                    if !v.contains(&g) {
                        v.push(g);
                    }
                    v
                });
                out[i].recipient = out[i].recipient.clone().or_else(|| out[j].recipient.clone());
                out[i].supplier = Some(givers[0].clone());
                for g in &givers[1..] {
                    let copy = Event { supplier: Some(g.clone()), ..out[i].clone() };
                    out.push(copy);
                    maker_default.push(false);
                }
                continue;
            }
            // The last few hundred events: a long report stays linear.
            // "Turkey will buy 40 Typhoons from Britain. The first jets are
            // expected in 2027": one that names no buyer either takes both.
            let giver = (i.saturating_sub(300)..i).rev().find(|&j| gives(j)).map(|j| (out[j].supplier.clone(), out[j].recipient.clone()));
            if let Some((supplier, recipient)) = giver {
                out[i].supplier = supplier;
                out[i].recipient = recipient;
            }
        }
        // "Spain agreed to sell Meteor missiles to Morocco. Madrid blocked the
        // export": a cancellation by a state the report told selling the
        // system cancels that sale, whoever makes the system.
        for i in first_event..out.len() {
            if out[i].kind != EventType::Cancellation || out[i].recipient.is_none() {
                continue;
            }
            let sale = (i.saturating_sub(300)..i).rev().find(|&j| {
                matches!(out[j].kind, EventType::DealSigned | EventType::Intent | EventType::Delivery)
                    && !maker_default[j]
                    && out[j].system.is_some()
                    && out[j].system == out[i].system
                    && out[j].supplier == out[i].recipient
                    && out[j].recipient.is_some()
            });
            if let Some(j) = sale {
                out[i].supplier = out[j].supplier.clone();
                out[i].recipient = out[j].recipient.clone();
            }
        }
        // "The package is estimated at $8.6 billion.": a sentence that only
        // states a value gives it to the deal the sentence before reported.
        let deal_kind = |e: &Event| matches!(e.kind, EventType::DealSigned | EventType::Intent | EventType::Payment | EventType::Negotiation);
        if !out[first_event..].iter().any(deal_kind) && before < first_event {
            if let Some(money) = value_statement(text, s, amounts) {
                if out[before..first_event].iter().filter(|e| deal_kind(e)).all(|e| e.value.is_none()) {
                    for e in out[before..first_event].iter_mut().filter(|e| deal_kind(e)) {
                        e.value = Some(money.clone());
                    }
                }
            }
        }
    }
    merge(out)
}

/// A sentence that only states a deal's value: "The package is estimated
/// at $8.6 billion.", "The contract is worth about €2 billion."
fn value_statement(text: &str, s: &Sentence, amounts: &[Amount]) -> Option<Money> {
    let body = &text[s.start..s.end];
    let raw: Vec<&str> = body.split_whitespace().take(24).collect();
    let words: Vec<String> = raw.iter().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase()).collect();
    if !matches!(words.first()?.as_str(), "the" | "this" | "that" | "its") {
        return None;
    }
    let mut k = 1;
    if matches!(words.get(k)?.as_str(), "whole" | "entire" | "total" | "proposed" | "new" | "latest") {
        k += 1;
    }
    // "The 24 drones will cost about $300 million": what the arms cost is the deal's value.
    let w = words.get(k)?;
    if small_count(w).is_some() || w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        k += 1;
    }
    let noun = words.get(k)?.as_str();
    let arms = ARMS_WORDS.contains(&noun) && noun.ends_with('s');
    // "The price agreed in September is 150 billion crowns."
    let price = matches!(noun, "price" | "value" | "cost");
    if !arms && !price && !matches!(noun, "deal" | "contract" | "package" | "sale" | "agreement" | "order" | "purchase" | "acquisition") {
        return None;
    }
    // "The jets, together with weapons, training and support, will cost …":
    // an aside between commas after the noun, up to the verb.
    let mut r = k + 1;
    if raw[k].ends_with(',') {
        let verb = |j: usize| words.get(j).is_some_and(|w| matches!(w.as_str(), "will" | "would" | "could" | "is" | "are" | "was" | "were" | "cost" | "costs"));
        // "The deal, reportedly worth €1.3 billion, also covers": the aside is the statement.
        r = (k + 1..raw.len().min(k + 14)).find(|&j| raw[j].ends_with(',') && verb(j + 1)).map_or(k + 1, |j| j + 1);
    }
    let rest = &words[r.min(words.len())..words.len().min(r + 6)];
    if price {
        // A copula, then the money: "is", "was", "will be", "would be".
        let c = rest.iter().position(|w| matches!(w.as_str(), "is" | "was"))?;
        let next = rest.get(c + 1)?;
        if !(next.starts_with(|ch: char| ch.is_ascii_digit()) || matches!(next.as_str(), "about" | "around" | "roughly" | "some" | "nearly" | "almost" | "usd" | "eur") || raw.get(r + c + 1).is_some_and(|w| w.starts_with(|ch: char| !ch.is_alphanumeric()))) {
            return None;
        }
    } else {
        let worth = rest.iter().position(|w| matches!(w.as_str(), "worth" | "valued" | "estimated" | "priced" | "costs" | "cost"))?;
        // "is worth", "is expected to be worth", "would reportedly cost".
        if !rest[..worth].iter().all(|w| matches!(w.as_str(), "is" | "was" | "would" | "will" | "be" | "could" | "has" | "been" | "reportedly" | "about" | "expected" | "likely" | "set" | "to")) {
            return None;
        }
    }
    let mut money = amounts.iter().filter(|a| a.kind == AmountKind::Money && a.start >= s.start && a.end <= s.end);
    let first = money.next()?;
    // A conversion in brackets right after is the same value: "300 billion forints ($1 billion)".
    let converted = |a: &Amount| text[first.end..a.start].trim() == "(";
    money.all(converted).then(|| Money { amount: first.value, currency: first.unit.clone() })
}

/// Where [`clauses`] may cut a sentence.
const CUT_PATTERNS: &[&str] = &["; ", ", but ", " but ", ", while ", ", whereas ", ", although ", " although ", ", and ", ", citing ", ", saying ", ", stating ", ", adding ", ", despite ", ", when ", " and that ", " after "];
static CLAUSE_CUTS: Lazy<aho_corasick::AhoCorasick> = Lazy::new(|| aho_corasick::AhoCorasick::new(CUT_PATTERNS).expect("clause cut patterns build an automaton"));

/// Clauses: a sentence cut at semicolons and at contrastive conjunctions.
fn clauses(text: &str, s: &Sentence) -> Vec<Span> {
    let body = &text[s.start..s.end];
    let mut cuts = vec![0];
    // A sentence that opens with a subordinate clause ("Due to the fact that …, X did")
    // is cut after that clause.
    let first = body.split_whitespace().next().unwrap_or("").to_lowercase();
    if matches!(first.as_str(), "due" | "because" | "since" | "although" | "though" | "after" | "before" | "when" | "while" | "if" | "unless" | "once" | "despite") {
        if let Some(i) = body.find(", ") {
            cuts.push(i + 2);
        }
    }
    // Every place any cut pattern occurs (none overlaps itself).
    for m in CLAUSE_CUTS.find_overlapping_iter(body) {
        let pat = CUT_PATTERNS[m.pattern().as_usize()];
        let at = m.start();
        // Cut after the comma/semicolon, keeping the conjunction with the next clause.
        let cut = at + if pat.starts_with(',') || pat.starts_with(';') { 2 } else { 1 };
        // ", and" cuts only when a new subject with a verb follows ("…, and Ankara warned").
        if pat == ", and " && !new_clause_after(&body[cut + 4..]) {
            continue;
        }
        // "…, officials said, after Hanoi and Moscow signed a contract",
        // "broke off talks after Washington warned of sanctions": a
        // subordinate clause with a subject and verb of its own names its
        // own parties; "after months of talks", "after 2019" stay.
        if pat == " after " && (!new_clause_after(&body[cut + 6..]) || body[cut + 6..].split_whitespace().next().is_some_and(|w| w.ends_with("ing"))) {
            continue;
        }
        // "…, when it signed a contract": a pronoun subject stays with
        // the clause it refers back to.
        if matches!(pat, ", when " | " after ") && body[at + pat.len()..].split_whitespace().next().is_some_and(|w| matches!(w, "it" | "they" | "he" | "she" | "its" | "their")) {
            continue;
        }
        cuts.push(cut);
    }
    cuts.sort();
    cuts.dedup();
    cuts.push(body.len());
    cuts.windows(2)
        .filter(|w| w[1] > w[0])
        .map(|w| Span::new(s.start + w[0], s.start + w[1]))
        .collect()
}

/// A clause that opens with a conjunction and goes straight on to its verb
/// ("but has not yet signed a contract", "and is in talks with Iraq"): it
/// has no subject of its own.
fn subjectless(clause: &str) -> bool {
    let clause = clause.trim_start();
    let (head, rest) = clause.split_once(char::is_whitespace).unwrap_or((clause, ""));
    let conjunction = head.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    matches!(conjunction.as_str(), "but" | "and" | "yet") && verb_first(rest)
}

/// Words that go straight to a verb, after adverbs ("has not yet signed").
fn verb_first(rest: &str) -> bool {
    let mut words = rest.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase());
    let first = words.find(|w| !matches!(w.as_str(), "also" | "still" | "then" | "later" | "now" | "so" | "subsequently" | "eventually" | "since" | "recently" | "already" | "soon"));
    first.is_some_and(|w| {
        matches!(
            w.as_str(),
            "is" | "are" | "was" | "were" | "has" | "have" | "had" | "will" | "would" | "could" | "can" | "may" | "might" | "should" | "must" | "did" | "does" | "do" | "plans" | "planned"
                | "expects" | "expected" | "wants" | "hopes" | "intends" | "said" | "says" | "told" | "announced" | "added"
        ) || SIGN_VERBS.contains(&w.as_str())
            || BUY_VERBS.contains(&w.as_str())
            || SUPPLY_VERBS.contains(&w.as_str())
            || DELIVER_VERBS.contains(&w.as_str())
            || RECEIVE_VERBS.contains(&w.as_str())
            || TALK_VERBS.contains(&w.as_str())
    })
}

fn new_clause_after(rest: &str) -> bool {
    // "…, and is in talks with Iraq": a verb with no subject starts a clause
    // when an event of its own follows ("…, and is worth €2.5 billion" still
    // describes the deal before it).
    if verb_first(rest)
        && rest.split_whitespace().take(5).any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
            let w = w.as_str();
            TALK_NOUNS.contains(&w) || TALK_VERBS.contains(&w) || SIGN_VERBS.contains(&w) || BUY_VERBS.contains(&w) || SUPPLY_VERBS.contains(&w) || DELIVER_VERBS.contains(&w) || RECEIVE_VERBS.contains(&w)
        })
    {
        return true;
    }
    let words: Vec<&str> = rest.split_whitespace().take(5).collect();
    words.iter().skip(1).any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        (w.ends_with("ed") && !w.contains('-'))
            || matches!(
                w.as_str(),
                "said" | "says" | "warned" | "will" | "would" | "has" | "have" | "is" | "was" | "were" | "are" | "began" | "begun" | "came" | "took" | "sent" | "sold"
                    | "bought" | "won" | "paid" | "gave" | "made" | "became" | "fell" | "rose" | "struck" | "got" | "went" | "held" | "told"
            )
    })
}

/// Every word a branch of [`triggers`] opens on: a token not among them
/// starts no trigger, and its branches (each a scan of word lists) are
/// skipped. A new branch must add its words here; the test
/// `heads_skip_nothing` compares the two on every text of the case files.
static HEADS: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    let lists: [&[&'static str]; 12] = [DEAL_NOUNS, SIGN_VERBS, BUY_VERBS, SUPPLY_VERBS, DELIVER_VERBS, RECEIVE_VERBS, TALK_NOUNS, TALK_VERBS, PRODUCTION_WORDS, EXCLUDE_VERBS, CANCEL_VERBS, EXPAND_VERBS];
    let words: &[&'static str] = &[
        "awarded", "award", "awards", "won", "win", "wins", "secured", "secure", "secures", "placed", "place", "places", "landed", "bagged", "under", "reached", "reach",
        "reaches", "selected", "chose", "chosen", "picked", "selects", "chooses", "picks", "sale", "sales", "deal", "contract", "letter", "letters", "gave", "give", "gives", "given",
        "donated", "donate", "donates", "gifted", "offer", "offered", "offers", "offering", "pledged", "pledges", "pledge", "promised", "promises", "committed", "requested",
        "requests", "due", "delivery", "deliveries", "shipment", "shipments", "instalment", "installment", "consignment", "handover", "get", "gets", "getting", "arrived",
        "arrive", "arrives", "paid", "pay", "pays", "payment", "payments", "sanctions", "sanction", "sanctioned", "penalties", "embargo", "removal", "expulsion", "exclusion",
        "suspension", "ouster", "involvement", "participation", "halted", "halt", "halts", "suspended", "suspend", "suspends", "froze", "freeze", "freezes", "frozen", "stopped",
        "stop", "stops", "paused", "pause", "blocked", "block", "waiver", "waivers", "waived", "waive", "waives", "waiving", "exemption", "package", "packages", "customer", "buyer", "operator", "client", "procurement", "acquisition", "acquisitions",
        "agreed", "agree", "agrees", "drop", "drops", "got", "booked", "added", "adds", "of", "worth", "valued", "expected", "stuck", "held", "considering", "considers", "considered", "mulling", "mulls", "weighing", "weighs", "eyeing", "eyes", "eyed",
        "force", "effect", "activated", "activates", "activate", "activating", "exercised", "exercises", "exercise", "exercising",
    ];
    lists.into_iter().flatten().chain(words).copied().collect()
});

/// The verbs of signing, buying, supplying, delivering, receiving and
/// talking in one set: what tells that a second verb or a relative clause
/// has an act of its own.
static ACT_VERBS: Lazy<HashSet<&'static str>> =
    Lazy::new(|| [SIGN_VERBS, BUY_VERBS, SUPPLY_VERBS, DELIVER_VERBS, RECEIVE_VERBS, TALK_VERBS].into_iter().flatten().copied().collect());

/// ", a deal signed in June 2025,": a trigger right after a deal noun set
/// off by a comma, in apposition to what comes before.
fn deal_apposition(low: &[String], at: usize) -> bool {
    at >= 3 && DEAL_NOUNS.contains(&low[at - 1].as_str()) && matches!(low[at - 2].as_str(), "a" | "an" | "the") && low[at - 3] == ","
}

/// Verbs of saying that take the act they tell as a gerund ("acknowledged
/// sending drones", "denied selling").
fn told_gerund(prev: &str) -> bool {
    matches!(prev, "acknowledged" | "acknowledges" | "admitted" | "admits" | "admitting" | "denied" | "denies" | "denying" | "confirmed" | "confirms" | "recalled" | "recalls" | "reported" | "regretted" | "defended")
}

/// The triggers in a clause's tokens.
fn triggers(toks: &[Token], low: &[String]) -> Vec<Trigger> {
    triggers_from(toks, low, true)
}

/// [`triggers`], looking at every token when `skip` is false (for the test
/// that [`HEADS`] leaves out no word a branch opens on).
fn triggers_from(toks: &[Token], low: &[String], skip: bool) -> Vec<Trigger> {
    let mut out = Vec::new();
    let n = toks.len();
    let w = |i: usize| low.get(i).map(String::as_str).unwrap_or("");
    let window = |i: usize, before: usize, after: usize| {
        let a = i.saturating_sub(before);
        let b = (i + after + 1).min(n);
        (a, b)
    };
    let has_in = |a: usize, b: usize, words: &[&str]| (a..b).any(|k| words.contains(&w(k)));
    let passive_at = |i: usize| i > 0 && matches!(w(i - 1), "was" | "were" | "been" | "be" | "is" | "are" | "being") || (i > 1 && matches!(w(i - 2), "was" | "were" | "been" | "be" | "is" | "are") && w(i - 1).ends_with("ly"));
    let t = |kind, frame, at: usize, rule| Trigger { kind, frame, at, end: at + 1, passive: false, rule, modality: None, polarity: None };

    for i in 0..n {
        let word = w(i);
        if skip && !HEADS.contains(word) {
            continue;
        }
        // "The 18 tanks Germany promised have arrived": the relative clause
        // describes what arrives; the main verb after it tells the event.
        if relative_clause(toks, low, i).is_some() && arrival_follows(low, i) {
            continue;
        }
        // deal_signed: a signing verb with a deal noun nearby.
        // "won / was awarded a contract", "placed an order": the deal noun must follow closely.
        // "Rheinmetall received an order from Ukraine": a maker that receives
        // an order or a contract has won it.
        let gets_order = matches!(word, "received" | "receives" | "receive" | "got" | "gets" | "obtained" | "clinched" | "booked") && {
            let k = (i + 1..(i + 8).min(n)).find(|&k| DEAL_NOUNS.contains(&w(k)));
            k.is_some_and(|k| (i + 1..k).all(|j| !PREPS.contains(&w(j)) && !ARMS_WORDS.contains(&w(j)) && !matches!(w(j), "," | ";" | "no" | "unless" | "if" | "when" | "once" | "after" | "before" | "until" | "that" | "which")))
        };
        if gets_order || matches!(word, "awarded" | "award" | "awards" | "won" | "win" | "wins" | "secured" | "secure" | "secures" | "placed" | "place" | "places" | "landed" | "bagged") {
            let (_, b) = window(i, 0, 4);
            let nouns: &[&str] = if matches!(word, "placed" | "place" | "places") { &["order", "orders"] } else { DEAL_NOUNS };
            // "Hanwha won Egypt's tender for K9 howitzers": the winner is
            // chosen, the contract is still to come.
            if matches!(word, "won" | "win" | "wins") && has_in(i + 1, b, &["tender", "tenders", "competition", "bid", "contest"]) && !has_in(i + 1, b, nouns) && !has_in(i + 1, b, &["no"]) && !passive_at(i) {
                let mut tr = t(EventType::Intent, Frame::Seller, i, "won-tender");
                tr.modality = Some(Modality::Planned);
                out.push(tr);
                continue;
            }
            // "won a $1 billion order", "was awarded a $1.2 billion contract":
            // the noun may stand after its worth, not after a preposition
            // ("won praise for the deal").
            let object = (i + 1..(i + 8).min(n)).find(|&k| nouns.contains(&w(k))).filter(|&k| (i + 1..k).all(|j| !PREPS.contains(&w(j)) && !matches!(w(j), "," | ";" | "no")));
            if gets_order {
                // The receiver sells; "from" names the buyer (see `roles`).
                let mut tr = t(EventType::DealSigned, Frame::Seller, i, "got-order");
                tr.passive = passive_at(i);
                out.push(tr);
                continue;
            }
            if object.is_some() {
                let mut tr = t(EventType::DealSigned, Frame::Mutual, i, "won-deal");
                tr.passive = passive_at(i);
                out.push(tr);
                continue;
            }
        }
        // "Algeria became the first foreign customer for the Su-57": a buyer
        // that becomes a system's customer has bought it.
        if matches!(word, "customer" | "buyer" | "operator" | "client")
            && (i.saturating_sub(5)..i).any(|k| matches!(w(k), "became" | "becomes" | "become" | "becoming"))
            && (i.saturating_sub(7)..i).all(|k| !matches!(w(k), "not" | "never" | "no"))
            && matches!(w(i + 1), "for" | "of")
        {
            // "could become the first export customer of the KF-21": a purchase still to come.
            let modal = (i.saturating_sub(7)..i).any(|k| matches!(w(k), "could" | "would" | "may" | "might" | "will" | "set" | "poised" | "expected" | "likely" | "to"));
            let mut tr = t(if modal { EventType::Intent } else { EventType::DealSigned }, Frame::Buyer, i, "became-customer");
            tr.modality = Some(if modal { Modality::Planned } else { Modality::Fact });
            out.push(tr);
            continue;
        }
        // "The council accorded approval for the procurement of 26 Rafale
        // jets", "cleared the purchase of": a buyer's approval to buy is its intent.
        if matches!(word, "procurement" | "purchase" | "acquisition" | "purchases" | "acquisitions")
            && w(i + 1) == "of"
            && (i.saturating_sub(6)..i).any(|k| {
                matches!(w(k), "approval" | "approvals" | "approved" | "approves" | "approve" | "cleared" | "clears" | "clear" | "okayed" | "greenlit" | "sanctioned" | "nod" | "go-ahead" | "authorised" | "authorized")
            })
            && !(i.saturating_sub(6)..i).any(|k| matches!(w(k), "not" | "no" | "refused" | "rejected" | "denied"))
        {
            let mut tr = t(EventType::Intent, Frame::Buyer, i, "approved-purchase");
            tr.modality = Some(Modality::Planned);
            out.push(tr);
            continue;
        }
        // "Under the 2020 contract, valued at $1.5 billion, …", "being built
        // under a 2015 agreement worth $5 billion": a deal dated or valued in
        // passing (anywhere in the clause once dated).
        // So is "(as) part of a 2019 order for 108 tanks".
        let part_of = word == "of" && i > 0 && w(i - 1) == "part";
        if word == "under" || part_of {
            let year = |k: usize| w(k).len() == 4 && w(k).starts_with(['1', '2']) && w(k).bytes().all(|b| b.is_ascii_digit());
            let det = matches!(w(i + 1), "the" | "a" | "an" | "its" | "their");
            let (noun, dated) = if det && year(i + 2) { (i + 3, true) } else { (i + 2, false) };
            let valued = w(noun + 1) == "," && matches!(w(noun + 2), "valued" | "worth" | "signed");
            let opens = i == 0 || w(i - 1) == ",";
            let order_ok = part_of && dated || !matches!(w(noun), "order" | "orders");
            if det && DEAL_NOUNS.contains(&w(noun)) && order_ok && (dated || valued && opens && !part_of) {
                let mut tr = t(EventType::DealSigned, Frame::Mutual, i, "under-deal");
                tr.end = noun + 1;
                out.push(tr);
                continue;
            }
        }
        // "The second Rafale order is worth 4 billion euros", "The contract for
        // 30 jets was valued at $2 billion": a deal that the clause's subject
        // names, valued, has been made.
        if matches!(word, "worth" | "valued") && i > 0 && matches!(w(i - 1), "is" | "was" | "are" | "were") {
            let noun = (i.saturating_sub(10)..i - 1).find(|&k| DEAL_NOUNS.contains(&w(k)));
            let subject = noun.is_some_and(|k| {
                let lead = |j: usize| toks[j].is_capitalized() || matches!(w(j), "the" | "a" | "its" | "this" | "that" | "first" | "second" | "third" | "fourth" | "new" | "latest" | "additional" | "further" | "arms" | "export" | "defence" | "defense");
                // "The deal is worth about €1 billion" names no deal of its own:
                // it values the one told before (see `value_statement`).
                let own = (0..k).any(|j| !matches!(w(j), "the" | "a" | "its" | "this" | "that")) || k + 1 < i - 1;
                own && (0..k).all(lead) && (k + 1..i - 1).all(|j| !matches!(w(j), "," | ";" | "that" | "which" | "who") && !is_predicate(w(j)))
            });
            let money = (i + 1..(i + 6).min(n)).any(|k| toks[k].text.chars().any(|c| c.is_ascii_digit() || matches!(c, '$' | '€' | '£' | '¥')));
            if subject && money {
                out.push(t(EventType::DealSigned, Frame::Mutual, i, "deal-worth"));
                continue;
            }
        }
        // "a framework agreement reached in July 2022", "reached a deal".
        // "No agreement has yet been reached": the deal noun before the auxiliaries.
        let noun_before_aux = || {
            let mut k = i;
            while k > 0 && i - k < 4 && matches!(w(k - 1), "was" | "were" | "been" | "is" | "are" | "has" | "have" | "had" | "be" | "yet" | "not" | "will" | "would" | "could" | "already" | "finally") {
                k -= 1;
            }
            k < i && k > 0 && DEAL_NOUNS.contains(&w(k - 1))
        };
        if matches!(word, "reached" | "reach" | "reaches") && ((i > 0 && DEAL_NOUNS.contains(&w(i - 1))) || (word == "reached" && noun_before_aux()) || has_in(i + 1, (i + 4).min(n), DEAL_NOUNS)) {
            let mut tr = t(EventType::DealSigned, Frame::Mutual, i, "reach-deal");
            tr.passive = passive_at(i) || (i > 0 && DEAL_NOUNS.contains(&w(i - 1)));
            out.push(tr);
            continue;
        }
        // "The first four launchers reached Madrid on Monday": materiel that
        // reaches a place (a capital, a port, a base) has arrived there.
        // Missiles and drones that reach a city are most often a strike
        // ("Russian drones reached Kyiv overnight"): only with a word of
        // the trade ("the first Patriot missiles reached Warsaw").
        let strike = || {
            let weapon = (i.saturating_sub(6)..i).any(|k| matches!(w(k), "missiles" | "missile" | "drones" | "drone" | "rockets" | "rocket" | "shells" | "bombs"));
            let trade = (i.saturating_sub(8)..i).any(|k| matches!(w(k), "first" | "batch" | "delivery" | "shipment" | "consignment" | "new" | "more" | "remaining" | "last" | "ordered" | "bought" | "purchased" | "supplied" | "donated" | "pledged" | "promised"));
            let attack = (0..n).any(|k| matches!(w(k), "attack" | "attacks" | "strike" | "strikes" | "struck" | "target" | "targets" | "overnight" | "hit" | "killed" | "intercepted" | "shot" | "raid" | "barrage"));
            weapon && !trade || attack
        };
        if word == "reached" && (i.saturating_sub(6)..i).any(|k| MATERIEL_SUBJECTS.contains(&w(k)) || ARMS_WORDS.contains(&w(k))) && {
            let place = toks.get(i + 1).is_some_and(|t| t.text.starts_with(|c: char| c.is_uppercase()));
            place || w(i + 1) == "the" && matches!(w(i + 2), "port" | "base" | "naval" | "air" | "airport" | "airbase" | "harbour" | "harbor")
        } && !strike()
        {
            out.push(t(EventType::Delivery, Frame::Buyer, i, "arrived"));
            continue;
        }
        // "India selected the Rafale Marine": a buyer's choice of a system
        // (one must be named) is its intent to buy it.
        if matches!(word, "selected" | "chose" | "chosen" | "picked" | "selects" | "chooses" | "picks") && i > 0 && !matches!(w(i - 1), "the" | "a" | "its" | "their" | "was" | "were" | "been" | "be" | "is" | "are") {
            let mut tr = t(EventType::Intent, Frame::Buyer, i, "selected");
            tr.modality = Some(Modality::Planned);
            out.push(tr);
            continue;
        }
        // "The second tranche of the contract came into force on Thursday",
        // "the deal took effect": a contract in force has been signed.
        // (Not "within three years of the contract taking effect", "once
        // the deal comes into force": what is to come; "after the contract
        // came into force in 2020" tells when it did.)
        let in_force = word == "force" && w(i.wrapping_sub(1)) == "into" && matches!(w(i.wrapping_sub(2)), "came" | "entered")
            || word == "effect" && w(i.wrapping_sub(1)) == "took";
        if in_force && i >= 2 {
            let verb = if word == "force" { i - 2 } else { i - 1 };
            if (verb.saturating_sub(14)..verb).any(|k| DEAL_NOUNS.contains(&w(k)) || matches!(w(k), "tranche" | "tranches")) {
                let mut tr = t(EventType::DealSigned, Frame::Mutual, verb, "contract-in-force");
                tr.end = i + 1;
                tr.passive = true;
                out.push(tr);
                continue;
            }
        }
        // "Indonesia has activated the third tranche of its Rafale order",
        // "exercised an option for 12 more jets": the buyer orders that part.
        if matches!(word, "activated" | "activates" | "activate" | "activating" | "exercised" | "exercises" | "exercise" | "exercising")
            && (i + 1..(i + 6).min(n)).any(|k| matches!(w(k), "tranche" | "tranches" | "option" | "options" | "phase"))
        {
            out.push(t(EventType::DealSigned, Frame::Buyer, i, "activate-tranche"));
            continue;
        }
        if SIGN_VERBS.contains(&word) {
            // "ordered 48 KAAN jets, a deal signed in June 2025, and …": the
            // deal in apposition is the order told before it.
            if deal_apposition(low, i) && out.iter().any(|t: &Trigger| t.kind == EventType::DealSigned && t.at < i) {
                continue;
            }
            // A passive ("the second contract for … will be signed") may stand far from its noun.
            let (a, b) = window(i, if passive_at(i) { 18 } else { 6 }, 8);
            // "signed a letter of offer and acceptance": the US form of a sales contract.
            let loa = (i + 1..b).any(|k| matches!(w(k), "letter" | "letters") && w(k + 1) == "of" && matches!(w(k + 2), "offer" | "acceptance"));
            // "finalised the purchase of 32 F-35 jets": closing a purchase is a deal.
            let closes_purchase = !word.starts_with("sign") && has_in(i + 1, (i + 4).min(n), &["purchase", "acquisition", "sale", "procurement"]);
            // "Serbia signs for 12 Rafale jets": signing for arms is the deal.
            // So is signing for a designation ("signed for 24 Su-35s").
            let designation = |k: usize| toks[k].is_capitalized() && toks[k].text.contains('-') && toks[k].text.chars().any(|c| c.is_ascii_digit());
            let signs_for = word.starts_with("sign") && w(i + 1) == "for" && (has_in(i + 2, (i + 7).min(n), ARMS_WORDS) || (i + 2..(i + 5).min(n)).any(designation));
            if has_in(a, b, DEAL_NOUNS) || loa || closes_purchase || signs_for {
                let mut tr = t(EventType::DealSigned, Frame::Mutual, i, "sign-deal");
                tr.passive = passive_at(i);
                out.push(tr);
                continue;
            }
        }
        // "India and France agreed a deal for 36 jets", "agreed on a $2.5
        // billion contract", "the purchase was agreed in 2019": agreeing a
        // deal is signing it ("agreed to buy" is below, "agreed that" is none).
        // "a deal had been agreed with Egypt": a passive agreement may name the other party.
        if matches!(word, "agreed" | "agree" | "agrees") && !matches!(w(i + 1), "to" | "that" | ",") && (w(i + 1) != "with" || passive_at(i)) {
            let object = {
                let from = if w(i + 1) == "on" { i + 2 } else { i + 1 };
                (from..(from + 4).min(n)).find(|&k| DEAL_NOUNS.contains(&w(k))).is_some_and(|k| (from..k).all(|j| !matches!(w(j), "," | ";" | "and" | "to" | "that")))
            };
            let subject = passive_at(i) && (i.saturating_sub(12)..i).any(|k| DEAL_NOUNS.contains(&w(k)) || matches!(w(k), "purchase" | "sale" | "acquisition"));
            if object || subject {
                let mut tr = t(EventType::DealSigned, Frame::Mutual, i, "agree-deal");
                tr.passive = subject;
                out.push(tr);
                continue;
            }
        }
        // "Lithuania is close to a deal for 44 tanks", "nearing a contract",
        // "on the verge of an agreement": a deal not yet made is under
        // negotiation.
        if DEAL_NOUNS.contains(&word) && i >= 3 && matches!(w(i - 1), "a" | "an" | "the") && {
            let before = w(i - 2);
            matches!(before, "nearing" | "approaching") || before == "to" && matches!(w(i - 3), "close" | "closer" | "near" | "nearer")
                || before == "of" && matches!(w(i - 3), "verge" | "brink" | "cusp")
                || before == "on" && w(i - 3) == "in" && i >= 4 && matches!(w(i - 4), "closing" | "zeroing")
        } {
            out.push(t(EventType::Negotiation, Frame::Mutual, i, "near-deal"));
            continue;
        }
        // "no new agreements": a deal noun under a negative determiner.
        if DEAL_NOUNS.contains(&word) && i > 0 && (w(i - 1) == "no" || (i > 1 && w(i - 2) == "no" && matches!(w(i - 1), "new" | "further" | "additional" | "fresh" | "second" | "such" | "final" | "formal" | "firm"))) {
            let mut tr = t(EventType::DealSigned, Frame::Mutual, i, "no-deal");
            tr.polarity = Some(Polarity::Denied);
            out.push(tr);
            continue;
        }
        // "ordered 18 Rafales in 2021 and added six more in 2022": units
        // added to an order are an order of their own.
        if matches!(word, "added" | "adds")
            && small_count(w(i + 1)).is_some()
            && matches!(w(i + 2), "more" | "additional" | "extra")
            // Units, not "added two more conditions".
            && (matches!(w(i + 3), "" | "in" | "from" | "," | "." | "by" | "for" | "on" | "last" | "this" | "at" | "under" | "worth") || ARMS_WORDS.contains(&w(i + 3)))
            && (i.saturating_sub(20)..i).any(|k| matches!(w(k), "ordered" | "bought" | "purchased" | "order" | "contract" | "signed"))
        {
            out.push(t(EventType::DealSigned, Frame::Buyer, i, "added-more"));
            continue;
        }
        // Purchases: verbs, and the noun "purchase" with a possessive buyer.
        // "order" is a verb after a modal or "to" ("Warsaw will order 820
        // more tanks", "plans to order"), else a noun.
        let modal_at = |k: usize| matches!(w(k), "will" | "would" | "could" | "shall" | "may" | "might" | "should" | "must" | "to");
        let order_verb = word == "order" && i > 0 && (modal_at(i - 1) || i > 1 && modal_at(i - 2) && (matches!(w(i - 1), "also" | "then" | "soon" | "eventually" | "later" | "likely" | "probably") || w(i - 1).ends_with("ly")));
        if BUY_VERBS.contains(&word) || order_verb {
            let infinitive = i > 0 && w(i - 1) == "to" || word.ends_with("ing");
            let passive = passive_at(i);
            // "the tanks ordered by Poland arrived": a participle describing
            // a noun, when a main verb follows, is not the clause's event.
            if !passive && word.ends_with("ed") && w(i + 1) == "by" && i > 0 && {
                let prev = w(i - 1);
                prev.ends_with('s') || toks[i - 1].text.chars().any(|c| c.is_ascii_digit())
            } && (i + 2..n).any(|k| matches!(w(k), "arrived" | "were" | "was" | "have" | "has" | "will" | "are" | "is" | "entered" | "reached" | "landed" | "joined" | "flew" | "began" | "went" | "came"))
            {
                continue;
            }
            if passive && matches!(word, "acquired") && w(i + 1) == "by" {
                // "have been acquired by Turkish and Chinese forces": they have them.
                let mut tr = t(EventType::Delivery, Frame::Buyer, i, "acquired-by");
                tr.passive = true;
                out.push(tr);
                continue;
            }
            // "…, ordering 24 in 2015", "after buying the S-400": a participle
            // that opens a clause of its own tells what its subject did.
            // "by ordering jets" tells how its subject did what it did, unless
            // what it did is only proposed ("proposed to settle it by buying them").
            let by_proposed = w(i.saturating_sub(1)) == "by" && {
                let (far, _) = window(i, 14, 0);
                has_in(far, i, &["proposed", "proposes", "offered", "suggested", "urged"]) || has_in(far, i, INTENT_VERBS)
            };
            if word.ends_with("ing") && i > 0 && matches!(w(i - 1), "," | "after" | "since" | "by") && !by_proposed {
                out.push(t(EventType::DealSigned, Frame::Buyer, i, "buy-participle"));
                continue;
            }
            // "Serbia agreed on Thursday to buy 12 Rafale jets": the agreement is the deal.
            if agreed_to(low, i) {
                let mut tr = t(EventType::DealSigned, Frame::Buyer, i, "agreed-to-buy");
                tr.modality = Some(Modality::Fact);
                out.push(tr);
                continue;
            }
            // "Slovakia is buying Leopard 2 tanks from Germany": a purchase
            // under way is the deal.
            if word.ends_with("ing") && i > 0 && (matches!(w(i - 1), "is" | "are" | "was" | "were") || (i > 1 && matches!(w(i - 1), "also" | "now" | "already") && matches!(w(i - 2), "is" | "are" | "was" | "were"))) {
                out.push(t(EventType::DealSigned, Frame::Buyer, i, "buy-progressive"));
                continue;
            }
            if infinitive {
                // "refused to sell", "wants to buy", "in return to purchase".
                let (a, _) = window(i, 4, 0);
                let (far, _) = window(i, 14, 0);
                let threat = has_in(a, i, &["threatened", "threatening", "threatens", "threaten"]);
                // "scrapped a plan to buy", "the plan to buy … had been
                // dropped": the cancellation is the event, not the plan.
                let plan_at = (a..i).rev().find(|&k| matches!(w(k), "plan" | "plans" | "intention" | "bid" | "proposal"));
                let plan_cancelled = plan_at.is_some_and(|k| {
                    let dropped = |j: usize| CANCEL_VERBS.contains(&w(j)) || matches!(w(j), "dropped" | "drop" | "drops");
                    (k.saturating_sub(3)..k).any(dropped) || (i + 1..(i + 14).min(n)).any(|j| dropped(j) && passive_at(j))
                });
                if plan_cancelled {
                    continue;
                }
                if threat || has_in(far, i, &["proposed", "proposes", "offered", "suggested", "urged"]) || has_in(a, i, INTENT_VERBS) || has_in(a, i, &["return", "demanded", "demand", "refused", "refuse", "proposed", "offer"]) || (i > 1 && w(i - 1) == "to" && w(i - 2) == "return")
                    // "approved funds to buy", "earmarked $2 billion to acquire",
                    // "set aside $300 million in its budget draft to buy": money set aside for a purchase.
                    || has_in(i.saturating_sub(10), i, &["approved", "allocated", "earmarked", "budgeted", "aside", "reserved"]) && has_in(i.saturating_sub(6), i, &["funds", "funding", "money", "billion", "million", "budget"])
                {
                    let mut tr = t(EventType::Intent, Frame::Buyer, i, "intent-buy");
                    tr.modality = Some(if threat { Modality::Threat } else { Modality::Planned });
                    out.push(tr);
                }
                continue;
            }
            // "Romania will buy 54 Abrams": a purchase still to be made is an intent.
            if has_in(i.saturating_sub(3), i, &["will", "would", "shall", "could", "may", "might", "should", "can", "must"]) && !word.ends_with("ed") {
                let mut tr = t(EventType::Intent, Frame::Buyer, i, "will-buy");
                tr.modality = Some(Modality::Planned);
                out.push(tr);
                continue;
            }
            if word == "purchase" || word == "purchases" || word == "orders" || word == "order" {
                // "considering the purchase of Barak MX systems": a purchase still weighed.
                if matches!(word, "purchase" | "purchases") && w(i + 1) == "of" && has_in(i.saturating_sub(3), i, &["considering", "considers", "consider", "weighing", "weighs", "mulling", "mulls", "eyeing", "eyes", "exploring", "explores", "studying", "planning", "plans", "proposed", "seeking", "seeks"]) {
                    let mut tr = t(EventType::Intent, Frame::Buyer, i, "intent-buy");
                    tr.modality = Some(Modality::Planned);
                    out.push(tr);
                    continue;
                }
                // "will go ahead with the purchase of the S-400": a purchase the buyer presses on with.
                if matches!(word, "purchase" | "purchases") && (i.saturating_sub(4)..i).any(|k| matches!(w(k), "ahead" | "proceed" | "proceeding" | "proceeds" | "forward")) && (i.saturating_sub(3)..i).any(|k| w(k) == "with") {
                    let mut tr = t(EventType::Intent, Frame::Buyer, i, "go-ahead");
                    tr.modality = Some(Modality::Planned);
                    out.push(tr);
                    continue;
                }
                // Noun: "Turkey's initial 2020 purchase of the S-400" (a past purchase).
                // Not one a clause only supposes ("a move that would mark the
                // kingdom's first purchase of Chinese jets").
                let supposed = (i.saturating_sub(12)..i)
                    .rev()
                    .take_while(|&k| !matches!(w(k), "," | ";" | "."))
                    .any(|k| matches!(w(k), "would" | "could" | "might" | "may") && matches!(w(k + 1), "be" | "mark" | "make" | "represent" | "become" | "constitute"));
                if i > 0 && !supposed && (toks[..i].iter().rev().take(4).any(|t| t.text.ends_with("'s") || t.text.ends_with("’s"))) && w(i + 1) == "of" {
                    out.push(t(EventType::DealSigned, Frame::Buyer, i, "purchase-noun"));
                }
                continue;
            }
            let mut tr = t(EventType::DealSigned, Frame::Buyer, i, "buy-verb");
            tr.passive = passive;
            out.push(tr);
            continue;
        }
        // Supply and sale verbs: offers and plans to supply are intents; past supplies are deliveries.
        if SUPPLY_VERBS.contains(&word) {
            let (a, _) = window(i, 4, 0);
            let refused = has_in(a, i, &["refused", "refuse", "refuses", "declined"]);
            if refused {
                let mut tr = t(EventType::Intent, Frame::Seller, i, "refused-to-sell");
                tr.polarity = Some(Polarity::Denied);
                out.push(tr);
                continue;
            }
            // "has failed to supply the promised missiles": a delivery that
            // did not happen (the polarity is read with the clause's negation).
            if i >= 2 && w(i - 1) == "to" && matches!(w(i - 2), "failed" | "fails" | "fail" | "failing") && !matches!(word, "sell" | "sells" | "selling") {
                let mut tr = t(EventType::Delivery, Frame::Seller, i, "supplied");
                tr.modality = Some(Modality::Fact);
                out.push(tr);
                continue;
            }
            if i >= 2 && w(i - 1) == "to" && (i.saturating_sub(6)..i - 1).any(|k| DEAL_NOUNS.contains(&w(k))) {
                continue; // "a contract (for Moscow) to supply …" describes the contract
            }
            // "a contract worth about A$1 billion ($717 million) to supply …": its worth between.
            if i >= 2 && w(i - 1) == "to" && (i.saturating_sub(14)..i - 1).any(|k| DEAL_NOUNS.contains(&w(k)) && matches!(w(k + 1), "worth" | "valued")) {
                continue;
            }
            // "Chinese firms supplying drone parts": a participle after a noun describes it.
            let prev = if i > 1 && matches!(w(i - 1), "also" | "now" | "still" | "already" | "currently" | "reportedly") { w(i - 2) } else { w(i.saturating_sub(1)) };
            let participle = word.ends_with("ing") && i > 0 && !matches!(prev, "is" | "are" | "was" | "were" | "be" | "been" | "of" | "in" | "on" | "about" | "for" | "by" | "without" | "after" | "before" | "keep" | "keeps" | "continue" | "continues" | "continued" | "stop" | "stopped" | "start" | "started" | "began" | "begin" | "resume" | "resumed")
                && !told_gerund(prev)
                && !has_in(a, i, INTENT_VERBS);
            if participle {
                continue;
            }
            // The modal governs the verb itself ("would supply"), not a noun ("would be the first export customer").
            let modal = (i > 0 && matches!(w(i - 1), "will" | "would" | "could" | "shall" | "can" | "may" | "might"))
                || (i > 1 && w(i - 1) == "be" && matches!(w(i - 2), "will" | "would" | "could" | "shall" | "can" | "may" | "might"))
                || (i > 1 && matches!(w(i - 2), "will" | "would" | "could" | "shall" | "can" | "may" | "might") && (matches!(w(i - 1), "also" | "not" | "soon" | "eventually" | "only" | "still" | "then") || w(i - 1).ends_with("ly")));
            let noun_use = i > 0 && matches!(w(i - 1), "the" | "a" | "an" | "its" | "their" | "first" | "arms" | "weapons" | "defence" | "defense" | "military");
            // "approved the export of Patriot missiles to the United States": the
            // seller's approval of a sale.
            if noun_use && matches!(word, "export" | "exports" | "transfer" | "transfers") && w(i + 1) == "of" && has_in(i.saturating_sub(4), i, &["approved", "approves", "approve", "authorised", "authorized", "cleared", "clears", "licensed"]) {
                let mut tr = t(EventType::Intent, Frame::Seller, i, "approved-sale");
                tr.modality = Some(Modality::Planned);
                out.push(tr);
                continue;
            }
            if noun_use {
                continue;
            }
            if matches!(word, "sell" | "supply") && agreed_to(low, i) {
                let mut tr = t(EventType::DealSigned, Frame::Seller, i, "agreed-to-sell");
                tr.modality = Some(Modality::Fact);
                out.push(tr);
                continue;
            }
            // "Germany is supplying Ukraine with IRIS-T systems", "has been
            // providing", "continues supplying": a supply under way happens.
            let under_way = word.ends_with("ing")
                && !modal
                && !has_in(a, i, INTENT_VERBS)
                && i > 0
                && (matches!(w(i - 1), "is" | "are" | "was" | "were" | "continue" | "continues" | "continued" | "keep" | "keeps" | "kept" | "resumed" | "started" | "began")
                    || (w(i - 1) == "been" && i > 1 && matches!(w(i - 2), "has" | "have" | "had"))
                    || (i > 1 && matches!(w(i - 1), "also" | "now" | "still" | "already") && matches!(w(i - 2), "is" | "are" | "was" | "were")))
                && !(i >= 2 && (i.saturating_sub(6)..i).any(|k| matches!(w(k), "will" | "would" | "could" | "may" | "might" | "shall" | "to")));
            // "denied supplying shells", "admitted selling drones": an act told, not intended.
            let told = word.ends_with("ing") && told_gerund(prev);
            if under_way || told {
                let selling = word == "selling";
                let mut tr = t(if selling { EventType::DealSigned } else { EventType::Delivery }, Frame::Seller, i, if selling { "sold" } else { "supplied" });
                tr.modality = Some(Modality::Fact);
                out.push(tr);
                continue;
            }
            if w(i.saturating_sub(1)) == "to" || modal || has_in(a, i, &["intends", "plans"]) || word.ends_with("ing") {
                let mut tr = t(EventType::Intent, Frame::Seller, i, "intent-supply");
                tr.modality = Some(Modality::Planned);
                tr.passive = passive_at(i);
                out.push(tr);
                continue;
            }
            if word == "sold" {
                // A sale is a deal; the delivery may come years later.
                let mut tr = t(EventType::DealSigned, Frame::Seller, i, "sold");
                tr.passive = passive_at(i);
                out.push(tr);
                continue;
            }
            if matches!(word, "supplied" | "provided" | "exported" | "transferred") {
                let mut tr = t(EventType::Delivery, Frame::Seller, i, "supplied");
                tr.passive = passive_at(i);
                out.push(tr);
            }
            continue;
        }
        // "the sale of F-35s": cancellation when a cancel verb governs it.
        if word == "sale" || word == "sales" || word == "deal" || word == "contract" {
            let (a, _) = window(i, 4, 0);
            if let Some(k) = (a..i).find(|&k| CANCEL_VERBS.contains(&w(k))) {
                let mut tr = t(EventType::Cancellation, Frame::Actor, k, "cancel-sale");
                tr.end = i + 1;
                out.push(tr);
                continue;
            }
        }
        // "approved a possible Foreign Military Sale to Poland of …": an approved or
        // proposed sale is not yet a deal; the seller intends it.
        if matches!(word, "sale" | "sales" | "package" | "packages") {
            let (a, _) = window(i, 7, 0);
            let (near, _) = window(i, 3, 0);
            let approved = has_in(a, i, &["approved", "approves", "approve", "approving", "cleared", "clears", "clear", "authorized", "authorised", "authorizes", "authorises", "notified", "greenlit", "greenlighted", "okayed", "endorsed"]);
            // A package is a sale only once approved ("approved a $436 million package of HIMARS for Taiwan").
            // "in talks about possible BrahMos sales" is the talks' topic.
            let topic_of_talks = has_in(i.saturating_sub(12), i, &["talks", "negotiations", "discussions", "discussing", "negotiating"]);
            let proposed = matches!(word, "sale" | "sales") && has_in(near, i, &["possible", "potential", "proposed", "prospective"]) && !topic_of_talks;
            if approved || proposed {
                let mut tr = t(EventType::Intent, Frame::Seller, i, "approved-sale");
                tr.modality = Some(Modality::Planned);
                out.push(tr);
                continue;
            }
        }
        // Deliveries.
        if DELIVER_VERBS.contains(&word) && i >= 2 && w(i - 1) == "to" && (i.saturating_sub(6)..i - 1).any(|k| DEAL_NOUNS.contains(&w(k))) {
            continue; // "a contract to ship …" describes the contract
        }
        // "sent a letter of request": a buyer asks for a sale.
        if matches!(word, "letter" | "letters") && w(i + 1) == "of" && matches!(w(i + 2), "request" | "intent" | "interest") {
            let mut tr = t(EventType::Intent, Frame::Mutual, i, "letter-of-request");
            tr.end = i + 3;
            tr.modality = Some(Modality::Planned);
            out.push(tr);
            continue;
        }
        if DELIVER_VERBS.contains(&word) {
            if matches!(word, "handed" | "hand" | "hands") && w(i + 1) != "over" {
                continue;
            }
            // "sent a letter / delegation / signal", "delivered the required
            // certification to Congress": not materiel.
            let not_materiel: &[&str] = &[
                "letter", "letters", "delegation", "message", "signal", "team", "note", "request", "invitation", "troops", "proposal", "certification", "notification", "speech", "address",
                "remarks", "statement", "report", "verdict", "blow", "ultimatum", "warning", "lecture", "briefing", "presentation", "results", "promise", "promises", "assurances", "congratulations",
                "condolences", "documents", "documentation", "bid", "offer", "response", "reply", "diplomats", "envoy", "envoys", "observers", "inspectors",
            ];
            if has_in(i + 1, (i + 4).min(n), not_materiel) {
                continue;
            }
            // "the document sent to Congress", "a report delivered to
            // parliament": a participle after the noun it describes.
            let papers: &[&str] = &["document", "bill", "budget", "draft", "plan", "list", "notice", "memo", "memorandum", "file", "papers", "email", "cable", "dossier", "request", "requests", "proposals"];
            if matches!(word, "sent" | "delivered" | "shipped") && i > 0 && (not_materiel.contains(&w(i - 1)) || papers.contains(&w(i - 1))) {
                continue;
            }
            // "Mistral-class ships", "the ship": a noun unless a modal or subject pronoun leads it.
            if matches!(word, "ship" | "ships") && !(i > 0 && matches!(w(i - 1), "to" | "will" | "would" | "could" | "can" | "may" | "might" | "not" | "also" | "n't" | "did" | "does" | "must" | "shall" | "it" | "they")) {
                continue;
            }
            // "India leased a submarine from Russia": the lessee leases from the owner.
            let lessee = matches!(word, "leased" | "leasing") && (i + 1..n).take_while(|&k| !matches!(w(k), "," | ";")).any(|k| w(k) == "from");
            let mut tr = t(EventType::Delivery, if lessee { Frame::Buyer } else { Frame::Seller }, i, "deliver-verb");
            tr.passive = passive_at(i);
            out.push(tr);
            continue;
        }
        // "must give up the S-400", "gave way": not a transfer.
        if matches!(word, "gave" | "give" | "gives" | "given") && matches!(w(i + 1), "up" | "way" | "in" | "priority" | "approval" | "permission" | "consent") {
            continue;
        }
        // "The F-35 gives Poland a capability no other jet can match": what
        // is given is no materiel.
        if matches!(word, "gave" | "give" | "gives" | "given" | "giving" | "provide" | "provides" | "provided" | "providing" | "offer" | "offers" | "offered") && (i + 1..(i + 6).min(n)).take_while(|&k| !matches!(w(k), "and" | "," | "with") && !w(k).bytes().any(|b| b.is_ascii_digit())).any(|k| {
            matches!(w(k), "a" | "an" | "the" | "new" | "more")
                && matches!(w(k + 1), "capability" | "capabilities" | "advantage" | "edge" | "boost" | "chance" | "opportunity" | "ability" | "signal" | "assurance" | "assurances" | "guarantee" | "guarantees" | "confidence" | "leverage" | "access" | "option" | "options" | "say" | "voice" | "lifeline" | "green" | "go-ahead" | "deterrent")
        }) {
            continue;
        }
        // "Moscow was ready to offer India its Su-57E": every offer is an intent
        // of the seller (a system must be named); "offered to sell" is the sale's.
        if matches!(word, "offer" | "offered" | "offers" | "offering") && !(i > 0 && matches!(w(i - 1), "an" | "the" | "a" | "its" | "their" | "his" | "her" | "this" | "that" | "best" | "final" | "new" | "first" | "of" | "counter" | "initial" | "revised" | "improved"))
            && !(w(i + 1) == "to" && (SUPPLY_VERBS.contains(&w(i + 2)) || BUY_VERBS.contains(&w(i + 2)) || DELIVER_VERBS.contains(&w(i + 2)) || matches!(w(i + 2), "help" | "build" | "produce" | "assist" | "train" | "share" | "host")))
        {
            let mut tr = t(EventType::Intent, Frame::Seller, i, "offer");
            tr.modality = Some(Modality::Planned);
            tr.passive = passive_at(i);
            out.push(tr);
            continue;
        }
        // "Denmark has promised 19 of the jets": a pledge of materiel is the
        // giver's intent ("pledged to supply" is the supply verb's).
        // "arrived as promised" tells how, not a pledge.
        // "Six jets were pledged by Norway": a passive pledge names its giver.
        let passive_by = i > 0 && matches!(w(i - 1), "was" | "were" | "been" | "is" | "are") && w(i + 1) == "by";
        if matches!(word, "pledged" | "pledges" | "pledge" | "promised" | "promises" | "committed") && w(i + 1) != "to" && i > 0 && (passive_by || !matches!(w(i - 1), "the" | "a" | "its" | "their" | "was" | "were" | "been" | "is" | "are" | "as")) {
            let mut tr = t(EventType::Intent, Frame::Seller, i, "pledged");
            tr.modality = Some(Modality::Planned);
            // "the jets pledged by Denmark have arrived": a participle on a
            // noun, before the clause's main verb, tells no act of its own.
            if w(i + 1) == "by" && !passive_by && (i + 2..n).any(|k| matches!(w(k), "arrived" | "were" | "was" | "have" | "has" | "will" | "are" | "is" | "entered" | "reached" | "landed" | "joined" | "flew" | "began" | "went" | "came")) {
                continue;
            }
            tr.passive = w(i + 1) == "by";
            out.push(tr);
            continue;
        }
        // "Azerbaijan has expanded its order for JF-17 jets to 40 aircraft": a
        // further order, of the difference.
        if EXPAND_VERBS.contains(&word) && matches!(w(i + 1), "its" | "the" | "their") && matches!(w(i + 2), "order" | "orders" | "purchase") {
            out.push(t(EventType::DealSigned, Frame::Buyer, i, "expanded-order"));
            continue;
        }
        // "Athens had requested up to 40 F-35s": a buyer's request (a system must be named).
        if matches!(word, "requested" | "requests") && i > 0 && !matches!(w(i - 1), "was" | "were" | "is" | "are" | "been" | "be" | "the" | "a" | "its" | "their") {
            let mut tr = t(EventType::Intent, Frame::Buyer, i, "requested");
            tr.modality = Some(Modality::Planned);
            out.push(tr);
            continue;
        }
        if matches!(word, "gave" | "give" | "gives" | "given" | "donated" | "donate" | "donates" | "gifted") {
            // "Washington gave Ukraine 31 Abrams": only with a named system (checked in `build`).
            let mut tr = t(EventType::Delivery, Frame::Seller, i, "gave");
            if w(i.saturating_sub(1)) == "to" || has_in(i.saturating_sub(3), i, &["will", "would", "could"]) {
                tr.kind = EventType::Intent;
                tr.modality = Some(Modality::Planned);
            }
            tr.passive = passive_at(i);
            out.push(tr);
            continue;
        }
        // "the remaining 18 helicopters are due by the end of 2026", "the first
        // jets are expected in 2027": materiel that is due is a planned delivery.
        // "…, with the first jets expected in 2029": the same, as an aside.
        let with_due = i >= 3 && MATERIEL_SUBJECTS.contains(&w(i - 1)) && (i.saturating_sub(6)..i - 1).any(|k| w(k) == "with");
        let copula = |k: usize| matches!(w(k), "are" | "is" | "were" | "was") || matches!(w(k), "now" | "still" | "currently") && k >= 1 && matches!(w(k - 1), "are" | "is" | "were" | "was");
        if matches!(word, "due" | "expected") && i >= 2 && (copula(i - 1) || with_due) && matches!(w(i + 1), "by" | "in" | "before" | "next" | "this" | "later" | "early" | "late" | "from") {
            let materiel = (i.saturating_sub(6)..i - 1).any(|k| MATERIEL_SUBJECTS.contains(&w(k))) || with_due;
            if materiel {
                let mut tr = t(EventType::Delivery, Frame::Seller, i, "due");
                tr.modality = Some(Modality::Planned);
                out.push(tr);
            }
            continue;
        }
        // "the remaining ten are stuck because of sanctions", "the jets remain
        // held up in Russia": materiel that is stuck has not been delivered.
        let stuck = word == "stuck" || word == "held" && w(i + 1) == "up";
        if stuck && i >= 2 && matches!(w(i - 1), "are" | "is" | "were" | "was" | "remain" | "remains" | "remained" | "been") {
            let materiel = (i.saturating_sub(6)..i - 1).any(|k| MATERIEL_SUBJECTS.contains(&w(k)) || w(k) == "remaining");
            if materiel {
                let mut tr = t(EventType::Delivery, Frame::Seller, i, "stuck");
                tr.polarity = Some(Polarity::Denied);
                out.push(tr);
            }
            continue;
        }
        if matches!(word, "delivery" | "deliveries" | "shipment" | "shipments" | "instalment" | "installment" | "consignment" | "handover") {
            // "deliveries began", "Turkey received the first deliveries", "the delivery process is expected to begin".
            let (a, b) = window(i, 4, 25);
            // "Taiwan expects delivery of the first launchers in 2026": the buyer awaits it.
            if (a..i).any(|k| matches!(w(k), "expects" | "expect" | "expected" | "expecting" | "awaits" | "await" | "awaiting" | "awaited" | "anticipates" | "anticipated"))
                && !(a..i).any(|k| matches!(w(k), "is" | "are" | "was" | "were" | "be" | "been" | "delayed" | "delays" | "no" | "not"))
            {
                let mut tr = t(EventType::Delivery, Frame::Buyer, i, "expects-delivery");
                tr.modality = Some(Modality::Planned);
                out.push(tr);
                continue;
            }
            let on_schedule = (i + 1..b).any(|k| matches!(w(k), "remains" | "remain" | "is" | "are" | "was" | "were") && w(k + 1) == "on" && matches!(w(k + 2), "schedule" | "track" | "course"));
            let governed = has_in(a, b, &["began", "begin", "begun", "started", "start", "starts", "completed", "complete", "received", "receive", "arrived", "commenced", "resumed"])
                // "Deliveries are planned for 2024 and 2025", "deliveries are scheduled to run until 2027".
                || (i + 2 < n && matches!(w(i + 1), "are" | "is" | "were" | "was" | "will") && has_in(i + 2, (i + 4).min(n), &["planned", "scheduled", "expected", "due", "slated", "set"]))
                // "is now scheduled for delivery in 2029", "remains on track for 2029".
                || i >= 2 && w(i - 1) == "for" && matches!(w(i - 2), "scheduled" | "slated" | "planned" | "set" | "due" | "expected" | "ready")
                || on_schedule
                // "Deliveries of the 20 howitzers will run through 2027".
                || (i + 1..b).any(|k| matches!(w(k), "run" | "runs" | "continue" | "continues" | "last" | "lasts" | "stretch" | "stretches" | "extend" | "extends") && matches!(w(k + 1), "through" | "until" | "till" | "into" | "to"));
            let talk = has_in(a, i, TALK_NOUNS);
            if governed && !talk && !(i > 0 && RECEIVE_VERBS.contains(&w(i - 1))) && !has_in(a, i, RECEIVE_VERBS) {
                let mut tr = t(EventType::Delivery, Frame::Seller, i, "delivery-noun");
                if on_schedule {
                    tr.modality = Some(Modality::Planned);
                }
                out.push(tr);
            }
            continue;
        }
        // "will get 31 Abrams tanks": "get" moves materiel only with a count or a first batch after it
        // ("to get the latest on the F-35" does not).
        if matches!(word, "get" | "gets" | "getting") {
            let next = w(i + 1);
            let next = if matches!(next, "more" | "another" | "an" | "additional") { w(i + 2) } else { next };
            let counted = next.bytes().all(|b| b.is_ascii_digit()) && !next.is_empty() || small_count(next).is_some();
            let first = matches!(next, "its" | "their" | "the") && matches!(w(i + 2), "first" | "new" | "remaining");
            if !(counted || first) {
                continue;
            }
        }
        if RECEIVE_VERBS.contains(&word) {
            // "received its first instalment of …", "received the first deliveries", "received full payment".
            let (_, b) = window(i, 0, 6);
            if has_in(i, b, &["payment", "payments", "money", "funds"]) {
                out.push(t(EventType::Payment, Frame::Seller, i, "received-payment"));
                continue;
            }
            if matches!(word, "took" | "take" | "takes" | "taken" | "taking") && w(i + 1) != "delivery" {
                continue;
            }
            // "India received a waiver from U.S. sanctions": no materiel.
            if (i + 1..(i + 4).min(n)).any(|k| matches!(w(k), "waiver" | "waivers" | "exemption" | "approval" | "permission" | "assurances" | "guarantees" | "warning" | "warnings" | "sanctions" | "letter" | "request" | "invitation" | "offer" | "proposal" | "briefing" | "visit" | "delegation" | "praise" | "criticism" | "support")) {
                continue;
            }
            // "commissioned its first Type 054A/P frigate"; not "commissioned a study".
            if word == "commissioned"
                && (i > 0 && matches!(w(i - 1), "was" | "were" | "is" | "are" | "been" | "be")
                    || has_in(i + 1, (i + 5).min(n), &["study", "studies", "report", "survey", "review", "analysis", "research", "poll", "audit", "assessment", "evaluation", "paper", "firm", "consultancy", "consultants", "work", "painting", "portrait"]))
            {
                continue;
            }
            let mut tr = t(EventType::Delivery, Frame::Buyer, i, "receive-verb");
            tr.passive = passive_at(i);
            out.push(tr);
            continue;
        }
        if matches!(word, "arrived" | "arrive" | "arrives" | "landed") {
            // Aircraft arrive for exercises, patrols, visits and air shows; a
            // landing is a delivery only when the clause says so ("the first
            // two F-35s landed at Łask").
            let visit = (0..n).any(|k| matches!(w(k), "exercise" | "exercises" | "drill" | "drills" | "patrol" | "patrols" | "visit" | "airshow" | "show" | "manoeuvres" | "maneuvers" | "deployment" | "refuelling" | "refueling" | "stopover"));
            let landing_cue = (0..n).any(|k| matches!(w(k), "first" | "batch" | "delivery" | "deliveries" | "delivered" | "new" | "shipment" | "consignment" | "carrying" | "transporting" | "ferrying" | "bringing" | "with" | "handover" | "more" | "last" | "remaining" | "used" | "second-hand" | "secondhand" | "surplus"));
            // "a C-17 transport plane landed with the missiles": the plane
            // carries what is delivered (see `build`).
            if !visit && (word != "landed" || landing_cue) {
                out.push(t(EventType::Delivery, Frame::Buyer, i, "arrived"));
            }
            continue;
        }
        // Negotiations.
        if TALK_NOUNS.contains(&word) || TALK_VERBS.contains(&word) {
            if matches!(word, "discussing" | "discussed" | "discuss") && has_in(i, (i + 5).min(n), PRODUCTION_WORDS) {
                continue; // "discussing the possibilities of producing": production
            }
            // "Poland suspended talks with Seoul", "talks broke down": the
            // negotiation stops, which is the deal's cancellation, not talks
            // going on.
            if TALK_NOUNS.contains(&word) {
                if let Some((k, end)) = talks_stopped(low, i) {
                    let mut tr = t(EventType::Cancellation, Frame::Actor, k, "talks-stopped");
                    tr.end = end;
                    out.push(tr);
                    continue;
                }
            }
            out.push(t(EventType::Negotiation, Frame::Mutual, i, "talks"));
            continue;
        }
        // "Hanoi is considering K239 launchers", "Manila is eyeing the
        // BrahMos": a buyer weighing a named system (checked in `build`).
        // Not a passive ("was considered"), a noun ("the weighing") or a
        // verb of something else ("considering whether", "eyeing buying").
        if matches!(word, "considering" | "considers" | "considered" | "mulling" | "mulls" | "weighing" | "weighs" | "eyeing" | "eyes" | "eyed")
            && i > 0
            && !matches!(w(i + 1), "to" | "whether" | "how" | "if" | "options" | "it" | "that" | "them" | "him" | "her" | "itself")
            && !w(i + 1).ends_with("ing")
            && (word.ends_with("ing") && matches!(w(i - 1), "is" | "are" | "was" | "were" | "been") || !matches!(w(i - 1), "be" | "been" | "being" | "was" | "were" | "is" | "are" | "the" | "a"))
        {
            let mut tr = t(EventType::Intent, Frame::Buyer, i, "considering");
            tr.modality = Some(Modality::Planned);
            out.push(tr);
            continue;
        }
        // Payments.
        // "over a payment dispute", "payment terms": a noun on another noun is no payment.
        let modifier = matches!(word, "payment" | "payments")
            && matches!(w(i + 1), "dispute" | "disputes" | "row" | "problems" | "problem" | "issues" | "issue" | "terms" | "schedule" | "delays" | "delay" | "difficulties" | "arrears");
        if matches!(word, "paid" | "pay" | "pays" | "payment" | "payments") && !modifier && !out.iter().any(|x: &Trigger| x.kind == EventType::Payment) {
            out.push(t(EventType::Payment, Frame::Buyer, i, "payment"));
            continue;
        }
        // Production and localisation.
        if PRODUCTION_WORDS.contains(&word) {
            let (a, b) = window(i, 3, 8);
            let about_parts = has_in(a, b, &["components", "component", "parts", "locally", "local", "licence", "license", "licensed", "localisation", "localization", "there", "domestically", "jointly", "joint", "fuselages", "fuselage", "factory", "plant", "facility", "kits"]);
            // "will produce the K9PL variant in Poland": built in a state,
            // which must be another than the system's maker's (read in `build`).
            let in_state = !about_parts && matches!(word, "produce" | "produced" | "producing" | "manufacture" | "manufactured" | "manufacturing" | "assemble" | "assembled") && has_in(i + 1, b, &["in"]);
            if about_parts || in_state || matches!(word, "localisation" | "localization" | "co-production" | "coproduction" | "co-produce" | "localise" | "localize") {
                if has_in(a, i, &["impossible", "cannot", "unable"]) {
                    continue;
                }
                let mut tr = t(EventType::Production, Frame::Seller, i, if in_state { "production-in" } else { "production" });
                if has_in(a.saturating_sub(4), i, &["envisions", "envisages", "envision", "possibilities", "possibility", "discussing", "plans", "will", "would"]) {
                    tr.modality = Some(Modality::Planned);
                }
                // One production event per clause; the clause's other
                // triggers still count ("produced in Germany and delivered
                // from 2022").
                if !out.iter().any(|x: &Trigger| x.kind == EventType::Production) {
                    out.push(tr);
                }
            }
            continue;
        }
        // Sanctions: imposed or threatened, never the bare noun.
        if matches!(word, "sanctions" | "sanction" | "sanctioned" | "penalties" | "embargo") {
            let (a, b) = window(i, 7, 3);
            let threat = has_in(a, b, &["threatened", "threatening", "threaten", "threatens", "threat", "threats", "warned", "face", "faces", "facing", "risk", "risks", "risked", "risking", "could", "may", "might"]);
            let imposed = has_in(a, b, &["imposed", "impose", "imposes", "imposing", "slapped", "faced", "levied", "introduced", "announced", "applied", "hit", "placed", "sanctioned", "such", "realized", "realised"]);
            if word == "sanctioned" || threat || imposed {
                let mut tr = t(EventType::Sanction, Frame::Actor, i, "sanctions");
                // "was sanctioned", "the only member sanctioned over the S-400":
                // a participle with no object after it is passive.
                tr.passive = word == "sanctioned" && (passive_at(i) || (i > 0 && !matches!(w(i - 1), "has" | "have" | "had") && (i + 1 >= n || matches!(w(i + 1), "over" | "for" | "by" | "under" | "because" | "after" | "in" | "," | "." | ";"))));
                if threat && !has_in(a, b, &["realized", "realised", "carried"]) {
                    tr.modality = Some(Modality::Threat);
                }
                out.push(tr);
            }
            continue;
        }
        // Exclusion from a programme.
        if EXCLUDE_VERBS.contains(&word) || matches!(word, "removal" | "expulsion" | "exclusion" | "suspension" | "ouster") {
            let (_, b) = window(i, 0, 10);
            if has_in(i, b, &["program", "programme", "project", "consortium", "partnership"]) && has_in(i, b, &["from", "out"]) {
                let mut tr = t(EventType::ProgramExclusion, Frame::Actor, i, "excluded-from-program");
                tr.passive = passive_at(i);
                out.push(tr);
                continue;
            }
        }
        if matches!(word, "involvement" | "participation") {
            let (_, b) = window(i, 0, 8);
            if has_in(i, b, &["impossible", "ended", "ends", "terminated"]) {
                out.push(t(EventType::ProgramExclusion, Frame::Actor, i, "involvement-impossible"));
                continue;
            }
        }
        // "halted deliveries of F-35 equipment to Turkey": stopping the
        // transfer itself.
        if matches!(word, "halted" | "halt" | "halts" | "suspended" | "suspend" | "suspends" | "froze" | "freeze" | "freezes" | "frozen" | "stopped" | "stop" | "stops" | "paused" | "pause" | "blocked" | "block")
            && (i + 1..(i + 4).min(n)).any(|k| matches!(w(k), "deliveries" | "delivery" | "shipments" | "shipment" | "supplies" | "transfer" | "transfers" | "exports" | "sales" | "export" | "sale"))
        {
            // "blocked the export of Eurofighter jets", "halted the sale of".
            let k = (i + 1..(i + 4).min(n)).find(|&k| matches!(w(k), "deliveries" | "delivery" | "shipments" | "shipment" | "supplies" | "transfer" | "transfers" | "exports" | "sales" | "export" | "sale")).unwrap_or(i);
            let mut tr = t(EventType::Cancellation, Frame::Actor, i, "halt-deliveries");
            tr.end = k + 1;
            tr.passive = passive_at(i);
            out.push(tr);
            continue;
        }
        // Cancellations.
        let dropped = matches!(word, "dropped" | "drop" | "drops");
        if (CANCEL_VERBS.contains(&word) && !matches!(word, "suspended" | "delay" | "delayed" | "block" | "blocked" | "halt" | "halted")) || dropped {
            // Active: the object follows; passive: the subject stands before ("the contract … was cancelled").
            let (a, b) = if passive_at(i) { window(i, 12, 0) } else { window(i, 0, if dropped { 3 } else { 6 }) };
            if has_in(a, b, DEAL_NOUNS) || has_in(a, b, &["purchase", "order", "sale", "acquisition", "plans", "plan", "tender", "procurement"]) {
                let mut tr = t(EventType::Cancellation, Frame::Actor, i, "cancel");
                tr.passive = passive_at(i);
                out.push(tr);
                continue;
            }
        }
        // Waivers.
        if matches!(word, "waiver" | "waivers" | "waived" | "waive" | "waives" | "waiving" | "exemption") {
            let (a, b) = window(i, 5, 5);
            let mut tr = t(EventType::Waiver, Frame::Actor, i, "waiver");
            if has_in(a, b, &["refused", "denied", "rejected", "no", "not"]) {
                tr.polarity = Some(Polarity::Denied);
            }
            if has_in(a, b, &["seek", "seeks", "sought", "urged", "urge", "urging", "consider", "considering", "could", "may", "might", "possible", "push", "pushed", "calls", "called", "debate", "debated", "vote", "voted", "ask", "asked", "requested", "backed", "backing", "backs", "support", "supported", "supporting", "supports", "bill", "amendment", "proposal", "proposed"]) {
                tr.modality = Some(Modality::Planned);
            }
            out.push(tr);
            continue;
        }
        // Intent verbs that govern a supply/purchase infinitive are handled
        // there; "intends to supply" is caught by the supply verb.
    }
    out
}

/// A clause that names its buyers only in general after the trigger ("sold
/// K2 tanks to foreign buyers", "hopes to sign more deals in the Middle
/// East", "exports abroad"): the document's buyer is not meant.
fn generic_recipient(low: &[String], from: usize) -> bool {
    let w = |k: usize| low.get(k).map(String::as_str).unwrap_or("");
    (from..low.len()).any(|k| {
        let buyers = |j: usize| {
            matches!(
                w(j),
                "buyers" | "customers" | "clients" | "countries" | "nations" | "states" | "armies" | "militaries" | "operators" | "partners" | "allies" | "markets" | "governments" | "users"
            )
        };
        let region = |j: usize| {
            matches!(w(j), "asia" | "africa" | "europe" | "gulf" | "region" | "americas")
                || (w(j) == "middle" && w(j + 1) == "east")
                || (matches!(w(j), "latin" | "south" | "southeast" | "central") && matches!(w(j + 1), "america" | "asia"))
        };
        // "with an unnamed foreign buyer", "to a third country".
        let one_buyer = |j: usize| {
            matches!(w(j), "buyer" | "customer" | "client" | "country" | "state" | "nation" | "partner" | "operator" | "government")
                && (k + 1..j).any(|h| matches!(w(h), "a" | "an" | "one" | "another" | "unnamed" | "undisclosed" | "unidentified" | "unspecified" | "third"))
        };
        matches!(w(k), "abroad" | "overseas" | "worldwide")
            || (matches!(w(k), "to" | "for" | "with") && (k + 1..(k + 5).min(low.len())).any(|j| buyers(j) || one_buyer(j)))
            || (w(k) == "in" && (k + 1..(k + 3).min(low.len())).any(region))
    })
}

/// "agreed to buy", "has agreed on Thursday to sell": the verb at `i` is an
/// infinitive governed by "agreed" a few words before, which is not negated
/// or only agreed in principle.
fn agreed_to(low: &[String], i: usize) -> bool {
    let w = |k: usize| low.get(k).map(String::as_str).unwrap_or("");
    if i < 2 || w(i - 1) != "to" {
        return false;
    }
    let Some(k) = (i.saturating_sub(6)..i - 1).rev().find(|&k| w(k) == "agreed") else { return false };
    let between_ok = (k + 1..i - 1).all(|j| !matches!(w(j), "principle" | "not" | "to" | "and" | "but" | "," | "that" | "would" | "will"));
    let negated = k > 0 && matches!(w(k - 1), "not" | "never" | "n't" | "yet" | "would" | "will" | "to" | "be" | "been");
    between_ok && !negated
}

/// Talks (the noun at `i`) that stop: a verb before them ("suspended talks",
/// "broke off negotiations", "pulled out of talks") or after them ("talks
/// broke down", "negotiations were suspended"). The trigger's token range.
fn talks_stopped(low: &[String], i: usize) -> Option<(usize, usize)> {
    let w = |k: usize| low.get(k).map(String::as_str).unwrap_or("");
    let stop = |k: usize| {
        matches!(
            w(k),
            "suspended" | "suspend" | "suspends" | "suspending" | "halted" | "halt" | "halts" | "halting" | "froze" | "freeze" | "freezes" | "frozen" | "ended" | "end" | "ends"
                | "ending" | "terminated" | "terminate" | "terminates" | "abandoned" | "abandon" | "abandons" | "scrapped" | "quit" | "quits"
        ) || (matches!(w(k), "broke" | "break" | "breaks" | "breaking" | "broken" | "called" | "call" | "calls" | "calling") && w(k + 1) == "off")
    };
    // Before: "has suspended talks", "broke off the negotiations", "walked away from talks".
    let before = (i.saturating_sub(4)..i).rev().find(|&k| {
        stop(k) && (k + 1..i).all(|j| matches!(w(j), "off" | "the" | "its" | "their" | "all" | "further" | "formal" | "bilateral"))
            || matches!(w(k), "withdrew" | "withdraw" | "withdraws" | "withdrawn" | "pulled" | "pull" | "pulls" | "walked" | "walk" | "walks")
                && (k + 1..i).all(|j| matches!(w(j), "out" | "of" | "from" | "away" | "the" | "its" | "their"))
                && (k + 1..i).any(|j| matches!(w(j), "of" | "from"))
    });
    if let Some(k) = before {
        return Some((k, i + 1));
    }
    // After: "negotiations between Warsaw and Seoul broke down", "talks were suspended in May".
    let end = (i + 14).min(low.len());
    (i + 1..end).find_map(|k| {
        let collapsed = matches!(w(k), "collapsed" | "foundered" | "failed") || (matches!(w(k), "broke" | "broken") && w(k + 1) == "down");
        let passive = matches!(w(k), "were" | "was" | "been") && stop(k + 1) && w(k + 1) != "ended";
        (collapsed || passive).then(|| (i, if passive { k + 2 } else { k + 1 }))
    })
}

/// The state of a speaker who names only an institution ("ministry
/// spokesperson Jeon Ha-kyu", "the ministry"): the state of the last mention
/// before it of that institution with its state ("South Korea's defence
/// ministry", "the Indian foreign ministry").
fn institution_state(text: &str, ents: &Entities, sp: &crate::quotes::Speaker) -> Option<String> {
    const INSTITUTIONS: &[&str] = &["ministry", "government", "embassy", "army", "navy", "military", "presidency", "cabinet", "office", "agency", "department"];
    let words = |s: &str| s.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect::<Vec<_>>();
    let mut named = words(&sp.name);
    if let Some(r) = &sp.role {
        named.extend(words(r));
    }
    let noun = named.iter().find(|w| INSTITUTIONS.contains(&w.as_str()))?;
    ents.ending_by(sp.span.start)
        .iter()
        .rev()
        .filter_map(|m| match &m.referent {
            Referent::Country { iso3, .. } => Some((m, iso3)),
            _ => None,
        })
        .find(|(m, _)| {
            // The institution within four words after the state, in the same
            // phrase ("South Korea's defence ministry", not "Ukraine," ministry …).
            let after = &text[m.end..];
            let after = after.strip_prefix("'s").or_else(|| after.strip_prefix("’s")).unwrap_or(after);
            let phrase = &after[..after.find(|c: char| !(c.is_alphanumeric() || c == ' ' || c == '-')).unwrap_or(after.len())];
            phrase.split_whitespace().take(4).any(|w| w.eq_ignore_ascii_case(noun))
        })
        .map(|(_, iso3)| iso3.clone())
}

/// A state in a clause, with where it stands relative to the trigger.
#[derive(Debug, Clone)]
struct StateArg {
    iso3: String,
    tok: usize,
    /// Its last token ("Korea" of "South Korea").
    last: usize,
    /// The preposition right before it, if any.
    prep: Option<String>,
    form: CountryForm,
    /// A demonym right before a system ("Russian S-400s"), or a state
    /// joined to "-made" ("Chinese-made drones", "US-built F-16s").
    modifies_system: bool,
    /// Joined to "-made", "-built" and the like.
    made: bool,
    /// A possessive ("Turkey's purchase").
    possessive: bool,
    /// Right after a verb: its object ("threatened Turkey with", "supply Turkey with").
    object: bool,
}

#[allow(clippy::too_many_arguments)]
fn build(
    text: &str,
    sentence: Span,
    clause: Span,
    inherited: Option<Span>,
    toks: &[Token],
    low: &[String],
    trig: Trigger,
    trigger_ends: &[usize],
    ents: &Entities,
    quotes: &[Found],
    times: &[Time],
    amounts: &[Amount],
    gaz: &Gazetteer,
    deal: &DocDeal,
) -> Option<(Vec<Event>, bool)> {
    // Inside a quote, arguments come from the quoted words only: the frame
    // ("a Turkish defence official said") names the speaker, not a party.
    let trig_pos0 = toks[trig.at].start;
    // "a Kremlin aide told reporters after the talks": talks named in the
    // frame of a statement set its time; the statement reports other things.
    if trig.kind == EventType::Negotiation && quotes.iter().any(|q| q.frame.is_some_and(|f| f.start <= trig_pos0 && trig_pos0 < f.end) && !(q.span.start <= trig_pos0 && trig_pos0 < q.span.end)) {
        return None;
    }
    let quoted = quotes.iter().filter(|q| q.span.start <= trig_pos0 && trig_pos0 < q.span.end).min_by_key(|q| q.span.len());
    // "X signed a contract to buy 42 jets, the ministers announced, in a deal
    // worth $8.1 billion": what follows a frame set inside the sentence still
    // describes the reported deal.
    let tail = quoted.and_then(|q| q.frame.filter(|f| f.start >= q.span.end && f.start < clause.end)).and_then(|f| {
        let frame = text[f.start..clause.end].to_ascii_lowercase();
        [", in a deal", ", in a contract", ", in an agreement", ", in a package", ", worth ", ", valued at ", ", at a cost of ", ", for a total of "]
            .iter()
            .filter_map(|p| frame.find(p))
            .min()
            .map(|i| Span::new(f.start + i, clause.end))
    });
    let clause = match quoted {
        Some(q) => Span::new(clause.start.max(q.span.start), clause.end.min(q.span.end)),
        None => clause,
    };
    let toks_in: Vec<Token> = toks.iter().copied().filter(|t| t.start >= clause.start && t.end <= clause.end).collect();
    let offset = toks.iter().position(|t| t.start >= clause.start).unwrap_or(0);
    let trig = Trigger { at: trig.at - offset.min(trig.at), end: trig.end - offset.min(trig.end), ..trig };
    let toks: &[Token] = &toks_in;
    if trig.at >= toks.len() {
        return None;
    }
    // The clause's words in lower case, cut as its tokens were.
    let low: &[String] = &low[offset..offset + toks.len()];
    let tok_at = |pos: usize| toks.iter().position(|t| t.start <= pos && pos < t.end.max(t.start + 1));

    // States and organisations (as their states) in the clause.
    let mut states: Vec<StateArg> = Vec::new();
    let mut systems: Vec<(String, usize)> = Vec::new();
    // Demonyms as (first, last) tokens: "the 12 Omani jets", "no Russian fighter".
    let mut demonyms: Vec<(usize, usize)> = Vec::new();
    for m in ents.within(clause) {
        let Some(k) = tok_at(m.start) else { continue };
        let last = tok_at(m.end.saturating_sub(1)).unwrap_or(k).max(k);
        // The conjunction that opens a clause is no preposition ("…, and Denmark has pledged").
        let opens_clause = k == 1 && matches!(low[0].as_str(), "and" | "but" | "while" | "yet");
        let prep = (k > 0 && !opens_clause).then(|| low[k - 1].clone()).filter(|p| PREPS.contains(&p.as_str()) || matches!(p.as_str(), "the" | "a"));
        let prep = match prep.as_deref() {
            Some("the") | Some("a") if k > 1 && PREPS.contains(&low[k - 2].as_str()) => Some(low[k - 2].clone()),
            Some("the") | Some("a") => None,
            // "as Poland rebuilds its forces": "as" opens a clause whose subject the state is.
            Some("as") if low.get(last + 1).is_some_and(|v| finite_verb_form(v)) => None,
            _ => prep,
        };
        match &m.referent {
            Referent::Country { iso3, form } => {
                let next_is_system = ents.starting_in(m.end + 1, m.end + 3).iter().any(|x| matches!(x.referent, Referent::System { .. }));
                let possessive = text[m.end..].starts_with("'s") || text[m.end..].starts_with("’s") || text[m.start..m.end].ends_with("'s");
                let object = is_object_position(low, k);
                let made = gazetteer::made_suffix(&text[m.end..]).is_some();
                // "Russia's S-400": the maker's own system, named by its maker.
                let makers = possessive
                    && ents.starting_in(m.end + 2, m.end + 5).iter().any(|x| matches!(&x.referent, Referent::System { canonical } if gaz.system_origin(canonical) == Some(iso3.as_str())));
                if *form == CountryForm::Demonym && !made {
                    demonyms.push((k, last));
                }
                states.push(StateArg { iso3: iso3.clone(), tok: k, last, prep, form: *form, modifies_system: (*form == CountryForm::Demonym && next_is_system) || made || makers, made, possessive, object });
            }
            Referent::Organization { country: Some(c), category, .. } if matches!(category.as_str(), "exporter" | "manufacturer" | "agency") => {
                let object = is_object_position(low, k);
                states.push(StateArg { iso3: c.clone(), tok: k, last, prep, form: CountryForm::Institution, modifies_system: false, made: false, possessive: false, object });
            }
            Referent::System { canonical } => systems.push((canonical.clone(), k)),
            // "the F-35 programme" names its system.
            Referent::Organization { category, .. } if category == "programme" => {
                // The programme's own name matches first; its words without the last one may name the system.
                let mut name = &text[m.start..m.end];
                while let Some(cut) = name.rfind(' ') {
                    name = &name[..cut];
                    let found = gaz.find(name).into_iter().find_map(|h| match &h.entry.kind {
                        crate::gazetteer::Kind::System { canonical, .. } => Some(canonical.clone()),
                        _ => None,
                    });
                    if let Some(c) = found {
                        systems.push((c, k));
                        break;
                    }
                }
            }
            _ => {}
        }
    }

    // "Britain, which builds the jet with Germany and Italy, delivered …": a
    // relative clause set off by commas after a state that is the subject
    // describes that state; the states in it are not the trigger's
    // parties (its system may be: "India, which has ordered the S-400, has
    // asked for a waiver"). (After a thing, "The jets, which Turkey bought from
    // Russia, were delivered", its states are the deal's parties: kept.)
    // "Qatar flies 36 Rafale jets from France, a deal signed in 2015, and 24
    // Typhoons from Britain": a deal in apposition has the parties named
    // before it, not those of what follows its closing comma.
    if deal_apposition(low, trig.at) {
        if let Some(c) = (trig.end..low.len()).find(|&c| low[c] == ",") {
            states.retain(|st| st.tok < c);
        }
    }
    if let Some(r) = (2..trig.at).find(|&r| matches!(low[r].as_str(), "which" | "who" | "whose") && low[r - 1] == "," && states.iter().any(|st| st.last + 2 == r)) {
        if let Some(c) = (r + 1..trig.at).rev().find(|&c| low[c] == ",") {
            states.retain(|st| !(st.tok > r && st.tok < c));
        }
    }

    // "…objections linked to Turkey, which was removed from the F-35
    // programme": a trigger in a relative clause has the state it follows
    // as its subject; the states before that one are the main clause's.
    if let Some(r) = (1..trig.at).rev().find(|&r| low[r] == "," && matches!(low.get(r + 1).map(String::as_str), Some("which" | "who"))) {
        let inside = (r + 2..trig.at).all(|k| low[k] != "," && !is_predicate(&low[k]));
        if inside {
            if let Some(a) = states.iter().position(|st| st.last + 1 == r) {
                let antecedent = states[a].tok;
                states.retain(|st| st.tok >= antecedent);
                if let Some(first) = states.first_mut() {
                    first.prep = None;
                }
            }
        }
    }

    // A clause with no subject of its own shares the one of the clause
    // before ("Colombia chose the Gripen …, but has not yet signed").
    if let Some(subject) = inherited {
        if !states.iter().any(|st| st.tok < trig.at && st.prep.is_none()) {
            let mut shared = Vec::new();
            for m in ents.within(subject) {
                let iso3 = match &m.referent {
                    Referent::Country { iso3, .. } => iso3.clone(),
                    Referent::Organization { country: Some(c), category, .. } if matches!(category.as_str(), "exporter" | "manufacturer" | "agency") => c.clone(),
                    _ => continue,
                };
                let word_before = text[subject.start..m.start].split_whitespace().last().unwrap_or("").to_lowercase();
                if PREPS.contains(&word_before.as_str()) || text[m.end..].starts_with("'s") || text[m.end..].starts_with("’s") {
                    continue;
                }
                shared.push(StateArg { iso3, tok: 0, last: 0, prep: None, form: CountryForm::Name, modifies_system: false, made: false, possessive: false, object: false });
            }
            states.splice(0..0, shared);
        }
    }
    // "the missile, jointly developed by India's DRDO and Russia's NPO
    // Mashinostroyeniya, …": the makers of a system named in passing are not
    // parties to the clause's transfer.
    let mut k = 0;
    while k + 1 < low.len() {
        if matches!(low[k].as_str(), "developed" | "designed" | "built" | "made" | "manufactured" | "produced" | "co-developed" | "co-produced") && low[k + 1] == "by" && !(trig.at..trig.end).contains(&k) {
            let stop = (k + 2..low.len()).find(|&j| matches!(low[j].as_str(), "," | ";" | "—" | "(" | ")")).unwrap_or(low.len());
            if !(k..stop).contains(&trig.at) {
                states.retain(|st| !(k..stop).contains(&st.tok));
            }
            k = stop;
        }
        k += 1;
    }
    // "Bangladesh, another Chinese client, bought …": an apposition between
    // the subject and the trigger describes the subject and names no party.
    if let Some(first) = states.iter().find(|st| st.tok < trig.at).map(|st| st.last) {
        if low.get(first + 1).is_some_and(|w| w == ",") && low.get(first + 2).is_some_and(|w| matches!(w.as_str(), "a" | "an" | "another" | "one" | "the" | "its" | "long" | "itself")) {
            if let Some(close) = (first + 2..trig.at.min(first + 12)).find(|&j| low[j] == ",") {
                states.retain(|st| !(first + 2..close).contains(&st.tok));
            }
        }
    }
    // "drones for its war in Ukraine": the state a war is fought in or
    // against is no party to the transfer.
    states.retain(|st| {
        !(st.tok >= 2
            && matches!(st.prep.as_deref(), Some("in" | "against" | "on" | "with" | "of"))
            && matches!(low[st.tok - 2].as_str(), "war" | "wars" | "invasion" | "fighting" | "conflict" | "offensive" | "attacks" | "attack" | "strikes" | "aggression" | "operations" | "battlefield" | "front"))
            && !(st.tok >= 3
                && matches!(st.prep.as_deref(), Some("in" | "against" | "on" | "with" | "of"))
                && low[st.tok - 1] == "the"
                && matches!(low[st.tok - 3].as_str(), "war" | "invasion" | "fighting" | "conflict" | "offensive" | "aggression" | "operations"))
    });
    // "…, a deal Baku condemned": a comment after the clause names no party.
    if let Some(k) = (1..low.len().saturating_sub(2)).find(|&k| {
        low[k] == "," && k > trig.at && matches!(low[k + 1].as_str(), "a" | "an") && matches!(low[k + 2].as_str(), "deal" | "move" | "sale" | "decision" | "step" | "purchase" | "contract" | "agreement" | "order" | "transfer")
    }) {
        let stop = (k + 1..low.len()).find(|&j| matches!(low[j].as_str(), "," | ";")).unwrap_or(low.len());
        states.retain(|st| !(k..stop).contains(&st.tok));
    }
    // "a C-130 landed at Rzeszow carrying medical supplies": the aircraft
    // that arrives carries the cargo; only what it carries can be delivered.
    // So does a transport plane that lands with it ("a C-17 transport plane
    // landed at Clark with the first BrahMos launchers").
    let after_trigger = &low[trig.end.min(low.len())..];
    let carrier = low[trig.at.saturating_sub(4)..trig.at].iter().any(|w| matches!(w.as_str(), "transport" | "cargo" | "freighter" | "airlifter" | "transporter")) && after_trigger.iter().any(|w| w == "with");
    let cargo_only = trig.rule == "arrived" && (carrier || after_trigger.iter().any(|w| matches!(w.as_str(), "carrying" | "transporting" | "ferrying" | "bringing" | "loaded" | "laden")));
    if cargo_only {
        systems.retain(|(_, k)| *k > trig.at);
        states.retain(|st| st.tok > trig.at);
    }
    // "selected the Rafale over Boeing's F/A-18": the system a choice beat
    // is no party to the clause's events.
    if systems.len() > 1 && low.iter().any(|w| matches!(w.as_str(), "selected" | "chose" | "chosen" | "picked" | "preferred" | "selects" | "chooses" | "picks" | "prefers" | "won" | "beat" | "beating")) {
        let beaten = |k: usize| {
            (k.saturating_sub(4)..k).rev().find(|&j| matches!(low[j].as_str(), "over" | "than" | "beating" | "beat" | "against" | "instead")).is_some_and(|j| {
                (j + 1..k).all(|b| matches!(low[b].as_str(), "the" | "a" | "an" | "of" | "rival" | "rivals" | "competitor") || toks[b].text.starts_with(|c: char| c.is_uppercase()))
            })
        };
        if systems.iter().any(|(_, k)| !beaten(*k)) {
            // Its maker goes with it ("over Boeing's F/A-18").
            let beaten_at: Vec<usize> = systems.iter().filter(|(_, k)| beaten(*k)).map(|(_, k)| *k).collect();
            states.retain(|st| !beaten_at.iter().any(|&k| st.tok < k && st.tok + 3 >= k && beaten(st.tok)));
            systems.retain(|(_, k)| !beaten(*k));
        }
    }
    // "The jets were acquired to counter India's purchase of Rafales": a
    // purpose clause after the trigger is another predicate with its own
    // arguments.
    if let Some(k) = (0..low.len().saturating_sub(1)).find(|&k| {
        low[k] == "to"
            && matches!(
                low[k + 1].as_str(),
                "counter" | "deter" | "replace" | "boost" | "strengthen" | "bolster" | "modernise" | "modernize" | "upgrade" | "protect" | "defend" | "match" | "offset" | "balance" | "fight" | "combat" | "replenish" | "complement" | "succeed" | "patrol" | "guard"
            )
    }) {
        if trig.at < k {
            systems.retain(|(_, j)| *j < k);
            states.retain(|st| st.tok < k);
        } else {
            systems.retain(|(_, j)| *j > k);
            states.retain(|st| st.tok > k);
        }
    }
    // "removed from the F-35 programme after it took delivery of the Russian
    // system": a system named as a programme is the programme, not what
    // another trigger of the clause moves.
    if trig.kind != EventType::ProgramExclusion {
        systems.retain(|(_, k)| !(k + 1..(k + 4).min(low.len())).any(|j| matches!(low[j].as_str(), "programme" | "program" | "programmes" | "programs" | "consortium")));
    }
    // "has bought Chinese drones and had considered purchasing Russian S-400
    // systems": what a second verb joined by "and" takes is not the first's.
    let verb = |w: &str| (ACT_VERBS.contains(w) || INTENT_VERBS.contains(&w)) && (w.ends_with("ed") || w.ends_with("ing") || w.ends_with('s'));
    let second_verb = (trig.end..low.len().saturating_sub(1)).find(|&j| {
        low[j] == "and" && (j + 1..(j + 4).min(low.len())).take_while(|&v| v == j + 1 || matches!(low[v - 1].as_str(), "has" | "have" | "had" | "was" | "were" | "is" | "are" | "also" | "then" | "later" | "will" | "would")).any(|v| verb(&low[v]))
    });
    if let Some(j) = second_verb {
        systems.retain(|(_, k)| *k < j);
    }
    // "ordered 48 KAAN fighters from Turkey, a deal signed in June 2025, and
    // two Scorpene submarines": the deal in apposition is the one before it.
    if deal_apposition(low, trig.at) && systems.iter().any(|(_, k)| *k < trig.at) {
        systems.retain(|(_, k)| *k < trig.at);
    }
    let scope = second_verb.unwrap_or(low.len());
    // System: named in the clause (nearest the trigger), else the document's
    // when the clause refers to it, else none. Sanctions name no system.
    // The nearest system, preferring the words after the trigger (its object).
    // What arrives or is due is the subject: "The first ten K2 tanks arrived".
    let subject_moves = matches!(trig.rule, "arrived" | "due");
    let mut system = systems
        .iter()
        .min_by_key(|(_, k)| (*k as isize - trig.at as isize).unsigned_abs() + if (*k < trig.at) != subject_moves { 6 } else { 0 })
        .map(|(s, _)| s.clone());
    let counted = |i: usize| i > 0 && (low[i - 1].chars().any(|c| c.is_ascii_digit()) || matches!(low[i - 1].as_str(), "several" | "many" | "multiple" | "two" | "three" | "four" | "five" | "dozens" | "numerous"));
    // "signed export contracts worth $10 billion": contracts in general, not the report's deal.
    let general = |i: usize| i > 0 && matches!(low[i - 1].as_str(), "export" | "arms" | "defence" | "defense" | "foreign");
    // "the remaining 70 tanks", "the first 38 jets": a count may stand between.
    let digits = |w: &str| !w.is_empty() && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit() || b == b',');
    // And a demonym: "the 12 Omani jets", "no Russian fighter".
    let before_count = |i: usize| {
        let i = demonyms.iter().find(|&&(first, last)| last + 1 == i && first >= 1).map_or(i, |&(first, _)| first);
        if i >= 2 && (digits(&low[i - 1]) || small_count(&low[i - 1]).is_some()) { i - 1 } else { i }
    };
    let refers = low[..scope].iter().enumerate().filter(|(i, w)| !(matches!(w.as_str(), "contracts" | "deals" | "agreements" | "accords") && (counted(*i) || general(*i)))).any(|(_, w)| {
        matches!(
            w.as_str(),
            "system" | "systems" | "batch" | "batches" | "contract" | "contracts" | "deal" | "deals" | "agreement" | "agreements" | "accord" | "accords" | "missiles" | "deliveries" | "sale"
                | "delivery" | "units" | "components" | "cooperation" | "purchase" | "instalment" | "regiments" | "batteries" | "squadrons" | "them" | "it" | "these"
                | "regiment" | "battery" | "squadron" | "unit" | "none"
        )
    }) || (1..scope).any(|i| {
        // "Berlin had blocked the export", "cancelled the order": the deal's.
        matches!(low[i - 1].as_str(), "the" | "this" | "that" | "its" | "their") && matches!(low[i].as_str(), "export" | "exports" | "transfer" | "transfers" | "shipment" | "shipments" | "order")
    }) || trig.kind == EventType::Negotiation && {
        // "Talks are at an early stage": talks as the subject are the deal's
        // ("held talks with Modi" is a summit).
        let k = trig.at;
        matches!(low[k].as_str(), "talks" | "negotiations")
            && (0..k).all(|j| matches!(low[j].as_str(), "the" | "but" | "and" | "that" | "further" | "formal" | "final"))
            && low.get(k + 1).is_some_and(|w| matches!(w.as_str(), "are" | "were" | "is" | "was" | "have" | "had" | "will" | "would" | "continue" | "continued" | "remain" | "remained" | "stalled" | "began" | "resumed"))
    } || (1..scope).any(|i| {
        // "denied that any weapons had arrived": weapons in general, in a
        // report about one deal, are that deal's.
        matches!(low[i - 1].as_str(), "the" | "these" | "those" | "any" | "no") && matches!(low[i].as_str(), "weapons" | "arms" | "weaponry")
    }) || (1..scope).any(|i| {
        // A definite class noun refers back: "the jets", "the first of the tanks", "the first new tanks".
        // So does one that is denied: "no jets had arrived", "denied that
        // any aircraft had been delivered", "received no tanks".
        // And one that adds to them: "would order 18 more tanks".
        let d = before_count(i);
        (matches!(low[d - 1].as_str(), "the" | "these" | "those" | "first" | "remaining" | "last" | "no" | "any" | "more" | "additional") || low[i - 1] == "new" && i >= 2 && matches!(low[i - 2].as_str(), "the" | "first"))
            && matches!(
                low[i].as_str(),
                "jets" | "fighters" | "aircraft" | "tanks" | "helicopters" | "howitzers" | "drones" | "frigates" | "submarines" | "launchers" | "vehicles" | "ships" | "interceptors" | "missiles"
                    | "jet" | "fighter" | "tank" | "helicopter" | "howitzer" | "drone" | "frigate" | "submarine" | "missile" | "launcher"
                    | "guns" | "gun" | "warplanes" | "corvettes" | "warships" | "destroyers" | "boats" | "boat" | "vessels" | "vessel"
            )
    });
    // A bare number stands for the deal's units: "Three have been
    // delivered", "the remaining two would arrive by 2026".
    let number = |w: &str| w.bytes().all(|b| b.is_ascii_digit()) && !w.is_empty() && w.len() <= 3 || matches!(w, "one" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten" | "eleven" | "twelve" | "dozen");
    let bare_number = low.first().is_some_and(|w| number(w)) && low.get(1).is_some_and(|w| matches!(w.as_str(), "have" | "has" | "had" | "were" | "was" | "are" | "will" | "would" | "more" | "of"))
        || (1..low.len()).any(|i| matches!(low[i - 1].as_str(), "remaining" | "last" | "other" | "first") && number(&low[i]) && low.get(i + 1).is_none_or(|w| !w.chars().all(char::is_alphabetic) || matches!(w.as_str(), "have" | "has" | "had" | "were" | "was" | "are" | "will" | "would" | "arrived" | "is")));
    // "the first was delivered in April": an ordinal standing alone.
    let bare_ordinal = (1..low.len().saturating_sub(1)).any(|i| {
        low[i - 1] == "the"
            && matches!(low[i].as_str(), "first" | "second" | "third" | "fourth" | "last" | "latest" | "rest")
            && matches!(low[i + 1].as_str(), "was" | "were" | "has" | "have" | "had" | "will" | "would" | "arrived" | "is" | "are" | "of")
    });
    let bare_number = bare_number || bare_ordinal;
    let refers = refers || bare_number;
    // A definite noun that fits the deal: "the contract" any, "the first tanks" a tank's.
    let class = deal.system.as_deref().and_then(|s| gaz.system_class(s)).unwrap_or("");
    let fits = |noun: &str| match noun {
        "contract" | "deal" | "agreement" | "sale" | "purchase" | "order" | "deliveries" | "delivery" | "batch" | "systems" | "shipments" | "shipment" | "weapons" | "arms" | "weaponry" => true,
        _ => noun_fits_class(noun, class).unwrap_or(false),
    };
    // "Denmark will send six jets" in a report about F-16s, "a deal for 486
    // launchers" in a paragraph about HIMARS: a counted noun of the deal's
    // class is the deal's.
    let counted_class = (1..scope).any(|i| {
        let n = &low[i - 1];
        (small_count(n).is_some() || !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit())) && noun_fits_class(&low[i], class) == Some(true)
    });
    let refers = refers || counted_class;
    // "The remaining tanks are due by 2025" in a report about tanks and
    // howitzers: the last system named of the class the noun names.
    // "the tanks", "820 more tanks" in a report on howitzers: another system's.
    let counted = |w: &str| matches!(w, "more" | "additional" | "extra") || small_count(w).is_some() || w.chars().all(|c| c.is_ascii_digit() || c == ',');
    let wrong_class = (1..low.len()).find(|&i| (matches!(low[i - 1].as_str(), "the" | "these" | "those" | "remaining" | "first" | "last" | "new") || counted(&low[i - 1])) && noun_fits_class(&low[i], class) == Some(false));
    if system.is_none() && refers && trig.kind != EventType::Sanction {
        if let Some(i) = wrong_class {
            system = ents
                .ending_by(toks[0].start)
                .iter()
                .rev()
                .find_map(|m| match &m.referent {
                    Referent::System { canonical } if noun_fits_class(&low[i], gaz.system_class(canonical).unwrap_or("")) == Some(true) => Some(canonical.clone()),
                    _ => None,
                });
        }
    }
    let definite = bare_number
        || counted_class
        || low.first().is_some_and(|w| fits(w) && matches!(w.as_str(), "deliveries" | "delivery" | "shipments" | "shipment"))
        || (1..low.len()).any(|i| matches!(low[before_count(i) - 1].as_str(), "the" | "this" | "that" | "these" | "those" | "first" | "second" | "remaining" | "last" | "more" | "additional") && fits(&low[i]))
        // "no jets had arrived" in a report about fighters: none of the deal's.
        || (1..low.len()).any(|i| matches!(low[before_count(i) - 1].as_str(), "no" | "any") && noun_fits_class(&low[i], class) == Some(true));
    // "handed over their older equipment": what the trigger moves is named, and is not the deal's.
    let after_trigger = if low.get(trig.end).is_some_and(|w| w == "over") { trig.end + 1 } else { trig.end };
    let own_object = low.get(after_trigger).is_some_and(|w| matches!(w.as_str(), "their" | "its" | "our" | "his" | "her" | "older" | "old" | "surplus" | "used"));
    // "in talks with Israel on an air defence system" in a report on rocket
    // launchers: an indefinite system of another class is not the deal's.
    let other_class = (0..low.len()).any(|i| {
        matches!(low[i].as_str(), "a" | "an" | "another") && (i + 1..(i + 4).min(low.len())).any(|j| {
            let noun = low[j].as_str();
            let air_defence = matches!(noun, "system" | "systems") && (i + 1..j).any(|k| matches!(low[k].as_str(), "defence" | "defense"));
            noun_fits_class(noun, class) == Some(false) || air_defence && !matches!(class, "air_defence" | "missile")
        })
    }) || (1..low.len()).any(|j| {
        // "to supply a country with artillery systems" in a report on air defence.
        let kind = match low[j - 1].as_str() {
            "artillery" => Some(matches!(class, "artillery" | "rocket_artillery")),
            "defence" | "defense" => Some(matches!(class, "air_defence" | "missile")),
            "missile" | "rocket" => Some(matches!(class, "missile" | "air_defence" | "rocket_artillery")),
            "naval" => Some(matches!(class, "ship" | "submarine" | "missile")),
            other => noun_fits_class(other, class),
        };
        matches!(low[j].as_str(), "system" | "systems") && kind == Some(false)
    })
        // "The tanks were promised" in a report on jets: no system of that class was named.
        || wrong_class.is_some() && !low.iter().any(|w| noun_fits_class(w, class) == Some(true));
    if system.is_none() && trig.kind != EventType::Sanction && refers && !own_object && (!deal.local || definite) && !other_class {
        system = deal.system.clone();
    }
    if trig.kind == EventType::Sanction {
        system = None;
    }
    if low.iter().any(|w| w == "other") && low.iter().any(|w| matches!(w.as_str(), "equipment" | "areas" | "systems" | "weapons")) && systems.is_empty() {
        // "talks on other equipment": not the document's system.
        return None;
    }
    let origin = system.as_ref().and_then(|s| origin_of(gaz, s));

    // Roles from argument structure.
    // "The tanks Germany promised have arrived in Ukraine": a state in a
    // relative clause before the trigger is the supplier or the buyer of
    // what the clause describes, not the trigger's subject.
    let described = (1..trig.at).find_map(|k| relative_clause(toks, low, k).map(|s| (s, k)));
    // "Serbia's purchase of 12 French Rafale jets marks a shift away from
    // Russian weapons": a demonym on other arms than the system the clause
    // names is no party to the event.
    let named_system = systems.iter().any(|(name, _)| Some(name) == system.as_ref());
    let other_arms = |s: &StateArg| {
        named_system
            && s.form == CountryForm::Demonym
            && !s.made
            && !s.modifies_system
            && (s.last + 1..(s.last + 3).min(low.len())).any(|k| ARMS_WORDS.contains(&low[k].as_str()))
            && !systems.iter().any(|(_, k)| *k > s.last && *k <= s.last + 3)
    };
    let states: Vec<StateArg> = states.into_iter().filter(|s| !other_arms(s)).collect();
    let (described_states, states): (Vec<StateArg>, Vec<StateArg>) = states.into_iter().partition(|st| described.is_some_and(|(s, k)| st.tok >= s && st.tok < k));
    let (agent, patient) = roles(&states, &trig, low);
    let mut supplier: Option<String> = None;
    let mut recipients: Vec<String> = Vec::new();
    match trig.frame {
        Frame::Seller => {
            supplier = agent.first().cloned();
            recipients = patient.clone();
        }
        Frame::Buyer => {
            recipients = agent.clone();
            supplier = patient.first().cloned();
            // "The first K2 tanks ordered by Poland arrived": the buyer named
            // in the subject's participle.
            if recipients.is_empty() && matches!(trig.rule, "arrived" | "due") {
                let ordered_by = |st: &&StateArg| {
                    st.tok < trig.at && st.prep.as_deref() == Some("by") && st.tok >= 2 && matches!(low[st.tok - 2].as_str(), "ordered" | "bought" | "purchased" | "acquired" | "procured")
                };
                recipients.extend(states.iter().filter(ordered_by).map(|st| st.iso3.clone()).filter(|c| Some(c) != supplier.as_ref()));
            }
        }
        Frame::Actor => {
            supplier = agent.first().cloned();
            recipients = patient.clone();
        }
        Frame::Mutual => {
            let mut all: Vec<String> = Vec::new();
            for s in agent.iter().chain(patient.iter()) {
                if !all.contains(s) {
                    all.push(s.clone());
                }
            }
            // Without a system, the report's main deal tells who sells:
            // "Greece has been in talks with Israel" in a report on Israel selling to Greece.
            let seller = origin.clone().or_else(|| deal.supplier.clone().filter(|_| system.is_none()));
            if let Some(o) = seller.as_ref().filter(|o| all.contains(o)) {
                supplier = Some(o.clone());
                recipients = all.into_iter().filter(|s| s != o).collect();
            } else if let Some(o) = origin.as_ref().filter(|_| all.len() >= 2 && low.iter().any(|w| matches!(w.as_str(), "joint" | "jointly" | "together" | "common"))) {
                // "Estonia and Latvia signed a joint procurement agreement for
                // IRIS-T": buyers that buy together, from the system's maker.
                supplier = Some(o.clone());
                recipients = all;
            } else if let Some(o) = seller.as_ref().filter(|_| {
                // "it was in talks with Vietnam and Indonesia about BrahMos
                // sales": partners named only after "with" all buy from the
                // system's maker.
                let named: Vec<&StateArg> = states.iter().filter(|st| all.contains(&st.iso3)).collect();
                all.len() >= 2 && named.iter().any(|st| st.prep.as_deref() == Some("with")) && named.iter().all(|st| matches!(st.prep.as_deref(), Some("with" | "and")))
            }) {
                supplier = Some(o.clone());
                recipients = all;
            } else if let Some(w) = states
                .iter()
                .find(|st| all.contains(&st.iso3) && st.prep.as_deref() == Some("with"))
                .map(|st| st.iso3.clone())
                .filter(|w| Some(w) != deal.supplier.as_ref() && deal.recipient.as_ref().is_some_and(|r| r != w && all.iter().all(|o| o == w || o == r)))
            {
                // "Greece's deal with Spain", "the deal with Britain" in a
                // report on Greece's (Turkey's) purchases: the report's buyer
                // buys from the party it deals with.
                supplier = Some(w);
                recipients = deal.recipient.iter().cloned().collect();
            } else if all.len() >= 2 {
                supplier = Some(all[0].clone());
                recipients = all[1..].to_vec();
            } else if let Some(one) = all.first() {
                // "Elbit signed a $300 million deal to supply rocket launchers
                // to an undisclosed country": the deal's purpose says who sells.
                let to_sell = (trig.end..low.len().saturating_sub(1)).any(|k| {
                    low[k] == "to" && matches!(low[k + 1].as_str(), "supply" | "sell" | "deliver" | "provide" | "export" | "build" | "manufacture" | "produce" | "equip")
                });
                if Some(one) == deal.supplier.as_ref() || Some(one) == origin.as_ref() || (to_sell && agent.contains(one)) {
                    supplier = Some(one.clone());
                } else {
                    recipients = vec![one.clone()];
                }
            }
        }
    }
    if let Some((_, k)) = described {
        for st in &described_states {
            if supplies_what_it_describes(&low[k]) {
                if supplier.is_none() || supplier == origin {
                    supplier = Some(st.iso3.clone());
                }
                recipients.retain(|r| r != &st.iso3);
            } else if !recipients.contains(&st.iso3) && supplier.as_ref() != Some(&st.iso3) {
                recipients.push(st.iso3.clone());
            }
        }
    }
    // "carrying FK-3 systems that Serbia bought from China": a buyer named in
    // a relative clause on what moves.
    if recipients.is_empty() && matches!(trig.kind, EventType::Delivery) {
        if let Some(st) = states.iter().find(|st| {
            st.tok > trig.at && st.tok >= 1 && matches!(low[st.tok - 1].as_str(), "that" | "which") && low.get(st.last + 1).is_some_and(|v| matches!(v.as_str(), "bought" | "ordered" | "purchased" | "acquired" | "procured"))
        }) {
            if supplier.as_ref() != Some(&st.iso3) {
                recipients.push(st.iso3.clone());
            }
        }
    }
    // "Ankara denied that it had transferred …": a pronoun subject inside a
    // statement is the state that speaks.
    if agent.is_empty() && matches!(trig.frame, Frame::Seller | Frame::Buyer | Frame::Mutual) && !trig.passive {
        let aux = |w: &str| matches!(w, "had" | "has" | "have" | "will" | "would" | "not" | "never" | "also" | "already" | "yet" | "did" | "does" | "do" | "is" | "are" | "was" | "were" | "n't" | "to" | "plans" | "wants" | "intends" | "still" | "ready" | "prepared" | "willing" | "able" | "going" | "set" | "about" | "expected" | "likely" | "planning" | "hoping" | "keen" | "eager" | "due" | "could" | "can" | "may" | "might" | "should");
        let subject = (0..trig.at).rev().take_while(|&k| k + 4 >= trig.at).find(|&k| matches!(low[k].as_str(), "it" | "we")).filter(|&k| (k + 1..trig.at).all(|j| aux(&low[j])));
        // "Iran acknowledged sending drones to Russia": a gerund that opens
        // the statement has the speaker for subject.
        let gerund_opens = low[trig.at].ends_with("ing") && quotes.iter().any(|q| q.span.start == trig_pos0 && !q.direct);
        if subject.is_some() || gerund_opens {
            let speaker_state = quotes.iter().filter(|q| q.span.start <= trig_pos0 && trig_pos0 < q.span.end).min_by_key(|q| q.span.len()).and_then(|q| q.speaker.as_ref()).and_then(|sp| {
                ents.within(sp.span)
                    .find_map(|m| match &m.referent {
                        Referent::Country { iso3, .. } => Some(iso3.clone()),
                        Referent::Organization { country: Some(c), .. } => Some(c.clone()),
                        _ => None,
                    })
                    .or_else(|| institution_state(text, ents, sp))
            });
            if let Some(st) = speaker_state {
                match trig.frame {
                    Frame::Seller => {
                        if supplier.is_none() {
                            supplier = Some(st);
                        }
                    }
                    // "Washington has told Bern that the Patriots it ordered
                    // …": a state does not buy its own system; the pronoun is
                    // another's.
                    Frame::Buyer if origin.as_ref() == Some(&st) => {}
                    Frame::Buyer => {
                        if !recipients.contains(&st) && supplier.as_ref() != Some(&st) {
                            recipients.insert(0, st);
                        }
                    }
                    _ => {
                        if origin.as_ref() == Some(&st) {
                            supplier = Some(st);
                        } else if !recipients.contains(&st) {
                            recipients.insert(0, st);
                            if supplier.as_ref() == Some(recipients.last().unwrap()) && recipients.len() > 1 {
                                recipients.pop();
                            }
                        }
                    }
                }
            }
        }
    }
    // "The U.S. State Department approved the sale of … It also approved a
    // possible sale of radars": "It" opening the sentence is the state that
    // opened the sentence before.
    if agent.is_empty() && trig.frame == Frame::Seller && !trig.passive && sentence.start == toks[0].start && low.first().is_some_and(|w| w == "it")
        && (1..trig.at).all(|j| matches!(low[j].as_str(), "also" | "has" | "had" | "have" | "will" | "would" | "later" | "then" | "separately" | "already" | "approved" | "cleared" | "authorized" | "authorised" | "a" | "an" | "the" | "possible" | "potential" | "proposed") || low[j].starts_with('$') || low[j].bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') || matches!(low[j].as_str(), "million" | "billion"))
    {
        // The sentence before, split as sentences are (not at "U.S.").
        let mut lo = sentence.start.saturating_sub(600);
        while !text.is_char_boundary(lo) {
            lo += 1;
        }
        let before = &text[..sentence.start];
        let prev_start = crate::text::sentences(&before[lo..]).last().map_or(lo, |s| lo + s.start);
        // After a dateline: "WASHINGTON, Oct 26 (Reuters) - The U.S. …".
        let mut head_end = (prev_start + 100).min(before.len());
        while !before.is_char_boundary(head_end) {
            head_end -= 1;
        }
        let head = &before[prev_start..head_end];
        let prev_start = [" - ", " — ", " – ", "/. "].iter().filter_map(|d| head.find(d).map(|i| prev_start + i + d.len())).min().unwrap_or(prev_start);
        let opening = ents.within(Span::new(prev_start, before.len())).next().filter(|m| text[prev_start..m.start].split_whitespace().count() <= 2).and_then(|m| match &m.referent {
            Referent::Country { iso3, form } if *form != CountryForm::Demonym || text[m.end..].trim_start().starts_with(char::is_uppercase) => Some(iso3.clone()),
            Referent::Organization { country: Some(c), .. } => Some(c.clone()),
            _ => None,
        });
        if let Some(st) = opening {
            recipients.retain(|r| r != &st);
            supplier = Some(st);
        }
    }
    // "Serbia clinched a contract for Rafale jets from France": a state that
    // gets a contract for another's system from that state is its buyer
    // ("Hanwha got an order from Poland" sells).
    if trig.rule == "got-order" {
        if let (Some(o), Some(s)) = (origin.as_ref(), supplier.as_ref()) {
            if s != o && recipients.contains(o) {
                recipients = vec![s.clone()];
                supplier = Some(o.clone());
            }
        }
    }
    // Licensed or local production: the state whose system it is supplies,
    // the state that builds it receives ("Poland will produce K2 tanks locally").
    if trig.kind == EventType::Production {
        // Built "in" a state other than the maker's: that state receives
        // ("Lockheed will produce the jets in Texas" moves nothing).
        if trig.rule == "production-in" {
            let host = states.iter().find(|st| st.tok > trig.at && st.prep.as_deref() == Some("in") && !st.modifies_system).map(|st| st.iso3.clone());
            match (host, origin.as_ref()) {
                (Some(h), Some(o)) if h != *o => {}
                _ => return None,
            }
        }
        if let Some(o) = origin.as_ref() {
            let mut parties: Vec<String> = Vec::new();
            for p in agent.iter().chain(patient.iter()) {
                if !parties.contains(p) {
                    parties.push(p.clone());
                }
            }
            if parties.iter().any(|p| p != o) {
                supplier = Some(o.clone());
                recipients = parties.into_iter().filter(|p| p != o).collect();
            } else if !parties.is_empty() {
                // "Lockheed Martin will produce the launchers at its plant in
                // Camden": the maker building its own system at home moves
                // nothing across a border.
                return None;
            }
        }
    }
    // A cancellation keeps the transfer's roles whoever cancels: the seller
    // ("from Russia", "with China", else the system's maker) and the buyer.
    if trig.kind == EventType::Cancellation {
        // "Nobody has terminated the contract with Algeria": with no other
        // party named, one after "with" that does not make the system buys it.
        let buyer_with = |s: &StateArg| s.prep.as_deref() == Some("with") && agent.is_empty() && origin.as_ref().is_some_and(|o| o != &s.iso3);
        let source = states.iter().find(|s| !s.modifies_system && s.tok > trig.at && matches!(s.prep.as_deref(), Some("from") | Some("with")) && !buyer_with(s)).map(|s| s.iso3.clone());
        if let Some(seller) = source.or_else(|| origin.clone()) {
            let mut parties: Vec<String> = Vec::new();
            for p in agent.iter().chain(patient.iter()) {
                if !parties.contains(p) && *p != seller {
                    parties.push(p.clone());
                }
            }
            supplier = Some(seller);
            recipients = parties;
        }
    }
    // An act stated by a state that speaks ("Washington said …") is that state's.
    if matches!(trig.frame, Frame::Actor) && supplier.is_none() {
        if let Some(q) = quotes.iter().filter(|q| q.span.start <= trig_pos0 && trig_pos0 < q.span.end).min_by_key(|q| q.span.len()) {
            if let Some(sp) = &q.speaker {
                supplier = ents.within(sp.span).find_map(|m| match &m.referent {
                    Referent::Country { iso3, .. } => Some(iso3.clone()),
                    _ => None,
                });
            }
        }
    }
    // A demonym on the system names its maker ("Russian S-400 systems").
    // Only a demonym on the event's own system: "removed from the F-35 programme
    // after it bought Russian S-400s" does not make Russia the F-35's maker.
    let on_own_system = |d: &&StateArg| systems.iter().any(|(name, k)| *k > d.tok && *k <= d.tok + 2 && Some(name) == system.as_ref());
    if let Some(d) = states.iter().filter(|s| s.modifies_system).find(on_own_system) {
        // "the second Egyptian Rafale order", "Turkish S-400s": a demonym of a
        // state that does not make the system, with no other buyer named,
        // names whose it is, the buyer ("Danish F-16s arrived in Ukraine" is the giver's).
        let owner = !d.made
            && d.form == CountryForm::Demonym
            && origin.as_ref().is_some_and(|o| o != &d.iso3)
            && recipients.iter().all(|r| r == &d.iso3)
            && supplier.as_ref().is_none_or(|s| s == &d.iso3 || Some(s) == origin.as_ref());
        if owner {
            if supplier.as_ref() == Some(&d.iso3) {
                supplier = None;
            }
            if recipients.is_empty() {
                recipients.push(d.iso3.clone());
            }
        } else if matches!(trig.frame, Frame::Seller | Frame::Buyer | Frame::Mutual) && trig.kind != EventType::Intent || supplier.is_none() {
            if supplier.is_none() || supplier.as_ref() == recipients.first() {
                supplier = Some(d.iso3.clone());
            }
            recipients.retain(|r| r != &d.iso3);
        }
    }
    // Transfer events default to the system's maker and the document's deal.
    let transfer = !matches!(trig.kind, EventType::Sanction | EventType::ProgramExclusion | EventType::Waiver | EventType::Cancellation);
    let mut supplier_defaulted = false;
    if transfer {
        if supplier.is_none() {
            supplier_defaulted = true;
            // "There is no agreement on the transfer of our aircraft," a
            // Qatari official said: the speaker's state gives its own arms.
            let ours = (0..low.len().saturating_sub(1)).any(|k| low[k] == "our" && (k + 1..(k + 3).min(low.len())).any(|j| ARMS_WORDS.contains(&low[j].as_str())));
            let speaker_state = ours
                .then(|| quotes.iter().filter(|q| q.span.start <= trig_pos0 && trig_pos0 < q.span.end).min_by_key(|q| q.span.len()))
                .flatten()
                .and_then(|q| q.speaker.as_ref())
                .and_then(|sp| {
                    // By its name: "the official" stands for "a Qatari defence official".
                    let hits = gaz.find(&sp.name);
                    let mut own = hits.iter().filter_map(|h| if let crate::gazetteer::Kind::Country { iso3, .. } = &h.entry.kind { Some(iso3) } else { None });
                    match (own.next(), own.next()) {
                        (Some(one), None) => Some(one.clone()),
                        _ => None,
                    }
                });
            supplier = speaker_state.or_else(|| origin.clone()).or_else(|| if system == deal.system { deal.supplier.clone() } else { None });
        }
        if recipients.is_empty() && system.is_some() && !generic_recipient(low, trig.end) {
            // "Jakarta was said to be close to a deal, but officials said no
            // contract had been signed": the subject of the sentence's first
            // part before the report's main buyer.
            let earlier = (clause.start > sentence.start)
                .then(|| {
                    ents.within(Span::new(sentence.start, clause.start)).find_map(|m| match &m.referent {
                        Referent::Country { iso3, form } if Some(iso3) != supplier.as_ref() && *form != CountryForm::Demonym => {
                            let prev = text[sentence.start..m.start].split_whitespace().last().unwrap_or("").to_lowercase();
                            let owner = text[m.end..].starts_with("'s") || text[m.end..].starts_with("’s");
                            // "Vietnam and Thailand …, but neither has signed": not one of several.
                            let listed = text[m.end..].starts_with(" and ") || text[m.end..].starts_with(", ");
                            (!PREPS.contains(&prev.as_str()) && !owner && !listed && text[sentence.start..m.start].split_whitespace().count() <= 2).then(|| iso3.clone())
                        }
                        _ => None,
                    })
                })
                .flatten();
            // "Denmark has not yet delivered any jets to Ukraine, and the
            // first six will arrive in the spring": where the sentence's first
            // part sends arms, not who sends them.
            let target = (clause.start > sentence.start)
                .then(|| {
                    ents.within(Span::new(sentence.start, clause.start)).rev().find_map(|m| match &m.referent {
                        Referent::Country { iso3, .. } if Some(iso3) != supplier.as_ref() && goes_to(text, m.start) => Some(iso3.clone()),
                        _ => None,
                    })
                })
                .flatten();
            // A report with no main system has no main buyer to lend.
            if let Some(r) = target.or(earlier).or_else(|| deal.recipient.clone().filter(|r| Some(r) != supplier.as_ref() && deal.system.is_some())) {
                recipients.push(r);
            }
        }
    } else {
        if recipients.is_empty() {
            if let Some(r) = deal.recipient.clone().filter(|r| Some(r) != supplier.as_ref()) {
                recipients.push(r);
            }
        }
        if trig.kind == EventType::ProgramExclusion && system.is_none() {
            system = systems.first().map(|s| s.0.clone());
        }
        // "Turkey was removed from the F-35 program": the programme's state acts.
        if trig.kind == EventType::ProgramExclusion && supplier.is_none() {
            supplier = system.as_ref().and_then(|s| origin_of(gaz, s)).filter(|o| !recipients.contains(o));
        }
    }
    // "NEW DELHI: The Ministry of Defence signed …", "delivered to the
    // Army": a national institution named without its state is the one of
    // the state the report is datelined in.
    if transfer && recipients.is_empty() {
        let institution = |w: &str| matches!(w, "ministry" | "mod" | "army" | "navy" | "government" | "military" | "forces" | "force" | "iaf" | "marines" | "coast");
        let buyer_side = match trig.frame {
            Frame::Buyer | Frame::Mutual if !trig.passive && low[..trig.at].iter().any(|w| institution(w)) => true,
            Frame::Seller | Frame::Mutual => (trig.end..low.len()).any(|k| low[k] == "to" && (k + 1..(k + 4).min(low.len())).any(|j| institution(&low[j]))),
            _ => false,
        };
        if buyer_side {
            if let Some(st) = dateline_state(text, ents, gaz).filter(|st| Some(st) != supplier.as_ref()) {
                recipients.push(st);
            }
        }
    }
    // "Kyiv's allies agreed to supply them": givers in general name no
    // supplier (not the system's maker).
    if trig.frame == Frame::Seller && agent.is_empty() && !trig.passive {
        let mut k = trig.at;
        while k > 0 && matches!(low[k - 1].as_str(), "to" | "agreed" | "agree" | "agrees" | "have" | "has" | "had" | "will" | "would" | "also" | "pledged" | "promised" | "decided" | "offered" | "plan" | "plans" | "planned" | "began" | "started" | "already" | "jointly" | "could" | "may" | "might") {
            k -= 1;
        }
        if k < trig.at && k > 0 && matches!(low[k - 1].as_str(), "allies" | "partners" | "donors" | "backers" | "countries" | "nations" | "members" | "governments" | "states" | "supporters") {
            return None;
        }
    }
    // "penalise countries that buy Russian weapons", "nations buying US
    // jets": a purchase by buyers in general is no event.
    let generic_buyer = |w: &str| matches!(w, "countries" | "nations" | "states" | "buyers" | "customers" | "governments" | "armies" | "militaries" | "anyone" | "those" | "others");
    if trig.frame == Frame::Buyer
        && trig.at >= 1
        && (generic_buyer(&low[trig.at - 1]) && low[trig.at].ends_with("ing")
            || trig.at >= 2 && matches!(low[trig.at - 1].as_str(), "that" | "which" | "who") && generic_buyer(&low[trig.at - 2]))
    {
        return None;
    }
    let had_recipient = !recipients.is_empty();
    recipients.retain(|r| Some(r) != supplier.as_ref());
    if system.is_none() && supplier.is_none() && recipients.is_empty() {
        return None;
    }
    // "The Indian Army aims to purchase ATAGS howitzers": a state buying its own
    // system is domestic procurement, not a transfer.
    if transfer && had_recipient && recipients.is_empty() && origin.is_some() && origin == supplier {
        return None;
    }
    // Exclusions, waivers and cancellations need a system or an acting state
    // ("experiments must be excluded from the programme" is no event), and a
    // cancellation without a system needs both parties.
    if matches!(trig.kind, EventType::ProgramExclusion | EventType::Waiver | EventType::Cancellation) && system.is_none() && supplier.is_none() {
        return None;
    }
    if trig.kind == EventType::Cancellation && system.is_none() && (recipients.is_empty() || !low.iter().any(|w| ARMS_WORDS.contains(&w.as_str()))) {
        return None;
    }
    // A waiver is of sanctions or export rules: the clause says so, or names both states.
    if trig.kind == EventType::Waiver
        && !low.iter().any(|w| matches!(w.as_str(), "sanctions" | "sanction" | "caatsa" | "penalties" | "restrictions" | "embargo" | "law" | "act" | "itar" | "export"))
        && (supplier.is_none() || recipients.is_empty())
    {
        return None;
    }
    // "gave Ukraine 31 Abrams" is a transfer only when a system is named.
    // "Athens had requested the jets in 2020": a request for the class of the
    // report's deal names its system.
    let class_object = trig.rule == "requested" && {
        let j = if low.get(trig.end).is_some_and(|w| w == "the") { trig.end + 1 } else { trig.end };
        low.get(j).is_some_and(|n| system.as_deref().and_then(|s| gaz.system_class(s)).is_some_and(|c| noun_fits_class(n, c) == Some(true)))
    };
    if matches!(trig.rule, "gave" | "requested" | "offer") && systems.is_empty() && !class_object {
        return None;
    }
    // What is weighed is named right after the verb: "considering K239
    // launchers", "eyeing the BrahMos", not "considering its options on the S-400".
    if trig.rule == "considering" && !systems.iter().any(|(_, k)| *k > trig.at && *k <= trig.at + 4 && (trig.at + 1..*k).all(|j| !matches!(low[j].as_str(), "," | "on" | "about" | "over" | "for" | "of"))) {
        return None;
    }
    // "The F-35A offers the highest overall benefit": a system that offers
    // something is praised, not offered.
    if trig.rule == "offer" && ents.within(Span::new(clause.start, toks[trig.at].start)).last().is_some_and(|m| matches!(m.referent, Referent::System { .. }) && text[m.end..toks[trig.at].start].trim().is_empty()) {
        return None;
    }
    // Without a system, a transfer needs both parties and arms in the clause
    // ("talks on maritime borders", "India should buy more jets" are not);
    // airliners are not arms ("the carrier ordered 60 Airbus A321neo jets").
    let civil = low.iter().any(|w| {
        matches!(w.as_str(), "airline" | "airlines" | "airliner" | "airliners" | "passenger" | "passengers" | "commercial" | "civil" | "civilian" | "narrowbody" | "widebody" | "narrow-body" | "wide-body")
            || (w.len() >= 4 && w.starts_with("a3") && w.as_bytes()[2..4].iter().all(u8::is_ascii_digit))
    });
    let arms_context = !civil && low.iter().any(|w| ARMS_WORDS.contains(&w.as_str()));
    let clause_money = amounts.iter().any(|a| a.kind == AmountKind::Money && a.start >= clause.start && a.end <= clause.end);
    if transfer && system.is_none() && (civil || !(trig.kind == EventType::DealSigned && clause_money) && (supplier.is_none() || !arms_context)) {
        return None;
    }
    // A transfer with neither a system nor a recipient says too little,
    // unless it states a value ("signed 20 contracts worth €2 billion").
    let clause_has_money = amounts.iter().any(|a| a.kind == AmountKind::Money && a.start >= clause.start && a.end <= clause.end);
    if transfer && system.is_none() && recipients.is_empty() && !(trig.kind == EventType::DealSigned && clause_has_money) {
        return None;
    }

    // Polarity and modality from the clause around the trigger. Negation and
    // futurity reach back only to the nearest clause boundary ("refused to
    // make concessions and continued negotiations" negates nothing).
    let boundary = (0..trig.at).rev().find(|&k| matches!(low[k].as_str(), "and" | "," | "but" | ";" | "while" | "which" | "that" | "—")).map(|k| k + 1).unwrap_or(0);
    let near_before: Vec<&str> = low[boundary..trig.at].iter().rev().take(7).map(String::as_str).collect();
    let whole_before: Vec<&str> = low[..trig.at].iter().map(String::as_str).collect();
    // Questions and conditions assert nothing.
    if near_before.iter().any(|w| matches!(*w, "if" | "whether" | "what" | "how" | "unless" | "until")) || whole_before.first().is_some_and(|w| matches!(*w, "if" | "unless" | "had" | "should" | "were")) {
        return None;
    }
    // "did not say when the contract was signed", "it is unclear who will
    // supply them": a question embedded under a verb of saying or knowing
    // asserts nothing.
    if (boundary.saturating_sub(1).max(1)..trig.at).any(|k| {
        matches!(low[k].as_str(), "when" | "where" | "why" | "who" | "whom" | "which")
            && matches!(
                low[k - 1].as_str(),
                "say" | "said" | "says" | "disclose" | "disclosed" | "specify" | "specified" | "reveal" | "revealed" | "know" | "knew" | "known" | "explain" | "explained" | "clear" | "unclear" | "indicate" | "indicated" | "ask" | "asked" | "elaborate" | "detail" | "comment"
            )
    }) {
        return None;
    }
    // "did not disclose the number of missiles to be exported": what is
    // withheld is no event.
    if (2..trig.at).any(|k| {
        matches!(low[k].as_str(), "number" | "value" | "cost" | "price" | "details" | "terms" | "size" | "amount" | "timing" | "date")
            && (k.saturating_sub(4)..k).any(|j| matches!(low[j].as_str(), "disclose" | "disclosed" | "reveal" | "revealed" | "specify" | "specified" | "give" | "gave" | "provide" | "unknown" | "undisclosed"))
            && (k + 1..trig.at).all(|j| !matches!(low[j].as_str(), "," | ";" | "but" | "and"))
    }) {
        return None;
    }
    // A question asserts nothing, also inside a statement: the trigger's own
    // sentence part ends in a question mark ("Why would we buy …?" he asked).
    let rest = &text[toks[trig.at].end..];
    let stop = rest.char_indices().find(|&(i, c)| matches!(c, '?' | '!') || (c == '.' && !rest[i + 1..].starts_with(|d: char| d.is_ascii_digit())));
    if stop.is_some_and(|(_, c)| c == '?') {
        return None;
    }
    // A negator reaches the trigger unless another predicate stands between
    // them ("never received the jets it ordered" negates only the receiving);
    // "no" negates only its own noun phrase ("no agreement was reached in the
    // talks" leaves the talks affirmed, "no plans to sell" negates the sale).
    let scope_start = boundary.max(trig.at.saturating_sub(7));
    let negated_at = |k: usize| -> bool {
        let w = low[k].as_str();
        let neg = matches!(w, "not" | "never" | "no" | "none" | "n't" | "cannot" | "didn't" | "hasn't" | "haven't" | "wasn't" | "weren't" | "won't" | "denied" | "deny" | "denies" | "denying" | "refused" | "without" | "nor" | "neither")
            || toks[k].text.ends_with("n't")
            // "ruled out sending Taurus missiles".
            || (w == "out" && k > 0 && matches!(low[k - 1].as_str(), "ruled" | "rules" | "ruling" | "rule"))
            || (w == "yet" && low.get(k + 1).is_some_and(|x| x == "to") && k > 0 && matches!(low[k - 1].as_str(), "has" | "have" | "had" | "is" | "are" | "remains" | "remain"));
        // "Nobody has terminated the contract", "no one has cancelled it": a
        // subject that is no one, with only auxiliaries before the trigger.
        let nobody = (w == "nobody" || w == "no" && low.get(k + 1).is_some_and(|x| x == "one") || w == "none" && low.get(k + 1).is_some_and(|x| matches!(x.as_str(), "has" | "have")))
            && (k + 1..trig.at).all(|j| matches!(low[j].as_str(), "one" | "has" | "have" | "had" | "ever" | "yet" | "actually" | "officially" | "formally"));
        if nobody {
            return true;
        }
        if !neg {
            return false;
        }
        // "no contract for them has been signed": the deal noun is the passive subject.
        if w == "no" && trig.passive && low.get(k + 1).is_some_and(|x| DEAL_NOUNS.contains(&x.as_str())) {
            return true;
        }
        // "No such deal has been signed": a determiner between.
        if w == "no" && trig.passive && low.get(k + 1).is_some_and(|x| matches!(x.as_str(), "such" | "new" | "further" | "formal" | "final" | "firm")) && low.get(k + 2).is_some_and(|x| DEAL_NOUNS.contains(&x.as_str())) {
            return true;
        }
        // "No F-35 jets will be delivered to Turkey": the passive's subject is
        // what is denied, and so is an arrival's ("no jets had arrived yet").
        if w == "no" && (trig.passive || trig.rule == "arrived") && (k + 1..trig.at).all(|j| !is_predicate(&low[j]) && !matches!(low[j].as_str(), "," | ";")) {
            return true;
        }
        if w == "no" && low.get(k + 1).is_some_and(|x| x != "longer") {
            return (k + 1..trig.at).all(|j| matches!(low[j].as_str(), "new" | "further" | "additional" | "fresh" | "more" | "plans" | "plan" | "intention" | "intentions" | "immediate" | "current" | "such" | "to" | "second" | "final" | "formal" | "firm"));
        }
        !(k + 1..trig.at).any(|j| is_predicate(&low[j]))
    };
    // "…, according to Western officials, a charge Minsk denies": the
    // charge is the officials' claim; the denial is a claim of the party
    // named, made as a second event.
    let charge = charge_denied(text, trig_pos0, sentence.end);
    let frame_denies = charge.is_none() && quotes
        .iter()
        .filter(|q| q.span.start <= trig_pos0 && trig_pos0 < q.span.end)
        .min_by_key(|q| q.span.len())
        .and_then(|q| q.frame)
        .is_some_and(|f| frame_denies_quote(&text[f.start..f.end]));
    // "denied a media report that it had agreed to send …": what the report says is denied.
    // Not a participle that describes a noun of the report ("a report that
    // all four frigates ordered in 2020 had arrived": the order stands).
    let describes = trig.at > 0 && low[trig.at].ends_with("ed") && (low[trig.at - 1].ends_with('s') || toks[trig.at - 1].text.chars().all(|c| c.is_ascii_digit())) && low.get(trig.at + 1).is_some_and(|w| matches!(w.as_str(), "in" | "by" | "from" | "under"));
    let report_denied = !describes && (0..trig.at).any(|k| {
        matches!(low[k].as_str(), "denied" | "denies" | "deny" | "denying" | "dismissed" | "dismisses" | "dismissing" | "rejected" | "rejects" | "rejecting" | "refuted" | "refutes" | "refuting")
            && (k + 1..(k + 6).min(trig.at)).any(|j| {
                is_claim_noun(&low[j])
                    // "a report (by a Chinese newspaper) that …"
                    && ((j + 1..(j + 8).min(trig.at)).find(|&x| low[x] == "that").is_some_and(|x| {
                        x == j + 1 || (matches!(low[j + 1].as_str(), "by" | "in" | "from" | "on") && (j + 2..x).all(|y| !matches!(low[y].as_str(), "," | ";")))
                    })
                    // "dismissing claims about a halt in deliveries", "denied reports of a new order"
                    || low.get(j + 1).is_some_and(|p| matches!(p.as_str(), "of" | "about" | "over")) && trig.at <= j + 5 && (j + 2..trig.at).all(|y| !matches!(low[y].as_str(), "," | ";") && !is_predicate(&low[y])))
            })
    });
    // "Reports that Egypt had cancelled its order were false": what the
    // reports say is denied.
    let false_word = |w: &str| matches!(w, "false" | "untrue" | "baseless" | "groundless" | "unfounded" | "wrong" | "inaccurate" | "incorrect" | "fabricated" | "fake" | "fiction" | "nonsense" | "fabrications" | "lies");
    let reported_false = !describes
        && (0..trig.at).any(|j| is_claim_noun(&low[j]) && low.get(j + 1).is_some_and(|w| w == "that"))
        && (trig.end..low.len()).any(|k| {
            matches!(low[k].as_str(), "were" | "was" | "are" | "is")
                && (low.get(k + 1).is_some_and(|w| false_word(w))
                    || low.get(k + 1).is_some_and(|w| matches!(w.as_str(), "completely" | "totally" | "entirely" | "simply")) && low.get(k + 2).is_some_and(|w| false_word(w))
                    || low.get(k + 1).is_some_and(|w| w == "not") && low.get(k + 2).is_some_and(|w| matches!(w.as_str(), "true" | "correct" | "accurate")))
        });
    // "…, Ankara said, denying that it had paid": what follows "denied that" is denied.
    let denied_that = (0..trig.at.saturating_sub(1)).any(|k| {
        matches!(low[k].as_str(), "denied" | "denies" | "deny" | "denying")
            && low[k + 1] == "that"
            && (k + 2..trig.at).all(|j| !matches!(low[j].as_str(), "," | ";" | "but" | "although" | "though") && !is_predicate(&low[j]))
    });
    let report_denied = report_denied || reported_false || denied_that;
    // A noun trigger takes the polarity of the verb after it ("deliveries of
    // the remaining units have not yet been completed").
    let noun_negated = matches!(low[trig.at].as_str(), "delivery" | "deliveries" | "shipment" | "shipments" | "handover" | "instalment" | "installment" | "consignment")
        && low[trig.at + 1..]
            .iter()
            .take_while(|w| !matches!(w.as_str(), "," | ";" | "but" | "while" | "and"))
            .take(10)
            .any(|w| matches!(w.as_str(), "not" | "never" | "n't" | "hasn't" | "haven't" | "wasn't" | "weren't" | "won't" | "cannot" | "yet"));
    // "Algeria has received no jets", "signed no new contract": the
    // trigger's object is denied ("received no fewer than 20" is not).
    let object_negated = low.get(trig.end).is_some_and(|w| w == "no")
        && !low.get(trig.end + 1).is_some_and(|w| matches!(w.as_str(), "fewer" | "less" | "later" | "sooner" | "earlier" | "longer"))
        && !low.get(trig.end + 2).is_some_and(|w| w == "than");
    // "has failed to deliver the weapons it was paid for": did not happen, as a fact (below).
    let failed = trig.at >= 2 && low[trig.at - 1] == "to" && matches!(low[trig.at - 2].as_str(), "failed" | "fails" | "fail" | "failing");
    // "will not be delivered before 2030", "did not arrive until 2023": not
    // before a time is then, a delay, not a denial.
    let not_until = |k: usize| {
        matches!(low[k].as_str(), "not" | "n't" | "won't" | "wasn't" | "weren't")
            && (trig.end..(trig.end + 5).min(low.len())).any(|j| {
                matches!(low[j].as_str(), "until" | "till" | "before")
                    && toks.get(j + 1).is_some_and(|t| times.iter().any(|x| x.start == t.start && x.value.is_some()))
            })
    };
    let negated = failed || trig.polarity == Some(Polarity::Denied) || frame_denies || report_denied || noun_negated || object_negated || (scope_start..trig.at).any(|k| negated_at(k) && !not_until(k));
    // "Washington warned (that) it would cancel …": the frame's verb gives the mood.
    let frame_threatens = quotes
        .iter()
        .filter(|q| q.span.start <= trig_pos0 && trig_pos0 < q.span.end)
        .min_by_key(|q| q.span.len())
        .and_then(|q| q.frame)
        .is_some_and(|f| text[f.start..f.end].split(|c: char| !c.is_alphanumeric()).any(|w| matches!(w.to_lowercase().as_str(), "warned" | "warns" | "threatened" | "threatens")));
    let refused = near_before.iter().any(|w| matches!(*w, "refused" | "refuse" | "refuses" | "declined" | "declines" | "rejected" | "rejects" | "ruled" | "rules"));
    let polarity = if negated { Polarity::Denied } else { Polarity::Affirmed };
    let planned_words = ["will", "would", "shall", "can", "plans", "plan", "planned", "intends", "intend", "expected", "expects", "expect", "hope", "hopes", "scheduled", "set", "going", "could", "may", "might", "to", "aims", "likely", "possible", "possibility", "possibilities", "future", "prepare", "envisions", "envisages", "considering", "wants", "seeks", "due", "proposed", "planning"];
    let threat_words = ["threatened", "threatening", "threaten", "threatens", "threat", "threats", "warned", "warns"];
    // A noun trigger takes the mood of the verb after it ("the delivery is expected to begin").
    let is_noun = matches!(low[trig.at].as_str(), "delivery" | "deliveries" | "talks" | "negotiations" | "consultations" | "discussions" | "contract" | "deal" | "agreement" | "sale" | "production" | "localisation" | "localization" | "shipment" | "shipments" | "handover");
    let after: Vec<&str> = low[trig.at + 1..].iter().take_while(|w| !matches!(w.as_str(), "," | ";" | "but" | "while")).take(16).map(String::as_str).collect();
    let mut modality = trig.modality.unwrap_or(Modality::Fact);
    if trig.modality.is_none() {
        let past = near_before.iter().take(3).any(|w| matches!(*w, "has" | "have" | "had" | "was" | "were"));
        // "threatening to delay the sale, as well as to impose sanctions": the threat carries over.
        let carried = boundary >= 3 && whole_before[..boundary].ends_with(&["as", "well", "as"]) || near_before.iter().rev().take(3).any(|w| *w == "as") && near_before.contains(&"well");
        let conditional_future = near_before.iter().take(4).any(|w| matches!(*w, "would" | "will" | "could" | "might" | "may"));
        if near_before.iter().any(|w| threat_words.contains(w)) || (carried && whole_before.iter().any(|w| threat_words.contains(w))) || (frame_threatens && conditional_future) {
            modality = Modality::Threat;
        } else if (near_before.iter().take(4).enumerate().any(|(i, w)| {
            // "to" marks the trigger's own infinitive ("agreed to supply", "to
            // be delivered"), not another verb's ("to counter India's purchase").
            planned_words.contains(w) && (*w != "to" || i == 0 || (i == 1 && (matches!(near_before[0], "be" | "have" | "also" | "then" | "start" | "begin") || near_before[0].ends_with("ly"))))
                // "is set to arrive", not the noun of "a first set of six drones arrived".
                && (*w != "set" || (i >= 1 && near_before[i - 1] == "to") || near_before.get(i + 1).is_some_and(|b| matches!(*b, "is" | "are" | "was" | "were" | "be" | "been" | "'s" | "now" | "all")))
        }) && !past)
            || (is_noun && after.iter().any(|w| matches!(*w, "will" | "expected" | "would" | "could" | "may" | "might" | "should" | "scheduled" | "due" | "planned" | "set")) && after.iter().any(|w| matches!(*w, "will" | "expected" | "would" | "scheduled" | "due" | "planned" | "begin" | "start" | "set")))
        {
            modality = Modality::Planned;
        }
    }
    // "before the first squadron is handed over", "once Russia delivers the
    // jets": a present tense under a conjunction of time is still to come.
    if modality == Modality::Fact
        && trig.modality.is_none()
        && near_before.iter().any(|w| matches!(*w, "before" | "once" | "after" | "when"))
        && (near_before.first().is_some_and(|w| matches!(*w, "is" | "are"))
            || matches!(low[trig.at].as_str(), "delivers" | "supplies" | "ships" | "hands" | "transfers" | "arrive" | "arrives" | "receives" | "signs" | "buys" | "sells"))
    {
        modality = Modality::Planned;
    }
    // "will be built in Germany and delivered from 2022": a verb joined by
    // "and" shares the mood of the one before it.
    if modality == Modality::Fact && trig.modality.is_none() && boundary > 0 && low[boundary - 1] == "and" && near_before.is_empty()
        && low[..boundary - 1].iter().rev().take(12).take_while(|w| !matches!(w.as_str(), "," | ";" | "but")).any(|w| matches!(w.as_str(), "will" | "would" | "shall" | "expected" | "scheduled" | "due")) {
            modality = Modality::Planned;
        }
    // "will build the howitzers in Geelong before shipping them": a gerund
    // under "before" or "after" shares the mood of the verb it hangs on.
    if modality == Modality::Fact && trig.modality.is_none() && trig.at >= 1 && matches!(low[trig.at - 1].as_str(), "before" | "after") && low[trig.at].ends_with("ing")
        && low[..trig.at - 1].iter().rev().take(14).take_while(|w| !matches!(w.as_str(), ";" | "but" | "said" | "says")).any(|w| matches!(w.as_str(), "will" | "would" | "shall" | "expected" | "scheduled" | "due" | "plans" | "intends"))
    {
        modality = Modality::Planned;
    }
    // "had agreed to send", "is set to deliver": the infinitive is still to come.
    if modality == Modality::Fact && trig.modality.is_none() && matches!(trig.kind, EventType::Delivery | EventType::DealSigned) && trig.at >= 1 && low[trig.at - 1] == "to" {
        let started = trig.at >= 2 && matches!(low[trig.at - 2].as_str(), "began" | "begun" | "begin" | "begins" | "started" | "start" | "starts" | "continued" | "continue" | "continues" | "resumed" | "managed" | "used" | "return" | "due" | "prior" | "according" | "ahead" | "close" | "up" | "pursuant" | "owing" | "thanks" | "yet" | "failed" | "refused" | "declined");
        if !started {
            modality = Modality::Planned;
        }
    }
    let (polarity, modality) = match (trig.kind, polarity) {
        (EventType::Intent, Polarity::Affirmed) if modality != Modality::Threat => (polarity, Modality::Planned),
        // A refusal is a fact ("refused to grant Turkey a waiver").
        (_, Polarity::Denied) if refused => (polarity, Modality::Fact),
        // A refusal is a fact.
        (EventType::Intent, Polarity::Denied) => (polarity, Modality::Fact),
        _ => (polarity, modality),
    };
    // "failed to deliver the batteries on time": a delivery that did not happen, as a fact.
    let modality = if failed { Modality::Fact } else { modality };
    // "has not yet realized its threat to impose sanctions": the sanction is denied, as a fact.
    let (polarity, modality) = if polarity == Polarity::Denied && modality == Modality::Threat { (polarity, Modality::Fact) } else { (polarity, modality) };

    // Time, value and quantity from the clause.
    let trig_pos = toks[trig.at].start;
    // The time attached to the trigger: within its part of the clause (up to
    // the next "and"/"but"), else anywhere in the clause before it, else a
    // time that opens the sentence ("As of 2020, … were delivered").
    // "and" joins two noun phrases ("a letter of offer and acceptance") unless
    // a verb follows within a few words ("… and the first tanks arrived").
    let verbish = |w: &str| w.ends_with("ed") || matches!(w, "will" | "would" | "has" | "have" | "had" | "is" | "was" | "were" | "are" | "sold" | "bought" | "took" | "signed" | "sent" | "began" | "begun" | "won" | "paid" | "said" | "says");
    let coordinated = |k: usize| {
        low[k] == "and" && (states.iter().any(|s| s.tok == k + 1 || (s.tok == k + 2 && low[k + 1] == "the")) || !(k + 1..(k + 6).min(low.len())).any(|j| verbish(&low[j])))
    };
    // "…, two years after Manila signed a contract": a subordinate clause with
    // its own subject and verb dates its own event.
    // So does one with the main clause's subject and a verb of its own: "…,
    // two years after ordering 24 of them for $4.25 billion".
    let gerund = |w: &str| w.len() > 5 && w.ends_with("ing") && !matches!(w, "during" | "morning" | "evening" | "spring" | "nothing" | "anything" | "something" | "everything" | "briefing" | "meeting" | "ruling" | "funding" | "training" | "opening" | "closing");
    let subordinate = |k: usize| matches!(low[k].as_str(), "after" | "before") && ((k + 1..(k + 4).min(low.len())).any(|j| verbish(&low[j])) || low.get(k + 1).is_some_and(|w| gerund(w)));
    let part_end = (trig.at + 1..toks.len())
        .find(|&k| matches!(low[k].as_str(), "and" | "but" | ";" | "while") && !coordinated(k) || subordinate(k))
        .map(|k| toks[k].start)
        .unwrap_or(clause.end);
    let part_start = toks[boundary.min(toks.len() - 1)].start;
    // A trigger inside such a subordinate clause starts its part there.
    let part_start = (0..trig.at).rev().find(|&k| subordinate(k)).map_or(part_start, |k| part_start.max(toks[k].start));
    // "delivered the tanks to Ukraine, which had asked for them since 2022":
    // a relative clause with a verb of its own dates its own act.
    // So does "…, the last of which was commissioned in 2023".
    let of_which = |k: usize| (k + 2..(k + 5).min(low.len().saturating_sub(1))).find(|&j| low[j] == "of" && matches!(low[j + 1].as_str(), "which" | "whom")).map(|j| j + 1);
    let relative_spans: Vec<(usize, usize)> = (trig.end..low.len().saturating_sub(1))
        .filter(|&k| low[k] == "," && (matches!(low[k + 1].as_str(), "which" | "who") || of_which(k).is_some()))
        .filter(|&k| {
            let from = of_which(k).unwrap_or(k + 1) + 1;
            (from..(from + 3).min(low.len())).any(|j| verbish(&low[j]))
        })
        .map(|k| {
            let stop = (k + 2..low.len()).find(|&j| matches!(low[j].as_str(), "," | ";")).map_or(clause.end, |j| toks[j].start);
            (toks[k].start, stop)
        })
        .collect();
    // "received the Tor missiles that it paid for in 2021 on Monday": a
    // restrictive relative with a subject of its own dates its act up to
    // its first time.
    let relative_spans: Vec<(usize, usize)> = relative_spans
        .into_iter()
        .chain((trig.end..low.len().saturating_sub(2)).filter(|&k| {
            // "… that it paid for", "… that Washington approved in 2022".
            let subject_end = if matches!(low[k + 1].as_str(), "it" | "they" | "we" | "he" | "she") { Some(k + 1) } else { states.iter().find(|st| st.tok == k + 1).map(|st| st.last) };
            matches!(low[k].as_str(), "that" | "which") && subject_end.is_some_and(|e| low.get(e + 1).is_some_and(|w| verbish(w)))
        }).map(|k| {
            let from = toks[k].start;
            let stop = (k + 2..low.len()).find(|&j| matches!(low[j].as_str(), "," | ";")).map_or(clause.end, |j| toks[j].start);
            let first_time = times.iter().filter(|t| t.start > from && t.end <= stop).map(|t| t.end).min();
            (from, first_time.unwrap_or(stop))
        }))
        .collect();
    // "its second such deal since 2022", "the largest order since 2010": the
    // time a count of deals runs from dates none of them ("has sold drones
    // since 2017" dates the first sale).
    let since = |t: &Time| {
        // The few words before the time, not the whole text before it.
        let mut lo = t.start.saturating_sub(40);
        while !text.is_char_boundary(lo) {
            lo += 1;
        }
        let before = text[lo..t.start].trim_end().to_lowercase();
        trig.kind == EventType::DealSigned
            && before.strip_suffix(" since").is_some_and(|b| b.rsplit(|c: char| !c.is_alphanumeric()).next().is_some_and(|w| DEAL_NOUNS.contains(&w)))
    };
    // "inducted the first J-10C fighters bought from China on Friday": a
    // participle after a noun, after the clause's main verb, describes the
    // noun; only a time right after it ("bought from China in 2022") is its,
    // and that time is not the main verb's.
    let reduced_at = |k: usize| {
        k > 0
            && matches!(low[k].as_str(), "bought" | "ordered" | "purchased" | "acquired" | "procured")
            && !matches!(low[k - 1].as_str(), "has" | "have" | "had" | "was" | "were" | "been" | "and" | "," | "also" | "already" | "jointly" | "recently" | "first" | "later" | "then")
            && trigger_ends.iter().any(|&e| e < toks[k].start)
    };
    // Where the participle at `k` reaches: four words on, up to "into", "to", "at", "on" or a comma.
    let reach_end = |k: usize| {
        let from = (k + 1).min(low.len());
        let stop = (from..(from + 5).min(low.len())).find(|&j| matches!(low[j].as_str(), "into" | "to" | "at" | "," | "on")).unwrap_or((from + 5).min(low.len()));
        let end = if stop == 0 { toks[k].end } else { toks[stop - 1].end };
        // Only its first time: "ordered in 2020 in March 2023" leaves March to the main verb.
        times.iter().filter(|t| t.start > toks[k].end && t.end <= end).map(|t| t.end).min().unwrap_or(end)
    };
    let reduced = trig.kind == EventType::DealSigned && reduced_at(trig.at);
    let own_reach = if reduced { Some((toks[trig.at].start, reach_end(trig.at))) } else { None };
    // "The first drones ordered by Poland in May 2021 have been delivered": a
    // participle on the subject dates its own act, not the main verb's.
    let subject_participle = |k: usize| {
        k > 0
            && k + 1 < trig.at
            && matches!(low[k].as_str(), "bought" | "ordered" | "purchased" | "acquired" | "procured" | "promised" | "pledged")
            && matches!(low[k + 1].as_str(), "by" | "from" | "in" | "under" | "last" | "earlier")
            && !matches!(low[k - 1].as_str(), "has" | "have" | "had" | "was" | "were" | "been" | "be" | "is" | "are" | "and" | "," | "also" | "already" | "jointly" | "recently" | "first" | "later" | "then" | "to" | "not" | "never")
    };
    let others_reach: Vec<(usize, usize)> = (trig.end..low.len())
        .filter(|&k| reduced_at(k))
        .chain((1..trig.at).filter(|&k| subject_participle(k)))
        .map(|k| (toks[k].start, reach_end(k)))
        .collect();
    let reduced_reach = |t: &Time| {
        own_reach.is_none_or(|(a, b)| t.start >= a && t.end <= b) && !others_reach.iter().any(|&(a, b)| t.start >= a && t.end <= b)
    };
    // "took delivery of 12 helicopters under a 2020 contract": a year that
    // names a deal dates the deal, not what else the clause tells.
    let names_deal = |t: &Time| {
        let after = text[t.end..].trim_start();
        let noun = after.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("").to_ascii_lowercase();
        let det = text[..t.start].split_whitespace().next_back().is_some_and(|w| matches!(w.to_ascii_lowercase().as_str(), "a" | "an" | "the" | "its" | "their" | "his" | "her"));
        det && DEAL_NOUNS.contains(&noun.as_str()) && t.end - t.start == 4
    };
    let own_deal_time = |t: &Time| trig.kind == EventType::DealSigned || !names_deal(t);
    let own_end = toks[trig.end.min(toks.len()) - 1].end;
    // Where an arrival after an order's trigger ends: "the tanks Taiwan
    // ordered from the US arrived on Monday".
    let arrival_after = (trig.kind == EventType::DealSigned)
        .then(|| {
            trigger_ends
                .iter()
                .copied()
                .filter(|&e| e > own_end && toks.iter().position(|t| t.end == e).is_some_and(|k| matches!(low[k].as_str(), "arrived" | "delivered" | "landed" | "reached" | "handed" | "due" | "expected")))
                .min()
        })
        .flatten();
    // "… will be delayed, the ministry said on Thursday": the day a plan was
    // told is not when it is to happen.
    // A plan by its trigger ("approved the sale", "pledged") was made that day.
    let statement_time = |t: &Time| {
        trig.modality.is_none() && {
            let mut lo = t.start.saturating_sub(32);
            while !text.is_char_boundary(lo) {
                lo += 1;
            }
            let before: Vec<String> = text[lo..t.start].split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
            // A fact's time after "said" in another's frame ("…, two
            // officials said on Thursday") is the day it was told; "was
            // announced in May 2021" dates what was announced.
            let frame = |k: usize| k == 0 || !matches!(before[k - 1].as_str(), "was" | "were" | "is" | "are" | "been" | "be");
            let told = |w: &str| matches!(w, "said" | "says" | "told" | "stated" | "added" | "reported");
            let n = before.len();
            // Nor the day pictures were shown ("footage posted on social
            // media on Tuesday showed", "satellite images published on Monday").
            let shown = |w: &str| matches!(w, "showed" | "published" | "posted" | "released" | "aired" | "broadcast");
            (n.saturating_sub(3)..n).any(|k| {
                let w = before[k].as_str();
                if modality == Modality::Fact { told(w) && frame(k) } else { told(w) || matches!(w, "announced" | "confirmed") }
            }) || (n.saturating_sub(5)..n).any(|k| shown(&before[k]) && frame(k))
                // "EINDHOVEN, Aug 20 - … will deliver": nor is the dateline's
                // day (a fact told under it, "have arrived", is of about then;
                // not the order of what arrived, "the launchers ordered from
                // the US have arrived").
                || (modality != Modality::Fact || arrival_after.is_some())
                    && t.start >= sentence.start
                    && text[sentence.start..t.start].split_whitespace().count() <= 3
                    && text[sentence.start..t.start].trim_end().ends_with(',')
                    && ["-", "–", "—", "/", "("].iter().any(|d| text[t.end..].trim_start_matches([' ', '.']).starts_with(d))
        }
    };
    let resolved = |t: &&Time| t.value.is_some() && !relative_spans.iter().any(|&(a, b)| t.start >= a && t.end <= b) && !since(t) && reduced_reach(t) && own_deal_time(t) && !statement_time(t);
    let near = |t: &&Time| (t.start as isize - trig_pos as isize).unsigned_abs() + if t.start < trig_pos { 40 } else { 0 };
    let time = times
        .iter()
        .filter(resolved)
        .filter(|t| t.start >= part_start && t.end <= part_end)
        // "frigates ordered from Italy in 2020 had arrived": a time after
        // another trigger before this one dates that one.
        .filter(|t| t.start >= trig_pos || !trigger_ends.iter().any(|&e| e > part_start && e <= t.start && e < trig_pos))
        // "The first 38 of the tanks Taiwan ordered from the US arrived on
        // Monday": a time after the arrival the order's clause leads to is
        // the arrival's.
        .filter(|t| arrival_after.is_none_or(|e| e > t.start))
        .min_by_key(near)
        .or_else(|| {
            times
                .iter()
                .filter(resolved)
                .filter(|t| t.start >= clause.start && t.end <= trig_pos)
                // Not a time that follows an earlier trigger of the clause: it dates that one.
                .filter(|t| !trigger_ends.iter().any(|&e| e <= t.start && e < trig_pos))
                .min_by_key(near)
        })
        .or_else(|| {
            times.iter().filter(resolved).find(|t| {
                t.start >= sentence.start && t.end <= clause.start && text[sentence.start..t.start].split_whitespace().count() <= 3 && text[t.end..].trim_start().starts_with(',')
            })
        })
        .and_then(|t| t.value.clone());
    // An amount belongs to the trigger of the clause nearest it ("signed a $2.4
    // billion contract for 212 guns … and received the first 24").
    let owned = |a: &&Amount| {
        // What follows a trigger is its object: an amount before it counts as farther.
        let d = |e: usize| (a.start as isize - e as isize).unsigned_abs() + if a.start < e { 40 } else { 0 };
        // Amounts in the trigger's own part of the clause are its own; others
        // only when no other trigger of the clause is nearer.
        (a.start >= part_start && a.end <= part_end) || trigger_ends.iter().all(|&e| d(own_end) <= d(e) || e == own_end)
    };
    let value = amounts
        .iter()
        .filter(|a| a.kind == AmountKind::Money && a.start >= clause.start && a.end <= clause.end)
        // "as part of a $110 billion package": the whole, not this deal's value.
        .filter(|a| {
            let mut lo = a.start.saturating_sub(24);
            while !text.is_char_boundary(lo) {
                lo += 1;
            }
            let before = text[lo..a.start].trim_end().to_lowercase();
            !(before.ends_with("part of a") || before.ends_with("part of an") || before.ends_with("part of the"))
        })
        // "The deal, reportedly worth $1 billion, also covers tanks which were
        // delivered in 2020": the deal's worth, not the delivery's.
        .filter(|a| trig.kind != EventType::Delivery || value_statement(text, &Sentence { start: sentence.start, end: sentence.end, paragraph: 0 }, std::slice::from_ref(a)).is_none())
        .filter(owned)
        .min_by_key(|a| (a.start as isize - trig_pos as isize).unsigned_abs())
        .or_else(|| tail.and_then(|t| amounts.iter().find(|a| a.kind == AmountKind::Money && a.start >= t.start && a.end <= t.end)))
        .map(|a| Money { amount: a.value, currency: a.unit.clone() });
    // A deal in apposition counts what comes before it (above).
    let appo_end = deal_apposition(low, trig.at)
        .then(|| (trig.end..low.len()).find(|&c| low[c] == ",").map(|c| toks[c].start))
        .flatten();
    let quantity = amounts
        .iter()
        .filter(|a| a.kind == AmountKind::Count && a.start >= clause.start && a.end <= clause.end && is_materiel(&a.unit))
        .filter(|a| appo_end.is_none_or(|e| a.end <= e))
        // "Six transport planes landed carrying …": the carriers are not counted.
        .filter(|a| !cargo_only || a.start > trig_pos)
        .filter(owned)
        .min_by_key(|a| (a.start as isize - trig_pos as isize).unsigned_abs())
        .map(|a| Quantity { count: a.value, unit: a.unit.clone() });
    // "ordered 30 more in 2021": a bare number with "more" right after the
    // trigger counts the deal's units.
    let quantity = quantity.or_else(|| {
        let k = trig.end;
        let n = small_count(low.get(k)?)?;
        (low.get(k + 1).is_some_and(|w| matches!(w.as_str(), "more" | "additional")) && low.get(k + 2).is_none_or(|w| matches!(w.as_str(), "in" | "from" | "," | "." | "by" | "for" | "on" | "last" | "this")))
            .then(|| Quantity { count: n, unit: "unit".to_string() })
    });
    // "after ordering 24 of them": a number of the units named before.
    let quantity = quantity.or_else(|| {
        let k = (trig.end..low.len().min(trig.end + 3)).find(|&k| low.get(k + 1).is_some_and(|w| w == "of") && low.get(k + 2).is_some_and(|w| matches!(w.as_str(), "them" | "those" | "these")))?;
        let n = unit_count(&low[k])?;
        (n >= 1.0).then(|| Quantity { count: n, unit: "unit".to_string() })
    });
    // "The first four were delivered", "the remaining 24 will arrive": a bare
    // number before the trigger stands for the deal's units.
    let quantity = quantity.or_else(|| {
        (0..trig.at).find_map(|k| {
            let lead = k == 0 || matches!(low[k - 1].as_str(), "the" | "first" | "remaining" | "last" | "other" | "another");
            let verb = low.get(k + 1).is_some_and(|w| matches!(w.as_str(), "have" | "has" | "had" | "were" | "was" | "are" | "is" | "will" | "would" | "arrived"));
            let n = unit_count(&low[k])?;
            (lead && verb && n >= 1.0).then(|| Quantity { count: n, unit: "unit".to_string() })
        })
    });
    // "Under the 2020 contract, …, the remaining 18 helicopters are due": the
    // count belongs to what the sentence goes on to say.
    // Only a count right after the deal's noun is its: "part of a 2019 order
    // for 108 of the tanks".
    // "expanded its order to 40 aircraft": 40 is the new whole, not what
    // was added ("by 12 aircraft" is).
    let new_whole = |a: &Amount| trig.rule == "expanded-order" && text[..a.start].trim_end().ends_with(" to");
    let quantity = quantity.filter(|q| !amounts.iter().any(|a| a.kind == AmountKind::Count && a.value == q.count && new_whole(a)));
    // "raising the value of the contract to $4.6 billion": nor is the new total.
    let value = value.filter(|v| !amounts.iter().any(|a| a.kind == AmountKind::Money && a.value == v.amount && new_whole(a)));
    let quantity = if trig.rule == "under-deal" {
        let own = low.get(trig.end).filter(|w| *w == "for").and_then(|_| toks.get(trig.end + 1)).map(|t| t.start);
        own.and_then(|at| amounts.iter().find(|a| a.kind == AmountKind::Count && a.start == at && is_materiel(&a.unit))).map(|a| Quantity { count: a.value, unit: a.unit.clone() })
    } else {
        quantity
    };
    // "took delivery of the first six of 24 helicopters": six are delivered, of 24 ordered.
    let quantity = match (trig.kind, quantity) {
        (EventType::Delivery, Some(q)) => {
            let a = amounts.iter().find(|a| a.kind == AmountKind::Count && a.value == q.count && a.start >= clause.start && a.end <= clause.end);
            // "two of the four frigates": two; "the second of eight systems": one;
            // "the last of its 14 jets" completes the 14.
            let part = a.and_then(|a| {
                let before = text[..a.start].trim_end();
                // "the first of its 19 jets", "two of their eight frigates".
                let before = [" the", " its", " their", " our", " his", " her"].iter().find_map(|d| before.strip_suffix(d)).unwrap_or(before).strip_suffix(" of")?;
                let word = before.rsplit(char::is_whitespace).next()?;
                small_count(word).or_else(|| {
                    matches!(
                        word.to_lowercase().as_str(),
                        "first" | "second" | "third" | "fourth" | "fifth" | "sixth" | "seventh" | "eighth" | "ninth" | "tenth" | "eleventh" | "twelfth"
                    )
                    .then_some(1.0)
                })
            });
            Some(match part {
                Some(n) if n < q.count => Quantity { count: n, unit: q.unit },
                _ => q,
            })
        }
        (_, q) => q,
    };
    let value = if matches!(trig.kind, EventType::DealSigned | EventType::Payment | EventType::Intent | EventType::Cancellation | EventType::Delivery) { value } else { None };
    let quantity = if transfer || trig.kind == EventType::Cancellation { quantity } else { None };

    // Attribution: the speaker of the quote (direct or reported) the trigger sits in.
    let attributed_to = quotes
        .iter()
        .filter(|q| q.span.start <= trig_pos && trig_pos < q.span.end)
        .min_by_key(|q| q.span.len())
        .and_then(|q| q.speaker.as_ref().map(|s| s.name.clone()));
    // "Senator X proposed to … by buying": a proposal is its proposer's claim.
    let attributed_to = attributed_to.or_else(|| {
        let p = (0..trig.at).rev().find(|&k| matches!(low[k].as_str(), "proposed" | "proposes" | "suggested" | "suggests" | "urged" | "urges" | "offered" | "offers"))?;
        (0..p).rev().find_map(|k| ents.person_at(toks[k].start, toks[k].end).map(|i| ents.people[i].name.clone()))
    });
    // "…," X said, adding that …": the added clause is X's too.
    // "…, the ministry said, rejecting a report that …": so is what it rejects.
    let attributed_to = attributed_to.or_else(|| {
        let head = text[clause.start..clause.end].trim_start_matches([',', ' ']).split_whitespace().next()?.to_lowercase();
        let gerund = |w: &str| matches!(w, "adding" | "saying" | "stating" | "noting" | "stressing" | "explaining" | "insisting" | "rejecting" | "denying" | "dismissing" | "refuting" | "confirming");
        let at = if gerund(&head) {
            clause.start
        } else {
            // The gerund may open an earlier part of the clause's sentence.
            let before = &text[sentence.start..trig_pos.max(sentence.start)];
            let p = ["rejecting", "denying", "dismissing", "refuting", "confirming"].iter().filter_map(|g| before.rfind(&format!(", {g} "))).max()?;
            sentence.start + p
        };
        quotes
            .iter()
            .filter_map(|q| q.speaker.as_ref())
            .rfind(|sp| sp.span.start >= sentence.start && sp.span.end <= at)
            .map(|sp| sp.name.clone())
    });
    // The batch of the trigger's own part ("has taken delivery of its first
    // batch …, two years after ordering 24": the order is no batch).
    let batch = {
        let k0 = toks.iter().position(|t| t.start >= part_start).unwrap_or(0);
        // "The second batch of the tanks bought from the US has arrived":
        // the batch before an order's participle is the arrival's.
        let k0 = if arrival_after.is_some() { k0.max(trig.at) } else { k0 };
        // "The second tranche of the contract, covering six jets, came into
        // force": the subject names the part.
        let k0 = if trig.rule == "contract-in-force" { 0 } else { k0 };
        let k1 = toks.iter().position(|t| t.start >= part_end).unwrap_or(low.len()).max(k0);
        batch_of(&low[k0..k1])
    };

    let ev_span = evidence_span(text, clause, quotes, trig_pos);
    let evidence = Evidence { start: ev_span.start, end: ev_span.end, text: text[ev_span.start..ev_span.end].to_string() };
    let recipients: Vec<Option<String>> = if recipients.is_empty() { vec![None] } else { recipients.into_iter().map(Some).collect() };
    // "bought 12 used jets from Qatar, a purchase it later cancelled": the
    // deal and, as a second event, its cancellation.
    let cancelled = (trig.kind == EventType::DealSigned && polarity == Polarity::Affirmed && modality == Modality::Fact)
        .then(|| deal_cancelled(text, trig_pos0, sentence.end))
        .flatten()
        .map(|end| {
            let span = Span::new(ev_span.start, end.max(ev_span.end));
            Evidence { start: span.start, end: span.end, text: text[span.start..span.end].to_string() }
        });
    let denial = charge.filter(|_| polarity == Polarity::Affirmed).map(|(denier, end)| {
        let span = Span::new(ev_span.start, end.max(ev_span.end));
        (denier, Evidence { start: span.start, end: span.end, text: text[span.start..span.end].to_string() })
    });
    let mut out: Vec<Event> = recipients
        .into_iter()
        .map(|recipient| Event {
            kind: trig.kind,
            polarity,
            modality,
            supplier: supplier.clone(),
            recipient,
            system: system.clone(),
            time: time.clone(),
            value: value.clone(),
            quantity: quantity.clone(),
            attributed_to: attributed_to.clone(),
            evidence: evidence.clone(),
            rule: format!("{}:{}", trig.kind.as_str(), trig.rule),
            batch: batch.clone(),
        })
        .collect();
    // "received the first F-16s from Denmark and the Netherlands": sources
    // joined to the supplier each supply.
    if trig.frame == Frame::Buyer {
        if let Some(first) = supplier.as_ref().and_then(|s0| states.iter().position(|st| &st.iso3 == s0 && st.tok > trig.at)) {
            let mut prev = &states[first];
            let mut more: Vec<String> = Vec::new();
            for st in &states[first + 1..] {
                let joined = st.tok > prev.last
                    && (st.tok - prev.last <= 3)
                    && (st.prep.as_deref() == Some("and") || (st.prep.is_none() && low[st.tok - 1] == ","))
                    && (prev.last + 1..st.tok).all(|j| matches!(low[j].as_str(), "and" | "," | "the"));
                if !joined {
                    break;
                }
                if Some(&st.iso3) != supplier.as_ref() && !out.iter().any(|e| e.recipient.as_ref() == Some(&st.iso3)) && !more.contains(&st.iso3) {
                    more.push(st.iso3.clone());
                }
                prev = st;
            }
            let base = out.clone();
            for m in more {
                out.extend(base.iter().map(|e| Event { supplier: Some(m.clone()), ..e.clone() }));
            }
        }
    }
    // "delivered its first battery in April 2023 and a second one in
    // December": a gapped repeat of the event with its own time.
    // "ordered 18 Rafale jets in 2021 and six more in 2022", "…, then 12
    // more in 2017", "…, followed by a second batch of 18 in August 2023":
    // the repeat counts its own number.
    if matches!(trig.kind, EventType::Delivery | EventType::DealSigned) {
        let count = |w: &str| -> Option<f64> {
            if !w.is_empty() && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()) {
                return w.parse().ok();
            }
            let words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
            words.iter().position(|x| *x == w).map(|i| (i + 1) as f64).or((w == "dozen").then_some(12.0))
        };
        let ordinal = |w: &str| matches!(w, "second" | "third" | "fourth" | "fifth" | "last" | "final");
        // Where the repeat starts (after its conjunction), and that it starts one.
        let opens = |j: usize| {
            matches!(low[j].as_str(), "another")
                || (matches!(low[j].as_str(), "a" | "the") && low.get(j + 1).is_some_and(|w| ordinal(w)))
                || (count(&low[j]).is_some() && low.get(j + 1).is_some_and(|w| matches!(w.as_str(), "more" | "additional" | "others")))
        };
        let again = (trig.end..low.len().saturating_sub(2)).find_map(|k| {
            let start = match low[k].as_str() {
                "and" if low[k + 1] == "then" => k + 2,
                "and" => k + 1,
                "then" if low[k - 1] == "," => k + 1,
                "followed" if low[k - 1] == "," && low[k + 1] == "by" => k + 2,
                _ => return None,
            };
            (start < low.len() && opens(start) && !(start..(start + 5).min(low.len())).any(|j| verbish(&low[j]))).then_some((k, start))
        });
        if let Some((k, start)) = again {
            let stop = (start..low.len()).find(|&j| matches!(low[j].as_str(), "," | ";" | "but" | "while")).unwrap_or(low.len());
            let stop_at = if stop < low.len() { toks[stop].start } else { clause.end };
            let own = times.iter().find(|t| t.value.is_some() && t.start >= toks[k].start && t.end <= stop_at);
            // "a second one": the pronoun counts nothing.
            let n = (start..stop).filter(|&j| low[j] != "one").find_map(|j| count(&low[j]).filter(|_| !times.iter().any(|t| t.start <= toks[j].start && toks[j].start < t.end)));
            let batch = if low[start] == "another" || low.get(start + 1).is_some_and(|w| matches!(w.as_str(), "more" | "additional")) {
                Some("additional".to_string())
            } else {
                low.get(start + 1).filter(|w| ordinal(w) && !matches!(w.as_str(), "last" | "final")).cloned()
            };
            if let Some(t) = own.filter(|t| t.value != time) {
                let base: Vec<Event> = out.clone();
                for e in base {
                    let quantity = n.map(|c| Quantity { count: c, unit: e.quantity.as_ref().map_or_else(|| "unit".to_string(), |q| q.unit.clone()) });
                    out.push(Event { time: t.value.clone(), quantity, batch: batch.clone(), ..e });
                }
            }
        }
    }
    // "bought nine Leopard 2A7+ tanks and 24 PzH 2000 howitzers": objects
    // joined by "and" are one event each, each with its own count.
    // "The first K2 tanks arrived …, together with 24 K9 howitzers": what
    // comes along is delivered too.
    let along_with = |systems: &[(String, usize)], main: &Option<String>| -> Vec<(String, usize)> {
        systems
            .iter()
            .filter(|(n, k)| Some(n) != main.as_ref() && *k > trig.at && (k.saturating_sub(4)..*k).any(|j| matches!(low[j].as_str(), "along" | "together" | "alongside") && low.get(j + 1).is_none_or(|w| w == "with" || low[j] == "alongside")))
            .cloned()
            .collect()
    };
    if transfer && trig.kind != EventType::Cancellation {
        if let Some(main) = system.as_ref().and_then(|m| systems.iter().filter(|(n, _)| n == m).map(|(_, k)| *k).find(|&k| k > trig.at || subject_moves)) {
            let count_at = |k: usize| {
                amounts
                    .iter()
                    .find(|a| a.kind == AmountKind::Count && is_materiel(&a.unit) && a.start <= toks[k].start && toks[k].start < a.end)
                    .map(|a| Quantity { count: a.value, unit: a.unit.clone() })
            };
            // "Rafale jets from France and MiG-29 fighters from Russia": each
            // system may name its own source.
            let source = |j: usize| low[j] == "from" && states.iter().any(|s| s.tok == j + 1 || (s.tok == j + 2 && low[j + 1] == "the"));
            // "MiG-29 jets in 2019 and Pantsir systems in 2020", "MiG-29 jets
            // to Serbia and …": a time or the buyer may follow each system.
            let in_time = |j: usize| times.iter().any(|t| t.value.is_some() && t.start <= toks[j].start && toks[j].end <= t.end);
            let timed = |j: usize| in_time(j) || matches!(low[j].as_str(), "in" | "on") && j + 1 < low.len() && in_time(j + 1);
            let to_state = |j: usize| low[j] == "to" && states.iter().any(|s| s.tok == j + 1 || (s.tok == j + 2 && low[j + 1] == "the"));
            let joined = |a: usize, b: usize| {
                let (lo, hi) = (a.min(b), a.max(b));
                (lo + 1..hi).any(|j| low[j] == "and")
                    && (lo + 1..hi).all(|j| !PREPS.contains(&low[j].as_str()) || low[j] == "and" || source(j) || timed(j) || to_state(j))
                    && !trigger_ends.iter().any(|&e| e > toks[lo].start && e < toks[hi].start)
            };
            // "Su-30 jets, S-400 systems and T-90 tanks": a list joined by
            // commas before its "and".
            let listed = |a: usize, b: usize| {
                let (lo, hi) = (a.min(b), a.max(b));
                (lo + 1..hi).any(|j| low[j] == ",")
                    && (lo + 1..hi).all(|j| !PREPS.contains(&low[j].as_str()) || low[j] == "and" || source(j))
                    && !trigger_ends.iter().any(|&e| e > toks[lo].start && e < toks[hi].start)
            };
            let after: Vec<&(String, usize)> = systems.iter().filter(|(n, k)| Some(n) != system.as_ref() && *k > trig.at).collect();
            let any_joined = after.iter().any(|(_, k)| joined(main, *k));
            let others: Vec<(String, usize)> = after.into_iter().filter(|(_, k)| joined(main, *k) || any_joined && listed(main, *k)).cloned().collect();
            let others = if others.is_empty() { along_with(&systems, &system) } else { others };
            if !others.is_empty() {
                let q = count_at(main);
                for e in out.iter_mut() {
                    e.quantity = q.clone();
                }
                let base: Vec<Event> = out.clone();
                for (name, k) in others {
                    // The maker of each, unless the clause names a seller that
                    // is not the main system's maker (a reseller of both).
                    let supplier = if supplier.is_some() && supplier != origin { supplier.clone() } else { origin_of(gaz, &name).or_else(|| supplier.clone()) };
                    // Its own source, named right after it ("MiG-29s from Belarus"), first.
                    let own = states.iter().find(|s| s.prep.as_deref() == Some("from") && s.tok > k && s.tok <= k + 4 && (k + 1..s.tok).all(|j| !matches!(low[j].as_str(), "and" | ",")));
                    let supplier = own.map(|s| s.iso3.clone()).or(supplier);
                    // Its own time, named after it before the next system ("… and Pantsir systems in 2020").
                    let next_system = systems.iter().filter(|(_, j)| *j > k).map(|(_, j)| toks[*j].start).min().unwrap_or(clause.end);
                    let own_time = times.iter().find(|t| t.value.is_some() && t.start >= toks[k].end && t.end <= next_system && t.end <= clause.end && (t.start - toks[k].end) < 48).and_then(|t| t.value.clone());
                    // A time between the two belongs to the first ("… in 2016, and later MiG-29 jets").
                    let time_between = trig.at < main && times.iter().any(|t| t.value.is_some() && t.start > toks[main].start && t.end <= toks[k].start);
                    for e in &base {
                        if e.recipient.is_some() && e.recipient == supplier {
                            continue;
                        }
                        out.push(Event { system: Some(name.clone()), supplier: supplier.clone(), quantity: count_at(k), time: own_time.clone().or_else(|| if time_between { None } else { e.time.clone() }), ..e.clone() });
                    }
                }
            }
        }
    }
    // "Denmark has promised 19 of the jets, the Netherlands 24 and Norway
    // six": each state listed with its own number repeats the giving.
    if trig.frame == Frame::Seller && matches!(trig.kind, EventType::Intent | EventType::Delivery | EventType::DealSigned) {
        let number = |w: &str| small_count(w);
        let first_supplier = out.first().and_then(|e| e.supplier.clone());
        let gapped: Vec<(String, f64)> = states
            .iter()
            .filter(|st| st.tok > trig.at && Some(&st.iso3) != first_supplier.as_ref())
            .filter_map(|st| {
                let lead = if st.tok >= 1 && low[st.tok - 1] == "the" { st.tok - 1 } else { st.tok };
                if lead == 0 || !matches!(low[lead - 1].as_str(), "," | "and") {
                    return None;
                }
                let j = (st.tok + 1..(st.tok + 4).min(low.len())).find(|&j| !toks[j].text.starts_with(|c: char| c.is_uppercase()))?;
                let n = number(&low[j])?;
                low.get(j + 1).is_none_or(|w| matches!(w.as_str(), "," | "and" | "." | ";")).then(|| (st.iso3.clone(), n))
            })
            .collect();
        if !gapped.is_empty() {
            // The listed states give; they are not receivers of the first giving.
            if out.iter().any(|e| !gapped.iter().any(|(st, _)| e.recipient.as_ref() == Some(st))) {
                out.retain(|e| !gapped.iter().any(|(st, _)| e.recipient.as_ref() == Some(st)));
            }
            let base: Vec<Event> = out.iter().filter(|e| e.supplier == first_supplier).cloned().collect();
            for (st, n) in gapped {
                for e in &base {
                    if e.recipient.as_ref() != Some(&st) {
                        let unit = e.quantity.as_ref().map_or_else(|| "unit".to_string(), |q| q.unit.clone());
                        out.push(Event { supplier: Some(st.clone()), quantity: Some(Quantity { count: n, unit }), ..e.clone() });
                    }
                }
            }
        }
    }
    // "is buying 12 used Typhoons from Qatar and 12 from Oman": each source
    // listed with its own number is a purchase of its own.
    if trig.frame == Frame::Buyer && matches!(trig.kind, EventType::Intent | EventType::Delivery | EventType::DealSigned) {
        let more: Vec<(String, f64)> = states
            .iter()
            .filter(|st| st.tok >= 3 && st.prep.as_deref() == Some("from") && low[st.tok - 3] == "and" && out.iter().all(|e| e.supplier.as_ref() != Some(&st.iso3)))
            .filter_map(|st| {
                let n = unit_count(&low[st.tok - 2])?;
                Some((st.iso3.clone(), n))
            })
            .collect();
        if let Some(first) = out.first().cloned().filter(|e| e.quantity.is_some()) {
            for (st, n) in more {
                if first.recipient.as_ref() != Some(&st) {
                    let unit = first.quantity.as_ref().map_or_else(|| "unit".to_string(), |q| q.unit.clone());
                    out.push(Event { supplier: Some(st), quantity: Some(Quantity { count: n, unit }), ..first.clone() });
                }
            }
        }
    }
    // "Britain, France and Germany said they would impose sanctions": each
    // state the speaker lists acts, not only the first.
    let speaker_states: Vec<String> = quotes
        .iter()
        .filter(|q| q.span.start <= trig_pos && trig_pos < q.span.end)
        .min_by_key(|q| q.span.len())
        .and_then(|q| q.speaker.as_ref())
        .filter(|sp| sp.person.is_none())
        .map(|sp| {
            ents.within(sp.span)
                .filter_map(|m| match &m.referent {
                    Referent::Country { iso3, .. } => Some(iso3.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if speaker_states.len() >= 2 && matches!(trig.frame, Frame::Seller | Frame::Actor) {
        let base: Vec<Event> = out.iter().filter(|e| e.supplier.as_ref() == speaker_states.first()).cloned().collect();
        for st in &speaker_states[1..] {
            for e in &base {
                if e.recipient.as_ref() != Some(st) && !out.iter().any(|x| x.supplier.as_ref() == Some(st) && x.system == e.system && x.kind == e.kind) {
                    out.push(Event { supplier: Some(st.clone()), ..e.clone() });
                }
            }
        }
    }
    // "The Netherlands and Denmark will deliver F-16s to Ukraine": each state
    // of a joined subject gives.
    if trig.frame == Frame::Seller && !trig.passive {
        let joined: Vec<&StateArg> = states.iter().filter(|st| st.tok < trig.at && matches!(st.prep.as_deref(), None | Some("and")) && !st.possessive && !st.modifies_system).collect();
        let coordinated = joined.len() >= 2
            && joined.windows(2).all(|p| p[0].last < p[1].tok && (p[0].last + 1..p[1].tok).all(|j| matches!(low[j].as_str(), "and" | "," | "the")))
            && joined.last().is_some_and(|st| (st.last + 1..trig.at).all(|j| !matches!(low[j].as_str(), "," | ";" | "and" | "but" | "that" | "which")));
        if coordinated && out.first().and_then(|e| e.supplier.as_ref()) == Some(&joined[0].iso3) {
            each_gives(&mut out, &joined);
            let givers: Vec<&String> = joined.iter().map(|st| &st.iso3).collect();
            out.retain(|e| !e.recipient.as_ref().is_some_and(|r| givers.contains(&r)));
        }
    }
    // "the F-16s pledged by Denmark and the Netherlands have arrived": each
    // giver of the subject's participle gives.
    if trig.kind == EventType::Delivery {
        if let Some(first) = states.iter().position(|st| st.tok >= 2 && st.tok < trig.at && st.prep.as_deref() == Some("by") && supplies_what_it_describes(&low[st.tok - 2])) {
            let mut chain = vec![&states[first]];
            for st in &states[first + 1..] {
                let prev = chain[chain.len() - 1];
                if st.tok >= trig.at || st.prep.as_deref() != Some("and") || !(prev.last + 1..st.tok).all(|j| matches!(low[j].as_str(), "and" | "," | "the")) {
                    break;
                }
                chain.push(st);
            }
            if chain.len() >= 2 && out.first().and_then(|e| e.supplier.as_ref()) == Some(&chain[0].iso3) {
                each_gives(&mut out, &chain);
            }
        }
    }
    if let Some(evidence) = cancelled {
        let cancellations: Vec<Event> = out
            .iter()
            .filter(|e| e.kind == EventType::DealSigned)
            .map(|e| Event { kind: EventType::Cancellation, time: None, evidence: evidence.clone(), rule: "cancellation:deal-cancelled".to_string(), ..e.clone() })
            .collect();
        out.extend(cancellations);
    }
    if let Some((denier, evidence)) = denial {
        let denied: Vec<Event> = out
            .iter()
            .map(|e| Event { polarity: Polarity::Denied, modality: Modality::Fact, attributed_to: Some(denier.clone()), evidence: evidence.clone(), rule: format!("{}:charge-denied", trig.kind.as_str()), ..e.clone() })
            .collect();
        out.extend(denied);
    }
    Some((out, supplier_defaulted))
}

/// The state of the dateline that opens the text ("NEW DELHI:", "SEOUL,
/// March 3 (Yonhap) —"), if its city or country is known.
fn dateline_state(text: &str, ents: &Entities, gaz: &Gazetteer) -> Option<String> {
    let mut cut = text.len().min(40);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    let end = head.find([':', ',', '(', '—', '–']).or_else(|| head.find(" - "))?;
    let city = head[..end].trim();
    if city.is_empty() || city.chars().any(|c| c.is_lowercase()) || !city.chars().any(char::is_alphabetic) {
        return None;
    }
    // Written in capitals: "NEW DELHI" is "New Delhi".
    let titled: String = city
        .split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            cs.next().map(|f| f.to_uppercase().chain(cs.flat_map(char::to_lowercase)).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let from_gaz = gaz.find(&titled).into_iter().find_map(|h| match &h.entry.kind {
        crate::gazetteer::Kind::Country { iso3, .. } if h.start == 0 && h.end == titled.len() => Some(iso3.clone()),
        _ => None,
    });
    from_gaz.or_else(|| {
        ents.at(text.len() - text.trim_start().len()).filter(|m| m.end <= end).and_then(|m| match &m.referent {
            Referent::Country { iso3, .. } => Some(iso3.clone()),
            _ => None,
        })
    })
}

/// A trailing apposition after `from` in the sentence that opens with one
/// of `heads` (", a charge Minsk denies", ", a purchase it later
/// cancelled"): the words between its head and the first word `verb`
/// accepts (within seven words, before a comma or stop), and where that
/// verb ends.
fn apposition_verb<'t>(text: &'t str, from: usize, end: usize, heads: &[&str], verb: impl Fn(&str) -> bool) -> Option<(Vec<(&'t str, String)>, usize)> {
    let rest = text.get(from..end)?;
    let lower = rest.to_ascii_lowercase();
    let (at, len) = heads.iter().filter_map(|p| lower.find(p).map(|i| (i, p.len()))).min()?;
    let mut words: Vec<(&str, String)> = Vec::new();
    let mut pos = at + len;
    for word in rest[at + len..].split_whitespace().take(7) {
        let w_at = pos + rest[pos..].find(word).unwrap_or(0);
        pos = w_at + word.len();
        let w = word.trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase();
        if verb(&w) {
            return Some((words, from + w_at + word.trim_end_matches(|c: char| !c.is_alphanumeric()).len()));
        }
        if word.ends_with([',', '.', ';']) {
            return None;
        }
        words.push((word, w));
    }
    None
}

/// ", a purchase it later cancelled" after `from` in the sentence: where the
/// verb of cancelling ends.
fn deal_cancelled(text: &str, from: usize, end: usize) -> Option<usize> {
    let heads = [", a purchase ", ", a deal ", ", an order ", ", a contract ", ", a sale ", ", an acquisition "];
    let cancel = |w: &str| matches!(w, "cancelled" | "canceled" | "scrapped" | "abandoned" | "annulled" | "terminated" | "dropped" | "axed" | "ditched" | "rescinded" | "revoked" | "shelved" | "suspended" | "froze" | "frozen");
    apposition_verb(text, from, end, &heads, cancel).map(|(_, at)| at)
}

/// ", a charge Minsk denies" after `from` in the sentence: the party that
/// denies (as written) and where its verb ends.
fn charge_denied(text: &str, from: usize, end: usize) -> Option<(String, usize)> {
    // ", a charge ", ", claims ", ", an estimate ", ", speculation ".
    static HEADS: Lazy<Vec<String>> = Lazy::new(|| {
        CLAIM_NOUNS
            .iter()
            .map(|n| match n {
                _ if n.ends_with('s') || *n == "speculation" => format!(", {n} "),
                _ if n.starts_with(['a', 'e', 'i', 'o', 'u']) => format!(", an {n} "),
                _ => format!(", a {n} "),
            })
            .collect()
    });
    let heads: Vec<&str> = HEADS.iter().map(String::as_str).collect();
    let deny = |w: &str| matches!(w, "denies" | "denied" | "deny" | "rejects" | "rejected" | "dismisses" | "dismissed" | "disputes" | "disputed" | "refutes" | "refuted");
    let (words, at) = apposition_verb(text, from, end, &heads, deny)?;
    // "a charge that Minsk has strongly denied": the party's words only.
    let name: Vec<&str> = words
        .iter()
        .filter(|(_, w)| !matches!(w.as_str(), "that" | "which" | "has" | "have" | "had" | "strongly" | "flatly" | "firmly" | "repeatedly" | "also" | "always" | "both"))
        .map(|(word, _)| *word)
        .collect();
    let name = name.join(" ");
    name.chars().next()?.is_uppercase().then_some((name, at))
}

/// A word right after a transitive verb (optionally after "the") is its object.
fn is_object_position(low: &[String], k: usize) -> bool {
    let mut j = k;
    if j > 0 && matches!(low[j - 1].as_str(), "the" | "a") {
        j -= 1;
    }
    // Only verbs that take the party of a transfer or measure as their object.
    j > 0
        && matches!(
            low[j - 1].as_str(),
            "supply" | "supplies" | "supplied" | "sell" | "sells" | "sold" | "threaten" | "threatens" | "threatened" | "hit" | "hits"
                | "give" | "gave" | "given" | "provide" | "provides" | "provided" | "deliver" | "delivers" | "delivered" | "offer"
                | "offers" | "offered" | "exclude" | "excluded" | "expel" | "expelled" | "suspend" | "suspended" | "remove" | "removed"
                | "ship" | "ships" | "shipped" | "sanction" | "sanctioned" | "penalize" | "penalized" | "penalise" | "penalised"
                | "target" | "targeted" | "slapped" | "barred" | "kicked" | "ousted" | "equip" | "equipped" | "arm" | "armed"
                | "grant" | "granted" | "grants" | "granting" | "gives" | "issued" | "issue" | "award" | "awarded" | "awards"
                | "promised" | "promises" | "pledged" | "pledges"
        )
}

/// Units that count materiel, not contracts or countries.
fn is_materiel(unit: &str) -> bool {
    !matches!(
        unit,
        "contract" | "country" | "deal" | "agreement" | "year" | "month" | "day" | "week" | "person" | "people" | "official" | "representative" | "company" | "meeting" | "time" | "percent"
            // What deals and talks are counted in: "added two more conditions".
            | "condition" | "clause" | "term" | "amendment" | "round" | "phase" | "stage" | "option" | "proposal" | "request" | "bid" | "offer" | "tender"
            | "visit" | "session" | "document" | "letter" | "memorandum" | "point" | "issue" | "question" | "reason" | "step" | "decade" | "hour" | "minute"
            // What deliveries come in: "will be delivered in two batches".
            | "batch" | "tranche" | "shipment" | "consignment" | "instalment" | "installment" | "lot" | "wave" | "delivery"
    )
}

/// "first", "second", "additional", "another", "new" batch or contract.
fn batch_of(low: &[String]) -> Option<String> {
    for (i, w) in low.iter().enumerate() {
        if matches!(w.as_str(), "batch" | "batches" | "contract" | "deal" | "agreement" | "accord" | "instalment" | "installment" | "tranche" | "consignment" | "deliveries" | "delivery" | "order") && i > 0 {
            let prev = low[i - 1].as_str();
            let prev2 = if i > 1 { low[i - 2].as_str() } else { "" };
            // "the second Egyptian Rafale order": two words of its own may stand between.
            let own = |w: &str| !w.is_empty() && !PREPS.contains(&w) && !matches!(w, "a" | "an" | "the" | "time" | "this" | "that" | "its" | "their" | "," | ";");
            let prev3 = if i > 2 && own(prev) && own(prev2) { low[i - 3].as_str() } else { "" };
            // "the first export order for the naval version": the maker's
            // first customer abroad, not a first batch.
            if [prev, prev2].iter().any(|w| matches!(*w, "export" | "foreign" | "overseas" | "international")) {
                continue;
            }
            for p in [prev, prev2, prev3] {
                let b = match p {
                    "first" | "initial" | "original" => Some("first"),
                    // "expanded its order": a further one.
                    w if EXPAND_VERBS.contains(&w) => Some("additional"),
                    "second" => Some("second"),
                    "third" => Some("third"),
                    "additional" | "another" | "new" | "further" | "more" => Some("additional"),
                    _ => None,
                };
                if let Some(b) = b {
                    return Some(b.to_string());
                }
            }
        }
    }
    None
}

/// Agent and patient states for a trigger.
fn roles(states: &[StateArg], trig: &Trigger, low: &[String]) -> (Vec<String>, Vec<String>) {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Role {
        Agent,
        Patient,
        None,
    }
    let source_preps = ["from"];
    let target_preps = ["to", "for", "on", "against", "into", "towards", "toward"];
    // "sanctions on Chinese firms supplying drone parts to Iran": a participle
    // or relative clause after the first target starts another predicate.
    let first_after = states.iter().map(|s| s.tok).filter(|&k| k > trig.at).min();
    let cut = first_after.and_then(|f| {
        (f + 1..low.len()).find(|&k| {
            let w = low[k].as_str();
            matches!(w, "who" | "which" | "that") || (w.ends_with("ing") && w.len() > 5 && !matches!(w, "during" | "including" | "following" | "regarding" | "concerning" | "according" | "pending" | "notwithstanding" | "excluding"))
        })
    });
    // "risked US sanctions by ordering jets from Russia": a gerund under a
    // conjunction after the trigger is another predicate; its states are not
    // the act's targets.
    let gerund_at = |k: usize| k >= 1 && low[k].ends_with("ing") && low[k].len() > 4 && matches!(low[k - 1].as_str(), "after" | "before" | "since" | "while" | "by" | "despite" | "without" | "when");
    let cut = match (cut, (trig.at + 1..low.len()).find(|&k| gerund_at(k))) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    // "sanctioned Lockheed Martin over its sales to Taiwan": the cause after
    // the first target names no other target.
    let cause = first_after.filter(|_| trig.frame == Frame::Actor).and_then(|f| (f + 1..low.len()).find(|&k| matches!(low[k].as_str(), "over" | "because")));
    let cut = match (cut, cause) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let gerund_sub = gerund_at(trig.at);
    // "held talks with Vietnam about the missile, which it jointly produces
    // with Russia": a relative clause after a comma names no party.
    // Only one that tells an act of its own ("which caused a crisis in
    // Turkey's relations" still names the buyer).
    let acts = |w: &str| ACT_VERBS.contains(w) || PRODUCTION_WORDS.contains(&w) || matches!(w, "produces" | "makes" | "made" | "builds" | "develops" | "developed" | "operates" | "uses" | "used");
    let relative = (trig.end..low.len().saturating_sub(1))
        .find(|&k| low[k] == "," && matches!(low[k + 1].as_str(), "which" | "who" | "whose"))
        .filter(|&k| low[k + 2..].iter().take_while(|w| !matches!(w.as_str(), "," | ";")).any(|w| acts(w)));
    // "Chinese firms supplying drone parts to Iran were sanctioned": states
    // in a participle on the passive subject are not its targets.
    let subject_participle = (trig.frame == Frame::Actor && trig.passive)
        .then(|| (1..trig.at).find(|&j| low[j].ends_with("ing") && low[j].len() > 4 && states.iter().any(|o| o.tok < j) && !matches!(low[j].as_str(), "during" | "including" | "according" | "following")))
        .flatten();
    // "…, the Swiss defence procurement agency said": a state in the
    // attribution after the act says who speaks; which party it is, if any,
    // is the speaker's to settle (below, by the system's maker).
    let attribution = (trig.end..low.len())
        .rev()
        .find(|&k| low[k] == ",")
        .filter(|&c| low[c + 1..].iter().take(8).any(|w| matches!(w.as_str(), "said" | "says" | "told" | "added" | "stated")));
    // "China sold drones to Saudi Arabia in 2017 and has supplied drones to
    // Egypt": verb phrases joined by "and" share the subject, not the rest.
    let vp_and = |k: usize| {
        low[k] == "and"
            && low.get(k + 1).is_some_and(|w| {
                matches!(w.as_str(), "has" | "have" | "had" | "will" | "would" | "later" | "then" | "also" | "was" | "were" | "is" | "are")
                    || ACT_VERBS.contains(w.as_str()) && !w.ends_with("ing")
            })
    };
    // Only once the trigger's own phrase names its party ("will be built in
    // Germany and delivered to Hungary": the delivery names the buyer of both).
    // "selected the ATMOS, beating bids from China's Norinco": the rivals
    // beaten are no party.
    let rivals_from = (trig.end..low.len()).find(|&k| matches!(low[k].as_str(), "beating" | "defeating" | "outbidding" | "edging" | "besting"));
    let next_vp = (trig.end..low.len())
        .find(|&k| vp_and(k))
        .filter(|&k| states.iter().any(|s| s.tok > trig.at && s.tok < k && matches!(s.prep.as_deref(), Some("to" | "from" | "for" | "with"))));
    let own_vp = (trig.at.saturating_sub(3)..trig.at).rev().find(|&k| vp_and(k)).map(|k| {
        // The previous verb phrase: from its verb to the "and".
        let verb = (0..k).rev().find(|&j| ACT_VERBS.contains(low[j].as_str()) || matches!(low[j].as_str(), "has" | "have" | "had" | "was" | "were" | "is" | "are" | "will")).unwrap_or(k);
        (verb, k)
    });
    let mut assigned: Vec<Role> = Vec::with_capacity(states.len());
    for (idx, s) in states.iter().enumerate() {
        if next_vp.is_some_and(|k| s.tok > k) || own_vp.is_some_and(|(v, k)| s.tok > v && s.tok < k) || rivals_from.is_some_and(|k| s.tok > k) {
            assigned.push(Role::None);
            continue;
        }
        if relative.is_some_and(|r| s.tok > r) || attribution.is_some_and(|c| s.tok > c) || trig.frame == Frame::Actor && (cut.is_some_and(|c| s.tok > c) || subject_participle.is_some_and(|p| s.tok > p && s.tok < trig.at)) {
            assigned.push(Role::None);
            continue;
        }
        // "Serbia bought Chinese-made combat drones": a demonym on arms that
        // are no known system names where the buyer gets them, unless a state
        // is named as the source.
        if trig.frame == Frame::Buyer
            && (s.made || (s.form == CountryForm::Demonym && !s.modifies_system))
            && s.tok > trig.at
            && s.prep.is_none()
            && (s.last + 1..(s.last + 4).min(low.len())).any(|k| ARMS_WORDS.contains(&low[k].as_str()))
            && !states.iter().any(|o| o.tok > trig.at && o.prep.as_deref().is_some_and(|p| source_preps.contains(&p)))
        {
            assigned.push(Role::Patient);
            continue;
        }
        if s.modifies_system {
            assigned.push(Role::None);
            continue;
        }
        // "No Russian fighter has been delivered", "the Omani jets were
        // handed over": a demonym on the arms a passive transfer moves
        // names who gives them, not who gets them.
        if trig.frame == Frame::Seller
            && trig.passive
            && s.form == CountryForm::Demonym
            && s.tok < trig.at
            && s.prep.is_none()
            && (s.last + 1..(s.last + 3).min(trig.at)).any(|k| ARMS_WORDS.contains(&low[k].as_str()))
        {
            assigned.push(Role::Agent);
            continue;
        }
        let prep = s.prep.as_deref();
        // "to Ukraine through Poland": a state a transfer passes through is no party to it.
        if matches!(prep, Some("through") | Some("via")) {
            assigned.push(Role::None);
            continue;
        }
        // Coordination: "Turkish and Chinese forces" share a role.
        // "Qatar and the UAE": an article may stand between.
        let gap = if low.get(s.tok.wrapping_sub(1)).is_some_and(|w| w == "the") { 3 } else { 2 };
        if prep == Some("and") && idx > 0 && s.tok >= 2 && states[idx - 1].last + gap >= s.tok && assigned[idx - 1] != Role::None {
            assigned.push(assigned[idx - 1]);
            continue;
        }
        // "ordered tanks from Germany after sending its jets to Ukraine": a
        // gerund under a conjunction shares the clause's subject; states the
        // main verb governs by a preposition play no part in it.
        // "Egypt risked US sanctions by ordering jets": only the clause's
        // subject does what the gerund says, not the main verb's object.
        let main_object = gerund_sub && prep.is_none() && s.tok + 1 < trig.at && states[..idx].iter().any(|o| o.prep.is_none() && !o.possessive);
        if main_object || (gerund_sub && s.tok + 1 < trig.at && prep.is_some_and(|p| p != "and")) {
            assigned.push(Role::None);
            continue;
        }
        // "shelved in 2022 after U.S. pressure", "despite Western objections":
        // a state that presses from outside is no party.
        if s.tok > trig.at
            && !matches!(trig.kind, EventType::Waiver | EventType::Sanction)
            && low.get(s.last + 1).is_some_and(|w| matches!(w.as_str(), "pressure" | "opposition" | "objections" | "objection" | "concerns" | "threats" | "warnings" | "criticism" | "lobbying" | "demands" | "insistence" | "resistance" | "sanctions" | "protests" | "veto"))
        {
            assigned.push(Role::None);
            continue;
        }
        // "shipped missiles to Russia for use in Ukraine": where the arms are
        // to be used is no party.
        if s.tok > trig.at && s.tok >= 2 && matches!(prep, Some("in" | "against")) && (s.tok.saturating_sub(4)..s.tok).any(|k| matches!(low[k].as_str(), "use" | "used" | "using" | "deployment" | "deployed")) {
            assigned.push(Role::None);
            continue;
        }
        // "sent tanks to Ukraine since Russia's invasion": a state in a time
        // phrase after the trigger dates it and takes no part.
        if s.tok > trig.at && s.tok > 0 && matches!(low[s.tok - 1].as_str(), "since" | "during" | "until" | "amid" | "following" | "throughout") {
            assigned.push(Role::None);
            continue;
        }
        // "signed a contract with Hanwha in Abu Dhabi": a capital after the
        // signing names where it was signed, not who signed.
        if trig.kind == EventType::DealSigned && s.tok > trig.at && s.form == CountryForm::Capital && matches!(prep, Some("in" | "at")) {
            assigned.push(Role::None);
            continue;
        }
        // "helicopters ordered by Iraq from Airbus were delivered": the
        // buyer named in a participle on the subject.
        if s.tok < trig.at && prep == Some("by") && s.tok >= 2 && matches!(low[s.tok - 2].as_str(), "ordered" | "bought" | "purchased" | "acquired" | "procured") {
            assigned.push(if trig.frame == Frame::Buyer { Role::Agent } else { Role::Patient });
            continue;
        }
        // "the jets remain stuck in Russia": where materiel is stuck is no party.
        if trig.rule == "stuck" && s.tok > trig.at && matches!(prep, Some("in" | "at" | "by")) {
            assigned.push(Role::None);
            continue;
        }
        // "the F-16s pledged by Denmark and the Netherlands have arrived": the
        // giver named in a participle on the subject.
        if s.tok < trig.at && prep == Some("by") && s.tok >= 2 && trig.frame != Frame::Actor && trig.kind == EventType::Delivery && supplies_what_it_describes(&low[s.tok - 2]) {
            assigned.push(if trig.frame == Frame::Buyer { Role::Patient } else { Role::Agent });
            continue;
        }
        let before = s.tok < trig.at;
        let role = match trig.frame {
            Frame::Buyer => {
                if prep.is_some_and(|p| source_preps.contains(&p)) {
                    Role::Patient
                } else if (trig.passive && prep == Some("by"))
                    || (prep.is_some_and(|p| target_preps.contains(&p)) && !trig.passive)
                    || (before && prep.is_none())
                    // "Turkey's purchase", "of India's order"; not "one of
                    // Russia's largest customers and has bought".
                    || (s.possessive && (prep.is_none() || s.last + 3 >= trig.at))
                    || (trig.passive && prep.is_none() && !before)
                    || (prep == Some("in") && !before)
                {
                    Role::Agent
                } else {
                    Role::None
                }
            }
            // "Denmark has promised 19 of the jets, the Netherlands 24": a
            // state after a pledge is its recipient only as its object.
            Frame::Seller if trig.rule == "pledged" && !before && prep.is_none() && !s.object && !s.possessive => Role::None,
            Frame::Seller => {
                if prep.is_some_and(|p| target_preps.contains(&p)) || (prep == Some("in") && !before) || (s.object && !trig.passive) || (trig.rule == "got-order" && prep == Some("from")) {
                    Role::Patient
                } else if prep == Some("from") || (trig.passive && prep == Some("by")) {
                    Role::Agent
                } else if before && prep.is_none() && !s.possessive {
                    if trig.passive {
                        Role::Patient
                    } else {
                        Role::Agent
                    }
                } else if s.possessive || (!before && prep.is_none()) {
                    Role::Patient
                } else {
                    Role::None
                }
            }
            Frame::Actor => {
                // "X could face / risks sanctions": the subject is the target.
                let undergo_at = (0..trig.at).rev().find(|&j| matches!(low[j].as_str(), "face" | "faces" | "facing" | "faced" | "risk" | "risks" | "risking" | "risked" | "avoid" | "avoided" | "escape" | "escaped" | "evade"));
                // "India was threatened with sanctions", "India was granted a waiver": a passive subject is the target.
                let passive_subject = before
                    && (s.tok + 1..trig.at).any(|j| {
                        matches!(low[j].as_str(), "was" | "were" | "is" | "are" | "been" | "be")
                            && (j + 1..(j + 3).min(trig.at)).any(|v| low[v].ends_with("ed") || matches!(low[v].as_str(), "hit" | "given"))
                            && !states.iter().any(|o| o.tok > s.tok && o.tok < j)
                    });
                let undergoes = passive_subject || undergo_at.is_some_and(|f| s.tok < f && !states.iter().any(|o| o.tok > s.tok && o.tok < f));
                // "India has asked Washington for a waiver": the state asked
                // grants it, the one that asks is its target.
                let asking = |w: &str| matches!(w, "asked" | "asks" | "ask" | "urged" | "urges" | "lobbied" | "lobbies" | "pressed" | "presses" | "petitioned" | "requested" | "requests" | "sought" | "seeks" | "seek" | "applied" | "wants" | "expects");
                let asked = trig.kind == EventType::Waiver && before && s.tok > 0 && asking(low[s.tok - 1].as_str());
                // "India received a waiver": the state that gets it is its target.
                let asks = trig.kind == EventType::Waiver
                    && before
                    && !asked
                    && (s.tok + 1..trig.at).any(|j| matches!(low[j].as_str(), "asked" | "asks" | "ask" | "requested" | "requests" | "sought" | "seeks" | "seek" | "applied" | "wants" | "received" | "receives" | "won" | "wins" | "got" | "gets" | "obtained" | "secured" | "secures"));
                // "a waiver from U.S. sanctions", "a waiver from Washington": the
                // state whose sanctions are waived, or that the waiver comes from, grants it.
                let waives_own = trig.kind == EventType::Waiver
                    && !before
                    && (low.get(s.last + 1).is_some_and(|w| matches!(w.as_str(), "sanctions" | "sanction" | "law" | "laws" | "restrictions" | "penalties")) || prep == Some("from"));
                if asked || waives_own {
                    Role::Agent
                } else if asks {
                    Role::Patient
                } else if prep == Some("by") && (trig.passive || !before) {
                    Role::Agent
                } else if trig.kind == EventType::Sanction
                    && prep == Some("from")
                    && ((s.tok >= 2 && matches!(low[s.tok - 2].as_str(), "warning" | "warnings" | "threat" | "threats" | "pressure" | "message" | "messages" | "signal" | "signals" | "word")) || (s.tok > trig.at && s.tok <= trig.at + 3))
                {
                    // "warnings from Washington that … could trigger
                    // sanctions", "faced sanctions from the EU": the source imposes.
                    Role::Agent
                } else if trig.kind == EventType::Sanction && prep == Some("from") {
                    // "sanctions on an agency over its purchase of jets from
                    // Russia": the seller in the reason is no target.
                    Role::None
                } else if undergoes || s.object || trig.rule == "involvement-impossible" {
                    Role::Patient
                } else if trig.kind == EventType::Sanction && before && s.possessive && low.get(s.tok + 1).is_some_and(|w| matches!(w.as_str(), "purchase" | "purchases" | "acquisition" | "deal" | "order" | "decision" | "buying")) {
                    // "India's purchase of the S-400 could trigger US sanctions": the buyer is the target.
                    Role::Patient
                } else if trig.kind == EventType::Sanction && before && prep != Some("by") && s.last + 1 == trig.at && !s.possessive {
                    // "US sanctions", "the threat of U.S. sanctions": the state
                    // that modifies the noun imposes them.
                    Role::Agent
                } else if prep.is_some_and(|p| target_preps.contains(&p) || p == "from" || (p == "with" && trig.kind == EventType::Cancellation)) || (!before && prep.is_none()) || (s.possessive && !before) {
                    Role::Patient
                } else if before && prep.is_none() {
                    // "Indonesia shelved the plan over the threat of US
                    // sanctions": with the imposer on the noun, the subject
                    // is who they threaten.
                    let imposer_named = trig.kind == EventType::Sanction && states.iter().any(|o| o.tok > s.tok && o.last + 1 == trig.at && o.prep.as_deref() != Some("by") && !o.possessive);
                    if trig.passive || imposer_named || (s.possessive && low.get(s.tok + 1).is_some_and(|w| matches!(w.as_str(), "continued" | "participation" | "involvement" | "removal" | "expulsion" | "exclusion" | "suspension" | "ouster"))) {
                        Role::Patient
                    } else {
                        Role::Agent
                    }
                } else {
                    Role::None
                }
            }
            Frame::Mutual => {
                if prep != Some("of") || s.possessive {
                    if before {
                        Role::Agent
                    } else {
                        Role::Patient
                    }
                } else {
                    Role::None
                }
            }
        };
        assigned.push(role);
    }
    // The subject is the agent nearest the verb (with what is coordinated to it);
    // for mutual frames every party counts.
    let mut agent: Vec<String> = Vec::new();
    let mut patient: Vec<String> = Vec::new();
    let push = |v: &mut Vec<String>, s: &str| {
        if !v.iter().any(|x| x == s) {
            v.push(s.to_string());
        }
    };
    let agent_idx: Vec<usize> = (0..states.len()).filter(|&i| assigned[i] == Role::Agent).collect();
    let keep: Vec<usize> = if trig.frame == Frame::Mutual || agent_idx.is_empty() {
        agent_idx.clone()
    } else {
        // The nearest before the trigger (or the first after it), plus its coordinates.
        let nearest = agent_idx.iter().rev().find(|&&i| states[i].tok < trig.at).or(agent_idx.first()).copied().unwrap();
        let mut group = vec![nearest];
        let mut k = nearest;
        // "Poland, Estonia and Lithuania": a list joined by commas before its "and".
        let mut joined = false;
        let comma_joined = |k: usize| states[k].tok >= 1 && low[states[k].tok - 1] == "," && states[k - 1].last + 2 == states[k].tok;
        while k > 0 && agent_idx.contains(&(k - 1)) && (states[k].prep.as_deref() == Some("and") || joined && comma_joined(k)) {
            joined |= states[k].prep.as_deref() == Some("and");
            group.push(k - 1);
            k -= 1;
        }
        let mut k = nearest;
        while agent_idx.contains(&(k + 1)) && states[k + 1].prep.as_deref() == Some("and") {
            group.push(k + 1);
            k += 1;
        }
        group.sort();
        group
    };
    for i in keep {
        push(&mut agent, &states[i].iso3);
    }
    for (i, s) in states.iter().enumerate() {
        if assigned[i] == Role::Patient {
            push(&mut patient, &s.iso3);
        }
    }
    // An actor that is also its own target is only the actor.
    patient.retain(|p| !agent.contains(p) || agent.len() > 1);
    (agent, patient)
}

/// Evidence: the clause, cut to the quote content when the trigger is quoted.
fn evidence_span(text: &str, clause: Span, quotes: &[Found], pos: usize) -> Span {
    let mut span = clause;
    if let Some(q) = quotes.iter().filter(|q| q.span.start <= pos && pos < q.span.end).min_by_key(|q| q.span.len()) {
        span = Span::new(span.start.max(q.span.start), span.end.min(q.span.end));
    }
    let s = &text[span.start..span.end];
    let trimmed = s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';'));
    let mut lead = s.len() - s.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';')).len();
    // "…and that any waiver would be decided": the joining words are not the claim.
    if s[lead..].starts_with("and that ") {
        lead += "and that ".len();
    }
    Span::new(span.start + lead, span.start + trimmed.len().max(lead))
}

/// One event per distinct fact and source: restatements merge, keeping the
/// most precise time, value and quantity and the longest evidence.
fn merge(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for e in events {
        let same = out.iter_mut().find(|x| {
            x.kind == e.kind
                && x.polarity == e.polarity
                && x.modality == e.modality
                && x.supplier == e.supplier
                && x.recipient == e.recipient
                && x.system == e.system
                && x.attributed_to == e.attributed_to
                && dossier_model::times_compatible(x.time.as_deref(), e.time.as_deref())
                && batches_agree(x.batch.as_deref(), e.batch.as_deref())
                && x.value.as_ref().zip(e.value.as_ref()).is_none_or(|(a, b)| (a.amount - b.amount).abs() <= 0.02 * a.amount.max(b.amount) && a.currency == b.currency)
        });
        match same {
            Some(x) => {
                if precision(&e.time) > precision(&x.time) {
                    x.time = e.time.clone();
                }
                if x.value.is_none() {
                    x.value = e.value.clone();
                }
                if x.quantity.is_none() {
                    x.quantity = e.quantity.clone();
                }
                if x.batch.is_none() || x.batch.as_deref() == Some("additional") {
                    x.batch = e.batch.clone().or(x.batch.take());
                }
            }
            None => out.push(e),
        }
    }
    out
}

/// A small count in digits or words, written with a hyphen too: "forty-two".
fn small_count(w: &str) -> Option<f64> {
    crate::amounts::small_count(w).or_else(|| {
        let (tens, units) = w.split_once('-')?;
        let tens = crate::amounts::small_count(tens).filter(|t| *t >= 20.0 && *t < 100.0 && *t % 10.0 == 0.0 && !tens.bytes().all(|b| b.is_ascii_digit()))?;
        let units = crate::amounts::small_count(units).filter(|u| *u >= 1.0 && *u <= 9.0 && !units.bytes().all(|b| b.is_ascii_digit()))?;
        Some(tens + units)
    })
}

/// A number of units written as a word ("six", "a dozen") or with at most
/// three digits ("24"; not a year or a price).
fn unit_count(w: &str) -> Option<f64> {
    small_count(w).or_else(|| (w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit())).then(|| w.parse::<f64>().ok()).flatten())
}

/// Whether two events' batches may be one: the same, one unknown, or an
/// ordinal told elsewhere as "new" ("has not signed any new contract …,
/// denying reports of a third order").
fn batches_agree(a: Option<&str>, b: Option<&str>) -> bool {
    let later = |x: &str| matches!(x, "second" | "third");
    match (a, b) {
        (Some(a), Some(b)) => a == b || a == "additional" && later(b) || b == "additional" && later(a),
        _ => true,
    }
}

fn precision(t: &Option<String>) -> usize {
    t.as_ref().map_or(0, |t| t.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_may_stand_two_words_before_its_noun() {
        let low = |t: &str| t.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(batch_of(&low("the second egyptian rafale order is worth")).as_deref(), Some("second"));
        assert_eq!(batch_of(&low("a third s-400 contract")).as_deref(), Some("third"));
        assert_eq!(batch_of(&low("the first export order for the naval version")), None);
        assert_eq!(batch_of(&low("its second foreign contract")), None);
        assert_eq!(batch_of(&low("for the first time a contract was signed")), None);
        assert_eq!(batch_of(&low("the first of the new contract")).as_deref(), Some("additional"));
    }

    /// The scan [`paragraph_deal`] replaced, kept to check the index against.
    fn paragraph_deal_by_scan(text: &str, ents: &Entities, gaz: &Gazetteer, start: usize, end: usize) -> Option<DocDeal> {
        let before = || ents.within(Span::new(start, end.max(start))).rev();
        let system = before().find_map(|m| match &m.referent {
            Referent::System { .. } if beaten(text, m.start) => None,
            Referent::System { canonical } => Some(canonical.clone()),
            _ => None,
        })?;
        let supplier = origin_of(gaz, &system);
        let qualifies = |m: &crate::entities::Mention| only_qualifies(text, m);
        let recipient = before().find_map(|m| match &m.referent {
            Referent::Country { iso3, .. } if Some(iso3) != supplier.as_ref() && !qualifies(m) => Some(iso3.clone()),
            _ => None,
        });
        Some(DocDeal { system: Some(system), supplier, recipient, local: true })
    }

    /// The indexed deal of every span between word starts equals the scan's,
    /// on texts that name systems (some beaten by a rival), suppliers,
    /// recipients and states that only qualify others.
    #[test]
    fn indexed_paragraph_deal_equals_the_scan() {
        let words = [
            "Turkey", "Russia", "India", "France", "the", "S-400", "Rafale", "jets", "chose", "over", "bought", "U.S.", "sanctions", "officials", "said", "and", "Greece", "F-16", "Lockheed", "Martin", "Egypt", ".", ",", "Pakistan", "J-10C", "beating", "the", "Su-35", "from", "China",
        ];
        let gaz = gazetteer::default();
        let mut seed = 0x2545f4914f6cdd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut compared = 0;
        let mut found = 0;
        for _ in 0..60 {
            let n = 20 + (next() % 60) as usize;
            let text = (0..n).map(|_| words[(next() % words.len() as u64) as usize]).collect::<Vec<_>>().join(" ");
            let sentences = crate::text::sentences(&text);
            let ents = crate::entities::find(&text, gaz, &sentences);
            let ix = DealIndex::new(&text, &ents);
            let starts: Vec<usize> = std::iter::once(0).chain(text.match_indices(' ').map(|(i, _)| i + 1)).chain(std::iter::once(text.len())).collect();
            for &a in &starts {
                for &b in &starts {
                    let fast = paragraph_deal(&ix, gaz, a, b);
                    let slow = paragraph_deal_by_scan(&text, &ents, gaz, a, b);
                    let key = |d: &Option<DocDeal>| d.as_ref().map(|d| (d.system.clone(), d.supplier.clone(), d.recipient.clone(), d.local));
                    assert_eq!(key(&fast), key(&slow), "{a}..{b} of {text:?}");
                    compared += 1;
                    found += usize::from(fast.is_some_and(|d| d.recipient.is_some()));
                }
            }
        }
        assert!(compared > 10_000 && found > 1_000, "{compared} spans compared, {found} with a recipient");
    }


    /// Every text of the extraction case files.
    fn case_texts() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                let doc: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
                collect_texts(&doc, &mut texts);
            }
        }
        assert!(texts.len() > 500, "case files hold more texts than {}", texts.len());
        texts
    }

    fn collect_texts(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    match v {
                        toml::Value::String(s) if k == "text" || k == "title" => out.push(s.clone()),
                        _ => collect_texts(v, out),
                    }
                }
            }
            toml::Value::Array(a) => a.iter().for_each(|v| collect_texts(v, out)),
            _ => {}
        }
    }

    #[test]
    fn heads_skip_nothing() {
        let mut found = 0;
        for text in case_texts() {
            for s in crate::text::sentences(&text) {
                for clause in clauses(&text, &s) {
                    let toks = tokens(&text, clause);
                    let low: Vec<String> = toks.iter().map(lower).collect();
                    let all = triggers_from(&toks, &low, false);
                    let skipped = triggers_from(&toks, &low, true);
                    let key = |t: &Trigger| (t.kind, t.frame, t.at, t.end, t.passive, t.rule, t.modality, t.polarity);
                    assert_eq!(all.iter().map(key).collect::<Vec<_>>(), skipped.iter().map(key).collect::<Vec<_>>(), "in {text:?}");
                    found += all.len();
                }
            }
        }
        assert!(found > 300, "the case files hold triggers ({found})");
    }
}
