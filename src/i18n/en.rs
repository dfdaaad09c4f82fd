//! English messages.

use kura_core::book::ChartTemplate;
use kura_core::locale::group_thousands;

use super::Messages;

/// A count with thousands separators (`10,000`), in both languages.
pub(super) fn count(n: usize) -> String {
    group_thousands(&n.to_string())
}

const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
];

pub static MESSAGES: Messages = Messages {
    app_name: "Kura",
    save: "Save",
    saved: "Saved",
    cancel: "Cancel",
    close: "Close",
    delete: "Delete",
    rename: "Rename",
    open: "Open",
    loading: "Loading…",
    language: "Language",
    yes: "Yes",
    no: "No",

    nav_label: "Main menu",
    nav_books: "Books",
    nav_settings: "Book settings",
    nav_data: "Data",
    skip_to_content: "Skip to content",
    updated_in_other_tab: "Changes from another tab were applied",

    books_title: "Books",
    books_intro: "The books kept in this browser. Their data stays on this computer.",
    new_book: "New book",
    book_name_column: "Book",
    book_created_column: "Created",
    actions_column: "Actions",
    no_books: "There are no books yet.",
    rename_title: "Rename book",
    new_name: "New name",
    renamed: "Book renamed",
    delete_title: "Delete book",
    delete_warning: |name| {
        format!("All data of “{name}” will be removed from this browser, and this cannot be undone. Type the book's name to delete it.")
    },
    type_name_to_confirm: "Type the book's name to confirm",
    deleted: "Book deleted",
    newer_book: "Saved by a newer version",

    create_title: "Create a book",
    create_intro: "One book per business. Everything but the currency can be changed later in the settings.",
    create_book: "Create book",
    book_name: "Business name",
    book_name_hint: "Use your own name if the business has none.",
    owner_name: "Owner's name",
    currency: "Currency",
    currency_fixed: "The currency cannot change once the book exists.",
    fiscal_year_start: "Fiscal year starts in",
    month_name: |m| MONTHS[(m.clamp(1, 12) - 1) as usize].to_string(),
    ui_language: "Display language",
    chart_template: "Chart of accounts",
    chart_template_hint: "Japanese sole proprietors filing a blue return choose the first.",
    template_name: |t| match t {
        ChartTemplate::JapanSoleProprietor => "Japanese sole proprietor (blue return)",
        ChartTemplate::GenericSmallBusiness => "Small business (English, generic)",
    },
    settings_title: "Book settings",

    data_title: "Data",
    storage_heading: "Storage",
    storage_used: "Used",
    storage_available: "Available",
    storage_unknown: "Unknown (this browser does not say)",
    persist_heading: "Persistent storage",
    persist_granted: "Granted. The browser will not clear this data to free up space.",
    persist_denied: "Not granted.",
    persist_explain: "When the disk runs low, the browser may clear this site's data. Save a backup regularly. Browsers often grant persistence to sites you use a lot.",
    persist_ask_again: "Ask again",
    backup_heading: "Backup",
    last_backup: "Last backup",
    no_backup_yet: "No backup yet",
    book_facts_heading: "This book",
    change_sets_stored: "Changes stored",
    device_id: "This device's id",

    table_previous: "Previous",
    table_next: "Next",
    table_range: |from, to, total| format!("{}–{} of {}", count(from), count(to), count(total)),
    table_empty: "Nothing to show.",
    sorted_ascending: "ascending",
    sorted_descending: "descending",
    date_invalid: "Enter a date like 2026-04-01.",
    date_out_of_range: "This date is outside the allowed range.",

    error_title: "Something went wrong",
    error_reload: "Reload",
    not_found: "This page does not exist.",
    back_to_books: "Back to the books",
};
