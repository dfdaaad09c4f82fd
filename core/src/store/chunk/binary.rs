//! The binary chunk format. Its layout is its own, written and read here field by
//! field, so changing a domain struct cannot silently change what is stored: the
//! writer destructures what it stores, and a test lists an entry's fields.
//!
//! Version 2, all integers LEB128 varints (`u`), signed ones zigzagged first (`s`):
//!
//! ```text
//! chunk   = magic "\x89KCH", version (1 byte),
//!           strings, ids, line kinds, entry kinds, u set count, set*
//! strings = u count, (u byte length, UTF-8)*  every text of the entries, once
//! ids     = u count, (16 bytes)*              accounts and devices, once
//! kinds   = u count, (u length, JSON)*        distinct `LineKind` / `EntryKind` values
//! set     = id (16 bytes), u wall ms, u counter, u device (ids), link,
//!           u change count, change*
//! link    = 0                                 none (a set from before the chain)
//!         | 1, hash (32 bytes)                a device's first linked set
//!         | 2, prev (32 bytes), hash (32 bytes)
//! change  = 0, u length, JSON of the change   every change but an entry put
//!         | 1, entry
//! entry   = id (16 bytes), s days from 0001-01-01 (day 1), u description (strings),
//!           u partner (0 none, else strings index + 1),
//!           corrects (0 none | 1, 16 bytes), u entry kind, u line count, line*
//! line    = u account (ids), s amount mantissa, scale (1 byte), u line kind, u memo (strings)
//! ```
//!
//! Version 1 is version 2 without `link` (every set unlinked); it is still read.
//!
//! Texts, accounts and the small closed sets (tax code, status…) repeat on almost
//! every line, so they are stored once per chunk and referred to by index. The
//! closed sets are JSON, parsed once per chunk: a new tax code needs no change
//! here, and a new field of that kind comes with `serde(default)`, as in the log.
//!
//! Reading trusts nothing the chunk declares. Every count is checked against
//! its budget ([`super::Budget`]) before anything is allocated for it, a list is
//! reserved ahead only for as many items as the remaining bytes can hold at the
//! item's smallest encoded size (and never more than [`PREALLOCATE_AT_MOST`]),
//! the texts entries copy out of the table are counted against
//! [`super::MAX_TEXT_BYTES_PER_CHUNK`], and every stamp must be within
//! [`MAX_WALL_MS`]. So no chunk, however crafted, makes the reader take more
//! memory than its budgets allow.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{Budget, ChunkError};
use crate::book::Record;
use crate::ids::{DeviceId, RecordId};
use crate::ledger::{
    BusinessClass, EntryHeader, EntryOrigin, EntryStatus, JournalEntry, Posting, TaxCode, TaxPart,
};
use crate::sync::{ChainLink, Change, ChangeSet, Digest, Hlc, MAX_WALL_MS};

/// The first bytes of a binary chunk. Not ASCII, so never the start of a JSON one.
const MAGIC: &[u8; 4] = b"\x89KCH";
/// The layout this build writes, and the newest it reads.
const VERSION: u8 = 2;
/// The layout before change sets had a link (`sync::chain`): read, never written.
const VERSION_UNLINKED: u8 = 1;

const LINK_NONE: u8 = 0;
const LINK_FIRST: u8 = 1;
const LINK_AFTER: u8 = 2;

const CHANGE_JSON: u8 = 0;
const CHANGE_ENTRY: u8 = 1;

/// The fewest bytes a change takes: its tag and a length (an entry takes more).
const MIN_CHANGE_BYTES: usize = 2;
/// The fewest bytes a line takes: account, amount, scale, kind and memo, a byte each.
const MIN_LINE_BYTES: usize = 5;
/// The most items a list is given room for before they are read. A count comes
/// from the chunk, so it could ask for gigabytes; past this the list grows as
/// items actually decode, each of which the chunk's bytes must hold.
const PREALLOCATE_AT_MOST: usize = 4_096;

/// Room to reserve for `count` items of at least `min_bytes` each, read from
/// `remaining` bytes.
fn room(count: usize, remaining: usize, min_bytes: usize) -> usize {
    count.min(remaining / min_bytes).min(PREALLOCATE_AT_MOST)
}

/// A line's fields from small closed sets.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct LineKind {
    #[serde(default)]
    tax_code: Option<TaxCode>,
    #[serde(default)]
    tax_part: Option<TaxPart>,
    /// Left out when `None`, so the kinds of chunks written before them are
    /// byte for byte what they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    business_class: Option<BusinessClass>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    supply_date: Option<NaiveDate>,
}

/// An entry's fields from small closed sets.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct EntryKind {
    status: EntryStatus,
    #[serde(default)]
    origin: EntryOrigin,
}

pub(super) fn is_binary(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

pub(super) fn encode(sets: &[ChangeSet]) -> Vec<u8> {
    let mut writer = Writer::default();
    put_uvar(&mut writer.body, sets.len() as u128);
    for set in sets {
        writer.set(set);
    }
    writer.finish()
}

fn put_uvar(out: &mut Vec<u8>, mut value: u128) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn zigzag(value: i128) -> u128 {
    ((value << 1) ^ (value >> 127)) as u128
}

fn unzigzag(value: u128) -> i128 {
    (value >> 1) as i128 ^ -((value & 1) as i128)
}

/// Gives each distinct value an index, in order of first use.
struct Interner<T> {
    index: HashMap<T, u32>,
    values: Vec<T>,
}

impl<T> Default for Interner<T> {
    fn default() -> Self {
        Interner {
            index: HashMap::new(),
            values: Vec::new(),
        }
    }
}

impl<T: Hash + Eq + Copy> Interner<T> {
    fn of(&mut self, value: T) -> u128 {
        let next = self.values.len() as u32;
        let at = *self.index.entry(value).or_insert(next);
        if at == next {
            self.values.push(value);
        }
        u128::from(at)
    }
}

/// The index of `value` in a short list (a few dozen at most), added if new.
fn small_index<T: PartialEq>(values: &mut Vec<T>, value: T) -> u128 {
    let at = values.iter().position(|v| *v == value).unwrap_or_else(|| {
        values.push(value);
        values.len() - 1
    });
    at as u128
}

/// Writes the sets into `body` while collecting the tables that precede it.
#[derive(Default)]
struct Writer<'a> {
    body: Vec<u8>,
    strings: Interner<&'a str>,
    ids: Interner<RecordId>,
    line_kinds: Vec<LineKind>,
    entry_kinds: Vec<EntryKind>,
}

impl<'a> Writer<'a> {
    fn uvar(&mut self, value: u128) {
        put_uvar(&mut self.body, value);
    }

    fn id(&mut self, id: RecordId) {
        self.body.extend_from_slice(&id.to_bytes());
    }

    fn set(&mut self, set: &'a ChangeSet) {
        let ChangeSet {
            id,
            stamp,
            changes,
            link,
        } = set;
        let Hlc {
            wall_ms,
            counter,
            device,
        } = *stamp;
        self.id(*id);
        self.uvar(u128::from(wall_ms));
        self.uvar(u128::from(counter));
        let device = self.ids.of(device.0);
        self.uvar(device);
        match link {
            None => self.body.push(LINK_NONE),
            Some(ChainLink { prev: None, hash }) => {
                self.body.push(LINK_FIRST);
                self.body.extend_from_slice(&hash.0);
            }
            Some(ChainLink {
                prev: Some(prev),
                hash,
            }) => {
                self.body.push(LINK_AFTER);
                self.body.extend_from_slice(&prev.0);
                self.body.extend_from_slice(&hash.0);
            }
        }
        self.uvar(changes.len() as u128);
        for change in changes {
            match change {
                Change::Put {
                    record: Record::JournalEntry(entry),
                } => {
                    self.body.push(CHANGE_ENTRY);
                    self.entry(entry);
                }
                other => {
                    let json = serde_json::to_vec(other).expect("changes always serialize");
                    self.body.push(CHANGE_JSON);
                    self.uvar(json.len() as u128);
                    self.body.extend_from_slice(&json);
                }
            }
        }
    }

    fn entry(&mut self, entry: &'a JournalEntry) {
        self.id(entry.id());
        self.uvar(zigzag(i128::from(entry.date().num_days_from_ce())));
        let description = self.strings.of(entry.description());
        self.uvar(description);
        let partner = entry.partner().map_or(0, |p| self.strings.of(p) + 1);
        self.uvar(partner);
        match entry.corrects() {
            None => self.body.push(0),
            Some(id) => {
                self.body.push(1);
                self.id(id);
            }
        }
        let kind = EntryKind {
            status: entry.status(),
            origin: entry.origin(),
        };
        let kind = small_index(&mut self.entry_kinds, kind);
        self.uvar(kind);
        self.uvar(entry.lines().len() as u128);
        for line in entry.lines() {
            self.line(line);
        }
    }

    fn line(&mut self, line: &'a Posting) {
        let Posting {
            account,
            amount,
            tax_code,
            memo,
            tax_part,
            business_class,
            supply_date,
        } = line;
        let account = self.ids.of(*account);
        self.uvar(account);
        self.uvar(zigzag(amount.mantissa()));
        self.body.push(amount.scale() as u8);
        let kind = LineKind {
            tax_code: *tax_code,
            tax_part: *tax_part,
            business_class: *business_class,
            supply_date: *supply_date,
        };
        let kind = small_index(&mut self.line_kinds, kind);
        self.uvar(kind);
        let memo = self.strings.of(memo);
        self.uvar(memo);
    }

    /// The whole chunk: header, tables, then the body.
    fn finish(self) -> Vec<u8> {
        let strings: usize = self.strings.values.iter().map(|s| s.len() + 2).sum();
        let mut out =
            Vec::with_capacity(8 + strings + 16 * self.ids.values.len() + self.body.len());
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        put_uvar(&mut out, self.strings.values.len() as u128);
        for text in &self.strings.values {
            put_uvar(&mut out, text.len() as u128);
            out.extend_from_slice(text.as_bytes());
        }
        put_uvar(&mut out, self.ids.values.len() as u128);
        for id in &self.ids.values {
            out.extend_from_slice(&id.to_bytes());
        }
        put_json_table(&mut out, &self.line_kinds);
        put_json_table(&mut out, &self.entry_kinds);
        out.extend_from_slice(&self.body);
        out
    }
}

fn put_json_table<T: Serialize>(out: &mut Vec<u8>, values: &[T]) {
    put_uvar(out, values.len() as u128);
    for value in values {
        let json = serde_json::to_vec(value).expect("kinds always serialize");
        put_uvar(out, json.len() as u128);
        out.extend_from_slice(&json);
    }
}

fn damaged(what: impl std::fmt::Display) -> ChunkError {
    ChunkError::Damaged(what.to_string())
}

fn over(what: Budget) -> ChunkError {
    ChunkError::OverBudget {
        what,
        limit: what.limit(),
    }
}

/// The unread rest of a chunk. Every read checks its bounds.
struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], ChunkError> {
        if len > self.0.len() {
            return Err(damaged("the chunk ends early"));
        }
        let (head, rest) = self.0.split_at(len);
        self.0 = rest;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8, ChunkError> {
        let (&byte, rest) = self
            .0
            .split_first()
            .ok_or_else(|| damaged("the chunk ends early"))?;
        self.0 = rest;
        Ok(byte)
    }

    /// A LEB128 number. It is gathered in two 64-bit halves because WebAssembly
    /// has no 128-bit shifts: shifting a `u128` by a variable amount is a call.
    fn uvar(&mut self) -> Result<u128, ChunkError> {
        let (mut low, mut high) = (0u64, 0u64);
        for (i, &byte) in self.0.iter().enumerate().take(19) {
            let bits = u64::from(byte & 0x7f);
            let shift = 7 * i as u32;
            if shift < 64 {
                low |= bits << shift;
                high |= bits.checked_shr(64 - shift).unwrap_or(0);
            } else if i < 18 || bits <= 0b11 {
                high |= bits << (shift - 64);
            } else {
                break;
            }
            if byte & 0x80 == 0 {
                self.0 = &self.0[i + 1..];
                return Ok(u128::from(high) << 64 | u128::from(low));
            }
        }
        Err(damaged("a number is cut off or too long"))
    }

    /// A count of items that follow, each at least one byte long.
    fn count(&mut self) -> Result<usize, ChunkError> {
        let count = self.uvar()?;
        if count > self.0.len() as u128 {
            return Err(damaged("a count exceeds the chunk"));
        }
        Ok(count as usize)
    }

    /// A count of items that follow, within `budget` (checked first: a count of
    /// ten million is refused as such, whatever the bytes after it).
    fn count_within(&mut self, budget: Budget) -> Result<usize, ChunkError> {
        let rest = self.0;
        if self.uvar()? > budget.limit() as u128 {
            return Err(over(budget));
        }
        self.0 = rest;
        self.count()
    }

    fn bytes(&mut self) -> Result<&'a [u8], ChunkError> {
        let len = self.count()?;
        self.take(len)
    }

    fn id(&mut self) -> Result<RecordId, ChunkError> {
        let bytes: [u8; 16] = self.take(16)?.try_into().expect("16 bytes");
        RecordId::from_bytes(bytes).map_err(damaged)
    }

    /// The table entry a stored index points at.
    fn pick<'t, T>(&mut self, table: &'t [T]) -> Result<&'t T, ChunkError> {
        let index = self.uvar()?;
        usize::try_from(index)
            .ok()
            .and_then(|i| table.get(i))
            .ok_or_else(|| damaged("an index points outside its table"))
    }

    /// Like [`Input::pick`], with 0 for none.
    fn pick_optional<'t, T>(&mut self, table: &'t [T]) -> Result<Option<&'t T>, ChunkError> {
        match self.uvar()? {
            0 => Ok(None),
            index => {
                let entry = usize::try_from(index - 1).ok().and_then(|i| table.get(i));
                entry
                    .map(Some)
                    .ok_or_else(|| damaged("an index points outside its table"))
            }
        }
    }

    /// The `count` items of a table (its count read and checked by the caller).
    fn table<T>(
        &mut self,
        count: usize,
        mut item: impl FnMut(&mut Self) -> Result<T, ChunkError>,
    ) -> Result<Vec<T>, ChunkError> {
        let mut items = Vec::with_capacity(room(count, self.0.len(), 1));
        for _ in 0..count {
            items.push(item(self)?);
        }
        Ok(items)
    }

    fn text(&mut self) -> Result<&'a str, ChunkError> {
        std::str::from_utf8(self.bytes()?).map_err(damaged)
    }

    fn json<T: DeserializeOwned>(&mut self) -> Result<T, ChunkError> {
        serde_json::from_slice(self.bytes()?).map_err(damaged)
    }
}

/// Reads a binary chunk's tables up front, then one change set per `next`.
/// An entry's lines are allocated at their exact length (a book keeps them as
/// decoded), which the budget and the remaining bytes bound.
pub(super) struct Reader<'a> {
    input: Input<'a>,
    strings: Vec<&'a str>,
    ids: Vec<RecordId>,
    line_kinds: Vec<LineKind>,
    entry_kinds: Vec<EntryKind>,
    sets_left: u128,
    /// Whether its sets have a link (version 2 on).
    linked: bool,
    /// What is left of [`super::MAX_TEXT_BYTES_PER_CHUNK`].
    text_left: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Result<Reader<'a>, ChunkError> {
        let mut input = Input(
            bytes
                .strip_prefix(MAGIC)
                .ok_or_else(|| damaged("no header"))?,
        );
        let linked = match input.byte()? {
            VERSION => true,
            VERSION_UNLINKED => false,
            newer if newer > VERSION => {
                return Err(ChunkError::NewerFormat {
                    found: newer,
                    supported: VERSION,
                })
            }
            _ => return Err(damaged("unknown chunk format")),
        };
        let strings = input.count_within(Budget::StringsPerChunk)?;
        let strings = input.table(strings, Input::text)?;
        let ids = input.count()?;
        let ids = input.table(ids, Input::id)?;
        let line_kinds = input.count()?;
        let line_kinds = input.table(line_kinds, Input::json)?;
        let entry_kinds = input.count()?;
        let entry_kinds = input.table(entry_kinds, Input::json)?;
        Ok(Reader {
            strings,
            ids,
            line_kinds,
            entry_kinds,
            sets_left: input.uvar()?,
            input,
            linked,
            text_left: super::MAX_TEXT_BYTES_PER_CHUNK,
        })
    }

    fn set(&mut self) -> Result<ChangeSet, ChunkError> {
        let id = self.input.id()?;
        let wall_ms = self.input.uvar()?;
        if wall_ms > u128::from(MAX_WALL_MS) {
            return Err(ChunkError::StampOutOfRange { wall_ms });
        }
        let wall_ms = wall_ms as u64;
        let counter = u32::try_from(self.input.uvar()?).map_err(damaged)?;
        let device = DeviceId(*self.input.pick(&self.ids)?);
        let link = if self.linked { self.link()? } else { None };
        let count = self.input.count_within(Budget::ChangesPerSet)?;
        let mut changes = Vec::with_capacity(room(count, self.input.0.len(), MIN_CHANGE_BYTES));
        for _ in 0..count {
            changes.push(self.change()?);
        }
        Ok(ChangeSet {
            id,
            stamp: Hlc {
                wall_ms,
                counter,
                device,
            },
            changes,
            link,
        })
    }

    fn link(&mut self) -> Result<Option<ChainLink>, ChunkError> {
        let prev = match self.input.byte()? {
            LINK_NONE => return Ok(None),
            LINK_FIRST => None,
            LINK_AFTER => Some(self.digest()?),
            _ => return Err(damaged("a history link of no known kind")),
        };
        let hash = self.digest()?;
        Ok(Some(ChainLink { prev, hash }))
    }

    fn digest(&mut self) -> Result<Digest, ChunkError> {
        let bytes: [u8; 32] = self.input.take(32)?.try_into().expect("32 bytes");
        Ok(Digest(bytes))
    }

    fn change(&mut self) -> Result<Change, ChunkError> {
        match self.input.byte()? {
            CHANGE_JSON => self.input.json(),
            CHANGE_ENTRY => Ok(Change::Put {
                record: Record::JournalEntry(self.entry()?),
            }),
            tag => Err(damaged(format_args!("unknown change tag {tag}"))),
        }
    }

    fn entry(&mut self) -> Result<JournalEntry, ChunkError> {
        let id = self.input.id()?;
        let days = unzigzag(self.input.uvar()?);
        let date = i32::try_from(days)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .ok_or_else(|| damaged("a date is out of range"))?;
        let description = *self.input.pick(&self.strings)?;
        let description = self.text(description)?;
        let partner = match self.input.pick_optional(&self.strings)?.copied() {
            Some(partner) => Some(self.text(partner)?),
            None => None,
        };
        let corrects = match self.input.byte()? {
            0 => None,
            1 => Some(self.input.id()?),
            _ => return Err(damaged("a corrected entry is neither there nor not")),
        };
        let EntryKind { status, origin } = self.input.pick(&self.entry_kinds)?.clone();
        let count = self.input.count_within(Budget::LinesPerEntry)?;
        // Exact for every entry the bytes can hold; the budget bounds it.
        let mut lines = Vec::with_capacity(count.min(self.input.0.len() / MIN_LINE_BYTES));
        for _ in 0..count {
            lines.push(self.line()?);
        }
        let header = EntryHeader {
            id,
            date,
            description,
            partner,
            status,
            corrects,
        };
        JournalEntry::from_stored(header, lines, origin)
            .map_err(|e| damaged(format_args!("entry {id}: {e}")))
    }

    fn line(&mut self) -> Result<Posting, ChunkError> {
        let account = *self.input.pick(&self.ids)?;
        let mantissa = unzigzag(self.input.uvar()?);
        let scale = self.input.byte()?;
        let amount = Decimal::try_from_i128_with_scale(mantissa, u32::from(scale))
            .map_err(|e| damaged(format_args!("an amount: {e}")))?;
        let LineKind {
            tax_code,
            tax_part,
            business_class,
            supply_date,
        } = self.input.pick(&self.line_kinds)?.clone();
        let memo = *self.input.pick(&self.strings)?;
        let memo = self.text(memo)?;
        Ok(Posting {
            account,
            amount,
            tax_code,
            memo,
            tax_part,
            business_class,
            supply_date,
        })
    }

    /// An entry's own copy of a table text, counted against the chunk's budget.
    fn text(&mut self, text: &str) -> Result<String, ChunkError> {
        self.text_left = self
            .text_left
            .checked_sub(text.len())
            .ok_or_else(|| over(Budget::TextBytesPerChunk))?;
        Ok(text.to_string())
    }
}

impl Iterator for Reader<'_> {
    type Item = Result<ChangeSet, ChunkError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.sets_left == 0 {
            if self.input.0.is_empty() {
                return None;
            }
            self.input.0 = &[];
            return Some(Err(damaged("bytes follow the last change set")));
        }
        self.sets_left -= 1;
        let set = self.set();
        if set.is_err() {
            // Nothing after damage can be trusted: end here.
            self.sets_left = 0;
            self.input.0 = &[];
        }
        Some(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::EntryStatus;
    use proptest::prelude::*;

    fn id(n: u128) -> RecordId {
        RecordId::from_parts(1_700_000_000_000, n)
    }

    fn entry(amounts: &[(i64, u32)], description: &str, partner: Option<&str>) -> JournalEntry {
        let mut lines: Vec<Posting> = amounts
            .iter()
            .enumerate()
            .map(|(i, &(m, scale))| Posting {
                account: id(i as u128 % 3),
                amount: Decimal::new(m, scale),
                tax_code: (i % 2 == 0).then_some(TaxCode::Purchase10),
                memo: if i == 1 {
                    "メモ".into()
                } else {
                    String::new()
                },
                tax_part: (i == 2).then_some(TaxPart::Tax),
                business_class: (i == 3).then_some(BusinessClass::Retail),
                supply_date: None,
            })
            .collect();
        let sum: Decimal = lines.iter().map(|l| l.amount).sum();
        lines.push(Posting {
            account: id(9),
            amount: -sum,
            tax_code: None,
            memo: String::new(),
            tax_part: None,
            business_class: None,
            supply_date: None,
        });
        let header = EntryHeader {
            id: id(100),
            date: NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
            description: description.into(),
            partner: partner.map(str::to_string),
            status: EntryStatus::Draft,
            corrects: Some(id(50)),
        };
        JournalEntry::from_stored(header, lines, EntryOrigin::PrivateUse).unwrap()
    }

    fn set_of(entries: Vec<JournalEntry>) -> ChangeSet {
        ChangeSet {
            id: id(7),
            stamp: Hlc {
                wall_ms: MAX_WALL_MS,
                counter: u32::MAX,
                device: DeviceId(id(8)),
            },
            changes: entries
                .into_iter()
                .map(|e| Change::Put {
                    record: Record::JournalEntry(e),
                })
                .collect(),
            link: None,
        }
    }

    /// The codec stores an entry field by field. A field added to entries must be
    /// added here too (and, if it changes the layout, the version raised), or it
    /// would be lost on packing: this list makes that a failing test, not a surprise.
    #[test]
    fn the_codec_knows_every_field_of_an_entry() {
        let value = serde_json::to_value(entry(&[(100, 0), (-30, 0), (1, 2)], "x", None)).unwrap();
        let mut fields: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            [
                "corrects",
                "date",
                "description",
                "id",
                "lines",
                "origin",
                "partner",
                "status"
            ]
        );
    }

    /// A line's supply date is kept (in the line kinds' JSON), and a line
    /// without one packs as before.
    #[test]
    fn a_line_s_supply_date_round_trips() {
        let plain = entry(&[(100, 0), (-30, 0)], "x", None);
        let mut lines = plain.lines().to_vec();
        lines[0].supply_date = NaiveDate::from_ymd_opt(2019, 9, 30);
        let header = EntryHeader {
            id: id(101),
            date: plain.date(),
            description: "x".into(),
            partner: None,
            status: EntryStatus::Posted,
            corrects: None,
        };
        let dated = JournalEntry::from_stored(header, lines, EntryOrigin::Document).unwrap();
        let set = set_of(vec![dated, plain]);
        let bytes = encode(std::slice::from_ref(&set));
        let back = crate::store::decode_chunk(&bytes).unwrap();
        assert_eq!(back, vec![set]);
        let kinds = String::from_utf8_lossy(&bytes);
        assert_eq!(kinds.matches("supply_date").count(), 1);
    }

    #[test]
    fn amounts_keep_their_scale_and_texts_their_bytes() {
        let e = entry(&[(123_456, 2), (-5, 0), (1, 28)], " 摘要 🍞 ", Some(""));
        let set = set_of(vec![e]);
        let back = crate::store::decode_chunk(&encode(std::slice::from_ref(&set))).unwrap();
        assert_eq!(back, vec![set.clone()]);
        let Change::Put {
            record: Record::JournalEntry(back),
        } = &back[0].changes[0]
        else {
            panic!("an entry")
        };
        assert_eq!(back.lines()[0].amount.to_string(), "1234.56");
        assert_eq!(back.lines()[2].amount.scale(), 28);
        assert_eq!(back.description(), " 摘要 🍞 ");
        assert_eq!(back.partner(), Some(""));
    }

    /// An edit (here of a draft entry, which is not packed field by field) is
    /// kept as its JSON, fields included.
    #[test]
    fn an_edit_round_trips() {
        let mut set = set_of(vec![]);
        set.changes.push(Change::Edit {
            record: Record::JournalEntry(entry(&[(100, 0)], "下書き", None)),
            fields: vec!["description".into(), "lines".into()],
        });
        let back = crate::store::decode_chunk(&encode(std::slice::from_ref(&set))).unwrap();
        assert_eq!(back, vec![set]);
    }

    #[test]
    fn an_unbalanced_entry_is_refused_like_in_json() {
        let set = set_of(vec![entry(&[(100, 0), (200, 0)], "x", None)]);
        let mut bytes = encode(&[set]);
        // The last line's amount is -300: zigzag 599 = [0xd7, 0x04]. Make it -301.
        let at = bytes.windows(2).rposition(|w| w == [0xd7, 0x04]).unwrap();
        bytes[at] = 0xd9;
        let error = crate::store::decode_chunk(&bytes).unwrap_err();
        assert!(
            matches!(&error, ChunkError::Damaged(why) if why.contains("differ")),
            "{error}"
        );
    }

    /// A set's link is stored with it, of each kind, and reads back as it was.
    #[test]
    fn links_round_trip() {
        let mut first = set_of(vec![entry(&[(100, 0)], "一", None)]);
        let mut second = first.clone();
        second.id = id(70);
        let mut unlinked = first.clone();
        unlinked.id = id(71);
        unlinked.link = None;
        crate::sync::chain::link(&mut first, None);
        crate::sync::chain::link(&mut second, first.link.as_ref());
        let sets = vec![first, second, unlinked];
        assert_eq!(crate::store::decode_chunk(&encode(&sets)).unwrap(), sets);
        let mut bad_kind = encode(&sets[2..]);
        bad_kind[link_tag_at(&sets[2])] = 3;
        assert!(crate::store::decode_chunk(&bad_kind).is_err());
    }

    /// Where a one-set chunk of `set` holds its link's tag: the first byte
    /// where the chunk of the set unlinked and the chunk of it linked differ.
    fn link_tag_at(set: &ChangeSet) -> usize {
        let mut unlinked = set.clone();
        unlinked.link = None;
        let mut linked = set.clone();
        crate::sync::chain::link(&mut linked, None);
        let (a, b) = (encode(&[unlinked]), encode(&[linked]));
        a.iter().zip(&b).position(|(x, y)| x != y).unwrap()
    }

    /// A chunk of version 1 (before sets had links) reads, its sets unlinked.
    #[test]
    fn a_chunk_of_version_1_still_reads() {
        let set = set_of(vec![entry(&[(100, 0), (5, 1)], "旧", Some("取引先"))]);
        let mut v1 = encode(std::slice::from_ref(&set));
        v1.remove(link_tag_at(&set));
        v1[MAGIC.len()] = VERSION_UNLINKED;
        assert_eq!(crate::store::decode_chunk(&v1).unwrap(), vec![set]);
    }

    #[test]
    fn numbers_beyond_128_bits_are_refused() {
        let mut too_long = vec![0xff; 18];
        too_long.push(0x04);
        assert!(Input(&too_long).uvar().is_err());
        too_long[18] = 0x03;
        assert_eq!(Input(&too_long).uvar().unwrap(), u128::MAX);
        assert!(Input(&[0x80, 0x80]).uvar().is_err(), "cut off");
    }

    #[test]
    fn a_newer_format_is_named_as_such() {
        let mut bytes = encode(&[]);
        bytes[MAGIC.len()] = VERSION + 1;
        assert_eq!(
            crate::store::decode_chunk(&bytes),
            Err(ChunkError::NewerFormat {
                found: VERSION + 1,
                supported: VERSION
            })
        );
    }

    #[test]
    fn ids_that_are_not_uuid_v7_are_refused() {
        let mut bytes = encode(&[set_of(vec![])]);
        let at = bytes
            .windows(16)
            .position(|w| w == id(7).to_bytes())
            .unwrap();
        bytes[at + 6] = 0x40 | bytes[at + 6] & 0x0f; // the version nibble: UUIDv4
        assert!(matches!(
            RecordId::from_bytes(bytes[at..at + 16].try_into().unwrap()),
            Err(crate::ids::InvalidId(_))
        ));
        assert!(crate::store::decode_chunk(&bytes).is_err());
    }

    proptest! {
        #[test]
        fn numbers_round_trip(value: u128, signed: i128) {
            let mut bytes = Vec::new();
            put_uvar(&mut bytes, value);
            put_uvar(&mut bytes, zigzag(signed));
            let mut input = Input(&bytes);
            prop_assert_eq!(input.uvar().unwrap(), value);
            prop_assert_eq!(unzigzag(input.uvar().unwrap()), signed);
            prop_assert!(input.0.is_empty());
        }

        #[test]
        fn any_entry_round_trips(
            amounts in proptest::collection::vec((-1_000_000_000_000i64..1_000_000_000_000, 0u32..6), 1..6),
            description in "\\PC{0,40}",
            partner in proptest::option::of("\\PC{0,10}"),
            wall_ms in 0u64..=MAX_WALL_MS,
            counter: u32,
        ) {
            let amounts: Vec<_> = amounts.into_iter().filter(|(m, _)| *m != 0).collect();
            let sum: Decimal = amounts.iter().map(|&(m, s)| Decimal::new(m, s)).sum();
            prop_assume!(!amounts.is_empty() && !sum.is_zero());
            let mut set = set_of(vec![entry(&amounts, &description, partner.as_deref())]);
            set.stamp.wall_ms = wall_ms;
            set.stamp.counter = counter;
            let sets = vec![set];
            prop_assert_eq!(crate::store::decode_chunk(&encode(&sets)).unwrap(), sets);
        }
    }
}
