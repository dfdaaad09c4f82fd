//! Inventory (在庫): items, where they are kept, the stock moves that are the
//! only truth about quantities, stocktakes, and the valuation that turns moves
//! into money for the books.
//!
//! The rules, and where each lives:
//! - `item.rs` — [`Item`] (goods whose stock is tracked, or services), its JAN
//!   barcode ([`Jan`], valid by construction) and [`Location`]s. A book without
//!   locations keeps everything in one implicit location (`None`).
//! - `moves.rs` — [`StockMove`]: an append-only fact (receipt, delivery,
//!   transfer, adjustment, stocktake), never edited; a cancelled document adds
//!   the reverse move. Quantity on hand at any date and location is the sum of
//!   moves, never a stored counter.
//! - `settings.rs` — [`InventorySettings`]: the valuation method and the posting
//!   mode, each in force from a date (a change is a new dated policy, so the
//!   history shows it), and whether stock may go negative.
//! - `valuation.rs` — replays each item's moves in order (date, then id) under
//!   the method in force: moving average (移動平均法), FIFO (先入先出法) or the
//!   last-purchase-cost method (最終仕入原価法); gives each outgoing move its cost
//!   and the stock its value at any date, negative stock included.
//! - `posting.rs` — the journal entries stock posts: in a perpetual book each
//!   move's change of stock value (商品 against 売上原価); in either mode the
//!   stock closing entry that brings 商品 to the valued stock at a date.
//! - `commands.rs` — adjustments, transfers, the moves a document makes when it
//!   is issued or cancelled, and the negative-stock check.
//! - `stocktake.rs` — a count (棚卸) in progress, its variances, and posting it.
//! - `reorder.rs` — items below their reorder point and the purchase-order
//!   drafts that refill them, one per preferred supplier.
//!
//! Stock reports (on hand, valuation, an item's history, the stock ledger) are
//! in `reports/stock.rs`.

mod commands;
mod error;
mod item;
mod moves;
mod posting;
mod reorder;
mod settings;
mod stocktake;
mod valuation;

pub use commands::{
    cancel_document_moves, document_moves, record_adjustment, record_transfer, reverse_move,
    AdjustmentInput, TransferInput,
};
pub use error::{InventoryError, ItemError};
pub use item::{
    save_item, save_location, search_items, Item, ItemInput, Jan, Location, LocationInput,
    MAX_ITEM_NAME_CHARS,
};
pub use moves::{
    on_hand, on_hand_by_location, AdjustmentReason, MoveKind, MoveLine, StockMove, StockMoves,
};
pub(crate) use posting::perpetual_stock;
pub use posting::{
    post_stock_closing, stock_closing, stock_closing_entry, stock_move_entry, StockClosing,
};
pub use reorder::{below_reorder_point, reorder_drafts, ReorderLine};
pub use settings::{
    save_inventory_settings, InventoryPolicy, InventorySettings, StockPosting, ValuationMethod,
};
pub use stocktake::{
    count_sheet, post_stocktake, save_stocktake, stocktake_variances, CountLine, Stocktake,
    StocktakeStatus, Variance,
};
pub use valuation::{
    standard_unit_cost, value_items, value_stock, ItemValue, MoveCost, StockValuation,
};
