//! Pure domain types and rules, shared by the server and the browser. No IO lives here.

/// An enum stored and sent as a slug (`due_diligence`), shown with a label, parsed back with
/// a field-specific error message. Every closed list of choices in the domain uses it.
macro_rules! slug_enum {
    ($(#[$meta:meta])* $name:ident, $error:literal { $($variant:ident => ($slug:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn slug(self) -> &'static str { match self { $($name::$variant => $slug),+ } }
            pub fn label(self) -> &'static str { match self { $($name::$variant => $label),+ } }
        }

        impl ::std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                Self::ALL.iter().copied().find(|v| v.slug() == s.trim()).ok_or_else(|| $error.to_owned())
            }
        }
    };
}

pub mod access;
pub mod account;
pub mod change_feed;
pub mod company;
pub mod consortium;
pub mod consortium_view;
pub mod country;
mod country_list;
pub mod critical_area;
pub mod export_control;
pub mod incubation;
pub mod investor;
pub mod limits;
pub mod opportunity;
pub mod pipeline;
pub mod recurrence;
pub mod technology;
pub mod text;
pub mod thesis;
pub mod trl;
