//! Typed errors from the core and the store, in the user's language. Each message
//! says what happened and what the user can do.

use kura_core::book::{AttachmentError, JournalError, MediaType};
use kura_core::book::{SettingsError, MAX_NAME_CHARS};
use kura_core::ledger::{EntryError, TaxSplitError, MAX_DESCRIPTION_CHARS};
use kura_core::locale::{format_bytes, format_date, format_number, group_thousands, Locale};
use kura_core::money::limits::{LimitError, Magnitude};
use kura_core::money::AmountError;
use kura_core::store::{Budget, ChunkError, StoreError};

pub fn store_error(error: &StoreError, locale: Locale) -> String {
    use StoreError::*;
    match (locale, error) {
        (Locale::Ja, NewerSchema { .. }) => "この帳簿は新しいバージョンのKuraで保存されています。Kuraを更新してから開いてください(帳簿はそのまま残しています)。".into(),
        (Locale::En, NewerSchema { .. }) => "This book was saved by a newer version of Kura. Update Kura, then open it again (the book has been left as it is).".into(),
        (Locale::Ja, QuotaExceeded) => "ブラウザーの保存領域がいっぱいのため、保存できませんでした。この操作の内容は何も保存されていません(帳簿は操作の前のままです)。ディスクの空きを増やすか、不要な帳簿(デモの帳簿など)を削除してから、もう一度お試しください。念のため、データ画面からバックアップを保存してください。".into(),
        (Locale::En, QuotaExceeded) => "The browser's storage is full, so this could not be saved. Nothing of it was kept: the book is as it was before. Free up disk space or delete books you do not need (such as a demo book), then try again. To be safe, save a backup from the Data page.".into(),
        (Locale::Ja, Blocked) => "古いバージョンのKuraを開いている別のタブがあります。そのタブを閉じてから再読み込みしてください。".into(),
        (Locale::En, Blocked) => "Another tab with an older Kura has this book open. Close it, then reload.".into(),
        (Locale::Ja, Busy) => "別のタブでこの帳簿の変更が続いたため、保存できませんでした。何も保存されていません。もう一度お試しください。".into(),
        (Locale::En, Busy) => "This book kept changing in another tab, so this was not saved. Nothing of it was kept. Try again.".into(),
        (Locale::Ja, Corrupt(detail)) => format!("保存されたデータを読めません({detail})。バックアップから復元してください。"),
        (Locale::En, Corrupt(detail)) => format!("Stored data cannot be read ({detail}). Restore it from a backup."),
        (Locale::Ja, NotFound) => "この帳簿は見つかりません。別のタブで削除された可能性があります。".into(),
        (Locale::En, NotFound) => "This book was not found. It may have been deleted in another tab.".into(),
        (Locale::Ja, Backend(detail)) => format!("ブラウザーの保存領域でエラーが発生しました: {detail}"),
        (Locale::En, Backend(detail)) => format!("The browser's storage failed: {detail}"),
        (Locale::Ja, WouldNotReadBack(why)) => format!("保存していません。この変更は保存すると読み戻せない形になります({})。", chunk_error(why, locale)),
        (Locale::En, WouldNotReadBack(why)) => format!("Nothing was saved: this change would not read back once stored ({}).", chunk_error(why, locale)),
    }
}

/// Why a stored part of a book's change log cannot be read.
pub fn chunk_error(error: &ChunkError, locale: Locale) -> String {
    use ChunkError::*;
    let count = |n: usize| group_thousands(&n.to_string());
    match (locale, error) {
        (Locale::Ja, Damaged(detail)) => format!("データが壊れています: {detail}"),
        (Locale::En, Damaged(detail)) => format!("the data is damaged: {detail}"),
        (Locale::Ja, OverBudget { what, limit }) => {
            let what = match what {
                Budget::ChangesPerSet => "1回の操作の変更",
                Budget::LinesPerEntry => "1件の仕訳の行",
                Budget::StringsPerChunk => "文字列",
                Budget::TextBytesPerChunk => "文字列のバイト",
            };
            format!("{what}が多すぎます(Kuraが読むのは{}まで)", count(*limit))
        }
        (Locale::En, OverBudget { what, limit }) => {
            let what = match what {
                Budget::ChangesPerSet => "changes in one action",
                Budget::LinesPerEntry => "lines in one entry",
                Budget::StringsPerChunk => "texts",
                Budget::TextBytesPerChunk => "bytes of text",
            };
            format!(
                "it holds too many {what} (Kura reads at most {})",
                count(*limit)
            )
        }
        (Locale::Ja, StampOutOfRange { .. }) => {
            "9999年より後の日時が付いています(時計の異常か、細工されたファイルによるもの)".into()
        }
        (Locale::En, StampOutOfRange { .. }) => {
            "it is dated after the year 9999 (a broken clock, or a crafted file)".into()
        }
        (Locale::Ja, NewerFormat { found, .. }) => {
            format!("新しいバージョンのKuraで保存されています(形式 {found})")
        }
        (Locale::En, NewerFormat { found, .. }) => {
            format!("it was saved by a newer Kura (format {found})")
        }
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
        (_, TooLarge(limit)) => limit_error(limit, locale),
    }
}

/// A value beyond its kind's limit (`kura_core::money::limits`), naming the
/// kind and the largest value accepted.
pub fn limit_error(error: &LimitError, locale: Locale) -> String {
    let largest = format_number(error.limit, 0);
    match (locale, error.what) {
        (Locale::Ja, what) => {
            let name = match what {
                Magnitude::Amount => "金額",
                Magnitude::Quantity => "数量",
                Magnitude::UnitPrice => "単価",
                Magnitude::Percent => "割合",
            };
            let unit = if what == Magnitude::Percent { "%" } else { "" };
            format!("{name}が大きすぎます。Kuraで扱える{name}は{largest}{unit}までです。")
        }
        (Locale::En, what) => {
            let unit = if what == Magnitude::Percent { "%" } else { "" };
            format!("The {what} is too large: Kura accepts up to {largest}{unit}.")
        }
    }
}

/// Why an entry's lines cannot make an entry. `difference` is shown as a plain
/// number (the form shows the running difference with its currency too).
pub fn entry_error(error: &EntryError, locale: Locale) -> String {
    use EntryError::*;
    match (locale, error) {
        (Locale::Ja, TooFewLines) => "仕訳には2行以上が必要です。".into(),
        (Locale::En, TooFewLines) => "An entry needs at least two lines.".into(),
        (Locale::Ja, MissingAccount { line }) => format!("{line}行目: 勘定科目を選んでください。"),
        (Locale::En, MissingAccount { line }) => format!("Line {line}: choose an account."),
        (Locale::Ja, EmptyLine { line }) => {
            format!("{line}行目: 借方か貸方に金額を入力してください。")
        }
        (Locale::En, EmptyLine { line }) => format!("Line {line}: enter a debit or a credit."),
        (Locale::Ja, BothSides { line }) => {
            format!("{line}行目: 借方と貸方の両方には入力できません。")
        }
        (Locale::En, BothSides { line }) => {
            format!("Line {line}: enter either a debit or a credit, not both.")
        }
        (Locale::Ja, NegativeAmount { line }) => {
            format!("{line}行目: 金額はマイナスにできません。反対側に入力してください。")
        }
        (Locale::En, NegativeAmount { line }) => {
            format!("Line {line}: amounts cannot be negative; use the other side.")
        }
        (Locale::Ja, TooManyDecimals { line }) => {
            format!("{line}行目: この通貨で使えない小数があります。")
        }
        (Locale::En, TooManyDecimals { line }) => {
            format!("Line {line}: the amount has more decimals than the currency allows.")
        }
        (Locale::Ja, Unbalanced { difference }) => {
            format!("借方と貸方の合計が一致しません(差額 {difference})。")
        }
        (Locale::En, Unbalanced { difference }) => {
            format!("Debits and credits differ by {difference}.")
        }
        (Locale::Ja, DescriptionTooLong { .. }) => {
            format!("摘要は{MAX_DESCRIPTION_CHARS}文字以内で入力してください。")
        }
        (Locale::En, DescriptionTooLong { .. }) => {
            format!("Keep the description to {MAX_DESCRIPTION_CHARS} characters.")
        }
        (Locale::Ja, AmountTooLarge { line, error }) => {
            format!("{line}行目: {}", limit_error(error, locale))
        }
        (Locale::En, AmountTooLarge { line, error }) => {
            format!("Line {line}: {}", limit_error(error, locale))
        }
        (Locale::Ja, TotalTooLarge(error)) => format!(
            "仕訳の合計が大きすぎます。{}までにしてください(仕訳を分けて入力できます)。",
            format_number(error.limit, 0)
        ),
        (Locale::En, TotalTooLarge(error)) => format!(
            "The entry's total is too large: Kura accepts up to {}. Split it into several entries.",
            format_number(error.limit, 0)
        ),
        (Locale::Ja, Unsummable) => {
            "この仕訳の金額は合計できないほど大きく、読み込めません。".into()
        }
        (Locale::En, Unsummable) => {
            "The amounts of this entry are too large to add up; it cannot be read.".into()
        }
    }
}

pub fn journal_error(error: &JournalError, locale: Locale) -> String {
    use JournalError::*;
    match (locale, error) {
        (_, Entry(inner)) => entry_error(inner, locale),
        (Locale::Ja, UnknownAccount { line }) => format!("{line}行目: この勘定科目は存在しません。"),
        (Locale::En, UnknownAccount { line }) => format!("Line {line}: the account does not exist."),
        (Locale::Ja, ArchivedAccount { line }) => format!("{line}行目: アーカイブ済みの勘定科目には記帳できません。"),
        (Locale::En, ArchivedAccount { line }) => {
            format!("Line {line}: the account is archived; choose another.")
        }
        (Locale::Ja, PeriodClosed { through, date }) => format!(
            "{}まで帳簿を締めているため、{}の仕訳は記帳できません。日付を変えるか、締めを解除してください。",
            format_date(*through, locale),
            format_date(*date, locale)
        ),
        (Locale::En, PeriodClosed { through, date }) => format!(
            "The books are closed through {}, so nothing can be dated {}. Change the date or reopen the period.",
            format_date(*through, locale),
            format_date(*date, locale)
        ),
        (Locale::Ja, EntryNotFound) => "この仕訳は見つかりません。別のタブで削除された可能性があります。".into(),
        (Locale::En, EntryNotFound) => {
            "This entry was not found. It may have been deleted in another tab.".into()
        }
        (Locale::Ja, AlreadyPosted) => "記帳済みの仕訳は変更できません。訂正または取消をしてください。".into(),
        (Locale::En, AlreadyPosted) => {
            "A posted entry cannot be changed. Correct or reverse it instead.".into()
        }
        (Locale::Ja, NotPosted) => "訂正・取消できるのは記帳済みの仕訳だけです。".into(),
        (Locale::En, NotPosted) => "Only a posted entry can be corrected or reversed.".into(),
        (Locale::Ja, AccountNotFound) => "この勘定科目は見つかりません。".into(),
        (Locale::En, AccountNotFound) => "The account was not found.".into(),
        (Locale::Ja, IncompleteAccount) => "コードと科目名を入力してください。".into(),
        (Locale::En, IncompleteAccount) => "Enter a code and a name.".into(),
        (Locale::Ja, DuplicateCode(code)) => format!("コード{code}はほかの勘定科目が使っています。"),
        (Locale::En, DuplicateCode(code)) => format!("Another account already has the code {code}."),
        (Locale::Ja, AccountInUse) => "この勘定科目は仕訳で使われているため削除できません。アーカイブしてください。".into(),
        (Locale::En, AccountInUse) => {
            "This account has postings, so it cannot be deleted. Archive it instead.".into()
        }
        (Locale::Ja, NoSettings) => "この帳簿は作成が完了していません。".into(),
        (Locale::En, NoSettings) => "This book was not created completely.".into(),
        (Locale::Ja, NotFiscalYearEnd { date }) => format!("{}は会計年度の末日ではありません。", format_date(*date, locale)),
        (Locale::En, NotFiscalYearEnd { date }) => {
            format!("{} is not the last day of a fiscal year.", format_date(*date, locale))
        }
        (Locale::Ja, AlreadyClosed { through }) => format!("{}まで締め済みです。", format_date(*through, locale)),
        (Locale::En, AlreadyClosed { through }) => {
            format!("The books are already closed through {}.", format_date(*through, locale))
        }
        (Locale::Ja, DraftsRemain { count, date }) => format!(
            "{}以前の下書きが{count}件あります。記帳するか削除してから締めてください。",
            format_date(*date, locale)
        ),
        (Locale::En, DraftsRemain { count, date }) => format!(
            "{count} draft entries are dated on or before {}. Post or delete them first.",
            format_date(*date, locale)
        ),
        (Locale::Ja, MissingRole(role)) => format!(
            "用途が「{}」の勘定科目がありません。勘定科目の画面で設定してください。",
            (crate::i18n::messages(locale).account_role_name)(*role)
        ),
        (Locale::En, MissingRole(role)) => format!(
            "No account has the role “{}”. Set one on the chart of accounts.",
            (crate::i18n::messages(locale).account_role_name)(*role)
        ),
        (Locale::Ja, InvalidPrivateShare) => "私用の割合は0%より大きく100%以下にしてください。".into(),
        (Locale::En, InvalidPrivateShare) => "The private share must be more than 0% and at most 100%.".into(),
        (Locale::Ja, ShareNotANumber(text)) => format!("「{text}」は割合ではありません。30のように数字で入力してください。"),
        (Locale::En, ShareNotANumber(text)) => format!("“{text}” is not a percentage. Enter a number such as 30."),
        (Locale::Ja, PostedByDocument) => "この仕訳は請求書などの書類または入出金から記帳されました。元の書類・入出金を取り消してください。".into(),
        (Locale::En, PostedByDocument) => "A document or payment posted this entry. Cancel that document or payment instead.".into(),
        (Locale::Ja, BlankBasis) => "按分の根拠を入力してください。".into(),
        (Locale::En, BlankBasis) => "Note the basis of the private-use split.".into(),
        (Locale::Ja, NotAnExpense) => "家事按分は費用の科目にだけ設定できます。".into(),
        (Locale::En, NotAnExpense) => "A private-use split applies to an expense account only.".into(),
        (Locale::Ja, DuplicateRule) => "この科目にはすでに家事按分の設定があります。".into(),
        (Locale::En, DuplicateRule) => "The account already has a private-use rule.".into(),
        (Locale::Ja, RuleNotFound) => "家事按分の設定が見つかりません。".into(),
        (Locale::En, RuleNotFound) => "The private-use rule was not found.".into(),
        (Locale::Ja, NothingToSplit) => "この期間に按分する金額はありません。".into(),
        (Locale::En, NothingToSplit) => "There is nothing to split in the period.".into(),
        (Locale::Ja, AlreadySplit) => "この期間の家事按分は記帳済みです。".into(),
        (Locale::En, AlreadySplit) => "The private-use split of the period is already posted.".into(),
        (Locale::Ja, AlreadyReversed) => "この仕訳はすでに取り消されています。".into(),
        (Locale::En, AlreadyReversed) => "This entry is already reversed.".into(),
    }
}

/// The file types an entry accepts, named as people know them: `JPEG・PNG・…・PDF`,
/// `JPEG, PNG, … or PDF`.
pub fn accepted_file_types(locale: Locale) -> String {
    let labels: Vec<&str> = MediaType::ALL.iter().map(|m| m.label()).collect();
    match (locale, labels.split_last()) {
        (Locale::Ja, _) => labels.join("・"),
        (Locale::En, Some((last, rest))) => format!("{} or {last}", rest.join(", ")),
        (Locale::En, None) => String::new(),
    }
}

pub fn attachment_error(error: &AttachmentError, locale: Locale) -> String {
    use AttachmentError::*;
    let types = accepted_file_types(locale);
    match (locale, error) {
        (Locale::Ja, EntryNotFound) => "この仕訳は見つかりません。別のタブで削除された可能性があります。".into(),
        (Locale::En, EntryNotFound) => {
            "This entry was not found. It may have been deleted in another tab.".into()
        }
        (Locale::Ja, Empty) => "ファイルが空です。".into(),
        (Locale::En, Empty) => "The file is empty.".into(),
        (Locale::Ja, TooLarge { size, max }) => format!(
            "ファイルが大きすぎます({})。{}までのファイルを添付できます。",
            format_bytes(*size),
            format_bytes(*max)
        ),
        (Locale::En, TooLarge { size, max }) => format!(
            "The file is too large ({}). Files up to {} can be attached.",
            format_bytes(*size),
            format_bytes(*max)
        ),
        (Locale::Ja, UnsupportedType) => {
            format!("この種類のファイルは添付できません。添付できるのは{types}です。")
        }
        (Locale::En, UnsupportedType) => {
            format!("This kind of file cannot be attached. Attach a {types} file.")
        }
        (Locale::Ja, NotPngOrJpeg) => "ロゴと角印はPNGかJPEGの画像にしてください。".into(),
        (Locale::En, NotPngOrJpeg) => "A logo or seal must be a PNG or JPEG image.".into(),
        (Locale::Ja, BlankName) => "ファイル名がありません。".into(),
        (Locale::En, BlankName) => "The file has no name.".into(),
        (Locale::Ja, NameTooLong { max }) => format!("ファイル名は{max}文字以内にしてください。"),
        (Locale::En, NameTooLong { max }) => format!("Shorten the file name to {max} characters."),
        (Locale::Ja, AlreadyAttached { file_name }) => {
            format!("同じファイルが「{file_name}」としてすでに添付されています。")
        }
        (Locale::En, AlreadyAttached { file_name }) => {
            format!("The same file is already attached as “{file_name}”.")
        }
        (Locale::Ja, NotFound) => "この添付ファイルは見つかりません。".into(),
        (Locale::En, NotFound) => "The attachment was not found.".into(),
        (Locale::Ja, AlreadyRemoved) => "この添付ファイルはすでに外されています。".into(),
        (Locale::En, AlreadyRemoved) => "The attachment was already removed.".into(),
        (Locale::Ja, AmountTooLarge { max }) => format!(
            "取引金額が大きすぎます。{}までの金額を入力してください。",
            format_number(*max, 0)
        ),
        (Locale::En, AmountTooLarge { max }) => format!(
            "The amount is too large. Enter an amount up to {}.",
            format_number(*max, 0)
        ),
        (Locale::Ja, PartnerTooLong { max }) => format!("取引先は{max}文字以内にしてください。"),
        (Locale::En, PartnerTooLong { max }) => format!("Shorten the partner to {max} characters."),
        (Locale::Ja, PeriodClosed { through, date }) => format!(
            "{}まで帳簿を締めているため、{}の仕訳の証憑は外せません。外すには締めを解除してください。",
            format_date(*through, locale),
            format_date(*date, locale)
        ),
        (Locale::En, PeriodClosed { through, date }) => format!(
            "The books are closed through {}, so evidence of an entry dated {} cannot be removed. Reopen the period first.",
            format_date(*through, locale),
            format_date(*date, locale)
        ),
    }
}

/// Why an entry's tax could not be split out (税抜経理).
pub fn tax_split_error(error: &TaxSplitError, locale: Locale) -> String {
    use TaxSplitError::*;
    let t = crate::i18n::messages(locale);
    match (locale, error) {
        (Locale::Ja, NoTaxAccount { role }) => format!(
            "この帳簿は税抜経理ですが、用途が「{}」の勘定科目がありません。勘定科目の画面で科目にこの用途を設定するか、設定で税込経理に切り替えてください。",
            (t.account_role_name)(*role)
        ),
        (Locale::En, NoTaxAccount { role }) => format!(
            "This book keeps consumption tax separately (tax-exclusive), but no account has the role “{}”. Give an account that role on the chart of accounts, or make the book tax-inclusive in Settings.",
            (t.account_role_name)(*role)
        ),
        (Locale::Ja, InvalidOverride { code }) => format!(
            "{}の税額は0より大きい金額で入力してください。",
            (t.tax_code_name)(*code)
        ),
        (Locale::En, InvalidOverride { code }) => format!(
            "Enter a tax amount above zero for {}.",
            (t.tax_code_name)(*code)
        ),
        (Locale::Ja, TooLarge { code, error }) => format!(
            "{}の行の合計が大きすぎます。{}までにしてください。",
            (t.tax_code_name)(*code),
            format_number(error.limit, 0)
        ),
        (Locale::En, TooLarge { code, error }) => format!(
            "The lines with {} add up to too much: Kura accepts up to {}.",
            (t.tax_code_name)(*code),
            format_number(error.limit, 0)
        ),
    }
}
