//! Kura's figures, checked by an independent tool: a generated demo book is
//! exported as an hledger journal, Debian's `hledger` computes the balances, and
//! every account's balance must equal Kura's trial balance, account by account.
//!
//! `hledger` must be installed (`scripts/setup.sh` installs it; CI runs it). If it
//! is missing the test fails: a cross-check that silently passes checks nothing.

use std::collections::BTreeMap;
use std::process::Command;
use std::str::FromStr;

use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::demo::{demo_book, sequential_ids};
use kura_core::export::hledger::{account_names, to_hledger_journal};
use kura_core::reports::{trial_balance, Period};
use rust_decimal::Decimal;

/// hledger's inclusive balance of every account (parents include their children),
/// by full account name.
fn hledger_balances(journal: &str) -> BTreeMap<String, Decimal> {
    let dir = std::env::temp_dir().join(format!("kura-hledger-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("demo.journal");
    std::fs::write(&path, journal).unwrap();
    let output = Command::new("hledger")
        .arg("-f")
        .arg(&path)
        .args([
            "bal",
            "--tree",
            "--no-elide",
            "--no-total",
            "-E",
            "-O",
            "csv",
        ])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run `hledger` ({e}): run scripts/setup.sh to install it (CI installs it)"
            )
        });
    assert!(
        output.status.success(),
        "hledger refused the export: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    let csv = String::from_utf8(output.stdout).expect("hledger writes UTF-8");
    let mut balances = BTreeMap::new();
    for line in csv.lines().skip(1) {
        // "assets:100 現金","123 JPY" — names hold no quotes or commas here.
        let fields: Vec<&str> = line.split("\",\"").map(|f| f.trim_matches('"')).collect();
        assert_eq!(fields.len(), 2, "unexpected hledger line: {line}");
        let amount = fields[1].trim_end_matches("JPY").trim();
        let amount = Decimal::from_str(amount)
            .unwrap_or_else(|e| panic!("hledger amount {:?}: {e}", fields[1]));
        balances.insert(fields[0].to_string(), amount);
    }
    balances
}

#[test]
fn hledger_balances_equal_the_trial_balance_account_by_account() {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let sets = demo_book(
        20_260_401,
        2,
        1_500,
        start,
        &mut sequential_ids(1_704_067_200_000),
    );
    let book = Book::from_change_sets(&sets);
    assert_eq!(book.entry_count(), 3_000);

    let journal = to_hledger_journal(&book);
    let theirs = hledger_balances(&journal);

    let period = Period::new(start, NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()).unwrap();
    let tb = trial_balance(&book, period);
    let names = account_names(&book);
    assert!(tb.rows.len() >= 15, "the demo book uses most of the chart");

    let mut checked = 0;
    for row in &tb.rows {
        let name = &names[&row.account];
        let ours = row.closing;
        let hledger = theirs.get(name).copied().unwrap_or(Decimal::ZERO);
        assert_eq!(hledger, ours, "balance of {name} (code {})", row.code);
        if !ours.is_zero() {
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} accounts with a balance");

    // And nothing in hledger's report that Kura's does not show (the type roots
    // aside, which are sums of their children).
    let ours: std::collections::HashSet<&String> =
        tb.rows.iter().map(|r| &names[&r.account]).collect();
    for (name, amount) in &theirs {
        if name.contains(':') && !amount.is_zero() {
            assert!(
                ours.contains(name),
                "hledger has {name} = {amount}, Kura has no row"
            );
        }
    }
    // The books balance in hledger's eyes too.
    let total: Decimal = theirs
        .iter()
        .filter(|(name, _)| !name.contains(':'))
        .map(|(_, a)| *a)
        .sum();
    assert_eq!(total, Decimal::ZERO);
}
