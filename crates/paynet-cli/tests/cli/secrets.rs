//! No key (secret, session, encryption) and no card number (beyond its first 6 and last 4 digits)
//! or CVC is printed, whichever command runs, with or without `--json` and `--verbose`, even when
//! the server echoes them back.

use paynet_sim::{PRE_AUTH_100_XACT, PRE_AUTH_250_REFERENCE_NO, SimConfig, TEST_CARD_APPROVE};

use crate::support::*;

#[test]
fn no_key_reaches_stdout_or_stderr_even_with_verbose() {
    let secret = "sck_cli_TEST/secret+key==";
    let session = "ssk_cli_TEST_session_key";
    let sim = start(
        SimConfig::default()
            .secret_key(secret)
            .without_session_keys()
            .session_key(session),
    );
    let keyed = || {
        let mut cmd = paynet(&sim);
        cmd.env(SECRET_VAR, secret).env(SESSION_VAR, session);
        cmd
    };
    let runs = [
        run(
            &mut keyed(),
            &[
                "-v",
                "capture",
                "--reference-no",
                PRE_AUTH_250_REFERENCE_NO,
                "--amount",
                "1",
            ],
        ),
        run(
            &mut keyed(),
            &[
                "-vv",
                "--json",
                "capture",
                "--reference-no",
                PRE_AUTH_250_REFERENCE_NO,
                "--amount",
                "1",
            ],
        ),
        run(
            &mut keyed(),
            &["-v", "capture", "--reference-no", "DECLINE-1"],
        ),
        run(&mut keyed(), &["-v", "capture", "--reference-no", "DROP-1"]),
        run(
            &mut keyed(),
            &["-v", "capture", "--reference-no", "FAIL500-1"],
        ),
        run(&mut keyed(), &["-v", "init-sale", "--amount", "149.90"]),
        run(
            &mut keyed(),
            &[
                "-vv",
                "--json",
                "init-sale",
                "--amount",
                "149.90",
                "--reference-no",
                "R-1",
            ],
        ),
    ];
    let codes: Vec<i32> = runs.iter().map(|r| r.code).collect();
    assert_eq!(codes, [0, 0, 3, 4, 5, 0, 0]);
    for r in &runs {
        let all = r.all();
        for key in [secret, session, "secret+key", "TEST_session"] {
            assert!(!all.contains(key), "{key} printed:\n{all}");
        }
        // --verbose logged the facade's call.
        assert!(r.stderr.contains("paynet.call"), "{}", r.stderr);
    }
    // The wrong key of a refused call is not printed either.
    let mut cmd = paynet(&sim);
    cmd.env(SECRET_VAR, "sck_cli_WRONG_key");
    let r = run(&mut cmd, &["-vv", "capture", "--xact", PRE_AUTH_100_XACT]);
    expect(&r, 3);
    assert!(!r.all().contains("WRONG_key"), "{}", r.all());
}

#[test]
fn app2app_commands_print_no_key_even_with_verbose() {
    let secret = "sck_cli_APP2APP/secret+key==";
    let sim = start(
        SimConfig::default()
            .secret_key(secret)
            .without_session_keys(),
    );
    let keyed = |session: &str| {
        let mut cmd = paynet(&sim);
        cmd.env(SECRET_VAR, secret).env(SESSION_VAR, session);
        cmd
    };
    // session open: the key on stdout, once; never on stderr.
    let opened = run(
        &mut keyed(""),
        &[
            "-vv",
            "session",
            "open",
            "--agent-id",
            AGENT,
            "--user-id",
            USER,
        ],
    );
    expect(&opened, 0);
    let session = opened
        .stdout
        .lines()
        .last()
        .and_then(|l| l.strip_prefix("export PAYNET_SESSION_KEY='"))
        .and_then(|k| k.strip_suffix('\''))
        .unwrap()
        .to_owned();
    assert!(!opened.stderr.contains(&session), "{}", opened.stderr);

    let id = {
        let r = run(
            &mut keyed(&session),
            &["--json", "init-sale", "--amount", "10"],
        );
        expect(&r, 0);
        r.json()["payment_session_id"].as_str().unwrap().to_owned()
    };
    let pending = run(
        &mut keyed(&session),
        &["-vv", "check-sale", "--payment-session-id", &id],
    );
    let xact_id = sim.complete_sale(&id, true).unwrap().xact_id;
    let runs = [
        pending,
        run(
            &mut keyed(&session),
            &["-vv", "check-sale", "--payment-session-id", &id],
        ),
        run(
            &mut keyed(&session),
            &["-vv", "--json", "check-sale", "--payment-session-id", &id],
        ),
        run(
            &mut keyed(&session),
            &["-vv", "check-sale", "--payment-session-id", "DROP-1"],
        ),
        run(
            &mut keyed(&session),
            &["-vv", "init-reversal", "--xact-id", &xact_id],
        ),
        run(
            &mut keyed(&session),
            &["-vv", "--json", "init-reversal", "--xact-id", &xact_id],
        ),
        run(&mut keyed(&session), &["-vv", "session", "close"]),
        run(&mut keyed(&session), &["-vv", "session", "close"]),
        run(
            &mut keyed(&session),
            &["-vv", "check-sale", "--payment-session-id", &id],
        ),
    ];
    let codes: Vec<i32> = runs.iter().map(|r| r.code).collect();
    assert_eq!(codes, [0, 0, 0, 4, 0, 3, 0, 3, 3]);
    for r in runs.iter().chain([&opened]) {
        assert!(r.stderr.contains("paynet.call"), "{}", r.stderr);
        for key in [secret, "secret+key", "APP2APP"] {
            assert!(!r.all().contains(key), "{key} printed:\n{}", r.all());
        }
    }
    for r in &runs {
        assert!(
            !r.all().contains(&session),
            "session key printed:\n{}",
            r.all()
        );
    }
}

#[test]
fn keys_a_server_echoes_are_never_printed() {
    const SECRET: &str = "sck_CANNED_secret_key_0042";
    const SESSION: &str = "ssk_CANNED_env_session_0042";
    const NEW_SESSION: &str = "ssk_CANNED_new_session_0042";
    const ENCRYPTION: &str = "ENCKEY_canned_0123456789abcdefghijklmnopq=";
    let cases: [(u16, &'static str, &[&str]); 5] = [
        (
            200,
            r#"{"session_key":"ssk_CANNED_new_session_0042","expired_date":"2024-06-04T10:27:22.0296925+03:00","agent_id":"20005","company_code":"20000","user_id":"u","user_unique_id":"uu","is_okc_inquiry":false,"object_name":"agent_session","code":0,"message":"key ssk_CANNED_new_session_0042 for sck_CANNED_secret_key_0042"}"#,
            &["session", "open", "--agent-id", "20005", "--user-id", "u"],
        ),
        (
            400,
            r#"{"object_name":"error","code":12,"message":"no session ssk_CANNED_env_session_0042 (sck_CANNED_secret_key_0042)"}"#,
            &["session", "close"],
        ),
        (
            200,
            r#"{"payment_session_id":"ps-1","deeplink_url":"paypos://reversal?payment_session_id=ps-1","encryption_key":"ENCKEY_canned_0123456789abcdefghijklmnopq=","object_name":"payment_session","code":0,"message":"ok ENCKEY_canned_0123456789abcdefghijklmnopq= ssk_CANNED_env_session_0042"}"#,
            &["init-reversal", "--xact-id", "xk_1"],
        ),
        (
            200,
            r#"{"Data":[{"xact_id":"xk_1","transaction_type":1,"pos_type":5,"amount":10.5,"netAmount":10.25,"is_succeed":true,"note":"session ssk_CANNED_env_session_0042","agent_reference":"ssk_CANNED_env_session_0042"}],"object_name":"transaction_list","code":0,"message":"ssk_CANNED_env_session_0042"}"#,
            &["check-sale", "--payment-session-id", "ps-1"],
        ),
        (
            400,
            r#"{"object_name":"error","code":7,"message":"bad Session-Key ssk_CANNED_env_session_0042"}"#,
            &["check-sale", "--payment-session-id", "ps-1"],
        ),
    ];
    for json in [false, true] {
        for (status, body, args) in &cases {
            let (url, server) = canned(*status, *body);
            let mut cmd = paynet_at(&url);
            cmd.env(SECRET_VAR, SECRET).env(SESSION_VAR, SESSION);
            let mut all_args = vec!["-vv"];
            if json {
                all_args.push("--json");
            }
            all_args.extend_from_slice(args);
            let r = run(&mut cmd, &all_args);
            server.join().unwrap();
            assert!([0, 3].contains(&r.code), "{}", r.all());
            for key in [SECRET, SESSION, ENCRYPTION, "CANNED_env", "ENCKEY_canned"] {
                assert!(!r.all().contains(key), "{key} printed:\n{}", r.all());
            }
            // The new session key: on stdout, once, for `session open` only.
            assert!(!r.stderr.contains("CANNED_new"), "{}", r.stderr);
            if args[..2] == ["session", "open"] {
                expect(&r, 0);
                assert_eq!(r.stdout.matches(NEW_SESSION).count(), 1, "{}", r.stdout);
            } else {
                assert!(!r.stdout.contains("CANNED_new"), "{}", r.stdout);
            }
        }
    }
}

/// Both keys of the environment, echoed back by the server in success answers, declines, refusals
/// and error pages, in any field: neither is printed, whichever command runs and whichever of the
/// two it sends (capture sends only the secret key; init-sale and check-sale only the session key).
#[test]
fn keys_of_the_environment_are_never_printed_whichever_command_runs() {
    const SECRET: &str = "sck_ECHO_secret_key_0077";
    const SESSION: &str = "ssk_ECHO_env_session_0077";
    let both = format!("{SECRET} {SESSION}");
    let capture_ok = format!(
        r#"{{"xact_id":"xk_echo","xact_date":"2015-12-04T18:14:28.377","transaction_type":4,"pos_type":5,"is_tds":false,"agent_id":"20005","user_id":"{SESSION}","email":"{SECRET}","phone":"","bank_id":"AXSS","instalment":0,"ratio":0.0199,"card_no_masked":"435508******4358","card_holder":"{both}","amount":10.50,"net_amount":10.25,"comission":0.21,"comission_tax":0.04,"currency":"TRY","authorization_code":"{SECRET}","reference_code":"{SESSION}","order_id":"order {both}","is_succeed":true,"paynet_error_id":"","paynet_error_message":"","bank_error_id":"","bank_error_message":"","code":0,"message":"ok {both}"}}"#
    );
    let capture_declined = format!(
        r#"{{"xact_id":"xk_echo","transaction_type":4,"pos_type":5,"amount":10.50,"user_id":"{SESSION}","is_succeed":false,"bank_error_id":"05","bank_error_message":"declined {both}","bank_error_short_desc":"{SECRET}","bank_error_long_desc":"{SESSION}","code":1,"message":"{both}"}}"#
    );
    let refused = format!(
        r#"{{"type":"authorization_error","message":"bad key {both}","code":401,"result_code":7}}"#
    );
    let paypos_refused =
        format!(r#"{{"object_name":"error","code":7,"message":"bad Session-Key {both}"}}"#);
    let page = format!("<html><body>500: {both} {SESSION}{SECRET}</body></html>");
    let sale_ok = format!(
        r#"{{"payment_session_id":"ps-echo {SESSION}","deeplink_url":"paypos://sale?payment_session_id=ps-echo&k={SECRET}","encryption_key":"ENCKEY_echo_0123456789abcdefghijklmnop=","object_name":"payment_session","code":0,"message":"ok {both}"}}"#
    );
    let check_ok = format!(
        r#"{{"Data":[{{"xact_id":"xk_echo","xact_date":"2015-12-04T18:14:28.377","transaction_type":1,"pos_type":5,"card_no":"435508******4358","card_holder":"{SECRET}","amount":10.5,"netAmount":10.25,"is_succeed":true,"xact_transaction_id":"{SESSION}","note":"{both}","agent_reference":"{SESSION}"}}],"object_name":"transaction_list","code":0,"message":"{both}"}}"#
    );
    let check_declined = format!(
        r#"{{"Data":[{{"xact_id":"xk_echo","transaction_type":1,"pos_type":5,"amount":10.5,"is_succeed":false,"note":"{both}","agent_reference":"{SECRET}"}}],"object_name":"transaction_list","code":0,"message":"{SESSION}"}}"#
    );
    let capture: &[&str] = &["capture", "--reference-no", "R-ECHO", "--amount", "10.50"];
    let init_sale: &[&str] = &["init-sale", "--amount", "10.50"];
    let check_sale: &[&str] = &["check-sale", "--payment-session-id", "ps-echo"];
    let cases: [(u16, &str, &[&str], i32); 12] = [
        (200, &capture_ok, capture, 0),
        (200, &capture_declined, capture, 3),
        (401, &refused, capture, 3),
        (500, &page, capture, 5),
        (200, &sale_ok, init_sale, 0),
        (400, &paypos_refused, init_sale, 3),
        (401, &refused, init_sale, 3),
        (500, &page, init_sale, 5),
        (200, &check_ok, check_sale, 0),
        (200, &check_declined, check_sale, 3),
        (400, &paypos_refused, check_sale, 3),
        (500, &page, check_sale, 5),
    ];
    for json in [false, true] {
        for (status, body, args, code) in &cases {
            let (url, server) = canned(*status, *body);
            let mut cmd = paynet_at(&url);
            cmd.env(SECRET_VAR, SECRET).env(SESSION_VAR, SESSION);
            let mut all_args = vec!["-vv"];
            if json {
                all_args.push("--json");
            }
            all_args.extend_from_slice(args);
            let r = run(&mut cmd, &all_args);
            server.join().unwrap();
            expect(&r, *code);
            assert!(r.stderr.contains("paynet.call"), "{}", r.stderr);
            for key in [SECRET, SESSION, "ECHO_secret", "ECHO_env", "ENCKEY_echo"] {
                assert!(!r.all().contains(key), "{key} printed:\n{}", r.all());
            }
            if json {
                r.json();
            }
        }
    }
    // What is not a key is printed as Paynet sent it: the date's exact text, and `[redacted]`
    // where a key was.
    let (url, server) = canned(200, capture_ok.as_str());
    let mut cmd = paynet_at(&url);
    cmd.env(SECRET_VAR, SECRET).env(SESSION_VAR, SESSION);
    let mut args = vec!["--json"];
    args.extend_from_slice(capture);
    let r = run(&mut cmd, &args);
    server.join().unwrap();
    expect(&r, 0);
    let t = r.json();
    assert_transaction_shape(&t, &CAPTURE_NUMBERS);
    assert_eq!(t["xact_date"], "2015-12-04T18:14:28.377");
    assert_eq!(t["user_id"], "[redacted]");
    assert_eq!(t["message"], "ok [redacted] [redacted]");
}

/// A key variable the command does not need is still kept out of what it prints, even when it
/// is malformed (and the command does not fail for it); the one it needs must be well-formed.
#[test]
fn a_key_the_command_does_not_need_is_scrubbed_even_when_malformed() {
    const BAD_SECRET: &str = "sck ECHO malformed secret 0077";
    const BAD_SESSION: &str = "ssk ECHO malformed session 0077";
    const SECRET: &str = "sck_ECHO_good_secret_0077";
    const SESSION: &str = "ssk_ECHO_good_session_0077";
    // init-sale under a good session key, with a malformed secret key the server echoes.
    let sale = format!(
        r#"{{"payment_session_id":"ps-echo","deeplink_url":"paypos://sale?payment_session_id=ps-echo","object_name":"payment_session","code":0,"message":"ok {BAD_SECRET}"}}"#
    );
    let (url, server) = canned(200, sale);
    let mut cmd = paynet_at(&url);
    cmd.env(SECRET_VAR, BAD_SECRET).env(SESSION_VAR, SESSION);
    let r = run(&mut cmd, &["-vv", "--json", "init-sale", "--amount", "1"]);
    server.join().unwrap();
    expect(&r, 0);
    assert_eq!(r.json()["message"], "ok [redacted]");
    assert!(!r.all().contains("ECHO malformed"), "{}", r.all());
    // capture under a good secret key, with a malformed session key the server echoes.
    let refused = format!(
        r#"{{"type":"authorization_error","message":"no {BAD_SESSION}","code":401,"result_code":7}}"#
    );
    let (url, server) = canned(401, refused);
    let mut cmd = paynet_at(&url);
    cmd.env(SECRET_VAR, SECRET).env(SESSION_VAR, BAD_SESSION);
    let r = run(&mut cmd, &["-vv", "capture", "--xact", "1"]);
    server.join().unwrap();
    expect(&r, 3);
    assert!(!r.all().contains("ECHO malformed"), "{}", r.all());
    // The key a command needs, malformed: a usage error naming the variable, never its value.
    let sim = sim();
    for (args, var) in [
        (&["init-sale", "--amount", "1"][..], SESSION_VAR),
        (
            &["check-sale", "--payment-session-id", "x"][..],
            SESSION_VAR,
        ),
        (&["init-reversal", "--xact-id", "xk_1"][..], SESSION_VAR),
        (&["capture", "--xact", "1"][..], SECRET_VAR),
        (&["session", "close"][..], SECRET_VAR),
    ] {
        let mut cmd = paynet(&sim);
        cmd.env(SECRET_VAR, BAD_SECRET)
            .env(SESSION_VAR, BAD_SESSION);
        let r = run(&mut cmd, args);
        expect(&r, 2);
        assert!(r.stderr.contains(var), "{}", r.stderr);
        assert!(!r.all().contains("ECHO malformed"), "{}", r.all());
    }
    nothing_sent(&sim);
}

/// `session open` prints the session key Paynet issued: never the secret key, even when a broken
/// answer hands it back as the "new" session key (exit 5, nothing printed but the error).
#[test]
fn session_open_never_prints_the_secret_key_as_a_session_key() {
    const SECRET: &str = "sck_GUARD_secret_key_0099";
    for json in [false, true] {
        let (url, server) = canned(
            200,
            format!(r#"{{"session_key":"{SECRET}","code":0,"message":"ok"}}"#),
        );
        let mut cmd = paynet_at(&url);
        cmd.env(SECRET_VAR, SECRET);
        let mut args = vec!["session", "open", "--agent-id", "20005", "--user-id", "u"];
        if json {
            args.insert(0, "--json");
        }
        let r = run(&mut cmd, &args);
        server.join().unwrap();
        expect(&r, 5);
        assert!(!r.stdout.contains(SECRET), "{}", r.stdout);
        assert!(!r.stderr.contains(SECRET), "{}", r.stderr);
        assert!(r.stderr.contains("not printed"), "{}", r.stderr);
    }
}

/// `text` without the timestamps `--verbose` puts at the start of each log line (their digits
/// could hold a short CVC by chance).
fn without_timestamps(text: &str) -> String {
    text.lines()
        .map(|line| match line.split_once(' ') {
            Some((first, rest)) if first.ends_with('Z') && first.contains('T') => rest,
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A server that echoes the card's number and CVC in its answers (success, decline, refusal, error
/// page): neither is printed by `pay`, with or without --json and --verbose; the card number is
/// not printed whichever command runs (the tool registers it client-wide); the masked form (first
/// 6, last 4) may be. The CVC is scrubbed by the SDK from the answers of the payment that carries
/// it (a whole value, or a number standing alone in a text); the tool no longer registers it
/// client-wide (a short number would blank every equal number Paynet sends: see
/// `a_cvc_that_equals_a_result_code_leaves_it_readable`), so a capture, which carries no card,
/// prints the number of its answer as it is.
#[test]
fn card_numbers_and_cvcs_a_server_echoes_are_never_printed() {
    const SECRET: &str = "sck_CARD_ECHO_secret_0099";
    const CVC: &str = "7391";
    let pan = TEST_CARD_APPROVE;
    // The card as a person types it: the tool registers that form and its digits.
    let typed = format!(
        "{} {} {} {}",
        &pan[..4],
        &pan[4..8],
        &pan[8..12],
        &pan[12..]
    );
    let seed = paynet_httpmock::answers::answer("pay").unwrap();
    assert!(seed.contains(r#""card_holder":"AYSE YILMAZ""#));
    let approved = seed
        .replace(
            r#""card_holder":"AYSE YILMAZ""#,
            &format!(r#""card_holder":"{pan}""#),
        )
        .replace(
            r#""bank_authorization_code":"123456""#,
            &format!(r#""bank_authorization_code":"{CVC}""#),
        )
        .replace(
            r#""bank_order_id":"order-4711""#,
            &format!(r#""bank_order_id":"{typed}""#),
        )
        .replace(
            r#""message":"Başarılı İşlem""#,
            &format!(r#""message":"ok {pan} / {typed} (cvc {CVC})""#),
        );
    assert!(approved.contains(CVC) && approved.contains(&typed));
    let declined = format!(
        r#"{{"object_name":"transaction","code":1,"message":"card {pan}","xact_id":"xk_echo","transaction_type":1,"pos_type":5,"amount":"10,00","card_no_masked":"435508******4358","card_holder":"{typed}","is_succeed":false,"bank_error_id":"05","bank_error_message":"declined {pan}","bank_error_short_desc":"{CVC}","bank_error_long_desc":"{pan}{pan}","reference_no":"R-ECHO"}}"#
    );
    let refused = format!(
        r#"{{"type":"invalid_request_error","message":"bad pan {pan} ({typed})","code":400,"result_code":18}}"#
    );
    let page = format!("<html><body>500: {pan} {typed}</body></html>");
    let pay: &[&str] = &["pay", "--amount", "10", "--reference-no", "R-ECHO"];
    let capture: &[&str] = &["capture", "--reference-no", "R-ECHO", "--amount", "10"];
    let capture_ok = paynet_httpmock::answers::answer("capture")
        .unwrap()
        .replace(
            r#""card_holder":"GJH""#,
            &format!(r#""card_holder":"{pan} GJH""#),
        )
        .replace(
            r#""order_id":"order-8229""#,
            &format!(r#""order_id":"{CVC}""#),
        );
    assert!(capture_ok.contains(pan) && capture_ok.contains(CVC));
    let cases: [(u16, &str, &[&str], i32); 5] = [
        (200, &approved, pay, 0),
        (200, &declined, pay, 3),
        (400, &refused, pay, 3),
        (500, &page, pay, 5),
        (200, &capture_ok, capture, 0),
    ];
    for json in [false, true] {
        for (status, body, args, code) in &cases {
            let (url, server) = canned(*status, *body);
            let mut cmd = paynet_at(&url);
            cmd.env(SECRET_VAR, SECRET)
                .env(DOMAIN_VAR, DOMAIN)
                .env(CARD_NUMBER_VAR, &typed)
                .env(CARD_EXPIRY_VAR, test_expiry())
                .env(CARD_CVC_VAR, CVC)
                .env(CARD_HOLDER_VAR, "AYSE YILMAZ");
            let mut all_args = vec!["-vv"];
            if json {
                all_args.push("--json");
            }
            all_args.extend_from_slice(args);
            let r = run(&mut cmd, &all_args);
            server.join().unwrap();
            expect(&r, *code);
            let all = r.all();
            for secret in [pan, typed.as_str(), &pan[..12], &pan[4..], SECRET] {
                assert!(!all.contains(secret), "{secret} printed:\n{all}");
            }
            if args[0] == "pay" {
                let cvc_free = format!("{}\n{}", r.stdout, without_timestamps(&r.stderr));
                assert!(!cvc_free.contains(CVC), "the CVC printed:\n{cvc_free}");
            }
            if json {
                r.json();
            }
            if *code == 0 && args[0] == "pay" {
                assert!(r.stdout.contains("435508******4358"), "{}", r.stdout);
            }
        }
    }
}

/// A CVC equal to a number Paynet sends (result code 100, an earlier success) no longer blanks
/// it: the tool does not register the CVC client-wide, and the SDK never scrubs a payment's CVC
/// from a result code. Both a replayed payment and a replayed capture are read (exit 0, code 100).
#[test]
fn a_cvc_that_equals_a_result_code_leaves_it_readable() {
    let sim = sim();
    let mut cmd = with_secret(&sim);
    cmd.env(DOMAIN_VAR, DOMAIN);
    set_card(&mut cmd, TEST_CARD_APPROVE);
    cmd.env(CARD_CVC_VAR, "100");
    let pay = [
        "--json",
        "pay",
        "--amount",
        "100",
        "--reference-no",
        "CVC-100",
    ];
    let first = run(&mut cmd, &pay);
    expect(&first, 0);
    assert_eq!(first.json()["code"], 0);
    let mut cmd = with_secret(&sim);
    cmd.env(DOMAIN_VAR, DOMAIN);
    set_card(&mut cmd, TEST_CARD_APPROVE);
    cmd.env(CARD_CVC_VAR, "100");
    let again = run(&mut cmd, &pay);
    expect(&again, 0);
    let o = again.json();
    assert_eq!(o["code"], 100, "{o}");
    assert_eq!(o["replayed"], true);
    assert_eq!(sim.request_count(CHECK_PATH), 0, "read, not looked up");

    let capture = [
        "--json",
        "capture",
        "--reference-no",
        PRE_AUTH_250_REFERENCE_NO,
        "--amount",
        "1.00",
    ];
    for code in [0, 100] {
        let mut cmd = with_secret(&sim);
        set_card(&mut cmd, TEST_CARD_APPROVE);
        cmd.env(CARD_CVC_VAR, "100");
        let r = run(&mut cmd, &capture);
        expect(&r, 0);
        assert_eq!(r.json()["code"], code);
    }
}
