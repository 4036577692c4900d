//! `cargo bench -p dossier-bench`: the stages over a generated corpus
//! (DOSSIER_BENCH_MB, default 20), one thread and all threads.

fn main() {
    let mb: usize = std::env::var("DOSSIER_BENCH_MB").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    for t in [1, threads] {
        let stages = dossier_bench::run(7, mb * 1_000_000, t).expect("benchmark run");
        println!("threads={t}, corpus {mb} MB");
        for s in &stages {
            println!("  {:<11} {:>9.1} docs/s {:>8.2} MB/s  ({} docs, {:.2} s)", s.name, s.docs_per_s(), s.mb_per_s(), s.docs, s.seconds);
        }
    }
    if let Some(rss) = dossier_bench::peak_rss() {
        println!("peak RSS {:.1} MB", rss as f64 / 1e6);
    }
}
