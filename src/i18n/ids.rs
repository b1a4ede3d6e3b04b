//! Message ids chosen by Rust code live in enums whose variants know their
//! id (as Lemmy's error enum does), never in bare string literals, so
//! `check-locales` can list every id the code may show without reading the
//! source.

/// A type whose values each show one message id.
pub trait MessageIds {
    /// Where the ids are written (`file!()`, `line!()`), for the checker's
    /// findings.
    const DEFINED_AT: (&'static str, u32);

    /// Every message id a value of this type can show.
    fn message_ids() -> Vec<&'static str>;
}

/// The ids of one type, and where they are written: what `check-locales`
/// reads instead of the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdFamily {
    pub file: &'static str,
    pub line: u32,
    pub ids: Vec<&'static str>,
}

impl IdFamily {
    pub fn of<T: MessageIds>() -> IdFamily {
        let (file, line) = T::DEFINED_AT;
        IdFamily { file, line, ids: T::message_ids() }
    }
}

/// The own name of each language (its switcher entry), the one id no enum
/// chooses.
pub const LANGUAGE_NAME: &str = "language-name";

/// The ids written as constants in this module.
pub struct Constants;

impl MessageIds for Constants {
    const DEFINED_AT: (&'static str, u32) = (file!(), line!());

    fn message_ids() -> Vec<&'static str> {
        vec![LANGUAGE_NAME]
    }
}

/// A fieldless enum whose variants are message ids: gives it `ALL`,
/// `message_id()` and [`MessageIds`].
///
/// ```ignore
/// message_enum! {
///     /// What the flash line says.
///     pub enum Notice {
///         Declined => "flash-declined",
///     }
/// }
/// ```
macro_rules! message_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident => $id:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$variant_meta])* $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The message id this variant shows.
            pub fn message_id(self) -> &'static str {
                match self {
                    $($name::$variant => $id),+
                }
            }
        }

        impl $crate::i18n::ids::MessageIds for $name {
            const DEFINED_AT: (&'static str, u32) = (file!(), line!());

            fn message_ids() -> Vec<&'static str> {
                $name::ALL.iter().map(|v| v.message_id()).collect()
            }
        }
    };
}

pub(crate) use message_enum;
