//! Prints the facade / hand-written ratios, two ways:
//!
//! 1. From the estimates criterion saved for the other benches' groups
//!    (`<target>/criterion/<group>/<function>/<op>/new/estimates.json`). Ratio: facade median /
//!    hand-written median. Spread: the ratio's range over the two medians' 95% confidence
//!    intervals (`facade low / hand-written high` to `facade high / hand-written low`).
//! 2. Interleaved whole calls: both clients against one loopback server in alternating batches
//!    (the order swapped every round), one ratio per round; the median ratio and its 10th-90th
//!    percentile range. Criterion times one benchmark after the other, so a machine whose speed
//!    drifts (shared machines drift by 30% within an hour) can skew its ratios; the interleaved
//!    ratio does not suffer from that.
//!
//! It runs after `calls` and `codec` under `cargo bench -p paynet-benches` (bench targets run in
//! name order), and can be run alone: `cargo bench -p paynet-benches --bench ratios`.

#![allow(clippy::print_stdout, clippy::float_arithmetic)]

use std::path::{Path, PathBuf};

use paynet_benches::Op;
use paynet_benches::clients::Clients;

/// Interleaved comparison: rounds, and calls per round for 1 and for 64 in flight.
const ROUNDS: usize = 41;
const PER_ROUND_SEQUENTIAL: usize = 50;
const PER_ROUND_64: usize = 4 * 64;

/// The pairs compared: (group, operation).
const PAIRS: [(&str, &str); 7] = [
    ("call", "init_sale"),
    ("call", "capture"),
    ("call_64", "init_sale"),
    ("call_64", "capture"),
    ("decode", "capture"),
    ("encode", "init_sale"),
    ("encode", "capture"),
];

/// A median and its 95% confidence interval, in nanoseconds.
struct Median {
    point: f64,
    low: f64,
    high: f64,
}

fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return Path::new(&target).join("criterion");
    }
    // <target>/release/deps/ratios-<hash>
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(|t| t.join("criterion")))
        .unwrap_or_else(|| PathBuf::from("target/criterion"))
}

fn median(dir: &Path, group: &str, function: &str, op: &str) -> Option<Median> {
    let path = dir
        .join(group)
        .join(function)
        .join(op)
        .join("new")
        .join("estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let m = &v["median"];
    Some(Median {
        point: m["point_estimate"].as_f64()?,
        low: m["confidence_interval"]["lower_bound"].as_f64()?,
        high: m["confidence_interval"]["upper_bound"].as_f64()?,
    })
}

fn time(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.3} ms", ns / 1_000_000.0)
    } else if ns >= 1_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{ns:.0} ns")
    }
}

fn main() {
    // `cargo bench` passes `--bench` and any filter: this target has nothing to filter.
    criterion_table();
    interleaved_table();
}

fn interleaved_table() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let clients = Clients::start().expect("the server starts and the clients build");
    println!();
    println!(
        "facade / hand-written, interleaved whole calls ({ROUNDS} rounds, order swapped each round)"
    );
    println!(
        "{:<9} {:<10} {:>12} {:>14} {:>6}  {:<15}",
        "in flight", "operation", "facade/call", "hand/call", "ratio", "spread (p10-p90)"
    );
    for (inflight, per_round) in [(1, PER_ROUND_SEQUENTIAL), (64, PER_ROUND_64)] {
        for op in Op::ALL {
            let r = runtime
                .block_on(clients.interleaved(op, inflight, ROUNDS, per_round))
                .expect("successful calls");
            println!(
                "{:<9} {:<10} {:>12} {:>14} {:>6.3}  {:.3}-{:.3}",
                inflight,
                op.name(),
                time(r.facade_per_call.as_nanos() as f64),
                time(r.hand_written_per_call.as_nanos() as f64),
                r.quantile(0.5),
                r.quantile(0.1),
                r.quantile(0.9),
            );
        }
    }
}

fn criterion_table() {
    let dir = criterion_dir();
    println!();
    println!("facade / hand-written, median wall time per iteration (criterion, this run)");
    println!(
        "{:<8} {:<10} {:>12} {:>14} {:>7}  {:<15}",
        "group", "operation", "facade", "hand-written", "ratio", "spread (95% CI)"
    );
    let mut found = 0;
    for (group, op) in PAIRS {
        let (Some(f), Some(h)) = (
            median(&dir, group, "facade", op),
            median(&dir, group, "hand-written", op),
        ) else {
            continue;
        };
        found += 1;
        println!(
            "{:<8} {:<10} {:>12} {:>14} {:>7.3}  {:.3}-{:.3}",
            group,
            op,
            time(f.point),
            time(h.point),
            f.point / h.point,
            f.low / h.high,
            f.high / h.low,
        );
    }
    if found == 0 {
        println!(
            "(no results under {}: run `cargo bench -p paynet-benches` first)",
            dir.display()
        );
    }
}
