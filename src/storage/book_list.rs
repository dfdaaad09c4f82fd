//! The list of books on this device, and deleting one. The list reads only each
//! book's `meta` store, never its log. A database a restore is still writing
//! (or left unfinished when its tab closed) is not a book: never listed, and
//! removed on the next start.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use kura_core::ids::RecordId;
use kura_core::store::StoreError;

use super::errors::{from_idb, from_open};
use super::open::{list_databases, open_db, stored_version, Purpose};
use super::schema::{book_id_of, db_name, CREATED_KEY, LABEL_KEY, META, UNFINISHED_KEY};
use crate::platform;

/// One row of the book list.
#[derive(Clone, Debug, PartialEq)]
pub struct BookListing {
    pub book_id: RecordId,
    /// The book's name, or its id when the name cannot be read (an old or damaged
    /// book, or one saved by a newer Kura).
    pub name: String,
    /// Creation time in unix milliseconds; 0 when unknown.
    pub created_ms: f64,
}

/// Every book on this device, sorted by name. A book saved by a newer Kura is
/// listed too (opening it then reports [`StoreError::NewerSchema`]).
pub async fn list_books() -> Result<Vec<BookListing>, StoreError> {
    let mut books = Vec::new();
    for (name, _version) in list_databases().await? {
        let Some(book_id) = book_id_of(&name) else {
            continue;
        };
        match read_listing(&name, book_id).await {
            Ok(Some(listing)) => books.push(listing),
            // A restore still writing it, or cut short: not a book.
            Ok(None) => {}
            // Deleted between listing and reading: not a book any more.
            Err(StoreError::NotFound) => {}
            Err(_) => books.push(BookListing {
                book_id,
                name: book_id.to_string(),
                created_ms: 0.0,
            }),
        }
    }
    books.sort_by(|a, b| a.name.cmp(&b.name).then(a.book_id.cmp(&b.book_id)));
    Ok(books)
}

/// Reads one book's label and creation time, opening it at whatever version it
/// has (no upgrade) and closing it again; `None` for an unfinished restore.
async fn read_listing(name: &str, book_id: RecordId) -> Result<Option<BookListing>, StoreError> {
    let connection = open_db(name, None, Purpose::Existing).await?;
    let meta = read_meta(connection.db()).await?;
    Ok((!meta.unfinished).then(|| BookListing {
        book_id,
        name: meta.label.unwrap_or_else(|| book_id.to_string()),
        created_ms: meta.created_ms.unwrap_or(0.0),
    }))
}

/// What a book's `meta` store says of it.
struct Meta {
    label: Option<String>,
    created_ms: Option<f64>,
    /// A restore has not finished writing it.
    unfinished: bool,
}

async fn read_meta(db: &Database) -> Result<Meta, StoreError> {
    let tx = db
        .transaction(META)
        .with_mode(TransactionMode::Readonly)
        .build()
        .map_err(from_idb)?;
    let meta = tx.object_store(META).map_err(from_idb)?;
    let label: Option<String> = meta
        .get(LABEL_KEY)
        .primitive()
        .map_err(from_idb)?
        .await
        .map_err(from_idb)?;
    let created_ms: Option<f64> = meta
        .get(CREATED_KEY)
        .primitive()
        .map_err(from_idb)?
        .await
        .map_err(from_idb)?;
    let unfinished: Option<bool> = meta
        .get(UNFINISHED_KEY)
        .primitive()
        .map_err(from_idb)?
        .await
        .map_err(from_idb)?;
    Ok(Meta {
        label,
        created_ms,
        unfinished: unfinished.unwrap_or(false),
    })
}

/// The Web Lock a tab holds on a book while it restores it.
pub(crate) fn restore_lock(book_id: RecordId) -> String {
    format!("kura-restore-{book_id}")
}

/// Deletes the databases of restores cut short (a tab closed, the browser
/// stopped): marked unfinished, and no tab restoring them (the lock is taken
/// first, so a restore in progress in another tab is left alone). Run at start.
pub async fn remove_unfinished_restores() -> Result<(), StoreError> {
    for (name, _version) in list_databases().await? {
        let Some(book_id) = book_id_of(&name) else {
            continue;
        };
        if let Some(_lock) = platform::hold_lock(&restore_lock(book_id)).await {
            delete_if_unfinished(book_id).await?;
        }
    }
    Ok(())
}

/// Deletes the book's database if a restore left it unfinished. The caller
/// holds the book's restore lock.
pub(crate) async fn delete_if_unfinished(book_id: RecordId) -> Result<(), StoreError> {
    // Not opened when it is not there: WebKit would leave an empty database.
    if stored_version(&db_name(book_id)).await?.is_none() {
        return Ok(());
    }
    let connection = match open_db(&db_name(book_id), None, Purpose::Existing).await {
        Ok(connection) => connection,
        Err(StoreError::NotFound) => return Ok(()),
        Err(error) => return Err(error),
    };
    let unfinished = read_meta(connection.db()).await?.unfinished;
    drop(connection);
    if unfinished {
        delete_book(book_id).await?;
    }
    Ok(())
}

/// Deletes a book's database. Other tabs that have it open close their connection
/// when asked (see `open`), so the deletion is not blocked. Deleting a book that
/// does not exist succeeds.
pub async fn delete_book(book_id: RecordId) -> Result<(), StoreError> {
    let request = Database::delete_by_name(&db_name(book_id)).map_err(from_open)?;
    request.await.map_err(from_idb)
}
