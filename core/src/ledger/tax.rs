//! Japanese consumption tax (消費税): tax codes, and the rates and credit ratios
//! by date as a data table, so a new reform is a new row, not new code.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{round, Currency, Rounding};

/// How a line is treated for consumption tax.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxCode {
    /// 課税売上 10%
    Sales10,
    /// 課税売上 8%(軽減)
    Sales8Reduced,
    /// 非課税売上
    SalesExempt,
    /// 免税売上(輸出)
    SalesExport,
    /// 課税仕入 10%(適格請求書あり)
    Purchase10,
    /// 課税仕入 8%(軽減・適格請求書あり)
    Purchase8Reduced,
    /// 課税仕入 10%(適格請求書なし: 経過措置で一部控除)
    Purchase10Unregistered,
    /// 課税仕入 8%(軽減・適格請求書なし)
    Purchase8ReducedUnregistered,
    /// 非課税仕入
    PurchaseExempt,
    /// 対象外・不課税 (wages, taxes, owner's transfers…)
    NotTaxable,
    /// 貸倒れ 10%: a receivable from a taxable sale at 10% written off as
    /// uncollectible, tax included (消費税法39条1項); booked as a debit (貸倒金).
    BadDebt10,
    /// 貸倒れ 8%(軽減).
    BadDebt8Reduced,
    /// 貸倒回収 10%: a receivable written off earlier and collected after all
    /// (消費税法39条3項); booked as a credit (償却債権取立益 or 雑収入).
    BadDebtRecovered10,
    /// 貸倒回収 8%(軽減).
    BadDebtRecovered8Reduced,
}

/// The broad class of a tax code, as the tax return groups them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxKind {
    TaxableSale,
    ExemptSale,
    ExportSale,
    TaxablePurchase,
    ExemptPurchase,
    NotTaxable,
    /// The tax on a written-off receivable comes off the tax on sales (⑥).
    BadDebt,
    /// The tax on a written-off receivable collected later goes back on (③).
    BadDebtRecovery,
}

/// Which of the two rates a taxable code uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RateClass {
    Standard,
    Reduced,
}

/// One period's rates. Rates are the total (national + local) rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaxRate {
    pub from: NaiveDate,
    pub standard: Decimal,
    pub reduced: Decimal,
}

/// A date of a table of dated rules, checked when the table is compiled (every
/// caller is a constant, so a wrong date fails the build, never a user).
pub(crate) const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => panic!("a valid date in the tax table"),
    }
}

/// Consumption tax rates by the date they took effect, oldest first.
pub const RATE_TABLE: &[TaxRate] = &[
    TaxRate {
        from: date(2014, 4, 1),
        standard: Decimal::from_parts(8, 0, 0, false, 2),
        reduced: Decimal::from_parts(8, 0, 0, false, 2),
    },
    TaxRate {
        from: date(2019, 10, 1),
        standard: Decimal::from_parts(10, 0, 0, false, 2),
        reduced: Decimal::from_parts(8, 0, 0, false, 2),
    },
];

/// The share of input tax creditable on purchases from suppliers who are not
/// registered issuers (the transitional measure after the qualified-invoice system
/// began on 2023-10-01), by the date it took effect, oldest first. Before the
/// system began, all input tax was creditable; after the last row, none is.
const UNREGISTERED_CREDIT: &[(NaiveDate, Decimal)] = &[
    (date(2023, 10, 1), Decimal::from_parts(80, 0, 0, false, 2)),
    // The 2026 tax reform (令和8年度改正) replaced the single 50% step with these.
    (date(2026, 10, 1), Decimal::from_parts(70, 0, 0, false, 2)),
    (date(2028, 10, 1), Decimal::from_parts(50, 0, 0, false, 2)),
    (date(2030, 10, 1), Decimal::from_parts(30, 0, 0, false, 2)),
    (date(2031, 10, 1), Decimal::ZERO),
];

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

/// What a taxable purchase is used for, when the credit must be apportioned
/// (個別対応方式, 消費税法30条2項1号): the purchase tax of goods and services
/// used only for taxable sales is credited whole, of those used only for exempt
/// sales not at all, and of the rest (common) in the taxable-sales ratio.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PurchaseUse {
    /// 課税売上げにのみ要するもの.
    TaxableSales,
    /// 非課税売上げにのみ要するもの (a landlord's repairs of a residential flat).
    ExemptSales,
    /// 課税・非課税に共通して要するもの: the default, so an unclassified book
    /// apportions like the 一括比例配分方式.
    #[default]
    Common,
}

impl PurchaseUse {
    pub const ALL: [PurchaseUse; 3] = [
        PurchaseUse::TaxableSales,
        PurchaseUse::ExemptSales,
        PurchaseUse::Common,
    ];
}

/// The most a business may buy from one supplier who is not a registered
/// issuer in a taxable period and still take the transitional credit on it:
/// purchases beyond it (tax included, in date order) get none. By the first day
/// of the taxable periods it applies to, oldest first; a period that starts
/// before the first row has no cap.
/// - ¥1,000,000,000 for periods starting from 2024-10-01 (令和6年度税制改正,
///   平成28年改正法附則52条・53条).
/// - ¥100,000,000 for periods starting from 2026-10-01 (令和8年度税制改正: "一の
///   適格請求書発行事業者以外の者からの課税仕入れの額の合計額がその年又はその事業年度で
///   1億円(現行:10億円)を超える場合には、その超えた部分の課税仕入れについて、本経過措置
///   の適用は認めない", 令和8年10月1日以後に開始する課税期間から; read in the METI
///   outline of the reform as quoted by FPS (fps-net.com), December 2026; the
///   enacted article could not be read here).
pub const TRANSITIONAL_CREDIT_CAPS: &[(NaiveDate, Decimal)] = &[
    (
        date(2024, 10, 1),
        Decimal::from_parts(1_000_000_000, 0, 0, false, 0),
    ),
    (
        date(2026, 10, 1),
        Decimal::from_parts(100_000_000, 0, 0, false, 0),
    ),
];

/// The cap of [`TRANSITIONAL_CREDIT_CAPS`] for a taxable period starting on
/// `period_start`, if any.
pub fn transitional_credit_cap(period_start: NaiveDate) -> Option<Decimal> {
    TRANSITIONAL_CREDIT_CAPS
        .iter()
        .rev()
        .find(|(from, _)| *from <= period_start)
        .map(|(_, cap)| *cap)
}

/// The small-purchase relief (少額特例): a business whose taxable sales were
/// ¥100,000,000 or less in its base period (or ¥50,000,000 or less in its
/// specified period) may credit a taxable purchase under ¥10,000 (tax included,
/// per transaction) on its books alone, without a qualified invoice, for
/// purchases made from 2023-10-01 to 2029-09-30 (所得税法等の一部を改正する法律
/// (平成28年法律第15号) 附則53条の2; dates and thresholds checked against the
/// National Tax Agency's summaries as quoted by tax advisers, December 2026).
/// Whether the business qualifies is the user's to say
/// (`BusinessProfile::small_purchase_relief`).
pub struct SmallPurchaseRelief;

impl SmallPurchaseRelief {
    pub const FIRST_DAY: NaiveDate = date(2023, 10, 1);
    pub const LAST_DAY: NaiveDate = date(2029, 9, 30);
    /// A purchase is small when its tax-included total is below this.
    pub const BELOW: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);

    /// Whether a purchase of `gross` (tax included) made `on` is small enough.
    pub fn covers(gross: Decimal, on: NaiveDate) -> bool {
        (Self::FIRST_DAY..=Self::LAST_DAY).contains(&on) && gross.abs() < Self::BELOW
    }
}

impl TaxCode {
    pub const ALL: [TaxCode; 14] = [
        TaxCode::Sales10,
        TaxCode::Sales8Reduced,
        TaxCode::SalesExempt,
        TaxCode::SalesExport,
        TaxCode::Purchase10,
        TaxCode::Purchase8Reduced,
        TaxCode::Purchase10Unregistered,
        TaxCode::Purchase8ReducedUnregistered,
        TaxCode::PurchaseExempt,
        TaxCode::NotTaxable,
        TaxCode::BadDebt10,
        TaxCode::BadDebt8Reduced,
        TaxCode::BadDebtRecovered10,
        TaxCode::BadDebtRecovered8Reduced,
    ];

    pub fn kind(&self) -> TaxKind {
        use TaxCode::*;
        match self {
            Sales10 | Sales8Reduced => TaxKind::TaxableSale,
            SalesExempt => TaxKind::ExemptSale,
            SalesExport => TaxKind::ExportSale,
            Purchase10
            | Purchase8Reduced
            | Purchase10Unregistered
            | Purchase8ReducedUnregistered => TaxKind::TaxablePurchase,
            PurchaseExempt => TaxKind::ExemptPurchase,
            NotTaxable => TaxKind::NotTaxable,
            BadDebt10 | BadDebt8Reduced => TaxKind::BadDebt,
            BadDebtRecovered10 | BadDebtRecovered8Reduced => TaxKind::BadDebtRecovery,
        }
    }

    /// The purchase code of the same rate as a sales code (an item's tax code
    /// on a purchase order); a purchase code or 不課税 is its own counterpart.
    /// An export sale is bought taxed at the standard rate.
    pub fn purchase_counterpart(self) -> TaxCode {
        use TaxCode::*;
        match self {
            Sales10 | SalesExport => Purchase10,
            Sales8Reduced => Purchase8Reduced,
            SalesExempt => PurchaseExempt,
            other => other,
        }
    }

    fn rate_class(&self) -> Option<RateClass> {
        use TaxCode::*;
        match self {
            Sales10 | Purchase10 | Purchase10Unregistered | BadDebt10 | BadDebtRecovered10 => {
                Some(RateClass::Standard)
            }
            Sales8Reduced
            | Purchase8Reduced
            | Purchase8ReducedUnregistered
            | BadDebt8Reduced
            | BadDebtRecovered8Reduced => Some(RateClass::Reduced),
            _ => None,
        }
    }

    /// Whether the code is a reduced-rate (軽減税率) one: marked on invoices.
    pub fn is_reduced(&self) -> bool {
        self.rate_class() == Some(RateClass::Reduced)
    }

    /// The registered counterpart of an unregistered purchase code (itself for
    /// any other code).
    pub fn registered_counterpart(self) -> TaxCode {
        match self {
            TaxCode::Purchase10Unregistered => TaxCode::Purchase10,
            TaxCode::Purchase8ReducedUnregistered => TaxCode::Purchase8Reduced,
            other => other,
        }
    }

    /// Whether the purchase lacks a qualified invoice.
    pub fn is_unregistered(&self) -> bool {
        matches!(
            self,
            TaxCode::Purchase10Unregistered | TaxCode::Purchase8ReducedUnregistered
        )
    }

    /// The tax rate on a date (zero for codes that carry no tax).
    pub fn rate_on(&self, on: NaiveDate) -> Decimal {
        let Some(class) = self.rate_class() else {
            return Decimal::ZERO;
        };
        let Some(row) = RATE_TABLE.iter().rev().find(|r| r.from <= on) else {
            return Decimal::ZERO;
        };
        match class {
            RateClass::Standard => row.standard,
            RateClass::Reduced => row.reduced,
        }
    }

    /// The share of this purchase's tax that can be credited, on a date.
    pub fn credit_ratio_on(&self, on: NaiveDate) -> Decimal {
        if self.kind() != TaxKind::TaxablePurchase {
            return Decimal::ZERO;
        }
        if !self.is_unregistered() {
            return Decimal::ONE;
        }
        UNREGISTERED_CREDIT
            .iter()
            .rev()
            .find(|(from, _)| *from <= on)
            .map_or(Decimal::ONE, |(_, ratio)| *ratio)
    }

    /// The tax contained in a tax-included amount: `gross × rate / (1 + rate)`,
    /// rounded once by the named rule.
    pub fn tax_in_gross(
        &self,
        gross: Decimal,
        on: NaiveDate,
        currency: Currency,
        rule: Rounding,
    ) -> Decimal {
        let rate = self.rate_on(on);
        round(gross * rate / (Decimal::ONE + rate), currency, rule)
    }

    /// The tax on a tax-excluded amount: `net × rate`, rounded once by the named rule.
    pub fn tax_on_net(
        &self,
        net: Decimal,
        on: NaiveDate,
        currency: Currency,
        rule: Rounding,
    ) -> Decimal {
        round(net * self.rate_on(on), currency, rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rates_follow_the_table_by_date() {
        assert_eq!(TaxCode::Sales10.rate_on(date(2019, 9, 30)), d("0.08"));
        assert_eq!(TaxCode::Sales10.rate_on(date(2019, 10, 1)), d("0.10"));
        assert_eq!(TaxCode::Sales8Reduced.rate_on(date(2026, 1, 1)), d("0.08"));
        assert_eq!(
            TaxCode::SalesExempt.rate_on(date(2026, 1, 1)),
            Decimal::ZERO
        );
        assert_eq!(TaxCode::NotTaxable.rate_on(date(2026, 1, 1)), Decimal::ZERO);
    }

    #[test]
    fn unregistered_purchases_are_partly_creditable() {
        let code = TaxCode::Purchase10Unregistered;
        assert_eq!(code.credit_ratio_on(date(2023, 9, 30)), Decimal::ONE);
        assert_eq!(code.credit_ratio_on(date(2026, 9, 30)), d("0.80"));
        assert_eq!(code.credit_ratio_on(date(2026, 10, 1)), d("0.70"));
        assert_eq!(code.credit_ratio_on(date(2031, 10, 1)), Decimal::ZERO);
        assert_eq!(
            TaxCode::Purchase10.credit_ratio_on(date(2030, 1, 1)),
            Decimal::ONE
        );
        assert_eq!(
            TaxCode::Sales10.credit_ratio_on(date(2026, 1, 1)),
            Decimal::ZERO
        );
    }

    #[test]
    fn tax_is_split_out_and_rounded_down_by_default() {
        let on = date(2026, 4, 1);
        let jpy = Currency::JPY;
        assert_eq!(
            TaxCode::Purchase10.tax_in_gross(d("11000"), on, jpy, Rounding::Down),
            d("1000")
        );
        // 1,234 × 10/110 = 112.18… → 112
        assert_eq!(
            TaxCode::Purchase10.tax_in_gross(d("1234"), on, jpy, Rounding::Down),
            d("112")
        );
        // 1,080 × 8/108 = 80
        assert_eq!(
            TaxCode::Sales8Reduced.tax_in_gross(d("1080"), on, jpy, Rounding::Down),
            d("80")
        );
        assert_eq!(
            TaxCode::Sales10.tax_on_net(d("999"), on, jpy, Rounding::Down),
            d("99")
        );
        assert_eq!(
            TaxCode::Sales10.tax_on_net(d("995"), on, jpy, Rounding::HalfUp),
            d("100")
        );
    }
}
