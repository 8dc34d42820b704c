//! The values Paynet sent that this crate does not know, kept as sent: [`UnknownCode`] (a
//! number) and [`UnknownText`] (a text). Re-exported by [`crate::codes`].

use std::fmt;

/// A code Paynet sent that this crate does not know (a result code, a transaction or POS type).
/// Only this crate's readers make one, for numbers that have no named value: it can never equal
/// a known code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownCode(pub(crate) i64);

impl UnknownCode {
    /// The number Paynet sent.
    pub fn value(self) -> i64 {
        self.0
    }
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A text value Paynet sent that this crate does not know (an error type, a card type, a
/// currency), kept as sent. Only this crate's readers make one, for text that is no known value:
/// it can never equal a known value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownText(pub(crate) String);

impl UnknownText {
    /// The text as Paynet sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
