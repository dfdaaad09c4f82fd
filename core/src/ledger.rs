//! Double-entry bookkeeping: accounts, tax codes, journal entries and the rules
//! that keep them right (an unbalanced entry cannot exist; a posted entry is
//! never changed in place; a closed period takes no postings).

mod account;
mod entry;
mod tax;
mod tax_lines;
pub mod templates;

pub use account::{Account, AccountRole, AccountType, Side};
pub use entry::{
    EntryError, EntryHeader, EntryOrigin, EntryStatus, JournalEntry, Posting, PostingInput,
    MAX_DESCRIPTION_CHARS,
};
pub(crate) use tax::date as table_date;
pub use tax::{
    transitional_credit_cap, BusinessClass, PurchaseUse, SmallPurchaseRelief, TaxCode, TaxKind,
    TaxRate, RATE_TABLE, TRANSITIONAL_CREDIT_CAPS,
};
pub(crate) use tax_lines::tax_parts;
pub use tax_lines::{
    saved_overrides, split_gross, split_tax, tax_postings, TaxLine, TaxOverride, TaxPart, TaxRules,
    TaxSplitError,
};
pub use templates::{AccountTemplate, StatementLine, StatementSection};
