//! The hand-written types' accessors, written by two macros: `setters!` writes builder setters
//! (each takes its value and returns the builder, whose `build` checks what it was given), and
//! `getters!` writes the getters that only read a field. The crate root declares this module
//! first, `#[macro_use]`, so every module can use both without importing them. `setters!` is
//! also exported (hidden from the docs) for the facade's builders: one macro for both crates.

/// Writes builder setters, one per `/// doc` + `name(arg: Type) => how place;` entry:
/// `pub fn name(mut self, arg: Type) -> Self`, which stores `arg.into()` at `self.place` as
///
/// - `some`: `Some(value)` (an optional field);
/// - `set`: the value itself;
/// - `push`: the pair `("name", value)` pushed onto a list of values `build` checks in order.
#[doc(hidden)]
#[macro_export]
macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident($arg:ident: $ty:ty) => $how:ident $($place:ident).+;)*) => {$(
        $(#[$doc])*
        pub fn $name(mut self, $arg: $ty) -> Self {
            $crate::setters!(@$how self.$($place).+, $name, $arg);
            self
        }
    )*};
    (@some $place:expr, $name:ident, $arg:ident) => {
        $place = Some($arg.into())
    };
    (@set $place:expr, $name:ident, $arg:ident) => {
        $place = $arg.into()
    };
    (@push $place:expr, $name:ident, $arg:ident) => {
        $place.push((stringify!($name), $arg.into()))
    };
}

/// Writes getters, one per `/// doc` + `name -> Type => how place;` entry:
/// `pub fn name(&self) -> Type`, which reads `self.place` (a field, or a field's field) as
///
/// - `copy`: the value itself (`self.place`);
/// - `borrow`: a reference to it (`&self.place`; a `String` is read as `&str`);
/// - `as_deref` or `as_ref`: an optional value, borrowed (`self.place.as_deref()`...).
macro_rules! getters {
    ($($(#[$attr:meta])* $name:ident -> $ty:ty => $how:ident $($place:tt).+;)*) => {$(
        $(#[$attr])*
        pub fn $name(&self) -> $ty {
            getters!(@$how self.$($place).+)
        }
    )*};
    (@copy $place:expr) => {
        $place
    };
    (@borrow $place:expr) => {
        &$place
    };
    (@$method:ident $place:expr) => {
        $place.$method()
    };
}
