//! Paynet domain types.
