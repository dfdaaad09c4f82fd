//! The journal entries documents and payments post.
//!
//! The rules:
//! - An invoice debits the receivable with its gross and credits revenue per
//!   (account, tax code); a credit note is its mirror; a bill debits purchases or
//!   expenses per (account, tax code) and credits the payable. A line without an
//!   account posts to the account with the Sales or Purchases role.
//! - The amounts per code are the document's own ([`document_totals`]), rounded
//!   by the book's document tax rounding, so the paper and the books agree.
//!   A document has one group per (tax code, rate): lines supplied on another
//!   date than the document's (a consolidated invoice's deliveries, a credit
//!   note's original sale) may be taxed at another rate. The lines of a group
//!   whose rate or credit share is not the entry date's carry the supply date
//!   ([`Posting::supply_date`]), so the tax summary reads them at it.
//! - A bill of an unregistered supplier whose supplies span a step of the
//!   transitional credit (80% → 70% on 2026-10-01) posts each step's part of
//!   a group with its own share: the group's net, tax and gross are shared by
//!   the parts' line amounts like accounts are (below), then each part's tax
//!   split at its date's share. A
//!   tax-inclusive book (税込経理) books each code's gross on its revenue or cost
//!   lines; a tax-exclusive one (税抜経理) books the net there and the tax on
//!   仮受消費税 / 仮払消費税 as lines marked [`TaxPart`], exactly as the entry
//!   form's tax split marks them, an unregistered supplier's non-creditable share
//!   staying with the cost.
//! - A sale's line posts with the business class (簡易課税) of its item, else
//!   of the partner, when they have one; lines of different classes on one
//!   account post apart, so the tax return counts each class's sales.
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
use super::{
    book_totals, Document, DocumentKind, DocumentLine, Partner, Payment, PaymentDirection,
    PriceBasis,
};
use super::{TradeError, TradeSide, WithholdingBooking};
use crate::book::{checked_entry, Book};
use crate::ids::RecordId;
use crate::ledger::{
    tax_parts, AccountRole, BusinessClass, EntryHeader, EntryOrigin, EntryStatus, JournalEntry,
    Posting, SmallPurchaseRelief, TaxCode, TaxKind, TaxPart, TaxRules, MAX_DESCRIPTION_CHARS,
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
        business_class: None,
        supply_date: None,
    }
}

/// Where a share of a group posts: an account, and for a sale the business
/// class its lines' items or partner give (簡易課税).
#[derive(Clone, Copy, PartialEq)]
struct Target {
    account: RecordId,
    class: Option<BusinessClass>,
}

/// The amounts of one tax code supplied at one rate (and one credit share),
/// and the accounts (with their line amounts as weights) they are shared across.
struct Group {
    code: TaxCode,
    accounts: Vec<(Target, Decimal)>,
    net: Decimal,
    tax: Decimal,
    gross: Decimal,
    /// The date whose credit share applies (its lines' earliest supply date).
    on: NaiveDate,
    /// Marked on its lines when its rate or credit share is not the entry
    /// date's ([`Posting::supply_date`]).
    supply_date: Option<NaiveDate>,
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
    group: &Group,
    sign: Decimal,
) -> Result<Vec<Posting>, TradeError> {
    let coded = |account, amount| Posting {
        supply_date: group.supply_date,
        ..posting(account, amount, Some(group.code))
    };
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
        .map(|((target, _), share)| Posting {
            business_class: target.class,
            ..coded(target.account, sign * share)
        })
        .collect();
    if !rules.exclusive {
        return Ok(lines);
    }
    for (part, _, amount) in tax_parts(group.code, group.tax, group.on, rules) {
        if amount.is_zero() {
            continue;
        }
        let account = match part {
            TaxPart::Tax if group.code.kind() == TaxKind::TaxableSale => {
                role_account(book, AccountRole::OutputTax)?
            }
            TaxPart::Tax => role_account(book, AccountRole::InputTax)?,
            TaxPart::NotCreditable => group.accounts[0].0.account,
        };
        lines.push(Posting {
            tax_part: Some(part),
            ..coded(account, sign * amount)
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

/// A (tax code, rate) group of a document's lines as the entry books it, cut
/// where the supplies' credit share changes: the lines of `total` split by the
/// credit share of the code they post with on their supply dates (only a bill
/// of an unregistered supplier spanning a step of the transitional credit has
/// more than one part). Each part takes its share of the group's net, tax and
/// gross in proportion to its lines' amounts, shared like accounts are
/// ([`allocate`]), so the parts add up to the paper's figures exactly.
struct Part {
    /// The code it posts with ([`posted_code`]).
    code: TaxCode,
    /// Its lines' earliest supply date.
    on: NaiveDate,
    /// Its lines' indices.
    lines: Vec<usize>,
    net: Decimal,
    tax: Decimal,
    gross: Decimal,
}

fn group_parts(
    doc: &Document,
    credit: Credit,
    line_amounts: &[Decimal],
    total: &CodeTotal,
    currency: Currency,
) -> Vec<Part> {
    let code = posted_code(total.tax_code, doc, credit);
    let mut parts: Vec<(Decimal, Part)> = Vec::new();
    for (i, line) in doc.lines.iter().enumerate() {
        if !total.holds(line, doc.date) {
            continue;
        }
        let on = line.supplied_on(doc.date);
        let share = code.credit_ratio_on(on);
        match parts.iter_mut().find(|(s, _)| *s == share) {
            Some((_, part)) => {
                part.on = part.on.min(on);
                part.lines.push(i);
            }
            None => parts.push((
                share,
                Part {
                    code,
                    on,
                    lines: vec![i],
                    net: total.net,
                    tax: total.tax,
                    gross: total.gross,
                },
            )),
        }
    }
    let mut parts: Vec<Part> = parts.into_iter().map(|(_, p)| p).collect();
    if parts.len() > 1 {
        parts.sort_by_key(|p| p.on);
        let weights: Vec<Decimal> = parts
            .iter()
            .map(|p| p.lines.iter().map(|&i| line_amounts[i]).sum())
            .collect();
        let taxes = allocate(total.tax, &weights, currency);
        let bases = match doc.price_basis {
            PriceBasis::TaxExclusive => allocate(total.net, &weights, currency),
            PriceBasis::TaxInclusive => allocate(total.gross, &weights, currency),
        };
        for ((part, tax), base) in parts.iter_mut().zip(taxes).zip(bases) {
            part.tax = tax;
            (part.net, part.gross) = match doc.price_basis {
                PriceBasis::TaxExclusive => (base, base + tax),
                PriceBasis::TaxInclusive => (base - tax, base),
            };
        }
    }
    parts
}

/// The business class a sale's line carries into the books: its item's, else
/// its partner's (a purchase has none). The account's class, and the one chosen
/// on the return, apply where this is `None` (see `reports::tax_summary`).
fn sale_class(book: &Book, doc: &Document, line: &DocumentLine) -> Option<BusinessClass> {
    if doc.kind.side() != TradeSide::Sales {
        return None;
    }
    line.item
        .and_then(|id| book.item(id)?.business_class)
        .or_else(|| book.partner(doc.partner)?.business_class)
}

/// A part's group: its lines' accounts (and classes) in line order, weighted
/// by their line amounts.
fn document_group(
    book: &Book,
    doc: &Document,
    line_amounts: &[Decimal],
    part: Part,
    default_role: AccountRole,
) -> Result<Group, TradeError> {
    let mut accounts: Vec<(Target, Decimal)> = Vec::new();
    for &i in &part.lines {
        let line = &doc.lines[i];
        let target = Target {
            account: match line.account {
                Some(account) => account,
                None => role_account(book, default_role)?,
            },
            class: sale_class(book, doc, line),
        };
        let amount = line_amounts[i];
        match accounts.iter_mut().find(|(t, _)| *t == target) {
            Some((_, weight)) => *weight += amount,
            None => accounts.push((target, amount)),
        }
    }
    let code = part.code;
    let other_date = code.rate_on(part.on) != code.rate_on(doc.date)
        || code.credit_ratio_on(part.on) != code.credit_ratio_on(doc.date);
    Ok(Group {
        code,
        accounts,
        net: part.net,
        tax: part.tax,
        gross: part.gross,
        on: part.on,
        supply_date: other_date.then_some(part.on),
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
        for part in group_parts(doc, credit, &totals.line_amounts, total, rules.currency) {
            let group = document_group(book, doc, &totals.line_amounts, part, default_role)?;
            lines.extend(group_postings(book, &rules, &group, sign)?);
        }
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
/// `part` of a group: the gross in a tax-inclusive book (税込経理); in a
/// tax-exclusive one (税抜経理) the net and the share of the tax that cannot be
/// credited, the line [`group_postings`] adds to the cost.
fn booked_cost(rules: &TaxRules, part: &Part) -> Decimal {
    if !rules.exclusive {
        return part.gross;
    }
    let [_, (_, _, not_creditable)] = tax_parts(part.code, part.tax, part.on, rules);
    // No more than the gross, which is within the largest amount.
    part.net + not_creditable
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
    // Per part of a (code, rate) group, what one unit of line amount costs:
    // the booked cost over the part's lines summed in the document's price
    // basis.
    let mut factors = vec![Decimal::ZERO; doc.lines.len()];
    for total in &totals.by_code {
        for part in group_parts(doc, credit, &totals.line_amounts, total, rules.currency) {
            let lines = match doc.price_basis {
                PriceBasis::TaxExclusive => part.net,
                PriceBasis::TaxInclusive => part.gross,
            };
            // Lines that add up to nothing booked nothing: they cost nothing.
            let factor = booked_cost(&rules, &part)
                .checked_div(lines)
                .unwrap_or(Decimal::ZERO);
            for &i in &part.lines {
                factors[i] = factor;
            }
        }
    }
    totals
        .line_amounts
        .iter()
        .zip(factors)
        // A line amount within the largest amount times a factor of at
        // most 2 (1 + a rate) stays far inside `Decimal`.
        .map(|(amount, factor)| amount.checked_mul(factor).unwrap_or(Decimal::ZERO))
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
        accounts: vec![(
            Target {
                account,
                class: None,
            },
            Decimal::ONE,
        )],
        net: payment.fee - tax,
        tax,
        gross: payment.fee,
        on: payment.date,
        supply_date: None,
    };
    group_postings(book, rules, &group, Decimal::ONE)
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
