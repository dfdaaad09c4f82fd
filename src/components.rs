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
mod bar_chart;
mod business_class_select;
mod column_mapping;
mod data_table;
mod date_input;
mod dialog;
mod form_field;
mod money;
mod out_of_range_notice;
mod set_aside_notice;
mod toast;

pub use amount_input::{amount_error_message, AmountInput};
pub use attachments::{attachment_mark, Attachments};
pub use bar_chart::{BarChart, ChartBar};
pub use business_class_select::BusinessClassSelect;
pub use column_mapping::{ColumnMappingStep, MappedField};
pub use data_table::{Column, DataTable, PAGE_SIZE};
pub use date_input::DateInput;
pub use dialog::{Dialog, DialogActions};
pub use form_field::{described_by, FormField};
pub use money::Money;
pub use out_of_range_notice::out_of_range_notice;
pub use set_aside_notice::{SetAsideNotice, SetAsideParts};
pub use toast::{provide_toasts, use_toasts, ToastRegion, Toasts};
