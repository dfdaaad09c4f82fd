//! The in-memory store: for native tests and as the reference the IndexedDB
//! store is checked against. It stores what the real one stores (rows as JSON
//! text, chunks as bytes, each under its key) and packs like it, so compaction
//! and reading damaged parts are tested the same way.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};

use super::{
    chunk_key, encode_row, pack_chunks, read_chunk, read_row, SetAside, Store, StoreError,
};
use crate::sync::ChangeSet;

#[derive(Default)]
pub struct MemoryStore {
    /// The tail: a change set's id (as text) → its JSON.
    rows: RefCell<BTreeMap<String, String>>,
    /// Packed chunks: key ([`chunk_key`]) → bytes.
    chunks: RefCell<BTreeMap<String, Vec<u8>>>,
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
        let row = encode_row(set).map_err(StoreError::WouldNotReadBack)?;
        let mut stored = false;
        self.read_log(&mut |s| stored |= s.id == set.id).await?;
        if !stored {
            self.rows.borrow_mut().insert(set.id.to_string(), row);
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::conformance::{self, RawPart};

    #[test]
    fn memory_store_passes_the_conformance_suite() {
        futures_executor::block_on(conformance::run_all(
            || async { MemoryStore::new() },
            async |store: &MemoryStore, part: RawPart| match part {
                RawPart::Row { key, text } => store.put_raw_row(&key, &text),
                RawPart::Chunk { key, bytes } => store.put_raw_chunk(&key, &bytes),
            },
        ));
    }
}
