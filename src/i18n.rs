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

    // Dashboard and demo
    pub nav_dashboard: &'static str,
    pub dashboard_title: &'static str,
    pub dashboard_empty_title: &'static str,
    pub dashboard_empty_intro: &'static str,
    pub dashboard_first_entry: &'static str,
    pub dashboard_quick_entry: &'static str,
    pub dashboard_accounts: &'static str,
    pub cash_heading: &'static str,
    pub as_of: fn(&str) -> String,
    pub account_column: &'static str,
    pub balance_column: &'static str,
    pub cash_total: &'static str,
    pub cash_none: &'static str,
    pub compare_heading: &'static str,
    pub this_month_column: &'static str,
    pub last_year_column: &'static str,
    pub change_column: &'static str,
    pub revenue_row: &'static str,
    pub expenses_row: &'static str,
    pub profit_row: &'static str,
    pub chart_heading: &'static str,
    pub chart_label: fn(&str, &str) -> String,
    pub month_short: fn(u32) -> String,
    pub month_column: &'static str,
    pub profit_column: &'static str,
    pub attention_heading: &'static str,
    pub drafts_count: fn(usize) -> String,
    pub no_drafts: &'static str,
    pub drafts_more: fn(usize) -> String,
    pub no_description: &'static str,
    pub create_demo_book: &'static str,
    pub demo_intro: &'static str,
    pub demo_generating: &'static str,
    pub demo_saving: &'static str,
    pub tax_accounting: &'static str,
    pub tax_accounting_hint: &'static str,
    pub tax_inclusive: &'static str,
    pub tax_exclusive: &'static str,

    // Reports (帳票: src/pages/reports.rs)
    pub nav_reports: &'static str,
    pub rep_title: &'static str,
    pub rep_picker: &'static str,
    pub rep_trial_balance: &'static str,
    pub rep_general_ledger: &'static str,
    pub rep_profit_and_loss: &'static str,
    pub rep_balance_sheet: &'static str,
    pub rep_monthly: &'static str,
    pub rep_tax: &'static str,
    pub rep_blue_return: &'static str,
    pub rep_period: &'static str,
    pub rep_this_year: &'static str,
    pub rep_last_year: &'static str,
    pub rep_this_month: &'static str,
    pub rep_last_month: &'static str,
    pub rep_custom: &'static str,
    pub rep_from: &'static str,
    pub rep_to: &'static str,
    pub rep_period_text: fn(&str, &str) -> String,
    pub rep_as_of: fn(&str) -> String,
    pub rep_print: &'static str,
    pub rep_csv: &'static str,
    pub rep_code: &'static str,
    pub rep_account: &'static str,
    pub rep_opening: &'static str,
    pub rep_closing: &'static str,
    pub rep_debit: &'static str,
    pub rep_credit: &'static str,
    pub rep_balance: &'static str,
    pub rep_date: &'static str,
    pub rep_description: &'static str,
    pub rep_partner: &'static str,
    pub rep_counter: &'static str,
    pub rep_entry: &'static str,
    pub rep_section: &'static str,
    pub rep_amount: &'static str,
    pub rep_total: &'static str,
    pub rep_revenue: &'static str,
    pub rep_expenses: &'static str,
    pub rep_total_revenue: &'static str,
    pub rep_total_expenses: &'static str,
    pub rep_net_income: &'static str,
    pub rep_assets: &'static str,
    pub rep_liabilities: &'static str,
    pub rep_equity: &'static str,
    pub rep_profit_this_year: &'static str,
    pub rep_profit_earlier: &'static str,
    pub rep_total_assets: &'static str,
    pub rep_total_liabilities: &'static str,
    pub rep_total_equity: &'static str,
    pub rep_total_liabilities_equity: &'static str,
    pub rep_choose_account: &'static str,
    pub rep_no_figures: &'static str,
    pub rep_drill: fn(&str) -> String,
    pub rep_fiscal_year: &'static str,
    pub rep_month: fn(u32) -> String,
    pub rep_tax_code: &'static str,
    pub rep_tax_lines: &'static str,
    pub rep_tax_gross: &'static str,
    pub rep_tax_base: &'static str,
    pub rep_tax_tax: &'static str,
    pub rep_tax_creditable: &'static str,
    pub rep_tax_output: &'static str,
    pub rep_tax_input: &'static str,
    pub rep_tax_creditable_input: &'static str,
    pub rep_tax_general: &'static str,
    pub rep_tax_simplified: &'static str,
    pub rep_tax_twenty: &'static str,
    pub rep_tax_simplified_credit: &'static str,
    pub rep_tax_special_credit: &'static str,
    pub rep_tax_payable: &'static str,
    pub rep_business_class: &'static str,
    pub rep_business_class_name: fn(u8) -> String,
    pub rep_tax_note: &'static str,
    pub rep_blue_pl: &'static str,
    pub rep_blue_monthly: &'static str,
    pub rep_blue_bs: &'static str,
    pub rep_blue_sales: &'static str,
    pub rep_blue_purchases: &'static str,
    pub rep_blue_household: &'static str,
    pub rep_blue_misc: &'static str,
    pub rep_blue_line: &'static str,
    pub rep_blue_opening: &'static str,
    pub rep_blue_closing: &'static str,
    pub rep_blue_cost_of_sales: &'static str,
    pub rep_blue_gross: &'static str,
    pub rep_blue_expenses: &'static str,
    pub rep_blue_net: &'static str,
    pub rep_blue_income: &'static str,
    pub rep_blue_earlier: &'static str,
    pub rep_blue_assets: &'static str,
    pub rep_blue_liabilities_capital: &'static str,
    pub rep_blue_unmapped: fn(usize) -> String,
    pub rep_tax_entries: fn(&str) -> String,
    // ---- attachments (add this area's fields below this line) ----
    // ---- tax split (add this area's fields below this line) ----
    // ---- closing (add this area's fields below this line) ----
    // ---- reports (add this area's fields below this line) ----
    // ---- perf (add this area's fields below this line) ----
}
