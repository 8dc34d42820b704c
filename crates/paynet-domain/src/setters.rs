//! The hand-written builders' setters, written by one macro ([`setters!`]): each setter takes
//! its value and returns the builder, and its builder's `build` checks what it was given.

/// Writes builder setters, one per `/// doc` + `name(arg: Type) => how place;` entry:
/// `pub fn name(mut self, arg: Type) -> Self`, which stores `arg.into()` at `self.place` as
///
/// - `some`: `Some(value)` (an optional field);
/// - `set`: the value itself;
/// - `push`: the pair `("name", value)` pushed onto a list of values `build` checks in order.
macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident($arg:ident: $ty:ty) => $how:ident $($place:ident).+;)*) => {$(
        $(#[$doc])*
        pub fn $name(mut self, $arg: $ty) -> Self {
            $crate::setters::setters!(@$how self.$($place).+, $name, $arg);
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
pub(crate) use setters;
