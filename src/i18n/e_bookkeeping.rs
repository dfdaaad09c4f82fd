//! The 電子帳簿保存 page's texts: the 優良 requirements and how Kura meets
//! each (電子帳簿保存法施行規則5条5項, 2条2項, 4条), and the 事務処理規程 for
//! the prevention of corrections and deletions of electronic transaction data,
//! after the National Tax Agency's sample for sole proprietors
//! (「電子取引データの訂正及び削除の防止に関する事務処理規程(個人事業者の例)」).

use kura_core::locale::Locale;

use crate::routes::{BookScreen, Report};

/// One requirement: its name, how this book meets it, and whether the user
/// has something to do.
pub struct Requirement {
    pub name: &'static str,
    pub how: &'static str,
    /// Where in Kura to see it, if anywhere.
    pub path: Option<BookScreen>,
    pub user_action: bool,
}

const fn req(
    name: &'static str,
    how: &'static str,
    path: Option<BookScreen>,
    user_action: bool,
) -> Requirement {
    Requirement {
        name,
        how,
        path,
        user_action,
    }
}

const JA: [Requirement; 9] = [
    req(
        "訂正・削除の履歴の確保",
        "記帳済みの仕訳は書き換えも削除もできません。訂正は取消の仕訳と訂正後の仕訳として残り、変更履歴で、いつ何がどう変わったかを確かめられます。",
        Some(BookScreen::Report(Report::History)),
        false,
    ),
    req(
        "通常の期間を過ぎた入力の記録",
        "仕訳ごとに最初に記録された日が残ります。取引日から2か月を過ぎて記録された仕訳は、このページの下に一覧で出ます。",
        None,
        false,
    ),
    req(
        "帳簿間の相互関連性",
        "請求書・支払・在庫の動きから作られた仕訳は元の書類につながり、総勘定元帳の各行から仕訳へ、仕訳から証憑へたどれます。",
        Some(BookScreen::Report(Report::Ledger)),
        false,
    ),
    req(
        "検索機能",
        "取引年月日と金額は範囲で、取引先は名前で、二つ以上を組み合わせて仕訳と証憑を検索できます。",
        Some(BookScreen::Journal),
        false,
    ),
    req(
        "見読可能性(画面・書面への出力)",
        "帳簿と帳票は画面に表示し、A4で印刷し、CSVに書き出せます。",
        Some(BookScreen::Reports),
        false,
    ),
    req(
        "履歴の改ざん防止の確認",
        "変更はすべて、端末ごとに前の変更のハッシュを含む鎖として記録されます。データ画面の「履歴の検証」で鎖が切れていないかを確かめられ、バックアップのたびにも確かめます(方式は docs/history-chain.md)。バックアップを年に一度以上保存し、別の場所にも保管してください。",
        Some(BookScreen::Data),
        true,
    ),
    req(
        "システム関係書類等の備付け",
        "このページと下の事務処理規程を印刷し、操作の説明(Kuraの README)とあわせて保管してください。",
        None,
        true,
    ),
    req(
        "電子取引データの保存(真実性)",
        "受け取った請求書・領収書のファイルを仕訳の証憑として添付すると、内容のハッシュ(SHA-256)が記録され、取り外しても履歴に残ります。保存期間中に記帳済み仕訳の証憑を外すときは、保存期限を示して確認の入力を求めます。タイムスタンプの代わりに、下の訂正削除防止の事務処理規程を定めて守ってください。",
        None,
        true,
    ),
    req(
        "過少申告加算税の軽減の届出",
        "優良な電子帳簿として過少申告加算税の軽減を受けるには、法定申告期限までに「国税関係帳簿の電磁的記録等による保存等に係る過少申告加算税の特例の適用を受ける旨の届出書」を税務署に出してください。",
        None,
        true,
    ),
];

const EN: [Requirement; 9] = [
    req(
        "A history of corrections and deletions",
        "A posted entry can be neither changed nor deleted. A correction stays as a reversal and a corrected entry; the change history shows when what changed and how.",
        Some(BookScreen::Report(Report::History)),
        false,
    ),
    req(
        "Entries recorded after the usual period",
        "Each entry keeps the day it was first recorded. Entries recorded more than two months after their date are listed at the foot of this page.",
        None,
        false,
    ),
    req(
        "Links between the books",
        "Entries made from invoices, payments and stock moves link to their documents; every general-ledger line opens its entry, and every entry its evidence.",
        Some(BookScreen::Report(Report::Ledger)),
        false,
    ),
    req(
        "Search",
        "Entries and evidence can be searched by date and amount ranges and by partner, any of them together.",
        Some(BookScreen::Journal),
        false,
    ),
    req(
        "Readable on screen and on paper",
        "Books and papers are shown on screen, printed on A4 and written to CSV.",
        Some(BookScreen::Reports),
        false,
    ),
    req(
        "Proof that the history is intact",
        "Every change is recorded in a chain per device, each holding the hash of the one before. Verify history on the Data page checks the chains, and every backup checks them too (the method: docs/history-chain.md). Save a backup at least once a year and keep a copy elsewhere.",
        Some(BookScreen::Data),
        true,
    ),
    req(
        "System documents kept",
        "Print this page and the rules below and keep them with Kura's instructions (its README).",
        None,
        true,
    ),
    req(
        "Electronic transactions kept as received",
        "A file attached as an entry's evidence is recorded with its hash (SHA-256) and stays in the history even when detached; detaching a posted entry's evidence within the retention period states until when it must be kept and asks for a typed confirmation. Instead of time stamps, adopt and follow the rules below against corrections and deletions.",
        None,
        true,
    ),
    req(
        "Notice for the reduced penalty",
        "To have the underpayment penalty reduced for 優良 books, file the notice (過少申告加算税の特例の適用を受ける旨の届出書) with the tax office by the return's due date.",
        None,
        true,
    ),
];

pub fn requirements(locale: Locale) -> &'static [Requirement] {
    match locale {
        Locale::Ja => &JA,
        Locale::En => &EN,
    }
}

/// The page's fixed texts.
pub struct EBookkeepingText {
    pub title: &'static str,
    pub intro: &'static str,
    pub requirement: &'static str,
    pub how: &'static str,
    pub to_do: &'static str,
    pub met: &'static str,
    pub open: &'static str,
    pub late_title: &'static str,
    pub late_none: &'static str,
    pub entry_date: &'static str,
    pub recorded: &'static str,
    pub entry: &'static str,
    pub rules_title: &'static str,
    pub print: &'static str,
    pub rules_note: &'static str,
}

pub fn e_bookkeeping_text(locale: Locale) -> &'static EBookkeepingText {
    match locale {
        Locale::Ja => &EBookkeepingText {
            title: "電子帳簿保存",
            intro: "この帳簿が優良な電子帳簿の要件と電子取引データの保存の要件をどう満たすかを、要件ごとに示します。「要対応」の項目は、あなたが行うことです。",
            requirement: "要件",
            how: "この帳簿での満たし方",
            to_do: "状態",
            met: "満たしています",
            open: "要対応",
            late_title: "取引日から2か月を過ぎて記録された仕訳",
            late_none: "ありません。",
            entry_date: "取引日",
            recorded: "記録日",
            entry: "仕訳",
            rules_title: "電子取引データの訂正及び削除の防止に関する事務処理規程",
            print: "印刷",
            rules_note: "国税庁の例(個人事業者)にならい、この帳簿の名前と事業者名を入れた案です。内容を確かめ、日付を入れて保管してください。",
        },
        Locale::En => &EBookkeepingText {
            title: "E-bookkeeping",
            intro: "How this book meets the requirements for 優良 electronic books and for keeping electronic transactions, one by one. Items marked \"to do\" are yours to do.",
            requirement: "Requirement",
            how: "How this book meets it",
            to_do: "Status",
            met: "Met",
            open: "To do",
            late_title: "Entries recorded more than two months after their date",
            late_none: "None.",
            entry_date: "Date",
            recorded: "Recorded",
            entry: "Entry",
            rules_title: "Rules against correcting and deleting electronic transaction data",
            print: "Print",
            rules_note: "A draft after the National Tax Agency's example for sole proprietors, with this book's and the owner's names. Check it, date it and keep it. The Japanese text is the one to keep; this is a translation.",
        },
    }
}

/// The articles of the 事務処理規程, filled with the owner's and the book's
/// names: (heading, text) pairs.
pub fn retention_rules(locale: Locale, owner: &str, book: &str) -> Vec<(String, String)> {
    match locale {
        Locale::Ja => vec![
            ("第1条(目的)".into(), format!("この規程は、電子計算機を使用して作成する国税関係帳簿書類の保存方法等の特例に関する法律第7条に定められた電子取引の取引情報に係る電磁的記録の保存義務を適正に履行することを目的として、個人事業者{owner}の事業に係る電子取引の取引情報に係る電磁的記録の訂正及び削除の防止に関する事項を定める。")),
            ("第2条(管理責任者)".into(), format!("この規程の管理責任者は、{owner}とする。")),
            ("第3条(電子取引の範囲)".into(), "この規程の対象とする電子取引の範囲は、次に掲げる取引とする。一 電子メールにより請求書、領収書等のデータ(PDF、XML等)を授受する取引 二 ウェブサイトから請求書、領収書等のデータをダウンロードする取引 三 デジタルインボイス(JP PINT)を授受する取引".into()),
            ("第4条(取引データの保存)".into(), format!("取引相手から受領した取引関係情報及び取引相手に提供した取引関係情報のデータは、会計ソフトKuraの帳簿「{book}」の仕訳に証憑として添付し、取引年月日、取引金額及び取引先により検索できる状態で保存する。")),
            ("第5条(訂正削除の原則禁止)".into(), "保存する取引関係情報の内容について、訂正及び削除をすることは原則禁止とする。".into()),
            ("第6条(訂正削除を行う場合)".into(), "業務処理上やむを得ない理由によって保存する取引関係情報を訂正又は削除する場合は、訂正前のデータを削除せず、訂正後のデータを新たに添付した上で、訂正・削除の日付、内容及び理由を仕訳の訂正履歴又は「取引情報訂正・削除記録簿」に記録し、当該記録とともに保存する。".into()),
            ("第7条(保存期間)".into(), "取引関係情報のデータは、所得税法に定める保存期間(7年)の間保存する。帳簿を削除せず、バックアップファイルを年に1回以上作成し、別の記録媒体にも保管する。".into()),
            ("附則".into(), "この規程は、令和　年　月　日から施行する。".into()),
        ],
        Locale::En => vec![
            ("Article 1 (Purpose)".into(), format!("These rules set out how {owner}, a sole proprietor, prevents the correction and deletion of the electronic records of electronic transactions, so as to keep them as Article 7 of the Act on Special Provisions for Preserving Books and Documents Prepared with Computers requires.")),
            ("Article 2 (Person responsible)".into(), format!("The person responsible for these rules is {owner}.")),
            ("Article 3 (Scope)".into(), "These rules cover: 1. invoices, receipts and the like exchanged by e-mail (PDF, XML…); 2. such data downloaded from websites; 3. digital invoices (JP PINT) sent or received.".into()),
            ("Article 4 (Keeping the data)".into(), format!("Transaction data received from or given to a partner is attached as evidence to its entry in the Kura book \"{book}\", where it can be searched by date, amount and partner.")),
            ("Article 5 (No corrections or deletions)".into(), "The data kept is, as a rule, neither corrected nor deleted.".into()),
            ("Article 6 (When a correction is unavoidable)".into(), "When data must be corrected or deleted for an unavoidable business reason, the earlier data is not deleted; the corrected data is attached anew, and the date, content and reason of the correction are recorded in the entry's correction history or a register of corrections, kept with the data.".into()),
            ("Article 7 (Period)".into(), "The data is kept for the period the Income Tax Act sets (seven years). The book is not deleted, and a backup file is made at least once a year and kept on another medium as well.".into()),
            ("Supplementary provision".into(), "These rules take effect on ____ (date).".into()),
        ],
    }
}
