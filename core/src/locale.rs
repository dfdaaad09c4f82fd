//! The UI languages, and the one place amounts, dates and sizes are formatted.
//! Screens, CSV and print all call these functions, so a figure reads the same
//! everywhere.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::Currency;

/// A UI language. Japanese first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Locale {
    #[default]
    Ja,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Ja, Locale::En];

    /// The BCP 47 tag, for the page's `lang` attribute.
    pub fn tag(&self) -> &'static str {
        match self {
            Locale::Ja => "ja",
            Locale::En => "en",
        }
    }

    /// The language's own name, shown in the language switch.
    pub fn native_name(&self) -> &'static str {
        match self {
            Locale::Ja => "日本語",
            Locale::En => "English",
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl FromStr for Locale {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "ja" => Ok(Locale::Ja),
            "en" => Ok(Locale::En),
            _ => Err(()),
        }
    }
}

/// `1234567` → `1,234,567` (digits only in, no sign).
pub fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount as shown to people: the currency's symbol, thousands separators,
/// exactly the currency's decimals, and a leading minus that cannot be missed:
/// `¥1,234,567`, `-¥500`, `$12.50`, `CHF 3.00`. Both UI languages write numbers
/// the same way; the locale parameter is kept so a language that differs can say so.
pub fn format_money(amount: Decimal, currency: Currency, _locale: Locale) -> String {
    let sign = if amount.is_sign_negative() && !amount.is_zero() {
        "-"
    } else {
        ""
    };
    let number = format_number(amount.abs(), currency.minor_units());
    match currency.symbol() {
        Some(symbol) => format!("{sign}{symbol}{number}"),
        None => format!("{sign}{} {number}", currency.code()),
    }
}

/// A plain number with separators and exactly `decimals` decimals (no symbol).
pub fn format_number(amount: Decimal, decimals: u32) -> String {
    let rounded = amount.round_dp(decimals);
    let text = format!("{:.*}", decimals as usize, rounded.abs());
    let (integer, fraction) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    match fraction {
        Some(f) => format!("{sign}{}.{f}", group_thousands(integer)),
        None => format!("{sign}{}", group_thousands(integer)),
    }
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `2026/11/25` in Japanese, `25 Nov 2026` in English.
pub fn format_date(date: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::Ja => format!("{}/{:02}/{:02}", date.year(), date.month(), date.day()),
        Locale::En => format!(
            "{} {} {}",
            date.day(),
            MONTHS_EN[date.month0() as usize],
            date.year()
        ),
    }
}

/// A date with hours and minutes, e.g. the time of the last backup.
pub fn format_datetime(at: NaiveDateTime, locale: Locale) -> String {
    format!(
        "{} {:02}:{:02}",
        format_date(at.date(), locale),
        at.hour(),
        at.minute()
    )
}

/// The month and day a fiscal year starts on: `1月1日` / `1 Jan`.
pub fn format_month_day(month: u32, day: u32, locale: Locale) -> String {
    match locale {
        Locale::Ja => format!("{month}月{day}日"),
        Locale::En => format!("{day} {}", MONTHS_EN[(month.clamp(1, 12) - 1) as usize]),
    }
}

/// A storage size: `812 B`, `4.2 KB`, `1.3 GB` (decimal units, as browsers report).
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64; // display only: sizes are not money
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn yen_has_symbol_separators_and_no_decimals() {
        let jpy = Currency::JPY;
        assert_eq!(format_money(d("1234567"), jpy, Locale::Ja), "¥1,234,567");
        assert_eq!(format_money(d("-500"), jpy, Locale::En), "-¥500");
        assert_eq!(format_money(d("0"), jpy, Locale::Ja), "¥0");
        assert_eq!(format_money(d("999"), jpy, Locale::Ja), "¥999");
        assert_eq!(format_money(d("1000"), jpy, Locale::Ja), "¥1,000");
    }

    #[test]
    fn other_currencies_keep_their_decimals() {
        let usd: Currency = "USD".parse().unwrap();
        let chf: Currency = "CHF".parse().unwrap();
        assert_eq!(format_money(d("12.5"), usd, Locale::En), "$12.50");
        assert_eq!(format_money(d("-1234.05"), usd, Locale::En), "-$1,234.05");
        assert_eq!(format_money(d("3"), chf, Locale::En), "CHF 3.00");
    }

    #[test]
    fn dates_follow_the_locale() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 5).unwrap();
        assert_eq!(format_date(date, Locale::Ja), "2026/11/05");
        assert_eq!(format_date(date, Locale::En), "5 Nov 2026");
        let at = date.and_hms_opt(9, 7, 0).unwrap();
        assert_eq!(format_datetime(at, Locale::Ja), "2026/11/05 09:07");
        assert_eq!(format_month_day(4, 1, Locale::Ja), "4月1日");
        assert_eq!(format_month_day(4, 1, Locale::En), "1 Apr");
    }

    #[test]
    fn sizes_use_decimal_units() {
        assert_eq!(format_bytes(812), "812 B");
        assert_eq!(format_bytes(4_200), "4.2 KB");
        assert_eq!(format_bytes(1_300_000_000), "1.3 GB");
    }

    #[test]
    fn locale_tags_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(locale.tag().parse::<Locale>(), Ok(locale));
        }
    }
}
