//! Accounts (勘定科目) and sub-accounts (補助科目).

use serde::{Deserialize, Serialize};

use super::templates::StatementLine;
use super::{BusinessClass, PurchaseUse, TaxCode};
use crate::ids::RecordId;
use crate::locale::Locale;

/// The five kinds of account. The kind is a field, not derived from the name,
/// because names are localized and user-editable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    Asset,
    Liability,
    Equity,
    Revenue,
    Expense,
}

/// Which side of an entry increases an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Debit,
    Credit,
}

impl AccountType {
    pub const ALL: [AccountType; 5] = [
        AccountType::Asset,
        AccountType::Liability,
        AccountType::Equity,
        AccountType::Revenue,
        AccountType::Expense,
    ];

    /// Balance-sheet accounts carry their balance into the next year; profit-and-loss
    /// accounts start each year at zero.
    pub fn is_balance_sheet(&self) -> bool {
        matches!(
            self,
            AccountType::Asset | AccountType::Liability | AccountType::Equity
        )
    }

    /// The side on which the account normally has its balance.
    pub fn normal_side(&self) -> Side {
        match self {
            AccountType::Asset | AccountType::Expense => Side::Debit,
            AccountType::Liability | AccountType::Equity | AccountType::Revenue => Side::Credit,
        }
    }
}

/// What Kura itself needs to find an account for: automatic postings (tax
/// split, year-end close, private-use split) and the dashboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountRole {
    Cash,
    Bank,
    Receivable,
    Payable,
    /// 仮払消費税: tax paid on purchases, in tax-exclusive books.
    InputTax,
    /// 仮受消費税: tax received on sales, in tax-exclusive books.
    OutputTax,
    /// 事業主貸: money the owner took out (and the private share of expenses).
    OwnerDrawings,
    /// 事業主借: money the owner put in.
    OwnerContributions,
    /// 元入金 (or a company's capital).
    Capital,
    /// Where a generic chart closes the year's profit.
    RetainedEarnings,
    /// Where sales documents post their lines unless a line names an account.
    Sales,
    /// Where bills post their lines unless a line names an account.
    Purchases,
    /// 支払手数料: bank transfer fees on payments.
    BankFees,
    /// 仮払税金: income tax withheld by customers, when not booked to 事業主貸.
    PrepaidTax,
    /// 商品: the stock on the balance sheet.
    Inventory,
    /// 期首商品棚卸高: where the stock closing entry moves the opening stock.
    OpeningInventory,
    /// 期末商品棚卸高: where the stock closing entry puts the closing stock.
    ClosingInventory,
    /// 売上原価: what a perpetual book posts each move's stock value against.
    CostOfGoodsSold,
}

/// An account of the chart. A sub-account (補助科目) names its parent; postings
/// to it count toward the parent in reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: RecordId,
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
    /// Kana reading, for searching by sound (げんきん).
    #[serde(default)]
    pub reading: String,
    pub kind: AccountType,
    #[serde(default)]
    pub parent: Option<RecordId>,
    #[serde(default)]
    pub role: Option<AccountRole>,
    /// The tax code proposed when the account is picked on an entry line.
    #[serde(default)]
    pub default_tax: Option<TaxCode>,
    /// Archived accounts keep their postings but are not offered for new ones.
    #[serde(default)]
    pub archived: bool,
    /// The blue-return statement line the account feeds (user accounts choose one).
    #[serde(default)]
    pub statement_line: Option<StatementLine>,
    /// The simplified method's business class (事業区分) of the sales booked to
    /// it (a revenue account); `None` inherits the parent's, and failing that
    /// the class the return is figured for. Left out of the stored form when
    /// unset, so accounts stored before it existed keep their bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_class: Option<BusinessClass>,
    /// What the purchases booked to it are used for, when the credit must be
    /// apportioned (an expense or asset account); `None` inherits the parent's,
    /// and failing that counts as common.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_use: Option<PurchaseUse>,
}

impl Account {
    /// A new account of a kind, with no code or names yet (a form fills them in).
    pub fn new(id: RecordId, kind: AccountType) -> Account {
        Account {
            id,
            code: String::new(),
            name_ja: String::new(),
            name_en: String::new(),
            reading: String::new(),
            kind,
            parent: None,
            role: None,
            default_tax: None,
            archived: false,
            statement_line: None,
            business_class: None,
            purchase_use: None,
        }
    }

    /// The name in the given language (falling back to the other if blank).
    pub fn name(&self, locale: Locale) -> &str {
        let (first, second) = match locale {
            Locale::Ja => (&self.name_ja, &self.name_en),
            Locale::En => (&self.name_en, &self.name_ja),
        };
        if first.is_empty() {
            second
        } else {
            first
        }
    }

    /// Whether typed text finds this account: by code, either name, or reading.
    pub fn matches(&self, query: &str) -> bool {
        let query = query.trim().to_lowercase();
        query.is_empty()
            || self.code.to_lowercase().starts_with(&query)
            || self.name_ja.contains(query.as_str())
            || self.name_en.to_lowercase().contains(&query)
            || self.reading.contains(query.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Record;

    /// An account inside a `Record` (tagged `kind`) must survive the change log's
    /// JSON: its own type is stored as `type`, so the two never collide.
    #[test]
    fn an_account_record_round_trips_through_json() {
        let account: Account = serde_json::from_value(serde_json::json!({
            "id": RecordId::from_parts(1, 1), "code": "100", "name_ja": "現金",
            "name_en": "Cash", "kind": "asset",
        }))
        .unwrap();
        let record = Record::Account(account);
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), record);
    }
}
