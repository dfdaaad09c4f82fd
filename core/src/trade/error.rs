//! Why a sales or purchasing command was refused.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::DocumentKind;
use crate::book::JournalError;
use crate::inventory::InventoryError;
use crate::ledger::{AccountRole, TaxCode};
use crate::money::limits::LimitError;

/// What is wrong with one line of a document. `line` counts from 1, as on screen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineProblem {
    #[error("has no description")]
    BlankDescription,
    #[error("has no quantity")]
    ZeroQuantity,
    #[error("has a negative price or discount")]
    Negative,
    #[error("has a tax code for the other side (a purchase code on a sale, or the reverse)")]
    WrongSideTaxCode,
    #[error("is more than is left to copy ({remaining})")]
    ExceedsRemaining { remaining: Decimal },
    #[error("uses an account that does not exist or is archived")]
    BadAccount,
    /// Its quantity, unit price, discount or amount (quantity × unit price −
    /// discount) is beyond the limit of its kind.
    #[error("is beyond a limit: {0}")]
    TooLarge(LimitError),
}

/// What is wrong with the tax a bill states for a (tax code, rate) group
/// ([`super::StatedTax`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatedTaxProblem {
    #[error("only a bill carries the tax of a supplier's invoice")]
    NotABill,
    #[error("no line of the bill has this tax code and rate")]
    NoLines,
    #[error("is given twice")]
    Twice,
    #[error("is negative")]
    Negative,
    #[error("has more decimals than the currency allows")]
    TooManyDecimals,
    #[error("is beyond a limit: {0}")]
    TooLarge(LimitError),
    /// More than rounding away from the tax the lines give: at most one
    /// minor unit (¥1) per line of the group, and at least one.
    #[error("differs from the tax on the lines ({computed}) by more than rounding ({allowed})")]
    FarFromComputed { computed: Decimal, allowed: Decimal },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TradeError {
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(transparent)]
    Inventory(#[from] InventoryError),
    #[error("line {line} {problem}")]
    Line { line: usize, problem: LineProblem },
    #[error("the partner was not found")]
    PartnerNotFound,
    #[error("the partner is not a customer")]
    NotACustomer,
    #[error("the partner is not a supplier")]
    NotASupplier,
    #[error("the document was not found")]
    DocumentNotFound,
    #[error("a document needs at least one line")]
    NoLines,
    #[error("an issued document cannot be edited; cancel it and issue a new one")]
    NotADraft,
    #[error("only an issued document can do this")]
    NotIssued,
    #[error("a {to:?} cannot be made from a {from:?}")]
    CannotFollow {
        from: DocumentKind,
        to: DocumentKind,
    },
    #[error("documents copied into one must have the same partner")]
    MixedPartners,
    #[error("everything on the document has already been copied forward")]
    NothingLeft,
    #[error("the document has payments; cancel them first")]
    HasPayments,
    #[error("the document has later documents made from it; cancel them first")]
    HasFollowers,
    /// The invoice's total less the credit notes already issued against it.
    #[error("a credit note is for more than is not yet credited of its invoice ({uncredited})")]
    CreditExceedsInvoice { uncredited: Decimal },
    #[error(
        "a credit note needs the invoice it credits, or the period of the sales it \
         returns or discounts (対象取引期間)"
    )]
    CreditNoteWithoutSale,
    #[error("the sales a credit note returns end ({to}) after the credit note's date ({date})")]
    SupplyPeriodAfterNote { to: NaiveDate, date: NaiveDate },
    /// The tax a bill states for one of its (code, rate) groups cannot be taken.
    #[error("the tax stated for {tax_code:?} at {rate} ({stated}) {problem}")]
    StatedTax {
        tax_code: TaxCode,
        rate: Decimal,
        stated: Decimal,
        problem: StatedTaxProblem,
    },
    #[error("the chart has no account with the {0:?} role; set one on the chart page")]
    MissingRole(AccountRole),
    #[error("this device has no number series in this book yet")]
    NoNumberSeries,
    /// The series (a kind, a year, a tag: `INV-2026-A`) has issued its last
    /// number (`numbering::MAX_SEQUENCE`).
    #[error("the number series {series} has no numbers left")]
    SeriesExhausted { series: String },
    #[error("no delivery notes to invoice for this customer up to the closing date")]
    NothingToConsolidate,
    #[error("the payment was not found")]
    PaymentNotFound,
    #[error("the payment is already cancelled")]
    AlreadyCancelled,
    #[error("a payment needs an amount")]
    ZeroPayment,
    #[error("a fee or withheld tax cannot be negative, and only a customer withholds tax")]
    InvalidDeduction,
    #[error("the money must go into or out of a cash or bank account")]
    NotACashAccount,
    #[error("the allocations add up to {allocated}, but the payment settles {settled}")]
    AllocationMismatch {
        allocated: Decimal,
        settled: Decimal,
    },
    #[error("{number} has only {open} open")]
    AllocationExceedsOpen { number: String, open: Decimal },
    #[error("a payment can settle documents of its own partner and side only")]
    AllocationNotSettleable,
    #[error("an amount has more decimals than the currency allows")]
    TooManyDecimals,
    /// A document's total (with tax, or after withholding) is beyond the
    /// largest amount, though each line is not.
    #[error("the document's total: {0}")]
    TotalTooLarge(LimitError),
    /// A payment's amount, fee, withholding or an allocation, or what it
    /// settles, is beyond the largest amount.
    #[error("the payment: {0}")]
    PaymentTooLarge(LimitError),
    /// The document holds values beyond the limits (written by an earlier
    /// build): nothing may be made from it or settle it.
    #[error("the document is beyond Kura's limits; delete it if a draft, or cancel it")]
    BeyondLimits,
}
