//! Names and version of the IndexedDB layout of one book. Everything that names a
//! database, a store or a key lives here, so the layout can be read in one place.
//!
//! Schema history (each step is a function in [`super::migrations`]):
//! - **v1**: stores [`META`] and [`CHANGES`]; the book's name lived only in its
//!   settings record inside the log.
//! - **v2**: adds [`CHUNKS`] (the packed log) and [`LABEL_KEY`] in [`META`], so
//!   the book list can show names without reading any log.
//! - **v3** (current): adds [`ATTACHMENTS`], the bytes of attached files.

use kura_core::ids::RecordId;

/// The layout version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 3;

/// Every book database is named this prefix followed by the book id.
pub const DB_PREFIX: &str = "kura-book-";

/// Small facts about the book, under out-of-line string keys.
pub const META: &str = "meta";
/// The tail of the change log: key = change-set id, value = the set as a JSON string.
pub const CHANGES: &str = "changes";
/// The packed log: key = a time-sortable string, value = an encoded chunk (binary `Uint8Array`; a JSON string if packed by the first version).
pub const CHUNKS: &str = "chunks";
/// The bytes of attached files (receipts, PDFs): key = the attachment's record id,
/// value = a `Blob` of its media type. The metadata is in the log; these values
/// are kept out of it so opening a book never reads them.
pub const ATTACHMENTS: &str = "attachments";

/// `meta` key of the book's display name (a string).
pub const LABEL_KEY: &str = "label";
/// `meta` key of the book's creation time (unix milliseconds, a number).
pub const CREATED_KEY: &str = "created";
/// `meta` key of the device id this browser writes the book as (a string).
/// Absent in books from before it was kept per book: see `IdbStore::device`.
pub const DEVICE_KEY: &str = "device";
/// `meta` key of the change sets this browser refused at merges (a JSON
/// array of set ids), so they are not asked about again.
pub const REFUSED_KEY: &str = "refused";
/// `meta` key of the change sets merges held for the user's decision (a JSON
/// array of `storage::HeldChange`).
pub const HELD_KEY: &str = "held";
/// `meta` key of the book's revision: how many transactions have added change
/// sets since it was created (a number; absent means 0). See `revision.rs`.
pub const REVISION_KEY: &str = "revision";
/// `meta` key present (`true`) while a restore writes the book: a database
/// that has it is not a book yet (see `storage/restore.rs`).
pub const UNFINISHED_KEY: &str = "unfinished-restore";

/// The database name of a book.
pub fn db_name(book_id: RecordId) -> String {
    format!("{DB_PREFIX}{book_id}")
}

/// The book id in a database name, if the database is a Kura book.
pub fn book_id_of(db_name: &str) -> Option<RecordId> {
    db_name.strip_prefix(DB_PREFIX)?.parse().ok()
}
