//! An open book: its in-memory state, its store, its clock and its tab channel,
//! and the one way the UI writes to it ([`OpenBook::write`]).
//!
//! A write is: make a change set with the core (which validates), commit it to
//! IndexedDB in one transaction, and only then fold it into the in-memory book,
//! tell the other tabs, and let the UI say "saved". If the commit fails, nothing
//! changed anywhere.

use std::cell::RefCell;
use std::rc::Rc;

use kura_core::book::{Book, WriteCtx};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::store::{LoadedBook, Store, StoreError, TAIL_LIMIT};
use kura_core::sync::{mark_edits, ChangeSet, HlcClock};
use leptos::prelude::*;

use crate::platform::{self, TabChannel};
use crate::storage::{AttachmentBytes, IdbStore};

/// Why a write did not happen: the core refused it, or the store failed.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteError<E> {
    Invalid(E),
    Store(StoreError),
}

/// Writes to one book's store: stamps, commits, and tells the other tabs.
struct BookWriter {
    store: IdbStore,
    clock: RefCell<HlcClock>,
    channel: Option<TabChannel>,
}

impl BookWriter {
    /// Writes as `device`: the id this browser has in the book (see
    /// `IdbStore::device`), which stamps every set and names its number series.
    fn new(store: IdbStore, channel: Option<TabChannel>, device: DeviceId) -> Self {
        BookWriter {
            store,
            clock: RefCell::new(HlcClock::new(device)),
            channel,
        }
    }

    /// Makes the change set for one action. The clock first moves past everything
    /// in the book (including what other tabs and devices wrote), so the new set
    /// sorts after all of it. Each put of an existing record becomes an edit of
    /// the fields it changes, so a merge with another device keeps theirs.
    fn prepare<E>(
        &self,
        book: &Book,
        make: impl FnOnce(&Book, WriteCtx) -> Result<ChangeSet, E>,
    ) -> Result<ChangeSet, E> {
        let mut clock = self.clock.borrow_mut();
        if let Some(latest) = book.latest_stamp() {
            clock.observe(&latest);
        }
        make(book, platform::write_ctx(&mut clock)).map(|set| mark_edits(set, book))
    }

    /// Commits in one transaction, with the bytes of attached files when the
    /// set adds or deletes attachments (`files`), then tells the other tabs.
    async fn commit(
        &self,
        set: &ChangeSet,
        files: Option<&[AttachmentBytes<'_>]>,
    ) -> Result<(), StoreError> {
        match files {
            None => self.store.commit(set).await?,
            Some(files) => self.store.commit_with_attachments(set, files).await?,
        }
        if let Some(channel) = &self.channel {
            channel.post(set);
        }
        Ok(())
    }
}

/// Opens a book's store and folds its log into memory, with the stored parts
/// that could not be read (set aside, left where they are, and named to the
/// user by the book's shell).
pub async fn load_book(book_id: RecordId) -> Result<(IdbStore, LoadedBook), StoreError> {
    let store = IdbStore::open(book_id).await?;
    let loaded = store.load_book().await?;
    Ok((store, loaded))
}

/// Applies one write to a book that is not open in this tab (a rename from the
/// book list), through the same path as every other write.
pub async fn write_closed_book<E>(
    book_id: RecordId,
    make: impl FnOnce(&Book, WriteCtx) -> Result<ChangeSet, E>,
) -> Result<(), WriteError<E>> {
    let (store, LoadedBook { book, .. }) = load_book(book_id).await.map_err(WriteError::Store)?;
    let device = store.device().await.map_err(WriteError::Store)?;
    let writer = BookWriter::new(store, TabChannel::open(book_id, |_| {}), device);
    let set = writer.prepare(&book, make).map_err(WriteError::Invalid)?;
    writer.commit(&set, None).await.map_err(WriteError::Store)
}

/// The book open in this tab, shared with every screen through context.
#[derive(Clone, Copy)]
pub struct OpenBook {
    pub id: RecordId,
    pub book: RwSignal<Book>,
    writer: StoredValue<Rc<BookWriter>, LocalStorage>,
}

impl OpenBook {
    /// Wraps a loaded book written as `device` (`IdbStore::device`): folds in
    /// what other tabs commit, and packs the log in the background if its tail
    /// has grown long.
    pub fn new(store: IdbStore, book: Book, device: DeviceId) -> OpenBook {
        let id = store.book_id();
        let book = RwSignal::new(book);
        let channel = TabChannel::open(id, move |set| {
            book.try_update(|book| book.apply(&set));
        });
        let writer = Rc::new(BookWriter::new(store, channel, device));
        compact_if_needed(Rc::clone(&writer));
        OpenBook {
            id,
            book,
            writer: StoredValue::new_local(writer),
        }
    }

    /// Writes one user action. The in-memory book changes only after IndexedDB
    /// has committed it.
    pub async fn write<E>(
        &self,
        make: impl FnOnce(&Book, WriteCtx) -> Result<ChangeSet, E>,
    ) -> Result<(), WriteError<E>> {
        self.write_through(make, None).await
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
        self.write_through(make, Some(files)).await
    }

    /// The device id this browser writes the book as.
    pub fn device(&self) -> DeviceId {
        self.writer.get_value().clock.borrow().last().device
    }

    /// Writes as `device` from now on (the Sync page moves the book to a new
    /// device id when another copy of this browser writes with its id).
    pub fn move_to_device(&self, device: DeviceId) {
        *self.writer.get_value().clock.borrow_mut() = HlcClock::new(device);
    }

    /// The kept bytes of an attachment, to show or open.
    pub async fn read_attachment(&self, id: RecordId) -> Result<Option<web_sys::Blob>, StoreError> {
        self.writer.get_value().store.read_attachment(id).await
    }

    async fn write_through<E>(
        &self,
        make: impl FnOnce(&Book, WriteCtx) -> Result<ChangeSet, E>,
        files: Option<&[AttachmentBytes<'_>]>,
    ) -> Result<(), WriteError<E>> {
        let writer = self.writer.get_value();
        let set = self
            .book
            .with_untracked(|book| writer.prepare(book, make))
            .map_err(WriteError::Invalid)?;
        writer
            .commit(&set, files)
            .await
            .map_err(WriteError::Store)?;
        self.book.update(|book| {
            book.apply(&set);
        });
        Ok(())
    }
}

/// Packs the one-row-per-write tail into a chunk in the background, so the next
/// open reads a few large values instead of many small ones.
fn compact_if_needed(writer: Rc<BookWriter>) {
    leptos::task::spawn_local(async move {
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
