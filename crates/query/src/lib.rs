//! Read-side views over the store: the reconciled record, the timeline with
//! its filters, the register, conflicts. Shared by the CLI and the server.

use dossier_reconcile::register::Row;
use dossier_reconcile::{Conflict, Deal, Record, Story};
use dossier_store::{Store, StoreError};

/// Filters of the timeline and the register.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub system: Option<String>,
    pub supplier: Option<String>,
    pub recipient: Option<String>,
}

impl Filter {
    pub fn matches(&self, story: &Story) -> bool {
        self.matches_deal(&story.deal)
    }

    pub fn matches_deal(&self, deal: &Deal) -> bool {
        let eq = |want: &Option<String>, have: &str| want.as_ref().is_none_or(|w| dossier_store::match_key(w) == dossier_store::match_key(have));
        eq(&self.system, &deal.system) && eq(&self.supplier, &deal.supplier) && eq(&self.recipient, &deal.recipient)
    }
}

/// Calls `f` with each stored story the filter matches, in deal order, one
/// story in memory at a time.
pub fn for_each_story<E: From<StoreError>>(store: &Store, filter: &Filter, mut f: impl FnMut(Story) -> Result<(), E>) -> Result<(), E> {
    for (id, deal) in store.story_deals()? {
        if filter.matches_deal(&deal) {
            if let Some(story) = store.story(&id)? {
                f(story)?;
            }
        }
    }
    Ok(())
}

/// The stored stories the filter matches, in deal order (what [`timeline`]
/// gives over [`record`], without reading the others or the conflicts).
pub fn stored_timeline(store: &Store, filter: &Filter) -> Result<Vec<Story>, StoreError> {
    let mut out = Vec::new();
    for_each_story(store, filter, |s| {
        out.push(s);
        Ok::<_, StoreError>(())
    })?;
    Ok(out)
}

/// The register of the stored stories the filter matches (what
/// [`register`] gives over [`record`]), built one story at a time: the
/// register is small, the stories it reads need not all fit in memory.
pub fn stored_register(store: &Store, filter: &Filter) -> Result<Vec<Row>, StoreError> {
    let mut rows = Vec::new();
    for_each_story(store, filter, |s| {
        rows.extend(dossier_reconcile::register::row_of(&s));
        Ok::<_, StoreError>(())
    })?;
    Ok(rows)
}

/// Calls `f` with the stored story of each register row the query keeps,
/// in its order, one story in memory at a time (the rows are read a page at
/// a time). A story removed since its row was read is skipped.
pub fn for_each_register_story<E: From<StoreError>>(store: &Store, mut query: dossier_store::RegisterQuery, mut f: impl FnMut(Story) -> Result<(), E>) -> Result<(), E> {
    const PAGE: usize = 256;
    let mut left = query.limit.unwrap_or(usize::MAX);
    while left > 0 {
        query.limit = Some(left.min(PAGE));
        let page = store.register_page(&query)?;
        let n = page.rows.len();
        for (id, _) in page.rows {
            if let Some(story) = store.story(&id)? {
                f(story)?;
            }
        }
        if n < PAGE.min(left) {
            break;
        }
        left -= n;
        query.offset += n;
    }
    Ok(())
}

/// One stored story and its conflicts.
pub fn stored_story(store: &Store, id: &str) -> Result<Option<(Story, Vec<Conflict>)>, StoreError> {
    match store.story(id)? {
        Some(story) => Ok(Some((story, store.stored_conflicts(Some(id))?))),
        None => Ok(None),
    }
}

/// Every stored conflict, in deal order (what [`conflicts`] gives over
/// [`record`], without reading the stories).
pub fn stored_conflicts(store: &Store) -> Result<Vec<Conflict>, StoreError> {
    store.stored_conflicts(None)
}

/// The reconciled record, as ingest keeps it up to date in the store.
pub fn record(store: &Store) -> Result<Record, StoreError> {
    store.stored_record()
}

pub fn timeline(record: &Record, filter: &Filter) -> Vec<Story> {
    record.stories.iter().filter(|s| filter.matches(s)).cloned().collect()
}

pub fn register(record: &Record, filter: &Filter) -> Vec<Row> {
    let stories: Vec<Story> = timeline(record, filter);
    let filtered = Record { stories, conflicts: vec![] };
    dossier_reconcile::register::register(&filtered)
}

pub fn conflicts(record: &Record) -> Vec<Conflict> {
    record.conflicts.clone()
}

/// The order a reader should meet a fact's sources in: first one source for
/// each different account (outlet, speaker, and what it says of time, value,
/// quantity, polarity and modality), then the rest, each part in stored
/// order. The first few of a fact with hundreds of sources then show the
/// range of what is said, not the first documents to say the same.
pub fn reading_order(sources: &[dossier_reconcile::Source]) -> Vec<usize> {
    let mut seen = std::collections::HashSet::new();
    let (mut first, mut rest) = (Vec::new(), Vec::new());
    for (i, s) in sources.iter().enumerate() {
        let money = s.value.as_ref().map(|m| (m.amount.to_bits(), m.currency.as_str()));
        let quantity = s.quantity.as_ref().map(|q| (q.count.to_bits(), q.unit.as_str()));
        let account = (s.outlet.as_deref(), s.attributed_to.as_deref(), s.time.as_deref(), money, quantity, s.polarity, s.modality);
        if seen.insert(account) {
            first.push(i);
        } else {
            rest.push(i);
        }
    }
    first.extend(rest);
    first
}

/// How much of a story to send: at most `sources` sources a fact (in
/// [`reading_order`]), `docs` documents (and register sources), `claims`
/// claims a register field; none: all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StoryCaps {
    pub sources: Option<usize>,
    pub docs: Option<usize>,
    pub claims: Option<usize>,
}

/// A story and its register row as JSON, cut to `caps`: each cut list says
/// how long it was (`n_sources` on each fact, `n_docs`, and the register
/// row's `n_claims` and `n_sources`). With no caps, the story as stored.
pub fn story_json(mut story: Story, caps: StoryCaps) -> serde_json::Value {
    let register = dossier_reconcile::register::row_of(&story);
    let mut totals = Vec::new();
    if let Some(n) = caps.sources {
        for fact in &mut story.facts {
            totals.push(fact.sources.len());
            let order = reading_order(&fact.sources);
            let mut slots: Vec<Option<dossier_reconcile::Source>> = std::mem::take(&mut fact.sources).into_iter().map(Some).collect();
            fact.sources = order.into_iter().take(n).filter_map(|i| slots[i].take()).collect();
        }
    }
    let n_docs = story.docs.len();
    if let Some(n) = caps.docs {
        story.docs.truncate(n);
    }
    let mut json = serde_json::json!({ "story": story, "register": register });
    if caps.sources.is_some() {
        if let Some(facts) = json["story"]["facts"].as_array_mut() {
            for (fact, total) in facts.iter_mut().zip(totals) {
                fact["n_sources"] = total.into();
            }
        }
    }
    if caps.docs.is_some() {
        json["story"]["n_docs"] = n_docs.into();
    }
    if caps.claims.is_some() || caps.docs.is_some() {
        dossier_store::cap_row(&mut json["register"], caps.claims, caps.docs);
    }
    json
}

/// Conflicts as JSON, each with at most `per_value` claims of each value it
/// opposes (every side keeps claims) and, when cut, `n_claims` saying how
/// many it has; none: every claim.
pub fn conflicts_json(conflicts: Vec<Conflict>, per_value: Option<usize>) -> serde_json::Value {
    let Some(n) = per_value else { return serde_json::json!(conflicts) };
    let cut: Vec<serde_json::Value> = conflicts
        .into_iter()
        .map(|mut c| {
            let total = c.claims.len();
            let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
            c.claims.retain(|claim| {
                let kept = seen.entry(claim.value.clone()).or_default();
                *kept += 1;
                *kept <= n
            });
            let mut json = serde_json::json!(c);
            json["n_claims"] = total.into();
            json
        })
        .collect();
    serde_json::Value::Array(cut)
}

/// A page of one fact's sources in [`reading_order`]: `offset` and `limit`
/// count in that order. None when the story has no such fact.
pub fn fact_sources(story: &Story, fact: &str, offset: usize, limit: usize) -> Option<serde_json::Value> {
    let f = story.facts.iter().find(|f| f.id == fact)?;
    let page: Vec<&dossier_reconcile::Source> = reading_order(&f.sources).into_iter().skip(offset).take(limit).map(|i| &f.sources[i]).collect();
    Some(serde_json::json!({ "fact": f.id, "offset": offset, "sources": page, "n_sources": f.sources.len() }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::{Modality, Polarity};
    use dossier_reconcile::Source;

    fn source(doc: &str, outlet: &str, time: Option<&str>, polarity: Polarity) -> Source {
        Source {
            doc: doc.into(),
            outlet: Some(outlet.into()),
            published: None,
            based_on: vec![],
            attributed_to: None,
            time: time.map(String::from),
            evidence: format!("{doc} says so"),
            start: 0,
            end: 5,
            polarity,
            modality: Modality::Fact,
            value: None,
            quantity: None,
        }
    }

    #[test]
    fn a_conflict_cut_short_keeps_every_side() {
        let claim = |doc: &str, value: &str| dossier_reconcile::ConflictClaim {
            doc: doc.into(),
            value: value.into(),
            attributed_to: None,
            published: None,
            evidence: format!("{doc}: {value}"),
            outlet: None,
            start: 0,
            end: 4,
        };
        let conflict = Conflict {
            field: "quantity".into(),
            subject: dossier_reconcile::Subject { supplier: None, recipient: None, system: None, kind: dossier_model::EventType::DealSigned },
            claims: vec![claim("a", "24"), claim("b", "24"), claim("c", "24"), claim("d", "30"), claim("e", "24"), claim("f", "30")],
            explain: "24 or 30".into(),
            story: "s".into(),
        };
        let whole = conflicts_json(vec![conflict.clone()], None);
        assert_eq!(whole, serde_json::json!([conflict]));
        let cut = conflicts_json(vec![conflict], Some(1));
        let docs: Vec<&str> = cut[0]["claims"].as_array().unwrap().iter().map(|c| c["doc"].as_str().unwrap()).collect();
        assert_eq!(docs, ["a", "d"]);
        assert_eq!(cut[0]["n_claims"], 6);
        assert_eq!(cut[0]["explain"], "24 or 30");
    }

    #[test]
    fn a_reader_meets_each_different_account_first() {
        let sources = vec![
            source("d1", "Wire A", Some("2019"), Polarity::Affirmed),
            source("d2", "Wire A", Some("2019"), Polarity::Affirmed),
            source("d3", "Wire A", Some("2019"), Polarity::Affirmed),
            source("d4", "Daily B", Some("2019"), Polarity::Affirmed),
            source("d5", "Wire A", Some("2020"), Polarity::Affirmed),
            source("d6", "Daily B", Some("2019"), Polarity::Affirmed),
            source("d7", "Wire A", Some("2019"), Polarity::Denied),
        ];
        let order = reading_order(&sources);
        let docs: Vec<&str> = order.iter().map(|&i| sources[i].doc.as_str()).collect();
        // Another outlet, another year, a denial: each comes before the repeats.
        assert_eq!(docs, ["d1", "d4", "d5", "d7", "d2", "d3", "d6"]);
        assert!(reading_order(&[]).is_empty());
    }

    #[test]
    fn a_story_cut_short_says_how_much_it_had() {
        let mut listed: Vec<Source> = (0..5).map(|i| source(&format!("d{i}"), "Wire A", None, Polarity::Affirmed)).collect();
        listed.push(source("d9", "Daily B", None, Polarity::Affirmed));
        let fact = dossier_reconcile::Fact {
            id: "f".into(),
            kind: dossier_model::EventType::DealSigned,
            polarity: Polarity::Affirmed,
            modality: Modality::Fact,
            supplier: Some("RUS".into()),
            recipient: Some("EGY".into()),
            system: Some("Su-35".into()),
            time: None,
            first_reported: None,
            batch: None,
            value: None,
            quantity: None,
            sources: listed,
            disputed: vec![],
        };
        let story = Story {
            id: "rus-egy-su-35".into(),
            deal: Deal { supplier: "RUS".into(), recipient: "EGY".into(), system: "Su-35".into() },
            docs: (0..5).map(|i| format!("d{i}")).chain(["d9".to_string()]).collect(),
            facts: vec![fact],
        };
        let whole = story_json(story.clone(), StoryCaps::default());
        assert_eq!(whole["story"], serde_json::to_value(&story).unwrap());
        assert!(whole["story"]["facts"][0].get("n_sources").is_none());
        let cut = story_json(story.clone(), StoryCaps { sources: Some(2), docs: Some(3), claims: Some(1) });
        let f = &cut["story"]["facts"][0];
        assert_eq!(f["n_sources"], 6);
        let docs: Vec<&str> = f["sources"].as_array().unwrap().iter().map(|s| s["doc"].as_str().unwrap()).collect();
        assert_eq!(docs, ["d0", "d9"]);
        assert_eq!(cut["story"]["n_docs"], 6);
        assert_eq!(cut["story"]["docs"].as_array().unwrap().len(), 3);
        assert_eq!(cut["register"]["n_sources"], 6);
        assert_eq!(cut["register"]["sources"].as_array().unwrap().len(), 3);
        assert_eq!(cut["register"]["status"]["claims"].as_array().unwrap().len(), 1);
        assert_eq!(cut["register"]["status"]["n_claims"], 6);
        // Pages of the fact's sources continue where the cut story stops.
        let pages: Vec<String> = (0..4)
            .flat_map(|p| {
                let page = fact_sources(&story, "f", p * 2, 2).unwrap();
                assert_eq!(page["n_sources"], 6);
                page["sources"].as_array().unwrap().iter().map(|s| s["doc"].as_str().unwrap().to_string()).collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(pages, ["d0", "d9", "d1", "d2", "d3", "d4"]);
        assert!(fact_sources(&story, "no such fact", 0, 2).is_none());
    }
}
