//! IndexedDB storage: each book is one database, `kura-book-<book id>`, holding
//! the book's change log (its durable truth), a little metadata, and the bytes
//! of attached files.
//!
//! # Layout and why
//! - `meta`: the book's display name (`"label"`) and creation time (`"created"`),
//!   so the book list can show names without reading any log; its revision
//!   (`"revision"`), which tells a tab whether another has committed since; the
//!   device id this browser writes the book as (`"device"`), and the change
//!   sets merges held for the user (`"held"`) or the user refused (`"refused"`).
//! - `changes` (the tail): one row per committed user action, key = change-set id,
//!   value = the set as a JSON string. A save is one small transaction (~1 ms).
//! - `chunks` (the packed log): many sets per value, key = a time-sortable string.
//! - `attachments`: the bytes of attached files, key = attachment id, value = a
//!   `Blob`. Their metadata is a record in the log; the bytes stay out of it, so
//!   opening a book never reads them, and a picture is read only when shown.
//!
//! Measured in headless Chromium, IndexedDB reads about 120k records/s when each
//! record is its own row, but over 1M/s when they are packed into large values. So
//! opening a book reads a few big chunks plus a short tail, and
//! [`kura_core::store::Store::compact`] moves the tail into a new chunk in one
//! transaction (atomic, and safe when two tabs compact at once).
//!
//! The layout version and its history are in [`schema`]; the upgrade steps in
//! `migrations`. A database written by a newer Kura is refused, never touched.
//!
//! # Modules
//! - [`schema`]: names and version.
//! - `open`: opening, upgrading, refusing, reacting to other tabs.
//! - `migrations`: one function per schema step.
//! - `idb_store`: [`IdbStore`], the [`kura_core::store::Store`] of one book: its
//!   log, and the bytes of attached files committed with their change sets.
//! - `attachments`: the bytes of attached files as blobs of their media type
//!   (`IdbStore::attachment_blob`, the fast path that shows a file).
//! - `revision`: the book's revision in `meta`, and the commit of a user action
//!   that is refused when another tab has committed since (two tabs, one book).
//! - `book_list`: [`list_books`] and [`delete_book`], and removing restores cut short.
//! - `local`: what this browser keeps about a book beside its log, in its
//!   `meta` ([`kura_core::store::LocalState`]): the device id it writes the
//!   book as, the sets a merge held for the user, the sets the user refused.
//! - `backup`, `restore`, `book_file`: book files written from the stored log
//!   part by part, restored into a new database in several transactions,
//!   read from the chosen file by ranges.
//! - `rows`, `errors`: value encoding and error mapping.

mod attachments;
mod backup;
mod book_file;
mod book_list;
mod errors;
mod idb_store;
mod local;
mod migrations;
mod open;
mod restore;
mod revision;
mod rows;
pub mod schema;
mod sync_state;

pub use backup::{BackupError, BackupReport, Progress};
pub use book_file::{open_book_file, read_whole_file, BlobBookFile, NewFileKey};
pub use book_list::{delete_book, list_books, remove_unfinished_restores, BookListing};
pub use idb_store::IdbStore;
/// The port's types, named where the app has always found them.
pub use kura_core::store::{AttachmentBytes, HeldChange};
pub use restore::{book_exists, restore_backup, RestoreError, Restored};
pub use revision::{Attempt, StoredLog};
pub use sync_state::{peers_seen, remember_peer_seen};
