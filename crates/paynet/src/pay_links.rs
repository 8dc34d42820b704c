//! Confirming a pay link's payment by reading it back ([`Client::confirm_pay_link`]): what a
//! merchant does when its `confirmation_url` receives a post (unsigned, so only a hint).

use paynet_domain::{Amount, CheckPaymentRequest, Error, PayLinkVerdict, TransactionRef};

use crate::client::Client;

impl Client {
    /// Confirms that the pay link created with `reference_no` for `expected` was paid, by
    /// reading the payment back over the authenticated channel: the payment check
    /// (`check_payment`) by the reference, under the secret key. Only a successful sale of the
    /// expected amount is [`PayLinkVerdict::Confirmed`]; nothing paid is
    /// [`PayLinkVerdict::NotFound`]; a sale of another amount is [`PayLinkVerdict::Mismatch`].
    ///
    /// Call it when the link's `confirmation_url` receives a post ([`PayLinkCallback`]): the post
    /// is not signed, so it only says *which* link to look at (its `reference_no`), never
    /// *whether* it was paid. Take `expected` from your own order, not from the post. A forged
    /// post therefore confirms nothing. It is a read: safe to repeat (e.g. when the payer lands
    /// on `succeed_url`, or on a schedule), and retried within the call's time budget.
    ///
    /// # Errors
    ///
    /// An invalid `reference_no` (`Error::InvalidRequest`, nothing sent), and the errors of
    /// `check_payment`.
    ///
    /// [`PayLinkCallback`]: crate::PayLinkCallback
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let sim = paynet_sim::Simulator::start(paynet_sim::SimConfig::default()).await?;
    /// use paynet::{Client, CreatePayLinkRequest, PayLinkCallback, PayLinkVerdict, SecretKey};
    ///
    /// # let secret = sim.secret_key().to_owned();
    /// let client = Client::builder()
    /// #   .base_url(sim.base_url())
    ///     .secret_key(SecretKey::new(secret)?)
    ///     .build()?;
    /// let link = CreatePayLinkRequest::builder()
    ///     .name_surname("Ayşe Yılmaz")
    ///     .amount("149.90".parse()?)
    ///     .reference_no("INV-2026-0042")
    ///     .build()?;
    /// client.create_pay_link(&link).await?;
    ///
    /// // A forged post to the confirmation_url: the right shape, no payment behind it.
    /// let forged = br#"{"referance_no":"INV-2026-0042","amount":149.90,"is_succeed":true}"#;
    /// let hint = PayLinkCallback::from_json(forged)?;
    /// let verdict = client.confirm_pay_link(&hint.reference_no, "149.90".parse()?).await?;
    /// assert!(matches!(verdict, PayLinkVerdict::NotFound { .. }));
    /// # Ok(()) }
    /// ```
    pub async fn confirm_pay_link(
        &self,
        reference_no: &str,
        expected: Amount,
    ) -> Result<PayLinkVerdict, Error> {
        let check = CheckPaymentRequest::new(TransactionRef::reference_no(reference_no)?)?;
        let found = self.check_payment(&check).await?;
        Ok(PayLinkVerdict::from_check(&found, expected))
    }
}
