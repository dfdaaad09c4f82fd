//! The journal entries documents and payments post.
//!
//! The rules:
//! - An invoice debits the receivable with its gross and credits revenue per
//!   (account, tax code); a credit note is its mirror; a bill debits purchases or
//!   expenses per (account, tax code) and credits the payable. A line without an
//!   account posts to the account with the Sales or Purchases role.
//! - The amounts per code are the document's own ([`document_totals`]), rounded
//!   by the book's document tax rounding, so the paper and the books agree. A
//!   tax-inclusive book (税込経理) books each code's gross on its revenue or cost
//!   lines; a tax-exclusive one (税抜経理) books the net there and the tax on
//!   仮受消費税 / 仮払消費税 as lines marked [`TaxPart`], exactly as the entry
//!   form's tax split marks them, an unregistered supplier's non-creditable share
//!   staying with the cost.
//! - When one code's lines go to several accounts, the code's amount is shared in
//!   proportion to the accounts' line amounts, each share rounded toward zero
//!   (`Rounding::Down`) and the last account taking the rest, so the shares add
//!   up to the code's amount exactly.
//! - A bill from a partner who is not a registered issuer posts its taxable
//!   purchase codes as the unregistered variants, whatever the lines carry: the
//!   registration is a fact about the partner, and mapping here keeps the books
//!   right even if a form proposed the wrong code. Lines that already carry an
//!   unregistered code keep it (a registered issuer's paper that is not a
//!   qualified invoice). Registration is decided on the bill's date
//!   ([`Partner::is_registered_on`]).
//! - A bill under ¥10,000 (tax included) in a book that uses the small-purchase
//!   relief (少額特例, [`SmallPurchaseRelief`]) is fully creditable without a
//!   qualified invoice: its unregistered codes post as the registered ones.
//! - The goods a goods receipt or a bill brings in are valued at what the
//!   entry books on the cost accounts ([`purchase_line_costs`]), so stock and
//!   purchases agree in either book.
//! - Entry descriptions hold only numbers and names (the core has no language).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::totals::CodeTotal;
use super::{book_totals, Document, DocumentKind, Partner, Payment, PaymentDirection, PriceBasis};
use super::{TradeError, TradeSide, WithholdingBooking};
use crate::book::{checked_entry, Book};
use crate::ids::RecordId;
use crate::ledger::{
    tax_parts, AccountRole, EntryHeader, EntryOrigin, EntryStatus, JournalEntry, Posting,
    SmallPurchaseRelief, TaxCode, TaxKind, TaxPart, TaxRules, MAX_DESCRIPTION_CHARS,
};
use crate::money::{round, Currency, Rounding};

/// The first live account, in code order, with a role.
fn role_account(book: &Book, role: AccountRole) -> Result<RecordId, TradeError> {
    book.accounts()
        .into_iter()
        .find(|a| !a.archived && a.role == Some(role))
        .map(|a| a.id)
        .ok_or(TradeError::MissingRole(role))
}

fn posting(account: RecordId, amount: Decimal, tax_code: Option<TaxCode>) -> Posting {
    Posting {
        account,
        amount,
        tax_code,
        memo: String::new(),
        tax_part: None,
    }
}

/// The amounts of one tax code, and the accounts (with their line amounts as
/// weights) they are shared across.
struct Group {
    code: TaxCode,
    accounts: Vec<(RecordId, Decimal)>,
    net: Decimal,
    tax: Decimal,
    gross: Decimal,
}

/// `total` shared in proportion to `weights`: each share rounded toward zero,
/// the last taking the rest, so the shares add up to `total` exactly.
fn allocate(total: Decimal, weights: &[Decimal], currency: Currency) -> Vec<Decimal> {
    let sum: Decimal = weights.iter().sum();
    let mut left = total;
    let mut shares = Vec::with_capacity(weights.len());
    for (i, weight) in weights.iter().enumerate() {
        let share = if i + 1 == weights.len() {
            left
        } else if sum.is_zero() {
            Decimal::ZERO
        } else {
            round(total * weight / sum, currency, Rounding::Down)
        };
        left -= share;
        shares.push(share);
    }
    shares
}

/// A group's lines, `sign` +1 to debit them and −1 to credit them: the base
/// (gross in a tax-inclusive book, net in a tax-exclusive one) per account, and
/// in a tax-exclusive book the tax lines.
fn group_postings(
    book: &Book,
    rules: &TaxRules,
    date: NaiveDate,
    group: &Group,
    sign: Decimal,
) -> Result<Vec<Posting>, TradeError> {
    let base = if rules.exclusive {
        group.net
    } else {
        group.gross
    };
    let weights: Vec<Decimal> = group.accounts.iter().map(|(_, w)| *w).collect();
    let mut lines: Vec<Posting> = group
        .accounts
        .iter()
        .zip(allocate(base, &weights, rules.currency))
        .map(|((account, _), share)| posting(*account, sign * share, Some(group.code)))
        .collect();
    if !rules.exclusive {
        return Ok(lines);
    }
    for (part, _, amount) in tax_parts(group.code, group.tax, date, rules) {
        if amount.is_zero() {
            continue;
        }
        let account = match part {
            TaxPart::Tax if group.code.kind() == TaxKind::TaxableSale => {
                role_account(book, AccountRole::OutputTax)?
            }
            TaxPart::Tax => role_account(book, AccountRole::InputTax)?,
            TaxPart::NotCreditable => group.accounts[0].0,
        };
        lines.push(Posting {
            tax_part: Some(part),
            ..posting(account, sign * amount, Some(group.code))
        });
    }
    Ok(lines)
}

/// Whether a bill's purchases are creditable in full, and why.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Credit {
    /// The supplier was registered on the bill's date.
    Registered,
    /// The supplier was not: the transitional share only.
    Unregistered,
    /// Small enough for the small-purchase relief the book uses.
    SmallPurchase,
}

impl Credit {
    /// `registered`: whether the partner was a registered issuer on the
    /// document's date.
    fn of(book: &Book, doc: &Document, registered: bool, gross: Decimal) -> Credit {
        let relief = book
            .business_profile()
            .is_some_and(|p| p.small_purchase_relief);
        if registered {
            Credit::Registered
        } else if relief && SmallPurchaseRelief::covers(gross, doc.date) {
            Credit::SmallPurchase
        } else {
            Credit::Unregistered
        }
    }
}

/// The code a bill's line posts with (see the module's rules).
fn posted_code(code: TaxCode, doc: &Document, credit: Credit) -> TaxCode {
    if doc.kind.side() == TradeSide::Sales {
        return code;
    }
    match (credit, code) {
        (Credit::Registered, code) => code,
        (Credit::SmallPurchase, code) => code.registered_counterpart(),
        (Credit::Unregistered, TaxCode::Purchase10) => TaxCode::Purchase10Unregistered,
        (Credit::Unregistered, TaxCode::Purchase8Reduced) => TaxCode::Purchase8ReducedUnregistered,
        (Credit::Unregistered, other) => other,
    }
}

/// One code's group of a document: its lines' accounts in line order, weighted
/// by their line amounts.
fn document_group(
    book: &Book,
    doc: &Document,
    credit: Credit,
    line_amounts: &[Decimal],
    total: &CodeTotal,
    default_role: AccountRole,
) -> Result<Group, TradeError> {
    let mut accounts: Vec<(RecordId, Decimal)> = Vec::new();
    for (line, amount) in doc.lines.iter().zip(line_amounts) {
        if line.tax_code != total.tax_code {
            continue;
        }
        let account = match line.account {
            Some(account) => account,
            None => role_account(book, default_role)?,
        };
        match accounts.iter_mut().find(|(a, _)| *a == account) {
            Some((_, weight)) => *weight += *amount,
            None => accounts.push((account, *amount)),
        }
    }
    Ok(Group {
        code: posted_code(total.tax_code, doc, credit),
        accounts,
        net: total.net,
        tax: total.tax,
        gross: total.gross,
    })
}

/// The roles a document posts to: (its counter account's, its lines' default),
/// and the sign of its lines (+1 debit).
fn layout(kind: DocumentKind) -> (AccountRole, AccountRole, Decimal) {
    match (kind, kind.side()) {
        (DocumentKind::CreditNote, _) => {
            (AccountRole::Receivable, AccountRole::Sales, Decimal::ONE)
        }
        (_, TradeSide::Sales) => (
            AccountRole::Receivable,
            AccountRole::Sales,
            Decimal::NEGATIVE_ONE,
        ),
        (_, TradeSide::Purchase) => (AccountRole::Payable, AccountRole::Purchases, Decimal::ONE),
    }
}

/// Words joined by spaces, cut to what an entry's description holds.
fn description(words: &[&str]) -> String {
    let text = words
        .iter()
        .map(|w| w.trim())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if text.chars().count() <= MAX_DESCRIPTION_CHARS {
        return text;
    }
    let cut: String = text.chars().take(MAX_DESCRIPTION_CHARS - 1).collect();
    cut + "…"
}

/// Checks the lines against the book and makes the posted entry.
fn posted_entry(
    book: &Book,
    id: RecordId,
    date: NaiveDate,
    text: String,
    partner: &Partner,
    lines: Vec<Posting>,
) -> Result<JournalEntry, TradeError> {
    let header = EntryHeader {
        id,
        date,
        description: text,
        partner: Some(partner.name.clone()),
        status: EntryStatus::Posted,
        corrects: None,
    };
    let lines = lines.into_iter().filter(|l| !l.amount.is_zero()).collect();
    Ok(checked_entry(book, header, lines)?.with_origin(EntryOrigin::Document))
}

/// The posted entry an issued invoice, credit note or bill makes, with id
/// `entry_id`, dated the document's date, origin `EntryOrigin::Document`.
/// (Only kinds that post are asked for; any other posts by its side, like an
/// invoice or a bill.)
pub fn document_entry(
    book: &Book,
    doc: &Document,
    entry_id: RecordId,
) -> Result<JournalEntry, TradeError> {
    let partner = book
        .partner(doc.partner)
        .ok_or(TradeError::PartnerNotFound)?;
    let rules = TaxRules::for_book(book);
    let totals = book_totals(book, doc);
    let credit = Credit::of(book, doc, partner.is_registered_on(doc.date), totals.gross);
    let (counter_role, default_role, sign) = layout(doc.kind);
    let mut lines = Vec::new();
    for total in &totals.by_code {
        let group = document_group(book, doc, credit, &totals.line_amounts, total, default_role)?;
        lines.extend(group_postings(book, &rules, doc.date, &group, sign)?);
    }
    let counter = posting(
        role_account(book, counter_role)?,
        -sign * totals.gross,
        None,
    );
    // Debits first, as a journal reads: the receivable of an invoice, the
    // costs of a bill, the revenue a credit note takes back.
    if sign.is_sign_negative() {
        lines.insert(0, counter);
    } else {
        lines.push(counter);
    }
    let number = doc.number.as_deref().unwrap_or_default();
    let text = description(&[number, &partner.name]);
    posted_entry(book, entry_id, doc.date, text, partner, lines)
}

/// What the entry of a purchase books on its cost accounts for one code's
/// `total` (`code` the code it posts with): the gross in a tax-inclusive book
/// (税込経理); in a tax-exclusive one (税抜経理) the net and the share of the
/// tax that cannot be credited, the line [`group_postings`] adds to the cost.
fn booked_cost(rules: &TaxRules, code: TaxCode, total: &CodeTotal, on: NaiveDate) -> Decimal {
    if !rules.exclusive {
        return total.gross;
    }
    let [_, (_, _, not_creditable)] = tax_parts(code, total.tax, on, rules);
    // No more than the gross, which is within the largest amount.
    total.net + not_creditable
}

/// What each line of a purchase document (a goods receipt or a bill) costs,
/// in line order: its share of what the bill's entry books on the cost
/// accounts for its tax code ([`booked_cost`], by the supplier's registration
/// on the document's date as the entry decides it), in proportion to the
/// line's amount among the code's lines. Unrounded, like every unit cost, so
/// the lines add up to what the entry books. Stock received is valued at it:
/// the stock then carries exactly what the purchase booked, the tax included
/// in a tax-inclusive book, and in a tax-exclusive one an unregistered
/// supplier's tax that is not credited.
///
/// Why the non-creditable tax belongs to the goods' cost in a tax-exclusive
/// book too: since the qualified-invoice system began (2023-10-01) a purchase
/// from a supplier who is not a registered issuer has, in computing taxable
/// income, no 仮払消費税 beyond the share the transitional measure deems
/// creditable (80%, then the later steps). The rest is not tax but part
/// of the price: a tax-exclusive book includes it in the consideration (the
/// goods' or the expense's cost), and may not treat it like 控除対象外消費税額等.
/// That is the NTA's 令和5年 revision of the corporation-tax 消費税経理通達
/// (平成元年直法2-1, https://www.nta.go.jp/law/tsutatsu/kobetsu/hojin/890301/index.htm)
/// and its Q&A, as summarised by 広島総合税理士法人
/// (https://hiroso-ac.jp/column/3433) and TACS (https://tokyotacs.com/news/3154).
/// The Q&A's own text, and the matching income-tax circular for sole
/// proprietors, could not be read from here (checked December 2026): this
/// follows the corporation-tax rule, which the summaries state plainly.
pub(crate) fn purchase_line_costs(book: &Book, doc: &Document) -> Vec<Decimal> {
    let rules = TaxRules::for_book(book);
    let totals = book_totals(book, doc);
    let registered = book
        .partner(doc.partner)
        .is_some_and(|p| p.is_registered_on(doc.date));
    let credit = Credit::of(book, doc, registered, totals.gross);
    // Per code, what one unit of line amount costs: the booked cost over the
    // code's lines summed in the document's price basis.
    let factors: Vec<(TaxCode, Decimal)> = totals
        .by_code
        .iter()
        .map(|total| {
            let code = posted_code(total.tax_code, doc, credit);
            let lines = match doc.price_basis {
                PriceBasis::TaxExclusive => total.net,
                PriceBasis::TaxInclusive => total.gross,
            };
            let cost = booked_cost(&rules, code, total, doc.date);
            // Lines that add up to nothing booked nothing: they cost nothing.
            let factor = cost.checked_div(lines).unwrap_or(Decimal::ZERO);
            (total.tax_code, factor)
        })
        .collect();
    doc.lines
        .iter()
        .zip(&totals.line_amounts)
        .map(|(line, amount)| {
            let factor = factors
                .iter()
                .find(|(code, _)| *code == line.tax_code)
                .map_or(Decimal::ZERO, |(_, f)| *f);
            // A line amount within the largest amount times a factor of at
            // most 2 (1 + a rate) stays far inside `Decimal`.
            amount.checked_mul(factor).unwrap_or(Decimal::ZERO)
        })
        .collect()
}

/// The bank fee's debit lines: on the BankFees account with its default tax
/// code, the fee being what the bank charged with tax, split like a document's
/// tax-inclusive total in a tax-exclusive book.
fn fee_postings(
    book: &Book,
    rules: &TaxRules,
    payment: &Payment,
) -> Result<Vec<Posting>, TradeError> {
    if payment.fee.is_zero() {
        return Ok(Vec::new());
    }
    let account = role_account(book, AccountRole::BankFees)?;
    let Some(code) = book.account(account).and_then(|a| a.default_tax) else {
        return Ok(vec![posting(account, payment.fee, None)]);
    };
    let tax = code.tax_in_gross(payment.fee, payment.date, rules.currency, rules.rounding);
    let group = Group {
        code,
        accounts: vec![(account, Decimal::ONE)],
        net: payment.fee - tax,
        tax,
        gross: payment.fee,
    };
    group_postings(book, rules, payment.date, &group, Decimal::ONE)
}

/// Where income tax a customer withheld is booked (the business profile's choice).
fn withholding_account(book: &Book) -> Result<RecordId, TradeError> {
    let role = match book
        .business_profile()
        .map(|p| p.withholding_booking)
        .unwrap_or_default()
    {
        WithholdingBooking::OwnerDrawings => AccountRole::OwnerDrawings,
        WithholdingBooking::PrepaidTax => AccountRole::PrepaidTax,
    };
    role_account(book, role)
}

/// The posted entry a payment makes, with id `payment.entry`.
pub fn payment_entry(book: &Book, payment: &Payment) -> Result<JournalEntry, TradeError> {
    let partner = book
        .partner(payment.partner)
        .ok_or(TradeError::PartnerNotFound)?;
    let rules = TaxRules::for_book(book);
    let fees = fee_postings(book, &rules, payment)?;
    let mut lines = Vec::new();
    match payment.direction {
        PaymentDirection::Received => {
            lines.push(posting(payment.account, payment.amount, None));
            lines.extend(fees);
            if !payment.withholding.is_zero() {
                let account = withholding_account(book)?;
                lines.push(posting(account, payment.withholding, None));
            }
            let receivable = role_account(book, AccountRole::Receivable)?;
            lines.push(posting(receivable, -payment.settled(), None));
        }
        PaymentDirection::Paid | PaymentDirection::Refunded => {
            // A refund pays the customer's credit back: the receivable (net
            // of that credit, so in credit) is debited back toward zero.
            let role = if payment.direction == PaymentDirection::Refunded {
                AccountRole::Receivable
            } else {
                AccountRole::Payable
            };
            lines.push(posting(role_account(book, role)?, payment.amount, None));
            lines.extend(fees);
            lines.push(posting(
                payment.account,
                -(payment.amount + payment.fee),
                None,
            ));
        }
    }
    let numbers: Vec<&str> = payment
        .allocations
        .iter()
        .filter_map(|a| book.document(a.document)?.number.as_deref())
        .collect();
    let numbers = numbers.join(", ");
    let text = description(&[&partner.name, &numbers]);
    posted_entry(book, payment.entry, payment.date, text, partner, lines)
}
