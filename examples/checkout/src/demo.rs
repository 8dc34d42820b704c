//! The shop and a simulated Paynet, side by side on loopback: what `cargo run -p
//! paynet-checkout-example` starts, and what the tests drive.
//!
//! A real shop builds its [`Client`] with its own secret key (e.g. from `PAYNET_SECRET_KEY`) and
//! `Environment::Production`, its public `https://` URL, and the same [`router`].

use std::error::Error as StdError;
use std::net::Ipv4Addr;

use paynet::{Client, ClientBuilder, SecretKey};
use paynet_sim::{SimConfig, Simulator};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::request_log::RequestLog;
use crate::{PaynetJs, Product, Shop, Store, router};

/// The merchant's domain the demo shop pays under (shown on the bank's page).
pub const MERCHANT_DOMAIN: &str = "checkout.example";

/// Any error of starting the demo.
pub type BoxError = Box<dyn StdError + Send + Sync>;

/// A running demo: the simulator, and the shop serving on `url`.
#[derive(Debug)]
pub struct Demo {
    /// The simulated Paynet.
    pub sim: Simulator,
    /// The shop (its client, store and product).
    pub shop: Shop,
    /// Where the shop serves: `http://127.0.0.1:PORT`.
    pub url: String,
    /// Every request the shop received, when started by [`Demo::start_recorded`] (tests only).
    pub requests: Option<RequestLog>,
    server: JoinHandle<std::io::Result<()>>,
}

/// What the demo shop sells.
pub fn demo_product() -> Result<Product, BoxError> {
    Ok(Product {
        name: "Stoneware mug \u{201c}Bosphorus\u{201d}".to_owned(),
        price: "149.90".parse()?,
    })
}

impl Demo {
    /// Starts a simulator with `config`, then the shop on 127.0.0.1:`port` (0: any free port),
    /// keeping its orders in `store`.
    pub async fn start(config: SimConfig, store: Store, port: u16) -> Result<Demo, BoxError> {
        Demo::start_with(config, store, port, |client| client).await
    }

    /// [`Demo::start`], with the Paynet client's builder passed through `configure` (e.g. for
    /// shorter timeouts).
    pub async fn start_with(
        config: SimConfig,
        store: Store,
        port: u16,
        configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
    ) -> Result<Demo, BoxError> {
        Demo::launch(config, store, port, configure, None).await
    }

    /// [`Demo::start`] on any free port, keeping every request the shop receives in
    /// [`Demo::requests`]: for tests that prove what the shop never saw. Never in a real shop
    /// (the bodies of its own card form carry card data).
    pub async fn start_recorded(config: SimConfig, store: Store) -> Result<Demo, BoxError> {
        Demo::launch(
            config,
            store,
            0,
            |client| client,
            Some(RequestLog::default()),
        )
        .await
    }

    async fn launch(
        config: SimConfig,
        store: Store,
        port: u16,
        configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
        requests: Option<RequestLog>,
    ) -> Result<Demo, BoxError> {
        let sim = Simulator::start(config).await?;
        // The one object that talks to Paynet. The secret key stays in it (and in this server).
        let client = Client::builder()
            .base_url(sim.base_url())
            .secret_key(SecretKey::new(sim.secret_key())?)
            .merchant_domain(MERCHANT_DOMAIN);
        let client = configure(client).build()?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let url = format!("http://{}", listener.local_addr()?);
        // Paynet.js: the simulator serves Paynet's custom-form script and the wire under it.
        let paynet_js = PaynetJs {
            script_url: format!("{}/public/js/paynet-custom.js", sim.base_url()),
            publishable_key: sim.publishable_key().to_owned(),
        };
        let shop = Shop::with_paynet_js(client, store, url.clone(), demo_product()?, paynet_js);
        let app = match &requests {
            Some(log) => log.around(router(shop.clone())),
            None => router(shop.clone()),
        };
        let server = tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(Demo {
            sim,
            shop,
            url,
            requests,
            server,
        })
    }

    /// Waits until the shop stops serving (it does not, unless it fails).
    pub async fn serve_until(&mut self, stop: impl Future<Output = ()>) {
        tokio::select! {
            _ = &mut self.server => {}
            () = stop => {}
        }
    }

    /// Stops the shop and the simulator.
    pub async fn stop(self) {
        self.server.abort();
        let _ = self.server.await;
        self.sim.shutdown().await;
    }
}
