//! Shared widgets every screen reuses, so tables, forms and feedback look and
//! behave the same everywhere (and are tested once, in `tests/components.rs`):
//!
//! - [`DataTable`] with [`Column`]: sortable, keyboard navigable, paginated by
//!   100 rows so a book of 10,000 entries never freezes the page;
//! - [`Dialog`]: a modal on the native `<dialog>` element;
//! - [`ToastRegion`], [`provide_toasts`], [`use_toasts`]: short confirmations and
//!   errors that stay until dismissed;
//! - [`FormField`] and [`described_by`]: label, control, hint and inline error;
//! - [`AmountInput`] and [`amount_error_message`]: amounts as people type them;
//! - [`DateInput`]: a date picker bound to a `NaiveDate`;
//! - [`BusinessClassSelect`]: the simplified method's business class of an
//!   account, an item or a partner;
//! - [`Money`]: an amount formatted for display, negatives marked;
//! - [`ColumnMappingStep`]: which column of an imported CSV holds which field;
//! - [`BarChart`] with [`ChartBar`]: signed figures as SVG bars, with a table
//!   for screen readers;
//! - [`Attachments`] and [`attachment_mark`]: an entry's evidence (receipt images,
//!   PDFs) with a drop zone, and the paperclip the journal list shows;
//! - [`out_of_range_notice`]: the records of a book beyond Kura's limits, on
//!   every screen of that book, each with where it is repaired.
//!
//! Every text comes from `crate::i18n`; every look from `style/main.css` through
//! `kura-` classes (the page's CSP forbids inline styles).

mod amount_input;
mod attachments;
mod backup;
mod bar_chart;
mod business_class_select;
mod column_mapping;
mod data_table;
mod date_input;
mod demo_book;
mod device_series;
mod dialog;
mod document_parts;
mod evidence_results;
mod form_field;
mod history_card;
mod labels;
mod line_grid;
mod location_select;
mod money;
mod new_book_form;
mod open_items;
mod out_of_range_notice;
mod print;
mod report_cells;
mod section_tabs;
mod set_aside_notice;
mod settings_form;
mod tax_select;
mod text_field;
mod toast;
mod url_tabs;
mod versions;

pub use amount_input::{amount_error_message, AmountInput};
pub use attachments::{attachment_mark, Attachments};
pub use backup::{
    back_up_now, backup_error, matching_passphrase, BackupCard, BackupReminder, NewPassphrase,
    RestoreBackup, WebKitEviction,
};
pub use bar_chart::{BarChart, ChartBar};
pub use business_class_select::BusinessClassSelect;
pub use column_mapping::{ColumnMappingStep, MappedField};
pub use data_table::{Column, DataTable, PAGE_SIZE};
pub use date_input::DateInput;
pub use demo_book::DemoBookButton;
pub use device_series::DeviceSeriesNote;
pub use dialog::{Dialog, DialogActions};
pub use document_parts::{
    open_amounts, open_of, partner_options, side_partners, totals_of, LinesHead, TotalsTable,
};
pub use evidence_results::EvidenceResults;
pub use form_field::{described_by, FormField};
pub use history_card::{HistoryCard, HistoryCheck, LastCheck};
pub use labels::{
    account_label, item_label, kind_label, location_name, move_kind_text, number_text,
    partner_name, quantity_text, rate_percent, record_label, record_text, status_badge,
    status_text,
};
pub use line_grid::{focus_later, is_enter, line_row_class, number_cell, read_cell};
pub use location_select::{has_locations, live_locations, LocationSelect};
pub use money::Money;
pub use new_book_form::NewBookForm;
pub use open_items::OpenItemsTable;
pub use out_of_range_notice::out_of_range_notice;
pub use print::{bytes_url, lang_class, meta, PrintBar, StoredImage};
pub use report_cells::{
    account_name, amount_class, amount_td, drill_td, empty_num_td, entry_ref_columns, name_td,
    no_figures, provide_printing, side_td, EntryRef, Pager, Pages, Printing, LONG_PAGE,
};
pub use section_tabs::{FilesTab, FilesTabs, InventoryTab, InventoryTabs};
pub use set_aside_notice::{SetAsideNotice, SetAsideParts};
pub use settings_form::{SettingsForm, SettingsMode};
pub use tax_select::{tax_from, tax_value, TaxSelect};
pub use text_field::TextField;
pub use toast::{provide_toasts, use_toasts, ToastRegion, Toasts};
pub use url_tabs::{tab_links, use_replace_url, use_url_tab, UrlDateField, UrlTab};
pub use versions::version_list;
