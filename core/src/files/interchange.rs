//! CSV import and export of journal entries, partners and items: Kura's own
//! column layouts, for spreadsheet users and for moving data between books.
//!
//! The layouts are versioned: this module writes "Kura journal CSV v1", "Kura
//! partners CSV v2" (v1 and the registration dates) and "Kura items CSV v1"; the columns are the
//! order of each kind's `Field` enum, named in the header in the user's
//! language). Never change what a v1 column means: a new layout adds a version.
//! An import does not need Kura's own file: the header mapping step
//! ([`crate::files::table::guess_mapping`], corrected by the user) reads any
//! column order, and the header names of both languages are recognised.
//!
//! Files are written UTF-8 with a byte-order mark (what spreadsheets open
//! without asking) or Shift_JIS on request, CRLF, plain amounts and ISO dates.
//!
//! An import checks the whole file, every row the way the form checks what a
//! person types (the same domain commands: `checked_entry`, `save_partner`,
//! `save_item`), and gives either every problem found or one change set holding
//! everything. Imported journal entries are **posted**: they come from another
//! program's finished books, and a user expects them in the reports at once, not
//! a thousand drafts to post one by one. So the period lock applies: an entry in
//! a closed period is a problem, like on the form.

mod common;
mod items;
mod journal;
mod partners;

pub use common::{inspect, Import, Inspected, Summary};
pub use items::{export_items, import_items, ItemField, ITEM_FIELDS};
pub use journal::{export_journal, import_journal, JournalField, JOURNAL_FIELDS};
pub use partners::{export_partners, import_partners, PartnerField, PARTNER_FIELDS};
