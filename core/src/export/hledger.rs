//! The books as an hledger journal ("hledger journal v1"), which `ledger` reads
//! as well: a user can check Kura's balances with an independent tool
//! (`hledger -f books.journal bal`).
//!
//! The format, version 1:
//! - A header of `;` comment lines naming the format and the book, then an
//!   `account` directive for every account, in code order.
//! - Posted entries only (drafts are not in the books), in date order:
//!   `YYYY-MM-DD description  ; kura:<entry id>` (plus `corrects:<id>` and
//!   `partner:<name>` tags when the entry has them), then one line per posting:
//!   four spaces, the account, four spaces, the amount, e.g. `-110000 JPY`, and
//!   a `; tax:<code>` comment with the line's tax code and memo.
//! - Accounts are named by type, then code and name (the book's language, the
//!   other if blank): `assets:100 現金`. A sub-account (補助科目) is a child of
//!   its parent: `assets:111 普通預金:111-1 さくら銀行`, so hledger's inclusive
//!   balance of the parent is Kura's rolled-up figure. Types are `assets`,
//!   `liabilities`, `equity`, `revenues`, `expenses` (names hledger recognises).
//! - Amounts are exact: the currency's decimals always written, `.` as the
//!   decimal point, no thousands separators, the currency code after the number.
//! - Text is made safe for both programs: line breaks, tabs and runs of spaces
//!   become one space (two spaces end an account name); `;` (starts a comment)
//!   becomes `；`; `:` in account names (the hierarchy separator) becomes `：`; a
//!   description or account that starts with a character the parsers treat
//!   specially (`*`, `!`, `(`, `[`) gets its full-width form.

use std::collections::HashMap;
use std::fmt::Write;

use rust_decimal::Decimal;

use crate::book::Book;
use crate::ids::RecordId;
use crate::ledger::{Account, AccountType, JournalEntry, TaxCode};
use crate::locale::Locale;
use crate::money::Currency;

/// The name and version of this format, written in the journal's header.
pub const FORMAT: &str = "hledger journal v1";

/// The whole book (posted entries) as an hledger journal.
pub fn to_hledger_journal(book: &Book) -> String {
    let settings = book.settings();
    let currency = settings.map_or(Currency::JPY, |s| s.currency);
    let names = account_names(book);
    let mut out = String::with_capacity(256 + book.entry_count() * 240);
    let _ = writeln!(out, "; Kura export: {FORMAT}");
    if let Some(s) = settings {
        let _ = writeln!(out, "; book: {}", one_line(&s.name));
    }
    let _ = writeln!(out, "; currency: {}", currency.code());
    out.push('\n');
    for account in book.accounts() {
        if let Some(name) = names.get(&account.id) {
            let _ = writeln!(out, "account {name}");
        }
    }
    for entry in book.entries().filter(|e| e.is_posted()) {
        out.push('\n');
        write_entry(&mut out, entry, &names, currency);
    }
    out
}

/// Each account's name in the journal, by id (archived accounts included).
pub fn account_names(book: &Book) -> HashMap<RecordId, String> {
    let locale = book.settings().map_or(Locale::Ja, |s| s.locale);
    let accounts: HashMap<RecordId, &Account> =
        book.accounts().into_iter().map(|a| (a.id, a)).collect();
    accounts
        .values()
        .map(|a| (a.id, account_path(a, &accounts, locale)))
        .collect()
}

fn type_root(kind: AccountType) -> &'static str {
    match kind {
        AccountType::Asset => "assets",
        AccountType::Liability => "liabilities",
        AccountType::Equity => "equity",
        AccountType::Revenue => "revenues",
        AccountType::Expense => "expenses",
    }
}

/// `type:parent:child`. A parent of another kind (a chart error) or a cycle makes
/// the account top-level under its own type, as the reports treat it.
fn account_path(
    account: &Account,
    accounts: &HashMap<RecordId, &Account>,
    locale: Locale,
) -> String {
    let mut chain = vec![account];
    let mut current = account;
    while let Some(parent) = current.parent.and_then(|p| accounts.get(&p)) {
        if parent.kind != account.kind || chain.iter().any(|a| a.id == parent.id) {
            break;
        }
        chain.push(parent);
        current = parent;
    }
    let mut path = type_root(account.kind).to_string();
    for a in chain.iter().rev() {
        path.push(':');
        path.push_str(&account_part(a, locale));
    }
    path
}

/// One level of an account name: `code name`.
fn account_part(account: &Account, locale: Locale) -> String {
    let text = format!("{} {}", account.code, account.name(locale));
    let text = one_line(&text).replace(':', "：").replace(';', "；");
    full_width_lead(&text, &['(', '[', '*', '!'])
}

fn write_entry(
    out: &mut String,
    entry: &JournalEntry,
    names: &HashMap<RecordId, String>,
    currency: Currency,
) {
    let description = one_line(entry.description()).replace(';', "；");
    let description = full_width_lead(&description, &['*', '!', '(']);
    let _ = write!(out, "{} ", entry.date().format("%Y-%m-%d"));
    out.push_str(&description);
    let _ = write!(out, "  ; kura:{}", entry.id());
    if let Some(original) = entry.corrects() {
        let _ = write!(out, ", corrects:{original}");
    }
    if let Some(partner) = entry.partner() {
        let _ = write!(out, ", partner:{}", tag_value(partner));
    }
    out.push('\n');
    for line in entry.lines() {
        out.push_str("    ");
        match names.get(&line.account) {
            Some(name) => out.push_str(name),
            None => {
                let _ = write!(out, "unknown:{}", line.account);
            }
        }
        out.push_str("    ");
        out.push_str(&amount(line.amount, currency));
        let memo = one_line(&line.memo);
        match (line.tax_code, memo.is_empty()) {
            (Some(code), true) => {
                let _ = write!(out, "  ; tax:{}", tax_code_name(code));
            }
            (Some(code), false) => {
                let _ = write!(out, "  ; tax:{}, {memo}", tax_code_name(code));
            }
            (None, false) => {
                let _ = write!(out, "  ; {memo}");
            }
            (None, true) => {}
        }
        out.push('\n');
    }
}

/// An exact amount: the currency's decimals, `.` as the point, the code after.
pub fn amount(value: Decimal, currency: Currency) -> String {
    let mut value = value;
    value.rescale(currency.minor_units());
    if value.is_zero() {
        value.set_sign_positive(true);
    }
    format!("{value} {}", currency.code())
}

fn tax_code_name(code: TaxCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{code:?}"))
}

/// Control characters and runs of whitespace become one space; trimmed.
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// A tag value ends at a comma in hledger: commas become full-width.
fn tag_value(text: &str) -> String {
    one_line(text).replace(',', "，")
}

/// Replaces a leading ASCII character that a parser treats specially by its
/// full-width form (U+FF01..U+FF5E mirror U+0021..U+007E).
fn full_width_lead(text: &str, special: &[char]) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if special.contains(&c) => {
            let wide = char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c);
            std::iter::once(wide).chain(chars).collect()
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{save_entry, Record, WriteCtx};
    use crate::ids::DeviceId;
    use crate::ledger::{EntryHeader, EntryStatus, Posting};
    use crate::sync::{Change, ChangeSet, HlcClock};
    use chrono::NaiveDate;
    use std::str::FromStr;

    fn id(n: u128) -> RecordId {
        RecordId::from_parts(1_700_000_000_000, n)
    }

    fn account(n: u128, code: &str, name: &str, kind: &str, parent: Option<u128>) -> Account {
        serde_json::from_value(serde_json::json!({
            "id": id(n), "code": code, "name_ja": name, "name_en": "", "kind": kind,
            "parent": parent.map(id),
        }))
        .unwrap()
    }

    /// An entry for the test book: date, description, (account, amount) lines, status.
    type Spec<'a> = (&'a str, &'a str, Vec<(u128, &'a str)>, EntryStatus);

    /// A book with a few accounts in `currency`, and the entries given.
    fn book(currency: &str, entries: &[Spec<'_>]) -> Book {
        let settings = serde_json::from_value(serde_json::json!({
            "book_id": id(1000), "name": "山田商店\n本店", "owner_name": "", "currency": currency,
            "fiscal_year_start_month": 1, "locale": "ja", "chart_template": "japan_sole_proprietor",
        }))
        .unwrap();
        let mut changes = vec![Change::Put {
            record: Record::BookSettings(settings),
        }];
        for a in [
            account(1, "100", "現金", "asset", None),
            account(2, "400", "売上高", "revenue", None),
            account(3, "111", "普通預金", "asset", None),
            account(4, "111-1", "さくら: 本店", "asset", Some(3)),
            account(5, "(9)", "雑費;その他", "expense", None),
        ] {
            changes.push(Change::Put {
                record: Record::Account(a),
            });
        }
        let mut clock = HlcClock::new(DeviceId(id(999)));
        let mut book = Book::from_change_sets([&ChangeSet {
            id: id(2000),
            stamp: clock.tick(1),
            changes,
            link: None,
        }]);
        for (i, (date, description, lines, status)) in entries.iter().enumerate() {
            let header = EntryHeader {
                id: id(3000 + i as u128),
                date: NaiveDate::from_str(date).unwrap(),
                description: description.to_string(),
                partner: None,
                status: *status,
                corrects: None,
            };
            let lines = lines
                .iter()
                .map(|(a, amount)| Posting {
                    account: id(*a),
                    amount: Decimal::from_str(amount).unwrap(),
                    tax_code: None,
                    memo: String::new(),
                    tax_part: None,
                    business_class: None,
                    supply_date: None,
                })
                .collect();
            let ctx = WriteCtx {
                set_id: id(4000 + i as u128),
                stamp: clock.tick(10 + i as u64),
            };
            let set = save_entry(&book, header, lines, ctx).unwrap();
            book.apply(&set);
        }
        book
    }

    #[test]
    fn amounts_are_exact_with_the_currency_decimals() {
        assert_eq!(amount(Decimal::from(-110000), Currency::JPY), "-110000 JPY");
        assert_eq!(amount(Decimal::from(1234567), Currency::JPY), "1234567 JPY");
        let usd = Currency::from_str("USD").unwrap();
        assert_eq!(amount(Decimal::from_str("12.5").unwrap(), usd), "12.50 USD");
        assert_eq!(
            amount(Decimal::from_str("-0.01").unwrap(), usd),
            "-0.01 USD"
        );
        assert_eq!(
            amount(Decimal::from_str("1000000.00").unwrap(), usd),
            "1000000.00 USD"
        );
    }

    #[test]
    fn odd_descriptions_stay_on_one_line_and_out_of_the_comment() {
        let b = book(
            "JPY",
            &[
                (
                    "2026-01-05",
                    "売上\n二行目; 注記\t  です",
                    vec![(1, "1100"), (2, "-1100")],
                    EntryStatus::Posted,
                ),
                (
                    "2026-01-06",
                    "(株)山田 *特価*",
                    vec![(1, "10"), (2, "-10")],
                    EntryStatus::Posted,
                ),
                (
                    "2026-01-07",
                    "*! 記号",
                    vec![(1, "10"), (2, "-10")],
                    EntryStatus::Posted,
                ),
            ],
        );
        let text = to_hledger_journal(&b);
        assert!(text.contains("; book: 山田商店 本店\n"), "{text}");
        assert!(
            text.contains(&format!(
                "2026-01-05 売上 二行目； 注記 です  ; kura:{}\n",
                id(3000)
            )),
            "{text}"
        );
        assert!(
            text.contains("2026-01-06 （株)山田 *特価*  ; kura:"),
            "{text}"
        );
        assert!(text.contains("2026-01-07 ＊! 記号  ; kura:"), "{text}");
        assert!(text.contains("    assets:100 現金    1100 JPY\n"), "{text}");
        assert!(
            text.contains("    revenues:400 売上高    -1100 JPY\n"),
            "{text}"
        );
    }

    #[test]
    fn account_names_are_hierarchical_and_safe() {
        let b = book("JPY", &[]);
        let names = account_names(&b);
        assert_eq!(names[&id(1)], "assets:100 現金");
        assert_eq!(names[&id(4)], "assets:111 普通預金:111-1 さくら： 本店");
        assert_eq!(names[&id(5)], "expenses:（9) 雑費；その他");
        assert!(names.values().all(|n| !n.contains("  ")));
    }

    #[test]
    fn only_posted_entries_in_date_order() {
        let b = book(
            "USD",
            &[
                (
                    "2026-03-01",
                    "later",
                    vec![(4, "5.5"), (1, "-5.5")],
                    EntryStatus::Posted,
                ),
                (
                    "2026-02-01",
                    "draft",
                    vec![(1, "1"), (2, "-1")],
                    EntryStatus::Draft,
                ),
                (
                    "2026-01-01",
                    "earlier",
                    vec![(1, "100"), (2, "-100")],
                    EntryStatus::Posted,
                ),
            ],
        );
        let text = to_hledger_journal(&b);
        assert!(!text.contains("draft"));
        let earlier = text.find("2026-01-01 earlier").unwrap();
        let later = text.find("2026-03-01 later").unwrap();
        assert!(earlier < later);
        assert!(
            text.contains("    assets:111 普通預金:111-1 さくら： 本店    5.50 USD\n"),
            "{text}"
        );
        assert!(
            text.contains("    assets:100 現金    -5.50 USD\n"),
            "{text}"
        );
        assert!(text.starts_with("; Kura export: hledger journal v1\n"));
    }
}
