//! The history chain's documented byte form (`docs/history-chain.md`), checked
//! by an independent implementation written from the document alone:
//! `tools/verify-history.mjs` (Node, which the e2e tier needs anyway) verifies a
//! demo book of two devices, every kind of record the demo writes, Japanese
//! texts and all, and must agree with Kura on every chain and head, and name
//! the same set when one is altered.
//!
//! If `node` is missing the test fails: a cross-check that silently passes
//! checks nothing. It needs the `testing` feature (the demo's second device,
//! the JSON chunk codec), which the test command turns on.
#![cfg(feature = "testing")]

use std::path::PathBuf;
use std::process::Command;

use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::demo::{changes_from_another_device, demo_book, sequential_ids};
use kura_core::store::encode_json_chunk;
use kura_core::sync::chain::link_all;
use kura_core::sync::{verify_chains, ChangeSet};

fn linked_book() -> Vec<ChangeSet> {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let mut sets = demo_book(9, 1, 200, start, &mut sequential_ids(1_704_067_200_000));
    // Written before the chain existed: old sets, counted, not checked.
    let old = sets.split_off(3);
    let mut linked = old;
    link_all(&mut linked);
    sets.extend(linked);
    let book = Book::from_change_sets(&sets);
    let mut theirs = changes_from_another_device(&book, 40, 10, 5);
    link_all(&mut theirs);
    sets.extend(theirs);
    sets
}

/// What the tool prints and its exit status, for `sets` as a JSON array.
fn tool(sets: &[ChangeSet], name: &str) -> (String, i32) {
    let dir = std::env::temp_dir().join(format!("kura-chain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, encode_json_chunk(sets)).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/verify-history.mjs");
    let output = Command::new("node")
        .arg(script)
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("node must be installed (scripts/setup.sh): {e}"));
    let status = output.status.code().unwrap_or(-1);
    assert_ne!(status, 2, "{}", String::from_utf8_lossy(&output.stderr));
    (String::from_utf8(output.stdout).unwrap(), status)
}

#[test]
fn an_independent_checker_agrees_with_kura() {
    let sets = linked_book();
    let report = verify_chains(&sets);
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.devices.len(), 2);
    assert!(report.unlinked() > 0 && report.linked() > 100);
    let (printed, status) = tool(&sets, "whole.json");
    assert_eq!(status, 0, "{printed}");
    for device in &report.devices {
        let line = format!(
            "device {}: {} linked, {} before the chain, head {}",
            device.device,
            device.linked,
            device.unlinked,
            device.head.unwrap()
        );
        assert!(printed.contains(&line), "{line} in\n{printed}");
    }

    // An entry's description changed inside a set, its link kept.
    let mut altered = sets.clone();
    let at = altered.len() / 2;
    let row = serde_json::to_string(&altered[at]).unwrap();
    let changed = row.replacen("\"description\":\"", "\"description\":\"改", 1);
    assert_ne!(row, changed);
    altered[at] = serde_json::from_str(&changed).unwrap();
    let report = verify_chains(&altered);
    assert_eq!(report.problem_count(), 1, "{report:?}");
    let (printed, status) = tool(&altered, "altered.json");
    assert_eq!(status, 1);
    let id = altered[at].id.to_string();
    assert!(
        printed
            .lines()
            .any(|l| l.starts_with(&format!("altered {id}"))),
        "{printed}"
    );
}
