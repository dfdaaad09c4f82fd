//! Every text on screen, in Japanese and English.
//!
//! One typed struct, [`Messages`], holds every string; [`ja::MESSAGES`] and
//! [`en::MESSAGES`] fill it. A key missing in one language is a compile error, and
//! no JSON, macro or build step is involved (leptos_i18n would add a build-time
//! code generator and a dependency for the same guarantee). Texts with numbers in
//! them are plain functions in the same struct.
//!
//! Screens read the current language from [`I18n`], provided at the app's root.
//! Numbers, amounts and dates are never formatted here: `kura_core::locale` does that.

mod en;
mod errors;
mod ja;

pub use errors::{amount_error, settings_error, store_error};

use kura_core::book::ChartTemplate;
use kura_core::locale::{group_thousands, Locale};
use leptos::prelude::*;

/// The UI language, shared by every component through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// The texts of the current language (reactive: read inside a closure).
    pub fn t(&self) -> &'static Messages {
        messages(self.locale.get())
    }

    /// The current language (reactive).
    pub fn locale(&self) -> Locale {
        self.locale.get()
    }
}

/// A count with thousands separators (`10,000`), in both languages.
fn count(n: usize) -> String {
    group_thousands(&n.to_string())
}

/// The texts of a language.
pub fn messages(locale: Locale) -> &'static Messages {
    match locale {
        Locale::Ja => &ja::MESSAGES,
        Locale::En => &en::MESSAGES,
    }
}

/// The app's [`I18n`]; panics only if called outside the app (a programming error).
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// All user-visible texts. Grouped by screen; shared words first.
pub struct Messages {
    // Shared words
    pub app_name: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub cancel: &'static str,
    pub close: &'static str,
    pub delete: &'static str,
    pub rename: &'static str,
    pub open: &'static str,
    pub loading: &'static str,
    pub language: &'static str,
    pub yes: &'static str,
    pub no: &'static str,

    // Navigation and shell
    pub nav_label: &'static str,
    pub nav_books: &'static str,
    pub nav_settings: &'static str,
    pub nav_data: &'static str,
    pub skip_to_content: &'static str,
    pub updated_in_other_tab: &'static str,

    // Book list
    pub books_title: &'static str,
    pub books_intro: &'static str,
    pub new_book: &'static str,
    pub book_name_column: &'static str,
    pub book_created_column: &'static str,
    pub actions_column: &'static str,
    pub no_books: &'static str,
    pub rename_title: &'static str,
    pub new_name: &'static str,
    pub renamed: &'static str,
    pub delete_title: &'static str,
    pub delete_warning: fn(&str) -> String,
    pub type_name_to_confirm: &'static str,
    pub deleted: &'static str,
    pub newer_book: &'static str,

    // Create book / settings
    pub create_title: &'static str,
    pub create_intro: &'static str,
    pub create_book: &'static str,
    pub book_name: &'static str,
    pub book_name_hint: &'static str,
    pub owner_name: &'static str,
    pub currency: &'static str,
    pub currency_fixed: &'static str,
    pub fiscal_year_start: &'static str,
    pub month_name: fn(u32) -> String,
    pub ui_language: &'static str,
    pub chart_template: &'static str,
    pub chart_template_hint: &'static str,
    pub template_name: fn(ChartTemplate) -> &'static str,
    pub settings_title: &'static str,

    // Settings → Data
    pub data_title: &'static str,
    pub storage_heading: &'static str,
    pub storage_used: &'static str,
    pub storage_available: &'static str,
    pub storage_unknown: &'static str,
    pub persist_heading: &'static str,
    pub persist_granted: &'static str,
    pub persist_denied: &'static str,
    pub persist_explain: &'static str,
    pub persist_ask_again: &'static str,
    pub backup_heading: &'static str,
    pub last_backup: &'static str,
    pub no_backup_yet: &'static str,
    pub book_facts_heading: &'static str,
    pub change_sets_stored: &'static str,
    pub device_id: &'static str,

    // Shared components
    pub table_previous: &'static str,
    pub table_next: &'static str,
    pub table_range: fn(usize, usize, usize) -> String,
    pub table_empty: &'static str,
    pub sorted_ascending: &'static str,
    pub sorted_descending: &'static str,
    pub date_invalid: &'static str,
    pub date_out_of_range: &'static str,

    // Errors
    pub error_title: &'static str,
    pub error_reload: &'static str,
    pub not_found: &'static str,
    pub back_to_books: &'static str,
}
