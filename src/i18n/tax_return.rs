//! The consumption-tax return's names: its boxes (as printed on the forms of
//! 令和5年10月1日以後終了課税期間分), the special rules, warnings and errors.

use kura_core::locale::{format_date, Locale};
use kura_core::reports::tax_return::rules::SpecialRule;
use kura_core::reports::{ReturnBox, ReturnWarning, TaxReturnError};

/// A box's name; ③ and ⑮ differ between the 一般用 and the 簡易課税用 form.
pub fn return_box_name(b: ReturnBox, simplified_form: bool, locale: Locale) -> &'static str {
    use ReturnBox::*;
    let ja = locale == Locale::Ja;
    let pick = |j: &'static str, e: &'static str| if ja { j } else { e };
    match b {
        TaxBase => pick("課税標準額", "Taxable base"),
        Tax => pick("消費税額", "Consumption tax"),
        Adjustment if simplified_form => {
            pick("貸倒回収に係る消費税額", "Tax on bad debts recovered")
        }
        Adjustment => pick("控除過大調整税額", "Adjustment for excess credit"),
        PurchaseCredit => pick("控除対象仕入税額", "Creditable input tax"),
        ReturnsTax => pick("返還等対価に係る税額", "Tax on returns and discounts"),
        BadDebtTax => pick("貸倒れに係る税額", "Tax on bad debts"),
        CreditTotal => pick("控除税額小計", "Credits, subtotal"),
        Refund => pick("控除不足還付税額", "Refund (credits over tax)"),
        NetTax => pick("差引税額", "Net tax"),
        InterimTax => pick("中間納付税額", "Interim payments"),
        TaxPayable => pick("納付税額", "Tax payable"),
        InterimRefund => pick("中間納付還付税額", "Interim payments refunded"),
        TaxableSales if simplified_form => {
            pick("この課税期間の課税売上高", "Taxable sales of this period")
        }
        TaxableSales => pick(
            "課税売上割合: 課税資産の譲渡等の対価の額",
            "Taxable-sales ratio: taxable sales",
        ),
        AllSales => pick(
            "課税売上割合: 資産の譲渡等の対価の額",
            "Taxable-sales ratio: all sales",
        ),
        LocalBaseRefund => pick(
            "地方消費税の課税標準となる消費税額: 控除不足還付税額",
            "Local tax base: refund",
        ),
        LocalBaseNet => pick(
            "地方消費税の課税標準となる消費税額: 差引税額",
            "Local tax base: net tax",
        ),
        LocalRefund => pick("譲渡割額: 還付額", "Local tax: refund"),
        LocalTax => pick("譲渡割額: 納税額", "Local tax: due"),
        InterimLocal => pick("中間納付譲渡割額", "Interim local payments"),
        LocalPayable => pick("納付譲渡割額", "Local tax payable"),
        InterimLocalRefund => pick("中間納付還付譲渡割額", "Interim local payments refunded"),
        Total => pick(
            "消費税及び地方消費税の合計(納付又は還付)税額",
            "Consumption and local tax, total (negative: refund)",
        ),
    }
}

/// The special rule's name.
pub fn special_rule_name(rule: SpecialRule, locale: Locale) -> &'static str {
    match (locale, rule) {
        (Locale::Ja, SpecialRule::TwentyPercent) => "2割特例",
        (Locale::Ja, SpecialRule::ThirtyPercent) => "3割特例",
        (Locale::En, SpecialRule::TwentyPercent) => "20% special rule",
        (Locale::En, SpecialRule::ThirtyPercent) => "30% special rule",
    }
}

pub fn return_warning(warning: &ReturnWarning, locale: Locale) -> String {
    match (locale, warning) {
        (Locale::Ja, ReturnWarning::ApportionmentNeeded { ratio }) => format!(
            "課税売上割合{}が95%未満か、課税売上高が5億円を超えます。仕入税額は個別対応方式か一括比例配分方式で按分しなければなりませんが、Kuraはまだ按分しません。この控除対象仕入税額は全額控除の金額です。",
            ratio.map(|r| format!("({})", percent(r))).unwrap_or_default()
        ),
        (Locale::En, ReturnWarning::ApportionmentNeeded { ratio }) => format!(
            "The taxable-sales ratio{} is under 95% or taxable sales exceed ¥500 million: input tax must be apportioned (個別対応方式 or 一括比例配分方式), which Kura does not do yet. The credit shown is the full credit.",
            ratio.map(|r| format!(" ({})", percent(r))).unwrap_or_default()
        ),
        (Locale::Ja, ReturnWarning::UnassignedTax { entries }) => format!(
            "仮払・仮受消費税の行が課税取引に結びつかない仕訳が{entries}件あり、その税額はどの欄にも入っていません。税区分の一覧から確かめてください。"
        ),
        (Locale::En, ReturnWarning::UnassignedTax { entries }) => format!(
            "{entries} entries have a tax-account line that no taxable line explains; their tax is in no box. Check them from the tax-code list."
        ),
    }
}

fn percent(ratio: rust_decimal::Decimal) -> String {
    format!(
        "{}%",
        (ratio * rust_decimal::Decimal::ONE_HUNDRED)
            .round_dp(2)
            .normalize()
    )
}

pub fn tax_return_error(error: &TaxReturnError, locale: Locale) -> String {
    use TaxReturnError::*;
    match (locale, error) {
        (Locale::Ja, NotYen { currency }) => {
            format!("申告書の金額は円で計算します。この帳簿の通貨は{currency}です。")
        }
        (Locale::En, NotYen { currency }) => {
            format!("The return is figured in yen; this book keeps {currency}.")
        }
        (Locale::Ja, BeforeCurrentRates { from }) => format!(
            "期間の開始日 {} は税率10%・8%の開始(2019年10月1日)より前です。2019年10月1日以後の期間を選んでください。",
            format_date(*from, locale)
        ),
        (Locale::En, BeforeCurrentRates { from }) => format!(
            "The period starts on {}, before the 10% and 8% rates (1 October 2019). Choose a period from then on.",
            format_date(*from, locale)
        ),
        (Locale::Ja, NoSpecialRule { .. }) => {
            "この期間に使える特例(2割特例・3割特例)はありません。一般課税か簡易課税を選んでください。".into()
        }
        (Locale::En, NoSpecialRule { .. }) => {
            "No special rule (20% or 30%) covers this period. Choose the general or the simplified method.".into()
        }
        (Locale::Ja, NegativeInterim) => "中間納付税額にマイナスは入力できません。".into(),
        (Locale::En, NegativeInterim) => "An interim payment cannot be negative.".into(),
    }
}
