//! A book (帳簿): one business's records, its settings, and the in-memory state
//! folded from its change sets.

mod closing;
mod journal;
mod record;
mod settings;
mod state;

pub use closing::{
    close_fiscal_year, fiscal_year, private_use_entry, save_private_use_rule, PrivateShare,
    PrivateUseRule,
};
pub use journal::{
    correct_entry, delete_account, delete_draft, reverse_entry, save_account, save_entry,
    set_closed_through, JournalError,
};
pub use record::{PeriodLock, Record, RecordKey, RecordKind};
pub use settings::{
    create_book, rename_book, update_settings, BookSettings, ChartTemplate, SettingsError,
    SettingsInput, TaxAccounting, WriteCtx, MAX_NAME_CHARS,
};
pub use state::{Book, Version};
