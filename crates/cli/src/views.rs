//! Printing the reconciled record for a terminal, a spreadsheet or a script.

use crate::{ConflictsFormat, RegisterFormat, TimelineFormat};
use anyhow::Result;
use dossier_reconcile::register::{Field, Row};
use dossier_reconcile::{Conflict, Fact, Story};
use std::io::Write;

pub fn print_conflicts(conflicts: &[Conflict], format: ConflictsFormat) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        ConflictsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, conflicts)?;
            writeln!(out)?;
        }
        ConflictsFormat::Text => {
            if conflicts.is_empty() {
                writeln!(out, "No contradictions between sources.")?;
            }
            for c in conflicts {
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
            }
        }
    }
    Ok(())
}

fn fact_line(f: &Fact) -> String {
    let mut s = format!(
        "{:<11} {}",
        f.time.as_deref().unwrap_or("undated"),
        f.kind.as_str()
    );
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
        s.push_str(&format!(", {} {}", q.count, q.unit));
    }
    if !f.disputed.is_empty() {
        s.push_str(&format!("  [DISPUTED: {}]", f.disputed.join(", ")));
    }
    s
}

pub fn print_timeline(stories: &[Story], format: TimelineFormat) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if format == TimelineFormat::Json {
        serde_json::to_writer_pretty(&mut out, stories)?;
        writeln!(out)?;
        return Ok(());
    }
    if stories.is_empty() {
        writeln!(out, "No deals found.")?;
    }
    for s in stories {
        writeln!(out, "{} → {}: {}   ({} document(s))", s.deal.supplier, s.deal.recipient, s.deal.system, s.docs.len())?;
        for f in &s.facts {
            writeln!(out, "  {}", fact_line(f))?;
            for src in &f.sources {
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
        }
        writeln!(out)?;
    }
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

pub fn print_register(rows: &[Row], format: RegisterFormat) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        RegisterFormat::Json => {
            serde_json::to_writer_pretty(&mut out, rows)?;
            writeln!(out)?;
        }
        RegisterFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "supplier", "recipient", "designation", "description", "number_ordered", "year_of_order", "years_of_delivery",
                "number_delivered", "value", "status", "disputed_fields", "comments", "sources",
            ])?;
            for r in rows {
                let disputed: Vec<&str> = [
                    ("number_ordered", &r.number_ordered),
                    ("year_of_order", &r.year_of_order),
                    ("number_delivered", &r.number_delivered),
                    ("value", &r.value),
                    ("status", &r.status),
                ]
                .iter()
                .filter(|(_, f)| f.disputed)
                .map(|(n, _)| *n)
                .collect();
                w.write_record([
                    r.supplier.as_str(),
                    &r.recipient,
                    &r.designation,
                    r.description.as_deref().unwrap_or(""),
                    &show(&r.number_ordered),
                    &show(&r.year_of_order),
                    &show(&r.years_of_delivery),
                    &show(&r.number_delivered),
                    &show(&r.value),
                    &show(&r.status),
                    &disputed.join(" "),
                    &r.comments,
                    &r.sources.join("; "),
                ])?;
            }
            w.flush()?;
        }
        RegisterFormat::Table => {
            if rows.is_empty() {
                writeln!(out, "No deals found.")?;
            }
            for r in rows {
                writeln!(out, "{} → {}: {} ({})", r.supplier, r.recipient, r.designation, r.description.as_deref().unwrap_or("unknown class"))?;
                for (name, f) in [
                    ("number ordered", &r.number_ordered),
                    ("year of order", &r.year_of_order),
                    ("years of delivery", &r.years_of_delivery),
                    ("number delivered", &r.number_delivered),
                    ("value", &r.value),
                    ("status", &r.status),
                ] {
                    let docs: Vec<String> = f.claims.iter().map(|c| c.doc.clone()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
                    writeln!(out, "  {:<18} {:<40} {}", name, show(f), if docs.is_empty() { String::new() } else { format!("[{}]", docs.join(", ")) })?;
                }
                if !r.comments.is_empty() {
                    writeln!(out, "  {:<18} {}", "comments", r.comments)?;
                }
                writeln!(out, "  {:<18} {}", "sources", r.sources.join(", "))?;
                writeln!(out)?;
            }
        }
    }
    Ok(())
}
