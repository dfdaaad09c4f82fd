//! An open book: its in-memory state, its store, its clock and its tab channel,
//! and the one way the UI writes to it ([`OpenBook::write`]).
//!
//! A write is: make a change set with the core (which validates), commit it to
//! IndexedDB in one transaction, and only then fold it into the in-memory book,
//! tell the other tabs, and let the UI say "saved". If the commit fails, nothing
//! changed anywhere.
//!
//! # Two tabs on one book
//! A tab makes a set from its own book, so a set made from a book that lacks
//! another tab's last commit would be stale: two tabs issuing at the same moment
//! would give two invoices one number. Two rules keep that out:
//! - **The revision check** (`storage/revision.rs`): the set is made inside the
//!   commit's read-write transaction, and only if the store's revision is the one
//!   this tab's book has folded; otherwise the tab first folds in what the store
//!   holds, and makes the set again from the fresh book. IndexedDB runs those
//!   transactions one at a time, so this alone means a stale set is never
//!   written.
//! - **The Web Lock** `kura-book-<id>`, held for a whole write: tabs take turns,
//!   so the second waits for the first to commit instead of racing it, and the
//!   set it commits is made once the first's is in the store.
//!
//! Where the browser has no Web Locks (an optional API, missing outside secure
//! contexts and in old browsers), the check runs alone: still safe, a tab that
//! finds the other's commit just reads the log once more before writing. What
//! remains outside both: a tab of an older Kura (during an update) neither
//! counts revisions nor takes the lock; it is gone at its next reload.
//!
//! A tab knows its book's revision from the load (read before the log), from
//! its own commits, and from the other tabs' messages (each committed set comes
//! with the revision it made); a revision it has not heard of (an import
//! written beside the write path) is read from the store at its next write.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;

use kura_core::book::{Book, WriteCtx};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::store::{LoadedBook, LocalState, SetAside, Store, StoreError, TAIL_LIMIT};
use kura_core::sync::{chain, mark_edits, ChainReport, ChainVerifier, ChangeSet, HlcClock};
use leptos::prelude::*;

mod backups;
mod changes;
mod series;

pub use changes::attachments_written;
pub use series::{claim_series_after_restore, claim_series_before_sending};

use crate::platform::{self, TabChannel, WebLock};
use crate::storage::{AttachmentBytes, Attempt, IdbStore};

/// Why a write did not happen: the core refused it, or the store failed.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteError<E> {
    Invalid(E),
    Store(StoreError),
}

/// How many times one write folds in what others committed before giving up
/// ([`StoreError::Busy`]). Each time means another writer committed meanwhile:
/// under the Web Lock only an import written beside the write path can, so
/// once is usual; without Web Locks, each write of a burst in the other tabs.
const CATCH_UPS: usize = 32;

/// The revision up to which this tab's book holds every stored change set.
struct Folded {
    revision: Cell<u64>,
    /// Revisions past `revision` whose sets other tabs have sent: the book
    /// reaches them once the ones before are in too.
    heard: RefCell<BTreeSet<u64>>,
}

impl Folded {
    fn new(revision: u64) -> Self {
        Folded {
            revision: Cell::new(revision),
            heard: RefCell::default(),
        }
    }

    fn get(&self) -> u64 {
        self.revision.get()
    }

    /// Another tab's set that made `revision` has been folded in.
    fn heard(&self, revision: u64) {
        self.heard.borrow_mut().insert(revision);
        self.advance();
    }

    /// The book holds everything the store held at `revision` (this tab's own
    /// commit, or the whole log read at that revision).
    fn reached(&self, revision: u64) {
        self.revision.set(revision);
        self.advance();
    }

    fn advance(&self) {
        let mut heard = self.heard.borrow_mut();
        let mut at = self.revision.get();
        heard.retain(|r| *r > at);
        while heard.remove(&(at + 1)) {
            at += 1;
        }
        self.revision.set(at);
    }
}

/// Writes to one book's store: stamps, commits, and tells the other tabs.
struct BookWriter {
    store: IdbStore,
    clock: RefCell<HlcClock>,
    channel: Option<TabChannel>,
    folded: Rc<Folded>,
    /// The Web Lock every tab takes for a write to this book.
    lock: String,
}

impl BookWriter {
    /// Makes the change set for one action. The clock first moves past everything
    /// in the book (including what other tabs and devices wrote), so the new set
    /// sorts after all of it. Each put of an existing record becomes an edit of
    /// the fields it changes, so a merge with another device keeps theirs. The
    /// set is then linked after this device's latest set in the history chain
    /// (`kura_core::sync::chain`): the book holds every stored set (the
    /// revision check), so its head is the device's, whichever tab wrote it.
    fn prepare<E>(
        &self,
        book: &Book,
        make: impl FnOnce(&Book, WriteCtx) -> Result<ChangeSet, E>,
    ) -> Result<ChangeSet, E> {
        let mut clock = self.clock.borrow_mut();
        if let Some(latest) = book.latest_stamp() {
            clock.observe(&latest);
        }
        let mut set = mark_edits(make(book, platform::write_ctx(&mut clock))?, book);
        let device = set.stamp.device;
        chain::link(&mut set, book.chain_head(device));
        Ok(set)
    }

    /// Writes one action, on this tab's turn: makes its set from `book` once
    /// `book` holds everything stored, commits it with the bytes of `files` in
    /// one transaction, tells the other tabs, and folds it into `book`.
    async fn write<E>(
        &self,
        book: RwSignal<Book>,
        make: impl FnOnce(&Book, WriteCtx) -> Result<ChangeSet, E>,
        files: &[AttachmentBytes<'_>],
    ) -> Result<(), WriteError<E>> {
        let _turn: Option<WebLock> = platform::web_lock(&self.lock).await;
        let mut action = make;
        for _ in 0..CATCH_UPS {
            let attempt = self
                .store
                .commit_action(self.folded.get(), files, action, |make| {
                    book.with_untracked(|book| self.prepare(book, make))
                })
                .await
                .map_err(WriteError::Store)?;
            match attempt {
                Attempt::Committed(set, revision) => {
                    self.folded.reached(revision);
                    if let Some(channel) = &self.channel {
                        channel.post_committed(&set, revision);
                    }
                    book.update(|book| {
                        book.apply_owned(set);
                    });
                    return Ok(());
                }
                Attempt::Refused(invalid) => return Err(WriteError::Invalid(invalid)),
                Attempt::Stale(unmade) => {
                    action = unmade;
                    self.catch_up(book).await.map_err(WriteError::Store)?;
                }
            }
        }
        Err(WriteError::Store(StoreError::Busy))
    }

    /// Folds into `book` every stored set it lacks: the whole log, read with
    /// its revision in one transaction (the sets `book` holds are skipped).
    /// Only a write that found another tab's commit pays for it.
    async fn catch_up(&self, book: RwSignal<Book>) -> Result<(), StoreError> {
        let log = self.store.read_log_at_revision().await?;
        let revision = log.revision;
        book.update(|book| log.fold_into(book));
        self.folded.reached(revision);
        Ok(())
    }
}

/// A book read from its store: the book, the stored parts that could not be
/// read (set aside, left where they are, and named to the user by the book's
/// shell), the revision it was read at, and the device id this browser writes
/// it as (`IdbStore::device`).
struct Loaded {
    store: IdbStore,
    book: Book,
    set_aside: Vec<SetAside>,
    revision: u64,
    device: DeviceId,
}

/// Opens a book's store and folds its log into memory.
async fn load_book(book_id: RecordId) -> Result<Loaded, StoreError> {
    let store = IdbStore::open(book_id).await?;
    // Read before the log, so the log holds at least everything up to it: a
    // commit in between is only read once more, at the next write.
    let revision = store.revision().await?;
    let LoadedBook { book, set_aside } = store.load_book().await?;
    let device = store.device(platform::device_id).await?;
    Ok(Loaded {
        store,
        book,
        set_aside,
        revision,
        device,
    })
}

/// Applies one write to a book that is not open in this tab (a rename from the
/// book list), through the same path as every other write.
pub async fn write_closed_book<E>(
    book_id: RecordId,
    make: impl FnOnce(&Book, WriteCtx) -> Result<ChangeSet, E>,
) -> Result<(), WriteError<E>> {
    let (open, _) = OpenBook::open(book_id).await.map_err(WriteError::Store)?;
    let written = open.write(make).await;
    open.close();
    written
}

/// The book open in this tab, shared with every screen through context.
#[derive(Clone, Copy)]
pub struct OpenBook {
    pub id: RecordId,
    pub book: RwSignal<Book>,
    writer: StoredValue<Rc<BookWriter>, LocalStorage>,
}

impl OpenBook {
    /// Opens a book: reads its log into memory, folds in what other tabs
    /// commit from then on, and packs the log in the background if its tail
    /// has grown long. Also returns the stored parts that could not be read.
    pub async fn open(book_id: RecordId) -> Result<(OpenBook, Vec<SetAside>), StoreError> {
        let Loaded {
            store,
            book,
            set_aside,
            revision,
            device,
        } = load_book(book_id).await?;
        let book = RwSignal::new(book);
        let folded = Rc::new(Folded::new(revision));
        let heard = Rc::clone(&folded);
        let channel = TabChannel::open(book_id, move |message| {
            if book.try_update(|book| book.apply(&message.set)).is_some() {
                if let Some(revision) = message.revision {
                    heard.heard(revision);
                }
            }
        });
        let writer = Rc::new(BookWriter {
            store,
            // Writes as the id this browser has in the book, which stamps every
            // set and names its number series.
            clock: RefCell::new(HlcClock::new(device)),
            channel,
            folded,
            lock: format!("kura-book-{book_id}"),
        });
        compact_if_needed(Rc::clone(&writer));
        let open = OpenBook {
            id: book_id,
            book,
            writer: StoredValue::new_local(writer),
        };
        Ok((open, set_aside))
    }

    /// Lets go of the book: its memory, its connection and its tab channel.
    pub fn close(self) {
        self.book.dispose();
        self.writer.dispose();
    }

    /// Writes one user action. The in-memory book changes only after IndexedDB
    /// has committed it.
    pub async fn write<E>(
        &self,
        make: impl FnOnce(&Book, WriteCtx) -> Result<ChangeSet, E>,
    ) -> Result<(), WriteError<E>> {
        self.writer.get_value().write(self.book, make, &[]).await
    }

    /// Writes the change set `make` finds the book needs, if it needs one (a
    /// bookkeeping write the app makes on its own, like a number series before
    /// a file leaves the device). Same guarantees as [`OpenBook::write`].
    pub async fn write_if_needed(
        &self,
        make: impl FnOnce(&Book, WriteCtx) -> Option<ChangeSet>,
    ) -> Result<(), StoreError> {
        match self.write(|book, ctx| make(book, ctx).ok_or(())).await {
            Ok(()) | Err(WriteError::Invalid(())) => Ok(()),
            Err(WriteError::Store(error)) => Err(error),
        }
    }

    /// Writes one action on attachments (the core's `attach_file` or
    /// `remove_attachment`): the change set, the bytes of the files it adds, and the
    /// erasure of those it deletes, in one transaction. Same guarantees as
    /// [`OpenBook::write`].
    pub async fn write_with_attachments<E>(
        &self,
        make: impl FnOnce(&Book, WriteCtx) -> Result<ChangeSet, E>,
        files: &[AttachmentBytes<'_>],
    ) -> Result<(), WriteError<E>> {
        self.writer.get_value().write(self.book, make, files).await
    }

    /// The device id this browser writes the book as.
    pub fn device(&self) -> DeviceId {
        self.writer.get_value().clock.borrow().last().device
    }

    /// Checks the history chains of every stored change set (`kura_core::sync::
    /// chain`), part by part as the log is read, each set hashed and dropped so
    /// the log is never held whole; also returns how many stored parts could
    /// not be read.
    pub async fn verify_history(&self) -> Result<(ChainReport, usize), StoreError> {
        let mut verifier = ChainVerifier::default();
        let store = &self.writer.get_value().store;
        let set_aside = store.read_log(&mut |set| verifier.add(&set)).await?;
        Ok((verifier.report(chain::Scope::Whole), set_aside.len()))
    }

    /// The kept bytes of an attachment, to show or open.
    pub async fn read_attachment(&self, id: RecordId) -> Result<Option<web_sys::Blob>, StoreError> {
        self.writer.get_value().store.attachment_blob(id).await
    }
}

/// Packs the one-row-per-write tail into a chunk in the background, so the next
/// open reads a few large values instead of many small ones.
fn compact_if_needed(writer: Rc<BookWriter>) {
    wasm_bindgen_futures::spawn_local(async move {
        if matches!(writer.store.tail_len().await, Ok(len) if len >= TAIL_LIMIT) {
            if let Err(error) = writer.store.compact().await {
                web_sys::console::warn_1(&format!("Kura: compaction failed: {error}").into());
            }
        }
    });
}

/// The open book from context.
pub fn use_open_book() -> OpenBook {
    expect_context::<OpenBook>()
}
