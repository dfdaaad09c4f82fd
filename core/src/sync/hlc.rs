//! Hybrid logical clock (HLC): wall-clock milliseconds, a counter for events in the
//! same millisecond (or while the wall clock stands still or goes back), and the
//! device id as the final tie-break. Stamps only ever increase on one device, and
//! observing another device's stamp moves the local clock past it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ids::DeviceId;

/// One clock stamp. Ordered by wall time, then counter, then device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    pub wall_ms: u64,
    pub counter: u32,
    pub device: DeviceId,
}

/// The latest wall time a stamp may carry: 9999-12-31 23:59:59.999 UTC. Every
/// stamp Kura stores must read back from its text form (18 digits) and its
/// date must be a date; a stamp beyond this came from a broken clock or a
/// crafted file and is refused wherever stamps are read.
pub const MAX_WALL_MS: u64 = 253_402_300_799_999;

impl Hlc {
    /// Whether the stamp's wall time is within [`MAX_WALL_MS`].
    pub fn is_in_range(&self) -> bool {
        self.wall_ms <= MAX_WALL_MS
    }
}

/// A device's clock. The app keeps one per open book and feeds it the current
/// time; the core never reads the clock itself.
#[derive(Clone, Debug)]
pub struct HlcClock {
    last: Hlc,
}

impl HlcClock {
    /// A clock that has seen nothing yet.
    pub fn new(device: DeviceId) -> Self {
        HlcClock {
            last: Hlc {
                wall_ms: 0,
                counter: 0,
                device,
            },
        }
    }

    /// The stamp for a new local event at wall time `now_ms`: strictly greater
    /// than every stamp this clock has issued or observed, and within
    /// [`MAX_WALL_MS`]. The counter never wraps: past `u32::MAX` it carries
    /// into the wall time, one millisecond on (a clock that saw a stamp far
    /// ahead keeps counting there until its own time catches up). Only in the
    /// very last millisecond of the range, after 2³² stamps in it, can the clock
    /// not go further: it then repeats its last stamp, and the change-set id
    /// (the second half of a [`Stamp`](super::Stamp)) still orders the writes.
    pub fn tick(&mut self, now_ms: u64) -> Hlc {
        let now_ms = now_ms.min(MAX_WALL_MS);
        let (wall_ms, counter) = if now_ms > self.last.wall_ms {
            (now_ms, 0)
        } else {
            match self.last.counter.checked_add(1) {
                Some(counter) => (self.last.wall_ms, counter),
                None if self.last.wall_ms < MAX_WALL_MS => (self.last.wall_ms + 1, 0),
                None => (self.last.wall_ms, self.last.counter),
            }
        };
        self.last = Hlc {
            wall_ms,
            counter,
            device: self.last.device,
        };
        self.last
    }

    /// Moves the clock past a stamp seen from elsewhere (another device or tab, or
    /// the stored log at start-up), so the next tick sorts after it. A stamp
    /// beyond [`MAX_WALL_MS`] is not a stamp Kura can store (readers refuse it),
    /// so it is ignored rather than followed.
    pub fn observe(&mut self, seen: &Hlc) {
        if !seen.is_in_range() {
            return;
        }
        if (seen.wall_ms, seen.counter) > (self.last.wall_ms, self.last.counter) {
            self.last.wall_ms = seen.wall_ms;
            self.last.counter = seen.counter;
        }
    }

    /// The latest stamp issued or observed.
    pub fn last(&self) -> Hlc {
        self.last
    }
}

impl fmt::Display for Hlc {
    /// A fixed-width form whose string order equals the stamp order, usable as a
    /// storage key: `000001764000000000-0000000003-<device ulid>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:018}-{:010}-{}",
            self.wall_ms, self.counter, self.device
        )
    }
}

/// A string that is not a clock stamp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a clock stamp")]
pub struct InvalidHlc(pub String);

impl FromStr for Hlc {
    type Err = InvalidHlc;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || InvalidHlc(s.to_string());
        let mut parts = s.splitn(3, '-');
        let wall = parts.next().ok_or_else(bad)?;
        let counter = parts.next().ok_or_else(bad)?;
        let device = parts.next().ok_or_else(bad)?;
        if wall.len() != 18 || counter.len() != 10 {
            return Err(bad());
        }
        let stamp = Hlc {
            wall_ms: wall.parse().map_err(|_| bad())?,
            counter: counter.parse().map_err(|_| bad())?,
            device: device.parse().map_err(|_| bad())?,
        };
        if !stamp.is_in_range() {
            return Err(bad());
        }
        Ok(stamp)
    }
}

impl Serialize for Hlc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::RecordId;
    use proptest::prelude::*;

    fn device(n: u128) -> DeviceId {
        DeviceId(RecordId::from_parts(1, n))
    }

    #[test]
    fn stamp_string_round_trips() {
        let mut clock = HlcClock::new(device(7));
        let stamp = clock.tick(1_764_000_000_123);
        assert_eq!(stamp.to_string().parse::<Hlc>().unwrap(), stamp);
        assert!("12-3-x".parse::<Hlc>().is_err());
    }

    #[test]
    fn a_clock_that_goes_back_still_moves_forward() {
        let mut clock = HlcClock::new(device(1));
        let a = clock.tick(5_000);
        let b = clock.tick(4_000);
        assert!(b > a);
        assert_eq!(b.wall_ms, 5_000);
        assert_eq!(b.counter, 1);
    }

    #[test]
    fn observing_a_later_stamp_moves_past_it() {
        let mut mine = HlcClock::new(device(1));
        let mut theirs = HlcClock::new(device(2));
        let remote = theirs.tick(9_000);
        mine.observe(&remote);
        assert!(mine.tick(1_000) > remote);
    }

    #[test]
    fn the_counter_carries_into_the_wall_time_instead_of_wrapping() {
        let mut clock = HlcClock::new(device(1));
        clock.observe(&Hlc {
            wall_ms: 5_000,
            counter: u32::MAX,
            device: device(2),
        });
        let next = clock.tick(1_000);
        assert_eq!((next.wall_ms, next.counter), (5_001, 0));
    }

    #[test]
    fn a_stamp_beyond_the_range_is_not_followed() {
        let mut clock = HlcClock::new(device(1));
        clock.tick(1_000);
        clock.observe(&Hlc {
            wall_ms: MAX_WALL_MS + 1,
            counter: 0,
            device: device(2),
        });
        assert_eq!(clock.tick(2_000).wall_ms, 2_000);
        // A broken wall clock far ahead is held to the range too.
        assert_eq!(clock.tick(u64::MAX).wall_ms, MAX_WALL_MS);
    }

    /// At the very end of the range the clock stays in range and never goes
    /// back: it repeats its last stamp (the change-set id then orders writes).
    #[test]
    fn the_last_stamp_of_the_range_stays_put() {
        let mut clock = HlcClock::new(device(1));
        let last = Hlc {
            wall_ms: MAX_WALL_MS,
            counter: u32::MAX,
            device: device(1),
        };
        clock.observe(&last);
        assert_eq!(clock.tick(0), last);
        assert!(clock.tick(u64::MAX).is_in_range());
    }

    proptest! {
        /// Whatever the wall clock does, a device's stamps strictly increase,
        /// and so do their string forms.
        #[test]
        fn stamps_strictly_increase(times in proptest::collection::vec(0u64..1u64 << 45, 1..200)) {
            let mut clock = HlcClock::new(device(3));
            let mut previous: Option<Hlc> = None;
            for t in times {
                let stamp = clock.tick(t);
                if let Some(p) = previous {
                    prop_assert!(stamp > p);
                    prop_assert!(stamp.to_string() > p.to_string());
                }
                previous = Some(stamp);
            }
        }

        /// A clock that saw a stamp far ahead (yet within range, with any
        /// counter, up to the one before the last millisecond) still issues
        /// strictly increasing stamps that stay in range and read back, however
        /// its own wall clock moves: the counter carries into the wall time.
        #[test]
        fn a_far_future_stamp_never_stops_the_clock(
            wall_ms in (MAX_WALL_MS - 10_000)..MAX_WALL_MS,
            counter in prop_oneof![Just(u32::MAX), (u32::MAX - 300)..=u32::MAX, any::<u32>()],
            times in proptest::collection::vec(prop_oneof![0u64..1u64 << 45, Just(u64::MAX), (MAX_WALL_MS - 5)..=MAX_WALL_MS], 1..600),
        ) {
            let mut clock = HlcClock::new(device(3));
            let far = Hlc { wall_ms, counter, device: device(9) };
            clock.observe(&far);
            let mut previous = far;
            for t in times {
                let stamp = clock.tick(t);
                prop_assert!(stamp > previous, "{stamp} after {previous}");
                prop_assert!(stamp.is_in_range());
                prop_assert_eq!(stamp.to_string().parse::<Hlc>().unwrap(), stamp);
                previous = stamp;
            }
        }

        /// Two devices never issue equal stamps, even at the same instant.
        #[test]
        fn devices_never_collide(times in proptest::collection::vec(0u64..10, 1..50)) {
            let mut a = HlcClock::new(device(1));
            let mut b = HlcClock::new(device(2));
            let mut seen = std::collections::HashSet::new();
            for t in times {
                prop_assert!(seen.insert(a.tick(t)));
                prop_assert!(seen.insert(b.tick(t)));
            }
        }
    }
}
