//! The chart templates: complete, unambiguous for Kura's automatic postings, and
//! what a new book starts with.

use std::collections::HashSet;

use kura_core::book::{create_book, Book, ChartTemplate, Record, SettingsInput, WriteCtx};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::ledger::templates::{chart, instantiate};
use kura_core::ledger::{AccountRole, AccountType, StatementLine, StatementSection};
use kura_core::sync::HlcClock;

const JP_ROLES: [AccountRole; 9] = [
    AccountRole::Cash,
    AccountRole::Bank,
    AccountRole::Receivable,
    AccountRole::Payable,
    AccountRole::InputTax,
    AccountRole::OutputTax,
    AccountRole::OwnerDrawings,
    AccountRole::OwnerContributions,
    AccountRole::Capital,
];

const GENERIC_ROLES: [AccountRole; 9] = [
    AccountRole::Cash,
    AccountRole::Bank,
    AccountRole::Receivable,
    AccountRole::Payable,
    AccountRole::InputTax,
    AccountRole::OutputTax,
    AccountRole::OwnerDrawings,
    AccountRole::Capital,
    AccountRole::RetainedEarnings,
];

fn counter(start: u128) -> impl FnMut() -> RecordId {
    let mut n = start;
    move || {
        n += 1;
        RecordId::from_parts(1_700_000_000_000, n)
    }
}

#[test]
fn every_template_account_has_a_unique_code_and_names() {
    for template in ChartTemplate::ALL {
        let rows = chart(template);
        let codes: HashSet<_> = rows.iter().map(|r| r.code).collect();
        assert_eq!(codes.len(), rows.len(), "{template:?} has duplicate codes");
        for row in &rows {
            assert!(
                !row.name_ja.is_empty() && !row.name_en.is_empty(),
                "{}",
                row.code
            );
            let hiragana = row
                .reading
                .chars()
                .all(|c| ('ぁ'..='ゖ').contains(&c) || c == 'ー');
            assert!(
                hiragana && !row.reading.is_empty(),
                "{} reading {}",
                row.code,
                row.reading
            );
        }
    }
}

fn assert_one_per_role(template: ChartTemplate, roles: &[AccountRole]) {
    let rows = chart(template);
    for role in roles {
        let count = rows.iter().filter(|r| r.role == Some(*role)).count();
        assert_eq!(count, 1, "{template:?} needs exactly one {role:?} account");
    }
}

#[test]
fn each_required_role_has_exactly_one_account() {
    assert_one_per_role(ChartTemplate::JapanSoleProprietor, &JP_ROLES);
    assert_one_per_role(ChartTemplate::GenericSmallBusiness, &GENERIC_ROLES);
    let jp = chart(ChartTemplate::JapanSoleProprietor);
    assert!(
        jp.iter()
            .all(|r| r.role != Some(AccountRole::RetainedEarnings)),
        "a sole proprietor closes profit into 元入金, not retained earnings"
    );
}

#[test]
fn the_japanese_chart_feeds_the_blue_return_statement() {
    let rows = chart(ChartTemplate::JapanSoleProprietor);
    for row in &rows {
        let line = row
            .line
            .unwrap_or_else(|| panic!("{} has no line", row.code));
        let section = line.section();
        let fits = match row.kind {
            AccountType::Revenue => section == StatementSection::Revenue,
            AccountType::Expense => matches!(
                section,
                StatementSection::CostOfSales | StatementSection::Expenses
            ),
            AccountType::Asset => section == StatementSection::Assets,
            AccountType::Liability | AccountType::Equity => {
                section == StatementSection::LiabilitiesAndCapital
            }
        };
        assert!(fits, "{} {} sits on {line:?}", row.code, row.name_ja);
    }
    // Every expense line the statement prints has an account of its own.
    let fed: HashSet<StatementLine> = rows.iter().filter_map(|r| r.line).collect();
    for line in StatementLine::ALL {
        if line.section() == StatementSection::Expenses {
            assert!(fed.contains(&line), "no account feeds {}", line.label_ja());
        }
    }
    let find = |code: &str| rows.iter().find(|r| r.code == code).unwrap();
    assert_eq!(find("190").name_ja, "事業主貸");
    assert_eq!(find("190").kind, AccountType::Asset);
    assert_eq!(find("310").name_ja, "事業主借");
    assert_eq!(find("310").kind, AccountType::Equity);
    assert_eq!(find("300").line, Some(StatementLine::Capital));
}

#[test]
fn statement_lines_have_labels_in_both_languages() {
    for line in StatementLine::ALL {
        assert!(!line.label_ja().is_empty() && !line.label_en().is_empty());
    }
    assert_eq!(StatementLine::Rent.label_ja(), "地代家賃");
    assert_eq!(StatementLine::ALL[0], StatementLine::Sales);
    assert_eq!(StatementLine::ALL.last(), Some(&StatementLine::Capital));
}

#[test]
fn instantiating_gives_each_account_an_id_from_the_caller() {
    let accounts = instantiate(ChartTemplate::GenericSmallBusiness, &mut counter(0));
    assert_eq!(
        accounts.len(),
        chart(ChartTemplate::GenericSmallBusiness).len()
    );
    let ids: HashSet<_> = accounts.iter().map(|a| a.id).collect();
    assert_eq!(ids.len(), accounts.len());
    assert_eq!(accounts[0].id, RecordId::from_parts(1_700_000_000_000, 1));
    assert!(accounts.iter().all(|a| !a.archived && a.parent.is_none()));
}

#[test]
fn a_new_book_holds_its_chart_in_one_change_set() {
    for template in ChartTemplate::ALL {
        let mut clock = HlcClock::new(DeviceId(RecordId::from_parts(1, 1)));
        let ctx = WriteCtx {
            set_id: RecordId::from_parts(10, 1),
            stamp: clock.tick(10),
        };
        let input = SettingsInput {
            name: "山田商店".into(),
            chart_template: template,
            ..SettingsInput::default()
        };
        let book_id = RecordId::from_parts(10, 2);
        let set = create_book(input, book_id, &mut counter(100), ctx).unwrap();
        let settings = set
            .changes
            .iter()
            .filter(|c| {
                matches!(
                    c,
                    kura_core::sync::Change::Put {
                        record: Record::BookSettings(_)
                    }
                )
            })
            .count();
        assert_eq!(settings, 1);
        let book = Book::from_change_sets([&set]);
        assert_eq!(book.change_set_count(), 1);
        assert_eq!(book.settings().unwrap().chart_template, template);
        let codes: Vec<&str> = book.accounts().iter().map(|a| a.code.as_str()).collect();
        let expected: Vec<&str> = chart(template).iter().map(|r| r.code).collect();
        assert_eq!(codes, expected);
    }
}
