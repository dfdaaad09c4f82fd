//! The journal as Money Forward クラウド会計's journal import CSV (仕訳帳インポート),
//! "Money Forward import v1".
//!
//! The format, version 1:
//! - UTF-8 with a byte-order mark, CRLF, a header row of the 27 columns in
//!   [`HEADER`], fields quoted only when they must be and formula text marked
//!   with a `'` (`reports::csv::field`).
//! - The same vouchers as the Yayoi file ([`super::yayoi`]): posted entries of
//!   the period in date order, the i-th debit beside the i-th credit, amounts
//!   tax-included yen integers with the tax they contain in its own column, the
//!   accounts named by the same [`ExportMapping`]. Every line of a voucher has
//!   the voucher's number (取引No, 1, 2, … in the file) and date (`2026/07/01`).
//! - The partner goes in 取引先 of each side that has an account, the entry's
//!   description in 摘要; the memo, tag, type, closing, and created/updated
//!   columns are left blank for Money Forward to fill.
//! - Tax categories are Money Forward's words ([`tax_category`]); for a
//!   taxable purchase since 2023-10-01, インボイス says `適格` or the
//!   transitional creditable share (`80%控除`, …, `控除不可`).
//!
//! The column names and the category words follow Money Forward's import
//! template as we know it (no specification was at hand while writing this):
//! if Money Forward refuses a column, its header mapping step lets the user
//! point it at the right one, and a corrected list is a new version.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::yayoi::{
    account_columns, percent, require_yen, slash_date, vouchers, ExportMapping, Side,
    INVOICE_SYSTEM,
};
use crate::book::Book;
use crate::files::Problems;
use crate::ledger::{TaxCode, TaxKind};
use crate::reports::csv::{plain_amount, write_rows};
use crate::reports::Period;

/// The name and version of this format.
pub const FORMAT: &str = "Money Forward import v1";

/// The header row.
pub const HEADER: [&str; 27] = [
    "取引No",
    "取引日",
    "借方勘定科目",
    "借方補助科目",
    "借方部門",
    "借方取引先",
    "借方税区分",
    "借方インボイス",
    "借方金額(円)",
    "借方税額",
    "貸方勘定科目",
    "貸方補助科目",
    "貸方部門",
    "貸方取引先",
    "貸方税区分",
    "貸方インボイス",
    "貸方金額(円)",
    "貸方税額",
    "摘要",
    "仕訳メモ",
    "タグ",
    "MF仕訳タイプ",
    "決算整理仕訳",
    "作成日時",
    "作成者",
    "最終更新日時",
    "最終更新者",
];

/// Money Forward's tax category (税区分) for a line's tax code on a date.
pub fn tax_category(code: Option<TaxCode>, on: NaiveDate) -> String {
    let Some(code) = code else {
        return "対象外".to_string();
    };
    let rate = percent(code.rate_on(on));
    match code {
        TaxCode::Sales10 => format!("課税売上 {rate}%"),
        TaxCode::Sales8Reduced => format!("課税売上 (軽){rate}%"),
        TaxCode::SalesExempt => "非課税売上".to_string(),
        TaxCode::SalesExport => "輸出売上".to_string(),
        TaxCode::Purchase10 | TaxCode::Purchase10Unregistered => format!("課税仕入 {rate}%"),
        TaxCode::Purchase8Reduced | TaxCode::Purchase8ReducedUnregistered => {
            format!("課税仕入 (軽){rate}%")
        }
        TaxCode::PurchaseExempt => "非課税仕入".to_string(),
        TaxCode::NotTaxable => "対象外".to_string(),
        // Money Forward's categories for a bad debt and its recovery, in the
        // pattern of its sales categories; not confirmed against its published
        // list, which could not be read from here (December 2026).
        TaxCode::BadDebt10 => format!("課売-貸倒 {rate}%"),
        TaxCode::BadDebt8Reduced => format!("課売-貸倒 (軽){rate}%"),
        TaxCode::BadDebtRecovered10 => format!("課売-回収 {rate}%"),
        TaxCode::BadDebtRecovered8Reduced => format!("課売-回収 (軽){rate}%"),
    }
}

/// The インボイス column: for a taxable purchase since the qualified-invoice
/// system began, whether an invoice backs it or which share is creditable.
pub fn invoice_column(code: Option<TaxCode>, on: NaiveDate) -> String {
    let Some(code) = code.filter(|c| c.kind() == TaxKind::TaxablePurchase && on >= INVOICE_SYSTEM)
    else {
        return String::new();
    };
    let ratio = code.credit_ratio_on(on);
    if ratio == Decimal::ONE {
        "適格".to_string()
    } else if ratio.is_zero() {
        "控除不可".to_string()
    } else {
        format!("{}%控除", percent(ratio))
    }
}

/// The journal of `period` as Money Forward's import CSV, as the file's bytes.
pub fn moneyforward_journal(
    book: &Book,
    period: Period,
    mapping: &ExportMapping,
) -> Result<Vec<u8>, Problems> {
    let currency = require_yen(book)?;
    let mut rows = vec![HEADER.map(str::to_string).to_vec()];
    for (number, voucher) in vouchers(book, period).iter().enumerate() {
        let date = voucher.entry.date();
        let partner = voucher.entry.partner().unwrap_or_default();
        let side = |side: &Option<Side>| -> [String; 8] {
            let Some(s) = side else {
                return Default::default();
            };
            let [account, sub] = account_columns(book, mapping, s.account);
            [
                account,
                sub,
                String::new(),
                partner.to_string(),
                tax_category(s.tax_code, s.supplied_on(date)),
                invoice_column(s.tax_code, s.supplied_on(date)),
                plain_amount(s.amount, currency),
                plain_amount(s.tax, currency),
            ]
        };
        for line in &voucher.lines {
            let mut row = vec![(number + 1).to_string(), slash_date(date)];
            row.extend(side(&line.debit));
            row.extend(side(&line.credit));
            row.push(voucher.entry.description().to_string());
            row.extend(std::iter::repeat_n(String::new(), 8));
            rows.push(row);
        }
    }
    Ok(write_rows(&rows).into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_has_27_columns_and_invoice_words_follow_the_date() {
        assert_eq!(HEADER.len(), 27);
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            invoice_column(Some(TaxCode::Purchase10), d(2026, 1, 1)),
            "適格"
        );
        assert_eq!(invoice_column(Some(TaxCode::Purchase10), d(2023, 1, 1)), "");
        assert_eq!(
            invoice_column(Some(TaxCode::Purchase10Unregistered), d(2026, 1, 1)),
            "80%控除"
        );
        assert_eq!(invoice_column(Some(TaxCode::Sales10), d(2026, 1, 1)), "");
        assert_eq!(
            tax_category(Some(TaxCode::Sales8Reduced), d(2026, 1, 1)),
            "課税売上 (軽)8%"
        );
    }
}
