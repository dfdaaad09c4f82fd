//! A document's totals: line amounts, the tax once per document per tax code
//! (rate), and the withholding on a fee.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Document;
use crate::ledger::TaxCode;
use crate::money::{Currency, Rounding};

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

/// The totals of a document in a currency, tax rounded by `rounding`.
pub fn document_totals(doc: &Document, currency: Currency, rounding: Rounding) -> DocumentTotals {
    let _ = (doc, currency, rounding);
    todo!()
}

/// The income tax withheld on a fee of `base` (without consumption tax):
/// 10.21% up to ¥1,000,000 and 20.42% of the part above, rounded down.
pub fn withholding_tax(base: Decimal, currency: Currency) -> Decimal {
    let _ = (base, currency);
    todo!()
}
