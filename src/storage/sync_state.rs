//! What other devices have acknowledged of a book: when this device imports a
//! file from another, that device's `seen` (for each device, the latest stamp
//! it held) is kept here, so the next export sends only what it lacks. It is
//! this browser's knowledge, not the book's, so it lives in localStorage (one
//! small value per book), not in the book's log.

use std::collections::BTreeMap;

use kura_core::ids::{DeviceId, RecordId};
use kura_core::sync::Hlc;

use crate::platform;

fn key(book: RecordId) -> String {
    format!("kura-sync-seen-{book}")
}

fn read(book: RecordId) -> BTreeMap<DeviceId, Vec<Hlc>> {
    platform::local_value(&key(book))
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// What each peer device had seen when this device last imported its file.
pub fn peers_seen(book: RecordId) -> Vec<Vec<Hlc>> {
    read(book).into_values().collect()
}

/// Keeps what `peer` had seen, from the file just imported. A failure (private
/// mode, full storage) only makes the next export larger, so it is ignored.
pub fn remember_peer_seen(book: RecordId, peer: DeviceId, seen: &[Hlc]) {
    let mut all = read(book);
    all.insert(peer, seen.to_vec());
    if let Ok(text) = serde_json::to_string(&all) {
        platform::set_local_value(&key(book), &text);
    }
}
