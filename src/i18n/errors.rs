//! Typed errors from the core and the store, in the user's language. Each message
//! says what happened and what the user can do.

use kura_core::book::{SettingsError, MAX_NAME_CHARS};
use kura_core::locale::Locale;
use kura_core::money::AmountError;
use kura_core::store::StoreError;

pub fn store_error(error: &StoreError, locale: Locale) -> String {
    use StoreError::*;
    match (locale, error) {
        (Locale::Ja, NewerSchema { .. }) => "この帳簿は新しいバージョンのKuraで保存されています。Kuraを更新してから開いてください(帳簿はそのまま残しています)。".into(),
        (Locale::En, NewerSchema { .. }) => "This book was saved by a newer version of Kura. Update Kura, then open it again (the book has been left as it is).".into(),
        (Locale::Ja, QuotaExceeded) => "ブラウザーの保存領域がいっぱいです。何も保存されていません。不要なデータを削除するか、空き容量を増やしてください。".into(),
        (Locale::En, QuotaExceeded) => "The browser's storage is full. Nothing was saved. Free up space, then try again.".into(),
        (Locale::Ja, Blocked) => "古いバージョンのKuraを開いている別のタブがあります。そのタブを閉じてから再読み込みしてください。".into(),
        (Locale::En, Blocked) => "Another tab with an older Kura has this book open. Close it, then reload.".into(),
        (Locale::Ja, Corrupt(detail)) => format!("保存されたデータを読めません({detail})。バックアップから復元してください。"),
        (Locale::En, Corrupt(detail)) => format!("Stored data cannot be read ({detail}). Restore it from a backup."),
        (Locale::Ja, NotFound) => "この帳簿は見つかりません。別のタブで削除された可能性があります。".into(),
        (Locale::En, NotFound) => "This book was not found. It may have been deleted in another tab.".into(),
        (Locale::Ja, Backend(detail)) => format!("ブラウザーの保存領域でエラーが発生しました: {detail}"),
        (Locale::En, Backend(detail)) => format!("The browser's storage failed: {detail}"),
    }
}

pub fn settings_error(error: &SettingsError, locale: Locale) -> String {
    use SettingsError::*;
    match (locale, error) {
        (Locale::Ja, BlankName) => "屋号・事業名を入力してください。".into(),
        (Locale::En, BlankName) => "Enter the business name.".into(),
        (Locale::Ja, NameTooLong) => format!("{MAX_NAME_CHARS}文字以内で入力してください。"),
        (Locale::En, NameTooLong) => format!("Use at most {MAX_NAME_CHARS} characters."),
        (Locale::Ja, OwnerNameTooLong) => format!("{MAX_NAME_CHARS}文字以内で入力してください。"),
        (Locale::En, OwnerNameTooLong) => format!("Use at most {MAX_NAME_CHARS} characters."),
        (Locale::Ja, InvalidFiscalYearStart) => "1月から12月のいずれかを選んでください。".into(),
        (Locale::En, InvalidFiscalYearStart) => "Choose a month from January to December.".into(),
        (Locale::Ja, NoSettings) => {
            "この帳簿は作成が完了していません。削除して作り直してください。".into()
        }
        (Locale::En, NoSettings) => {
            "This book was not created completely. Delete it and create it again.".into()
        }
        (Locale::Ja, CurrencyIsFixed) => "通貨は帳簿の作成後には変更できません。".into(),
        (Locale::En, CurrencyIsFixed) => "The currency cannot change once the book exists.".into(),
    }
}

pub fn amount_error(error: &AmountError, locale: Locale) -> String {
    use AmountError::*;
    match (locale, error) {
        (Locale::Ja, Empty) => "金額を入力してください。".into(),
        (Locale::En, Empty) => "Enter an amount.".into(),
        (Locale::Ja, NotANumber(text)) => {
            format!("「{text}」は金額ではありません。数字で入力してください。")
        }
        (Locale::En, NotANumber(text)) => format!("“{text}” is not an amount. Use digits."),
        (Locale::Ja, BadGrouping(text)) => {
            format!("「{text}」の桁区切りが正しくありません(例: 1,234,567)。")
        }
        (Locale::En, BadGrouping(text)) => {
            format!("“{text}” has misplaced separators (e.g. 1,234,567).")
        }
        (Locale::Ja, TooManyDecimals { max: 0 }) => "この通貨には小数がありません。".into(),
        (Locale::En, TooManyDecimals { max: 0 }) => "This currency has no decimals.".into(),
        (Locale::Ja, TooManyDecimals { max }) => format!("小数は{max}桁までです。"),
        (Locale::En, TooManyDecimals { max }) => format!("Use at most {max} decimals."),
        (Locale::Ja, TooLarge) => "金額が大きすぎます。".into(),
        (Locale::En, TooLarge) => "The amount is too large.".into(),
    }
}
