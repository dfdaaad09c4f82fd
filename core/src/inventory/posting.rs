//! The journal entries stock posts.
//!
//! Perpetual books (継続記録): each move posts its change of stock value —
//! Dr 商品 / Cr 売上原価 for stock in, the reverse for stock out — so 商品 always
//! holds the valued stock and 仕入高 + 売上原価 is the cost of sales.
//!
//! Either mode: the stock closing entry at a date. With O the Inventory
//! account's balance at the fiscal year's start, P and Q what the Opening- and
//! ClosingInventory accounts already hold this fiscal year, and Y the valued
//! stock at the date, it posts Dr 期首商品棚卸高 (O − P), Cr 期末商品棚卸高
//! (Y − Q) and 商品 the difference — so at a year end 期首 holds the opening
//! stock, 期末 the closing one, and 商品 the valued stock, however many
//! month-end closings came before. In a perpetual book the difference between
//! the valued stock and 商品 (moves dated back) is posted against 売上原価
//! instead.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::commands::check_open_period;
use super::{
    value_items, value_stock, AdjustmentReason, InventoryError, MoveKind, StockMove, StockMoves,
    StockPosting,
};
use crate::book::{checked_entry, fiscal_year, Book, WriteCtx};
use crate::ids::RecordId;
use crate::ledger::{
    AccountRole, EntryHeader, EntryOrigin, EntryStatus, JournalEntry, Posting, TaxCode,
};
use crate::locale::Locale;
use crate::sync::ChangeSet;

/// The entry a move posts in a perpetual book, valuing `mv` as if it were in
/// the book; `None` in a periodic book or when its value is zero.
pub fn stock_move_entry(
    book: &Book,
    mv: &StockMove,
    entry_id: RecordId,
) -> Result<Option<JournalEntry>, InventoryError> {
    if book.inventory_settings().policy_at(mv.date).posting != StockPosting::Perpetual {
        return Ok(None);
    }
    let value = move_value(book, mv)?;
    if value.is_zero() {
        return Ok(None);
    }
    let lines = vec![
        stock_line(role_account(book, AccountRole::Inventory)?, value),
        stock_line(role_account(book, AccountRole::CostOfGoodsSold)?, -value),
    ];
    let partner = mv
        .document
        .and_then(|d| book.document(d))
        .and_then(|d| book.partner(d.partner))
        .map(|p| p.name.clone());
    let text = move_description(book, mv);
    posted_entry(book, entry_id, mv.date, text, partner, lines).map(Some)
}

/// The change of stock value `mv` makes, valued in its place among the
/// book's moves of its items; refused when valuing an item leaves the range.
fn move_value(book: &Book, mv: &StockMove) -> Result<Decimal, InventoryError> {
    let items: Vec<RecordId> = mv.lines.iter().map(|l| l.item).collect();
    let mut moves = StockMoves::of_items(book, &items);
    if book.stock_move(mv.id).is_none() {
        moves.add(mv);
    }
    let valuation = value_stock(book, &moves, mv.date, None);
    check_valued(book, &valuation.beyond_limits)?;
    // Each line's value is within the largest amount, so the sum cannot
    // overflow; an entry beyond it is refused by the entry's own check.
    Ok((0..mv.lines.len())
        .filter_map(|n| valuation.moves.get(&(mv.id, n)))
        .map(|cost| cost.value)
        .sum())
}

/// Refuses to post stock while valuation names an item beyond the limits.
fn check_valued(book: &Book, beyond_limits: &[RecordId]) -> Result<(), InventoryError> {
    match beyond_limits.first() {
        Some(&item) => Err(InventoryError::ValueTooLarge {
            code: book.item(item).map(|i| i.code.clone()).unwrap_or_default(),
        }),
        None => Ok(()),
    }
}

/// The figures of the stock closing entry at a date, shown before posting it
/// (the entry is made from exactly these).
#[derive(Clone, Debug, PartialEq)]
pub struct StockClosing {
    pub date: NaiveDate,
    /// Y: the stock valued by the method in force.
    pub valued_stock: Decimal,
    /// 商品's balance at the date, before the entry.
    pub ledger_stock: Decimal,
    /// O − P: to debit 期首商品棚卸高 (periodic books).
    pub to_opening: Decimal,
    /// Y − Q: to credit 期末商品棚卸高 (periodic books).
    pub to_closing: Decimal,
    /// Y − 商品: to post against 売上原価 (perpetual books).
    pub to_cost_of_sales: Decimal,
}

/// The stock closing at `date` (a preview; nothing is written), valuing the
/// book's moves and `pending` (a stocktake's move being posted with it).
pub fn stock_closing(
    book: &Book,
    date: NaiveDate,
    pending: &[StockMove],
) -> Result<StockClosing, InventoryError> {
    let inventory = role_account(book, AccountRole::Inventory)?;
    let mut moves = StockMoves::of(book);
    for mv in pending {
        moves.add(mv);
    }
    let valuation = value_items(book, &moves, date, None);
    check_valued(book, &valuation.beyond_limits)?;
    let valued_stock = valuation.total;
    let (start, _) = fiscal_year(book, date);
    let opening = stock_at_year_start(book, inventory, start);
    let ledger_stock = role_balance(book, inventory, NaiveDate::MIN, date);
    // What this year's closings (and any hand entries) already put on the
    // 期首 and 期末 accounts; the year close of the year before is not this
    // year's.
    let this_year = |role| {
        role_account(book, role).map_or(Decimal::ZERO, |a| role_balance(book, a, start, date))
    };
    let held_opening = this_year(AccountRole::OpeningInventory);
    let held_closing = -this_year(AccountRole::ClosingInventory);
    Ok(StockClosing {
        date,
        valued_stock,
        ledger_stock,
        to_opening: opening - held_opening,
        to_closing: valued_stock - held_closing,
        to_cost_of_sales: valued_stock - ledger_stock,
    })
}

/// O: the Inventory account's balance as the fiscal year starting `start`
/// opens — entries before it, and entries on its first day other than stock
/// postings (a new book's opening entry is dated that day).
fn stock_at_year_start(book: &Book, inventory: RecordId, start: NaiveDate) -> Decimal {
    let before = role_balance(
        book,
        inventory,
        NaiveDate::MIN,
        start.pred_opt().unwrap_or(start),
    );
    let first_day: Decimal = book
        .entries_between(start, start)
        .filter(|e| e.is_posted() && e.origin() != EntryOrigin::Stock)
        .flat_map(|e| e.lines())
        .filter(|p| on_account(book, p, inventory))
        .map(|p| p.amount)
        .sum();
    before + first_day
}

/// In a book that posts stock perpetually at the end of the fiscal year
/// `from..=to`: its Inventory account and that account's balance as the year
/// opens and at its end (the blue return's ② and ⑤).
pub(crate) fn perpetual_stock(
    book: &Book,
    from: NaiveDate,
    to: NaiveDate,
) -> Option<(RecordId, Decimal, Decimal)> {
    if book.inventory_settings().policy_at(to).posting != StockPosting::Perpetual {
        return None;
    }
    let inventory = role_account(book, AccountRole::Inventory).ok()?;
    let opening = stock_at_year_start(book, inventory, from);
    let closing = role_balance(book, inventory, NaiveDate::MIN, to);
    Some((inventory, opening, closing))
}

/// The posted balance (debit positive) of a stock account and its
/// sub-accounts over `from..=to`. Year-close entries are left out: the only
/// stock accounts they touch are 期首 and 期末, and what they move there
/// belongs to the year before.
fn role_balance(book: &Book, account: RecordId, from: NaiveDate, to: NaiveDate) -> Decimal {
    book.entries_between(from, to)
        .filter(|e| e.is_posted() && e.origin() != EntryOrigin::YearClose)
        .flat_map(|e| e.lines())
        .filter(|p| on_account(book, p, account))
        .map(|p| p.amount)
        .sum()
}

fn on_account(book: &Book, posting: &Posting, account: RecordId) -> bool {
    posting.account == account
        || book
            .account(posting.account)
            .is_some_and(|a| a.parent == Some(account))
}

/// The stock closing entry itself, made from `closing`; refused when it would
/// post nothing (`NothingToPost`) or in a closed period.
pub fn stock_closing_entry(
    book: &Book,
    closing: &StockClosing,
    entry_id: RecordId,
) -> Result<JournalEntry, InventoryError> {
    check_open_period(book, closing.date)?;
    let inventory = role_account(book, AccountRole::Inventory)?;
    let mut lines = match book.inventory_settings().policy_at(closing.date).posting {
        StockPosting::Periodic => vec![
            stock_line(
                role_account(book, AccountRole::OpeningInventory)?,
                closing.to_opening,
            ),
            stock_line(
                role_account(book, AccountRole::ClosingInventory)?,
                -closing.to_closing,
            ),
            stock_line(inventory, closing.to_closing - closing.to_opening),
        ],
        StockPosting::Perpetual => vec![
            stock_line(inventory, closing.to_cost_of_sales),
            stock_line(
                role_account(book, AccountRole::CostOfGoodsSold)?,
                -closing.to_cost_of_sales,
            ),
        ],
    };
    lines.retain(|l| !l.amount.is_zero());
    if lines.is_empty() {
        return Err(InventoryError::NothingToPost);
    }
    let locale = book.settings().map_or(Locale::Ja, |s| s.locale);
    let text = match locale {
        Locale::Ja => format!("棚卸高の振替({})", closing.date),
        Locale::En => format!("Stock valuation at {}", closing.date),
    };
    posted_entry(book, entry_id, closing.date, text, None, lines)
}

/// Posts the stock closing entry at `date`: one change set.
pub fn post_stock_closing(
    book: &Book,
    date: NaiveDate,
    entry_id: RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, InventoryError> {
    let closing = stock_closing(book, date, &[])?;
    let entry = stock_closing_entry(book, &closing, entry_id)?;
    Ok(ctx.change_set(vec![crate::sync::Change::Put {
        record: crate::book::Record::JournalEntry(entry),
    }]))
}

/// The first live account, in code order, with a role.
pub(crate) fn role_account(book: &Book, role: AccountRole) -> Result<RecordId, InventoryError> {
    book.accounts()
        .into_iter()
        .find(|a| !a.archived && a.role == Some(role))
        .map(|a| a.id)
        .ok_or(InventoryError::MissingRole(role))
}

/// A line of a stock entry: outside the scope of consumption tax (the tax
/// was counted on the purchase and the sale).
fn stock_line(account: RecordId, amount: Decimal) -> Posting {
    Posting {
        account,
        amount,
        tax_code: Some(TaxCode::NotTaxable),
        memo: String::new(),
        tax_part: None,
        business_class: None,
        supply_date: None,
    }
}

/// Checks the lines against the book and makes the posted stock entry.
fn posted_entry(
    book: &Book,
    id: RecordId,
    date: NaiveDate,
    description: String,
    partner: Option<String>,
    mut lines: Vec<Posting>,
) -> Result<JournalEntry, InventoryError> {
    check_open_period(book, date)?;
    // Debits first, as a journal reads (a stable sort keeps the rest in order).
    lines.sort_by_key(|l| l.amount.is_sign_negative());
    let header = EntryHeader {
        id,
        date,
        description,
        partner,
        status: EntryStatus::Posted,
        corrects: None,
    };
    Ok(checked_entry(book, header, lines)?.with_origin(EntryOrigin::Stock))
}

/// What a move's entry says: its kind and the document's number (the core
/// has no language of its own; the book's locale picks the words).
fn move_description(book: &Book, mv: &StockMove) -> String {
    let locale = book.settings().map_or(Locale::Ja, |s| s.locale);
    let number = mv
        .document
        .and_then(|d| book.document(d))
        .and_then(|d| d.number.as_deref());
    let cancelled = match (mv.reverses.is_some(), locale) {
        (false, _) => "",
        (true, Locale::Ja) => "取消 ",
        (true, Locale::En) => "Cancelled: ",
    };
    let kind = kind_words(mv.kind, locale);
    match number {
        Some(number) => format!("{cancelled}{kind} {number}"),
        None => format!("{cancelled}{kind}"),
    }
}

fn kind_words(kind: MoveKind, locale: Locale) -> &'static str {
    use AdjustmentReason as R;
    let (ja, en) = match kind {
        MoveKind::Receipt => ("入庫", "Stock received"),
        MoveKind::Delivery => ("出庫", "Stock delivered"),
        MoveKind::SalesReturn => ("返品受入", "Stock returned"),
        MoveKind::Transfer => ("在庫移動", "Stock transfer"),
        MoveKind::Stocktake => ("棚卸差異", "Stocktake variance"),
        MoveKind::Adjustment { reason } => match reason {
            R::Damage => ("在庫調整(破損)", "Stock adjustment (damage)"),
            R::Loss => ("在庫調整(紛失)", "Stock adjustment (loss)"),
            R::Sample => ("在庫調整(見本)", "Stock adjustment (sample)"),
            R::Found => ("在庫調整(発見)", "Stock adjustment (found)"),
            R::OwnUse => ("在庫調整(自家消費)", "Stock adjustment (own use)"),
            R::Opening => ("期首在庫", "Opening stock"),
        },
    };
    match locale {
        Locale::Ja => ja,
        Locale::En => en,
    }
}
