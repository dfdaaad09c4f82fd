//! What is wrong with an imported file, in the user's language: one sentence per
//! [`ProblemKind`], after where it is ("3行目 2列目" / "Line 3, column 2").

use kura_core::files::backup::{Budget, Counted, StructureProblem};
use kura_core::files::{Problem, ProblemKind};
use kura_core::locale::{format_bytes, format_number, group_thousands, Locale};

use super::journal_error;
use super::{entry_error, item_error, limit_error, partner_error};

/// A problem as the list under an import shows it. `field_label` names an
/// importer's field in the user's language (for "no column is mapped to …").
pub fn problem_text(
    problem: &Problem,
    locale: Locale,
    field_label: &dyn Fn(&str) -> String,
) -> String {
    let place = match (locale, problem.line, problem.column) {
        (_, None, _) => String::new(),
        (Locale::Ja, Some(line), None) => format!("{line}行目: "),
        (Locale::Ja, Some(line), Some(column)) => format!("{line}行目 {column}列目: "),
        (Locale::En, Some(line), None) => format!("Line {line}: "),
        (Locale::En, Some(line), Some(column)) => format!("Line {line}, column {column}: "),
    };
    format!(
        "{place}{}",
        problem_kind_text(&problem.kind, locale, field_label)
    )
}

fn problem_kind_text(
    kind: &ProblemKind,
    locale: Locale,
    field_label: &dyn Fn(&str) -> String,
) -> String {
    use ProblemKind::*;
    let count = |n: usize| group_thousands(&n.to_string());
    match (locale, kind) {
        (Locale::Ja, Empty) => "ファイルが空です。".into(),
        (Locale::En, Empty) => "The file is empty.".into(),
        (Locale::Ja, TooLarge { limit }) => {
            format!(
                "ファイルが大きすぎます({}まで)。",
                format_bytes(*limit as u64)
            )
        }
        (Locale::En, TooLarge { limit }) => {
            format!(
                "The file is too large (at most {}).",
                format_bytes(*limit as u64)
            )
        }
        (Locale::Ja, NotText) => {
            "テキストファイル(UTF-8 または Shift_JIS)ではありません。CSVファイルを選んでください。"
                .into()
        }
        (Locale::En, NotText) => {
            "This is not a text file in UTF-8 or Shift_JIS. Choose a CSV file.".into()
        }
        (Locale::Ja, NotCsv { detail }) => format!("CSVとして読めません({detail})。"),
        (Locale::En, NotCsv { detail }) => format!("The file cannot be read as CSV ({detail})."),
        (Locale::Ja, NoRows) => "データの行がありません。".into(),
        (Locale::En, NoRows) => "The file has no rows of data.".into(),
        (Locale::Ja, NotInShiftJis { character }) => {
            format!("「{character}」は Shift_JIS で書けない文字です。別の文字に直すか、UTF-8 で出力してください。")
        }
        (Locale::En, NotInShiftJis { character }) => {
            format!("“{character}” cannot be written in Shift_JIS; change it or export as UTF-8.")
        }
        (Locale::Ja, TooManyRows { limit }) => format!(
            "行が多すぎます({}行まで)。ファイルを年ごとなどに分けてください。",
            count(*limit)
        ),
        (Locale::En, TooManyRows { limit }) => format!(
            "The file has too many rows (at most {}). Split it, by year for instance.",
            count(*limit)
        ),
        (Locale::Ja, TooManyColumns { limit, found }) => format!(
            "列が{}個あります({}個まで)。",
            count(*found),
            count(*limit)
        ),
        (Locale::En, TooManyColumns { limit, found }) => format!(
            "The line has {} columns (at most {}).",
            count(*found),
            count(*limit)
        ),
        (Locale::Ja, TooManyCells { limit }) => format!(
            "セルが多すぎます({}個まで)。ファイルを分けてください。",
            count(*limit)
        ),
        (Locale::En, TooManyCells { limit }) => format!(
            "The file has too many cells (at most {}). Split it.",
            count(*limit)
        ),
        (Locale::Ja, MoreProblems { count: more }) => {
            format!("…ほかに{}件の問題があります。", count(*more))
        }
        (Locale::En, MoreProblems { count: more }) => {
            format!("… and {} more problems.", count(*more))
        }
        (Locale::Ja, CellTooLong { limit }) => format!(
            "セルが長すぎます({}文字まで)。引用符(\")の閉じ忘れがないか確かめてください。",
            count(*limit)
        ),
        (Locale::En, CellTooLong { limit }) => format!(
            "The cell is too long (at most {} characters). Check for a quote (\") left open.",
            count(*limit)
        ),
        (Locale::Ja, DirectionControl { character }) => format!(
            "見えない文字方向の制御文字(U+{:04X})があります。表示と中身が食い違うため受け付けません。削除してください。",
            u32::from(*character)
        ),
        (Locale::En, DirectionControl { character }) => format!(
            "An invisible direction control (U+{:04X}): it makes text show differently from what it is. Remove it.",
            u32::from(*character)
        ),
        (Locale::Ja, InvisibleCharacter { character }) => format!(
            "見えない文字(U+{:04X})があります。見た目が同じ別の名前になるため受け付けません。削除してください。",
            u32::from(*character)
        ),
        (Locale::En, InvisibleCharacter { character }) => format!(
            "An invisible character (U+{:04X}): it makes a name look like another. Remove it.",
            u32::from(*character)
        ),
        (Locale::Ja, MissingColumn { field }) => {
            format!("「{}」の列が選ばれていません。", field_label(field))
        }
        (Locale::En, MissingColumn { field }) => {
            format!("Choose the column that holds {}.", field_label(field))
        }
        (Locale::Ja, WrongColumnCount { expected, found }) => {
            format!("列の数が{found}個です(見出しは{expected}個)。")
        }
        (Locale::En, WrongColumnCount { expected, found }) => {
            format!("The line has {found} columns; the header has {expected}.")
        }
        (Locale::Ja, Required) => "値がありません。".into(),
        (Locale::En, Required) => "A value is required here.".into(),
        (Locale::Ja, BadDate { text }) => {
            format!("「{text}」は日付として読めません(例: 2026/07/01)。")
        }
        (Locale::En, BadDate { text }) => {
            format!("“{text}” is not a date (e.g. 2026-07-01).")
        }
        (Locale::Ja, DateOutOfRange { text }) => {
            format!("日付「{text}」は受け付けられる範囲(1900年〜2200年)の外です。")
        }
        (Locale::En, DateOutOfRange { text }) => {
            format!("The date {text} is outside the years Kura accepts (1900–2200).")
        }
        (Locale::Ja, BadAmount { text }) => {
            format!(
                "「{text}」は金額として読めません(例: {})。",
                group_thousands("12000")
            )
        }
        (Locale::En, BadAmount { text }) => {
            format!(
                "“{text}” is not an amount (e.g. {}).",
                group_thousands("12000")
            )
        }
        (Locale::Ja, BadNumber { text }) => format!("「{text}」は数値として読めません。"),
        (Locale::En, BadNumber { text }) => format!("“{text}” is not a number."),
        (Locale::Ja, UnknownAccount { name }) => {
            format!("勘定科目「{name}」はこの帳簿にありません。")
        }
        (Locale::En, UnknownAccount { name }) => {
            format!("This book has no account named “{name}”.")
        }
        (Locale::Ja, UnknownTaxCode { text }) => format!("税区分「{text}」はありません。"),
        (Locale::En, UnknownTaxCode { text }) => format!("There is no tax code “{text}”."),
        (Locale::Ja, UnknownPartner { text }) => format!("取引先「{text}」はありません。"),
        (Locale::En, UnknownPartner { text }) => format!("There is no partner “{text}”."),
        (Locale::Ja, UnknownValue { text }) => format!("「{text}」は使えない値です。"),
        (Locale::En, UnknownValue { text }) => {
            format!("“{text}” is not one of the accepted values.")
        }
        (Locale::Ja, Duplicate { text }) => format!("「{text}」はすでに使われています。"),
        (Locale::En, Duplicate { text }) => format!("“{text}” is already used."),
        (Locale::Ja, Unbalanced { debit, credit }) => format!(
            "借方合計 {} と貸方合計 {} が一致しません。",
            group_thousands(&debit.to_string()),
            group_thousands(&credit.to_string())
        ),
        (Locale::En, Unbalanced { debit, credit }) => format!(
            "Debits {} and credits {} differ.",
            group_thousands(&debit.to_string()),
            group_thousands(&credit.to_string())
        ),
        (Locale::Ja, NotYen { currency }) => format!(
            "この帳簿は{currency}建てです。弥生とマネーフォワードの形式は円の帳簿だけ出力できます。"
        ),
        (Locale::En, NotYen { currency }) => format!(
            "This book is kept in {currency}; the Yayoi and Money Forward formats take yen only."
        ),
        // ---- bank statements ----
        (Locale::Ja, DepositAndWithdrawal) => {
            "入金と出金の両方に金額があります。どちらか一方にしてください。".into()
        }
        (Locale::En, DepositAndWithdrawal) => {
            "The line has both a deposit and a withdrawal; it can have only one.".into()
        }
        (Locale::Ja, NoAmount) => "入金・出金の金額がありません。".into(),
        (Locale::En, NoAmount) => "The line has no deposit or withdrawal amount.".into(),
        (_, Entry(error)) => entry_error(error, locale),
        (_, Partner(error)) => partner_error(error, locale),
        (_, Item(error)) => item_error(error, locale),
        // ---- interchange ----
        (_, Journal(error)) => journal_error(error, locale),
        (Locale::Ja, VoucherDates { voucher }) => {
            format!("伝票番号「{voucher}」の行の日付がそろっていません。")
        }
        (Locale::En, VoucherDates { voucher }) => {
            format!("The lines of voucher {voucher} have different dates.")
        }
        (_, BeyondLimit(error)) => limit_error(error, locale),
    }
}

/// Why confirming statement lines or saving a bank rule was refused.
pub fn bank_error(
    error: &kura_core::files::bank::BankError,
    locale: Locale,
    currency: kura_core::money::Currency,
) -> String {
    use kura_core::files::bank::BankError::*;
    let at = |line: &usize| match locale {
        Locale::Ja => format!("{line}行目: "),
        Locale::En => format!("Line {line}: "),
    };
    match (locale, error) {
        (Locale::Ja, NotABankAccount) => "現金・預金の勘定科目を選んでください。".into(),
        (Locale::En, NotABankAccount) => "Choose a cash or bank account.".into(),
        (Locale::Ja, NothingToConfirm) => "確定する明細を選んでください。".into(),
        (Locale::En, NothingToConfirm) => "Choose the lines to confirm.".into(),
        (Locale::Ja, AlreadyImported { line }) => {
            format!("{}この明細はすでに取り込まれています。", at(line))
        }
        (Locale::En, AlreadyImported { line }) => {
            format!("{}this line was imported before.", at(line))
        }
        (Locale::Ja, DocumentTwice { line }) => {
            format!(
                "{}同じ請求書・請求書(仕入)に二つの明細を割り当てています。",
                at(line)
            )
        }
        (Locale::En, DocumentTwice { line }) => {
            format!(
                "{}another chosen line already settles the same document.",
                at(line)
            )
        }
        (_, Payment { line, error }) => format!(
            "{}{}",
            at(line),
            super::trade_error(error, locale, currency)
        ),
        (_, Entry { line, error }) => {
            format!("{}{}", at(line), super::journal_error(error, locale))
        }
        (_, Tax { line, error }) => {
            format!("{}{}", at(line), super::tax_split_error(error, locale))
        }
        (Locale::Ja, BlankRule) => "探す文字を入力してください。".into(),
        (Locale::En, BlankRule) => "Enter the text to look for.".into(),
        (Locale::Ja, RuleAccount) => "勘定科目を選んでください。".into(),
        (Locale::En, RuleAccount) => "Choose an account.".into(),
    }
}

// ---- backup ----

/// Why a book file (a backup, or a sync file of changes) cannot be read, in the
/// user's language. Nothing was changed when one of these is shown.
pub fn book_file_error(error: &kura_core::files::backup::BookFileError, locale: Locale) -> String {
    use kura_core::files::backup::BookFileError::*;
    match (locale, error) {
        (Locale::Ja, NotABookFile) => "Kura のバックアップファイルではありません。".into(),
        (Locale::En, NotABookFile) => "This is not a Kura backup file.".into(),
        (Locale::Ja, Truncated) => {
            "ファイルが途中で切れているか、壊れています。コピーやダウンロードが最後まで終わったか確かめてください。".into()
        }
        (Locale::En, Truncated) => {
            "The file is incomplete or damaged. Check that the copy or download finished.".into()
        }
        (Locale::Ja, NewerFormat { found, supported }) => format!(
            "新しい Kura で作られたファイルです(形式 {found}、この Kura は {supported} まで)。Kura を更新してから開いてください。"
        ),
        (Locale::En, NewerFormat { found, supported }) => format!(
            "A newer Kura made this file (format {found}; this Kura reads up to {supported}). Update Kura, then open it again."
        ),
        (Locale::Ja, PassphraseRequired) => {
            "このファイルは暗号化されています。パスフレーズを入力してください。".into()
        }
        (Locale::En, PassphraseRequired) => {
            "This file is encrypted. Enter its passphrase.".into()
        }
        (Locale::Ja, WrongPassphrase) => "パスフレーズが違います。".into(),
        (Locale::En, WrongPassphrase) => "The passphrase is wrong.".into(),
        (Locale::Ja, DamagedPart { part }) => {
            format!("ファイルの一部「{part}」が壊れています。別のバックアップを使ってください。")
        }
        (Locale::En, DamagedPart { part }) => {
            format!("The part “{part}” of the file is damaged. Use another backup.")
        }
        (Locale::Ja, MissingPart { part }) => {
            format!("ファイルに「{part}」がありません。別のバックアップを使ってください。")
        }
        (Locale::En, MissingPart { part }) => {
            format!("The part “{part}” is missing from the file. Use another backup.")
        }
        (Locale::Ja, UnreadablePart { part, detail }) => {
            format!("ファイルの一部「{part}」を読み取れません({detail})。")
        }
        (Locale::En, UnreadablePart { part, detail }) => {
            format!("The part “{part}” of the file cannot be read ({detail}).")
        }
        (Locale::Ja, AttachmentMismatch { part }) => {
            format!("添付ファイル「{part}」の中身が記録と一致しません。")
        }
        (Locale::En, AttachmentMismatch { part }) => {
            format!("The attached file “{part}” does not match its record.")
        }
        (_, TooLarge { what, size, limit }) => too_large(*what, *size, *limit, locale),
        (Locale::Ja, BrokenStructure { entry, problem }) => format!(
            "ファイルの構造が「{entry}」のところで壊れています({})。別のバックアップを使ってください。",
            structure_problem(problem, locale)
        ),
        (Locale::En, BrokenStructure { entry, problem }) => format!(
            "The file's structure is damaged at “{entry}” ({}). Use another backup.",
            structure_problem(problem, locale)
        ),
        (Locale::Ja, ManifestAltered) => "パスフレーズは正しいのですが、ファイルの目録が書き出した後に変更されています(部分が削除・追加された可能性があります)。別のバックアップを使ってください。".into(),
        (Locale::En, ManifestAltered) => "The passphrase is right, but the file's list of contents was changed after it was written (parts may have been removed or added). Use another backup.".into(),
        (Locale::Ja, UnlistedPart { part }) => {
            format!("ファイルに目録にない部分「{part}」があります(書き出した後に加えられています)。別のバックアップを使ってください。")
        }
        (Locale::En, UnlistedPart { part }) => {
            format!("The file holds a part “{part}” that its list of contents does not name (it was added after the file was written). Use another backup.")
        }
        (Locale::Ja, PartOutOfOrder { part }) => {
            format!("ファイルの目録で部分「{part}」の順序が入れ替わっています。別のバックアップを使ってください。")
        }
        (Locale::En, PartOutOfOrder { part }) => {
            format!("The part “{part}” is out of order in the file's list of contents. Use another backup.")
        }
        (Locale::Ja, PartListAltered { at }) => format!(
            "ファイルの部分の一覧が「{at}」のところで変更されています(書き出した後に部分が削除・追加・入れ替えされました)。別のバックアップを使ってください。"
        ),
        (Locale::En, PartListAltered { at }) => format!(
            "The file's list of parts was changed at “{at}”: a part was removed, added, moved or replaced after the file was written. Use another backup."
        ),
        (Locale::Ja, CountMismatch { what, listed, found }) => format!(
            "ファイルの目録では{}が {listed} 件ですが、実際には {found} 件です。ファイルが欠けているか、変更されています。別のバックアップを使ってください。",
            counted(what, locale)
        ),
        (Locale::En, CountMismatch { what, listed, found }) => format!(
            "The file's list of contents counts {listed} {}, but the file holds {found}: it is incomplete or was altered. Use another backup.",
            counted(what, locale)
        ),
        (Locale::Ja, SeenMismatch { device }) => format!(
            "端末 …{} の変更の一部がファイルから取り除かれています。別のバックアップを使ってください。",
            short_device(device)
        ),
        (Locale::En, SeenMismatch { device }) => format!(
            "Some of the changes of device …{} were removed from the file. Use another backup.",
            short_device(device)
        ),
        (Locale::Ja, ClockAhead { device, ahead_ms }) => format!(
            "この変更を書いた端末 …{} の時計が、この端末より{}進んでいました。両方の端末の日付と時刻を確かめてから、ファイルを作り直してください。何も変更していません。",
            short_device(device),
            duration(*ahead_ms, locale)
        ),
        (Locale::En, ClockAhead { device, ahead_ms }) => format!(
            "The clock of device …{}, which wrote these changes, was {} ahead of this device's. Check the date and time on both devices, then make the file again. Nothing was changed.",
            short_device(device),
            duration(*ahead_ms, locale)
        ),
        (Locale::Ja, RecordBeyondLimits { part, record, limit }) => format!(
            "ファイルの部分「{part}」の記録({} {})に、Kura が扱える上限({})を超える値があります。何も変更していません。",
            record_kind(record.kind),
            short_id(&record.id.to_string()),
            format_number(limit.limit, 0)
        ),
        (Locale::En, RecordBeyondLimits { part, record, limit }) => format!(
            "The part “{part}” holds a record ({} {}) with a value beyond what Kura accepts (at most {}). Nothing was changed.",
            record_kind(record.kind),
            short_id(&record.id.to_string()),
            format_number(limit.limit, 0)
        ),
        (Locale::Ja, ChangesNotABackup) => "これは端末間の同期に使う変更ファイルで、バックアップではありません(帳簿の変更の一部しか含まないことがあります)。帳簿を復元するには、バックアップから始めてください。変更を取り込むには、その帳簿の「同期」ページを使ってください。".into(),
        (Locale::En, ChangesNotABackup) => "This is a file of changes for syncing devices, not a backup: it may hold only some of a book's changes. To restore a book, start from a backup. To bring these changes into a book, use that book's Sync page.".into(),
    }
}

/// A budget a file went beyond, and by how much.
fn too_large(what: Budget, size: u64, limit: u64, locale: Locale) -> String {
    let (size, limit) = match what {
        Budget::Parts => (
            group_thousands(&size.to_string()),
            group_thousands(&limit.to_string()),
        ),
        _ => (format_bytes(size), format_bytes(limit)),
    };
    let thing = match (locale, what) {
        (Locale::Ja, Budget::File) => "ファイル全体",
        (Locale::En, Budget::File) => "the whole file",
        (Locale::Ja, Budget::Parts) => "部分の数",
        (Locale::En, Budget::Parts) => "the number of parts",
        (Locale::Ja, Budget::Directory) => "ZIP の目録",
        (Locale::En, Budget::Directory) => "the ZIP directory",
        (Locale::Ja, Budget::Manifest) => "manifest.json",
        (Locale::En, Budget::Manifest) => "manifest.json",
        (Locale::Ja, Budget::ChangePart) => "変更の部分",
        (Locale::En, Budget::ChangePart) => "a part of changes",
        (Locale::Ja, Budget::Attachment) => "添付ファイル",
        (Locale::En, Budget::Attachment) => "an attached file",
    };
    match locale {
        Locale::Ja => format!("{thing}が大きすぎます({size}、Kura が読むのは {limit} まで)。壊れているか、Kura のファイルではありません。"),
        Locale::En => format!("The file declares {size} for {thing}, more than the {limit} Kura reads. It is damaged or not a Kura file."),
    }
}

fn structure_problem(problem: &StructureProblem, locale: Locale) -> String {
    use StructureProblem::*;
    match (locale, problem) {
        (Locale::Ja, Overlaps { other }) => format!("「{other}」と中身が重なっています"),
        (Locale::En, Overlaps { other }) => format!("it shares bytes with “{other}”"),
        (Locale::Ja, DuplicateName) => "同じ名前が二度あります".into(),
        (Locale::En, DuplicateName) => "its name appears twice".into(),
        (Locale::Ja, LocalHeaderDisagrees) => "見出しが目録と一致しません".into(),
        (Locale::En, LocalHeaderDisagrees) => "its header disagrees with the directory".into(),
        (Locale::Ja, OutsideFile) => "ファイルの範囲を超えています".into(),
        (Locale::En, OutsideFile) => "it reaches past the file's contents".into(),
        (Locale::Ja, SizesDisagree) => "大きさが食い違っています".into(),
        (Locale::En, SizesDisagree) => "its sizes disagree".into(),
        (Locale::Ja, NotSupported) => "Kura が書かない形式の ZIP です".into(),
        (Locale::En, NotSupported) => "a kind of ZIP Kura does not write".into(),
    }
}

fn counted(what: &Counted, locale: Locale) -> String {
    match (locale, what) {
        (Locale::Ja, Counted::ChangeSets) => "変更".into(),
        (Locale::En, Counted::ChangeSets) => "changes".into(),
        (Locale::Ja, Counted::Attachments) => "添付ファイル".into(),
        (Locale::En, Counted::Attachments) => "attached files".into(),
        (Locale::Ja, Counted::Records { kind }) => format!("記録 ({kind})"),
        (Locale::En, Counted::Records { kind }) => format!("records ({kind})"),
    }
}

/// How far a clock was ahead: hours under two days, then days; beyond a
/// century no clock is that wrong, and the figure would only confuse.
fn duration(ms: u64, locale: Locale) -> String {
    const HOUR_MS: u64 = 60 * 60 * 1000;
    let (hours, days) = (ms / HOUR_MS, ms / (24 * HOUR_MS));
    match (locale, days) {
        (Locale::Ja, 36_500..) => "100 年以上".into(),
        (Locale::En, 36_500..) => "more than a hundred years".into(),
        (Locale::Ja, 2..) => format!(" {} 日", group_thousands(&days.to_string())),
        (Locale::En, 2..) => format!("{} days", group_thousands(&days.to_string())),
        (Locale::Ja, _) => format!(" {hours} 時間"),
        (Locale::En, _) => format!("{hours} hours"),
    }
}

/// The last characters of a device id: enough to tell the user's devices apart.
pub(crate) fn short_device(device: &kura_core::ids::DeviceId) -> String {
    let text = device.to_string();
    text[text.len().saturating_sub(6)..].to_string()
}

fn short_id(id: &str) -> &str {
    &id[..id.len().min(8)]
}

/// A record kind by its stored name (as the file names it).
fn record_kind(kind: kura_core::book::RecordKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
