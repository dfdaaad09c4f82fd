//! Sales and purchasing errors from the core, in the user's language.

use kura_core::locale::{format_date, format_money, format_number, Locale};
use kura_core::money::Currency;
use kura_core::trade::{LineProblem, PartnerError, StatedTaxProblem, TradeError};

use super::{inventory_error, journal_error, limit_error, messages};

pub fn partner_error(error: &PartnerError, locale: Locale) -> String {
    use PartnerError::*;
    match (locale, error) {
        (Locale::Ja, BlankName) => "取引先名を入力してください。".into(),
        (Locale::En, BlankName) => "Enter the partner's name.".into(),
        (Locale::Ja, NameTooLong { max }) => format!("{max}文字以内で入力してください。"),
        (Locale::En, NameTooLong { max }) => format!("Use at most {max} characters."),
        (Locale::Ja, NoRole) => "得意先・仕入先の少なくとも一方を選んでください。".into(),
        (Locale::En, NoRole) => "Mark the partner as a customer, a supplier, or both.".into(),
        (Locale::Ja, RegistrationFormat) => {
            "登録番号は「T」と13桁の数字です(例: T1234567890123)。".into()
        }
        (Locale::En, RegistrationFormat) => {
            "A registration number is T and 13 digits (T1234567890123).".into()
        }
        (Locale::Ja, RegistrationCheckDigit) => {
            "登録番号のチェックディジットが合いません。入力ミスがないか確認してください。請求書や公表サイトの番号どおりなら、下の「この番号で保存する」を選んでください。".into()
        }
        (Locale::En, RegistrationCheckDigit) => {
            "The registration number's check digit does not match; check it for a typo. If it is the number on the invoice or the public register, tick \"Keep this number\" below.".into()
        }
        (Locale::Ja, RegistrationEndsBeforeItStarts { .. }) => {
            "失効年月日は登録年月日より後の日付にしてください。".into()
        }
        (Locale::En, RegistrationEndsBeforeItStarts { .. }) => {
            "The registration's end must come after the day it took effect.".into()
        }
        (Locale::Ja, RegistrationDatesWithoutRegistration) => {
            "登録年月日・失効年月日は、適格請求書発行事業者にチェックを入れてから入力してください。".into()
        }
        (Locale::En, RegistrationDatesWithoutRegistration) => {
            "Registration dates are for a registered issuer: tick that box first.".into()
        }
        (Locale::Ja, RegisteredWithoutNumber) => {
            "適格請求書発行事業者には登録番号が必要です。".into()
        }
        (Locale::En, RegisteredWithoutNumber) => {
            "A registered issuer needs a registration number.".into()
        }
        (Locale::Ja, InvalidTermsDay) => "締め日・支払日は1〜28日か月末を選んでください。".into(),
        (Locale::En, InvalidTermsDay) => {
            "A closing or paying day is from 1 to 28, or the end of the month.".into()
        }
        (Locale::Ja, NotFound) => "この取引先は見つかりません。".into(),
        (Locale::En, NotFound) => "The partner was not found.".into(),
    }
}

/// Why the tax typed from a supplier's invoice for the group at `rate` cannot
/// be taken.
fn stated_tax_problem(
    rate: rust_decimal::Decimal,
    stated: rust_decimal::Decimal,
    problem: &StatedTaxProblem,
    locale: Locale,
    currency: Currency,
) -> String {
    use StatedTaxProblem::*;
    let money = |amount| format_money(amount, currency, locale);
    let rate = format!(
        "{}%",
        format_number(rate * rust_decimal::Decimal::ONE_HUNDRED, 0)
    );
    match (locale, problem) {
        (Locale::Ja, NotABill) => "仕入先の請求書の消費税額は、仕入(請求書の受領)にだけ入れられます。".into(),
        (Locale::En, NotABill) => "Only a bill carries the tax of a supplier's invoice.".into(),
        (Locale::Ja, NoLines) => format!("{rate}の明細がないので、{rate}の消費税額({})は入れられません。欄を空にしてください。", money(stated)),
        (Locale::En, NoLines) => format!("No line is at {rate}, so the tax at {rate} ({}) cannot be taken: clear that field.", money(stated)),
        (Locale::Ja, Twice) => format!("{rate}の消費税額が二つあります。一つにしてください。"),
        (Locale::En, Twice) => format!("The tax at {rate} is given twice; give it once."),
        (Locale::Ja, Negative) => format!("{rate}の消費税額はマイナスにできません。"),
        (Locale::En, Negative) => format!("The tax at {rate} cannot be negative."),
        (Locale::Ja, TooManyDecimals) => format!("{rate}の消費税額の小数点以下が通貨の桁数を超えています。"),
        (Locale::En, TooManyDecimals) => format!("The tax at {rate} has more decimals than the currency allows."),
        (Locale::Ja, TooLarge(error)) => format!("{rate}の消費税額が大きすぎます。{}までにしてください。", format_number(error.limit, 0)),
        (Locale::En, TooLarge(error)) => format!("The tax at {rate} is too large: Kura accepts up to {}.", format_number(error.limit, 0)),
        (Locale::Ja, FarFromComputed { computed, allowed }) => format!(
            "{rate}の消費税額 {} は、明細から計算した {} と端数処理の差(最大 {})を超えて違います。仕入先の請求書の金額と明細を確かめてください。",
            money(stated), money(*computed), money(*allowed)
        ),
        (Locale::En, FarFromComputed { computed, allowed }) => format!(
            "The tax at {rate}, {}, differs from the {} the lines give by more than rounding ({} at most). Check the figure on the supplier's invoice, and the lines.",
            money(stated), money(*computed), money(*allowed)
        ),
    }
}

fn line_problem(problem: &LineProblem, locale: Locale) -> String {
    use LineProblem::*;
    match (locale, problem) {
        (Locale::Ja, BlankDescription) => "品名・内容を入力してください。".into(),
        (Locale::En, BlankDescription) => "enter what it is.".into(),
        (Locale::Ja, ZeroQuantity) => "数量を入力してください。".into(),
        (Locale::En, ZeroQuantity) => "enter a quantity.".into(),
        (Locale::Ja, Negative) => {
            "単価と値引はマイナスにできません(返品・値引は返還請求書で)。".into()
        }
        (Locale::En, Negative) => {
            "prices and discounts cannot be negative (use a credit note).".into()
        }
        (Locale::Ja, WrongSideTaxCode) => {
            "売上の書類には売上の税区分、仕入には仕入の税区分を選んでください。".into()
        }
        (Locale::En, WrongSideTaxCode) => {
            "use a sales tax code on a sale and a purchase code on a purchase.".into()
        }
        (Locale::Ja, ExceedsRemaining { remaining }) => {
            format!("元の書類の残り({remaining})を超えています。")
        }
        (Locale::En, ExceedsRemaining { remaining }) => {
            format!("is more than the {remaining} left on the earlier document.")
        }
        (Locale::Ja, BadAccount) => "勘定科目が存在しないかアーカイブ済みです。".into(),
        (Locale::En, BadAccount) => "uses an account that does not exist or is archived.".into(),
        (_, TooLarge(error)) => limit_error(error, locale),
    }
}

/// A refused sales or purchasing command as a sentence. Amounts in `currency`.
pub fn trade_error(error: &TradeError, locale: Locale, currency: Currency) -> String {
    use TradeError::*;
    let t = messages(locale);
    let money = |amount| format_money(amount, currency, locale);
    match (locale, error) {
        (_, Journal(inner)) => journal_error(inner, locale),
        (_, Inventory(inner)) => inventory_error(inner, locale),
        (Locale::Ja, Line { line, problem }) => format!("{line}行目: {}", line_problem(problem, locale)),
        (Locale::En, Line { line, problem }) => format!("Line {line}: {}", line_problem(problem, locale)),
        (Locale::Ja, PartnerNotFound) => "取引先を選んでください。".into(),
        (Locale::En, PartnerNotFound) => "Choose a partner.".into(),
        (Locale::Ja, NotACustomer) => "この取引先は得意先ではありません。取引先の設定で得意先にしてください。".into(),
        (Locale::En, NotACustomer) => "This partner is not a customer; mark it as one on its page.".into(),
        (Locale::Ja, NotASupplier) => "この取引先は仕入先ではありません。取引先の設定で仕入先にしてください。".into(),
        (Locale::En, NotASupplier) => "This partner is not a supplier; mark it as one on its page.".into(),
        (Locale::Ja, DocumentNotFound) => "この書類は見つかりません。".into(),
        (Locale::En, DocumentNotFound) => "The document was not found.".into(),
        (Locale::Ja, NoLines) => "明細を1行以上入力してください。".into(),
        (Locale::En, NoLines) => "Add at least one line.".into(),
        (Locale::Ja, NotADraft) => "発行済みの書類は編集できません。取り消してから作り直してください。".into(),
        (Locale::En, NotADraft) => "An issued document cannot be edited. Cancel it and issue a new one.".into(),
        (Locale::Ja, NotIssued) => "発行済みの書類でのみ行えます。".into(),
        (Locale::En, NotIssued) => "Only an issued document can do this.".into(),
        (_, CannotFollow { from, to }) => match locale {
            Locale::Ja => format!("{}から{}は作れません。", (t.doc_kind_name)(*from), (t.doc_kind_name)(*to)),
            Locale::En => format!("A {} cannot be made from a {}.", (t.doc_kind_name)(*to), (t.doc_kind_name)(*from)),
        },
        (Locale::Ja, MixedPartners) => "まとめる書類は同じ取引先のものにしてください。".into(),
        (Locale::En, MixedPartners) => "Documents combined into one must have the same partner.".into(),
        (Locale::Ja, NothingLeft) => "この書類の明細はすべて次の書類に引き継ぎ済みです。".into(),
        (Locale::En, NothingLeft) => "Everything on this document has already been carried forward.".into(),
        (Locale::Ja, HasPayments) => "入出金が消し込まれています。先に入出金を取り消してください。".into(),
        (Locale::En, HasPayments) => "Payments are allocated to it; cancel them first.".into(),
        (Locale::Ja, HasFollowers) => "この書類から作った書類があります。先にそれを取り消してください。".into(),
        (Locale::En, HasFollowers) => "Later documents were made from it; cancel them first.".into(),
        (Locale::Ja, CreditExceedsInvoice { uncredited }) => format!("返還額が請求書のまだ返還していない額({})を超えています。", money(*uncredited)),
        (Locale::En, CreditExceedsInvoice { uncredited }) => format!("The credit is more than is left to credit of the invoice ({}).", money(*uncredited)),
        (Locale::Ja, CreditNoteWithoutSale) => "返品・値引の元になった請求書を選ぶか、対象取引期間を入力してください。".into(),
        (Locale::En, CreditNoteWithoutSale) => "Choose the invoice this credits, or give the period of the sales it returns or discounts.".into(),
        (Locale::Ja, SupplyPeriodAfterNote { date, .. }) => format!("対象取引期間は返還請求書の日付({})までの期間にしてください。", format_date(*date, locale)),
        (Locale::En, SupplyPeriodAfterNote { date, .. }) => format!("The sales period must end by the credit note's date ({}).", format_date(*date, locale)),
        (_, StatedTax { rate, stated, problem, .. }) => stated_tax_problem(*rate, *stated, problem, locale, currency),
        (_, MissingRole(role)) => match locale {
            Locale::Ja => format!("勘定科目に用途「{}」の科目がありません。勘定科目画面で設定してください。", (t.account_role_name)(*role)),
            Locale::En => format!("No account has the role “{}”. Set one on the chart of accounts page.", (t.account_role_name)(*role)),
        },
        (Locale::Ja, NoNumberSeries) => "この端末にはまだこの帳簿の採番枠がありません。同期画面で、ほかの端末が書き出した変更ファイルを取り込むと、その場で採番枠を受け取り、発行できるようになります。".into(),
        (Locale::En, NoNumberSeries) => "This device has no number series in this book yet. On the Sync page, import a file of changes exported by another device: this device receives a series from it and can issue at once.".into(),
        (Locale::Ja, SeriesExhausted { series }) => format!("採番枠 {series} の番号（最大 4,294,967,295）を使い切りました。別の年の日付で発行するか、別の端末から発行してください。"),
        (Locale::En, SeriesExhausted { series }) => format!("The number series {series} has used its last number (4,294,967,295). Issue with a date in another year, or from another device."),
        (Locale::Ja, NothingToConsolidate) => "締め日までに請求していない納品書がありません。".into(),
        (Locale::En, NothingToConsolidate) => "No delivery notes up to the closing date are waiting to be invoiced.".into(),
        (Locale::Ja, PaymentNotFound) => "この入出金は見つかりません。".into(),
        (Locale::En, PaymentNotFound) => "The payment was not found.".into(),
        (Locale::Ja, AlreadyCancelled) => "すでに取り消されています。".into(),
        (Locale::En, AlreadyCancelled) => "It is already cancelled.".into(),
        (Locale::Ja, ZeroPayment) => "金額を入力してください。".into(),
        (Locale::En, ZeroPayment) => "Enter an amount.".into(),
        (Locale::Ja, InvalidDeduction) => "手数料と源泉徴収額はマイナスにできません。源泉徴収額は入金にだけ入力できます。".into(),
        (Locale::En, InvalidDeduction) => "A fee or withheld tax cannot be negative, and only money received has tax withheld.".into(),
        (Locale::Ja, NotACashAccount) => "入出金の口座は現金か預金の科目を選んでください。".into(),
        (Locale::En, NotACashAccount) => "Choose a cash or bank account for the money.".into(),
        (Locale::Ja, AllocationMismatch { allocated, settled }) => format!("消込額の合計 {} が入出金で消し込む額 {} と一致しません。", money(*allocated), money(*settled)),
        (Locale::En, AllocationMismatch { allocated, settled }) => format!("The allocations add up to {}, but the payment settles {}.", money(*allocated), money(*settled)),
        (Locale::Ja, AllocationExceedsOpen { number, open }) => format!("{number} の残高は {} です。それを超えて消し込めません。", money(*open)),
        (Locale::En, AllocationExceedsOpen { number, open }) => format!("{number} has only {} open.", money(*open)),
        (Locale::Ja, AllocationNotSettleable) => "同じ取引先の、入金なら売上側・支払なら仕入側の書類にだけ消し込めます。".into(),
        (Locale::En, AllocationNotSettleable) => "A payment settles documents of its own partner and side only.".into(),
        (Locale::Ja, TooManyDecimals) => "通貨の桁数を超える小数があります。".into(),
        (Locale::En, TooManyDecimals) => "An amount has more decimals than the currency allows.".into(),
        (Locale::Ja, TotalTooLarge(error)) => format!("書類の合計が大きすぎます。{}までにしてください(書類を分けて作れます)。", format_number(error.limit, 0)),
        (Locale::En, TotalTooLarge(error)) => format!("The document's total is too large: Kura accepts up to {}. Split it into several documents.", format_number(error.limit, 0)),
        (_, PaymentTooLarge(error)) => limit_error(error, locale),
        (Locale::Ja, BeyondLimits) => "この書類には上限を超える値があります。下書きなら削除、発行済みなら取り消してください。".into(),
        (Locale::En, BeyondLimits) => "This document holds values beyond Kura's limits: delete it if it is a draft, or cancel it.".into(),
    }
}
