//! What this browser keeps about one book beside its log: the device id it
//! writes the book as, the change sets merges held for the user's decision,
//! and the ones the user refused. They live in the book's own `meta` store:
//! clearing localStorage (or Safari evicting it) does not change the device a
//! book's number series belongs to, and deleting a book forgets them with it.
//! This is the port's [`LocalState`], checked by the conformance suite.

use std::collections::HashSet;

use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use kura_core::ids::{DeviceId, RecordId};
use kura_core::store::{Decision, HeldChange, LocalState, StoreError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::errors::from_idb;
use super::schema::{DEVICE_KEY, HELD_KEY, META, REFUSED_KEY};
use super::IdbStore;
use crate::platform;

/// The `meta` value a restored book starts with: a device id of its own, never
/// the browser's. A restore never resumes a series: the backup may be older
/// than numbers its writer issued since, so the restored book numbers in the
/// series its writer reserved for the backup (`kura_core::trade::
/// claim_series_on_arrival`) — even when this very browser wrote the backup.
pub(super) fn restored_device_value() -> JsValue {
    JsValue::from_str(&DeviceId(platform::new_id()).to_string())
}

/// Each value is kept in `meta` under its key ([`DEVICE_KEY`], [`HELD_KEY`],
/// [`REFUSED_KEY`]); each method is one transaction.
impl LocalState for IdbStore {
    /// The app offers the browser's id (`platform::device_id`): a book from
    /// before ids were kept per book takes the one its sets from this browser
    /// carry, and keeps it from then on.
    async fn device(&self, first: impl FnOnce() -> DeviceId) -> Result<DeviceId, StoreError> {
        let tx = self.transaction([META], TransactionMode::Readwrite)?;
        let meta = tx.object_store(META).map_err(from_idb)?;
        let stored: Option<String> = meta
            .get(DEVICE_KEY)
            .primitive()
            .map_err(from_idb)?
            .await
            .map_err(from_idb)?;
        if let Some(device) = stored.and_then(|text| text.parse().ok()) {
            return Ok(device);
        }
        let device = first();
        meta.put(device.to_string())
            .with_key(DEVICE_KEY)
            .primitive()
            .map_err(from_idb)?;
        tx.commit().await.map_err(from_idb)?;
        Ok(device)
    }

    async fn set_device(&self, device: DeviceId) -> Result<(), StoreError> {
        self.put_meta(DEVICE_KEY, device.to_string()).await
    }

    async fn held_sets(&self) -> Result<Vec<HeldChange>, StoreError> {
        let tx = self.transaction([META], TransactionMode::Readonly)?;
        let meta = tx.object_store(META).map_err(from_idb)?;
        read_json(&meta, HELD_KEY).await
    }

    async fn decided_or_held(&self) -> Result<HashSet<RecordId>, StoreError> {
        let tx = self.transaction([META], TransactionMode::Readonly)?;
        let meta = tx.object_store(META).map_err(from_idb)?;
        let mut ids: HashSet<RecordId> = read_json(&meta, REFUSED_KEY).await?;
        let held: Vec<HeldChange> = read_json(&meta, HELD_KEY).await?;
        ids.extend(held.iter().map(|h| h.held.set.id));
        Ok(ids)
    }

    async fn hold(&self, held: Vec<HeldChange>) -> Result<(), StoreError> {
        if held.is_empty() {
            return Ok(());
        }
        let tx = self.transaction([META], TransactionMode::Readwrite)?;
        let meta = tx.object_store(META).map_err(from_idb)?;
        let mut all: Vec<HeldChange> = read_json(&meta, HELD_KEY).await?;
        for change in held {
            if all.iter().all(|h| h.held.set.id != change.held.set.id) {
                all.push(change);
            }
        }
        write_json(&meta, HELD_KEY, &all)?;
        tx.commit().await.map_err(from_idb)
    }

    /// An accepted set is committed to the log first: if this then fails, the
    /// set is both in the book and held, and the Sync page drops it from the
    /// held ones when it sees that.
    async fn decide(&self, set: RecordId, decision: Decision) -> Result<(), StoreError> {
        let tx = self.transaction([META], TransactionMode::Readwrite)?;
        let meta = tx.object_store(META).map_err(from_idb)?;
        let mut held: Vec<HeldChange> = read_json(&meta, HELD_KEY).await?;
        held.retain(|h| h.held.set.id != set);
        write_json(&meta, HELD_KEY, &held)?;
        if decision == Decision::Refused {
            let mut ids: Vec<RecordId> = read_json(&meta, REFUSED_KEY).await?;
            ids.push(set);
            write_json(&meta, REFUSED_KEY, &ids)?;
        }
        tx.commit().await.map_err(from_idb)
    }
}

impl IdbStore {
    async fn put_meta(&self, key: &str, value: String) -> Result<(), StoreError> {
        let tx = self.transaction([META], TransactionMode::Readwrite)?;
        let meta = tx.object_store(META).map_err(from_idb)?;
        meta.put(value)
            .with_key(key)
            .primitive()
            .map_err(from_idb)?;
        tx.commit().await.map_err(from_idb)
    }
}

/// A `meta` value kept as JSON text. One this code cannot read counts as
/// empty: refused and held sets are then judged again when they come again,
/// which loses nothing from the book.
async fn read_json<T: DeserializeOwned + Default>(
    meta: &ObjectStore<'_>,
    key: &str,
) -> Result<T, StoreError> {
    let stored: Option<String> = meta
        .get(key)
        .primitive()
        .map_err(from_idb)?
        .await
        .map_err(from_idb)?;
    Ok(stored
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default())
}

fn write_json<T: Serialize>(
    meta: &ObjectStore<'_>,
    key: &str,
    value: &T,
) -> Result<(), StoreError> {
    let text = serde_json::to_string(value).map_err(|e| StoreError::Backend(e.to_string()))?;
    meta.put(text).with_key(key).primitive().map_err(from_idb)?;
    Ok(())
}
