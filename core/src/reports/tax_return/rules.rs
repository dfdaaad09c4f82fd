//! The dated rules of the consumption-tax return (消費税及び地方消費税の申告書).
//!
//! Each rule is data with the law it comes from. Verified against public
//! sources in December 2026; where a source could not be read in its enacted
//! form, the rule says so.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::ledger::table_date as date;
use crate::reports::Period;

/// The first day of today's two rates (10% and 8% reduced, national 7.8% and
/// 6.24%): 2019-10-01 (社会保障の安定財源の確保等を図る税制の抜本的な改革を行うための
/// 消費税法の一部を改正する等の法律; 地方税法72条の83). A period that reaches before
/// it would need the old rates' columns, which this return does not have.
pub const CURRENT_RATES_FROM: NaiveDate = date(2019, 10, 1);

/// The national share of a tax amount at either current rate: 7.8/10 = 6.24/8
/// = 78/100. The 積上げ figures (tax on invoices, 消費税法施行令46条, 施行令46条の2) are
/// taken × 78/100.
pub const NATIONAL_SHARE: Decimal = Decimal::from_parts(78, 0, 0, false, 2);

/// The local consumption tax (地方消費税, 譲渡割) is 22/78 of the national tax
/// (地方税法72条の83).
pub const LOCAL_NUMERATOR: Decimal = Decimal::from_parts(22, 0, 0, false, 0);
pub const LOCAL_DENOMINATOR: Decimal = Decimal::from_parts(78, 0, 0, false, 0);

/// The ratio of taxable sales (課税売上割合) under which input tax must be
/// apportioned (個別対応方式 or 一括比例配分方式): 95% (消費税法30条2項).
pub const FULL_CREDIT_RATIO: Decimal = Decimal::from_parts(95, 0, 0, false, 2);

/// Taxable sales above which input tax is apportioned whatever the ratio:
/// ¥500,000,000 a year (消費税法30条2項, since periods starting 2012-04-01).
pub const FULL_CREDIT_SALES_CAP: Decimal = Decimal::from_parts(500_000_000, 0, 0, false, 0);

/// The special rules that let a small business pay a fixed share of its
/// output tax, for the transition to qualified invoices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecialRule {
    /// 2割特例: the credit is 80% of the output tax, so 20% is paid.
    TwentyPercent,
    /// 3割特例: individuals only; the credit is 70%, so 30% is paid.
    ThirtyPercent,
}

/// One special rule and the taxable periods it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpecialRuleSpan {
    pub rule: SpecialRule,
    /// A taxable period qualifies if it contains any day from `first` to
    /// `last` (both included).
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// The share of the output tax credited.
    pub credit_ratio: Decimal,
    /// Where the rule is written.
    pub source: &'static str,
}

/// The special rules by the periods they cover, the earlier rule first: a
/// period that both would cover takes the first.
///
/// Kura checks only the dates. The other conditions are the user's to confirm:
/// the business would be exempt (基準期間の課税売上高 ¥10,000,000 or less, and so
/// on) but for its registration as a qualified-invoice issuer, and the period is
/// not a shortened one (課税期間の特例).
pub const SPECIAL_RULES: &[SpecialRuleSpan] = &[
    SpecialRuleSpan {
        rule: SpecialRule::TwentyPercent,
        first: date(2023, 10, 1),
        last: date(2026, 9, 30),
        credit_ratio: Decimal::from_parts(80, 0, 0, false, 2),
        source: "所得税法等の一部を改正する法律(平成28年法律第15号)附則51条の2: \
                 taxable periods containing a day from 2023-10-01 to 2026-09-30 \
                 (for an individual, the calendar years 2023 to 2026)",
    },
    SpecialRuleSpan {
        rule: SpecialRule::ThirtyPercent,
        first: date(2027, 1, 1),
        last: date(2028, 12, 31),
        credit_ratio: Decimal::from_parts(70, 0, 0, false, 2),
        source: "令和8年度税制改正: individuals' taxable periods of 2027 and 2028 \
                 (令和9年・令和10年), payable 30% of the output tax. Read from the \
                 reform outline and tax advisers' summaries of it; the enacted \
                 article could not be read here, so confirm before filing.",
    },
];

impl SpecialRule {
    /// The rule that covers a taxable period, if any (by its dates alone).
    pub fn for_period(period: Period) -> Option<SpecialRuleSpan> {
        SPECIAL_RULES
            .iter()
            .find(|s| period.from <= s.last && s.first <= period.to)
            .copied()
    }

    /// The share of the output tax paid: 20 or 30 (percent).
    pub fn payable_percent(&self) -> u8 {
        match self {
            SpecialRule::TwentyPercent => 20,
            SpecialRule::ThirtyPercent => 30,
        }
    }
}
