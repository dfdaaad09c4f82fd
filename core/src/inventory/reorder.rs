//! Reordering (発注点管理): items whose available stock fell to their reorder
//! point, and purchase-order drafts that refill them.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{on_hand_by_location, InventoryError, Item};
use crate::book::{Book, WriteCtx};
use crate::ids::{FastMap, RecordId};
use crate::sync::ChangeSet;
use crate::trade::{
    save_document_draft, Document, DocumentKind, DocumentLine, DocumentStatus, PriceBasis,
    TradeError,
};

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
    let mut on_hand: FastMap<RecordId, Decimal> = FastMap::default();
    for ((item, _), quantity) in on_hand_by_location(book, date) {
        *on_hand.entry(item).or_default() += quantity;
    }
    let on_order = on_order(book, date);
    let mut found: Vec<(&Item, ReorderLine)> = book
        .items()
        .filter(|i| i.tracked && !i.archived)
        .filter_map(|item| {
            let reorder_point = item.reorder_point?;
            let on_hand = on_hand.get(&item.id).copied().unwrap_or_default();
            let on_order = on_order.get(&item.id).copied().unwrap_or_default();
            let available = on_hand + on_order;
            let suggested = item
                .reorder_quantity
                .unwrap_or(reorder_point - available)
                .max(Decimal::ONE);
            let line = ReorderLine {
                item: item.id,
                on_hand,
                on_order,
                reorder_point,
                suggested,
                supplier: item.preferred_supplier,
            };
            (available <= reorder_point).then_some((item, line))
        })
        .collect();
    found.sort_by(|(a, _), (b, _)| (&a.code, a.id).cmp(&(&b.code, b.id)));
    found.into_iter().map(|(_, line)| line).collect()
}

/// Per item, what is still to arrive: the lines of purchase orders issued by
/// `date`, less what goods receipts and bills issued by then took from them.
/// (A draft receipt has brought nothing in yet, so it takes nothing here.)
fn on_order(book: &Book, date: NaiveDate) -> FastMap<RecordId, Decimal> {
    let issued = |d: &&Document| d.status == DocumentStatus::Issued && d.date <= date;
    let mut left: FastMap<(RecordId, u32), (RecordId, Decimal)> = FastMap::default();
    let orders = book
        .documents()
        .filter(|d| d.kind == DocumentKind::PurchaseOrder)
        .filter(issued);
    for order in orders {
        for (n, line) in (0u32..).zip(&order.lines) {
            if let Some(item) = line.item {
                left.insert((order.id, n), (item, line.quantity));
            }
        }
    }
    let takers = book
        .documents()
        .filter(|d| matches!(d.kind, DocumentKind::GoodsReceipt | DocumentKind::Bill))
        .filter(issued);
    for line in takers.flat_map(|d| &d.lines) {
        let Some(source) = line.source else { continue };
        if let Some((_, quantity)) = left.get_mut(&(source.document, source.line)) {
            *quantity -= line.quantity;
        }
    }
    let mut per_item: FastMap<RecordId, Decimal> = FastMap::default();
    for (item, quantity) in left.into_values() {
        *per_item.entry(item).or_default() += quantity.max(Decimal::ZERO);
    }
    per_item
}

/// Saves one purchase-order draft per preferred supplier of `lines`, dated
/// `date`, each line at the item's standard cost and purchase tax code, all in
/// one change set; items without a preferred supplier are left out (the screen
/// says so). `ids` gives each draft its id. Each draft passes the checks of
/// [`save_document_draft`]; with nothing to order, `NoLines`.
pub fn reorder_drafts(
    book: &Book,
    lines: &[ReorderLine],
    date: NaiveDate,
    ids: &mut impl FnMut() -> RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, TradeError> {
    let mut drafts: Vec<Document> = Vec::new();
    for line in lines {
        let Some(supplier) = line.supplier else {
            continue;
        };
        let item = book.item(line.item).ok_or(InventoryError::ItemNotFound)?;
        let order_line = order_line(item, line.suggested);
        match drafts.iter_mut().find(|d| d.partner == supplier) {
            Some(draft) => draft.lines.push(order_line),
            None => drafts.push(Document {
                lines: vec![order_line],
                // The standard cost is tax-exclusive, whatever the supplier
                // quotes; the goods receipt made from the order is costed as
                // the book carries stock (with the tax in 税込経理).
                price_basis: PriceBasis::TaxExclusive,
                ..Document::draft(ids(), DocumentKind::PurchaseOrder, supplier, date)
            }),
        }
    }
    if drafts.is_empty() {
        return Err(TradeError::NoLines);
    }
    let mut changes = Vec::new();
    for draft in drafts {
        changes.extend(save_document_draft(book, draft, ctx)?.changes);
    }
    Ok(ctx.change_set(changes))
}

fn order_line(item: &Item, quantity: Decimal) -> DocumentLine {
    DocumentLine {
        description: item.name.clone(),
        quantity,
        unit: item.unit.clone(),
        unit_price: item.purchase_cost,
        discount: Decimal::ZERO,
        tax_code: item.tax_code.purchase_counterpart(),
        account: None,
        item: Some(item.id),
        source: None,
        withheld: true,
        supply_date: None,
    }
}
