//! Reordering (発注点管理): items whose available stock fell to their reorder
//! point, and purchase-order drafts that refill them.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::{Book, WriteCtx};
use crate::ids::RecordId;
use crate::sync::ChangeSet;
use crate::trade::TradeError;

/// An item to reorder.
#[derive(Clone, Debug, PartialEq)]
pub struct ReorderLine {
    pub item: RecordId,
    pub on_hand: Decimal,
    /// Still to arrive on issued purchase orders (what goods receipts and bills
    /// have not yet taken).
    pub on_order: Decimal,
    pub reorder_point: Decimal,
    /// The reorder quantity, or enough to reach the reorder point if none is set.
    pub suggested: Decimal,
    pub supplier: Option<RecordId>,
}

/// Tracked, live items whose on hand + on order is at or below their reorder
/// point at the end of `date`, in code order.
pub fn below_reorder_point(book: &Book, date: NaiveDate) -> Vec<ReorderLine> {
    let _ = (book, date);
    todo!("inventory-core helper A")
}

/// Saves one purchase-order draft per preferred supplier of `lines`, dated
/// `date`, each line at the item's standard cost and purchase tax code, all in
/// one change set; items without a preferred supplier are left out (the screen
/// says so). `ids` gives each draft its id.
pub fn reorder_drafts(
    book: &Book,
    lines: &[ReorderLine],
    date: NaiveDate,
    ids: &mut impl FnMut() -> RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, TradeError> {
    let _ = (book, lines, date, ids, ctx);
    todo!("inventory-core helper A")
}
