//! Inventory errors from the core, in the user's language.

use kura_core::inventory::{InventoryError, ItemError};
use kura_core::locale::{format_date, group_thousands, Locale};

use super::{journal_error, limit_error, messages};

pub fn item_error(error: &ItemError, locale: Locale) -> String {
    use ItemError::*;
    match (locale, error) {
        (Locale::Ja, BlankCode) => "品目コードを入力してください。".into(),
        (Locale::En, BlankCode) => "Enter the item's code.".into(),
        (Locale::Ja, DuplicateCode(code)) => {
            format!("品目コード「{code}」は他の品目で使われています。")
        }
        (Locale::En, DuplicateCode(code)) => format!("Another item already has the code {code}."),
        (Locale::Ja, BlankName) => "品名を入力してください。".into(),
        (Locale::En, BlankName) => "Enter the item's name.".into(),
        (Locale::Ja, NameTooLong { max }) => format!("{max}文字以内で入力してください。"),
        (Locale::En, NameTooLong { max }) => format!("Use at most {max} characters."),
        (Locale::Ja, BadPrice) => "単価・原価は0以上の金額で入力してください(例: 1,200)。".into(),
        (Locale::En, BadPrice) => {
            "Enter prices and costs as amounts of 0 or more (e.g. 1,200).".into()
        }
        (Locale::Ja, BadQuantity) => "発注点・発注数量は0以上の数量で入力してください。".into(),
        (Locale::En, BadQuantity) => {
            "Enter the reorder point and quantity as numbers of 0 or more.".into()
        }
        (Locale::Ja, JanFormat) => "JANコードは8桁か13桁の数字です。".into(),
        (Locale::En, JanFormat) => "A JAN code is 8 or 13 digits.".into(),
        (Locale::Ja, JanCheckDigit) => {
            "JANコードのチェックデジットが合いません。読み取りか入力を確認してください。".into()
        }
        (Locale::En, JanCheckDigit) => {
            "The JAN code's check digit does not match; scan or type it again.".into()
        }
        (Locale::Ja, NotASupplier) => "主な仕入先には仕入先の取引先を選んでください。".into(),
        (Locale::En, NotASupplier) => "Choose a supplier as the preferred supplier.".into(),
        (Locale::Ja, BlankLocationName) => "保管場所の名前を入力してください。".into(),
        (Locale::En, BlankLocationName) => "Enter the location's name.".into(),
        (Locale::Ja, DuplicateLocation) => "同じ名前の保管場所があります。".into(),
        (Locale::En, DuplicateLocation) => "Another location already has this name.".into(),
        (Locale::Ja, NotFound) => "この品目は見つかりません。".into(),
        (Locale::En, NotFound) => "The item was not found.".into(),
        (Locale::Ja, StockOnHand) => {
            "在庫がある品目はサービスに変更できません。先に在庫を調整してください。".into()
        }
        (Locale::En, StockOnHand) => {
            "An item with stock on hand cannot become a service; adjust its stock first.".into()
        }
        (_, TooLarge(limit)) => limit_error(limit, locale),
    }
}

pub fn inventory_error(error: &InventoryError, locale: Locale) -> String {
    use InventoryError::*;
    let t = messages(locale);
    match (locale, error) {
        (_, Journal(inner)) => journal_error(inner, locale),
        (Locale::Ja, ItemNotFound) => "品目を選んでください。".into(),
        (Locale::En, ItemNotFound) => "Choose an item.".into(),
        (Locale::Ja, NotTracked) => "サービスの品目には在庫がありません。".into(),
        (Locale::En, NotTracked) => "The item is a service; services have no stock.".into(),
        (Locale::Ja, LocationNotFound) => "保管場所を選んでください。".into(),
        (Locale::En, LocationNotFound) => "Choose a location.".into(),
        (Locale::Ja, SameLocation) => "移動元と移動先には別の場所を選んでください。".into(),
        (Locale::En, SameLocation) => "A transfer goes between two different locations.".into(),
        (Locale::Ja, ZeroQuantity { line }) => format!("{line}行目: 数量を入力してください。"),
        (Locale::En, ZeroQuantity { line }) => format!("Line {line}: enter a quantity."),
        (Locale::Ja, NoLines) => "品目を1行以上入力してください。".into(),
        (Locale::En, NoLines) => "Add at least one line.".into(),
        (Locale::Ja, InsufficientStock { code, available }) => format!(
            "{code}の在庫が足りません(在庫 {})。在庫を確認するか、設定でマイナス在庫を許可してください。",
            group_thousands(&available.normalize().to_string())
        ),
        (Locale::En, InsufficientStock { code, available }) => format!(
            "Not enough {code} in stock ({} on hand). Check the stock, or allow negative stock in the settings.",
            group_thousands(&available.normalize().to_string())
        ),
        (Locale::Ja, MissingRole(role)) => format!(
            "勘定科目に用途「{}」の科目がありません。勘定科目画面で設定してください。",
            (t.account_role_name)(*role)
        ),
        (Locale::En, MissingRole(role)) => format!(
            "No account has the role “{}”. Set one on the chart of accounts page.",
            (t.account_role_name)(*role)
        ),
        (Locale::Ja, StocktakeNotFound) => "この棚卸は見つかりません。".into(),
        (Locale::En, StocktakeNotFound) => "The stocktake was not found.".into(),
        (Locale::Ja, AlreadyPosted) => "この棚卸は計上済みです。".into(),
        (Locale::En, AlreadyPosted) => "The stocktake is already posted.".into(),
        (Locale::Ja, NegativeCount) => "実地数量は0以上で入力してください。".into(),
        (Locale::En, NegativeCount) => "A counted quantity cannot be negative.".into(),
        (Locale::Ja, PolicyOrder) => "評価方法の変更は、既にある変更日より後の日付にしてください。".into(),
        (Locale::En, PolicyOrder) => "A method change must be dated after the last change.".into(),
        (Locale::Ja, PeriodClosed(date)) => format!("{}までは締め済みです。それより後の日付にしてください。", format_date(*date, locale)),
        (Locale::En, PeriodClosed(date)) => format!("The books are closed through {}; choose a later date.", format_date(*date, locale)),
        (Locale::Ja, NothingToPost) => "在庫の評価額と帳簿残高が一致しているため、仕訳は不要です。".into(),
        (Locale::En, NothingToPost) => "Nothing to post: the books already hold the stock at this value.".into(),
        (Locale::Ja, TooLarge { line, error }) => format!("{line}行目: {}", limit_error(error, locale)),
        (Locale::En, TooLarge { line, error }) => format!("Line {line}: {}", limit_error(error, locale)),
        (Locale::Ja, ValueTooLarge { code }) => format!(
            "品目「{code}」の在庫を評価すると金額の上限を超えます。在庫の記録を見直してください。"
        ),
        (Locale::En, ValueTooLarge { code }) => format!(
            "Valuing the stock of {code} would go beyond the largest amount Kura accepts; check its stock records."
        ),
        (Locale::Ja, NotReversible) => "取り消せるのは、上限を超える値を持ち、書類から作られていない在庫の動きだけです。書類から作られた動きは、その書類を取り消してください。".into(),
        (Locale::En, NotReversible) => "Only a stock move beyond Kura's limits, not made by a document, can be reversed here. Cancel the document that made a move instead.".into(),
        (Locale::Ja, MoveNotFound) => "この在庫の動きは見つかりません。".into(),
        (Locale::En, MoveNotFound) => "The stock move was not found.".into(),
        (Locale::Ja, AlreadyReversed) => "この在庫の動きはすでに取り消されています。".into(),
        (Locale::En, AlreadyReversed) => "This stock move is already reversed.".into(),
    }
}
