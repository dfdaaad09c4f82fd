//! The in-memory store: for native tests and as the reference the IndexedDB
//! store is checked against. It packs like the real one, so compaction is tested.

use std::cell::RefCell;

use super::{decode_chunk, encode_chunk, Store, StoreError};
use crate::sync::{ChangeSet, Hlc};

#[derive(Default)]
pub struct MemoryStore {
    tail: RefCell<Vec<ChangeSet>>,
    chunks: RefCell<Vec<Vec<u8>>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn all(&self) -> Result<Vec<ChangeSet>, StoreError> {
        let mut sets = Vec::new();
        for chunk in self.chunks.borrow().iter() {
            sets.extend(decode_chunk(chunk).map_err(|e| StoreError::Corrupt(e.0))?);
        }
        sets.extend(self.tail.borrow().iter().cloned());
        Ok(sets)
    }
}

impl Store for MemoryStore {
    async fn load(&self) -> Result<Vec<ChangeSet>, StoreError> {
        self.all()
    }

    async fn commit(&self, set: &ChangeSet) -> Result<(), StoreError> {
        if self.all()?.iter().any(|s| s.id == set.id) {
            return Ok(());
        }
        self.tail.borrow_mut().push(set.clone());
        Ok(())
    }

    async fn changes_since(&self, after: Option<Hlc>) -> Result<Vec<ChangeSet>, StoreError> {
        let mut sets = self.all()?;
        sets.retain(|s| after.is_none_or(|a| s.stamp > a));
        Ok(sets)
    }

    async fn compact(&self) -> Result<usize, StoreError> {
        let tail = std::mem::take(&mut *self.tail.borrow_mut());
        if !tail.is_empty() {
            self.chunks.borrow_mut().push(encode_chunk(&tail));
        }
        Ok(tail.len())
    }

    async fn tail_len(&self) -> Result<usize, StoreError> {
        Ok(self.tail.borrow().len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::conformance;

    #[test]
    fn memory_store_passes_the_conformance_suite() {
        futures_executor::block_on(conformance::run_all(|| async { MemoryStore::new() }));
    }
}
