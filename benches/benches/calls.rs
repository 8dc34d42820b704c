//! Groups `call` and `call_64`: one whole call (init_sale, capture) through the facade and through
//! the hand-written reqwest + serde_json client, one at a time and 64 in flight, against the same
//! loopback server.
//!
//! The client runs on a single-threaded tokio runtime on the bench thread; the server has its own
//! thread and runtime (on a 2-core machine: one core each).

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use paynet_benches::Op;
use paynet_benches::clients::{Clients, Side};

/// Calls in flight in the `call_64` group.
const IN_FLIGHT: usize = 64;

fn setup() -> (tokio::runtime::Runtime, Clients) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let clients = Clients::start().expect("the server starts and the clients build");
    // Every client gets the answer it expects before anything is timed.
    runtime.block_on(async {
        for op in Op::ALL {
            for side in [Side::Facade, Side::HandWritten] {
                clients.call(side, op).await.expect("a successful call");
            }
        }
    });
    (runtime, clients)
}

fn group(c: &mut Criterion, name: &str, inflight: usize) {
    let (runtime, clients) = setup();
    let clients = &clients;
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(inflight as u64));
    if inflight > 1 {
        // Milliseconds per iteration: flat sampling keeps the run within its time.
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(50);
        group.measurement_time(Duration::from_secs(8));
    }
    for op in Op::ALL {
        for side in [Side::Facade, Side::HandWritten] {
            group.bench_function(BenchmarkId::new(side.name(), op.name()), |b| {
                b.to_async(&runtime).iter(|| async move {
                    black_box(clients.calls(side, op, inflight, inflight).await)
                        .expect("a successful call");
                });
            });
        }
    }
    group.finish();
}

fn call(c: &mut Criterion) {
    group(c, "call", 1);
}

fn call_64(c: &mut Criterion) {
    group(c, "call_64", IN_FLIGHT);
}

criterion_group!(benches, call, call_64);
criterion_main!(benches);
