//! Simulated Paynet.
