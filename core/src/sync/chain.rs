//! The history chain (優良電子帳簿: 訂正削除の履歴が残ること): every change set
//! a device commits carries a hash of its own content and of the device's
//! previous set, so a set changed, removed or moved after it was written is
//! found, and named with the records it holds. `docs/history-chain.md` is the
//! algorithm, so anyone can check a backup without Kura.
//!
//! One chain per device, not one per book: devices write offline and merge
//! later, so there is no single "previous set" of a book, but there is one of
//! a device (its stamps only increase). A merged book holds every device's
//! chain whole and each still verifies.
//!
//! The hash commits to the set's JSON form (its row in the log) made canonical
//! (object keys sorted, no spaces): the binary chunk codec and the row codec
//! both read back the same set, so whichever form held it, it hashes the same.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest as _, Sha256};

use crate::book::RecordKey;
use crate::ids::{DeviceId, RecordId};
use crate::sync::{ChangeSet, Hlc, Stamp};

/// A SHA-256 digest. Its text form is 64 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest(pub [u8; 32]);

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::hex::encode(&self.0))
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({self})")
    }
}

impl std::str::FromStr for Digest {
    type Err = InvalidDigest;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        crate::hex::decode(text)
            .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
            .map(Digest)
            .ok_or(InvalidDigest)
    }
}

/// Text that is not a digest: a stored link that was damaged or crafted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a history link is not 64 hex digits")]
pub struct InvalidDigest;

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(D::Error::custom)
    }
}

/// A change set's place in its device's chain: the hash of the device's
/// previous linked set (`None` for its first), and the set's own hash, which
/// commits to `prev` and to the set's content ([`set_hash`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainLink {
    pub prev: Option<Digest>,
    pub hash: Digest,
}

/// The first line of the hashed bytes: names the algorithm, so a later one
/// (another byte form) can never hash the same bytes by accident.
pub const DOMAIN: &str = "kura-chain/1\n";

/// The bytes a set's hash is taken over: [`DOMAIN`], `prev` as 64 hex digits
/// (or `-` for none) and a line feed, then the set's canonical JSON without its
/// link ([`canonicalize`]).
pub fn hashed_bytes(set: &ChangeSet, prev: Option<&Digest>) -> Vec<u8> {
    /// What the hash covers: the set but its link.
    #[derive(Serialize)]
    struct Content<'a> {
        id: &'a RecordId,
        stamp: &'a Hlc,
        changes: &'a [crate::sync::Change],
    }
    let json = serde_json::to_vec(&Content {
        id: &set.id,
        stamp: &set.stamp,
        changes: &set.changes,
    })
    .expect("change sets always serialize");
    let mut bytes = Vec::with_capacity(DOMAIN.len() + 66 + json.len());
    bytes.extend_from_slice(DOMAIN.as_bytes());
    match prev {
        Some(prev) => bytes.extend_from_slice(prev.to_string().as_bytes()),
        None => bytes.push(b'-'),
    }
    bytes.push(b'\n');
    canonicalize(&json, &mut bytes);
    bytes
}

/// The hash of `set`'s content after `prev`: SHA-256 of [`hashed_bytes`].
pub fn set_hash(set: &ChangeSet, prev: Option<&Digest>) -> Digest {
    Digest(Sha256::digest(hashed_bytes(set, prev)).into())
}

/// Links `set` after `prev`, the link of its device's latest linked set (none
/// for the device's first): what a device does to every set it commits.
pub fn link(set: &mut ChangeSet, prev: Option<&ChainLink>) {
    let prev = prev.map(|link| link.hash);
    set.link = Some(ChainLink {
        prev,
        hash: set_hash(set, prev.as_ref()),
    });
}

/// Links every set after the one before it of its device, in stamp order
/// (the sets' own order is kept): for a device writing many sets at once (a
/// generated demo book, a test's), each device's first set first in its chain.
pub fn link_all(sets: &mut [ChangeSet]) {
    let mut order: Vec<usize> = (0..sets.len()).collect();
    order.sort_by_key(|&i| sets[i].order());
    let mut heads: BTreeMap<DeviceId, ChainLink> = BTreeMap::new();
    for i in order {
        let set = &mut sets[i];
        link(set, heads.get(&set.stamp.device));
        if let Some(link) = set.link {
            heads.insert(set.stamp.device, link);
        }
    }
}

/// Writes `json`, compact JSON as serde_json writes it, canonically: every
/// object's members in the order of their names' UTF-8 bytes, so one value
/// has one byte form whatever order a struct or a map gave its fields
/// (serde_json's maps keep insertion order when a dependency turns on its
/// `preserve_order`). Everything else is kept as serde_json wrote it, which is
/// the documented form: no whitespace; `"`, `\` and control characters
/// escaped (`\n`, `\t`… or `\u00xx`), every other character as its UTF-8.
///
/// Members are reordered as byte slices of `json`, never decoded: hashing a
/// book's log this way is a few times faster than through `serde_json::Value`.
/// The input is always serde_json's own output; anything else still ends
/// without a panic (every read is bounds-checked).
pub fn canonicalize(json: &[u8], out: &mut Vec<u8>) {
    let mut at = 0;
    write_node(&node(json, &mut at), out);
}

/// A parsed JSON value whose strings, numbers and literals stay as their bytes.
enum Node<'a> {
    Raw(&'a [u8]),
    Array(Vec<Node<'a>>),
    /// Each member's name as written (quotes included), and its value.
    Object(Vec<(&'a [u8], Node<'a>)>),
}

fn node<'a>(json: &'a [u8], at: &mut usize) -> Node<'a> {
    let open = json.get(*at).copied();
    if let Some(open @ (b'[' | b'{')) = open {
        *at += 1;
        let close = if open == b'[' { b']' } else { b'}' };
        let (mut items, mut members) = (Vec::new(), Vec::new());
        while json.get(*at).is_some_and(|&c| c != close) {
            if open == b'[' {
                items.push(node(json, at));
            } else {
                let name = string(json, at);
                *at += 1; // ':'
                members.push((name, node(json, at)));
            }
            if json.get(*at) == Some(&b',') {
                *at += 1;
            }
        }
        *at += 1;
        return match open {
            b'[' => Node::Array(items),
            _ => Node::Object(members),
        };
    }
    if open == Some(b'"') {
        return Node::Raw(string(json, at));
    }
    let start = *at;
    while json
        .get(*at)
        .is_some_and(|c| !matches!(c, b',' | b']' | b'}'))
    {
        *at += 1;
    }
    Node::Raw(json.get(start..*at).unwrap_or_default())
}

/// A string as written, quotes included.
fn string<'a>(json: &'a [u8], at: &mut usize) -> &'a [u8] {
    let start = *at;
    *at += 1;
    while let Some(&c) = json.get(*at) {
        *at += 1;
        match c {
            b'\\' => *at += 1,
            b'"' => break,
            _ => {}
        }
    }
    json.get(start..*at)
        .unwrap_or(&json[start.min(json.len())..])
}

/// A member name's UTF-8 bytes: as written, but for the quotes (decoded only
/// when it holds an escape, which no name Kura writes does).
fn name_bytes(written: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if written.contains(&b'\\') {
        if let Ok(name) = serde_json::from_slice::<String>(written) {
            return name.into_bytes().into();
        }
    }
    let inner = written
        .get(1..written.len().saturating_sub(1))
        .unwrap_or_default();
    inner.into()
}

fn write_node(node: &Node<'_>, out: &mut Vec<u8>) {
    match node {
        Node::Raw(bytes) => out.extend_from_slice(bytes),
        Node::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_node(item, out);
            }
            out.push(b']');
        }
        Node::Object(members) => {
            let mut members: Vec<_> = members
                .iter()
                .map(|(n, v)| (name_bytes(n), *n, v))
                .collect();
            members.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            out.push(b'{');
            for (i, (_, name, value)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(name);
                out.push(b':');
                write_node(value, out);
            }
            out.push(b'}');
        }
    }
}

/// How many of a set's records a problem names (the rest are counted): a set
/// is usually one record; an import's can be thousands.
pub const RECORDS_NAMED: usize = 3;

/// A change set a problem is about: its id and stamp (the device and time it
/// was written), and the records it writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetRef {
    pub id: RecordId,
    pub stamp: Hlc,
    /// The first [`RECORDS_NAMED`] records the set writes or deletes.
    pub records: Vec<RecordKey>,
    /// How many more it writes.
    pub more_records: usize,
}

impl SetRef {
    fn of(set: &ChangeSet) -> SetRef {
        SetRef {
            id: set.id,
            stamp: set.stamp,
            records: set
                .changes
                .iter()
                .take(RECORDS_NAMED)
                .map(|c| c.key())
                .collect(),
            more_records: set.changes.len().saturating_sub(RECORDS_NAMED),
        }
    }
}

/// What a verification found wrong. Each names the set where the chain breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainProblem {
    /// The set's content (or its `prev`) no longer hashes to its link: it was
    /// changed after it was written.
    Altered { set: SetRef },
    /// The set's `prev` is not the hash of the device's previous set here
    /// (`after`; none when it is the device's first): a set between them was
    /// removed, or one was moved, inserted, or changed with its hash recomputed.
    Broken { set: SetRef, after: Option<SetRef> },
    /// A set without a link after linked ones of its device: written by a
    /// device that links every set, so its link was stripped (or it was
    /// inserted).
    Unlinked { set: SetRef },
}

impl ChainProblem {
    /// The set where the chain breaks.
    pub fn set(&self) -> &SetRef {
        match self {
            ChainProblem::Altered { set }
            | ChainProblem::Broken { set, .. }
            | ChainProblem::Unlinked { set } => set,
        }
    }
}

/// One device's chain as verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceChain {
    pub device: DeviceId,
    /// Linked sets checked.
    pub linked: usize,
    /// Sets written before the chain existed (before the device's first linked
    /// set): counted, not a problem.
    pub unlinked: usize,
    /// The hash of the device's latest linked set: writing it down (or keeping
    /// an old backup) is what shows later that the whole chain was not rewritten.
    pub head: Option<Digest>,
}

/// Whether the sets are a whole book or a part of one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every set of the book (the log, a backup): a device's first linked set
    /// must be its first ever (`prev` none).
    Whole,
    /// Some sets (a changes file: what the other device had not acknowledged):
    /// a device's first set here may follow sets that are not.
    Part,
}

/// The most problems a report lists (the rest are counted): one is enough to
/// act on, and a crafted file could break every set.
pub const PROBLEMS_LISTED: usize = 100;

/// What a verification found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChainReport {
    /// Each device's chain, by device id.
    pub devices: Vec<DeviceChain>,
    /// The first [`PROBLEMS_LISTED`] problems, by device then stamp.
    pub problems: Vec<ChainProblem>,
    /// How many more problems there are.
    pub more_problems: usize,
}

impl ChainReport {
    /// Whether every chain is whole.
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }

    /// How many linked sets were checked.
    pub fn linked(&self) -> usize {
        self.devices.iter().map(|d| d.linked).sum()
    }

    /// How many sets were written before the chain existed.
    pub fn unlinked(&self) -> usize {
        self.devices.iter().map(|d| d.unlinked).sum()
    }

    /// How many problems in all.
    pub fn problem_count(&self) -> usize {
        self.problems.len() + self.more_problems
    }

    fn add(&mut self, problem: ChainProblem) {
        if self.problems.len() < PROBLEMS_LISTED {
            self.problems.push(problem);
        } else {
            self.more_problems += 1;
        }
    }
}

/// What verification keeps of one set: a set's content is hashed when it is
/// added and then dropped, so a log can be verified as it is read, chunk by
/// chunk, without holding it.
#[derive(Clone, Debug)]
struct Checked {
    order: Stamp,
    link: Option<ChainLink>,
    /// Whether the content hashes to the link (true when unlinked).
    intact: bool,
    set: SetRef,
}

/// Verifies chains from sets given in any order, a few at a time.
#[derive(Clone, Debug, Default)]
pub struct ChainVerifier {
    devices: BTreeMap<DeviceId, Vec<Checked>>,
}

impl ChainVerifier {
    /// Checks one set's content against its link, and keeps its place.
    pub fn add(&mut self, set: &ChangeSet) {
        let intact = set
            .link
            .is_none_or(|link| set_hash(set, link.prev.as_ref()) == link.hash);
        self.devices
            .entry(set.stamp.device)
            .or_default()
            .push(Checked {
                order: set.order(),
                link: set.link,
                intact,
                set: SetRef::of(set),
            });
    }

    /// Each device's sets in stamp order, each following the one before.
    pub fn report(&self, scope: Scope) -> ChainReport {
        let mut report = ChainReport::default();
        for (&device, sets) in &self.devices {
            let mut sets: Vec<&Checked> = sets.iter().collect();
            // A set stored twice (a chunk and a row) is checked once; an
            // altered copy sorts first, so it is the one kept and reported.
            sets.sort_by_key(|c| (c.order, c.intact));
            sets.dedup_by_key(|c| c.order);
            let mut chain = DeviceChain {
                device,
                linked: 0,
                unlinked: 0,
                head: None,
            };
            let mut previous: Option<&Checked> = None;
            for checked in sets {
                let Some(link) = checked.link else {
                    match previous {
                        None => chain.unlinked += 1,
                        Some(_) => report.add(ChainProblem::Unlinked {
                            set: checked.set.clone(),
                        }),
                    }
                    continue;
                };
                chain.linked += 1;
                if !checked.intact {
                    report.add(ChainProblem::Altered {
                        set: checked.set.clone(),
                    });
                }
                let expected = previous.and_then(|p| p.link).map(|l| l.hash);
                let first_of_part = previous.is_none() && scope == Scope::Part;
                if link.prev != expected && !first_of_part {
                    report.add(ChainProblem::Broken {
                        set: checked.set.clone(),
                        after: previous.map(|p| p.set.clone()),
                    });
                }
                chain.head = Some(link.hash);
                previous = Some(checked);
            }
            report.devices.push(chain);
        }
        report
    }
}

/// Verifies every chain in `sets`, a whole book's.
pub fn verify_chains(sets: &[ChangeSet]) -> ChainReport {
    verify_sets(sets, Scope::Whole)
}

/// Verifies the chains in `sets`, a whole book's or a part ([`Scope`]).
pub fn verify_sets(sets: &[ChangeSet], scope: Scope) -> ChainReport {
    let mut verifier = ChainVerifier::default();
    for set in sets {
        verifier.add(set);
    }
    verifier.report(scope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::RecordKind;
    use crate::store::conformance::sample_set;
    use crate::sync::Change;

    fn device(n: u128) -> DeviceId {
        DeviceId(RecordId::from_parts(1_700_000_000_000, 0xd0 + n))
    }

    /// A device's chain of `count` sets, each linked after the one before.
    fn chain(dev: u128, from: u64, count: u64) -> Vec<ChangeSet> {
        let mut head = None;
        (from..from + count)
            .map(|n| {
                let mut set = sample_set(n, &format!("entry {n}"));
                set.stamp.device = device(dev);
                link(&mut set, head.as_ref());
                head = set.link;
                set
            })
            .collect()
    }

    #[test]
    fn a_linked_chain_verifies() {
        let sets = chain(1, 1, 5);
        let report = verify_chains(&sets);
        assert!(report.is_intact(), "{report:?}");
        assert_eq!(report.linked(), 5);
        assert_eq!(report.devices[0].head, sets[4].link.map(|l| l.hash));
        assert_eq!(sets[0].link.unwrap().prev, None);
        assert_eq!(sets[1].link.unwrap().prev, Some(sets[0].link.unwrap().hash));
    }

    /// Any byte of a set's JSON changed (each byte of every text in it, here)
    /// is reported, with the set and its record.
    #[test]
    fn a_changed_byte_is_reported_with_its_record() {
        let sets = chain(1, 1, 3);
        let row = serde_json::to_string(&sets[1]).unwrap();
        let link_at = row.find("\"link\"").unwrap();
        let mut altered_somewhere = 0;
        for at in 0..link_at {
            let mut bytes = row.clone().into_bytes();
            bytes[at] ^= 0x01;
            let Ok(text) = String::from_utf8(bytes) else {
                continue;
            };
            let Ok(set) = serde_json::from_str::<ChangeSet>(&text) else {
                continue;
            };
            if set == sets[1] {
                continue; // the same set (a digit of a number's case, say)
            }
            let mut log = sets.clone();
            log[1] = set.clone();
            let report = verify_chains(&log);
            let problem = report
                .problems
                .iter()
                .find(|p| matches!(p, ChainProblem::Altered { .. }))
                .unwrap_or_else(|| panic!("byte {at} of {text}: {report:?}"));
            assert_eq!(problem.set().id, set.id);
            assert_eq!(problem.set().records, vec![set.changes[0].key()]);
            altered_somewhere += 1;
        }
        assert!(
            altered_somewhere > 20,
            "{altered_somewhere} bytes changed a set"
        );
    }

    #[test]
    fn a_removed_set_breaks_the_chain_after_it() {
        let mut sets = chain(1, 1, 4);
        let removed = sets.remove(2);
        let report = verify_chains(&sets);
        assert_eq!(report.problem_count(), 1, "{report:?}");
        let ChainProblem::Broken { set, after } = &report.problems[0] else {
            panic!("{report:?}")
        };
        assert_eq!(set.id, sets[2].id);
        assert_eq!(after.as_ref().map(|a| a.id), Some(sets[1].id));
        assert_ne!(set.id, removed.id);
        // The first set removed: the new first one follows a set not there.
        let report = verify_chains(&chain(1, 1, 4)[1..]);
        assert!(matches!(
            &report.problems[..],
            [ChainProblem::Broken { after: None, .. }]
        ));
        // In a changes file, which starts wherever the peer's acknowledgement is, it does not.
        let mut part = ChainVerifier::default();
        chain(1, 1, 4)[1..].iter().for_each(|s| part.add(s));
        assert!(part.report(Scope::Part).is_intact());
    }

    #[test]
    fn a_set_rehashed_after_a_change_breaks_the_next_link() {
        let mut sets = chain(1, 1, 3);
        let prev = sets[0].link;
        sets[1].changes.clear();
        link(&mut sets[1], prev.as_ref());
        let report = verify_chains(&sets);
        assert!(
            matches!(&report.problems[..], [ChainProblem::Broken { set, .. }] if set.id == sets[2].id)
        );
    }

    /// Two devices write in turns and each merges the other's sets: the merged
    /// log, in any order, holds two chains that verify.
    #[test]
    fn interleaved_devices_merged_verify() {
        let (a, b) = (chain(1, 1, 6), chain(2, 100, 6));
        let mut merged: Vec<ChangeSet> = a
            .iter()
            .zip(&b)
            .flat_map(|(x, y)| [y.clone(), x.clone()])
            .collect();
        merged.reverse();
        merged.push(a[2].clone()); // a set read twice (a chunk and a row)
        let report = verify_chains(&merged);
        assert!(report.is_intact(), "{report:?}");
        assert_eq!(report.devices.len(), 2);
        assert_eq!(report.linked(), 12);
    }

    /// A book knows each device's head whatever order it folded the sets in:
    /// where the device's next set is linked.
    #[test]
    fn the_book_knows_each_devices_head() {
        let (a, b) = (chain(1, 1, 4), chain(2, 100, 2));
        let all: Vec<&ChangeSet> = a.iter().rev().chain(&b).collect();
        let book = crate::book::Book::from_change_sets(all);
        assert_eq!(book.chain_head(device(1)), a[3].link.as_ref());
        assert_eq!(book.chain_head(device(2)), b[1].link.as_ref());
        assert_eq!(book.chain_head(device(3)), None);
    }

    #[test]
    fn old_unlinked_sets_are_counted_not_reported() {
        let mut sets: Vec<ChangeSet> = (1..=3).map(|n| sample_set(n, "old")).collect();
        let device = sets[0].stamp.device;
        let mut head = None;
        for n in 4..=5 {
            let mut set = sample_set(n, "new");
            set.stamp.device = device;
            link(&mut set, head.as_ref());
            head = set.link;
            sets.push(set);
        }
        let report = verify_chains(&sets);
        assert!(report.is_intact(), "{report:?}");
        assert_eq!((report.linked(), report.unlinked()), (2, 3));
        // A link stripped after the chain began is not an old set.
        sets[4].link = None;
        let report = verify_chains(&sets);
        assert!(
            matches!(&report.problems[..], [ChainProblem::Unlinked { set }] if set.id == sets[4].id)
        );
    }

    #[test]
    fn a_link_that_is_not_hex_is_a_read_error() {
        let mut set = chain(1, 1, 1).remove(0);
        let row = serde_json::to_string(&set).unwrap();
        for bad in ["zz", "", "00"] {
            let hash = set.link.unwrap().hash.to_string();
            let text = row.replace(&hash, bad);
            assert!(crate::store::decode_row(&text).is_err(), "{bad}");
        }
        set.link = None;
        let old = serde_json::to_string(&set).unwrap();
        assert!(!old.contains("link"), "an unlinked set is stored as before");
        assert_eq!(crate::store::decode_row(&old).unwrap(), set);
    }

    /// Keys are sorted by their bytes, nested objects too; no spaces; strings
    /// kept as serde_json escapes them.
    #[test]
    fn canonical_json_sorts_keys() {
        let text = |json: &[u8]| {
            let mut out = Vec::new();
            canonicalize(json, &mut out);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            text(br#"{"b":[1,{"z":null,"a":"x\n\u0001\u00e9,}]"}],"ab!":-2.5e3,"ab":true,"":{}}"#),
            r#"{"":{},"ab":true,"ab!":-2.5e3,"b":[1,{"a":"x\n\u0001\u00e9,}]","z":null}]}"#
        );
        assert_eq!(text(br#"{"\u0062":1,"a":[]}"#), r#"{"a":[],"\u0062":1}"#);
        // Nothing panics on what serde_json would never write.
        for bad in [
            &b""[..],
            b"{",
            b"[",
            b"\"",
            b"{\"a\"",
            b"{\"a\":",
            b"]}",
            b"\"\\",
        ] {
            text(bad);
        }
    }

    /// The same bytes as through `serde_json::Value` (whose maps sort their
    /// keys here), the straightforward way, for every set of a demo book.
    #[test]
    fn canonical_json_is_the_sorted_value() {
        let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let sets = crate::demo::demo_book(3, 1, 300, start, &mut crate::demo::sequential_ids(1));
        for set in &sets {
            let json = serde_json::to_vec(set).unwrap();
            let mut ours = Vec::new();
            canonicalize(&json, &mut ours);
            let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
            assert_eq!(String::from_utf8(ours).unwrap(), value.to_string());
        }
    }

    /// The worked example of `docs/history-chain.md`: the doc's bytes and
    /// hashes are these, so a reader's `sha256sum` agrees with Kura.
    #[test]
    fn the_documented_example_hashes_as_documented() {
        let id = |s: &str| s.parse::<RecordId>().unwrap();
        let mut first = ChangeSet {
            id: id("01900000-0000-7000-8000-000000000001"),
            stamp: "000001800000000000-0000000000-01900000-0000-7000-8000-0000000000d1"
                .parse()
                .unwrap(),
            changes: vec![Change::Delete {
                key: RecordKey {
                    kind: RecordKind::JournalEntry,
                    id: id("01900000-0000-7000-8000-0000000000e1"),
                },
            }],
            link: None,
        };
        let mut second = first.clone();
        second.id = id("01900000-0000-7000-8000-000000000002");
        second.stamp.wall_ms += 1;
        link(&mut first, None);
        link(&mut second, first.link.as_ref());
        let text = |set: &ChangeSet, prev| String::from_utf8(hashed_bytes(set, prev)).unwrap();
        assert_eq!(
            text(&first, None),
            "kura-chain/1\n-\n{\"changes\":[{\"key\":{\"id\":\"01900000-0000-7000-8000-0000000000e1\",\"kind\":\"journal_entry\"},\"op\":\"delete\"}],\"id\":\"01900000-0000-7000-8000-000000000001\",\"stamp\":\"000001800000000000-0000000000-01900000-0000-7000-8000-0000000000d1\"}"
        );
        let first_hash = "f86acf71673fa1eca5e92a1b67326af762ee8770af7406e63464590f3b27679b";
        assert_eq!(first.link.unwrap().hash.to_string(), first_hash);
        assert!(text(&second, first.link.map(|l| l.hash).as_ref())
            .starts_with(&format!("kura-chain/1\n{first_hash}\n{{\"changes\"")));
        assert_eq!(
            second.link.unwrap().hash.to_string(),
            "693e298f4b1a1f0c3861359df5822e023825ecafa3a2cbdb7f7c68b755c62543"
        );
        // As the log stores it (a row), the link last.
        let row = serde_json::to_string(&first).unwrap();
        assert!(
            row.ends_with(&format!(
                r#""link":{{"prev":null,"hash":"{first_hash}"}}}}"#
            )),
            "{row}"
        );
        assert!(verify_chains(&[second, first]).is_intact());
    }
}
