//! What the chart of accounts answers about itself: what an account inherits
//! from its parents (the nearest role up its lineage decides), and which
//! account a typed text means. One walk for every screen and command, so a
//! sub-account (補助科目) is read the same way everywhere.

use crate::ids::RecordId;
use crate::ledger::{Account, AccountRole};
use crate::locale::Locale;

use super::Book;

impl Book {
    /// The account's role, or the nearest one up its parents: a bank's
    /// sub-account is a bank account, 事業主貸's sub-account is drawings.
    pub fn inherited_role(&self, id: RecordId) -> Option<AccountRole> {
        self.lineage(id).find_map(|a| a.role)
    }

    /// Whether the account holds money: it is, or is under, a cash or bank
    /// account.
    pub fn is_cash_account(&self, id: RecordId) -> bool {
        matches!(
            self.inherited_role(id),
            Some(AccountRole::Cash | AccountRole::Bank)
        )
    }

    /// The account a typed text names: its code (alone or followed by a
    /// name), its exact name in either language (or `code name` as the
    /// picker shows it), or else the only live account that
    /// [`Account::matches`] it. Archived accounts are found by code and name
    /// too, so a command can say why they are refused.
    pub fn account_named(&self, text: &str) -> Option<RecordId> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let accounts = self.accounts();
        let by_code = |code: &str| accounts.iter().find(|a| a.code == code).map(|a| a.id);
        if let Some(id) = by_code(text) {
            return Some(id);
        }
        let labelled = |a: &Account, locale: Locale| {
            text.strip_prefix(a.code.as_str())
                .and_then(|rest| rest.strip_prefix(' '))
                .is_some_and(|name| name == a.name(locale))
        };
        let exact = accounts.iter().find(|a| {
            a.name_ja == text
                || a.name_en.eq_ignore_ascii_case(text)
                || labelled(a, Locale::Ja)
                || labelled(a, Locale::En)
        });
        if let Some(a) = exact {
            return Some(a.id);
        }
        let first = text.split_whitespace().next().unwrap_or_default();
        if text.len() != first.len() {
            if let Some(id) = by_code(first) {
                return Some(id);
            }
        }
        let mut found = accounts.iter().filter(|a| !a.archived && a.matches(text));
        match (found.next(), found.next()) {
            (Some(a), None) => Some(a.id),
            _ => None,
        }
    }
}
