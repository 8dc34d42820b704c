//! Internal macros.

/// Defines a `#[non_exhaustive]` enum of integer codes with named variants and an
/// `Unknown(UnknownCode)` case (which only `from_i64` makes, for numbers with no named variant),
/// plus `from_i64`, `as_i64`, `name` and a `KNOWN` list.
///
/// The `Unknown` case comes last, after an `@unknown` marker (which keeps its doc comments apart
/// from the named variants'). `Display` writes `<code> (<name>)`.
macro_rules! integer_code_enum {
    (
        $(#[$enum_meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $code:literal => $text:literal,
            )+
            @unknown
            $(#[$unknown_meta:meta])*
            Unknown,
        }
    ) => {
        $(#[$enum_meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                $variant,
            )+
            $(#[$unknown_meta])*
            Unknown($crate::codes::UnknownCode),
        }

        impl $name {
            /// Every named (documented) value, in code order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// Reads a code as Paynet sends it. Never fails: a code this crate does not know
            /// becomes `Unknown(code)`.
            pub fn from_i64(code: i64) -> $name {
                match code {
                    $($code => $name::$variant,)+
                    other => $name::Unknown($crate::codes::UnknownCode(other)),
                }
            }

            /// The code as Paynet writes it.
            pub fn as_i64(self) -> i64 {
                match self {
                    $($name::$variant => $code,)+
                    $name::Unknown(code) => code.value(),
                }
            }

            /// The value's name (`"unknown"` for an unknown code).
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Unknown(_) => "unknown",
                }
            }
        }

        impl ::std::fmt::Display for $name {
            /// Writes the code and its name, e.g. `4 (capture)`; `99 (unknown)` for an unknown
            /// code.
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{} ({})", self.as_i64(), self.name())
            }
        }

        impl From<i64> for $name {
            /// Same as the type's `from_i64`.
            fn from(code: i64) -> $name {
                $name::from_i64(code)
            }
        }

        impl ::serde::Serialize for $name {
            /// The code as Paynet writes it (a number).
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }

        impl From<$name> for i64 {
            /// Same as the type's `as_i64`.
            fn from(value: $name) -> i64 {
                value.as_i64()
            }
        }
    };
}

pub(crate) use integer_code_enum;
