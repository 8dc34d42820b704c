//! Groups `decode` and `encode`: the SDK's wire work without the network.
//!
//! - `decode/*/capture`: the seed capture answer read into the typed outcome
//!   (`paynet_domain::decode`: scrubbed of the client's secrets, read into
//!   `paynet_api::paynet_transaction::types::Transaction` with exact decimals and lenient types,
//!   then into the typed view and outcome) vs into a plain struct with `f64` amounts.
//!   `decode/generated-only/capture` is the generated type alone, for reference.
//! - `encode/*`: a request made from the user's values and written as JSON bytes: the facade's
//!   checked request (`CaptureRequest` / `InitSaleRequest::builder(..).build()`, then
//!   `paynet_domain::encode`) vs the plain struct. `encode/facade-prebuilt/*` writes an already
//!   checked request (what each call does), for reference.
//! - `decode/*/ratios-13x12`: an instalment table of 13 banks x 12 options (`ratio/Get`), read
//!   into the typed [`paynet::RatioTable`] with exact amounts vs into plain structs with `f64`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use paynet_api::paynet_transaction::types as tx_wire;
use paynet_benches::baseline::{self, CaptureBody, InitSaleBody};
use paynet_benches::{CALLBACK_URL, CAPTURE_RESPONSE, REFERENCE_NO, SECRET_KEY, ratio_table, sdk};
use paynet_domain::{Answer, Secrets};

fn decode(c: &mut Criterion) {
    // The client's registry: its secret key, as a client built with one holds it.
    let secrets = Secrets::new();
    secrets.pin(SECRET_KEY);
    let request = sdk::capture_request(sdk::capture_amount()).expect("capture");
    let read = |body: &[u8]| {
        paynet_domain::decode(&request, Answer::new(200, body), &secrets).expect("typed")
    };
    // Both readers agree on what they read.
    let outcome = read(CAPTURE_RESPONSE);
    let typed = outcome.transaction();
    let plain: baseline::Transaction = serde_json::from_slice(CAPTURE_RESPONSE).expect("plain");
    assert_eq!(typed.is_succeed, plain.is_succeed);
    assert_eq!(
        typed.net_amount.map(|a| a.value().to_string()).as_deref(),
        Some("56.55")
    );

    let mut group = c.benchmark_group("decode");
    group.throughput(criterion::Throughput::Bytes(CAPTURE_RESPONSE.len() as u64));
    group.bench_function(BenchmarkId::new("facade", "capture"), |b| {
        b.iter(|| read(black_box(CAPTURE_RESPONSE)));
    });
    group.bench_function(BenchmarkId::new("hand-written", "capture"), |b| {
        b.iter(|| {
            serde_json::from_slice::<baseline::Transaction>(black_box(CAPTURE_RESPONSE))
                .expect("plain")
        });
    });
    group.bench_function(BenchmarkId::new("generated-only", "capture"), |b| {
        b.iter(|| {
            serde_json::from_slice::<tx_wire::Transaction>(black_box(CAPTURE_RESPONSE))
                .expect("wire")
        });
    });
    group.finish();
}

fn encode(c: &mut Criterion) {
    let capture_amount = sdk::capture_amount();
    let sale_amount = sdk::sale_amount();
    let capture = sdk::capture_request(capture_amount).expect("capture");
    let sale = sdk::init_sale_request(sale_amount).expect("sale");

    let mut group = c.benchmark_group("encode");
    group.bench_function(BenchmarkId::new("facade", "init_sale"), |b| {
        b.iter(|| {
            let request = sdk::init_sale_request(black_box(sale_amount)).expect("sale");
            paynet_domain::encode(&request).expect("json")
        });
    });
    group.bench_function(BenchmarkId::new("hand-written", "init_sale"), |b| {
        b.iter(|| {
            let body = InitSaleBody::new(black_box(149.90), REFERENCE_NO, CALLBACK_URL);
            serde_json::to_vec(&body).expect("json")
        });
    });
    group.bench_function(BenchmarkId::new("facade-prebuilt", "init_sale"), |b| {
        b.iter(|| paynet_domain::encode(black_box(&sale)).expect("json"));
    });
    group.bench_function(BenchmarkId::new("facade", "capture"), |b| {
        b.iter(|| {
            let request = sdk::capture_request(black_box(capture_amount)).expect("capture");
            paynet_domain::encode(&request).expect("json")
        });
    });
    group.bench_function(BenchmarkId::new("hand-written", "capture"), |b| {
        b.iter(|| {
            let body = CaptureBody::new(REFERENCE_NO, black_box(10.50));
            serde_json::to_vec(&body).expect("json")
        });
    });
    group.bench_function(BenchmarkId::new("facade-prebuilt", "capture"), |b| {
        b.iter(|| paynet_domain::encode(black_box(&capture)).expect("json"));
    });
    group.finish();
}

fn decode_ratios(c: &mut Criterion) {
    let secrets = Secrets::new();
    secrets.pin(SECRET_KEY);
    let body = ratio_table(13, 12);
    let request = paynet::RatiosRequest::for_card("435508", sdk::sale_amount()).expect("request");
    let read = |body: &[u8]| {
        paynet_domain::decode(&request, Answer::new(200, body), &secrets).expect("typed")
    };
    // Both readers read all 156 options, and the SDK's amounts are exact.
    let table = read(body.as_bytes());
    assert_eq!(table.options().count(), 13 * 12);
    let plain: baseline::RatioTable = serde_json::from_str(&body).expect("plain");
    assert_eq!(
        plain.data.iter().map(|b| b.ratio.len()).sum::<usize>(),
        13 * 12
    );
    let last = table.options().last().expect("an option").1;
    assert_eq!(
        last.commission.map(|a| a.value().to_string()).as_deref(),
        Some("184.90")
    );

    let mut group = c.benchmark_group("decode");
    group.throughput(criterion::Throughput::Bytes(body.len() as u64));
    group.bench_function(BenchmarkId::new("facade", "ratios-13x12"), |b| {
        b.iter(|| read(black_box(body.as_bytes())));
    });
    group.bench_function(BenchmarkId::new("hand-written", "ratios-13x12"), |b| {
        b.iter(|| serde_json::from_str::<baseline::RatioTable>(black_box(&body)).expect("plain"));
    });
    group.finish();
}

criterion_group!(benches, decode, decode_ratios, encode);
criterion_main!(benches);
