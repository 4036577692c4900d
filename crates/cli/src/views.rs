//! Printing the reconciled record for a terminal, a spreadsheet or a script.

use crate::{ConflictsFormat, RegisterFormat, TimelineFormat};
use anyhow::Result;
use dossier_reconcile::register::{Field, Row};
use dossier_reconcile::{Conflict, Fact, Story};
use std::io::Write;

/// Conflicts as `each` gives them, written as they come (see [`print_register`]).
pub fn print_conflicts(format: ConflictsFormat, each: impl FnOnce(&mut dyn FnMut(Conflict) -> Result<()>) -> Result<()>) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        ConflictsFormat::Json => {
            let mut array = PrettyArray::new(&mut out);
            each(&mut |c| array.push(&serde_json::to_string_pretty(&c)?))?;
            writeln!(array.finish()?)?;
        }
        ConflictsFormat::Text => {
            let mut any = false;
            each(&mut |c| {
                any = true;
                writeln!(
                    out,
                    "{} conflict: {} {} → {} {}",
                    c.field.to_uppercase(),
                    c.subject.kind.as_str(),
                    c.subject.supplier.as_deref().unwrap_or("?"),
                    c.subject.recipient.as_deref().unwrap_or("?"),
                    c.subject.system.as_deref().unwrap_or("")
                )?;
                writeln!(out, "  {}", c.explain)?;
                for cl in &c.claims {
                    writeln!(
                        out,
                        "  - [{}] {} ({}, {}{}): \"{}\"",
                        cl.value,
                        cl.doc,
                        cl.outlet.as_deref().unwrap_or("unknown outlet"),
                        cl.published.as_deref().unwrap_or("undated"),
                        cl.attributed_to.as_deref().map(|a| format!(", {a}")).unwrap_or_default(),
                        cl.evidence
                    )?;
                }
                writeln!(out)?;
                Ok(())
            })?;
            if !any {
                writeln!(out, "No contradictions between sources.")?;
            }
        }
    }
    Ok(())
}

fn fact_line(f: &Fact) -> String {
    // An undated fact shows the day it was first reported: "by 2022-02-10".
    let when = match (&f.time, &f.first_reported) {
        (Some(t), _) => t.clone(),
        (None, Some(r)) => format!("by {r}"),
        (None, None) => "undated".to_string(),
    };
    let mut s = format!("{when:<13} {}", f.kind.as_str());
    if f.polarity == dossier_model::Polarity::Denied {
        s.push_str(" (denied)");
    }
    match f.modality {
        dossier_model::Modality::Planned => s.push_str(" (planned)"),
        dossier_model::Modality::Threat => s.push_str(" (threatened)"),
        dossier_model::Modality::Fact => {}
    }
    if let Some(b) = &f.batch {
        s.push_str(&format!(", {b} batch"));
    }
    if f.supplier.is_some() || f.recipient.is_some() {
        s.push_str(&format!(" {}→{}", f.supplier.as_deref().unwrap_or("?"), f.recipient.as_deref().unwrap_or("?")));
    }
    if let Some(sys) = &f.system {
        s.push_str(&format!(" {sys}"));
    }
    if let Some(v) = &f.value {
        s.push_str(&format!(", {} {}", dossier_reconcile::fmt_number(v.amount), v.currency));
    }
    if let Some(q) = &f.quantity {
        s.push_str(&format!(", {}", dossier_reconcile::register::count_of(q.count, &q.unit)));
    }
    if !f.disputed.is_empty() {
        s.push_str(&format!("  [DISPUTED: {}]", f.disputed.join(", ")));
    }
    s
}

/// A JSON array written one element at a time, byte for byte as
/// `serde_json::to_writer_pretty` writes the whole array: a long listing
/// need not be held in memory.
struct PrettyArray<W: Write> {
    out: W,
    n: usize,
}

impl<W: Write> PrettyArray<W> {
    fn new(out: W) -> Self {
        PrettyArray { out, n: 0 }
    }

    /// Adds one element, given as `serde_json::to_string_pretty` wrote it.
    fn push(&mut self, json: &str) -> Result<()> {
        self.out.write_all(if self.n == 0 { b"[\n" } else { b",\n" })?;
        // Pretty JSON escapes every newline inside strings: each line is a
        // line of structure, indented one level more inside the array.
        for (i, line) in json.split('\n').enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
            }
            self.out.write_all(b"  ")?;
            self.out.write_all(line.as_bytes())?;
        }
        self.n += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<W> {
        self.out.write_all(if self.n == 0 { b"[]" } else { b"\n]" })?;
        Ok(self.out)
    }
}

/// Stories as `each` gives them, one at a time (see [`print_register`]).
/// Stories as `each` gives them, each fact with at most `sources` sources
/// (in [`dossier_query::reading_order`]) when given.
pub fn print_timeline(format: TimelineFormat, sources: Option<usize>, each: impl FnOnce(&mut dyn FnMut(Story) -> Result<()>) -> Result<()>) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if format == TimelineFormat::Json {
        let mut array = PrettyArray::new(&mut out);
        each(&mut |s| match sources {
            None => array.push(&serde_json::to_string_pretty(&s)?),
            Some(n) => {
                let caps = dossier_query::StoryCaps { sources: Some(n), ..Default::default() };
                array.push(&serde_json::to_string_pretty(&dossier_query::story_json(s, caps)["story"])?)
            }
        })?;
        writeln!(array.finish()?)?;
        return Ok(());
    }
    let mut any = false;
    each(&mut |s| {
        any = true;
        print_story(&mut out, &s, sources)
    })?;
    if !any {
        writeln!(out, "No deals found.")?;
    }
    Ok(())
}

fn print_story(out: &mut impl Write, s: &Story, sources: Option<usize>) -> Result<()> {
    writeln!(out, "{} → {}: {}   ({} document(s))", s.deal.supplier, s.deal.recipient, s.deal.system, s.docs.len())?;
    for f in &s.facts {
        writeln!(out, "  {}", fact_line(f))?;
        let order: Vec<usize> = match sources {
            None => (0..f.sources.len()).collect(),
            Some(n) => dossier_query::reading_order(&f.sources).into_iter().take(n).collect(),
        };
        for &i in &order {
            let src = &f.sources[i];
            writeln!(
                out,
                "      {} ({}, {}){}: \"{}\"",
                src.doc,
                src.outlet.as_deref().unwrap_or("unknown outlet"),
                src.published.as_deref().unwrap_or("undated"),
                src.attributed_to.as_deref().map(|a| format!(" according to {a}")).unwrap_or_default(),
                clip(&src.evidence, 110)
            )?;
        }
        if order.len() < f.sources.len() {
            writeln!(out, "      … and {} more source(s)", f.sources.len() - order.len())?;
        }
    }
    writeln!(out)?;
    Ok(())
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

fn show(f: &Field) -> String {
    match (&f.value, f.disputed) {
        (None, _) => "-".into(),
        (Some(v), false) => v.clone(),
        (Some(v), true) if f.values.is_empty() => format!("{v} (DISPUTED)"),
        (Some(v), true) if !f.values.contains(v) => format!("{v} (DISPUTED: {})", f.values.join(" / ")),
        (Some(_), true) => format!("DISPUTED: {}", f.values.join(" / ")),
    }
}

/// A register field as the table shows it: [`show`], and where sources
/// give an order's count, year or value differently without disputing
/// each other (two contracts, a framework's bound), the others too: "180
/// tanks (also: 1,000 tanks)". Counts delivered are batches, not
/// alternatives, and are left as they are.
fn show_told(name: &str, f: &Field) -> String {
    // A count told with another noun ("24 jets", "24 fighter jets") is the same count.
    let count = |v: &str| v.split(' ').next().unwrap_or_default().to_string();
    let shown = f.value.as_deref().map(count);
    let others: Vec<&str> =
        f.values.iter().filter(|v| Some(*v) != f.value.as_ref() && (name != "number_ordered" || Some(count(v)) != shown)).map(String::as_str).collect();
    if f.disputed || others.is_empty() || f.value.is_none() || !matches!(name, "number_ordered" | "year_of_order" | "value") {
        return show(f);
    }
    format!("{} (also: {})", show(f), others.join(" / "))
}

/// The documents behind a register field: "[a, c]".
fn docs_of(f: &Field) -> String {
    let docs: std::collections::BTreeSet<&str> = f.claims.iter().map(|c| c.doc.as_str()).collect();
    if docs.is_empty() {
        String::new()
    } else {
        format!("[{}]", docs.into_iter().collect::<Vec<_>>().join(", "))
    }
}

/// A row's further orders in one cell: "second batch: 180 tanks, 2025,
/// 6.5 billion USD, ordered" (fields no source gives left out; orders
/// apart by " | ").
fn later_orders(r: &Row) -> String {
    let order = |o: &dossier_reconcile::register::Order| {
        let fields: Vec<String> = o.fields().iter().filter(|(_, f)| f.value.is_some() || f.disputed).map(|(_, f)| show(f)).collect();
        format!("{} batch: {}", o.batch, fields.join(", "))
    };
    r.later_orders.iter().map(order).collect::<Vec<_>>().join(" | ")
}

/// Register rows as `each` gives them, written as they come: the rows of a
/// large database need not all be in memory at once.
pub fn print_register(format: RegisterFormat, each: impl FnOnce(&mut dyn FnMut(Row) -> Result<()>) -> Result<()>) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        RegisterFormat::Json => {
            let mut array = PrettyArray::new(&mut out);
            each(&mut |r| array.push(&serde_json::to_string_pretty(&r)?))?;
            writeln!(array.finish()?)?;
        }
        RegisterFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            let mut header = vec!["supplier", "recipient", "designation", "description"];
            header.extend(Row::FIELDS);
            header.extend(["disputed_fields", "comments", "sources", "later_orders"]);
            w.write_record(header)?;
            each(&mut |r| {
                let disputed: Vec<&str> = r.fields().iter().filter(|(_, f)| f.disputed).map(|(n, _)| *n).collect();
                let mut record = vec![r.supplier.clone(), r.recipient.clone(), r.designation.clone(), r.description.clone().unwrap_or_default()];
                record.extend(r.fields().iter().map(|(_, f)| show(f)));
                record.extend([disputed.join(" "), r.comments.clone(), r.sources.join("; "), later_orders(&r)]);
                w.write_record(&record)?;
                Ok(())
            })?;
            w.flush()?;
        }
        RegisterFormat::Table => {
            let mut any = false;
            each(&mut |r| {
                any = true;
                writeln!(out, "{} → {}: {} ({})", r.supplier, r.recipient, r.designation, r.description.as_deref().unwrap_or("unknown class"))?;
                for (name, f) in r.fields() {
                    writeln!(out, "  {:<18} {:<40} {}", name.replace('_', " "), show_told(name, f), docs_of(f))?;
                }
                for o in &r.later_orders {
                    writeln!(out, "  {} batch", o.batch)?;
                    for (name, f) in o.fields() {
                        writeln!(out, "    {:<16} {:<40} {}", name.replace('_', " "), show_told(name, f), docs_of(f))?;
                    }
                }
                if !r.comments.is_empty() {
                    writeln!(out, "  {:<18} {}", "comments", r.comments)?;
                }
                writeln!(out, "  {:<18} {}", "sources", r.sources.join(", "))?;
                writeln!(out)?;
                Ok(())
            })?;
            if !any {
                writeln!(out, "No deals found.")?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{show_told, PrettyArray};
    use dossier_reconcile::register::Field;

    #[test]
    fn an_orders_other_undisputed_values_are_shown_beside_it() {
        let field = |value: Option<&str>, values: &[&str], disputed: bool| Field {
            value: value.map(String::from),
            disputed,
            values: values.iter().map(|v| v.to_string()).collect(),
            claims: Vec::new(),
        };
        let two = field(Some("180 tanks"), &["180 tanks", "1,000 tanks"], false);
        assert_eq!(show_told("number_ordered", &two), "180 tanks (also: 1,000 tanks)");
        assert_eq!(show_told("year_of_order", &field(Some("2019"), &["2021", "2019", "2025"], false)), "2019 (also: 2021 / 2025)");
        let nouns = field(Some("24 fighter jets"), &["24 fighter jets", "24 jets", "12 jets"], false);
        assert_eq!(show_told("number_ordered", &nouns), "24 fighter jets (also: 12 jets)");
        // Counts delivered are batches; a dispute shows every side anyway;
        // one value is only itself.
        assert_eq!(show_told("number_delivered", &two), "180 tanks");
        assert_eq!(show_told("number_ordered", &field(Some("180 tanks"), &["180 tanks", "1,000 tanks"], true)), "DISPUTED: 180 tanks / 1,000 tanks");
        assert_eq!(show_told("value", &field(Some("2 billion USD"), &[], false)), "2 billion USD");
        assert_eq!(show_told("value", &field(None, &[], false)), "-");
    }

    /// Written element by element, an array is what serde_json writes whole.
    #[test]
    fn a_pretty_array_written_element_by_element_equals_the_whole() {
        let values: Vec<serde_json::Value> = vec![
            serde_json::json!({"a": 1, "b": [1, 2, {"c": "two\nlines"}], "d": [], "e": {}}),
            serde_json::json!("a string with \"quotes\" and a\nnewline"),
            serde_json::json!([[], [1], {"x": null}]),
        ];
        for n in 0..=values.len() {
            let mut array = PrettyArray::new(Vec::new());
            for v in &values[..n] {
                array.push(&serde_json::to_string_pretty(v).unwrap()).unwrap();
            }
            let streamed = array.finish().unwrap();
            let whole = serde_json::to_vec_pretty(&values[..n]).unwrap();
            assert_eq!(String::from_utf8(streamed).unwrap(), String::from_utf8(whole).unwrap(), "{n} elements");
        }
    }
}
