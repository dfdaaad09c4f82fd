//! A document's totals: line amounts, the tax once per document per tax code
//! (rate), and the withholding on a fee.
//!
//! One named rounding rule — the book's document tax rounding, passed in —
//! rounds both the line amounts and the tax, so a document rounds one way
//! throughout. The tax is rounded once per tax code on the code's total, never
//! line by line, as qualified invoices require.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Document, DocumentLine, PriceBasis, WithholdingRule};
use crate::ledger::TaxCode;
use crate::money::{round, Currency, Rounding};

/// The totals of the lines with one tax code (so one rate).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodeTotal {
    pub tax_code: TaxCode,
    /// The rate on the document's date (zero for exempt and untaxed codes).
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
    /// Per tax code, in `TaxCode::ALL` order; codes with no lines are absent.
    pub by_code: Vec<CodeTotal>,
    pub net: Decimal,
    pub tax: Decimal,
    pub gross: Decimal,
    /// Income tax withheld (源泉徴収), zero unless the document withholds.
    pub withholding: Decimal,
    /// What the partner pays: gross − withholding.
    pub amount_due: Decimal,
}

/// A line's amount in the document's price basis, rounded to the currency by
/// `rounding` (a fractional quantity or unit price can give fractions of a yen).
fn line_amount(line: &DocumentLine, currency: Currency, rounding: Rounding) -> Decimal {
    round(
        line.quantity * line.unit_price - line.discount,
        currency,
        rounding,
    )
}

/// The total of one code's lines, `sum` in the document's price basis.
fn code_total(
    doc: &Document,
    tax_code: TaxCode,
    sum: Decimal,
    currency: Currency,
    rounding: Rounding,
) -> CodeTotal {
    let rate = tax_code.rate_on(doc.date);
    let (net, tax, gross) = match doc.price_basis {
        PriceBasis::TaxExclusive => {
            let tax = tax_code.tax_on_net(sum, doc.date, currency, rounding);
            (sum, tax, sum + tax)
        }
        PriceBasis::TaxInclusive => {
            let tax = tax_code.tax_in_gross(sum, doc.date, currency, rounding);
            (sum - tax, tax, sum)
        }
    };
    CodeTotal {
        tax_code,
        rate,
        net,
        tax,
        gross,
    }
}

/// The totals of a document in a currency, tax rounded by `rounding`.
pub fn document_totals(doc: &Document, currency: Currency, rounding: Rounding) -> DocumentTotals {
    let line_amounts: Vec<Decimal> = doc
        .lines
        .iter()
        .map(|l| line_amount(l, currency, rounding))
        .collect();
    let by_code: Vec<CodeTotal> = TaxCode::ALL
        .into_iter()
        .filter(|code| doc.lines.iter().any(|l| l.tax_code == *code))
        .map(|code| {
            let sum = doc
                .lines
                .iter()
                .zip(&line_amounts)
                .filter(|(l, _)| l.tax_code == code)
                .map(|(_, amount)| *amount)
                .sum();
            code_total(doc, code, sum, currency, rounding)
        })
        .collect();
    let net: Decimal = by_code.iter().map(|c| c.net).sum();
    let tax: Decimal = by_code.iter().map(|c| c.tax).sum();
    let gross = net + tax;
    let withholding = match doc.withholding {
        WithholdingRule::None => Decimal::ZERO,
        WithholdingRule::IncomeTax => withholding_tax(net, currency),
    };
    DocumentTotals {
        line_amounts,
        by_code,
        net,
        tax,
        gross,
        withholding,
        amount_due: gross - withholding,
    }
}

/// The income tax withheld on a fee of `base` (without consumption tax):
/// 10.21% up to ¥1,000,000 and 20.42% of the part above, rounded down.
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
