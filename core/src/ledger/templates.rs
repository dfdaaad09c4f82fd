//! Chart-of-accounts templates, and the lines of the blue-return statement
//! (青色申告決算書 一般用) that accounts feed.
//!
//! A template is static data: a new book gets its accounts by [`instantiate`],
//! which only adds ids. The Japanese sole-proprietor chart follows the statement
//! line by line so the statement can be filled from the trial balance: each
//! account names its [`StatementLine`], and a report groups balances by it.
//!
//! Codes are three digits, grouped by kind: 1xx assets, 2xx liabilities,
//! 3xx equity, 4xx revenue, 5xx cost of sales, 6xx expenses (in the statement's
//! order, with 62x for the expenses that go on the statement's blank lines).
//!
//! Stock (棚卸) follows the Japanese three-part method (三分法): purchases go to
//! 仕入高 during the year; at the year end the user posts the opening stock out of
//! 商品 into 期首商品棚卸高 (Dr 期首商品棚卸高 / Cr 商品) and the counted closing
//! stock back (Dr 商品 / Cr 期末商品棚卸高). Both are expense accounts (the closing
//! one carries a credit balance), so cost of sales is simply their sum with
//! 仕入高, and 商品 holds the closing stock on the balance sheet — exactly the
//! statement's lines ② + ③ − ⑤.
//!
//! Default tax codes are what the account is usually used for; the user
//! overrides them per line. 地代家賃 defaults to taxable (Purchase10): a business
//! rents shops and offices, whose rent is taxable, while residential rent is
//! exempt — a home office's rent should be entered as PurchaseExempt. Interest
//! (利子割引料) and non-life insurance (損害保険料) are exempt (非課税) by law, so
//! PurchaseExempt rather than NotTaxable.

use serde::{Deserialize, Serialize};

use super::{Account, AccountRole, AccountType, TaxCode};
use crate::book::ChartTemplate;
use crate::ids::RecordId;

/// Where a line sits on the blue-return statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatementSection {
    /// P&L page, 売上(収入)金額 (line ①).
    Revenue,
    /// P&L page, 売上原価 (lines ②–⑥).
    CostOfSales,
    /// P&L page, 経費 (lines ⑧–㉛) and 専従者給与.
    Expenses,
    /// Balance-sheet page, 資産の部.
    Assets,
    /// Balance-sheet page, 負債・資本の部.
    LiabilitiesAndCapital,
}

/// A line of the blue-return statement (一般用) that accounts feed, in the
/// statement's order. Computed lines (小計, 差引金額, 所得金額…) are not here:
/// no account feeds them. Several revenue variants all make line ① (売上(収入)金額
/// includes 家事消費 and 雑収入); they are kept apart because the monthly page lists
/// them separately. The `Other*` lines are the statement's blank lines, which the
/// report fills with the account's own name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementLine {
    Sales,
    HouseholdConsumption,
    MiscIncome,
    OpeningInventory,
    Purchases,
    ClosingInventory,
    TaxesAndDues,
    PackingAndFreight,
    Utilities,
    Travel,
    Communication,
    Advertising,
    Entertainment,
    Insurance,
    Repairs,
    Supplies,
    Depreciation,
    Welfare,
    Wages,
    Outsourcing,
    InterestAndDiscounts,
    Rent,
    BadDebts,
    OtherExpense,
    Miscellaneous,
    FamilyEmployeeWages,
    Cash,
    CheckingDeposits,
    TimeDeposits,
    OtherDeposits,
    NotesReceivable,
    AccountsReceivable,
    Securities,
    Inventory,
    Advances,
    LoansReceivable,
    Buildings,
    BuildingFixtures,
    Machinery,
    Vehicles,
    ToolsAndFixtures,
    Land,
    OtherAssets,
    OwnerDrawings,
    NotesPayable,
    AccountsPayable,
    Borrowings,
    AccruedPayables,
    AdvancesReceived,
    DepositsReceived,
    OtherLiabilities,
    AllowanceForBadDebts,
    OwnerContributions,
    Capital,
}

impl StatementLine {
    /// Every line, in the statement's order (P&L page, then balance-sheet page).
    pub const ALL: [StatementLine; 54] = {
        use StatementLine::*;
        [
            Sales,
            HouseholdConsumption,
            MiscIncome,
            OpeningInventory,
            Purchases,
            ClosingInventory,
            TaxesAndDues,
            PackingAndFreight,
            Utilities,
            Travel,
            Communication,
            Advertising,
            Entertainment,
            Insurance,
            Repairs,
            Supplies,
            Depreciation,
            Welfare,
            Wages,
            Outsourcing,
            InterestAndDiscounts,
            Rent,
            BadDebts,
            OtherExpense,
            Miscellaneous,
            FamilyEmployeeWages,
            Cash,
            CheckingDeposits,
            TimeDeposits,
            OtherDeposits,
            NotesReceivable,
            AccountsReceivable,
            Securities,
            Inventory,
            Advances,
            LoansReceivable,
            Buildings,
            BuildingFixtures,
            Machinery,
            Vehicles,
            ToolsAndFixtures,
            Land,
            OtherAssets,
            OwnerDrawings,
            NotesPayable,
            AccountsPayable,
            Borrowings,
            AccruedPayables,
            AdvancesReceived,
            DepositsReceived,
            OtherLiabilities,
            AllowanceForBadDebts,
            OwnerContributions,
            Capital,
        ]
    };

    /// The section of the statement the line is in.
    pub fn section(&self) -> StatementSection {
        use StatementLine::*;
        match self {
            Sales | HouseholdConsumption | MiscIncome => StatementSection::Revenue,
            OpeningInventory | Purchases | ClosingInventory => StatementSection::CostOfSales,
            Cash | CheckingDeposits | TimeDeposits | OtherDeposits | NotesReceivable
            | AccountsReceivable | Securities | Inventory | Advances | LoansReceivable
            | Buildings | BuildingFixtures | Machinery | Vehicles | ToolsAndFixtures | Land
            | OtherAssets | OwnerDrawings => StatementSection::Assets,
            NotesPayable | AccountsPayable | Borrowings | AccruedPayables | AdvancesReceived
            | DepositsReceived | OtherLiabilities | AllowanceForBadDebts | OwnerContributions
            | Capital => StatementSection::LiabilitiesAndCapital,
            _ => StatementSection::Expenses,
        }
    }

    /// The line's name as printed on the statement.
    pub fn label_ja(&self) -> &'static str {
        self.labels().0
    }

    pub fn label_en(&self) -> &'static str {
        self.labels().1
    }

    fn labels(&self) -> (&'static str, &'static str) {
        use StatementLine::*;
        match self {
            Sales => ("売上(収入)金額", "Sales"),
            HouseholdConsumption => ("家事消費等", "Household consumption"),
            MiscIncome => ("雑収入", "Miscellaneous income"),
            OpeningInventory => ("期首商品棚卸高", "Opening inventory"),
            Purchases => ("仕入金額", "Purchases"),
            ClosingInventory => ("期末商品棚卸高", "Closing inventory"),
            TaxesAndDues => ("租税公課", "Taxes and dues"),
            PackingAndFreight => ("荷造運賃", "Packing and freight"),
            Utilities => ("水道光熱費", "Utilities"),
            Travel => ("旅費交通費", "Travel and transport"),
            Communication => ("通信費", "Communication"),
            Advertising => ("広告宣伝費", "Advertising"),
            Entertainment => ("接待交際費", "Entertainment"),
            Insurance => ("損害保険料", "Non-life insurance"),
            Repairs => ("修繕費", "Repairs"),
            Supplies => ("消耗品費", "Supplies"),
            Depreciation => ("減価償却費", "Depreciation"),
            Welfare => ("福利厚生費", "Employee welfare"),
            Wages => ("給料賃金", "Wages"),
            Outsourcing => ("外注工賃", "Outsourcing"),
            InterestAndDiscounts => ("利子割引料", "Interest and discounts"),
            Rent => ("地代家賃", "Rent"),
            BadDebts => ("貸倒金", "Bad debts"),
            OtherExpense => ("その他の経費", "Other expenses"),
            Miscellaneous => ("雑費", "Miscellaneous expenses"),
            FamilyEmployeeWages => ("専従者給与", "Family employee wages"),
            Cash => ("現金", "Cash"),
            CheckingDeposits => ("当座預金", "Checking deposits"),
            TimeDeposits => ("定期預金", "Time deposits"),
            OtherDeposits => ("その他の預金", "Other deposits"),
            NotesReceivable => ("受取手形", "Notes receivable"),
            AccountsReceivable => ("売掛金", "Accounts receivable"),
            Securities => ("有価証券", "Securities"),
            Inventory => ("棚卸資産", "Inventory"),
            Advances => ("前払金", "Advances paid"),
            LoansReceivable => ("貸付金", "Loans receivable"),
            Buildings => ("建物", "Buildings"),
            BuildingFixtures => ("建物附属設備", "Building fixtures"),
            Machinery => ("機械装置", "Machinery"),
            Vehicles => ("車両運搬具", "Vehicles"),
            ToolsAndFixtures => ("工具 器具 備品", "Tools, furniture and fixtures"),
            Land => ("土地", "Land"),
            OtherAssets => ("その他の資産", "Other assets"),
            OwnerDrawings => ("事業主貸", "Owner's drawings"),
            NotesPayable => ("支払手形", "Notes payable"),
            AccountsPayable => ("買掛金", "Accounts payable"),
            Borrowings => ("借入金", "Borrowings"),
            AccruedPayables => ("未払金", "Accrued payables"),
            AdvancesReceived => ("前受金", "Advances received"),
            DepositsReceived => ("預り金", "Deposits received"),
            OtherLiabilities => ("その他の負債", "Other liabilities"),
            AllowanceForBadDebts => ("貸倒引当金", "Allowance for bad debts"),
            OwnerContributions => ("事業主借", "Owner's contributions"),
            Capital => ("元入金", "Capital"),
        }
    }
}

/// One account of a template: static data, an [`Account`] without an id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountTemplate {
    pub code: &'static str,
    pub name_ja: &'static str,
    pub name_en: &'static str,
    /// Hiragana reading of the Japanese name.
    pub reading: &'static str,
    pub kind: AccountType,
    pub role: Option<AccountRole>,
    pub default_tax: Option<TaxCode>,
    pub line: Option<StatementLine>,
}

impl AccountTemplate {
    /// The account this template describes, under the given id.
    pub fn to_account(&self, id: RecordId) -> Account {
        Account {
            id,
            code: self.code.to_string(),
            name_ja: self.name_ja.to_string(),
            name_en: self.name_en.to_string(),
            reading: self.reading.to_string(),
            kind: self.kind,
            parent: None,
            role: self.role,
            default_tax: self.default_tax,
            archived: false,
            statement_line: self.line,
            business_class: None,
            purchase_use: None,
        }
    }
}

/// The accounts of a template, in code order.
pub fn chart(template: ChartTemplate) -> Vec<AccountTemplate> {
    let rows = match template {
        ChartTemplate::JapanSoleProprietor => JAPAN_SOLE_PROPRIETOR,
        ChartTemplate::GenericSmallBusiness => GENERIC_SMALL_BUSINESS,
    };
    rows.iter().map(Row::template).collect()
}

/// The template's accounts, each with a fresh id from `ids`.
pub fn instantiate(template: ChartTemplate, ids: &mut impl FnMut() -> RecordId) -> Vec<Account> {
    chart(template)
        .iter()
        .map(|t| t.to_account(ids()))
        .collect()
}

/// A compact row of the tables below: code, Japanese name, English name,
/// reading, kind, role, default tax code, statement line.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    AccountType,
    Option<AccountRole>,
    Option<TaxCode>,
    Option<StatementLine>,
);

trait RowExt {
    fn template(&self) -> AccountTemplate;
}

impl RowExt for Row {
    fn template(&self) -> AccountTemplate {
        let (code, name_ja, name_en, reading, kind, role, default_tax, line) = *self;
        AccountTemplate {
            code,
            name_ja,
            name_en,
            reading,
            kind,
            role,
            default_tax,
            line,
        }
    }
}

use AccountRole as R;
use AccountType::{Asset as A, Equity as Q, Expense as X, Liability as L, Revenue as V};
use StatementLine as S;
use TaxCode::{NotTaxable as NT, Purchase10 as P10, PurchaseExempt as PX, Sales10 as S10};

#[rustfmt::skip]
const JAPAN_SOLE_PROPRIETOR: &[Row] = &[
    ("100", "現金", "Cash", "げんきん", A, Some(R::Cash), None, Some(S::Cash)),
    ("110", "当座預金", "Checking account", "とうざよきん", A, None, None, Some(S::CheckingDeposits)),
    ("111", "普通預金", "Bank account", "ふつうよきん", A, Some(R::Bank), None, Some(S::OtherDeposits)),
    ("112", "定期預金", "Time deposit", "ていきよきん", A, None, None, Some(S::TimeDeposits)),
    ("120", "売掛金", "Accounts receivable", "うりかけきん", A, Some(R::Receivable), None, Some(S::AccountsReceivable)),
    ("121", "未収入金", "Other receivables", "みしゅうにゅうきん", A, None, None, Some(S::OtherAssets)),
    ("130", "商品", "Merchandise", "しょうひん", A, Some(R::Inventory), None, Some(S::Inventory)),
    ("140", "前払金", "Advances paid", "まえばらいきん", A, None, None, Some(S::Advances)),
    ("141", "貸付金", "Loans receivable", "かしつけきん", A, None, None, Some(S::LoansReceivable)),
    ("150", "建物", "Buildings", "たてもの", A, None, Some(P10), Some(S::Buildings)),
    ("151", "建物附属設備", "Building fixtures", "たてものふぞくせつび", A, None, Some(P10), Some(S::BuildingFixtures)),
    ("152", "機械装置", "Machinery", "きかいそうち", A, None, Some(P10), Some(S::Machinery)),
    ("153", "車両運搬具", "Vehicles", "しゃりょううんぱんぐ", A, None, Some(P10), Some(S::Vehicles)),
    ("154", "工具器具備品", "Tools, furniture and fixtures", "こうぐきぐびひん", A, None, Some(P10), Some(S::ToolsAndFixtures)),
    ("155", "土地", "Land", "とち", A, None, Some(PX), Some(S::Land)),
    ("160", "仮払消費税", "Input consumption tax", "かりばらいしょうひぜい", A, Some(R::InputTax), None, Some(S::OtherAssets)),
    ("170", "仮払税金", "Prepaid income tax", "かりばらいぜいきん", A, Some(R::PrepaidTax), None, Some(S::OtherAssets)),
    ("190", "事業主貸", "Owner's drawings", "じぎょうぬしかし", A, Some(R::OwnerDrawings), None, Some(S::OwnerDrawings)),
    ("200", "支払手形", "Notes payable", "しはらいてがた", L, None, None, Some(S::NotesPayable)),
    ("210", "買掛金", "Accounts payable", "かいかけきん", L, Some(R::Payable), None, Some(S::AccountsPayable)),
    ("220", "借入金", "Borrowings", "かりいれきん", L, None, None, Some(S::Borrowings)),
    ("230", "未払金", "Accrued payables", "みばらいきん", L, None, None, Some(S::AccruedPayables)),
    ("240", "前受金", "Advances received", "まえうけきん", L, None, None, Some(S::AdvancesReceived)),
    ("250", "預り金", "Deposits received", "あずかりきん", L, None, None, Some(S::DepositsReceived)),
    ("260", "仮受消費税", "Output consumption tax", "かりうけしょうひぜい", L, Some(R::OutputTax), None, Some(S::OtherLiabilities)),
    ("261", "未払消費税", "Consumption tax payable", "みばらいしょうひぜい", L, None, None, Some(S::OtherLiabilities)),
    ("300", "元入金", "Capital", "もといれきん", Q, Some(R::Capital), None, Some(S::Capital)),
    ("310", "事業主借", "Owner's contributions", "じぎょうぬしかり", Q, Some(R::OwnerContributions), None, Some(S::OwnerContributions)),
    ("400", "売上高", "Sales", "うりあげだか", V, Some(R::Sales), Some(S10), Some(S::Sales)),
    ("410", "家事消費等", "Household consumption", "かじしょうひとう", V, None, Some(S10), Some(S::HouseholdConsumption)),
    ("420", "雑収入", "Miscellaneous income", "ざつしゅうにゅう", V, None, Some(NT), Some(S::MiscIncome)),
    ("500", "期首商品棚卸高", "Opening inventory", "きしゅしょうひんたなおろしだか", X, Some(R::OpeningInventory), Some(NT), Some(S::OpeningInventory)),
    ("510", "仕入高", "Purchases", "しいれだか", X, Some(R::Purchases), Some(P10), Some(S::Purchases)),
    ("520", "期末商品棚卸高", "Closing inventory", "きまつしょうひんたなおろしだか", X, Some(R::ClosingInventory), Some(NT), Some(S::ClosingInventory)),
    // A perpetual book posts each move's stock value here against 商品; the
    // blue return counts it inside 差引原価 (see `reports::blue_return`).
    ("530", "売上原価", "Cost of goods sold", "うりあげげんか", X, Some(R::CostOfGoodsSold), Some(NT), Some(S::ClosingInventory)),
    ("600", "租税公課", "Taxes and dues", "そぜいこうか", X, None, Some(NT), Some(S::TaxesAndDues)),
    ("601", "荷造運賃", "Packing and freight", "にづくりうんちん", X, None, Some(P10), Some(S::PackingAndFreight)),
    ("602", "水道光熱費", "Utilities", "すいどうこうねつひ", X, None, Some(P10), Some(S::Utilities)),
    ("603", "旅費交通費", "Travel and transport", "りょひこうつうひ", X, None, Some(P10), Some(S::Travel)),
    ("604", "通信費", "Communication", "つうしんひ", X, None, Some(P10), Some(S::Communication)),
    ("605", "広告宣伝費", "Advertising", "こうこくせんでんひ", X, None, Some(P10), Some(S::Advertising)),
    ("606", "接待交際費", "Entertainment", "せったいこうさいひ", X, None, Some(P10), Some(S::Entertainment)),
    ("607", "損害保険料", "Non-life insurance", "そんがいほけんりょう", X, None, Some(PX), Some(S::Insurance)),
    ("608", "修繕費", "Repairs", "しゅうぜんひ", X, None, Some(P10), Some(S::Repairs)),
    ("609", "消耗品費", "Supplies", "しょうもうひんひ", X, None, Some(P10), Some(S::Supplies)),
    ("610", "減価償却費", "Depreciation", "げんかしょうきゃくひ", X, None, Some(NT), Some(S::Depreciation)),
    ("611", "福利厚生費", "Employee welfare", "ふくりこうせいひ", X, None, Some(P10), Some(S::Welfare)),
    ("612", "給料賃金", "Wages", "きゅうりょうちんぎん", X, None, Some(NT), Some(S::Wages)),
    ("613", "外注工賃", "Outsourcing", "がいちゅうこうちん", X, None, Some(P10), Some(S::Outsourcing)),
    ("614", "利子割引料", "Interest and discounts", "りしわりびきりょう", X, None, Some(PX), Some(S::InterestAndDiscounts)),
    ("615", "地代家賃", "Rent", "ちだいやちん", X, None, Some(P10), Some(S::Rent)),
    ("616", "貸倒金", "Bad debts", "かしだおれきん", X, None, Some(NT), Some(S::BadDebts)),
    ("620", "支払手数料", "Fees and charges", "しはらいてすうりょう", X, Some(R::BankFees), Some(P10), Some(S::OtherExpense)),
    ("621", "車両費", "Vehicle expenses", "しゃりょうひ", X, None, Some(P10), Some(S::OtherExpense)),
    ("622", "新聞図書費", "Books and subscriptions", "しんぶんとしょひ", X, None, Some(P10), Some(S::OtherExpense)),
    ("623", "会議費", "Meetings", "かいぎひ", X, None, Some(P10), Some(S::OtherExpense)),
    ("624", "研修費", "Training", "けんしゅうひ", X, None, Some(P10), Some(S::OtherExpense)),
    ("690", "雑費", "Miscellaneous expenses", "ざっぴ", X, None, Some(P10), Some(S::Miscellaneous)),
    ("700", "専従者給与", "Family employee wages", "せんじゅうしゃきゅうよ", X, None, Some(NT), Some(S::FamilyEmployeeWages)),
];

/// The generic chart keeps Japanese names (and Japan's tax codes as defaults)
/// so the UI works in either language, and maps to the statement lines where
/// the meaning is the same.
#[rustfmt::skip]
const GENERIC_SMALL_BUSINESS: &[Row] = &[
    ("100", "現金", "Cash", "げんきん", A, Some(R::Cash), None, Some(S::Cash)),
    ("110", "普通預金", "Bank", "ふつうよきん", A, Some(R::Bank), None, Some(S::OtherDeposits)),
    ("120", "売掛金", "Accounts Receivable", "うりかけきん", A, Some(R::Receivable), None, Some(S::AccountsReceivable)),
    ("130", "棚卸資産", "Inventory", "たなおろししさん", A, Some(R::Inventory), None, Some(S::Inventory)),
    ("140", "前払費用", "Prepaid Expenses", "まえばらいひよう", A, None, None, Some(S::OtherAssets)),
    ("150", "工具器具備品", "Equipment", "こうぐきぐびひん", A, None, Some(P10), Some(S::ToolsAndFixtures)),
    ("159", "減価償却累計額", "Accumulated Depreciation", "げんかしょうきゃくるいけいがく", A, None, None, Some(S::ToolsAndFixtures)),
    ("160", "仮払消費税", "VAT Receivable", "かりばらいしょうひぜい", A, Some(R::InputTax), None, Some(S::OtherAssets)),
    ("200", "買掛金", "Accounts Payable", "かいかけきん", L, Some(R::Payable), None, Some(S::AccountsPayable)),
    ("210", "仮受消費税", "Sales Tax / VAT Payable", "かりうけしょうひぜい", L, Some(R::OutputTax), None, Some(S::OtherLiabilities)),
    ("220", "借入金", "Loans", "かりいれきん", L, None, None, Some(S::Borrowings)),
    ("300", "元入金", "Owner's Capital", "もといれきん", Q, Some(R::Capital), None, Some(S::Capital)),
    ("310", "事業主貸", "Owner's Drawings", "じぎょうぬしかし", Q, Some(R::OwnerDrawings), None, Some(S::OwnerDrawings)),
    ("320", "繰越利益剰余金", "Retained Earnings", "くりこしりえきじょうよきん", Q, Some(R::RetainedEarnings), None, None),
    ("400", "売上高", "Sales", "うりあげだか", V, Some(R::Sales), Some(S10), Some(S::Sales)),
    ("410", "雑収入", "Other Income", "ざつしゅうにゅう", V, None, Some(NT), Some(S::MiscIncome)),
    ("500", "売上原価", "Cost of Goods Sold", "うりあげげんか", X, Some(R::Purchases), Some(P10), Some(S::Purchases)),
    ("501", "期首棚卸高", "Opening Inventory", "きしゅたなおろしだか", X, Some(R::OpeningInventory), Some(NT), Some(S::OpeningInventory)),
    ("502", "期末棚卸高", "Closing Inventory", "きまつたなおろしだか", X, Some(R::ClosingInventory), Some(NT), Some(S::ClosingInventory)),
    ("503", "在庫払出原価", "Cost of Stock Sold", "ざいこはらいだしげんか", X, Some(R::CostOfGoodsSold), Some(NT), Some(S::ClosingInventory)),
    ("600", "広告宣伝費", "Advertising", "こうこくせんでんひ", X, None, Some(P10), Some(S::Advertising)),
    ("601", "支払手数料", "Bank Fees", "しはらいてすうりょう", X, Some(R::BankFees), Some(P10), Some(S::OtherExpense)),
    ("602", "保険料", "Insurance", "ほけんりょう", X, None, Some(PX), Some(S::Insurance)),
    ("603", "支払利息", "Interest Expense", "しはらいりそく", X, None, Some(PX), Some(S::InterestAndDiscounts)),
    ("604", "消耗品費", "Office Supplies", "しょうもうひんひ", X, None, Some(P10), Some(S::Supplies)),
    ("605", "支払報酬", "Professional Fees", "しはらいほうしゅう", X, None, Some(P10), Some(S::OtherExpense)),
    ("606", "地代家賃", "Rent", "ちだいやちん", X, None, Some(P10), Some(S::Rent)),
    ("607", "修繕費", "Repairs and Maintenance", "しゅうぜんひ", X, None, Some(P10), Some(S::Repairs)),
    ("608", "給料賃金", "Salaries and Wages", "きゅうりょうちんぎん", X, None, Some(NT), Some(S::Wages)),
    ("609", "通信費", "Telephone and Internet", "つうしんひ", X, None, Some(P10), Some(S::Communication)),
    ("610", "旅費交通費", "Travel", "りょひこうつうひ", X, None, Some(P10), Some(S::Travel)),
    ("611", "水道光熱費", "Utilities", "すいどうこうねつひ", X, None, Some(P10), Some(S::Utilities)),
    ("612", "減価償却費", "Depreciation", "げんかしょうきゃくひ", X, None, Some(NT), Some(S::Depreciation)),
    ("613", "租税公課", "Taxes and Licenses", "そぜいこうか", X, None, Some(NT), Some(S::TaxesAndDues)),
    ("690", "雑費", "Miscellaneous", "ざっぴ", X, None, Some(P10), Some(S::Miscellaneous)),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn all_lists_every_line_once_in_section_order() {
        let unique: HashSet<_> = StatementLine::ALL.iter().collect();
        assert_eq!(unique.len(), StatementLine::ALL.len());
        let mut sorted = StatementLine::ALL;
        sorted.sort();
        assert_eq!(sorted, StatementLine::ALL, "ALL follows declaration order");
        let sections: Vec<_> = StatementLine::ALL.iter().map(|l| l.section()).collect();
        let mut runs = sections.clone();
        runs.dedup();
        assert_eq!(runs.len(), 5, "each section is one contiguous run");
    }

    #[test]
    fn codes_are_in_order_and_grouped_by_kind() {
        for template in ChartTemplate::ALL {
            let rows = chart(template);
            assert!(rows.windows(2).all(|w| w[0].code < w[1].code));
            for row in rows {
                let groups: &[char] = match row.kind {
                    AccountType::Asset => &['1'],
                    AccountType::Liability => &['2'],
                    AccountType::Equity => &['3'],
                    AccountType::Revenue => &['4'],
                    AccountType::Expense => &['5', '6', '7'],
                };
                let first = row.code.chars().next().unwrap();
                assert!(groups.contains(&first), "{}", row.code);
                assert_eq!(row.code.len(), 3, "{}", row.code);
            }
        }
    }
}
