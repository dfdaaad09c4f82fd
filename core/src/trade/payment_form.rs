//! What a payment (or a bank statement's import) starts with, so every screen
//! offers the same: the accounts money can move through and the one offered
//! first, the amounts a payment opened from a document is prefilled with, and
//! the spread of what it settles over the partner's open items, oldest first.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::Book;
use crate::ids::RecordId;
use crate::ledger::{Account, AccountRole};
use crate::reports::{open_items, OpenItem};

use super::{book_totals, PaymentDirection};

/// The live cash and bank accounts, their sub-accounts included, in code order.
pub fn money_accounts(book: &Book) -> Vec<&Account> {
    book.accounts()
        .into_iter()
        .filter(|a| !a.archived && book.is_cash_account(a.id))
        .collect()
}

/// The account offered first: a bank account if there is one, else the first
/// cash account.
pub fn default_money_account(book: &Book) -> Option<RecordId> {
    let accounts = money_accounts(book);
    accounts
        .iter()
        .find(|a| a.role == Some(AccountRole::Bank))
        .or(accounts.first())
        .map(|a| a.id)
}

/// `settled` spread over `open` amounts in order: each takes what it can on the
/// same side (a negative `settled`, a refund, over the negative ones); what is
/// left over stays unallocated.
pub fn spread_oldest_first(open: &[Decimal], settled: Decimal) -> Vec<Decimal> {
    let sign = if settled < Decimal::ZERO {
        Decimal::NEGATIVE_ONE
    } else {
        Decimal::ONE
    };
    let mut left = settled.abs();
    open.iter()
        .map(|item| {
            let on_side = item.checked_mul(sign).unwrap_or(Decimal::ZERO);
            let take = left.min(on_side).max(Decimal::ZERO);
            // `take` is at most `left`: the subtraction cannot fail.
            left = left.checked_sub(take).unwrap_or(Decimal::ZERO);
            take.checked_mul(sign).unwrap_or(Decimal::ZERO)
        })
        .collect()
}

/// The partner's open items on the direction's side on `today`, the given
/// document first, then oldest first.
pub fn open_items_to_settle(
    book: &Book,
    partner: RecordId,
    direction: PaymentDirection,
    first: Option<RecordId>,
    today: NaiveDate,
) -> Vec<OpenItem> {
    let mut items: Vec<OpenItem> = open_items(book, direction.side(), today)
        .into_iter()
        .filter(|i| i.partner == partner)
        .collect();
    items.sort_by_key(|i| Some(i.document) != first);
    items
}

/// What a payment opened from one document starts with: the money, and the
/// income tax the customer deducts from it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prefill {
    pub amount: Decimal,
    pub withholding: Decimal,
}

/// The document's open amount as the money, and — on a first payment of an
/// invoice that withholds — the withholding the customer deducts from it; for
/// a refund, the credit owed back. Nothing for a document that is not open.
pub fn prefill_from(
    book: &Book,
    doc: RecordId,
    direction: PaymentDirection,
    today: NaiveDate,
) -> Prefill {
    let Some(item) = open_items(book, direction.side(), today)
        .into_iter()
        .find(|i| i.document == doc)
    else {
        return Prefill::default();
    };
    match direction {
        PaymentDirection::Refunded => Prefill {
            amount: item.open.min(Decimal::ZERO).abs(),
            withholding: Decimal::ZERO,
        },
        PaymentDirection::Received | PaymentDirection::Paid => {
            let withholding = book
                .document(doc)
                .filter(|d| d.withholding.withholds() && item.settled.is_zero())
                .filter(|_| direction == PaymentDirection::Received)
                .map(|d| book_totals(book, d).withholding)
                .unwrap_or_default();
            match item.open.checked_sub(withholding) {
                Some(amount) => Prefill {
                    amount,
                    withholding,
                },
                None => Prefill {
                    amount: item.open,
                    withholding: Decimal::ZERO,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn a_receipt_fills_the_oldest_first_and_leaves_the_rest() {
        let open = [d(1000), d(500), d(-200), d(300)];
        assert_eq!(
            spread_oldest_first(&open, d(1200)),
            vec![d(1000), d(200), d(0), d(0)]
        );
        // More than is open: each item takes its whole amount.
        assert_eq!(
            spread_oldest_first(&open, d(5000)),
            vec![d(1000), d(500), d(0), d(300)]
        );
    }

    #[test]
    fn a_refund_spreads_over_the_credits_only() {
        let open = [d(1000), d(-200), d(-300)];
        assert_eq!(
            spread_oldest_first(&open, d(-250)),
            vec![d(0), d(-200), d(-50)]
        );
    }
}
