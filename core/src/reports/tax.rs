//! The consumption-tax summary (消費税集計): the taxable base and tax per tax code,
//! and what is payable by each of the three methods, side by side.
//!
//! How the tax of a line is found:
//! - **Tax-inclusive entries** (税込経理, the usual case for a sole proprietor):
//!   every line with a taxable code holds a tax-included amount; its tax is
//!   [`TaxCode::tax_in_gross`] at the entry's date, rounded down (切り捨て), line by
//!   line (rounding toward zero, so a reversal cancels its original exactly).
//! - **Tax-exclusive entries** (税抜経理): an entry with a line on an account whose
//!   role is [`AccountRole::InputTax`] (仮払消費税) or [`AccountRole::OutputTax`]
//!   (仮受消費税) is tax-exclusive. Its coded lines are the base; the tax is what
//!   the tax-account lines hold, counted for the tax code on that line, or (if it
//!   has none) for the first taxable line of the entry on the same side (sales for
//!   仮受, purchases for 仮払). A tax line that matches no taxable line is listed in
//!   [`TaxSummary::unassigned`] and counted nowhere.
//! - **Lines made by the tax split** ([`crate::ledger::split_tax`]) carry a
//!   [`TaxPart`] and their code, and make the entry tax-exclusive too. They count
//!   as tax of their code, never as base. A [`TaxPart::Tax`] line already holds
//!   only the creditable share of an unregistered purchase, so all of it is
//!   creditable; a [`TaxPart::NotCreditable`] line is tax, none of it creditable.
//!   So an entry's tax is counted once, and the creditable input tax equals what
//!   the split put on 仮払消費税.
//!
//! Signs: sale codes count credits as positive (a sales return reduces them);
//! every other code counts debits as positive (a purchase return reduces them).
//!
//! Figures are the sums the return starts from; the return's own rounding (the
//! taxable base to the thousand yen, the national/local split) is not applied
//! here.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::tax_return::rules::SpecialRule;
use super::{currency, is_opening, Period};
use crate::book::Book;
use crate::ids::RecordId;
use crate::ledger::{AccountRole, JournalEntry, Posting, TaxCode, TaxKind, TaxPart};
use crate::money::{round, Currency, Rounding};

/// The business class (事業区分) of the simplified method, with its deemed
/// purchase ratio (みなし仕入率).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BusinessClass {
    /// 第一種: wholesale, 90%.
    Wholesale,
    /// 第二種: retail (and farming, forestry, fishing of food), 80%.
    Retail,
    /// 第三種: manufacturing, construction, farming, 70%.
    Manufacturing,
    /// 第四種: other (restaurants…), 60%.
    Other,
    /// 第五種: services, finance, transport, 50%. The default: most freelancers.
    #[default]
    Services,
    /// 第六種: real estate, 40%.
    RealEstate,
}

impl BusinessClass {
    pub const ALL: [BusinessClass; 6] = [
        BusinessClass::Wholesale,
        BusinessClass::Retail,
        BusinessClass::Manufacturing,
        BusinessClass::Other,
        BusinessClass::Services,
        BusinessClass::RealEstate,
    ];

    /// The class by its number on the return (1–6).
    pub fn from_number(n: u8) -> Option<BusinessClass> {
        Self::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// Its number on the return (1–6).
    pub fn number(&self) -> u8 {
        Self::ALL
            .iter()
            .position(|c| c == self)
            .map_or(5, |i| i as u8 + 1)
    }

    /// The deemed purchase ratio: 90, 80, 70, 60, 50 or 40%.
    pub fn deemed_purchase_ratio(&self) -> Decimal {
        Decimal::new(100 - 10 * i64::from(self.number()), 2)
    }
}

/// The figures of one tax code over the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaxCodeLine {
    pub code: TaxCode,
    /// Tax-included amount.
    pub gross: Decimal,
    /// Tax-excluded amount (the taxable base for taxable codes).
    pub base: Decimal,
    pub tax: Decimal,
    /// For purchases, the tax that may be credited by the general method (all of
    /// it with a qualified invoice; the transitional share without one). Zero for
    /// other codes.
    pub creditable_tax: Decimal,
    /// How many posted lines carry the code ([`entries_with_tax_code`] lists them).
    pub lines: usize,
}

/// What is payable by each filing method, from the same figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaxMethods {
    /// Tax on taxable sales, net of sales returns (売上税額).
    pub output_tax: Decimal,
    /// Tax on taxable purchases (仕入税額), before any credit limit.
    pub input_tax: Decimal,
    /// The part of `input_tax` the general method credits.
    pub creditable_input_tax: Decimal,
    /// General method (一般課税): `output_tax - creditable_input_tax`
    /// (negative is a refund).
    pub general: Decimal,
    pub business_class: BusinessClass,
    /// Simplified method (簡易課税): the deemed credit,
    /// `output_tax × deemed purchase ratio` rounded down.
    pub simplified_credit: Decimal,
    /// `output_tax - simplified_credit`.
    pub simplified: Decimal,
    /// The special rule that covers the period by its dates (2割特例 or 3割特例),
    /// if any: see [`SPECIAL_RULES`](super::tax_return::rules::SPECIAL_RULES).
    pub special: Option<SpecialFigures>,
}

/// The payable under a special rule: the output tax less its share credited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpecialFigures {
    pub rule: SpecialRule,
    /// `output_tax × credit ratio` (80% or 70%), rounded down.
    pub credit: Decimal,
    /// `output_tax - credit`.
    pub payable: Decimal,
}

/// The consumption-tax summary over a period, posted entries only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaxSummary {
    pub period: Period,
    /// One line per tax code used in the period, in [`TaxCode::ALL`] order.
    pub lines: Vec<TaxCodeLine>,
    pub methods: TaxMethods,
    /// How many entries were read as tax-exclusive (they had a 仮払/仮受消費税 line).
    pub tax_exclusive_entries: usize,
    /// Entries with a tax-account line that no taxable line explains.
    pub unassigned: Vec<RecordId>,
}

impl TaxSummary {
    /// The line of a tax code, if it was used.
    pub fn line(&self, code: TaxCode) -> Option<&TaxCodeLine> {
        self.lines.iter().find(|l| l.code == code)
    }

    /// The simplified method's (credit, payable) for another business class,
    /// without reading the book again.
    pub fn simplified_for(&self, class: BusinessClass, currency: Currency) -> (Decimal, Decimal) {
        let credit = round(
            self.methods.output_tax * class.deemed_purchase_ratio(),
            currency,
            Rounding::Down,
        );
        (credit, self.methods.output_tax - credit)
    }
}

fn counts_credits(code: TaxCode) -> bool {
    matches!(
        code.kind(),
        TaxKind::TaxableSale | TaxKind::ExemptSale | TaxKind::ExportSale
    )
}

/// Accounts with a tax role, sub-accounts included.
fn tax_accounts(book: &Book) -> Vec<(RecordId, AccountRole)> {
    let accounts = book.accounts();
    let role_of = |id: RecordId| -> Option<AccountRole> {
        let mut at = book.account(id);
        for _ in 0..8 {
            let account = at?;
            if let Some(role @ (AccountRole::InputTax | AccountRole::OutputTax)) = account.role {
                return Some(role);
            }
            at = account.parent.and_then(|p| book.account(p));
        }
        None
    };
    accounts
        .iter()
        .filter_map(|a| role_of(a.id).map(|r| (a.id, r)))
        .collect()
}

/// The summary with the simplified method for business class 5 (services), the
/// class of most freelancers; see [`tax_summary_for`] to choose another.
/// Per-transaction business classes are a later refinement.
pub fn tax_summary(book: &Book, period: Period) -> TaxSummary {
    tax_summary_for(book, period, BusinessClass::default())
}

/// The consumption-tax summary over `period`, the simplified method figured for
/// `class`.
pub fn tax_summary_for(book: &Book, period: Period, class: BusinessClass) -> TaxSummary {
    let currency = currency(book);
    let tax_accounts = tax_accounts(book);
    let role = |id: RecordId| tax_accounts.iter().find(|(a, _)| *a == id).map(|(_, r)| *r);
    let mut by_code: [Option<TaxCodeLine>; TaxCode::ALL.len()] = Default::default();
    let slot = |code: TaxCode| TaxCode::ALL.iter().position(|c| *c == code).unwrap_or(0);
    let mut tax_exclusive_entries = 0;
    let mut unassigned = Vec::new();
    for entry in book.entries_between(period.from, period.to) {
        if !entry.is_posted() || is_opening(entry) {
            continue;
        }
        let date = entry.date();
        let exclusive = entry
            .lines()
            .iter()
            .any(|l| role(l.account).is_some() || l.tax_part.is_some());
        if exclusive {
            tax_exclusive_entries += 1;
        }
        for line in entry.lines() {
            let tax_role = role(line.account);
            if line.tax_part.is_some() || (tax_role.is_some() && exclusive) {
                let Some(code) = line
                    .tax_code
                    .filter(|c| matches!(c.kind(), TaxKind::TaxableSale | TaxKind::TaxablePurchase))
                    .or_else(|| first_taxable(entry, tax_role, &role))
                else {
                    if !unassigned.contains(&entry.id()) {
                        unassigned.push(entry.id());
                    }
                    continue;
                };
                let tax = counted(code, line);
                let l = by_code[slot(code)].get_or_insert_with(|| empty(code));
                l.tax += tax;
                l.gross += tax;
                l.creditable_tax += match line.tax_part {
                    // The split put only the creditable share on 仮払消費税.
                    Some(TaxPart::Tax) if code.kind() == TaxKind::TaxablePurchase => tax,
                    Some(_) => Decimal::ZERO,
                    None => creditable(code, tax, date, currency),
                };
                continue;
            }
            let Some(code) = line.tax_code else { continue };
            let gross = counted(code, line);
            let l = by_code[slot(code)].get_or_insert_with(|| empty(code));
            l.lines += 1;
            if exclusive {
                l.base += gross;
                l.gross += gross;
            } else {
                let tax = code.tax_in_gross(gross, date, currency, Rounding::Down);
                l.gross += gross;
                l.base += gross - tax;
                l.tax += tax;
                l.creditable_tax += creditable(code, tax, date, currency);
            }
        }
    }
    let lines: Vec<TaxCodeLine> = by_code.into_iter().flatten().collect();
    let sum = |kind: TaxKind, f: fn(&TaxCodeLine) -> Decimal| -> Decimal {
        lines.iter().filter(|l| l.code.kind() == kind).map(f).sum()
    };
    let output_tax = sum(TaxKind::TaxableSale, |l| l.tax);
    let input_tax = sum(TaxKind::TaxablePurchase, |l| l.tax);
    let creditable_input_tax = sum(TaxKind::TaxablePurchase, |l| l.creditable_tax);
    let simplified_credit = round(
        output_tax * class.deemed_purchase_ratio(),
        currency,
        Rounding::Down,
    );
    let special = SpecialRule::for_period(period).map(|span| {
        let credit = round(output_tax * span.credit_ratio, currency, Rounding::Down);
        SpecialFigures {
            rule: span.rule,
            credit,
            payable: output_tax - credit,
        }
    });
    TaxSummary {
        period,
        lines,
        methods: TaxMethods {
            output_tax,
            input_tax,
            creditable_input_tax,
            general: output_tax - creditable_input_tax,
            business_class: class,
            simplified_credit,
            simplified: output_tax - simplified_credit,
            special,
        },
        tax_exclusive_entries,
        unassigned,
    }
}

/// A line's amount signed as its code counts: credits positive for sales.
fn counted(code: TaxCode, line: &Posting) -> Decimal {
    if counts_credits(code) {
        -line.amount
    } else {
        line.amount
    }
}

fn empty(code: TaxCode) -> TaxCodeLine {
    TaxCodeLine {
        code,
        gross: Decimal::ZERO,
        base: Decimal::ZERO,
        tax: Decimal::ZERO,
        creditable_tax: Decimal::ZERO,
        lines: 0,
    }
}

fn creditable(code: TaxCode, tax: Decimal, on: NaiveDate, currency: Currency) -> Decimal {
    if code.kind() != TaxKind::TaxablePurchase {
        return Decimal::ZERO;
    }
    let ratio = code.credit_ratio_on(on);
    if ratio == Decimal::ONE {
        tax
    } else {
        round(tax * ratio, currency, Rounding::Down)
    }
}

/// The first taxable line of the entry on the side a tax account belongs to.
fn first_taxable(
    entry: &JournalEntry,
    tax_role: Option<AccountRole>,
    role: &impl Fn(RecordId) -> Option<AccountRole>,
) -> Option<TaxCode> {
    let wanted = match tax_role? {
        AccountRole::OutputTax => TaxKind::TaxableSale,
        _ => TaxKind::TaxablePurchase,
    };
    entry
        .lines()
        .iter()
        .filter(|l| role(l.account).is_none())
        .filter_map(|l| l.tax_code)
        .find(|c| c.kind() == wanted)
}

/// The posted entries in `period` with a line carrying `code`: the drill-down of
/// a tax-code line.
pub fn entries_with_tax_code(book: &Book, period: Period, code: TaxCode) -> Vec<RecordId> {
    book.entries_between(period.from, period.to)
        .filter(|e| e.is_posted() && e.lines().iter().any(|l| l.tax_code == Some(code)))
        .map(JournalEntry::id)
        .collect()
}
