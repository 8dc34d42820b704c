//! `paynet sim`: the simulator as a process, serving until interrupted, on a given port and
//! key, tapping cards when asked.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use paynet_sim::{PRE_AUTH_100_REFERENCE_NO, PRE_AUTH_250_REFERENCE_NO, PRE_AUTH_250_XACT};
use serde_json::Value;

use crate::support::*;

/// Kills the child if the test fails before it ends.
pub(crate) struct Reap(Child);

impl Drop for Reap {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn spawn_sim(args: &[&str]) -> (Reap, BufReader<std::process::ChildStdout>) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("paynet"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    (Reap(child), stdout)
}

/// Interrupts the child as Ctrl-C would and waits (at most 10 s) for its exit code.
pub(crate) fn interrupt(child: &mut Reap) -> Option<i32> {
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Some(status) = child.0.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

#[test]
fn sim_serves_until_interrupted() {
    let (mut child, mut stdout) = spawn_sim(&["sim", "--json"]);
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let info: Value = serde_json::from_str(&line).unwrap();
    let base_url = info["base_url"].as_str().unwrap();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{base_url}");
    assert_eq!(info["secret_key"], paynet_sim::DEFAULT_SECRET_KEY);
    assert_eq!(info["session_key"], paynet_sim::DEFAULT_SESSION_KEY);
    assert_eq!(
        info["paynet_js"]["custom_form"],
        format!("{base_url}/public/js/paynet-custom.js")
    );
    assert_eq!(
        info["paynet_js"]["button"],
        format!("{base_url}/public/js/paynet.js")
    );
    assert_eq!(
        info["clock_advance"],
        format!("{base_url}/sim/clock/advance")
    );
    assert_eq!(info["limited_card"]["pan"], paynet_sim::TEST_CARD_LIMITED);
    assert_eq!(
        info["limited_card"]["limit_kurus"],
        paynet_sim::TEST_CARD_LIMIT_KURUS
    );

    let mut cmd = paynet_at(base_url);
    cmd.env(SECRET_VAR, paynet_sim::DEFAULT_SECRET_KEY);
    let r = run(
        &mut cmd,
        &[
            "capture",
            "--reference-no",
            PRE_AUTH_100_REFERENCE_NO,
            "--amount",
            "1",
        ],
    );
    expect(&r, 0);
    let mut cmd = paynet_at(base_url);
    cmd.env(SESSION_VAR, paynet_sim::DEFAULT_SESSION_KEY);
    let r = run(&mut cmd, &["init-sale", "--amount", "1"]);
    expect(&r, 0);

    assert_eq!(interrupt(&mut child), Some(0));
}

#[test]
fn sim_takes_a_port_and_a_secret_key() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let port = port.to_string();
    let (mut child, mut stdout) =
        spawn_sim(&["sim", "--port", &port, "--secret-key", "sck_my_test_key"]);
    let mut text = String::new();
    while !text.contains("Try:") {
        let mut line = String::new();
        if stdout.read_line(&mut line).unwrap() == 0 {
            break;
        }
        text.push_str(&line);
    }
    let base_url = format!("http://127.0.0.1:{port}");
    assert!(text.contains(&base_url), "{text}");
    assert!(
        text.contains("export PAYNET_SECRET_KEY='sck_my_test_key'"),
        "{text}"
    );
    assert!(text.contains(PRE_AUTH_250_REFERENCE_NO), "{text}");
    assert!(
        text.contains(&format!("{base_url}/sim/clock/advance"))
            && text.contains(&format!(
                "the card {} has a limit of 300.00 TRY",
                paynet_sim::TEST_CARD_LIMITED
            )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "src=\"{base_url}/public/js/paynet-custom.js\" data-key=\"{}\"",
            paynet_sim::DEFAULT_PUBLISHABLE_KEY
        )),
        "{text}"
    );

    let mut cmd = paynet_at(&base_url);
    cmd.env(SECRET_VAR, "sck_my_test_key");
    let r = run(
        &mut cmd,
        &["capture", "--xact", PRE_AUTH_250_XACT, "--amount", "2"],
    );
    expect(&r, 0);

    assert_eq!(interrupt(&mut child), Some(0));

    // A port in use cannot be bound: the tool fails (exit 1) and says why.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let r = run(&mut bare(), &["sim", "--port", &port]);
    expect(&r, 1);
    assert!(r.stderr.contains("could not start"), "{}", r.stderr);
}

#[test]
fn sim_taps_cards_when_asked() {
    let (mut child, mut stdout) = spawn_sim(&["sim", "--json", "--tap-after", "0.2"]);
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let info: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(info["agent_id"], AGENT);
    assert_eq!(info["user_id"], USER);
    assert!(line.contains(r#""tap_after_seconds":0.2,"#), "{line}");
    let base_url = info["base_url"].as_str().unwrap();

    let mut cmd = paynet_at(base_url);
    cmd.env(SECRET_VAR, paynet_sim::DEFAULT_SECRET_KEY);
    let r = run(
        &mut cmd,
        &[
            "--json",
            "session",
            "open",
            "--agent-id",
            AGENT,
            "--user-id",
            USER,
        ],
    );
    expect(&r, 0);
    let key = r.json()["session_key"].as_str().unwrap().to_owned();
    let mut cmd = paynet_at(base_url);
    cmd.env(SESSION_VAR, &key);
    let r = run(&mut cmd, &["--json", "init-sale", "--amount", "12.34"]);
    expect(&r, 0);
    let id = r.json()["payment_session_id"].as_str().unwrap().to_owned();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut cmd = paynet_at(base_url);
        cmd.env(SESSION_VAR, &key);
        let r = run(
            &mut cmd,
            &["--json", "check-sale", "--payment-session-id", &id],
        );
        expect(&r, 0);
        if r.json()["code"] == 0 {
            assert!(r.stdout.contains(r#""amount":12.34,"#), "{}", r.stdout);
            break;
        }
        assert!(Instant::now() < deadline, "the card was never tapped");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(interrupt(&mut child), Some(0));
}
