//! Ids made on the device, unique across devices, so files from two laptops merge.
//!
//! Every record id is a UUIDv7: 48 bits of milliseconds and 74 random bits. The core
//! never generates one itself; the app passes the time and the random bits in
//! ([`RecordId::from_parts`]), and tests pass fixed values.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The id of any record (a book, a change set, an account, an entry…).
///
/// Serialized as its 36-character hyphenated form, which sorts by time.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(Uuid);

/// Ids compare as 128-bit numbers, which is the order and equality of their bytes
/// (big-endian): WebAssembly has no inline `memcmp`, so comparing the bytes costs
/// a call and a loop, and every index of a book and every report compares ids
/// (measured: half of a trial balance's time in the browser).
impl RecordId {
    fn ordinal(&self) -> u128 {
        u128::from_be_bytes(*self.0.as_bytes())
    }
}

impl PartialEq for RecordId {
    fn eq(&self, other: &Self) -> bool {
        self.ordinal() == other.ordinal()
    }
}

impl Eq for RecordId {}

impl Ord for RecordId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.ordinal().cmp(&other.ordinal())
    }
}

impl PartialOrd for RecordId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for RecordId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u128(self.ordinal());
    }
}

impl RecordId {
    /// Builds an id from a Unix time in milliseconds and random bits (the low 80
    /// bits of `random` are used, less the 6 the UUID version and variant take).
    pub fn from_parts(unix_ms: u64, random: u128) -> Self {
        let bytes = random.to_be_bytes();
        let mut tail = [0u8; 10];
        tail.copy_from_slice(&bytes[6..]);
        RecordId(uuid::Builder::from_unix_timestamp_millis(unix_ms, &tail).into_uuid())
    }

    /// The id's 16 bytes, in the order that sorts by time: the binary chunk form.
    pub fn to_bytes(&self) -> [u8; 16] {
        *self.0.as_bytes()
    }

    /// An id from its 16 bytes; like parsing its text, refuses anything but a UUIDv7.
    pub fn from_bytes(bytes: [u8; 16]) -> Result<Self, InvalidId> {
        let uuid = Uuid::from_bytes(bytes);
        match uuid.get_version_num() {
            7 => Ok(RecordId(uuid)),
            _ => Err(InvalidId(uuid.to_string())),
        }
    }

    /// The millisecond timestamp the id was made at.
    pub fn unix_ms(&self) -> u64 {
        let b = self.0.as_bytes();
        b[..6].iter().fold(0, |ms, byte| ms << 8 | u64::from(*byte))
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A string that is not a valid record id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a valid record id")]
pub struct InvalidId(pub String);

impl FromStr for RecordId {
    type Err = InvalidId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::try_parse(s)
            .ok()
            .filter(|u| u.get_version_num() == 7)
            .map(RecordId)
            .ok_or_else(|| InvalidId(s.to_string()))
    }
}

/// The id of one browser profile (one "device"), kept by the app across sessions.
/// It ends every clock stamp the device makes, so stamps from two devices never tie.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeviceId(pub RecordId);

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for DeviceId {
    type Err = InvalidId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(DeviceId)
    }
}

/// A multiply-rotate hasher (the FxHash recipe) for record ids and keys: they are
/// mostly random bits, so the default SipHash buys nothing and costs most of a
/// report (and of every record lookup in a `Book`).
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl IdHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for IdHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for byte in chunks.remainder() {
            self.add(u64::from(*byte));
        }
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type IdMap<V> = HashMap<RecordId, V, BuildHasherDefault<IdHasher>>;

/// A map keyed by something holding record ids, hashed by [`IdHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn id_round_trips_through_its_string() {
        let id = RecordId::from_parts(1_764_000_000_000, 42);
        let text = id.to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(text.parse::<RecordId>().unwrap(), id);
        assert_eq!(id.unix_ms(), 1_764_000_000_000);
    }

    #[test]
    fn garbage_is_not_an_id() {
        assert_eq!(
            "not-an-id".parse::<RecordId>(),
            Err(InvalidId("not-an-id".into()))
        );
    }

    proptest! {
        #[test]
        fn later_ids_sort_after_earlier_ones(t in 0u64..(1 << 47), dt in 1u64..1000, a: u128, b: u128) {
            let earlier = RecordId::from_parts(t, a);
            let later = RecordId::from_parts(t + dt, b);
            prop_assert!(earlier < later);
            prop_assert!(earlier.to_string() < later.to_string());
        }

        #[test]
        fn ids_with_different_random_bits_differ(t in 0u64..(1 << 47), a: u128, b: u128) {
            // Bits 76-79 (from the top of the 80) and 62-63 are the version and variant.
            let used = ((1u128 << 12) - 1) << 64 | ((1u128 << 62) - 1);
            prop_assume!(a & used != b & used);
            prop_assert_ne!(RecordId::from_parts(t, a), RecordId::from_parts(t, b));
        }
    }
}
