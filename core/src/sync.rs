//! Clock stamps and change sets: how every write is recorded, ordered and merged.
//!
//! A user action produces one [`ChangeSet`]; the store appends it atomically and the
//! in-memory [`crate::book::Book`] folds it in. Change sets carry a hybrid-logical-clock
//! stamp ([`Hlc`]) so that sets made on different devices order the same way everywhere.

//!
//! Between devices: every write to an existing record is an edit naming its
//! fields (`edit`), so a merge keeps each device's change to a different field;
//! a file to another device holds the sets it has not acknowledged (`exchange`);
//! importing one first judges its sets by the book's rules, holding back the
//! sets that break them for the user to decide (`plan`, `rules`, `conflict`),
//! then folds the rest in and lists the local values they overwrote (`merge`).
//!
//! Every set a device commits is linked to the device's previous one by a hash
//! (`chain`), so a set changed, removed or moved later is found.

pub mod chain;
mod change;
mod conflict;
mod edit;
mod exchange;
mod hlc;
mod merge;
mod plan;
mod rules;

pub use chain::{verify_chains, ChainLink, ChainReport, ChainVerifier, Digest};
pub use change::{Change, ChangeSet, Stamp};
pub use conflict::{Conflict, DocumentFacts, EntryFacts, MoveFacts, PaymentFacts};
pub use edit::{
    differing_fields, fields_of, mark_edits, restore_field, restore_record, RestoreError,
};
pub use exchange::{acknowledged_by_all, checksum, seen_of, unacknowledged, SAFETY_MARGIN_MS};
pub use hlc::{Hlc, HlcClock, InvalidHlc, MAX_WALL_MS};
pub use merge::{merge, new_sets, MergeReport, Overwritten};
pub use plan::{confirmed_seen, plan_merge, Decisions, HeldSet, MergePlan, SeriesMove};
