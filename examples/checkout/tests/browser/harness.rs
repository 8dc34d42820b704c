//! What every browser test uses: chromedriver and a headless Chromium, screenshots, waiting and
//! finding; `browser_test!` turns a scenario into a test.

use std::future::Future;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::{Client as Browser, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// How long any one step may take.
pub const STEP: Duration = Duration::from_secs(15);

/// A chromedriver this test started; killed when dropped.
pub struct ChromeDriver {
    child: Child,
    port: u16,
}

impl ChromeDriver {
    fn find() -> PathBuf {
        if let Some(path) = std::env::var_os("CHROMEDRIVER") {
            return PathBuf::from(path);
        }
        let on_path = std::env::var_os("PATH")
            .into_iter()
            .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
            .map(|dir| dir.join("chromedriver"));
        let debian = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .map(PathBuf::from);
        on_path.chain(debian).find(|p| p.is_file()).unwrap_or_else(|| {
            panic!(
                "chromedriver not found (looked at $CHROMEDRIVER, the PATH, /usr/bin/chromedriver): \
                 install Debian's browser and driver with \
                 `apt-get install -y chromium chromium-driver`, or set CHROMEDRIVER=/path/to/chromedriver"
            )
        })
    }

    pub fn start() -> ChromeDriver {
        let path = ChromeDriver::find();
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(&path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {}: {e} (install Debian's chromium and chromium-driver, or set \
                     CHROMEDRIVER=/path/to/chromedriver)",
                    path.display()
                )
            });
        let driver = ChromeDriver { child, port };
        let deadline = Instant::now() + STEP;
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "{} did not listen on port {port}",
                path.display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Opens a headless Chromium session.
pub async fn open_browser(driver: &ChromeDriver) -> Browser {
    let mut options = json!({
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--no-first-run",
            "--window-size=1000,1100",
            "--lang=en-US",
        ],
    });
    if let Some(binary) = std::env::var_os("CHROME_BIN") {
        options["binary"] = json!(binary.to_string_lossy());
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert("goog:chromeOptions".into(), options);
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url())
        .await
        .unwrap_or_else(|e| panic!("chromedriver could not start Chromium: {e}"))
}

/// `target/checkout-screenshots/<test>/`, next to the test binary's `target/debug/deps/`.
fn screenshot_dir(test: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let target = exe
        .ancestors()
        .find(|p| p.file_name().is_some_and(|n| n == "target"))
        .map(Path::to_path_buf)
        .or_else(|| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap();
    let dir = target.join("checkout-screenshots").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Takes the numbered screenshots of the run.
pub struct Camera {
    pub dir: PathBuf,
    taken: Vec<PathBuf>,
}

impl Camera {
    /// A camera whose screenshots go to `target/checkout-screenshots/<test>/` (emptied first).
    pub fn new(test: &str) -> Camera {
        Camera {
            dir: screenshot_dir(test),
            taken: Vec::new(),
        }
    }

    /// The file names of the screenshots taken so far.
    pub fn names(&self) -> Vec<String> {
        self.taken
            .iter()
            .filter_map(|p| Some(p.file_name()?.to_str()?.to_owned()))
            .collect()
    }

    /// Saves a screenshot of what the browser shows, numbered in order, as `NN-name.png`.
    pub async fn shoot(&mut self, browser: &Browser, name: &str) {
        let png = browser.screenshot().await.unwrap();
        let path = self
            .dir
            .join(format!("{:02}-{name}.png", self.taken.len() + 1));
        std::fs::write(&path, png).unwrap();
        self.taken.push(path);
    }
}

/// Polls `check` until it is true (or fails the test after [`STEP`]).
pub async fn until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + STEP;
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn find(browser: &Browser, css: &str) -> fantoccini::elements::Element {
    browser
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| {
            panic!("no {css} on the page: {e}");
        })
}

pub async fn text(browser: &Browser, css: &str) -> String {
    find(browser, css).await.text().await.unwrap()
}

/// The page's visible text.
pub async fn page_text(browser: &Browser) -> String {
    browser
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// One browser at a time: the tests of this binary run on threads, and two Chromiums on a small
/// machine make each other's steps time out.
pub static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A test of `scenario` (an `async fn(&Browser, &Demo, &mut Camera)`), against the demo that
/// `$start` makes, with its screenshots in `target/checkout-screenshots/<name>/`; it fails
/// unless the scenario took at least `$shots` screenshots. A failing step leaves `failure.png`.
macro_rules! browser_test {
    ($name:ident, $start:expr, $shots:expr, $scenario:path) => {
        #[test]
        #[ignore = "needs chromium and chromium-driver; run with --ignored (.ci/run does)"]
        fn $name() {
            let _one = $crate::harness::ONE_AT_A_TIME
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                use futures_util::FutureExt as _;
                let driver = $crate::harness::ChromeDriver::start();
                let demo = $start.await;
                let browser = $crate::harness::open_browser(&driver).await;
                let mut camera = $crate::harness::Camera::new(stringify!($name));
                let outcome = std::panic::AssertUnwindSafe($scenario(&browser, &demo, &mut camera))
                    .catch_unwind()
                    .await;
                if outcome.is_err()
                    && let Ok(png) = browser.screenshot().await
                {
                    // What the browser showed when it failed.
                    let _ = std::fs::write(camera.dir.join("failure.png"), png);
                }
                let _ = browser.close().await;
                demo.stop().await;
                drop(driver);
                if let Err(panic) = outcome {
                    std::panic::resume_unwind(panic);
                }
                let names = camera.names();
                assert!(names.len() >= $shots, "{names:?}");
                eprintln!("screenshots in {}: {names:?}", camera.dir.display());
            });
        }
    };
}
