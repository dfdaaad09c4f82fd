//! Reading a book file part by part, checking everything, from a source that
//! is read by ranges (the file is never held whole). In order:
//!
//! 1. the container, from its end: sizes and counts against their budgets
//!    before they are read, no overlapping or repeated entries;
//! 2. the manifest: its format and version, its checksum, its clock stamps;
//! 3. the list of parts against the ZIP's directory: each present, of its size,
//!    within its budget; from format 2 the chain of parts, change parts numbered
//!    in order, and no entry that is not listed;
//! 4. with the passphrase (or its key): the key check, then (format 2) the
//!    manifest's seal;
//! 5. each part: its local header against the directory, its SHA-256, its
//!    decryption, its decoding, every set's stamp and every record's magnitudes,
//!    each attachment's bytes against its record;
//! 6. after the last part, the content against the manifest: the counts, and
//!    for a backup that every attachment it keeps is there and (format 2) that
//!    `seen` is what its sets say.
//!
//! A caller that reads with [`BookFileReader::read_next`] until it returns
//! `None` has had every check; nothing it wrote before an error may be kept.

use std::collections::{BTreeSet, HashSet};

use super::budgets::{Budget, MAX_CLOCK_AHEAD_MS};
use super::crypto::{hex, key_params, sha256_hex, Sealer};
use super::manifest::{
    chain_link, change_part_name, Kind, Manifest, PartInfo, Probe, ATTACHMENTS_DIR, CHANGES_DIR,
    FORMAT_NAME, MANIFEST, MANIFEST_HMAC, MANIFEST_SHA256,
};
use super::source::FileSource;
use super::tally::Tally;
use super::zip::{self, Directory, Entry, ZIP_START};
use super::{
    BookFile, BookFileError, BookFileHeader, Counted, FileKind, KeyParams, Secret, FORMAT_VERSION,
};
use crate::book::RecordKey;
use crate::ids::{DeviceId, RecordId};
use crate::money::limits::{check_record, LimitError};
use crate::store::decode_chunk;
use crate::sync::{ChainReport, ChangeSet, Hlc};

/// One part of a book file, checked.
#[derive(Clone, Debug, PartialEq)]
pub enum BookFilePart {
    /// A part of change sets, and its plain bytes: a chunk in the store's
    /// binary format, which the app stores as is.
    ChangeSets {
        sets: Vec<ChangeSet>,
        chunk: Vec<u8>,
    },
    /// An attachment's bytes, matching its record's SHA-256.
    Attachment { id: RecordId, bytes: Vec<u8> },
}

/// What a book file says about itself, read without the passphrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookFileSummary {
    pub format_version: u32,
    pub encrypted: bool,
    pub change_sets: u64,
    /// (record kind's snake_case name, how many), by name.
    pub records: Vec<(String, u64)>,
    pub attachments: u64,
}

/// A book file opened and its manifest checked; its parts are read one at a
/// time, in order, with [`BookFileReader::read_next`].
pub struct BookFileReader<S> {
    source: S,
    directory: Directory,
    manifest: Manifest,
    /// The manifest's bytes and its seal, kept to check the seal on unlocking.
    manifest_bytes: Vec<u8>,
    manifest_mac: Option<Vec<u8>>,
    header: BookFileHeader,
    now_ms: u64,
    sealer: Option<Sealer>,
    tally: Tally,
    attachments_read: HashSet<RecordId>,
    /// Attachments the manifest says the writer could not read.
    missing_attachments: HashSet<RecordId>,
    next: usize,
}

impl<S: FileSource> BookFileReader<S> {
    /// Opens a file and checks its container and manifest (steps 1–3 above).
    /// `now_ms` is the reader's clock: a stamp more than a day ahead of it is
    /// refused. An encrypted file's header can be read now; its parts after
    /// [`BookFileReader::unlock`].
    pub async fn open(source: S, now_ms: u64) -> Result<Self, BookFileError> {
        Budget::File.check(source.size())?;
        let directory = read_directory(&source).await?;
        let (manifest_bytes, manifest) = read_manifest(&source, &directory).await?;
        let header = header_of(&manifest, now_ms)?;
        check_parts(&manifest, &directory)?;
        let sealed = manifest.format_version >= 2 && manifest.encryption.is_some();
        let manifest_mac = match sealed {
            true => Some(read_digest(&source, &directory, MANIFEST_HMAC).await?),
            false => None,
        };
        let missing_attachments = missing_attachments(&manifest)?;
        Ok(BookFileReader {
            source,
            directory,
            manifest,
            manifest_bytes,
            manifest_mac,
            header,
            now_ms,
            sealer: None,
            tally: Tally::default(),
            attachments_read: HashSet::new(),
            missing_attachments,
            next: 0,
        })
    }

    /// Gives an encrypted file its passphrase (or key): checked by the file's
    /// key check (else [`BookFileError::WrongPassphrase`]), then the manifest's
    /// seal (else [`BookFileError::ManifestAltered`]). A plain file needs none.
    pub fn unlock(&mut self, secret: Secret<'_>) -> Result<(), BookFileError> {
        let Some(info) = &self.manifest.encryption else {
            return Ok(());
        };
        let sealer = Sealer::open(secret, info)
            .map_err(|()| undecodable(MANIFEST, "encryption"))?
            .ok_or(BookFileError::WrongPassphrase)?;
        if let Some(mac) = &self.manifest_mac {
            if !sealer.manifest_is_authentic(&self.manifest_bytes, mac) {
                return Err(BookFileError::ManifestAltered);
            }
        }
        self.sealer = Some(sealer);
        Ok(())
    }

    pub fn header(&self) -> &BookFileHeader {
        &self.header
    }

    pub fn is_encrypted(&self) -> bool {
        self.manifest.encryption.is_some()
    }

    /// A restore takes a backup only: a file of changes holds some of a book's
    /// sets, never known to be all of them.
    pub fn require_backup(&self) -> Result<(), BookFileError> {
        match self.header.kind {
            FileKind::Backup => Ok(()),
            FileKind::Changes => Err(BookFileError::ChangesNotABackup),
        }
    }

    /// How the key of an encrypted file is derived from its passphrase, for a
    /// caller that derives it itself; `None` for a plain file.
    pub fn key_params(&self) -> Result<Option<KeyParams>, BookFileError> {
        self.manifest
            .encryption
            .as_ref()
            .map(|info| key_params(info).map_err(|()| undecodable(MANIFEST, "encryption")))
            .transpose()
    }

    /// What the manifest says the file holds (checked against the parts as
    /// they are read).
    pub fn summary(&self) -> BookFileSummary {
        let counts = &self.manifest.counts;
        BookFileSummary {
            format_version: self.manifest.format_version,
            encrypted: self.is_encrypted(),
            change_sets: counts.change_sets,
            records: counts
                .records
                .iter()
                .map(|(k, n)| (k.clone(), *n))
                .collect(),
            attachments: counts.attachments,
        }
    }

    /// Checks the history chains (`sync::chain`) of the change sets read
    /// from now on: call before the first part. Off by default: hashing every
    /// set is most of the cost of reading a file.
    pub fn check_history(&mut self) {
        self.tally.check_history();
    }

    /// The history chains of the change sets read so far, if asked for
    /// ([`BookFileReader::check_history`]): after the last part, of the whole
    /// file. A broken chain is not a reason to refuse a file (damage is refused
    /// by the checksums before): it is reported, for the user to know which
    /// records were changed.
    pub fn history(&self) -> Option<ChainReport> {
        self.tally.history(self.manifest.kind)
    }

    pub fn part_count(&self) -> usize {
        self.manifest.parts.len()
    }

    /// Reads and checks the next part; after the last, checks the content
    /// against the manifest and returns `None`. Change parts come first, so
    /// every attachment is checked against its record.
    pub async fn read_next(&mut self) -> Result<Option<BookFilePart>, BookFileError> {
        if self.is_encrypted() && self.sealer.is_none() {
            return Err(BookFileError::PassphraseRequired);
        }
        let Some(info) = self.manifest.parts.get(self.next).cloned() else {
            self.check_content()?;
            return Ok(None);
        };
        self.next += 1;
        let (plain, plain_sha256) = self.plain_bytes(self.next as u32, &info).await?;
        if info.name.starts_with(CHANGES_DIR) {
            let sets = decode_chunk(&plain).map_err(|e| undecodable(&info.name, &e.to_string()))?;
            self.check_sets(&info.name, &sets)?;
            self.tally.add(&sets);
            return Ok(Some(BookFilePart::ChangeSets { sets, chunk: plain }));
        }
        let sha256 = plain_sha256.unwrap_or_else(|| sha256_hex(&plain));
        self.attachment(&info.name, plain, &sha256).map(Some)
    }

    /// Reads the whole file into memory (a file of changes for sync; tests).
    pub async fn read_all(
        mut self,
        on_part: &mut dyn FnMut(usize, usize),
    ) -> Result<BookFile, BookFileError> {
        let mut file = BookFile {
            header: self.header.clone(),
            change_sets: Vec::new(),
            attachments: Vec::new(),
        };
        let parts = self.part_count();
        while let Some(part) = self.read_next().await? {
            match part {
                BookFilePart::ChangeSets { sets, .. } => file.change_sets.extend(sets),
                BookFilePart::Attachment { id, bytes } => file.attachments.push((id, bytes)),
            }
            on_part(self.next, parts);
        }
        Ok(file)
    }

    /// The part's stored bytes, checked against the manifest, then decrypted.
    /// With them, when the file is plain, their SHA-256 (already computed: an
    /// attachment is checked against its record by it).
    async fn plain_bytes(
        &self,
        number: u32,
        info: &PartInfo,
    ) -> Result<(Vec<u8>, Option<String>), BookFileError> {
        let entry = listed_entry(&self.directory, &info.name)?;
        let stored = entry_bytes(&self.source, entry).await?;
        let sha256 = sha256_hex(&stored);
        if sha256 != info.sha256 {
            return Err(damaged(&info.name));
        }
        match &self.sealer {
            None => Ok((stored, Some(sha256))),
            Some(sealer) => sealer
                .unseal(number, &info.name, &stored)
                .map(|plain| (plain, None))
                .ok_or_else(|| damaged(&info.name)),
        }
    }

    /// Every set's stamp within range and not ahead of the reader's clock,
    /// every record within Kura's magnitude limits.
    fn check_sets(&self, part: &str, sets: &[ChangeSet]) -> Result<(), BookFileError> {
        for set in sets {
            check_stamp(&set.stamp, self.now_ms)?;
            check_records(set).map_err(|(record, limit)| BookFileError::RecordBeyondLimits {
                part: part.into(),
                record,
                limit,
            })?;
        }
        Ok(())
    }

    /// An attachment's bytes (of SHA-256 `sha256`) against its record.
    fn attachment(
        &mut self,
        name: &str,
        bytes: Vec<u8>,
        sha256: &str,
    ) -> Result<BookFilePart, BookFileError> {
        let mismatch = || BookFileError::AttachmentMismatch { part: name.into() };
        let id: RecordId = name[ATTACHMENTS_DIR.len()..]
            .parse()
            .map_err(|_| mismatch())?;
        if self.tally.attachment_hash(id) != Some(sha256) {
            return Err(mismatch());
        }
        self.attachments_read.insert(id);
        Ok(BookFilePart::Attachment { id, bytes })
    }

    /// The content against what the manifest says (a plain manifest can be
    /// rewritten to match a file cut short: what was read must agree with it).
    fn check_content(&self) -> Result<(), BookFileError> {
        check_counts(
            &self.manifest,
            &self.tally,
            self.attachments_read.len() as u64,
        )?;
        if self.header.kind == FileKind::Changes {
            return Ok(());
        }
        let absent = self
            .tally
            .kept_attachments()
            .filter(|id| !self.attachments_read.contains(id))
            .filter(|id| !self.missing_attachments.contains(id))
            .min();
        if let Some(id) = absent {
            return Err(BookFileError::MissingPart {
                part: format!("{ATTACHMENTS_DIR}{id}"),
            });
        }
        if self.manifest.format_version >= 2 {
            check_seen(&self.header.seen, &self.tally.seen())?;
        }
        Ok(())
    }
}

/// Whether a reader accepts `set` whatever its clock: its stamp within
/// [`crate::sync::MAX_WALL_MS`] and every record within Kura's magnitude limits.
/// A backup of a book that holds a set that is not (a damaged book, or records
/// an earlier Kura accepted) leaves it out, so that the backup restores.
pub fn is_acceptable(set: &ChangeSet) -> bool {
    set.stamp.is_in_range() && check_records(set).is_ok()
}

/// The first record of `set` beyond the limits, if any.
fn check_records(set: &ChangeSet) -> Result<(), (RecordKey, LimitError)> {
    for record in set.changes.iter().filter_map(|c| c.record()) {
        check_record(record).map_err(|limit| (record.key(), limit))?;
    }
    Ok(())
}

/// The counts the manifest gives against those of what was read.
fn check_counts(manifest: &Manifest, tally: &Tally, attachments: u64) -> Result<(), BookFileError> {
    let found = tally.counts(attachments);
    let listed = &manifest.counts;
    let mismatch = |what, listed, found| BookFileError::CountMismatch {
        what,
        listed,
        found,
    };
    if listed.change_sets != found.change_sets {
        return Err(mismatch(
            Counted::ChangeSets,
            listed.change_sets,
            found.change_sets,
        ));
    }
    let kinds: BTreeSet<&String> = listed.records.keys().chain(found.records.keys()).collect();
    for kind in kinds {
        let (l, f) = (listed.records.get(kind), found.records.get(kind));
        if l != f {
            let what = Counted::Records { kind: kind.clone() };
            return Err(mismatch(
                what,
                l.copied().unwrap_or(0),
                f.copied().unwrap_or(0),
            ));
        }
    }
    if listed.attachments != found.attachments {
        return Err(mismatch(
            Counted::Attachments,
            listed.attachments,
            found.attachments,
        ));
    }
    Ok(())
}

/// A backup's `seen` is, for each device, the latest stamp of its sets.
fn check_seen(listed: &[Hlc], found: &[Hlc]) -> Result<(), BookFileError> {
    let devices: BTreeSet<DeviceId> = listed.iter().chain(found).map(|s| s.device).collect();
    let of = |seen: &[Hlc], device| seen.iter().filter(|s| s.device == device).max().copied();
    match devices.into_iter().find(|&d| of(listed, d) != of(found, d)) {
        Some(device) => Err(BookFileError::SeenMismatch { device }),
        None => Ok(()),
    }
}

/// A clock stamp read from a file: within [`crate::sync::MAX_WALL_MS`] and not more than
/// [`MAX_CLOCK_AHEAD_MS`] ahead of the reader's clock.
fn check_stamp(stamp: &Hlc, now_ms: u64) -> Result<(), BookFileError> {
    if stamp.is_in_range() && stamp.wall_ms <= now_ms.saturating_add(MAX_CLOCK_AHEAD_MS) {
        return Ok(());
    }
    Err(BookFileError::ClockAhead {
        device: stamp.device,
        ahead_ms: stamp.wall_ms.saturating_sub(now_ms),
    })
}

/// A stamp of `seen` in its text form. One whose wall time has more digits than
/// the form allows is still read far enough to say whose clock it was.
fn seen_stamp(text: &str, now_ms: u64) -> Result<Hlc, BookFileError> {
    if let Ok(stamp) = text.parse::<Hlc>() {
        check_stamp(&stamp, now_ms)?;
        return Ok(stamp);
    }
    let mut fields = text.splitn(3, '-');
    let (wall, device) = (fields.next(), fields.nth(1));
    let wall = wall.filter(|w| w.len() > 18 && w.bytes().all(|b| b.is_ascii_digit()));
    match (wall, device.and_then(|d| d.parse::<DeviceId>().ok())) {
        (Some(wall), Some(device)) => Err(BookFileError::ClockAhead {
            device,
            ahead_ms: wall
                .parse::<u64>()
                .unwrap_or(u64::MAX)
                .saturating_sub(now_ms),
        }),
        _ => Err(undecodable(MANIFEST, "seen")),
    }
}

/// Where the file's directory is, then the directory itself. A file without an
/// end record was cut short if it starts like a ZIP, else it is not ours.
async fn read_directory<S: FileSource>(source: &S) -> Result<Directory, BookFileError> {
    let size = source.size();
    let window = zip::end_window(size);
    let tail = read(source, window.clone()).await?;
    let Some((range, count)) = zip::locate_directory(size, &tail)? else {
        let start = source.read(0..size.min(ZIP_START.len() as u64)).await;
        return Err(match start {
            Some(start) if start == ZIP_START => BookFileError::Truncated,
            _ => BookFileError::NotABookFile,
        });
    };
    let bytes = match range.start.checked_sub(window.start) {
        Some(at) => tail[at as usize..(range.end - window.start) as usize].to_vec(),
        None => read(source, range.clone()).await?,
    };
    zip::read_directory(&bytes, range, count)
}

/// The manifest, after its format, version and checksum: a newer format is
/// refused before its checksum is looked at (a later version may sign otherwise).
async fn read_manifest<S: FileSource>(
    source: &S,
    directory: &Directory,
) -> Result<(Vec<u8>, Manifest), BookFileError> {
    let entry = directory
        .get(MANIFEST)
        .filter(|e| e.is_stored())
        .ok_or(BookFileError::NotABookFile)?;
    Budget::Manifest.check(entry.size)?;
    let bytes = entry_bytes(source, entry).await?;
    let checksum = read_digest(source, directory, MANIFEST_SHA256).await;
    let intact = checksum
        .as_ref()
        .is_ok_and(|sum| *sum == sha256_hex(&bytes).as_bytes());
    let probe: Probe = match serde_json::from_slice(&bytes) {
        Ok(probe) => probe,
        Err(_) if !intact && checksum.is_ok() => return Err(damaged(MANIFEST)),
        Err(_) => return Err(BookFileError::NotABookFile),
    };
    if probe.format != FORMAT_NAME {
        return Err(BookFileError::NotABookFile);
    }
    if probe.format_version > FORMAT_VERSION {
        return Err(BookFileError::NewerFormat {
            found: probe.format_version,
            supported: FORMAT_VERSION,
        });
    }
    checksum?;
    if !intact {
        return Err(damaged(MANIFEST));
    }
    let manifest =
        serde_json::from_slice(&bytes).map_err(|e| undecodable(MANIFEST, &e.to_string()))?;
    Ok((bytes, manifest))
}

/// The 64 hex digits of `manifest.sha256` or `manifest.hmac`: an entry of
/// another size is not read (it cannot be right), and reads as wrong.
async fn read_digest<S: FileSource>(
    source: &S,
    directory: &Directory,
    name: &str,
) -> Result<Vec<u8>, BookFileError> {
    let entry = listed_entry(directory, name)?;
    if entry.size != 64 {
        return Ok(Vec::new());
    }
    entry_bytes(source, entry).await
}

fn header_of(m: &Manifest, now_ms: u64) -> Result<BookFileHeader, BookFileError> {
    let bad = |what: &str| undecodable(MANIFEST, what);
    let seen = m
        .seen
        .iter()
        .map(|text| seen_stamp(text, now_ms))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(BookFileHeader {
        kind: match m.kind {
            Kind::Backup => FileKind::Backup,
            Kind::Changes => FileKind::Changes,
        },
        book_id: m.book.id.parse().map_err(|_| bad("book.id"))?,
        book_name: m.book.name.clone(),
        device: m.device.parse().map_err(|_| bad("device"))?,
        created_ms: m.created_ms,
        app_version: m.app_version.clone(),
        seen,
    })
}

/// The list of parts against itself and against the ZIP's directory.
fn check_parts(m: &Manifest, directory: &Directory) -> Result<(), BookFileError> {
    check_parts_listed(m)?;
    if m.format_version >= 2 {
        check_numbering(m)?;
        check_chain(m)?;
    }
    for part in &m.parts {
        let entry = listed_entry(directory, &part.name)?;
        if entry.size != part.size {
            return Err(damaged(&part.name));
        }
    }
    for entry in directory.entries() {
        if let Some(budget) = budget_of(&entry.name) {
            budget.check(entry.size)?;
        }
    }
    if m.format_version >= 2 {
        check_all_listed(m, directory)?;
    }
    Ok(())
}

/// Part names are unique, of a known form, change parts before attachments;
/// the fields of format 2 are present exactly from format 2.
fn check_parts_listed(m: &Manifest) -> Result<(), BookFileError> {
    let v2 = m.format_version >= 2;
    let fields_match_version = m.chain.is_some() == v2
        && m.missing_attachments.is_some() == v2
        && m.parts.iter().all(|p| p.chain.is_some() == v2);
    if !fields_match_version {
        return Err(undecodable(MANIFEST, "format_version"));
    }
    let mut names = HashSet::new();
    let mut attachments_begun = false;
    for part in &m.parts {
        let is_changes = part.name.starts_with(CHANGES_DIR);
        let is_attachment = part.name.starts_with(ATTACHMENTS_DIR);
        attachments_begun |= is_attachment;
        let in_order = is_attachment || (is_changes && !attachments_begun);
        if !in_order || !names.insert(part.name.as_str()) {
            return Err(undecodable(MANIFEST, "parts"));
        }
    }
    Ok(())
}

/// Format 2: change parts are `changes/0001.bin`, `changes/0002.bin`, … in
/// order, so a part moved or missing is named.
fn check_numbering(m: &Manifest) -> Result<(), BookFileError> {
    let changes = m
        .parts
        .iter()
        .take_while(|p| p.name.starts_with(CHANGES_DIR));
    for (n, part) in changes.enumerate() {
        let expected = change_part_name(n + 1);
        if part.name == expected {
            continue;
        }
        return Err(match m.parts.iter().any(|p| p.name == expected) {
            true => BookFileError::PartOutOfOrder {
                part: part.name.clone(),
            },
            false => BookFileError::MissingPart { part: expected },
        });
    }
    Ok(())
}

/// Format 2: each part's link of the chain, and the last in the manifest.
fn check_chain(m: &Manifest) -> Result<(), BookFileError> {
    let mut link = [0u8; 32];
    for part in &m.parts {
        link = chain_link(&link, part);
        if part.chain.as_deref() != Some(hex(&link).as_str()) {
            return Err(BookFileError::PartListAltered {
                at: part.name.clone(),
            });
        }
    }
    if m.chain.as_deref() != Some(hex(&link).as_str()) {
        return Err(BookFileError::PartListAltered {
            at: MANIFEST.into(),
        });
    }
    Ok(())
}

/// Format 2: every entry of the ZIP is the manifest, its checksum, its seal or
/// a listed part: a part added without its place in the list is named.
fn check_all_listed(m: &Manifest, directory: &Directory) -> Result<(), BookFileError> {
    let listed: HashSet<&str> = m.parts.iter().map(|p| p.name.as_str()).collect();
    let own = [MANIFEST, MANIFEST_SHA256, MANIFEST_HMAC];
    let unlisted = directory
        .entries()
        .map(|e| e.name.as_str())
        .filter(|name| !own.contains(name) && !listed.contains(name))
        .min();
    match unlisted {
        Some(name) => Err(BookFileError::UnlistedPart { part: name.into() }),
        None => Ok(()),
    }
}

/// The budget of an entry by its name; `None` for an entry never read.
fn budget_of(name: &str) -> Option<Budget> {
    if name == MANIFEST {
        Some(Budget::Manifest)
    } else if name.starts_with(CHANGES_DIR) {
        Some(Budget::ChangePart)
    } else if name.starts_with(ATTACHMENTS_DIR) {
        Some(Budget::Attachment)
    } else {
        None
    }
}

fn missing_attachments(m: &Manifest) -> Result<HashSet<RecordId>, BookFileError> {
    m.missing_attachments
        .iter()
        .flatten()
        .map(|id| {
            id.parse()
                .map_err(|_| undecodable(MANIFEST, "missing_attachments"))
        })
        .collect()
}

/// The directory's entry of a listed name, stored as it is.
fn listed_entry<'d>(directory: &'d Directory, name: &str) -> Result<&'d Entry, BookFileError> {
    directory
        .get(name)
        .filter(|e| e.is_stored())
        .ok_or_else(|| BookFileError::MissingPart { part: name.into() })
}

/// An entry's bytes, after its local header has been checked against the
/// directory. Its size was checked against its budget before.
async fn entry_bytes<S: FileSource>(source: &S, entry: &Entry) -> Result<Vec<u8>, BookFileError> {
    let header = read(source, zip::local_header_range(entry)).await?;
    let range = zip::data_range(entry, &header)?;
    read(source, range).await
}

async fn read<S: FileSource>(
    source: &S,
    range: std::ops::Range<u64>,
) -> Result<Vec<u8>, BookFileError> {
    source.read(range).await.ok_or(BookFileError::Truncated)
}

fn damaged(part: &str) -> BookFileError {
    BookFileError::DamagedPart { part: part.into() }
}

fn undecodable(part: &str, detail: &str) -> BookFileError {
    BookFileError::UnreadablePart {
        part: part.into(),
        detail: detail.into(),
    }
}
