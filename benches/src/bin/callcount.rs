//! Runs N calls of one client against a loopback server, for `valgrind --tool=callgrind` to count
//! the client's instructions per call.
//!
//! ```text
//! callcount serve [--port P] [--secs S]
//!     Serves the canned answers on 127.0.0.1:P (default: a free port, printed) for S seconds
//!     (default 600), in a process of its own, so that callgrind on the client counts no server
//!     instruction.
//! callcount --client sdk|baseline|baseline-timeout --op capture|init-sale -n N [--addr HOST:PORT]
//!           [--warmup W] [--inflight K]
//!     Makes W warm-up calls (default K: the K connections are opened, lazy state is set up),
//!     then N calls, K at a time (default 1: one after the other). Without --addr, starts a
//!     server thread in this process (its instructions are then counted too).
//! callcount decode --answer capture|ratios --client sdk|baseline|generated -n N
//!     Reads one answer N times without the network, for callgrind to count a decode.
//! ```
//!
//! Instructions per call = (instructions with `-n N` - instructions with `-n 0`) / N: the
//! difference removes start-up, the TLS provider and root store, the first connection and the
//! warm-up. `benches/callcount.sh` runs the whole matrix.

#![allow(clippy::print_stdout)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use paynet_benches::Op;
use paynet_benches::clients::{Clients, Side};
use paynet_benches::server::Loopback;

/// The system allocator, counting the allocations (and reallocations) the process makes, so
/// that `callcount` can print allocations per call beside the instructions.
struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static REALLOCS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to `System`, which upholds `GlobalAlloc`'s contract;
// the counters are plain atomics.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        REALLOCS.fetch_add(1, Relaxed);
        // SAFETY: forwarded with the caller's pointer, layout and size.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's pointer and layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[derive(Debug)]
struct Args {
    side: Side,
    op: Op,
    n: usize,
    warmup: Option<usize>,
    inflight: usize,
    addr: Option<String>,
}

const USAGE: &str = "usage: callcount --client sdk|baseline|baseline-timeout --op capture|init-sale -n N \
                     [--addr HOST:PORT] [--warmup W] [--inflight K]\n       \
                     callcount serve [--port P] [--secs S]";

fn value<'a>(args: &mut impl Iterator<Item = &'a String>, flag: &str) -> Result<&'a str, String> {
    args.next()
        .map(String::as_str)
        .ok_or_else(|| format!("{flag} needs a value"))
}

fn number<T: std::str::FromStr>(text: &str, flag: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{flag}: {text:?} is not a number"))
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args {
        side: Side::Facade,
        op: Op::Capture,
        n: 1000,
        warmup: None,
        inflight: 1,
        addr: None,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--client" => {
                parsed.side = match value(&mut it, flag)? {
                    "sdk" | "facade" => Side::Facade,
                    "baseline" | "hand-written" => Side::HandWritten,
                    "baseline-timeout" => Side::HandWrittenTimeout,
                    other => {
                        return Err(format!(
                            "unknown client {other:?} (sdk, baseline, baseline-timeout)"
                        ));
                    }
                }
            }
            "--op" => parsed.op = value(&mut it, flag)?.parse()?,
            "-n" => parsed.n = number(value(&mut it, flag)?, flag)?,
            "--warmup" => parsed.warmup = Some(number(value(&mut it, flag)?, flag)?),
            "--inflight" => parsed.inflight = number::<usize>(value(&mut it, flag)?, flag)?.max(1),
            "--addr" => parsed.addr = Some(value(&mut it, flag)?.to_owned()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(parsed)
}

fn serve(args: &[String]) -> Result<(), String> {
    let mut port = 0u16;
    let mut secs = 600u64;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--port" => port = number(value(&mut it, flag)?, flag)?,
            "--secs" => secs = number(value(&mut it, flag)?, flag)?,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let server = Loopback::bind(([127, 0, 0, 1], port).into()).map_err(|e| e.to_string())?;
    println!("{}", server.addr());
    // Bounded: the server stops by itself.
    std::thread::sleep(Duration::from_secs(secs));
    drop(server);
    Ok(())
}

fn run(args: Args) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let clients = match &args.addr {
        Some(addr) => Clients::new(&format!("http://{addr}")),
        None => Clients::start(),
    }
    .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let (side, op, inflight) = (args.side, args.op, args.inflight);
        clients
            .calls(side, op, args.warmup.unwrap_or(inflight), inflight)
            .await
            .map_err(|e| e.to_string())?;
        let (allocs, reallocs) = (ALLOCS.load(Relaxed), REALLOCS.load(Relaxed));
        let elapsed = clients
            .time(side, op, args.n, inflight)
            .await
            .map_err(|e| e.to_string())?;
        let n = args.n.max(1) as u64;
        let allocs = (ALLOCS.load(Relaxed) - allocs) / n;
        let reallocs = (REALLOCS.load(Relaxed) - reallocs) / n;
        println!(
            "client={} op={} n={} inflight={} elapsed={:?} per_call={:?} allocs_per_call={allocs} reallocs_per_call={reallocs}",
            side.name(),
            op.name(),
            args.n,
            inflight,
            elapsed,
            elapsed
                .checked_div(args.n.max(1) as u32)
                .unwrap_or_default(),
        );
        Ok(())
    })
}

/// `callcount decode --answer capture|ratios --client sdk|baseline|generated -n N`: reads one
/// answer N times, without the network (the seed capture answer, or a 13 x 12 instalment table),
/// for callgrind to count a decode's instructions: the SDK's (scrubbed, lenient, exact, the typed
/// view), the hand-written client's plain struct with `f64` amounts, or the generated wire type
/// alone.
fn decode(args: &[String]) -> Result<(), String> {
    let (mut n, mut answer, mut client) = (100usize, "capture".to_owned(), "sdk".to_owned());
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "-n" => n = number(value(&mut it, flag)?, flag)?,
            "--answer" => answer = value(&mut it, flag)?.to_owned(),
            "--client" => client = value(&mut it, flag)?.to_owned(),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let secrets = paynet_domain::Secrets::new();
    secrets.pin(paynet_benches::SECRET_KEY);
    let ratios = paynet_benches::ratio_table(13, 12);
    let body: &[u8] = match answer.as_str() {
        "capture" => paynet_benches::CAPTURE_RESPONSE,
        "ratios" => ratios.as_bytes(),
        other => return Err(format!("unknown answer {other:?} (capture, ratios)")),
    };
    let capture = paynet_benches::sdk::capture_request(paynet_benches::sdk::capture_amount())
        .map_err(|e| e.to_string())?;
    let table = paynet::RatiosRequest::for_card("435508", paynet_benches::sdk::sale_amount())
        .map_err(|e| e.to_string())?;
    let mut read = 0usize;
    for _ in 0..n {
        let a = || paynet_domain::Answer::new(200, body);
        read += match (answer.as_str(), client.as_str()) {
            ("capture", "sdk") => paynet_domain::decode(&capture, a(), &secrets)
                .map(|o| usize::from(o.is_approved()))
                .map_err(|e| e.to_string())?,
            ("capture", "baseline") => {
                serde_json::from_slice::<paynet_benches::baseline::Transaction>(body)
                    .map(|t| usize::from(t.is_succeed == Some(true)))
                    .map_err(|e| e.to_string())?
            }
            ("capture", "generated") => {
                serde_json::from_slice::<paynet_api::paynet_transaction::types::Transaction>(body)
                    .map(|t| usize::from(t.xact_id.is_some()))
                    .map_err(|e| e.to_string())?
            }
            ("ratios", "sdk") => paynet_domain::decode(&table, a(), &secrets)
                .map(|t| t.options().count())
                .map_err(|e| e.to_string())?,
            ("ratios", "baseline") => {
                serde_json::from_slice::<paynet_benches::baseline::RatioTable>(body)
                    .map(|t| t.data.iter().map(|b| b.ratio.len()).sum())
                    .map_err(|e| e.to_string())?
            }
            ("ratios", "generated") => {
                serde_json::from_slice::<paynet_api::paynet_reports::types::RatioTable>(body)
                    .map(|t| t.data.len())
                    .map_err(|e| e.to_string())?
            }
            (_, other) => {
                return Err(format!(
                    "unknown client {other:?} (sdk, baseline, generated)"
                ));
            }
        };
    }
    println!("decoded {n} {answer} answers ({read})");
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("decode") => decode(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => parse(&args).and_then(run),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("callcount: {e}\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}
