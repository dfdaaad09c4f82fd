//! Book files (`kura_core::files::backup`) read from the file the user chose,
//! by ranges (`Blob.slice`): only the parts being checked are ever in wasm
//! memory, and every size is checked against its budget before it is read.
//! Keys are derived from passphrases by the browser's WebCrypto.

use std::ops::Range;

use kura_core::files::backup::{
    BookFile, BookFileError, BookFileReader, Encryption, FileSource, KeyParams, Secret,
};
use web_sys::Blob;

use crate::platform;

/// A chosen file (or any Blob) as the source of a book file.
#[derive(Clone)]
pub struct BlobSource(Blob);

impl FileSource for BlobSource {
    fn size(&self) -> u64 {
        self.0.size() as u64
    }

    async fn read(&self, range: Range<u64>) -> Option<Vec<u8>> {
        platform::blob_range(&self.0, range).await
    }
}

/// A book file being read from a Blob.
pub type BlobBookFile = BookFileReader<BlobSource>;

/// Opens a chosen file and checks its container and manifest (by this
/// device's clock): its header, and what it says it holds, without the
/// passphrase.
pub async fn open_book_file(file: &Blob) -> Result<BlobBookFile, BookFileError> {
    BookFileReader::open(BlobSource(file.clone()), platform::now_ms()).await
}

/// Unlocks an encrypted file with `passphrase` (its key derived by WebCrypto
/// from the parameters the file names). A plain file, or no passphrase, is left
/// as it is: reading an encrypted file's parts is then refused as it should be.
pub async fn unlock(
    reader: &mut BlobBookFile,
    passphrase: Option<&str>,
) -> Result<(), BookFileError> {
    let (Some(passphrase), Some(params)) = (passphrase, reader.key_params()?) else {
        return Ok(());
    };
    let key = platform::derive_key(passphrase, &params).await;
    reader.unlock(Secret::Key(&key))
}

/// Unlocks and reads a whole file into memory (a file of changes for sync):
/// every check of the reader, then the file.
pub async fn read_whole_file(
    mut reader: BlobBookFile,
    passphrase: Option<&str>,
) -> Result<BookFile, BookFileError> {
    unlock(&mut reader, passphrase).await?;
    reader.read_all(&mut |_, _| {}).await
}

/// What encrypts a new book file: the key of its passphrase (derived by
/// WebCrypto, so the page keeps responding) and the random bytes of its salt
/// and nonces.
pub struct NewFileKey {
    key: [u8; 32],
    random: [u8; 32],
}

impl NewFileKey {
    /// The key of `passphrase`; `None` for an empty one (a plain file).
    pub async fn derive(passphrase: &str) -> Option<NewFileKey> {
        if passphrase.is_empty() {
            return None;
        }
        let random = platform::random_bytes();
        let key = platform::derive_key(passphrase, &KeyParams::for_new_file(&random)).await;
        Some(NewFileKey { key, random })
    }

    pub fn encryption(&self) -> Encryption<'_> {
        Encryption {
            passphrase: Secret::Key(&self.key),
            random: self.random,
        }
    }
}
