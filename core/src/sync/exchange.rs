//! What to send another device, and the checksum two devices compare.

use sha2::{Digest, Sha256};

use crate::book::Book;
use crate::ids::{DeviceId, RecordId};
use crate::sync::{ChangeSet, Hlc};

/// How far before the peer's acknowledged stamp an export starts: two tabs of
/// one device can commit a little out of stamp order, so a set stamped just
/// before one the peer has seen may still be new to it. Merging is idempotent,
/// so sending a few sets twice costs nothing.
pub const SAFETY_MARGIN_MS: u64 = 60_000;

/// The stamp `seen` holds for `device`, if any.
pub fn seen_of(seen: &[Hlc], device: DeviceId) -> Option<Hlc> {
    seen.iter().filter(|s| s.device == device).max().copied()
}

/// What every one of several peers has acknowledged: for each device all of
/// them have seen, the earliest of their stamps. An export with this is safe
/// for any of them (a device one peer lacks goes whole); no peers, nothing.
pub fn acknowledged_by_all(peers: &[Vec<Hlc>]) -> Vec<Hlc> {
    let Some((first, others)) = peers.split_first() else {
        return Vec::new();
    };
    first
        .iter()
        .filter_map(|stamp| {
            others.iter().try_fold(*stamp, |low, peer| {
                seen_of(peer, stamp.device).map(|s| low.min(s))
            })
        })
        .collect()
}

/// The sets a peer that has seen `peer_seen` may lack: those from a device it
/// has not seen, or stamped later than [`SAFETY_MARGIN_MS`] before what it saw.
pub fn unacknowledged(sets: Vec<ChangeSet>, peer_seen: &[Hlc]) -> Vec<ChangeSet> {
    sets.into_iter()
        .filter(|set| {
            seen_of(peer_seen, set.stamp.device).is_none_or(|seen| {
                let from = Hlc {
                    wall_ms: seen.wall_ms.saturating_sub(SAFETY_MARGIN_MS),
                    counter: 0,
                    device: seen.device,
                };
                set.stamp > from
            })
        })
        .collect()
}

/// A short fingerprint of the book: the first 12 hex digits of the SHA-256 of
/// its change-set ids in order. Two books folded from the same sets show the
/// same checksum, so two devices can see that they are in sync.
pub fn checksum(book: &Book) -> String {
    let mut ids: Vec<RecordId> = book.applied_ids().collect();
    ids.sort_unstable();
    let mut hash = Sha256::new();
    for id in ids {
        hash.update(id.to_bytes());
    }
    hash.finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(device: u128, wall_ms: u64) -> Hlc {
        Hlc {
            wall_ms,
            counter: 0,
            device: DeviceId(RecordId::from_parts(1, device)),
        }
    }

    #[test]
    fn every_peer_must_have_seen_a_device() {
        let one = vec![stamp(1, 500), stamp(2, 900)];
        let two = vec![stamp(1, 700)];
        assert_eq!(acknowledged_by_all(&[one.clone(), two]), [stamp(1, 500)]);
        assert_eq!(acknowledged_by_all(std::slice::from_ref(&one)), one);
        assert!(acknowledged_by_all(&[]).is_empty());
    }

    #[test]
    fn the_margin_resends_recent_sets() {
        let set = |device, wall_ms, n| ChangeSet {
            id: RecordId::from_parts(wall_ms, n),
            stamp: stamp(device, wall_ms),
            changes: Vec::new(),
            link: None,
        };
        let sets = vec![
            set(1, 1_000, 1),
            set(1, 100_000, 2),
            set(1, 150_000, 3),
            set(2, 10, 4),
        ];
        let sent = unacknowledged(sets, &[stamp(1, 150_000)]);
        let ids: Vec<u128> = sent.iter().map(|s| s.id.unix_ms().into()).collect();
        assert_eq!(
            ids,
            [100_000, 150_000, 10],
            "within a minute, and the unseen device"
        );
    }
}
