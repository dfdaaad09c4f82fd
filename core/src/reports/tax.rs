//! The consumption-tax summary (消費税集計): the taxable base and tax per tax code,
//! and what is payable by each of the three methods, side by side.
//!
//! How the tax of a line is found:
//! - **Tax-inclusive entries** (税込経理, the usual case for a sole proprietor):
//!   every line with a taxable code holds a tax-included amount; its tax is
//!   [`TaxCode::tax_in_gross`] at the entry's date, rounded down (切り捨て), line by
//!   line (rounding toward zero, so a reversal cancels its original exactly).
//! - **A line's date**: the rate and an unregistered purchase's credit share
//!   are those on the entry's date, or on the line's own supply date when it
//!   has one ([`Posting::supply_date`]: a document's lines supplied on another
//!   date, across a rate change or a step of the transitional credit). The
//!   entry's date still decides the period it counts in.
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

use super::search::fold_text;
use super::tax_return::deemed::{class_figures, deemed_ratio};
use super::tax_return::rules::{SpecialRule, NATIONAL_SHARE};
use super::{currency, is_opening, Period};
use crate::book::Book;
use crate::ids::{FastMap, RecordId};
use crate::ledger::{
    transitional_credit_cap, AccountRole, BusinessClass, JournalEntry, Posting, PurchaseUse,
    TaxCode, TaxKind, TaxPart,
};
use crate::money::{round, Currency, Rounding};

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

/// Taxable sales of one business class at one rate: what the simplified
/// method's 付表5-3 reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassSales {
    /// The class the sales were booked with: the line's (its item's or
    /// partner's), else its account's (up the chart); `None` where none has
    /// one (the return's default class applies).
    pub class: Option<BusinessClass>,
    /// At the reduced rate (8%), else the standard (10%).
    pub reduced: bool,
    /// Tax-included amount, like [`TaxCodeLine::gross`].
    pub gross: Decimal,
}

/// Creditable purchase tax of one use at one rate: what the 個別対応方式 reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UseCredit {
    pub purchase_use: PurchaseUse,
    pub reduced: bool,
    /// Like [`TaxCodeLine::creditable_tax`].
    pub creditable_tax: Decimal,
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
    /// Tax in receivables written off as bad debts (貸倒れに係る税額), booked.
    pub bad_debt_tax: Decimal,
    /// Tax in bad debts collected after all (貸倒回収に係る税額), booked.
    pub recovered_tax: Decimal,
    /// General method (一般課税): `output_tax + recovered_tax -
    /// creditable_input_tax - bad_debt_tax` (negative is a refund).
    pub general: Decimal,
    pub business_class: BusinessClass,
    /// Simplified method (簡易課税): the deemed credit,
    /// `output_tax × deemed purchase ratio` rounded down.
    pub simplified_credit: Decimal,
    /// `output_tax + recovered_tax - simplified_credit - bad_debt_tax`.
    pub simplified: Decimal,
    /// The special rule that covers the period by its dates (2割特例 or 3割特例),
    /// if any: see [`SPECIAL_RULES`](super::tax_return::rules::SPECIAL_RULES).
    pub special: Option<SpecialFigures>,
}

/// The payable under a special rule: the output tax less its share credited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpecialFigures {
    pub rule: SpecialRule,
    /// `(output_tax + recovered_tax) × credit ratio` (80% or 70%), rounded down.
    pub credit: Decimal,
    /// `output_tax + recovered_tax - credit - bad_debt_tax`.
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
    /// Taxable sales by business class and rate, in first-seen order.
    pub sales_by_class: Vec<ClassSales>,
    /// Creditable purchase tax by use and rate, in first-seen order.
    pub credit_by_use: Vec<UseCredit>,
    /// Suppliers without registration bought from beyond the cap on the
    /// transitional credit (by their folded name, with the purchases over it,
    /// tax included): that part got no credit.
    pub over_cap: Vec<(String, Decimal)>,
}

impl TaxSummary {
    /// The line of a tax code, if it was used.
    pub fn line(&self, code: TaxCode) -> Option<&TaxCodeLine> {
        self.lines.iter().find(|l| l.code == code)
    }

    /// The simplified method's (credit, payable) with `class` for the sales of
    /// accounts that have none, without reading the book again.
    pub fn simplified_for(&self, class: BusinessClass, currency: Currency) -> (Decimal, Decimal) {
        let credit = simplified_credit(
            &self.lines,
            &self.sales_by_class,
            self.period,
            class,
            currency,
        );
        let m = &self.methods;
        (
            credit,
            m.output_tax + m.recovered_tax - credit - m.bad_debt_tax,
        )
    }
}

fn counts_credits(code: TaxCode) -> bool {
    matches!(
        code.kind(),
        TaxKind::TaxableSale | TaxKind::ExemptSale | TaxKind::ExportSale | TaxKind::BadDebtRecovery
    )
}

/// Whether a code's tax goes through 仮受消費税 (sales, bad debts and their
/// recovery) rather than 仮払消費税.
fn on_output_side(kind: TaxKind) -> bool {
    matches!(
        kind,
        TaxKind::TaxableSale | TaxKind::BadDebt | TaxKind::BadDebtRecovery
    )
}

/// What the summary reads of an account, each inherited up its parents.
#[derive(Clone, Copy, Default)]
struct AccountTax {
    /// 仮払消費税 or 仮受消費税 (no other role).
    role: Option<AccountRole>,
    class: Option<BusinessClass>,
    purchase_use: PurchaseUse,
}

fn account_tax(book: &Book) -> FastMap<RecordId, AccountTax> {
    book.accounts()
        .iter()
        .map(|a| {
            let lineage = || book.lineage(a.id);
            let tax = AccountTax {
                role: lineage().find_map(|x| {
                    x.role
                        .filter(|r| matches!(r, AccountRole::InputTax | AccountRole::OutputTax))
                }),
                class: lineage().find_map(|x| x.business_class),
                purchase_use: lineage().find_map(|x| x.purchase_use).unwrap_or_default(),
            };
            (a.id, tax)
        })
        .collect()
}

/// What the summary reads of a line: its account's, the class the line carries
/// (from a document's item or partner) before the account's.
fn line_tax(line: &Posting, account: AccountTax) -> AccountTax {
    AccountTax {
        class: line.business_class.or(account.class),
        ..account
    }
}

/// The summary with the simplified method for business class 5 (services), the
/// class of most freelancers, for sales no line, item, partner or account
/// classes; see [`tax_summary_for`] to choose another.
pub fn tax_summary(book: &Book, period: Period) -> TaxSummary {
    tax_summary_for(book, period, BusinessClass::default())
}

/// The consumption-tax summary over `period`, the simplified method figured for
/// `class`.
pub fn tax_summary_for(book: &Book, period: Period, class: BusinessClass) -> TaxSummary {
    let currency = currency(book);
    let accounts = account_tax(book);
    let of = |id: RecordId| accounts.get(&id).copied().unwrap_or_default();
    let mut sums = Sums::default();
    let mut tax_exclusive_entries = 0;
    let mut unassigned = Vec::new();
    let mut cap = SupplierCap::new(period);
    // What each line's account is for the summary, looked up once per line.
    let mut tax_of: Vec<AccountTax> = Vec::new();
    for entry in book.entries_between(period.from, period.to) {
        if !entry.is_posted() || is_opening(entry) {
            continue;
        }
        let date = entry.date();
        tax_of.clear();
        tax_of.extend(entry.lines().iter().map(|l| of(l.account)));
        let exclusive = entry
            .lines()
            .iter()
            .zip(&tax_of)
            .any(|(l, a)| a.role.is_some() || l.tax_part.is_some());
        if exclusive {
            tax_exclusive_entries += 1;
        }
        let allowed = cap.allowed(entry, exclusive, &tax_of);
        let capped = |code: TaxCode, creditable: Decimal| match allowed(code) {
            Some(share) => round(creditable * share, currency, Rounding::Down),
            None => creditable,
        };
        for (line, account) in entry.lines().iter().zip(&tax_of) {
            let tax_role = account.role;
            if line.tax_part.is_some() || (tax_role.is_some() && exclusive) {
                let own = line
                    .tax_code
                    .filter(|c| on_output_side(c.kind()) || c.kind() == TaxKind::TaxablePurchase);
                let source = explained_by(entry, own, tax_role, &tax_of);
                let Some(code) = own.or(source.and_then(|(l, _)| l.tax_code)) else {
                    if !unassigned.contains(&entry.id()) {
                        unassigned.push(entry.id());
                    }
                    continue;
                };
                let tax = counted(code, line);
                let creditable = match line.tax_part {
                    // The split put only the creditable share on 仮払消費税.
                    Some(TaxPart::Tax) if code.kind() == TaxKind::TaxablePurchase => {
                        capped(code, tax)
                    }
                    Some(_) => Decimal::ZERO,
                    None => capped(
                        code,
                        creditable(code, tax, line.supplied_on(date), currency),
                    ),
                };
                let l = sums.code(code);
                l.tax += tax;
                l.gross += tax;
                l.creditable_tax += creditable;
                sums.classify(code, source.map(|(l, a)| line_tax(l, a)), tax, creditable);
                continue;
            }
            let Some(code) = line.tax_code else { continue };
            let gross = counted(code, line);
            let (tax, creditable) = if exclusive {
                (Decimal::ZERO, Decimal::ZERO)
            } else {
                // At the rate and credit share of the line's supply.
                let on = line.supplied_on(date);
                let tax = tax_in_gross_down(code, gross, on, currency);
                (tax, capped(code, creditable(code, tax, on, currency)))
            };
            let l = sums.code(code);
            l.lines += 1;
            l.gross += gross;
            l.base += gross - tax;
            l.tax += tax;
            l.creditable_tax += creditable;
            sums.classify(code, Some(line_tax(line, *account)), gross, creditable);
        }
    }
    let Sums {
        by_code,
        sales_by_class,
        credit_by_use,
    } = sums;
    let lines: Vec<TaxCodeLine> = by_code.into_iter().flatten().collect();
    let methods = methods(&lines, &sales_by_class, period, class, currency);
    TaxSummary {
        period,
        lines,
        methods,
        tax_exclusive_entries,
        unassigned,
        sales_by_class,
        credit_by_use,
        over_cap: cap.over(),
    }
}

/// The cap on the transitional credit per supplier
/// ([`transitional_credit_cap`]): purchases without a qualified invoice are
/// added up per supplier (the entry's partner, as written, folded) in date
/// order, tax included; what comes after the cap is reached gets no credit.
/// Entries without a partner cannot be attributed and are not capped.
struct SupplierCap {
    cap: Option<Decimal>,
    /// Purchases so far per supplier, by folded name.
    bought: std::collections::HashMap<String, Decimal>,
}

impl SupplierCap {
    fn new(period: Period) -> SupplierCap {
        SupplierCap {
            cap: transitional_credit_cap(period.from),
            bought: std::collections::HashMap::new(),
        }
    }

    /// For each unregistered purchase code of the entry, the share of its
    /// credit still allowed (`None`: all of it), after adding its purchases to
    /// the supplier's total. `tax_of` is what each line's account is: the
    /// lines neither on a tax account nor tax are the purchases.
    fn allowed(
        &mut self,
        entry: &JournalEntry,
        exclusive: bool,
        tax_of: &[AccountTax],
    ) -> impl Fn(TaxCode) -> Option<Decimal> {
        let mut shares: Vec<(TaxCode, Decimal)> = Vec::new();
        let unregistered = |l: &Posting| l.tax_code.is_some_and(|c| c.is_unregistered());
        if let (Some(cap), Some(partner)) = (self.cap, entry.partner()) {
            // Most entries buy nothing unregistered: their partner's name is
            // not folded.
            let mut name = None;
            for code in [
                TaxCode::Purchase10Unregistered,
                TaxCode::Purchase8ReducedUnregistered,
            ] {
                if !entry.lines().iter().any(unregistered) {
                    break;
                }
                // The lines that are purchases, not tax.
                let gross: Decimal = entry
                    .lines()
                    .iter()
                    .zip(tax_of)
                    .filter(|(l, a)| {
                        a.role.is_none() && l.tax_part.is_none() && l.tax_code == Some(code)
                    })
                    .map(|(l, _)| match exclusive {
                        // A tax-exclusive line holds the net: the cap counts
                        // tax included, at the rate of the line's supply.
                        true => {
                            l.amount * (Decimal::ONE + code.rate_on(l.supplied_on(entry.date())))
                        }
                        false => l.amount,
                    })
                    .sum();
                if gross <= Decimal::ZERO {
                    continue;
                }
                let name = name.get_or_insert_with(|| fold_text(partner.trim()));
                let total = self.bought.entry(name.clone()).or_default();
                let room = (cap - *total).max(Decimal::ZERO);
                *total += gross;
                if room < gross {
                    shares.push((code, room / gross));
                }
            }
        }
        move |code| shares.iter().find(|(c, _)| *c == code).map(|(_, s)| *s)
    }

    /// The suppliers whose purchases went over the cap, with how much over,
    /// by name.
    fn over(self) -> Vec<(String, Decimal)> {
        let Some(cap) = self.cap else {
            return Vec::new();
        };
        let mut over: Vec<(String, Decimal)> = self
            .bought
            .into_iter()
            .filter(|(_, total)| *total > cap)
            .map(|(name, total)| (name, total - cap))
            .collect();
        over.sort();
        over
    }
}

/// What is payable by each method, from the lines per code.
fn methods(
    lines: &[TaxCodeLine],
    sales_by_class: &[ClassSales],
    period: Period,
    class: BusinessClass,
    currency: Currency,
) -> TaxMethods {
    let sum = |kind: TaxKind, f: fn(&TaxCodeLine) -> Decimal| -> Decimal {
        lines.iter().filter(|l| l.code.kind() == kind).map(f).sum()
    };
    let output_tax = sum(TaxKind::TaxableSale, |l| l.tax);
    let input_tax = sum(TaxKind::TaxablePurchase, |l| l.tax);
    let creditable_input_tax = sum(TaxKind::TaxablePurchase, |l| l.creditable_tax);
    let bad_debt_tax = sum(TaxKind::BadDebt, |l| l.tax);
    let recovered_tax = sum(TaxKind::BadDebtRecovery, |l| l.tax);
    // What the simplified and special credits are a share of (② + ③).
    let credit_base = output_tax + recovered_tax;
    let simplified_credit = simplified_credit(lines, sales_by_class, period, class, currency);
    let special = SpecialRule::for_period(period).map(|span| {
        let credit = round(credit_base * span.credit_ratio, currency, Rounding::Down);
        SpecialFigures {
            rule: span.rule,
            credit,
            payable: credit_base - credit - bad_debt_tax,
        }
    });
    TaxMethods {
        output_tax,
        input_tax,
        creditable_input_tax,
        bad_debt_tax,
        recovered_tax,
        general: credit_base - creditable_input_tax - bad_debt_tax,
        business_class: class,
        simplified_credit,
        simplified: credit_base - simplified_credit - bad_debt_tax,
        special,
    }
}

/// The simplified method's credit on the booked output tax (with the tax of
/// bad debts recovered): each rate's tax ×
/// the deemed ratio of the sales' business classes ([`deemed_ratio`]; sales on
/// accounts without a class count as `class`), rounded down.
fn simplified_credit(
    lines: &[TaxCodeLine],
    sales_by_class: &[ClassSales],
    period: Period,
    class: BusinessClass,
    currency: Currency,
) -> Decimal {
    // Reduced first, then standard, like the return's columns.
    let codes = [TaxCode::Sales8Reduced, TaxCode::Sales10];
    let output = codes.map(|c| {
        lines
            .iter()
            .find(|l| l.code == c)
            .map_or(Decimal::ZERO, |l| l.tax)
    });
    let rates = codes.map(|c| c.rate_on(period.to));
    let sales: Vec<(BusinessClass, [Decimal; 2])> = sales_by_class
        .iter()
        .map(|s| {
            let col = usize::from(!s.reduced);
            let mut sales = [Decimal::ZERO; 2];
            sales[col] = s.gross / (Decimal::ONE + rates[col]);
            (s.class.unwrap_or(class), sales)
        })
        .collect();
    let classes = class_figures(&sales, rates.map(|r| r * NATIONAL_SHARE));
    let Some(deemed) = deemed_ratio(&classes, output) else {
        return Decimal::ZERO;
    };
    let credit = deemed.credit(0, output[0]) + deemed.credit(1, output[1]);
    round(credit, currency, Rounding::Down)
}

/// The sums the summary builds as it reads the entries.
#[derive(Default)]
struct Sums {
    by_code: [Option<TaxCodeLine>; TaxCode::ALL.len()],
    sales_by_class: Vec<ClassSales>,
    credit_by_use: Vec<UseCredit>,
}

impl Sums {
    fn code(&mut self, code: TaxCode) -> &mut TaxCodeLine {
        let slot = TaxCode::ALL.iter().position(|c| *c == code).unwrap_or(0);
        self.by_code[slot].get_or_insert_with(|| empty(code))
    }

    /// Adds a taxable amount to the class (sales) or use (purchases) of the
    /// account it was booked to (`None`: no line explains it; it counts as
    /// unclassified and common).
    fn classify(
        &mut self,
        code: TaxCode,
        account: Option<AccountTax>,
        gross: Decimal,
        creditable: Decimal,
    ) {
        let account = account.unwrap_or_default();
        let reduced = code.is_reduced();
        match code.kind() {
            TaxKind::TaxableSale => {
                let class = account.class;
                bucket(
                    &mut self.sales_by_class,
                    |c| c.class == class && c.reduced == reduced,
                    || ClassSales {
                        class,
                        reduced,
                        gross: Decimal::ZERO,
                    },
                )
                .gross += gross;
            }
            TaxKind::TaxablePurchase => {
                let purchase_use = account.purchase_use;
                bucket(
                    &mut self.credit_by_use,
                    |c| c.purchase_use == purchase_use && c.reduced == reduced,
                    || UseCredit {
                        purchase_use,
                        reduced,
                        creditable_tax: Decimal::ZERO,
                    },
                )
                .creditable_tax += creditable;
            }
            _ => {}
        }
    }
}

/// The first of `all` that `is` picks, added by `make` when there is none. The
/// lists are a few rows long (classes or uses × two rates).
fn bucket<T>(all: &mut Vec<T>, is: impl Fn(&T) -> bool, make: impl FnOnce() -> T) -> &mut T {
    let at = match all.iter().position(is) {
        Some(at) => at,
        None => {
            all.push(make());
            all.len() - 1
        }
    };
    &mut all[at]
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

/// `code.tax_in_gross(gross, on, currency, Rounding::Down)`, the same
/// `Decimal` to the sign and scale, without `Decimal`'s division where the
/// currency and the amount are whole (yen): there the tax is the integer
/// quotient `gross × m / (10ˢ + m)` of the rate `m / 10ˢ`, truncated. Exact:
/// a quotient that is not whole is at least `1 / (10ˢ + m)` from the nearest
/// integer, far beyond the error of `Decimal`'s 28 digits for amounts below
/// 10¹⁸; and `Decimal` rounds to a whole number at scale 0, zero never
/// negative (`tax_in_gross_is_decimals`, below, holds both equal).
fn tax_in_gross_down(code: TaxCode, gross: Decimal, on: NaiveDate, currency: Currency) -> Decimal {
    const WHOLE_BELOW: i128 = 1_000_000_000_000_000_000;
    let rate = code.rate_on(on);
    if currency.minor_units() == 0 && gross.scale() == 0 && rate >= Decimal::ZERO {
        let g = gross.mantissa();
        let m = rate.mantissa();
        let whole = 10i128
            .checked_pow(rate.scale())
            .and_then(|one| one.checked_add(m))
            .filter(|_| (-WHOLE_BELOW..WHOLE_BELOW).contains(&g))
            .and_then(|den| g.checked_mul(m)?.checked_div(den))
            .and_then(|q| Decimal::try_from_i128_with_scale(q, 0).ok());
        if let Some(tax) = whole {
            return tax;
        }
    }
    code.tax_in_gross(gross, on, currency, Rounding::Down)
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

/// The line a tax line belongs to: the first line of the entry that is
/// neither on a tax account nor tax itself, with the tax line's own code if it
/// has one, else with a taxable code of the tax account's side (sales, bad
/// debts and recoveries for 仮受; purchases for 仮払).
fn explained_by<'e>(
    entry: &'e JournalEntry,
    own: Option<TaxCode>,
    tax_role: Option<AccountRole>,
    tax_of: &[AccountTax],
) -> Option<(&'e Posting, AccountTax)> {
    let mut plain = entry
        .lines()
        .iter()
        .zip(tax_of)
        .filter(|(l, a)| a.role.is_none() && l.tax_part.is_none());
    if let Some(code) = own {
        return plain
            .find(|(l, _)| l.tax_code == Some(code))
            .map(|(l, a)| (l, *a));
    }
    let output = tax_role? == AccountRole::OutputTax;
    plain
        .find(|(l, _)| {
            l.tax_code.is_some_and(|c| match output {
                true => on_output_side(c.kind()),
                false => c.kind() == TaxKind::TaxablePurchase,
            })
        })
        .map(|(l, a)| (l, *a))
}

/// The posted entries in `period` with a line carrying `code`: the drill-down of
/// a tax-code line.
pub fn entries_with_tax_code(book: &Book, period: Period, code: TaxCode) -> Vec<RecordId> {
    book.entries_between(period.from, period.to)
        .filter(|e| e.is_posted() && e.lines().iter().any(|l| l.tax_code == Some(code)))
        .map(JournalEntry::id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dates() -> [NaiveDate; 4] {
        [(2014, 3, 31), (2014, 4, 1), (2019, 10, 1), (2031, 12, 31)]
            .map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default())
    }

    fn same(code: TaxCode, gross: Decimal, on: NaiveDate, currency: Currency) {
        let fast = tax_in_gross_down(code, gross, on, currency);
        let slow = code.tax_in_gross(gross, on, currency, Rounding::Down);
        assert_eq!(
            fast.serialize(),
            slow.serialize(),
            "{code:?} {gross} {on}: {fast} vs {slow}"
        );
    }

    #[test]
    fn tax_in_gross_is_decimals_at_the_edges() {
        let mut amounts: Vec<Decimal> = (-300i64..=300).map(Decimal::from).collect();
        amounts.extend([
            Decimal::from(999_999_999_999_999i64),
            Decimal::from(-999_999_999_999_999i64),
            Decimal::from(i64::MAX),
            -Decimal::ZERO,
            Decimal::new(1100, 2),
            Decimal::new(-1099, 2),
        ]);
        for currency in [Currency::JPY, "USD".parse().unwrap_or(Currency::JPY)] {
            for code in TaxCode::ALL {
                for on in dates() {
                    for gross in &amounts {
                        same(code, *gross, on, currency);
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn tax_in_gross_is_decimals(
            g in -999_999_999_999_999i64..=999_999_999_999_999,
            code in 0..TaxCode::ALL.len(),
            on in 0..4usize,
        ) {
            let code = TaxCode::ALL.get(code).copied().unwrap_or(TaxCode::Sales10);
            let on = dates().get(on).copied().unwrap_or_default();
            same(code, Decimal::from(g), on, Currency::JPY);
        }
    }
}
