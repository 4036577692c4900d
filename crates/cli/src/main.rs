//! The `dossier` command: CLI definition and glue over the library crates.

mod demo;
mod views;

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand, ValueEnum};
use dossier_pipeline::{Input, Options, Progress, Report};
use dossier_store::Store;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "dossier", version, about = "An evidence-linked record of international arms transfers, read from news reports")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct DbArg {
    /// SQLite database file (created if missing).
    #[arg(long, default_value = "./dossier.db", global = true)]
    db: String,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles from files, folders (recursive) or '-' for stdin.
    Ingest {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        read: ReadArgs,
        /// Treat this date (YYYY-MM-DD) as the day of ingest.
        #[arg(long, hide = true)]
        today: Option<String>,
        /// Files, folders, `-` for stdin. With a PostgreSQL database none is
        /// needed: the worker then takes inputs queued by other workers.
        inputs: Vec<String>,
    },
    /// Write every stored document.
    Export {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
    },
    /// Full-text search over stored documents and quotes, ranked, with highlighted snippets.
    Search {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Only documents from this outlet.
        #[arg(long)]
        outlet: Option<String>,
        /// Only documents published on or after this date (ISO, any precision).
        #[arg(long)]
        from: Option<String>,
        /// Only documents published on or before this date (ISO, any precision).
        #[arg(long)]
        to: Option<String>,
        /// Only documents mentioning this entity (e.g. country:TUR, system:S-400, person:dmitry-peskov).
        #[arg(long)]
        entity: Option<String>,
        #[command(flatten)]
        filter: FilterArgs,
        /// Only documents with events of this type (deal_signed, delivery, ...).
        #[arg(long = "type")]
        event_type: Option<String>,
        /// Print the hits as JSON.
        #[arg(long)]
        json: bool,
        #[arg(required = true)]
        query: Vec<String>,
    },
    /// Contradictions between sources, with every claim on each side.
    Conflicts {
        #[command(flatten)]
        db: DbArg,
        /// Only this deal's conflicts (its story id, e.g. rus-tur-s-400).
        #[arg(long)]
        story: Option<String>,
        /// Only conflicts about this field (status, time, value, quantity).
        #[arg(long)]
        field: Option<String>,
        /// At most this many conflicts.
        #[arg(long)]
        limit: Option<usize>,
        /// Skip this many conflicts first.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        #[arg(long, value_enum, default_value_t = ConflictsFormat::Json)]
        format: ConflictsFormat,
    },
    /// Each deal's events in time order, with their sources; disputed ones marked.
    Timeline {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        filter: FilterArgs,
        /// At most this many sources a fact, one of each different account first (JSON: with `n_sources`).
        #[arg(long, value_name = "N")]
        sources: Option<usize>,
        #[arg(long, value_enum, default_value_t = TimelineFormat::Text)]
        format: TimelineFormat,
    },
    /// The deal register (SIPRI's fields), each field with its claims.
    Register {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        rows: RegisterArgs,
        #[arg(long, value_enum, default_value_t = RegisterFormat::Table)]
        format: RegisterFormat,
    },
    /// Serve the JSON API, its OpenAPI document and the web UI.
    Serve {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Accept writes (POST /api/documents) with this bearer token; also read from DOSSIER_TOKEN.
        #[arg(long, env = "DOSSIER_TOKEN", hide_env_values = true)]
        token: Option<String>,
    },
    /// Benchmark every stage on a generated corpus: documents/s, MB/s, peak memory, speed-up.
    Bench {
        /// Size of the generated corpus in MB.
        #[arg(long, default_value_t = 20)]
        mb: usize,
        /// Worker threads for the parallel run (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Only write the generated corpus (JSONL, --mb MB) to this file, for
        /// `dossier ingest` or another tool to read; measure nothing. A name
        /// ending in `.warc.gz` gets a crawl of news sites instead: full-size
        /// pages with requests, scripts and style sheets, --mb MB compressed.
        #[arg(long, value_name = "FILE")]
        write_corpus: Option<PathBuf>,
        /// Seed of the generated corpus.
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Check a database: file integrity, and stories (with their conflicts, register rows and the claims they are built from) equal to a full recompute.
    Check {
        #[command(flatten)]
        db: DbArg,
        /// Recompute the deals that differ (after an upgrade of dossier reads events otherwise) and check again.
        #[arg(long)]
        repair: bool,
    },
    /// Read every stored document again from its stored input with this version (after an upgrade, or with gazetteer entries added: give the gazetteers ingest had, and any new) and replace those that read differently; stories follow.
    Reprocess {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        read: ReadArgs,
        /// Only report which documents would change; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Ingest the bundled example corpus into a temporary database and tell its story.
    Demo {
        /// Keep the demo database at this path instead of a temporary one.
        #[arg(long)]
        keep: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum ConflictsFormat {
    Json,
    Text,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum TimelineFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum RegisterFormat {
    Table,
    Csv,
    Json,
}

/// How documents are read, and what a run that reads them prints: shared
/// by `ingest` and `reprocess`.
#[derive(clap::Args, Clone, Default)]
struct ReadArgs {
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
    /// Print the summary as one JSON object on stdout.
    #[arg(long)]
    json: bool,
    /// An extra gazetteer table (TSV, first line `#kind: countries|organizations|systems`); repeatable.
    #[arg(long = "gazetteer", value_name = "FILE")]
    gazetteers: Vec<PathBuf>,
}

impl ReadArgs {
    /// Pipeline options reading with the bundled gazetteer and these files.
    fn options(&self) -> Result<Options> {
        let mut options = Options::default();
        if !self.gazetteers.is_empty() {
            let g = dossier_pipeline::load_gazetteer(&self.gazetteers).map_err(anyhow::Error::msg)?;
            options.gazetteer = Some(std::sync::Arc::new(g));
        }
        Ok(options)
    }
}

#[derive(clap::Args, Clone, Default)]
struct FilterArgs {
    /// Only deals of this system (canonical designation, e.g. S-400).
    #[arg(long)]
    system: Option<String>,
    /// Only deals with this supplier (ISO 3166-1 alpha-3).
    #[arg(long)]
    supplier: Option<String>,
    /// Only deals with this recipient (ISO 3166-1 alpha-3).
    #[arg(long)]
    recipient: Option<String>,
}

/// Which register rows, in what order: what the web UI's register asks the
/// server for, read from the rows stored beside the stories.
#[derive(clap::Args, Debug, Clone, Default)]
struct RegisterArgs {
    /// Sort by this column (numbers by value, before text; empty fields last).
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(dossier_store::REGISTER_SORTS))]
    sort: Option<String>,
    /// Sort in descending order.
    #[arg(long, requires = "sort")]
    desc: bool,
    /// Only rows whose names, values, comments or sources hold every one of these words (any case).
    #[arg(long, value_name = "WORDS")]
    words: Option<String>,
    /// Only rows with a disputed field.
    #[arg(long)]
    disputed: bool,
    /// At most this many rows.
    #[arg(long)]
    limit: Option<usize>,
    /// Skip this many rows first.
    #[arg(long, default_value_t = 0)]
    offset: usize,
}

impl RegisterArgs {
    /// The query these options ask for, or none for every row in deal order.
    fn query(&self, filter: &FilterArgs) -> Option<dossier_store::RegisterQuery> {
        let words: Vec<String> = self.words.as_deref().unwrap_or("").split_whitespace().take(dossier_store::REGISTER_WORDS).map(str::to_string).collect();
        if self.sort.is_none() && words.is_empty() && !self.disputed && self.limit.is_none() && self.offset == 0 {
            return None;
        }
        Some(dossier_store::RegisterQuery {
            supplier: filter.supplier.clone(),
            recipient: filter.recipient.clone(),
            system: filter.system.clone(),
            words,
            disputed: self.disputed,
            sort: self.sort.clone(),
            descending: self.desc,
            limit: self.limit,
            offset: self.offset,
        })
    }
}

impl FilterArgs {
    fn filter(&self) -> dossier_query::Filter {
        dossier_query::Filter { system: self.system.clone(), supplier: self.supplier.clone(), recipient: self.recipient.clone() }
    }
}

fn main() -> ExitCode {
    // A third-party parser that panics on hostile input refuses that input
    // with a clear error; its panic message stays off the terminal.
    dossier_ingest::guard::install_quiet_hook();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli) {
        Ok(code) => code,
        // A closed pipe (`dossier export | head`) is the reader's choice, not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
                    || c.downcast_ref::<serde_json::Error>().is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dossier: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Ingest { db, read, today, inputs } => {
            let mut options = read.options()?;
            let ReadArgs { quiet, json, .. } = read;
            if inputs.is_empty() && !db.db.contains("://") {
                anyhow::bail!("no inputs given (files, folders, or - for stdin)");
            }
            let mut store = Store::open(&db.db)?;
            if let Some(t) = today {
                options.config.today =
                    chrono::NaiveDate::parse_from_str(&t, "%Y-%m-%d").with_context(|| format!("--today {t:?} is not YYYY-MM-DD"))?;
            }
            let inputs: Vec<Input> =
                inputs.iter().map(|s| if s == "-" { Input::Stdin } else { Input::Path(PathBuf::from(s)) }).collect();
            let mut progress = Terminal::new(quiet || json);
            let report = dossier_pipeline::ingest(&mut store, &inputs, &options, &mut progress)?;
            progress.finish();
            if json {
                let rejected: Vec<_> = report
                    .rejected
                    .iter()
                    .map(|e| serde_json::json!({"input": e.input, "reason": e.reason}))
                    .collect();
                println!(
                    "{}",
                    serde_json::json!({
                        "inserted": report.inserted, "unchanged": report.unchanged, "replaced": report.replaced,
                        "duplicates": report.duplicates, "rejected": rejected, "already_queued": report.already_queued, "documents": store.count_documents()?,
                    })
                );
            } else if !quiet {
                eprintln!("{}", summary(&report, store.count_documents()?));
            }
            Ok(if report.rejected.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Export { db, format: ExportFormat::Jsonl } => {
            let store = open_existing(&db.db)?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            // Stops at the first write error (a closed pipe): the rest is not read.
            store.for_each_document(|d| -> Result<()> {
                serde_json::to_writer(&mut out, &d)?;
                Ok(out.write_all(b"\n")?)
            })?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Search { db, limit, outlet, from, to, entity, filter, event_type, json, query } => {
            let store = open_existing(&db.db)?;
            let q = query.join(" ");
            let f = dossier_store::SearchFilter {
                outlet,
                from,
                to,
                entity,
                system: filter.system,
                supplier: filter.supplier,
                recipient: filter.recipient,
                event_type,
            };
            let hits = store.search_filtered(&q, &f, limit)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&hits)?);
                return Ok(ExitCode::SUCCESS);
            }
            if hits.is_empty() {
                eprintln!("no documents match {q:?}");
            }
            let show = |parts: &[dossier_store::SnippetPart]| -> String {
                parts.iter().map(|p| if p.hit { format!("[{}]", p.text) } else { p.text.clone() }).collect::<String>().replace('\n', " ")
            };
            for h in hits {
                println!(
                    "{}  {}  ({}, {})",
                    h.id,
                    h.title.as_deref().unwrap_or("(no title)"),
                    h.outlet.as_deref().unwrap_or("unknown outlet"),
                    h.published.as_deref().unwrap_or("undated")
                );
                println!("    {}", show(&h.snippet));
                if let Some(q) = &h.quote {
                    println!("    quote by {}: {}", q.speaker.as_deref().unwrap_or("unknown speaker"), show(&q.snippet));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Conflicts { db, story, field, limit, offset, format } => {
            let store = open_existing(&db.db)?;
            let query = dossier_store::ConflictQuery { story, field, limit, offset };
            views::print_conflicts(format, |each| store.for_each_conflict_in(&query, each))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Timeline { db, filter, sources, format } => {
            let store = open_existing(&db.db)?;
            views::print_timeline(format, sources, |each| dossier_query::for_each_story(&store, &filter.filter(), each))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Register { db, filter, rows, format } => {
            let store = open_existing(&db.db)?;
            let row_of = |s: dossier_reconcile::Story| dossier_reconcile::register::row_of(&s);
            match rows.query(&filter) {
                None => views::print_register(format, |each| {
                    dossier_query::for_each_story(&store, &filter.filter(), |s| row_of(s).map_or(Ok(()), &mut *each))
                })?,
                // The stored rows choose and order the deals; each row is then
                // built whole (every claim) from its story.
                Some(query) => views::print_register(format, |each| {
                    dossier_query::for_each_register_story(&store, query, |s| row_of(s).map_or(Ok(()), &mut *each))
                })?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { db, addr, token } => {
            let mut config = dossier_server::Config::new(&db.db);
            config.token = token.filter(|t| !t.is_empty());
            dossier_server::serve_blocking(config, addr).with_context(|| format!("serving on {addr}"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { mb, threads, write_corpus, seed } => {
            if let Some(path) = write_corpus.as_ref().filter(|p| p.to_string_lossy().ends_with(".warc.gz")) {
                let stats = dossier_bench::crawl::write_warc_gz(path, seed, mb as u64 * 1_000_000)
                    .with_context(|| format!("writing {}", path.display()))?;
                eprintln!(
                    "wrote {} pages ({} records, {:.1} MB of HTML), {:.1} MB, to {}",
                    stats.pages,
                    stats.records,
                    stats.html_bytes as f64 / 1e6,
                    stats.file_bytes as f64 / 1e6,
                    path.display()
                );
                return Ok(ExitCode::SUCCESS);
            }
            if let Some(path) = write_corpus {
                let (docs, bytes) = dossier_bench::write_jsonl(&path, seed, mb * 1_000_000)
                    .with_context(|| format!("writing {}", path.display()))?;
                eprintln!("wrote {docs} articles, {:.1} MB, to {}", bytes as f64 / 1e6, path.display());
                return Ok(ExitCode::SUCCESS);
            }
            let all = threads.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
            let mut end_to_end = Vec::new();
            for t in if all > 1 { vec![1, all] } else { vec![1] } {
                let stages = dossier_bench::run(seed, mb * 1_000_000, t).map_err(anyhow::Error::msg)?;
                println!("{t} thread(s), generated corpus of {mb} MB");
                println!("  {:<11} {:>10} {:>9} {:>8} {:>8}", "stage", "docs/s", "MB/s", "docs", "seconds");
                for s in &stages {
                    println!("  {:<11} {:>10.1} {:>9.2} {:>8} {:>8.2}", s.name, s.docs_per_s(), s.mb_per_s(), s.docs, s.seconds);
                }
                if let Some(e) = stages.iter().find(|s| s.name == "end to end") {
                    end_to_end.push((t, e.mb_per_s()));
                }
            }
            if let [(1, one), (n, many)] = end_to_end[..] {
                println!("end to end: {:.2} MB/s on 1 thread, {:.2} MB/s on {n} ({:.2}x), {:.2} MB/s per core", one, many, many / one.max(1e-9), many / n as f64);
            }
            if let Some(rss) = dossier_bench::peak_rss() {
                println!("peak RSS {:.1} MB", rss as f64 / 1e6);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { db, repair } => {
            let mut store = open_existing(&db.db)?;
            let integrity = store.integrity_check()?;
            // Deal by deal: a large database is checked in bounded memory.
            let mut stories = dossier_pipeline::check_stories(&store)?;
            let mut repaired = Vec::new();
            if repair && integrity == "ok" && !stories.matches() {
                dossier_pipeline::repair_deals(&mut store, &stories.mismatched)?;
                repaired = std::mem::take(&mut stories.mismatched);
                stories = dossier_pipeline::check_stories(&store)?;
            }
            let repaired: Vec<String> = repaired.iter().map(|d| format!("{} -> {}: {}", d.supplier, d.recipient, d.system)).collect();
            let dirty = store.dirty_deals()?.len();
            let consistent = stories.matches();
            let mismatched: Vec<String> = stories.mismatched.iter().map(|d| format!("{} -> {}: {}", d.supplier, d.recipient, d.system)).collect();
            println!(
                "{}",
                serde_json::json!({ "integrity": integrity, "documents": store.count_documents()?, "stories": stories.stories,
                                    "conflicts": stories.conflicts, "dirty_deals": dirty, "stories_match_full_recompute": consistent,
                                    "mismatched_deals": mismatched, "repaired_deals": repaired })
            );
            Ok(if integrity == "ok" && (consistent || dirty > 0) { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Reprocess { db, read, dry_run } => {
            let options = read.options()?;
            let ReadArgs { quiet, json, .. } = read;
            let mut store = open_existing(&db.db)?;
            let mut progress = Terminal::new(quiet || json);
            let report = dossier_pipeline::reprocess(&mut store, &options, dry_run, &mut progress)?;
            progress.finish();
            for e in &report.failed {
                eprintln!("dossier: cannot read again {e} (kept as stored)");
            }
            if json {
                let failed: Vec<_> = report.failed.iter().map(|e| serde_json::json!({"input": e.input, "reason": e.reason})).collect();
                println!(
                    "{}",
                    serde_json::json!({
                        "dry_run": dry_run, "read": report.read, "unchanged": report.unchanged, "changed": report.changed,
                        "changed_ids": report.changed_ids, "inferred": report.inferred, "failed": failed,
                        "documents": store.count_documents()?,
                    })
                );
            } else if !quiet {
                let verb = if dry_run { "would change" } else { "changed" };
                eprintln!(
                    "read {} documents again: {} {verb}, {} unchanged, {} could not be read (kept){}",
                    report.read,
                    report.changed,
                    report.unchanged,
                    report.failed.len(),
                    if report.inferred > 0 { format!("; {} stored before inputs were recorded, read as inferred", report.inferred) } else { String::new() }
                );
            }
            Ok(if report.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Demo { keep } => demo::run(keep),
    }
}

/// Opens a database that must already exist (reads never create one).
fn open_existing(path: &str) -> Result<Store> {
    if !path.contains("://") && !std::path::Path::new(path).exists() {
        anyhow::bail!("database {path}: no such file (run `dossier ingest` first)");
    }
    Ok(Store::open(path)?)
}

pub(crate) fn summary(report: &Report, total: usize) -> String {
    let mut s = format!(
        "ingested {} input(s): {} new, {} unchanged, {} replaced",
        report.seen(),
        report.inserted,
        report.unchanged,
        report.replaced
    );
    if report.duplicates > 0 {
        s.push_str(&format!(", {} copies of earlier documents linked", report.duplicates));
    }
    if !report.rejected.is_empty() {
        s.push_str(&format!(", {} rejected", report.rejected.len()));
    }
    if report.already_queued > 0 {
        s.push_str(&format!(", {} already queued or done by another run", report.already_queued));
    }
    s.push_str(&format!("; {total} document(s) in the database"));
    s
}

/// Progress on a terminal, silence in pipes and CI; rejections always go to stderr.
pub(crate) struct Terminal {
    bar: Option<indicatif::ProgressBar>,
    started: std::time::Instant,
}

impl Terminal {
    pub(crate) fn new(quiet: bool) -> Terminal {
        let show = !quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = show.then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}").unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Terminal { bar, started: std::time::Instant::now() }
    }

    pub(crate) fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl dossier_pipeline::ReprocessProgress for Terminal {
    fn batch_done(&mut self, report: &dossier_pipeline::ReprocessReport) {
        if let Some(bar) = &self.bar {
            let secs = self.started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{} of {} documents read again, {} changed, {:.0} docs/s, {:.2} MB/s",
                report.read,
                report.total,
                report.changed,
                report.read as f64 / secs,
                report.bytes as f64 / 1e6 / secs
            ));
        }
    }
}

impl Progress for Terminal {
    fn batch_done(&mut self, report: &Report) {
        if let Some(bar) = &self.bar {
            let secs = self.started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{} documents, {:.0} docs/s, {:.2} MB/s",
                report.seen(),
                report.seen() as f64 / secs,
                report.bytes as f64 / 1e6 / secs
            ));
        }
    }

    fn rejected(&mut self, error: &dossier_ingest::InputError) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("dossier: rejected {error}")),
            None => eprintln!("dossier: rejected {error}"),
        }
    }
}

