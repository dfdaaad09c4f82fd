//! CSV import and export of journal entries, partners and items: a book's
//! files read back into an empty book give the same books; every kind of bad
//! file gives problems with their line and column and no change set; random
//! files never panic, and whatever is accepted balances.

use std::path::Path;

use chrono::NaiveDate;
use kura_core::book::{set_closed_through, Book, Record, WriteCtx};
use kura_core::demo::{demo_book, sequential_ids};
use kura_core::files::interchange::{
    export_items, export_journal, export_partners, import_items, import_journal, import_partners,
    inspect, Import, Inspected, JournalField, PartnerField, ITEM_FIELDS, JOURNAL_FIELDS,
    PARTNER_FIELDS,
};
use kura_core::files::table::Field;
use kura_core::files::text::{TextEncoding, MAX_TEXT_BYTES};
use kura_core::files::{Problem, ProblemKind, Problems};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::inventory::{save_item, ItemInput};
use kura_core::ledger::{EntryError, TaxCode};
use kura_core::locale::Locale;
use kura_core::reports::{trial_balance, Period};
use kura_core::sync::{Change, ChangeSet, Hlc};
use kura_core::trade::{save_partner, Honorific, PartnerInput};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn year() -> Period {
    Period::new(day("2026-01-01"), day("2026-12-31")).unwrap()
}

fn ctx(n: u64) -> WriteCtx {
    WriteCtx {
        set_id: RecordId::from_parts(1_800_000_000_000 + n, u128::from(n)),
        stamp: Hlc {
            wall_ms: 1_800_000_000_000 + n,
            counter: 0,
            device: DeviceId(RecordId::from_parts(1, 1)),
        },
    }
}

/// The demo's change sets: the first two make the book and its chart (with the
/// bank sub-accounts), the rest are a year of entries.
fn demo_sets() -> Vec<ChangeSet> {
    demo_book(
        7,
        1,
        300,
        day("2026-01-01"),
        &mut sequential_ids(1_767_225_600_000),
    )
}

/// A demo book with a few partners and items whose texts need quoting.
fn source_book() -> Book {
    let mut book = Book::from_change_sets(&demo_sets());
    let partners = [
        (
            "山田商事, 株式会社",
            true,
            false,
            Honorific::Company,
            "T8010001008843",
        ),
        ("佐藤 \"花子\"", false, true, Honorific::Person, ""),
        ("Kura Supplies", true, true, Honorific::Company, ""),
    ];
    for (n, (name, customer, supplier, honorific, number)) in partners.into_iter().enumerate() {
        let input = PartnerInput {
            name: name.into(),
            reading: "ヤマダ".into(),
            is_customer: customer,
            is_supplier: supplier,
            honorific,
            postal_code: "100-0001".into(),
            address: "東京都千代田区1-1\n2階".into(),
            email: "a@example.jp".into(),
            registration_number: number.into(),
            registered_issuer: !number.is_empty(),
            // Registered when the system began, lapsed at the end of 2026: a
            // list moved to another book must keep both dates (v2).
            registered_from: (!number.is_empty()).then(|| day("2023-10-01")),
            registered_until: (!number.is_empty()).then(|| day("2027-01-01")),
            notes: "月末締め".into(),
            ..PartnerInput::default()
        };
        let id = RecordId::from_parts(1_900_000_000_000, n as u128 + 1);
        let set = save_partner(&book, id, input, ctx(n as u64)).unwrap();
        book.apply(&set);
    }
    let supplier = book
        .partners()
        .find(|p| p.name == "Kura Supplies")
        .unwrap()
        .id;
    let items = [
        (
            "A-001",
            "食パン",
            "320",
            true,
            Some(supplier),
            "4901777018884",
        ),
        ("S-01", "配達料", "500", false, None, ""),
    ];
    for (n, (code, name, price, tracked, preferred, jan)) in items.into_iter().enumerate() {
        let input = ItemInput {
            code: code.into(),
            name: name.into(),
            unit: "個".into(),
            sale_price: price.into(),
            purchase_cost: "120".into(),
            tax_code: Some(TaxCode::Sales8Reduced),
            tracked,
            reorder_point: if tracked { "10".into() } else { String::new() },
            reorder_quantity: if tracked { "2.5".into() } else { String::new() },
            preferred_supplier: preferred,
            barcode: jan.into(),
            ..ItemInput::default()
        };
        let id = RecordId::from_parts(1_900_000_000_001, n as u128 + 1);
        let set = save_item(&book, id, input, ctx(10 + n as u64)).unwrap();
        book.apply(&set);
    }
    book
}

/// A book with the demo's settings and chart (its sub-accounts too) and
/// nothing else.
fn empty_book() -> Book {
    let chart = |set: &&ChangeSet| {
        set.changes.iter().all(|c| {
            matches!(
                c,
                Change::Put {
                    record: Record::BookSettings(_) | Record::Account(_)
                }
            )
        })
    };
    Book::from_change_sets(demo_sets().iter().filter(chart))
}

fn ids() -> impl FnMut() -> RecordId {
    sequential_ids(1_950_000_000_000)
}

fn inspected<F: Field>(bytes: &[u8], fields: &[F]) -> Inspected<F> {
    inspect(bytes, fields).unwrap_or_else(|p| panic!("{p:?}"))
}

fn journal(book: &Book, bytes: &[u8]) -> Result<Import, Problems> {
    let file = inspect(bytes, &JOURNAL_FIELDS)?;
    import_journal(book, &file.table, &file.mapping, &mut ids())
}

fn partners(book: &Book, bytes: &[u8]) -> Result<Import, Problems> {
    let file = inspect(bytes, &PARTNER_FIELDS)?;
    import_partners(book, &file.table, &file.mapping, &mut ids())
}

fn items(book: &Book, bytes: &[u8]) -> Result<Import, Problems> {
    let file = inspect(bytes, &ITEM_FIELDS)?;
    import_items(book, &file.table, &file.mapping, &mut ids())
}

fn apply(book: &mut Book, import: Import, n: u64) {
    assert!(book.apply(&import.change_set(ctx(n))));
}

/// Partners as comparable JSON, without their ids.
fn partner_list(book: &Book) -> Vec<serde_json::Value> {
    let mut list: Vec<serde_json::Value> = book
        .partners()
        .map(|p| {
            let mut v = serde_json::to_value(p).unwrap();
            v.as_object_mut().unwrap().remove("id");
            v
        })
        .collect();
    list.sort_by_key(|v| v["name"].to_string());
    list
}

/// Items as comparable JSON, the preferred supplier by name instead of id.
fn item_list(book: &Book) -> Vec<serde_json::Value> {
    let mut list: Vec<serde_json::Value> = book
        .items()
        .map(|i| {
            let supplier = i.preferred_supplier.and_then(|id| book.partner(id));
            let mut v = serde_json::to_value(i).unwrap();
            let object = v.as_object_mut().unwrap();
            object.remove("id");
            object.insert(
                "preferred_supplier".into(),
                supplier.map(|p| p.name.clone()).into(),
            );
            v
        })
        .collect();
    list.sort_by_key(|v| v["code"].to_string());
    list
}

fn round_trip(encoding: TextEncoding, locale: Locale) {
    let source = source_book();
    let mut target = empty_book();
    let journal_file = export_journal(&source, year(), locale, encoding).unwrap();
    let import = journal(&target, &journal_file).unwrap();
    let posted = source.entries().filter(|e| e.is_posted()).count();
    assert_eq!(import.summary.records, posted);
    apply(&mut target, import, 100);
    assert_eq!(
        trial_balance(&target, year()),
        trial_balance(&source, year())
    );
    assert!(target.entries().all(|e| e.is_posted()));

    let partner_file = export_partners(&source, locale, encoding).unwrap();
    let import = partners(&target, &partner_file).unwrap();
    assert_eq!(import.summary.records, 3);
    apply(&mut target, import, 101);
    assert_eq!(partner_list(&target), partner_list(&source));

    let item_file = export_items(&source, locale, encoding).unwrap();
    let import = items(&target, &item_file).unwrap();
    apply(&mut target, import, 102);
    assert_eq!(item_list(&target), item_list(&source));
}

#[test]
fn utf8_files_read_back_into_an_empty_book_give_the_same_books() {
    round_trip(TextEncoding::Utf8Bom, Locale::Ja);
}

#[test]
fn shift_jis_files_with_english_headers_read_back_too() {
    round_trip(TextEncoding::ShiftJis, Locale::En);
}

#[test]
fn the_journal_file_is_bom_crlf_one_row_per_line_with_plain_amounts() {
    let source = source_book();
    let bytes = export_journal(&source, year(), Locale::Ja, TextEncoding::Utf8Bom).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let mut rows = text.split("\r\n");
    assert_eq!(
        rows.next().unwrap(),
        "伝票番号,日付,勘定科目コード,勘定科目,借方金額,貸方金額,税区分,取引先,摘要,メモ"
    );
    let first = rows.next().unwrap();
    assert!(first.starts_with("1,2026-01-"), "{first}");
    let lines: usize = source
        .entries()
        .filter(|e| e.is_posted())
        .map(|e| e.lines().len())
        .sum();
    assert_eq!(text.matches("\r\n").count(), lines + 1);
    assert!(!text.contains('¥') && !text.contains("1,0"));
}

#[test]
fn a_partner_name_shift_jis_cannot_hold_stops_the_export_with_its_line() {
    let mut book = empty_book();
    let input = PartnerInput {
        name: "🍞ベーカリー".into(),
        is_customer: true,
        ..PartnerInput::default()
    };
    book.apply(&save_partner(&book, RecordId::from_parts(5, 5), input, ctx(1)).unwrap());
    let problem = export_partners(&book, Locale::Ja, TextEncoding::ShiftJis).unwrap_err();
    assert_eq!(problem.line, Some(2));
    assert_eq!(problem.kind, ProblemKind::NotInShiftJis { character: '🍞' });
}

// ---- the mapping step ----

#[test]
fn a_foreign_header_order_is_mapped_and_a_wrong_guess_can_be_corrected() {
    let book = empty_book();
    let text = "Date,Account,Debit,Credit,No,Description\n\
                2026-03-01,現金,1000,,A,売上\n\
                2026-03-01,売上高,,1000,A,売上\n";
    let mut file = inspected(text.as_bytes(), &JOURNAL_FIELDS);
    assert_eq!(file.mapping.column(JournalField::Date), Some(0));
    assert_eq!(file.mapping.column(JournalField::AccountName), Some(1));
    assert_eq!(file.mapping.column(JournalField::Voucher), None);
    let problems = import_journal(&book, &file.table, &file.mapping, &mut ids()).unwrap_err();
    assert_eq!(
        problems,
        vec![Problem::file(ProblemKind::MissingColumn {
            field: "voucher".into()
        })]
    );
    file.mapping.set(JournalField::Voucher, Some(4));
    let import = import_journal(&book, &file.table, &file.mapping, &mut ids()).unwrap();
    assert_eq!(import.summary.records, 1);
    assert_eq!(import.summary.lines, 2);
    assert_eq!(import.summary.total, Decimal::from(1000));
}

#[test]
fn partners_with_a_mapping_correction() {
    let book = empty_book();
    let text = "会社,得意先,仕入先,電話\n青空商店,1,0,03-1234-5678\n";
    let mut file = inspected(text.as_bytes(), &PARTNER_FIELDS);
    assert_eq!(file.mapping.column(PartnerField::Name), None);
    file.mapping.set(PartnerField::Name, Some(0));
    let import = import_partners(&book, &file.table, &file.mapping, &mut ids()).unwrap();
    let [Record::Partner(p)] = &import.records[..] else {
        panic!("{:?}", import.records)
    };
    assert_eq!(
        (p.name.as_str(), p.is_customer, p.is_supplier),
        ("青空商店", true, false)
    );
    assert_eq!(p.phone, "03-1234-5678");
}

#[test]
fn a_v1_partners_file_without_registration_dates_still_imports_and_v2_dates_are_read() {
    let book = empty_book();
    // v1: the registration flag, no dates (unknown: registered on every date).
    let v1 = "取引先名,登録番号,適格請求書発行事業者\n青空商店,T8010001008843,1\n";
    let import = partners(&book, v1.as_bytes()).unwrap();
    let [Record::Partner(p)] = &import.records[..] else {
        panic!("{:?}", import.records)
    };
    assert_eq!((p.registered_from, p.registered_until), (None, None));
    assert!(p.is_registered_on(day("2023-10-01")));
    // v2, dates as a spreadsheet writes them: registered from 2024/4/1 only.
    let v2 = "取引先名,登録番号,適格請求書発行事業者,登録年月日,失効年月日\n\
              青空商店,T8010001008843,1,2024/4/1,\n";
    let import = partners(&book, v2.as_bytes()).unwrap();
    let [Record::Partner(p)] = &import.records[..] else {
        panic!("{:?}", import.records)
    };
    assert_eq!(p.registered_from, Some(day("2024-04-01")));
    assert!(!p.is_registered_on(day("2024-03-31")));
    assert!(p.is_registered_on(day("2024-04-01")));
}

#[test]
fn a_partner_registration_date_that_is_not_a_date_is_a_problem_of_its_cell() {
    let book = empty_book();
    let text =
        "取引先名,登録番号,適格請求書発行事業者,登録年月日\n青空商店,T8010001008843,1,令和6年\n";
    let problems = partners(&book, text.as_bytes()).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!((problems[0].line, problems[0].column), (Some(2), Some(4)));
}

// ---- bad input: problems with line and column, no change set ----

const HEAD: &str =
    "伝票番号,日付,勘定科目コード,勘定科目,借方金額,貸方金額,税区分,取引先,摘要,メモ\n";

fn journal_problems(body: &str) -> Problems {
    journal(&empty_book(), format!("{HEAD}{body}").as_bytes()).unwrap_err()
}

#[test]
fn unbalanced_unknown_accounts_and_mistyped_amounts_are_each_placed() {
    let problems = journal_problems(
        "1,2026-01-05,,現金,1000,,,,売上,\n\
         1,2026-01-05,,売上高,,900,,,売上,\n\
         2,2026-01-06,,幽霊勘定,500,,,,?,\n\
         2,2026-01-06,,現金,,500,,,?,\n\
         3,2026-01-07,,現金,\"1,2,3\",,,,?,\n\
         3,2026-01-07,,売上高,,¥-,,,?,\n",
    );
    assert_eq!(
        problems,
        vec![
            Problem::cell(
                4,
                4,
                ProblemKind::UnknownAccount {
                    name: "幽霊勘定".into()
                }
            ),
            Problem::cell(
                6,
                5,
                ProblemKind::BadAmount {
                    text: "1,2,3".into()
                }
            ),
            Problem::cell(7, 6, ProblemKind::BadAmount { text: "¥-".into() }),
            Problem::line(
                2,
                ProblemKind::Unbalanced {
                    debit: Decimal::from(1000),
                    credit: Decimal::from(900)
                }
            ),
        ]
    );
}

#[test]
fn dates_out_of_range_and_unreadable_are_problems_of_their_cell() {
    let problems = journal_problems(
        "1,1899-12-31,,現金,1,,,,,\n1,1899-12-31,,売上高,,1,,,,\n\
         2,2026-02-30,,現金,1,,,,,\n2,2026-02-30,,売上高,,1,,,,\n\
         3,2026-01-01,,現金,1,,,,,\n3,2026-01-02,,売上高,,1,,,,\n",
    );
    assert_eq!(
        problems[0],
        Problem::cell(
            2,
            2,
            ProblemKind::DateOutOfRange {
                text: "1899-12-31".into()
            }
        )
    );
    assert_eq!(
        problems[2],
        Problem::cell(
            4,
            2,
            ProblemKind::BadDate {
                text: "2026-02-30".into()
            }
        )
    );
    assert_eq!(
        problems[4],
        Problem::line(
            7,
            ProblemKind::VoucherDates {
                voucher: "3".into()
            }
        )
    );
    assert_eq!(problems.len(), 5);
}

#[test]
fn missing_and_extra_columns_are_problems_of_their_line() {
    let problems = journal_problems(
        "1,2026-01-05,,現金,1000,,,,売上\n1,2026-01-05,,売上高,,1000,,,売上,,extra\n",
    );
    assert_eq!(
        problems,
        vec![
            Problem::line(
                2,
                ProblemKind::WrongColumnCount {
                    expected: 10,
                    found: 9
                }
            ),
            Problem::line(
                3,
                ProblemKind::WrongColumnCount {
                    expected: 10,
                    found: 11
                }
            ),
        ]
    );
}

#[test]
fn the_entry_forms_rules_apply_to_each_voucher() {
    let problems = journal_problems(
        "1,2026-01-05,,現金,1000,1000,,,,\n1,2026-01-05,,売上高,,,,,,\n\
         2,2026-01-05,,現金,-5,,,,,\n2,2026-01-05,,売上高,,-5,,,,\n\
         3,2026-01-05,,現金,5,,,,,\n",
    );
    assert_eq!(
        problems,
        vec![
            Problem::line(2, ProblemKind::Entry(EntryError::BothSides { line: 1 })),
            Problem::line(
                4,
                ProblemKind::Entry(EntryError::NegativeAmount { line: 1 })
            ),
            Problem::line(
                6,
                ProblemKind::Unbalanced {
                    debit: Decimal::from(5),
                    credit: Decimal::ZERO
                }
            ),
        ]
    );
}

#[test]
fn a_closed_period_and_an_archived_account_are_refused_like_on_the_form() {
    let mut book = empty_book();
    book.apply(&set_closed_through(&book, Some(day("2026-03-31")), ctx(1)).unwrap());
    let body = "1,2026-03-31,,現金,10,,,,,\n1,2026-03-31,,売上高,,10,,,,\n\
                2,2026-04-01,,現金,10,,,,,\n2,2026-04-01,,売上高,,10,,,,\n";
    let problems = journal(&book, format!("{HEAD}{body}").as_bytes()).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, Some(2));
    assert!(matches!(
        problems[0].kind,
        ProblemKind::Journal(kura_core::book::JournalError::PeriodClosed { .. })
    ));
}

#[test]
fn duplicates_of_existing_or_earlier_partners_and_items_are_problems() {
    let book = source_book();
    let problems = partners(
        &book,
        "取引先名,得意先\n新しい店,1\nKURA supplies,1\n新しい店,1\n".as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        problems,
        vec![
            Problem::cell(
                3,
                1,
                ProblemKind::Duplicate {
                    text: "KURA supplies".into()
                }
            ),
            Problem::cell(
                4,
                1,
                ProblemKind::Duplicate {
                    text: "新しい店".into()
                }
            ),
        ]
    );
    let problems = items(
        &book,
        "品目コード,品名,販売単価,主な仕入先\nA-001,パン,100,\nB-1,a,100,\nb-1,b,1,2,3\nC,c,¥-,誰か\n".as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        problems[0],
        Problem::line(
            4,
            ProblemKind::WrongColumnCount {
                expected: 4,
                found: 5
            }
        )
    );
    let problems = items(
        &book,
        "品目コード,品名,販売単価,主な仕入先\nA-001,パン,100,\nB-1,a,100,\nｂ-1,b,1,\nC,c,¥-,誰か\n".as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        problems,
        vec![
            Problem::line(
                2,
                ProblemKind::Item(kura_core::inventory::ItemError::DuplicateCode(
                    "A-001".into()
                ))
            ),
            Problem::cell(
                4,
                1,
                ProblemKind::Duplicate {
                    text: "ｂ-1".into()
                }
            ),
            Problem::cell(
                5,
                4,
                ProblemKind::UnknownPartner {
                    text: "誰か".into()
                }
            ),
        ]
    );
}

#[test]
fn a_partner_row_the_form_would_refuse_says_why() {
    let problems = partners(
        &empty_book(),
        "取引先名,得意先,仕入先,登録番号,敬称\nA,0,0,,\nB,1,0,T1234,\nC,はい,x,,殿\n".as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        problems,
        vec![
            Problem::line(
                2,
                ProblemKind::Partner(kura_core::trade::PartnerError::NoRole)
            ),
            Problem::line(
                3,
                ProblemKind::Partner(kura_core::trade::PartnerError::RegistrationFormat)
            ),
            Problem::cell(4, 3, ProblemKind::UnknownValue { text: "x".into() }),
            Problem::cell(4, 5, ProblemKind::UnknownValue { text: "殿".into() }),
        ]
    );
}

#[test]
fn garbage_wrong_encodings_and_huge_files_are_refused_as_files() {
    let book = empty_book();
    let garbage: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    assert_eq!(
        journal(&book, &garbage).unwrap_err(),
        vec![Problem::file(ProblemKind::NotText)]
    );
    let utf16: Vec<u8> = HEAD.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_eq!(
        partners(&book, &utf16).unwrap_err()[0].kind,
        ProblemKind::NotText
    );
    let huge = vec![b'1'; 50 * 1024 * 1024];
    assert_eq!(
        items(&book, &huge).unwrap_err(),
        vec![Problem::file(ProblemKind::TooLarge {
            limit: MAX_TEXT_BYTES
        })]
    );
    assert_eq!(
        journal(&book, HEAD.as_bytes()).unwrap_err(),
        vec![Problem::file(ProblemKind::NoRows)]
    );
}

// ---- the corpus of bad files ----

/// Every file in the corpus gives the problems `expected.txt` lists for it
/// (`file line column kind`, `-` where there is none), and nothing else is
/// accepted: a file added to the corpus must be listed.
#[test]
fn every_bad_file_in_the_corpus_gives_its_problems() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad-files/interchange");
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let book = source_book();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != "expected.txt")
        .collect();
    files.sort();
    let mut listed = Vec::new();
    for line in expected
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [file, row, column, kind] = parts[..] else {
            panic!("bad expectation: {line}")
        };
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let problems = if file.starts_with("journal") {
            journal(&book, &bytes)
        } else if file.starts_with("partners") {
            partners(&book, &bytes)
        } else {
            items(&book, &bytes)
        }
        .expect_err(file);
        let number = |text: &str| text.parse::<usize>().ok();
        let found = problems.iter().any(|p| {
            p.line == number(row)
                && p.column == number(column)
                && format!("{:?}", p.kind).starts_with(kind)
        });
        assert!(found, "{file}: no {row} {column} {kind} in {problems:?}");
        listed.push(file.to_string());
    }
    listed.dedup();
    assert_eq!(
        listed, files,
        "every corpus file is listed in expected.txt, in order"
    );
}

// ---- fuzz ----

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        prop::sample::select(vec![
            "1",
            "2",
            "2026-01-05",
            "2026/1/6",
            "99999-1-1",
            "現金",
            "売上高",
            "111",
            "普通預金",
            "1000",
            "1,000",
            "1,2,3",
            "¥-",
            "-5",
            "△500",
            "0.5",
            "sales10",
            "\"",
            ",",
            "\n",
            "消耗品費",
            "x",
            "1e9",
            "99999999999999999999999999999999",
        ])
        .prop_map(String::from),
        "\\PC{0,8}",
    ]
}

fn csv_text(rows: Vec<Vec<String>>) -> String {
    let mut text = String::from(HEAD);
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| kura_core::reports::csv::field(c))
            .collect();
        text.push_str(&cells.join(","));
        text.push('\n');
    }
    text
}

/// A voucher of two rows, valid or with one of the mistakes people and
/// programs make (an unknown account, a mistyped amount or date, an unknown
/// tax code, a credit that differs, a cell out of place).
fn voucher() -> impl Strategy<Value = Vec<Vec<String>>> {
    let pick =
        |options: &[&'static str]| prop::sample::select(options.to_vec()).prop_map(String::from);
    (
        pick(&["1", "2", "3", "4", "5", "6"]),
        pick(&["2026-01-05", "2026/1/5", "20260105"]),
        pick(&["現金", "普通預金", "Cash", "111"]),
        pick(&["売上高", "消耗品費", "Sales"]),
        pick(&["1000", "500", "1,000", "12", "¥800"]),
        pick(&["", "sales10", "purchase10"]),
        (cell(), cell()),
        prop::option::weighted(0.3, (0..10usize, cell())),
    )
        .prop_map(
            |(no, date, debit, credit, amount, tax, (partner, memo), mistake)| {
                let row = |account: &str, debit: &str, credit: &str| {
                    let by_code = account.bytes().all(|b| b.is_ascii_digit());
                    let (code, name) = if by_code {
                        (account, "")
                    } else {
                        ("", account)
                    };
                    [
                        &no, &date, code, name, debit, credit, &tax, &partner, "摘要", &memo,
                    ]
                    .map(String::from)
                    .to_vec()
                };
                let mut rows = vec![row(&debit, &amount, ""), row(&credit, "", &amount)];
                if let Some((cell, text)) = mistake {
                    rows[cell % 2][cell] = text;
                }
                rows
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Random journal rows never panic; an accepted file's entries all balance,
    /// and so does the book they are folded into.
    #[test]
    fn random_journal_rows_never_panic_and_what_is_accepted_balances(
        vouchers in prop::collection::vec(voucher(), 1..4),
        noise in prop::option::weighted(0.1, prop::collection::vec(cell(), 10..=10)),
    ) {
        let rows: Vec<Vec<String>> = vouchers.into_iter().flatten().chain(noise).collect();
        let mut book = empty_book();
        if let Ok(import) = journal(&book, csv_text(rows).as_bytes()) {
            for record in &import.records {
                let Record::JournalEntry(entry) = record else { panic!("not an entry") };
                let sum: Decimal = entry.lines().iter().map(|l| l.amount).sum();
                prop_assert!(sum.is_zero());
            }
            apply(&mut book, import, 1);
            let totals = trial_balance(&book, Period::new(day("1900-01-01"), day("2200-12-31")).unwrap()).totals;
            prop_assert_eq!(totals.sum.debit, totals.sum.credit);
        }
    }

    /// Random bytes, and random cells under the partner and item headers,
    /// never panic.
    #[test]
    fn random_files_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        rows in prop::collection::vec(prop::collection::vec(cell(), 0..14), 1..6)
    ) {
        let book = source_book_once();
        let _ = journal(book, &bytes);
        let _ = partners(book, &bytes);
        let _ = items(book, &bytes);
        let body: Vec<String> = rows.iter().map(|r| r.iter().map(|c| kura_core::reports::csv::field(c)).collect::<Vec<_>>().join(",")).collect();
        let partner_header: Vec<&str> = PARTNER_FIELDS.iter().map(|f| f.header_names()[0]).collect();
        let item_header: Vec<&str> = ITEM_FIELDS.iter().map(|f| f.header_names()[0]).collect();
        let _ = partners(book, format!("{}\n{}", partner_header.join(","), body.join("\n")).as_bytes());
        let _ = items(book, format!("{}\n{}", item_header.join(","), body.join("\n")).as_bytes());
    }
}

/// The source book, built once for the fuzz cases.
fn source_book_once() -> &'static Book {
    static BOOK: std::sync::OnceLock<Book> = std::sync::OnceLock::new();
    BOOK.get_or_init(source_book)
}
