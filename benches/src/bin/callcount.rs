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
//! ```
//!
//! Instructions per call = (instructions with `-n N` - instructions with `-n 0`) / N: the
//! difference removes start-up, the TLS provider and root store, the first connection and the
//! warm-up. `benches/callcount.sh` runs the whole matrix.

#![allow(clippy::print_stdout)]

use std::process::ExitCode;
use std::time::Duration;

use paynet_benches::Op;
use paynet_benches::clients::{Clients, Side};
use paynet_benches::server::Loopback;

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
        let elapsed = clients
            .time(side, op, args.n, inflight)
            .await
            .map_err(|e| e.to_string())?;
        println!(
            "client={} op={} n={} inflight={} elapsed={:?} per_call={:?}",
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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
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
