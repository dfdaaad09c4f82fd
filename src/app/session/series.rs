//! The document number series a device claims as a copy of the book leaves it
//! (a backup, a changes file) or arrives in this browser (a restore): through
//! the book's normal write path, so the claim is one committed change set.

use kura_core::ids::{DeviceId, RecordId};
use kura_core::store::StoreError;
use kura_core::trade;

use crate::platform;

use super::{write_closed_book, OpenBook, WriteError};
use chrono::Datelike;

/// Before a copy of the book leaves this device (a backup, a changes file):
/// reserves a number series for whoever arrives by it, and takes the empty
/// tag when no device has a series yet (`claim_series_before_sending`).
pub async fn claim_series_before_sending(open: OpenBook) -> Result<(), StoreError> {
    let device = open.device();
    open.write_if_needed(|book, ctx| trade::claim_series_before_sending(book, device, ctx))
        .await
}

/// Right after a restore, through the book's normal write path: this browser,
/// which writes the restored book under a device id of its own, takes the
/// series the backup's writer reserved for it (`claim_series_on_arrival`).
/// Returns the next invoice number it will issue, to tell the user; `None`
/// when the backup reserved nothing (one made before reservations).
pub async fn claim_series_after_restore(
    book_id: RecordId,
    writer: DeviceId,
) -> Result<Option<String>, StoreError> {
    let mut next = None;
    let claimed = write_closed_book(book_id, |book, ctx| {
        let device = ctx.stamp.device;
        let set = trade::claim_series_on_arrival(book, device, writer, ctx).ok_or(())?;
        let mut after = book.clone();
        after.apply(&set);
        next =
            trade::next_invoice_of(&after, device, platform::today().year()).map(|(_, next)| next);
        Ok(set)
    })
    .await;
    match claimed {
        Ok(()) | Err(WriteError::Invalid(())) => Ok(next),
        Err(WriteError::Store(error)) => Err(error),
    }
}
