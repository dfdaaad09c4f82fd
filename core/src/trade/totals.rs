//! A document's totals: line amounts, the tax once per document per tax code
//! and rate, and the withholding on a fee.
//!
//! One named rounding rule — the book's document tax rounding, passed in —
//! rounds both the line amounts and the tax, so a document rounds one way
//! throughout. The tax is rounded once per (tax code, rate) group on the
//! group's total, never line by line, as qualified invoices require.
//!
//! A line's rate is its code's rate on the date of its supply
//! ([`DocumentLine::supplied_on`]: its own supply date, else the document's
//! date). A consolidated invoice of deliveries on both sides of a rate change
//! so has two groups of the same code, one per rate.
//!
//! A bill may carry the tax its supplier's invoice states for a group
//! ([`StatedTax`], 積上げ計算): that replaces the group's computed tax, the
//! lines' amounts staying as typed (the net is the gross less it on a
//! tax-inclusive bill, the gross the net plus it on a tax-exclusive one). It
//! must be within rounding of the computed tax ([`check_stated_tax`]). A
//! tax-exclusive book posts it on 仮払消費税, which the tax summary and the
//! return's credit read as booked. A tax-inclusive book books only the gross
//! (net + the stated tax): the summary reads each line's tax from it at the
//! rate, rounded down (帳簿積上げ), which can be ¥1 off the stated figure.
//!
//! Every figure is an amount within `money::limits::MAX_AMOUNT`: a line whose
//! quantity × unit price − discount is beyond it is refused naming the line,
//! and totals beyond it are refused too. The arithmetic is checked, so no
//! document, whatever it holds, makes a panic.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Document, DocumentKind, DocumentLine, LineProblem, PriceBasis, TradeError};
use super::{StatedTax, StatedTaxProblem, WithholdingRule};
use crate::ledger::TaxCode;
use crate::money::limits::{product_within, sum_within, within, LimitError, Magnitude};
use crate::money::{round, Currency, Rounding};

/// The totals of the lines with one tax code supplied at one rate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodeTotal {
    pub tax_code: TaxCode,
    /// The rate on the lines' supply dates (zero for exempt and untaxed codes).
    pub rate: Decimal,
    /// Without tax.
    pub net: Decimal,
    pub tax: Decimal,
    /// With tax.
    pub gross: Decimal,
}

/// Everything a document shows below its lines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentTotals {
    /// Each line's amount (quantity × unit price − discount, rounded), in the
    /// document's price basis, in line order.
    pub line_amounts: Vec<Decimal>,
    /// Per (tax code, rate), in `TaxCode::ALL` order, then by rate (lowest,
    /// so earliest, first); codes with no lines are absent. A code appears
    /// twice only when its lines were supplied on both sides of a rate change.
    pub by_code: Vec<CodeTotal>,
    pub net: Decimal,
    pub tax: Decimal,
    pub gross: Decimal,
    /// Income tax withheld (源泉徴収), zero unless the document withholds.
    pub withholding: Decimal,
    /// What the partner pays: gross − withholding.
    pub amount_due: Decimal,
}

impl CodeTotal {
    /// Whether `line` of a document dated `doc_date` is one of this group's.
    pub fn holds(&self, line: &DocumentLine, doc_date: NaiveDate) -> bool {
        line.tax_code == self.tax_code
            && line.tax_code.rate_on(line.supplied_on(doc_date)) == self.rate
    }
}

impl DocumentTotals {
    /// No figures: what a document beyond the limits shows (see
    /// `trade::book_totals`), one zero line amount per line.
    pub fn none(doc: &Document) -> DocumentTotals {
        DocumentTotals {
            line_amounts: vec![Decimal::ZERO; doc.lines.len()],
            by_code: Vec::new(),
            net: Decimal::ZERO,
            tax: Decimal::ZERO,
            gross: Decimal::ZERO,
            withholding: Decimal::ZERO,
            amount_due: Decimal::ZERO,
        }
    }
}

/// A line's amount in the document's price basis, rounded to the currency by
/// `rounding` (a fractional quantity or unit price can give fractions of a yen);
/// refused when it is beyond the largest amount.
fn line_amount(
    line: &DocumentLine,
    currency: Currency,
    rounding: Rounding,
) -> Result<Decimal, LimitError> {
    let gross = product_within(line.quantity, line.unit_price, Magnitude::Amount)?;
    let discount = within(line.discount, Magnitude::Amount)?;
    // Both within 10¹⁵: the difference cannot overflow.
    within(
        round(gross - discount, currency, rounding),
        Magnitude::Amount,
    )
}

/// The total of one group's lines, `sum` (within the largest amount) in the
/// document's price basis, supplied on `on` (or on another date at the same
/// rate).
fn code_total(
    doc: &Document,
    tax_code: TaxCode,
    on: NaiveDate,
    sum: Decimal,
    currency: Currency,
    rounding: Rounding,
) -> Result<CodeTotal, LimitError> {
    let rate = tax_code.rate_on(on);
    // A rate is at most 1, so the tax is no larger than `sum`.
    let (net, tax, gross) = match doc.price_basis {
        PriceBasis::TaxExclusive => {
            let tax = tax_code.tax_on_net(sum, on, currency, rounding);
            (sum, tax, within(sum + tax, Magnitude::Amount)?)
        }
        PriceBasis::TaxInclusive => {
            let tax = tax_code.tax_in_gross(sum, on, currency, rounding);
            (sum - tax, tax, sum)
        }
    };
    Ok(CodeTotal {
        tax_code,
        rate,
        net,
        tax,
        gross,
    })
}

/// The totals of a document in a currency, tax rounded by `rounding`. Refused
/// when a line's amount (`TradeError::Line` with `LineProblem::TooLarge`) or a
/// total (`TradeError::TotalTooLarge`) is beyond the largest amount.
pub fn document_totals(
    doc: &Document,
    currency: Currency,
    rounding: Rounding,
) -> Result<DocumentTotals, TradeError> {
    let line_amounts = doc
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            line_amount(l, currency, rounding).map_err(|error| TradeError::Line {
                line: i + 1,
                problem: LineProblem::TooLarge(error),
            })
        })
        .collect::<Result<Vec<Decimal>, TradeError>>()?;
    totals_of_lines(doc, line_amounts, currency, rounding).map_err(TradeError::TotalTooLarge)
}

/// The totals from the line amounts (each within the largest amount).
fn totals_of_lines(
    doc: &Document,
    line_amounts: Vec<Decimal>,
    currency: Currency,
    rounding: Rounding,
) -> Result<DocumentTotals, LimitError> {
    let by_code = tax_groups(doc)
        .into_iter()
        .map(|(code, rate, on)| {
            let amounts = doc
                .lines
                .iter()
                .zip(&line_amounts)
                .filter(|(l, _)| {
                    l.tax_code == code && code.rate_on(l.supplied_on(doc.date)) == rate
                })
                .map(|(_, amount)| *amount);
            let sum = sum_within(amounts, Magnitude::Amount)?;
            with_stated(doc, code_total(doc, code, on, sum, currency, rounding)?)
        })
        .collect::<Result<Vec<CodeTotal>, LimitError>>()?;
    let net = sum_within(by_code.iter().map(|c| c.net), Magnitude::Amount)?;
    let tax = sum_within(by_code.iter().map(|c| c.tax), Magnitude::Amount)?;
    let gross = within(net + tax, Magnitude::Amount)?;
    let withholding = withholding_on(
        doc.withholding,
        withheld_base(doc, &line_amounts, &by_code, currency),
        currency,
    );
    Ok(DocumentTotals {
        line_amounts,
        by_code,
        net,
        tax,
        gross,
        withholding,
        amount_due: within(gross - withholding, Magnitude::Amount)?,
    })
}

/// The tax a bill states for a group, if it does (other kinds state none).
fn stated_for<'a>(doc: &'a Document, total: &CodeTotal) -> Option<&'a StatedTax> {
    if doc.kind != DocumentKind::Bill {
        return None;
    }
    doc.stated_tax
        .iter()
        .find(|s| s.tax_code == total.tax_code && s.rate == total.rate)
}

/// `total` with the tax its bill states in place of the computed one.
fn with_stated(doc: &Document, total: CodeTotal) -> Result<CodeTotal, LimitError> {
    let Some(stated) = stated_for(doc, &total) else {
        return Ok(total);
    };
    // Within the largest amount, like the group's figures: no overflow below.
    let tax = within(stated.tax, Magnitude::Amount)?;
    Ok(match doc.price_basis {
        PriceBasis::TaxExclusive => CodeTotal {
            gross: within(total.net + tax, Magnitude::Amount)?,
            tax,
            ..total
        },
        PriceBasis::TaxInclusive => CodeTotal {
            net: within(total.gross - tax, Magnitude::Amount)?,
            tax,
            ..total
        },
    })
}

/// Refuses a stated tax ([`StatedTax`]) the document cannot carry: on a
/// document that is not a bill, for a group the lines do not have (or one
/// without tax), twice for a group, negative, beyond the largest amount, with
/// more decimals than the currency has, or more than rounding away from the
/// tax the lines give — at most one minor unit (¥1) per line of the group.
///
/// Why that bound: a qualified invoice rounds its tax once per rate, so the
/// supplier's figure differs from the book's only by the rounding rule (less
/// than ¥1); a supplier whose delivery notes are its qualified invoices rounds
/// once per note (令和5年 改正通達), which each line of the bill can at most
/// be, so the difference stays under ¥1 per line. A figure typed ten times too
/// large, or a digit off, is far beyond it and is refused with the computed tax
/// named, so the user can compare it with the paper.
pub(crate) fn check_stated_tax(
    doc: &Document,
    currency: Currency,
    rounding: Rounding,
) -> Result<(), TradeError> {
    if doc.stated_tax.is_empty() {
        return Ok(());
    }
    let computed = document_totals(
        &Document {
            stated_tax: Vec::new(),
            ..doc.clone()
        },
        currency,
        rounding,
    )?;
    let unit = Decimal::new(1, currency.minor_units());
    for (i, stated) in doc.stated_tax.iter().enumerate() {
        let refuse = |problem| {
            Err(TradeError::StatedTax {
                tax_code: stated.tax_code,
                rate: stated.rate,
                stated: stated.tax,
                problem,
            })
        };
        let group = computed
            .by_code
            .iter()
            .find(|c| c.tax_code == stated.tax_code && c.rate == stated.rate);
        let same = |o: &StatedTax| o.tax_code == stated.tax_code && o.rate == stated.rate;
        if doc.kind != DocumentKind::Bill {
            return refuse(StatedTaxProblem::NotABill);
        }
        if doc.stated_tax[..i].iter().any(same) {
            return refuse(StatedTaxProblem::Twice);
        }
        if let Err(error) = within(stated.tax, Magnitude::Amount) {
            return refuse(StatedTaxProblem::TooLarge(error));
        }
        if stated.tax < Decimal::ZERO {
            return refuse(StatedTaxProblem::Negative);
        }
        if stated.tax.normalize().scale() > currency.minor_units() {
            return refuse(StatedTaxProblem::TooManyDecimals);
        }
        let Some(group) = group.filter(|g| !g.rate.is_zero()) else {
            return refuse(StatedTaxProblem::NoLines);
        };
        let lines = doc
            .lines
            .iter()
            .filter(|l| group.holds(l, doc.date))
            .count();
        // At most a few thousand lines: the product is far inside `Decimal`.
        let allowed = unit * Decimal::from(lines.max(1));
        if (stated.tax - group.tax).abs() > allowed {
            return refuse(StatedTaxProblem::FarFromComputed {
                computed: group.tax,
                allowed,
            });
        }
    }
    Ok(())
}

/// The (tax code, rate) groups of a document's lines, each with the earliest
/// supply date of its lines, in `TaxCode::ALL` order, then by rate.
fn tax_groups(doc: &Document) -> Vec<(TaxCode, Decimal, NaiveDate)> {
    let mut groups: Vec<(TaxCode, Decimal, NaiveDate)> = Vec::new();
    for code in TaxCode::ALL {
        let start = groups.len();
        for line in doc.lines.iter().filter(|l| l.tax_code == code) {
            let on = line.supplied_on(doc.date);
            let rate = code.rate_on(on);
            match groups[start..].iter_mut().find(|(_, r, _)| *r == rate) {
                Some((_, _, earliest)) => *earliest = (*earliest).min(on),
                None => groups.push((code, rate, on)),
            }
        }
        groups[start..].sort_by_key(|(_, rate, _)| *rate);
    }
    groups
}

/// The fee withholding applies to, without consumption tax (the tax is stated
/// on the invoice, so it is left out of the base): per (tax code, rate) group, the group's net
/// in the share its withheld lines have of the group's lines, rounded down. When
/// every line is withheld this is the document's net exactly.
fn withheld_base(
    doc: &Document,
    line_amounts: &[Decimal],
    by_code: &[CodeTotal],
    currency: Currency,
) -> Decimal {
    by_code
        .iter()
        .map(|code| {
            let (all, withheld) = doc.lines.iter().zip(line_amounts).fold(
                (Decimal::ZERO, Decimal::ZERO),
                |(all, withheld), (line, amount)| match code.holds(line, doc.date) {
                    true if line.withheld => (all + amount, withheld + amount),
                    true => (all + amount, withheld),
                    false => (all, withheld),
                },
            );
            if withheld == all {
                code.net
            } else if all.is_zero() {
                Decimal::ZERO
            } else {
                // Multiplied first so a whole share stays whole (60,000 × 55/66
                // is 50,000, not 49,999.99…); two amounts near the limit would
                // overflow the product, so then the share is taken first.
                let share = code
                    .net
                    .checked_mul(withheld)
                    .map_or_else(|| code.net * (withheld / all), |p| p / all);
                round(share, currency, Rounding::Down)
            }
        })
        .sum()
}

/// The income tax withheld on `base` by a rule.
pub fn withholding_on(rule: WithholdingRule, base: Decimal, currency: Currency) -> Decimal {
    match rule {
        WithholdingRule::None => Decimal::ZERO,
        WithholdingRule::IncomeTax => withholding_tax(base, currency),
        WithholdingRule::ScrivenerFee => {
            let over = (base - Decimal::from(10_000)).max(Decimal::ZERO);
            round(over * Decimal::new(1021, 4), currency, Rounding::Down)
        }
    }
}

/// The income tax withheld on a fee of `base` (without consumption tax):
/// 10.21% up to ¥1,000,000 and 20.42% of the part above, rounded down. Never
/// more than `base` (the rates are below 1), so never beyond it in magnitude.
pub fn withholding_tax(base: Decimal, currency: Currency) -> Decimal {
    let threshold = Decimal::from(1_000_000);
    let low_rate = Decimal::new(1021, 4);
    let high_rate = Decimal::new(2042, 4);
    let tax = if base <= Decimal::ZERO {
        Decimal::ZERO
    } else if base <= threshold {
        base * low_rate
    } else {
        threshold * low_rate + (base - threshold) * high_rate
    };
    // The National Tax Agency's rule: fractions of a yen are dropped (切り捨て).
    round(tax, currency, Rounding::Down)
}
