//! Where a book file's bytes come from: the reader asks for ranges (the end,
//! the directory, the manifest, then one part at a time), so a file is never
//! held whole. In the browser a range is a `Blob.slice` of the chosen file,
//! read asynchronously; natively, a byte slice answers at once.

use std::future::Future;
use std::ops::Range;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// A book file being read, by ranges.
#[allow(async_fn_in_trait)] // wasm is single-threaded: no Send bounds to promise.
pub trait FileSource {
    /// The file's size in bytes, known before anything is read.
    fn size(&self) -> u64;

    /// The bytes of `range` (within `0..size()`); `None` when they cannot be
    /// read (the file was moved or changed since it was chosen).
    async fn read(&self, range: Range<u64>) -> Option<Vec<u8>>;
}

impl FileSource for &[u8] {
    fn size(&self) -> u64 {
        self.len() as u64
    }

    async fn read(&self, range: Range<u64>) -> Option<Vec<u8>> {
        let start = usize::try_from(range.start).ok()?;
        let end = usize::try_from(range.end).ok()?;
        self.get(start..end).map(<[u8]>::to_vec)
    }
}

/// The value of a future that never waits: reading a byte slice. The whole-file
/// functions run the one reader (written for asynchronous sources) this way.
pub(super) fn at_once<T>(future: impl Future<Output = T>) -> T {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(value) => value,
        Poll::Pending => unreachable!("reading a byte slice never waits"),
    }
}
