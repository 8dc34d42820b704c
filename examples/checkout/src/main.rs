//! `cargo run -p paynet-checkout-example`: the example shop against the simulated Paynet, both on
//! loopback. Prints the URL to open and the test cards.
//!
//! Options: `--port N` (default 8080; 0 picks a free port), `--db PATH` (default
//! `target/checkout-example/orders.sqlite`). The orders survive a restart; the simulator's
//! ledger does not (it lives in memory), so old receipts still show, but refunding an order of an
//! earlier run is refused by the new simulator.

use std::io::Write;
use std::path::PathBuf;

use clap::Parser;
use paynet_checkout_example::Store;
use paynet_checkout_example::demo::{BoxError, Demo};
use paynet_sim::SimConfig;

/// The Paynet example shop, against the simulated Paynet.
#[derive(Debug, Parser)]
struct Args {
    /// The port the shop listens on, on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The SQLite file that keeps the orders.
    #[arg(long, default_value = "target/checkout-example/orders.sqlite")]
    db: PathBuf,
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();

    if let Some(dir) = args.db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let store = Store::open(&args.db)?;
    let mut demo = Demo::start(SimConfig::default(), store, args.port)
        .await
        .map_err(|e| format!("cannot start on port {} ({e}); try --port 0", args.port))?;

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "\nPaynet example shop: open {url}\n\
         \n  simulated Paynet  {sim}\n  orders kept in    {db}\n\
         \nTest cards (any name, expiry {m:02}/{y}, CVC {cvc}; bank page password \"{pw}\"):\n\
         \n  {ok}  approved\n  {no}  declined by the bank\
         \n  {tds}  approved, 3-D required\n  {tdsno}  3-D verification fails\n\
         \nAn order's page offers both checkouts: the card form on the shop's page, or Paynet.js\
         \n(the card goes from the browser straight to the simulated Paynet; the shop only gets a token).\n\
         \nStop with Ctrl-C.\n",
        url = demo.url,
        sim = demo.sim.base_url(),
        db = args.db.display(),
        m = paynet_sim::TEST_EXPIRY_MONTH,
        y = paynet_sim::TEST_EXPIRY_YEAR % 100,
        cvc = paynet_sim::TEST_CVC,
        pw = paynet_sim::TEST_3D_PASSWORD,
        ok = paynet_sim::TEST_CARD_APPROVE,
        no = paynet_sim::TEST_CARD_DECLINE,
        tds = paynet_sim::TEST_CARD_3D_REQUIRED,
        tdsno = paynet_sim::TEST_CARD_3D_DECLINE,
    )?;
    drop(out);

    demo.serve_until(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    demo.stop().await;
    Ok(())
}
