//! The simulator's test values: its default credentials and merchant, the test cards and stored
//! cards, the seeded pre-authorisations' ids and the size of the seeded history (all re-exported
//! at the crate root: `paynet_sim::TEST_CARD_APPROVE`...).

/// The secret key a default simulator accepts (`Authorization: Basic sck_sim_secret_key`).
pub const DEFAULT_SECRET_KEY: &str = "sck_sim_secret_key";
/// The session key a default simulator accepts from the start (`Session-Key: ssk_sim_session_key`).
pub const DEFAULT_SESSION_KEY: &str = "ssk_sim_session_key";
/// The publishable key a default simulator accepts where Paynet takes one
/// (`/v1/ratio/Get_public`: `Authorization: Basic pbk_sim_publishable_key`), and that
/// `check_integration_info` expects.
pub const DEFAULT_PUBLISHABLE_KEY: &str = "pbk_sim_publishable_key";
/// The agent id a default simulator knows (the `agent_id` of Paynet's capture example).
pub const DEFAULT_AGENT_ID: &str = "20005";
/// The user id a default simulator knows, for [`DEFAULT_AGENT_ID`].
pub const DEFAULT_USER_ID: &str = "sim_user";
/// The `company_code` that `get_auth_key`, detail and the lists report.
pub const COMPANY_CODE: &str = "20000";
/// The company name that detail and the lists report.
pub const COMPANY_NAME: &str = "PAYNET SIM FIRMA A.S.";
/// The agent (bayi) name that detail and the lists report.
pub const AGENT_NAME: &str = "PAYNET SIM BAYI";
/// The merchant's reference number of the default agent ([`DEFAULT_AGENT_ID`]), which
/// `check_agent` knows (the reference of Paynet's example).
pub const DEFAULT_AGENT_REFERENCE_NO: &str = "987345";
/// The `company_code` that `check_agent` and `check_integration_info` report for the default
/// agent (the value of Paynet's examples; the transaction pages report [`COMPANY_CODE`]).
pub const DEFAULT_AGENT_COMPANY_CODE: &str = COMPANY_CODE;

/// A test card the bank approves (Akbank Axess, Visa). Any other valid card number the
/// simulator does not list here approves too.
pub const TEST_CARD_APPROVE: &str = "4355084355084358";
/// A test card the bank declines: HTTP 200, `is_succeed: false`, `bank_error_id` "05"
/// (Garanti BBVA Bonus, MasterCard).
pub const TEST_CARD_DECLINE: &str = "5400610000000001";
/// A test card that needs 3-D Secure: a direct `pay` is refused with code 16; through 3-D (or
/// Paynet.js) it approves (İş Bankası Maximum, Visa).
pub const TEST_CARD_3D_REQUIRED: &str = "4508030000000006";
/// A test card that needs 3-D Secure and whose 3-D page always fails (`md_status` "0", code 16),
/// whatever the shopper does (Yapı Kredi World, MasterCard).
pub const TEST_CARD_3D_DECLINE: &str = "5528790000000008";
/// A test card with a limit of [`TEST_CARD_LIMIT_KURUS`] (300.00 TL): the bank approves
/// charges on it (payments, subscription charges) while what it approved on it stays within the
/// limit, and declines the rest with bank error "51", "Limit yetersiz" (DenizBank, MasterCard). A
/// monthly subscription of 100.00 TL on it pays three invoices and has its fourth declined.
pub const TEST_CARD_LIMITED: &str = "5209323000000012";
/// The limit of [`TEST_CARD_LIMITED`], in kuruş: 300.00 TL.
pub const TEST_CARD_LIMIT_KURUS: u64 = 30_000;
/// A CVC for the test cards (any 3 or 4 digits are accepted).
pub const TEST_CVC: &str = "000";
/// An expiry month for the test cards (any month not before the simulator clock's is accepted).
pub const TEST_EXPIRY_MONTH: u32 = 12;
/// An expiry year for the test cards.
pub const TEST_EXPIRY_YEAR: u32 = 2035;
/// The password ("SMS şifresi") that the simulated bank's 3-D page accepts, as on Paynet's own
/// test cards.
pub const TEST_3D_PASSWORD: &str = "a";
/// A stored card (`card_hash`) that works like [`TEST_CARD_APPROVE`].
pub const TEST_CARD_HASH: &str = "sim_card_hash_approve";
/// A stored card (`card_hash`) that works like [`TEST_CARD_DECLINE`].
pub const TEST_CARD_HASH_DECLINE: &str = "sim_card_hash_decline";
/// A stored card (`card_hash`) that works like [`TEST_CARD_3D_REQUIRED`].
pub const TEST_CARD_HASH_3D_REQUIRED: &str = "sim_card_hash_3d_required";
/// A stored card (`card_hash`) that works like [`TEST_CARD_3D_DECLINE`].
pub const TEST_CARD_HASH_3D_DECLINE: &str = "sim_card_hash_3d_decline";
/// The `card_owner_id` of the simulator's test customer, who holds the four test stored cards
/// ([`TEST_CARD_HASH`]...) from the start.
pub const TEST_CARD_OWNER_ID: &str = "5e1c7a00-0000-4000-8000-00000000c0de";
/// The `user_unique_id` of the simulator's test customer ([`TEST_CARD_OWNER_ID`]).
pub const TEST_USER_UNIQUE_ID: &str = "sim-customer";
/// The one-time password every `send_otp` of the simulator sends (the docs' own example).
pub const TEST_OTP_CODE: &str = "ART2";
/// How many transactions the seeded history holds (see [`SimConfig::without_history`](crate::SimConfig::without_history)).
pub const SEEDED_HISTORY_LEN: usize = 25;

/// `xact_id` of the default 250.00 TL pre-authorisation (the id of Paynet's capture request
/// example).
pub const PRE_AUTH_250_XACT_ID: &str = "xk_EAAAANFhOW7SioFxO8LHPMruxp0hX3wE8NmJSmGUD*W3uISj";
/// `xact` (plain id) of the default 250.00 TL pre-authorisation.
pub const PRE_AUTH_250_XACT: &str = "1000001";
/// `reference_no` of the default 250.00 TL pre-authorisation.
pub const PRE_AUTH_250_REFERENCE_NO: &str = "SIM-PREAUTH-250";
/// `xact_id` of the default 100.00 TL pre-authorisation.
pub const PRE_AUTH_100_XACT_ID: &str = "xk_EAAAAsimPreAuth100/k7Qh2wZ*Lm4nB8vXc3RtY6pJd9sFg";
/// `xact` (plain id) of the default 100.00 TL pre-authorisation.
pub const PRE_AUTH_100_XACT: &str = "1000002";
/// `reference_no` of the default 100.00 TL pre-authorisation.
pub const PRE_AUTH_100_REFERENCE_NO: &str = "SIM-PREAUTH-100";

/// The name on the simulator's default card.
pub(crate) const CARD_HOLDER: &str = "PAYNET SIM";
