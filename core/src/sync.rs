//! Clock stamps and change sets: how every write is recorded, ordered and merged.
//!
//! A user action produces one [`ChangeSet`]; the store appends it atomically and the
//! in-memory [`crate::book::Book`] folds it in. Change sets carry a hybrid-logical-clock
//! stamp ([`Hlc`]) so that sets made on different devices order the same way everywhere.

mod change;
mod hlc;

pub use change::{Change, ChangeSet, Stamp};
pub use hlc::{Hlc, HlcClock, InvalidHlc};
