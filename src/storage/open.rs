//! Opening a book's database: finding its version without changing it, running
//! the upgrade steps, refusing what this build cannot read, and reacting to other
//! tabs.
//!
//! The open request is driven by hand (raw `onupgradeneeded`/`onblocked` handlers)
//! because the upgrade steps need the `versionchange` transaction itself, which
//! `indexed_db_futures` does not hand out.

use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Poll, Waker};

use indexed_db_futures::database::Database;
use indexed_db_futures::factory::DBFactory;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use kura_core::store::StoreError;
use kura_core::sync::ChangeSet;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbTransaction, IdbVersionChangeEvent};

use super::errors::{from_idb, from_open, js_error, upgrade_failed};
use super::migrations::{upgrade, UpgradeReport};
use super::rows::{label_of, set_row};
use super::schema::{CHANGES, CREATED_KEY, LABEL_KEY, META};

/// What the open is for.
pub(crate) enum Purpose {
    /// The database must already exist; an upgrade from nothing is refused with
    /// [`StoreError::NotFound`] (the book was deleted after we looked it up).
    Existing,
    /// A new book: it is created and seeded inside the `versionchange`
    /// transaction, so it exists completely (with its first set) or not at all.
    Create {
        created_ms: f64,
        first: Option<ChangeSet>,
    },
    /// A restored book: created, then filled by `fill` inside the same
    /// `versionchange` transaction (see `storage/restore.rs`).
    Restore { created_ms: f64, fill: Fill },
}

/// Writes a restored book's contents into the transaction that creates it.
pub(crate) type Fill = Box<dyn Fn(&IdbTransaction) -> Result<(), StoreError>>;

/// The version of every database of this origin, by name.
pub(crate) async fn list_databases() -> Result<Vec<(String, f64)>, StoreError> {
    let factory = DBFactory::new().map_err(from_open)?;
    let found = factory
        .databases()
        .map_err(from_idb)?
        .await
        .map_err(from_idb)?;
    let all: Vec<(String, f64)> = found
        .map(|details| {
            let details = details.map_err(from_idb)?;
            Ok((details.name().to_string(), details.version()))
        })
        .collect::<Result<_, StoreError>>()?;
    // A database at version 0 was never created: WebKit lists one after an
    // open whose creation was aborted (an open of a book that is not there).
    Ok(all
        .into_iter()
        .filter(|(_, version)| *version >= 1.0)
        .collect())
}

/// The stored version of database `name`, or `None` if it does not exist.
pub(crate) async fn stored_version(name: &str) -> Result<Option<u32>, StoreError> {
    let all = list_databases().await?;
    Ok(all
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v as u32))
}

/// Opens `name` at `version` (or at its current version for `None`, never
/// upgrading an existing database then), running upgrade steps as needed.
pub(crate) async fn open_db(
    name: &str,
    version: Option<u32>,
    purpose: Purpose,
) -> Result<Connection, StoreError> {
    let request = match version {
        Some(v) => Database::open(name).with_version(v).build(),
        None => Database::open(name).build(),
    }
    .map_err(from_open)?;
    let must_create = matches!(purpose, Purpose::Create { .. } | Purpose::Restore { .. });
    let report = UpgradeReport::default();
    let created = Rc::new(Cell::new(false));
    let upgrade_tx = Rc::new(RefCell::new(None));
    let on_upgrade = upgrade_handler(purpose, report.clone(), created.clone(), upgrade_tx.clone());
    let blocked = BlockedSignal::default();
    let on_blocked = blocked.handler();
    let raw: &IdbOpenDbRequest = request.as_sys();
    raw.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    raw.set_onblocked(Some(on_blocked.as_ref().unchecked_ref()));

    let mut request = Box::pin(request);
    let opened = opened_unless_blocked(&mut request, &blocked).await;
    let Some(opened) = opened else {
        finish_in_background(request, (on_upgrade, on_blocked));
        return Err(StoreError::Blocked);
    };
    let db = opened.map_err(|e| {
        report
            .take()
            .unwrap_or_else(|| upgrade_failed(upgrade_tx.borrow().as_ref(), e))
    })?;
    if must_create && !created.get() {
        db.close();
        return Err(StoreError::Backend(format!("{name} already exists")));
    }
    Ok(Connection::new(db))
}

/// An open database that closes itself when another tab wants to upgrade or
/// delete it, so that tab is not blocked; later calls on it then fail with
/// [`StoreError::Backend`]. Dropping it closes the database.
pub(crate) struct Connection {
    db: Database,
    _on_version_change: Closure<dyn FnMut(web_sys::Event)>,
}

impl Connection {
    fn new(db: Database) -> Connection {
        let on_version_change = Closure::new(|event: web_sys::Event| {
            let target = event
                .target()
                .and_then(|t| t.dyn_into::<IdbDatabase>().ok());
            if let Some(db) = target {
                db.close();
            }
        });
        db.as_sys()
            .set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        Connection {
            db,
            _on_version_change: on_version_change,
        }
    }

    pub(crate) fn db(&self) -> &Database {
        &self.db
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.db.as_sys().set_onversionchange(None);
        self.db.clone().close();
    }
}

/// Waits for the open request, or gives up with `None` as soon as the browser
/// reports it blocked.
async fn opened_unless_blocked<F: Future + Unpin>(
    request: &mut F,
    blocked: &BlockedSignal,
) -> Option<F::Output> {
    poll_fn(|cx| match Pin::new(&mut *request).poll(cx) {
        Poll::Ready(result) => Poll::Ready(Some(result)),
        Poll::Pending if blocked.fired.get() => Poll::Ready(None),
        Poll::Pending => {
            *blocked.waker.borrow_mut() = Some(cx.waker().clone());
            Poll::Pending
        }
    })
    .await
}

type UpgradeHandler = Closure<dyn FnMut(IdbVersionChangeEvent)>;
type BlockedHandler = Closure<dyn FnMut(IdbVersionChangeEvent)>;

/// The `onupgradeneeded` handler: runs the migration steps and, for a new book,
/// seeds it, all in the `versionchange` transaction. Any failure aborts that
/// transaction, so the database keeps its previous version and contents.
fn upgrade_handler(
    purpose: Purpose,
    report: UpgradeReport,
    created: Rc<Cell<bool>>,
    upgrade_tx: Rc<RefCell<Option<IdbTransaction>>>,
) -> UpgradeHandler {
    Closure::once(move |event: IdbVersionChangeEvent| {
        let Some((db, tx)) = upgrade_parts(&event) else {
            return;
        };
        // Kept to read why the open failed if the browser aborts it (a full disk).
        *upgrade_tx.borrow_mut() = Some(tx.clone());
        let old_version = event.old_version() as u32;
        let result = match (&purpose, old_version) {
            (Purpose::Existing, 0) => Err(StoreError::NotFound),
            (Purpose::Existing, _) => upgrade(&db, &tx, old_version, &report),
            (Purpose::Create { .. } | Purpose::Restore { .. }, 1..) => {
                Err(StoreError::Backend("the book already exists".into()))
            }
            (Purpose::Restore { created_ms, fill }, 0) => upgrade(&db, &tx, 0, &report)
                .and_then(|()| seed(&tx, *created_ms, None))
                .and_then(|()| fill(&tx)),
            (Purpose::Create { created_ms, first }, 0) => {
                upgrade(&db, &tx, 0, &report).and_then(|()| seed(&tx, *created_ms, first.as_ref()))
            }
        };
        match result {
            Ok(()) => created.set(old_version == 0),
            Err(error) => report.fail(&tx, error),
        }
    })
}

/// The database and the `versionchange` transaction of an upgrade event.
fn upgrade_parts(event: &IdbVersionChangeEvent) -> Option<(IdbDatabase, IdbTransaction)> {
    let request: IdbOpenDbRequest = event.target()?.dyn_into().ok()?;
    let db: IdbDatabase = request.result().ok()?.dyn_into().ok()?;
    Some((db, request.transaction()?))
}

/// Writes a new book's creation time and first change set.
fn seed(tx: &IdbTransaction, created_ms: f64, first: Option<&ChangeSet>) -> Result<(), StoreError> {
    let meta = tx.object_store(META).map_err(js_error)?;
    put(&meta, CREATED_KEY, &JsValue::from_f64(created_ms))?;
    let Some(set) = first else {
        return Ok(());
    };
    if let Some(label) = label_of(set) {
        put(&meta, LABEL_KEY, &JsValue::from_str(label))?;
    }
    let (key, row) = set_row(set)?;
    let changes = tx.object_store(CHANGES).map_err(js_error)?;
    put(&changes, &key, &JsValue::from_str(&row))
}

fn put(store: &web_sys::IdbObjectStore, key: &str, value: &JsValue) -> Result<(), StoreError> {
    store
        .put_with_key(value, &JsValue::from_str(key))
        .map(drop)
        .map_err(js_error)
}

/// Set when the browser reports the open as blocked by another tab that keeps an
/// older version of the database open.
#[derive(Clone, Default)]
struct BlockedSignal {
    fired: Rc<Cell<bool>>,
    waker: Rc<RefCell<Option<Waker>>>,
}

impl BlockedSignal {
    fn handler(&self) -> BlockedHandler {
        let signal = self.clone();
        Closure::new(move |_: IdbVersionChangeEvent| {
            signal.fired.set(true);
            if let Some(waker) = signal.waker.borrow_mut().take() {
                waker.wake();
            }
        })
    }
}

/// After reporting [`StoreError::Blocked`], the browser still holds our open
/// request and will run the upgrade once the other tab lets go. Keep the request
/// and its handlers alive until then (a dropped handler would let the version
/// change without the upgrade steps), and close the connection it yields.
fn finish_in_background(
    request: Pin<Box<impl Future<Output = indexed_db_futures::OpenDbResult<Database>> + 'static>>,
    handlers: (UpgradeHandler, BlockedHandler),
) {
    wasm_bindgen_futures::spawn_local(async move {
        let _handlers = handlers;
        if let Ok(db) = request.await {
            db.close();
        }
    });
}
