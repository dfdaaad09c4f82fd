//! The consumption-tax return's names: its boxes (as printed on the forms of
//! 令和5年10月1日以後終了課税期間分), the special rules, warnings and errors.

use kura_core::ledger::{BusinessClass, PurchaseUse};
use kura_core::locale::{format_date, Locale};
use kura_core::reports::tax_return::deemed::DeemedFormula;
use kura_core::reports::tax_return::rules::SpecialRule;
use kura_core::reports::{Apportionment, ReturnBox, ReturnWarning, TaxReturnError};

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
        (Locale::Ja, ReturnWarning::Apportioned { ratio, method }) => format!(
            "課税売上割合{}が95%未満か、課税売上高が5億円を超えるため、仕入税額を{}で按分しました。個別対応方式の用途は勘定科目の「仕入の用途」から読みます(未設定は共通)。",
            ratio.map(|r| format!("({})", percent(r))).unwrap_or_default(),
            apportionment_name(*method, locale)
        ),
        (Locale::En, ReturnWarning::Apportioned { ratio, method }) => format!(
            "The taxable-sales ratio{} is under 95% or taxable sales exceed ¥500 million, so input tax is apportioned by the {}. The use of each purchase is its account's \"purchases are used for\" (common when not set).",
            ratio.map(|r| format!(" ({})", percent(r))).unwrap_or_default(),
            apportionment_name(*method, locale)
        ),
        (Locale::Ja, ReturnWarning::TransitionalCapExceeded { suppliers }) => format!(
            "適格請求書発行事業者以外の同じ仕入先からの課税仕入れが、この課税期間の上限を超えました({})。超えた部分には経過措置(80%・70%控除など)を適用していません。",
            over_cap_list(suppliers, locale)
        ),
        (Locale::En, ReturnWarning::TransitionalCapExceeded { suppliers }) => format!(
            "Purchases from one supplier without registration went over this period's cap ({}); the part over it gets no transitional credit.",
            over_cap_list(suppliers, locale)
        ),
        (Locale::Ja, ReturnWarning::UnassignedTax { entries }) => format!(
            "仮払・仮受消費税の行が課税取引に結びつかない仕訳が{entries}件あり、その税額はどの欄にも入っていません。税区分の一覧から確かめてください。"
        ),
        (Locale::En, ReturnWarning::UnassignedTax { entries }) => format!(
            "{entries} entries have a tax-account line that no taxable line explains; their tax is in no box. Check them from the tax-code list."
        ),
    }
}

/// The labels of the return's working figures (付表2-3, 付表5-3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailLabel {
    /// The toolbar's choice of apportionment method.
    Apportionment,
    ApportionedTitle,
    ClassesTitle,
    Ratio,
    Formula,
}

pub fn detail_label(label: DetailLabel, locale: Locale) -> &'static str {
    use DetailLabel::*;
    let ja = locale == Locale::Ja;
    let pick = |j: &'static str, e: &'static str| if ja { j } else { e };
    match label {
        Apportionment => pick("按分の方式(95%未満のとき)", "Apportionment (under 95%)"),
        ApportionedTitle => pick(
            "仕入税額の按分(付表2-3、国税分)",
            "Input tax apportioned (付表2-3, national tax)",
        ),
        ClassesTitle => pick(
            "事業区分別の課税売上高(付表5-3、税抜)",
            "Taxable sales by business class (付表5-3, tax excluded)",
        ),
        Ratio => pick("課税売上割合", "Taxable-sales ratio"),
        Formula => pick("控除対象仕入税額の計算式", "Formula of the deemed credit"),
    }
}

/// The apportionment method's name.
pub fn apportionment_name(method: Apportionment, locale: Locale) -> &'static str {
    match (locale, method) {
        (Locale::Ja, Apportionment::Individual) => "個別対応方式",
        (Locale::Ja, Apportionment::Proportional) => "一括比例配分方式",
        (Locale::En, Apportionment::Individual) => "individual method (個別対応方式)",
        (Locale::En, Apportionment::Proportional) => "proportional method (一括比例配分方式)",
    }
}

/// What a purchase account's purchases are used for.
pub fn purchase_use_name(purchase_use: PurchaseUse, locale: Locale) -> &'static str {
    match (locale, purchase_use) {
        (Locale::Ja, PurchaseUse::TaxableSales) => "課税売上げにのみ要するもの",
        (Locale::Ja, PurchaseUse::ExemptSales) => "非課税売上げにのみ要するもの",
        (Locale::Ja, PurchaseUse::Common) => "共通して要するもの",
        (Locale::En, PurchaseUse::TaxableSales) => "Taxable sales only",
        (Locale::En, PurchaseUse::ExemptSales) => "Exempt sales only",
        (Locale::En, PurchaseUse::Common) => "Both (common)",
    }
}

/// Which formula gave the simplified method's deemed ratio. `class` names a
/// business class.
pub fn deemed_formula_text(
    formula: DeemedFormula,
    locale: Locale,
    class: impl Fn(BusinessClass) -> String,
) -> String {
    use DeemedFormula::*;
    match (locale, formula) {
        (Locale::Ja, SingleClass { class: c }) => format!("1種類の事業: {}", class(c)),
        (Locale::En, SingleClass { class: c }) => format!("One class: {}", class(c)),
        (Locale::Ja, Weighted) => "原則計算(事業区分ごとのみなし仕入率の加重平均)".into(),
        (Locale::En, Weighted) => "Each class at its own ratio (weighted)".into(),
        (Locale::Ja, OneClass { class: c }) => {
            format!(
                "特例計算: 75%以上の事業 {} のみなし仕入率を全体に適用",
                class(c)
            )
        }
        (Locale::En, OneClass { class: c }) => {
            format!(
                "Special: {} has 75% or more, its ratio for all sales",
                class(c)
            )
        }
        (Locale::Ja, TwoClasses { higher, lower }) => format!(
            "特例計算: 2事業で75%以上 — {} はそのみなし仕入率、その他は {} のみなし仕入率",
            class(higher),
            class(lower)
        ),
        (Locale::En, TwoClasses { higher, lower }) => format!(
            "Special: two classes with 75% or more — {} at its ratio, all else at {}'s",
            class(higher),
            class(lower)
        ),
    }
}

/// "name ¥amount over, …" of the suppliers over the cap.
fn over_cap_list(suppliers: &[(String, rust_decimal::Decimal)], locale: Locale) -> String {
    suppliers
        .iter()
        .map(|(name, over)| {
            let over =
                kura_core::locale::format_money(*over, kura_core::money::Currency::JPY, locale);
            format!("{name} +{over}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn percent(ratio: rust_decimal::Decimal) -> String {
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
