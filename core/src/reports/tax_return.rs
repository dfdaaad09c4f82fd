//! The consumption-tax return (消費税及び地方消費税の申告書) as figures per box,
//! in the form's numbering, from the [`TaxSummary`] of a taxable period.
//!
//! The same figures serve the screen, the print and the CSV; the user copies
//! them into e-Tax or gives them to the accountant. The form's columns by rate
//! (付表1-3, 付表4-3, 付表6) are kept in [`RateFigures`]: reduced (6.24%) first,
//! then standard (7.8%), as the 付表 order them.
//!
//! How each box is found (rules and their sources in [`rules`]):
//! - ①-1 課税資産の譲渡等の対価の額, per rate: the tax-included taxable sales ×
//!   100/110 (or 100/108), yen below one dropped. Sales returns and discounts
//!   are already netted in the sales (売上から直接減額, 消費税法基本通達14-1-8), so
//!   ⑤ 返還等対価に係る税額 stays zero.
//! - ① 課税標準額, per rate: ①-1 with the part below ¥1,000 dropped (国税通則法118条).
//! - ② 消費税額, per rate: by 割戻し ① × 7.8% (or 6.24%); by 積上げ the tax as
//!   booked on the sales × 78/100 (only for a business that issues qualified
//!   invoices stating that tax, 消費税法施行令62条).
//! - ④ 控除対象仕入税額: by the general method the creditable purchase tax as
//!   booked (帳簿積上げ, line by line) × 78/100 — apportioned when the
//!   taxable-sales ratio is under 95% or taxable sales exceed ¥500M, by the
//!   個別対応方式 (purchases for taxable sales whole, common ones × the ratio,
//!   those for exempt sales not at all; the use is the purchase account's) or
//!   the 一括比例配分方式 (all × the ratio), as chosen; by the simplified method
//!   ② × the deemed ratio of the sales' business classes (the account's class,
//!   else the class chosen for the return; two or more classes by [`deemed`]);
//!   by a special rule ② × 80% or 70%.
//! - ⑨ 差引税額 and ⑳ 譲渡割額 drop the part below ¥100 (国税通則法119条);
//!   ⑳ = ⑱ × 22/78.
//! - ⑥ 貸倒れに係る税額, per rate: the receivables written off (tax included,
//!   lines coded 貸倒れ) × 7.8/110 (or 6.24/108), yen below one dropped
//!   (消費税法39条1項). ③ the same for bad debts collected after all (coded
//!   貸倒回収; 消費税法39条3項): on the 一般用 form it is part of 控除過大調整税額,
//!   on the 簡易課税用 form its own box; either way the simplified and special
//!   credits are a share of ② + ③.
//!
//! Each sum is of figures already bounded by the magnitude limits, so none can
//! overflow a `Decimal`.

pub mod deemed;
pub mod rules;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Period, TaxSummary};
use crate::ledger::{BusinessClass, PurchaseUse, TaxCode, TaxKind};
use crate::money::{round, Currency, Rounding};
use deemed::{class_figures, deemed_ratio, ClassFigures, DeemedRatio};
use rules::{SpecialRule, SpecialRuleSpan};

/// How the credit for purchases is found: the filing method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnMethod {
    /// 一般課税 (原則課税).
    #[default]
    General,
    /// 簡易課税, with the business class of the whole business.
    Simplified(BusinessClass),
    /// The special rule that covers the period (2割特例 or 3割特例).
    Special,
}

/// How the tax on sales (②) is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SalesTaxCalc {
    /// 割戻し計算: from the taxable base.
    #[default]
    FromTotals,
    /// 積上げ計算: from the tax on each qualified invoice, as booked.
    FromInvoices,
}

/// How the general method's credit is apportioned when it must be
/// (消費税法30条2項).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Apportionment {
    /// 個別対応方式: by each purchase's use (its account's [`PurchaseUse`]).
    #[default]
    Individual,
    /// 一括比例配分方式: all of it × the taxable-sales ratio. Once chosen it
    /// must be kept for two years (消費税法30条5項).
    Proportional,
}

/// The apportioned credit's figures (付表2-3 ⑰–⑳), national tax.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApportionedCredit {
    pub method: Apportionment,
    /// 課税売上割合 as applied.
    pub ratio: Decimal,
    /// Creditable tax of purchases for taxable sales only, for exempt sales
    /// only, and common, × 78/100, both rates.
    pub taxable_only: Decimal,
    pub exempt_only: Decimal,
    pub common: Decimal,
}

/// What the user chooses for the return.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReturnChoices {
    pub method: ReturnMethod,
    pub sales_calc: SalesTaxCalc,
    /// Used only when the credit must be apportioned.
    pub apportionment: Apportionment,
    /// ⑩ 中間納付税額: national tax paid in advance for the period.
    pub interim_national: Decimal,
    /// ㉑ 中間納付譲渡割額: local tax paid in advance.
    pub interim_local: Decimal,
}

/// The method as applied: the special rule resolved to the one in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppliedMethod {
    General,
    Simplified(BusinessClass),
    Special(SpecialRule),
}

/// One rate column of the 付表.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RateFigures {
    /// The total rate (0.08 or 0.10).
    pub rate: Decimal,
    /// The national rate (0.0624 or 0.078).
    pub national_rate: Decimal,
    /// Taxable sales, tax included.
    pub sales_gross: Decimal,
    /// ①-1 課税資産の譲渡等の対価の額.
    pub consideration: Decimal,
    /// ① 課税標準額.
    pub tax_base: Decimal,
    /// ② 消費税額.
    pub tax: Decimal,
    /// ③'s part: the tax in bad debts recovered (national).
    pub recovered: Decimal,
    /// ④ 控除対象仕入税額 (or the special credit).
    pub credit: Decimal,
    /// ⑥ 貸倒れに係る税額 (national).
    pub bad_debt: Decimal,
}

/// One figure of a rate column.
pub type ColumnFigure = fn(&RateFigures) -> Decimal;

impl RateFigures {
    /// The national rate in percent (6.24 or 7.8), as the 付表's columns head it.
    pub fn national_percent(&self) -> Decimal {
        (self.national_rate * Decimal::ONE_HUNDRED).normalize()
    }

    /// The rows of the 付表 the screen and the CSV show, in order: ①-1, ①, ②,
    /// ③, ④, ⑥.
    pub const ROWS: [ColumnFigure; 6] = [
        |c| c.consideration,
        |c| c.tax_base,
        |c| c.tax,
        |c| c.recovered,
        |c| c.credit,
        |c| c.bad_debt,
    ];

    /// What the simplified and special credits are a share of: ② + ③.
    fn credit_base(&self) -> Decimal {
        self.tax + self.recovered
    }
}

/// A box of the return's first page (第一表), by its number on the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnBox {
    /// ① 課税標準額
    TaxBase,
    /// ② 消費税額
    Tax,
    /// ③ 控除過大調整税額 (一般用) / 貸倒回収に係る消費税額 (簡易課税用)
    Adjustment,
    /// ④ 控除対象仕入税額
    PurchaseCredit,
    /// ⑤ 返還等対価に係る税額
    ReturnsTax,
    /// ⑥ 貸倒れに係る税額
    BadDebtTax,
    /// ⑦ 控除税額小計
    CreditTotal,
    /// ⑧ 控除不足還付税額
    Refund,
    /// ⑨ 差引税額
    NetTax,
    /// ⑩ 中間納付税額
    InterimTax,
    /// ⑪ 納付税額
    TaxPayable,
    /// ⑫ 中間納付還付税額
    InterimRefund,
    /// ⑮ 課税資産の譲渡等の対価の額 (一般用) / この課税期間の課税売上高 (簡易課税用)
    TaxableSales,
    /// ⑯ 資産の譲渡等の対価の額 (一般用 only)
    AllSales,
    /// ⑰ 地方消費税の課税標準となる消費税額: 控除不足還付税額
    LocalBaseRefund,
    /// ⑱ 地方消費税の課税標準となる消費税額: 差引税額
    LocalBaseNet,
    /// ⑲ 譲渡割額: 還付額
    LocalRefund,
    /// ⑳ 譲渡割額: 納税額
    LocalTax,
    /// ㉑ 中間納付譲渡割額
    InterimLocal,
    /// ㉒ 納付譲渡割額
    LocalPayable,
    /// ㉓ 中間納付還付譲渡割額
    InterimLocalRefund,
    /// ㉖ 消費税及び地方消費税の合計(納付又は還付)税額: negative is a refund.
    Total,
}

impl ReturnBox {
    /// The box's number on the form (① is 1).
    pub fn number(&self) -> u8 {
        use ReturnBox::*;
        match self {
            TaxBase => 1,
            Tax => 2,
            Adjustment => 3,
            PurchaseCredit => 4,
            ReturnsTax => 5,
            BadDebtTax => 6,
            CreditTotal => 7,
            Refund => 8,
            NetTax => 9,
            InterimTax => 10,
            TaxPayable => 11,
            InterimRefund => 12,
            TaxableSales => 15,
            AllSales => 16,
            LocalBaseRefund => 17,
            LocalBaseNet => 18,
            LocalRefund => 19,
            LocalTax => 20,
            InterimLocal => 21,
            LocalPayable => 22,
            InterimLocalRefund => 23,
            Total => 26,
        }
    }
}

/// Something the user must know before copying the figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ReturnWarning {
    /// The taxable-sales ratio is under 95% or taxable sales exceed
    /// ¥500,000,000 (scaled to the period): the credit is apportioned, by the
    /// purchase accounts' uses for the 個別対応方式 (check them).
    Apportioned {
        ratio: Option<Decimal>,
        method: Apportionment,
    },
    /// Entries with a tax-account line no taxable line explains: their tax is
    /// in no box ([`TaxSummary::unassigned`]).
    UnassignedTax { entries: usize },
    /// Purchases from these suppliers without registration went over the cap
    /// on the transitional credit (by how much): that part got no credit
    /// ([`TaxSummary::over_cap`]).
    TransitionalCapExceeded { suppliers: Vec<(String, Decimal)> },
}

/// Why a return cannot be figured.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TaxReturnError {
    #[error("the return is figured in yen; this book keeps {currency}")]
    NotYen { currency: String },
    #[error(
        "the period starts on {from}, before the 10% and 8% rates (2019-10-01); \
         choose a period from then on"
    )]
    BeforeCurrentRates { from: chrono::NaiveDate },
    #[error("no special rule (2割特例, 3割特例) covers the period {from} to {to}")]
    NoSpecialRule {
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    },
    #[error("an interim payment cannot be negative")]
    NegativeInterim,
}

/// The return's figures for one taxable period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaxReturn {
    pub period: Period,
    pub method: AppliedMethod,
    pub sales_calc: SalesTaxCalc,
    /// Reduced (6.24%) then standard (7.8%).
    pub columns: [RateFigures; 2],
    /// 課税売上割合 (⑮ / ⑯), if there were any sales.
    pub taxable_sales_ratio: Option<Decimal>,
    /// The boxes in the form's order, each with its amount.
    pub boxes: Vec<(ReturnBox, Decimal)>,
    /// The simplified method's sales by business class (付表5-3), and the
    /// formula that gave the deemed ratio; empty and `None` by other methods.
    pub classes: Vec<ClassFigures>,
    pub deemed: Option<DeemedRatio>,
    /// The general method's credit apportioned, when it had to be.
    pub apportioned: Option<ApportionedCredit>,
    pub warnings: Vec<ReturnWarning>,
}

impl TaxReturn {
    /// The amount of a box (zero if the form has no such box for this method).
    pub fn amount(&self, b: ReturnBox) -> Decimal {
        self.boxes
            .iter()
            .find(|(x, _)| *x == b)
            .map_or(Decimal::ZERO, |(_, a)| *a)
    }

    /// Whether the figures go on the 簡易課税用 form (else the 一般用).
    pub fn simplified_form(&self) -> bool {
        matches!(self.method, AppliedMethod::Simplified(_))
    }
}

/// The return for the summary's period by the user's choices.
pub fn tax_return(
    summary: &TaxSummary,
    currency: Currency,
    choices: &ReturnChoices,
) -> Result<TaxReturn, TaxReturnError> {
    let period = summary.period;
    if currency.code() != Currency::JPY.code() {
        return Err(TaxReturnError::NotYen {
            currency: currency.code().to_string(),
        });
    }
    if period.from < rules::CURRENT_RATES_FROM {
        return Err(TaxReturnError::BeforeCurrentRates { from: period.from });
    }
    if choices.interim_national < Decimal::ZERO || choices.interim_local < Decimal::ZERO {
        return Err(TaxReturnError::NegativeInterim);
    }
    let (method, credit_ratio) = applied_method(choices.method, period)?;
    let mut columns =
        [false, true].map(|standard| sales_column(summary, standard, choices.sales_calc));
    let (taxable_sales, all_sales) = sales_for_ratio(summary, &columns);
    let ratio = (all_sales > Decimal::ZERO).then(|| taxable_sales / all_sales);
    let mut apportioned = None;
    let (mut classes, mut deemed) = (Vec::new(), None);
    match (method, credit_ratio) {
        (AppliedMethod::General, _) | (_, None) => {
            let needed = apportionment_needed(period, taxable_sales, ratio);
            let applied = needed.then(|| {
                apportioned_credit(
                    summary,
                    choices.apportionment,
                    ratio.unwrap_or(Decimal::ONE),
                )
            });
            for c in &mut columns {
                c.credit = general_credit(summary, c, applied.as_ref());
            }
            apportioned = applied;
        }
        (AppliedMethod::Simplified(default), _) => {
            let sales = class_sales(summary, default, &columns);
            classes = class_figures(&sales, columns.each_ref().map(|c| c.national_rate));
            deemed = deemed_ratio(&classes, columns.each_ref().map(|c| c.credit_base()));
            for (col, c) in columns.iter_mut().enumerate() {
                let credit = deemed.as_ref().map(|d| d.credit(col, c.credit_base()));
                c.credit = yen(credit.unwrap_or(Decimal::ZERO));
            }
        }
        (AppliedMethod::Special(_), Some(r)) => {
            for c in &mut columns {
                c.credit = yen(c.credit_base() * r);
            }
        }
    }
    let sum = |f: fn(&RateFigures) -> Decimal| columns.iter().map(f).sum::<Decimal>();
    let tax_base = sum(|c| c.tax_base);
    let tax = sum(|c| c.tax);
    let recovered = sum(|c| c.recovered);
    let credit = sum(|c| c.credit);
    let bad_debt = sum(|c| c.bad_debt);

    let credit_total = credit + bad_debt; // ④ + ⑤ + ⑥, ⑤ zero (see the module note).
    let refund = (credit_total - tax - recovered).max(Decimal::ZERO);
    let net_tax = hundreds((tax + recovered - credit_total).max(Decimal::ZERO));
    let interim = choices.interim_national;
    let local_refund = round(local_part(refund), currency, Rounding::Down);
    let local_tax = hundreds(local_part(net_tax));
    let interim_local = choices.interim_local;
    let tax_payable = (net_tax - interim).max(Decimal::ZERO);
    let interim_refund = (interim - net_tax).max(Decimal::ZERO);
    let local_payable = (local_tax - interim_local).max(Decimal::ZERO);
    let interim_local_refund = (interim_local - local_tax).max(Decimal::ZERO);
    let total = tax_payable + local_payable
        - (refund + interim_refund + local_refund + interim_local_refund);

    use ReturnBox::*;
    let mut boxes = vec![
        (TaxBase, tax_base),
        (Tax, tax),
        (Adjustment, recovered),
        (PurchaseCredit, credit),
        (ReturnsTax, Decimal::ZERO),
        (BadDebtTax, bad_debt),
        (CreditTotal, credit_total),
        (Refund, refund),
        (NetTax, net_tax),
        (InterimTax, interim),
        (TaxPayable, tax_payable),
        (InterimRefund, interim_refund),
        (TaxableSales, taxable_sales),
    ];
    if !matches!(method, AppliedMethod::Simplified(_)) {
        boxes.push((AllSales, all_sales));
    }
    boxes.extend([
        (LocalBaseRefund, refund),
        (LocalBaseNet, net_tax),
        (LocalRefund, local_refund),
        (LocalTax, local_tax),
        (InterimLocal, interim_local),
        (LocalPayable, local_payable),
        (InterimLocalRefund, interim_local_refund),
        (Total, total),
    ]);

    let mut warnings = Vec::new();
    if let Some(a) = &apportioned {
        warnings.push(ReturnWarning::Apportioned {
            ratio,
            method: a.method,
        });
    }
    if method == AppliedMethod::General && !summary.over_cap.is_empty() {
        warnings.push(ReturnWarning::TransitionalCapExceeded {
            suppliers: summary.over_cap.clone(),
        });
    }
    if !summary.unassigned.is_empty() {
        warnings.push(ReturnWarning::UnassignedTax {
            entries: summary.unassigned.len(),
        });
    }
    Ok(TaxReturn {
        period,
        method,
        sales_calc: choices.sales_calc,
        columns,
        taxable_sales_ratio: ratio,
        boxes,
        classes,
        deemed,
        apportioned,
        warnings,
    })
}

/// The method as applied and the share of ② it credits (none for general;
/// the simplified method's is only a default, replaced by [`deemed`]).
fn applied_method(
    method: ReturnMethod,
    period: Period,
) -> Result<(AppliedMethod, Option<Decimal>), TaxReturnError> {
    Ok(match method {
        ReturnMethod::General => (AppliedMethod::General, None),
        ReturnMethod::Simplified(class) => (
            AppliedMethod::Simplified(class),
            Some(class.deemed_purchase_ratio()),
        ),
        ReturnMethod::Special => {
            let SpecialRuleSpan {
                rule, credit_ratio, ..
            } = SpecialRule::for_period(period).ok_or(TaxReturnError::NoSpecialRule {
                from: period.from,
                to: period.to,
            })?;
            (AppliedMethod::Special(rule), Some(credit_ratio))
        }
    })
}

/// The 付表 column of one rate, its sales figures; the credit is set by the
/// method.
fn sales_column(summary: &TaxSummary, standard: bool, sales_calc: SalesTaxCalc) -> RateFigures {
    let (rate, national_rate) = if standard {
        (Decimal::new(10, 2), Decimal::new(78, 3))
    } else {
        (Decimal::new(8, 2), Decimal::new(624, 4))
    };
    let sales = summary
        .lines
        .iter()
        .filter(|l| l.code.kind() == TaxKind::TaxableSale && l.code.is_reduced() != standard);
    let sales_gross: Decimal = sales.clone().map(|l| l.gross).sum();
    let booked_sales_tax: Decimal = sales.map(|l| l.tax).sum();
    // The national tax in a tax-included amount of this rate: × 7.8/110 or 6.24/108.
    let national_in = |kind: TaxKind| {
        let gross: Decimal = summary
            .lines
            .iter()
            .filter(|l| l.code.kind() == kind && l.code.is_reduced() != standard)
            .map(|l| l.gross)
            .sum();
        yen(gross * national_rate / (Decimal::ONE + rate))
    };
    let consideration = yen(sales_gross / (Decimal::ONE + rate));
    let tax_base = thousands(consideration);
    let tax = match sales_calc {
        SalesTaxCalc::FromTotals => yen(tax_base * national_rate),
        SalesTaxCalc::FromInvoices => yen(booked_sales_tax * rules::NATIONAL_SHARE),
    };
    RateFigures {
        rate,
        national_rate,
        sales_gross,
        consideration,
        tax_base,
        tax,
        recovered: national_in(TaxKind::BadDebtRecovery),
        credit: Decimal::ZERO,
        bad_debt: national_in(TaxKind::BadDebt),
    }
}

/// The creditable purchase tax of a column's rate (national part, unrounded),
/// of the uses `keep` selects.
fn column_credit(
    summary: &TaxSummary,
    column: &RateFigures,
    keep: fn(PurchaseUse) -> bool,
) -> Decimal {
    let reduced = column.rate < Decimal::new(10, 2);
    summary
        .credit_by_use
        .iter()
        .filter(|u| u.reduced == reduced && keep(u.purchase_use))
        .map(|u| u.creditable_tax)
        .sum::<Decimal>()
        * rules::NATIONAL_SHARE
}

/// ④ of a column by the general method: all the creditable tax, or its
/// apportioned share.
fn general_credit(
    summary: &TaxSummary,
    column: &RateFigures,
    apportioned: Option<&ApportionedCredit>,
) -> Decimal {
    let of = |keep| column_credit(summary, column, keep);
    match apportioned {
        None => yen(of(|_| true)),
        Some(a) => {
            match a.method {
                Apportionment::Individual => yen(of(|u| u == PurchaseUse::TaxableSales)
                    + of(|u| u == PurchaseUse::Common) * a.ratio),
                Apportionment::Proportional => yen(of(|_| true) * a.ratio),
            }
        }
    }
}

/// The apportionment's figures over both rates.
fn apportioned_credit(
    summary: &TaxSummary,
    method: Apportionment,
    ratio: Decimal,
) -> ApportionedCredit {
    let of = |wanted: PurchaseUse| {
        yen(summary
            .credit_by_use
            .iter()
            .filter(|u| u.purchase_use == wanted)
            .map(|u| u.creditable_tax)
            .sum::<Decimal>()
            * rules::NATIONAL_SHARE)
    };
    ApportionedCredit {
        method,
        ratio,
        taxable_only: of(PurchaseUse::TaxableSales),
        exempt_only: of(PurchaseUse::ExemptSales),
        common: of(PurchaseUse::Common),
    }
}

/// Each class's taxable sales (tax excluded, yen below one dropped) per
/// column; sales on accounts with no class count as `default`.
fn class_sales(
    summary: &TaxSummary,
    default: BusinessClass,
    columns: &[RateFigures; 2],
) -> Vec<(BusinessClass, [Decimal; 2])> {
    summary
        .sales_by_class
        .iter()
        .map(|s| {
            let col = usize::from(!s.reduced);
            let mut sales = [Decimal::ZERO; 2];
            sales[col] = yen(s.gross / (Decimal::ONE + columns[col].rate));
            (s.class.unwrap_or(default), sales)
        })
        .collect()
}

/// ⑮ and ⑯: taxable sales (tax excluded, exports included) and all sales
/// (exempt sales too).
fn sales_for_ratio(summary: &TaxSummary, columns: &[RateFigures; 2]) -> (Decimal, Decimal) {
    let gross = |code: TaxCode| summary.line(code).map_or(Decimal::ZERO, |l| l.gross);
    let taxable =
        columns.iter().map(|c| c.consideration).sum::<Decimal>() + yen(gross(TaxCode::SalesExport));
    (taxable, taxable + yen(gross(TaxCode::SalesExempt)))
}

/// Whether the general method's full credit is not allowed (消費税法30条2項).
fn apportionment_needed(period: Period, taxable_sales: Decimal, ratio: Option<Decimal>) -> bool {
    let days = Decimal::from((period.to - period.from).num_days() + 1);
    // The cap is for a year; a shorter period scales it by its months, which
    // days approximate closely enough to decide a warning.
    let cap = rules::FULL_CREDIT_SALES_CAP * days.min(Decimal::from(365)) / Decimal::from(365);
    ratio.is_some_and(|r| r < rules::FULL_CREDIT_RATIO) || taxable_sales > cap
}

/// 22/78 of a national figure, multiplied first so a whole result stays whole
/// (7,800 gives 2,200, not 2,199.99…).
fn local_part(national: Decimal) -> Decimal {
    national * rules::LOCAL_NUMERATOR / rules::LOCAL_DENOMINATOR
}

/// Yen below one dropped (toward zero).
fn yen(amount: Decimal) -> Decimal {
    round(amount, Currency::JPY, Rounding::Down)
}

/// The part below ¥1,000 dropped.
fn thousands(amount: Decimal) -> Decimal {
    (amount / Decimal::ONE_THOUSAND).trunc() * Decimal::ONE_THOUSAND
}

/// The part below ¥100 dropped.
fn hundreds(amount: Decimal) -> Decimal {
    (amount / Decimal::ONE_HUNDRED).trunc() * Decimal::ONE_HUNDRED
}
