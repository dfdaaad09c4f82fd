//! Why an inventory command was refused.

use rust_decimal::Decimal;

use crate::book::JournalError;
use crate::ledger::AccountRole;
use crate::money::limits::LimitError;

/// What is wrong with an item or a location as typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemError {
    #[error("an item needs a code")]
    BlankCode,
    #[error("another item already has the code {0}")]
    DuplicateCode(String),
    #[error("an item needs a name")]
    BlankName,
    #[error("use at most {max} characters")]
    NameTooLong { max: usize },
    #[error("a price or cost is not a valid amount")]
    BadPrice,
    #[error("a reorder point or quantity is not a valid quantity")]
    BadQuantity,
    #[error("a JAN code is 8 or 13 digits")]
    JanFormat,
    #[error("the JAN code's check digit does not match")]
    JanCheckDigit,
    #[error("the preferred supplier is not a supplier")]
    NotASupplier,
    #[error("a location needs a name")]
    BlankLocationName,
    #[error("another location already has this name")]
    DuplicateLocation,
    #[error("the item was not found")]
    NotFound,
    #[error("an item with stock on hand cannot become a service")]
    StockOnHand,
    /// A price or cost (a unit price), or a reorder point or quantity (a
    /// quantity), is beyond the largest Kura accepts.
    #[error(transparent)]
    TooLarge(LimitError),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InventoryError {
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error("the item was not found")]
    ItemNotFound,
    #[error("the item is a service; services have no stock")]
    NotTracked,
    #[error("the location was not found")]
    LocationNotFound,
    #[error("a transfer goes between two different locations")]
    SameLocation,
    #[error("line {line} has no quantity")]
    ZeroQuantity { line: usize },
    #[error("a move needs at least one line")]
    NoLines,
    #[error("not enough stock of {code}: {available} on hand")]
    InsufficientStock { code: String, available: Decimal },
    #[error("the chart has no account with the {0:?} role; set one on the chart page")]
    MissingRole(AccountRole),
    #[error("the stocktake was not found")]
    StocktakeNotFound,
    #[error("the stocktake is already posted")]
    AlreadyPosted,
    #[error("a counted quantity cannot be negative")]
    NegativeCount,
    #[error("the valuation method already changes on or after this date")]
    PolicyOrder,
    #[error("the books are closed through {0}; choose a later date")]
    PeriodClosed(chrono::NaiveDate),
    #[error("nothing to post: the stock is already valued at this amount")]
    NothingToPost,
    /// A line's quantity, unit cost or value (quantity × unit cost) is beyond
    /// the limit of its kind (`line` counts from 1, as on screen).
    #[error("line {line}: {error}")]
    TooLarge { line: usize, error: LimitError },
    /// Valuing the item's stock would leave the largest amount: nothing that
    /// posts its value can be made until its moves are corrected.
    #[error("the stock of {code} would be valued beyond the largest amount Kura accepts")]
    ValueTooLarge { code: String },
    /// The move is within the limits, or was made by a document (cancel that):
    /// only a move beyond the limits is reversed on its own.
    #[error("only a stock move beyond Kura's limits, not made by a document, can be reversed")]
    NotReversible,
    #[error("the stock move was not found")]
    MoveNotFound,
    #[error("the stock move is already reversed")]
    AlreadyReversed,
}
