//! A book (帳簿): one business's records, its settings, and the in-memory state
//! folded from its change sets.

mod attachment;
mod chart;
mod closing;
mod journal;
mod record;
mod settings;
mod state;
mod totals;

pub use attachment::{
    attach_evidence, attach_file, check_attachment_size, decode_text, remove_attachment,
    set_evidence_keys, Attachment, AttachmentError, EvidenceKeys, MediaType, MAX_ATTACHMENT_BYTES,
    MAX_FILE_NAME_CHARS,
};
pub use attachment::{profile_image, MAX_PROFILE_IMAGE_BYTES};
pub use closing::{
    close_fiscal_year, delete_private_use_rule, fiscal_year, fiscal_years, private_use_entry,
    private_use_preview, save_private_use_rule, year_end_summary, year_to_close, OpeningBalance,
    PrivateShare, PrivateUseLine, PrivateUseRule, YearEndSummary, YearStatus,
};
pub(crate) use journal::{checked_entry, reversal_of};
pub use journal::{
    correct_entry, delete_account, delete_draft, reverse_entry, save_account, save_entry,
    set_closed_through, JournalError,
};
pub use record::{PeriodLock, Record, RecordKey, RecordKind};
pub use settings::{
    create_book, rename_book, update_settings, BookSettings, ChartTemplate, SettingsError,
    SettingsInput, TaxAccounting, WriteCtx, MAX_NAME_CHARS,
};
pub(crate) use state::current_value;
pub use state::{Book, OutOfRange, Version};
pub use totals::{month_index, Acc, Bucket, PostedTotals};
