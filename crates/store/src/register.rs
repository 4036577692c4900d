//! The deal register as the store keeps it beside the stories: one entry a
//! deal with what the register's pages filter and sort on, and the row with
//! a few claims a field, so that a page of the register reads a page of
//! rows instead of rebuilding every row from every story (the stories of a
//! large corpus run to hundreds of megabytes).

use crate::{Dialect, Result};
use dossier_reconcile::register::{row_of, Row};
use dossier_reconcile::Story;
use serde_json::Value;

/// Claims a field keeps in a stored row (a row tells how many it has).
pub const REGISTER_CLAIMS: usize = 8;
/// Sources a stored row keeps (it tells how many it has).
pub const REGISTER_SOURCES: usize = 12;

/// The columns the register sorts by, as the API names them. Each is
/// stored as `k_<name>`.
pub const REGISTER_SORTS: &[&str] = &[
    "deal",
    "designation",
    "description",
    "number_ordered",
    "year_of_order",
    "years_of_delivery",
    "number_delivered",
    "value",
    "status",
    "sources",
];

/// Words of a text filter read at most: every one must appear.
pub const REGISTER_WORDS: usize = 16;

/// A register row as stored: its story and deal, the deal's names as
/// filters compare them, whether a field is disputed, a sort key for each
/// of [`REGISTER_SORTS`], the lower-case text the text filter searches, and
/// the row (JSON) with at most [`REGISTER_CLAIMS`] claims a field and
/// [`REGISTER_SOURCES`] sources.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RegisterEntry {
    pub story: String,
    pub deal: dossier_reconcile::Deal,
    pub matched: [String; 3],
    pub disputed: bool,
    pub keys: Vec<Option<String>>,
    pub search: String,
    pub json: String,
}

impl RegisterEntry {
    /// The entry of a story's register row (none when the story has no row).
    pub fn of(story: &Story) -> Result<Option<RegisterEntry>> {
        let Some(mut row) = row_of(story) else { return Ok(None) };
        let disputed = row.fields().iter().any(|(_, f)| f.disputed) || row.later_orders.iter().any(|o| o.fields().iter().any(|(_, f)| f.disputed));
        let (keys, search) = (sort_keys(&row), search_text(&row));
        // Cut short before serialising (what `cap_row` does to the JSON of
        // the whole row): a deal of a large corpus has thousands of claims.
        let n_sources = row.sources.len();
        row.sources.truncate(REGISTER_SOURCES);
        let mut n_claims = Vec::new();
        for (name, field) in row.fields_mut() {
            n_claims.push((name, field.claims.len()));
            field.claims.truncate(REGISTER_CLAIMS);
        }
        let mut order_claims = Vec::new();
        for order in &mut row.later_orders {
            let mut n = Vec::new();
            for (name, field) in order.fields_mut() {
                n.push((name, field.claims.len()));
                field.claims.truncate(REGISTER_CLAIMS);
            }
            order_claims.push(n);
        }
        let mut json = serde_json::to_value(&row)?;
        for (name, n) in n_claims {
            json[name]["n_claims"] = n.into();
        }
        for (i, n) in order_claims.into_iter().enumerate() {
            for (name, n) in n {
                json["later_orders"][i][name]["n_claims"] = n.into();
            }
        }
        json["n_sources"] = n_sources.into();
        let d = &story.deal;
        Ok(Some(RegisterEntry {
            story: story.id.clone(),
            deal: d.clone(),
            matched: [match_key(&d.supplier), match_key(&d.recipient), match_key(&d.system)],
            disputed,
            keys,
            search,
            json: json.to_string(),
        }))
    }
}

/// A name as the deal filters compare it: "S-400", "s400" and "S 400" match.
pub fn match_key(s: &str) -> String {
    s.to_lowercase().replace(['-', ' '], "")
}

/// The sort keys of a row, in the order of [`REGISTER_SORTS`]: a number
/// ("2.5 billion USD", "192 missiles", "2019; 2021") sorts by its value,
/// before any text; text sorts in lower case; an empty field has none.
fn sort_keys(row: &Row) -> Vec<Option<String>> {
    use dossier_reconcile::register::country_name;
    let mut keys = vec![
        Some(format!("1{} {}", country_name(&row.supplier), country_name(&row.recipient)).to_lowercase()),
        value_key(Some(&row.designation)),
        value_key(row.description.as_deref()),
    ];
    keys.extend(row.fields().iter().map(|(_, f)| value_key(f.value.as_deref())));
    keys.push(Some(number_key(row.sources.len() as f64)));
    keys
}

/// The sort key of a register value (see [`sort_keys`]).
pub(crate) fn value_key(text: Option<&str>) -> Option<String> {
    let text = text.filter(|t| !t.is_empty())?;
    let number_end = text.char_indices().find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || c == ',' || (i == 0 && c == '-'))).map_or(text.len(), |(i, _)| i);
    let number: Option<f64> = text[..number_end].replace(',', "").parse().ok().filter(|n: &f64| n.is_finite());
    match number {
        Some(n) => {
            let rest = text[number_end..].trim_start().to_lowercase();
            let scale = [("trillion", 1e12), ("billion", 1e9), ("million", 1e6), ("thousand", 1e3)]
                .iter()
                .find(|(w, _)| rest.starts_with(w))
                .map_or(1.0, |&(_, s)| s);
            Some(number_key(n * scale))
        }
        None => Some(format!("1{}", text.to_lowercase())),
    }
}

/// A number as text that sorts as the number does, before every text key:
/// "0" and the bits of the float made to compare as unsigned integers.
fn number_key(n: f64) -> String {
    let n = if n == 0.0 { 0.0 } else { n }; // -0 and 0 sort together
    let bits = n.to_bits();
    let ordered = if bits >> 63 == 1 { !bits } else { bits | (1 << 63) };
    format!("0{ordered:016x}")
}

/// What the register's text filter searches: the deal's codes and names,
/// the system, every field's values, comments and sources, in lower case.
fn search_text(row: &Row) -> String {
    use dossier_reconcile::register::country_name;
    let mut parts: Vec<&str> = vec![&row.supplier, &row.recipient, country_name(&row.supplier), country_name(&row.recipient), &row.designation];
    parts.extend(row.description.as_deref());
    parts.push(&row.comments);
    for (_, f) in row.fields().into_iter().chain(row.later_orders.iter().flat_map(|o| o.fields())) {
        parts.extend(f.value.as_deref());
        parts.extend(f.values.iter().map(String::as_str));
    }
    parts.extend(row.sources.iter().map(String::as_str));
    parts.retain(|p| !p.is_empty());
    parts.join("\n").to_lowercase()
}

/// Keeps at most `claims` claims in each field of a register row (JSON) and
/// at most `sources` sources, and says how many there were (`n_claims` in
/// each field, `n_sources`); `None` keeps them all.
pub fn cap_row(row: &mut Value, claims: Option<usize>, sources: Option<usize>) {
    let Some(fields) = row.as_object_mut() else { return };
    // A further order's fields are cut as the row's are.
    if let Some(Value::Array(orders)) = fields.get_mut("later_orders") {
        for order in orders {
            cap_row(order, claims, None);
        }
    }
    if let Some(n) = claims {
        for field in fields.values_mut() {
            let Some(field) = field.as_object_mut() else { continue };
            let Some(len) = field.get("claims").and_then(Value::as_array).map(Vec::len) else { continue };
            let total = field.get("n_claims").and_then(Value::as_u64).map_or(len, |t| t as usize);
            if let Some(Value::Array(list)) = field.get_mut("claims") {
                list.truncate(n);
            }
            field.insert("n_claims".into(), total.into());
        }
    }
    if let Some(n) = sources {
        let total = fields.get("n_sources").and_then(Value::as_u64).map(|t| t as usize);
        if let Some(Value::Array(list)) = fields.get_mut("sources") {
            let total = total.unwrap_or(list.len());
            list.truncate(n);
            fields.insert("n_sources".into(), total.into());
        }
    }
}

/// Which register rows, in what order, which page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegisterQuery {
    pub supplier: Option<String>,
    pub recipient: Option<String>,
    pub system: Option<String>,
    /// Words that must all appear in a row (any case).
    pub words: Vec<String>,
    /// Only rows with a disputed field.
    pub disputed: bool,
    /// One of [`REGISTER_SORTS`]; none: deal order (supplier, recipient,
    /// system codes), the order of every other listing.
    pub sort: Option<String>,
    pub descending: bool,
    /// At most this many rows (none: every one).
    pub limit: Option<usize>,
    pub offset: usize,
}

/// A page of the register: the rows the query keeps (how many in all),
/// and for each row of the page its story and its stored row (JSON).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegisterPage {
    pub total: usize,
    pub rows: Vec<(String, String)>,
}

/// How the register divides: how many deals, how many with a disputed
/// field, and the deals of each supplier, recipient and system.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegisterFacets {
    pub deals: usize,
    pub disputed: usize,
    pub suppliers: Vec<(String, usize)>,
    pub recipients: Vec<(String, usize)>,
    pub systems: Vec<(String, usize)>,
}

impl RegisterQuery {
    /// Whether `sort` names a column the register sorts by.
    pub fn sort_is_known(&self) -> bool {
        self.sort.as_deref().is_none_or(|s| REGISTER_SORTS.contains(&s))
    }

    /// The query's conditions (`WHERE` with `?` placeholders), its order
    /// and its arguments. An unknown sort column sorts in deal order.
    pub(crate) fn sql(&self, dialect: Dialect) -> (String, String, Vec<String>) {
        let c = if dialect == Dialect::Postgres { r#" COLLATE "C""# } else { "" };
        let mut sql = String::from("WHERE 1 = 1");
        let mut args = Vec::new();
        for (col, v) in [("m_supplier", &self.supplier), ("m_recipient", &self.recipient), ("m_system", &self.system)] {
            if let Some(v) = v {
                sql.push_str(&format!(" AND {col} = ?"));
                args.push(match_key(v));
            }
        }
        if self.disputed {
            sql.push_str(" AND disputed = 1");
        }
        for w in self.words.iter().take(REGISTER_WORDS) {
            sql.push_str(if dialect == Dialect::Postgres { " AND strpos(search, ?) > 0" } else { " AND instr(search, ?) > 0" });
            args.push(w.to_lowercase());
        }
        let deal = format!("supplier{c}, recipient{c}, system{c}");
        let order = match self.sort.as_deref().filter(|s| REGISTER_SORTS.contains(s)) {
            Some(s) => {
                let dir = if self.descending { " DESC" } else { "" };
                // Rows without a value last either way; ties in deal order.
                format!("ORDER BY (k_{s} IS NULL), k_{s}{c}{dir}, {deal}")
            }
            None if self.descending => format!("ORDER BY supplier{c} DESC, recipient{c} DESC, system{c} DESC"),
            None => format!("ORDER BY {deal}"),
        };
        (sql, order, args)
    }
}

/// The statement that reads a story's entry, columns in the order of
/// [`insert_sql`], with one `?` for the story.
pub(crate) fn select_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let keys: Vec<String> = REGISTER_SORTS.iter().map(|s| format!("k_{s}")).collect();
        format!(
            "SELECT story, supplier, recipient, system, m_supplier, m_recipient, m_system, disputed, {}, search, json FROM register WHERE story = ?",
            keys.join(", ")
        )
    })
}

/// The statement that writes an entry, with `?` placeholders, in the
/// order of the entry's fields (story, deal, matched names, disputed, sort
/// keys, search text, row).
pub(crate) fn insert_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let keys: Vec<String> = REGISTER_SORTS.iter().map(|s| format!("k_{s}")).collect();
        format!(
            "INSERT INTO register (story, supplier, recipient, system, m_supplier, m_recipient, m_system, disputed, {}, search, json) VALUES ({})",
            keys.join(", "),
            vec!["?"; 10 + keys.len()].join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_keys_sort_as_numbers_before_text() {
        let values = ["-3", "-0.5", "0", "2", "2.5", "12", "1,000", "2.5 billion USD", "3 trillion", "Cancelled", "ordered"];
        let keys: Vec<String> = values.iter().map(|v| value_key(Some(v)).unwrap()).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(sorted, keys, "{values:?}");
        assert_eq!(value_key(Some("2019; 2021")), value_key(Some("2019")));
        assert_eq!(value_key(Some("-0")), value_key(Some("0")));
        assert!(value_key(Some("ordered")).unwrap() > value_key(Some("9 billion")).unwrap());
        assert!(value_key(Some("Cancelled")).unwrap() < value_key(Some("ordered")).unwrap());
        assert_eq!(value_key(Some("")), None);
        assert_eq!(value_key(None), None);
        // A dot or comma alone is no number.
        assert_eq!(value_key(Some(". x")), Some("1. x".into()));
    }

    #[test]
    fn rows_are_capped_and_say_how_much_they_had() {
        let mut row = serde_json::json!({
            "story": "s",
            "value": { "value": "1", "claims": [1, 2, 3] },
            "status": { "value": "ordered", "claims": [] },
            "sources": ["a", "b", "c"],
        });
        cap_row(&mut row, Some(2), Some(1));
        assert_eq!(row["value"]["claims"], serde_json::json!([1, 2]));
        assert_eq!(row["value"]["n_claims"], 3);
        assert_eq!(row["status"]["n_claims"], 0);
        assert_eq!(row["sources"], serde_json::json!(["a"]));
        assert_eq!(row["n_sources"], 3);
        // Capping a capped row again keeps the first counts.
        cap_row(&mut row, Some(1), Some(0));
        assert_eq!(row["value"]["claims"], serde_json::json!([1]));
        assert_eq!(row["value"]["n_claims"], 3);
        assert_eq!(row["n_sources"], 3);
        // None keeps everything and adds nothing.
        let before = row.clone();
        cap_row(&mut row, None, None);
        assert_eq!(row, before);
    }

    /// A story of many sources: its stored row is the whole row cut short
    /// as `cap_row` cuts it, and it is searched and sorted on everything.
    #[test]
    fn a_stored_row_is_the_whole_row_cut_short() {
        use dossier_model::{Basis, Document, Provenance};
        let docs: Vec<Document> = (0..30)
            .map(|i| {
                let text = format!("Russia delivered {} S-400 launchers to Turkey in July 2019, the defence ministry said on Monday.", 4 + i % 3);
                let x = dossier_extract::analyze(&text, &dossier_extract::Context { published: Some("2020-01-01"), ..Default::default() });
                Document {
                    id: format!("r{i:02}"),
                    url: None,
                    title: None,
                    outlet: Some(format!("Outlet {}", i % 4)),
                    based_on: vec![],
                    published: Some("2020-01-01".into()),
                    published_basis: Some(Basis::Text),
                    duplicate_of: None,
                    text,
                    entities: x.entities,
                    quotes: x.quotes,
                    events: x.events,
                    amounts: x.amounts,
                    provenance: Provenance::default(),
                    times: x.times,
                }
            })
            .collect();
        let record = dossier_reconcile::reconcile(&docs);
        let story = record.stories.iter().find(|s| s.deal.system == "S-400").expect("a story of the deal");
        let entry = RegisterEntry::of(story).unwrap().expect("a register row");
        let row = row_of(story).unwrap();
        assert_eq!(row.sources.len(), 30);
        let mut want = serde_json::to_value(&row).unwrap();
        cap_row(&mut want, Some(REGISTER_CLAIMS), Some(REGISTER_SOURCES));
        assert_eq!(serde_json::from_str::<Value>(&entry.json).unwrap(), want);
        assert_eq!(want["n_sources"], 30);
        assert_eq!(want["number_delivered"]["claims"].as_array().unwrap().len(), REGISTER_CLAIMS);
        assert!(want["number_delivered"]["n_claims"].as_u64().unwrap() > REGISTER_CLAIMS as u64);
        // Every source is searched, not only those kept.
        assert!(entry.search.contains("r29") && entry.search.contains("outlet 3") && entry.search.contains("turkey"), "{}", entry.search);
        assert!(entry.disputed, "4, 5 and 6 launchers delivered");
        assert_eq!(entry.keys[REGISTER_SORTS.iter().position(|s| *s == "sources").unwrap()], Some(number_key(30.0)));
        assert_eq!(entry.matched, ["rus".to_string(), "tur".into(), "s400".into()]);
    }

    #[test]
    fn the_sql_reads_only_known_sort_columns() {
        let q = RegisterQuery { sort: Some("k_deal; DROP TABLE stories".into()), ..Default::default() };
        assert!(!q.sort_is_known());
        let (_, order, _) = q.sql(Dialect::Sqlite);
        assert_eq!(order, "ORDER BY supplier, recipient, system");
        let q = RegisterQuery { sort: Some("value".into()), descending: true, words: vec!["S-400".into()], supplier: Some("Rus".into()), ..Default::default() };
        let (sql, order, args) = q.sql(Dialect::Postgres);
        assert_eq!(sql, "WHERE 1 = 1 AND m_supplier = ? AND strpos(search, ?) > 0");
        assert_eq!(args, vec!["rus".to_string(), "s-400".to_string()]);
        assert!(order.starts_with(r#"ORDER BY (k_value IS NULL), k_value COLLATE "C" DESC"#), "{order}");
    }
}
