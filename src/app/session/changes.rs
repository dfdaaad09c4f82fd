//! The open book's side of a changes file (the Sync page): what is sent, what
//! comes in, and the sets held for the user's decision. Everything goes
//! through the open book's own store and tab channel, so the page never opens
//! storage and a merge is written like any other write: committed in one
//! transaction, then folded in and told to the other tabs.
//!
//! A merge's sets were made on other devices, so they are committed as they
//! came (`commit_many`), not made here under the revision check; the tab's
//! folded revision is left where it was, so its next write reads the log once
//! more before making its set (`BookWriter::catch_up`).

use std::collections::HashSet;

use kura_core::book::Record;
use kura_core::ids::{DeviceId, RecordId};
use kura_core::store::{Decision, LocalState, Store, StoreError};
use kura_core::sync::{merge, ChangeSet, Hlc, HlcClock, MergeReport};
use leptos::prelude::*;

use super::OpenBook;
use crate::platform;
use crate::storage::{AttachmentBytes, HeldChange};

impl OpenBook {
    /// Every stored change set, in the log's order.
    pub async fn stored_sets(&self) -> Result<Vec<ChangeSet>, StoreError> {
        self.writer.get_value().store.load().await
    }

    /// The kept bytes of the attachments `sets` write (a file this device
    /// never received is left out: the record travels, the bytes cannot).
    pub async fn attachment_bytes(
        &self,
        sets: &[ChangeSet],
    ) -> Result<Vec<(RecordId, Vec<u8>)>, StoreError> {
        let ids = attachments_written(sets);
        let mut files = Vec::with_capacity(ids.len());
        for id in ids {
            let store = &self.writer.get_value().store;
            if let Some(bytes) = store.read_attachment(id).await? {
                files.push((id, bytes));
            }
        }
        Ok(files)
    }

    /// The sets a merge held or the user refused before: a file that brings
    /// them again changes nothing.
    pub async fn decided_or_held(&self) -> Result<HashSet<RecordId>, StoreError> {
        self.writer.get_value().store.decided_or_held().await
    }

    /// Keeps sets a merge held beside the book, for the user to decide.
    pub async fn hold(&self, held: Vec<HeldChange>) -> Result<(), StoreError> {
        self.writer.get_value().store.hold(held).await
    }

    /// The held sets, waiting for the user's decision.
    pub async fn held_sets(&self) -> Result<Vec<HeldChange>, StoreError> {
        self.writer.get_value().store.held_sets().await
    }

    /// A held set is done with: accepted (already merged) or refused.
    pub async fn decided(&self, set: RecordId, refused: bool) -> Result<(), StoreError> {
        let decision = if refused {
            Decision::Refused
        } else {
            Decision::Accepted
        };
        self.writer.get_value().store.decide(set, decision).await
    }

    /// Merges sets from another device: commits them with the bytes of the
    /// files they attach in one transaction, then folds them in (listing what
    /// they overwrote) and tells the other tabs.
    pub async fn merge_in(
        &self,
        sets: &[ChangeSet],
        seen: &[Hlc],
        files: &[AttachmentBytes<'_>],
    ) -> Result<MergeReport, StoreError> {
        let writer = self.writer.get_value();
        let _turn = platform::web_lock(&writer.lock).await;
        if !sets.is_empty() || !files.is_empty() {
            writer.store.commit_many(sets, files).await?;
        }
        let report = self
            .book
            .try_update(|book| merge(book, sets, seen))
            .unwrap_or_default();
        if let Some(channel) = &writer.channel {
            sets.iter().for_each(|set| channel.post(set));
        }
        Ok(report)
    }

    /// Writes as `device` from now on, in the store and in this tab (another
    /// copy of this browser's data writes with the old id).
    pub async fn move_to_device(&self, device: DeviceId) -> Result<(), StoreError> {
        let writer = self.writer.get_value();
        writer.store.set_device(device).await?;
        *writer.clock.borrow_mut() = HlcClock::new(device);
        Ok(())
    }
}

/// The ids of the attachment records `sets` write.
pub fn attachments_written(sets: &[ChangeSet]) -> HashSet<RecordId> {
    sets.iter()
        .flat_map(|set| &set.changes)
        .filter_map(|change| match change.record() {
            Some(Record::Attachment(a)) => Some(a.id),
            _ => None,
        })
        .collect()
}
