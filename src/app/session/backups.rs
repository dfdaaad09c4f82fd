//! The open book's backups (the Data page): a backup written from the stored
//! log part by part, and the folder automatic backups go to (a handle kept
//! beside the book). The page asks the open book and never opens the store.

use kura_core::files::backup::{BookFileHeader, Encryption};
use kura_core::store::StoreError;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::OpenBook;
use crate::platform::FileSink;
use crate::storage::{BackupError, BackupReport, IdbStore, Progress};

impl OpenBook {
    /// Writes a backup of everything stored into `sink`, part by part (see
    /// `storage/backup.rs`). On a connection of its own: the writer's stays
    /// free for the writes made meanwhile.
    pub async fn write_backup(
        &self,
        header: &BookFileHeader,
        encryption: Option<Encryption<'_>>,
        sink: &mut FileSink,
        progress: Progress<'_>,
    ) -> Result<BackupReport, BackupError> {
        let store = IdbStore::open(self.id).await?;
        store.write_backup(header, encryption, sink, progress).await
    }

    /// The folder chosen for automatic backups, if any (a directory handle).
    pub async fn backup_folder(&self) -> Result<Option<JsValue>, StoreError> {
        self.writer.get_value().store.backup_folder().await
    }

    /// Keeps (`Some`) or forgets (`None`) the folder for automatic backups.
    pub async fn set_backup_folder(&self, folder: Option<&JsValue>) -> Result<(), StoreError> {
        self.writer
            .get_value()
            .store
            .set_backup_folder(folder)
            .await
    }
}
