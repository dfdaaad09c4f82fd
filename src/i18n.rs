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

pub use errors::{amount_error, entry_error, journal_error, settings_error, store_error};

use kura_core::book::ChartTemplate;
use kura_core::ledger::{AccountRole, AccountType, TaxCode};
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

    // Journal and accounts
    pub nav_journal: &'static str,
    pub nav_accounts: &'static str,
    pub accounts_title: &'static str,
    pub accounts_intro: &'static str,
    pub add_account: &'static str,
    pub edit_account: &'static str,
    pub edit: &'static str,
    pub account_code: &'static str,
    pub account_name: &'static str,
    pub account_name_ja: &'static str,
    pub account_name_en: &'static str,
    pub account_reading: &'static str,
    pub account_reading_hint: &'static str,
    pub account_type: &'static str,
    pub account_type_name: fn(AccountType) -> &'static str,
    pub account_parent: &'static str,
    pub account_parent_none: &'static str,
    pub account_role: &'static str,
    pub account_role_none: &'static str,
    pub account_role_name: fn(AccountRole) -> &'static str,
    pub account_default_tax: &'static str,
    pub tax_code: &'static str,
    pub tax_none: &'static str,
    pub tax_code_name: fn(TaxCode) -> &'static str,
    pub archived: &'static str,
    pub archive: &'static str,
    pub unarchive: &'static str,
    pub account_saved: &'static str,
    pub account_deleted: &'static str,
    pub journal_title: &'static str,
    pub new_entry: &'static str,
    pub quick_entry: &'static str,
    pub search_label: &'static str,
    pub search_from: &'static str,
    pub search_to: &'static str,
    pub search_min: &'static str,
    pub search_max: &'static str,
    pub search_partner: &'static str,
    pub search_text: &'static str,
    pub search_clear: &'static str,
    pub entry_date: &'static str,
    pub entry_description: &'static str,
    pub entry_partner: &'static str,
    pub entry_total: &'static str,
    pub entry_status: &'static str,
    pub status_draft: &'static str,
    pub status_posted: &'static str,
    pub marker_reversal: &'static str,
    pub marker_correction: &'static str,
    pub marker_corrected: &'static str,
    pub entry_title: &'static str,
    pub new_entry_title: &'static str,
    pub edit_draft_title: &'static str,
    pub correct_title: &'static str,
    pub correct_intro: &'static str,
    pub lines_label: &'static str,
    pub line_account: &'static str,
    pub line_debit: &'static str,
    pub line_credit: &'static str,
    pub line_tax: &'static str,
    pub line_memo: &'static str,
    pub line_number: fn(usize) -> String,
    pub add_line: &'static str,
    pub remove_line: &'static str,
    pub account_picker_hint: &'static str,
    pub unknown_account_text: &'static str,
    pub difference: fn(&str) -> String,
    pub balanced: &'static str,
    pub keyboard_hint: &'static str,
    pub save_draft: &'static str,
    pub post_entry: &'static str,
    pub post_correction: &'static str,
    pub draft_saved: &'static str,
    pub entry_posted: &'static str,
    pub delete_draft: &'static str,
    pub draft_deleted: &'static str,
    pub correct: &'static str,
    pub reverse: &'static str,
    pub reverse_title: &'static str,
    pub reverse_intro: &'static str,
    pub reverse_date: &'static str,
    pub entry_reversed: &'static str,
    pub entry_corrected: &'static str,
    pub corrects_label: &'static str,
    pub corrected_by_label: &'static str,
    pub history_heading: &'static str,
    pub history_deleted: &'static str,
    pub history_created: &'static str,
    pub history_changed: fn(&[&str]) -> String,
    pub history_unchanged: &'static str,
    pub field_lines: &'static str,
    pub entry_not_found: &'static str,
    pub back_to_journal: &'static str,
    pub quick_title: &'static str,
    pub quick_intro: &'static str,
    pub quick_kind: &'static str,
    pub quick_expense_cash: &'static str,
    pub quick_expense_bank: &'static str,
    pub quick_sale_cash: &'static str,
    pub quick_sale_bank: &'static str,
    pub quick_drawing: &'static str,
    pub quick_expense_account: &'static str,
    pub quick_revenue_account: &'static str,
    pub quick_paid_from: &'static str,
    pub quick_amount: &'static str,
    pub quick_preview: &'static str,
    pub quick_missing_role: fn(&str) -> String,
    pub choose: &'static str,
    pub close_heading: &'static str,
    pub closed_through_label: &'static str,
    pub not_closed: &'static str,
    pub close_through: &'static str,
    pub close_books: &'static str,
    pub reopen_books: &'static str,
    pub books_closed: &'static str,
    pub books_reopened: &'static str,
    pub debit_short: &'static str,
    pub credit_short: &'static str,
}
