//! Document numbers: `INV-2026-0042`. Two laptops may issue offline and merge
//! later, so each device numbers within a series of its own, told apart by a
//! tag in the number (see ARCHITECTURE.md, *Numbering across devices*).

use serde::{Deserialize, Serialize};

use super::{DocumentKind, TradeError};
use crate::book::Book;
use crate::ids::DeviceId;

/// A device's number series in a book: its tag ("" for the first device, then
/// tags given out by a device that already has one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSeries {
    pub device: DeviceId,
    pub tag: String,
    /// How many tags this device has given out to devices joining from it.
    #[serde(default)]
    pub granted: u32,
}

/// The device's series in the book: its record, or — in a book where no device
/// has issued yet — a new record with the empty tag (to be written with the
/// first issue).
pub fn device_series(book: &Book, device: DeviceId) -> Result<DeviceSeries, TradeError> {
    let _ = (book, device);
    todo!()
}

/// The next number of a kind in the device's series for a year.
pub fn next_number(book: &Book, kind: DocumentKind, series: &DeviceSeries, year: i32) -> String {
    let _ = (book, kind, series, year);
    todo!()
}
