//! The Yayoi (弥生) journal import format (helper: accountant fills this module).

use serde::{Deserialize, Serialize};

use crate::ids::RecordId;

/// Which name each account has in the accountant's program. One per book.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportMapping {
    pub book_id: RecordId,
}
