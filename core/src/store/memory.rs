//! The in-memory store: for native tests and as the reference the IndexedDB
//! store is checked against. It stores what the real one stores (rows as JSON
//! text, chunks as bytes, each under its key) and packs like it, so compaction
//! and reading damaged parts are tested the same way; beside them, the bytes of
//! attached files and what the device keeps beside the log ([`LocalState`]).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};

use super::{
    check_files, chunk_key, deleted_attachments, encode_row, pack_chunks, read_chunk, read_row,
    AttachmentBytes, Decision, HeldChange, LocalState, SetAside, Store, StoreError,
};
use crate::ids::{DeviceId, RecordId};
use crate::sync::ChangeSet;

#[derive(Default)]
pub struct MemoryStore {
    /// The tail: a change set's id (as text) → its JSON.
    rows: RefCell<BTreeMap<String, String>>,
    /// Packed chunks: key ([`chunk_key`]) → bytes.
    chunks: RefCell<BTreeMap<String, Vec<u8>>>,
    /// Attached files' bytes, by attachment id.
    attachments: RefCell<BTreeMap<RecordId, Vec<u8>>>,
    /// Beside the log: the device id, the held sets, the refused ids.
    device: RefCell<Option<DeviceId>>,
    held: RefCell<Vec<HeldChange>>,
    refused: RefCell<Vec<RecordId>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Stores a row as it is, unchecked: what an earlier build or a damaged disk
    /// may have left, for tests of reading such a store.
    pub fn put_raw_row(&self, key: &str, text: &str) {
        self.rows.borrow_mut().insert(key.into(), text.into());
    }

    /// Stores a chunk as it is, unchecked (see [`MemoryStore::put_raw_row`]).
    pub fn put_raw_chunk(&self, key: &str, bytes: &[u8]) {
        self.chunks.borrow_mut().insert(key.into(), bytes.into());
    }

    /// The ids of every readable stored set.
    async fn stored_ids(&self) -> Result<HashSet<RecordId>, StoreError> {
        let mut ids = HashSet::new();
        self.read_log(&mut |s| {
            ids.insert(s.id);
        })
        .await?;
        Ok(ids)
    }

    /// Writes `sets` (their rows encoded beforehand, so nothing is written if
    /// one would not read back) and `files`, and erases the bytes of the
    /// attachments the sets delete: the one write path of every commit.
    async fn write_all(
        &self,
        sets: &[ChangeSet],
        files: &[AttachmentBytes<'_>],
    ) -> Result<(), StoreError> {
        let rows = sets
            .iter()
            .map(|set| encode_row(set).map(|row| (set.id, row)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(StoreError::WouldNotReadBack)?;
        check_files(sets, files)?;
        let mut stored = self.stored_ids().await?;
        let mut tail = self.rows.borrow_mut();
        for (id, row) in rows {
            if stored.insert(id) {
                tail.insert(id.to_string(), row);
            }
        }
        let mut attachments = self.attachments.borrow_mut();
        for file in files {
            attachments.insert(file.id, file.bytes.to_vec());
        }
        for id in sets.iter().flat_map(deleted_attachments) {
            attachments.remove(&id);
        }
        Ok(())
    }
}

impl Store for MemoryStore {
    async fn read_log(&self, each: &mut dyn FnMut(ChangeSet)) -> Result<Vec<SetAside>, StoreError> {
        let mut set_aside = Vec::new();
        for (key, bytes) in self.chunks.borrow().iter() {
            set_aside.extend(read_chunk(key, bytes, &mut *each));
        }
        for (key, text) in self.rows.borrow().iter() {
            match read_row(key, text) {
                Ok(set) => each(set),
                Err(part) => set_aside.push(part),
            }
        }
        Ok(set_aside)
    }

    async fn commit(&self, set: &ChangeSet) -> Result<(), StoreError> {
        self.write_all(std::slice::from_ref(set), &[]).await
    }

    async fn commit_with_attachments(
        &self,
        set: &ChangeSet,
        files: &[AttachmentBytes<'_>],
    ) -> Result<(), StoreError> {
        self.write_all(std::slice::from_ref(set), files).await
    }

    async fn commit_many(
        &self,
        sets: &[ChangeSet],
        files: &[AttachmentBytes<'_>],
    ) -> Result<(), StoreError> {
        self.write_all(sets, files).await
    }

    async fn read_attachment(&self, id: RecordId) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.attachments.borrow().get(&id).cloned())
    }

    async fn compact(&self) -> Result<usize, StoreError> {
        let mut sets: Vec<ChangeSet> = Vec::new();
        let mut keys = HashSet::new();
        for (key, text) in self.rows.borrow().iter() {
            if let Ok(set) = read_row(key, text) {
                keys.insert(key.clone());
                sets.push(set);
            }
        }
        sets.sort_by_key(ChangeSet::order);
        let packed = pack_chunks(&sets).map_err(StoreError::WouldNotReadBack)?;
        let packed: Vec<(String, Vec<u8>)> = packed
            .into_iter()
            .map(|(bytes, run)| (chunk_key(run).expect("a packed run is not empty"), bytes))
            .collect();
        let mut chunks = self.chunks.borrow_mut();
        // As IndexedDB's `add`: a key collision fails the whole compaction.
        if let Some((key, _)) = packed.iter().find(|(key, _)| chunks.contains_key(key)) {
            return Err(StoreError::Backend(format!("chunk {key} exists")));
        }
        chunks.extend(packed);
        self.rows.borrow_mut().retain(|key, _| !keys.contains(key));
        Ok(sets.len())
    }

    async fn tail_len(&self) -> Result<usize, StoreError> {
        Ok(self.rows.borrow().len())
    }
}

impl LocalState for MemoryStore {
    async fn device(&self, first: impl FnOnce() -> DeviceId) -> Result<DeviceId, StoreError> {
        Ok(*self.device.borrow_mut().get_or_insert_with(first))
    }

    async fn set_device(&self, device: DeviceId) -> Result<(), StoreError> {
        *self.device.borrow_mut() = Some(device);
        Ok(())
    }

    async fn hold(&self, held: Vec<HeldChange>) -> Result<(), StoreError> {
        let mut all = self.held.borrow_mut();
        for change in held {
            if all.iter().all(|h| h.held.set.id != change.held.set.id) {
                all.push(change);
            }
        }
        Ok(())
    }

    async fn held_sets(&self) -> Result<Vec<HeldChange>, StoreError> {
        Ok(self.held.borrow().clone())
    }

    async fn decide(&self, set: RecordId, decision: Decision) -> Result<(), StoreError> {
        self.held.borrow_mut().retain(|h| h.held.set.id != set);
        if decision == Decision::Refused {
            self.refused.borrow_mut().push(set);
        }
        Ok(())
    }

    async fn decided_or_held(&self) -> Result<HashSet<RecordId>, StoreError> {
        let mut ids: HashSet<RecordId> = self.refused.borrow().iter().copied().collect();
        ids.extend(self.held.borrow().iter().map(|h| h.held.set.id));
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::conformance::{self, Backend, RawPart};

    /// Fresh in-memory stores; a reopen is the same store (nothing is lost
    /// between two connections to memory).
    struct Memory;

    impl Backend for Memory {
        type Store = MemoryStore;

        async fn fresh(&self) -> MemoryStore {
            MemoryStore::new()
        }

        async fn reopen(&self, store: MemoryStore) -> MemoryStore {
            store
        }

        async fn put_raw(&self, store: &MemoryStore, part: RawPart) {
            match part {
                RawPart::Row { key, text } => store.put_raw_row(&key, &text),
                RawPart::Chunk { key, bytes } => store.put_raw_chunk(&key, &bytes),
            }
        }
    }

    /// One `#[test]` per check of the conformance suite.
    macro_rules! native_check {
        ($name:ident) => {
            #[test]
            fn $name() {
                futures_executor::block_on(conformance::$name(&Memory));
            }
        };
    }

    crate::store_conformance_checks!(native_check);
}
