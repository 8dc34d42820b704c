//! Paynet's protocol as the simulator speaks it: credentials, how requests are read, the test
//! cards, the ledger and its seeded data, every endpoint with its rules, shapes and codes, the
//! triggers for unhappy paths, and how to inspect and drive the simulator.
//!
//! This module holds no code: it is the simulator's reference documentation.
//!
//! # Credentials
//!
//! | what | default | configure with |
//! |---|---|---|
//! | secret key (`Authorization: Basic <key>`, raw, no base64) | [`DEFAULT_SECRET_KEY`] `sck_sim_secret_key` | [`SimConfig::secret_key`] |
//! | publishable key (`Authorization: Basic <key>` on `/v1/ratio/Get_public` and the browser scripts' `/v1/paynetj/*`) | [`DEFAULT_PUBLISHABLE_KEY`] `pbk_sim_publishable_key` | [`SimConfig::publishable_key`] |
//! | session key valid from the start (`Session-Key: <key>`) | [`DEFAULT_SESSION_KEY`] `ssk_sim_session_key` | [`SimConfig::session_key`] |
//! | agent / user known to `get_auth_key` (the agent also to `autologin` and `check_integration_info`) | [`DEFAULT_AGENT_ID`] `20005` / [`DEFAULT_USER_ID`] `sim_user` | [`SimConfig::agent`] |
//! | agent reference number known to `check_agent` | [`DEFAULT_AGENT_REFERENCE_NO`] `987345` → agent `20005`, company [`DEFAULT_AGENT_COMPANY_CODE`] `20000` | [`SimConfig::agent_reference`] |
//!
//! Session keys issued by `get_auth_key` are valid until `logout` (the `expired_date` the
//! simulator reports, one day ahead, is not enforced). `logout` can also end a configured key.
//!
//! The `/v1/transaction/*`, `/v2/transaction/*` and `/v1/ratio/*` endpoints (all but
//! `/v1/ratio/Get_public`) and `/v1/agent/autologin`, `check_agent` and `check_integration_info`
//! need `Authorization: Basic <secret key>`, exactly; `/v1/ratio/Get_public` and `/v1/paynetj/*`
//! need `Authorization: Basic <publishable key>` (the secret key is refused there). Anything else
//! is HTTP 401 `{"type":"authorization_error","message":..,"code":401,"result_code":7}`. A body
//! that is not a valid request (not JSON, a field of the wrong type, a required field missing or
//! malformed) is HTTP 400 `{"type":"invalid_request_error",..,"code":400,"result_code":11}`, its
//! message naming the field when it can: "the 401" and "the 400" below.
//!
//! Every page reports the merchant's [`COMPANY_CODE`] `20000` (the transaction pages, the lists,
//! `payment_list`, `get_auth_key`); `check_agent` and `check_integration_info` report the company
//! code of the agent's reference entry, which is the same for the default agent
//! ([`DEFAULT_AGENT_COMPANY_CODE`]) and whatever [`SimConfig::agent_reference`] gives for others.
//!
//! # Reading requests: as leniently as Paynet
//!
//! Paynet's own PHP sample client (behind its PrestaShop and WooCommerce modules) sends booleans
//! as strings (`"add_comission_amount":"false"`), numbers as strings (`"instalment":"3"`,
//! `"limit":"1000"`), numbers where others send strings (`"transaction_type":1`, an `agent_id` or
//! a `bin` as a JSON number) and empty strings for unset fields; Paynet's .NET service reads them
//! all. So does every route of the simulator, field by field:
//!
//! | a field documented as | also accepts |
//! |---|---|
//! | boolean | `"true"` / `"false"` (any case, spaces trimmed), `1` / `0`, `"1"` / `"0"` |
//! | integer | the same digits as a string, `"3"` (spaces trimmed); never a fraction (`3.0`, `"3.5"`) |
//! | string | a JSON number or boolean, as its text (`20005` is `"20005"`, exactly as written) |
//! | amount or ratio | what the route documents, in the other JSON type: a string of kuruş digits (capture, refund, charge, `Get_public`) or a comma TL string (`pay`) also as a JSON integer (`1000` is `"1000"`); TL with a dot (`ratio/Get`, init_sale, `mark_transferred`, `escrow_status_update`'s `agent_amount`) or a ratio (`define`) also as a string of the same number (`"149.90"`) |
//! | anything | `null` and `""` are the same as an absent field |
//!
//! The *format* of amounts stays as strict as each route documents: a kuruş amount is digits
//! only (`"10.00"` and `10.50` are the 400), a `pay` amount a comma TL (`"10.50"` and `10.5` are
//! the 400), a TL amount has a dot and at most two decimals (`"100,50"` is the 400). What is not
//! one of these (`"yes"` for a boolean, `"3.5"` for an integer, an object for a string) is the
//! 400, naming the field; the message of a scalar field never repeats the value it got (a body
//! may carry a key). Unknown keys are ignored; required fields stay required.
//!
//! # Test cards
//!
//! Card payments (`pay`, `tds_initial`, the Paynet.js stand-in) take these cards. Any holder
//! name, any CVC of 3 or 4 digits ([`TEST_CVC`] `000`), any expiry not before the simulator
//! clock's month ([`TEST_EXPIRY_MONTH`]/[`TEST_EXPIRY_YEAR`], 12/2035, always works).
//!
//! | card | stored card (`card_hash`) | bank | what happens |
//! |---|---|---|---|
//! | [`TEST_CARD_APPROVE`] `4355084355084358` | [`TEST_CARD_HASH`] | AXSS | approved, with or without 3-D |
//! | [`TEST_CARD_DECLINE`] `5400610000000001` | [`TEST_CARD_HASH_DECLINE`] | BONS | declined by the bank: HTTP 200, `is_succeed: false`, `code` 1, `bank_error_id` "05", `bank_error_message` "Red-Onaylanmadı" |
//! | [`TEST_CARD_3D_REQUIRED`] `4508030000000006` | [`TEST_CARD_HASH_3D_REQUIRED`] | MAXM | needs 3-D: a direct `pay` is refused (`code` 16); through 3-D or Paynet.js it is approved |
//! | [`TEST_CARD_3D_DECLINE`] `5528790000000008` | [`TEST_CARD_HASH_3D_DECLINE`] | WRLD | needs 3-D, and its 3-D verification always fails (`code` 16, `md_status` "0") |
//! | [`TEST_CARD_LIMITED`] `5209323000000012` | | DENZ | a limit of [`TEST_CARD_LIMIT_KURUS`] (300.00 TL): approved while what the bank approved on it (sales and pre-authorisations, payments and subscription charges alike; refunds do not give it back) stays within the limit, then declined: `code` 1, `bank_error_id` "51", `bank_error_message` "Limit yetersiz" |
//! | any other Luhn-valid number of 13-19 digits | | by its BIN, else ZDGR | approved |
//!
//! The 3-D page's password ("SMS şifresi") is [`TEST_3D_PASSWORD`] `a`, as on Paynet's own test
//! cards. Card data is checked in this order, and a failure is HTTP 200 with `is_succeed: false`,
//! `code` 18 (wrongcarddata), `paynet_error_id` "18" and the reason in `paynet_error_message`:
//! the number (digits only, 13 to 19, Luhn), the holder (not blank), the expiry (month 1-12, year
//! of 4 digits or 2 meaning 20xx, not before the clock's month), the CVC. The four stored test
//! cards belong to the test customer [`TEST_CARD_OWNER_ID`] (see [Stored cards](#stored-cards));
//! a `card_hash` the simulator does not hold (or holds deleted) is `code` 25 (card_not_found).
//! Card numbers are never written back: answers carry the masked number, `435508******4358`.
//!
//! The 13 banks of Paynet's list, with the one BIN each has in the simulator (what `ratio/Get`
//! knows): ADVT 540130, AXSS 435508, BONS 540061, DENZ 520932, FINS 545616, KVYT 402277,
//! MAXM 450803, ODEA 528825, PARF 540435, VAKF 415565, WRLD 552879, ZDGR 979200 (read as "other
//! banks"), ZRTB 404308. Every simulated card is a personal credit card (`card_type` "cc").
//!
//! # The ledger
//!
//! Every transaction the simulator makes goes into one ledger, which every endpoint reads and
//! writes: sales (`transaction_type` 1) and pre-authorisations (3) made by `pay`, `tds_charge` and
//! `charge`; captures (4) of any pre-authorisation (seeded, configured or made by a payment);
//! PayPOS sales and reversals; cancellations and refunds (2), pre-authorisation cancellations (5)
//! and capture cancellations (6). Bank declines are recorded too (`is_succeed: false`); refusals
//! before the bank (wrong card data, 3-D required or failed, amount mismatch, unknown session,
//! over-capture) are not, and their answers have empty ids. Each transaction has a plain id (`id`,
//! also called `xact`: `1000101`, `1000102`...) and an encrypted one (`xact_id`, `xk_…`);
//! `check`, `detail` and the lists see all of them.
//!
//! # Seeded pre-authorisations
//!
//! [`SimConfig::default`] seeds two pre-authorisations that `capture` can finalise (dated one
//! hour before the clock's start):
//!
//! | xact_id | xact | reference_no | amount |
//! |---|---|---|---|
//! | [`PRE_AUTH_250_XACT_ID`] (the id in Paynet's capture example) | [`PRE_AUTH_250_XACT`] `1000001` | [`PRE_AUTH_250_REFERENCE_NO`] `SIM-PREAUTH-250` | 250.00 TL |
//! | [`PRE_AUTH_100_XACT_ID`] | [`PRE_AUTH_100_XACT`] `1000002` | [`PRE_AUTH_100_REFERENCE_NO`] `SIM-PREAUTH-100` | 100.00 TL |
//!
//! # Seeded history
//!
//! [`SimConfig::default`] also starts the ledger with [`SEEDED_HISTORY_LEN`] (25) past
//! transactions over the 30 days before the clock's start (all before today), so that a list shows
//! something at once; [`SimConfig::without_history`] leaves them out. Their `reference_no` is
//! `SIM-HIST-01` to `SIM-HIST-24` (ids `1000010`...), in TRY, on several banks: 21 sales (API,
//! 3-D, Paynet.js and PayPOS, some in instalments), a decline (`SIM-HIST-07`), a 500.00 TL
//! pre-authorisation (`SIM-HIST-05`) captured for 450.00 TL the next day (50.00 TL are left to
//! capture), and a refund of 100.00 TL of the 275.00 TL sale `SIM-HIST-12`, requested and approved
//! the day before today (the 25th transaction, and the one entry of the reversal list). The four
//! oldest are marked transferred. The set is fixed; with a seed its ids are reproducible, and it
//! never moves the clock nor changes the simulator's other ids.
//!
//! # Endpoints (`POST` with a JSON body unless said otherwise)
//!
//! **`/v1/transaction/capture`**: body `xact_id`, `xact`, `reference_no` (at least one, else the
//! 400) and `amount`, kuruş digits (`"1000"` = 10.00 TL, or the JSON integer `1000`; empty or
//! absent = all that is left; anything else, `"10.00"` say, is the 400). The pre-authorisation (any successful one in the
//! ledger) is found by the first identifier present, in the order `xact_id`, `xact`,
//! `reference_no`. Then, in this order:
//! - a `reference_no` already used by a successful capture: HTTP 200 with that earlier
//!   transaction, `code` 100 and the message "Bu referans numarası ile daha önce başarılı işlem
//!   yapılmış"; no money moves again;
//! - an unknown pre-authorisation: **HTTP 404** `{"type":"no_data_error",..,"code":404,
//!   "result_code":12}` (the simulator's choice; Paynet's own answer is not documented);
//! - an amount above what is left (or nothing left): HTTP 200, `is_succeed: false`, `code` 1,
//!   `paynet_error_id` [`triggers::OVER_CAPTURE_ERROR_ID`] and `paynet_error_message` filled;
//! - otherwise success: HTTP 200 with the full transaction of the capture page
//!   (`transaction_type` 4, `pos_type` 5, `currency` "TRY", `code` 0, `message` "Başarılı
//!   İşlem"), a fresh `xact_id`, and the remaining amount reduced. The capture carries the
//!   pre-authorisation's card, agent and `is_tds`, and the request's `reference_no` (else the
//!   pre-authorisation's). Commission is 1.99 % (`ratio` 0.0199) rounded to kuruş half away from
//!   zero, `comission_tax` is 20 % of it, and `net_amount = amount - comission - comission_tax`
//!   (10.00 TL gives 0.20, 0.04 and 9.76): the same for every transaction of the simulator.
//!
//! **`/v1/transaction/check`** (check_payment): body `xact_id` and/or `reference_no` (at least
//! one, else the 400). HTTP 200 `{"Data":[..],"object_name":"transaction_check","code":..,
//! "message":..}`: every transaction of the ledger whose `xact_id` or reference number matches,
//! oldest first, in the check shape (`xact_id`, `id`, ..., `card_no`, `netAmount`, `note`,
//! `agent_reference` (what `add_info` gave, else the `reference_no`), `is_transferred`,
//! `escrow_status`). Nothing found is `code` 12 with an empty `Data`.
//!
//! **`/v2/transaction/payment`** (pay): a direct card payment. Body: `amount`, a JSON string of
//! TL with a **comma** (`"1234,56"`, `"10,5"`, `"10"`; a JSON integer is read as its text, `10`
//! as `"10"`; anything else, e.g. `"10.50"`, `"1,234.50"`, three decimals, zero, or a JSON number
//! with a fraction, `10.5`, is the 400), `reference_no` (required, at most 50 characters),
//! `domain` (required), card data (`card_holder`, `pan`, `month`, `year` as integers, `cvc`) or `card_hash` (one of the two, else the 400), and optional
//! `card_owner_id` (beside `card_hash`: the card must be that customer's), `transaction_type` (1
//! sale, the default, or 3 pre-authorisation), `instalment` (0-12, else the
//! 400), `add_commission` (the commission and its tax are charged on top: 100,00 gives 102.39
//! charged, 100.00 net, `end_user_comission` 2.39), `agent_id`, `description`,
//! `card_holder_phone`, `card_holder_mail`, `ratio_code` (echoed), and the saving of the card
//! while paying: `save_card` (`true` or `"true"`), `card_desc`, `user_unique_id` or
//! `card_owner_id`, `user_gsm_no` (see [Stored cards](#stored-cards)). Then, in this order:
//! - the transport triggers of `reference_no`;
//! - a `reference_no` already used by a successful sale or pre-authorisation (whatever made it):
//!   that transaction, `code` 100, message "Önceki Başarılı İşlem"; no new money;
//! - wrong card data: `code` 18; a `card_hash` unknown, deleted or not the `card_owner_id`'s:
//!   `code` 25; a `card_owner_id` the simulator never answered: `code` 26; a `transaction_type`
//!   other than 1 or 3: `code` 19;
//! - a card that needs 3-D: `code` 16 (paynetj3derror), "use tds_initial";
//! - a bank decline (the declining card, a `DECLINE…` reference or the amount `"99,99"`): `code` 1,
//!   `bank_error_id` "05", recorded;
//! - otherwise the transaction, `code` 0.
//!
//! Every answer, refusals included, is HTTP 200 with the v2 transaction, in this order:
//! `object_name` "transaction", `code`, `message`, `id`, `xact_id`, `xact_date`,
//! `transaction_type`, `pos_type`, `is_tds`, `agent_id`, `user_id`, `email`, `phone`,
//! `instalment`, `ratio`, `card_no_masked`, `card_holder`, `amount`, `net_amount`, `comission`,
//! `comission_tax`, `end_user_comission`, `currency`, `bank_id`, `bank_name`,
//! `bank_authorization_code`, `bank_reference_code`, `bank_order_id` (the v2 names), `is_succeed`,
//! `paynet_error_id`, `paynet_error_message`, `bank_error_id`, `bank_error_message`,
//! `bank_error_short_desc`, `bank_error_long_desc`, `reference_no`, `xact_transaction_id`,
//! `ratio_code`, `card_type`, `card_brand_name`, `card_hash` (the stored card used or saved,
//! else ""), `md_status` ("1" after a verified 3-D, "0" after a failed one, "" without 3-D),
//! `card_owner_id` and `user_unique_id` (that stored card's owner, else ""), and, only when the
//! payment asked to save its card, `is_save_card_succeed` and `save_card_result_message`. Amounts
//! are JSON numbers (`149.90`); [`SimConfig::v2_comma_amounts`] writes them as `"149,90"`
//! instead.
//!
//! **`/v2/transaction/tds_initial`** (start_3d): the fields of `pay` plus `return_url`, an
//! absolute http(s) URL (else the 400). The same checks as `pay` (codes 18, 25, 19; no 3-D
//! refusal, no reference check, **no transport triggers**, so that a 3-D flow can always reach
//! `tds_charge`), then HTTP 200 `{session_id, token_id, post_url, html_content,
//! object_name:"tds_initial", code:0, message}`. `post_url` is the simulated bank's page on the
//! simulator, `{base}/sim/3d?session_id=..&token_id=..`; `html_content` is a form that opens the
//! same page by itself (a GET form with the two fields, and a script that submits it). No money
//! moves.
//!
//! **`GET /sim/3d?session_id=..&token_id=..`**: the bank's 3-D page (HTML, title "3-D Secure –
//! Paynet simülatörü"): the merchant's domain, the amount ("149,90 TL"), the masked card, a
//! password field "SMS şifresi", and two buttons, "Onayla" (approve) and "Reddet" (decline), in a
//! form that POSTs `session_id`, `token_id`, `password` and `action` (`approve` / `decline`) as
//! `application/x-www-form-urlencoded` to **`POST /sim/3d`**. Approving with
//! [`TEST_3D_PASSWORD`] verifies the session (the [`TEST_CARD_3D_DECLINE`] card declines it
//! instead); "Reddet" declines it; a wrong password shows the page again with an error, and the
//! third wrong password declines it. Once decided, the answer (and any later GET) is a page whose
//! form POSTs `session_id` and `token_id` (`application/x-www-form-urlencoded`, nothing else) to
//! the merchant's `return_url` by itself. `auto=approve` or `auto=decline` in the GET's query
//! decides at once, without the page (for scripts and tests). An unknown pair is an HTML 404.
//! [`Simulator::three_d_status`] tells where a session stands: pending, verified, declined,
//! charged.
//!
//! **`/v2/transaction/tds_charge`** (complete_3d): body `session_id`, `token_id` (required, else
//! the 400), `transaction_type` (optional: overrides the start's). An unknown pair is HTTP 200
//! with the v2 body, `code` 13 (paynetjnosession), `is_succeed: false`, no ids (the simulator's
//! choice). Then the transport triggers of the start's `reference_no`, and:
//! - charged before: that transaction again, `code` 100 "Önceki Başarılı İşlem" (or, if the bank
//!   declined it, the same declined transaction, `code` 1); no new money;
//! - not verified (still pending, or declined on the page): `code` 16, `is_succeed: false`,
//!   `md_status` "0", `is_tds: true`, nothing recorded (the same answer every time);
//! - verified, but a successful payment already has the start's `reference_no`: that payment,
//!   `code` 100;
//! - verified: the payment is made as `pay` would (bank declines included) with `is_tds: true` and
//!   `md_status` "1", `code` 0 (or 1), and the session is charged.
//!
//! **`/v1/transaction/charge`** (charge, Paynet.js): it finishes what Paynet's browser scripts
//! made (a token of `/v1/paynetj/create_token`, see "Paynet's browser scripts" below); without a
//! browser, a simulator-only call creates what the form would: [`Simulator::start_js_payment`]
//! with a [`JsPayment`] (the amount in kuruş as the ready-made form's `data-amount`, the card, the
//! reference, instalments, `data-add_commission_amount`, `data-ratio_code`, description), or over
//! HTTP **`POST /sim/js_payment`** (no key: the form would use the publishable key) with
//! `{amount: "1000" (or 1000), pan, card_holder, month, year, cvc | card_hash, reference_no,
//! instalment, add_comission_amount, ratio_code, description}`, which answers `{session_id,
//! token_id, object_name:"sim_js_payment", code:0, message}` or HTTP 400 with `result_code` 18
//! (wrong card data), 25 (unknown `card_hash`) or 11. Both return the `session_id` and `token_id`
//! the form would attach to the merchant's form. `charge` then takes `session_id`, `token_id`,
//! `amount` (required: kuruş digits `"1000"` for 10.00 TL, also as the JSON integer `1000`, or
//! the comma TL form `"10,00"`, which is compared as the same amount; anything else is the 400),
//! `transaction_type` (`"1"` or `"3"`, as a char, or a number; absent is a sale; anything else is
//! the 400),
//! `add_comission_amount`, `ratio_code` and `reference_no` (optional). An unknown pair is `code` 13;
//! then the transport triggers of the form's `reference_no` (or the body's), and: charged before:
//! that transaction, `code` 100 (or the same decline, `code` 1); an amount (or a sent
//! `add_comission_amount` / `ratio_code`) that differs from the form's: `code` 15
//! (paynetjunmatchtran), `is_succeed: false`, nothing charged (the session stays open); the
//! [`TEST_CARD_3D_DECLINE`] card: `code` 16 (the form's 3-D failed); otherwise the transaction
//! (bank declines as for `pay`; 3-D cards are charged with `is_tds: true`, as the form did 3-D),
//! `user_id` "PaynetJ". The answer is HTTP 200 with the v1 transaction in the spec's order: `id`,
//! `xact_id`, ..., `authorization_code`, `reference_code`, `order_id`, ..., `agent_reference_no`,
//! `ratio_code`, `end_user_comission`, `object_name`, `code`, `message`.
//!
//! **`/v1/transaction/detail`** (payment_detail): body `id`, `xact_id`, `xact` (the plain id too)
//! or `reference_no` (at least one, else the 400; `user_id` is ignored). HTTP 200
//! `{"Data":[..],"object_name":"transaction_detail","code":..,"message":..}`: every transaction
//! matching any of them, oldest first, in the detail shape (`id`, `xact_id`, `xact_date`,
//! `transaction_type`, `xact_type_desc`, `channel_id` (1 API, 2 3-D, 3 Paynet.js, 4 PayPOS),
//! `pos_type`, `pos_type_desc`, `is_tds`, `agent_id`, `agent_name`, `company_name`,
//! `company_code`, `user_name`, `note`, `ratio`, `ratio_code`, `agent_reference` (what
//! `add_info` gave, else the `reference_no`), `bank_id`, `bank_name`, `instalment`, `card_no`,
//! `card_holder`, `card_type`, `end_user_comission`, `amount`, `netAmount`, `comission`,
//! `comission_tax`, `currency`, `authorization_code`, `reference_code`, `order_id`,
//! `is_succeed`, `reversed`, `reversed_xact_id`, `xact_transaction_id`, `email`, `phone`,
//! `is_transferred` (false until `mark_transferred`), `escrow_status` (`null` until
//! `escrow_status_update`, then 2 or 3)). Nothing found is `code` 12 with an empty `Data`.
//! Trigger field: `reference_no`.
//!
//! **`/v1/transaction/reversed_request`** (cancel or refund): body `xact_id` (required), `amount`
//! (optional kuruş digits, `"1000"` or `1000`; absent, empty or `"0"` is the whole transaction, or
//! what is left of it), `succeedUrl` (camelCase, optional). The transport triggers run on the
//! transaction's `reference_no`. Refusals are Paynet's error shape: an unknown `xact_id` is HTTP
//! 404 `result_code` 12; anything but a sale or a capture (a pre-authorisation has
//! `preauth_reversal`) is 400 `result_code` 19; a declined transaction 400 `result_code` 6; the
//! 400 (`result_code` 11) for a bad `amount`, a `succeedUrl` that is not a **loopback** `http` URL
//! (`127.0.0.1`, `[::1]` or `localhost`, any port: the simulator posts nowhere else), a partial
//! amount on a transaction of the same day by the simulator's clock ("Aynı gün içinde kısmi iade
//! yapılamaz": the same day, only a cancellation in full), and an amount above what is left
//! unrefunded (approved refunds and pending requests count). Otherwise HTTP 200
//! `{"object_name":"transaction_reversed_request","code":0,"message":"Başarılı İşlem"}`: a
//! *request*, which the simulator decides [`SimConfig::reversal_delay`] later (default 50 ms; zero
//! decides it before answering). It is approved, unless the transaction's `reference_no` starts
//! with [`triggers::REFUND_DENY_PREFIX`] `REFUNDDENY` or the simulator was started with
//! [`SimConfig::deny_reversals`]. An approved request makes a reversal transaction
//! (`transaction_type` 2, the amount asked, the original's card and reference, the id reserved
//! when the request was made) and marks the original `reversed: true` with `reversed_xact_id`
//! (the latest reversal's). With a `succeedUrl`, the simulator then POSTs JSON
//! `{"xact_id": <the reversal's xact_id>, "code": 0 | 1, "status": 1 | 2, "message": ..}` to it
//! (`code` 0 and `status` 1 approved, `code` 1 and `status` 2 denied; a denied request's
//! `xact_id` names no transaction). Delivery is one attempt with a 5 s limit; an answer other
//! than 2xx, or none, counts as failed ([`Simulator::callbacks_failed`]; delivered ones:
//! [`Simulator::callbacks_delivered`]) and changes nothing else.
//!
//! **`/v1/transaction/preauth_reversal`**: body `xact_id` (required, else the 400). A successful
//! pre-authorisation with no live capture is cancelled at once: a transaction of type 5, the
//! pre-authorisation marked `reversed` with nothing left to capture; HTTP 200
//! `{"object_name":"transaction_preauth_reversed_request","code":0,"message":"Başarılı İşlem"}`.
//! Unknown `xact_id`: HTTP 404 `result_code` 12; not a successful pre-authorisation, already
//! cancelled, or captured: HTTP 400 `result_code` 19.
//!
//! **`/v1/transaction/capture_reversal`**: body `xact_id` (required) of a successful capture not
//! refunded nor cancelled: a transaction of type 6, the capture marked `reversed`, and its amount
//! capturable again on the pre-authorisation. The answer is that transaction in the capture
//! page's shape, with the page's odd types: `is_succeed` as the *string* `"true"` / `"false"` and
//! `currency` `"TRY"` (the page types it decimal). A capture whose `reference_no` starts with
//! `DECLINE` is declined by the bank (`"is_succeed":"false"`, `code` 1, nothing cancelled).
//! Unknown: HTTP 404 `result_code` 12; anything else: HTTP 400 `result_code` 19.
//!
//! **`/v1/transaction/list`**: body `datab`, `datbi` (required `YYYY-MM-DD` dates, `datab` not
//! after `datbi`, else the 400), `show_unsucceed` (default false: successful transactions only),
//! `untransferred` (true leaves out those marked transferred: the four oldest of the seeded
//! history and those `mark_transferred` marked), `agent_id`, `bank_id`, `user_id`
//! (filters), `limit` (1-1000, default 10), `starting_after` / `ending_before` (row offsets, not
//! negative). Rows are every transaction whose local date is in the range, by date then by the
//! order they were made: a stable order. `starting_after N` returns rows N to N+limit (0-based:
//! "starting_after 15, limit 15 → rows 15 to 30"), `ending_before M` rows M-limit to M, neither
//! rows 0 to limit; `starting_after` wins if both are sent. `has_more` tells whether rows remain
//! in the paging direction (after the page forward, before it backward), so that paging visits
//! every row exactly once. HTTP 200 `{companyCode, companyName, total (the sum of the matching
//! amounts, TL), total_count, limit, ending_before, starting_after (echoed, 0 when absent),
//! has_more, object_name:"transaction_list", code (0, or 12 when nothing matches), message,
//! Data:[..]}`, rows in the list shape of Paynet's PHP sample: `companyCode`, `companyName`,
//! `agent_id`, `agent_referans_no`, `agent_name`, `xact_id`, `xact_date`, `is_tds`, `bank_id`,
//! `bank_name`, `card_no`, `card_holder`, `card_type`, `card_type_name`, `authorization_code`,
//! `reference_code`, `order_id`, `postype_desc`, `xact_type`, `xacttype_desc`,
//! `fiscal_period_id` (yyyymm), `sector_id`, `sectorid_desc`, `merchant_id`, `channel_name`,
//! `ipaddress`, `client_id`, `xact_transaction_id`, `terminal_id`, `is_succeed`, `reversed`,
//! `is_reconcile`, `is_payup`, `is_onchargeback`, `is_transferred` (by `mark_transferred`),
//! `reversed_xact_id`, `channel_id`, `pos_type`, `instalment`, `amount`, `net_amount` (snake case
//! here), `comission`, `comission_tax`, `currency`, `ratio`, `end_user_comission`, `user_id`,
//! `xact_time` (`HH:mm:ss`), `xact_note` (the note, as `add_info` may set it),
//! `xact_agent_reference` (what `add_info` gave, else the `reference_no`), `email`, `phone`,
//! `company_pay_ratio`, `company_cost_ratio`,
//! and the settlement columns: `ana_firma_brut_alacak` (the amount), `ana_firma_komisyonu`,
//! `ana_firma_komisyonu_kdv_dahil` (commission with its tax), `ana_firma_odenecek_net_tutar`
//! (net), `bayi_*` (zero: the simulator has no sub-agent shares), `cp_mfi_vdate` /
//! `ap_mfi_vdate` (the next day, `2024-06-04T00:00:00`) and their `_day` (1).
//!
//! **`/v1/transaction/reversal_list`**: the same body and paging, over the refund and
//! cancellation requests whose request date is in the range (filters `agent_id` and `bank_id` of
//! the original). HTTP 200 `{companyCode, companyName, total_count, total_amount (the sum of the
//! requested amounts, TL, with its scale: the page types it int), limit, ending_before,
//! starting_after, has_more, object_name:"transaction_reversal_list", code, message, Data:[..]}`,
//! rows `id` (the original's plain id), `xact_date` (the original's, `dd.mm.yyyy`),
//! `company_code`, `entry_date` (the request's, `dd.mm.yyyy`), `agent_id`, `user_id`,
//! `company_name`, `agent_name`, `xact_id` (the original's), `reversed_xact_id` and `reversed_id`
//! (the reversal transaction's, once approved, else ""), `bank_id`, `bank_name`, `card_no`,
//! `card_holder`, `amount` (requested), `xact_amount` (the original's), `is_cancel` (a same-day
//! cancellation), `status` (0 waiting, 1 approved, 2 denied) and `status_desc`.
//!
//! **`/v1/transaction/add_info`**: body `xact_id` (required, else the 400), `note`, `email`,
//! `phone`, `agent_reference`, `reference_no` (optional). Checked first (the 400): `note`,
//! `agent_reference` and `reference_no` at most 256 characters, `email` an address
//! (`name@domain.tld`, at most 256), `phone` an optional `+` and 7 to 20 digits, spaces,
//! parentheses or dashes. An unknown `xact_id` is HTTP 404 `result_code` 12; then the transport
//! triggers of the transaction's `reference_no` (before the change). Each field sent is written
//! on the transaction (absent and empty ones leave it as it is; sending the same again writes the
//! same again): `note`, `email`, `phone` as they are, shown by detail and check (`note`, `email`,
//! `phone`) and the list (`xact_note`, `email`, `phone`); `agent_reference` shown instead of the
//! `reference_no` in detail and check's `agent_reference` and the list's `xact_agent_reference`;
//! `reference_no` *replaces* the transaction's reference number (detail, check and the lists then
//! find it by the new one only, the list's `agent_referans_no` shows it, and a later payment with
//! the old one is a new payment). HTTP 200
//! `{"object_name":"transaction_add_info","code":0,"message":"Başarılı İşlem"}`.
//!
//! **`/v1/transaction/mark_transferred`**: body `xact_id` (required), `document_no` (at most 64
//! characters), `amount` (TL with a dot, positive, at most two decimals: `149.90` or
//! `"149.90"`), `currency` (at most 3 letters, `TRY`), `exchange_rate` (positive), all optional and
//! checked (the 400), not kept. An unknown `xact_id` is HTTP 404 `result_code` 12; then the
//! transport triggers of the transaction's `reference_no` (`LOST` too: it changes a transaction);
//! a declined transaction is HTTP 400 `result_code` 6. Otherwise the transaction is marked
//! transferred (again is fine): detail and check show `is_transferred: true`, the list too, and a
//! list with `untransferred: true` leaves it out. HTTP 200
//! `{"object_name":"transaction_mark_transferred","code":0,"message":"Başarılı İşlem"}`.
//!
//! **`/v1/transaction/escrow_status_update`**: body `xact_id` (string) and/or `xact` (the plain
//! id as an integer, `1000101` or `"1000101"`; detail rows carry it as `id`): at least one, else
//! the 400; `xact_id` wins when both are sent. `status` (required): 2 approves, 3 rejects,
//! anything else is the 400. `note` (at most 256 characters), `agent_id` (at most 64),
//! `agent_amount` (TL with a dot, at least 0, at most two decimals, not above the transaction's
//! amount) are optional, checked and not kept. Unknown: HTTP 404 `result_code` 12; then the
//! transport triggers of its `reference_no` (`LOST` too); anything but a sale or a capture is
//! HTTP 400 `result_code` 19, a declined one 400 `result_code` 6. Otherwise the transaction's
//! `escrow_status` becomes `status` (the latest update wins): detail and check show it (`null`
//! before any). HTTP 200
//! `{"object_name":"transaction_escrow_status_update","code":0,"message":"Başarılı İşlem"}`.
//!
//! **`/v1/transaction/payment_list`** (the settlement report): body `date` (optional `yyyy-MM-dd`;
//! absent or empty is today by the simulator's clock; anything else is the 400). HTTP 200
//! `{object_name:"payment_list", code, message, total, total_count, Data:[..]}` with one row per
//! **successful sale (1) or capture (4)** of that local day (pre-authorisations, declines,
//! refunds and cancellations are not settled), by time: `xact_id`, `xact_date`, `agent_id`,
//! `agent_name`, `company_code` ([`COMPANY_CODE`]), `company_name`, `bank_id`, `bank_name`,
//! `card_no` (masked), `card_holder`, `card_type`, `authorization_code`, `reference_code`,
//! `order_id`, `xact_type` (the type as text, `"1"` or `"4"`: Paynet's `char(2)`), `is_succeed`,
//! `pos_type`, `plus_installment` (0), `instalment`, `ratio` (0.0199), `user_id`, `amount`,
//! `agent_service_amount` and `agent_pay_amount` (0.00: agents have no share),
//! `company_service_amount` (the commission plus its tax), `company_pay_amount` (the amount less
//! that: the transaction's net), `due_date` (the next day, `2024-06-04T00:00:00`). A sale of
//! 149.90 TL gives 3.58 and 146.32 (120.00 TL: 2.87 and 117.13). `total` is the sum of the rows'
//! amounts (TL), `total_count` their number. A day without any: `code` 12, "Kayıt bulunamadı",
//! `total` 0.00, an empty `Data`, still HTTP 200.
//!
//! **`/v1/ratio/Get`**: body `amount` (**TL** with a dot, a JSON number or the same as a string,
//! at most two decimals, read exactly; absent is 0. Paynet does not establish the unit; its
//! example sends `100` and the simulator reads it as 100.00 TL), `addcomission_to_amount` (also
//! spelled `addcomisson_to_amount`), `bin` (6 digits, else the 400), `ratio_code` (echoed in every
//! row; the code of a table defined with `set_type` and `define` answers that table, below),
//! `pos_type`, `agent_id` (accepted, ignored). HTTP 200 `{object_name:"ratio_get", code, message,
//! data:[{bank_id, bank_logo, bank_name, card_type, tds_required, ratio:[{ratio,
//! instalment_key, instalment, instalment_amount, total_net_amount, total_amount, commision,
//! commision_tax, desc, ratio_code}]}]}` (Paynet's spelling `commision`). Without a `bin`: the 13
//! banks, each with instalments 1 to 12; with one: its bank only (`tds_required` true for the 3-D
//! test cards' BINs); an unknown BIN is `code` 12 with an empty `data`. Every bank has the same
//! end-user ratios: 1.99 % for one payment ("Tek Çekim"), then 3.49 %, 4.49 %... up to 13.49 % for
//! 12 ("12 Taksit"). `commision` is the amount × ratio rounded to kuruş, `commision_tax` 20 % of
//! it; without `addcomission_to_amount`, `total_amount` is the amount and `total_net_amount`
//! what is left after both; with it, both are charged on top and the net is the amount.
//! `instalment_amount` is `total_amount / instalment` rounded to kuruş. `bank_logo` is
//! `{base}/sim/banks/{BANK}.svg`, which **`GET`** serves as a small SVG. (Transactions keep their
//! 1.99 % commission whatever their instalments: the table is what the card holder is offered.)
//!
//! **`/v1/ratio/Get_public`**: the same table under the **publishable key**
//! (`Authorization: Basic <publishable key>`; the secret key is the 401 here). Body as `Get`'s,
//! but `amount` is **kuruş** digits (`"10000"` for 100.00 TL, also the JSON integer `10000`;
//! anything else is the 400), the flag spelled `addcomisson_to_amount` or
//! `addcomission_to_amount`, `bin` 6 to 8 digits (the first 6 are used), and `card_type` (`cc`,
//! `bc` or `dc`, else the 400) keeps only that kind of card's banks: every simulated card is a
//! personal credit card, so `bc` and `dc` find none (`code` 12, empty `data`) unless a defined
//! table is for them. The answer is `Get`'s with `tds_required` (true when a bank of `data`
//! needs 3-D) after `message`, as in Paynet's example.
//!
//! **`/v1/ratio/set_type`**: body `description` (required, at most 256 characters), `ratio_code`
//! (optional; its old name `ratio_type` too), `is_default` (default false: accepted and changes
//! nothing, the answers without a `ratio_code` stay the simulator's own), `is_cumulative`
//! (default true). Without a `ratio_code` it creates a table with a new code, `RT_` and six
//! upper-case letters or digits (`RT_4K7Q2Z`); with one it updates that table (its
//! `is_cumulative` when sent, else kept), and an unknown code is HTTP 404 `result_code` 12 (omit it
//! to create, give it to update). HTTP 200 `{ratio_code, object_name:"ratio_set_type", code:0,
//! message}`.
//!
//! **`/v1/ratio/define`**: body `ratio_code` (required; an unknown one is HTTP 404 `result_code`
//! 12), `card_type` (`cc`, the default, `bc` or `dc`), `banks` (required, not empty): each
//! `bank_id` one of the 13 banks above (case ignored; once only), `is_blocked` (default false),
//! `instalments[]`, each `instalment` (1 to 12, once only), `is_blocked` and `ratio` (default 0;
//! at most four decimals; a cumulative table's from −0.20 to 0.20, a net table's from 0 to 0.20).
//! Each refusal is the 400 naming its field (`banks[1].instalments[0].ratio ...`). It replaces
//! the table's definition and answers `{"object_name":"ratio_define","code":0,"message":..}`.
//! From then on `Get` and `Get_public` with that `ratio_code` answer the table: only the banks it
//! lists and does not block, in the usual bank order, each with only the instalments it lists and
//! does not block (a bank left with none is left out; a `bin` whose bank is not there is `code`
//! 12), `card_type` the definition's; each option's `ratio` is, for a cumulative table
//! ("Sabit Fonlama Oranı"), the simulator's own ratio for that count plus the defined one, for a
//! net table ("Gösterilecek Oran") the defined one as it is, never below 0; the amounts come from
//! that ratio exactly as above, and `ratio_code` is the table's. A table created but not defined
//! answers the simulator's own ratios. Example: AXSS with `{"instalment":3,"ratio":0.0150}` in a
//! cumulative table offers 3 instalments at 0.0599 (5.99 + 1.20 on 100.00 TL, net 92.81).
//!
//! **`/v1/ratio/delete_type`**: body `ratio_code` (required); unknown: HTTP 404 `result_code` 12.
//! Deletes the table: `Get` and `Get_public` with that code answer the simulator's own ratios
//! again. `{"object_name":"ratio_delete_type","code":0,"message":..}`.
//!
//! **`/v1/softpos/init_sale_transaction`**: header `Session-Key` with a key the simulator knows,
//! else HTTP 400 `{"object_name":"error","code":7,"message":..}` (the PayPOS error shape, used by
//! every PayPOS error below with the code given). Body as in the provider's OpenAPI document;
//! the simulator requires `amount`: a JSON number of TL (or the same as a string, `"149.90"`),
//! positive, at most two decimals, read exactly (`149.90`, never through a float), else 400 with
//! `code` 11. Answers 200
//! `{payment_session_id, deeplink_url ("paypos://sale?payment_session_id=.."), encryption_key,
//! object_name:"payment_session", code:0, message}` and remembers the sale, which waits for a card
//! until [`Simulator::complete_sale`] "taps" one.
//!
//! **`/v1/softpos/check_transaction`**: `Session-Key`; body `{payment_session_id}` (required, else
//! 400 code 11). HTTP 200 `{"Data":[..],"object_name":"transaction_list","code":..,"message":..}`:
//! once the sale is completed, `Data` holds its transaction in the check_transaction shape
//! (`card_no`, `card_type`, `netAmount` in camelCase, `xact_transaction_id`, `note` = the sale's
//! description, `agent_reference` = its reference_no) and `code` is 0, whether the bank approved
//! (`is_succeed: true`) or declined (`is_succeed: false`). Before the card is tapped, or for an
//! unknown id, `Data` is empty and `code` is 12.
//!
//! **`/v1/softpos/init_reversal_transaction`**: `Session-Key`; body `xact_id` (required: the
//! `xact_id` of a completed, approved sale), `reference_no`, `callback_url`. Answers the six
//! fields of init_sale (`deeplink_url` "paypos://reversal?payment_session_id=.."). The reversal is
//! completed at once: check_transaction on its `payment_session_id` reports a transaction with
//! `transaction_type` 2. Errors (HTTP 400, PayPOS shape): unknown `xact_id` code 12, a declined
//! sale code 6, a sale already reversed (also by `reversed_request`) code 5.
//!
//! **`/v1/agent/get_auth_key`**: headers `Authorization: Basic <secret key>` (else the 401)
//! and `PaynetMobile: 2` (else 400 code 11); body `agent_id`, `user_id` (required, 400 code 11; a
//! pair the simulator does not know: 400 code 4). Answers `{session_key, expired_date, agent_id,
//! company_code, user_id, user_unique_id, is_okc_inquiry, object_name:"agent_session", code:0,
//! message}`; the new key is valid at once.
//!
//! **`/v1/agent/logout`**: same headers; body `{session_key}`; ends the session and answers
//! `{"object_name":"logout","code":0,"message":..}`; an unknown key is 400 code 12.
//!
//! **`/v1/agent/autologin`**: header `Authorization: Basic <secret key>` (no `PaynetMobile`);
//! body `user_name` and `agent_id` (required, else the 400; Paynet's PHP sample's `userName` and
//! `agentID` are read too). The agent must be one the simulator knows ([`SimConfig::agent`];
//! any user name): else HTTP 404 `result_code` 12. HTTP 200 `{url, object_name:"auto_login",
//! code:0, message}`, where `url` is `{base}/sim/autologin?al=<token>`, a new random token each
//! call. **`GET /sim/autologin?al=<token>`** is the simulated panel: the first visit is an HTML
//! page titled "Paynet paneli (simülatör)" that says who is logged in (the user name, the agent,
//! the company); the link logs in once, so a later visit is HTTP 410 and an unknown token HTTP
//! 404, both a page saying the link is not valid ("Bu giriş bağlantısı geçerli değil").
//!
//! **`/v1/agent/check_agent`**: secret key; the body is a **bare JSON string**, the merchant's
//! reference number of an agent, `"987345"` (a JSON number is read as its text; anything else,
//! an object say, or an empty string, is the 400). A reference of [`SimConfig::agent_reference`]
//! ([`DEFAULT_AGENT_REFERENCE_NO`] `987345` by default) answers HTTP 200 `{company_code ("20000"),
//! agent_id ("20005"), object_name:"check_agent", code:0, message}`; an unknown one HTTP 200
//! `{object_name:"check_agent", code:12, message}`, without `company_code` and `agent_id`.
//!
//! **`/v1/agent/check_integration_info`**: secret key; body `agent_id`, `publishable_key`,
//! `secret_key` (all required, else the 400). HTTP 200 `{agent_id, company_code (the agent's
//! reference entry's, else [`COMPANY_CODE`]), object_name:"check_integration_info", code:0,
//! message}` only when the agent is one the simulator knows and both keys are the simulator's
//! ([`Simulator::publishable_key`], [`Simulator::secret_key`]); anything else is the 400, whose
//! message names what did not match and never repeats a key.
//!
//! # Pay links (`/v1/mailorder/*`) and their payment page
//!
//! A pay link ("ortak ödeme sayfası") is a payment page the merchant sends a customer. Paynet
//! documents the four calls as tables; what they leave open is decided here and marked
//! *inferred*.
//!
//! **`/v1/mailorder/create`**: secret key. Body `name_surname` (required), `amount` (required,
//! **TL with a dot**, a JSON number or the same as a string, positive, at most two decimals:
//! `149.90`; the unit is not documented, every peer sends TL: inferred; `"10,50"` is the 400),
//! `reference_no` (at most 50 characters; optional as on Paynet's page: without one the
//! simulator gives the link `PL-` and 12 letters or digits), `expire_date` (**hours**, a positive
//! number, at most 8760; absent is 24, the default of Paynet's PHP sample: inferred),
//! `addcomission_to_amount` (also spelled `add_comission_to_amount` and `addcomisson_to_amount`:
//! the commission and its tax are charged on top, as `pay`'s `add_commission`), `send_mail`
//! (also spelled `send_email`) with `email` (an address; required when `send_mail` is true, else
//! the 400), `send_sms` with `phone` (required when `send_sms` is true: inferred), `agent_id` (at
//! most 10 characters; absent is the default agent), `user_name`, `note` (shown on the page),
//! `agent_note`, `succeed_url` and `error_url` (absolute http(s) URLs, else the 400),
//! `confirmation_url` (a **loopback** `http` URL only, as a refund's `succeedUrl`: the simulator
//! posts nowhere else), `multi_payment` (default false: one payment; Paynet's default is not
//! documented), `pos_type`, `send_confirmation_mail` (accepted, no effect). Nothing is mailed or
//! texted. A `reference_no` of a link still awaiting payment or paid is HTTP 400 `result_code` 5
//! (a passive or expired one may be followed by a new link with the same reference: detail by
//! reference then shows the newest; the simulator's rule). HTTP 200 `{url,
//! object_name:"mailorder_create", code:0, message}`: the only field peers read (no `id` is
//! documented, none is sent). `url` is the link's page, `{base}/sim/paylink/{token}`. Trigger
//! field: `reference_no`.
//!
//! **`/v1/mailorder/detail`**: body `id` (the link's GUID) or `reference_no` (at least one, else
//! the 400; `id` wins; by reference, the newest link). HTTP 200 with the fields at the top level,
//! beside the envelope (the wrapper is not documented: inferred): `object_name:"mailorder_detail"`,
//! `code`, `message`, `id`, `company_code`, `agent_id`, `xact_id` (the latest successful payment's,
//! `""` before), `reference_no`, `email`, `user_name`, `name_surname`, `amount` (TL, `149.90`),
//! `currency` ("TRY"), `installment` (Paynet's double l: the payment's instalments, 0 before),
//! `phone`, `bank_id` (the payment's bank), `expire_date` and `create_date` (.NET timestamps), `note`,
//! `agent_note`, `succeed_url`, `error_url`, and the simulator's `status` (0 awaiting payment, 1
//! paid, 2 expired by the simulator's clock, 3 passive; Paynet's table is cut before any status:
//! inferred from `status_update`) and `url`. An unknown link is HTTP 404 `result_code` 12.
//! Trigger field: the `reference_no` sent, else the link's.
//!
//! **`/v1/mailorder/list`**: body `datab`, `datbi` (required `YYYY-MM-DD`, the days the links
//! were **created**), `agent_id`, `limit` (1-1000, default 10), `starting_after` /
//! `ending_before` (row offsets, as the transaction list). HTTP 200
//! `{object_name:"mailorder_list", code (0, or 12 with no rows), message, total, total_count (both
//! the number of links in the range: `total` is typed int on Paynet's page), has_more, Data:[..]}`
//! (the `Data` wrapper is inferred from Paynet's other lists), rows oldest first: `company_code`,
//! `agent_id`, `expire_date`, `xact_id`, `bank_id`, `bank_name`, `reference_no`, `installment`,
//! `amount`, `currency`, `phone`, `send_sms`, `note`, `agent_note`, `succeed_url` (the page's,
//! cut after it), then the simulator's `id`, `create_date`, `name_surname`, `status`, `url`.
//!
//! **`/v1/mailorder/status_update`**: body `id` or `reference_no` (as detail), `status` (0 or 3,
//! also as a string, else the 400). 3 makes the link passive, 0 makes it await payment again (a
//! paid link stays paid, an expired one expired). HTTP 200 `{object_name:"mailorder_update_status",
//! code:0, message}` (Paynet's example leaves the object name unquoted; the simulator writes valid
//! JSON); an unknown link is HTTP 404 `result_code` 12. Trigger field: as detail.
//!
//! **`GET /sim/paylink/{token}`**: the link's page (HTML, title "Ödeme sayfası – Paynet
//! simülatörü"): the merchant ([`COMPANY_NAME`]), the payer's name, the amount ("149,90 TL"; a note
//! when the commission is added on top), the note, the expiry (local time), and a card form
//! (`card_holder`, `pan`, `month`, `year`, `cvc`, `instalment`, with the autocomplete attributes
//! `cc-name`, `cc-number`, `cc-exp-month`, `cc-exp-year`, `cc-csc`) posted to **`POST
//! /sim/paylink/{token}`**. As the number is typed, the page's script asks **`GET
//! /sim/paylink/{token}/instalments?bin=435508`**, which answers `{bank_name, tds_required,
//! options:[{count, label, instalment, total}]}` (`"49,97 TL"`) from `ratio/Get`'s table for the
//! BIN and the link's amount (an unknown BIN: no options, single payment only). A link that takes
//! no payment shows a closed page instead, HTTP **410**, saying why (`id="closed"`: paid
//! "ödenmiş", expired "süresi dolmuş", passive "pasif"); an unknown token is HTTP 404.
//!
//! The posted card is checked as `pay` checks it (a wrong card, or an instalment count the card's
//! bank does not offer, shows the page again with the reason, HTTP 422, nothing recorded). A card
//! that needs 3-D ([`TEST_CARD_3D_REQUIRED`], [`TEST_CARD_3D_DECLINE`]) goes to the bank's 3-D page
//! (`303` to `/sim/3d?session_id=..&token_id=..`, the page above), which posts back to **`POST
//! /sim/paylink/{token}/3d`**; any other card is charged at once. A charge records a sale of the
//! link's amount (plus the commission on top with `addcomission_to_amount`) with the link's
//! `reference_no`, note, e-mail, phone and agent, the chosen instalments, `is_tds` after 3-D; the
//! bank declines as for `pay` (the declining card, a `DECLINE…` reference, 99.99 TL). It is
//! decided under the simulator's one lock, from the link's check to its record: **a link takes
//! one payment** (twenty concurrent payments charge it once; the others get the 410 page), more
//! only with `multi_payment`. `check` by the link's `reference_no` then finds the sale (declines
//! too), the detail and the list show the link paid with its `xact_id`. Then:
//! - approved: the simulator POSTs the payment as JSON to the link's `confirmation_url` (if any),
//!   **before** it answers the browser: `{referance_no (sic), xact_date, agent_id, bank_id,
//!   instalment, card_holder, card_number (masked, 435508******4358), amount (gross), netAmount,
//!   comission, comission_tax, currency, authorization_code, order_id, is_succeed: true,
//!   card_type}` (Paynet's page; no signature and no `xact_id`, as there). One attempt, 5 s at
//!   most; counted with the refund callbacks ([`Simulator::callbacks_delivered`],
//!   [`Simulator::callbacks_failed`]); a failed delivery changes nothing else. Then `303` to
//!   `succeed_url` with `xact_id=<the sale's>` appended to its query;
//! - declined by the bank (recorded): no post; `303` to `error_url` with the declined
//!   transaction's `xact_id` appended; the link still awaits payment;
//! - 3-D failed (nothing recorded): `303` to `error_url` as it is.
//!
//! Without `succeed_url` (or `error_url`) the answer is Paynet's own result page (HTTP 200, the
//! `xact_id` in `id="xact_id"`). The 3-D return posted again goes where the first went, with the
//! same transaction (no new money, no second post); a pair the link did not start is HTTP 404, a
//! session not yet decided on the bank's page HTTP 409.
//!
//! **`GET /sim/paylink/{token}?auto=pay`** pays at once with [`TEST_CARD_APPROVE`] (single
//! payment), and **`?auto=decline`** declines with [`TEST_CARD_DECLINE`], with the same records,
//! post and redirects as through the page (for scripts and tests, as the 3-D page's `auto`).
//!
//! Any other path: HTTP 404 `{"type":"no_data_error",..,"code":404,"result_code":12}`. Another
//! method than POST on a known path (than GET or POST on `/sim/3d`, `/sim/paynetj/3d` and
//! `/sim/paylink/{token}`, GET on `/sim/paylink/{token}/instalments`, GET on
//! `/sim/autologin`, `/sim/banks/*`, `/public/js/*`, `/sim/paynetj/form` and
//! `/sim/paynetj/form.js`, OPTIONS on the browser scripts' paths): HTTP 405
//! `{"type":"invalid_request_error",..,"code":405,"result_code":11}` with `Allow: POST`.
//!
//! # Paynet's browser scripts (Paynet.js)
//!
//! Card data should go from the shopper's browser to Paynet, never through the merchant's
//! server: only `session_id` and `token_id` reach the merchant, whose server then calls
//! `charge` with the secret key. The simulator serves both of Paynet's scripts, **written for the
//! simulator** from Paynet's documented page contract (they are not Paynet's code), and the wire
//! under them, so that a page written for Paynet works against it. Point the `src` at the
//! simulator instead of `https://pts-pj.paynet.com.tr`: every call the script makes goes back to
//! the origin it was loaded from.
//!
//! **`GET /public/js/paynet-custom.js`**, the custom form ("Özelleştirilebilir Form"): the
//! script tag has class `paynet-button` and `data-key` (the publishable key), `data-amount` (TL
//! **as written**, `"149,90"`: `.` groups thousands, `,` starts the kuruş; the script turns it
//! into kuruş digit by digit, and refuses a `.` that groups no three digits, `"149.90"`, rather
//! than reading 14.990 TL as Paynet's own script would), `data-form` (the merchant form's
//! selector), `data-tds_required` (default true), `data-agent`, `data-add_commission_amount`,
//! `data-no_instalment`, `data-pos_type`, `data-ratio_code`, `data-reference_no`,
//! `data-description`, `data-authmode` (`load`, the default, or `request`), `data-return_url` and
//! the stored-card ones (`data-save_cardoid`, `data-use_saved_card`, ...); values are JSON-parsed
//! when they parse. The merchant's inputs are tagged `data-paynet="number|holderName|exp-month|
//! exp-year|cvv|installmentKey|desc|phone|email|do3D|card-hash"` (a radio counts when checked)
//! and the pay button `data-paynet="submit"`. The page registers callbacks on the global
//! `Paynet`: `Paynet.events.onLoad`, `onPaymentClick`, `onAuthentication({ok, session, expire} |
//! {ok:false, code, message})`, `onCheckBin({ok, tdsState:'required'|'optional', bank:{id,
//! logoUrl, name, tdsEnable, installments:[rows of check_bin]}, cardType} | {ok:false, code,
//! message})` (nothing under 6 digits), `onCreateToken({ok, is3DPayment, orderToken} |
//! {ok:false, code, message})`, `validationError({ok:false, code, message})`, `onTdsRedirect`,
//! `onFormSubmiting`, `onCreateTokenExecuting({model (card number masked), ..})`,
//! `onCheckCardBin`, `onCreateCardToken`; `Paynet.utils.refreshContext()` reads the tag again.
//! The script authenticates at load, asks `check_bin` as the number is typed (6 digits, BIN
//! changed), and on the pay button (or Enter in the form, which never posts the card) checks the
//! inputs with Paynet's codes (1-2 number, 3-4 CVC, 5-7 month, 8-11 year, 13-14 instalment, 15-16
//! holder, 17-20 stored-card description and GSM, 21 no stored card), calls `create_token`, and
//! then either opens the bank's 3-D page (`post_url?session_id=..&token_id=..&publishable_key=..`)
//! in a full-window iframe (class `payment-iframe`), or removes the `name` and `id` of the
//! number, expiry and CVC inputs, adds hidden `token_id` and `session_id` to the form and submits
//! it. It listens to messages **from the simulator's origin only**, in query form:
//! `command=form-post&<fields>` (the fields become hidden inputs, the card inputs lose their
//! names, the form is submitted), `command=close-iframe`, `command=iframe-transparent`,
//! `command=iframe-no-transparent`.
//!
//! **`GET /public/js/paynet.js`** (the test system's name) and **`/public/js/paynet.min.js`**
//! (the live one's), the ready-made button ("Hazır Form"): the script tag sits inside the
//! merchant's form, with class `paynet-button`, `data-key`, `data-amount` in **kuruş** (`1000` =
//! 10.00 TL; anything but digits disables the button with a message), `data-button_label`
//! (default "Ödeme Yap"), `data-name`, `data-description`, `data-image` (an http(s) logo),
//! `data-agent`, `data-add_commission_amount`, `data-no_instalment`, `data-ratio_code`,
//! `data-installments` (the instalment counts offered besides the single payment, `"2,3,6"`:
//! inferred from Paynet's PrestaShop module, which passes a configured list), `data-tds_required`,
//! `data-reference_no`, `data-pos_type`, `data-platform_id`. The script puts a button there; a
//! click (unless `Paynet.events.onPaymentClick`'s callback returns `false`) authenticates and
//! opens the simulator's card form over the page in a full-window iframe. **`GET
//! /sim/paynetj/form?session_id=..&publishable_key=..`** is that form (HTML; 401 for another key,
//! 404 for an unknown session): the title, logo, description and amount of the session, the card
//! number, expiry (`MM/YY`), CVC and holder with the `autocomplete` tokens `cc-number`, `cc-exp`,
//! `cc-csc` and `cc-name`, the instalments of the card's bank as the number is typed, pay and
//! close (`command=close-iframe`). It calls `check_bin` and `create_token` itself; a 3-D token
//! takes the frame to the bank's page; then the merchant's page gets
//! `command=form-post&session_id=..&token_id=..`, adds the two hidden fields and submits its form.
//! Its script is **`GET /sim/paynetj/form.js`**.
//!
//! The wire (all `POST`, JSON, under `Authorization: Basic <publishable key>`; a body `token`, as
//! Paynet's script also sends, must be that key; anything else, the secret key included, is the
//! 401 with the publishable key named). Browsers call these from the merchant's origin: an
//! `OPTIONS` preflight on them (and on `/v1/ratio/Get_public`) is answered `204` for any origin
//! (`Access-Control-Allow-Origin: *`, methods `POST, OPTIONS`, headers `Authorization,
//! Content-Type, Accept`, max age 600 s), and every answer of these paths, refusals included,
//! carries `Access-Control-Allow-Origin: *`. Preflights are counted by
//! [`Simulator::requests_seen`] like any request. The secret-key routes answer no preflight.
//!
//! - **`/v1/paynetj/auth`** (Paynet's script adds `?type=CF`; the query is ignored): body as
//!   Paynet's custom-form script sends it, `token`, `amount`, `agent_id`, `add_commission`,
//!   `pos_type`, `ratio_code`, `domain`, `tds_required` (default true), `show_tds_error`,
//!   `merge_option`, `ratio_code_method`, `invoice_no`, `save_card`, `user_unique_id`,
//!   `user_gsm_no`, `card_owner_id`, `card_desc`, `return_url`; and what the simulator's scripts
//!   add (Paynet's script does not send them): `reference_no` (at most 50 characters),
//!   `description`, `name`, `image`, `no_instalment`, `installments`, `platform_id`. `amount` is
//!   **kuruş**: digits (`14990` or `"14990"`), or the float noise of Paynet's own script, which
//!   computes `parseFloat("149.90") * 100` and sends `14990.000000000002`: a number within 0.01
//!   kuruş of a whole kuruş is read as that kuruş (exactly, as a decimal); anything else
//!   (`149.9`, `"149,90"`, zero, none) is the 400. `domain`, when sent (both scripts send it), is the page's
//!   `scheme://host[:port]` (else the 400): the bank's page posts its message to that origin
//!   only (to any, without one). HTTP 200 `{session_id
//!   ("js_EAAAA…"), expire_date (30 minutes on, .NET form; not enforced), name (the request's
//!   `name`, else [`COMPANY_NAME`]), tds_required, object_name:"paynetj_auth", code:0, message}`.
//!   No money moves. `save_card`, `user_unique_id`, `card_owner_id`, `user_gsm_no` and
//!   `card_desc` are kept for the tokens' saving of their card (see `create_token`); only
//!   `pos_type`, `show_tds_error`, `merge_option`, `ratio_code_method`, `invoice_no` and
//!   `platform_id` change nothing.
//! - **`/v1/paynetj/check_bin`**: body `token`, `session_id` (required; unknown: HTTP 400
//!   `result_code` 13, paynetjnosession), `bin` (6 to 8 digits, the first 6 are used; else HTTP
//!   400 `result_code` 14, paynetjwrongbin), `no_instalment`. HTTP 200 `{bank_id, bank_logo,
//!   bank_name, tds_enable (true), tds_required (true for the 3-D test cards' BINs), card_type
//!   ("cc"), data:[..], object_name:"paynetj_check_bin", code:0, message}`: the bank of the BIN
//!   (a BIN the simulator does not know is ZDGR, "Diğer bankalar", as a payment with it is) and
//!   its options for the session's amount, commission and `ratio_code`, exactly as `ratio/Get`
//!   computes them, each row `{instalment_key ("AXSS-03"), instalment, desc, ratio,
//!   instalment_amount, total_amount, total_net_amount, commision, commision_tax,
//!   plus_installment (0), bank_id, ratio_code}`; only the single payment with `no_instalment`
//!   (the request's or the session's), only the session's `installments` when it has some.
//! - **`/v1/paynetj/create_token`**: body `token`, `session_id` (unknown: 400 `result_code` 13),
//!   `pan`, `card_holder`, `month`, `year` (numbers or their text, `"12"`, `"2035"` or `"35"`),
//!   `cvc`, `instalment_key` (required: one of the keys `check_bin` gives this card in this
//!   session, else the 400 `result_code` 11), `description` (else the session's),
//!   `card_holder_phone`, `card_holder_mail`, `do_3ds`, and the saving of the card once it is
//!   charged: `save_card` (`true` or `"true"`; absent: the session's), `save_card_desc` (else
//!   the session's `card_desc`), `save_card_gsm` (else the session's `user_gsm_no`). The card
//!   is checked as for `pay` (test cards above): wrong card data is HTTP 400 `result_code` 18
//!   with the reason (never the number). A session already charged successfully is HTTP 400
//!   `result_code` 17 (paynetjusedsession); one whose payment the bank declined takes another
//!   card. A token that saves its card follows `pay`'s rules, else the 400 (`result_code` 11)
//!   naming the field: a description (at most 50 characters), exactly one of the session's
//!   `user_unique_id` (a first save) and `card_owner_id` (Paynet's script sends no owner to
//!   `create_token`: the owner is the session's, *inferred* from `auth`'s fields), a GSM, when
//!   given, `5XXXXXXXXX` (Paynet's script requires one and its description client-side, codes
//!   17-20; the simulator, as `pay`, only with [`SimConfig::card_otp`]). The token needs
//!   3-D when the session's `tds_required`, the request's `do_3ds` or the card (the 3-D test
//!   cards) says so. HTTP 200 `{session_id, token_id, is_tds, post_url, object_name:
//!   "paynetj_create_token", code:0, message}`; `post_url` is `{base}/sim/paynetj/3d` for a 3-D
//!   token (the script adds `?session_id=..&token_id=..&publishable_key=..`), else empty. No
//!   money moves: `charge` makes the payment.
//! - **`/v1/paynetj/check_card_bin`** and **`/v1/paynetj/create_card_token`**: the same for a
//!   stored card, `card_hash` (and `card_owner_id`, else the session's `card_owner_id`) instead
//!   of the card data, looked up in the simulator's card store as `pay` looks it up (the test
//!   owner's cards [`TEST_CARD_HASH`]... and those saved since): of that owner when one is named,
//!   else of any; an unknown owner is HTTP 400 `result_code` 26 (card_key_undefined), a card
//!   that is not there (or deleted, or another owner's) HTTP 400 `result_code` 25
//!   (card_not_found). A stored card is stored already: `create_card_token` ignores `save_card`
//!   (a box left ticked on the page; *inferred*, where `pay` refuses `save_card` with a
//!   `card_hash`).
//!
//! **`GET /sim/paynetj/3d?session_id=..&token_id=..&publishable_key=..`**: the bank's 3-D page of
//! a token (401 for another key, 404 for a pair that is no 3-D token): the merchant's origin, the
//! amount, the masked card, "SMS şifresi", "Onayla" and "Reddet", posting to **`POST
//! /sim/paynetj/3d`**, with the rules of `/sim/3d` (password [`TEST_3D_PASSWORD`], three wrong
//! ones decline, [`TEST_CARD_3D_DECLINE`] always fails, `auto=approve|decline` decides at once).
//! Once decided, the page (and any later GET) runs
//! `parent.postMessage("command=form-post&session_id=..&token_id=..", <the session's domain>)`;
//! opened outside a frame, it posts the two fields to the session's `return_url` instead, when it
//! has one. Whether the bank approved is never in the message: `charge` says it.
//!
//! `charge` finishes a token as described above (amount, `add_comission_amount` and
//! `ratio_code` compared with the session's; code 100 when charged before): a 3-D token is
//! charged only once verified on the bank's page, else `code` 16 (nothing recorded), and its
//! transaction has `is_tds: true`; `instalment` is the chosen key's count; `reference_no` and
//! the note are the session's. A token that asked to save its card (`save_card`) has it stored
//! by its charge, as `pay` does (see [Saving while paying](#stored-cards)): the answer adds,
//! after `message`, `card_hash`, `card_owner_id`, `user_unique_id` (each when not empty: the
//! card saved), `is_save_card_succeed` and `save_card_result_message` (the card-storage pages'
//! copy of `charge` names the last two and `card_owner_id`; the rest is *inferred* from `pay`'s
//! answer). A charge the bank declines stores nothing (`is_save_card_succeed: false` and the
//! reason); one refused before the bank (codes 13, 15, 16) stores nothing and leaves the save
//! for the token's later charge; a charge replayed (code 100) says the same again.
//!
//! # Stored cards
//!
//! Paynet's card storage (`v1/card/*`, secret key; Paynet allows it only from the merchant's
//! registered IP, which the simulator does not check). The simulator keeps card owners by
//! `card_owner_id` (a GUID it makes on a customer's first save) and their cards by `card_hash` (a
//! GUID per stored card), in the order they were saved; it keeps no card number, only what a
//! transaction shows (mask, holder, bank, brand) and the expiry. From the start, the test customer
//! [`TEST_CARD_OWNER_ID`] (`user_unique_id` [`TEST_USER_UNIQUE_ID`] `sim-customer`) holds the four
//! stored test cards of the [test cards](#test-cards) table ([`TEST_CARD_HASH`]...), which can be
//! renamed and deleted like any other. Refusals are HTTP 200 `{code, message}` (with
//! `object_name` where the route has one) unless they are the 400: code 25 (card_not_found) for a
//! `card_hash` unknown, deleted, or not the named owner's; code 26 (card_key_undefined) for a
//! `card_owner_id` the simulator never answered (the simulator's reading of "card key undefined";
//! Paynet documents neither code).
//!
//! **`/v1/card/save`**: body `card_desc` (required, at most 50 characters: Paynet documents no
//! limit), `card_holder`, `card_number`, `expire_month` (`"08"` or `8`), `expire_year` (4 digits,
//! or 2 meaning 20xx) (all required), `cvv` (optional), exactly one of `user_unique_id` (a first
//! save) and `card_owner_id` (a later one), `user_gsm` (optional, `5XXXXXXXXX`), `otp_session_id`
//! and `otp_code` (together). What is missing or malformed is the 400. Then: the transport
//! triggers of `card_desc`; with [`SimConfig::card_otp`] (`paynet sim --card-otp`), a save
//! without `otp_session_id` and `otp_code` is the 400; a save that sends them (whether or not
//! OTP is required) needs a session `send_otp` sent and `check_otp` verified, its code, and
//! `user_gsm` (when sent) the session's, else `code` 1 (or 12 for an unknown, ended or used
//! session); wrong card data (the checks of the test cards, the CVV only when sent) is `code` 18;
//! an unknown `card_owner_id` `code` 26. **With a `cvv`**, the bank checks the card: a 1.00 TL
//! pre-authorisation (type 3) and its cancellation (type 5), both recorded (the transaction list
//! and detail show them, `reference_no` `CARDSAVE-` and eight characters of the new `card_hash`,
//! the pre-authorisation `reversed` with nothing left); the declining test card declines it:
//! `code` 1, the declined pre-authorisation recorded, nothing stored. Without a `cvv` there is no
//! check. Then the card is stored: a `user_unique_id` seen before finds its owner (so ten
//! concurrent first saves of one customer end with one `card_owner_id` and ten cards), a new one
//! makes a new owner. The same card saved twice is stored twice. A password is used by its save.
//! HTTP 200 `{object_name:"card_save", code:0, message, company_code, agent_id, user_unique_id,
//! card_owner_id, card_hash, card_desc, card_holder (masked: first two and last two letters,
//! `AY*******AZ`), card_no (`435508******4358`), card_bin, card_type ("cc"), card_bank_id,
//! card_bank_name, card_logo_url (`{base}/sim/banks/{BANK}.svg`), card_brand_name, expire_month,
//! expire_year}` (laravel-paynet's fields: Paynet's answer is not documented). With
//! [`triggers::ECHO_PREFIX`] `ECHO…` in `card_desc`, the answer also echoes the request's secrets
//! (see the triggers).
//!
//! **`/v1/card/list`**: body `card_owner_id` (required), `limit` (1 to 1000, default 10),
//! `starting_after` / `ending_before` (row offsets, the transaction list's paging: `starting_after
//! N` rows N to N+limit, `ending_before M` rows M-limit to M, neither rows 0 to limit,
//! `starting_after` wins if both; `has_more` in the paging direction). The owner's cards not
//! deleted, oldest first: HTTP 200 `{total, total_count (both the owner's card count), limit,
//! ending_before, starting_after (0 when absent), has_more, object_name:"card_list", code (0, or
//! 12 "Kayıt bulunamadı" when the owner has none), message, Data:[..]}` with rows of the save's
//! card fields. An unknown owner is `code` 26.
//!
//! **`/v1/card/desc_update`** (rename_card): body `card_owner_id`, `card_hash`, `card_desc` (all
//! required; at most 50 characters). Transport triggers of `card_desc`. The owner's live card
//! gets the description: `{"code":0,"message":"Başarılı İşlem"}` (no `object_name`, as Paynet's
//! example); else 25 or 26.
//!
//! **`/v1/card/delete`**: body `card_owner_id`, `card_hash` (required). A soft delete ("silme
//! işareti koyar"): the card leaves the list and pays no more (code 25 from then on, also for a
//! second delete). `{"object_name":"card_delete","code":0,"message":..}`; else 25 or 26.
//!
//! **`/v1/card/send_otp`**: body `user_gsm` (`5XXXXXXXXX`) and `otp_session_id` (the merchant's
//! own unique value), both required (else the 400). "Sends" the password [`TEST_OTP_CODE`]
//! `ART2` (the docs' own example; always the same) and answers `{otp_expire (three minutes
//! later, .NET form), object_name:"card_send_otp", code:0, message}`. The same `otp_session_id`
//! again before `otp_expire`, while its session is open, is `code` 1 ("bu zamandan önce tekrar
//! çalıştırılmamalı"); after it, or once the session ended or was used, a new session starts.
//!
//! **`/v1/card/check_otp`**: body `otp_code`, `otp_session_id`, `user_gsm` (`5XXXXXXXXX`), all
//! required. The right code (exact) for the session's GSM verifies it: `{"code":0,"message":..}`
//! (checking it again is right again). A wrong code is `code` 1 with the attempts left ("kalan
//! deneme: 2"); the third wrong code ends the session ("OTP oturumu sona erdi"). Another GSM is
//! `code` 1; past `otp_expire` is `code` 1 and ends the session; an unknown, ended or used
//! session is `code` 12.
//!
//! **Paying with a stored card**: `pay` and `tds_initial` take `card_hash` instead of card data,
//! with `card_owner_id` (optional; the card must be that owner's: Paynet's tables list only
//! `card_hash`, its peers send both). The stored card behaves as its card: the 3-D test card still
//! needs 3-D (`pay` is code 16, through `tds_initial` it is approved), the declining one declines.
//! The answer carries the card's `card_hash`, `card_owner_id` and `user_unique_id`. Paynet.js's
//! `check_card_bin` and `create_card_token` look the card up the same way (see above).
//!
//! **Saving while paying**: `pay` and `tds_initial` with card data and `save_card: true` need
//! `card_desc` (at most 50 characters) and exactly one of `user_unique_id` and `card_owner_id`
//! (else the 400; `save_card` with a `card_hash` is the 400 too), and take `user_gsm_no`
//! (`5XXXXXXXXX`). Once the payment is charged (at once for `pay`, at `tds_charge` for a 3-D
//! payment) the card is stored as by `save` (no 1 TL check: the payment checked it) and the answer
//! says `is_save_card_succeed: true`, `save_card_result_message` "Kart saklandı", with the new
//! `card_hash`, `card_owner_id` and `user_unique_id`. A declined payment saves nothing; with
//! [`SimConfig::card_otp`], a save without `user_gsm_no` is refused; an unknown `card_owner_id`
//! saves nothing: then `is_save_card_succeed: false` and the reason, and the payment stands. A
//! payment replayed by its `reference_no` (code 100) says the same again and stores nothing.
//! Paynet.js saves the same way: a token of `create_token` with `save_card` (its own or its
//! session's) is saved by its `charge`, with the same rules and answer fields (see "Paynet's
//! browser scripts").
//!
//! # Subscriptions
//!
//! Recurring billing (`v1/subscription/*`, under the secret key: else the 401). Every route reads
//! one lenient body (the fields each takes; unknown keys ignored); a subscription is named by
//! `subscription_id` or `reference_no` (the id wins; neither is the 400; an unknown one HTTP 404
//! `{"type":"no_data_error",..,"result_code":12}`), an invoice by `invoice_id` or `invoice_no`
//! (both given must agree), a card by `card_id`. Amounts are kuruş digits, a string or a JSON
//! integer (`"10000"`, `10000`: 100.00 TL; `"100.00"` and `100.5` are the 400); answers write them
//! in TL with two decimals (`100.00`). Dates are read as `dd.MM.yyyy` (or `YYYY-MM-DD`) and
//! `dd.MM.yyyy HH:mm:ss` (or a day alone, its midnight) and written so. A business refusal is HTTP
//! 200 `{object_name, code: 1, message}`. Only the route that moves money, `manuel_charge`,
//! has transport triggers (on the subscription's `reference_no`, below); the others have none.
//!
//! **Statuses** (Paynet's Status table): 0 Waiting, 2 External charged, 3 Done succeed, 4 Done
//! unsucceed, 5 Cancel, 6 Deleted. Which values stop or resume a subscription is not documented:
//! the simulator **bills a subscription in status 0 only**; any other value stops billing, 0
//! resumes it, and a deleted one (6) cannot change again (`code` 1). An invoice is charged only in
//! status 0 (by the clock) or 0 and 4 (by hand); a paid one keeps its status and amount.
//!
//! **`/v1/subscription/create`**: body `name_surname`, `amount`, `interval` (0 daily, 1 weekly,
//! 2 monthly, 3 yearly), `interval_count` (1 to 1000), `begin_date` (today or later), `reference_no`
//! (at most 50; one already used is `code` 1), `end_user_email`, `end_user_gsm`, `end_user_desc`
//! (all required, else the 400), and `period` (0 to 100; 0 and 1 are every interval),
//! `agent_id`, `agent_amount`, `company_amount`, `addcomission_to_amount` (also
//! `add_comission_to_amount`), `send_mail`, `send_sms` (nothing is sent), `is_fixed_price`
//! (default true), `group_reference_no`, `currency`. It lays out the invoices: charge `n` (from 0)
//! on `begin_date` plus `n × period` intervals, months counted from `begin_date` (31 January, 29
//! February, 31 March...), each due at 00:00 of its day (Turkish time), numbered `plan_id` 1 to
//! `interval_count`, ids from `18092` and numbers from `11400505` (Paynet's examples); with
//! `is_fixed_price: false` there are none (`create_invoice` adds them). HTTP 200 `{url,
//! subscription_id, reference_no, object_name:"subscription_create", code:0, message}`, `url`
//! being the subscription's page (below).
//!
//! **`subscription_detail`**: the subscription as created (`amount` and the shares in TL,
//! `begin_date` `dd.MM.yyyy`, `period` as a string, `user_name` the default user), plus
//! `status`, `is_accepted` (the payer accepted on the page), `group_reference_no` and
//! `next_charge_date` (the earliest waiting invoice's day, else ""). **`list`**: body `datab`,
//! `datbi` (required days: the subscriptions *created* in that range), `agent_id` (a subscription
//! without one is the default agent's), `group_reference_no`, `limit` (default 100),
//! `starting_after` / `ending_before` (a `subscription_id`); `{total_count, has_more, data:[{
//! subscription_id, reference_no, name_surname, amount, interval, interval_count, period,
//! begin_date, status, created_date}], ...}`; none is `code` 12 with an empty `data`.
//! **`status_update`**: `status` (one of the table, else the 400). **`amount_update`** (also at
//! `/v1/subcription/amount_update`, the index's spelling, and with `subcription_id`): the
//! subscription's `amount` (and shares) and its unpaid invoices' (status 0 or 4).
//! **`plan_amount_update`**: `plan_id` (an invoice's place in the plan; unknown: the 404), `amount`:
//! that invoice's, unless paid (`code` 1). **`send_again`**: counted, nothing is sent.
//!
//! **Invoices.** **`create_invoice`**: `val_date` (`dd.MM.yyyy HH:mm:ss`, required), `amount`,
//! the shares, `invoice_no` (the merchant's own, unique, else `code` 1; else the next number):
//! an invoice due at that moment, without `plan_id`; answers `{invoice_id, invoice_no, ...}`.
//! **`invoice_list`**: `agent_id`, `invoice_status` (`"0"`...`"6"`, else the 400), `limit`:
//! `{total (TL, of the rows), total_count, limit, ending_before:"", data:[{invoice_id,
//! invoice_no, plan_id, val_date, amount, status, status_desc, attempt_count, xact_id (the sale
//! that paid it), paid_date}], ...}`; none is `code` 12. **`invoice_status_update`**,
//! **`invoice_amount_update`**, **`invoices_status_update_all`** (every invoice not paid) set what
//! they say, never on a paid invoice (`code` 1). **`invoice_attempt_list`** (`object_name`
//! `subcription_invoice_attempt_list`, Paynet's spelling): one row per card tried, `{attempt_date,
//! card_id, card_no_mask, amount, is_succeed, is_manual, message, xact_id}`; none is `code` 12.
//!
//! **Billing and the clock.** The simulator bills when its clock moves: **`POST
//! /sim/clock/advance`** with `{"days": N}` (and/or `hours`, `minutes`; at least one, none
//! negative, at most 36 600 days; no credential: it is the simulator's own control, like its
//! pages), or [`Simulator::advance_clock`], moves it forward and, on the way, bills every waiting
//! invoice due by the new time, in order of date, each **at its due time** (an invoice already
//! due is billed at once), of every subscription in status 0 that has a card (the others wait).
//! Billing tries the subscription's cards in their order: each try is a sale in the ledger
//! (channel API, the subscription's `reference_no`, `note` `Abonelik <ref>: fatura <no>
//! (n/count)`: `check`, `detail` and `v1/transaction/list` show it); the first approval pays the
//! invoice (status 3, its `xact_id`), a decline is an attempt, and when the last card declines too
//! the invoice is Done unsucceed (status 4). A card declines as in a payment: [`TEST_CARD_DECLINE`]
//! always, [`TEST_CARD_LIMITED`] beyond its limit ("Limit yetersiz"), every card of a subscription
//! whose `reference_no` starts with `DECLINE…`. The answer: `{now (.NET), today (dd.MM.yyyy),
//! billed:[{reference_no, invoice_no, status, xact_id, message}], object_name:"sim_clock", code:0,
//! message}`. Paynet's own schedule (its `attempt_day_count`, 3 in its example) is not modelled:
//! an invoice is tried once on its date.
//!
//! **`manuel_charge`** (also `manual_charge`, the old page's path): `invoice_no` (that invoice;
//! else every unpaid one, status 0 or 4, whose date has come): each charged now with the cards in
//! order (attempts `is_manual: true`). One `data` row per invoice `{object_name, code, message}`;
//! the answer's `code` is 0 when every row is 0, else 1 with the first failing row's message.
//! **Cooldown**: an invoice tried less than **two hours** ago (by the clock or by hand) is refused
//! with Paynet's message, `<invoice_no> numarali siparis için <h> saat <m> dakika sonra deneme
//! yapabilirsiniz` (the wait rounded up to the minute: right after an attempt "2 saat 0 dakika",
//! three minutes later "1 saat 57 dakika", Paynet's example); a paid or set-aside invoice, or a
//! subscription without a card, is `code` 1 too; an unknown `invoice_no` the 404; nothing due
//! `code` 12 with no row; a subscription not in status 0 `code` 1. **Triggers**: once the
//! subscription is found (neither id nor reference: the 400; unknown: the 404), the transport
//! triggers run on **its `reference_no`** (whichever of `subscription_id` and `reference_no`
//! named it): the field its sales carry, which `check` finds and a `DECLINE…` one already
//! declines (the simulator's choice, as a refund's triggers run on its transaction's
//! reference; Paynet documents none). `SLOW…` answers late, `FAIL500…` and `DROP…` charge
//! nothing, `LOST…` charges (the invoice paid, the sale recorded) and loses the answer;
//! `create`, the card routes and the clock have no triggers, so such a subscription can be set
//! up and billed by the clock as any other.
//!
//! **Cards.** **`create_card_tds_initial`**: the subscription (`subscription_id`, `reference_no`,
//! or every subscription of `group_reference_no`), `return_url` (absolute http(s), else the 400),
//! `pan`, `card_holder`, `month`, `year` (two or four digits), `cvv` (also `cvc`), `label` (at most
//! 100). The card is checked as a payment's (the same messages, `code` 18, never echoing the
//! number), then a session of the simulated bank's page opens: `{session_id, token_id, post_url
//! ({base}/sim/3d?...), html_content, object_name:"create_card_tds_initial", code:0, message}`.
//! The page works as for a payment ([`Simulator::three_d_return`] too) and shows 0,00 TL:
//! nothing is charged, and `tds_charge` refuses the session (`code` 13).
//! **`create_card_tds_confirm`** (`session_id`, `token_id`): once the page verified the card,
//! stores it (`card_id` from `1800`) and gives it to the subscriptions, after their other cards;
//! answers as Paynet's own example, **`is_succeed: true` with `code` 1** and "Basarili islem",
//! `card_id`, `domain` (the return URL's host), `token_id`, `subscription_id`,
//! `subscription_gsm`, `xact_id` "0", `otp_control` false, `attempt_day_count` 3,
//! `group_reference_details` (a group's rows). Confirming again answers the same card. A page not
//! passed (or declined, or [`TEST_CARD_3D_DECLINE`]) is `is_succeed: false`, `code` 16; an unknown
//! session `code` 13. **`card_info_list`**: `{subscription_id, reference_no, Data:[{card_id,
//! subscription_card_id (the card's link to this subscription), card_no_mask
//! (`435508******4358`), card_holder_name_mask (`A*** Y*****`), label, order_no (from 1),
//! is_default (the first)}], ...}` (none: `code` 12). **`card_info_label_update`** (`card_id`,
//! `label`): "Güncelleme başarılı.". **`card_info_delete`** (`card_id` and the subscription): the
//! card leaves it (not linked: the 404). **`card_info_link_to_subscription`** (`card_id` and a
//! subscription or group): `details` one row each, `is_succeed: false` where it already had it.
//! **`card_info_arrange`**: `card_information` rows `{subscription_card_id, card_id, order_no}`
//! (the link and its card must agree; orders from 1, no repeats, else the 400): those cards in that
//! order first, the others after in their order. **`card_info_filter`** (`agent_id`, `label`, case
//! ignored): `Data:[{card_id, card_no_mask, card_holder_name_mask, label}]` (none: `code` 12).
//!
//! **The subscription's page** (create's `url`, **`GET /sim/subscription/{token}`**, HTML, title
//! "Düzenli ödeme talimatı – Paynet simülatörü"): the payer's name, the amount ("100,00 TL"), the
//! interval and count, the first twelve dates, the cards already added (masked) and a form
//! (`card_holder`, `pan`, `month`, `year`, `cvv`, `label`, and the checkbox `accept`) that POSTs
//! to the same path: without `accept`, or with a wrong card, the page again with the reason (HTTP
//! 422); else HTTP 303 to the bank's page, which posts back to **`POST
//! /sim/subscription/{token}/return`**: there the card is added (as by `create_card_tds_confirm`)
//! and the subscription accepted (`is_accepted`), the page saying so ("Kartınız eklendi"), or why
//! not. An unknown token is HTTP 404.
//!
//! # Triggers for unhappy paths
//!
//! Like test card numbers, these values make the simulator misbehave on purpose, every time.
//! Prefixes are case-sensitive. They are looked for after the credentials and the body have been
//! checked, in the endpoint's *trigger field*: `reference_no` for capture, check, pay, detail,
//! init_sale and init_reversal; the start's `reference_no` for tds_charge (tds_initial has none);
//! the form's `reference_no` (or the body's) for charge; the transaction's `reference_no` for
//! reversed_request, preauth_reversal, capture_reversal, add_info, mark_transferred and
//! escrow_status_update (`add_info` can give a transaction a trigger reference); `user_id` for
//! get_auth_key; `session_key` for logout; `payment_session_id` for check_transaction; `card_desc`
//! for the card services `save` and `desc_update`; `reference_no` for `mailorder/create`, `detail`
//! and `status_update` (the link's when only its `id` is sent); the subscription's
//! `reference_no` for `manuel_charge` (`manual_charge`), however the body names it. The lists
//! (`mailorder/list` too), `payment_list`, the ratio services, autologin, check_agent,
//! check_integration_info, the other subscription routes and the clock have none.
//!
//! | trigger | where | effect |
//! |---|---|---|
//! | [`triggers::DECLINE_PREFIX`] `DECLINE…` | capture | HTTP 200 bank decline: `is_succeed: false`, `code` 1, `bank_error_id` "05", `bank_error_message` "Red-Onaylanmadı", short and long descriptions filled; nothing captured |
//! | amount `"9999"` ([`triggers::DECLINE_AMOUNT_KURUS`], 99.99 TL) | capture | the same bank decline |
//! | `DECLINE…`, or amount `"99,99"` (`"9999"` for charge), or [`TEST_CARD_DECLINE`] | pay, tds_charge, charge | the same bank decline, recorded |
//! | `DECLINE…` or amount `99.99` | init_sale | the sale is declined when its card is tapped, whatever `approved` says |
//! | `DECLINE…` | init_reversal | the reversal is declined (`is_succeed: false`) and the sale stays reversible |
//! | `DECLINE…` | capture_reversal | the cancellation is declined by the bank |
//! | [`triggers::REFUND_DENY_PREFIX`] `REFUNDDENY…` | reversed_request | the request is denied (callback `code` 1) |
//! | [`triggers::SLOW_PREFIX`] `SLOW…` | any trigger field | the answer comes after [`SimConfig::slow_delay`] (default [`triggers::DEFAULT_SLOW_DELAY`], 5 s), then the request is handled normally |
//! | [`triggers::LOST_PREFIX`] `LOST…` | any trigger field of an operation that moves money or changes a transaction (`mark_transferred`, `escrow_status_update`) or a stored card (`card/save`, `desc_update`) | handled and recorded, then the answer is lost: the connection closes after [`SimConfig::slow_delay`] without a byte of it (lookups with the same reference are answered) |
//! | [`triggers::FAIL500_PREFIX`] `FAIL500…` | any trigger field | HTTP 500 with an HTML page (`Content-Type: text/html`); nothing happens |
//! | [`triggers::DROP_PREFIX`] `DROP…` | any trigger field | the connection is closed without any response; nothing happens |
//! | [`triggers::ECHO_PREFIX`] `ECHO…` | `card_desc` of `v1/card/save` | the card is stored, and the answer echoes the request's secrets, as a careless server might: the card number inside `message`, as the whole `card_no` and as `card_number`; the `cvv` as the whole `card_bin` and as `cvv`; the `otp_code` as the whole `card_holder` and as `otp_code` |
//!
//! # Inspecting and driving the simulator
//!
//! [`Simulator::requests_seen`] counts requests by path (every request, including refused ones),
//! [`Simulator::pre_auth_remaining_kurus`] tells what is left of a pre-authorisation (any in the
//! ledger), [`Simulator::transaction_count`] how many transactions the ledger holds,
//! [`Simulator::session_is_valid`] whether a session key is accepted,
//! [`Simulator::pending_sales`] which sales wait for a card, [`Simulator::three_d_status`] where a
//! 3-D session stands, and [`Simulator::callbacks_delivered`] / [`Simulator::callbacks_failed`]
//! how the refund callbacks and the pay links' confirmation posts went. [`Simulator::complete_sale`] taps a card,
//! [`Simulator::start_js_payment`] fills the Paynet.js form, and [`Simulator::advance_clock`]
//! moves the clock (a day, so that a payment of "today" can be refunded in part), billing the
//! subscriptions' invoices that fall due on the way (as `POST /sim/clock/advance` does).
//!
//! # Determinism
//!
//! With [`SimConfig::seed`], every generated id and key is reproducible and the clock is
//! simulated: it starts at `2024-06-03T10:27:22.0296925+03:00` and moves 17.0023457 s each time a
//! timestamp is issued (so the seeded history runs from 5 May to 2 June 2024). Without a seed, ids
//! are random and timestamps are the real time at `+03:00` (Turkey's fixed offset), plus whatever
//! [`Simulator::advance_clock`] added.
//!
//! [`COMPANY_CODE`]: crate::COMPANY_CODE
//! [`COMPANY_NAME`]: crate::COMPANY_NAME
//! [`DEFAULT_AGENT_COMPANY_CODE`]: crate::DEFAULT_AGENT_COMPANY_CODE
//! [`DEFAULT_AGENT_ID`]: crate::DEFAULT_AGENT_ID
//! [`DEFAULT_AGENT_REFERENCE_NO`]: crate::DEFAULT_AGENT_REFERENCE_NO
//! [`DEFAULT_PUBLISHABLE_KEY`]: crate::DEFAULT_PUBLISHABLE_KEY
//! [`DEFAULT_SECRET_KEY`]: crate::DEFAULT_SECRET_KEY
//! [`DEFAULT_SESSION_KEY`]: crate::DEFAULT_SESSION_KEY
//! [`DEFAULT_USER_ID`]: crate::DEFAULT_USER_ID
//! [`JsPayment`]: crate::JsPayment
//! [`PRE_AUTH_100_REFERENCE_NO`]: crate::PRE_AUTH_100_REFERENCE_NO
//! [`PRE_AUTH_100_XACT`]: crate::PRE_AUTH_100_XACT
//! [`PRE_AUTH_100_XACT_ID`]: crate::PRE_AUTH_100_XACT_ID
//! [`PRE_AUTH_250_REFERENCE_NO`]: crate::PRE_AUTH_250_REFERENCE_NO
//! [`PRE_AUTH_250_XACT`]: crate::PRE_AUTH_250_XACT
//! [`PRE_AUTH_250_XACT_ID`]: crate::PRE_AUTH_250_XACT_ID
//! [`SEEDED_HISTORY_LEN`]: crate::SEEDED_HISTORY_LEN
//! [`SimConfig::agent`]: crate::SimConfig::agent
//! [`SimConfig::agent_reference`]: crate::SimConfig::agent_reference
//! [`SimConfig::card_otp`]: crate::SimConfig::card_otp
//! [`TEST_CARD_OWNER_ID`]: crate::TEST_CARD_OWNER_ID
//! [`TEST_OTP_CODE`]: crate::TEST_OTP_CODE
//! [`TEST_USER_UNIQUE_ID`]: crate::TEST_USER_UNIQUE_ID
//! [`triggers::ECHO_PREFIX`]: crate::triggers::ECHO_PREFIX
//! [`SimConfig::default`]: crate::SimConfig::default
//! [`SimConfig::deny_reversals`]: crate::SimConfig::deny_reversals
//! [`SimConfig::publishable_key`]: crate::SimConfig::publishable_key
//! [`SimConfig::reversal_delay`]: crate::SimConfig::reversal_delay
//! [`SimConfig::secret_key`]: crate::SimConfig::secret_key
//! [`SimConfig::seed`]: crate::SimConfig::seed
//! [`SimConfig::session_key`]: crate::SimConfig::session_key
//! [`SimConfig::slow_delay`]: crate::SimConfig::slow_delay
//! [`SimConfig::v2_comma_amounts`]: crate::SimConfig::v2_comma_amounts
//! [`SimConfig::without_history`]: crate::SimConfig::without_history
//! [`Simulator::advance_clock`]: crate::Simulator::advance_clock
//! [`Simulator::callbacks_delivered`]: crate::Simulator::callbacks_delivered
//! [`Simulator::callbacks_failed`]: crate::Simulator::callbacks_failed
//! [`Simulator::complete_sale`]: crate::Simulator::complete_sale
//! [`Simulator::pending_sales`]: crate::Simulator::pending_sales
//! [`Simulator::pre_auth_remaining_kurus`]: crate::Simulator::pre_auth_remaining_kurus
//! [`Simulator::publishable_key`]: crate::Simulator::publishable_key
//! [`Simulator::requests_seen`]: crate::Simulator::requests_seen
//! [`Simulator::secret_key`]: crate::Simulator::secret_key
//! [`Simulator::session_is_valid`]: crate::Simulator::session_is_valid
//! [`Simulator::start_js_payment`]: crate::Simulator::start_js_payment
//! [`Simulator::three_d_status`]: crate::Simulator::three_d_status
//! [`Simulator::transaction_count`]: crate::Simulator::transaction_count
//! [`Simulator::three_d_return`]: crate::Simulator::three_d_return
//! [`TEST_3D_PASSWORD`]: crate::TEST_3D_PASSWORD
//! [`TEST_CARD_3D_DECLINE`]: crate::TEST_CARD_3D_DECLINE
//! [`TEST_CARD_3D_REQUIRED`]: crate::TEST_CARD_3D_REQUIRED
//! [`TEST_CARD_APPROVE`]: crate::TEST_CARD_APPROVE
//! [`TEST_CARD_DECLINE`]: crate::TEST_CARD_DECLINE
//! [`TEST_CARD_LIMITED`]: crate::TEST_CARD_LIMITED
//! [`TEST_CARD_LIMIT_KURUS`]: crate::TEST_CARD_LIMIT_KURUS
//! [`TEST_CARD_HASH`]: crate::TEST_CARD_HASH
//! [`TEST_CARD_HASH_3D_DECLINE`]: crate::TEST_CARD_HASH_3D_DECLINE
//! [`TEST_CARD_HASH_3D_REQUIRED`]: crate::TEST_CARD_HASH_3D_REQUIRED
//! [`TEST_CARD_HASH_DECLINE`]: crate::TEST_CARD_HASH_DECLINE
//! [`TEST_CVC`]: crate::TEST_CVC
//! [`TEST_EXPIRY_MONTH`]: crate::TEST_EXPIRY_MONTH
//! [`TEST_EXPIRY_YEAR`]: crate::TEST_EXPIRY_YEAR
//! [`triggers::DECLINE_AMOUNT_KURUS`]: crate::triggers::DECLINE_AMOUNT_KURUS
//! [`triggers::DECLINE_PREFIX`]: crate::triggers::DECLINE_PREFIX
//! [`triggers::DEFAULT_SLOW_DELAY`]: crate::triggers::DEFAULT_SLOW_DELAY
//! [`triggers::DROP_PREFIX`]: crate::triggers::DROP_PREFIX
//! [`triggers::FAIL500_PREFIX`]: crate::triggers::FAIL500_PREFIX
//! [`triggers::LOST_PREFIX`]: crate::triggers::LOST_PREFIX
//! [`triggers::OVER_CAPTURE_ERROR_ID`]: crate::triggers::OVER_CAPTURE_ERROR_ID
//! [`triggers::REFUND_DENY_PREFIX`]: crate::triggers::REFUND_DENY_PREFIX
//! [`triggers::SLOW_PREFIX`]: crate::triggers::SLOW_PREFIX
