//! Receipts of payment (入金), payments (支払) and refunds to customers (返金),
//! allocated explicitly to the invoices, credit notes and bills they settle.
//!
//! Allocations are signed as the documents' open amounts are: an allocation
//! takes its document's open amount toward zero, on the same side. An invoice
//! or bill is open positive and settled by a positive allocation; a customer's
//! credit (a credit note's negative open amount) is used up by a negative one.
//! A refund's allocations are therefore negative (they add up to `-amount`):
//! paying a customer back raises what it owes from, say, −11,000 to 0.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::book::{reversal_of, Book, Record, WriteCtx};
use crate::ids::RecordId;
use crate::money::limits::{within, Magnitude};
use crate::reports::document_open_amount;
use crate::sync::{Change, ChangeSet};

use super::commands::{book_currency, fits_currency};
use super::posting::payment_entry;
use super::{Document, DocumentKind, DocumentStatus, TradeError, TradeSide};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentDirection {
    /// From a customer.
    Received,
    /// To a supplier.
    Paid,
    /// Back to a customer (返金): its credit (a credit note's negative open
    /// amount) paid out of a cash or bank account.
    Refunded,
}

impl PaymentDirection {
    /// Whether the money goes out of the account (a payment or a refund).
    pub fn is_outgoing(self) -> bool {
        matches!(self, PaymentDirection::Paid | PaymentDirection::Refunded)
    }

    /// Whether it settles a customer's documents (a receipt or a refund).
    pub fn is_sales(self) -> bool {
        matches!(
            self,
            PaymentDirection::Received | PaymentDirection::Refunded
        )
    }

    /// The side whose documents it settles.
    pub fn side(self) -> TradeSide {
        if self.is_sales() {
            TradeSide::Sales
        } else {
            TradeSide::Purchase
        }
    }

    /// The ordinary payment of a side's documents: a receipt from a customer,
    /// a payment to a supplier.
    pub fn settling(side: TradeSide) -> PaymentDirection {
        match side {
            TradeSide::Sales => PaymentDirection::Received,
            TradeSide::Purchase => PaymentDirection::Paid,
        }
    }
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
/// tax), `amount` when paid (a fee we pay on top is our expense), and
/// `-amount` when refunded (it uses up the customer's credit; a fee we pay on
/// top is our expense).
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
    /// How much of the partner's open documents it settles. Each part of a
    /// payment the book lists is within the largest amount, and so is their
    /// sum (`money::limits::check_record`).
    pub fn settled(&self) -> Decimal {
        match self.direction {
            PaymentDirection::Received => self.amount + self.fee + self.withholding,
            PaymentDirection::Paid => self.amount,
            PaymentDirection::Refunded => -self.amount,
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

/// The document an allocation settles: an issued invoice or credit note of the
/// partner for money received or refunded, an issued bill for money paid.
fn settleable<'a>(
    book: &'a Book,
    input: &PaymentInput,
    allocation: &Allocation,
) -> Result<&'a Document, TradeError> {
    let doc = book
        .document(allocation.document)
        .ok_or(TradeError::DocumentNotFound)?;
    super::commands::check_within_limits(book, doc.id)?;
    let kind_fits = match input.direction {
        PaymentDirection::Received | PaymentDirection::Refunded => {
            matches!(doc.kind, DocumentKind::Invoice | DocumentKind::CreditNote)
        }
        PaymentDirection::Paid => doc.kind == DocumentKind::Bill,
    };
    if !kind_fits || doc.status != DocumentStatus::Issued || doc.partner != input.partner {
        return Err(TradeError::AllocationNotSettleable);
    }
    Ok(doc)
}

/// Each allocation takes no more than is open of its document, on the same
/// side (a credit note's negative open is used by a negative allocation);
/// several allocations to one document count together.
fn check_allocations(book: &Book, input: &PaymentInput) -> Result<(), TradeError> {
    let mut open: HashMap<RecordId, Decimal> = HashMap::new();
    for allocation in &input.allocations {
        let doc = settleable(book, input, allocation)?;
        let left = open
            .entry(doc.id)
            .or_insert_with(|| document_open_amount(book, doc, NaiveDate::MAX));
        let within = if *left >= Decimal::ZERO {
            (Decimal::ZERO..=*left).contains(&allocation.amount)
        } else {
            (*left..=Decimal::ZERO).contains(&allocation.amount)
        };
        if !within {
            return Err(TradeError::AllocationExceedsOpen {
                number: doc.number.clone().unwrap_or_default(),
                open: *left,
            });
        }
        *left -= allocation.amount;
    }
    Ok(())
}

/// The amounts of a payment: positive, fee and withholding not negative,
/// withholding only on money received, all in the currency's decimals (a
/// refund's allocations are negative: see the module's sign convention).
fn check_amounts(book: &Book, input: &PaymentInput) -> Result<(), TradeError> {
    if input.amount <= Decimal::ZERO {
        return Err(TradeError::ZeroPayment);
    }
    let withheld_on_outgoing =
        input.direction != PaymentDirection::Received && !input.withholding.is_zero();
    if input.fee < Decimal::ZERO || input.withholding < Decimal::ZERO || withheld_on_outgoing {
        return Err(TradeError::InvalidDeduction);
    }
    let currency = book_currency(book)?;
    let amounts = [input.amount, input.fee, input.withholding]
        .into_iter()
        .chain(input.allocations.iter().map(|a| a.amount));
    for amount in amounts.clone() {
        within(amount, Magnitude::Amount).map_err(TradeError::PaymentTooLarge)?;
    }
    if !amounts.into_iter().all(|a| fits_currency(a, currency)) {
        return Err(TradeError::TooManyDecimals);
    }
    // What it settles is an amount too (each part is, so the sum cannot overflow).
    within(
        input.amount + input.fee + input.withholding,
        Magnitude::Amount,
    )
    .map_err(TradeError::PaymentTooLarge)?;
    Ok(())
}

/// Records a payment and posts its entry (id `entry_id`) in one change set.
pub fn record_payment(
    book: &Book,
    input: PaymentInput,
    payment_id: RecordId,
    entry_id: RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, TradeError> {
    book.partner(input.partner)
        .ok_or(TradeError::PartnerNotFound)?;
    check_amounts(book, &input)?;
    if !book.is_cash_account(input.account) {
        return Err(TradeError::NotACashAccount);
    }
    check_allocations(book, &input)?;
    let payment = Payment {
        id: payment_id,
        direction: input.direction,
        status: PaymentStatus::Posted,
        partner: input.partner,
        date: input.date,
        account: input.account,
        amount: input.amount,
        fee: input.fee,
        withholding: input.withholding,
        // A zero line of the form settles nothing and is not kept.
        allocations: input
            .allocations
            .into_iter()
            .filter(|a| !a.amount.is_zero())
            .collect(),
        memo: input.memo,
        entry: entry_id,
        reversal: None,
    };
    // Each allocation is within the largest amount: the sum cannot overflow.
    let allocated: Decimal = payment.allocations.iter().map(|a| a.amount).sum();
    if allocated != payment.settled() {
        return Err(TradeError::AllocationMismatch {
            allocated,
            settled: payment.settled(),
        });
    }
    let entry = payment_entry(book, &payment)?;
    Ok(ctx.change_set(vec![
        Change::Put {
            record: Record::Payment(payment),
        },
        Change::Put {
            record: Record::JournalEntry(entry),
        },
    ]))
}

/// Cancels a payment: posts the reversal of its entry (id `reversal_id`); the
/// documents it settled are open again. The reversal is dated the payment's
/// date, so it is refused in a closed period, as a document's is.
pub fn cancel_payment(
    book: &Book,
    id: RecordId,
    reversal_id: RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, TradeError> {
    let payment = book.payment(id).ok_or(TradeError::PaymentNotFound)?;
    if payment.status == PaymentStatus::Cancelled {
        return Err(TradeError::AlreadyCancelled);
    }
    let reversal = reversal_of(book, payment.entry, reversal_id, payment.date)?;
    let cancelled = Payment {
        status: PaymentStatus::Cancelled,
        reversal: Some(reversal_id),
        ..payment.clone()
    };
    Ok(ctx.change_set(vec![
        Change::Put {
            record: Record::Payment(cancelled),
        },
        Change::Put {
            record: Record::JournalEntry(reversal),
        },
    ]))
}
