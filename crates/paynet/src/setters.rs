//! The builder setters of the hand-written types (`ClientBuilder`, `CallOptions`, `Call`), written
//! by one macro. The crate root declares this module first, `#[macro_use]`, so every module can use
//! it without importing it.

/// Writes builder setters, one per `/// doc` + `name(arg: Type) => place;` entry:
/// `pub fn name(mut self, arg: Type) -> Self`, which stores `arg` at `self.place` (a field, or a
/// field's field), or `=> place = value;` to store `value` (an expression of `arg`) instead.
macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident($arg:ident: $ty:ty) => $($place:ident).+ $(= $value:expr)?;)*) => {$(
        $(#[$doc])*
        pub fn $name(mut self, $arg: $ty) -> Self {
            self.$($place).+ = setters!(@value $arg $(, $value)?);
            self
        }
    )*};
    (@value $arg:ident) => {
        $arg
    };
    (@value $arg:ident, $value:expr) => {
        $value
    };
}
