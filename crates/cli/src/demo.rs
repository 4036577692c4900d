//! `dossier demo`: the bundled example corpus, end to end, told for a reader.

use crate::{summary, Terminal};
use anyhow::Result;
use dossier_pipeline::{Input, Options};
use dossier_store::Store;
use include_dir::{include_dir, Dir};
use std::path::PathBuf;
use std::process::ExitCode;

static CORPUS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../corpus/demo");

pub fn run(keep: Option<PathBuf>) -> Result<ExitCode> {
    let tmp = tempfile::tempdir()?;
    let corpus_dir = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus_dir)?;
    CORPUS.extract(&corpus_dir)?;
    let keep_path = keep.clone();
    let db_path = keep.unwrap_or_else(|| tmp.path().join("demo.db"));
    let db = db_path.to_string_lossy().into_owned();
    let mut store = Store::open(&db)?;
    let mut progress = Terminal::new(false);
    let report = dossier_pipeline::ingest(&mut store, &[Input::Path(corpus_dir.clone())], &Options::default(), &mut progress)?;
    progress.finish();

    println!("dossier demo: the bundled example corpus ({} files)", CORPUS.files().count());
    println!("{}\n", summary(&report, store.count_documents()?));
    println!("Documents");
    println!("{:<28} {:<28} {:<22} title", "id", "outlet", "published");
    for d in store.documents()? {
        let published = match (&d.published, d.published_basis) {
            (Some(p), Some(b)) => format!("{p} ({})", b.as_str()),
            _ => "unknown".to_string(),
        };
        println!(
            "{:<28} {:<28} {:<22} {}",
            clip(&d.id, 28),
            clip(d.outlet.as_deref().unwrap_or("unknown"), 28),
            published,
            d.title.as_deref().unwrap_or("(no title)")
        );
        if !d.based_on.is_empty() {
            println!("{:<28} based on: {}", "", d.based_on.join(", "));
        }
        if let Some(orig) = &d.duplicate_of {
            println!("{:<28} copy of: {orig}", "");
        }
    }
    let record = dossier_query::record(&store)?;
    let filter = dossier_query::Filter::default();
    println!("\nTimeline: each deal's facts in time order, with every source\n");
    crate::views::print_timeline(crate::TimelineFormat::Text, None, |each| dossier_query::timeline(&record, &filter).into_iter().try_for_each(each))?;
    println!("Register: one row per deal, each field with the documents behind it\n");
    crate::views::print_register(crate::RegisterFormat::Table, |each| dossier_query::register(&record, &filter).into_iter().try_for_each(each))?;
    println!("Conflicts: where sources disagree, every claim on each side\n");
    crate::views::print_conflicts(crate::ConflictsFormat::Text, |each| dossier_query::conflicts(&record).into_iter().try_for_each(each))?;
    if keep_path.is_some() {
        println!("The demo database is kept at {db}.");
    }
    Ok(ExitCode::SUCCESS)
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}
