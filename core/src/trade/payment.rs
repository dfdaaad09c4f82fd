//! Receipts of payment (入金) and payments (支払), allocated explicitly to the
//! invoices, credit notes and bills they settle.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::book::{Book, WriteCtx};
use crate::ids::RecordId;
use crate::sync::ChangeSet;

use super::TradeError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentDirection {
    /// From a customer.
    Received,
    /// To a supplier.
    Paid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Posted,
    /// Cancelled by posting the reversal of its entry; it settles nothing.
    Cancelled,
}

/// The part of a payment that settles one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub document: RecordId,
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
}

/// A payment received or made. What it settles is `amount + fee + withholding`
/// when received (the customer deducted the bank fee and the withheld income
/// tax), and `amount` when paid (a fee we pay on top is our expense).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Payment {
    pub id: RecordId,
    pub direction: PaymentDirection,
    pub status: PaymentStatus,
    pub partner: RecordId,
    pub date: NaiveDate,
    /// The cash or bank account the money went into or out of.
    pub account: RecordId,
    /// The money that moved in or out of `account` (before a fee we pay).
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// The bank transfer fee (振込手数料), booked as an expense.
    #[serde(default, with = "rust_decimal::serde::str")]
    pub fee: Decimal,
    /// Income tax the customer withheld (received only).
    #[serde(default, with = "rust_decimal::serde::str")]
    pub withholding: Decimal,
    pub allocations: Vec<Allocation>,
    #[serde(default)]
    pub memo: String,
    /// The entry it posted.
    pub entry: RecordId,
    #[serde(default)]
    pub reversal: Option<RecordId>,
}

impl Payment {
    /// How much of the partner's open documents it settles.
    pub fn settled(&self) -> Decimal {
        match self.direction {
            PaymentDirection::Received => self.amount + self.fee + self.withholding,
            PaymentDirection::Paid => self.amount,
        }
    }
}

/// What the payment form submits.
#[derive(Clone, Debug, PartialEq)]
pub struct PaymentInput {
    pub direction: PaymentDirection,
    pub partner: RecordId,
    pub date: NaiveDate,
    pub account: RecordId,
    pub amount: Decimal,
    pub fee: Decimal,
    pub withholding: Decimal,
    pub allocations: Vec<Allocation>,
    pub memo: String,
}

/// Records a payment and posts its entry (id `entry_id`) in one change set.
pub fn record_payment(
    book: &Book,
    input: PaymentInput,
    payment_id: RecordId,
    entry_id: RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, TradeError> {
    let _ = (book, input, payment_id, entry_id, ctx);
    todo!()
}

/// Cancels a payment: posts the reversal of its entry (id `reversal_id`); the
/// documents it settled are open again.
pub fn cancel_payment(
    book: &Book,
    id: RecordId,
    reversal_id: RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, TradeError> {
    let _ = (book, id, reversal_id, ctx);
    todo!()
}
