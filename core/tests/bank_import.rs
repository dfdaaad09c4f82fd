//! Bank statements as a user meets them: a Shift_JIS statement from a bank and a
//! UTF-8 one from a spreadsheet, columns guessed and remembered, a customer's
//! half-width-kana transfer matched to its invoice, rules and learned choices,
//! a second import of the same file adding nothing, the closing balance checked,
//! and bad files refused with where they are wrong and nothing written.

mod trade_common;

use std::path::Path;

use kura_core::book::{Book, Record, RecordKey, RecordKind, TaxAccounting};
use kura_core::files::bank::{
    balance_check, book_balance, confirm_lines, delete_rule, load_statement, parse_statement,
    propose, save_rule, statement_mapping, Assignment, BankError, BankRule, Confirmation, Proposal,
    ProposalSource, Proposals, StatementColumn, StatementLine,
};
use kura_core::files::table::{ColumnMapping, Table};
use kura_core::files::text::{encode_text, TextEncoding};
use kura_core::files::{Problem, ProblemKind, Problems};
use kura_core::ids::RecordId;
use kura_core::ledger::TaxCode;
use kura_core::locale::Locale;
use kura_core::money::Currency;
use kura_core::reports::document_open_amount;
use kura_core::reports::{change_history, record_summary, HistoryQuery};
use kura_core::sync::ChangeSet;
use kura_core::trade::{copy_forward, Document, DocumentKind, DocumentStatus, PaymentDirection};
use proptest::prelude::*;
use trade_common::{d, day, fixed, ids_after, line, Shop, SATO, YAMADA};

const BANK: &str = "111";
const UTILITIES: &str = "602";
const COMMUNICATION: &str = "604";

/// A statement as a bank writes it: a header, deposits and withdrawals in
/// their own columns, a balance, half-width kana.
const STATEMENT: &str = "\
日付,摘要,お預り金額,お引出金額,残高\r
2026/07/01,ﾌﾘｺﾐ ﾔﾏﾀﾞｼﾖｳｼﾞ(ｶ,\"55,000\",,\"155,000\"\r
2026/07/10,ﾃﾞﾝｷﾀﾞｲ ﾄｳｷﾖｳﾃﾞﾝﾘﾖｸ,,\"3,300\",\"151,700\"\r
2026/07/15,ｻﾄｳﾌﾞﾂｻﾝ,,\"22,000\",\"129,700\"\r
2026/07/20,ｹｲﾀｲ ﾘﾖｳｷﾝ,,\"5,500\",\"124,200\"\r
";

/// A shop with 山田商事 (reading やまだしょうじ) owing an invoice of ¥55,000, a
/// bill of ¥22,000 from 佐藤物産, and ¥100,000 in the bank.
fn shop() -> (Shop, Document, Document) {
    let mut shop = Shop::new();
    let mut yamada = shop.book.partner(fixed(YAMADA)).unwrap().clone();
    yamada.reading = "やまだしょうじ".into();
    shop.put(Record::Partner(yamada));
    let mut sato = shop.book.partner(fixed(SATO)).unwrap().clone();
    sato.reading = "さとうぶっさん".into();
    shop.put(Record::Partner(sato));
    let work = line("作業", "1", "50000", TaxCode::Sales10);
    let invoice = shop.draft(DocumentKind::Invoice, YAMADA, "2026-06-30", vec![work]);
    let invoice = shop.issue(invoice);
    let goods = line("部品", "1", "20000", TaxCode::Purchase10);
    let bill = shop.draft(DocumentKind::Bill, SATO, "2026-06-20", vec![goods]);
    let bill = shop.issue(bill);
    opening_balance(&mut shop, "100000");
    (shop, invoice, bill)
}

/// Money put in the bank before the statement, through a confirmed line.
fn opening_balance(shop: &mut Shop, amount: &str) {
    let bank = shop.account(BANK);
    let capital = shop.account("300");
    let line = StatementLine {
        line: 1,
        date: day("2026-06-01"),
        description: "元入金".into(),
        amount: d(amount),
        balance: None,
        occurrence: 0,
    };
    let confirmation = Confirmation {
        line,
        assignment: Assignment::Account {
            account: capital,
            tax_code: None,
            partner: None,
        },
    };
    let set = confirm(shop, bank, mapping(), &[confirmation]).unwrap();
    shop.apply(&set);
}

fn mapping() -> ColumnMapping<StatementColumn> {
    ColumnMapping {
        columns: vec![
            (StatementColumn::Date, 0),
            (StatementColumn::Description, 1),
            (StatementColumn::Deposit, 2),
            (StatementColumn::Withdrawal, 3),
            (StatementColumn::Balance, 4),
        ],
        header_rows: 1,
    }
}

fn confirm(
    shop: &mut Shop,
    bank: RecordId,
    mapping: ColumnMapping<StatementColumn>,
    confirmations: &[Confirmation],
) -> Result<ChangeSet, BankError> {
    let first = shop.id();
    let ctx = shop.ctx();
    confirm_lines(
        &shop.book,
        bank,
        mapping,
        confirmations,
        &mut ids_after(first),
        ctx,
    )
}

fn read(book: &Book, bank: RecordId, bytes: &[u8]) -> (Table, Vec<StatementLine>) {
    let table = load_statement(bytes).unwrap();
    let mapping = statement_mapping(book, bank, &table);
    let lines = parse_statement(&table, &mapping, Currency::JPY).unwrap();
    (table, lines)
}

/// Every proposed line that has a proposal, confirmed as proposed.
fn accept_all(proposals: &Proposals) -> Vec<Confirmation> {
    proposals
        .lines
        .iter()
        .filter_map(|p| {
            let assignment = match p.proposal {
                Proposal::Document { document, .. } => Assignment::Document { document },
                Proposal::Account {
                    account,
                    tax_code,
                    partner,
                    ..
                } => Assignment::Account {
                    account,
                    tax_code,
                    partner,
                },
                Proposal::Unassigned => return None,
            };
            Some(Confirmation {
                line: p.line.clone(),
                assignment,
            })
        })
        .collect()
}

fn add_rule(shop: &mut Shop, contains: &str, account: &str, tax: TaxCode) -> RecordId {
    let id = shop.id();
    let rule = BankRule {
        id,
        contains: contains.into(),
        account: shop.account(account),
        tax_code: Some(tax),
        partner: None,
    };
    let ctx = shop.ctx();
    let set = save_rule(&shop.book, rule, ctx).unwrap();
    shop.apply(&set);
    id
}

#[test]
fn a_shift_jis_statement_is_matched_ruled_confirmed_and_not_imported_twice() {
    let (mut shop, invoice, bill) = shop();
    let bank = shop.account(BANK);
    add_rule(&mut shop, "ﾃﾞﾝｷﾀﾞｲ", UTILITIES, TaxCode::Purchase10);
    let bytes = encode_text(STATEMENT, TextEncoding::ShiftJis).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file is Shift_JIS"
    );

    let (table, lines) = read(&shop.book, bank, &bytes);
    assert_eq!(
        statement_mapping(&shop.book, bank, &table),
        mapping(),
        "guessed"
    );
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0].line, 2);
    assert_eq!(lines[0].amount, d("55000"));
    assert_eq!(lines[1].amount, d("-3300"));
    assert_eq!(lines[3].balance, Some(d("124200")));

    let proposals = propose(&shop.book, bank, &lines);
    assert_eq!(proposals.already_imported, 0);
    let kinds: Vec<&Proposal> = proposals.lines.iter().map(|p| &p.proposal).collect();
    assert_eq!(
        kinds[0],
        &Proposal::Document {
            document: invoice.id,
            partner: fixed(YAMADA)
        }
    );
    assert_eq!(
        kinds[1],
        &Proposal::Account {
            account: shop.account(UTILITIES),
            tax_code: Some(TaxCode::Purchase10),
            partner: None,
            source: ProposalSource::Rule
        }
    );
    assert_eq!(
        kinds[2],
        &Proposal::Document {
            document: bill.id,
            partner: fixed(SATO)
        }
    );
    assert_eq!(kinds[3], &Proposal::Unassigned);

    // Before confirming nothing is posted: the invoice is open, the bank unchanged.
    assert_eq!(shop.balance(BANK), d("100000"));
    let confirmations = accept_all(&proposals);
    assert_eq!(confirmations.len(), 3);
    let set = confirm(&mut shop, bank, mapping(), &confirmations).unwrap();
    shop.apply(&set);

    let open =
        |shop: &Shop, doc: &Document| document_open_amount(&shop.book, doc, day("2026-12-31"));
    assert_eq!(
        open(&shop, &shop.doc(invoice.id)),
        d("0"),
        "the invoice is paid"
    );
    assert_eq!(open(&shop, &shop.doc(bill.id)), d("0"), "the bill is paid");
    assert_eq!(shop.doc(invoice.id).status, DocumentStatus::Issued);
    assert_eq!(shop.balance(BANK), d("129700"));
    assert_eq!(shop.balance("120"), d("0"), "receivable closed");
    assert_eq!(shop.balance(UTILITIES), d("3300"));
    assert!(
        shop.book.statement_profile(bank).is_some(),
        "mapping remembered"
    );

    // The same file again: the three confirmed lines are skipped.
    let (_, again) = read(&shop.book, bank, &bytes);
    let second = propose(&shop.book, bank, &again);
    assert_eq!(second.already_imported, 3);
    assert_eq!(second.lines.len(), 1);
    assert_eq!(second.lines[0].line.description, "ｹｲﾀｲ ﾘﾖｳｷﾝ");
    // Confirming an imported line again is refused.
    let twice = confirm(&mut shop, bank, mapping(), &confirmations[..1]);
    assert_eq!(twice.unwrap_err(), BankError::AlreadyImported { line: 2 });
}

#[test]
fn the_closing_balance_is_checked_against_the_books() {
    let (mut shop, _, _) = shop();
    let bank = shop.account(BANK);
    add_rule(&mut shop, "ﾃﾞﾝｷﾀﾞｲ", UTILITIES, TaxCode::Purchase10);
    let bytes = encode_text(STATEMENT, TextEncoding::ShiftJis).unwrap();
    let (_, lines) = read(&shop.book, bank, &bytes);
    let check = balance_check(&shop.book, bank, &lines).unwrap();
    assert_eq!(check.date, day("2026-07-20"));
    assert_eq!(check.statement, d("124200"));
    assert_eq!(check.book, d("100000"));
    assert_eq!(check.difference, d("24200"));

    // Every line confirmed: statement and books agree.
    let mut confirmations = accept_all(&propose(&shop.book, bank, &lines));
    let phone = lines[3].clone();
    confirmations.push(Confirmation {
        line: phone,
        assignment: Assignment::Account {
            account: shop.account(COMMUNICATION),
            tax_code: Some(TaxCode::Purchase10),
            partner: None,
        },
    });
    let set = confirm(&mut shop, bank, mapping(), &confirmations).unwrap();
    shop.apply(&set);
    let check = balance_check(&shop.book, bank, &lines).unwrap();
    assert_eq!(check.book, d("124200"));
    assert!(check.difference.is_zero());
    // A statement listed newest first closes on its first line.
    let newest_first: Vec<StatementLine> = lines.iter().rev().cloned().collect();
    let check = balance_check(&shop.book, bank, &newest_first).unwrap();
    assert_eq!(
        (check.date, check.statement),
        (day("2026-07-20"), d("124200"))
    );
    // A day before, the book's balance is what it was then.
    assert_eq!(
        book_balance(&shop.book, bank, day("2026-07-09")),
        d("155000")
    );
}

/// The invoice of 55,000 paid in July, then a discount of 5,000 + 500 tax
/// credited: the customer's credit of 5,500 is paid back in August, and a
/// withdrawal to 山田商事 of that amount matches the credit note, a refund.
#[test]
fn money_out_to_a_customer_matches_its_credit_and_is_a_refund() {
    let (mut shop, invoice, _) = shop();
    let bank = shop.account(BANK);
    let bytes = encode_text(STATEMENT, TextEncoding::ShiftJis).unwrap();
    let (_, lines) = read(&shop.book, bank, &bytes);
    let paid = accept_all(&propose(&shop.book, bank, &lines))[..1].to_vec();
    let set = confirm(&mut shop, bank, mapping(), &paid).unwrap();
    shop.apply(&set);
    let id = shop.id();
    let mut credit = copy_forward(
        &shop.book,
        &[invoice.id],
        DocumentKind::CreditNote,
        id,
        day("2026-08-01"),
    )
    .unwrap();
    credit.lines[0].unit_price = d("5000");
    let credit = shop.issue(credit);
    let open =
        |shop: &Shop| document_open_amount(&shop.book, &shop.doc(credit.id), day("2026-12-31"));
    assert_eq!(open(&shop), d("-5500"));

    let august = "取引日,お取引内容,金額,差引残高\n2026-08-05,ﾍﾝｷﾝ ﾔﾏﾀﾞｼﾖｳｼﾞ(ｶ,-5500,149500\n";
    let (_, lines) = read(&shop.book, bank, august.as_bytes());
    let proposals = propose(&shop.book, bank, &lines);
    assert_eq!(
        proposals.lines[0].proposal,
        Proposal::Document {
            document: credit.id,
            partner: fixed(YAMADA)
        }
    );
    let signed = statement_mapping(
        &shop.book,
        bank,
        &load_statement(august.as_bytes()).unwrap(),
    );
    let set = confirm(&mut shop, bank, signed, &accept_all(&proposals)).unwrap();
    shop.apply(&set);
    assert_eq!(open(&shop), d("0"));
    assert_eq!(shop.balance("120"), d("0"));
    assert_eq!(shop.balance(BANK), d("149500"));
    let refund = shop
        .book
        .payments()
        .find(|p| p.direction == PaymentDirection::Refunded);
    assert_eq!(refund.map(|p| p.settled()), Some(d("-5500")));
}

#[test]
fn a_utf8_statement_with_a_signed_amount_learns_from_earlier_choices() {
    let (mut shop, _, _) = shop();
    let bank = shop.account(BANK);
    let june =
        "\u{feff}取引日,お取引内容,金額,差引残高\n2026-06-25,ｹｲﾀｲ ﾘﾖｳｷﾝ,\"-5,500\",\"94,500\"\n";
    let (table, lines) = read(&shop.book, bank, june.as_bytes());
    let guessed = statement_mapping(&shop.book, bank, &table);
    assert_eq!(guessed.column(StatementColumn::Amount), Some(2));
    assert_eq!(guessed.column(StatementColumn::Balance), Some(3));
    let proposals = propose(&shop.book, bank, &lines);
    assert_eq!(proposals.lines[0].proposal, Proposal::Unassigned);
    let choice = Confirmation {
        line: lines[0].clone(),
        assignment: Assignment::Account {
            account: shop.account(COMMUNICATION),
            tax_code: Some(TaxCode::Purchase10),
            partner: None,
        },
    };
    let set = confirm(&mut shop, bank, guessed.clone(), &[choice]).unwrap();
    shop.apply(&set);

    // July's phone bill, same words written in full-width kana: learned.
    let july = "取引日,お取引内容,金額,差引残高\n2026-07-25,ケイタイ　リョウキン,-5500,89000\n";
    let (_, lines) = read(&shop.book, bank, july.as_bytes());
    let proposals = propose(&shop.book, bank, &lines);
    assert_eq!(
        proposals.lines[0].proposal,
        Proposal::Account {
            account: shop.account(COMMUNICATION),
            tax_code: Some(TaxCode::Purchase10),
            partner: None,
            source: ProposalSource::Learned
        }
    );
    // A rule beats what was learned, and the longer rule beats the shorter.
    add_rule(&mut shop, "ｹｲﾀｲ", UTILITIES, TaxCode::Purchase10);
    let specific = add_rule(&mut shop, "ｹｲﾀｲ ﾘﾖｳｷﾝ", "620", TaxCode::Purchase10);
    let proposal = &propose(&shop.book, bank, &lines).lines[0].proposal;
    assert!(
        matches!(proposal, Proposal::Account { account, source: ProposalSource::Rule, .. } if *account == shop.account("620"))
    );
    let ctx = shop.ctx();
    shop.apply(&delete_rule(specific, ctx));
    let proposal = &propose(&shop.book, bank, &lines).lines[0].proposal;
    assert!(
        matches!(proposal, Proposal::Account { account, .. } if *account == shop.account(UTILITIES))
    );
}

#[test]
fn two_identical_lines_are_two_lines_and_an_ambiguous_match_is_not_made() {
    let (mut shop, _, _) = shop();
    let bank = shop.account(BANK);
    // A second invoice of the same amount to the same customer: which one the
    // transfer pays is the user's call.
    let work = line("作業", "1", "50000", TaxCode::Sales10);
    let second = shop.draft(DocumentKind::Invoice, YAMADA, "2026-06-30", vec![work]);
    shop.issue(second);
    let text = "日付,摘要,金額\n2026/07/01,ﾌﾘｺﾐ ﾔﾏﾀﾞｼﾖｳｼﾞ(ｶ,55000\n2026/07/01,ﾌﾘｺﾐ ﾔﾏﾀﾞｼﾖｳｼﾞ(ｶ,55000\n";
    let (_, lines) = read(&shop.book, bank, text.as_bytes());
    assert_eq!((lines[0].occurrence, lines[1].occurrence), (0, 1));
    let proposals = propose(&shop.book, bank, &lines);
    assert!(proposals
        .lines
        .iter()
        .all(|p| p.proposal == Proposal::Unassigned));
    // Confirming the first of the two leaves the second new.
    let choice = Confirmation {
        line: lines[0].clone(),
        assignment: Assignment::Account {
            account: shop.account("420"),
            tax_code: None,
            partner: None,
        },
    };
    let set = confirm(&mut shop, bank, mapping(), &[choice]).unwrap();
    shop.apply(&set);
    let again = propose(&shop.book, bank, &lines);
    assert_eq!(again.already_imported, 1);
    assert_eq!(again.lines[0].line.occurrence, 1);
}

#[test]
fn a_document_cannot_be_settled_twice_and_a_non_bank_account_is_refused() {
    let (mut shop, invoice, _) = shop();
    let bank = shop.account(BANK);
    let text = "日付,摘要,金額\n2026/07/01,ﾔﾏﾀﾞｼﾖｳｼﾞ,55000\n2026/07/02,ﾔﾏﾀﾞｼﾖｳｼﾞ,55000\n";
    let (_, lines) = read(&shop.book, bank, text.as_bytes());
    let both: Vec<Confirmation> = lines
        .iter()
        .map(|l| Confirmation {
            line: l.clone(),
            assignment: Assignment::Document {
                document: invoice.id,
            },
        })
        .collect();
    let before = shop.book.clone();
    assert_eq!(
        confirm(&mut shop, bank, mapping(), &both).unwrap_err(),
        BankError::DocumentTwice { line: 3 }
    );
    let utilities = shop.account(UTILITIES);
    assert_eq!(
        confirm(&mut shop, utilities, mapping(), &both[..1]).unwrap_err(),
        BankError::NotABankAccount
    );
    assert_eq!(
        confirm(&mut shop, bank, mapping(), &[]).unwrap_err(),
        BankError::NothingToConfirm
    );
    assert_eq!(shop.book, before);
}

/// The problems of a statement file: reading it, or its lines under the
/// guessed mapping.
fn problems_of(bytes: &[u8]) -> Problems {
    let (shop, _, _) = shop();
    let bank = shop.account(BANK);
    let table = match load_statement(bytes) {
        Ok(table) => table,
        Err(problems) => return problems,
    };
    let mapping = statement_mapping(&shop.book, bank, &table);
    parse_statement(&table, &mapping, Currency::JPY).expect_err("a bad file")
}

fn bad_file(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad-files/bank");
    std::fs::read(path.join(name)).unwrap()
}

fn at(line: usize, column: usize, kind: ProblemKind) -> Problem {
    Problem::cell(line, column, kind)
}

#[test]
fn every_file_of_the_bad_corpus_gives_problems() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad-files/bank");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let problems = problems_of(&std::fs::read(&path).unwrap());
        assert!(!problems.is_empty(), "{}", path.display());
        count += 1;
    }
    assert!(count >= 10);
}

#[test]
fn bad_files_say_where_and_what() {
    let not_text = vec![Problem::file(ProblemKind::NotText)];
    assert_eq!(problems_of(&bad_file("utf16.csv")), not_text);
    assert_eq!(problems_of(&bad_file("garbage.bin")), not_text);
    assert_eq!(problems_of(&bad_file("zip.csv")), not_text);
    assert_eq!(
        problems_of(&bad_file("empty.csv")),
        vec![Problem::file(ProblemKind::Empty)]
    );
    assert_eq!(
        problems_of(&bad_file("missing-columns.csv")),
        vec![Problem::file(ProblemKind::MissingColumn {
            field: "amount".into()
        })]
    );
    assert_eq!(
        problems_of(&bad_file("bad-amounts.csv")),
        vec![
            at(
                2,
                3,
                ProblemKind::BadAmount {
                    text: "1,2,3".into()
                }
            ),
            at(
                3,
                4,
                ProblemKind::BadAmount {
                    text: "￥-".into()
                }
            ),
        ]
    );
    assert_eq!(
        problems_of(&bad_file("yen-dash-utf8.csv")),
        vec![at(2, 3, ProblemKind::BadAmount { text: "¥-".into() })]
    );
    assert_eq!(
        problems_of(&bad_file("bad-dates.csv")),
        vec![
            at(
                2,
                1,
                ProblemKind::DateOutOfRange {
                    text: "2201/01/01".into()
                }
            ),
            at(
                3,
                1,
                ProblemKind::BadDate {
                    text: "2026/02/30".into()
                }
            ),
        ]
    );
    assert_eq!(
        problems_of(&bad_file("short-line.csv")),
        vec![Problem::line(
            2,
            ProblemKind::WrongColumnCount {
                expected: 5,
                found: 2
            }
        )]
    );
    assert_eq!(
        problems_of(&bad_file("both-sides.csv")),
        vec![at(2, 3, ProblemKind::DepositAndWithdrawal)]
    );
    assert_eq!(
        problems_of(&bad_file("header-only.csv")),
        vec![Problem::file(ProblemKind::NoRows)]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(table) = load_statement(&bytes) {
            let _ = parse_statement(&table, &mapping(), Currency::JPY);
        }
    }

    #[test]
    fn random_rows_never_panic(
        rows in proptest::collection::vec(
            proptest::collection::vec("[0-9０-９,./\\-¥￥RH令和年月日 ｱ-ﾝ\"]{0,12}", 0..7),
            0..12,
        )
    ) {
        let (shop, _, _) = shop();
        let bank = shop.account(BANK);
        let text: String = rows.iter().map(|r| r.join(",") + "\n").collect();
        if let Ok(table) = load_statement(text.as_bytes()) {
            let mapping = statement_mapping(&shop.book, bank, &table);
            if let Ok(lines) = parse_statement(&table, &mapping, Currency::JPY) {
                let proposals = propose(&shop.book, bank, &lines);
                prop_assert_eq!(proposals.lines.len(), lines.len());
                let _ = balance_check(&shop.book, bank, &lines);
            }
        }
    }
}

#[test]
fn a_tax_exclusive_book_splits_the_tax_out_of_a_ruled_line() {
    let mut shop = Shop::with(TaxAccounting::Exclusive);
    let bank = shop.account(BANK);
    add_rule(&mut shop, "ﾃﾞﾝｷﾀﾞｲ", UTILITIES, TaxCode::Purchase10);
    let text = "日付,摘要,金額\n2026/07/10,ﾃﾞﾝｷﾀﾞｲ,-3300\n";
    let (_, lines) = read(&shop.book, bank, text.as_bytes());
    let confirmations = accept_all(&propose(&shop.book, bank, &lines));
    let set = confirm(&mut shop, bank, mapping(), &confirmations).unwrap();
    shop.apply(&set);
    assert_eq!(shop.balance(BANK), d("-3300"));
    assert_eq!(shop.balance(UTILITIES), d("3000"));
    assert_eq!(shop.balance("160"), d("300"), "仮払消費税");
}

#[test]
fn the_change_history_finds_and_summarises_rules_and_imports() {
    let (mut shop, _, _) = shop();
    let bank = shop.account(BANK);
    let rule = add_rule(&mut shop, "ﾃﾞﾝｷﾀﾞｲ", UTILITIES, TaxCode::Purchase10);
    let key = RecordKey {
        kind: RecordKind::BankRule,
        id: rule,
    };
    let record = shop.book.record(&key).unwrap().clone();
    assert_eq!(
        record_summary(&shop.book, &record, Locale::Ja),
        "ﾃﾞﾝｷﾀﾞｲ → 水道光熱費"
    );
    let query = HistoryQuery {
        period: None,
        text: Some("元入金".into()),
    };
    let found = change_history(&shop.book, &query, |ms| {
        chrono::DateTime::from_timestamp_millis(ms as i64)
            .unwrap()
            .naive_utc()
    });
    let import = found
        .rows
        .iter()
        .filter_map(|r| r.after.as_deref())
        .find(|r| matches!(r, Record::StatementImport(_)))
        .expect("the import's line description is searched");
    assert_eq!(
        record_summary(&shop.book, import, Locale::Ja),
        "普通預金 2026/06/01–2026/06/01 ×1"
    );
    let profile = shop.book.statement_profile(bank).unwrap().clone();
    let profile = Record::StatementProfile(profile);
    assert_eq!(
        record_summary(&shop.book, &profile, Locale::En),
        "Bank account"
    );
}
